//! Company names and the ways systems spell them differently.

use rand::Rng;
use rand::seq::IndexedRandom;

/// Brand words: the first word of a company name.
pub(crate) const BRANDS: &[&str] = &[
    "Acme",
    "Apex",
    "Atlas",
    "Aurora",
    "Beacon",
    "Bluewater",
    "Brightline",
    "Cascade",
    "Cedar",
    "Summit",
    "Nimbus",
    "Northwind",
    "Orbit",
    "Pinnacle",
    "Quantum",
    "Redwood",
    "Sierra",
    "Silverline",
    "Stellar",
    "Titan",
    "Vertex",
    "Zenith",
    "Evergreen",
    "Horizon",
    "Ironclad",
    "Keystone",
    "Lumen",
    "Meridian",
    "Nova",
    "Oakridge",
    "Polaris",
    "Riverstone",
    "Sapphire",
    "Terra",
    "Unity",
    "Vanguard",
    "Willow",
    "Crescent",
    "Falcon",
    "Granite",
    "Harbor",
    "Juniper",
    "Kestrel",
    "Liberty",
    "Maple",
    "Monarch",
    "Nexus",
    "Onyx",
    "Pioneer",
    "Prism",
    "Quartz",
    "Radiant",
    "Sterling",
    "Trident",
    "Vista",
    "Alder",
    "Birchwood",
    "Cobalt",
    "Delta",
    "Ember",
    "Fjord",
    "Glacier",
    "Helix",
    "Indigo",
    "Jadeite",
    "Lattice",
    "Mosaic",
    "Neon",
    "Obsidian",
    "Pacific",
    "Raven",
    "Solstice",
    "Tundra",
    "Vector",
    "Wavecrest",
    "Xenon",
    "Zephyr",
    "Anchor",
    "Bayside",
    "Copperleaf",
    "Driftwood",
    "Emerald",
    "Foxglove",
    "Goldfinch",
    "Hillcrest",
    "Ivory",
    "Lakeshore",
    "Moonstone",
    "Northstar",
    "Oceanic",
    "Parkway",
    "Rockwell",
    "Seabright",
    "Thornbury",
];

/// Second words, each with the industry it implies.
pub(crate) const TRADES: &[(&str, &str)] = &[
    ("Analytics", "Technology"),
    ("Logistics", "Transportation"),
    ("Systems", "Technology"),
    ("Health", "Healthcare"),
    ("Foods", "Food & Beverage"),
    ("Energy", "Energy"),
    ("Robotics", "Manufacturing"),
    ("Software", "Technology"),
    ("Media", "Media"),
    ("Capital", "Financial Services"),
    ("Labs", "Biotechnology"),
    ("Networks", "Telecommunications"),
    ("Dynamics", "Manufacturing"),
    ("Biotech", "Biotechnology"),
    ("Retail", "Retail"),
    ("Manufacturing", "Manufacturing"),
    ("Solutions", "Consulting"),
    ("Technologies", "Technology"),
    ("Consulting", "Consulting"),
    ("Motors", "Automotive"),
    ("Pharma", "Healthcare"),
    ("Security", "Technology"),
    ("Cloud", "Technology"),
    ("Data", "Technology"),
    ("Studios", "Media"),
    ("Freight", "Transportation"),
    ("Materials", "Manufacturing"),
    ("Financial", "Financial Services"),
    ("Insurance", "Insurance"),
    ("Telecom", "Telecommunications"),
    ("International", "Consulting"),
    ("Group", "Financial Services"),
    ("Holdings", "Financial Services"),
    ("Partners", "Consulting"),
    ("Industries", "Manufacturing"),
    ("Corporation", "Manufacturing"),
];

/// A third word, used only when two-word names run out at large scales.
pub(crate) const QUALIFIERS: &[&str] = &[
    "Global",
    "United",
    "Digital",
    "Advanced",
    "Applied",
    "Integrated",
    "Modern",
    "Premier",
    "Smart",
    "Prime",
];

/// Common abbreviations, as people type them into CRMs and billing forms.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("Technologies", "Tech"),
    ("International", "Intl"),
    ("Corporation", "Corp"),
    ("Manufacturing", "Mfg"),
    ("Systems", "Sys"),
    ("Solutions", "Sol"),
    ("Financial", "Finl"),
    ("Laboratories", "Labs"),
    ("Insurance", "Ins"),
    ("Telecom", "Tel"),
    ("Pharma", "Pharm"),
];

/// Domains people bill from when they do not use their work address.
pub(crate) const FREE_MAIL: &[&str] = &[
    "gmail.com",
    "outlook.com",
    "yahoo.com",
    "hotmail.com",
    "icloud.com",
];

/// First names for people (contacts, owners, billing emails).
pub(crate) const FIRST_NAMES: &[&str] = &[
    "Alice", "Ben", "Carla", "David", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kara",
    "Liam", "Maya", "Noah", "Olga", "Pablo", "Quinn", "Rosa", "Sam", "Tara", "Umar", "Vera", "Wes",
    "Yuki", "Zoe", "Priya", "Marcus", "Lena", "Omar", "Sofia",
];

/// Last names for people.
pub(crate) const LAST_NAMES: &[&str] = &[
    "Adams", "Brown", "Chen", "Diaz", "Evans", "Fischer", "Garcia", "Hughes", "Ito", "Jensen",
    "Kim", "Lopez", "Müller", "Nakamura", "O'Brien", "Patel", "Rossi", "Schmidt", "Tanaka",
    "Usman", "Varga", "Weber", "Young", "Zhang", "Dubois", "Novak", "Silva", "Kowalski",
];

