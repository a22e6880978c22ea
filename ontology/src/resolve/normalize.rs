//! Company names and web domains reduced to what identifies the company.
//!
//! `"The Northwind Technologies, Inc."`, `"NORTHWIND TECH INC"`, `"Northwind Technologies N. V., Arnhem"`
//! and `"northwind-technologies"` all become the tokens `northwind technologies`: accents folded, case and
//! punctuation dropped, runs of single letters joined (`N. V.` and `N.V.` are `nv`), a leading "the" and
//! legal forms (in the major languages, before or after the name, long ones also with a slip) removed,
//! what follows a legal form or a comma when it is a place or a country dropped, common abbreviations
//! expanded and organisation words of other languages translated (`Universiteit`, `Elektrik`), also
//! inside a joined word (`Onderzoekmaatschappij`).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Legal forms after the name, as token sequences once runs of single letters are joined (`S.A.` and
/// `S. A.` are `sa`, `sp. z o.o.` is `sp zoo`), longest first.
const LEGAL_SUFFIXES: &[&[&str]] = &[
    &["gesellschaft", "mit", "beschrankter", "haftung"],
    &["gmbh", "and", "co", "kg"],
    &["limited", "liability", "company"],
    &["public", "limited", "company"],
    &["societa", "per", "azioni"],
    &["gmbh", "co", "kg"],
    &["sa", "de", "cv"],
    &["s", "de", "rl"],
    &["co", "ltd"],
    &["co", "inc"],
    &["co", "kg"],
    &["company", "limited"],
    &["pty", "ltd"],
    &["pte", "ltd"],
    &["pvt", "ltd"],
    &["private", "limited"],
    &["sdn", "bhd"],
    &["limited", "partnership"],
    &["sendirian", "berhad"],
    &["sp", "zoo"],
    &["ab", "publ"],
    &["ltd", "sti"],
    &["naamloze", "vennootschap"],
    &["besloten", "vennootschap"],
    &["societe", "anonyme"],
    &["sociedad", "anonima"],
    &["sociedade", "anonima"],
    &["sociedad", "limitada"],
    &["kabushiki", "kaisha"],
    &["yugen", "kaisha"],
    &["godo", "kaisha"],
    &["julkinen", "osakeyhtio"],
    &["inc"],
    &["incorporated"],
    &["corp"],
    &["corporation"],
    &["llc"],
    &["llp"],
    &["lp"],
    &["ulc"],
    &["gp"],
    &["fze"],
    &["fzc"],
    &["fzco"],
    &["fzllc"],
    &["ltd"],
    &["limited"],
    &["plc"],
    &["gmbh"],
    &["mbh"],
    &["ag"],
    &["kg"],
    &["kgaa"],
    &["ohg"],
    &["ug"],
    &["ev"],
    &["se"],
    &["sa"],
    &["sas"],
    &["sarl"],
    &["sca"],
    &["snc"],
    &["cie"],
    &["nv"],
    &["bv"],
    &["bvba"],
    &["sprl"],
    &["vof"],
    &["kk"],
    &["kabushikigaisha"],
    &["spa"],
    &["srl"],
    &["sagl"],
    &["sl"],
    &["slu"],
    &["sro"],
    &["ltda"],
    &["lda"],
    &["oy"],
    &["oyj"],
    &["osakeyhtio"],
    &["ab"],
    &["aktiebolag"],
    &["aktiebolaget"],
    &["as"],
    &["asa"],
    &["aps"],
    &["aksjeselskap"],
    &["allmennaksjeselskap"],
    &["aktieselskab"],
    &["anpartsselskab"],
    &["aktiengesellschaft"],
    &["hf"],
    &["ehf"],
    &["kft"],
    &["zrt"],
    &["nyrt"],
    &["doo"],
    &["pty"],
    &["pte"],
    &["pvt"],
    &["bhd"],
    &["berhad"],
    &["tbk"],
    &["publ"],
    &["co"],
    &["company"],
];

