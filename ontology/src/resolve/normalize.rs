//! Company names and web domains reduced to what identifies the company.
//!
//! `"The Northwind Technologies, Inc."`, `"NORTHWIND TECH INC"` and `"northwind-technologies"` all become
//! the tokens `northwind technologies`: accents folded, case and punctuation dropped, a leading "the" and
//! trailing legal suffixes (in the major languages) removed, common abbreviations expanded.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Legal forms, as token sequences after punctuation is dropped (`S.A.` is `s a`), longest first.
const LEGAL_SUFFIXES: &[&[&str]] = &[
    &["co", "ltd"],
    &["co", "inc"],
    &["pty", "ltd"],
    &["pte", "ltd"],
    &["sdn", "bhd"],
    &["gmbh", "co", "kg"],
    &["s", "a", "s"],
    &["s", "p", "a"],
    &["s", "r", "l"],
    &["s", "a", "r", "l"],
    &["s", "a", "de", "c", "v"],
    &["g", "m", "b", "h"],
    &["p", "l", "c"],
    &["l", "l", "c"],
    &["l", "l", "p"],
    &["s", "a"],
    &["n", "v"],
    &["b", "v"],
    &["k", "k"],
    &["a", "g"],
    &["a", "b"],
    &["a", "s"],
    &["l", "p"],
    &["inc"],
    &["incorporated"],
    &["corp"],
    &["corporation"],
    &["llc"],
    &["llp"],
    &["lp"],
    &["ltd"],
    &["limited"],
    &["plc"],
    &["gmbh"],
    &["ag"],
    &["kg"],
    &["kgaa"],
    &["ug"],
    &["se"],
    &["sa"],
    &["sas"],
    &["sarl"],
    &["nv"],
    &["bv"],
    &["kk"],
    &["spa"],
    &["srl"],
    &["sl"],
    &["ltda"],
    &["oy"],
    &["oyj"],
    &["ab"],
    &["as"],
    &["asa"],
    &["aps"],
    &["pty"],
    &["pte"],
    &["bhd"],
    &["co"],
    &["company"],
];

/// Abbreviations people type, mapped to the word they stand for.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("tech", "technologies"),
    ("technology", "technologies"),
    ("intl", "international"),
    ("mfg", "manufacturing"),
    ("sys", "systems"),
    ("sol", "solutions"),
    ("finl", "financial"),
    ("fin", "financial"),
    ("laboratories", "labs"),
    ("lab", "labs"),
    ("ins", "insurance"),
    ("tel", "telecom"),
    ("telecommunications", "telecom"),
    ("pharm", "pharma"),
    ("pharmaceuticals", "pharma"),
    ("svcs", "services"),
    ("svc", "services"),
    ("grp", "group"),
    ("hldgs", "holdings"),
    ("assoc", "associates"),
    ("natl", "national"),
    ("mgmt", "management"),
    ("bros", "brothers"),
    ("ctr", "center"),
    ("centre", "center"),
    ("&", "and"),
];

/// Mail providers whose domain says nothing about the company.
const FREE_MAIL: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "live.com",
    "msn.com",
    "yahoo.com",
    "ymail.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "aol.com",
    "proton.me",
    "protonmail.com",
    "gmx.com",
    "gmx.de",
    "gmx.net",
    "web.de",
    "mail.com",
    "yandex.ru",
    "qq.com",
    "163.com",
    "orange.fr",
    "free.fr",
    "zoho.com",
];

/// Second-level labels under which registries sell names (`acme.co.uk`), so the registered domain keeps
/// three labels.
const SECOND_LEVEL: &[&str] = &["co", "com", "org", "net", "ac", "gov", "edu", "ne", "or"];