/// The legal suffixes a company of `country` uses.
pub(crate) fn legal_suffixes(country: &str) -> &'static [&'static str] {
    match country {
        "US" | "CA" => &["Inc", "Inc.", "Corp", "Corporation", "LLC"],
        "GB" | "AU" | "IN" => &["Ltd", "Ltd.", "Limited"],
        "DE" => &["GmbH", "AG"],
        "FR" | "ES" | "BR" => &["S.A.", "SA"],
        "NL" => &["N.V.", "B.V."],
        "JP" => &["K.K.", "Co., Ltd."],
        _ => &["Ltd"],
    }
}

/// How a source spells a company's name.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Style {
    /// CRM hygiene: mostly the canonical name, often with its legal suffix.
    Crm,
    /// Whatever the buyer typed into a checkout form.
    Billing,
    /// How finance set up the customer record.
    Finance,
}

/// A variant of `canonical` (with `suffix` its legal suffix) as a source of `style` would hold it.
pub(crate) fn variant(rng: &mut impl Rng, canonical: &str, suffix: &str, style: Style) -> String {
    let roll: f64 = rng.random();
    let with_suffix = |sep: &str| format!("{canonical}{sep}{suffix}");
    match style {
        Style::Crm => match roll {
            r if r < 0.45 => canonical.to_owned(),
            r if r < 0.80 => with_suffix(" "),
            r if r < 0.88 => with_suffix(", "),
            r if r < 0.94 => abbreviate(canonical).unwrap_or_else(|| with_suffix(" ")),
            _ => typo(rng, canonical),
        },
        Style::Billing => match roll {
            r if r < 0.25 => canonical.to_owned(),
            r if r < 0.45 => with_suffix(" ").to_uppercase(),
            r if r < 0.55 => canonical.to_lowercase(),
            r if r < 0.65 => with_suffix(", "),
            r if r < 0.72 => format!("The {canonical}"),
            r if r < 0.80 => {
                acronym(canonical).map_or_else(|| with_suffix(" "), |a| format!("{a} {suffix}"))
            }
            r if r < 0.90 => typo(rng, canonical),
            _ => canonical.replace(' ', "-"),
        },
        Style::Finance => match roll {
            r if r < 0.30 => with_suffix(", "),
            r if r < 0.50 => with_suffix(" "),
            r if r < 0.62 => canonical.to_uppercase(),
            r if r < 0.72 => {
                abbreviate(canonical).map_or_else(|| with_suffix(" "), |a| format!("{a} {suffix}"))
            }
            r if r < 0.80 => format!("The {canonical} {suffix}"),
            r if r < 0.90 => typo(rng, &with_suffix(" ")),
            _ => canonical.to_owned(),
        },
    }
}

/// `Northwind Technologies` -> `Northwind Tech`, if a word has a common abbreviation.
fn abbreviate(name: &str) -> Option<String> {
    let mut changed = false;
    let words: Vec<&str> = name
        .split(' ')
        .map(
            |w| match ABBREVIATIONS.iter().find(|(long, _)| *long == w) {
                Some((_, short)) => {
                    changed = true;
                    *short
                }
                None => w,
            },
        )
        .collect();
    changed.then(|| words.join(" "))
}

/// `Northwind Analytics Group` -> `NAG` (only for names of three or more words, or two long ones).
fn acronym(name: &str) -> Option<String> {
    let words: Vec<&str> = name.split(' ').collect();
    (words.len() >= 2).then(|| words.iter().filter_map(|w| w.chars().next()).collect())
}

/// One keyboard slip: two letters swapped, one dropped or one doubled (never the first letter).
fn typo(rng: &mut impl Rng, name: &str) -> String {
    let mut chars: Vec<char> = name.chars().collect();
    let candidates: Vec<usize> = (1..chars.len().saturating_sub(1))
        .filter(|&i| chars[i].is_alphabetic() && chars[i + 1].is_alphabetic())
        .collect();
    let Some(&i) = candidates.choose(rng) else {
        return name.to_owned();
    };
    match rng.random_range(0..3) {
        0 => chars.swap(i, i + 1),
        1 => {
            chars.remove(i);
        }
        _ => chars.insert(i, chars[i]),
    }
    chars.into_iter().collect()
}

/// `Northwind Analytics` -> `northwindanalytics`.
pub(crate) fn domain_stem(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphanumeric)
        .flat_map(char::to_lowercase)
        .collect()
}

/// An ASCII mailbox name for a person: `maya.muller`.
pub(crate) fn mailbox(first: &str, last: &str) -> String {
    let ascii = |s: &str| -> String {
        s.chars()
            .map(|c| match c {
                'ü' => 'u',
                'ö' => 'o',
                'ä' => 'a',
                c => c,
            })
            .filter(char::is_ascii_alphabetic)
            .flat_map(char::to_lowercase)
            .collect()
    };
    format!("{}.{}", ascii(first), ascii(last))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn variants_keep_the_name_recognisable() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
        for style in [Style::Crm, Style::Billing, Style::Finance] {
            for _ in 0..200 {
                let v = variant(&mut rng, "Northwind Technologies", "Inc", style);
                assert!(!v.is_empty());
                assert!(v.len() < 40, "{v}");
            }
        }
        assert_eq!(
            abbreviate("Northwind Technologies").as_deref(),
            Some("Northwind Tech")
        );
        assert_eq!(acronym("Blue Harbor Logistics").as_deref(), Some("BHL"));
        assert_eq!(domain_stem("Acme, Inc."), "acmeinc");
        assert_eq!(mailbox("Lena", "Müller"), "lena.muller");
    }
}