/// Legal forms written before the name (`PT Astra`, `OOO Gazprom`, `N.V. Philips`).
const LEGAL_PREFIXES: &[&[&str]] = &[
    &["kabushiki", "kaisha"],
    &["naamloze", "vennootschap"],
    &["pt"],
    &["ooo"],
    &["oao"],
    &["zao"],
    &["pao"],
    &["ao"],
    &["jsc"],
    &["ojsc"],
    &["cjsc"],
    &["pjsc"],
    &["aktiebolaget"],
    &["ab"],
    &["oy"],
    &["nv"],
    &["bv"],
];

/// Legal forms that end a name wherever they stand: what follows them is a place or a branch
/// (`Akzo Nobel N.V. Arnhem`), unless it continues the name (`Sony Corporation of America`).
const NAME_ENDS: &[&str] = &[
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "llc",
    "ltd",
    "limited",
    "plc",
    "gmbh",
    "ag",
    "kgaa",
    "aktiengesellschaft",
    "nv",
    "bv",
    "sarl",
    "spa",
    "srl",
    "kk",
    "oyj",
    "ltda",
    "bhd",
];

/// Words that continue a name after a legal form (`Sony Corporation of America`).
const CONNECTORS: &[&str] = &[
    "of", "and", "&", "de", "du", "des", "der", "van", "von", "for", "y", "e", "et", "und",
];

/// Words that name a country or say "country", which after a comma are a place, not the name.
const COUNTRY_WORDS: &[&str] = &[
    "usa",
    "us",
    "america",
    "united",
    "states",
    "kingdom",
    "uk",
    "great",
    "britain",
    "england",
    "scotland",
    "ireland",
    "germany",
    "deutschland",
    "france",
    "netherlands",
    "nederland",
    "holland",
    "belgium",
    "belgique",
    "belgie",
    "switzerland",
    "schweiz",
    "suisse",
    "svizzera",
    "austria",
    "osterreich",
    "italy",
    "italia",
    "spain",
    "espana",
    "portugal",
    "sweden",
    "sverige",
    "norway",
    "norge",
    "denmark",
    "danmark",
    "finland",
    "suomi",
    "poland",
    "polska",
    "japan",
    "nippon",
    "china",
    "korea",
    "india",
    "canada",
    "australia",
    "brazil",
    "brasil",
    "mexico",
    "luxembourg",
    "singapore",
    "hong",
    "kong",
    "taiwan",
    "israel",
    "czech",
    "republic",
    "russia",
    "turkey",
    "the",
    "of",
    "europe",
    "international",
    "worldwide",
    "global",
    "american",
    "canadian",
    "british",
    "german",
    "french",
    "dutch",
    "european",
    "japanese",
    "chinese",
    "swiss",
    "swedish",
    "italian",
    "spanish",
    "australian",
    "indian",
    "national",
    "nationale",
    "nacional",
    "north",
    "south",
    "east",
    "west",
];