/// The tokens of a company name, normalised.
pub fn name_tokens(name: &str) -> Vec<String> {
    let folded: String = name
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'ß' => 's',
            'æ' => 'a',
            'ø' => 'o',
            'œ' => 'o',
            'ł' => 'l',
            '&' => '&',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        })
        .collect();
    let folded = folded.replace('&', " & ");
    let mut tokens: Vec<String> = folded.split_whitespace().map(str::to_string).collect();
    if tokens.len() > 1 && tokens.first().is_some_and(|t| t == "the") {
        tokens.remove(0);
    }
    // Legal suffixes at the end, repeatedly ("Co., Ltd."), but never the whole name.
    loop {
        let before = tokens.len();
        for suffix in LEGAL_SUFFIXES {
            if tokens.len() > suffix.len() && tokens.ends_with_str(suffix) {
                tokens.truncate(tokens.len() - suffix.len());
                break;
            }
        }
        if tokens.len() == before {
            break;
        }
    }
    for token in &mut tokens {
        if let Some((_, long)) = ABBREVIATIONS.iter().find(|(short, _)| short == token) {
            *token = (*long).to_string();
        }
    }
    tokens
}

trait EndsWithStr {
    fn ends_with_str(&self, suffix: &[&str]) -> bool;
}

impl EndsWithStr for Vec<String> {
    fn ends_with_str(&self, suffix: &[&str]) -> bool {
        self.len() >= suffix.len()
            && self[self.len() - suffix.len()..]
                .iter()
                .zip(suffix)
                .all(|(a, b)| a == b)
    }
}

/// The registered domain of a website, URL, e-mail address or bare domain (`https://www.acme.co.uk/x` ->
/// `acme.co.uk`), or `None` for free-mail providers and things that are not domains.
pub fn registered_domain(value: &str) -> Option<String> {
    let value = value.trim().to_lowercase();
    let host = match value.rsplit_once('@') {
        Some((_, host)) => host.to_string(),
        None => {
            let rest = value.split_once("://").map_or(value.as_str(), |(_, r)| r);
            rest.split(['/', '?', '#', ':'])
                .next()
                .unwrap_or_default()
                .to_string()
        }
    };
    let labels: Vec<&str> = host
        .trim_end_matches('.')
        .split('.')
        .filter(|l| !l.is_empty())
        .collect();
    if labels.len() < 2
        || labels
            .iter()
            .any(|l| !l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
    {
        return None;
    }
    let keep = match labels.as_slice() {
        [.., second, tld] if tld.len() == 2 && SECOND_LEVEL.contains(second) => 3,
        _ => 2,
    };
    if labels.len() < keep {
        return None;
    }
    let domain = labels[labels.len() - keep..].join(".");
    (!FREE_MAIL.contains(&domain.as_str())).then_some(domain)
}

/// The initials of a multi-word name (`northwind analytics group` -> `nag`).
pub fn acronym(tokens: &[String]) -> Option<String> {
    (tokens.len() >= 2).then(|| tokens.iter().filter_map(|t| t.chars().next()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(name: &str) -> String {
        name_tokens(name).join(" ")
    }

    #[test]
    fn spellings_of_one_company_normalise_alike() {
        for name in [
            "Northwind Technologies",
            "The Northwind Technologies, Inc.",
            "NORTHWIND TECH INC",
            "northwind-technologies",
            "Northwind Technologies Co., Ltd.",
            "Northwind Technologies GmbH",
            "Northwind Technologies S.A.",
            "Northwind Technologies K.K.",
        ] {
            assert_eq!(joined(name), "northwind technologies", "{name}");
        }
        assert_eq!(joined("Société Générale SA"), "societe generale");
        assert_eq!(joined("Müller & Söhne AG"), "muller and sohne");
        // A name that is only a suffix-like word stays.
        assert_eq!(joined("The Company"), "company");
        assert_eq!(joined("AG"), "ag");
    }

    #[test]
    fn domains_come_from_websites_and_emails() {
        assert_eq!(
            registered_domain("https://www.acme.co.uk/about").as_deref(),
            Some("acme.co.uk")
        );
        assert_eq!(
            registered_domain("billing@eu.acme.com").as_deref(),
            Some("acme.com")
        );
        assert_eq!(registered_domain("acme.io").as_deref(), Some("acme.io"));
        assert_eq!(registered_domain("maya.chen@gmail.com"), None);
        assert_eq!(registered_domain("not a domain"), None);
        assert_eq!(registered_domain(""), None);
    }

    #[test]
    fn acronyms_are_initials() {
        assert_eq!(
            acronym(&name_tokens("Northwind Analytics Group")).as_deref(),
            Some("nag")
        );
        assert_eq!(acronym(&name_tokens("Acme")), None);
    }
}
