//! The words NLQ understands: the model's metric and dimension phrases, the dimension values learned
//! from the data (industries, stages, countries, plans, vendors, account names, ...), country names, and
//! the matching of misspelt words to them.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::model::{DIMENSIONS, METRICS};

/// Lowercases `text` and splits it into words: letters, digits, `&` and `.` inside a word are kept, and
/// `$` and thousands separators in numbers are dropped (`$50,000` is `50000`).
/// The Snowball (Porter 2) stem of an English word.
pub fn stem(word: &str) -> String {
    static STEMMER: std::sync::LazyLock<rust_stemmers::Stemmer> = std::sync::LazyLock::new(|| {
        rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English)
    });
    STEMMER.stem(word).into_owned()
}

/// The words of `text`, lowercased.
pub fn words(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut word = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let digit_around = |j: Option<usize>| {
            j.and_then(|j| chars.get(j))
                .is_some_and(|c| c.is_ascii_digit())
        };
        let keep = c.is_alphanumeric()
            || c == '&'
            || (c == '.' && digit_around(i.checked_sub(1)) && digit_around(Some(i + 1)));
        if keep {
            word.extend(c.to_lowercase());
        } else if c == ',' && digit_around(i.checked_sub(1)) && digit_around(Some(i + 1)) {
            // 50,000
        } else if matches!(c, '>' | '<' | '\u{2265}' | '\u{2264}') {
            // "amount > 100000", ">= 20 accounts": the comparison in words.
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            let or_equal = chars.get(i + 1) == Some(&'=') || matches!(c, '\u{2265}' | '\u{2264}');
            let said: &[&str] = match (c, or_equal) {
                ('>' | '\u{2265}', true) => &["at", "least"],
                ('<' | '\u{2264}', true) => &["at", "most"],
                ('>', false) => &["over"],
                _ => &["under"],
            };
            out.extend(said.iter().map(|w| (*w).to_string()));
        } else if matches!(c, '+' | '/')
            && i.checked_sub(1)
                .and_then(|j| chars.get(j))
                .is_some_and(|c| c.is_whitespace())
            && chars.get(i + 1).is_some_and(|c| c.is_whitespace())
        {
            // "open deals + amount": plus; "2025 costs / 2025 revenue", "name / owner / amount": read
            // by the parser.
            out.push(if c == '+' { "plus" } else { "slash" }.to_string());
        } else if c == '#' && !digit_around(Some(i + 1)) {
            // "# open invoices": the number of them.
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            out.push("number".to_string());
        } else if c == '$' && !digit_around(Some(i + 1)) && !digit_around(i.checked_sub(1)) {
            // "closed lost $ last year": the value.
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            out.push("value".to_string());
        } else if c == '%' {
            // "what % of tickets": the word.
            if !word.is_empty() {
                out.push(std::mem::take(&mut word));
            }
            out.push("percent".to_string());
        } else if c == '\'' || c == '\u{2019}' {
            // what's -> whats, customer's -> customers
        } else if !word.is_empty() {
            out.push(std::mem::take(&mut word));
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// What a phrase stands for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Term {
    /// A metric.
    Metric(&'static str),
    /// A dimension (after "by", "per", "top N").
    Dimension(&'static str),
    /// A value of a dimension, as it is in the data.
    Value(&'static str, String),
}

/// The learned values and the phrase index over them and the model.
#[derive(Debug, Clone, Default)]
pub struct Vocabulary {
    /// Per dimension, the values in the data.
    values: HashMap<&'static str, BTreeSet<String>>,
    /// Phrase (normalised words joined by one space) -> what it may stand for.
    phrases: HashMap<String, BTreeSet<Term>>,
    /// The longest phrase, in words.
    longest: usize,
    /// Words that misspellings are corrected to (not account names: they are matched only exactly).
    dictionary: BTreeSet<String>,
    /// The model's one-word phrases by their stem ("deal" finds "deals").
    stems: HashMap<String, BTreeSet<Term>>,
    /// Every word of every phrase.
    known: BTreeSet<String>,
    /// The words of the model's own phrases and keywords, before any value is learned.
    model_words: BTreeSet<String>,
}

/// First names that are also ordinary words of a question ("will", "mark", "grant"): never read as an
/// owner alone.
const COMMON_FIRST_NAMES: &[&str] = &[
    "will", "mark", "bill", "pat", "grant", "chase", "rich", "frank", "rose", "hope", "joy",
    "faith", "grace", "jack", "sue", "art", "dean", "ray", "gene", "van", "summer", "june",
    "april", "august", "max", "sam", "don", "lee", "may", "guy", "king", "long", "young", "price",
    "sales", "win", "won", "rep", "new", "top", "best", "page", "case", "close", "amber", "ruby",
    "crystal", "dawn", "eve", "iris", "ivy", "penny", "cash", "sterling", "rusty", "sandy",
    "woody",
];

/// English country names (and common short forms) for the ISO 3166 codes accounts carry.
/// The name of the country whose ISO code is `code` ("DE": "germany"), if the model knows it.
pub fn country_name(code: &str) -> Option<&'static str> {
    COUNTRY_NAMES
        .iter()
        .find(|(c, _)| *c == code)
        .and_then(|(_, names)| names.first().copied())
}

const COUNTRY_NAMES: &[(&str, &[&str])] = &[
    (
        "US",
        &["united states", "usa", "america", "american", "the states"],
    ),
    (
        "GB",
        &[
            "united kingdom",
            "uk",
            "britain",
            "great britain",
            "england",
            "british",
        ],
    ),
    ("DE", &["germany", "deutschland", "german"]),
    ("FR", &["france", "french"]),
    ("NL", &["netherlands", "holland", "dutch"]),
    ("CA", &["canada", "canadian"]),
    ("JP", &["japan", "japanese"]),
    ("AU", &["australia", "australian"]),
    ("ES", &["spain", "spanish"]),
    ("BR", &["brazil", "brazilian"]),
    ("IN", &["india", "indian"]),
    ("IT", &["italy", "italian"]),
    ("SE", &["sweden", "swedish"]),
    ("CH", &["switzerland", "swiss"]),
    ("IE", &["ireland", "irish"]),
    ("MX", &["mexico", "mexican"]),
    ("SG", &["singapore"]),
];

/// Regions people name, with the ISO 3166 codes of their countries: a question about "EMEA" filters
/// on every country of it that the data has.
const REGIONS: &[(&[&str], &[&str])] = &[
    (&["north america", "amer", "americas"], &["US", "CA", "MX"]),
    (
        &["latin america", "latam", "south america", "americas"],
        &["BR", "MX", "AR", "CL", "CO", "PE"],
    ),
    (
        &["europe", "european"],
        &[
            "GB", "DE", "FR", "NL", "ES", "IT", "SE", "CH", "IE", "BE", "AT", "DK", "NO", "FI",
            "PL", "PT", "LU", "CZ",
        ],
    ),
    (
        &["eu", "european union"],
        &[
            "DE", "FR", "NL", "ES", "IT", "SE", "IE", "BE", "AT", "DK", "FI", "PL", "PT", "LU",
            "CZ",
        ],
    ),
    (
        &["emea"],
        &[
            "GB", "DE", "FR", "NL", "ES", "IT", "SE", "CH", "IE", "BE", "AT", "DK", "NO", "FI",
            "PL", "PT", "LU", "CZ", "AE", "SA", "IL", "ZA", "EG", "NG", "KE", "TR",
        ],
    ),
    (
        &["apac", "asia pacific"],
        &[
            "JP", "AU", "IN", "SG", "CN", "KR", "NZ", "HK", "ID", "MY", "TH", "PH", "VN", "TW",
        ],
    ),
    (
        &["asia"],
        &[
            "JP", "IN", "SG", "CN", "KR", "HK", "ID", "MY", "TH", "PH", "VN", "TW",
        ],
    ),
    (
        &["eurozone", "euro zone", "euro area"],
        &[
            "DE", "FR", "NL", "ES", "IT", "IE", "BE", "AT", "FI", "PT", "LU", "GR", "SK", "SI",
            "EE", "LV", "LT", "CY", "MT", "HR",
        ],
    ),
    (&["iberia", "iberian peninsula"], &["ES", "PT"]),
    (&["dach"], &["DE", "AT", "CH"]),
    (&["benelux"], &["BE", "NL", "LU"]),
    (
        &["nordics", "nordic countries", "scandinavia"],
        &["SE", "NO", "DK", "FI", "IS"],
    ),
    (&["anz"], &["AU", "NZ"]),
];

/// Short names people use for industries, for the industry values that have them.
const INDUSTRY_NAMES: &[(&str, &[&str])] = &[
    ("Technology", &["tech"]),
    ("Financial Services", &["finance", "fintech", "finserv"]),
    ("Telecommunications", &["telecom", "telco"]),
    ("Biotechnology", &["biotech"]),
    ("Food & Beverage", &["food"]),
    ("Transportation", &["transport"]),
    ("Manufacturing", &["mfg", "manufacturers"]),
    ("Healthcare", &["health care"]),
];

/// Currencies by the names people say ("invoices in pounds").
const CURRENCY_NAMES: &[(&str, &[&str])] = &[
    (
        "GBP",
        &[
            "pounds",
            "pound",
            "sterling",
            "pounds sterling",
            "british pounds",
            "gbp",
        ],
    ),
    ("EUR", &["euros", "euro", "eur"]),
    ("JPY", &["yen", "japanese yen", "jpy"]),
    ("USD", &["us dollars", "us dollar"]),
];

/// Words for the health bands: "healthy accounts" are the green ones, "unhealthy" ones are not green.
const BAND_NAMES: &[(&str, &[&str])] = &[
    ("green", &["healthy", "in good health", "good health"]),
    ("yellow", &["unhealthy", "poor health", "needs attention"]),
    ("red", &["unhealthy", "poor health"]),
];

/// Words for ticket priorities.
const PRIORITY_NAMES: &[(&str, &[&str])] = &[
    (
        "urgent",
        &["critical", "p1", "sev1", "emergency", "blocker"],
    ),
    ("high", &["p2", "sev2", "high priority"]),
    ("normal", &["p3", "sev3", "medium priority"]),
    ("low", &["p4", "sev4", "low priority"]),
];

/// Words of the question language itself, for misspelling correction.
const KEYWORDS: &[&str] = &[
    "quarter",
    "month",
    "year",
    "week",
    "today",
    "yesterday",
    "last",
    "this",
    "previous",
    "since",
    "between",
    "compared",
    "versus",
    "monthly",
    "quarterly",
    "yearly",
    "weekly",
    "daily",
    "top",
    "bottom",
    "largest",
    "biggest",
    "smallest",
    "highest",
    "lowest",
    "dashboard",
    "overview",
    "results",
    "summary",
    "excluding",
    "except",
    "employees",
    "trailing",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "breakdown",
    "doing",
    "performance",
    "oldest",
    "newest",
    "earliest",
    "recent",
    // Ordinary words never to be read as a model word ("went" is not "rent", "tied" not "tier").
    "calendar",
    "went",
    "tied",
    "ended",
    "meaning",
    "end",
    "ago",
    "received",
    // Prepositions that place a period ("durng 2025" is "during 2025").
    "during",
    "through",
    "before",
    "after",
    "within",
    "without",
    "including",
    "against",
    "across",
];

impl Vocabulary {
    /// The model's phrases, with no learned values yet.
    pub fn new() -> Self {
        let mut v = Vocabulary::default();
        for m in METRICS {
            for p in m.phrases {
                v.add(p, Term::Metric(m.name), true);
                v.add_stem(p, Term::Metric(m.name));
            }
        }
        for d in DIMENSIONS {
            for p in d.phrases {
                v.add(p, Term::Dimension(d.name), true);
                v.add_stem(p, Term::Dimension(d.name));
            }
        }
        for k in KEYWORDS {
            v.dictionary.insert((*k).to_string());
        }
        v.model_words = v.known.clone();
        v.model_words.extend(KEYWORDS.iter().flat_map(|k| words(k)));
        v
    }

    fn add_stem(&mut self, phrase: &str, term: Term) {
        if let [word] = words(phrase).as_slice() {
            self.stems.entry(stem(word)).or_default().insert(term);
        }
    }

    /// What the one word `word` may stand for by its stem, when it is no phrase itself ("deal").
    pub fn lookup_stem(&self, word: &str) -> Option<&BTreeSet<Term>> {
        self.stems.get(&stem(word))
    }

    fn add(&mut self, phrase: &str, term: Term, correctable: bool) {
        let ws = words(phrase);
        if ws.is_empty() {
            return;
        }
        if correctable {
            self.dictionary
                .extend(ws.iter().filter(|w| w.len() >= 4).cloned());
        }
        self.known.extend(ws.iter().cloned());
        self.longest = self.longest.max(ws.len());
        self.phrases.entry(ws.join(" ")).or_default().insert(term);
    }

    /// Records the values `dimension` takes in the data (blank values are skipped). Countries are
    /// recognised by name ("Germany" for `DE`); account names only when written in full.
    pub fn learn(&mut self, dimension: &'static str, values: impl IntoIterator<Item = String>) {
        let mut learned = BTreeSet::new();
        for value in values {
            let value = value.trim().to_string();
            if value.is_empty() || value.len() > 200 {
                continue;
            }
            learned.insert(value);
        }
        // The leading words every value shares (a product-family name), when there are several values.
        let mut prefix = 0;
        if learned.len() > 1 && !matches!(dimension, "account" | "owner") {
            let all: Vec<Vec<String>> = learned.iter().map(|v| words(v)).collect();
            let shortest = all.iter().map(Vec::len).min().unwrap_or(0);
            while prefix + 1 < shortest.max(1) && all.iter().all(|w| w[prefix] == all[0][prefix]) {
                prefix += 1;
            }
        }
        for value in &learned {
            if dimension == "country" {
                let names = COUNTRY_NAMES
                    .iter()
                    .find(|(code, _)| code.eq_ignore_ascii_case(value))
                    .map(|(_, names)| *names)
                    .unwrap_or_default();
                for name in names {
                    self.add(name, Term::Value(dimension, value.clone()), true);
                }
                let regions = REGIONS
                    .iter()
                    .filter(|(_, codes)| codes.iter().any(|c| c.eq_ignore_ascii_case(value)));
                for (names, _) in regions {
                    for name in *names {
                        self.add(name, Term::Value(dimension, value.clone()), true);
                    }
                }
                continue;
            }
            let names = match dimension {
                "industry" => INDUSTRY_NAMES,
                "band" => BAND_NAMES,
                "priority" => PRIORITY_NAMES,
                "currency" => CURRENCY_NAMES,
                _ => &[],
            };
            let aliases = names
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(value))
                .map(|(_, aliases)| *aliases)
                .unwrap_or_default();
            for alias in aliases {
                self.add(alias, Term::Value(dimension, value.clone()), true);
            }
            // A currency's code is said through its names above ("USD" is how amounts are given).
            if dimension == "currency" {
                continue;
            }
            let ws = words(value);
            // One short word ("AI", "Go") is too easily an ordinary word of a question.
            if ws.len() == 1 && ws[0].len() < 3 {
                continue;
            }
            // A kind read from names: never words every question uses ("new"); said with its records
            // ("renewal deals") when the word alone means something else ("renewals" up for renewal).
            if let Some(d) = crate::model::dimension(dimension).filter(|d| d.name_suffix) {
                if ws.iter().all(|w| crate::parse::is_stopword(w)) {
                    continue;
                }
                let taken = self.phrases.contains_key(&ws.join(" "))
                    || matches!(ws.as_slice(), [w] if self.stems.contains_key(&stem(w)));
                if taken {
                    for noun in crate::model::record_nouns(d.table) {
                        let phrase = format!("{} {noun}", ws.join(" "));
                        self.add(&phrase, Term::Value(dimension, value.clone()), true);
                    }
                    continue;
                }
            }
            let names = matches!(dimension, "account" | "owner");
            self.add(value, Term::Value(dimension, value.clone()), !names);
            // "manufacturers" for the industry "Manufacturing": a one-word industry by its stem, when
            // the stem means nothing to the model.
            if dimension == "industry"
                && let [word] = words(value).as_slice()
                && word.len() >= 5
                && !self.stems.contains_key(&stem(word))
            {
                self.add_stem(value, Term::Value(dimension, value.clone()));
            }
            // "negotiation" for the stage "Negotiation/Review": the head of a value naming two things.
            if let Some((head, _)) = value.split_once('/')
                && head.trim().len() >= 5
            {
                self.add(head.trim(), Term::Value(dimension, value.clone()), !names);
            }
            // "Enterprise" for "AutonomOS Enterprise" when every plan starts "AutonomOS".
            let rest = &ws[prefix.min(ws.len())..];
            if prefix > 0 && !rest.is_empty() && !(rest.len() == 1 && rest[0].len() < 3) {
                self.add(
                    &rest.join(" "),
                    Term::Value(dimension, value.clone()),
                    !names,
                );
            }
        }
        // "Amazon" for the vendor "Amazon Web Services", "kara's opps" for the owner "Kara Patel": the
        // first word of one value's name only, when it means nothing else to the model (for people,
        // nor a month, nor a common word that names people too).
        match dimension {
            "vendor" => {
                self.learn_first_words(dimension, &learned, 4, |_| true);
                self.learn_product_words(dimension, &learned);
            }
            "owner" => {
                self.learn_first_words(dimension, &learned, 3, |word| {
                    crate::time::month_number(word).is_none() && !COMMON_FIRST_NAMES.contains(&word)
                });
                self.learn_possessive_first_names(&learned);
            }
            _ => {}
        }
        // "cloud" for the cost category "Cloud infrastructure": a word of one category's name only,
        // that means nothing else to the model. Only for spend categories, whose names are phrases
        // ("Professional services"); names of companies and people are matched whole.
        if matches!(dimension, "category" | "department") {
            let mut owners: HashMap<String, BTreeSet<&String>> = HashMap::new();
            for value in &learned {
                let ws = words(value);
                if ws.len() < 2 {
                    continue;
                }
                for w in ws.into_iter().filter(|w| w.len() >= 4) {
                    owners.entry(w).or_default().insert(value);
                }
            }
            for (word, values) in owners {
                if let [value] = values.into_iter().collect::<Vec<_>>().as_slice()
                    && !self.model_words.contains(&word)
                    && !self.phrases.contains_key(&word)
                {
                    self.add(&word, Term::Value(dimension, (*value).clone()), true);
                }
            }
        }
        self.values.insert(dimension, learned);
    }

    /// The first word (of at least `shortest` letters) of each of `values` that starts no other, as a
    /// name of that value, when the model has no other meaning for it and `allowed` lets it.
    fn learn_first_words(
        &mut self,
        dimension: &'static str,
        values: &BTreeSet<String>,
        shortest: usize,
        allowed: impl Fn(&str) -> bool,
    ) {
        let mut firsts: HashMap<String, BTreeSet<&String>> = HashMap::new();
        for value in values {
            if let [first, _, ..] = words(value).as_slice()
                && first.len() >= shortest
            {
                firsts.entry(first.clone()).or_default().insert(value);
            }
        }
        for (word, values) in firsts {
            if let [value] = values.into_iter().collect::<Vec<_>>().as_slice()
                && !self.model_words.contains(&word)
                && !self.phrases.contains_key(&word)
                && allowed(&word)
            {
                self.add(&word, Term::Value(dimension, (*value).clone()), false);
            }
        }
    }

    /// "sam's accounts" for the owner "Sam Brown": a first name that is also a word ("sam", "grace",
    /// "will") names its one owner when said as a possessive, unless that form is a word of the model
    /// ("bills").
    fn learn_possessive_first_names(&mut self, owners: &BTreeSet<String>) {
        let mut firsts: HashMap<String, BTreeSet<&String>> = HashMap::new();
        for value in owners {
            if let [first, _, ..] = words(value).as_slice()
                && COMMON_FIRST_NAMES.contains(&first.as_str())
            {
                firsts.entry(first.clone()).or_default().insert(value);
            }
        }
        for (first, values) in firsts {
            let possessive = format!("{first}s");
            if let [value] = values.into_iter().collect::<Vec<_>>().as_slice()
                && !self.model_words.contains(&possessive)
                && !self.phrases.contains_key(&possessive)
            {
                self.add(&possessive, Term::Value("owner", (*value).clone()), false);
            }
        }
    }

    /// "Azure" for the vendor "Microsoft Azure": the second word of a two-word name, a product after
    /// its maker's name, when no other value has it, it is no word companies use in general
    /// ("Technologies", "Labs") and the model has no other meaning for it.
    fn learn_product_words(&mut self, dimension: &'static str, values: &BTreeSet<String>) {
        const GENERIC: &[&str] = &[
            "labs",
            "technologies",
            "technology",
            "services",
            "systems",
            "solutions",
            "software",
            "group",
            "holdings",
            "communications",
            "networks",
            "partners",
            "international",
            "global",
            "company",
            "corporation",
            "industries",
            "enterprises",
            "consulting",
            "cloud",
        ];
        let mut seconds: HashMap<String, BTreeSet<&String>> = HashMap::new();
        for value in values {
            if let [_, second] = words(value).as_slice()
                && second.len() >= 4
                && !GENERIC.contains(&second.as_str())
            {
                seconds.entry(second.clone()).or_default().insert(value);
            }
        }
        for (word, owners) in seconds {
            let shared = values.iter().filter(|v| words(v).contains(&word)).count();
            if let [value] = owners.into_iter().collect::<Vec<_>>().as_slice()
                && shared == 1
                && !self.model_words.contains(&word)
                && !self.phrases.contains_key(&word)
            {
                self.add(&word, Term::Value(dimension, (*value).clone()), false);
            }
        }
    }

    /// Other names of values of `dimension`, as (alias, value): the names the sources give the vendor or
    /// account that entity resolution made one (`aws` for `Amazon Web Services`). An alias of one or two
    /// letters, or equal to its value, is ignored.
    pub fn learn_aliases(
        &mut self,
        dimension: &'static str,
        aliases: impl IntoIterator<Item = (String, String)>,
    ) {
        let names = matches!(dimension, "account" | "owner");
        for (alias, value) in aliases {
            let (alias, value) = (alias.trim(), value.trim());
            if alias.chars().count() < 3 || alias.eq_ignore_ascii_case(value) || value.is_empty() {
                continue;
            }
            self.add(alias, Term::Value(dimension, value.to_string()), !names);
        }
    }

    /// Whether `value` is a value of `dimension` in the data (always, for a dimension nothing was learned
    /// for).
    pub fn knows(&self, dimension: &str, value: &str) -> bool {
        self.values.get(dimension).is_none_or(|v| v.contains(value))
    }

    /// The values learned for `dimension`.
    pub fn values(&self, dimension: &str) -> impl Iterator<Item = &String> {
        self.values.get(dimension).into_iter().flatten()
    }

    /// What the phrase `words` may stand for.
    pub fn lookup(&self, words: &[String]) -> Option<&BTreeSet<Term>> {
        if words.is_empty() || words.len() > self.longest {
            return None;
        }
        self.phrases.get(&words.join(" "))
    }

    /// The longest phrase, in words.
    pub fn longest(&self) -> usize {
        self.longest
    }

    /// Whether `word` is part of any phrase or keyword.
    pub fn is_known_word(&self, word: &str) -> bool {
        self.dictionary.contains(word) || self.known.contains(word)
    }

    /// The one dictionary word `word` is a small misspelling of (see [`slips_allowed`]): one edit for
    /// words of 4 to 7 letters, two from 8. `None` if there is none, or more than one at the smallest
    /// distance.
    pub fn correct(&self, word: &str) -> Option<&str> {
        let max = slips_allowed(word.chars().count());
        if max == 0 {
            return None;
        }
        if word.bytes().any(|b| b.is_ascii_digit()) || self.is_known_word(word) {
            return None;
        }
        let mut best: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
        for candidate in &self.dictionary {
            if candidate.len().abs_diff(word.len()) > max {
                continue;
            }
            let distance = strsim::damerau_levenshtein(word, candidate);
            if distance <= max {
                best.entry(distance).or_default().push(candidate);
            }
        }
        let (_, closest) = best.into_iter().next()?;
        match closest.as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }
}

/// How many edits a small misspelling of a word of `len` letters may have: none under four letters,
/// one up to seven, two from eight.
pub fn slips_allowed(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_lowercase_and_keep_numbers_whole() {
        assert_eq!(words("What's our MRR?"), ["whats", "our", "mrr"]);
        assert_eq!(
            words("deals over $50,000.50 in Q3"),
            ["deals", "over", "50000.50", "in", "q3"]
        );
        assert_eq!(
            words("G&A spend, by month."),
            ["g&a", "spend", "by", "month"]
        );
        assert_eq!(
            words("Proposal/Price Quote"),
            ["proposal", "price", "quote"]
        );
        assert!(words("  ?! ").is_empty());
    }

    #[test]
    fn learned_values_are_phrases_and_misspellings_are_corrected_once() {
        let mut v = Vocabulary::new();
        v.learn(
            "industry",
            [
                "Healthcare".to_string(),
                "Financial Services".into(),
                "".into(),
            ],
        );
        v.learn("country", ["DE".to_string(), "US".into()]);
        v.learn("account", ["Acme Corp".to_string(), "AI".into()]);
        let lookup = |s: &str| v.lookup(&words(s)).cloned().unwrap_or_default();
        assert!(
            lookup("financial services")
                .contains(&Term::Value("industry", "Financial Services".into()))
        );
        assert!(lookup("germany").contains(&Term::Value("country", "DE".into())));
        assert!(lookup("france").is_empty(), "no account is in France");
        assert!(
            lookup("ai").is_empty(),
            "a two-letter account name is not matched"
        );
        assert!(lookup("mrr").contains(&Term::Metric("mrr")));
        assert!(v.knows("industry", "Healthcare") && !v.knows("industry", "Mining"));
        assert!(
            v.knows("vendor", "anything"),
            "nothing learned: not checked"
        );
        assert_eq!(v.correct("revnue"), Some("revenue"));
        assert_eq!(v.correct("pipline"), Some("pipeline"));
        assert_eq!(v.correct("healthcre"), Some("healthcare"));
        assert_eq!(
            v.correct("acne"),
            None,
            "account names are not correction targets"
        );
        assert_eq!(v.correct("revenue"), None, "already a word");
        assert_eq!(v.correct("zzzzzz"), None);
    }

    #[test]
    fn the_names_sources_give_a_value_find_it() {
        let mut v = Vocabulary::new();
        v.learn("vendor", ["Amazon Web Services".to_string()]);
        v.learn_aliases(
            "vendor",
            [
                ("aws".to_string(), "Amazon Web Services".to_string()),
                ("Amazon Web Services".into(), "Amazon Web Services".into()),
                ("x".into(), "Amazon Web Services".into()),
            ],
        );
        let lookup = |s: &str| v.lookup(&words(s)).cloned().unwrap_or_default();
        assert!(lookup("aws").contains(&Term::Value("vendor", "Amazon Web Services".into())));
        assert!(lookup("x").is_empty(), "a one-letter alias is ignored");
    }

    #[test]
    fn a_prefix_every_value_shares_may_be_left_out() {
        let mut v = Vocabulary::new();
        v.learn(
            "plan",
            [
                "AutonomOS Growth".to_string(),
                "AutonomOS Enterprise".into(),
            ],
        );
        v.learn("industry", ["Retail".to_string(), "Retail Banking".into()]);
        let lookup = |s: &str| v.lookup(&words(s)).cloned().unwrap_or_default();
        assert!(lookup("enterprise").contains(&Term::Value("plan", "AutonomOS Enterprise".into())));
        assert!(
            lookup("autonomos growth").contains(&Term::Value("plan", "AutonomOS Growth".into()))
        );
        assert!(
            lookup("banking").is_empty(),
            "a value is never shortened to nothing of its own"
        );
    }
}