/// Words every kind of company uses to say "company" or to join words, in several languages, and
/// honorifics: they say little about which one it is.
pub(super) const GENERIC_WORDS: &[&str] = &[
    "company",
    "compagnie",
    "compania",
    "companhia",
    "compagnia",
    "gesellschaft",
    "maatschappij",
    "societe",
    "sociedad",
    "societa",
    "sociedade",
    "selskab",
    "selskap",
    "bolag",
    "sherkat",
    "sirketi",
    "etablissements",
    "ets",
    "and",
    "of",
    "de",
    "der",
    "des",
    "du",
    "la",
    "le",
    "van",
    "von",
    "et",
    "y",
    "und",
    "en",
    "di",
    "da",
    "do",
    "royal",
    "koninklijke",
];
/// Abbreviations people type, and the words organisations name themselves with in other languages,
/// mapped to one English word (`elektrik` and `electrique` are `electric`, `universiteit` is
/// `university`).
const SPELLINGS: &[(&str, &str)] = &[
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
    ("mij", "maatschappij"),
    ("&", "and"),
    ("universiteit", "university"),
    ("universitat", "university"),
    ("universitaet", "university"),
    ("universite", "university"),
    ("universidad", "university"),
    ("universidade", "university"),
    ("universita", "university"),
    ("uniwersytet", "university"),
    ("univ", "university"),
    ("technische", "technologies"),
    ("technisch", "technologies"),
    ("technique", "technologies"),
    ("techniques", "technologies"),
    ("tecnica", "technologies"),
    ("tecnologia", "technologies"),
    ("technologie", "technologies"),
    ("elektrik", "electric"),
    ("elektrisch", "electric"),
    ("elektrische", "electric"),
    ("electrique", "electric"),
    ("elettrica", "electric"),
    ("electrica", "electric"),
    ("elektronik", "electronics"),
    ("electronique", "electronics"),
    ("elettronica", "electronics"),
    ("electronica", "electronics"),
    ("chemie", "chemical"),
    ("chimie", "chemical"),
    ("chemische", "chemical"),
    ("chimica", "chemical"),
    ("quimica", "chemical"),
    ("stichting", "foundation"),
    ("stiftung", "foundation"),
    ("fondation", "foundation"),
    ("fundacion", "foundation"),
    ("fundacao", "foundation"),
    ("fondazione", "foundation"),
    ("vereniging", "association"),
    ("verein", "association"),
    ("asociacion", "association"),
    ("associacao", "association"),
    ("associazione", "association"),
    ("organisatie", "organisation"),
    ("organization", "organisation"),
    ("organizacion", "organisation"),
    ("laboratorium", "labs"),
    ("laboratoire", "labs"),
    ("laboratoires", "labs"),
    ("laboratorio", "labs"),
    ("onderzoek", "research"),
    ("forschung", "research"),
    ("recherche", "research"),
    ("recherches", "research"),
    ("investigacion", "research"),
    ("nederlandse", "dutch"),
    ("nederlandsche", "dutch"),
    ("hollandse", "dutch"),
    ("hollandsche", "dutch"),
    ("holandesa", "dutch"),
    ("holandes", "dutch"),
    ("neerlandaise", "dutch"),
    ("hollandaise", "dutch"),
    ("olandese", "dutch"),
    ("niederlandische", "dutch"),
    ("deutsche", "german"),
    ("deutscher", "german"),
    ("allemande", "german"),
    ("alemana", "german"),
    ("alema", "german"),
    ("tedesca", "german"),
    ("francaise", "french"),
    ("franzosische", "french"),
    ("francesa", "french"),
    ("francese", "french"),
    ("schweizerische", "swiss"),
    ("suisse", "swiss"),
    ("suiza", "swiss"),
    ("svizzera", "swiss"),
    ("americaine", "american"),
    ("americana", "american"),
    ("amerikanische", "american"),
    ("britannique", "british"),
    ("britanica", "british"),
    ("britische", "british"),
    ("japonaise", "japanese"),
    ("japonesa", "japanese"),
    ("japanische", "japanese"),
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

/// A company name normalised: its tokens, and the other forms it gives (its first part alone when later
/// parts were kept, and the names it says the company also goes by).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameForms {
    /// The whole name's tokens.
    pub tokens: Vec<String>,
    /// Other forms of the name: `Philips, Eindhoven` is also `philips`; `Iris Technologies (Iristel)`
    /// and `Acme operating as Zenith` are also `iristel` and `zenith`.
    pub alternates: Vec<Vec<String>>,
}

/// The tokens of a company name, normalised.
pub fn name_tokens(name: &str) -> Vec<String> {
    name_forms(name).tokens
}

/// How a part of a name relates to the part before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// The name, or more of it after a comma or a spaced dash (`Acme Labs, Europe`, `Acme - Research`).
    More,
    /// Another name of the same company: in parentheses, after a slash, `dba`, `operating as`, `formerly`.
    Alias,
    /// Another party (`Acme via Smith & Partners`, `Acme c/o Lawfirm`): not the company's name.
    Other,
}

/// Words that introduce another name of the company.
const ALIAS_MARKERS: &[&[&str]] = &[
    &["doing", "business", "as"],
    &["formerly", "known", "as"],
    &["also", "known", "as"],
    &["operating", "as"],
    &["trading", "as"],
    &["dba"],
    &["aka"],
    &["fka"],
    &["nka"],
    &["formerly"],
];

/// Top-level domains that end company names written as web addresses (`Amazon.com`).
const NAME_TLDS: &[&str] = &[
    "com", "net", "org", "io", "ai", "co", "ca", "de", "fr", "nl", "uk", "au", "in", "jp", "cn",
    "app", "dev",
];

/// Words that introduce another party.
const OTHER_MARKERS: &[&[&str]] = &[
    &["on", "behalf", "of"],
    &["care", "of"],
    &["via"],
    &["attn"],
];

/// A company name normalised, with its other forms.
pub fn name_forms(name: &str) -> NameForms {
    let parts = parts(name);
    let mut more: Vec<&Vec<String>> = parts
        .iter()
        .filter(|(_, kind)| *kind == Part::More)
        .map(|(tokens, _)| tokens)
        .collect();
    let mut aliases: Vec<&Vec<String>> = parts
        .iter()
        .filter(|(tokens, kind)| *kind == Part::Alias && !is_place_or_form(tokens))
        .map(|(tokens, _)| tokens)
        .collect();
    if more.is_empty() && !aliases.is_empty() {
        more.push(aliases.remove(0));
    }
    if let Some((first, rest)) = more.split_first() {
        if ends_with_legal_form(first) {
            // `Akzo Nobel N.V., Arnhem`: a legal form closes the name; the rest is an address.
            more.truncate(1);
        } else {
            let mut rest: Vec<&Vec<String>> = rest.to_vec();
            while rest.last().is_some_and(|p| is_place_or_form(p)) {
                rest.pop();
            }
            more = std::iter::once(*first).chain(rest).collect();
        }
    }
    let tokens = clean(more.iter().flat_map(|p| p.iter().cloned()).collect());
    let head = more
        .first()
        .filter(|_| more.len() > 1)
        .map(|first| clean((*first).clone()));
    let mut alternates: Vec<Vec<String>> = Vec::new();
    for form in head
        .into_iter()
        .chain(aliases.into_iter().map(|a| clean(a.clone())))
    {
        if !form.is_empty() && form != tokens && !alternates.contains(&form) {
            alternates.push(form);
        }
    }
    NameForms { tokens, alternates }
}

/// The name folded (accents, case) and cut into parts (see [`Part`]), each a list of tokens with runs of
/// single letters joined.
fn parts(name: &str) -> Vec<(Vec<String>, Part)> {
    let chars: Vec<char> = name
        .nfkd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect();
    // Parts as raw words, `/` kept as a word until we know what it separates.
    let mut raw: Vec<(Vec<String>, Part)> = Vec::new();
    let mut current = String::new();
    let mut kind = Part::More;
    let mut depth = 0usize;
    let close = |current: &mut String, kind: Part, raw: &mut Vec<(Vec<String>, Part)>| {
        let words: Vec<String> = current.split_whitespace().map(str::to_string).collect();
        if !words.is_empty() {
            raw.push((words, kind));
        }
        current.clear();
    };
    let mut skip = 0;
    for (i, &c) in chars.iter().enumerate() {
        if skip > 0 {
            skip -= 1;
            continue;
        }
        // `Amazon.com`, `Shopify.ca`: a web address's top-level domain is not part of the name.
        if c == '.' && i > 0 && chars[i - 1].is_alphanumeric() {
            let word: String = chars[i + 1..]
                .iter()
                .take_while(|c| c.is_alphanumeric())
                .collect();
            if NAME_TLDS.contains(&word.as_str()) {
                skip = word.chars().count();
                continue;
            }
        }
        let spaced = i > 0
            && chars[i - 1].is_whitespace()
            && chars.get(i + 1).is_some_and(|n| n.is_whitespace());
        match c {
            ',' | ';' => {
                close(&mut current, kind, &mut raw);
                if depth == 0 {
                    kind = Part::More;
                }
            }
            '-' | ':' if spaced => {
                close(&mut current, kind, &mut raw);
                if depth == 0 {
                    kind = Part::More;
                }
            }
            '\u{2013}' | '\u{2014}' => {
                close(&mut current, kind, &mut raw);
                if depth == 0 {
                    kind = Part::More;
                }
            }
            '(' | '[' => {
                close(&mut current, kind, &mut raw);
                depth += 1;
                kind = Part::Alias;
            }
            ')' | ']' => {
                close(&mut current, kind, &mut raw);
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    kind = Part::More;
                }
            }
            '/' => current.push_str(" / "),
            '&' => current.push_str(" & "),
            // An apostrophe never starts a word (`Philips'`, `McDonald's`).
            '\'' | '\u{2019}' => {}
            'ß' => current.push('s'),
            'æ' => current.push('a'),
            'ø' | 'œ' => current.push('o'),
            'ł' => current.push('l'),
            c if c.is_alphanumeric() => current.push(c),
            _ => current.push(' '),
        }
    }
    close(&mut current, kind, &mut raw);

    let mut parts = Vec::new();
    for (words, kind) in raw {
        // `A/S` and `DHKP/C` are one name; `Insurance Bureau of Canada/Bureau d'assurance` is two.
        let mut pieces: Vec<Vec<&str>> = vec![Vec::new()];
        for (i, word) in words.iter().enumerate() {
            if word == "/" {
                let before = i.checked_sub(1).map_or(0, |b| words[b].chars().count());
                let after = words.get(i + 1).map_or(0, |a| a.chars().count());
                if before >= 2 && after >= 2 {
                    pieces.push(Vec::new());
                }
                continue;
            }
            if let Some(last) = pieces.last_mut() {
                last.push(word);
            }
        }
        for (p, piece) in pieces.into_iter().enumerate() {
            let kind = if p == 0 { kind } else { Part::Alias };
            let tokens = join_single_letters(piece.into_iter())
                .into_iter()
                .map(legal_spelling)
                .collect();
            split_at_markers(tokens, kind, &mut parts);
        }
    }
    // Everything after another party is about that party (`via Smith & Partners, Toronto`).
    if let Some(first_other) = parts.iter().position(|(_, kind)| *kind == Part::Other) {
        parts[first_other..]
            .iter_mut()
            .for_each(|(_, kind)| *kind = Part::Other);
    }
    parts
}

/// Splits `tokens` where a word introduces another name or another party, pushing the parts.
fn split_at_markers(tokens: Vec<String>, kind: Part, parts: &mut Vec<(Vec<String>, Part)>) {
    let mut start = 0;
    let mut kind = kind;
    let mut i = 0;
    while i < tokens.len() {
        let marker = |list: &[&[&str]]| {
            list.iter()
                .find(|m| {
                    tokens.len() >= i + m.len()
                        && tokens[i..i + m.len()]
                            .iter()
                            .zip(m.iter())
                            .all(|(a, b)| a == b)
                })
                .map(|m| m.len())
        };
        let found = marker(ALIAS_MARKERS)
            .map(|len| (len, Part::Alias))
            .or_else(|| marker(OTHER_MARKERS).map(|len| (len, Part::Other)));
        match found {
            Some((len, next)) => {
                if i > start {
                    parts.push((tokens[start..i].to_vec(), kind));
                }
                kind = next;
                start = i + len;
                i = start;
            }
            None => i += 1,
        }
    }
    if start < tokens.len() {
        parts.push((tokens[start..].to_vec(), kind));
    }
}

/// Words with each run of single letters joined into one token (`i b m` is `ibm`, `n v` is `nv`).
fn join_single_letters<'a>(words: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut tokens: Vec<String> = Vec::new();
    let mut run = String::new();
    for word in words {
        if word.chars().count() == 1 && word != "&" {
            run.push_str(word);
            continue;
        }
        if !run.is_empty() {
            tokens.push(std::mem::take(&mut run));
        }
        tokens.push(word.to_string());
    }
    if !run.is_empty() {
        tokens.push(run);
    }
    tokens
}

/// A long legal-form word typed with a slip (`aktiengesellshaft`, `corporaton`) spelled right: one slip
/// in a word of ten letters or more, two in one of fourteen or more. Other words are kept as they are.
fn legal_spelling(token: String) -> String {
    let length = token.chars().count();
    if length < 9 {
        return token;
    }
    let allowed = if length >= 14 { 2 } else { 1 };
    LEGAL_SUFFIXES
        .iter()
        .chain(LEGAL_PREFIXES)
        .flat_map(|form| form.iter())
        .find(|form| {
            form.len() >= 10
                && form.len().abs_diff(length) <= allowed
                && strsim::osa_distance(form, &token) <= allowed
        })
        .map_or(token, |form| (*form).to_string())
}

/// Whether a part of a name ends with a legal form (and has something before it).
fn ends_with_legal_form(tokens: &[String]) -> bool {
    LEGAL_SUFFIXES
        .iter()
        .any(|suffix| tokens.len() > suffix.len() && ends_with(tokens, suffix))
}

/// Whether a part after a comma is only a place or a legal form: country words and legal forms, or one
/// two-letter code (a country or a state).
fn is_place_or_form(tokens: &[String]) -> bool {
    let is_form = |t: &String| LEGAL_SUFFIXES.iter().any(|s| s.len() == 1 && s[0] == t);
    matches!(tokens, [only] if only.len() == 2)
        || tokens
            .iter()
            .all(|t| COUNTRY_WORDS.contains(&t.as_str()) || is_form(t))
}

/// A leading "the" and legal forms before the name removed, the name cut after a legal form that ends
/// it, legal forms after it removed (never the whole name), joined known words cut, abbreviations and
/// other languages' organisation words spelled as one English word.
fn clean(mut tokens: Vec<String>) -> Vec<String> {
    if tokens.len() > 1 && tokens.first().is_some_and(|t| t == "the") {
        tokens.remove(0);
    }
    if let Some(prefix) = LEGAL_PREFIXES
        .iter()
        .find(|p| tokens.len() > p.len() && tokens.iter().zip(p.iter()).all(|(t, p)| t == p))
    {
        tokens.drain(..prefix.len());
    }
    // `Akzo Nobel NV Arnhem`, `Siemens AG Berlin und Munchen`: a legal form followed by up to four words
    // that do not continue the name.
    if let Some(end) = (1..tokens.len()).find(|&i| {
        NAME_ENDS.contains(&tokens[i].as_str())
            && (1..=4).contains(&(tokens.len() - i - 1))
            && !CONNECTORS.contains(&tokens[i + 1].as_str())
    }) {
        tokens.truncate(end + 1);
    }
    // Legal suffixes at the end, repeatedly ("Co., Ltd."), and a dangling "&" ("Smith & Co"), but never
    // the whole name.
    loop {
        let before = tokens.len();
        if let Some(suffix) = LEGAL_SUFFIXES
            .iter()
            .find(|s| tokens.len() > s.len() && ends_with(&tokens, s))
        {
            tokens.truncate(tokens.len() - suffix.len());
        }
        if tokens.len() > 1 && tokens.last().is_some_and(|t| t == "&" || t == "and") {
            tokens.pop();
        }
        if tokens.len() == before {
            break;
        }
    }
    tokens
        .into_iter()
        .flat_map(split_compound)
        .map(|token| {
            SPELLINGS
                .iter()
                .find(|(short, _)| *short == token)
                .map_or(token, |(_, long)| (*long).to_string())
        })
        .collect()
}

/// A word joined with a known word of six letters or more (one of [`SPELLINGS`] or [`GENERIC_WORDS`])
/// cut in two (`onderzoekmaatschappij` is `onderzoek maatschappij`), so that it is spelled like the two
/// words and translated like them; known words and others as they are.
fn split_compound(token: String) -> Vec<String> {
    let known = SPELLINGS
        .iter()
        .flat_map(|(short, long)| [*short, *long])
        .chain(GENERIC_WORDS.iter().copied());
    if known.clone().any(|k| k == token) {
        return vec![token];
    }
    for k in known.filter(|k| k.len() >= 6 && token.len() >= k.len() + 4) {
        if let Some(head) = token.strip_suffix(k) {
            return vec![head.to_string(), k.to_string()];
        }
        if let Some(tail) = token.strip_prefix(k) {
            return vec![k.to_string(), tail.to_string()];
        }
    }
    vec![token]
}

fn ends_with(tokens: &[String], suffix: &[&str]) -> bool {
    tokens.len() >= suffix.len()
        && tokens[tokens.len() - suffix.len()..]
            .iter()
            .zip(suffix)
            .all(|(a, b)| a == b)
}

/// Whether a word is one every kind of organisation uses (`company`, `gesellschaft`, `group`, `of`).
pub(super) fn is_generic(word: &str) -> bool {
    GENERIC_WORDS.contains(&word)
}

/// Whether a word can tell one organisation from another: not a generic word, a place or a legal form.
pub(super) fn is_distinctive(word: &str) -> bool {
    !is_generic(word)
        && !COUNTRY_WORDS.contains(&word)
        && !LEGAL_SUFFIXES.iter().any(|s| s.len() == 1 && s[0] == word)
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

/// The initials of a multi-word name, without its joining words (`northwind analytics group` -> `nag`,
/// `royal bank of canada` -> `rbc`).
pub fn acronym(tokens: &[String]) -> Option<String> {
    let initials: String = tokens
        .iter()
        .filter(|t| !CONNECTORS.contains(&t.as_str()) && t.as_str() != "the")
        .filter_map(|t| t.chars().next())
        .collect();
    (tokens.len() >= 2 && initials.chars().count() >= 2).then_some(initials)
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
        // Legal forms spaced, spelled out or before the name, in several languages.
        for name in [
            "Vandermolen Chemie N. V.",
            "VANDERMOLEN CHEMIE NV",
            "Vandermolen Chemie Naamloze Vennootschap",
            "N.V. Vandermolen Chemie",
            "Vandermolen Chemie Aktiengesellschaft",
            "Vandermolen Chemie sp. z o.o.",
            "Vandermolen Chemie GmbH & Co. KG",
            "Vandermolen Chemie A/S",
            "OOO Vandermolen Chemie",
        ] {
            assert_eq!(joined(name), "vandermolen chemical", "{name}");
        }
        // What follows a legal form, a comma or a dash and is a place, a country or a code is not the name.
        for name in [
            "Vandermolen Chemie B.V., Rotterdam",
            "VANDERMOLEN CHEMIE N.V.,NL",
            "Vandermolen Chemie NV Rotterdam",
            "Vandermolen Chemie (Netherlands)",
            "Vandermolen Chemie, The Netherlands",
            "Vandermolen Chemie, Inc., USA",
            "Vandermolen Chemie.com",
        ] {
            assert_eq!(joined(name), "vandermolen chemical", "{name}");
        }
        // A legal form followed by words that continue the name does not end it.
        assert_eq!(
            joined("Sony Corporation of America"),
            "sony corporation of america"
        );
        assert_eq!(joined("I.B.M. Corp"), "ibm");
        // A name that is only a suffix-like word stays.
        assert_eq!(joined("The Company"), "company");
        assert_eq!(joined("AG"), "ag");
    }

    #[test]
    fn other_names_are_alternates_and_other_parties_are_dropped() {
        let forms = |name: &str| {
            let f = name_forms(name);
            let alternates: Vec<String> = f.alternates.iter().map(|a| a.join(" ")).collect();
            (f.tokens.join(" "), alternates)
        };
        assert_eq!(
            forms("Iris Technologies Inc. (IRISTEL)"),
            ("iris technologies".into(), vec!["iristel".into()])
        );
        assert_eq!(
            forms("Canadian Widget Makers Association operating as Widgets Canada"),
            (
                "canadian widget makers association".into(),
                vec!["widgets canada".into()]
            )
        );
        assert_eq!(
            forms("Insurance Bureau of Canada/Bureau d'assurance du Canada"),
            (
                "insurance bureau of canada".into(),
                vec!["bureau dassurance du canada".into()]
            )
        );
        assert_eq!(
            forms("Genworth Financial, Inc. (via contract with Blake, Cassels & Graydon LLP)"),
            ("genworth financial".into(), vec![])
        );
        assert_eq!(
            forms("Philips, Eindhoven"),
            ("philips eindhoven".into(), vec!["philips".into()])
        );
        assert_eq!(forms("DHKP/C"), ("dhkp c".into(), vec![]));
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
