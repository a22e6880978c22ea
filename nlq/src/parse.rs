//! The deterministic parser: an English question to a [`SemanticQuery`], with the notes that make up its
//! confidence (words it could not map, misspellings it corrected, assumptions it made, terms with more than
//! one meaning).
//!
//! It reads the question left to right, at each word taking the longest phrase it knows: a time expression,
//! a metric, a dimension (after "by", "per", "top 5", ...), a value learned from the data ("Germany",
//! "Healthcare", "Enterprise"), a number condition ("over 50k") or a connective ("vs", "excluding").

use chrono::{Datelike, Days, NaiveDate};

use crate::model::{self, Persona};
use crate::query::{
    Aggregation, Comparison, Filter, NumberField, Order, SemanticQuery, record_view,
};
use crate::time::{self, Grain, Period};
use crate::vocab::{Term, Vocabulary, stem, words};

/// One thing that lowers confidence, with the reason shown to the asker.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// How much it lowers the score.
    pub penalty: f64,
    /// Why, in words.
    pub reason: String,
}

/// What kind of answer a question wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    /// Figures for one semantic query.
    Answer,
    /// An overview: a persona's dashboard, led by `topic` if the question named a metric.
    Dashboard {
        /// The persona whose dashboard it is.
        persona: &'static Persona,
        /// A metric the question asked about ("how is the pipeline?").
        topic: Option<&'static str>,
    },
}

/// A parsed question.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// What it asks.
    pub query: SemanticQuery,
    /// What kind of answer.
    pub intent: Intent,
    /// What lowers confidence.
    pub notes: Vec<Note>,
    /// Metrics a term could have meant, when the question is ambiguous.
    pub options: Vec<&'static str>,
    /// Whether the question cannot be answered from the model at all (no guess is made).
    pub unanswerable: bool,
}

const STOPWORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "of",
    "our",
    "my",
    "we",
    "us",
    "me",
    "i",
    "you",
    "your",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "what",
    "whats",
    "which",
    "who",
    "how",
    "hows",
    "show",
    "shows",
    "showing",
    "give",
    "tell",
    "get",
    "list",
    "display",
    "find",
    "see",
    "compute",
    "calculate",
    "please",
    "can",
    "could",
    "would",
    "should",
    "do",
    "does",
    "did",
    "have",
    "has",
    "had",
    "much",
    "many",
    "number",
    "total",
    "overall",
    // "our very first customer".
    "very",
    "current",
    "currently",
    "right",
    "now",
    "so",
    "far",
    "and",
    "or",
    "in",
    "for",
    "from",
    "with",
    "at",
    "on",
    "to",
    "during",
    "within",
    "as",
    "it",
    "its",
    "there",
    "their",
    "they",
    "slash",
    "he",
    "she",
    "his",
    "her",
    "them",
    "that",
    "this",
    "these",
    "those",
    "all",
    "every",
    "any",
    "some",
    "value",
    "values",
    "amount",
    "money",
    "figure",
    "figures",
    "metric",
    "metrics",
    "report",
    "look",
    "looking",
    "like",
    "up",
    "down",
    "broken",
    "split",
    "each",
    "by",
    "per",
    "across",
    "new",
    "count",
    "sum",
    "level",
    "levels",
    "into",
    "about",
    "where",
    "when",
    "then",
    "than",
    "if",
    "whose",
    "s",
    "them",
    "let",
    "lets",
    "know",
    "want",
    "need",
    "quick",
    "today",
    "latest",
    "recent",
    "recently",
    "been",
    "going",
    "doing",
    "make",
    "made",
    "take",
    "takes",
    "took",
    "taking",
    "bring",
    "brings",
    "brought",
    "generate",
    "generated",
    "recorded",
    "rows",
    "entries",
    "generating",
    "come",
    "comes",
    "coming",
    "came",
    "rank",
    "ranked",
    "ranking",
    "sorted",
    "order",
    "ordered",
    "breakdown",
    "break",
    "compare",
    "comparison",
    "period",
    "date",
    "dates",
    "time",
    "times",
    "did",
    "got",
    "get",
    "gotten",
    "ones",
    "one",
    "group",
    "grouped",
    "kind",
    "type",
    "types",
    "status",
    "vs",
    "yet",
    // "what are they worth together", "the owner field", "account records", "deals that belong to".
    "together",
    "altogether",
    "plus",
    // "counting only paid invoices", "anything booked in NetSuite": words of a definition, not typos.
    "counting",
    "counted",
    "anything",
    "everything",
    "totaling",
    "totalling",
    "totaled",
    // "over 10,000 USD": the unit amounts are given in.
    "usd",
    // "between November 1 and 7 inclusive": the days named are.
    "inclusive",
    // "in the original currency": the amounts in the invoices' own currency (see `in_foreign`).
    "original",
    "inclusively",
    "field",
    "fields",
    "column",
    "records",
    "belong",
    "belongs",
    "belonging",
    // "receipts dated September": placed in that period.
    "dated",
];

/// Words that ask for a value rather than a count.
const VALUE_WORDS: &[&str] = &[
    "much", "value", "amount", "worth", "dollar", "dollars", "sum", "money", "owe", "owes", "owed",
    "owing", "size", "totals", "balance", "balances",
];

/// Words that rank (the words of `ranking_at`).
const RANKING_WORDS: &[&str] = &[
    "top",
    "best",
    "largest",
    "biggest",
    "highest",
    "most",
    "leading",
    "greatest",
    "bottom",
    "worst",
    "smallest",
    "lowest",
    "least",
    "fewest",
    "oldest",
    "newest",
    "earliest",
    "latest",
    "heaviest",
    "lightest",
    "longest",
    "slowest",
    "shortest",
    "quickest",
    "fastest",
    "cheapest",
    "costliest",
    "priciest",
];

/// Words that ask for records rather than a figure.
const LIST_WORDS: &[&str] = &["list", "show", "display", "which", "names", "name"];

/// Words that ask how long something takes ("how long", "how fast").
const DURATION_WORDS: &[&str] = &[
    "long", "duration", "fast", "quickly", "speed", "length", "hours", "hrs",
];

/// Words that ask for a figure over time ("how is MRR trending").
const TREND_WORDS: &[&str] = &[
    "trend",
    "trends",
    "trended",
    "trending",
    "history",
    "historically",
    "going up",
    "going down",
    "rising",
    "falling",
    "declining",
    "increasing",
    "decreasing",
    "growing",
    "shrinking",
];

/// The values a record is listed with ("with their MRR", "and what's their ARR", "with amounts").
const RECORD_VALUE_WORDS: &[&str] = &["mrr", "arr", "amount", "amounts", "value", "values"];

/// Words that ask for a count.
const COUNT_WORDS: &[&str] = &["many", "number", "count"];

/// The words naming a currency other than the reporting one ("in euros", "total (pounds)").
const FOREIGN_CURRENCY_WORDS: &[&str] =
    &["gbp", "eur", "jpy", "pounds", "euros", "yen", "sterling"];

/// Words asking how a figure moved between two periods ("how did bookings change from Q2 to Q3").
const CHANGE_WORDS: &[&str] = &[
    "change",
    "changed",
    "changes",
    "grow",
    "grew",
    "grown",
    "growth",
    "move",
    "moved",
    "evolve",
    "evolved",
    "difference",
    "delta",
    "differ",
    "increase",
    "increased",
    "decrease",
    "decreased",
    "rise",
    "rose",
    "risen",
    "fall",
    "fell",
    "fallen",
    "dropped",
    "decline",
    "declined",
    "jump",
    "jumped",
    "climb",
    "climbed",
    "shift",
    "shifted",
];

/// Words read as another word the model knows ("are we hitting our SLAs": meeting them).
const SYNONYMS: &[(&str, &str)] = &[
    // "accounts w/ uncollectible invoices".
    ("w", "with"),
    // "open pipe per AE": an account executive is a rep.
    ("ae", "rep"),
    // "open opps w/ prob >= 0.6".
    ("prob", "probability"),
    // "MTTR for P1s".
    ("p1s", "p1"),
    ("p2s", "p2"),
    ("p3s", "p3"),
    ("p4s", "p4"),
    // "existing customers": the current ones.
    ("existing", "current"),
    // "active users per workspace": the usage of each account (the warehouse's workspaces are resolved
    // to their accounts; said at medium, see `said_workspaces`).
    ("workspace", "account"),
    ("workspaces", "accounts"),
    // "the busiest day for API calls", "our peak spend month", "the weakest quarter": the highest
    // and the lowest.
    ("busiest", "highest"),
    ("peak", "highest"),
    ("peaked", "highest"),
    ("strongest", "highest"),
    ("weakest", "lowest"),
    ("quietest", "lowest"),
    ("hitting", "meeting"),
    ("achieving", "meeting"),
    ("hit", "meet"),
    // "who owns the Acme account": its owner.
    ("owns", "owner"),
    ("saas", "software"),
    // Account executives: the reps.
    ("aes", "reps"),
    ("subs", "subscriptions"),
    ("sub", "subscription"),
    // "issued pre-Oct 2026": before it.
    ("pre", "before"),
    ("sellers", "reps"),
    ("seller", "rep"),
    ("closer", "rep"),
    ("closers", "reps"),
    ("performer", "rep"),
    ("performers", "reps"),
    ("whos", "who"),
    // "accounts having more than 3 open invoices".
    ("having", "with"),
    // Pricing tiers are plans.
    ("tier", "plan"),
    ("tiers", "plans"),
    // Vendors' bills are what we spend; AR is what we are owed.
    ("bills", "spend"),
    ("ar", "receivables"),
    ("consumers", "customers"),
    // "MRR at stake": at risk.
    ("stake", "risk"),
];

/// Abbreviations people ask with, and the words they stand for.
const EXPANSIONS: &[(&str, &str)] = &[
    ("arpu", "average mrr per customer"),
    ("arpa", "average mrr per account"),
    ("unowned", "without an owner"),
    ("unassigned", "without an owner"),
    // "customers who've never paid", "what we've booked": the words the apostrophe joined.
    ("whove", "who have"),
    ("weve", "we have"),
    ("theyve", "they have"),
    ("youve", "you have"),
    // Shorthand typed on a phone.
    ("dept", "department"),
    ("depts", "departments"),
    ("infra", "infrastructure"),
    ("rn", "right now"),
    ("w", "with"),
    ("yr", "year"),
    ("yrs", "years"),
    ("mo", "month"),
    ("mos", "months"),
    ("qtr", "quarter"),
    ("wk", "week"),
    ("wks", "weeks"),
    ("qtrs", "quarters"),
    ("acct", "account"),
    ("accts", "accounts"),
    ("cust", "customer"),
    ("custs", "customers"),
    ("tix", "tickets"),
    ("rev", "revenue"),
    ("pct", "percent"),
    ("amt", "amount"),
    ("num", "number"),
    ("prio", "priority"),
    ("pri", "priority"),
    ("qtrly", "quarterly"),
    ("mthly", "monthly"),
    ("wkly", "weekly"),
    ("atm", "right now"),
    ("wtd", "week to date"),
    ("inv", "invoice"),
    ("invs", "invoices"),
    ("rt", "rate"),
];

/// Words between a field's name and what is said of its value ("industry is not null", "the country
/// field is empty").
const FIELD_IS_WORDS: &[&str] = &[
    "is",
    "not",
    "in",
    "excluding",
    "equals",
    "are",
    "was",
    "were",
    "isnt",
    "arent",
    "field",
    "column",
    "value",
];

/// Words saying a field has no value ("industry is null", "the domain field empty").
const MISSING_WORDS: &[&str] = &[
    "null", "empty", "blank", "missing", "unset", "none", "unknown",
];

/// The stems of the nouns naming accounts ("customers", "companies", "clients").
const ACCOUNT_STEMS: &[&str] = &["account", "custom", "client", "compani"];

/// The days of the week, as said before a date ("since Monday, October 26").
const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
];

/// The stems of the nouns naming records that can be listed ("deals", "invoices", "tickets").
const RECORD_STEMS: &[&str] = &[
    "deal",
    "opportun",
    "opp",
    "invoic",
    "ticket",
    "subscript",
    "renew",
];

/// The systems that hold accounts, by the names a question gives them.
const SYSTEMS: &[(&str, &str)] = &[
    ("salesforce", "salesforce"),
    ("sfdc", "salesforce"),
    ("crm", "salesforce"),
    ("stripe", "stripe"),
    ("netsuite", "netsuite"),
];

/// Words that ask whether a system holds an account ("has a NetSuite record", "exists in Stripe",
/// "never shown up in", "Salesforce-only").
const HELD_WORDS: &[&str] = &[
    "record", "records", "exist", "exists", "existed", "known", "know", "knows", "missing", "only",
    "shown", "show", "shows", "appear", "appears", "appeared", "present", "file",
];

/// Whether `metric`, the records of a state the question names (`ws`), and those of `state` exclude
/// each other: each state applies to the other's records ("won deals we lost" and "lost deals we won"
/// both read), which only states that are alternatives allow.
fn excludes(metric: &str, state: &model::State, ws: &[String]) -> bool {
    state.entity.contains(&metric)
        && model::STATES.iter().any(|s| {
            (s.count == metric || s.value == Some(metric))
                && s.count != state.count
                && (s.entity.contains(&state.count)
                    || state.value.is_some_and(|v| s.entity.contains(&v)))
                && ws.iter().any(|w| s.named_by(w, &stem(w)))
        })
}

/// Words that deny what follows: a value ("excluding Germany"), a state ("tickets not resolved") or a
/// column ("accounts without an owner").
const NEGATIONS: &[&str] = &[
    "ignoring",
    "disregarding",
    "omitting",
    "ex",
    "excluding",
    "skip",
    "skipping",
    "except",
    "without",
    "outside",
    "excl",
    "not",
    "non",
    "arent",
    "isnt",
    "dont",
    "doesnt",
    "didnt",
    "havent",
    "hasnt",
    "wasnt",
    "werent",
    "never",
    "missing",
    "lacking",
    "no",
];

/// What "per" divides by when it is not a breakdown.
const PER_ACCOUNT_NOUNS: &[&str] = &["customer", "account", "client", "company", "logo"];

/// Aggregations the parser has no general phrase for: seen alone, they keep an answer below high.
const AGGREGATION_WORDS: &[&str] = &[
    "share",
    "average",
    "avg",
    "mean",
    "median",
    "max",
    "maximum",
    "min",
    "minimum",
    "typical",
    "percentage",
    "percent",
    "proportion",
    "portion",
    "fraction",
    "ratio",
];

/// Words that start a breakdown: the next dimension is grouped by.
const BREAKDOWN: &[&str] = &["by", "per", "across", "each", "every", "which", "among"];

/// Nouns that name who or what a metric counts, read as a metric only when no other is asked.
const POPULATION: &[&str] = &[
    "customers",
    "customer",
    "clients",
    "accounts",
    "companies",
    "deals",
    "opportunities",
    "opps",
    "tickets",
    "invoices",
    "subscriptions",
    "vendors",
    "suppliers",
    "tools",
];

/// Words of an overview question.
const DASHBOARD_PHRASES: &[&str] = &[
    "dashboard",
    "dashboards",
    "overview",
    "summary",
    "results",
    "scorecard",
    "kpis",
    "kpi",
    "key metrics",
    "headline numbers",
    "how are we doing",
    "how is business",
    "hows business",
    "how are things",
    "how is the business",
    "state of the business",
    "business health",
    "health of the business",
    "how did we do",
    "how are we tracking",
];

/// Terms that mean more than one metric.
const AMBIGUOUS: &[(&str, &[&str])] = &[
    ("sales", &["revenue", "bookings"]),
    ("growth", &["revenue", "mrr", "customers"]),
    ("retention", &["nrr", "grr", "logo_churn"]),
    ("profit", &["gross_margin", "revenue"]),
    ("profitability", &["gross_margin"]),
    // No cost of goods sold in the data: the margin view, or all spend.
    ("cost of revenue", &["gross_margin", "spend"]),
    ("cost of goods sold", &["gross_margin", "spend"]),
    ("cogs", &["gross_margin", "spend"]),
    ("performance", &["revenue", "bookings", "open_pipeline"]),
    ("numbers", &["revenue", "mrr", "open_pipeline"]),
    (
        "deal value",
        &["bookings", "open_pipeline", "average_deal_size"],
    ),
];

/// Words and phrases asking for what NLQ does not do.
const OUT_OF_SCOPE: &[(&str, &str)] = &[
    (
        "forecast",
        "NLQ reports what the data holds; it does not forecast",
    ),
    (
        "predict",
        "NLQ reports what the data holds; it does not predict",
    ),
    (
        "prediction",
        "NLQ reports what the data holds; it does not predict",
    ),
    (
        "projected",
        "NLQ reports what the data holds; it does not project",
    ),
    (
        "will",
        "NLQ reports what the data holds; it does not predict",
    ),
    ("delete", "NLQ only reads: it does not change data"),
    ("drop", "NLQ only reads: it does not change data"),
    ("update", "NLQ only reads: it does not change data"),
    ("insert", "NLQ only reads: it does not change data"),
    (
        "customer acquisition cost",
        "customer acquisition cost needs sales and marketing spend attributed to new customers, which the metrics do not define",
    ),
    (
        "acquisition cost",
        "customer acquisition cost needs sales and marketing spend attributed to new customers, which the metrics do not define",
    ),
    (
        "cac",
        "customer acquisition cost needs sales and marketing spend attributed to new customers, which the metrics do not define",
    ),
    ("features", "product feature usage is not in the data"),
    ("feature", "product feature usage is not in the data"),
    ("refund", "refunds are not in the data"),
    ("refunds", "refunds are not in the data"),
    ("refunded", "refunds are not in the data"),
    (
        "ebitda",
        "EBITDA needs the whole profit and loss statement, which the data does not hold",
    ),
    (
        "meetings",
        "meetings, calls and other sales activities are not in the data",
    ),
    ("why", "NLQ answers what and how much, not why"),
    ("satisfaction", "customer satisfaction is not in the data"),
    ("csat", "customer satisfaction is not in the data"),
    ("nps", "customer satisfaction is not in the data"),
    ("ltv", "lifetime value is not defined in the metrics"),
    ("lifetime", "lifetime value is not defined in the metrics"),
    ("email", "email activity is not in the data"),
    ("emails", "email activity is not in the data"),
    ("should", "NLQ answers what the data says, not what to do"),
    ("quota", "quotas and targets are not in the data"),
    ("quotas", "quotas and targets are not in the data"),
    ("target", "quotas and targets are not in the data"),
    ("targets", "quotas and targets are not in the data"),
    (
        "coverage",
        "pipeline coverage needs quotas, which are not in the data",
    ),
    ("budget", "budgets are not in the data"),
    ("budgets", "budgets are not in the data"),
    ("payroll", "payroll and salaries are not in the data"),
    ("salaries", "payroll and salaries are not in the data"),
    ("salary", "payroll and salaries are not in the data"),
    ("wages", "payroll and salaries are not in the data"),
    ("bank balance", "bank balances are not in the data"),
    ("cash balance", "bank balances are not in the data"),
    ("in the bank", "bank balances are not in the data"),
    ("bank account", "bank balances are not in the data"),
    ("visitors", "website traffic is not in the data"),
    ("web traffic", "website traffic is not in the data"),
    ("website traffic", "website traffic is not in the data"),
    ("page views", "website traffic is not in the data"),
    ("pageviews", "website traffic is not in the data"),
];

/// Persona words for overview questions ("finance dashboard").
const PERSONA_WORDS: &[(&str, &str)] = &[
    ("cfo", "cfo"),
    ("finance", "cfo"),
    ("financial", "cfo"),
    ("cro", "cro"),
    ("sales", "cro"),
    ("revenue team", "cro"),
    ("coo", "coo"),
    ("operations", "coo"),
    ("ops", "coo"),
    ("support", "coo"),
    ("cto", "cto"),
    ("engineering", "cto"),
    ("tech", "cto"),
    ("technology", "cto"),
    ("platform", "cto"),
];

const UNITS: &[(&str, Grain)] = &[
    ("day", Grain::Day),
    ("days", Grain::Day),
    ("week", Grain::Week),
    ("weeks", Grain::Week),
    ("month", Grain::Month),
    ("months", Grain::Month),
    ("quarter", Grain::Quarter),
    ("quarters", Grain::Quarter),
    ("year", Grain::Year),
    ("years", Grain::Year),
];

fn unit(word: &str) -> Option<Grain> {
    UNITS.iter().find(|(w, _)| *w == word).map(|(_, g)| *g)
}

fn small_number(word: &str) -> Option<u32> {
    const WORDS: [&str; 20] = [
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
    ];
    if let Some(i) = WORDS.iter().position(|w| *w == word) {
        return u32::try_from(i + 1).ok();
    }
    const TENS: [(&str, u32); 9] = [
        ("thirty", 30),
        ("forty", 40),
        ("fifty", 50),
        ("sixty", 60),
        ("seventy", 70),
        ("eighty", 80),
        ("ninety", 90),
        ("hundred", 100),
        ("dozen", 12),
    ];
    if let Some((_, n)) = TENS.iter().find(|(w, _)| *w == word) {
        return Some(*n);
    }
    word.parse::<u32>().ok().filter(|n| (1..=1000).contains(n))
}

/// `question` with "US" and "U.S." in capitals, and "us" after "the" ("accounts in the us"), spelled out
/// as the country, before lowercasing makes them the pronoun.
fn spell_out_us(question: &str) -> String {
    let tokens: Vec<&str> = question.split(' ').collect();
    // "storage today, in GB": gigabytes where storage is asked about, not Great Britain.
    let storage = question.to_lowercase().contains("storage");
    tokens
        .iter()
        .enumerate()
        .map(|(i, token)| {
            let after_the = i > 0 && tokens[i - 1].eq_ignore_ascii_case("the");
            if after_the && token.trim_end_matches(|c: char| !c.is_alphanumeric()) == "us" {
                return token.replacen("us", "united states", 1);
            }
            let core = token.trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
            let core = match core {
                "U.S." => core,
                _ => core.trim_end_matches('.'),
            };
            // "non-US", "ex-US": the prefix, then the country.
            let core = ["non-", "Non-", "ex-", "Ex-"]
                .iter()
                .find_map(|prefix| core.strip_prefix(prefix))
                .unwrap_or(core);
            // "accounts in NL or ES": a country's code in capitals after a word that leads to a place
            // or joins two ("IT" is rather the department).
            let leads = i > 0
                && matches!(
                    tokens[i - 1]
                        .trim_matches(|c: char| !c.is_alphanumeric())
                        .to_lowercase()
                        .as_str(),
                    "in" | "from" | "or" | "and" | "not" | "excluding" | "vs" | "than"
                );
            // ("paid revenue, mfg, DE, last qtr": a code alone between commas.)
            let leads = leads || (token.ends_with(',') && i > 0 && tokens[i - 1].ends_with(','));
            // "JP accounts", "DE customers' MRR": a code before what it qualifies.
            let qualifies = tokens.get(i + 1).is_some_and(|next| {
                let next = next
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase();
                // ("AU accts", "DE opps": shorthand for the nouns.)
                let next = match EXPANSIONS.iter().find(|(short, _)| *short == next) {
                    Some((_, long)) => (*long).to_string(),
                    None => next,
                };
                let stem = stem(&next);
                ACCOUNT_STEMS.contains(&stem.as_str())
                    || RECORD_STEMS.contains(&stem.as_str())
                    || matches!(
                        next.as_str(),
                        "mrr" | "arr" | "revenue" | "pipeline" | "spend"
                    )
            });
            // "invoices in US dollars": the currency, not the country; "revenue in US dollars" is
            // the unit amounts are given in already.
            let dollars = tokens
                .get(i + 1)
                .is_some_and(|next| next.to_lowercase().starts_with("dollar"));
            let lower = |j: usize| tokens.get(j).map(|t| t.to_lowercase()).unwrap_or_default();
            let unit = i > 0
                && lower(i - 1) == "in"
                && !(i >= 2
                    && matches!(
                        lower(i - 2).as_str(),
                        "billed" | "invoiced" | "denominated" | "priced" | "charged" | "paid"
                    ));
            match core {
                // ("us healthcare mrr", "customers in us": the country, where no pronoun stands.)
                "us" if !dollars && (i == 0 || lower(i - 1) == "in") => {
                    token.replacen(core, "united states", 1)
                }
                "US" | "U.S." | "U.S" if dollars && unit => token.replacen(core, "", 1),
                "US" | "U.S." | "U.S" if dollars => token.replacen(core, "us", 1),
                "US" | "U.S." | "U.S" | "USA" => token.replacen(core, "united states", 1),
                // ("CA closed won $ last yr": a code opening a terse question.)
                code if (leads || qualifies || i == 0)
                    && code.len() == 2
                    && code != "IT"
                    && !(storage && code == "GB")
                    && code.chars().all(|c| c.is_ascii_uppercase()) =>
                {
                    match crate::vocab::country_name(code) {
                        Some(name) => token.replacen(code, name, 1),
                        None => token.to_string(),
                    }
                }
                _ => token.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Arrows between two things, in words: "Q2 -> Q3 growth" is "from Q2 to Q3 growth".
fn arrows(question: &str) -> String {
    let spaced = question.replace("->", " -> ").replace('\u{2192}', " -> ");
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    let mut out: Vec<&str> = Vec::new();
    for token in tokens {
        if token == "->" {
            if let Some(before) = out.pop() {
                if out.last().is_none_or(|w| !w.eq_ignore_ascii_case("from")) {
                    out.push("from");
                }
                out.push(before);
            }
            out.push("to");
        } else {
            out.push(token);
        }
    }
    out.join(" ")
}

/// Amounts written with a foreign currency's sign, in words: "€10,000" is "10,000 euros" (a dollar sign
/// is the reporting currency and says nothing).
fn spelled_currencies(question: &str) -> String {
    question
        .split(' ')
        .map(|token| {
            // "count + $": the dollar amount asked.
            if token == "$" {
                return "dollars".to_string();
            }
            for (sign, name) in [('€', "euros"), ('£', "pounds"), ('¥', "yen")] {
                if let Some(rest) = token.strip_prefix(sign)
                    && rest.starts_with(|c: char| c.is_ascii_digit())
                {
                    let end = rest
                        .find(|c: char| !(c.is_ascii_alphanumeric() || c == ',' || c == '.'))
                        .unwrap_or(rest.len());
                    let number = rest[..end].trim_end_matches(['.', ',']);
                    let after = &rest[number.len()..];
                    return format!("{number} {name}{after}");
                }
            }
            token.to_string()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The statuses records of `table` carry, as their sources name them.
fn statuses_of(table: &str) -> &'static [&'static str] {
    match table {
        "ticket" => &["open", "pending", "solved", "closed"],
        "subscription" => &["active", "past_due", "trialing", "canceled"],
        "revenue" => &["paid", "open", "void", "uncollectible", "draft"],
        _ => &[],
    }
}

/// "with status open", "status = past due", "in active status": the words naming a status literally
/// (with their "with"/"in"), and the status.
fn literal_status(ws: &[String]) -> Option<(std::ops::Range<usize>, &'static str)> {
    let status_at = |words: &[String]| -> Option<&'static str> {
        Some(match words {
            [a, b] if a == "past" && b == "due" => "past_due",
            [w] => match w.as_str() {
                "open" => "open",
                "pending" => "pending",
                "solved" => "solved",
                "closed" => "closed",
                "active" => "active",
                "pastdue" => "past_due",
                "trialing" | "trialling" | "trial" => "trialing",
                "canceled" | "cancelled" => "canceled",
                "paid" => "paid",
                "void" | "voided" => "void",
                "uncollectible" => "uncollectible",
                "draft" => "draft",
                _ => return None,
            },
            _ => return None,
        })
    };
    let s = ws.iter().position(|w| w == "status")?;
    let joiner = |j: usize| {
        matches!(
            ws[j].as_str(),
            "with"
                | "in"
                | "having"
                | "where"
                | "whose"
                | "of"
                | "a"
                | "an"
                | "the"
                | "their"
                | "its"
        )
    };
    // "status open", "status is past due", "status = active" (the sign is no word).
    let mut v = s + 1;
    while ws.get(v).is_some_and(|w| {
        matches!(
            w.as_str(),
            "is" | "of" | "equal" | "equals" | "as" | "set" | "to"
        )
    }) {
        v += 1;
    }
    let after = [2, 1].into_iter().find_map(|n| {
        ws.get(v..v + n)
            .and_then(status_at)
            .map(|status| (v + n, status))
    });
    let before = [2, 1].into_iter().find_map(|n| {
        s.checked_sub(n)
            .and_then(|b| status_at(&ws[b..s]).map(|status| (b, status)))
    });
    let (mut start, end, status) = match (after, before) {
        (Some((end, status)), _) => (s, end, status),
        (None, Some((start, status))) => (start, s + 1, status),
        (None, None) => return None,
    };
    while start > 0 && joiner(start - 1) {
        start -= 1;
    }
    Some((start..end, status))
}

/// How many words at the start of `ws` say "what is left of this year": "between now and (the) year
/// end", "from now until the end of the year", "the rest of the year", "before year end".
fn rest_of_year(ws: &[String]) -> Option<usize> {
    const ENDS: &[&[&str]] = &[
        &["year", "end"],
        &["yearend"],
        &["end", "of", "the", "year"],
        &["end", "of", "year"],
        &["end", "of", "this", "year"],
    ];
    const STARTS: &[&[&str]] = &[
        &["between", "now", "and"],
        &["from", "now", "until"],
        &["from", "now", "till"],
        &["from", "now", "to"],
        &["from", "now", "through"],
        &["before"],
        &["by"],
        &["until"],
        &["through"],
    ];
    let words = |at: usize, phrase: &[&str]| {
        ws.get(at..at + phrase.len())
            .is_some_and(|w| w.iter().zip(phrase).all(|(a, b)| a == b))
    };
    for start in STARTS {
        if !words(0, start) {
            continue;
        }
        let at = start.len() + usize::from(ws.get(start.len()).is_some_and(|w| w == "the"));
        if let Some(end) = ENDS.iter().find(|end| words(at, end)) {
            return Some(at + end.len());
        }
    }
    ["rest", "remainder"]
        .iter()
        .find(|w| words(0, &[w, "of", "the", "year"]))
        .map(|_| 4)
}

/// Years written short after an apostrophe: "Oct '26" is October 2026 (not the 26th).
fn apostrophe_years(question: &str) -> String {
    question
        .split(' ')
        .map(|token| {
            let short = token
                .strip_prefix('\'')
                .or_else(|| token.strip_prefix('\u{2019}'));
            match short {
                Some(rest)
                    if rest
                        .as_bytes()
                        .get(..2)
                        .is_some_and(|b| b.iter().all(u8::is_ascii_digit))
                        && !rest
                            .get(2..)
                            .is_some_and(|r| r.starts_with(|c: char| c.is_alphanumeric())) =>
                {
                    format!("20{rest}")
                }
                _ => token.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Words that name the model's things in other terms, rewritten into its own: vendor and counted bills
/// are NetSuite's spend, the cloud cost export is the warehouse source, a bare score is the health
/// score, and the account of the records ("industry of the account", "where the account is in X") is
/// a condition on it, not a breakdown by it.
fn in_model_terms(ws: &mut Vec<String>) {
    // "how much business did we close", "how much did each rep close in Q3": deals won (closing is
    // winning, said of an amount); "how much business": the amount, never the Business plan.
    if let Some(much) = ws.windows(2).position(|p| p[0] == "how" && p[1] == "much") {
        if ws.get(much + 2).is_some_and(|w| w == "business") {
            ws.remove(much + 2);
        }
        let asked = ws[much..]
            .iter()
            .position(|w| matches!(w.as_str(), "did" | "do" | "does"))
            .map(|k| much + k);
        let lost = ws
            .iter()
            .any(|w| matches!(w.as_str(), "lose" | "lost" | "losing"));
        if let Some(asked) = asked
            && !lost
            && let Some(i) = (asked + 1..ws.len()).find(|&i| {
                ws[i] == "close"
                    && ws
                        .get(i + 1)
                        .is_none_or(|w| !matches!(w.as_str(), "date" | "dates"))
            })
        {
            ws[i] = "win".to_string();
        }
    }
    // "reps with zero closed-won deals": with none; "MRR in jeopardy": at risk.
    for i in 1..ws.len() {
        match (ws[i - 1].as_str(), ws[i].as_str()) {
            ("with" | "have" | "has" | "had", "zero") => ws[i] = "no".to_string(),
            ("in", "jeopardy") => {
                ws[i - 1] = "at".to_string();
                ws[i] = "risk".to_string();
            }
            _ => {}
        }
    }
    // "how much revenue did we book in September": the revenue, not the deals booked beside it.
    if ws.iter().any(|w| w == "revenue")
        && let Some(i) = (1..ws.len())
            .find(|&i| ws[i] == "book" && matches!(ws[i - 1].as_str(), "we" | "they" | "you"))
    {
        ws.remove(i);
    }
    // "accounts that haven't used the API", "which workspaces hit the API hardest": API calls made.
    let mut k = 0;
    while k + 2 < ws.len() {
        if matches!(
            ws[k].as_str(),
            "use"
                | "used"
                | "uses"
                | "using"
                | "hit"
                | "hits"
                | "hitting"
                | "call"
                | "called"
                | "calls"
                | "calling"
                | "touch"
                | "touched"
        ) && ws[k + 1] == "the"
            && ws[k + 2] == "api"
            && ws
                .get(k + 3)
                .is_none_or(|w| !matches!(w.as_str(), "calls" | "call"))
        {
            ws.splice(k..k + 3, ["made", "api", "calls"].map(str::to_string));
        }
        k += 1;
    }
    // "the account records", "ticket rows": the accounts, the tickets.
    let mut k = 0;
    while k + 1 < ws.len() {
        let entity = match ws[k].as_str() {
            "opportunity" => Some("opportunities"),
            "account" | "ticket" | "invoice" | "subscription" | "customer" | "deal" | "vendor" => {
                None
            }
            _ => {
                k += 1;
                continue;
            }
        };
        if matches!(ws[k + 1].as_str(), "records" | "rows" | "entries") {
            let plural = entity.map_or_else(|| format!("{}s", ws[k]), str::to_string);
            ws.splice(k..k + 2, [plural]);
        }
        k += 1;
    }
    // "the five highest-value open opportunities", "the most valuable deals": the biggest ones.
    let mut k = 0;
    while k + 2 < ws.len() {
        let valued = matches!(
            (ws[k].as_str(), ws[k + 1].as_str()),
            (
                "highest" | "top" | "greatest" | "largest" | "biggest",
                "value" | "valued" | "dollar" | "amount"
            ) | ("most", "valuable")
        );
        let records_follow = ws[k + 2..]
            .iter()
            .take(3)
            .any(|w| RECORD_STEMS.contains(&stem(w).as_str()))
            && !ws[k + 2..].iter().take(3).any(|w| w == "of");
        if valued && records_follow {
            ws.splice(k..k + 2, ["biggest".to_string()]);
        }
        k += 1;
    }
    // "which customers did we collect the most cash from": the cash is what was collected.
    if ws.iter().any(|w| {
        matches!(
            w.as_str(),
            "collect" | "collected" | "collecting" | "collections" | "receipts" | "received"
        )
    }) {
        let mut k = 0;
        while k < ws.len() {
            let named = ws
                .get(k + 1)
                .is_some_and(|w| matches!(w.as_str(), "receipts" | "received" | "collected"));
            if ws[k] == "cash" && !named {
                ws.remove(k);
            } else {
                k += 1;
            }
        }
    }
    // "full year 2025", "calendar 2025": all of the year.
    let mut k = 0;
    while k + 1 < ws.len() {
        let year =
            |w: &String| w.len() == 4 && w.parse::<u32>().is_ok_and(|y| (1990..2100).contains(&y));
        let qualifier = matches!(ws[k].as_str(), "full" | "calendar" | "whole" | "entire");
        let span = match (ws.get(k + 1), ws.get(k + 2)) {
            (Some(y), _) if year(y) => 1,
            (Some(w), Some(y)) if w == "year" && year(y) => 2,
            _ => 0,
        };
        if qualifier && span > 0 {
            ws.splice(k..k + span, ["all".to_string(), "of".to_string()]);
        }
        k += 1;
    }
    // "accounts with an active or past-due subscription", "active plus past due subscriptions' MRR":
    // the live ones; "active trials": the trials.
    let mut k = 0;
    while k < ws.len() {
        let joined = |w: &str| matches!(w, "or" | "and" | "plus" | "&");
        let said = |at: usize, a: &str, b: &str| {
            ws.get(at).is_some_and(|w| w == a) && ws.get(at + 1).is_some_and(|w| w == b)
        };
        let live = if ws[k] == "active" && ws.get(k + 1).is_some_and(|w| joined(w)) {
            said(k + 2, "past", "due").then_some(4)
        } else if said(k, "past", "due") && ws.get(k + 2).is_some_and(|w| joined(w)) {
            (ws.get(k + 3).is_some_and(|w| w == "active")).then_some(4)
        } else {
            None
        };
        if let Some(n) = live {
            ws.splice(k..k + n, ["live".to_string()]);
        } else if ws[k] == "active"
            && ws
                .get(k + 1)
                .is_some_and(|w| matches!(w.as_str(), "trial" | "trials" | "trialing"))
        {
            ws.remove(k);
            continue;
        }
        k += 1;
    }
    // "accounts currently flagged at risk", "the accounts that are at risk": the at-risk accounts.
    let mut k = 0;
    while k < ws.len() {
        if matches!(
            ws[k].as_str(),
            "accounts" | "customers" | "clients" | "companies" | "account" | "customer"
        ) {
            let mut j = k + 1;
            while ws.get(j).is_some_and(|w| {
                matches!(
                    w.as_str(),
                    "that"
                        | "which"
                        | "who"
                        | "are"
                        | "is"
                        | "currently"
                        | "now"
                        | "flagged"
                        | "marked"
                        | "as"
                        | "being"
                )
            }) {
                j += 1;
            }
            let flagged = ws[k + 1..j].iter().any(|w| {
                matches!(
                    w.as_str(),
                    "that" | "which" | "who" | "currently" | "now" | "flagged" | "marked"
                )
            });
            if flagged
                && ws.get(j).is_some_and(|w| w == "at")
                && ws.get(j + 1).is_some_and(|w| w == "risk")
            {
                let noun = ws[k].clone();
                ws.splice(k..j + 2, ["at".to_string(), "risk".to_string(), noun]);
                k += 3;
                continue;
            }
        }
        k += 1;
    }
    // "customers who reached out to support", "contacted support": those who opened tickets.
    let mut k = 0;
    while k < ws.len() {
        let said = match (
            ws[k].as_str(),
            ws.get(k + 1).map(String::as_str),
            ws.get(k + 2).map(String::as_str),
            ws.get(k + 3).map(String::as_str),
        ) {
            ("reached" | "reach", Some("out"), Some("to"), Some("support")) => 4,
            ("contacted" | "contact", Some("support"), _, _) => 2,
            _ => 0,
        };
        if said > 0 {
            ws.splice(k..k + said, ["opened".to_string(), "tickets".to_string()]);
        }
        k += 1;
    }
    // "win %": the win rate, in percent.
    let mut k = 0;
    while k + 1 < ws.len() {
        if ws[k] == "win" && matches!(ws[k + 1].as_str(), "percent" | "pct") {
            ws.splice(k + 1..k + 2, ["rate".to_string(), "percent".to_string()]);
        }
        k += 1;
    }
    // "based on payment dates": the day paid.
    for k in 1..ws.len() {
        if matches!(ws[k].as_str(), "date" | "dates" | "day") && ws[k - 1] == "payment" {
            ws[k - 1] = "paid".to_string();
        }
    }
    // "customers behind on payment", "late on their payments": past due.
    let mut k = 0;
    while k + 2 < ws.len() {
        let on_payment = ws[k + 1] == "on"
            && matches!(ws[k + 2].as_str(), "payment" | "payments" | "their" | "its");
        let said = matches!(ws[k].as_str(), "behind" | "late") && on_payment;
        if said {
            let end = if matches!(ws[k + 2].as_str(), "their" | "its") {
                k + 4
            } else {
                k + 3
            };
            if ws
                .get(end - 1)
                .is_some_and(|w| matches!(w.as_str(), "payment" | "payments"))
            {
                ws.splice(k..end, ["past".to_string(), "due".to_string()]);
            }
        }
        k += 1;
    }
    // "how has it moved quarter to quarter", "month to month": by the period.
    let mut k = 0;
    while k + 2 < ws.len() {
        let unit = matches!(
            ws[k].as_str(),
            "day" | "week" | "month" | "quarter" | "year"
        );
        if unit && ws[k + 1] == "to" && ws[k + 2] == ws[k] {
            let by_unit = ["by".to_string(), ws[k].clone()];
            ws.splice(k..k + 3, by_unit);
        }
        k += 1;
    }
    // "top-10 MRR concentration": the share the top ones hold.
    if ws.iter().any(|w| w == "top") {
        for w in ws.iter_mut().filter(|w| *w == "concentration") {
            *w = "share".to_string();
        }
    }
    // "new logos by quarter 2025-now", "from 2025 to date": since the year's start.
    let mut k = 0;
    while k + 1 < ws.len() {
        // (Not "April 2026 to now", "Q1 2025 - today": those are read as they are.)
        let of_a_part = k > 0
            && (time::month_number(&ws[k - 1]).is_some()
                || matches!(ws[k - 1].as_str(), "q1" | "q2" | "q3" | "q4" | "h1" | "h2"));
        let year = !of_a_part
            && ws[k].len() == 4
            && ws[k]
                .parse::<u32>()
                .is_ok_and(|y| (1990..2100).contains(&y));
        let now = |w: &str| matches!(w, "now" | "present" | "today" | "date");
        let span = if !year {
            0
        } else if matches!(ws[k + 1].as_str(), "now" | "present" | "today") {
            2
        } else if matches!(ws[k + 1].as_str(), "to" | "through" | "until" | "till")
            && ws.get(k + 2).is_some_and(|w| now(w))
        {
            3
        } else {
            0
        };
        if span > 0 {
            let year = ws[k].clone();
            let from = k > 0 && ws[k - 1] == "from";
            ws.splice(k - usize::from(from)..k + span, ["since".to_string(), year]);
        }
        k += 1;
    }
    // "which customer pays us the most per month": what it pays per month, ranked.
    if let Some(pay) = ws
        .iter()
        .position(|w| matches!(w.as_str(), "pay" | "pays" | "paying"))
    {
        let after = pay + 1 + usize::from(ws.get(pay + 1).is_some_and(|w| w == "us"));
        let month = (after..ws.len().min(after + 4)).find(|&j| {
            matches!(ws[j].as_str(), "per" | "a" | "each" | "every")
                && ws.get(j + 1).is_some_and(|w| w == "month")
        });
        if let Some(j) = month
            && j > after
            && ws[after..j].iter().all(|w| {
                matches!(
                    w.as_str(),
                    "the" | "most" | "least" | "more" | "less" | "highest" | "lowest"
                )
            })
        {
            let per_month: Vec<String> = ws.drain(j..j + 2).collect();
            ws.splice(after..after, per_month);
        }
    }
    // "vendor bills", "AP bills": the bills of accounts payable, booked in NetSuite (the warehouse's
    // cost export holds no bills).
    for i in 1..ws.len() {
        if matches!(ws[i].as_str(), "bill" | "bills")
            && matches!(
                ws[i - 1].as_str(),
                "vendor" | "vendors" | "supplier" | "suppliers" | "ap" | "payable" | "payables"
            )
        {
            ws[i - 1] = "netsuite".to_string();
            ws[i] = "spend".to_string();
        }
    }
    // "the fraction won for each industry of the account": the account's industry.
    for k in (1..ws.len().saturating_sub(2)).rev() {
        if ws.get(k).is_some_and(|w| w == "of")
            && ws
                .get(k + 1)
                .is_some_and(|w| matches!(w.as_str(), "the" | "their" | "its"))
            && ws
                .get(k + 2)
                .is_some_and(|w| matches!(w.as_str(), "account" | "accounts" | "customer"))
            && matches!(
                ws[k - 1].as_str(),
                "industry" | "industries" | "country" | "countries" | "plan" | "plans" | "owner"
            )
        {
            ws.drain(k..k + 3);
        }
    }
    // "the ticket backlog", "backlog size": the tickets still open. ("in quarter order", "in date
    // order", "chronologically": the order a series comes in already.)
    let other_records = ws.iter().any(|w| {
        let stem = stem(w);
        RECORD_STEMS.contains(&stem.as_str()) && !stem.starts_with("ticket")
    });
    let mut k = 0;
    while k < ws.len() {
        // ("open + pending tickets": every unresolved one, as "open" reads already.)
        if ws[k] == "open"
            && ws
                .get(k + 1)
                .is_some_and(|w| matches!(w.as_str(), "plus" | "and" | "or" | "&"))
            && ws.get(k + 2).is_some_and(|w| w == "pending")
        {
            ws.drain(k + 1..k + 3);
        }
        // ("collections by payment date": the day that places them, not a breakdown.)
        if ws[k] == "by" {
            let the = usize::from(ws.get(k + 1).is_some_and(|w| w == "the"));
            let dated = matches!(
                (
                    ws.get(k + 1 + the).map(String::as_str),
                    ws.get(k + 2 + the).map(String::as_str)
                ),
                (Some("payment" | "paid"), Some("date" | "day"))
                    | (Some("date" | "day"), Some("paid"))
            );
            if dated {
                ws.drain(k..=k + the);
            }
        }
        // ("Technology accounts' tickets last quarter": the tickets from those accounts.)
        let accounts_noun = matches!(
            ws[k].as_str(),
            "accounts" | "customers" | "accts" | "clients" | "account" | "customer" | "acct"
        );
        let records_noun = ws.get(k + 1).is_some_and(|w| {
            matches!(
                w.as_str(),
                "tickets"
                    | "tix"
                    | "deals"
                    | "opportunities"
                    | "opps"
                    | "invoices"
                    | "subscriptions"
            )
        });
        if accounts_noun && records_noun && k > 0 {
            let mut start = k;
            while start > 0 {
                let before = ws[start - 1].as_str();
                if before == "risk" && start >= 2 && ws[start - 2] == "at" {
                    start -= 2;
                } else if !STOPWORDS.contains(&before)
                    && time::month_number(before).is_none()
                    && time::year_number(before).is_none()
                    && !before.chars().any(|c| c.is_ascii_digit())
                    && !matches!(before, "this" | "last" | "ytd" | "qtd" | "mtd")
                {
                    start -= 1;
                } else {
                    break;
                }
            }
            if start < k {
                let records = ws.remove(k + 1);
                ws.splice(start..start, [records, "from".to_string()]);
                k += 2;
            }
        }
        // ("sum of amount for open opps, one number": a single figure, no count asked.)
        if matches!(ws[k].as_str(), "one" | "single")
            && ws
                .get(k + 1)
                .is_some_and(|w| w == "number" || w == "figure")
            && ws.get(k + 2).is_none_or(|w| w != "of")
        {
            let a = usize::from(k > 0 && ws[k - 1] == "a");
            ws.drain(k - a..k + 2);
            k -= a;
            continue;
        }
        // ("wtd pipe": weighted, not week to date.)
        if ws[k] == "wtd"
            && ws
                .get(k + 1)
                .is_some_and(|w| matches!(w.as_str(), "pipe" | "pipeline" | "forecast"))
        {
            ws[k] = "weighted".to_string();
        }
        if ws[k] == "backlog" && !other_records {
            let ticket = ws
                .get(k + 1)
                .is_some_and(|w| w == "tickets" || w == "ticket");
            let said = ["open".to_string(), "tickets".to_string()];
            ws.splice(k..=k + usize::from(ticket), said);
            k += 2;
        } else if ws[k] == "in"
            && ws.get(k + 2).is_some_and(|w| w == "order")
            && ws.get(k + 1).is_some_and(|w| {
                unit(w).is_some() || matches!(w.as_str(), "date" | "chronological" | "time")
            })
        {
            ws.drain(k..k + 3);
        } else if ws[k] == "chronologically" {
            ws.remove(k);
        } else {
            k += 1;
        }
    }
    // "(name / owner / amount)": a list; "2025 costs / 2025 revenue": the first over the second, when
    // two figures are named (else nothing: "green / yellow / red").
    for k in (0..ws.len()).rev() {
        if ws[k] != "slash" {
            continue;
        }
        let listed = |w: Option<&String>| {
            w.is_some_and(|w| {
                matches!(
                    w.as_str(),
                    "name"
                        | "names"
                        | "owner"
                        | "amount"
                        | "stage"
                        | "date"
                        | "priority"
                        | "account"
                )
            })
        };
        if listed(k.checked_sub(1).and_then(|j| ws.get(j))) || listed(ws.get(k + 1)) {
            ws.remove(k);
        }
    }
    // "September 2026 next to September 2025", "side by side", "both numbers": two periods' figures,
    // each shown.
    let mut k = 0;
    while k + 1 < ws.len() {
        let period_next = ws.get(k + 2).is_some_and(|w| {
            time::month_number(w).is_some()
                || time::year_number(w).is_some()
                || matches!(
                    w.as_str(),
                    "last" | "this" | "the" | "q1" | "q2" | "q3" | "q4"
                )
        });
        if ws[k] == "side" && ws[k + 1] == "by" && ws.get(k + 2).is_some_and(|w| w == "side") {
            ws.splice(k..k + 3, ["separately".to_string()]);
        } else if ws[k] == "both"
            && matches!(
                ws[k + 1].as_str(),
                "numbers" | "figures" | "values" | "totals"
            )
        {
            ws.drain(k..k + 2);
        } else if ws[k] == "next" && ws[k + 1] == "to" && period_next {
            ws.splice(k..k + 2, ["vs".to_string()]);
        } else {
            k += 1;
        }
    }
    // "closed opps (won + lost)", "deals that closed, either way": the deals closed, won or lost.
    if ws.iter().any(|w| w == "closed") {
        let mut k = 0;
        while k + 1 < ws.len() {
            let pair = matches!(
                (ws[k].as_str(), ws.get(k + 2).map(String::as_str)),
                ("won", Some("lost")) | ("lost", Some("won"))
            ) && matches!(ws[k + 1].as_str(), "plus" | "and" | "&");
            if pair {
                ws.splice(k..k + 3, ["won", "or", "lost"].map(str::to_string));
                k += 3;
            } else if ws[k] == "closed" && ws[k + 1] == "out" {
                ws.remove(k + 1);
            } else if ws[k] == "either" && ws[k + 1] == "way" {
                ws.splice(k..k + 2, ["won", "or", "lost"].map(str::to_string));
                k += 3;
            } else {
                k += 1;
            }
        }
    }
    // "deal count by stage (open and closed)", "accounts with 5 opportunities (any stage)": every
    // record, whatever its state.
    let mut k = 0;
    while k + 2 < ws.len() {
        let any_stage = matches!(ws[k].as_str(), "any" | "all" | "every")
            && matches!(
                ws[k + 1].as_str(),
                "stage" | "stages" | "status" | "statuses" | "state" | "states"
            );
        let both_states = matches!(
            (ws[k].as_str(), ws[k + 1].as_str(), ws[k + 2].as_str()),
            ("open", "and" | "or", "closed") | ("closed", "and" | "or", "open")
        );
        if any_stage && !(k > 0 && matches!(ws[k - 1].as_str(), "by" | "per" | "in" | "each")) {
            ws.drain(k..k + 2);
        } else if both_states {
            ws.drain(k..k + 3);
        } else {
            k += 1;
        }
    }
    // "won opps where account industry = financial services": the records' account's industry.
    for k in (1..ws.len().saturating_sub(1)).rev() {
        if ws[k - 1] == "where"
            && matches!(ws[k].as_str(), "account" | "accounts" | "customer")
            && matches!(ws[k + 1].as_str(), "industry" | "country" | "employees")
        {
            ws.remove(k);
        }
    }
    // "deals where the account is in Financial Services": a condition on the records' account, not
    // a breakdown by it.
    let mut k = 0;
    while k + 2 < ws.len() {
        let article = usize::from(ws[k + 1] == "the");
        let is_at = k + 2 + article;
        if matches!(ws[k].as_str(), "where" | "whose")
            && ws
                .get(k + 1 + article)
                .is_some_and(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()))
            && ws
                .get(is_at)
                .is_some_and(|w| matches!(w.as_str(), "is" | "are"))
        {
            ws.drain(k..=is_at);
        } else {
            k += 1;
        }
    }
    // "how many bills came in", "the number of SaaS bills": counted, bills are vendor bills (the
    // export has none).
    let counted_bills: Vec<usize> = (0..ws.len())
        .filter(|&i| {
            ws[i] == "bills"
                && ws[i.saturating_sub(3)..i]
                    .iter()
                    .any(|w| matches!(w.as_str(), "many" | "number" | "count" | "#"))
        })
        .collect();
    for i in counted_bills.into_iter().rev() {
        ws[i] = "spend".to_string();
        ws.insert(i, "netsuite".to_string());
    }
    // "avg score among the red band": the only score the model holds is the accounts' health.
    if let Some(i) = ws
        .iter()
        .position(|w| w == "score")
        .filter(|&i| i == 0 || ws[i - 1] != "health")
    {
        ws.insert(i, "health".to_string());
    }
    // "the cloud cost export": the warehouse's export of daily cloud costs, a source of its own.
    for i in 1..ws.len() {
        if matches!(ws[i].as_str(), "export" | "exports")
            && matches!(
                ws[i - 1].as_str(),
                "cost" | "costs" | "cloud" | "billing" | "spend"
            )
        {
            ws[i] = "warehouse".to_string();
        }
    }
    // ("the warehouse export": said once.)
    for i in (1..ws.len()).rev() {
        if matches!(ws[i].as_str(), "export" | "exports") && ws[i - 1] == "warehouse" {
            ws.remove(i);
        }
    }
}

/// "jan-oct 26 vs jan-oct 25": two spans of months compared, each closed by two digits, are two years
/// ("2026", "2025"); one span alone may end on a day ("jan-oct 26").
fn years_after_month_spans(question: &str) -> String {
    let tokens: Vec<&str> = question.split(' ').collect();
    let span = |t: &str| {
        t.split_once('-').is_some_and(|(a, b)| {
            time::month_number(&a.to_lowercase()).is_some()
                && time::month_number(&b.to_lowercase()).is_some()
        })
    };
    let two_digits = |t: &str| {
        let t = t.trim_end_matches([',', '?', '.', ';', ')']);
        t.len() == 2 && t.bytes().all(|b| b.is_ascii_digit())
    };
    let closed: Vec<usize> = (1..tokens.len())
        .filter(|&i| span(tokens[i - 1]) && two_digits(tokens[i]))
        .collect();
    if closed.len() < 2 {
        return question.to_string();
    }
    tokens
        .iter()
        .enumerate()
        .map(|(i, t)| {
            if closed.contains(&i) {
                format!("20{t}")
            } else {
                (*t).to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Thresholds written in shorthand, in words the parser reads: "1000+ employees" and "1,000 employees
/// or more" are "at least 1000 employees", "200 to 999 employees" is "between 200 and 999 employees",
/// "a thousand" is 1000, and companies that "employ 500 people" have 500 employees.
fn spelled_thresholds(question: &str) -> String {
    let number = |t: &str| {
        let t = t.trim_start_matches('$').replace(',', "").to_lowercase();
        scaled_number(&t).is_some()
    };
    let tokens: Vec<String> = question
        .split_whitespace()
        .map(|t| match t.to_lowercase().as_str() {
            "employ" | "employs" | "employing" => "have".to_string(),
            _ => t.to_string(),
        })
        .collect();
    let lower = |i: usize| tokens.get(i).map(|t| t.to_lowercase()).unwrap_or_default();
    let headcount = |w: &str| {
        matches!(
            w.trim_end_matches([',', '?', '.', ')']),
            "employees" | "employee" | "people" | "staff" | "headcount" | "workers"
        )
    };
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i].as_str();
        let core = t.trim_end_matches([',', '?', '.', ')']);
        if let Some(n) = core.strip_suffix('+').filter(|n| number(n)) {
            out.extend(["at".to_string(), "least".to_string(), n.to_string()]);
            i += 1;
            continue;
        }
        if lower(i) == "a" && matches!(lower(i + 1).as_str(), "thousand" | "hundred") {
            let n = if lower(i + 1) == "thousand" {
                "1000"
            } else {
                "100"
            };
            out.push(n.to_string());
            i += 2;
            continue;
        }
        if number(core)
            && lower(i + 1) == "to"
            && tokens.get(i + 2).is_some_and(|n| number(n))
            && headcount(&lower(i + 3))
        {
            out.extend([
                "between".to_string(),
                core.to_string(),
                "and".to_string(),
                tokens[i + 2].clone(),
            ]);
            i += 3;
            continue;
        }
        // "1k-5k employee customers": between.
        if let Some((low, high)) = core.split_once('-')
            && number(low)
            && number(high)
            && headcount(&lower(i + 1))
        {
            out.extend([
                "between".to_string(),
                low.to_string(),
                "and".to_string(),
                high.to_string(),
                "employees".to_string(),
            ]);
            i += 2;
            continue;
        }
        // "1000 people or more": at least.
        if number(core)
            && headcount(&lower(i + 1))
            && lower(i + 2) == "or"
            && matches!(
                lower(i + 3).trim_end_matches([',', '?', '.']),
                "more" | "above"
            )
        {
            out.extend(["at".to_string(), "least".to_string(), core.to_string()]);
            out.push(if lower(i + 1).starts_with("people") {
                "employees".to_string()
            } else {
                tokens[i + 1].clone()
            });
            i += 4;
            continue;
        }
        if lower(i).trim_end_matches([',', '?', '.']) == "people"
            && i > 0
            && number(tokens[i - 1].trim_end_matches([',', '?', '.']))
        {
            out.push(t.to_lowercase().replacen("people", "employees", 1));
            i += 1;
            continue;
        }
        out.push(t.to_string());
        i += 1;
    }
    out.join(" ")
}

/// Whether `w` is a word questions use that says nothing by itself ("the", "new", "each").
pub(crate) fn is_stopword(w: &str) -> bool {
    STOPWORDS.contains(&w)
}

/// A number written as one word, and the scale its suffix gives: `50k` is (50, 1000), `1.5m` (1.5,
/// 1000000), `50000` (50000, 1).
pub(crate) fn scaled_number(w: &str) -> Option<(f64, f64)> {
    let (digits, scale) = if let Some(d) = w.strip_suffix('k') {
        (d, 1e3)
    } else if let Some(d) = w.strip_suffix("mm").or_else(|| w.strip_suffix('m')) {
        (d, 1e6)
    } else if let Some(d) = w.strip_suffix('b') {
        (d, 1e9)
    } else {
        (w, 1.0)
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    Some((digits.parse().ok()?, scale))
}

/// A number with an optional scale: `50k`, `1.5m`, `50000`, and (with the next word) `50 thousand`.
fn amount(ws: &[String], i: usize) -> Option<(f64, usize)> {
    let (value, scale) = scaled_number(ws.get(i)?)?;
    if scale == 1.0 {
        let next = ws.get(i + 1).map(String::as_str);
        let scale = match next {
            Some("k" | "thousand") => 1e3,
            Some("m" | "million" | "mm" | "mn") => 1e6,
            Some("b" | "billion" | "bn") => 1e9,
            _ => return Some((value, 1)),
        };
        return Some((value * scale, 2));
    }
    Some((value * scale, 1))
}

/// A time expression found in the question.
#[derive(Debug, Clone)]
enum TimeHit {
    /// A period; `unit` when it is a calendar unit relative to today ("last year"), for the matching
    /// current period of a comparison.
    Period {
        period: Period,
        unit: Option<Grain>,
        assumption: Option<String>,
    },
    /// A breakdown over time.
    Grain {
        grain: Grain,
        assumption: Option<String>,
    },
    /// "year over year": compare with the period `months` earlier.
    Shift { months: u32, unit: Grain },
    /// "vs the previous period".
    PriorPeriod,
}

/// One reading of a value: a dimension and the values it names there.
type Reading = (&'static str, Vec<String>);

struct Parser<'a> {
    vocabulary: &'a Vocabulary,
    today: NaiveDate,
    ws: Vec<String>,
    query: SemanticQuery,
    notes: Vec<Note>,
    options: Vec<&'static str>,
    unanswerable: bool,
    dashboard: bool,
    dashboard_persona: Option<&'static str>,
    expect_dimension: bool,
    /// "by employees": what records are ranked by, when not their amount.
    rank_by: Option<NumberField>,
    /// "oldest", "most recent": records ranked by when they happened (the words, for a note).
    by_time: Option<String>,
    negate: bool,
    /// "not counting trials", "trials excluded": said of the trials.
    without_trials: bool,
    /// A number read as nothing else: "the 3 at-risk accounts with the lowest score" ranks 3.
    loose_number: Option<u32>,
    /// "at the start of Q2": the period next read is its first day.
    at_start: bool,
    /// "the same quarter of 2025": the next period is the same part of the year read as the first;
    /// where the words began.
    same_part_next: Option<usize>,
    /// Where the last period read ended.
    time_end: usize,
    /// "vs all of 2025": the period compared is whole, not cut to the days of the current one.
    whole_compared: bool,
    /// "FR vs NL", "tech versus fin services", "the technology and manufacturing industries": values
    /// of one dimension each answered apart (compared with each other, not with another period).
    values_apart: bool,
    /// A threshold said of a total ("spend over 50k") before any breakdown was read.
    total_threshold: bool,
    /// Where the last negation word was ("excluding deals under $5,000": the threshold it denies).
    negated_at: Option<usize>,
    /// The calendar year the question's period is ("2025 revenue"): a quarter or month named after it
    /// without a year is in it.
    year_named: Option<i32>,
    compare_next: bool,
    range_next: bool,
    ranking: bool,
    trend_words: bool,
    shift: Option<(u32, Grain)>,
    prior_period: bool,
    time_unit: Option<Grain>,
    compare_unit: Option<Grain>,
    plural: bool,
    population: Option<&'static str>,
    compare_verb: bool,
    /// State words seen and not part of a phrase: (the word, its stem).
    states: Vec<(String, String)>,
    /// The word after the last value read, and the value's dimension: "green health" is the value's
    /// own noun there, not the health score.
    after_value: Option<(usize, &'static str)>,
    /// State words read after a negation ("tickets not resolved", "deals we haven't won yet").
    negated_states: Vec<(String, String)>,
    /// "how much", "the value of", "amount": the question asks for a value.
    value_word: bool,
    /// "how many", "number of", "count": the question asks for a count.
    count_word: bool,
    /// Words of an aggregation the parser has no phrase for ("average", "percentage").
    aggregation: Vec<String>,
    /// "per customer", "per account": divided by the accounts counted.
    per_account: bool,
    /// The word after the last dimension phrase read: a dimension right there is a compound noun.
    after_dimension: Option<usize>,
    /// "recent", "latest": a time the question implies but does not name.
    vague_time: Option<String>,
    /// "new": records that began in the period.
    new_word: bool,
    /// Words naming an event that places records in time ("closing", "resolved"), as written.
    events: Vec<String>,
    /// "how long", "how fast": the question asks for a duration.
    duration_word: bool,
    /// Values of several dimensions ("consulting": an industry and a cost category): the note said,
    /// and each reading (dimension, values), the first applied.
    value_readings: Vec<(String, Vec<Reading>)>,
    /// "largest first", "high to low": the rows are ordered as asked (a list, not a ranking cut).
    ordered: bool,
    /// "Jan through Jun": a range of time, never the two ends of a change.
    range_through: bool,
    /// The last period read was the one compared with ("Jan-Jun 2026 compared with Jan-Jun 2025").
    compare_last: bool,
    /// A second period named apart from the first, with nothing said yet of how the two go together
    /// ("Q1 2026 bookings grow over Q1 2025"): compared with it if the question compares.
    second_period: Option<Period>,
    /// Event words read as states before their records ("a paid invoice in 2025").
    state_events: Vec<String>,
    /// "rate", "how often": the question asks how often a state occurs, not how many.
    rate_word: bool,
    /// "change", "grew": the question asks how a figure moved (answered by a comparison).
    change_word: Option<String>,
    /// Event words inside a metric's phrase ("deals created"), by metric.
    phrase_events: Vec<(&'static str, String)>,
    /// "with no activity in the last 60 days": the days a deal has been idle, at least.
    idle_days: Option<f64>,
    /// How the records' age in days compares ("more than 90 days old").
    age: Option<(Comparison, f64)>,
    /// How long each ticket took to be resolved, in hours ("took more than 72 hours to resolve").
    resolution_hours: Option<(Comparison, f64)>,
    /// How a deal's probability compares, as a fraction ("a probability of 60% or more").
    probability: Option<(Comparison, f64)>,
    /// "the last 12 months ending October 2026": the months up to the end of the period named.
    months_ending: Option<u32>,
    /// Where "first" was said alone ("2025 first"): the order of two periods.
    said_first: Option<usize>,
    /// The year said before "first" ("2025 first").
    first_year: Option<i32>,
    /// The period read last was joined to the one before by "and".
    joined_period: bool,
    /// ... by "and" and the preposition said again ("in Q2 and in Q3").
    joined_again: bool,
    /// The question said "workspace(s)", read as accounts.
    said_workspaces: bool,

    /// "tickets with status open", "subscriptions in active status": the status, as the source has it.
    status: Option<&'static str>,
    /// Where the last value denied ends, and its dimension: "other than Starter and Growth".
    denied_until: Option<(usize, &'static str)>,
    /// Metrics a state word narrowed, and what to: ("tickets", "breached_tickets").
    narrowed: Vec<(String, String)>,
    /// "the most common priority": the value with the most records.
    commonest: bool,
    /// "health" or "how healthy" named the health score.
    health_word: bool,
    /// Where the last "vs" was.
    compare_at: Option<usize>,
}

/// Parses `question` for the asker `persona`, relative to the day `today`.
pub fn parse(
    vocabulary: &Vocabulary,
    question: &str,
    persona: Option<&'static Persona>,
    today: NaiveDate,
) -> Parsed {
    // "who do we have bad debt with? names of accounts with uncollectible invoices": a question asked
    // twice in other words is that question.
    if let Some((first, second)) = question.split_once("? ")
        && !second.trim().is_empty()
    {
        let (a, b) = (
            parse(vocabulary, first, persona, today),
            parse(vocabulary, second, persona, today),
        );
        if a.query == b.query && !a.unanswerable && !a.query.metrics.is_empty() {
            let penalty = |p: &Parsed| p.notes.iter().map(|n| n.penalty).sum::<f64>();
            return if penalty(&a) <= penalty(&b) { a } else { b };
        }
    }
    let mut p = Parser::new(vocabulary, today);
    // "Q2 -> Q3": from Q2 to Q3 (not "over").
    let question = &arrows(question);
    // "accts w/o owner": without.
    let question = &question
        .replace("w/o ", "without ")
        .replace("W/O ", "without ");
    let mut ws: Vec<String> = words(&spell_out_us(&day_ranges(&spelled_dates(
        &without_preamble(&dashed_ranges(&without_enumerations(
            vocabulary,
            &spelled_formulas(&spelled_currencies(&apostrophe_years(
                &years_after_month_spans(&spelled_thresholds(&asides_last(&listed_after_colon(
                    question,
                )))),
            ))),
        ))),
    ))));
    in_model_terms(&mut ws);
    let when = asks_when(&mut ws);
    // ("workspaces" are read as their accounts: never confidently, a workspace is not an account.)
    p.said_workspaces = ws.iter().any(|w| w == "workspace" || w == "workspaces");
    let ws: Vec<String> = ws
        .into_iter()
        .map(|w| match SYNONYMS.iter().find(|(word, _)| *word == w) {
            Some((_, canonical)) => (*canonical).to_string(),
            None => w,
        })
        .collect();
    // "USD invoices", "currency was USD": the currency (elsewhere, the unit of the amounts).
    let ws: Vec<String> = ws
        .iter()
        .enumerate()
        .flat_map(|(i, w)| {
            let named = w == "usd"
                && (ws.get(i + 1).is_some_and(|next| {
                    matches!(
                        stem(next).as_str(),
                        "invoic" | "subscript" | "payment" | "currenc" | "bill" | "denomin"
                    )
                }) || (i > 0
                    && ws[i - 1] == "currency"
                    // ("by currency (USD)": a breakdown, in dollars.)
                    && (i < 2 || !matches!(ws[i - 2].as_str(), "by" | "per" | "each" | "invoice")))
                    || (i > 1
                        && matches!(ws[i - 1].as_str(), "is" | "was" | "equals")
                        && ws[i - 2] == "currency"));
            if named {
                vec!["us".to_string(), "dollars".to_string()]
            } else {
                vec![w.clone()]
            }
        })
        .collect();
    // "Monday, October 26", "Fri 30 Oct": the date (its weekday says nothing more).
    let ws: Vec<String> = (0..ws.len())
        .filter(|&i| {
            let dated = |k: usize| ws.get(k).is_some_and(|w| time::month_number(w).is_some());
            let day = ws.get(i + 1).is_some_and(|w| day_of_month(w).is_some());
            !(WEEKDAYS.contains(&ws[i].as_str()) && (dated(i + 1) || (day && dated(i + 2))))
        })
        .map(|i| ws[i].clone())
        .collect();
    // "total active users across every account": all of them, in one figure (not each one's).
    let ws: Vec<String> = {
        let mut out = Vec::with_capacity(ws.len());
        let mut i = 0;
        while i < ws.len() {
            let all = ws[i] == "across"
                && ws
                    .get(i + 1)
                    .is_some_and(|w| matches!(w.as_str(), "every" | "all"));
            let mut k = i + 2;
            while ws
                .get(k)
                .is_some_and(|w| matches!(w.as_str(), "the" | "our" | "of"))
            {
                k += 1;
            }
            if all
                && ws
                    .get(k)
                    .is_some_and(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()))
            {
                i = k + 1;
                continue;
            }
            out.push(ws[i].clone());
            i += 1;
        }
        out
    };
    // "ARPU": the words it stands for.
    let ws: Vec<String> = ws
        .into_iter()
        .flat_map(|w| match EXPANSIONS.iter().find(|(short, _)| *short == w) {
            Some((_, long)) => long.split(' ').map(str::to_string).collect(),
            None => vec![w],
        })
        .collect();
    // "more than twenty deals", "over two tickets", "two million": the number.
    let mut ws = ws;
    for i in 0..ws.len() {
        let compared = i.checked_sub(1).is_some_and(|j| {
            matches!(
                ws[j].as_str(),
                "than" | "over" | "under" | "above" | "below" | "least" | "exceeding" | "exceeds"
            )
        }) || ws
            .get(i + 1)
            .is_some_and(|w| matches!(w.as_str(), "million" | "thousand" | "hundred"));
        if let Some(n) = small_number(&ws[i]).filter(|n| *n > 12 || compared)
            && ws[i].chars().all(|c| c.is_ascii_alphabetic())
        {
            ws[i] = n.to_string();
        }
    }
    // "a hundred thousand dollars", "two hundred": the hundreds, as one number.
    // (By now "hundred" may be 100.)
    for i in (0..ws.len().saturating_sub(1)).rev() {
        if ws[i + 1] != "hundred" && ws[i + 1] != "100" {
            continue;
        }
        let n = match ws[i].as_str() {
            "a" | "one" => Some(1.0),
            w => w
                .parse::<f64>()
                .ok()
                .filter(|n| *n < 10.0 && n.fract() == 0.0),
        };
        if let Some(n) = n {
            ws.splice(i..=i + 1, [format!("{}", n * 100.0)]);
        }
    }
    // "tickets that went past their SLA": breached it.
    for i in (1..ws.len()).rev() {
        if matches!(
            ws[i - 1].as_str(),
            "went" | "gone" | "go" | "goes" | "going"
        ) && matches!(ws[i].as_str(), "past" | "over" | "beyond")
            && ws[i..].iter().any(|w| w == "sla" || w == "slas")
        {
            ws.splice(i - 1..=i, ["breached".to_string()]);
        }
    }
    // "tickets that blew the SLA", "missed their SLA": breached it.
    for i in (0..ws.len()).rev() {
        let broke = matches!(
            ws[i].as_str(),
            "blew" | "blown" | "broke" | "broken" | "missed" | "violated" | "exceeded" | "busted"
        );
        let article = usize::from(
            ws.get(i + 1)
                .is_some_and(|w| matches!(w.as_str(), "the" | "their" | "its")),
        );
        if broke
            && ws
                .get(i + 1 + article)
                .is_some_and(|w| w == "sla" || w == "slas")
        {
            ws.splice(i..=i + 1 + article, ["breached".to_string()]);
        }
    }
    // "tickets opened in October by accounts whose owner is Yuki", "raised by accounts in the Technology
    // industry": who did it, not a breakdown by account.
    for i in (0..ws.len().saturating_sub(2)).rev() {
        let accounts =
            ws[i + 1].ends_with('s') && ACCOUNT_STEMS.contains(&stem(&ws[i + 1]).as_str());
        let relative = matches!(
            ws[i + 2].as_str(),
            "whose"
                | "that"
                | "which"
                | "who"
                | "in"
                | "with"
                | "on"
                | "based"
                | "located"
                | "owned"
        );
        if ws[i] == "by" && accounts && relative {
            ws[i] = "from".to_string();
        }
    }
    // "leave Starter out", "leave out anything booked in NetSuite": excluding it.
    for i in (0..ws.len()).rev() {
        if !matches!(ws[i].as_str(), "leave" | "leaving") {
            continue;
        }
        if let Some(k) = (i + 1..(i + 5).min(ws.len())).find(|&k| ws[k] == "out" || ws[k] == "off")
        {
            ws.remove(k);
            ws[i] = "excluding".to_string();
        }
    }
    // "lack a due date", "lacking an owner": without one.
    for w in &mut ws {
        if matches!(w.as_str(), "lack" | "lacks" | "lacking") {
            *w = "without".to_string();
        }
    }
    // "created this year, up to today": the period said, as far as it has gone.
    for i in (0..ws.len()).rev() {
        let span = match (
            ws[i].as_str(),
            ws.get(i + 1).map(String::as_str),
            ws.get(i + 2).map(String::as_str),
        ) {
            ("up", Some("to" | "till" | "until"), Some("today" | "now")) => 3,
            _ => 0,
        };
        let period_before = ws[..i].iter().any(|w| {
            time::year_number(w).is_some()
                || time::month_number(w).is_some()
                || matches!(
                    w.as_str(),
                    "year"
                        | "quarter"
                        | "month"
                        | "week"
                        | "ytd"
                        | "qtd"
                        | "mtd"
                        | "q1"
                        | "q2"
                        | "q3"
                        | "q4"
                        | "h1"
                        | "h2"
                )
        });
        let range = ws[..i].iter().any(|w| w == "from" || w == "between");
        if span > 0 && period_before && !range {
            ws.drain(i..i + span);
        }
    }
    // "the most API calls, and how many calls each": the API calls, said again.
    if ws.windows(2).any(|p| p[0] == "api" && p[1] == "calls") {
        for i in (0..ws.len()).rev() {
            if ws[i] == "calls" && (i == 0 || ws[i - 1] != "api") {
                ws.insert(i, "api".to_string());
            }
        }
    }
    // "(all history)", "full history": all time, not a trend.
    for i in (1..ws.len()).rev() {
        if matches!(ws[i - 1].as_str(), "all" | "full" | "whole" | "entire") && ws[i] == "history" {
            ws[i] = "time".to_string();
        }
    }
    // "over the last year", "in the past year": the last 12 months ("last year" alone is the calendar
    // year before this one).
    for i in (1..ws.len().saturating_sub(2)).rev() {
        if matches!(
            ws[i - 1].as_str(),
            "over" | "in" | "during" | "within" | "for" | "across" | "throughout"
        ) && ws[i] == "the"
            && matches!(ws[i + 1].as_str(), "last" | "past")
            && ws[i + 2] == "year"
        {
            ws.splice(
                i + 1..=i + 2,
                ["last".to_string(), "12".to_string(), "months".to_string()],
            );
        }
    }
    // "how much MRR do they account for", "the share accounted for by Enterprise": a verb, not the
    // accounts.
    for i in (0..ws.len()).rev() {
        let verb = match ws[i].as_str() {
            "accounted" => true,
            "account" | "accounts" => {
                i + 2 == ws.len()
                    || i.checked_sub(1).is_some_and(|j| {
                        matches!(
                            ws[j].as_str(),
                            "do" | "does"
                                | "did"
                                | "they"
                                | "it"
                                | "that"
                                | "which"
                                | "these"
                                | "those"
                                | "to"
                        )
                    })
            }
            _ => false,
        };
        if verb && ws.get(i + 1).is_some_and(|w| w == "for") {
            ws.drain(i..=i + 1);
        }
    }
    // "whose resolution date is missing": with no resolution date.
    for i in (0..ws.len()).rev() {
        if ws[i] == "whose"
            && ws.get(i + 2).is_some_and(|w| w == "date")
            && ws.get(i + 3).is_some_and(|w| w == "is")
            && ws
                .get(i + 4)
                .is_some_and(|w| matches!(w.as_str(), "missing" | "empty" | "blank" | "null"))
        {
            let event = ws[i + 1].clone();
            ws.splice(
                i..=i + 4,
                [
                    "with".to_string(),
                    "no".to_string(),
                    event,
                    "date".to_string(),
                ],
            );
        }
    }
    // "the second quarter", "the third and fourth quarters of 2026", "the first half": Q2, Q3 and Q4,
    // H1.
    let ordinal = |w: &str| match w {
        "first" | "1st" => Some(1),
        "second" | "2nd" => Some(2),
        "third" | "3rd" => Some(3),
        "fourth" | "4th" => Some(4),
        _ => None,
    };
    for i in (0..ws.len()).rev() {
        let (Some(n), Some(unit)) = (ordinal(&ws[i]), ws.get(i + 1).cloned()) else {
            continue;
        };
        let prefix = match unit.as_str() {
            "quarter" | "quarters" => "q",
            "half" | "halves" if n <= 2 => "h",
            _ => continue,
        };
        ws.splice(i..=i + 1, [format!("{prefix}{n}")]);
        // "the second and third quarters": the first ordinal too.
        if i >= 2
            && ws[i - 1] == "and"
            && let Some(m) = ordinal(&ws[i - 2])
        {
            ws[i - 2] = format!("{prefix}{m}");
        }
    }
    // "the 1st of July 2026", "the first of October": July 1 2026, October 1.
    for i in (0..ws.len()).rev() {
        let day = match ws[i].as_str() {
            "first" => Some(1),
            w if w.ends_with(|c: char| c.is_ascii_alphabetic()) => day_of_month(w),
            _ => None,
        };
        if let Some(day) = day
            && ws.get(i + 1).is_some_and(|w| w == "of")
            && let Some(month) = ws
                .get(i + 2)
                .filter(|m| time::month_number(m).is_some())
                .cloned()
        {
            ws.splice(i..=i + 2, [month, day.to_string()]);
            if i > 0 && ws[i - 1] == "the" {
                ws.remove(i - 1);
            }
        }
    }
    // "a cancellation date earlier than July 1": before it.
    for i in (1..ws.len()).rev() {
        // ("older than 90 days" is an age.)
        let days = ws.get(i + 2).is_some_and(|w| {
            matches!(w.as_str(), "day" | "days" | "week" | "weeks" | "wk" | "wks")
        });
        if matches!(ws[i - 1].as_str(), "earlier" | "older" | "prior") && ws[i] == "than" && !days {
            ws.splice(i - 1..=i, ["before".to_string()]);
        }
    }
    // "quarter by quarter", "month by month": quarterly, monthly.
    for i in (2..ws.len()).rev() {
        if ws[i - 1] == "by" && ws[i - 2] == ws[i] {
            let every = match ws[i].as_str() {
                "quarter" => "quarterly",
                "month" => "monthly",
                "week" => "weekly",
                _ => continue,
            };
            ws.splice(i - 2..=i, [every.to_string()]);
        }
    }
    // "weighted value of the open deals": the weighted pipeline (named once).
    let pipeline_named = ws.iter().any(|w| w == "pipeline" || w == "pipe");
    for i in (0..ws.len()).rev().filter(|_| !pipeline_named) {
        if ws[i] == "weighted"
            && ws
                .get(i + 1)
                .is_some_and(|w| matches!(w.as_str(), "value" | "amount" | "total" | "sum"))
        {
            ws[i + 1] = "pipeline".to_string();
        }
    }
    // "how many countries do their accounts span": in.
    ws.retain(|w| !matches!(w.as_str(), "span" | "spans"));
    // "SLA-breached tickets": breached ones.
    for i in (1..ws.len()).rev() {
        if ws[i - 1] == "sla"
            && ws[i] == "breached"
            && ws.get(i + 1).is_some_and(|w| stem(w) == "ticket")
        {
            ws.remove(i - 1);
        }
    }
    // "average daily active users", "avg DAU", "the daily average of API calls": the average of the
    // daily figures.
    // ("average DAU by month": each month's, which is not read.)
    let other_grain = ws
        .iter()
        .any(|w| matches!(w.as_str(), "monthly" | "weekly" | "quarterly" | "trend"))
        || ws.windows(2).any(|p| {
            matches!(p[0].as_str(), "by" | "per" | "each" | "every")
                && matches!(p[1].as_str(), "month" | "week" | "quarter" | "year")
        });
    for i in (0..ws.len()).rev().filter(|_| !other_grain) {
        // ("max DAU in September": the busiest day's.)
        let average = |w: &String| {
            matches!(
                w.as_str(),
                "average" | "avg" | "mean" | "max" | "maximum" | "min" | "minimum"
            )
        };
        let per_day = ["per".to_string(), "day".to_string()];
        if average(&ws[i]) && ws.get(i + 1).is_some_and(|w| w == "daily") {
            ws.splice(i + 1..i + 2, per_day);
        } else if average(&ws[i]) && ws.get(i + 1).is_some_and(|w| w == "dau") {
            ws.splice(i + 1..i + 1, per_day);
        } else if ws[i] == "daily" && ws.get(i + 1).is_some_and(average) {
            ws.splice(
                i..i + 2,
                ["average".to_string(), "per".into(), "day".into()],
            );
        }
    }
    // "which deals did we win, and for how much": the deals with their amounts. ("which customers
    // churned last month and how much MRR did each have", "which Enterprise customers are past due,
    // and what's their ARR", "list them with the MRR each one had": the records with their value.)
    if ws
        .first()
        .is_some_and(|w| matches!(w.as_str(), "which" | "list" | "show"))
        && let Some((at, value)) = (0..ws.len()).find_map(|k| {
            if ws[k] != "and" && ws[k] != "with" {
                return None;
            }
            let tail = ws[k + 1..].iter().map(String::as_str).collect::<Vec<_>>();
            if ws[k] == "and" && (tail == ["how", "much"] || tail == ["for", "how", "much"]) {
                return Some((k, "amounts"));
            }
            let value_at = match tail.as_slice() {
                ["how", "much", ..] => 2,
                ["what", "is" | "are" | "was" | "were", "their" | "its", ..] => 3,
                ["whats" | "their" | "its", ..] if ws[k] == "and" => {
                    1 + usize::from(tail[0] == "whats" && tail.get(1) == Some(&"their"))
                }
                ["the", _, "each", ..] | ["what", _, "did" | "does" | "do", ..] => 1,
                _ => return None,
            };
            let value = *tail.get(value_at)?;
            let rest_said = tail[value_at + 1..].iter().all(|w| {
                matches!(
                    *w,
                    "did"
                        | "do"
                        | "does"
                        | "each"
                        | "one"
                        | "had"
                        | "has"
                        | "have"
                        | "is"
                        | "was"
                        | "are"
                        | "were"
                        | "on"
                        | "it"
                        | "them"
                        | "they"
                        | "carry"
                        | "carried"
                )
            });
            let value_word = RECORD_VALUE_WORDS.contains(&value);
            (value_word && rest_said && (ws[k] == "and" || tail[0] == "the")).then_some((k, value))
        })
    {
        let value = if value == "amounts" {
            vec!["with".to_string(), "amounts".into()]
        } else {
            vec!["with".to_string(), "their".into(), value.to_string()]
        };
        ws.splice(at.., value);
    }
    // "rank all reps by bookings": the reps ranked.
    for i in (1..ws.len()).rev() {
        if matches!(ws[i - 1].as_str(), "rank" | "sort" | "order")
            && matches!(ws[i].as_str(), "all" | "every")
        {
            ws.remove(i);
        }
    }
    // "deals that entered the pipeline in 2026", "added to the pipeline": created then, whatever
    // became of them.
    for i in (0..ws.len()).rev() {
        let verb = matches!(
            ws[i].as_str(),
            "entered" | "enter" | "entering" | "added" | "joined"
        );
        let into = usize::from(ws.get(i + 1).is_some_and(|w| w == "to" || w == "into"));
        let at = i
            + 1
            + into
            + usize::from(
                ws.get(i + 1 + into)
                    .is_some_and(|w| w == "the" || w == "our"),
            );
        if verb && ws.get(at).is_some_and(|w| w == "pipeline" || w == "pipe") {
            ws.splice(i..=at, ["created".to_string()]);
        }
    }
    // "customers that hold a subscription": with one (deals "on hold" are another thing).
    for i in 0..ws.len() {
        if matches!(ws[i].as_str(), "hold" | "holds" | "holding")
            && (i == 0 || ws[i - 1] != "on")
            && ws.get(i + 1).is_some_and(|w| {
                matches!(w.as_str(), "a" | "an" | "any" | "active" | "live" | "paid")
                    || stem(w) == stem("subscription")
            })
        {
            ws[i] = "with".to_string();
        }
    }
    // "an active or past-due subscription": an active one (past due ones are active too).
    for i in (0..ws.len()).rev() {
        let joined = |j: usize| {
            ws.get(j)
                .is_some_and(|w| matches!(w.as_str(), "or" | "and"))
        };
        let past_due = |j: usize| {
            ws.get(j..j + 2)
                .is_some_and(|p| p[0] == "past" && p[1] == "due")
        };
        // ("with a live subscription" names the customers.)
        let live = if i > 0 && matches!(ws[i - 1].as_str(), "a" | "an") {
            "live"
        } else {
            "active"
        };
        if (ws[i] == "active" && joined(i + 1) && past_due(i + 2))
            || (past_due(i) && joined(i + 2) && ws.get(i + 3).is_some_and(|w| w == "active"))
        {
            ws.splice(i..i + 4, [live.to_string()]);
        }
    }
    // "sept vendor spend breakdown": spend by vendor.
    if let Some(k) = ws
        .iter()
        .position(|w| matches!(w.as_str(), "breakdown" | "breakout" | "split"))
        .filter(|&k| {
            !ws[k..]
                .iter()
                .any(|w| matches!(w.as_str(), "by" | "per" | "across" | "into" | "between"))
        })
    {
        let dimension_only = |w: &String| {
            vocabulary
                .lookup(std::slice::from_ref(w))
                .is_some_and(|terms| terms.iter().all(|t| matches!(t, Term::Dimension(_))))
        };
        let measure = |w: &String| {
            vocabulary
                .lookup(std::slice::from_ref(w))
                .is_some_and(|terms| terms.iter().any(|t| matches!(t, Term::Metric(_))))
        };
        if let Some(j) = (0..k.saturating_sub(1))
            .find(|&j| dimension_only(&ws[j]) && ws[j + 1..k].iter().all(measure))
        {
            let dimension = ws.remove(j);
            ws.splice(k - 1..k, ["by".to_string(), dimension]);
        }
    }
    // Support cases, requests and issues are tickets (API requests are not); "invoices we issue",
    // "the issue date" are the invoice's.
    for i in 0..ws.len() {
        let issued = matches!(ws[i].as_str(), "issue" | "issues")
            && (i.checked_sub(1).is_some_and(|j| {
                matches!(
                    ws[j].as_str(),
                    "we" | "i" | "you" | "they" | "did" | "do" | "does" | "to" | "will" | "stripe"
                )
            }) || ws.get(i + 1).is_some_and(|w| {
                matches!(
                    w.as_str(),
                    "date" | "dates" | "a" | "an" | "the" | "invoice" | "invoices"
                )
            }));
        if issued {
            ws[i] = "issued".to_string();
            continue;
        }
        if matches!(
            ws[i].as_str(),
            "cases" | "requests" | "issues" | "case" | "request" | "issue"
        ) && (i == 0 || !matches!(ws[i - 1].as_str(), "api" | "use" | "business" | "feature"))
        {
            ws[i] = if ws[i].ends_with('s') {
                "tickets"
            } else {
                "ticket"
            }
            .to_string();
        }
    }
    // "customers that never contacted support": that never opened a ticket.
    for i in (1..ws.len()).rev() {
        if matches!(
            ws[i - 1].as_str(),
            "contacted" | "called" | "emailed" | "reached"
        ) && ws[i] == "support"
        {
            ws.splice(i - 1..=i, ["opened", "a", "ticket"].map(str::to_string));
        }
    }
    // Tickets are logged, raised, filed or submitted: opened.
    if ws.iter().any(|w| stem(w) == "ticket") {
        for w in &mut ws {
            let opened = match w.as_str() {
                "log" | "raise" | "file" | "submit" => "open",
                "logged" | "raised" | "filed" | "submitted" => "opened",
                _ => continue,
            };
            *w = opened.to_string();
        }
    }
    // "waiting on a (ticket) resolution": unresolved; "customers waiting on a ticket resolution" have
    // an unresolved ticket.
    // "accounts waiting on resolution of an urgent ticket": with an unresolved one.
    let mut i = 0;
    while i + 3 < ws.len() {
        let article = |w: &str| matches!(w, "a" | "an" | "the" | "their" | "its");
        let waiting = matches!(ws[i].as_str(), "waiting" | "awaiting")
            && matches!(ws[i + 1].as_str(), "on" | "for");
        let at = i + 2 + usize::from(article(&ws[i + 2]));
        if waiting
            && ws.get(at).is_some_and(|w| w == "resolution")
            && ws
                .get(at + 1)
                .is_some_and(|w| matches!(w.as_str(), "of" | "for" | "on"))
        {
            let end = at + 1 + ws.get(at + 2).map_or(0, |w| usize::from(article(w)));
            ws.splice(i..=end, ["with", "an", "unresolved"].map(str::to_string));
        }
        let waiting = waiting && article(&ws[i + 2]);
        if waiting && ws[i + 3] == "resolution" {
            ws.splice(i..=i + 3, ["unresolved".to_string()]);
        } else if waiting
            && ws.get(i + 4).is_some_and(|w| w == "resolution")
            && stem(&ws[i + 3]) == "ticket"
        {
            let with = ["with", "an", "unresolved", "ticket"].map(str::to_string);
            ws.splice(i..=i + 4, with);
        }
        i += 1;
    }
    // "who has open tickets", "who do we have bad debt with": the customers with those records
    // (tickets, invoices and subscriptions have no owner); "who has the most tickets" is ranked below.
    let ranks = ws.iter().any(|w| {
        matches!(
            w.as_str(),
            "most" | "least" | "fewest" | "top" | "biggest" | "largest" | "highest" | "lowest"
        )
    });
    if ws.first().is_some_and(|w| w == "who") && !ranks {
        let verb = match ws.get(1).map(String::as_str) {
            Some("has" | "have" | "got" | "holds") => Some(2),
            Some("do")
                if ws.get(2).is_some_and(|w| w == "we")
                    && ws.get(3).is_some_and(|w| w == "have") =>
            {
                Some(4)
            }
            _ => None,
        };
        let customers_records = ws.iter().any(|w| {
            let s = stem(w);
            ["invoic", "ticket", "subscript", "debt"].contains(&s.as_str())
        });
        if let Some(after) = verb
            && customers_records
        {
            if after == 4 && ws.last().is_some_and(|w| w == "with") {
                ws.pop();
            }
            let which = ["which", "customers", "have"].map(str::to_string);
            ws.splice(0..after, which);
        }
    }
    // "by the country of the account": by the account's country.
    for by in (0..ws.len()).rev() {
        if ws[by] != "by" {
            continue;
        }
        let word = by + 1 + usize::from(ws.get(by + 1).is_some_and(|w| w == "the" || w == "each"));
        let of = word + 1;
        let mut noun = of + 1;
        if ws
            .get(noun)
            .is_some_and(|w| matches!(w.as_str(), "the" | "their" | "its" | "each"))
        {
            noun += 1;
        }
        let names_a_dimension = |w: &String| {
            vocabulary
                .lookup(std::slice::from_ref(w))
                .is_some_and(|terms| terms.iter().any(|t| matches!(t, Term::Dimension(_))))
        };
        if ws.get(of).is_some_and(|w| w == "of")
            && ws
                .get(word)
                .is_some_and(|w| !ACCOUNT_STEMS.contains(&stem(w).as_str()) && names_a_dimension(w))
            && ws
                .get(noun)
                .is_some_and(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()))
        {
            ws.drain(of..=noun);
        }
    }
    // "customers with bad debt": with uncollectible invoices (the records, not their amount);
    // "Enterprise-plan business": business is no plan there.
    for i in (1..ws.len()).rev() {
        if ws[i - 1] == "bad"
            && ws[i] == "debt"
            && i >= 2
            && matches!(ws[i - 2].as_str(), "have" | "has" | "with" | "had")
        {
            ws.splice(i - 1..=i, ["uncollectible", "invoices"].map(str::to_string));
        } else if ws[i] == "business" && matches!(ws[i - 1].as_str(), "plan" | "tier") {
            ws.remove(i);
        }
    }
    // "I'd like to know how many ...", "I would like to see": the question after.
    for i in (0..ws.len()).rev() {
        let polite = match ws.get(i..i + 3) {
            Some([a, b, c]) if a == "id" && b == "like" && c == "to" => 3,
            _ => match ws.get(i..i + 4) {
                Some([a, b, c, d]) if a == "i" && b == "would" && c == "like" && d == "to" => 4,
                _ => 0,
            },
        };
        if polite > 0 {
            let verb = ws.get(i + polite).is_some_and(|w| {
                matches!(w.as_str(), "know" | "see" | "get" | "understand" | "find")
            });
            ws.drain(i..i + polite + usize::from(verb));
        }
    }
    // "recurring revenue on an annual basis", "annualized MRR": ARR.
    let annual_at = (0..ws.len()).find_map(|i| {
        if matches!(ws[i].as_str(), "annualized" | "annualised") {
            return Some(i..i + 1);
        }
        let basis = ws.get(i..i + 4)?;
        (basis[0] == "on"
            && matches!(basis[1].as_str(), "an" | "a")
            && basis[2] == "annual"
            && basis[3] == "basis")
            .then_some(i..i + 4)
    });
    if let Some(span) = annual_at
        && let Some(at) = (0..ws.len()).find(|&i| {
            ws[i] == "mrr"
                || (ws[i] == "recurring" && ws.get(i + 1).is_some_and(|w| w == "revenue"))
        })
    {
        let recurring = usize::from(ws[at] == "recurring");
        ws.drain(span.clone());
        let at = if at > span.start { at - span.len() } else { at };
        ws.splice(at..=at + recurring, ["arr".to_string()]);
    }
    // "how many countries are our accounts spread across": in.
    for i in (1..ws.len()).rev() {
        if matches!(ws[i - 1].as_str(), "spread" | "spanning" | "located")
            && matches!(ws[i].as_str(), "across" | "over" | "in")
        {
            ws.splice(i - 1..=i, ["in".to_string()]);
        }
    }
    // "how much is revenue up YTD compared with 2025, in percent", "bookings are down vs Q2": how it
    // moved.
    let compared = ws.iter().any(|w| {
        matches!(
            w.as_str(),
            "vs" | "versus" | "compared" | "percent" | "percentage" | "yoy" | "qoq" | "mom"
        )
    });
    for i in 1..ws.len() {
        // ("did MRR go up": read as it is.)
        if compared
            && matches!(ws[i].as_str(), "up" | "down")
            && !matches!(
                ws[i - 1].as_str(),
                "go" | "goes" | "went" | "gone" | "going" | "come" | "came" | "move" | "moved"
            )
            && ws
                .get(i + 1)
                .is_none_or(|n| !matches!(n.as_str(), "to" | "until" | "till" | "for" | "front"))
            && ws[..i]
                .iter()
                .any(|w| matches!(w.as_str(), "is" | "are" | "was" | "were" | "much" | "far"))
        {
            ws[i] = "changed".to_string();
        }
    }
    // "count + total (euros)": the total in euros.
    for i in (1..ws.len()).rev() {
        if FOREIGN_CURRENCY_WORDS.contains(&ws[i].as_str())
            && matches!(
                ws[i - 1].as_str(),
                "total" | "sum" | "amount" | "value" | "totals"
            )
        {
            ws.insert(i, "in".to_string());
        }
    }
    // "quarterly revenue, oldest quarter first": the order a series is given in already. (Not "open
    // deals with their close dates, earliest first": records in the order of their dates.)
    let dates_of_records = ws.iter().any(|w| w == "date" || w == "dates")
        && ws.iter().any(|w| RECORD_STEMS.contains(&stem(w).as_str()));
    for i in (1..ws.len()).rev() {
        if ws.get(i).is_none_or(|w| w != "first") {
            continue;
        }
        let grain = usize::from(unit(&ws[i - 1]).is_some());
        if i > grain
            && matches!(ws[i - 1 - grain].as_str(), "oldest" | "earliest")
            && (grain == 1 || !dates_of_records)
        {
            ws.drain(i - 1 - grain..=i);
        }
    }
    // "bookings in each European country": broken down by country, of the European ones.
    if let Some((i, n)) = (0..ws.len().saturating_sub(2)).find_map(|i| {
        if !matches!(ws[i].as_str(), "each" | "every")
            || !matches!(
                ws.get(i.wrapping_sub(1)).map(String::as_str),
                Some("in" | "for" | "across" | "from" | "of")
            )
        {
            return None;
        }
        (1..=2).find_map(|n| {
            let value = ws.get(i + 1..i + 1 + n)?;
            let noun = ws.get(i + 1 + n..i + 2 + n)?;
            let dimensions =
                |terms: &std::collections::BTreeSet<Term>, of_value: bool| -> Vec<&'static str> {
                    terms
                        .iter()
                        .filter_map(|t| match t {
                            Term::Value(d, _) if of_value => Some(*d),
                            Term::Dimension(d) if !of_value => Some(*d),
                            _ => None,
                        })
                        .collect()
                };
            let values = dimensions(vocabulary.lookup(value)?, true);
            let nouns = dimensions(vocabulary.lookup(noun)?, false);
            values.iter().any(|d| nouns.contains(d)).then_some((i, n))
        })
    }) {
        let noun = ws[i + 1 + n].clone();
        ws.remove(i);
        ws.splice(i + n..=i + n, ["by".to_string(), noun]);
    }
    // "between October 1 and 15, both days included": the days named are.
    if let Some(i) = (0..ws.len().saturating_sub(2)).find(|&i| {
        ws[i] == "both"
            && matches!(ws[i + 1].as_str(), "days" | "dates" | "ends")
            && matches!(ws[i + 2].as_str(), "included" | "inclusive")
    }) {
        ws.drain(i..i + 3);
    }
    // "paid invoices billed in GBP": invoices in that currency, not billings beside them.
    if let Some(i) = (1..ws.len().saturating_sub(2)).find(|&i| {
        matches!(ws[i - 1].as_str(), "invoice" | "invoices")
            && matches!(ws[i].as_str(), "billed" | "invoiced" | "denominated")
            && ws[i + 1] == "in"
    }) {
        ws.remove(i);
    }
    // "revenue broken out by currency": broken down by it.
    if let Some(i) = (1..ws.len()).find(|&i| {
        ws[i] == "out"
            && matches!(
                ws[i - 1].as_str(),
                "broken" | "broke" | "break" | "breaking" | "split" | "splitting"
            )
    }) {
        ws.remove(i);
    }
    // "tickets with an open date in October": opened then, whatever their state now.
    if let Some(i) = (1..ws.len().saturating_sub(1)).find(|&i| {
        matches!(ws[i - 1].as_str(), "an" | "the" | "their" | "its" | "whose")
            && matches!(ws[i].as_str(), "open" | "opening")
            && matches!(ws[i + 1].as_str(), "date" | "dates")
    }) {
        ws.splice(i - 1..=i + 1, ["opened".to_string()]);
    }
    // "closed-lost renewal deals": a kind of deal, not the subscriptions up for renewal; left as a
    // word not understood unless the deals' names say it (a kind learned from them).
    for i in 0..ws.len().saturating_sub(1) {
        if vocabulary.lookup(&ws[i..i + 2]).is_some() {
            continue;
        }
        let deal = |w: &str| model::record_nouns("opportunity").contains(&w) || w == "pipeline";
        if matches!(ws[i].as_str(), "renewal" | "renewals") && deal(&ws[i + 1]) {
            ws[i] = "renewal-type".to_string();
        }
    }
    // "ytd new MRR (sum of the monthly new MRR)": the total of the months, not each month's.
    for i in (0..ws.len()).rev() {
        if ws[i] == "monthly"
            && i >= 3
            && ws[i - 1] == "the"
            && ws[i - 2] == "of"
            && matches!(ws[i - 3].as_str(), "sum" | "total")
        {
            ws.remove(i);
        }
    }
    // "what deals does Farid have open": which deals (records asked, not a figure of them).
    if ws.len() > 3
        && ws[0] == "what"
        && ws[1].ends_with('s')
        && RECORD_STEMS.contains(&stem(&ws[1]).as_str())
        && matches!(
            ws[2].as_str(),
            "does" | "do" | "did" | "are" | "were" | "is" | "have" | "has" | "had"
        )
    {
        ws[0] = "which".to_string();
    }
    // "which deals are open and for how much": how much each is worth.
    if ws.first().is_some_and(|w| w == "which" || w == "list")
        && let Some(k) = ws
            .windows(3)
            .position(|p| p[0] == "for" && p[1] == "how" && p[2] == "much")
        && k + 3 == ws.len()
    {
        ws.splice(
            k..,
            ["how", "much", "is", "each", "worth"].map(String::from),
        );
    }
    // "Grace Lopez's book (of accounts)": the accounts she owns (not bookings).
    for i in (0..ws.len()).rev() {
        if ws[i] != "book" {
            continue;
        }
        let of_accounts = ws.get(i + 1).is_some_and(|w| w == "of")
            && ws
                .get(i + 2)
                .is_some_and(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()) || w == "business");
        let owners = i >= 1 && {
            let possessive = |k: usize| ws[k].strip_suffix('s').map(str::to_string);
            let owner = |words: &[String]| {
                vocabulary
                    .lookup(words)
                    .is_some_and(|terms| terms.iter().any(|t| matches!(t, Term::Value("owner", _))))
            };
            // ("Grace Lopez's book", "sam's book", "the sam brown book", not "did Kara Patel book".)
            let named = |last: String| {
                if owner(std::slice::from_ref(&last)) {
                    Some(i - 1)
                } else {
                    (i >= 2 && owner(&[ws[i - 2].clone(), last])).then(|| i - 2)
                }
            };
            let verb = |start: usize| {
                start >= 1
                    && matches!(
                        ws[start - 1].as_str(),
                        "did"
                            | "do"
                            | "does"
                            | "will"
                            | "would"
                            | "can"
                            | "could"
                            | "to"
                            | "has"
                            | "have"
                            | "had"
                    )
            };
            possessive(i - 1).and_then(named).is_some()
                || named(ws[i - 1].clone()).is_some_and(|start| !verb(start))
        };
        if of_accounts {
            ws.splice(i..=i + 2, ["accounts".to_string()]);
        } else if owners {
            ws[i] = "accounts".to_string();
        }
    }
    // "accounts with an empty country field", "with nobody assigned as owner": with no country, owner.
    for i in 0..ws.len() {
        // ("industry is empty", "the domain field empty": said after, read where "is null" is.)
        let after_it = i == 0
            || matches!(
                ws[i - 1].as_str(),
                "is" | "are" | "was" | "were" | "field" | "column" | "value" | "left"
            );
        let before_a_noun = ws
            .get(i + 1)
            .is_some_and(|w| !matches!(w.as_str(), "and" | "or" | "but"));
        if matches!(ws[i].as_str(), "empty" | "blank" | "nobody") && !after_it && before_a_noun {
            ws[i] = "no".to_string();
            if i > 0 && matches!(ws[i - 1].as_str(), "a" | "an") {
                ws[i - 1] = "with".to_string();
            }
        }
    }
    // "which customers pay us the most MRR": the MRR (not what they paid).
    if ws.iter().any(|w| w == "mrr" || w == "arr")
        && let Some(at) = (0..ws.len()).find(|&i| {
            matches!(ws[i].as_str(), "pay" | "pays") && ws.get(i + 1).is_some_and(|w| w == "us")
        })
    {
        ws.splice(at..=at + 1, ["have".to_string()]);
    }
    // "tickets opened by accounts Grace Lopez owns" ("owns" read as "owner" by now): for the accounts
    // she owns (no breakdown by them).
    if let Some(own) = ws.iter().position(|w| {
        matches!(
            w.as_str(),
            "owner" | "own" | "manages" | "manage" | "handles"
        )
    }) {
        let owner = |words: &[String]| {
            vocabulary
                .lookup(words)
                .is_some_and(|terms| terms.iter().any(|t| matches!(t, Term::Value("owner", _))))
        };
        let name = (1..=3)
            .filter(|n| *n <= own)
            .find(|n| owner(&ws[own - n..own]));
        if let Some(n) = name
            && own > n
            && ACCOUNT_STEMS.contains(&stem(&ws[own - n - 1]).as_str())
        {
            let noun = own - n - 1;
            let who: Vec<String> = ws[own - n..own].to_vec();
            let owned = ["owned", "by"].map(str::to_string).into_iter().chain(who);
            ws.splice(noun + 1..=own, owned);
            if noun > 0 && ws[noun - 1] == "by" {
                ws[noun - 1] = "for".to_string();
            }
        }
    }
    // "which accounts have had the most tickets breach SLA", "the highest number of tickets that
    // breached SLA": the most breached tickets.
    for i in (0..ws.len()).rev() {
        let counted = i >= 1 && matches!(ws[i - 1].as_str(), "most" | "many" | "fewest" | "of");
        let that = usize::from(ws.get(i + 1).is_some_and(|w| w == "that" || w == "which"));
        if counted
            && ws[i] == "tickets"
            && ws.get(i + 1 + that).is_some_and(|w| {
                matches!(
                    w.as_str(),
                    "breach" | "breached" | "breaching" | "miss" | "missed"
                )
            })
        {
            let end = i
                + 2
                + that
                + usize::from(
                    ws.get(i + 2 + that)
                        .is_some_and(|w| matches!(w.as_str(), "the" | "their" | "its")),
                );
            if ws.get(end).is_some_and(|w| w == "sla" || w == "slas") {
                ws.splice(i..=end, ["breached", "tickets"].map(str::to_string));
            }
        }
    }
    // "manufacturing companies among our accounts": the accounts named already.
    if let Some(at) = ws.iter().position(|w| w == "among") {
        let mut end = at + 1;
        while ws
            .get(end)
            .is_some_and(|w| matches!(w.as_str(), "our" | "the" | "all" | "of"))
        {
            end += 1;
        }
        let named_before = ws[..at]
            .iter()
            .any(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()));
        if named_before
            && ws
                .get(end)
                .is_some_and(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()))
        {
            ws.drain(at..=end);
        }
    }
    // "ignore the low-priority ones", "disregarding trials": excluding.
    for w in &mut ws {
        if matches!(
            w.as_str(),
            "ignore" | "ignoring" | "disregard" | "disregarding"
        ) {
            *w = "excluding".to_string();
        }
    }
    // "ARR if I exclude the Growth plan", "exclude trials": excluding.
    for i in 0..ws.len() {
        let said = i == 0 || matches!(ws[i - 1].as_str(), "i" | "we" | "you" | "and" | "but");
        if said && ws[i] == "exclude" {
            ws[i] = "excluding".to_string();
        }
    }
    // "not counting trials", "leaving out Germany": excluding.
    for i in (1..ws.len()).rev() {
        if matches!(
            (ws[i - 1].as_str(), ws[i].as_str()),
            ("not", "counting" | "including") | ("leaving" | "leave", "out") | ("other", "than")
        ) {
            ws.splice(i - 1..=i, ["excluding".to_string()]);
        }
    }
    // "how much of our MRR is enterprise, proportionally": what proportion of it.
    if let Some(at) = ws
        .iter()
        .position(|w| w == "proportionally" || w == "proportionately")
        && let Some(k) = ws
            .windows(3)
            .position(|p| p[0] == "how" && p[1] == "much" && p[2] == "of")
    {
        ws.remove(at);
        ws.splice(k..k + 2, ["what".to_string(), "proportion".into()]);
    }
    // "the total value of open deals, along with how many there are": and how many.
    for i in (1..ws.len()).rev() {
        let joined = matches!(ws[i - 1].as_str(), "along" | "together") && ws[i] == "with";
        // (Not "list those that opened tickets, along with how many": how many each opened.)
        let figure = (ws.get(i + 1).is_some_and(|w| w == "how") && ws.len() > i + 3)
            || ws
                .get(i + 1..i + 3)
                .is_some_and(|p| p[0] == "the" && matches!(p[1].as_str(), "number" | "count"));
        if joined && figure {
            ws.splice(i - 1..=i, ["and".to_string()]);
        }
    }
    // "opportunities, open or closed", "deals won or lost": both states are every record (of them).
    let mut i = 2;
    while i < ws.len() {
        let (a, b) = (ws[i - 2].as_str(), ws[i].as_str());
        if ws[i - 1] == "or" && matches!((a, b), ("open", "closed") | ("closed", "open")) {
            ws.drain(i - 2..=i);
            continue;
        }
        i += 1;
    }
    // "how many different companies did we win business from", "how many accounts did we invoice in
    // Q3": the accounts with those records.
    let how_many_at = |ws: &[String], k: usize| {
        let at = |j: usize, w: &str| ws.get(j).is_some_and(|x| x == w);
        (k >= 2 && at(k - 2, "how") && at(k - 1, "many"))
            || (k >= 3
                && at(k - 3, "how")
                && at(k - 2, "many")
                && ws
                    .get(k - 1)
                    .is_some_and(|w| matches!(w.as_str(), "different" | "distinct" | "unique")))
    };
    if let Some(noun) = ws
        .iter()
        .position(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()))
        && how_many_at(&ws, noun)
        && ws.get(noun + 1).is_some_and(|w| w == "did")
        && ws.get(noun + 2).is_some_and(|w| w == "we")
        && let Some(records) = ws.get(noun + 3).and_then(|verb| match verb.as_str() {
            "invoice" | "bill" => Some(&["invoices"][..]),
            "win" | "sell" => Some(&["won", "deals"][..]),
            _ => None,
        })
    {
        let mut end = noun + 4;
        while ws
            .get(end)
            .is_some_and(|w| matches!(w.as_str(), "business" | "deals" | "from" | "to" | "any"))
        {
            end += 1;
        }
        let with: Vec<String> = std::iter::once("with")
            .chain(records.iter().copied())
            .map(str::to_string)
            .collect();
        ws.splice(noun + 1..end, with);
    }
    // "how many different accounts closed-won an opportunity in 2026": the accounts with won ones.
    if let Some(noun) = ws
        .iter()
        .position(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()))
        && how_many_at(&ws, noun)
    {
        let (state, taken): (&[&str], usize) = match (
            ws.get(noun + 1).map(String::as_str),
            ws.get(noun + 2).map(String::as_str),
        ) {
            (Some("closed"), Some("won")) => (&["won"], 2),
            (Some("won" | "signed"), _) => (&["won"], 1),
            (Some("lost"), _) => (&["lost"], 1),
            (Some("opened" | "raised" | "filed" | "logged" | "submitted" | "had" | "have"), _) => {
                (&[], 1)
            }
            _ => (&[], 0),
        };
        let article = usize::from(
            ws.get(noun + 1 + taken)
                .is_some_and(|w| matches!(w.as_str(), "a" | "an" | "any" | "at")),
        );
        // ("at least one").
        let least_one = article == 1
            && ws.get(noun + 1 + taken) == Some(&"at".to_string())
            && ws.get(noun + 2 + taken).is_some_and(|w| w == "least")
            && ws.get(noun + 3 + taken).is_some_and(|w| w == "one");
        let skip = if least_one {
            3
        } else if ws.get(noun + 1 + taken).is_some_and(|w| w == "at") {
            0
        } else {
            article
        };
        let records_next = ws
            .get(noun + 1 + taken + skip)
            .is_some_and(|w| RECORD_STEMS.contains(&stem(w).as_str()));
        if taken > 0 && records_next {
            let with: Vec<String> = std::iter::once("with")
                .chain(state.iter().copied())
                .map(str::to_string)
                .collect();
            ws.splice(noun + 1..noun + 1 + taken + skip, with);
        }
    }
    // "accounts billed in Q3", "customers we invoiced last month": the accounts with invoices.
    if let Some(noun) = ws
        .iter()
        .position(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()))
    {
        let mut verb = noun + 1;
        while ws.get(verb).is_some_and(|w| {
            matches!(
                w.as_str(),
                "that" | "which" | "who" | "were" | "was" | "we" | "have" | "has" | "been"
            )
        }) {
            verb += 1;
        }
        if ws
            .get(verb)
            .is_some_and(|w| matches!(w.as_str(), "billed" | "invoiced"))
        {
            ws.splice(noun + 1..=verb, ["with", "invoices"].map(str::to_string));
        }
    }
    // "how many distinct accounts opened an urgent ticket", "accounts that logged a ticket": the
    // accounts with those records.
    if let Some(noun) = ws
        .iter()
        .position(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()))
    {
        let verb = |w: &str| {
            matches!(
                w,
                "opened" | "logged" | "raised" | "filed" | "submitted" | "had" | "received" | "got"
            )
        };
        let relative = ws
            .get(noun + 1)
            .is_some_and(|w| matches!(w.as_str(), "that" | "who" | "which"));
        let at = noun + 1 + usize::from(relative);
        let names_records = ws[at.min(ws.len())..]
            .iter()
            .take(7)
            .any(|w| RECORD_STEMS.contains(&stem(w).as_str()));
        if ws.get(at).is_some_and(|w| verb(w)) && names_records {
            ws.splice(noun + 1..=at, ["with".to_string()]);
        }
    }
    // "distinct count of accounts that ...": accounts are counted once each anyway.
    for i in (1..ws.len()).rev() {
        if matches!(ws[i - 1].as_str(), "distinct" | "unique")
            && matches!(ws[i].as_str(), "count" | "number")
            && ws
                .get(i + 2)
                .is_some_and(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()))
        {
            ws.remove(i - 1);
        }
    }
    // "by employee count", "headcount": the employees.
    for i in (0..ws.len()).rev() {
        if ws[i] == "headcount" {
            ws[i] = "employees".to_string();
        }
        if i > 0
            && ws[i] == "count"
            && matches!(ws[i - 1].as_str(), "employee" | "employees" | "staff")
        {
            ws.splice(i - 1..=i, ["employees".to_string()]);
        }
    }
    // "accounts with from 1,000 to 5,000 employees", "deals from 50k to 100k": between. (Not "from
    // 2025 to 2026": a number range says what it counts, or carries its scale.)
    let mut i = 0;
    while i + 3 < ws.len() {
        // ("an amount from 20,000 to 80,000 dollars")
        let counted = ws.get(i + 4).is_some_and(|w| {
            matches!(
                w.as_str(),
                "employees" | "people" | "staff" | "dollars" | "usd"
            )
        }) || i.checked_sub(1).is_some_and(|j| {
            matches!(
                ws[j].as_str(),
                "amount" | "amounts" | "value" | "size" | "employees" | "headcount"
            ) || (j > 0 && ws[j] == "is" && ws[j - 1] == "amount")
        });
        let scaled = |j: usize| {
            amount(&ws, j).is_some_and(|(_, len)| len == 1)
                && !ws[j].bytes().all(|b| b.is_ascii_digit())
        };
        if ws[i] == "from"
            && ws[i + 2] == "to"
            && amount(&ws, i + 1).is_some_and(|(_, len)| len == 1)
            && amount(&ws, i + 3).is_some_and(|(_, len)| len == 1)
            && (counted || scaled(i + 1) || scaled(i + 3))
        {
            ws[i] = "between".to_string();
            ws[i + 2] = "and".to_string();
        }
        i += 1;
    }
    // "distinct account countries", "unique countries across the account base": the accounts' own
    // values, counted.
    if ws
        .iter()
        .any(|w| matches!(w.as_str(), "distinct" | "unique" | "different"))
    {
        let accounts = |w: &str| matches!(w, "account" | "accounts");
        let mut i = 0;
        while i < ws.len() {
            if matches!(ws[i].as_str(), "distinct" | "unique" | "different")
                && ws.get(i + 1).is_some_and(|w| accounts(w))
                && ws.get(i + 2).is_some_and(|w| {
                    matches!(
                        w.as_str(),
                        "countries"
                            | "country"
                            | "industries"
                            | "industry"
                            | "owners"
                            | "owner"
                            | "domains"
                    )
                })
            {
                ws.remove(i + 1);
            } else if matches!(ws[i].as_str(), "across" | "among") {
                let mut end = i + 1;
                while ws
                    .get(end)
                    .is_some_and(|w| matches!(w.as_str(), "the" | "our" | "all"))
                {
                    end += 1;
                }
                if ws.get(end).is_some_and(|w| accounts(w)) {
                    if ws.get(end + 1).is_some_and(|w| w == "base") {
                        end += 1;
                    }
                    ws.drain(i..=end);
                    continue;
                }
            }
            i += 1;
        }
    }
    // "Enterprise renewals in H1 2027 - which accounts?": the accounts with them, asked first.
    if ws.len() > 3
        && matches!(ws[ws.len() - 2].as_str(), "which" | "what")
        && ACCOUNT_STEMS.contains(&stem(&ws[ws.len() - 1]).as_str())
        && !ws[..ws.len() - 2]
            .iter()
            .any(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()))
    {
        let tail: Vec<String> = ws.split_off(ws.len() - 2);
        let mut asked = tail;
        asked.push("with".to_string());
        asked.append(&mut ws);
        ws = asked;
    }
    // "how many accounts pay for AutonomOS Enterprise": the customers on that plan (what we pay for
    // is spend).
    if let Some(noun) = ws
        .iter()
        .position(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()))
        && let Some(pay) = (noun + 1..(noun + 3).min(ws.len())).find(|&k| {
            matches!(ws[k].as_str(), "pay" | "pays" | "paying")
                && ws.get(k + 1).is_some_and(|w| w == "for")
        })
    {
        ws.splice(pay..=pay + 1, ["on".to_string()]);
        ws[noun] = "customers".to_string();
    }
    // "where are most of our customers": their countries ("where are we slowest? the five accounts
    // with ..." lists the accounts).
    let accounts_listed = (1..ws.len()).any(|k| {
        ACCOUNT_STEMS.contains(&stem(&ws[k]).as_str())
            && (small_number(&ws[k - 1]).is_some()
                || RANKING_WORDS.contains(&ws[k - 1].as_str())
                || matches!(ws[k - 1].as_str(), "which" | "list"))
    });
    if ws.first().is_some_and(|w| w == "where")
        && !accounts_listed
        && ws.iter().any(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()))
        && !ws
            .iter()
            .any(|w| matches!(w.as_str(), "country" | "countries" | "region" | "regions"))
    {
        ws.remove(0);
        // ("where are most of them": all of them, by country, the most first.)
        if let Some(at) = ws
            .iter()
            .position(|w| matches!(w.as_str(), "most" | "majority"))
            && ws.get(at + 1).is_some_and(|w| w == "of")
        {
            ws.drain(at..=at + 1);
        }
        ws.extend(["by", "country"].map(str::to_string));
    }
    // Said of what the question asks already: "whatever its status", "regardless of status" (every
    // invoice billed), "waiting to be paid" (unpaid), "with no resolution yet" (unresolved), "fin
    // services", "burn on cloud" (spend).
    let mut i = 0;
    while i < ws.len() {
        let at =
            |k: usize, options: &[&str]| ws.get(k).is_some_and(|w| options.contains(&w.as_str()));
        let article = |k: usize| at(k, &["its", "their", "the"]);
        let status_at = |k: usize| at(k, &["status", "statuses"]);
        if at(i, &["whatever", "whichever", "any"]) && article(i + 1) && status_at(i + 2) {
            ws.drain(i..=i + 2);
        } else if at(i, &["regardless", "irrespective"]) && at(i + 1, &["of"]) {
            let end = if article(i + 2) { i + 3 } else { i + 2 };
            if status_at(end) {
                ws.drain(i..=end);
            } else {
                i += 1;
            }
        } else if at(i, &["counting", "including"])
            && at(i + 1, &["every", "all"])
            && ws.get(i + 2).is_some_and(|w| stem(w) == "invoic")
        {
            ws.drain(i..=i + 2);
        } else if at(i, &["waiting", "yet", "still"])
            && at(i + 1, &["to"])
            && at(i + 2, &["be"])
            && at(i + 3, &["paid"])
        {
            ws.splice(i..=i + 3, ["unpaid".to_string()]);
        } else if at(i, &["with", "without"])
            && at(i + 1, &["no", "a", "any"])
            && at(i + 2, &["resolution"])
        {
            let end = if at(i + 3, &["yet"]) { i + 3 } else { i + 2 };
            if ws[i] == "with" && ws[i + 1] != "no" {
                i += 1;
                continue;
            }
            ws.splice(i..=end, ["unresolved".to_string()]);
        } else if at(i, &["lifetime"]) && !at(i + 1, &["value", "ltv"]) {
            // "the lifetime sum of their paid invoices": all time (a lifetime value is not).
            ws.splice(i..=i, ["all".to_string(), "time".to_string()]);
            i += 2;
        } else if at(i, &["owing"]) && at(i + 1, &["us"]) {
            // "how much is Orbit Cloud still owing us": owed.
            ws.splice(i..=i + 1, ["owed".to_string()]);
            if i > 0 && ws[i - 1] == "still" {
                ws.remove(i - 1);
            }
        } else if at(i, &["waiting", "yet", "still"])
            && at(i + 1, &["to"])
            && at(i + 2, &["be"])
            && at(i + 3, &["resolved"])
        {
            ws.splice(i..=i + 3, ["unresolved".to_string()]);
        } else if i > 0
            && ws[i - 1] == "how"
            && at(i, &["many"])
            && at(
                i + 1,
                &["dollars", "pounds", "euros", "yen", "usd", "gbp", "eur"],
            )
        {
            // "how many pounds did the invoices come to": how much.
            ws[i] = "much".to_string();
            i += 1;
        } else if at(i, &["open", "lost", "closed"])
            && at(i + 1, &["deal", "opportunity", "opp"])
            && at(i + 2, &["size", "sizes"])
        {
            // "average open deal size": the size of open deals (the deal size metric is of won ones).
            let state = ws[i].clone();
            ws.splice(
                i..=i + 2,
                [
                    "size".to_string(),
                    "of".to_string(),
                    state,
                    "deals".to_string(),
                ],
            );
            i += 4;
        } else if (at(i, &["on"]) && at(i + 1, &["or"]) && at(i + 2, &["before"]))
            || (at(i, &["no", "not"]) && at(i + 1, &["later"]) && at(i + 2, &["than"]))
        {
            // "due on or before November 7", "no later than November 7": by then, that day included.
            ws.splice(i..=i + 2, ["by".to_string()]);
        } else if (at(i, &["on"]) && at(i + 1, &["or"]) && at(i + 2, &["after"]))
            || (at(i, &["no", "not"]) && at(i + 1, &["earlier", "sooner"]) && at(i + 2, &["than"]))
        {
            // "issued on or after August 1": since then, that day included.
            ws.splice(i..=i + 2, ["since".to_string()]);
        } else if at(i, &["falling", "fall", "falls"]) && at(i + 1, &["due"]) {
            // "invoices falling due by 7 November": due.
            ws.remove(i);
        } else if at(i, &["eng", "engg"]) && !at(i + 1, &["to"]) {
            // "eng cloud spend": engineering's.
            ws[i] = "engineering".to_string();
            i += 1;
        } else if at(i, &["fin"]) && at(i + 1, &["services", "svcs", "serv"]) {
            ws[i] = "financial".to_string();
            ws[i + 1] = "services".to_string();
            i += 1;
        } else if at(i, &["burn", "burned", "burnt", "burning"]) && at(i + 1, &["on"]) {
            ws[i] = "spend".to_string();
            i += 1;
        } else if at(i, &["account", "customer"])
            && at(i + 1, &["health"])
            && at(i + 2, &["score", "scores"])
        {
            // "the average account health score": the health score.
            ws.remove(i);
        } else if at(i, &["still"]) && at(i + 1, &["trialing", "trialling", "active", "in"]) {
            ws.remove(i);
        } else {
            i += 1;
        }
    }
    // "US accounts on a trial", "which UK accounts are past due": the accounts with such
    // subscriptions (a share of them is a metric of its own).
    let counted_or_shared = ws.iter().any(|w| {
        matches!(
            w.as_str(),
            "percent" | "percentage" | "share" | "fraction" | "proportion" | "rate" | "ratio"
        )
    });
    if !counted_or_shared
        && let Some(noun) = ws
            .iter()
            .position(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()))
    {
        let linking = |w: &str| {
            matches!(
                w,
                "that" | "which" | "who" | "are" | "is" | "currently" | "now" | "still"
            )
        };
        let state_at = |k: usize| match (
            ws.get(k).map(String::as_str),
            ws.get(k + 1).map(String::as_str),
            ws.get(k + 2).map(String::as_str),
        ) {
            (Some("on" | "in"), Some("a" | "an"), Some("trial")) => Some((3, "trialing")),
            (Some("on" | "in"), Some("trial" | "trials"), _) => Some((2, "trialing")),
            (Some("trialing" | "trialling"), _, _) => Some((1, "trialing")),
            (Some("past"), Some("due"), _) => Some((2, "past due")),
            _ => None,
        };
        let with = |state: &str| -> Vec<String> {
            std::iter::once("with")
                .chain(state.split(' '))
                .chain(std::iter::once("subscriptions"))
                .map(str::to_string)
                .collect()
        };
        // After the accounts ("accounts in the US that are trialing"), said with linking words, or
        // right after them ("accounts on a trial").
        let after = (noun + 1..ws.len()).find_map(|k| {
            let (len, state) = state_at(k)?;
            let mut from = k;
            while from > noun + 1 && linking(&ws[from - 1]) {
                from -= 1;
            }
            (from < k || k == noun + 1).then_some((from, k + len, state))
        });
        if let Some((from, mut to, state)) = after {
            // ("past due right now": the state is the present one already.)
            while ws.get(to).is_some_and(|w| w == "now" || w == "currently")
                || (ws.get(to).is_some_and(|w| w == "right")
                    && ws.get(to + 1).is_some_and(|w| w == "now"))
            {
                to += 1;
            }
            ws.splice(from..to, with(state));
        } else if noun >= 1 && matches!(ws[noun - 1].as_str(), "trial" | "trialing" | "trialling") {
            // "the trial accounts based in the US".
            ws.remove(noun - 1);
            ws.splice(noun..noun, with("trialing"));
        }
    }
    // "as of 1 July 2026", "since 15th March": the day after its month, as the dates read.
    for i in 0..ws.len().saturating_sub(1) {
        let day = ws[i]
            .trim_end_matches(|c: char| c.is_ascii_alphabetic())
            .parse::<u32>()
            .ok()
            .filter(|d| {
                (1..=31).contains(d) && ws[i].chars().next().is_some_and(|c| c.is_ascii_digit())
            });
        let dated = (i > 0
            && matches!(
                ws[i - 1].as_str(),
                "of" | "on"
                    | "since"
                    | "until"
                    | "before"
                    | "after"
                    | "by"
                    | "from"
                    | "to"
                    | "at"
                    | "through"
                    | "and"
                    | "between"
            ))
            || ws
                .get(i + 2)
                .is_some_and(|y| y.len() == 4 && y.parse::<u32>().is_ok());
        if let Some(day) = day
            && dated
            && time::month_number(&ws[i + 1]).is_some()
        {
            let month = ws[i + 1].clone();
            ws[i] = month;
            ws[i + 1] = day.to_string();
        }
    }
    // "retention (logos, not dollars)": of customers, not of their revenue.
    let mut i = 1;
    while i + 1 < ws.len() {
        if ws[i] == "not"
            && matches!(
                ws[i + 1].as_str(),
                "dollars" | "dollar" | "revenue" | "mrr" | "money"
            )
            && matches!(
                ws[i - 1].as_str(),
                "logos" | "logo" | "customers" | "accounts" | "count" | "counts"
            )
        {
            let logos = ws[i - 1].starts_with("logo");
            ws.drain(i - 1..=i + 1);
            if logos && let Some(r) = ws.iter().position(|w| w == "retention" || w == "churn") {
                if r > 0 && matches!(ws[r - 1].as_str(), "customer" | "account") {
                    ws[r - 1] = "logo".to_string();
                } else {
                    ws.insert(r, "logo".to_string());
                }
            }
            continue;
        }
        i += 1;
    }
    // "of the customers we had a year ago, what share are still with us": logo retention, the share
    // of last year's customers kept (or, "have left since", lost): a figure over the last 12 months.
    let a_year_ago = (0..ws.len().saturating_sub(2)).find(|&i| {
        matches!(ws[i].as_str(), "a" | "one" | "12" | "twelve")
            && matches!(ws[i + 1].as_str(), "year" | "months")
            && ws[i + 2] == "ago"
    });
    if let Some(at) = a_year_ago
        && ws[..at]
            .iter()
            .any(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()) || w.starts_with("logo"))
    {
        let kept = ws.iter().any(|w| {
            matches!(
                w.as_str(),
                "still"
                    | "kept"
                    | "keep"
                    | "retained"
                    | "retain"
                    | "stayed"
                    | "remain"
                    | "remained"
                    | "remaining"
            )
        });
        let lost = ws.iter().any(|w| {
            matches!(
                w.as_str(),
                "left" | "lost" | "churned" | "cancelled" | "canceled" | "gone" | "quit"
            )
        });
        let percent = ws
            .iter()
            .any(|w| matches!(w.as_str(), "percent" | "percentage"));
        let metric = match (kept, lost) {
            (true, false) => Some("retention"),
            (false, true) => Some("churn"),
            _ => None,
        };
        if let Some(metric) = metric {
            ws = ["logo", metric].map(str::to_string).to_vec();
            if percent {
                ws.extend(["in", "percent"].map(str::to_string));
            }
        }
    }
    // "Q2 revenue compared to Q2 the year before": year over year; "how many percent up": grew.
    let mut i = 0;
    while i + 3 < ws.len() {
        let compares = matches!(
            ws[i].as_str(),
            "compared" | "vs" | "versus" | "against" | "than"
        );
        let mut k = i + 1;
        if ws
            .get(k)
            .is_some_and(|w| matches!(w.as_str(), "to" | "with"))
        {
            k += 1;
        }
        let earlier = ws.get(k + 1).is_some_and(|w| w == "the")
            && ws
                .get(k + 2)
                .is_some_and(|w| matches!(w.as_str(), "year" | "prior" | "previous"))
            && ws
                .get(k + 3)
                .is_some_and(|w| matches!(w.as_str(), "before" | "year"));
        if compares && earlier {
            ws.splice(i..=k + 3, ["year", "over", "year"].map(str::to_string));
        }
        i += 1;
    }
    for i in 1..ws.len() {
        if matches!(ws[i - 1].as_str(), "percent" | "percentage" | "%")
            && matches!(ws[i].as_str(), "up" | "higher" | "more")
        {
            ws[i] = "growth".to_string();
        }
    }
    // "from the end of June to the end of September", "June month-end vs September month-end": the
    // months between, through the second (a figure of the day grows from the first end to the second).
    let month_ends: Vec<(usize, usize, u32)> = (0..ws.len())
        .filter_map(|i| {
            let month = time::month_number(&ws[i])?;
            let year_after = ws
                .get(i + 1)
                .is_some_and(|y| y.len() == 4 && y.parse::<u32>().is_ok());
            if i >= 2 && ws[i - 2] == "end" && ws[i - 1] == "of" {
                let start = if i >= 3 && ws[i - 3] == "the" {
                    i - 3
                } else {
                    i - 2
                };
                Some((start, i + usize::from(year_after), month))
            } else if ws.get(i + 1).is_some_and(|w| w == "month")
                && ws.get(i + 2).is_some_and(|w| w == "end")
            {
                Some((i, i + 2, month))
            } else {
                None
            }
        })
        .collect();
    if let [(start, _, first), (_, end, last)] = month_ends.as_slice()
        && first < last
    {
        let year = ws[*end].clone();
        // (The month after the first end: December's is January.)
        let after_first = time::month_name(first % 12 + 1).unwrap_or("january");
        let last_name = time::month_name(*last).unwrap_or("december");
        let mut span = vec![
            after_first.to_string(),
            "through".to_string(),
            last_name.to_string(),
        ];
        if year.len() == 4 && year.parse::<u32>().is_ok() {
            span.push(year);
        }
        let from = if *start > 0 && matches!(ws[start - 1].as_str(), "from" | "between") {
            start - 1
        } else {
            *start
        };
        // ("during Q3, from the end of June to the end of September": the quarter, said again.)
        let period_named = ws[..from].iter().chain(&ws[end + 1..]).any(|w| {
            matches!(
                w.as_str(),
                "q1" | "q2" | "q3" | "q4" | "quarter" | "h1" | "h2" | "half"
            )
        });
        // (The change between two month-ends in units is read as two figures of the day already.)
        let in_percent = ws
            .iter()
            .any(|w| matches!(w.as_str(), "percent" | "percentage"));
        if period_named {
            ws.drain(from..=*end);
        } else if in_percent {
            ws.splice(from..=*end, span);
        }
    }
    // "how has health moved month to month": by month.
    for i in (2..ws.len()).rev() {
        if ws[i - 2] == "month" && ws[i - 1] == "to" && ws[i] == "month" {
            ws.splice(i - 2..=i, ["monthly".to_string()]);
        }
    }
    // "what do they add up to": their amount; "the count and total of open invoices": the count and
    // the amount.
    for i in (0..ws.len()).rev() {
        if matches!(ws[i].as_str(), "add" | "adds" | "added")
            && ws.get(i + 1).is_some_and(|w| w == "up")
            && ws.get(i + 2).is_some_and(|w| w == "to")
        {
            ws.splice(i..=i + 2, ["amount".to_string()]);
        } else if ws[i] == "total"
            && i > 0
            && ws[i - 1] == "and"
            && ws[..i - 1]
                .iter()
                .any(|w| COUNT_WORDS.contains(&w.as_str()))
        {
            ws[i] = "amount".to_string();
        }
    }
    // "created the longest ago": earliest.
    for i in (1..ws.len()).rev() {
        if matches!(ws[i - 1].as_str(), "longest" | "furthest" | "farthest") && ws[i] == "ago" {
            ws.splice(i - 1..=i, ["earliest".to_string()]);
            if i >= 2 && ws[i - 2] == "the" {
                ws.remove(i - 2);
            }
        }
    }
    // "which deal did we win last": most recently (not last week, last quarter, last 5).
    for i in 1..ws.len() {
        let verb = matches!(
            ws[i - 1].as_str(),
            "win"
                | "won"
                | "close"
                | "closed"
                | "sign"
                | "signed"
                | "lose"
                | "lost"
                | "create"
                | "created"
                | "open"
                | "opened"
                | "add"
                | "added"
                | "pay"
                | "paid"
                | "resolve"
                | "resolved"
                | "issue"
                | "issued"
                | "invoice"
                | "invoiced"
        );
        let period_after = ws.get(i + 1).is_some_and(|w| {
            unit(w).is_some()
                || w.chars().all(|c| c.is_ascii_digit())
                || small_number(w).is_some()
                || matches!(w.as_str(), "time" | "few" | "couple")
        });
        if verb && ws[i] == "last" && !period_after {
            ws.splice(i..=i, ["most", "recently"].map(str::to_string));
            break;
        }
    }
    // "how much did MRR go up": grow.
    for i in 1..ws.len() {
        if matches!(ws[i - 1].as_str(), "go" | "went" | "gone") {
            let said = match ws[i].as_str() {
                "up" => "grow",
                "down" => "decrease",
                _ => continue,
            };
            ws.splice(i - 1..=i, [said.to_string()]);
            break;
        }
    }
    // ("how many percent": which percent, not a count.)
    if let Some(at) = (2..ws.len()).find(|&i| {
        ws[i - 2] == "how"
            && ws[i - 1] == "many"
            && matches!(ws[i].as_str(), "percent" | "percentage")
    }) {
        ws.splice(at - 2..at, ["what".to_string()]);
    }
    // "deals that slipped past their close date": slipped.
    for i in (1..ws.len()).rev() {
        if ws[i] == "past"
            && matches!(
                ws[i - 1].as_str(),
                "slipped" | "slip" | "slips" | "slipping"
            )
        {
            ws.remove(i);
        }
    }
    // "20 or more accounts", "5 or fewer tickets": at least, at most.
    let mut i = 2;
    while i < ws.len() {
        let bound = match ws[i].as_str() {
            "more" | "greater" | "higher" | "above" | "over" => Some("least"),
            "fewer" | "less" | "lower" | "below" | "under" => Some("most"),
            _ => None,
        };
        if let Some(bound) = bound
            && ws[i - 1] == "or"
            && amount(&ws, i - 2).is_some_and(|(_, len)| len == 1)
        {
            let n = ws[i - 2].clone();
            ws.splice(i - 2..=i, ["at".to_string(), bound.to_string(), n]);
        }
        i += 1;
    }
    // "customers with at least one open ticket", "accounts that received at least one invoice": any.
    let mut i = 2;
    while i < ws.len() {
        if ws[i - 2] == "at" && ws[i - 1] == "least" && matches!(ws[i].as_str(), "one" | "1") {
            ws.drain(i - 2..=i);
        }
        i += 1;
    }
    // "paid to Deloitte": what we spent on it (what customers paid us is revenue).
    for i in (1..ws.len()).rev() {
        if ws[i] == "to"
            && matches!(ws[i - 1].as_str(), "paid" | "pay" | "paying")
            && ws
                .get(i + 1)
                .is_some_and(|w| !matches!(w.as_str(), "date" | "us" | "now"))
        {
            ws.splice(i - 1..=i, ["spent".to_string(), "on".to_string()]);
        }
    }
    // "customers, not counting trials", "MRR excluding trials", "trials excluded": said of trials.
    let trials = |w: &str| matches!(w, "trial" | "trials" | "trialing");
    let mut i = 1;
    while i < ws.len() {
        let pair = (ws[i - 1].as_str(), ws[i].as_str());
        if matches!(pair, ("excluding" | "without" | "no" | "except", t) if trials(t))
            || matches!(pair, (t, "excluded" | "aside") if trials(t))
        {
            ws.drain(i - 1..=i);
            p.without_trials = true;
        } else {
            i += 1;
        }
    }
    // "new-customer MRR": new MRR.
    for i in (1..ws.len().saturating_sub(1)).rev() {
        if ws[i - 1] == "new"
            && matches!(ws[i].as_str(), "customer" | "logo" | "business")
            && ws[i + 1] == "mrr"
        {
            ws.remove(i);
        }
    }
    // "where does ARR stand at the moment": what it is now; "at year-end 2025": at the end of 2025.
    if ws.first().is_some_and(|w| w == "where")
        && ws
            .get(1)
            .is_some_and(|w| matches!(w.as_str(), "does" | "do" | "did"))
        && ws.iter().any(|w| matches!(w.as_str(), "stand" | "stands"))
    {
        // ("where does our open deal stand": what is it, not what does it open.)
        ws[0] = "what".to_string();
        ws[1] = "is".to_string();
        ws.retain(|w| !matches!(w.as_str(), "stand" | "stands"));
    }
    for i in (0..ws.len()).rev() {
        if ws[i] == "at"
            && ws.get(i + 1).is_some_and(|w| w == "the")
            && ws.get(i + 2).is_some_and(|w| w == "moment")
        {
            ws.splice(i..=i + 2, ["now".to_string()]);
        }
    }
    // "between now and year end", "for the rest of the year": from tomorrow through December 31.
    if let Some(tomorrow) = today.succ_opt().filter(|t| t.year() == today.year())
        && let Some(month) = time::month_name(tomorrow.month())
    {
        for i in (0..ws.len()).rev() {
            if let Some(n) = rest_of_year(&ws[i..])
                && ws.get(i + n).is_none_or(|y| time::year_number(y).is_none())
            {
                let through = [
                    "from".to_string(),
                    month.to_string(),
                    tomorrow.day().to_string(),
                    tomorrow.year().to_string(),
                    "to".to_string(),
                    "december".to_string(),
                    "31".to_string(),
                    today.year().to_string(),
                ];
                ws.splice(i..i + n, through);
            }
        }
    }
    for i in (0..ws.len()).rev() {
        let yearend = (ws[i] == "yearend").then_some(1).or_else(|| {
            (ws[i] == "year" && ws.get(i + 1).is_some_and(|w| w == "end")).then_some(2)
        });
        if let Some(n) = yearend
            && ws
                .get(i + n)
                .is_some_and(|y| time::year_number(y).is_some())
        {
            ws.splice(i..i + n, ["the", "end", "of"].map(str::to_string));
        }
    }
    // "new MRR from new customers": new MRR is theirs by definition.
    if ws.windows(2).any(|p| p[0] == "new" && p[1] == "mrr")
        && let Some(from) = (0..ws.len()).find(|&i| {
            ws[i] == "from"
                && ws.get(i + 1).is_some_and(|w| w == "new")
                && ws
                    .get(i + 2)
                    .is_some_and(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()) || w == "logos")
        })
    {
        ws.drain(from..=from + 2);
    }
    // "the mean number of days from opportunity creation to close", "hours from open to resolution",
    // "days between issue and payment": the time the records took to get there.
    let tickets = ws.iter().any(|w| stem(w) == "ticket");
    if let Some(i) = (0..ws.len()).find(|&i| {
        matches!(ws[i].as_str(), "days" | "hours" | "time")
            && ws.get(i + 1).is_some_and(|w| w == "from" || w == "between")
    }) && let Some(to) = (i + 2..(i + 7).min(ws.len()))
        .find(|&j| matches!(ws[j].as_str(), "to" | "and" | "until" | "till"))
    {
        let at = to
            + 1
            + usize::from(
                ws.get(to + 1)
                    .is_some_and(|w| matches!(w.as_str(), "the" | "their" | "its")),
            );
        let phrase: Option<&[&str]> = ws.get(at).and_then(|w| match w.as_str() {
            "close" | "closing" | "closed" | "won" | "win" | "closure" if !tickets => {
                Some(&["days", "to", "close"][..])
            }
            "close" | "closing" | "closed" | "closure" | "resolution" | "resolved" | "resolve"
            | "resolving" => Some(&["time", "to", "resolve"][..]),
            "payment" | "paid" | "pay" | "paying" | "collection" | "collected" => {
                Some(&["days", "to", "pay"][..])
            }
            _ => None,
        });
        if let Some(phrase) = phrase {
            ws.splice(i..=at, phrase.iter().map(|w| (*w).to_string()));
        }
    }
    // "open deals ranked by amount", "sorted by value", "in descending order of amount": the records
    // in that order (largest first unless said otherwise).
    let ascending = ws
        .iter()
        .any(|w| matches!(w.as_str(), "ascending" | "asc" | "increasing"))
        || ws
            .windows(3)
            .any(|p| matches!(p[0].as_str(), "low" | "lowest" | "smallest") && p[1] == "to");
    for i in (0..ws.len()).rev() {
        // ("sorted by close date": by when the records happen, read with the ranking.)
        let sorted_by = matches!(
            ws[i].as_str(),
            "sorted" | "sort" | "ranked" | "rank" | "ordered" | "order"
        ) && ws.get(i + 1).is_some_and(|w| w == "by")
            && !ws.get(i + 2).is_some_and(|w| model::names_an_event(w));
        // ("in descending order of amount")
        let order_of = i >= 1
            && ws[i] == "order"
            && matches!(
                ws[i - 1].as_str(),
                "descending" | "ascending" | "decreasing" | "increasing"
            )
            && ws.get(i + 1).is_some_and(|w| w == "of");
        // (The order said at the end, unless a ranking word says it: "largest three ... ranked by MRR".)
        let ranked = ws.iter().any(|w| RANKING_WORDS.contains(&w.as_str()));
        if sorted_by {
            ws.remove(i);
            if !ranked {
                let order = if ascending {
                    ["low", "to", "high"]
                } else {
                    ["high", "to", "low"]
                };
                ws.extend(order.map(str::to_string));
            }
        } else if order_of {
            let descending = matches!(ws[i - 1].as_str(), "descending" | "decreasing");
            let start = i - 1 - usize::from(i >= 2 && ws[i - 2] == "in");
            let order = if descending {
                ["high", "to", "low"]
            } else {
                ["low", "to", "high"]
            };
            ws.splice(start..=i + 1, ["by".to_string()]);
            ws.extend(order.map(str::to_string));
        }
    }
    // "the customer with the most breached tickets, plus the count", "... give the total too": the
    // figure beside the name is shown anyway.
    let n = ws.len();
    if n >= 4
        && matches!(ws[n - 1].as_str(), "too" | "also")
        && matches!(
            ws[n - 2].as_str(),
            "total" | "amount" | "count" | "number" | "figure" | "value"
        )
        && ws[n - 3] == "the"
    {
        let give = n - 3 - usize::from(n >= 5 && ws[n - 4] == "me");
        if give >= 1 && matches!(ws[give - 1].as_str(), "give" | "show" | "include") {
            ws.truncate(give - 1);
        }
    }
    let n = ws.len();
    if n >= 3
        && matches!(
            ws[n - 1].as_str(),
            "count" | "counts" | "number" | "numbers"
        )
    {
        let article = usize::from(matches!(ws[n - 2].as_str(), "the" | "its" | "their"));
        if n >= 2 + article && matches!(ws[n - 2 - article].as_str(), "plus" | "with" | "and") {
            ws.truncate(n - 2 - article);
        }
    }
    // "open deals whose last activity was more than 60 days ago": with no activity in the last 60 days.
    if let Some(last) = (0..ws.len()).find(|&i| {
        ws[i] == "last"
            && ws.get(i + 1).is_some_and(|w| {
                matches!(
                    w.as_str(),
                    "activity" | "touched" | "updated" | "modified" | "contact" | "touch"
                )
            })
    }) && let Some(ago) = (last + 2..(last + 9).min(ws.len())).find(|&j| ws[j] == "ago")
        && ago >= 2
        && matches!(ws[ago - 1].as_str(), "days" | "day" | "weeks" | "week")
        && let Some((number, 1)) = amount(&ws, ago - 2)
    {
        let start = last
            - usize::from(
                last > 0 && matches!(ws[last - 1].as_str(), "whose" | "with" | "their" | "its"),
            );
        let unit = ws[ago - 1].clone();
        let idle = ["with", "no", "activity", "in", "the", "last"]
            .map(str::to_string)
            .into_iter()
            .chain([format!("{number}"), unit]);
        ws.splice(start..=ago, idle);
    }
    // "open deals with no activity in the last 60 days", "deals idle for 30 days", "opportunities not
    // touched in 2 weeks": idle that long.
    let idle_at = (0..ws.len()).find_map(|k| {
        let w = ws[k].as_str();
        let denied = |j: usize| {
            j > 0
                && matches!(
                    ws[j - 1].as_str(),
                    "no" | "without" | "any" | "not" | "havent" | "hasnt" | "been" | "never"
                )
        };
        let start = match w {
            "activity" | "activities" if denied(k) => {
                let mut s = k - 1;
                while s > 0 && matches!(ws[s - 1].as_str(), "with" | "no" | "without" | "any") {
                    s -= 1;
                }
                s
            }
            "inactive" | "idle" | "untouched" | "stalled" | "stale" | "dormant" => k,
            "touched" | "updated" | "worked" if denied(k) => {
                let mut s = k - 1;
                while s > 0
                    && matches!(
                        ws[s - 1].as_str(),
                        "not" | "havent" | "hasnt" | "been" | "have" | "has" | "that" | "never"
                    )
                {
                    s -= 1;
                }
                s
            }
            _ => return None,
        };
        let (at, (n, len)) =
            (k + 1..(k + 7).min(ws.len())).find_map(|j| amount(&ws, j).map(|a| (j, a)))?;
        let unit = ws.get(at + len)?;
        let days = match unit.as_str() {
            "days" | "day" => 1.0,
            "weeks" | "week" => 7.0,
            _ => return None,
        };
        let between_ok = ws[k + 1..at].iter().all(|w| {
            matches!(
                w.as_str(),
                "in" | "for"
                    | "over"
                    | "during"
                    | "the"
                    | "last"
                    | "past"
                    | "more"
                    | "than"
                    | "at"
                    | "least"
                    | "since"
            )
        });
        between_ok.then_some((start, at + len, n * days))
    });
    if let Some((start, end, days)) = idle_at {
        ws.drain(start..=end);
        p.idle_days = Some(days);
    }
    // "the last 12 full months ending October 2026", "the 4 quarters through Q3": that many units up to
    // the end of the period named.
    let units_ending = (0..ws.len()).find_map(|k| {
        let (n, len) = amount(&ws, k)?;
        let whole = ws
            .get(k + len)
            .is_some_and(|w| matches!(w.as_str(), "full" | "whole" | "complete" | "calendar"));
        let unit_at = k + len + usize::from(whole);
        let months = match ws.get(unit_at)?.as_str() {
            "months" => 1.0,
            "quarters" => 3.0,
            "years" => 12.0,
            _ => return None,
        };
        let trailing = k > 0 && matches!(ws[k - 1].as_str(), "last" | "past" | "trailing");
        let ending = match ws.get(unit_at + 1)?.as_str() {
            "ending" | "ended" => true,
            "through" | "thru" | "to" | "until" => trailing,
            _ => false,
        };
        let start = if trailing { k - 1 } else { k };
        let start = if start > 0 && ws[start - 1] == "the" {
            start - 1
        } else {
            start
        };
        let in_at = usize::from(
            ws.get(unit_at + 2)
                .is_some_and(|w| w == "in" || w == "with"),
        );
        (ending && n.fract() == 0.0 && (1.0..=120.0).contains(&n)).then_some((
            start,
            unit_at + 1 + in_at,
            (n * months) as u32,
        ))
    });
    if let Some((start, end, months)) = units_ending {
        ws.drain(start..=end);
        p.months_ending = Some(months);
    }
    // "(2025 first)", "last year's figure first": which period's figure comes first, not a period.
    if let Some((start, at, year)) = (1..ws.len()).find_map(|i| {
        if ws[i] != "first"
            || ws.get(i + 1).is_some_and(|w| {
                matches!(
                    w.as_str(),
                    "quarter" | "half" | "day" | "week" | "month" | "time"
                )
            })
        {
            return None;
        }
        let mut k = i;
        while k > 0
            && matches!(
                ws[k - 1].as_str(),
                "figure" | "figures" | "number" | "numbers" | "one" | "total"
            )
        {
            k -= 1;
        }
        let year = time::year_number(ws.get(k.checked_sub(1)?)?);
        if let Some(year) = year {
            return Some((k - 1, i, year));
        }
        let said = ws.get(k.checked_sub(2)?..k)?;
        let year = match (said[0].as_str(), said[1].as_str()) {
            ("last" | "previous" | "prior", "year" | "years") => today.year() - 1,
            ("this" | "current", "year" | "years") => today.year(),
            _ => return None,
        };
        Some((k - 2, i, year))
    }) {
        p.first_year = Some(year);
        ws.drain(start..at);
    }
    if let Some((start, end, op, hours)) = resolution_condition(&ws) {
        ws.drain(start..=end);
        p.resolution_hours = Some((op, hours));
    }
    if let Some((start, end, op, value)) = probability_condition(&ws) {
        ws.drain(start..=end);
        p.probability = Some((op, value));
    }
    // "invoices more than 90 days old", "AR aged over 90 days", "tickets open for over a week": each
    // record's age, in days since it began.
    if let Some((start, end, op, days)) = age_condition(&ws) {
        ws.drain(start..=end);
        p.age = Some((op, days));
    }
    // "tickets with status open", "in past due status": the source's status, strictly (not the
    // state words' wider reading: "open" tickets are also the pending ones).
    if let Some((span, status)) = literal_status(&ws) {
        match status {
            // The states of subscriptions are their statuses already.
            "past_due" | "trialing" | "canceled" => {
                let words = status.split('_').map(str::to_string).collect::<Vec<_>>();
                ws.splice(span, words);
            }
            // Tickets' open state is wider than their status "open" (pending ones are open too),
            // subscriptions' active state wider than "active" (past due ones are live too); an
            // invoice's states are its statuses.
            _ if status == "active" || ws.iter().any(|w| w == "ticket" || w == "tickets") => {
                ws.drain(span);
                p.status = Some(status);
            }
            _ => {}
        }
    }
    // Before spelling is corrected: "send" is not "spend".
    if gives_an_instruction(&ws) {
        p.ws = ws;
        p.unanswerable = true;
        p.note(1.0, "NLQ only reads: it does not change data");
        return p.finish(persona);
    }
    p.ws = per_account_first(
        vocabulary,
        p.corrected(possessive_periods(records_doing_accounts(ws))),
    );
    let ws = p.ws.clone();
    let mut parsed = match accounts_with_records(vocabulary, &p.ws, persona, today) {
        Some(mut parsed) => {
            parsed.notes.splice(0..0, p.notes);
            parsed
        }
        None => {
            p.scan();
            p.finish(persona)
        }
    };
    records_per_account(&mut parsed, &ws);
    // "how many tickets have at-risk accounts opened this quarter": the records of the accounts the
    // view lists, not the accounts.
    if parsed.query.metrics == ["at_risk_accounts"]
        && let Some(at) = ws.windows(2).position(|p| p[0] == "at" && p[1] == "risk")
        && ws.iter().any(|w| {
            RECORD_STEMS.contains(&stem(w).as_str()) && !ACCOUNT_STEMS.contains(&stem(w).as_str())
        })
    {
        let mut words = ws.clone();
        words.drain(at..at + 2);
        let mut records = parse_words(vocabulary, &words, persona, today);
        let of_records = match records.query.metrics.as_slice() {
            [m] => model::metric(m)
                .and_then(model::Metric::table)
                .is_some_and(|t| {
                    matches!(t, "ticket" | "opportunity" | "revenue" | "subscription")
                }),
            _ => false,
        };
        if of_records && records.intent == Intent::Answer && !records.unanswerable {
            records.query.filters.push(Filter::Records {
                metric: "at_risk_accounts".to_string(),
                filters: Vec::new(),
                time: None,
                negated: false,
            });
            parsed = records;
        }
    }
    if let Some(extreme) = when {
        answer_when(&mut parsed, extreme);
    } else if counts_what_it_names(&ws, &parsed) {
        assume(
            &mut parsed.notes,
            "counted the records named (\"list\" shows them)",
        );
    }
    parsed
}

/// Words that make "first" or "last" after them an order ("smallest first").
const ORDER_BEFORE_END: &[&str] = &[
    "smallest",
    "largest",
    "biggest",
    "lowest",
    "highest",
    "newest",
    "oldest",
    "latest",
    "earliest",
    "recent",
    "most",
    "least",
    "top",
    "bottom",
    "descending",
    "ascending",
    "worst",
    "best",
];

/// "When did Zenith Foods last open a ticket?", "the date of the most recent invoice", "latest ticket
/// date", "when did we win our first deal": the day of the latest (or first) record asked, its words
/// taken out of `ws` (they name no period).
fn asks_when(ws: &mut Vec<String>) -> Option<Aggregation> {
    const UNITS: &[&str] = &[
        "day", "days", "week", "weeks", "month", "months", "quarter", "quarters", "year", "years",
        "ytd", "fiscal", "fy", "time", "times", "one", "two", "three", "few",
    ];
    // ("which account has the earliest start date": the account, not the day.)
    let asks_a_thing = ws
        .first()
        .is_some_and(|w| matches!(w.as_str(), "which" | "who" | "whose"))
        && ws
            .get(1)
            .is_none_or(|w| !matches!(w.as_str(), "date" | "day"));
    let asks_a_day = ws.first().is_some_and(|w| w == "when")
        || ws.windows(2).any(|p| {
            matches!(p[0].as_str(), "what" | "which" | "whats") && matches!(p[1].as_str(), "date" | "day")
        })
        // ("year to date": a period.)
        || (0..ws.len()).any(|i| ws[i] == "date" && (i == 0 || ws[i - 1] != "to"));
    if !asks_a_day || asks_a_thing {
        return None;
    }
    // The word saying which end, not a period ("last quarter", "the last 3 months").
    let end_at = (0..ws.len()).find_map(|i| {
        let next = ws.get(i + 1).map(String::as_str);
        let period_follows = next.is_some_and(|n| {
            UNITS.contains(&n) || n.parse::<f64>().is_ok() || time::month_number(n).is_some()
        });
        let kind = match ws[i].as_str() {
            "last" | "latest" | "newest" => Aggregation::Latest,
            "most" if next == Some("recent") => Aggregation::Latest,
            "first" | "earliest" | "oldest" => Aggregation::Earliest,
            _ => return None,
        };
        let len = if ws[i] == "most" { 2 } else { 1 };
        // ("smallest first", "newest first": an order.)
        let an_order = i > 0 && ORDER_BEFORE_END.contains(&ws[i - 1].as_str());
        let alone = len == 1 && next.is_none();
        (!(period_follows || an_order || alone)).then_some((i, len, kind))
    })?;
    let (at, len, kind) = end_at;
    ws.drain(at..at + len);
    if ws.first().is_some_and(|w| w == "when") {
        ws.remove(0);
    }
    // "the date of ...", "... ticket date", "what day": the day asked, not a column of an event
    // ("close date" stays).
    let mut k = 0;
    while k < ws.len() {
        let asked = match ws[k].as_str() {
            "date" => k == 0 || !model::names_an_event(&ws[k - 1]),
            "day" => k > 0 && matches!(ws[k - 1].as_str(), "what" | "which" | "whats"),
            _ => false,
        };
        if asked {
            ws.remove(k);
            if ws.get(k).is_some_and(|w| w == "of") {
                ws.remove(k);
            }
        } else {
            k += 1;
        }
    }
    Some(kind)
}

/// The day of the latest (or first) record of the one metric asked ([`asks_when`]), in place of
/// the records or figure the rest of the question read.
fn answer_when(parsed: &mut Parsed, extreme: Aggregation) {
    let q = &mut parsed.query;
    let fits = match q.metrics.as_slice() {
        [m] => model::metric(m).is_some_and(|m| extreme.fits(m, q.grain.is_some(), false)),
        _ => false,
    };
    if !fits || q.compare.is_some() || q.aggregation.is_some() {
        parsed.notes.push(Note {
            penalty: 0.3,
            reason: "\"when\" asks for a day this answer does not give".into(),
        });
        return;
    }
    q.aggregation = Some(extreme);
    q.records = false;
    q.limit = None;
    q.order = None;
    q.by_time = false;
    q.count_rows = false;
    q.names_only = false;
    q.columns.clear();
    q.accounts = false;
}

/// Whether the figures asked fall due ahead: one that does ([`model::Metric::looks_ahead`]), the others
/// over its records ("which accounts renew in December, and their MRR").
fn looks_ahead(metrics: &[String]) -> bool {
    let metrics: Vec<&model::Metric> = metrics.iter().filter_map(|m| model::metric(m)).collect();
    metrics
        .iter()
        .find(|m| m.looks_ahead())
        .is_some_and(|ahead| {
            metrics
                .iter()
                .all(|m| m.looks_ahead() || (m.table().is_some() && m.table() == ahead.table()))
        })
}

/// "open deals over 100k", "accounts with open tickets": records named and nothing asked of them,
/// counted, though some want them listed.
fn counts_what_it_names(ws: &[String], parsed: &Parsed) -> bool {
    // ("with amount over 100000": a column compared, not a value asked.)
    let compared = |i: usize| {
        ws.get(i + 1).is_some_and(|w| {
            matches!(
                w.as_str(),
                "over"
                    | "under"
                    | "above"
                    | "below"
                    | "at"
                    | "more"
                    | "less"
                    | "greater"
                    | "between"
            ) || amount(ws, i + 1).is_some()
        })
    };
    let asked = |(i, w): (usize, &String)| {
        COUNT_WORDS.contains(&w.as_str())
            || (VALUE_WORDS.contains(&w.as_str()) && !compared(i))
            || matches!(
                w.as_str(),
                "how"
                    | "what"
                    | "whats"
                    | "which"
                    | "who"
                    | "whos"
                    | "list"
                    | "show"
                    | "give"
                    | "volume"
                    | "tell"
                    | "find"
                    | "get"
                    | "total"
                    | "is"
                    | "are"
                    | "were"
                    | "was"
                    | "do"
                    | "does"
                    | "did"
            )
    };
    let q = &parsed.query;
    let counts_records = match q.metrics.as_slice() {
        [m] => model::metric(m).is_some_and(|m| {
            matches!(m.source, model::Source::Fact { aggregate, .. } if aggregate.starts_with("count("))
        }),
        _ => false,
    };
    parsed.intent == Intent::Answer
        && !parsed.unanswerable
        && counts_records
        && !q.records
        && q.divided_by.is_none()
        && q.dimensions.is_empty()
        && q.grain.is_none()
        && q.compare.is_none()
        && q.order.is_none()
        && q.limit.is_none()
        && q.aggregation.is_none()
        && !ws.iter().enumerate().any(asked)
}

/// Notes an assumption about what a word means that people disagree on: never a high answer, and no
/// lower than medium on its own account (it adds only what brings the answer down to medium).
fn assume(notes: &mut Vec<Note>, reason: impl Into<String>) {
    let so_far: f64 = notes.iter().map(|n| n.penalty).sum();
    notes.push(Note {
        penalty: (0.21 - so_far).max(0.0),
        reason: reason.into(),
    });
}

/// "cancel every past-due subscription", "please mark these invoices paid": a verb that changes records,
/// said to them (followed by what it acts on), not a question about them.
fn gives_an_instruction(ws: &[String]) -> bool {
    const POLITE: &[&str] = &[
        "please", "pls", "plz", "can", "could", "would", "you", "go", "ahead", "and", "kindly",
    ];
    const CHANGES: &[&str] = &[
        "cancel",
        "mark",
        "set",
        "change",
        "edit",
        "modify",
        "remove",
        "erase",
        "archive",
        "close",
        "reopen",
        "assign",
        "reassign",
        "void",
        "refund",
        "move",
        "rename",
        "add",
        "create",
        "send",
        "write",
        "merge",
        "upgrade",
        "downgrade",
        "renew",
        "resolve",
        "escalate",
        "email",
        "charge",
        "tag",
        "label",
        "flag",
        "restore",
        "reinstate",
        "reactivate",
        "activate",
        "deactivate",
        "disable",
        "enable",
        "update",
        "insert",
        "upload",
        "import",
        "sync",
        "transfer",
        "convert",
        "notify",
        "remind",
        "ping",
        "schedule",
        "invite",
        "approve",
        "reject",
        "suspend",
        "migrate",
        "purge",
        "wipe",
        "clear",
        "reset",
        "undo",
        "apply",
        "post",
        "reverse",
        "extend",
        "pause",
        "resume",
        "lock",
        "unlock",
        "freeze",
        "block",
        "delete",
        "drop",
        "truncate",
        "waive",
        "adjust",
        "fix",
        "correct",
        "replace",
        "reclassify",
        "recategorize",
        "allocate",
        "reallocate",
        "retry",
        "discount",
        "credit",
        "unassign",
        "publish",
        "forward",
    ];
    const OBJECTS: &[&str] = &[
        "the", "all", "every", "each", "any", "these", "those", "this", "that", "our", "my", "a",
        "an",
    ];
    let mut words = ws
        .iter()
        .skip_while(|w| POLITE.contains(&w.as_str()))
        .peekable();
    let Some(verb) = words.next() else {
        return false;
    };
    // "write off the invoices", "sign up a customer": the particle belongs to the verb.
    if words
        .peek()
        .is_some_and(|w| matches!(w.as_str(), "off" | "up" | "out" | "down" | "back"))
    {
        words.next();
    }
    let Some(object) = words.next() else {
        return false;
    };
    CHANGES.contains(&verb.as_str())
        && (OBJECTS.contains(&object.as_str())
            || RECORD_STEMS.contains(&stem(object).as_str())
            || ACCOUNT_STEMS.contains(&stem(object).as_str()))
}

/// Whether `metrics` are one, or several over the same records ("revenue from paid invoices").
fn one_table(metrics: &[String]) -> bool {
    let tables: Vec<Option<&str>> = metrics
        .iter()
        .map(|m| model::metric(m).and_then(model::Metric::table))
        .collect();
    metrics.len() == 1
        || (!tables.is_empty() && tables.iter().all(|t| t.is_some() && *t == tables[0]))
}

/// The period from `first` to `last`, both included: "May to October".
fn spanning(first: &Period, last: &Period) -> Period {
    Period::new(
        first.start.min(last.start),
        first.end.max(last.end),
        format!("{} to {}", first.label, last.label),
    )
}

/// The start of a range read before its end: "Jan through Jun 2025" is January 2025, though "Jan" alone
/// would be the latest January.
fn range_start(start: Period, end: &Period) -> Period {
    // ("Sept 15 to the end of Sept": a start within the end's period stays.)
    if start.start >= end.end
        && let Some(earlier) = start.months_back(12, start.label.clone())
        && earlier.start <= end.start
    {
        return earlier;
    }
    start
}

/// Dates written as numbers or ranges spelled as words: "2026-09-01" is "september 1 2026", "jul-sep" is
/// "jul through sep".
fn spelled_dates(question: &str) -> String {
    question
        .split(' ')
        .map(|token| {
            let core = token.trim_matches(|c: char| !c.is_alphanumeric());
            // "FY25", "FY2025": the fiscal year, which here is the calendar year.
            let lower = core.to_lowercase();
            if let Some(year) = lower.strip_prefix("fy")
                && year.chars().all(|c| c.is_ascii_digit())
                && matches!(year.len(), 2 | 4)
            {
                let year = if year.len() == 2 {
                    format!("20{year}")
                } else {
                    year.to_string()
                };
                return token.replacen(core, &year, 1);
            }
            // "8/1-8/31", "9/15-9/30/2026": a range of days.
            if let Some((a, b)) = core.split_once('-')
                && let (Some(a), Some(b)) = (slashed_date(a), slashed_date(b))
            {
                return token.replacen(core, &format!("{a} through {b}"), 1);
            }
            if let Some(date) = slashed_date(core) {
                return token.replacen(core, &date, 1);
            }
            let parts: Vec<&str> = core.split('-').collect();
            match parts.as_slice() {
                [y, m, d] if y.len() == 4 => {
                    let date = format!("{y}-{m}-{d}").parse::<NaiveDate>();
                    match date {
                        Ok(date) => token.replacen(core, &date.format("%B %-d %Y").to_string(), 1),
                        Err(_) => token.to_string(),
                    }
                }
                [a, b]
                    if time::month_number(&a.to_lowercase()).is_some()
                        && time::month_number(&b.to_lowercase()).is_some() =>
                {
                    token.replacen(core, &format!("{a} through {b}"), 1)
                }
                _ => token.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A date written with slashes, month first, spelled out: "10/30/2026" and "10/30/26" are "October 30
/// 2026", "3/31" is "March 31", "9/2026" is "September 2026".
fn slashed_date(core: &str) -> Option<String> {
    let parts: Vec<&str> = core.split('/').collect();
    if parts.len() < 2
        || !parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let month = |m: &str| m.len() <= 2 && m.parse::<u32>().is_ok_and(|m| (1..=12).contains(&m));
    match parts.as_slice() {
        [m, d, y] if month(m) && d.len() <= 2 && matches!(y.len(), 2 | 4) => {
            let year = if y.len() == 2 {
                format!("20{y}")
            } else {
                (*y).to_string()
            };
            let date = format!("{year}-{m}-{d}").parse::<NaiveDate>().ok()?;
            Some(date.format("%B %-d %Y").to_string())
        }
        [m, y] if month(m) && y.len() == 4 => {
            let date = format!("{y}-{m}-1").parse::<NaiveDate>().ok()?;
            Some(date.format("%B %Y").to_string())
        }
        // (A day of the year asked about: its year is read like a month's.)
        [m, d] if month(m) && d.len() <= 2 => {
            let date = format!("2000-{m}-{d}").parse::<NaiveDate>().ok()?;
            Some(date.format("%B %-d").to_string())
        }
        _ => None,
    }
}

/// The day of a month `word` names: "30", "1st", "22nd" (1..=31).
fn day_of_month(word: &str) -> Option<u32> {
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|s| word.strip_suffix(s))
        .unwrap_or(word);
    digits
        .parse::<u32>()
        .ok()
        .filter(|d| (1..=31).contains(d) && digits.chars().all(|c| c.is_ascii_digit()))
}

/// Ranges of days in one month spelled as two dates: "September 1 and 30, 2026", "Sept 1-30 2026" and
/// "1 to 15 September" are "September 1 2026 through September 30 2026".
fn day_ranges(question: &str) -> String {
    let tokens: Vec<&str> = question.split_whitespace().collect();
    let core = |t: &str| {
        t.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    let day = |t: &str| day_of_month(&core(t));
    let joiner = |t: &str| {
        matches!(
            core(t).as_str(),
            "and" | "to" | "through" | "thru" | "until" | "till"
        ) || matches!(t, "-" | "\u{2013}" | "--")
    };
    let month = |t: &str| time::month_number(&core(t)).map(|_| core(t));
    let year = |t: Option<&&str>| t.and_then(|t| time::year_number(&core(t)).map(|_| core(t)));
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        // The days and the index after them: "1-30" or "1 to 30".
        let days_at = |k: usize| -> Option<(u32, u32, usize)> {
            let t = tokens.get(k)?;
            if let Some((a, b)) = t.split_once(['-', '\u{2013}'])
                && let (Some(a), Some(b)) = (day(a), day(b))
            {
                return Some((a, b, k + 1));
            }
            let (a, b) = (day(t)?, day(tokens.get(k + 2)?)?);
            joiner(tokens.get(k + 1)?).then_some((a, b, k + 3))
        };
        let range = |m: &str, a: u32, b: u32, y: Option<String>| {
            let y = y.map(|y| format!(" {y}")).unwrap_or_default();
            format!("{m} {a}{y} through {m} {b}{y}")
        };
        // "September 1 and 30, 2026".
        if let Some(m) = month(tokens[i])
            && let Some((a, b, next)) = days_at(i + 1)
            && a < b
        {
            let y = year(tokens.get(next));
            let next = next + usize::from(y.is_some());
            out.push(range(&m, a, b, y));
            i = next;
            continue;
        }
        // "1 to 15 September 2026".
        if let Some((a, b, next)) = days_at(i)
            && a < b
            && let Some(m) = tokens.get(next).and_then(|t| month(t))
        {
            let y = year(tokens.get(next + 1));
            let after = next + 1 + usize::from(y.is_some());
            out.push(range(&m, a, b, y));
            i = after;
            continue;
        }
        out.push(tokens[i].to_string());
        i += 1;
    }
    out.join(" ")
}

/// `question` with a ratio written as a formula named: "won/(won+lost)" is the win rate.
fn spelled_formulas(question: &str) -> String {
    const FORMULAS: &[(&str, &str)] = &[
        ("won/(won+lost)", "win rate"),
        ("won/(lost+won)", "win rate"),
        ("wins/(wins+losses)", "win rate"),
        ("won/closed", "win rate"),
    ];
    // Byte offsets in `question` of each character that is not white space.
    let kept: Vec<(usize, char)> = question
        .char_indices()
        .filter(|(_, c)| !c.is_whitespace())
        .collect();
    // One character for each kept one (ASCII lowercasing), so positions carry over.
    let compact: String = kept.iter().map(|(_, c)| c.to_ascii_lowercase()).collect();
    for (formula, name) in FORMULAS {
        if let Some(at) = compact.find(formula) {
            let first = compact[..at].chars().count();
            let last = first + formula.chars().count() - 1;
            let (start, _) = kept[first];
            let (end, c) = kept[last];
            return format!(
                "{}{name}{}",
                &question[..start],
                &question[end + c.len_utf8()..]
            );
        }
    }
    question.to_string()
}

/// The question without a line saying who asks or why ("VP Sales here - ...", "I'm about to call Acme:
/// ..."), which would otherwise be read as part of it. Whom the asker is about to meet stays: it is
/// likely whom the question is about.
fn without_preamble(question: &str) -> String {
    for separator in [": ", " - ", " \u{2014} ", " \u{2013} ", " -- ", ". "] {
        let Some((before, after)) = question.split_once(separator) else {
            continue;
        };
        if after.trim().is_empty() {
            continue;
        }
        let lower = before.trim().to_lowercase();
        let role = lower.split_whitespace().any(|w| {
            matches!(
                w,
                "ceo"
                    | "cfo"
                    | "cro"
                    | "coo"
                    | "cto"
                    | "vp"
                    | "head"
                    | "lead"
                    | "manager"
                    | "analyst"
                    | "controller"
                    | "director"
            )
        });
        // ("For the weekly review: ...", "ahead of the board meeting - ...": what the answer is for.)
        let occasion = ["for ", "ahead of ", "before "]
            .iter()
            .any(|p| lower.starts_with(p))
            && lower.split_whitespace().last().is_some_and(|w| {
                matches!(
                    w,
                    "review"
                        | "meeting"
                        | "deck"
                        | "report"
                        | "sync"
                        | "call"
                        | "standup"
                        | "presentation"
                        | "qbr"
                        | "update"
                        | "memo"
                        | "offsite"
                )
            });
        // ("Quick data quality check: ...", "Board question: ...": what the question is for.)
        if occasion
            || lower.ends_with(" here")
            || lower.ends_with(" check")
            || lower.ends_with(" question")
            || (role && lower.split_whitespace().count() <= 6)
            || ["hey", "hi ", "hello", "quick question", "fyi"]
                .iter()
                .any(|p| lower.starts_with(p))
        {
            return after.to_string();
        }
        if ["i'm ", "i\u{2019}m ", "im ", "i am "]
            .iter()
            .any(|p| lower.starts_with(p))
        {
            // "I'm about to call Fjord Holdings": Fjord Holdings.
            let words: Vec<&str> = before.split_whitespace().collect();
            let verb = words.iter().rposition(|w| {
                matches!(
                    w.to_lowercase().as_str(),
                    "call" | "meet" | "email" | "visit" | "see" | "pitch" | "with" | "to"
                )
            });
            let whom = verb.map_or(String::new(), |v| words[v + 1..].join(" "));
            return format!("{whom} {after}");
        }
    }
    // "finance needs revenue per month", "investor on the phone wants our ARR": who asks, then what.
    let words: Vec<&str> = question.split_whitespace().collect();
    let asks = words
        .iter()
        .take(7)
        .position(|w| matches!(w.to_lowercase().as_str(), "needs" | "wants"));
    // Who asks is a noun phrase, never part of the question ("deals stuck in Needs Analysis").
    let who_asks = |at: &usize| {
        *at > 0
            && !words[..*at].iter().any(|w| {
                matches!(
                    w.to_lowercase().as_str(),
                    "how" | "what" | "which" | "who" | "is" | "are" | "in" | "at" | "to" | "of"
                )
            })
    };
    if let Some(at) = asks.filter(who_asks) {
        let mut rest = &words[at + 1..];
        if let [to, know, tail @ ..] = rest
            && to.eq_ignore_ascii_case("to")
            && know.to_lowercase().starts_with("know")
        {
            rest = tail;
        }
        if !rest.is_empty() {
            return rest.join(" ");
        }
    }
    question.to_string()
}

/// "average MRR per Enterprise plan account": the account named right after "per" ("per account on
/// the Enterprise plan"), so that the average is over accounts and the values between narrow them.
fn per_account_first(vocabulary: &Vocabulary, mut ws: Vec<String>) -> Vec<String> {
    let values = |words: &[String]| {
        vocabulary.lookup(words).is_some_and(|terms| {
            terms
                .iter()
                .all(|t| matches!(t, Term::Value(..) | Term::Dimension(_)))
        })
    };
    for per in 0..ws.len() {
        if ws[per] != "per" {
            continue;
        }
        let Some(noun) = (per + 2..(per + 4).min(ws.len()))
            .find(|&k| PER_ACCOUNT_NOUNS.contains(&ws[k].as_str()))
        else {
            continue;
        };
        let between = &ws[per + 1..noun];
        let named = values(between) || between.iter().all(|w| values(std::slice::from_ref(w)));
        if named {
            let noun_word = ws.remove(noun);
            ws.insert(per + 1, noun_word);
        }
    }
    ws
}

/// `question` with a short list after a colon joined by "and": "pipeline: # deals, $" asks both the
/// number and the value, as "pipeline: # deals and $" does.
fn listed_after_colon(question: &str) -> String {
    let Some((head, tail)) = question.split_once(": ") else {
        return question.to_string();
    };
    let items: Vec<&str> = tail.split(',').map(str::trim).collect();
    let short = items
        .iter()
        .all(|item| (1..=3).contains(&item.split_whitespace().count()));
    // Figures asked ("# deals", "$", "count", "total value"), not periods put side by side
    // ("October against September, October first").
    let figures = items.iter().any(|item| {
        item.contains(['#', '$'])
            || item.split_whitespace().any(|w| {
                matches!(
                    w.to_lowercase().as_str(),
                    "count" | "number" | "value" | "amount" | "total" | "sum" | "mrr" | "arr"
                )
            })
    });
    if items.len() < 2 || items.len() > 4 || !short || !figures {
        return question.to_string();
    }
    format!("{head}: {}", items.join(" and "))
}

/// `question` with an aside in parentheses between a noun and what qualifies it moved to the end:
/// "each vendor (excluding Cloud infrastructure) whose spend exceeded 50k" is "each vendor whose
/// spend exceeded 50k (excluding Cloud infrastructure)".
fn asides_last(question: &str) -> String {
    let Some(open) = question.find('(') else {
        return question.to_string();
    };
    let Some(close) = question[open..].find(')').map(|c| open + c) else {
        return question.to_string();
    };
    let rest = &question[close + 1..];
    let qualifies = rest.split_whitespace().next().is_some_and(|w| {
        matches!(
            w.to_lowercase().as_str(),
            "whose" | "that" | "which" | "who" | "where"
        )
    });
    if !qualifies || open == 0 {
        return question.to_string();
    }
    let rest = rest.trim();
    let (body, end) = match rest.strip_suffix(['?', '.']) {
        Some(body) => (body, &rest[body.len()..]),
        None => (rest, ""),
    };
    format!(
        "{} {body} {}{end}",
        question[..open].trim_end(),
        &question[open..=close]
    )
}

/// `question` without a list of values in parentheses after the breakdown they are values of:
/// "subscriptions by status (active, trialing, past due, canceled)" is by status.
fn without_enumerations(vocabulary: &Vocabulary, question: &str) -> String {
    let mut out = question.to_string();
    while let Some(open) = out.find('(') {
        let Some(close) = out[open..].find(')').map(|c| open + c) else {
            break;
        };
        let inside = &out[open + 1..close];
        let listed = inside.contains(',') || inside.contains(" vs ") || inside.contains(" or ");
        let noun = out[..open]
            .split_whitespace()
            .last()
            .map(words)
            .unwrap_or_default();
        let after_a_breakdown = !noun.is_empty()
            && vocabulary
                .lookup(&noun)
                .is_some_and(|terms| terms.iter().any(|t| matches!(t, Term::Dimension(_))));
        if !(listed && after_a_breakdown) {
            break;
        }
        out.replace_range(open..=close, "");
    }
    out
}

/// `question` with a dash between two days read as a range: "Jul 1 - Dec 31", "Oct 1 2025 – Mar 31
/// 2026" run through the second.
fn dashed_ranges(question: &str) -> String {
    let tokens: Vec<&str> = question.split_whitespace().collect();
    let core = |t: &str| {
        t.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    tokens
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let dash = matches!(*t, "-" | "\u{2013}" | "\u{2014}" | "--");
            let before = i.checked_sub(1).map(|j| core(tokens[j]));
            let after = tokens.get(i + 1).map(|t| core(t));
            let a_day = before.as_deref().is_some_and(|b| {
                b.chars().all(|c| c.is_ascii_digit()) || time::month_number(b).is_some()
            });
            let a_month = after
                .as_deref()
                .is_some_and(|a| time::month_number(a).is_some());
            // ("2025 Q1 - 2026 Q3": from one quarter through another.)
            let quarter = |w: &str| matches!(w, "q1" | "q2" | "q3" | "q4");
            let quarters = before.as_deref().is_some_and(quarter)
                && after
                    .as_deref()
                    .is_some_and(|a| quarter(a) || time::year_number(a).is_some());
            if dash && ((a_day && a_month) || quarters) {
                "through".to_string()
            } else if let Some(range) = number_range(t).filter(|_| {
                before
                    .as_deref()
                    .is_none_or(|b| time::month_number(b).is_none())
            }) {
                range
            } else {
                (*t).to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// "20k-80k", "$100-$1,000", "100-1000": a range of two numbers, as "between 20k and 80k" (not a date
/// such as "2026-07" nor a span of years such as "2025-2026").
/// "more than 90 days old", "aged over 90 days", "older than two weeks", "under 30 days old",
/// "open for more than 7 days", "over 90 days past their invoice date": the words' span, and how each
/// record's age in days compares. A number of days with no word of age is no age.
/// A length of time in hours at `ws[i]`: "72 hours", "72h", "three days", "a day", "2 wks"; with the
/// number of words it takes.
fn hours_at(ws: &[String], i: usize) -> Option<(f64, usize)> {
    let per_unit = |unit: &str| match unit {
        "hour" | "hours" | "hr" | "hrs" | "h" => Some(1.0),
        "day" | "days" => Some(24.0),
        "week" | "weeks" | "wk" | "wks" => Some(168.0),
        _ => None,
    };
    let word = ws.get(i)?.as_str();
    // "72h", "48hrs".
    if let Some(at) = word.find(|c: char| !c.is_ascii_digit() && c != '.')
        && at > 0
        && let (Ok(n), Some(unit)) = (word[..at].parse::<f64>(), per_unit(&word[at..]))
    {
        return Some((n * unit, 1));
    }
    let (n, len) = match (word, small_number(word)) {
        ("a" | "an", _) => (1.0, 1),
        (_, Some(n)) => (f64::from(n), 1),
        _ => amount(ws, i)?,
    };
    let unit = per_unit(ws.get(i + len)?)?;
    Some((n * unit, len + 1))
}

/// "tickets that took more than 72 hours to resolve", "resolution time over 48h", "resolved within a
/// day": how long each ticket took from its opening to its resolution, compared in hours. The words
/// said are returned as a span to drop, with the comparison.
fn resolution_condition(ws: &[String]) -> Option<(usize, usize, Comparison, f64)> {
    // ("tickets closed in a day or less": a ticket is closed when it is resolved.)
    let tickets = ws
        .iter()
        .any(|w| matches!(w.as_str(), "ticket" | "tickets" | "tix"));
    let resolving = |w: &str| {
        matches!(
            w,
            "resolve"
                | "resolved"
                | "resolving"
                | "resolution"
                | "solve"
                | "solved"
                | "fix"
                | "fixed"
        ) || (tickets && matches!(w, "closed" | "close"))
    };
    if !ws.iter().any(|w| resolving(w)) {
        return None;
    }
    (0..ws.len()).find_map(|k| {
        let next = ws.get(k + 1).map(String::as_str);
        let (op, n) = match (ws[k].as_str(), next) {
            ("more" | "greater" | "longer", Some("than")) => (Comparison::Greater, 2),
            ("over" | "above" | "beyond" | "exceeding", _) => (Comparison::Greater, 1),
            ("at", Some("least")) => (Comparison::AtLeast, 2),
            ("less" | "shorter", Some("than")) => (Comparison::Less, 2),
            ("under" | "below", _) => (Comparison::Less, 1),
            ("within", _) => (Comparison::AtMost, 1),
            ("at", Some("most")) => (Comparison::AtMost, 2),
            // "in a day or less", "in 48 hours or more".
            ("in", _) => {
                let (_, len) = hours_at(ws, k + 1)?;
                let op = match (ws.get(k + 1 + len)?.as_str(), ws.get(k + 2 + len)?.as_str()) {
                    ("or", "less" | "fewer" | "under" | "shorter" | "faster" | "sooner") => {
                        Comparison::AtMost
                    }
                    ("or", "more" | "longer" | "over" | "above") => Comparison::AtLeast,
                    _ => return None,
                };
                (op, 1)
            }
            _ => return None,
        };
        let (hours, len) = hours_at(ws, k + n)?;
        let mut end = k + n + len - 1;
        if ws[k] == "in" {
            end += 2;
        }
        // "three days (72 hours)": the same length said twice.
        if let Some((_, again)) = hours_at(ws, end + 1) {
            end += again;
        }
        // What took that long is the resolution: said before ("took", "resolution time", "resolved")
        // or after ("to resolve", "to be resolved", "until resolution").
        let mut start = k;
        while start > 0
            && matches!(
                ws[start - 1].as_str(),
                "took"
                    | "take"
                    | "takes"
                    | "taking"
                    | "needed"
                    | "need"
                    | "needs"
                    | "needing"
                    | "required"
                    | "requires"
                    | "time"
                    | "times"
                    | "resolution"
                    | "with"
                    | "in"
                    | "out"
            )
        {
            start -= 1;
        }
        // ("resolved within 24 hours": the event stays, it places the tickets in time.)
        let said_before = ws[start..k].iter().any(|w| {
            matches!(
                w.as_str(),
                "took"
                    | "take"
                    | "takes"
                    | "taking"
                    | "needed"
                    | "need"
                    | "needs"
                    | "required"
                    | "resolution"
            )
        }) || (start > 0 && resolving(&ws[start - 1]));
        // ("q3 tickets closed in a day or less": the tickets of Q3, closed that fast.)
        if start > 0 && matches!(ws[start - 1].as_str(), "closed" | "close") {
            start -= 1;
        }
        let mut after = end + 1;
        while ws
            .get(after)
            .is_some_and(|w| matches!(w.as_str(), "to" | "be" | "until" | "for" | "get" | "its"))
        {
            after += 1;
        }
        let said_after = ws.get(after).is_some_and(|w| resolving(w));
        if said_after {
            end = after;
        }
        (said_before || said_after).then_some((start, end, op, hours))
    })
}

/// "open deals with a probability of 60% or higher", "win probability at least 0.6", "deals above 50%
/// probability": a deal's probability compared, as a fraction (0-1); with the span of words said.
fn probability_condition(ws: &[String]) -> Option<(usize, usize, Comparison, f64)> {
    let at = ws
        .iter()
        .position(|w| matches!(w.as_str(), "probability" | "likelihood"))?;
    // The comparison before the number ("at least 60%") or after it ("60% or more").
    let comparison = |k: usize| -> Option<(Comparison, usize)> {
        let next = ws.get(k + 1).map(String::as_str);
        Some(match (ws.get(k)?.as_str(), next) {
            ("more" | "greater" | "higher", Some("than")) => (Comparison::Greater, 2),
            ("over" | "above" | "exceeding", _) => (Comparison::Greater, 1),
            ("at", Some("least")) => (Comparison::AtLeast, 2),
            ("less" | "lower", Some("than")) => (Comparison::Less, 2),
            ("under" | "below", _) => (Comparison::Less, 1),
            ("at", Some("most")) => (Comparison::AtMost, 2),
            _ => return None,
        })
    };
    let number = |k: usize| -> Option<(f64, usize)> {
        let (n, len) = amount(ws, k)?;
        let percent = ws.get(k + len).is_some_and(|w| w == "percent");
        let value = if percent || n > 1.0 { n / 100.0 } else { n };
        (0.0..=1.0)
            .contains(&value)
            .then_some((value, len + usize::from(percent)))
    };
    let or_so = |k: usize| -> Option<(Comparison, usize)> {
        let (first, second) = (ws.get(k)?.as_str(), ws.get(k + 1)?.as_str());
        match (first, second) {
            ("or", "more" | "higher" | "greater" | "above" | "better" | "over") => {
                Some((Comparison::AtLeast, 2))
            }
            ("or", "less" | "lower" | "below" | "under") => Some((Comparison::AtMost, 2)),
            _ => None,
        }
    };
    // After the word: "probability [is|of] at least 60%", "probability of 60% or higher".
    let mut k = at + 1;
    while ws
        .get(k)
        .is_some_and(|w| matches!(w.as_str(), "is" | "of" | "was" | "are" | "equal" | "to"))
    {
        k += 1;
    }
    if let Some((op, n)) = comparison(k)
        && let Some((value, len)) = number(k + n)
    {
        return Some((at, k + n + len - 1, op, value));
    }
    if let Some((value, len)) = number(k)
        && let Some((op, n)) = or_so(k + len)
    {
        return Some((at, k + len + n - 1, op, value));
    }
    // Before it: "above 50% probability", "60% or higher probability", "with a 60%+ win probability".
    // (The span said ends at the word; "win probability" starts before it.)
    let start = if at > 0 && ws[at - 1] == "win" {
        at - 1
    } else {
        at
    };
    for back in 2..=5 {
        let Some(k) = start.checked_sub(back) else {
            break;
        };
        if let Some((op, n)) = comparison(k)
            && let Some((value, len)) = number(k + n)
            && k + n + len == start
        {
            return Some((k, at, op, value));
        }
        if let Some((value, len)) = number(k)
            && let Some((op, n)) = or_so(k + len)
            && k + len + n == start
        {
            return Some((k, at, op, value));
        }
    }
    None
}

fn age_condition(ws: &[String]) -> Option<(usize, usize, Comparison, f64)> {
    (0..ws.len()).find_map(|k| {
        let next = ws.get(k + 1).map(String::as_str);
        let (op, n) = match (ws[k].as_str(), next) {
            ("older" | "more" | "greater" | "longer", Some("than")) => (Comparison::Greater, 2),
            ("over" | "above" | "beyond", _) => (Comparison::Greater, 1),
            ("at", Some("least")) => (Comparison::AtLeast, 2),
            ("younger" | "newer" | "less" | "fewer", Some("than")) => (Comparison::Less, 2),
            ("under" | "below" | "within", _) => (Comparison::Less, 1),
            ("at", Some("most")) => (Comparison::AtMost, 2),
            _ => return None,
        };
        let (number, len) = match ws.get(k + n).map(String::as_str) {
            Some("a" | "one") => (1.0, 1),
            _ => amount(ws, k + n)?,
        };
        let unit = k + n + len;
        let days = match ws.get(unit)?.as_str() {
            "day" | "days" => number,
            "week" | "weeks" | "wk" | "wks" => number * 7.0,
            _ => return None,
        };
        let mut end = unit;
        let said_older = matches!(ws[k].as_str(), "older" | "younger" | "newer");
        let (start, said_before) = match k.checked_sub(1).map(|j| ws[j].as_str()) {
            Some("aged" | "aging" | "ageing" | "age") => (k - 1, true),
            // "open for more than 7 days": the state stays, the time it has lasted is the age.
            Some("for")
                if k >= 2
                    && matches!(
                        ws[k - 2].as_str(),
                        "open" | "outstanding" | "unpaid" | "unresolved" | "pending" | "waiting"
                    ) =>
            {
                (k - 1, true)
            }
            _ => (k, false),
        };
        let said_after = match ws.get(unit + 1).map(String::as_str) {
            Some("old") => {
                end = unit + 1;
                true
            }
            // "past their invoice date", "since issue", "from the opening date".
            Some("past" | "after" | "since" | "from") => {
                let beginning = |w: &str| {
                    matches!(
                        w,
                        "issue"
                            | "issued"
                            | "issuing"
                            | "invoice"
                            | "invoicing"
                            | "creation"
                            | "created"
                            | "opened"
                            | "opening"
                            | "date"
                            | "dates"
                    )
                };
                let mut j = unit + 2;
                while ws
                    .get(j)
                    .is_some_and(|w| matches!(w.as_str(), "their" | "its" | "the") || beginning(w))
                {
                    j += 1;
                }
                let named = ws[unit + 2..j].iter().any(|w| beginning(w));
                if named {
                    end = j - 1;
                }
                named
            }
            _ => false,
        };
        (said_older || said_before || said_after).then_some((start, end, op, days))
    })
}

fn number_range(token: &str) -> Option<String> {
    let token = token.trim_matches(|c: char| matches!(c, ',' | '.' | ';' | ':' | '(' | ')' | '?'));
    let (low, high) = token
        .split_once('-')
        .or_else(|| token.split_once('\u{2013}'))?;
    let number = |side: &str| {
        let side = side.trim_start_matches('$').replace(',', "").to_lowercase();
        scaled_number(&side).map(|(value, scale)| (value * scale, side))
    };
    let ((a, low), (b, high)) = (number(low)?, number(high)?);
    let year = |w: &str, v: f64| w.len() == 4 && (1900.0..2100.0).contains(&v);
    if year(&low, a) && (year(&high, b) || high.len() == 2) || a >= b {
        return None;
    }
    Some(format!("between {low} and {high}"))
}

/// Parses words already read (synonyms, spelling) as a question of their own.
fn parse_words(
    vocabulary: &Vocabulary,
    ws: &[String],
    persona: Option<&'static Persona>,
    today: NaiveDate,
) -> Parsed {
    let mut p = Parser::new(vocabulary, today);
    p.ws = ws.to_vec();
    p.scan();
    p.finish(persona)
}

/// "how many customers have open tickets", "accounts with no deals this year": accounts, then whether
/// they have records of another kind. Read as two questions: the accounts (what is counted or listed)
/// and the records (what they must have, or have none of), joined by a [`Filter::Records`]. `None`
/// when the question does not have that shape, or either half does not read as one.
/// "avg tickets per ticket-filing account": the accounts that have the records counted are those the
/// average is over already; the qualifier goes.
fn records_doing_accounts(mut ws: Vec<String>) -> Vec<String> {
    let at = (2..ws.len()).find(|&k| {
        let record = stem(&ws[k - 2]);
        RECORD_STEMS.contains(&record.as_str())
            && !ACCOUNT_STEMS.contains(&record.as_str())
            && ws[k - 1].ends_with("ing")
            && ACCOUNT_STEMS.contains(&stem(&ws[k]).as_str())
            && ws
                .iter()
                .enumerate()
                .any(|(j, w)| j != k - 2 && stem(w) == record)
    });
    if let Some(k) = at {
        ws.drain(k - 2..k);
    }
    ws
}

/// "among accounts that raised a ticket in 2026, the average number of tickets each raised": the
/// records per account that has them (read first as the accounts, counted).
fn records_per_account(parsed: &mut Parsed, ws: &[String]) {
    let unmade = |n: &Note| {
        n.reason
            .ends_with("asks for a computation this answer does not make")
            && ["average", "avg", "mean"]
                .iter()
                .any(|w| n.reason.contains(&format!("\"{w}\"")))
    };
    let q = &parsed.query;
    if !parsed.notes.iter().any(unmade)
        || q.time.is_some()
        || !q.dimensions.is_empty()
        || q.metrics != ["accounts"]
        || !ws.iter().any(|w| w == "each")
    {
        return;
    }
    let [
        Filter::Records {
            metric,
            filters,
            time,
            negated: false,
        },
    ] = q.filters.as_slice()
    else {
        return;
    };
    let counted = model::metric(metric).is_some_and(
        |m| matches!(m.source, model::Source::Fact { aggregate, .. } if aggregate == "count(*)"),
    );
    if !counted {
        return;
    }
    let (metric, filters, time) = (metric.clone(), filters.clone(), time.clone());
    parsed.query.metrics = vec![metric];
    parsed.query.filters = filters;
    parsed.query.time = time;
    parsed.query.aggregation = Some(Aggregation::PerAccount);
    parsed
        .notes
        .retain(|n| !unmade(n) && n.reason != "the breakdown asked for was not understood");
}

fn accounts_with_records(
    vocabulary: &Vocabulary,
    ws: &[String],
    persona: Option<&'static Persona>,
    today: NaiveDate,
) -> Option<Parsed> {
    let (at, len, negated) = records_clause_at(ws)?;
    // ("which Enterprise customers are past due, with their MRR": a value of each, not accounts
    // that have records.)
    if ws.windows(2).any(|p| {
        matches!(p[0].as_str(), "their" | "its") && RECORD_VALUE_WORDS.contains(&p[1].as_str())
    }) {
        return None;
    }
    // ("customers that are past due and who have an open invoice": the accounts, then what they have.)
    let mut head_end = at;
    while head_end > 0 && matches!(ws[head_end - 1].as_str(), "and" | "who" | "that" | "which") {
        head_end -= 1;
    }
    let mut head = parse_words(vocabulary, &ws[..head_end], persona, today);
    let mut tail = parse_words(vocabulary, &ws[at + len..], None, today);
    let mut broken_down_last = false;
    // ("customers who have never paid an invoice, by plan": the breakdown said last is of the
    // accounts, when it reads as one.)
    if !tail.query.dimensions.is_empty()
        && head.query.dimensions.is_empty()
        && let Some(by) = ws[at + len..]
            .iter()
            .rposition(|w| w == "by" || w == "per")
            .map(|k| at + len + k)
            .filter(|&by| by > at + len)
    {
        let records = parse_words(vocabulary, &ws[at + len..by], None, today);
        let mut words = ws[..head_end].to_vec();
        words.extend_from_slice(&ws[by..]);
        let broken_down = parse_words(vocabulary, &words, persona, today);
        if records.query.dimensions.is_empty()
            && records.query.filters == tail.query.filters
            && !broken_down.query.dimensions.is_empty()
            && broken_down.query.filters == head.query.filters
        {
            head = broken_down;
            tail = records;
            broken_down_last = true;
        }
    }
    // ("customers with past due subscriptions": the customers in that state.)
    const CUSTOMERS_IN_STATE: &[(&str, &str)] = &[
        ("past_due_subscriptions", "past_due_customers"),
        ("canceled_subscriptions", "churned_customers"),
    ];
    let said_accounts = ws[..head_end]
        .iter()
        .any(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()));
    if let [m] = head.query.metrics.as_mut_slice()
        && said_accounts
        && let Some((_, customers)) = CUSTOMERS_IN_STATE.iter().find(|(s, _)| m == s)
    {
        *m = (*customers).to_string();
    }
    let accounts = match head.query.metrics.as_slice() {
        [m] => model::metric(m)?,
        _ => return None,
    };
    let counts_accounts = matches!(accounts.source, model::Source::Fact { aggregate, .. }
        if aggregate.starts_with(crate::compile::ACCOUNTS_COUNTED));
    let (of, t) = (&tail.query, &head.query);
    let plain = of.metrics.len() == 1
        && of.dimensions.is_empty()
        && of.grain.is_none()
        && of.compare.is_none()
        && of.order.is_none()
        && of.limit.is_none()
        && !of.records
        && of.aggregation.is_none()
        && of.distinct.is_none()
        && of.event.is_none()
        && !of.filters.iter().any(|f| {
            matches!(
                f,
                Filter::Number {
                    field: NumberField::Measure,
                    ..
                }
            )
        });
    let records_table = of
        .metrics
        .first()
        .and_then(|m| model::metric(m))
        .and_then(model::Metric::table);
    let records_of_accounts = records_table.is_some_and(|t| !["account", "cost"].contains(&t));
    if head.intent != Intent::Answer
        || tail.intent != Intent::Answer
        || head.unanswerable
        || tail.unanswerable
        || !(counts_accounts || accounts.table() == Some("account"))
        || !plain
        || !records_of_accounts
        || t.grain.is_some()
        || !(t.dimensions.is_empty() || broken_down_last && t.dimensions.len() == 1)
    {
        return None;
    }
    let mut parsed = head;
    // "How many customers have an unresolved ticket" counts the paying customers (as "customers"
    // always are) among the accounts of those tickets; a list of them ("which customers have urgent
    // tickets"), and the customers of invoices or subscriptions (customers by those records), are
    // every account with them, as are "accounts with urgent tickets". Accounts in a state ("past-due
    // customers with an unpaid invoice") stay those in it.
    // ("how many paying customers have an unresolved ticket": the paying ones, as said.)
    let said_paying = ws.iter().any(|w| w == "paying");
    let paying = said_paying
        || !(ws.iter().any(|w| LIST_WORDS.contains(&w.as_str()))
            || ws.first().is_some_and(|w| w == "who")
            || records_table.is_some_and(|t| t == "revenue" || t == "subscription"));
    if !negated && counts_accounts && accounts.name == "customers" && paying && !said_paying {
        // Unless "customers" meant every account with them: never a confident reading.
        parsed.notes.push(Note {
            penalty: 0.21,
            reason: "counted the paying customers with those records (not every account with them)"
                .into(),
        });
    } else if !negated && counts_accounts && accounts.name == "customers" && !paying {
        parsed.query.metrics = vec!["accounts".to_string()];
        // Unless "customers" meant the paying ones only: never a confident reading. (The accounts with
        // a live subscription are the paying ones.)
        if accounts.name == "customers" && of.metrics[0] != "subscriptions" {
            parsed.notes.push(Note {
                penalty: 0.21,
                reason: "counted every account with those records, paying or not".into(),
            });
        }
    }
    parsed.query.filters.push(Filter::Records {
        metric: of.metrics[0].clone(),
        filters: of.filters.clone(),
        time: of.time.clone(),
        negated,
    });
    parsed.notes.extend(tail.notes);
    parsed.options.extend(tail.options);
    Some(parsed)
}

/// Where words after a noun naming accounts say they have (or have none of) records of another kind:
/// "with", "that have", "having", "without any", "with no", "that don't have", "that have never had".
/// Returns the position of those words, how many there are, and whether they deny.
fn records_clause_at(ws: &[String]) -> Option<(usize, usize, bool)> {
    let is = |i: usize, options: &[&str]| ws.get(i).is_some_and(|w| options.contains(&w.as_str()));
    let accounts = ws
        .iter()
        .position(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()))?;
    const HAVE: &[&str] = &["have", "has", "had", "having", "got", "made"];
    const RAISED: &[&str] = &["raised", "opened", "filed", "submitted", "logged", "paid"];
    const DENY: &[&str] = &[
        "dont", "doesnt", "didnt", "havent", "hasnt", "hadnt", "never", "not",
    ];
    // ("customers with past due subscriptions and who have an open invoice": what they have is said
    // last.)
    let last_clause = (accounts + 3..ws.len())
        .find(|&i| is(i, HAVE) && is(i - 1, &["who", "that", "which"]) && is(i - 2, &["and"]));
    for start in last_clause.unwrap_or(accounts + 1)..ws.len() {
        let mut i = start;
        if is(i, &["without"]) {
            i += 1;
        } else if is(i, &["that", "who", "which"]) && is(i + 1, RAISED) {
            // "accounts that raised at least one ticket": what they have, by how it came.
            i += 2;
        } else if !(is(i, &["with"]) || is(i, HAVE) || is(i, DENY)) {
            continue;
        }
        let mut negated = is(start, &["without"]);
        // "with no", "do not have", "have never had", "don't have any", "have had no", "have not yet had a".
        while is(
            i,
            &["with", "no", "zero", "ever", "yet", "do", "does", "did"],
        ) || is(i, HAVE)
            || is(i, DENY)
        {
            negated |= is(i, &["no", "zero"]) || is(i, DENY);
            i += 1;
        }
        // ("with at least one open ticket": some.)
        if is(i, &["at"]) && is(i + 1, &["least"]) && is(i + 2, &["one", "1"]) {
            i += 3;
        }
        // The records named within a few words ("never raised a support ticket", "an unresolved urgent
        // or high priority ticket"), with nothing between that compares or ranks them ("with the most
        // tickets", "with more than 20 tickets").
        // (API calls are records of usage an account has or has none of.)
        let noun = (i..(i + 7).min(ws.len())).find(|&j| {
            let stem = stem(&ws[j]);
            (RECORD_STEMS.contains(&stem.as_str())
                || (stem == "call" && j > 0 && ws[j - 1] == "api"))
                && !ACCOUNT_STEMS.contains(&stem.as_str())
        })?;
        let compares = ws[i..noun].iter().any(|w| {
            RANKING_WORDS.contains(&w.as_str())
                || small_number(w).is_some()
                || w.chars().any(|c| c.is_ascii_digit())
                || matches!(
                    w.as_str(),
                    "more"
                        | "less"
                        | "fewer"
                        | "over"
                        | "under"
                        | "above"
                        | "below"
                        | "than"
                        | "most"
                        | "least"
                )
        });
        if compares {
            return None;
        }
        return Some((start, i - start, negated));
    }
    None
}

impl<'a> Parser<'a> {
    fn new(vocabulary: &'a Vocabulary, today: NaiveDate) -> Self {
        Parser {
            vocabulary,
            today,
            ws: Vec::new(),
            query: SemanticQuery::default(),
            notes: Vec::new(),
            options: Vec::new(),
            unanswerable: false,
            dashboard: false,
            dashboard_persona: None,
            expect_dimension: false,
            rank_by: None,
            by_time: None,
            negate: false,
            without_trials: false,
            loose_number: None,
            at_start: false,
            same_part_next: None,
            time_end: 0,
            whole_compared: false,
            values_apart: false,
            negated_at: None,
            total_threshold: false,
            year_named: None,
            compare_next: false,
            range_next: false,
            ranking: false,
            trend_words: false,
            shift: None,
            prior_period: false,
            time_unit: None,
            compare_unit: None,
            plural: true,
            population: None,
            compare_verb: false,
            states: Vec::new(),
            negated_states: Vec::new(),
            after_value: None,
            value_word: false,
            count_word: false,
            aggregation: Vec::new(),
            per_account: false,
            after_dimension: None,
            vague_time: None,
            new_word: false,
            events: Vec::new(),
            duration_word: false,
            rate_word: false,
            state_events: Vec::new(),
            compare_last: false,
            second_period: None,
            range_through: false,
            ordered: false,
            value_readings: Vec::new(),
            change_word: None,
            phrase_events: Vec::new(),
            idle_days: None,
            age: None,
            resolution_hours: None,
            probability: None,
            months_ending: None,
            said_first: None,
            first_year: None,
            joined_period: false,
            joined_again: false,
            said_workspaces: false,
            status: None,
            denied_until: None,
            narrowed: Vec::new(),
            commonest: false,
            health_word: false,
            compare_at: None,
        }
    }

    fn note(&mut self, penalty: f64, reason: impl Into<String>) {
        self.notes.push(Note {
            penalty,
            reason: reason.into(),
        });
    }

    /// Notes an assumption (see [`assume`]).
    fn assume(&mut self, reason: impl Into<String>) {
        assume(&mut self.notes, reason);
    }

    /// Corrects small misspellings of known words, noting each.
    fn corrected(&mut self, ws: Vec<String>) -> Vec<String> {
        ws.into_iter()
            .map(|w| {
                if STOPWORDS.contains(&w.as_str())
                    || self.vocabulary.is_known_word(&w)
                    || time::month_number(&w).is_some()
                    || unit(&w).is_some()
                    || is_filler(&w)
                    || is_special(&w)
                    || AGGREGATION_WORDS.contains(&w.as_str())
                    || VALUE_WORDS.contains(&w.as_str())
                    || NEGATIONS.contains(&w.as_str())
                    || names_a_state(&w)
                    || model::names_an_event(&w)
                    || DURATION_WORDS.contains(&w.as_str())
                    || TREND_WORDS.contains(&w.as_str())
                    || CHANGE_WORDS.contains(&w.as_str())
                    // ("top five": a number, never "live".)
                    || small_number(&w).is_some()
                    || matches!(
                        w.as_str(),
                        "thirty" | "forty" | "fifty" | "sixty" | "seventy" | "eighty" | "ninety"
                            | "hundred" | "thousand" | "million" | "billion"
                            // ("revenue less spend": minus, never "loss".)
                            | "less" | "minus" | "plus"
                            // ("the slowest ticket": never "lowest"; "reached": never "breached".)
                            | "slowest" | "fastest" | "quickest" | "reach" | "reached" | "reaches"
                    )
                {
                    return w;
                }
                match self.vocabulary.correct(&w) {
                    Some(c) => {
                        let c = c.to_string();
                        // One letter off in a short word may be another word ("stale" is not
                        // "stage"): never a confident reading.
                        // Nor is a word read as a breakdown nobody asked for ("marked" as "market").
                        let breakdown = self
                            .vocabulary
                            .lookup(std::slice::from_ref(&c))
                            .is_some_and(|terms| {
                                terms.iter().all(|t| matches!(t, Term::Dimension(_)))
                            });
                        let penalty = if w.chars().count() <= 5 || breakdown {
                            0.21
                        } else {
                            0.05
                        };
                        self.note(penalty, format!("read \"{w}\" as \"{c}\""));
                        c
                    }
                    None => w,
                }
            })
            .collect()
    }

    fn phrase_matches(&self, i: usize, phrases: &[&str]) -> Option<usize> {
        phrases
            .iter()
            .map(|p| words(p))
            .filter(|p| {
                self.ws
                    .get(i..i + p.len())
                    .is_some_and(|s| s == p.as_slice())
            })
            .map(|p| p.len())
            .max()
    }

    fn scan(&mut self) {
        let mut i = 0;
        while i < self.ws.len() {
            i += self.step(i).max(1);
        }
    }

    /// Reads what starts at word `i`; returns how many words it took.
    fn step(&mut self, i: usize) -> usize {
        let w = self.ws[i].clone();
        let next = self.ws.get(i + 1).cloned().unwrap_or_default();
        // "by amount" ranks by the amount; "the amount of", "how much" ask for it.
        let after_by = i > 0 && self.ws[i - 1] == "by";
        // "deals worth more than 100k", "worth over $50k": a comparison follows, not a value asked for.
        if w == "worth"
            && (amount(&self.ws, i + 1).is_some()
                || matches!(
                    next.as_str(),
                    "over" | "above" | "more" | "greater" | "under" | "below" | "less" | "at"
                ))
        {
            return 1;
        }
        // "by amount" ranks; "by value of deals won" asks for the value; "open deals with amounts"
        // names a column of the records.
        let a_column = i > 0 && matches!(self.ws[i - 1].as_str(), "with" | "their");
        // ("amount descending": the order of the rows.)
        let sort_key = matches!(next.as_str(), "descending" | "ascending" | "desc" | "asc");
        // ("created in Q3 with an amount between $20k and $80k": a condition on the records.)
        let compared = |w: &str| {
            matches!(
                w,
                "over"
                    | "above"
                    | "more"
                    | "greater"
                    | "under"
                    | "below"
                    | "less"
                    | "between"
                    | "exceeding"
                    | "bigger"
                    | "larger"
                    | "smaller"
                    | "higher"
                    | "lower"
            )
        };
        // ("from 20,000 to 80,000 dollars": the unit of a number.)
        let a_unit = matches!(w.as_str(), "dollars" | "dollar" | "usd")
            && i > 0
            && amount(&self.ws, i - 1).is_some();
        // ("with an amount of at least 100k".)
        let at_least = |k: usize| {
            self.ws.get(k).is_some_and(|w| w == "at")
                && self
                    .ws
                    .get(k + 1)
                    .is_some_and(|w| w == "least" || w == "most")
        };
        let a_condition = a_unit
            || (w != "much"
                && (compared(&next)
                    || at_least(i + 1)
                    || (next == "of"
                        && (self.ws.get(i + 2).is_some_and(|n| compared(n)) || at_least(i + 2)))
                    || (matches!(next.as_str(), "is" | "from")
                        && self
                            .ws
                            .get(i + 2)
                            .is_some_and(|n| compared(n) || amount(&self.ws, i + 2).is_some()))));
        if VALUE_WORDS.contains(&w.as_str())
            && (!after_by || next == "of")
            && !a_column
            && !sort_key
            && !a_condition
        {
            self.value_word = true;
        }
        // "what did paid invoices come to", "what do they add up to": their amount.
        if matches!(
            (w.as_str(), next.as_str()),
            ("come" | "comes" | "came", "to") | ("add" | "adds" | "added", "up")
        ) {
            self.value_word = true;
        }
        // "how many open invoices, and what's the total": their amount too, besides the count.
        if w == "total"
            && self.count_word
            && i > 0
            && matches!(
                self.ws[i - 1].as_str(),
                "the" | "their" | "its" | "plus" | "and"
            )
            && self
                .ws
                .get(i + 1)
                .is_none_or(|n| matches!(n.as_str(), "in" | "of" | "value"))
            && !self
                .ws
                .get(i + 2)
                .is_some_and(|n| matches!(n.as_str(), "number" | "count"))
        {
            self.value_word = true;
        }
        // ("include the count", "with the numbers", "name, count": a column of the answer, not a
        // count asked.)
        let a_column_asked = i >= 1
            && self.ws.get(i + 1).is_none_or(|n| n != "of")
            && (matches!(self.ws[i - 1].as_str(), "with" | "plus" | "name")
                || (i >= 2
                    && self.ws[i - 1] == "the"
                    && matches!(self.ws[i - 2].as_str(), "include" | "with" | "and" | "plus")));
        if COUNT_WORDS.contains(&w.as_str()) && !a_column_asked {
            self.count_word = true;
        }

        if let Some(n) = self.phrase_matches(i, DASHBOARD_PHRASES) {
            self.dashboard = true;
            return n;
        }
        if let Some((n, reason)) = OUT_OF_SCOPE
            .iter()
            .filter_map(|(phrase, reason)| self.phrase_matches(i, &[phrase]).map(|n| (n, *reason)))
            .max_by_key(|(n, _)| *n)
        {
            self.unanswerable = true;
            self.note(1.0, reason);
            return n;
        }

        // "MRR we lost to churn": after "lost to", "churn" says how, it is not the churn rate.
        if i >= 2 && self.ws[i - 1] == "to" && names_a_state(&w) && names_a_state(&self.ws[i - 2]) {
            return 1;
        }
        let time = self.time_at(i);
        let phrase = self.longest_phrase(i);
        let time_len = time.as_ref().map_or(0, |(n, _)| *n);
        let phrase_len = phrase.as_ref().map_or(0, |(n, _)| *n);
        if time_len > 0 && time_len >= phrase_len {
            let (n, hit) = time.unwrap_or((1, TimeHit::PriorPeriod));
            // "tickets opened vs resolved this month": "vs" compared something other than periods; the
            // period far after it is the question's own.
            // ("than in H1 2025", "minus software costs in Jan-Jun 2025": the figure said again.)
            let between_is_filler = self.compare_at.is_some_and(|at| self.said_again(at, i));
            if self.compare_next && self.compare_at.is_some() && !between_is_filler {
                self.compare_next = false;
                self.note(0.3, "\"vs\" compares something that is not a period");
            }
            // "by month": the breakdown asked for is over time.
            self.expect_dimension = false;
            // ("Q3 2025 and Q3 2026", "in July 2026 and in July 2025": two periods side by side.)
            // ("and in the same quarter of 2025": before the words that named it.)
            let from = self.same_part_next.unwrap_or(i);
            let before = |k: usize| from.checked_sub(k).map(|j| self.ws[j].as_str());
            // ("in Q2 and in Q3", "for August and for September": each one's, the word said again.)
            // ("in Q2 and then in Q3", "Q2 and then Q3", "Q2 and Q3 separately": each one's too.)
            let then = |k: usize| before(k) == Some("then") && before(k + 1) == Some("and");
            let apart = self.ws[i..]
                .iter()
                .any(|w| matches!(w.as_str(), "separately" | "respectively" | "individually"));
            self.joined_again = (matches!(before(1), Some("in" | "for" | "during"))
                && (before(2) == Some("and") || then(2)))
                || then(1)
                || (apart && matches!(before(1), Some("and" | "then")));
            self.joined_period = before(1) == Some("and") || self.joined_again;
            // "paid invoices issued in 2026 to date, and the number issued in calendar 2025", "what
            // have we booked in October, and what did we book in September": the figure said again
            // for another period, side by side.
            if !self.compare_next
                && !self.joined_period
                && !self.range_next
                && self.query.compare.is_none()
                && self.query.grain.is_none()
                && self.query.time.is_some()
                && let Some(and) = (self.time_end..from).rev().find(|&k| self.ws[k] == "and")
                && and + 1 < from
                && self.said_again(and, from)
            {
                self.compare_next = true;
                self.compare_at = Some(and);
            }
            // ("YTD vs all of 2025": the whole year compared, not its same days.)
            if self.compare_next
                && from >= 2
                && self.ws[from - 2] == "all"
                && self.ws[from - 1] == "of"
            {
                self.whole_compared = true;
            }
            self.apply_time(hit);
            self.time_end = i + n;
            return n;
        }

        // "the least healthy customers", "our healthiest accounts": ranked by their health score.
        let by_health = match (i.checked_sub(1).map(|j| self.ws[j].as_str()), w.as_str()) {
            (Some("least"), "healthy") | (_, "unhealthiest") => Some(Order::Asc),
            (Some("most"), "healthy") | (_, "healthiest") => Some(Order::Desc),
            _ => None,
        };
        if let Some(order) = by_health {
            self.query.order = Some(order);
            self.ranking = true;
            self.expect_dimension = true;
            if !self.query.metrics.iter().any(|m| m == "health_score") {
                self.query.metrics.push("health_score".to_string());
            }
            return 1;
        }
        // "at the end of 2025": the period's end is where a figure of the day is read anyway; "at the
        // start of Q2": the day before it starts.
        if matches!(w.as_str(), "end" | "close" | "start" | "beginning")
            && next == "of"
            && (self.time_at(i + 2).is_some()
                || (self.ws.get(i + 2).is_some_and(|w| w == "the")
                    && self.time_at(i + 3).is_some()))
        {
            self.at_start = matches!(w.as_str(), "start" | "beginning");
            return 2;
        }
        // "the same quarter of 2025", "the same month last year": that part of the year named next.
        if w == "same"
            && self.query.time.is_some()
            && matches!(
                next.as_str(),
                "quarter" | "month" | "period" | "half" | "week"
            )
        {
            let of = usize::from(
                self.ws
                    .get(i + 2)
                    .is_some_and(|w| matches!(w.as_str(), "of" | "in")),
            );
            if self.time_at(i + 2 + of).is_some() {
                let the = usize::from(i > 0 && self.ws[i - 1] == "the");
                self.same_part_next = Some(i - the);
                return 2 + of;
            }
        }
        // "Q3 over Q2 API call growth": a period over another is compared with it.
        if w == "over"
            && self.query.time.is_some()
            && self.time_at(i + 1).is_some()
            && self.period_ends_at(i)
        {
            self.compare_next = true;
            self.compare_at = Some(i);
            return 1;
        }
        // "over the last 12 months", "during Q3": the period follows.
        if matches!(w.as_str(), "over" | "during" | "within" | "throughout")
            && (self.time_at(i + 1).is_some() || (next == "the" && self.time_at(i + 2).is_some()))
        {
            return 1;
        }
        // "May through October", "Q1 until Q3": a range from the period read to the next.
        if matches!(w.as_str(), "through" | "thru" | "until" | "till" | "to")
            && self.query.time.is_some()
            && !self.compare_verb
            && self.time_at(i + 1).is_some()
            && self.period_ends_at(i)
        {
            // After "from", the range was announced; "from Q2 to Q3" may be a change's two ends.
            if !self.range_next {
                self.range_next = true;
                self.range_through = true;
            }
            return 1;
        }
        // "support tickets": the tickets.
        if w == "support"
            && self
                .ws
                .get(i + 1)
                .is_some_and(|n| stem(n) == "ticket" || n == "cases" || n == "requests")
        {
            return 1;
        }
        // Connectives.
        match w.as_str() {
            // ("a cost recorded against them": booked to them, nothing compared.)
            "against" if matches!(next.as_str(), "them" | "it" | "each" | "which" | "whom") => {
                return 1;
            }
            "versus" | "against" | "vs" => {
                self.compare_next = true;
                self.compare_at = Some(i);
                return 1;
            }
            "compare" => {
                self.compare_verb = true;
                return 1;
            }
            // "compare revenue in Q3 with Q2"
            "with" | "to" | "and" if self.compare_verb && self.query.time.is_some() => {
                self.compare_next = true;
                self.compare_at = Some(i);
                return 1;
            }
            "compared" | "relative" if matches!(next.as_str(), "to" | "with") => {
                self.compare_next = true;
                self.compare_at = Some(i + 1);
                return 2;
            }
            // "how much more did we spend in H1 2026 than in H1 2025", "Q3 revenue minus Q2 revenue",
            // "did H1 2026 revenue beat H1 2025": the period after is the compared one.
            // ("how much higher is MRR now than in January": now is today.)
            "than" | "minus" | "beat" | "exceed" | "exceeded"
                if self.query.time.is_none()
                    && self.ws[..i]
                        .iter()
                        .any(|w| matches!(w.as_str(), "now" | "today" | "currently"))
                    && amount(&self.ws, i + 1).is_none() =>
            {
                self.query.time = time::containing(self.today, Grain::Day, "today");
                self.compare_next = true;
                self.compare_at = Some(i);
                return 1;
            }
            "than" | "minus" | "beat" | "exceed" | "exceeded"
                if self.query.time.is_some() && amount(&self.ws, i + 1).is_none() =>
            {
                self.compare_next = true;
                self.compare_at = Some(i);
                return 1;
            }
            // "tickets opened this year divided by the 10 months elapsed", "Sept collections divided
            // by 30 days": the figure over the number.
            "divided" if next == "by" => {
                let mut k = i + 2;
                if self
                    .ws
                    .get(k)
                    .is_some_and(|w| matches!(w.as_str(), "the" | "its" | "their"))
                {
                    k += 1;
                }
                let number = self
                    .ws
                    .get(k)
                    .and_then(|w| small_number(w))
                    .map_or_else(|| amount(&self.ws, k), |n| Some((f64::from(n), 1)));
                if let Some((n, len)) = number
                    && n > 0.0
                {
                    k += len;
                    while self.ws.get(k).is_some_and(|w| {
                        matches!(
                            w.as_str(),
                            "day"
                                | "days"
                                | "week"
                                | "weeks"
                                | "month"
                                | "months"
                                | "quarters"
                                | "years"
                                | "elapsed"
                                | "calendar"
                                | "so"
                                | "far"
                        )
                    }) {
                        k += 1;
                    }
                    self.query.divided_by = Some(n);
                    return k - i;
                }
            }
            // "Jul-Sep 2026 costs less Jul-Sep 2025 costs": minus.
            "less" if self.query.time.is_some() && self.time_at(i + 1).is_some() => {
                self.ws[i] = "minus".to_string();
                self.compare_next = true;
                self.compare_at = Some(i);
                return 1;
            }
            "more" | "less" | "fewer" | "higher" | "lower"
                if self.ws[i + 1..].iter().any(|w| w == "than")
                    && amount(&self.ws, i + 2).is_none() =>
            {
                return 1;
            }
            // "due_at null", "paid at is not null", "the due date is empty".
            _ if let Some(n) = self.event_null_at(i) => {
                return n;
            }
            // "open invoices with no due date", "missing a due date", "a blank due date".
            w if (NEGATIONS.contains(&w) || matches!(w, "no" | "blank" | "empty" | "lacking"))
                && let Some(n) = self.event_date_at(i, false) =>
            {
                return n;
            }
            // "invoices that have a due date", "paid invoices with a paid date".
            "with" | "have" | "has"
                if self
                    .ws
                    .get(i + 1)
                    .is_some_and(|w| matches!(w.as_str(), "a" | "an" | "the"))
                    && let Some(n) = self.event_date_at(i, true) =>
            {
                return n;
            }
            // "accounts that are not customers", "AU accts that aren't paying customers": accounts
            // without a live subscription.
            w if matches!(w, "not" | "arent" | "isnt" | "werent" | "wasnt" | "non")
                && let Some(n) = self.not_customers_at(i) =>
            {
                self.query.filters.push(Filter::Records {
                    metric: "customers".to_string(),
                    filters: Vec::new(),
                    time: None,
                    negated: true,
                });
                return n;
            }
            w if NEGATIONS.contains(&w) => {
                self.negate = true;
                self.negated_at = Some(i);
                return 1;
            }
            "between" | "from" => {
                self.range_next = self.query.time.is_none();
                if w == "between" {
                    // "between 50k and 100k"; else "between January and March", a range of time.
                    return self.number_filter_at(i).unwrap_or(1);
                }
            }
            _ => {}
        }
        // "per (paying) customer": an average over accounts, not a breakdown; so is "on average, how
        // much MRR does each customer bring in".
        let averaged = self.ws.iter().any(|w| {
            matches!(
                w.as_str(),
                "average" | "avg" | "mean" | "typical" | "typically"
            )
        });
        if w == "per" || (w == "each" && averaged) {
            let skip = usize::from(matches!(next.as_str(), "paying" | "active"));
            let noun = i + 1 + skip;
            // "per account executive" names a breakdown: a longer phrase starts at the noun.
            let longer = (2..=self.vocabulary.longest())
                .filter_map(|n| self.ws.get(noun..noun + n))
                .any(|ws| self.vocabulary.lookup(ws).is_some());
            // "per customer country": a breakdown by the noun after.
            let compound = self.names_a_dimension(noun + 1);
            if !longer
                && !compound
                && self
                    .ws
                    .get(noun)
                    .is_some_and(|w| PER_ACCOUNT_NOUNS.contains(&w.as_str()))
            {
                self.per_account = true;
                return 2 + skip;
            }
        }
        // "across all accounts", "across our customers": in total, not a breakdown.
        if w == "across" && matches!(next.as_str(), "all" | "our") {
            return 2;
        }
        // "tickets raised by our accounts in Europe", "subscriptions among our customers": whose
        // records, not a breakdown by them.
        if matches!(w.as_str(), "by" | "among")
            && next == "our"
            && self
                .ws
                .get(i + 2)
                .is_some_and(|n| ACCOUNT_STEMS.contains(&stem(n).as_str()))
        {
            return 2;
        }
        // "what tier has the most customers": "what" before a ranked breakdown is "which".
        if w == "what"
            && (self.names_a_dimension(i + 1) || self.ws.get(i + 1).and_then(|n| unit(n)).is_some())
            && self.ws[i + 1..]
                .iter()
                .any(|w| RANKING_WORDS.contains(&w.as_str()))
        {
            self.expect_dimension = true;
            self.ranking = true;
            return 1;
        }
        // "by priority and status": another breakdown follows, understood or not.
        if w == "and" && self.after_dimension == Some(i) && !self.query.dimensions.is_empty() {
            self.expect_dimension = true;
            return 1;
        }
        // "paid on time", "delivered on time": a condition the model has no column for.
        if w == "on" && next == "time" {
            self.note(0.3, "\"on time\" is not something the data says");
            return 2;
        }
        // "top 10 open deals by amount", "largest invoices by value": what ranks, not a breakdown.
        if w == "by"
            && matches!(next.as_str(), "amount" | "value" | "size" | "dollars")
            && self.ws.get(i + 2).is_none_or(|w| w != "of")
        {
            return 2;
        }
        // "Among accounts that opened a ticket, ...": who is counted, not a breakdown; "spend with
        // every vendor except AWS": all of them but one, in one figure.
        if (w == "among" && i == 0) || self.all_but(i, 1) {
            return 1;
        }
        if BREAKDOWN.contains(&w.as_str()) && phrase_len == 0 {
            self.expect_dimension = true;
            if w == "which" {
                self.ranking = true;
                // "which 5 customers ...": a limit.
                if let Some(n) = self.ws.get(i + 1).and_then(|w| small_number(w)) {
                    self.query.limit = Some(n);
                    return 2;
                }
            }
            return 1;
        }
        // "the three largest invoices": a count before a ranking word is its limit.
        if let Some(n) = small_number(&w)
            && self
                .ws
                .get(i + 1)
                .is_some_and(|next| RANKING_WORDS.contains(&next.as_str()))
        {
            self.query.limit = Some(n);
            return 1;
        }
        // "5 accounts with the lowest bookings": a count before a breakdown is a limit.
        if let Some(n) = small_number(&w)
            && self.names_a_dimension(i + 1)
        {
            self.query.limit = Some(n);
            self.ranking = true;
            self.expect_dimension = true;
            return 1;
        }
        if let Some(n) = self.ranking_at(i) {
            return n;
        }
        if let Some(n) = self.number_filter_at(i) {
            return n;
        }
        // "Starter and Growth", "the growth tier", "accounts on growth": the plan, not a change.
        let a_plan = w == "growth"
            && (matches!(
                self.ws.get(i + 1).map_or("", String::as_str),
                "plan" | "plans" | "tier" | "tiers" | "customers" | "accounts" | "subscriptions"
            ) || (i > 0 && self.ws[i - 1] == "on")
                // ("the Growth and Starter plans": the first of a list of plans.)
                || (matches!(
                    self.ws.get(i + 1).map_or("", String::as_str),
                    "and" | "or" | "&"
                ) && self
                    .ws
                    .get(i + 2)
                    .and_then(|next| self.vocabulary.lookup(std::slice::from_ref(next)))
                    .is_some_and(|terms| {
                        terms.iter().any(|t| matches!(t, Term::Value("plan", _)))
                    }))
                || self
                    .after_value
                    .is_some_and(|(end, d)| d == "plan" && self.continues_a_list(end, i)));
        if a_plan && let Some(terms) = self.vocabulary.lookup(&self.ws[i..=i]) {
            let plans: Vec<Term> = terms
                .iter()
                .filter(|t| matches!(t, Term::Value("plan", _)))
                .cloned()
                .collect();
            if !plans.is_empty() {
                self.apply_terms(i, 1, plans);
                return 1;
            }
        }
        if let Some((n, options)) = AMBIGUOUS
            .iter()
            .filter_map(|(phrase, options)| {
                self.phrase_matches(i, &[phrase]).map(|n| (n, *options))
            })
            .max_by_key(|(n, _)| *n)
            && n >= phrase_len
            && !self.names_its_dimension(i, n, phrase.as_ref())
        {
            // "won deal value", "lost deal value", "who closed the most deal value": the value of the
            // records of the state named before.
            if n == 2
                && i > 0
                && self.ws[..i].iter().any(|w| names_a_state(w))
                && VALUE_WORDS.contains(&self.ws[i + 1].as_str())
                && let Some(terms) = self
                    .vocabulary
                    .lookup(&self.ws[i..=i])
                    .or_else(|| self.vocabulary.lookup(&[format!("{}s", self.ws[i])]))
            {
                self.value_word = true;
                self.apply_terms(i, 1, terms.iter().cloned().collect());
                return 2;
            }
            // "revenue growth": the growth of the metric named, not another reading of the word;
            // "growth in won deal value": of any other figure the question names.
            let names_another = self.ws[i + n..].iter().any(|w| VALUE_WORDS.contains(&w.as_str()))
                && self.ws[i + n..].iter().any(|w| names_a_state(w))
                // ("open pipeline growth", "won deal count growth": read already, or its state.)
                || self.query.metrics.iter().any(|m| {
                    (!options.contains(&m.as_str()) && m != "opportunities")
                        || self.ws[..i].iter().any(|w| names_a_state(w))
                })
                || (0..self.ws.len()).filter(|j| *j < i || *j >= i + n).any(|j| {
                    self.vocabulary.lookup(&self.ws[j..=j]).is_some_and(|terms| {
                        terms.iter().any(|t| matches!(t, Term::Metric(m) if !options.contains(m) && *m != "opportunities"))
                    })
                });
            if self.dashboard_persona_at(i).is_none()
                && !self.names_one_of(options)
                && !(options.contains(&"customers") && names_another)
            {
                let term = self.ws[i..i + n].join(" ");
                self.note(
                    0.45,
                    format!(
                        "\"{term}\" can mean {}",
                        options
                            .iter()
                            .filter_map(|m| model::metric(m))
                            .map(|m| m.title.to_lowercase())
                            .collect::<Vec<_>>()
                            .join(" or ")
                    ),
                );
                self.options.extend(options.iter().copied());
            }
            return n;
        }
        // "how is the platform doing": a persona's topic in an overview, even where a value has
        // that name too (the department spelled "platform").
        let only_values = phrase
            .as_ref()
            .is_some_and(|(_, terms)| terms.iter().all(|t| matches!(t, Term::Value(..))));
        if only_values && let Some(n) = self.dashboard_persona_at(i) {
            return n;
        }
        if let Some((n, terms)) = phrase {
            if let Some(taken) = self.field_null_at(i, n, &terms) {
                return taken;
            }
            self.apply_terms(i, n, terms);
            return n;
        }
        if let Some(n) = self.dashboard_persona_at(i) {
            return n;
        }
        if AGGREGATION_WORDS.contains(&w.as_str()) {
            self.aggregation.push(w);
            return 1;
        }
        if matches!(w.as_str(), "recent" | "recently" | "latest" | "lately") {
            self.vague_time = Some(w);
            return 1;
        }
        // "new customers": new within a period, which a snapshot cannot say.
        if w == "new" {
            self.new_word = true;
            return 1;
        }
        // "how many deals did we close in Q2": the past of "close" is "closed", the state and the event,
        // when the deals are named ("how much did we close" stays the event of the figure asked).
        let deals_named = self.ws[..i].iter().any(|w| {
            matches!(
                w.as_str(),
                "deals" | "deal" | "opportunities" | "opportunity"
            )
        });
        let w = if w == "close" && deals_named && self.ws[..i].iter().any(|w| w == "did") {
            "closed".to_string()
        } else {
            w
        };
        // "a paid invoice in 2025": an event word before its records says which records, not when: the
        // records' own time places them.
        // ("we resolve tickets" is the verb).
        let before_records = self
            .ws
            .get(i + 1)
            .is_some_and(|next| RECORD_STEMS.contains(&stem(next).as_str()))
            && (w.ends_with("ed") || matches!(w.as_str(), "paid" | "won" | "lost"));
        // Events first: "opened" (when a ticket was) is not "open" (its state); "closed" is both.
        if model::names_an_event(&w) && before_records && names_a_state(&w) {
            self.state_events.push(w.clone());
        }
        if model::names_an_event(&w) && !(before_records && names_a_state(&w)) {
            if names_a_state(&w) {
                let stem = stem(&w);
                // "tickets not resolved": a state denied, not the event placing records in time.
                if std::mem::take(&mut self.negate) {
                    self.negated_states.push((w, stem));
                    return 1;
                }
                self.states.push((w.clone(), stem));
            }
            self.events.push(w);
            return 1;
        }
        // "mean days from creation to close": a duration in those units.
        if matches!(w.as_str(), "days" | "hours")
            && matches!(next.as_str(), "from" | "between")
            && self.query.time.is_none()
        {
            self.duration_word = true;
            return 1;
        }
        // "how many days does it take to win a deal": a duration in those units.
        if w == "how"
            && next == "many"
            && self
                .ws
                .get(i + 2)
                .is_some_and(|u| matches!(u.as_str(), "days" | "hours" | "weeks"))
        {
            self.duration_word = true;
            return 3;
        }
        // "how often do tickets miss their SLA", "give me the rate".
        if (w == "how" && next == "often") || w == "rate" {
            self.rate_word = true;
            return if w == "how" { 2 } else { 1 };
        }
        if DURATION_WORDS.contains(&w.as_str()) {
            self.duration_word = true;
            return 1;
        }
        if matches!(w.as_str(), "common" | "frequent" | "popular")
            && i > 0
            && self.ws[i - 1] == "most"
        {
            self.commonest = true;
            return 1;
        }
        if CHANGE_WORDS.contains(&w.as_str()) {
            self.change_word = Some(w);
            return 1;
        }
        if is_filler(&w) {
            return 1;
        }
        // "how many tickets did Acme open this year": the verb, when it was opened, not the state
        // ("what deals does Farid have open": the state).
        if w == "open"
            && self.ws[..i]
                .iter()
                .any(|w| matches!(w.as_str(), "did" | "do" | "does"))
            && !self.ws[..i].iter().any(|w| w == "still")
            && !matches!(self.ws[i - 1].as_str(), "have" | "has" | "had")
        {
            self.events.push("opened".to_string());
            return 1;
        }
        if names_a_state(&w) {
            let stem = stem(&w);
            if std::mem::take(&mut self.negate) {
                self.negated_states.push((w, stem));
            } else {
                self.states.push((w, stem));
            }
            return 1;
        }
        // "by status": a breakdown asked for by a word the parser otherwise skips is not dropped.
        if self.expect_dimension
            && matches!(
                w.as_str(),
                "status" | "type" | "types" | "kind" | "level" | "group"
            )
        {
            self.unmapped(i);
            return 1;
        }
        // "the dollar value of": the unit of the value asked, nothing more.
        if STOPWORDS.contains(&w.as_str()) || matches!(w.as_str(), "dollar" | "dollars") {
            return 1;
        }
        // "2025 first", "this year's figure first": the order of two periods' figures.
        if w == "first" && i > 0 && self.said_first.is_none() {
            self.said_first = Some(i);
            return 1;
        }
        self.unmapped(i);
        1
    }

    /// "revenue Oct 2025 vs Oct 2026 (2025 first)", "last year first": the earlier period's figure
    /// comes first when the words before "first" name it (two figures side by side, no change).
    fn order_of_periods(&mut self) {
        let Some(at) = self.said_first.take() else {
            return;
        };
        // Whether the period said first is the query's time (its figure is the first column).
        let first_is_time = (|| {
            let (time, compare) = (self.query.time.as_ref()?, self.query.compare.as_ref()?);
            if self.query.growth || self.query.difference {
                return None;
            }
            let before = &self.ws[at.saturating_sub(3)..at];
            let says = |words: &[&str]| before.iter().any(|b| words.contains(&b.as_str()));
            // Whether a word is in a period's label ("last week first", "Q3's first").
            let in_label = |p: &Period, b: &String| {
                let b = b.strip_suffix('s').filter(|b| b.len() >= 2).unwrap_or(b);
                p.label
                    .split_whitespace()
                    .any(|l| l.eq_ignore_ascii_case(b))
            };
            // The word nearest "first" that names one period and not the other.
            let nearest = before.iter().rev().find_map(|b| {
                let (t, c) = (in_label(time, b), in_label(compare, b));
                (t != c).then_some(t)
            });
            let time_is_earlier = time.start < compare.start;
            if let Some(year) = self.first_year {
                Some(time.start.year() == year)
            } else if let Some(time_first) = nearest {
                Some(time_first)
            } else if says(&["last", "previous", "prior", "earlier"]) {
                Some(time_is_earlier)
            } else if says(&["this", "current", "latest"]) {
                Some(!time_is_earlier)
            } else {
                None
            }
        })();
        match first_is_time {
            Some(true) => {}
            Some(false) => std::mem::swap(&mut self.query.time, &mut self.query.compare),
            None if self.first_of_two(at) => {}
            None => self.note(0.21, "the word \"first\" was not understood"),
        }
    }

    /// "revenue and cloud spend, revenue first": which of two figures comes first; "largest average
    /// first": the order of the rows. Whether the words before "first" (at `at`) said either.
    fn first_of_two(&mut self, at: usize) -> bool {
        let before = &self.ws[at.saturating_sub(3)..at];
        let highest = before.iter().any(|w| {
            matches!(
                w.as_str(),
                "largest" | "biggest" | "highest" | "most" | "top" | "best" | "greatest"
            )
        });
        let lowest = before.iter().any(|w| {
            matches!(
                w.as_str(),
                "smallest" | "lowest" | "least" | "fewest" | "worst"
            )
        });
        // (A breakdown is shown highest first already.)
        // ("largest average first" orders the rows; it does not pick the largest.)
        if highest && !lowest && self.query.order != Some(Order::Asc) {
            if self.query.limit == Some(1) && self.query.dimensions.len() == 1 {
                self.query.limit = None;
            }
            return true;
        }
        let [first, second] = self.query.metrics.as_slice() else {
            return false;
        };
        let table = |m: &str| model::metric(m).and_then(model::Metric::table);
        // (The word right before: "cloud cost? Revenue first" names revenue.)
        let last = before
            .iter()
            .rev()
            .find(|w| !matches!(w.as_str(), "one" | "ones" | "figure" | "number" | "numbers"));
        let names = |m: &String| {
            last.iter().any(|w| {
                self.vocabulary
                    .lookup(std::slice::from_ref(w))
                    .or_else(|| self.vocabulary.lookup_stem(w))
                    .is_some_and(|terms| {
                        terms.iter().any(|t| match t {
                            Term::Metric(x) => x == m || table(x).is_some() && table(x) == table(m),
                            _ => false,
                        })
                    })
            })
        };
        match (names(first), names(second)) {
            (true, false) => true,
            (false, true) => {
                self.query.metrics.swap(0, 1);
                true
            }
            _ => false,
        }
    }

    /// "+ owner", "with their close dates", "along with the rep who owns each one", "and whose are
    /// they": the columns asked of records beside their own (dimensions, or event dates).
    fn columns_asked(&self) -> Vec<String> {
        let ws = &self.ws;
        let mut out: Vec<String> = Vec::new();
        let mut push = |c: &str| {
            if !out.iter().any(|x| x == c) {
                out.push(c.to_string());
            }
        };
        for (k, w) in ws.iter().enumerate() {
            let intro = match w.as_str() {
                "plus" | "along" | "together" | "including" => true,
                // ("Show the close dates", "give their owners": asked after the records.)
                "show" | "give" | "include" => {
                    k > 0
                        && ws
                            .get(k + 1)
                            .is_some_and(|n| matches!(n.as_str(), "their" | "its" | "the" | "each"))
                }
                "with" | "and"
                    if ws.get(k + 1).is_some_and(|n| {
                        matches!(
                            n.as_str(),
                            "their" | "its" | "the" | "each" | "whose" | "who" | "when"
                        )
                    }) =>
                {
                    true
                }
                // ("the 5 biggest open deals with owner", "with amount and expected close date":
                // columns, not a condition such as "with owner Olga Novak" or "with amount over 100k".)
                "with" => {
                    let column = |w: &str| {
                        matches!(
                            w,
                            "owner"
                                | "owners"
                                | "stage"
                                | "stages"
                                | "priority"
                                | "amount"
                                | "amounts"
                                | "close"
                                | "expected"
                        )
                    };
                    ws.get(k + 1).is_some_and(|n| column(n))
                        && ws.get(k + 2).is_none_or(|n| {
                            column(n)
                                || ORDER_BEFORE_END.contains(&n.as_str())
                                || matches!(
                                    n.as_str(),
                                    "and"
                                        | "plus"
                                        | "date"
                                        | "dates"
                                        | "sorted"
                                        | "soonest"
                                        | "first"
                                )
                        })
                }
                // ("top 5 open deals - name, amount, owner": a list of the records' columns.)
                "name" | "names" => [k.checked_sub(1), Some(k + 1)].into_iter().any(|j| {
                    j.and_then(|j| ws.get(j)).is_some_and(|n| {
                        matches!(
                            n.as_str(),
                            "amount" | "amounts" | "value" | "owner" | "stage" | "close" | "and"
                        )
                    })
                }),
                _ => false,
            };
            if !intro {
                continue;
            }
            let after = &ws[k + 1..(k + 7).min(ws.len())];
            for (j, a) in after.iter().enumerate() {
                let next = after.get(j + 1).map(String::as_str);
                match a.as_str() {
                    "owner" | "owners" | "rep" | "reps" | "salesperson" | "whose" => push("owner"),
                    "who" if matches!(next, Some("owner" | "owns")) => push("owner"),
                    "stage" | "stages" => push("stage"),
                    "priority" | "priorities" => push("priority"),
                    "close" | "closing" if matches!(next, Some("date" | "dates")) => {
                        push("close_date")
                    }
                    "due" if matches!(next, Some("date" | "dates")) => push("due_at"),
                    // ("with the cancellation date": the day of that event.)
                    w if model::names_an_event(w) && matches!(next, Some("date" | "dates")) => {
                        push(&format!("event:{w}"))
                    }
                    // ("name, owner, amount": the records' own measure where it is said.)
                    "amount" | "amounts" => push("amount"),
                    // ("which accounts cancelled a subscription, and when": the day of the event.)
                    "when" if j == 0 => push("when"),
                    _ => {}
                }
            }
        }
        out
    }

    /// Whether the question names one of `metrics` anywhere ("revenue growth": the growth of revenue).
    fn names_one_of(&self, metrics: &[&str]) -> bool {
        (0..self.ws.len()).any(|i| {
            (1..=self.vocabulary.longest().min(self.ws.len() - i)).any(|n| {
                self.vocabulary
                    .lookup(&self.ws[i..i + n])
                    .is_some_and(|terms| {
                        terms
                            .iter()
                            .any(|t| matches!(t, Term::Metric(m) if metrics.contains(m)))
                    })
            })
        })
    }

    /// Whether a dimension's phrase starts at word `i`.
    fn names_a_dimension(&self, i: usize) -> bool {
        (1..=self.vocabulary.longest()).any(|n| {
            self.ws
                .get(i..i + n)
                .and_then(|ws| self.vocabulary.lookup(ws))
                .is_some_and(|terms| terms.iter().any(|t| matches!(t, Term::Dimension(_))))
        })
    }

    /// Whether the `n` words at `i` are a value followed by its dimension's noun ("growth plan").
    fn names_its_dimension(&self, i: usize, n: usize, phrase: Option<&(usize, Vec<Term>)>) -> bool {
        let Some((len, terms)) = phrase.filter(|(len, _)| *len == n) else {
            return false;
        };
        let next = self.ws.get(i + len..i + len + 1).unwrap_or(&[]);
        self.vocabulary.lookup(next).into_iter().flatten().any(|t| {
            terms
                .iter()
                .any(|v| matches!((v, t), (Term::Value(d, _), Term::Dimension(e)) if d == e))
        })
    }

    fn dashboard_persona_at(&mut self, i: usize) -> Option<usize> {
        let (n, persona) = PERSONA_WORDS
            .iter()
            .filter_map(|(phrase, persona)| {
                self.phrase_matches(i, &[phrase]).map(|n| (n, *persona))
            })
            .max_by_key(|(n, _)| *n)?;
        // "sales", "support" and the like name a persona only in an overview question.
        let how_is_it_doing = self.ws.first().is_some_and(|w| w == "how" || w == "hows")
            && self.ws[i + n..]
                .iter()
                .take(2)
                .any(|w| matches!(w.as_str(), "doing" | "going" | "performing"));
        let overview = self.dashboard
            || how_is_it_doing
            || self.ws[i + n..]
                .iter()
                .take(3)
                .any(|w| DASHBOARD_PHRASES.contains(&w.as_str()));
        if overview || model::persona(persona).is_some_and(|p| p.name == self.ws[i]) {
            self.dashboard_persona = Some(persona);
            return Some(n);
        }
        None
    }

    fn unmapped(&mut self, i: usize) {
        let w = self.ws[i].clone();
        let before = i.checked_sub(1).map(|j| self.ws[j].as_str()).unwrap_or("");
        // "How many deals has Grace won": a first name that is also a word, read as nothing else, is
        // its one owner's (as "grace's" is), not confidently.
        let owner = self
            .vocabulary
            .lookup(&[format!("{w}s")])
            .and_then(|terms| {
                terms.iter().find_map(|t| match t {
                    Term::Value("owner", v) => Some(v.clone()),
                    _ => None,
                })
            });
        if let Some(owner) = owner
            && !self
                .query
                .filters
                .iter()
                .any(|f| matches!(f, Filter::Values { dimension, .. } if dimension == "owner"))
        {
            self.query.filters.push(Filter::Values {
                dimension: "owner".to_string(),
                values: vec![owner.clone()],
                negated: false,
            });
            self.note(0.1, format!("read \"{w}\" as the owner {owner}"));
            return;
        }
        // ("Q2 and Q3 separately": each period's figure, as read.)
        if matches!(w.as_str(), "separately" | "respectively" | "individually")
            && self.query.compare.is_some()
        {
            return;
        }
        // "employees > 5000": read with its threshold.
        if matches!(w.as_str(), "employees" | "headcount" | "staff")
            && self.query.filters.iter().any(|f| {
                matches!(
                    f,
                    Filter::Number {
                        field: NumberField::Employees,
                        ..
                    }
                )
            })
        {
            return;
        }
        // "the average size of lost deals": the value asked, read already; "names": a list asked.
        if (self.value_word && VALUE_WORDS.contains(&w.as_str()))
            || (LIST_WORDS.contains(&w.as_str()) && w.starts_with("name"))
        {
            return;
        }
        // "industry is null", "skip null dept": read with its field.
        if MISSING_WORDS.contains(&w.as_str())
            && self
                .query
                .filters
                .iter()
                .any(|f| matches!(f, Filter::Missing { .. } | Filter::Present { .. }))
        {
            return;
        }
        // "in average days", "in hours": the unit of the answer, not a breakdown by day.
        if matches!(w.as_str(), "days" | "hours")
            && matches!(before, "in" | "average" | "avg" | "mean" | "of")
        {
            return;
        }
        // "the lowest-spending month this year": the periods ranked, named after the figure.
        // ("our three biggest revenue months": those periods, as many as asked.)
        let ranked_period = self.query.order.is_some()
            && self.query.dimensions.is_empty()
            && !self.query.metrics.is_empty()
            && (!w.ends_with('s') || self.query.limit.is_some_and(|n| n > 1));
        if (self.expect_dimension || ranked_period)
            && self.query.grain.is_none()
            && let Some(grain) = unit(&w)
        {
            // "which month had the highest revenue": the periods are what is ranked.
            self.expect_dimension = false;
            self.query.grain = Some(grain);
            self.plural = w.ends_with('s');
        } else if self.expect_dimension && matches!(w.as_str(), "employees" | "headcount" | "staff")
        {
            // "the largest accounts by employees": a ranking of accounts, not a breakdown.
            self.expect_dimension = false;
            self.rank_by = Some(NumberField::Employees);
        } else if self.expect_dimension && unit(&w).is_some() && unit(&w) == self.query.grain {
            // "each month this year, by the month the invoice was paid": the periods said again.
            self.expect_dimension = false;
        } else if self.expect_dimension {
            self.expect_dimension = false;
            self.unanswerable = true;
            self.note(1.0, format!("there is no breakdown by \"{w}\""));
        } else if before == "in"
            && matches!(
                w.as_str(),
                "days" | "hours" | "usd" | "dollars" | "gb" | "gigabytes"
            )
        {
            // "in days", "in USD", "storage in GB": the unit the answer is given in already.
        } else if i >= 2
            && matches!(
                (self.ws[i - 2].as_str(), before),
                ("how", "many") | ("number" | "count", "of")
            )
            && !matches!(
                w.as_str(),
                "more" | "fewer" | "less" | "times" | "days" | "hours" | "weeks" | "months"
            )
        {
            // "how many meetings": what is counted is nothing the data holds.
            self.note(0.55, format!("\"{w}\" is nothing the data holds"));
        } else if matches!(
            before,
            "in" | "for" | "from" | "at" | "with" | "about" | "of"
        ) || (before == "on"
            && i >= 2
            && matches!(self.ws[i - 2].as_str(), "spend" | "spent" | "spending"))
        {
            // A condition named and not understood: the answer would be to another question.
            self.note(
                0.55,
                format!("\"{before} {w}\" matches nothing in the data"),
            );
        } else if let Some(n) = small_number(&w).filter(|_| self.loose_number.is_none()) {
            self.loose_number = Some(n);
        } else if w.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
            self.note(0.3, format!("the number {w} was not understood"));
        } else {
            // Not knowing what a word means is not knowing whether it changes the figure: never high.
            self.note(0.21, format!("the word \"{w}\" was not understood"));
        }
    }

    fn longest_phrase(&self, i: usize) -> Option<(usize, Vec<Term>)> {
        let longest = self.vocabulary.longest().min(self.ws.len() - i);
        let exact = (1..=longest).rev().find_map(|n| {
            let ws = &self.ws[i..i + n];
            if let Some(terms) = self.vocabulary.lookup(ws) {
                return Some((n, terms.iter().cloned().collect()));
            }
            // "size of deals": the metric named "deal size", in the other order.
            if let [head, of, noun] = ws
                && of == "of"
                && !COUNT_WORDS.contains(&head.as_str())
                && !matches!(
                    head.as_str(),
                    "value" | "amount" | "sum" | "total" | "share"
                )
            {
                let singular = noun.strip_suffix('s').unwrap_or(noun);
                for named in [noun.as_str(), singular] {
                    let swapped = [named.to_string(), head.clone()];
                    let metrics: Vec<Term> = self
                        .vocabulary
                        .lookup(&swapped)
                        .into_iter()
                        .flatten()
                        .filter(|t| matches!(t, Term::Metric(_)))
                        .cloned()
                        .collect();
                    if !metrics.is_empty() {
                        return Some((n, metrics));
                    }
                }
            }
            // "Alder Financial's health": a value in the possessive (the apostrophe is gone).
            let last = ws.last()?;
            let bare = last.strip_suffix('s').filter(|b| b.len() >= 3)?;
            let mut singular = ws.to_vec();
            *singular.last_mut()? = bare.to_string();
            let values: Vec<Term> = self
                .vocabulary
                .lookup(&singular)?
                .iter()
                .filter(|t| matches!(t, Term::Value(..)))
                .cloned()
                .collect();
            (!values.is_empty()).then_some((n, values))
        });
        // Another form of a one-word name ("deal", "bookings"), unless the word is one the parser reads
        // as a function word, by shape or as a state ("win" is not "wins").
        let w = self.ws[i].as_str();
        exact.or_else(|| {
            if STOPWORDS.contains(&w)
                || is_filler(w)
                || is_special(w)
                || names_a_state(w)
                || model::names_an_event(w)
            {
                return None;
            }
            // The plural or singular first ("invoice": invoices, not "invoiced" billings), then any
            // form sharing the stem.
            // (Not a person: "sam's" names the owner Sam, "sam" alone may be a word.)
            let plural = [format!("{w}s")];
            self.vocabulary
                .lookup(&plural)
                .filter(|terms| !terms.iter().any(|t| matches!(t, Term::Value("owner", _))))
                .or_else(|| self.vocabulary.lookup_stem(w))
                .map(|terms| (1, terms.iter().cloned().collect()))
        })
    }

    /// Past the words at `k` between a field's name and what is said of its value ("is not", "field
    /// is"): where that begins, and whether a "not" was said.
    fn after_field_words(&self, mut k: usize) -> (usize, bool) {
        let mut not = false;
        while let Some(w) = self
            .ws
            .get(k)
            .filter(|w| FIELD_IS_WORDS.contains(&w.as_str()))
        {
            not |= matches!(w.as_str(), "not" | "isnt" | "arent");
            k += 1;
        }
        (k, not)
    }

    /// Whether a value of dimension `d` is named at `k`, after words such as "is" or "field".
    fn value_follows(&self, k: usize, d: &str) -> bool {
        let (k, _) = self.after_field_words(k);
        // ("status paid": a state, said as the field's value.)
        if d == "status" && self.ws.get(k).is_some_and(|w| names_a_state(w)) {
            return true;
        }
        (1..=3).any(|m| {
            self.ws
                .get(k..k + m)
                .and_then(|ws| self.vocabulary.lookup(ws))
                .is_some_and(|terms| {
                    terms
                        .iter()
                        .any(|t| matches!(t, Term::Value(vd, _) if *vd == d))
                })
        })
    }

    /// Whether the words from after `at` to `i` only say again what was asked ("than in", "minus
    /// software costs in", "and the number issued in"): the period at `i` is then another one of the
    /// same figure.
    fn said_again(&self, at: usize, i: usize) -> bool {
        self.ws[(at + 1).min(i)..i].iter().all(|w| {
            matches!(
                w.as_str(),
                "the" | "same" | "a" | "an" | "our" | "of" | "to" | "with" | "in" | "for"
                    | "quarter" | "month" | "period" | "half" | "week"
                    | "during" | "at" | "end" | "start" | "beginning" | "close" | "it"
                    | "was" | "were" | "is" | "we" | "had" | "all" | "what" | "did" | "number"
                    | "how" | "many" | "much" | "then" | "also" | "those" | "ones"
            ) || (model::names_an_event(w) && self.ws[..at].contains(w))
                || self
                    .query
                    .metrics
                    .iter()
                    .map(String::as_str)
                    .chain(self.population)
                    .any(|m| {
                        self.vocabulary
                            .lookup(std::slice::from_ref(w))
                            .or_else(|| self.vocabulary.lookup_stem(w))
                            .is_some_and(|terms| {
                                terms
                                    .iter()
                                    .any(|t| matches!(t, Term::Metric(name) if *name == m))
                            })
                    })
                || self.query.filters.iter().any(|f| {
                    matches!(f, Filter::Values { values, .. }
                        if values.iter().any(|v| v.to_lowercase().split_whitespace().any(|p| p == w)))
                })
        })
    }

    /// "industry is null", "owner null", "where industry is not null": the field named by the `n` words
    /// at `i`, said to have no value or some. The words taken, if so.
    fn field_null_at(&mut self, i: usize, n: usize, terms: &[Term]) -> Option<usize> {
        let [Term::Dimension(d)] = terms else {
            return None;
        };
        let (k, not) = self.after_field_words(i + n);
        // ("owner null": the field, then the word; "owner unknown" is said with "is".)
        let w = self.ws.get(k)?.as_str();
        if !(MISSING_WORDS.contains(&w)
            && (k > i + n || matches!(w, "null" | "empty" | "blank" | "unset")))
        {
            return None;
        }
        let dimension = d.to_string();
        self.query.filters.push(if not {
            Filter::Present { dimension }
        } else {
            Filter::Missing { dimension }
        });
        self.expect_dimension = false;
        Some(k + 1 - i)
    }

    fn apply_terms(&mut self, i: usize, n: usize, terms: Vec<Term>) {
        let text = self.ws[i..i + n].join(" ");
        if matches!(text.as_str(), "health" | "how healthy") {
            self.health_word = true;
        }
        // "deals created in Q3 that are still open": an event inside a metric's name, kept in case a
        // state changes the metric.
        if let Some(Term::Metric(m)) = terms.iter().find(|t| matches!(t, Term::Metric(_))) {
            for w in &self.ws[i..i + n] {
                if model::names_an_event(w) && !names_a_state(w) {
                    self.phrase_events.push((m, w.clone()));
                }
            }
        }

        let dimension = terms.iter().find_map(|t| match t {
            Term::Dimension(d) => Some(*d),
            _ => None,
        });
        let metric = terms.iter().find_map(|t| match t {
            Term::Metric(m) => Some(*m),
            _ => None,
        });
        let values: Vec<(&'static str, String)> = terms
            .iter()
            .filter_map(|t| match t {
                Term::Value(d, v) => Some((*d, v.clone())),
                _ => None,
            })
            .collect();
        if let Some(d) = dimension
            && self.after_value == Some((i, d))
        {
            // "accounts with green health": the noun of the value just read.
            self.after_value = None;
            // "MRR of the technology and manufacturing industries": each of the values named, unless
            // they are put together ("combined").
            let several = self.query.filters.iter().any(|f| {
                matches!(f, Filter::Values { dimension, values, negated: false }
                    if dimension == d && values.len() >= 2)
            });
            let together = self.ws.iter().any(|w| {
                matches!(
                    w.as_str(),
                    "combined"
                        | "together"
                        | "altogether"
                        | "total"
                        | "overall"
                        | "or"
                        | "either"
                        | "only"
                        | "just"
                )
            });
            // ("technology industry and financial services industry": the noun said of each.)
            let plural = text.ends_with('s') && text.len() > d.len();
            let each_named = self.ws.iter().filter(|w| **w == text).count() >= 2;
            // ("customers in euro-area countries": the countries of one region named, together.)
            let listed = self.ws[..i]
                .iter()
                .any(|w| matches!(w.as_str(), "and" | "vs" | "versus"));
            if several && !together && listed && (plural || each_named) {
                self.values_apart = true;
            }
            return;
        }
        // "a deal with a manufacturing company", "an enterprise plan account": one company of that
        // value, not a breakdown by company.
        let after_a_value = self.after_value.is_some_and(|(at, _)| at == i)
            || (i > 0 && !self.query.filters.is_empty() && self.names_a_dimension(i - 1));
        if dimension == Some("account") && !text.ends_with('s') {
            // ("a deal with an account that has 5000+ employees": any such account.)
            let any_one = i >= 2
                && matches!(self.ws[i - 1].as_str(), "a" | "an")
                && matches!(self.ws[i - 2].as_str(), "with" | "from" | "for" | "to");
            if any_one {
                return;
            }
            if after_a_value
                && self.ws[i.saturating_sub(4)..i]
                    .iter()
                    .any(|w| matches!(w.as_str(), "a" | "an"))
            {
                self.after_value = None;
                return;
            }
        }
        if let Some(d) = dimension
            && self.after_dimension == Some(i)
            && metric.is_none()
            && values.is_empty()
            && let Some(last) = self.query.dimensions.last_mut()
            && last != d
        {
            // "by vendor category": a compound noun naming one breakdown, the last word's.
            let read = format!("read \"{} {text}\" as {d}", last);
            *last = d.to_string();
            self.after_dimension = Some(i + n);
            self.note(0.05, read);
            return;
        }
        // "which plan has the most customers": after a breakdown, a noun that is also a metric is what
        // ranks it.
        let ranks_the_breakdown = metric.is_some() && !self.query.dimensions.is_empty();
        if self.expect_dimension
            && !ranks_the_breakdown
            && let Some(d) = dimension
        {
            self.plural = text.ends_with('s');
            self.add_dimension(d);
            self.after_dimension = Some(i + n);
            self.expect_dimension = false;
            return;
        }
        if let Some(m) = metric {
            self.expect_dimension = false;
            // "revenue from German customers", "bookings from deals over 100k": a noun naming who or
            // what is counted narrows another metric; it is a metric itself only when nothing else is
            // asked ("how many customers") or it is joined by "and".
            // ("customers and MRR by plan": both, the noun joined to what follows.)
            let joined = (i > 0 && self.ws[i - 1] == "and")
                || (self.query.metrics.is_empty()
                    && self.ws.get(i + n).is_some_and(|w| w == "and")
                    && !self.ws.iter().any(|w| LIST_WORDS.contains(&w.as_str())));
            if POPULATION.contains(&text.as_str()) && !joined {
                if self.population.is_none() {
                    self.population = Some(m);
                }
                return;
            }
            if !self.query.metrics.iter().any(|x| x == m) {
                self.query.metrics.push(m.to_string());
            }
            return;
        }
        // "closed-won business", "new business": the deals, not the Business plan.
        if n == 1
            && text == "business"
            && i > 0
            && matches!(
                self.ws[i - 1].as_str(),
                "won" | "new" | "closed" | "repeat" | "winning" | "existing" | "lost"
            )
        {
            return;
        }
        if !values.is_empty() {
            // "the top 3 software vendors": the vendors are still what is ranked.
            self.expect_dimension = self.expect_dimension
                && self.query.limit.is_some()
                && self.names_a_dimension(i + n);
            let mut dims: Vec<&str> = values.iter().map(|(d, _)| *d).collect();
            dims.dedup();
            // "unhealthy": every value of the first dimension the phrase names (red and yellow).
            let dim = values[0].0;
            if dims.len() > 1 {
                let reason = format!("\"{text}\" is a value of {}", dims.join(" and of "));
                self.note(0.3, reason.clone());
                let readings = dims
                    .iter()
                    .map(|d| {
                        let of_d = values
                            .iter()
                            .filter(|(x, _)| x == d)
                            .map(|(_, v)| v.clone())
                            .collect();
                        (*d, of_d)
                    })
                    .collect();
                self.value_readings.push((reason, readings));
            }
            let named: Vec<String> = values
                .iter()
                .filter(|(d, _)| *d == dim)
                .map(|(_, v)| v.clone())
                .collect();
            let previous_value = self.after_value.replace((i + n, dim));
            // "FR vs NL rev q2": the "vs" sat between two values of one dimension ("software costs
            // in H1 minus software costs in H2" names one value twice).
            let another = self.query.filters.iter().any(|f| {
                matches!(f, Filter::Values { dimension, values, .. }
                    if dimension == dim && named.iter().any(|v| !values.contains(v)))
            });
            if self.compare_next
                && another
                && let Some(at) = self.compare_at
                && previous_value.is_some_and(|(end, d)| d == dim && end <= at && at < i)
            {
                self.compare_next = false;
                self.values_apart = true;
            }
            // "plans other than Starter and Growth", "not in (Starter, Growth)": the denial goes on
            // over the list.
            let listed_after_denial = self
                .denied_until
                .is_some_and(|(end, d)| d == dim && self.continues_a_list(end, i));
            let negated = std::mem::take(&mut self.negate) || listed_after_denial;
            self.denied_until = negated.then_some((i + n, dim));
            // "leave out cloud/hosting": a value named again, in other words, after its denial.
            let denied_already = !negated
                && self.query.filters.iter().any(|f| {
                    matches!(f, Filter::Values { dimension, values, negated: true }
                        if dimension == dim && named.iter().all(|v| values.contains(v)))
                });
            if denied_already {
                return;
            }
            for f in &mut self.query.filters {
                if let Filter::Values {
                    dimension,
                    values,
                    negated: n,
                } = f
                    && dimension == dim
                    && *n == negated
                {
                    for value in named {
                        if !values.contains(&value) {
                            values.push(value);
                        }
                    }
                    return;
                }
            }
            self.query.filters.push(Filter::Values {
                dimension: dim.to_string(),
                values: named,
                negated,
            });
            return;
        }
        if let Some(d) = dimension
            && metric.is_none()
            && values.is_empty()
        {
            // "spend by department (rows with a department only)": a value.
            let with_one = i >= 2
                && matches!(self.ws[i - 2].as_str(), "with" | "have" | "has")
                && matches!(self.ws[i - 1].as_str(), "a" | "an")
                && self.ws.get(i + n).is_none_or(|w| w == "only");
            if with_one && !self.negate {
                self.query.filters.push(Filter::Present {
                    dimension: d.to_string(),
                });
                return;
            }
            // "accounts without an owner", "deals that don't have an owner": no value at all;
            // "leaving out costs with no department", "ignore blank industry": a value.
            if std::mem::take(&mut self.negate) {
                let before = &self.ws[i.saturating_sub(7)..i];
                let excluded = before.iter().any(|w| {
                    matches!(
                        w.as_str(),
                        "excluding"
                            | "exclude"
                            | "except"
                            | "omitting"
                            | "excl"
                            | "skip"
                            | "skipping"
                    )
                });
                let none_said = before.iter().any(|w| {
                    MISSING_WORDS.contains(&w.as_str()) || matches!(w.as_str(), "without" | "no")
                });
                let dimension = d.to_string();
                // ("skip null dept": the word read before its field was.)
                self.notes.retain(|n| {
                    !MISSING_WORDS
                        .iter()
                        .any(|m| n.reason == format!("the word \"{m}\" was not understood"))
                });
                self.query.filters.push(if excluded && none_said {
                    Filter::Present { dimension }
                } else {
                    Filter::Missing { dimension }
                });
                return;
            }
            // "how many industries", "number of distinct countries": the values themselves counted.
            // ("# of unique deal owners": the owners of deals.)
            let record_noun = i > 1
                && RECORD_STEMS.contains(&stem(&self.ws[i - 1]).as_str())
                && matches!(
                    self.ws[i - 2].as_str(),
                    "different" | "distinct" | "unique" | "separate"
                );
            let before: Vec<&str> = self.ws[..i - usize::from(record_noun)]
                .iter()
                .rev()
                .map(String::as_str)
                .skip_while(|w| matches!(*w, "different" | "distinct" | "unique" | "separate"))
                .take(2)
                .collect();
            // "customer countries - how many?": asked after.
            let after: Vec<&str> = self.ws[i + n..]
                .iter()
                .map(String::as_str)
                .take(2)
                .collect();
            let asked_after = matches!(after.as_slice(), ["how", "many"]) && text.ends_with('s');
            // ("count of status=paid invoices": the field and its value, a condition.)
            if (asked_after
                || matches!(
                    before.as_slice(),
                    ["many", "how", ..]
                        | ["of", "number" | "count" | "#", ..]
                        | ["count" | "#", ..]
                ))
                && self.query.distinct.is_none()
                && (self.query.metrics.is_empty() || record_noun)
                && !self.value_follows(i + n, d)
            {
                self.query.distinct = Some(d.to_string());
                return;
            }
        }
        // "industry = Healthcare or Biotechnology", "priority is not low", "plans other than Starter":
        // a dimension named before its values names them, it is no breakdown ("industry is null" is
        // read before, by `field_null_at`).
        if let Some(d) = dimension
            && metric.is_none()
            && values.is_empty()
            && !self.expect_dimension
            && self.value_follows(i + n, d)
        {
            return;
        }
        // "opportunities for Aurora Telecom, all stages": every value, no breakdown.
        if dimension.is_some()
            && metric.is_none()
            && values.is_empty()
            && !self.expect_dimension
            && i > 0
            && matches!(self.ws[i - 1].as_str(), "all" | "any")
            && text.ends_with('s')
        {
            return;
        }
        // "invoices with status open", "subscriptions in past due status": a status named beside one
        // of its states is that state, read by its own word, not a breakdown.
        if dimension == Some("status") && !self.expect_dimension {
            let before = i
                .checked_sub(1)
                .and_then(|k| self.ws.get(k))
                .map(String::as_str);
            let after = self.ws.get(i + n).map(String::as_str);
            if matches!(before, Some("with" | "whose" | "where" | "of"))
                || matches!(after, Some("is" | "of" | "being"))
                || before.is_some_and(names_a_state)
                || after.is_some_and(names_a_state)
            {
                return;
            }
        }
        // "with every vendor except AWS": all but the values denied, in one figure.
        if dimension.is_some() && values.is_empty() && i > 0 && self.all_but(i - 1, n) {
            return;
        }
        if let Some(d) = dimension {
            // "the enterprise plan", "the Healthcare industry": the dimension names the value before it.
            // "the Consulting industry": of a value's readings, the one the noun names.
            if let Some(at) = self
                .value_readings
                .iter()
                .position(|(_, readings)| readings.iter().skip(1).any(|(x, _)| *x == d))
            {
                let (reason, readings) = self.value_readings.remove(at);
                self.choose_reading(&reason, &readings, d);
            }
            let names_a_value = self
                .query
                .filters
                .iter()
                .any(|f| matches!(f, Filter::Values { dimension, .. } if dimension == d));
            if !names_a_value {
                self.add_dimension(d);
            }
        }
    }

    /// A state word next to its entity ("deals we lost", "tickets still open") turns the entity's metric
    /// into the state's; a state word that applies to nothing asked is noted, never dropped.
    fn apply_states(&mut self) {
        // "average time to resolve a ticket": a duration names its records' noun too.
        let durations: Vec<&'static str> = self
            .query
            .metrics
            .iter()
            .filter_map(|m| model::metric(m))
            .filter(|m| matches!(m.unit, model::Unit::Days | model::Unit::Hours))
            .filter_map(model::Metric::table)
            .collect();
        self.query.metrics.retain(|m| {
            model::metric(m).is_none_or(|m| {
                let generic = matches!(
                    m.source,
                    model::Source::Fact {
                        aggregate: "count(*)",
                        filter: "TRUE",
                        ..
                    }
                );
                !(generic && m.table().is_some_and(|t| durations.contains(&t)))
            })
        });
        // "subscriptions cancelled": the state's metric named beside its entity's generic one (the
        // first of `entity`) is the one asked.
        // ("the ticket count and the number of SLA breaches": both counted.)
        let named = self.query.metrics.clone();
        // ("ytd tickets and sla breaches": the records, then those of the state, each named.)
        // ("won deals and their amounts": one kind of record, its state before the noun.)
        let generic_listed = (1..self.ws.len()).any(|k| {
            let noun = &self.ws[k - 1];
            self.ws[k] == "and"
                && noun.ends_with('s')
                && RECORD_STEMS.contains(&stem(noun).as_str())
                && !self.ws[k.saturating_sub(3)..k - 1]
                    .iter()
                    .any(|w| model::STATES.iter().any(|s| s.named_by(w, &stem(w))))
        });
        let two_counts = self.asks_two_counts() || generic_listed;
        self.query.metrics.retain(|m| {
            two_counts
                || !model::STATES.iter().any(|s| {
                    s.entity.first() == Some(&m.as_str())
                        && named
                            .iter()
                            .any(|n| n == s.count || Some(n.as_str()) == s.value)
                })
        });
        self.apply_negated_states();
        // "which rep won the most": a state word alone names its records, when it names one kind of
        // record; "what is open" could be deals, tickets or invoices: a clarification, not a guess.
        if self.query.metrics.is_empty() && self.population.is_none() && !self.states.is_empty() {
            let mut candidates: Vec<&'static str> = Vec::new();
            // "which accounts are at risk": the accounts asked for say which records, when a state of
            // accounts is named.
            let named = |s: &model::State| self.states.iter().any(|(w, stem)| s.named_by(w, stem));
            let of_accounts = self.query.dimensions == ["account"]
                && model::STATES
                    .iter()
                    .any(|s| named(s) && s.entity.contains(&"accounts"));
            for (word, stem) in &self.states {
                for s in model::STATES
                    .iter()
                    .filter(|s| s.named_by(word, stem))
                    .filter(|s| !of_accounts || s.entity.contains(&"accounts"))
                {
                    let metric = match s.value {
                        Some(value) if self.value_word => value,
                        _ => s.count,
                    };
                    if !candidates.contains(&metric) {
                        candidates.push(metric);
                    }
                }
            }
            // "how much deal value did we lose": the records a word left open ("deal value": bookings,
            // pipeline...) say which the state is of.
            // ("renewal opportunities we lost": a kind of record says which.)
            let kinds = self.query.filters.iter().filter_map(|f| match f {
                Filter::Values { dimension, .. } => model::dimension(dimension)
                    .filter(|d| d.name_suffix)
                    .map(|d| d.table),
                _ => None,
            });
            let tables: Vec<&str> = self
                .options
                .iter()
                .filter_map(|o| model::metric(o).and_then(model::Metric::table))
                .chain(kinds)
                .collect();
            let of_options: Vec<&'static str> = candidates
                .iter()
                .copied()
                .filter(|c| {
                    model::metric(c)
                        .and_then(model::Metric::table)
                        .is_some_and(|t| tables.contains(&t))
                })
                .collect();
            if candidates.len() > 1 && of_options.len() == 1 {
                candidates = of_options;
                self.options.clear();
                self.notes.retain(|n| !n.reason.contains("can mean"));
            }
            match candidates.as_slice() {
                [only] => {
                    // An assumption where no noun said what was counted ("which accounts are at
                    // risk" says it).
                    let word = self.states[0].0.clone();
                    let title = model::metric(only).map_or(*only, |m| m.title);
                    if !of_accounts {
                        self.note(0.21, format!("read \"{word}\" as {}", title.to_lowercase()));
                    }
                    self.query.metrics.push((*only).to_string());
                    self.states.clear();
                }
                [] => {}
                several => {
                    let word = self.states[0].0.clone();
                    self.note(
                        0.45,
                        format!("\"{word}\" can mean several kinds of records"),
                    );
                    self.options.extend(several.iter().copied());
                    self.states.clear();
                }
            }
        }
        for (word, stem) in std::mem::take(&mut self.states) {
            // "win rate on deals that closed in 2025": closed deals are the rate's own records.
            let over_closed = self.query.metrics.iter().any(|m| {
                model::metric(m).is_some_and(|m| {
                    matches!(
                        m.source,
                        model::Source::Fact {
                            filter: "f.is_closed",
                            ..
                        }
                    )
                })
            });
            if over_closed && matches!(word.as_str(), "closed" | "close" | "closing") {
                continue;
            }
            let mut assumed = None;
            // "tickets that met their SLA": "SLA" names the state whose opposite was asked; it is
            // part of what was read, not another condition.
            let named = |s: &&model::State| s.named_by(&word, &stem);
            let direct = self.query.metrics.iter().any(|m| {
                model::STATES
                    .iter()
                    .filter(named)
                    .any(|s| s.entity.contains(&m.as_str()) || s.count == m || s.value == Some(m))
            });
            let said = self.query.metrics.iter().any(|m| {
                model::STATES.iter().filter(named).any(|s| {
                    [s.opposite, s.not_yet]
                        .iter()
                        .flatten()
                        .any(|(count, value)| count == m || value.as_ref() == Some(&m.as_str()))
                })
            });
            if said && !direct {
                continue;
            }
            // "weighted pipeline of the deals still open": the state is the metric's own condition.
            let condition = |name: &str| {
                model::metric(name).and_then(|m| match m.source {
                    model::Source::Fact { table, filter, .. } => Some((table, filter)),
                    _ => None,
                })
            };
            let own = self.query.metrics.iter().find_map(|m| {
                let mine = condition(m)?;
                model::STATES
                    .iter()
                    .filter(named)
                    .find(|s| condition(s.count) == Some(mine))
            });
            if let Some(state) = own {
                if let Some(assumed) = state.assumed {
                    self.note(0.21, assumed);
                }
                continue;
            }
            let mut replaced: Vec<String> = Vec::new();
            let mut besides: Vec<String> = Vec::new();
            let narrowed = &mut self.narrowed;
            let ws = &self.ws;
            let applied = self.query.metrics.iter_mut().any(|m| {
                let state = model::STATES.iter().find(|s| {
                    s.named_by(&word, &stem)
                        && (s.entity.contains(&m.as_str()) || s.count == m || s.value == Some(m))
                });
                match state {
                    Some(state) => {
                        assumed = assumed.or(state.assumed);
                        let money = model::metric(m).is_some_and(|x| x.unit == model::Unit::Money);
                        let by_state = match state.value {
                            Some(value) if money || self.value_word => value.to_string(),
                            _ => state.count.to_string(),
                        };
                        // "how many deals did we win and lose": a state that excludes the one read
                        // already names other records besides them, not a part of them.
                        if excludes(m, state, ws) {
                            besides.push(by_state);
                            return true;
                        }
                        replaced.push(m.clone());
                        narrowed.push((m.clone(), by_state.clone()));
                        *m = by_state;
                        true
                    }
                    None => false,
                }
            });
            for metric in besides {
                if !self.query.metrics.contains(&metric) {
                    self.query.metrics.push(metric);
                }
            }
            for (metric, word) in &self.phrase_events {
                if replaced.iter().any(|r| r == metric) && !self.events.contains(word) {
                    self.events.push(word.clone());
                }
            }
            // "won deals closed last quarter": an event word that is not a state of what was asked is
            // read as the event.
            let event = self.query.metrics.iter().any(|m| {
                model::metric(m)
                    .and_then(model::Metric::table)
                    .and_then(|t| model::event_named(t, &word))
                    .is_some()
            });
            if let Some(assumed) = assumed {
                self.note(0.21, assumed);
            }
            if !applied && !event && !self.unanswerable {
                // A condition left out answers another question.
                self.note(0.55, format!("\"{word}\" applies to nothing asked"));
            }
        }
    }

    /// "tickets not resolved", "deals we haven't won yet": a denied state names the records in the state
    /// opposite to it, where that is one state ([`model::State::opposite`], or
    /// [`model::State::not_yet`] when the question says "yet" or "still"). A denial with several
    /// readings ("deals we did not win": lost, or still open?) is never answered with confidence.
    fn apply_negated_states(&mut self) {
        let yet = self.ws.iter().any(|w| w == "yet" || w == "still");
        for (word, stem) in std::mem::take(&mut self.negated_states) {
            let named: Vec<&'static model::State> = model::STATES
                .iter()
                .filter(|s| s.named_by(&word, &stem))
                .collect();
            let target = |s: &model::State| match (yet, s.not_yet, s.opposite) {
                (true, Some(t), _) | (_, _, Some(t)) => Some(t),
                _ => None,
            };
            let asked = self.query.metrics.iter().position(|m| {
                named
                    .iter()
                    .any(|s| s.entity.contains(&m.as_str()) || s.count == m || s.value == Some(m))
            });
            let state = match asked {
                Some(i) => {
                    let m = self.query.metrics[i].clone();
                    named
                        .iter()
                        .find(|s| {
                            s.entity.contains(&m.as_str()) || s.count == m || s.value == Some(&m)
                        })
                        .copied()
                }
                None if self.query.metrics.is_empty() && self.population.is_none() => {
                    match named.as_slice() {
                        [only] => Some(*only),
                        _ => None,
                    }
                }
                None => None,
            };
            let Some((count, value)) = state.and_then(target) else {
                self.note(
                    0.55,
                    format!("\"not {word}\" can mean several things; it was not applied"),
                );
                continue;
            };
            let money = asked
                .and_then(|i| model::metric(&self.query.metrics[i]))
                .is_some_and(|m| m.unit == model::Unit::Money);
            let metric = match value {
                Some(value) if money || self.value_word => value,
                _ => count,
            };
            match asked {
                Some(i) => self.query.metrics[i] = metric.to_string(),
                None => {
                    let title = model::metric(metric).map_or(metric, |m| m.title);
                    self.note(
                        0.21,
                        format!("read \"not {word}\" as {}", title.to_lowercase()),
                    );
                    self.query.metrics.push(metric.to_string());
                }
            }
        }
    }

    /// "open invoice amount on at-risk accounts": the accounts the declared view lists, whose figure
    /// is asked; not the MRR at risk beside it (unless MRR is named).
    fn at_risk_accounts_of_another_figure(&mut self) {
        let accounts_named = self
            .ws
            .iter()
            .any(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()));
        let mrr_named = self
            .ws
            .iter()
            .any(|w| matches!(w.as_str(), "mrr" | "arr" | "recurring"));
        if !accounts_named
            || mrr_named
            || self.query.metrics.len() < 2
            || !self.query.metrics.iter().any(|m| m == "mrr_at_risk")
        {
            return;
        }
        self.query.metrics.retain(|m| m != "mrr_at_risk");
        let at_risk = Filter::Records {
            metric: "at_risk_accounts".to_string(),
            filters: Vec::new(),
            time: None,
            negated: false,
        };
        if !self.query.filters.contains(&at_risk) {
            self.query.filters.push(at_risk);
        }
    }

    /// "at-risk accounts with more than $10k MRR at risk": the accounts the declared view lists, each
    /// over the threshold, not the MRR at risk of those subscriptions over it.
    fn at_risk_over(&mut self) {
        let threshold = self.query.filters.iter().any(|f| {
            matches!(
                f,
                Filter::Number {
                    field: NumberField::Amount | NumberField::Measure,
                    ..
                }
            )
        });
        let accounts_named = self
            .ws
            .iter()
            .any(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()));
        // ("how much MRR at risk is there from accounts over 10k": the amount.)
        let listed = !self.value_word || self.ws.iter().any(|w| LIST_WORDS.contains(&w.as_str()));
        // ("at-risk accounts with MRR at risk over 10k - show the amount": named twice, one figure.)
        if self.query.metrics.is_empty()
            || self.query.metrics.iter().any(|m| m != "mrr_at_risk")
            || !threshold
            || !listed
            || !accounts_named
            || !(self.query.dimensions.is_empty() || self.query.dimensions == ["account"])
            || self.query.grain.is_some()
            || self.query.aggregation.is_some()
        {
            return;
        }
        self.query.metrics = vec!["at_risk_accounts".to_string()];
        self.query.records = true;
        // ("at-risk customers with over $10k MRR at risk" read as each customer's total first.)
        self.query.dimensions.clear();
        self.notes
            .retain(|n| n.reason != "showed each account's figure beside its name");
        self.query.filters.retain_mut(|f| match f {
            Filter::Number { field, .. } => {
                *field = NumberField::Measure;
                true
            }
            // ("at risk" was read once more, as the red band.)
            Filter::Values { dimension, .. } => dimension != "band",
            _ => true,
        });
        self.notes.retain(|n| {
            !n.reason
                .starts_with("read \"at risk\" as the red health band")
        });
    }

    /// Questions about records rather than figures: a ranking of an entity's records with nothing else
    /// to rank by ("the largest open deal", "top 10 open opportunities by amount"), or a list of accounts
    /// ("list the healthcare accounts", "which accounts are in Germany"). They are answered with the
    /// records (name, and amount) instead of a count.
    fn records(&mut self) {
        if self.dashboard || self.unanswerable || self.query.grain.is_some() {
            return;
        }
        let metric = match self.query.metrics.as_slice() {
            [m] => Some(m.clone()),
            // "which accounts ...": the accounts themselves.
            [] if self.query.dimensions == ["account"] => Some("accounts".to_string()),
            // "who's in the yellow health band": the accounts in it.
            [] if self.query.dimensions.is_empty()
                && self.query.filters.iter().any(
                    |f| matches!(f, Filter::Values { dimension, .. } if dimension == "band"),
                ) =>
            {
                Some("accounts".to_string())
            }
            [] => self.population.map(str::to_string),
            _ => None,
        };
        // "our very first customer", "the 5 newest subscriptions": the subscriptions, ranked by when
        // they began.
        let began_first = self.by_time.is_some()
            && matches!(metric.as_deref(), Some("customers" | "subscriptions"));
        let metric = if began_first {
            Some("new_subscriptions".to_string())
        } else {
            metric
        };
        // "list yellow health accts + score": the accounts scored, each with its score.
        // ("list yellow accounts and their scores": the same.)
        let banded = self
            .query
            .filters
            .iter()
            .any(|f| matches!(f, Filter::Values { dimension, .. } if dimension == "band"));
        // ("red band accounts with their health score": each account, with its score.)
        let scores_listed = banded
            && !self.count_word
            && self.ws.windows(2).any(|p| {
                matches!(p[0].as_str(), "with" | "their")
                    && matches!(p[1].as_str(), "health" | "score" | "scores")
            });
        let metric = match metric.as_deref() {
            Some("scored_accounts") => Some("accounts".to_string()),
            Some("health_score")
                if banded
                    && (self.ws.iter().any(|w| LIST_WORDS.contains(&w.as_str()))
                        || scores_listed)
                    && !self
                        .query
                        .filters
                        .iter()
                        .any(|f| matches!(f, Filter::Number { .. })) =>
            {
                Some("accounts".to_string())
            }
            _ => metric,
        };
        // "lost deals over 200k, with amounts", "negotiation deals + amount": each record with its amount.
        let with_each = self.ws.windows(2).enumerate().any(|(k, p)| {
            matches!(p[0].as_str(), "with" | "their" | "plus")
                && (RECORD_VALUE_WORDS.contains(&p[1].as_str()) || p[1] == "sizes")
                && self.ws.get(k + 2).is_none_or(|next| {
                    !matches!(
                        next.as_str(),
                        "over"
                            | "above"
                            | "more"
                            | "greater"
                            | "less"
                            | "under"
                            | "below"
                            | "between"
                            | "of"
                            | "at"
                            | "exceeding"
                            | "bigger"
                            | "larger"
                    )
                })
        });
        // "opps in Negotiation/Review + owner", "open deals along with the rep who owns each one": the
        // columns asked of each record, not a breakdown by them.
        let mut columns = self.columns_asked();
        // ("with their amount and owner": the measure said first, or alone, stays where it is.)
        let measure_listed = columns.iter().any(|c| c == "amount");
        if columns.first().is_some_and(|c| c == "amount") {
            columns.remove(0);
        }
        let breakdown = self.query.dimensions.clone();
        let as_columns = !columns.is_empty()
            && !self.count_word
            && breakdown.iter().all(|d| columns.contains(d));
        if as_columns {
            self.query.dimensions.clear();
        }
        let listing = with_each
            || as_columns
            || scores_listed
            || self.ws.iter().any(|w| LIST_WORDS.contains(&w.as_str()));
        // ("oct churned customers + mrr": the churned MRR's records, each with its MRR.)
        // ("which Enterprise customers are past due, with their MRR": the same; "with their ARR":
        // its yearly twin.)
        let mrr_said = self.ws.iter().any(|w| w == "mrr");
        let arr_said = self.ws.iter().any(|w| w == "arr");
        let monthly_value = |count: &str| {
            model::COUNT_AND_VALUE
                .iter()
                .find(|(c, v)| *c == count && v.ends_with("_mrr"))
                .map(|(_, v)| *v)
        };
        let metric = match self.query.metrics.as_slice() {
            [count, mrr] if with_each && mrr == "mrr" => {
                monthly_value(count).map(str::to_string).or(metric)
            }
            [count] if with_each && (mrr_said || arr_said) => monthly_value(count)
                .and_then(|v| if arr_said { model::yearly(v) } else { Some(v) })
                .map(str::to_string)
                .or(metric),
            _ => metric,
        };
        // "which customers churned this month, with their MRR": the records behind a monthly figure.
        let behind = metric
            .as_deref()
            .and_then(model::records_behind)
            .filter(|_| {
                listing && !self.count_word && self.query.dimensions.iter().all(|d| d == "account")
            });
        let metric = behind.map(str::to_string).or(metric);
        let table = metric
            .as_deref()
            .and_then(model::metric)
            .and_then(model::Metric::table);
        // "the largest deal won in September, and how much was it": the record, with its amount.
        let asks_its_value = self
            .ws
            .windows(3)
            .any(|p| p[0] == "and" && p[1] == "how" && p[2] == "much")
            // ("our largest win and its amount", "show the amount", "with its value").
            || self.ws.windows(2).any(|p| {
                matches!(p[0].as_str(), "its" | "their" | "the" | "with")
                    && matches!(p[1].as_str(), "amount" | "amounts" | "value" | "values" | "worth")
            }) && (self.ranking || self.ordered || self.ws.iter().any(|w| LIST_WORDS.contains(&w.as_str())))
            // ("which deals ..., and what are they worth", "... and how big were they", "show amounts",
            // "with their owner and amount").
            || with_each
            || measure_listed
            || self.ws.windows(2).any(|p| {
                matches!(p[0].as_str(), "show" | "list" | "give" | "include" | "including")
                    && matches!(p[1].as_str(), "amount" | "amounts" | "value" | "values")
            })
            // ("which deals were worth the most": ranked by it.)
            || self.ws.windows(3).any(|p| {
                p[0] == "worth" && p[1] == "the" && matches!(p[2].as_str(), "most" | "least")
            })
            || self.ws.windows(4).any(|p| {
                p[0] == "what"
                    && matches!(p[1].as_str(), "are" | "were" | "is" | "was")
                    && matches!(p[2].as_str(), "they" | "it")
                    && p[3] == "worth"
            })
            || self.ws.windows(2).any(|p| p[0] == "how" && matches!(p[1].as_str(), "big" | "large"));
        // ("deal names and amounts": columns of the records.)
        // ("top 5 open deals - name, amount, owner": the same, in a list of columns.)
        let names_asked = self
            .ws
            .iter()
            .any(|w| w == "names" || (w == "name" && as_columns));
        let counted = self.count_word || (self.value_word && !asks_its_value && !names_asked);
        // "the most tickets": a count ranks something that has them, never the records themselves.
        // ("which deals were worth the most": their value.)
        let by_count = self.ws.iter().enumerate().any(|(k, w)| {
            matches!(w.as_str(), "most" | "least" | "fewest")
                && !self.ws[k.saturating_sub(2)..k]
                    .iter()
                    .any(|b| matches!(b.as_str(), "worth" | "cost" | "valued"))
        }) && self.by_time.is_none();
        let ranked = (self.ranking || self.ordered) && self.query.order.is_some() && !by_count;
        let of_accounts = self.query.dimensions.iter().all(|d| d == "account");
        // A metric counting records ("unpaid invoices", "open tickets"), not summing them.
        let counts_records = metric.as_deref().and_then(model::metric).is_some_and(|m| {
            matches!(m.source, model::Source::Fact { aggregate, .. } if aggregate == "count(*)")
        });
        // The question names records ("deal", "invoices"), not only a total ("pipeline", "bookings"),
        // and does not ask for a person ("who").
        // "Our biggest win" is a won deal (not its rate).
        let a_win = self.ws.iter().enumerate().any(|(k, w)| {
            matches!(w.as_str(), "win" | "wins" | "loss" | "losses")
                && self
                    .ws
                    .get(k + 1)
                    .is_none_or(|next| !next.starts_with("rate"))
        });
        // ("who cancelled their subscription": the customers, whose subscriptions are listed.)
        let who = self.ws.first().is_some_and(|w| w == "who");
        let of_customers = matches!(table, Some("subscription"));
        // ("customers with over 10k employees, with their MRR": each customer's subscriptions.)
        let customers_with_measure = of_customers
            && with_each
            && self
                .ws
                .iter()
                .any(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()));
        let names_records = (a_win
            || customers_with_measure
            || names_asked
            || self
                .ws
                .iter()
                .any(|w| RECORD_STEMS.contains(&stem(w).as_str())))
            && (!who || of_customers);
        let listing = listing || (who && of_customers);
        // A metric counting accounts ("customers", "churned customers").
        let counts_accounts = metric.as_deref().and_then(model::metric).is_some_and(|m| {
            matches!(m.source, model::Source::Fact { aggregate, .. } if aggregate.starts_with(crate::compile::ACCOUNTS_COUNTED))
        });
        // Where the question first names accounts and records.
        let position = |stems: &[&str]| {
            self.ws
                .iter()
                .position(|w| stems.contains(&stem(w).as_str()))
        };
        let (accounts_at, records_at) = (position(ACCOUNT_STEMS), position(RECORD_STEMS));
        let records = match table {
            _ if behind.is_some() => true,
            _ if began_first => !counted && of_accounts,
            // "which accounts are at risk": the rows of a listing view.
            _ if metric.as_deref().and_then(record_view).is_some() => {
                (listing || ranked) && !counted && of_accounts
            }
            // "list the customers in France", "which customers churned this year".
            Some(_) if counts_accounts => {
                (listing || self.query.dimensions == ["account"])
                    && !counted
                    && self.query.order.is_none()
                    && of_accounts
            }
            Some("opportunity") => {
                (ranked || listing) && !counted && self.query.dimensions.is_empty() && names_records
            }
            Some("account") => {
                (listing
                    || self.query.dimensions == ["account"]
                    || self.rank_by.is_some()
                    || self.by_time.is_some())
                    && !counted
                    && (!ranked || self.rank_by.is_some() || self.by_time.is_some())
                    && of_accounts
            }
            Some("revenue" | "ticket" | "subscription") => {
                // "the largest open invoice and the account it belongs to": its account is one of
                // its columns, named after it.
                let account_after =
                    matches!((records_at, accounts_at), (Some(r), Some(a)) if r < a);
                // ("the largest open invoice": one record, ranked by its amount.)
                let one_ranked = ranked
                    && self
                        .ws
                        .iter()
                        .any(|w| matches!(w.as_str(), "invoice" | "ticket" | "subscription"));
                // ("which accounts have the 3 biggest unpaid invoices": the invoices ranked, each
                // with its account.)
                // (Not "top 2 accounts by tickets", "the highest ticket volume": counts.)
                let sized = ranked
                    && !self.ws.iter().any(|w| w == "by")
                    && records_at.is_some_and(|r| {
                        self.ws[r.saturating_sub(3)..r].iter().any(|w| {
                            matches!(
                                w.as_str(),
                                "biggest" | "largest" | "smallest" | "highest" | "lowest"
                            )
                        }) && self.ws.get(r + 1).is_none_or(|n| {
                            !matches!(
                                n.as_str(),
                                "volume" | "volumes" | "count" | "counts" | "number"
                            )
                        })
                    });
                (listing || ranked)
                    && names_records
                    && (counts_records || customers_with_measure || one_ranked)
                    && !counted
                    && (self.query.dimensions.is_empty()
                        || ((account_after || sized) && of_accounts))
            }
            _ => false,
        };
        if !records {
            self.query.dimensions = breakdown;
            if self.rank_by.take().is_some() {
                self.note(0.5, "a ranking by employees applies to a list of accounts");
            }
            if let Some(words) = self.by_time.take() {
                self.note(0.5, format!("\"{words}\" applies to a list of records"));
            }
            return;
        }
        self.query.rank_by = self.rank_by.take();
        self.query.by_time = self.by_time.take().is_some();
        // "technology accounts with open deals": accounts named before the records are what is listed.
        if let (Some(a), Some(r)) = (accounts_at, records_at)
            && a < r
            && table.is_some_and(|t| t != "account")
            && !self.query.by_time
            && self.query.order.is_none()
        {
            self.query.accounts = true;
        }
        if let Some(m) = metric {
            self.query.metrics = vec![m];
        }
        self.query.dimensions.clear();
        self.query.records = true;
        // The columns asked that the records have.
        if let Some(metric) = table
            .and_then(|_| self.query.metrics.first())
            .and_then(|m| model::metric(m))
        {
            let table = table.unwrap_or_default();
            // "and when": the column of the event asked, else of the metric's time.
            let when = self.query.event.clone().or_else(|| match metric.source {
                model::Source::Fact { time: Some(t), .. } => {
                    t.strip_prefix("f.").map(str::to_string)
                }
                _ => None,
            });
            let columns: Vec<String> = columns
                .into_iter()
                .filter_map(|c| match c.strip_prefix("event:") {
                    Some(word) => model::event_named(table, word).map(|e| e.column.to_string()),
                    None if c == "when" => when.clone(),
                    None => Some(c),
                })
                .collect();
            let own = |c: &String| crate::query::own_column(metric, table, c);
            self.query.columns = columns.into_iter().filter(own).collect();
        }
        // ("yellow accounts + their scores": an account listed by its band shows its score.)
        if table == Some("account")
            && self
                .query
                .filters
                .iter()
                .any(|f| matches!(f, Filter::Values { dimension, .. } if dimension == "band"))
        {
            self.notes.retain(|n| {
                !matches!(
                    n.reason.as_str(),
                    "the word \"score\" was not understood"
                        | "the word \"scores\" was not understood"
                )
            });
        }
        // "which at-risk deals are worth more than 100k": names; "open deals with their amounts",
        // "the largest open deal": the measure asked for, or ranked by, too.
        let measure_asked = self.ws.iter().enumerate().any(|(k, w)| {
            // ("and how big were they".)
            (matches!(w.as_str(), "big" | "large") && k > 0 && self.ws[k - 1] == "how")
                || matches!(
                    w.as_str(),
                    "amount"
                        | "amounts"
                        | "value"
                        | "values"
                        | "worth"
                        | "size"
                        | "sizes"
                        | "mrr"
                        | "much"
                        | "dollar"
                        | "dollars"
                        | "totals"
                        | "number"
                        | "numbers"
                        | "arr"
                        | "revenue"
                        | "recurring"
                ) && !self.ws.get(k + 1).is_some_and(|next| {
                    matches!(
                        next.as_str(),
                        "more"
                            | "over"
                            | "above"
                            | "greater"
                            | "less"
                            | "under"
                            | "below"
                            | "at"
                            | "of"
                    )
                })
        });
        // ("who was our first customer": its name.)
        self.query.names_only =
            !measure_asked && (began_first || (self.query.order.is_none() && !self.query.by_time));
        // ("biggest deal first": an order only, nothing cut.)
        let cut = std::mem::take(&mut self.ranking);
        if ranked && cut && self.query.limit.is_none() {
            // ("the top won deal": one; "top open opportunity by amount for DE accounts": the noun
            // ranked is the one after "top".)
            let noun = |w: &str| -> Option<bool> {
                match w {
                    "deal" | "opportunity" | "opp" | "account" | "customer" | "invoice"
                    | "ticket" => Some(true),
                    "deals" | "opportunities" | "opps" | "accounts" | "customers" | "invoices"
                    | "tickets" => Some(false),
                    _ => None,
                }
            };
            let ranked_noun = self
                .ws
                .iter()
                .position(|w| w == "top" || w == "bottom")
                .and_then(|at| self.ws[at + 1..].iter().take(4).find_map(|w| noun(w)));
            let singular = ranked_noun.unwrap_or_else(|| {
                !self.plural_noun() && self.ws.iter().any(|w| noun(w) == Some(true))
            });
            if self.ws.iter().any(|w| w == "top" || w == "bottom") && !singular {
                self.query.limit = Some(10);
                self.note(0.05, "showed the top 10");
            } else if singular || !self.plural_noun() {
                self.query.limit = Some(1);
            }
        }
    }

    /// "how often do tickets breach their SLA", "won deals rate": the rate of the state counted, where
    /// the model has one ([`model::RATES`]).
    fn apply_rate(&mut self) {
        if !std::mem::take(&mut self.rate_word) {
            return;
        }
        let rate = match self.query.metrics.as_slice() {
            [m] => model::RATES
                .iter()
                .find(|(count, _)| count == m)
                .map(|(_, rate)| *rate),
            _ => None,
        };
        match rate {
            Some(rate) => self.query.metrics = vec![rate.to_string()],
            None if self
                .query
                .metrics
                .iter()
                .filter_map(|m| model::metric(m))
                .all(|m| m.unit == model::Unit::Ratio) => {}
            None => self.note(0.45, "a rate was asked of a figure that is not one"),
        }
    }

    /// "red accounts on September 1st", "Acme's health score in June": health over a past period is
    /// read from its monthly history ([`model::HEALTH_HISTORY`]), not from when accounts were created.
    fn health_then(&mut self) {
        // "accounts by health band", "how many customers are green": the accounts scored (every
        // account with a live or trialing subscription), by or in their band.
        let by_band = self.query.dimensions.iter().any(|d| d == "band")
            || self.query.filters.iter().any(
                |f| matches!(f, Filter::Values { dimension, negated: false, .. } if dimension == "band"),
            );
        if by_band
            && let [m] = self.query.metrics.as_slice()
            && matches!(m.as_str(), "accounts" | "customers")
        {
            self.query.metrics = vec!["scored_accounts".to_string()];
        }
        let Some(time) = &self.query.time else {
            return;
        };
        let about_health = self
            .query
            .filters
            .iter()
            .any(|f| matches!(f, Filter::Values { dimension, .. } if dimension == "band"))
            || self.query.dimensions.iter().any(|d| d == "band")
            || self.query.metrics.iter().any(|m| m == "health_score");
        let created = self
            .events
            .iter()
            .any(|w| model::event_named("account", w).is_some());
        // Today's score is today's; a month by month history may run up to today.
        let through_today = self.query.grain.is_some() && time.start <= self.today;
        if !about_health || created || self.new_word || (time.end > self.today && !through_today) {
            return;
        }
        let [m] = self.query.metrics.as_slice() else {
            return;
        };
        if let Some((_, then)) = model::HEALTH_HISTORY.iter().find(|(now, _)| now == m) {
            self.query.metrics = vec![then.to_string()];
            self.note(
                0.05,
                "read from the monthly health history (taken on the first day of each month)",
            );
            // ("red accounts on Oct 1 vs today": the history has no row of today.)
            let unrecorded = [self.query.time.as_ref(), self.query.compare.as_ref()]
                .into_iter()
                .flatten()
                .find(|p| {
                    let first = if p.start.day() == 1 {
                        Some(p.start)
                    } else {
                        p.start
                            .with_day(1)
                            .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
                    };
                    first.is_none_or(|d| d >= p.end)
                })
                .map(|p| p.label.clone());
            if let Some(label) = unrecorded {
                self.note(
                    0.3,
                    format!("the health history has no snapshot in {label} (one on each month's first day)"),
                );
            }
        }
    }

    /// "open pipeline from consulting accounts": of a value's readings, the one dimension the metrics
    /// reach is the one meant, and nothing was ambiguous.
    fn reachable_reading(&mut self) {
        let metrics: Vec<&model::Metric> = self
            .query
            .metrics
            .iter()
            .filter_map(|m| model::metric(m))
            .collect();
        if metrics.is_empty() {
            return;
        }
        let reaches = |d: &str| {
            model::dimension(d)
                .is_some_and(|d| metrics.iter().all(|m| model::reach(m, d).is_some()))
        };
        for (reason, readings) in std::mem::take(&mut self.value_readings) {
            let reachable: Vec<&(&str, Vec<String>)> =
                readings.iter().filter(|(d, _)| reaches(d)).collect();
            let [(dim, _)] = reachable.as_slice() else {
                continue;
            };
            let dim = *dim;
            self.choose_reading(&reason, &readings, dim);
        }
    }

    /// Reads a value of several dimensions as the one of `dim`: its filter moves there, and the note
    /// that said it was ambiguous (`reason`) goes.
    fn choose_reading(&mut self, reason: &str, readings: &[Reading], dim: &str) {
        if let (Some((first, first_values)), Some((_, values))) =
            (readings.first(), readings.iter().find(|(x, _)| *x == dim))
        {
            for f in &mut self.query.filters {
                if let Filter::Values {
                    dimension,
                    values: v,
                    ..
                } = f
                    && dimension == first
                    && first_values.iter().all(|x| v.contains(x))
                {
                    *dimension = dim.to_string();
                    *v = values.clone();
                }
            }
        }
        self.notes.retain(|n| n.reason != reason);
    }

    /// "open pipeline closing in November": what is open now closes ahead; a month named without a
    /// year is the coming one.
    fn open_closes_ahead(&mut self) {
        // "invoices due between November 1 and 7": a due date named without a year is the nearer one.
        let due = self.query.event.as_deref() == Some("due_at");
        // ("deals expected to close in November", "what's closing in November": ahead.)
        let closing_ahead = self.query.event.as_deref() == Some("close_date")
            && self.ws.iter().any(|w| {
                matches!(
                    w.as_str(),
                    "closing"
                        | "expected"
                        | "upcoming"
                        | "will"
                        | "scheduled"
                        | "slated"
                        | "forecast"
                )
            });
        if let Some(time) = &self.query.time
            && time.end <= self.today
            && !self.query.metrics.is_empty()
            && (due || closing_ahead || looks_ahead(&self.query.metrics))
        {
            // ("November or December": each month's year assumed.)
            let year = time.start.year().to_string();
            let assumed = |n: &Note| n.reason.starts_with("assumed ") && n.reason.ends_with(&year);
            let nearer_ahead = time
                .start
                .checked_add_months(chrono::Months::new(12))
                .is_some_and(|ahead| ahead - self.today < self.today - time.end);
            if (self.query.event.is_none() || ((due || closing_ahead) && nearer_ahead))
                && self.notes.iter().any(assumed)
                && !self.ws.contains(&year)
                && let (Some(start), Some(end)) = (
                    time.start.checked_add_months(chrono::Months::new(12)),
                    time.end.checked_add_months(chrono::Months::new(12)),
                )
            {
                let label = time.label.replace(&year, &start.year().to_string());
                self.notes.retain(|n| !assumed(n));
                self.note(
                    0.05,
                    format!("assumed {label}, ahead: what is open or renews falls due ahead"),
                );
                self.query.time = Some(Period::new(start, end, label));
            }
        }
    }

    /// "non-cloud vendors with 2025 spend over 50k": the vendors named, each one's total compared with
    /// the threshold (not each record's amount).
    fn totals_of_those_named(&mut self) {
        if !std::mem::take(&mut self.total_threshold) || !self.query.dimensions.is_empty() {
            return;
        }
        let table = self
            .query
            .metrics
            .first()
            .and_then(|m| model::metric(m))
            .and_then(model::Metric::table);
        let named = self.ws.iter().find_map(|w| {
            if !w.ends_with('s') {
                return None;
            }
            let terms = self
                .vocabulary
                .lookup(std::slice::from_ref(w))
                .or_else(|| self.vocabulary.lookup_stem(w))?;
            terms.iter().find_map(|t| match t {
                Term::Dimension(d)
                    if model::dimension(d).is_some_and(|d| Some(d.table) == table) =>
                {
                    Some(*d)
                }
                _ => None,
            })
        });
        // Accounts named, whose records the figure is of.
        let of_accounts = self
            .ws
            .iter()
            .any(|w| w.ends_with('s') && ACCOUNT_STEMS.contains(&stem(w).as_str()))
            && table.is_some_and(|t| !["account", "cost"].contains(&t));
        // ("customers w/ MRR >= 70k": each account's MRR, when the accounts are listed.)
        let accounts = of_accounts
            && !self.count_word
            && !self.value_word
            && !self
                .ws
                .iter()
                .any(|w| matches!(w.as_str(), "total" | "sum" | "combined" | "overall"));
        // ("how many customers have MRR over 70k": the customers over it, counted.)
        let counted_accounts = of_accounts
            && self.count_word
            && matches!(self.query.metrics.as_slice(), [m]
                if model::metric(m).is_some_and(|m| m.unit == model::Unit::Money));
        let Some(d) = named.or((accounts || counted_accounts).then_some("account")) else {
            return;
        };
        if counted_accounts && named.is_none() {
            self.query.count_rows = true;
        }
        self.query.dimensions.push(d.to_string());
        self.amounts_of_each_group();
    }

    /// A threshold on an amount is on each row's figure of the breakdown (`HAVING`), not on each
    /// record's.
    fn amounts_of_each_group(&mut self) {
        for f in &mut self.query.filters {
            if let Filter::Number { field, .. } = f
                && *field == NumberField::Amount
            {
                *field = NumberField::Measure;
            }
        }
    }

    /// "rank account countries by API calls": the accounts' countries, one breakdown (not each account
    /// and its country).
    fn account_qualifies_a_dimension(&mut self) {
        if self.query.dimensions.len() < 2 || !self.query.dimensions.iter().any(|d| d == "account")
        {
            return;
        }
        let qualified = self.ws.windows(2).find_map(|p| {
            if !ACCOUNT_STEMS.contains(&stem(&p[0]).as_str()) {
                return None;
            }
            let terms = self
                .vocabulary
                .lookup(std::slice::from_ref(&p[1]))
                .or_else(|| self.vocabulary.lookup_stem(&p[1]))?;
            terms.iter().find_map(|t| match t {
                Term::Dimension(d)
                    if *d != "account" && self.query.dimensions.iter().any(|x| x == d) =>
                {
                    Some((format!("{} {}", p[0], p[1]), *d))
                }
                _ => None,
            })
        });
        if let Some((said, d)) = qualified {
            self.query.dimensions.retain(|x| x != "account");
            self.note(0.05, format!("read \"{said}\" as {d}"));
        }
    }

    /// "how much more did we bring in than we spent", "revenue minus spend", "the gap between bookings
    /// and revenue": two figures in one unit over one period, asked as the first less the second.
    fn net_of_two(&mut self) {
        let one_unit = match self.query.metrics.as_slice() {
            [a, b] => model::metric(a)
                .zip(model::metric(b))
                .is_some_and(|(a, b)| a.unit == b.unit && a.unit != model::Unit::Ratio),
            _ => false,
        };
        if !one_unit
            || self.query.compare.is_some()
            || self.query.growth
            || self.query.difference
            || self.query.aggregation.is_some()
            || !self.aggregation.is_empty()
        {
            return;
        }
        let ws = &self.ws;
        // "more revenue than spend", "bring in more than we spent", not "more than 100 employees".
        let more_than = ws.iter().enumerate().any(|(i, w)| {
            matches!(
                w.as_str(),
                "more" | "less" | "fewer" | "higher" | "lower" | "bigger" | "larger"
            ) && ws[i + 1..]
                .iter()
                .position(|t| t == "than")
                .is_some_and(|j| {
                    ws.get(i + j + 2)
                        .is_some_and(|next| !next.starts_with(|c: char| c.is_ascii_digit()))
                })
        });
        // ("ytd revenue less ytd spend": minus; not "less than", "a day or less".)
        let less = ws.iter().enumerate().any(|(k, w)| {
            w == "less"
                && k > 0
                && !matches!(ws[k - 1].as_str(), "or" | "no" | "much" | "any" | "and")
                && ws.get(k + 1).is_some_and(|n| {
                    n != "than"
                        && amount(ws, k + 1).is_none()
                        && !n.starts_with(|c: char| c.is_ascii_digit())
                })
        });
        // ("by how much did bookings exceed revenue", "revenue after subtracting spend".)
        let minus =
            less || ws.iter().any(|w| {
                matches!(
                    w.as_str(),
                    "minus"
                        | "exceed"
                        | "exceeded"
                        | "exceeds"
                        | "outpaced"
                        | "outstripped"
                        | "surpassed"
                        | "subtract"
                        | "subtracting"
                        | "deducting"
                )
            }) || ws
                .windows(2)
                .any(|p| matches!(p[0].as_str(), "difference" | "gap") && p[1] == "between");
        if !(more_than || minus) {
            return;
        }
        self.query.net = true;
        self.change_word = None;
        // ("revenue minus costs, what's left": what is left is the difference.)
        self.notes.retain(|n| {
            ![
                "\"minus\"",
                "\"difference\"",
                "\"gap\"",
                "\"less\"",
                "\"exceed",
                "\"subtract",
                "\"left\"",
                "\"remains\"",
            ]
            .iter()
            .any(|w| n.reason.contains(w))
        });
    }

    /// "avg days to resolve", "mean resolution time in days": a duration in the unit asked.
    fn duration_in_days(&mut self) {
        let said = |w: &str| self.ws.iter().any(|x| x == w);
        if !(said("days") || said("day")) || said("hours") || said("hrs") || said("hour") {
            return;
        }
        for m in &mut self.query.metrics {
            if let Some((_, days)) = model::HOURS_AND_DAYS.iter().find(|(hours, _)| m == hours) {
                *m = (*days).to_string();
            }
        }
    }

    /// "2025 costs / 2025 revenue", "API calls per dollar of MRR", "open pipeline as a multiple of
    /// last quarter's bookings", "the ratio of API calls to MRR": two figures, the first over the
    /// second.
    fn ratio_of_two(&mut self) {
        if self.query.metrics.len() != 2
            || self.query.net
            || self.query.compare.is_some()
            || self.query.growth
            || self.query.difference
            || self.query.aggregation.is_some()
            || self.aggregation.iter().any(|w| w != "ratio")
        {
            return;
        }
        let ws = &self.ws;
        let said = ws.iter().any(|w| w == "slash")
            || ws.windows(2).any(|p| {
                matches!(
                    (p[0].as_str(), p[1].as_str()),
                    ("divided", "by") | ("multiple", "of") | ("ratio", "of")
                )
            })
            || ws.windows(3).any(|p| {
                matches!(p[0].as_str(), "per" | "every" | "each")
                    && matches!(p[1].as_str(), "dollar" | "1" | "1000" | "thousand")
                    && matches!(p[2].as_str(), "of" | "in")
            });
        if !said {
            return;
        }
        self.query.ratio = true;
        self.aggregation.clear();
        self.notes.retain(|n| {
            !["\"divided\"", "\"multiple\"", "\"ratio\"", "\"dollar\""]
                .iter()
                .any(|w| n.reason.contains(w))
        });
    }

    /// "Salesforce accounts that never showed up in Stripe", "MRR from customers with no NetSuite
    /// record", "sfdc-only accounts": which systems hold the accounts (their `sources`), not which
    /// system a record came from ("revenue from Stripe" stays that).
    fn systems_of_accounts(&mut self) {
        let said: Vec<(usize, &'static str)> = self
            .ws
            .iter()
            .enumerate()
            .filter_map(|(i, w)| {
                SYSTEMS
                    .iter()
                    .find(|(name, _)| name == w)
                    .map(|(_, system)| (i, *system))
            })
            .collect();
        if said.is_empty() {
            return;
        }
        let metrics: Vec<&model::Metric> = self
            .query
            .metrics
            .iter()
            .filter_map(|m| model::metric(m))
            .collect();
        let counts_accounts = !metrics.is_empty()
            && metrics.iter().all(|m| {
                m.table() == Some("account")
                    || matches!(m.source, model::Source::Fact { aggregate, .. }
                        if aggregate.starts_with(crate::compile::ACCOUNTS_COUNTED))
            });
        let about_accounts = self
            .ws
            .iter()
            .any(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()));
        let held = self.ws.iter().any(|w| HELD_WORDS.contains(&w.as_str()));
        let reachable = metrics
            .iter()
            .all(|m| m.table().is_some_and(|t| t != "cost"));
        // ("spend on Salesforce": the vendor; "revenue from Stripe": where the records came from.)
        let read_as_value = |system: &str, filters: &[Filter]| {
            filters.iter().any(|f| {
                matches!(f, Filter::Values { dimension, values, .. }
                    if matches!(dimension.as_str(), "source" | "vendor")
                        && values.iter().any(|v| v.eq_ignore_ascii_case(system)))
            })
        };
        if !(about_accounts && reachable && (counts_accounts || held)) {
            for (i, system) in said {
                if !read_as_value(system, &self.query.filters) {
                    let word = self.ws[i].clone();
                    self.note(0.55, format!("\"{word}\" applies to nothing asked"));
                }
            }
            return;
        }
        // Each system held or not: a denial in the words since the system named before
        // ("never shown up in Stripe"), or after it ("finance (NetSuite) doesn't know about"), or
        // the one before it joined by "or" ("in Stripe or NetSuite").
        let denies = |w: &String| NEGATIONS.contains(&w.as_str());
        let mut held_in: Vec<&str> = Vec::new();
        let mut not_in: Vec<&str> = Vec::new();
        let mut previous: Option<(usize, bool)> = None;
        for &(i, system) in &said {
            let from = previous.map_or(0, |(j, _)| j + 1).max(i.saturating_sub(4));
            let between = &self.ws[from..i];
            let after = &self.ws[i + 1..(i + 3).min(self.ws.len())];
            let joined = previous.is_some_and(|(j, _)| {
                j + 2 == i && matches!(self.ws[j + 1].as_str(), "or" | "nor" | "and")
            });
            let denied = between.iter().any(denies)
                || after.iter().any(|w| {
                    matches!(w.as_str(), "doesnt" | "dont" | "didnt" | "hasnt" | "havent")
                })
                || (joined && previous.is_some_and(|(_, denied)| denied));
            // "Salesforce-only accounts", "only in Stripe": there and in no other.
            let only = after.first().is_some_and(|w| w == "only")
                || (i >= 2 && self.ws[i - 2] == "only" && self.ws[i - 1] == "in");
            if denied {
                not_in.push(system);
            } else {
                held_in.push(system);
                if only {
                    not_in.extend(
                        SYSTEMS
                            .iter()
                            .map(|(_, other)| *other)
                            .filter(|o| *o != system),
                    );
                }
            }
            previous = Some((i, denied));
        }
        not_in.sort_unstable();
        not_in.dedup();
        held_in.retain(|s| !not_in.contains(s));
        held_in.dedup();
        // ("Salesforce" is also a vendor we pay; "Stripe" a source of records.)
        self.query.filters.retain(|f| {
            !said
                .iter()
                .any(|(_, s)| read_as_value(s, std::slice::from_ref(f)))
        });
        for (systems, negated) in [(held_in, false), (not_in, true)] {
            if !systems.is_empty() {
                self.query.filters.push(Filter::Values {
                    dimension: "system".to_string(),
                    values: systems.iter().map(|s| s.to_string()).collect(),
                    negated,
                });
            }
        }
        // "How many accounts have a NetSuite record but no Salesforce account": the system's record
        // of the account, not a breakdown by account.
        if said.iter().any(|&(i, _)| {
            self.ws
                .get(i + 1)
                .is_some_and(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()))
        }) && counts_accounts
        {
            self.query.dimensions.retain(|d| d != "account");
            self.query
                .filters
                .retain(|f| !matches!(f, Filter::Missing { dimension } if dimension == "account"));
        }
        // "customers that finance has on file in NetSuite", "finance (NetSuite)": the team, not the
        // industry.
        let team = self.ws.iter().enumerate().any(|(i, w)| {
            w == "finance"
                && (i.checked_sub(1).is_some_and(|j| {
                    matches!(self.ws[j].as_str(), "that" | "which" | "the" | "our")
                }) || self.ws.get(i + 1).is_some_and(|next| {
                    matches!(
                        next.as_str(),
                        "has" | "have" | "doesnt" | "dont" | "knows" | "know" | "keeps" | "team"
                    ) || SYSTEMS.iter().any(|(name, _)| name == next)
                }))
        });
        if team {
            self.notes.retain(|n| !n.reason.contains("\"finance\""));
            self.query.filters.retain(|f| {
                !matches!(f, Filter::Values { dimension, values, .. }
                    if dimension == "industry" && values.iter().all(|v| v.starts_with("Financ")))
            });
        }
        // "no billing or finance record", "billing-only customers": a system named by its role,
        // which is not read.
        let role = self.ws.iter().enumerate().find(|(i, w)| {
            matches!(w.as_str(), "billing" | "finance" | "erp" | "accounting")
                && self.ws[i + 1..(i + 4).min(self.ws.len())].iter().any(|x| {
                    matches!(
                        x.as_str(),
                        "record" | "records" | "system" | "systems" | "only"
                    )
                })
        });
        if let Some((_, w)) = role {
            let w = w.clone();
            self.note(
                0.3,
                format!("\"{w}\" may name a system; only Salesforce, Stripe and NetSuite are read by name"),
            );
        }
        // The systems' names, what asks whether they hold an account, and a word naming a system
        // beside its name ("finance (NetSuite)") were read; so was the denial.
        let mut read: Vec<String> = Vec::new();
        for &(i, _) in &said {
            read.push(format!("\"{}\"", self.ws[i]));
            read.push(format!(" {}\"", self.ws[i]));
            for j in [i.checked_sub(1), Some(i + 1)].into_iter().flatten() {
                if let Some(w) = self.ws.get(j) {
                    read.push(format!("\"{w}\" was not understood"));
                }
            }
        }
        read.extend(
            HELD_WORDS
                .iter()
                .chain(&["up", "also"])
                .map(|w| format!("\"{w}\" was not understood")),
        );
        let denied = self
            .query
            .filters
            .iter()
            .any(|f| matches!(f, Filter::Values { dimension, negated: true, .. } if dimension == "system"));
        self.notes.retain(|n| {
            !(read.iter().any(|r| n.reason.contains(r.as_str()))
                || (denied && n.reason.starts_with("a negation")))
        });
    }

    /// "how much new pipeline did we create this month", "pipeline generated in Q3": the deals created
    /// then, whatever became of them, unless the question says they are still open.
    fn pipeline_created(&mut self) {
        let created = self
            .query
            .event
            .as_deref()
            .is_some_and(|e| e.starts_with("created"));
        let still_open = self.ws.iter().enumerate().any(|(i, w)| {
            matches!(
                w.as_str(),
                "open"
                    | "still"
                    | "unclosed"
                    | "active"
                    | "live"
                    | "remaining"
                    | "current"
                    | "currently"
                    | "outstanding"
            )
            // "created in October that are not (yet) closed".
            || (matches!(w.as_str(), "closed" | "close")
                && self.ws[i.saturating_sub(3)..i]
                    .iter()
                    .any(|b| b == "yet" || NEGATIONS.contains(&b.as_str())))
        });
        if !created || still_open {
            return;
        }
        let mut changed = false;
        for m in &mut self.query.metrics {
            let all = match m.as_str() {
                "open_pipeline" => "opportunity_value",
                "open_opportunities" => "opportunities",
                _ => continue,
            };
            *m = all.to_string();
            changed = true;
        }
        if changed {
            self.query.event = None;
        }
    }

    /// "customers today", "MRR right now": a figure as of now is today's, not one over a period.
    fn figure_of_today(&mut self) {
        // ("open opportunities today", "accounts in the yellow band today": what stands now, not what
        // was created or closes today; "tickets opened today", "new accounts today" keep the day.)
        let event_named = self
            .ws
            .iter()
            .any(|w| w == "new" || model::names_an_event(w));
        let stands_now = |m: &model::Metric| {
            matches!(m.source, model::Source::Fact { time: None, .. })
                || m.is_open_now()
                || (!event_named
                    && m.table()
                        .is_some_and(|t| matches!(t, "account" | "subscription" | "health")))
        };
        if let Some(time) = &self.query.time
            && time.start == self.today
            && Some(time.end) == self.today.succ_opt()
            && self.query.compare.is_none()
            && self.query.grain.is_none()
            && self
                .query
                .metrics
                .iter()
                .all(|m| model::metric(m).is_some_and(stands_now))
        {
            self.query.time = None;
            self.notes
                .retain(|n| !n.reason.starts_with("placed the accounts in time"));
        }
    }

    /// "cash collected in H1", "what did customers pay us this year": payments placed in time by the
    /// day they were paid, which many place by the invoice's issue date instead. Never confident,
    /// unless the payment's day is the one named ("invoices paid in September").
    fn dated_by_payment(&mut self) {
        if self.query.time.is_none() && self.query.grain.is_none() {
            return;
        }
        let by_payment = self.query.event.as_deref() == Some("paid_at")
            || (self.query.event.is_none()
                && self.query.metrics.iter().any(|m| {
                    model::metric(m).is_some_and(|m| {
                        matches!(
                            m.source,
                            model::Source::Fact {
                                time: Some("f.paid_at"),
                                ..
                            }
                        )
                    })
                }));
        // ("paid in September", "collected last quarter"; not "collected in pounds".)
        let paid_then = (0..self.ws.len()).any(|k| {
            model::event_named("revenue", &self.ws[k]).is_some_and(|e| e.column == "paid_at")
                && (self.time_at(k + 1).is_some()
                    || (self.ws.get(k + 1).is_some_and(|w| {
                        matches!(
                            w.as_str(),
                            "in" | "during"
                                | "between"
                                | "since"
                                | "on"
                                | "before"
                                | "after"
                                | "within"
                        )
                    }) && (self.time_at(k + 2).is_some()
                        || (self.ws.get(k + 2).is_some_and(|w| w == "the")
                            && self.time_at(k + 3).is_some()))))
        });
        // ("monthly collections (by paid date)": the day said.)
        let day_said = self.ws.windows(2).any(|p| {
            matches!(
                (p[0].as_str(), p[1].as_str()),
                ("paid" | "payment" | "pay", "date" | "dates" | "day")
                    | ("date" | "day" | "when", "paid")
            )
        });
        let said_already = self
            .notes
            .iter()
            .any(|n| n.reason.starts_with("placed the paid records in time"));
        if by_payment && !paid_then && !day_said && !said_already {
            self.note(
                0.21,
                "placed the payments in time by the day they were paid (by the invoices' issue date the figure differs)",
            );
        }
    }

    /// "the total monthly amount of trialing subscriptions", "what would the trials be worth per
    /// month": a recurring amount is monthly already; "monthly" says its unit, not a series (unless
    /// the records are placed in time: "trial MRR started by month").
    fn monthly_amount(&mut self) {
        let recurring = !self.query.metrics.is_empty()
            && self.query.metrics.iter().all(|m| {
                model::metric(m).is_some_and(|m| {
                    matches!(m.source, model::Source::Fact { table: "subscription", aggregate, .. }
                        if aggregate.contains("f.mrr"))
                })
            });
        let series = self.ws.windows(2).any(|p| {
            matches!(p[0].as_str(), "by" | "each" | "every" | "per" | "over")
                && matches!(p[1].as_str(), "month" | "months" | "time")
        }) || self.ws.iter().any(|w| {
            matches!(
                w.as_str(),
                "trend" | "trended" | "trending" | "series" | "breakdown"
            ) || model::names_an_event(w)
        });
        let per_month_worth = self.ws.windows(3).any(|p| {
            matches!(p[0].as_str(), "worth" | "cost" | "pay" | "paying" | "bring")
                && p[1] == "per"
                && p[2] == "month"
        });
        if recurring
            && self.query.grain == Some(Grain::Month)
            && self.query.time.is_none()
            && (!series || per_month_worth)
        {
            self.query.grain = None;
        }
    }

    /// "logo churn over the last 12 months": a declared figure over a trailing year by definition
    /// ([`model::TRAILING_YEAR`]) asked over the year up to today is that figure; the period says
    /// nothing more.
    fn own_window(&mut self) {
        let (Some(time), [m]) = (&self.query.time, self.query.metrics.as_slice()) else {
            return;
        };
        if !model::TRAILING_YEAR.contains(&m.as_str()) || self.query.compare.is_some() {
            return;
        }
        let days = (time.end - time.start).num_days();
        // The year up to today ("the last 12 months", "the trailing year"), not "this year".
        let next_month = self
            .today
            .with_day(1)
            .and_then(|d| d.checked_add_months(chrono::Months::new(1)));
        let to_today = Some(time.end) == self.today.succ_opt() || Some(time.end) == next_month;
        // "the past year" is read as the last calendar year elsewhere; of a trailing figure, it is its own.
        let past_year = time.label == "past year";
        // "NRR for the last year": the calendar year has no figure of its own; the trailing one, never
        // confidently.
        let last_year = time.label == "last year";
        if (to_today || past_year || last_year) && (360..=372).contains(&days) {
            let label = time.label.clone();
            self.notes.retain(|n| {
                !n.reason.contains("for \"past year\"") && !n.reason.contains("for \"last year\"")
            });
            self.query.time = None;
            self.note(
                if last_year { 0.21 } else { 0.05 },
                format!("the figure is over the last 12 months by definition (asked: {label})"),
            );
        }
    }

    /// "owners having count(won opps) >= 34", "vendors with total spend over 100k": SQL's word for a
    /// condition on each group's figure, not on each record.
    fn having(&mut self) {
        // ("having" is read as "with": "with count(...)", "with sum >= ...".)
        let of_groups = self.ws.windows(2).position(|p| {
            p[0] == "with" && matches!(p[1].as_str(), "count" | "sum" | "total" | "avg" | "average")
        });
        let Some(at) = of_groups else {
            return;
        };
        // ("vendor spend 2025 having sum >= 100000": the groups are the one breakdown named before.)
        // (Not "count of customers with avg DAU > 50": the groups counted.)
        if self.query.dimensions.is_empty() && !self.count_word {
            let named: Vec<&'static str> = self.ws[..at]
                .iter()
                .filter_map(|w| {
                    let terms = self.vocabulary.lookup(std::slice::from_ref(w))?;
                    terms.iter().find_map(|t| match t {
                        Term::Dimension(d) => Some(*d),
                        _ => None,
                    })
                })
                .collect();
            if let [d] = named.as_slice() {
                self.add_dimension(d);
            }
        }
        if !self.query.dimensions.is_empty() {
            self.amounts_of_each_group();
        }
    }

    /// "which accounts renew in December + MRR", "December renewals: account names and the MRR":
    /// records listed by account with a figure of them are that figure per account, not also their
    /// count, unless a count is asked.
    fn value_of_listed_records(&mut self) {
        if self.count_word || self.query.dimensions != ["account"] {
            return;
        }
        // The state's own value when the other figure is of its kind ("renewals" and "MRR").
        let own_value = |count: &str, figure: &str| {
            model::COUNT_AND_VALUE.iter().find_map(|(c, value)| {
                let (v, f) = (model::metric(value)?, model::metric(figure)?);
                (*c == count && v.same_kind(f)).then_some(*value)
            })
        };
        if let [a, b] = self.query.metrics.as_slice()
            && let Some(value) = own_value(a, b).or_else(|| own_value(b, a))
        {
            self.query.metrics = vec![value.to_string()];
        }
    }

    /// "the SLA breach rate on urgent tickets", "the sales cycle of won deals": records named beside a
    /// figure computed over that table are what it is computed over, not a second figure, unless "and"
    /// (or "vs") joins them. Records of another state than the figure's own cannot narrow it: kept,
    /// never confidently.
    fn records_of_a_figure(&mut self) {
        let [a, b] = self.query.metrics.as_slice() else {
            return;
        };
        // "at-risk MRR as a percentage of total MRR": a part named with its whole is its share.
        let share_word = self.ws.iter().any(|w| {
            matches!(
                w.as_str(),
                "percentage" | "percent" | "share" | "fraction" | "proportion" | "portion"
            )
        });
        if share_word {
            let part = [(a, b), (b, a)].into_iter().find_map(|(part, whole)| {
                (model::share_of(part).map(|m| m.name) == Some(whole.as_str()))
                    .then(|| part.clone())
            });
            if let Some(part) = part {
                self.query.metrics = vec![part];
                return;
            }
        }
        // "between January and March" joins two ends of a period, not two figures.
        let joins_figures = self.ws.iter().enumerate().any(|(k, w)| {
            matches!(
                w.as_str(),
                "and" | "vs" | "versus" | "plus" | "also" | "both"
            ) && !(w == "and"
                && self.ws[k.saturating_sub(3)..k]
                    .iter()
                    .any(|p| p == "between"))
        });
        // "the number of past-due subscriptions and their total MRR": the records' own value beside
        // their count.
        // ("past-due subs: count and MRR": the records named first, then their figures.)
        let count_first = self.ws.windows(3).any(|p| p[0] == "count" && p[1] == "and");
        if joins_figures && (count_first || self.ws.iter().any(|w| w == "their" || w == "its")) {
            let own = model::COUNT_AND_VALUE.iter().find_map(|(count, value)| {
                let value = model::metric(value)?;
                let other = if a == count {
                    b
                } else if b == count {
                    a
                } else {
                    return None;
                };
                let figure = model::metric(other)?;
                figure.same_kind(value).then(|| (other.clone(), value.name))
            });
            if let Some((other, value)) = own {
                for m in &mut self.query.metrics {
                    if *m == other {
                        *m = value.to_string();
                    }
                }
            }
            return;
        }
        if joins_figures {
            return;
        }
        // "the MRR of trialing subscriptions", "MRR sitting in trials": a figure over the records of a
        // state is the state's own figure of the same kind ([`model::COUNT_AND_VALUE`]).
        let state_value = |m: &str| {
            model::COUNT_AND_VALUE
                .iter()
                .find(|(count, value)| m == *count || m == *value)
                .and_then(|(_, value)| model::metric(value))
        };
        let same_kind = |x: &model::Metric, y: &model::Metric| x.same_kind(y) && x.name != y.name;
        let own = [(a, b), (b, a)].into_iter().find_map(|(figure, records)| {
            let (figure, value) = (model::metric(figure)?, state_value(records)?);
            // ("the ARR of past-due subscriptions": twelve times their MRR.)
            let value = match model::yearly(value.name).and_then(model::metric) {
                Some(yearly) if figure.name == "arr" => yearly,
                _ => value,
            };
            (state_value(figure.name).is_none() && same_kind(figure, value)).then_some(value.name)
        });
        if let Some(value) = own {
            self.query.metrics = vec![value.to_string()];
            return;
        }
        // "the MRR of our at-risk accounts": at risk is the red health band.
        if b == "at_risk_accounts" || a == "at_risk_accounts" {
            let figure = if a == "at_risk_accounts" { b } else { a };
            let reaches = model::metric(figure)
                .zip(model::dimension("band"))
                .is_some_and(|(m, d)| model::reach(m, d).is_some());
            if reaches {
                self.query.metrics = vec![figure.clone()];
                self.query.filters.push(Filter::Values {
                    dimension: "band".to_string(),
                    values: vec!["red".to_string()],
                    negated: false,
                });
                self.note(0.05, "read \"at risk\" as the red health band");
            }
            return;
        }
        let (Some(a), Some(b)) = (model::metric(a), model::metric(b)) else {
            return;
        };
        let counted = |m: &model::Metric| match m.source {
            model::Source::Fact {
                table,
                aggregate: "count(*)",
                filter,
                ..
            } => Some((table, filter)),
            _ => None,
        };
        let own = |m: &model::Metric| match m.source {
            model::Source::Fact { table, filter, .. } => Some((table, filter)),
            _ => None,
        };
        let (figure, records) = match (counted(a), counted(b)) {
            (None, Some(_)) => (a, b),
            (Some(_), None) => (b, a),
            _ => return,
        };
        let (Some((table, filter)), Some((figure_table, figure_filter))) =
            (counted(records), own(figure))
        else {
            return;
        };
        if table != figure_table {
            return;
        }
        if filter == "TRUE" || filter == figure_filter {
            self.query.metrics = vec![figure.name.to_string()];
        } else {
            self.note(
                0.3,
                format!(
                    "{} is computed over its own records, not only the {}",
                    figure.title,
                    records.title.to_lowercase()
                ),
            );
        }
    }

    /// Whether the question names its records in the plural ("deals", not "deal").
    fn plural_noun(&self) -> bool {
        self.ws.iter().any(|w| {
            [
                "deals",
                "opportunities",
                "opps",
                "accounts",
                "companies",
                "customers",
                "tickets",
                "invoices",
                "subscriptions",
            ]
            .contains(&w.as_str())
        })
    }

    /// "average", "per customer", "what percentage": another aggregation of the metric's records, when
    /// it applies to them; otherwise noted, since not computing what was asked is never a confident
    /// answer.
    fn apply_aggregation(&mut self) {
        let words = std::mem::take(&mut self.aggregation);
        let percentage = words.iter().any(|w| {
            matches!(
                w.as_str(),
                "percentage" | "percent" | "proportion" | "portion" | "fraction" | "share"
            )
        });
        // "what share of revenue came in each currency", "revenue mix by currency": each row's share of
        // the whole.
        let mix = self.ws.iter().any(|w| w == "mix");
        if (percentage || mix)
            && !self.unanswerable
            && self.query.dimensions.len() == 1
            && self.query.filters.is_empty()
            && self.query.limit.is_none()
            && self.query.grain.is_none()
            && self.query.compare.is_none()
            && !self.query.records
            && let [m] = self.query.metrics.as_slice()
            // (A rate is no part of a whole: "win rate % by rep" is each rep's rate, in percent.)
            && model::metric(m).is_some_and(|m| {
                !m.is_average()
                    && matches!(m.source, model::Source::Fact { aggregate, .. }
                        if aggregate.contains("sum(") || aggregate.starts_with("count("))
            })
            // ("the share of tickets that breached SLA, by priority": each group's rate of the state.)
            && model::share_of(m).is_none()
            && self.states.is_empty()
            && self.negated_states.is_empty()
        {
            let in_percent = words.iter().any(|w| w == "percentage" || w == "percent");
            self.query.aggregation = Some(if in_percent {
                Aggregation::Percentage
            } else {
                Aggregation::Share
            });
            return;
        }
        if (words.is_empty() && !self.per_account) || self.unanswerable {
            return;
        }
        // "the average MRR of enterprise customers": an average over the customers named, not over
        // their subscriptions or invoices.
        // ("the mean size of the deals won from accounts in finance": per deal, the accounts filter.)
        let size_of_records = self
            .ws
            .iter()
            .any(|w| matches!(w.as_str(), "size" | "value" | "amount"))
            && self
                .ws
                .iter()
                .any(|w| RECORD_STEMS.contains(&stem(w).as_str()));
        let of_accounts = !size_of_records
            && self.ws.iter().any(|w| {
                matches!(
                    w.as_str(),
                    "customers" | "accounts" | "clients" | "customer" | "account" | "client"
                )
            });
        let sums = self.query.metrics.as_slice().first().and_then(|m| model::metric(m)).is_some_and(|m| {
            matches!(m.source, model::Source::Fact { aggregate, .. } if aggregate.contains("sum("))
        });
        let ratio = self
            .query
            .metrics
            .as_slice()
            .first()
            .and_then(|m| model::metric(m))
            .is_some_and(|m| m.unit == model::Unit::Ratio);
        // "churn as a ratio", "what fraction is the win rate": a ratio asked as one is itself.
        if ratio
            && !words.is_empty()
            && words.iter().all(|w| {
                matches!(
                    w.as_str(),
                    "fraction" | "ratio" | "proportion" | "portion" | "share"
                )
            })
        {
            return;
        }
        if words.iter().any(|w| w == "ratio") && !ratio {
            self.note(
                0.45,
                "\"ratio\" asks for a computation this answer does not make",
            );
            return;
        }
        // "of the high-priority tickets opened in Q3, what fraction breached SLA", "of Farid's deals closed
        // in 2026, what fraction did he win": the conditions name the records, the state is the share:
        // the state's rate over them.
        // The state must be said after the fraction word and not as its records ("what % of won deals
        // are in healthcare" asks the share of healthcare among the won deals).
        let fraction_at = self.ws.iter().position(|w| {
            matches!(
                w.as_str(),
                "percentage" | "percent" | "proportion" | "portion" | "fraction" | "share"
            )
        });
        let state_at = |m: &str| {
            self.ws.iter().enumerate().position(|(j, w)| {
                let stem = stem(w);
                model::STATES
                    .iter()
                    .any(|s| s.count == m && s.named_by(w, &stem))
                    && fraction_at.is_some_and(|f| j > f)
                    && self.ws[j - 1] != "of"
                    && !(j >= 2 && self.ws[j - 1] == "the" && self.ws[j - 2] == "of")
            })
        };
        // "what share of closed deals did we lose": the rate's own records named, without conditions.
        let population_named = |rate: &str| match model::metric(rate).map(|m| m.source) {
            Some(model::Source::Fact {
                filter: "f.is_closed",
                ..
            }) => self.ws.iter().any(|w| w == "closed"),
            _ => false,
        };
        if percentage
            && let [m] = self.query.metrics.as_slice()
            && let Some((_, rate)) = model::RATES.iter().find(|(count, _)| count == m)
            && (!self.query.filters.is_empty() || population_named(rate))
            && state_at(m).is_some()
        {
            self.query.metrics = vec![rate.to_string()];
            if words.iter().any(|w| w == "percentage" || w == "percent") {
                self.query.aggregation = Some(Aggregation::AsPercentage);
            }
            // A state read one way of several ("closed" as won) is the rate's own population now.
            self.notes.retain(|n| {
                !model::STATES
                    .iter()
                    .any(|s| s.assumed == Some(n.reason.as_str()))
            });
            return;
        }
        // "what fraction of our customers did we lose": the share of customers churned is logo churn.
        if percentage
            && self.query.filters.is_empty()
            && self.query.metrics.as_slice() == ["churned_customers"]
        {
            self.query.metrics = vec!["logo_churn".to_string()];
            self.notes
                .retain(|n| !n.reason.starts_with("counted as churned"));
            if words.iter().any(|w| w == "percentage" || w == "percent") {
                self.query.aggregation = Some(Aggregation::AsPercentage);
            }
            return;
        }
        // Percent only when said ("what % of", "percentage"); a share, fraction or proportion is 0-1.
        let in_percent = words.iter().any(|w| w == "percentage" || w == "percent");
        // "what % of MRR do our 5 largest customers hold": the top rows' share of the whole.
        if percentage
            && !ratio
            && self.query.limit.is_some()
            && self.query.order == Some(Order::Desc)
            && self.query.dimensions.len() == 1
            && self.query.grain.is_none()
            && let [m] = self.query.metrics.as_slice()
            && model::metric(m).is_some_and(|m| {
                !m.is_average()
                    && matches!(m.source, model::Source::Fact { aggregate, .. }
                        if aggregate.contains("sum(") || aggregate.starts_with("count("))
            })
        {
            self.query.aggregation = Some(if in_percent {
                Aggregation::Percentage
            } else {
                Aggregation::Share
            });
            // ("which vendor is our largest cost, and what share is it", "biggest vendor + its
            // share": named.)
            self.query.named = self.query.limit == Some(1)
                && (self.ws.first().is_some_and(|w| w == "which" || w == "who")
                    || self.ws.windows(2).any(|p| {
                        p[0] == "its"
                            && matches!(
                                p[1].as_str(),
                                "share" | "proportion" | "fraction" | "percentage" | "percent"
                            )
                    }));
            return;
        }
        // "the max resolution time", "min deal size" (not both: "the min and max MRR" is a range).
        let said = |names: &[&str]| words.iter().any(|w| names.contains(&w.as_str()));
        let extreme = match (said(&["max", "maximum"]), said(&["min", "minimum"])) {
            (true, false) => Some(Aggregation::Maximum),
            (false, true) => Some(Aggregation::Minimum),
            (true, true) => {
                self.note(
                    0.45,
                    "a range (min and max) was asked; the answer is one figure",
                );
                return;
            }
            (false, false) => None,
        };
        let kind = if percentage && ratio {
            Aggregation::AsPercentage
        } else if percentage && in_percent {
            Aggregation::Percentage
        } else if percentage {
            Aggregation::Share
        } else if words.iter().any(|w| w == "median") {
            Aggregation::Median
        } else if let Some(extreme) = extreme {
            extreme
        } else if self.per_account || (of_accounts && sums && !words.is_empty()) {
            Aggregation::PerAccount
        } else {
            Aggregation::Average
        };
        let metric = match self.query.metrics.as_slice() {
            [m] => model::metric(m),
            _ => None,
        };
        // A figure of the accounts themselves ("employees per account"): each record is an account.
        let of_account_records = metric.and_then(model::Metric::table) == Some("account");
        let kind = if kind == Aggregation::PerAccount && of_account_records {
            self.per_account = false;
            Aggregation::Average
        } else {
            kind
        };
        let fits = metric.is_some_and(|m| {
            kind.fits(
                m,
                self.query.grain.is_some(),
                !self.query.filters.is_empty(),
            )
        });
        // "average health score": the metric is an average already.
        let already = metric.is_some_and(|m| {
            matches!(m.source, model::Source::Fact { aggregate, .. } if aggregate.starts_with("avg(") || aggregate.starts_with("CAST(avg("))
        });
        if kind == Aggregation::Average && already {
            return;
        }
        // ("the average won deal in Q3 vs Q2": each period's average, side by side.)
        let per_period = matches!(
            kind,
            Aggregation::Average
                | Aggregation::Median
                | Aggregation::Maximum
                | Aggregation::Minimum
                | Aggregation::PerAccount
        );
        if fits && !self.query.records && (self.query.compare.is_none() || per_period) {
            self.query.aggregation = Some(kind);
            // "average revenue": per invoice, per month or per customer? Records of a count are clear
            // ("the average open deal"); of a sum, it is an assumption.
            let of_a_sum = metric.is_some_and(|m| {
                matches!(m.source, model::Source::Fact { aggregate, .. } if aggregate != "count(*)")
            });
            // "the mean invoice value", "the average size of the deals we lost": per record, as said.
            let records_named = |singular: bool| {
                self.ws.iter().any(|w| {
                    RECORD_STEMS.contains(&stem(w).as_str()) && (!singular || !w.ends_with('s'))
                })
            };
            let value_of_each = self
                .ws
                .iter()
                .any(|w| matches!(w.as_str(), "size" | "value" | "amount"));
            let per_record = records_named(true) || (value_of_each && records_named(false));
            if kind == Aggregation::Average
                && of_a_sum
                && self.query.grain.is_none()
                && !per_record
                && !of_account_records
            {
                self.note(0.25, "took the average amount per record");
            }
            if kind == Aggregation::Median && of_a_sum && !already && !of_account_records {
                self.note(0.25, "took the median amount per record");
            }
            if matches!(kind, Aggregation::Maximum | Aggregation::Minimum)
                && of_a_sum
                && !already
                && self.query.grain.is_none()
                && !per_record
                && !of_account_records
            {
                self.note(0.25, "took the largest or smallest amount of one record");
            }
        } else {
            let mut asked = words.join("\", \"");
            if self.per_account {
                asked = if asked.is_empty() {
                    "per customer".into()
                } else {
                    format!("{asked}\", \"per customer")
                };
            }
            self.note(
                0.3,
                format!("\"{asked}\" asks for a computation this answer does not make"),
            );
        }
    }

    /// The words naming the whole a share is of: "what share **of our software spend** went to
    /// Snowflake", "**of what we spent on software**, what proportion was Snowflake".
    fn share_whole(&self) -> Option<std::ops::Range<usize>> {
        let s = self.share_word()?;
        // ("how much of the MRR comes from Enterprise (share)": the whole after "much of".)
        let of = if self.ws.get(s + 1).is_some_and(|w| w == "of") {
            Some(s + 1)
        } else {
            self.ws
                .windows(2)
                .position(|p| matches!(p[0].as_str(), "much" | "many") && p[1] == "of")
                .map(|k| k + 1)
        };
        if self.ws.first().is_some_and(|w| w == "of") && s > 0 {
            Some(0..s)
        } else if let Some(of) = of {
            let end = (of + 1..self.ws.len())
                .find(|&j| {
                    matches!(
                        self.ws[j].as_str(),
                        "went"
                            | "was"
                            | "were"
                            | "is"
                            | "are"
                            | "came"
                            | "comes"
                            | "goes"
                            | "go"
                            | "have"
                            | "has"
                            | "had"
                            | "did"
                            | "do"
                            | "does"
                            | "from"
                            | "that"
                            | "which"
                            | "who"
                            | "whose"
                            | "with"
                            | "held"
                            | "hold"
                            | "holds"
                            | "make"
                            | "made"
                            | "represent"
                            | "represented"
                            | "in"
                            | "on"
                    )
                })
                .unwrap_or(self.ws.len());
            Some(of + 1..end)
        } else {
            // "among high priority tickets that were resolved, what fraction ...".
            let among = self.ws[..s]
                .iter()
                .position(|w| matches!(w.as_str(), "among" | "amongst"))?;
            Some(among + 1..s)
        }
    }

    /// Where the word saying a share is ("share", "fraction", "percentage").
    fn share_word(&self) -> Option<usize> {
        self.ws.iter().position(|w| {
            matches!(
                w.as_str(),
                "share" | "fraction" | "proportion" | "percentage" | "percent" | "portion"
            )
        })
    }

    /// Where `words` (a value's name) are said, also with a slip in either spelling ("Fjord
    /// Consulting" for the data's "Fjord Conuslting"), or by the name's last word.
    fn said_at(&self, words: &[String]) -> Option<usize> {
        let near = |a: &str, b: &str| {
            a == b || {
                let max = crate::vocab::slips_allowed(a.chars().count().min(b.chars().count()));
                max > 0 && strsim::damerau_levenshtein(a, b) <= max
            }
        };
        let at = |words: &[String]| {
            (!words.is_empty() && words.len() <= self.ws.len())
                .then(|| {
                    (0..=self.ws.len() - words.len()).find(|&j| {
                        words
                            .iter()
                            .zip(&self.ws[j..])
                            .all(|(w, said)| near(w, said))
                    })
                })
                .flatten()
        };
        // ("Novak" for "Olga Novak", or "olga's" for her.)
        at(words).or_else(|| {
            (words.len() > 1)
                .then(|| at(&words[words.len() - 1..]).or_else(|| at(&words[..1])))
                .flatten()
        })
    }

    /// Whether word `i` goes on a list whose last item ended at `end`: right after it ("Starter,
    /// Growth", the comma gone) or after "and", "or", "nor".
    fn continues_a_list(&self, end: usize, i: usize) -> bool {
        end == i || (end + 1 == i && matches!(self.ws[end].as_str(), "and" | "or" | "nor"))
    }

    /// "how many ... and how many of them ...", "the ticket count and the number of breaches": two
    /// counts asked.
    fn asks_two_counts(&self) -> bool {
        let ws = &self.ws;
        // Where each count phrase ends.
        let ends: Vec<usize> = (0..ws.len())
            .filter_map(|i| {
                if ws[i] == "how" && ws.get(i + 1).is_some_and(|w| w == "many") {
                    Some(i + 2)
                } else if matches!(ws[i].as_str(), "count" | "number") {
                    Some(i + 1)
                } else {
                    None
                }
            })
            .collect();
        // ("which rep won the most deals, and how many": the one count again.)
        let last_names_something = ends.last().is_some_and(|&end| {
            ws.get(end)
                .is_some_and(|w| !matches!(w.as_str(), "was" | "is" | "that" | "it" | "in"))
        });
        ends.len() >= 2
            && last_names_something
            && ws
                .iter()
                .any(|w| matches!(w.as_str(), "and" | "plus" | "&"))
    }

    /// Whether the word at `quantifier` and the `noun_len` words after it say all but some: "every
    /// vendor except AWS", "all plans other than Starter".
    fn all_but(&self, quantifier: usize, noun_len: usize) -> bool {
        let after = quantifier + 1 + noun_len;
        // ("spend for each department, excluding spend with no department": records left out, not
        // a value.)
        let records_left_out = self.ws.get(after + 1).is_some_and(|w| {
            self.vocabulary
                .lookup(std::slice::from_ref(w))
                .is_some_and(|terms| terms.iter().any(|t| matches!(t, Term::Metric(_))))
        });
        matches!(
            self.ws[quantifier].as_str(),
            "every" | "all" | "each" | "any"
        ) && !records_left_out
            && self.ws.get(after).is_some_and(|w| {
                matches!(
                    w.as_str(),
                    "except" | "but" | "excluding" | "other" | "besides"
                )
            })
    }

    /// Whether the question asks for an amount before it asks for a count ("how big is the pipeline,
    /// and how many deals are in it").
    fn value_asked_first(&self) -> bool {
        let first = |words: &[&str]| {
            self.ws
                .iter()
                .position(|w| words.contains(&w.as_str()))
                .unwrap_or(usize::MAX)
        };
        first(&["amount", "value", "dollars", "sum", "much", "big", "large"])
            < first(&["count", "number", "many"])
    }

    /// "count + $", "number and total value", "how many ... and how much": a count and an amount asked
    /// together.
    fn asks_count_and_value(&self) -> bool {
        let ws = &self.ws;
        let count = ws.iter().any(|w| matches!(w.as_str(), "count" | "number"))
            || ws.windows(2).any(|p| p[0] == "how" && p[1] == "many");
        // ("with an amount over 10k" is a condition.)
        let value = ws.iter().enumerate().any(|(k, w)| {
            let unit = matches!(w.as_str(), "dollars" | "usd")
                && k > 0
                && amount(ws, k - 1).is_some();
            matches!(
                w.as_str(),
                "dollars" | "amount" | "amounts" | "value" | "sum" | "mrr" | "usd"
            ) && !unit
                && ws.get(k + 1).is_none_or(|next| {
                !matches!(
                    next.as_str(),
                    "over"
                        | "above"
                        | "under"
                        | "below"
                        | "greater"
                        | "less"
                        | "more"
                        | "than"
                        | "at"
                        | "between"
                        | "exceeding"
                        | "of"
                        | "is"
                        | "from"
                        | "within"
                )
            })
        }) || ws
            .windows(2)
            .any(|p| p[0] == "how" && matches!(p[1].as_str(), "much" | "big" | "large"))
            // ("how many ..., and what's their total")
            || ws.last().is_some_and(|w| w == "total");
        // ("pipeline closing in November: count, amount": the two side by side.)
        let listed = ws.windows(2).any(|p| {
            let count = |w: &str| matches!(w, "count" | "number");
            let value = |w: &str| matches!(w, "amount" | "value" | "dollars" | "sum");
            (count(&p[0]) && value(&p[1])) || (value(&p[0]) && count(&p[1]))
        });
        let joined = listed
            || ws
                .iter()
                .any(|w| matches!(w.as_str(), "and" | "plus" | "&"));
        count && value && joined
    }

    /// "what share of our 2025 software spend went to Snowflake", "Snowflake as a fraction of software
    /// costs", "of what we spent on software, what proportion was Snowflake": a value named inside the
    /// whole the share is of conditions the whole; the others pick the part.
    fn split_whole(&mut self) {
        if !matches!(
            self.query.aggregation,
            Some(Aggregation::Percentage | Aggregation::Share)
        ) || self.query.records
        {
            return;
        }
        let (Some(whole), Some(share)) = (self.share_whole(), self.share_word()) else {
            return;
        };
        // A value said inside the whole, or before the share when the whole follows it ("Fjord's
        // tickets: what share were urgent"; not "Snowflake as a share of software costs"), conditions
        // the whole. (A value said by the end of its name, "Enterprise" for "AutonomOS Enterprise",
        // is said there too.)
        let part_before =
            share > whole.start || self.ws[..share].iter().rev().take(2).any(|w| w == "as");
        // ("Olga's book - how much of the MRR comes from Enterprise (share)": a value said before the
        // question itself begins is its subject.)
        let asked_from = self
            .ws
            .iter()
            .position(|w| matches!(w.as_str(), "how" | "what" | "whats" | "which"));
        let of_the_whole = |values: &[String]| {
            values.iter().all(|v| {
                let at = self.said_at(&crate::vocab::words(v));
                at.is_some_and(|j| {
                    whole.contains(&j)
                        || (j < share && !part_before)
                        || asked_from.is_some_and(|q| j < q)
                })
            })
        };
        let (of_whole, part): (Vec<Filter>, Vec<Filter>) =
            self.query.filters.iter().cloned().partition(|f| {
                matches!(f, Filter::Values { values, negated: false, .. } if of_the_whole(values))
            });
        // (A record's age or time to resolve, added later, is a part too.)
        let part_later =
            self.age.is_some() || self.resolution_hours.is_some() || self.probability.is_some();
        if !of_whole.is_empty() && (!part.is_empty() || part_later) {
            self.query.whole = of_whole;
            self.query.filters = part;
        }
    }

    /// An event word ("deals closing this month", "tickets resolved last week") places the records in
    /// time by that event; with "how long" it asks for the time the records took to reach it ("how
    /// long does it take to close a deal").
    fn apply_events(&mut self) {
        let mut events = std::mem::take(&mut self.events);
        // "average days to close for deals created in 2025": the event of a metric's name that is not
        // what is asked places the records of the one that is.
        for (metric, word) in &self.phrase_events {
            if !self.query.metrics.iter().any(|m| m == metric) && !events.contains(word) {
                events.push(word.clone());
            }
        }
        // ("the number and amount of deals created in October": both of the same records.)
        let tables: Vec<Option<&str>> = self
            .query
            .metrics
            .iter()
            .map(|m| model::metric(m).and_then(model::Metric::table))
            .collect();
        let (Some(metric), true) = (
            self.query.metrics.first(),
            tables.windows(2).all(|t| t[0] == t[1]),
        ) else {
            return;
        };
        let Some(mut metric) = model::metric(metric) else {
            return;
        };
        let Some(table) = metric.table() else {
            return;
        };
        // "red accounts in September": accounts have no history but their creation; a period without
        // "new" or "created" is likely meant as of then.
        if table == "account"
            && events
                .iter()
                .all(|w| model::event_named(table, w).is_none())
            && !self.new_word
            && self.query.time.is_some()
            && self.query.grain.is_none()
        {
            self.note(
                0.3,
                "placed the accounts in time by when they were created (they keep no other history)",
            );
        }
        let named: Vec<&model::Event> = events
            .iter()
            .filter_map(|w| model::event_named(table, w))
            .collect();
        let mut event = named.first().copied();
        // "how long to resolve tickets": the duration the event ends. A duration asked already is placed
        // in time like any figure, by another event if one is named ("the median hours to resolve
        // tickets opened last quarter").
        if std::mem::take(&mut self.duration_word) {
            // "days from creation to closed-won": the one duration of the records' kind, when the end
            // is said as a state.
            let only_duration = || {
                let mut durations = model::EVENTS
                    .iter()
                    .filter(|e| e.table == table)
                    .filter_map(|e| e.duration);
                match (durations.next(), durations.next()) {
                    (Some(d), None) if !named.is_empty() => Some(d),
                    _ => None,
                }
            };
            let ends = named.iter().find_map(|e| e.duration).or_else(only_duration);
            // "days from creation to close": the ends of the duration, not when the records fall.
            let describes = |e: &model::Event| {
                self.ws.windows(2).any(|p| {
                    matches!(p[0].as_str(), "from" | "to") && e.words.contains(&p[1].as_str())
                })
            };
            // ("days from creation to close for deals won in 2025": won then, by the metric's own date.)
            let only_describes = |e: &model::Event| {
                self.ws.iter().enumerate().all(|(j, w)| {
                    !e.words.contains(&w.as_str())
                        || (j > 0 && matches!(self.ws[j - 1].as_str(), "from" | "to"))
                })
            };
            event = named.iter().rev().find(|e| !only_describes(e)).copied();
            if let Some(other) = named
                .iter()
                .rev()
                .find(|e| e.duration.is_none() && !describes(e))
            {
                event = Some(*other);
            } else if let Some(placing) = named.iter().rev().find(|e| !describes(e)) {
                // "days from creation to close for opportunities won during 2025": won then.
                event = Some(*placing);
            }
            let own_event = named.len() == 1;
            match ends.and_then(model::metric) {
                Some(duration) if duration.name != metric.name => {
                    self.query.metrics = vec![duration.name.to_string()];
                    self.query.records = false;
                    if own_event {
                        // "median hours to resolve tickets from Q3": resolved then, or opened then?
                        if self.query.time.is_some()
                            && let model::Source::Fact {
                                time: Some(own), ..
                            } = duration.source
                        {
                            self.note(
                                0.21,
                                format!(
                                    "placed the records in time by {}",
                                    own.trim_start_matches("f.")
                                ),
                            );
                        }
                        return;
                    }
                    metric = duration;
                }
                Some(_) => {}
                None if metric.unit == model::Unit::Days || metric.unit == model::Unit::Hours => {}
                None => {
                    self.note(
                        0.3,
                        "\"how long\" asks for a duration this answer does not give",
                    );
                    return;
                }
            }
        }
        let own = match metric.source {
            model::Source::Fact { time, .. } => time,
            model::Source::View { .. } | model::Source::Monthly { .. } => None,
        };
        let timed = self.query.time.is_some() || self.query.grain.is_some();
        // "the oldest open deals by creation date": records ranked by the event named, and shown with it.
        if self.query.records
            && self.query.by_time
            && let Some(e) = named.first()
            && own.is_some_and(|own| own != e.expr)
        {
            self.query.event = Some(e.column.to_string());
        }
        // "resolution time in Q3": of the tickets resolved then, or opened then? Placed by the event
        // the duration ends with, never confidently.
        if named.iter().all(|e| e.duration.is_some())
            && timed
            && matches!(metric.unit, model::Unit::Days | model::Unit::Hours)
            && let Some(own) = own
        {
            self.note(
                0.21,
                format!(
                    "placed the records in time by {}",
                    own.trim_start_matches("f.")
                ),
            );
        }
        // "paid invoices in 2025": placed by their own date; by when they were paid is another reading.
        for w in std::mem::take(&mut self.state_events) {
            if let Some(e) = model::event_named(table, &w)
                && timed
                && own.is_some_and(|own| own != e.expr)
            {
                self.note(
                    0.21,
                    format!(
                        "placed the {w} records in time by {}, not by when they were {w}",
                        own.unwrap_or_default().trim_start_matches("f.")
                    ),
                );
            }
        }
        // "paid EUR invoices issued this year": the records' own event, said, places them; so does a
        // period said of the records themselves ("the 2025 invoices that have been paid").
        // ("this year's invoices that are paid": of this year's invoices, the paid ones.)
        let period_of_records = self.ws.windows(2).any(|p| {
            (time::year_number(&p[0]).is_some()
                || matches!(p[0].as_str(), "q1" | "q2" | "q3" | "q4"))
                && RECORD_STEMS.contains(&stem(&p[1]).as_str())
        }) || self.ws.windows(3).any(|p| {
            matches!(
                p[0].as_str(),
                "this" | "last" | "current" | "previous" | "prior"
            ) && matches!(
                p[1].as_str(),
                "year" | "quarter" | "month" | "week" | "years" | "quarters" | "months" | "weeks"
            ) && RECORD_STEMS.contains(&stem(&p[2]).as_str())
        });
        // ("deals created in 2025 that ended up won": the event said with the period places them,
        // though the metric's own is named too.)
        let with_the_period = |e: &model::Event| {
            self.ws.iter().enumerate().any(|(k, w)| {
                e.words.contains(&w.as_str())
                    && (self.ws.get(k + 1).is_some_and(|n| {
                        matches!(
                            n.as_str(),
                            "in" | "during" | "since" | "between" | "last" | "this"
                        )
                    }) || (k > 0 && time::year_number(&self.ws[k - 1]).is_some()))
            })
        };
        let placing = named
            .iter()
            .find(|e| Some(e.expr) != own && with_the_period(e))
            .copied();
        if placing.is_some()
            && named
                .iter()
                .any(|e| Some(e.expr) == own && !with_the_period(e))
        {
            event = placing;
        } else if named.iter().any(|e| Some(e.expr) == own) || period_of_records {
            return;
        }
        let Some(event) = event else {
            return;
        };
        if !timed {
            return;
        }
        match (own, event.flow) {
            // "subscriptions started this year": the records the event happened to in the period.
            (None, Some(flow))
                if metric.name != flow
                    && matches!(
                        metric.source,
                        model::Source::Fact {
                            aggregate: "count(*)",
                            ..
                        }
                    ) =>
            {
                // ("live subscriptions started in October": those still live.)
                if metric.name == "subscriptions"
                    && self
                        .ws
                        .iter()
                        .any(|w| matches!(w.as_str(), "live" | "active"))
                {
                    self.query.filters.push(Filter::Values {
                        dimension: "status".to_string(),
                        values: vec!["active".to_string(), "past_due".to_string()],
                        negated: false,
                    });
                }
                self.query.metrics = vec![flow.to_string()];
            }
            (Some(own), _) if own != event.expr => {
                let said = self
                    .ws
                    .iter()
                    .position(|w| event.words.contains(&w.as_str()));
                // ("last year's invoices that were paid", "invoices from this year that are paid": a
                // state of the records of that period.)
                // ("invoices that were paid last month": paid then.)
                let period_after = |at: usize| {
                    self.ws[at + 1..].iter().any(|w| {
                        time::year_number(w).is_some()
                            || time::month_number(w).is_some()
                            || matches!(
                                w.as_str(),
                                "last"
                                    | "this"
                                    | "in"
                                    | "during"
                                    | "since"
                                    | "between"
                                    | "on"
                                    | "yesterday"
                                    | "today"
                                    | "ytd"
                                    | "q1"
                                    | "q2"
                                    | "q3"
                                    | "q4"
                            )
                    })
                };
                if let Some(at) = said.filter(|&at| {
                    at > 0
                        && matches!(
                            self.ws[at - 1].as_str(),
                            "were" | "are" | "is" | "was" | "been" | "be"
                        )
                        && !period_after(at)
                }) {
                    let word = self.ws[at].clone();
                    self.note(
                        0.21,
                        format!(
                            "placed the {word} records in time by {}, not by when they were {word}",
                            own.trim_start_matches("f.")
                        ),
                    );
                    return;
                }
                self.query.event = Some(event.column.to_string());
                // ("paid Stripe invoices in Q3": paid then, or issued then and paid since? "invoices
                // paid in Q3" says the first.)
                let noun = self
                    .ws
                    .iter()
                    .position(|w| RECORD_STEMS.contains(&stem(w).as_str()));
                if let (Some(said), Some(noun)) = (said, noun)
                    && said < noun
                {
                    let word = self.ws[said].clone();
                    self.note(
                        0.21,
                        format!(
                            "placed the {word} records in time by when they were {word}, not by {}",
                            own.trim_start_matches("f.")
                        ),
                    );
                }
            }
            _ => {}
        }
    }

    /// "How many" asks for the count of records, "how much" or "the value of" for their value: a metric
    /// with a sibling over the same records ([`model::COUNT_AND_VALUE`]) is swapped for the one asked.
    fn apply_count_or_value(&mut self) {
        // "the count and value of uncollectible invoices", "how many ... and how much": both, in the
        // order asked.
        // ("open invoice count + total balance": a count said after the records' noun, read with it.)
        let count_said = self.count_word
            || self.ws.windows(2).any(|p| {
                matches!(p[1].as_str(), "count" | "number")
                    && RECORD_STEMS.contains(&stem(&p[0]).as_str())
            });
        if self.value_word && count_said && self.ws.iter().any(|w| w == "and" || w == "plus") {
            if let [m] = self.query.metrics.as_slice()
                && let Some((count, value)) = model::COUNT_AND_VALUE
                    .iter()
                    .find(|(count, value)| m == count || m == value)
            {
                let at = |words: &[&str]| self.ws.iter().position(|w| words.contains(&w.as_str()));
                let value_first = at(VALUE_WORDS) < at(COUNT_WORDS);
                self.query.metrics = if value_first {
                    vec![value.to_string(), count.to_string()]
                } else {
                    vec![count.to_string(), value.to_string()]
                };
            }
            return;
        }
        // "total paid invoices for Delta-Energy": the total of records that carry an amount is read as
        // their amount, though some count them.
        let total = self.ws.iter().enumerate().any(|(k, w)| {
            w == "total"
                && self
                    .ws
                    .get(k + 1)
                    .is_none_or(|n| !matches!(n.as_str(), "number" | "count" | "amount" | "value"))
        });
        if total && !self.value_word && !self.count_word {
            if let [m] = self.query.metrics.as_mut_slice()
                && let Some((_, value)) =
                    model::COUNT_AND_VALUE.iter().find(|(count, _)| m == count)
            {
                *m = value.to_string();
                self.assume("read \"total\" as the amount of the records, not their number");
            }
            return;
        }
        // ("how many accounts have a health score below 50": the accounts whose figure passes, counted.)
        let figure_compared = self.query.filters.iter().any(|f| {
            matches!(
                f,
                Filter::Number {
                    field: NumberField::Measure,
                    ..
                }
            )
        });
        if self.value_word == self.count_word || figure_compared {
            return;
        }
        // ("SLA breach count", "number of SLA breaches": the records, not their rate.)
        let rate_asked = self.rate_word
            || self.ws.iter().any(|w| {
                matches!(
                    w.as_str(),
                    "rate" | "rates" | "percent" | "percentage" | "share" | "ratio" | "often"
                )
            });
        for m in &mut self.query.metrics {
            if let Some((_, count)) = model::RATE_AND_COUNT.iter().find(|(rate, _)| m == rate)
                && self.count_word
                && !rate_asked
            {
                *m = count.to_string();
            }
        }
        for m in &mut self.query.metrics {
            let swap = model::COUNT_AND_VALUE.iter().find_map(|(count, value)| {
                if self.value_word && m == count {
                    Some(*value)
                } else if self.count_word && m == value {
                    Some(*count)
                } else {
                    None
                }
            });
            if let Some(swap) = swap {
                *m = swap.to_string();
            }
        }
        // "how much did churned customers pay us": an amount asked and only a count to give.
        let counts_only = self
            .query
            .metrics
            .first()
            .and_then(|m| model::metric(m))
            .is_some_and(|m| {
                // ("how much storage": a sum of quantities, not a count of records.)
                m.unit == model::Unit::Count
                    && matches!(
                        m.source,
                        model::Source::Fact { aggregate, .. } if aggregate.starts_with("count(")
                    )
            });
        // ("API call totals": the totals of a count are counts.)
        let amount_word = self
            .ws
            .iter()
            .any(|w| w != "totals" && VALUE_WORDS.contains(&w.as_str()));
        if self.value_word
            && amount_word
            && !self.count_word
            && counts_only
            && self.query.distinct.is_none()
        {
            self.note(0.3, "an amount was asked; the answer is a count");
        }
    }

    fn add_dimension(&mut self, d: &'static str) {
        if !self.query.dimensions.iter().any(|x| x == d) {
            self.query.dimensions.push(d.to_string());
        }
    }

    /// "top 5", "bottom 3", "largest", "most", ...: order and limit, and a dimension to rank.
    fn ranking_at(&mut self, i: usize) -> Option<usize> {
        // "sorted by value high to low", "in descending order": the rows' order.
        let sorted = [
            (
                &[
                    "high to low",
                    "highest to lowest",
                    "largest to smallest",
                    "biggest to smallest",
                    "descending",
                    "desc",
                ][..],
                Order::Desc,
            ),
            (
                &[
                    "low to high",
                    "lowest to highest",
                    "smallest to largest",
                    "ascending",
                    "asc",
                ][..],
                Order::Asc,
            ),
        ];
        for (phrases, order) in sorted {
            if let Some(n) = self.phrase_matches(i, phrases) {
                self.query.order = Some(order);
                self.ordered = true;
                return Some(n);
            }
        }
        // "open deals sorted by close date": records ranked by when they happen, earliest first
        // unless said otherwise.
        if matches!(
            self.ws[i].as_str(),
            "sorted" | "sort" | "ordered" | "order" | "sorting" | "ordering"
        ) && self.ws.get(i + 1).is_some_and(|w| w == "by")
            && self.ws.get(i + 2).is_some_and(|w| model::names_an_event(w))
        {
            let mut len = 3;
            if self
                .ws
                .get(i + len)
                .is_some_and(|w| w == "date" || w == "dates")
            {
                len += 1;
            }
            let (order, said) = match self.ws.get(i + len).map(String::as_str) {
                Some("desc" | "descending") => (Order::Desc, 1),
                Some("asc" | "ascending") => (Order::Asc, 1),
                _ => (Order::Asc, 0),
            };
            self.query.order = Some(order);
            self.by_time = Some(self.ws[i..i + len].join(" "));
            self.events.push(self.ws[i + 2].clone());
            self.ranking = true;
            return Some(len + said);
        }
        let w = self.ws[i].as_str();
        // "the oldest open tickets", "the most recent invoices": records ranked by when they happened,
        // when records are named right after ("the latest MRR" is the figure now).
        let recent = w == "most"
            && self
                .ws
                .get(i + 1)
                .is_some_and(|n| n == "recent" || n == "recently");
        // ("our very first customer", "the first subscription": the one that began first.)
        // (Not "the first customer to churn": the first to do something else.)
        let first_of_accounts = w == "first"
            && self.ws.get(i + 2).is_none_or(|n| n != "to")
            && self.ws.get(i + 1).is_some_and(|n| {
                let stem = stem(n);
                ACCOUNT_STEMS.contains(&stem.as_str())
                    || matches!(stem.as_str(), "subscrib" | "subscript")
            });
        let time_order = match w {
            "oldest" | "earliest" | "soonest" => Some(Order::Asc),
            _ if first_of_accounts => Some(Order::Asc),
            "newest" | "latest" => Some(Order::Desc),
            _ if recent => Some(Order::Desc),
            _ => None,
        };
        if let Some(order) = time_order {
            let len = 1 + usize::from(recent);
            let a_record = |w: &String| {
                let stem = stem(w);
                RECORD_STEMS.contains(&stem.as_str())
                    || ACCOUNT_STEMS.contains(&stem.as_str())
                    || stem == "subscrib"
            };
            // ("which deals were created earliest", "which deal did we win most recently", "with
            // their close dates, earliest first").
            let dated = usize::from(i > 1 && matches!(self.ws[i - 1].as_str(), "date" | "dates"));
            let after_its_event = i > dated
                && model::names_an_event(&self.ws[i - 1 - dated])
                && self.ws[..i].iter().any(a_record);
            let names_records = self.ws[i + len..].iter().take(3).any(a_record)
                || after_its_event
                || first_of_accounts;
            if !names_records {
                return None;
            }
            self.query.order = Some(order);
            self.by_time = Some(self.ws[i..i + len].join(" "));
            self.ranking = true;
            // ("earliest first", "soonest closing first".)
            let event = usize::from(
                self.ws
                    .get(i + len)
                    .is_some_and(|w| model::names_an_event(w)),
            );
            let first = self.ws.get(i + len + event).is_some_and(|w| w == "first");
            return Some(len + if first { event + 1 } else { 0 });
        }
        let order = match w {
            "top" | "best" | "largest" | "biggest" | "highest" | "most" | "leading"
            | "greatest" | "heaviest" | "longest" | "slowest" | "costliest" | "priciest" => {
                Order::Desc
            }
            "bottom" | "worst" | "smallest" | "lowest" | "least" | "fewest" | "lightest"
            | "shortest" | "quickest" | "fastest" | "cheapest" => Order::Asc,
            _ => return None,
        };
        // "the industries where we close deals fastest": ranked by the time it takes.
        if matches!(w, "fastest" | "quickest" | "slowest") {
            self.duration_word = true;
        }
        // "bookings by rep, highest first": an order for the rows, not a ranking to cut.
        if self.ws.get(i + 1).is_some_and(|n| n == "first") {
            self.query.order = Some(order);
            self.ordered = true;
            return Some(2);
        }
        // "biggest deal first": the same, the records named between.
        if self.ws.get(i + 2).is_some_and(|n| n == "first")
            && self.ws.get(i + 1).is_some_and(|n| {
                let s = stem(n);
                RECORD_STEMS.contains(&s.as_str()) || ACCOUNT_STEMS.contains(&s.as_str())
            })
        {
            self.ws.remove(i + 2);
            self.query.order = Some(order);
            self.ordered = true;
            return Some(1);
        }
        self.query.order = Some(order);
        self.ranking = true;
        self.expect_dimension = true;
        if let Some(n) = self.ws.get(i + 1).and_then(|w| small_number(w)) {
            self.query.limit = Some(n);
            return Some(2);
        }
        Some(1)
    }

    /// "no due date" at `i` (also "without a", "missing the", "blank"): the records of the metric
    /// asked (or named, "invoices with no due date") have no date for that event; with `dated`, "a due
    /// date": they have one. The words taken, if so.
    fn event_date_at(&mut self, i: usize, dated: bool) -> Option<usize> {
        let mut k = i + 1;
        if self
            .ws
            .get(k)
            .is_some_and(|w| matches!(w.as_str(), "a" | "an" | "the" | "any"))
        {
            k += 1;
        }
        // ("a paid-at timestamp": the column's name said.)
        let named = self.event_column_words(k + 1);
        if named == 0 {
            return None;
        }
        let k = k + named - 1;
        // ("with a due date no later than Nov 7", "a creation date before May": a time, not a date
        // had at all.)
        let said_alone = match self.ws.get(k + 2).map(String::as_str) {
            None | Some("set" | "filled" | "recorded" | "and" | "but" | "only" | "attached") => {
                true
            }
            Some("on") => self
                .ws
                .get(k + 3)
                .is_some_and(|w| matches!(w.as_str(), "them" | "it" | "file" | "record")),
            Some(_) => false,
        };
        if dated && !said_alone {
            return None;
        }
        let event = self.event_said(k + 1 - named)?.column.to_string();
        self.query.filters.push(if dated {
            Filter::Dated { event }
        } else {
            Filter::Undated { event }
        });
        Some(k + 2 - i)
    }

    /// "date", "at", "at timestamp", "timestamp" at `k`, after an event's word ("due date",
    /// "paid_at"): how many words name the column.
    fn event_column_words(&self, k: usize) -> usize {
        let word = |k: usize| self.ws.get(k).map_or("", String::as_str);
        match (word(k), word(k + 1)) {
            ("at", "timestamp" | "date" | "time") => 2,
            ("date" | "at" | "timestamp", _) => 1,
            _ => 0,
        }
    }

    /// The event whose word is at `i`, on the records of the metric asked or named.
    fn event_said(&self, i: usize) -> Option<&'static model::Event> {
        let word = self.ws.get(i)?;
        self.query
            .metrics
            .iter()
            .map(String::as_str)
            .chain(self.population)
            .find_map(|m| model::event_named(model::metric(m)?.table()?, word))
    }

    /// "due_at null", "paid at is not null", "the due date is empty" at `i`: the records asked have
    /// no date for that event, or have one. The words taken, if so.
    fn event_null_at(&mut self, i: usize) -> Option<usize> {
        let named = self.event_column_words(i + 1);
        if named == 0 {
            return None;
        }
        let (k, not) = self.after_field_words(i + 1 + named);
        if !self
            .ws
            .get(k)
            .is_some_and(|w| MISSING_WORDS.contains(&w.as_str()))
        {
            return None;
        }
        let event = self.event_said(i)?.column.to_string();
        self.query.filters.push(if not {
            Filter::Dated { event }
        } else {
            Filter::Undated { event }
        });
        Some(k + 1 - i)
    }

    /// "over 50k", "more than 1,000 employees", "under $10k", "between 50k and 100k".
    fn number_filter_at(&mut self, i: usize) -> Option<usize> {
        let w = self.ws[i].as_str();
        if w == "between"
            && let Some((low, n)) = amount(&self.ws, i + 1)
            && self.ws.get(i + 1 + n).is_some_and(|w| w == "and")
            && let Some((high, m)) = amount(&self.ws, i + 2 + n)
        {
            // "between 1,000 and 5,000 employees", "employees between 1k and 5k".
            let people = |w: Option<&String>| {
                w.is_some_and(|w| {
                    matches!(w.as_str(), "employees" | "people" | "staff" | "headcount")
                })
            };
            let after = people(self.ws.get(i + 2 + n + m));
            let field = if after || (i > 0 && people(self.ws.get(i - 1))) {
                NumberField::Employees
            } else {
                NumberField::Amount
            };
            self.query.filters.push(Filter::Number {
                field,
                op: Comparison::AtLeast,
                value: low.min(high),
            });
            self.query.filters.push(Filter::Number {
                field,
                op: Comparison::AtMost,
                value: low.max(high),
            });
            return Some(2 + n + m + usize::from(after));
        }
        let next = self.ws.get(i + 1).map(String::as_str).unwrap_or("");
        let (op, n) = match (w, next) {
            (
                "over" | "above" | "exceeding" | "exceed" | "exceeds" | "exceeded" | "beyond"
                | "topped" | "tops" | "surpassed",
                _,
            ) => (Comparison::Greater, 1),
            ("more" | "greater" | "bigger" | "larger" | "higher", "than") => {
                (Comparison::Greater, 2)
            }
            ("at", "least") => (Comparison::AtLeast, 2),
            ("under" | "below", _) => (Comparison::Less, 1),
            ("less" | "fewer" | "smaller" | "lower", "than") => (Comparison::Less, 2),
            ("at", "most") => (Comparison::AtMost, 2),
            // "min 40 closed opps", "max 10 tickets".
            ("min" | "minimum", _) if amount(&self.ws, i + 1).is_some() => (Comparison::AtLeast, 1),
            ("max" | "maximum", _) if amount(&self.ws, i + 1).is_some() => (Comparison::AtMost, 1),
            _ => return None,
        };
        let (value, len) = amount(&self.ws, i + n)?;
        // "did 2025 bookings exceed 2025 revenue": a year before a figure, not an amount.
        let metric_next = self.ws.get(i + n + len).is_some_and(|w| {
            self.vocabulary
                .lookup(std::slice::from_ref(w))
                .or_else(|| self.vocabulary.lookup_stem(w))
                .is_some_and(|terms| terms.iter().any(|t| matches!(t, Term::Metric(_))))
        });
        if len == 1
            && self.ws[i + n].len() == 4
            && (2000.0..=2035.0).contains(&value)
            && metric_next
        {
            return None;
        }
        // "over 90 days", "more than 48 hours": a length of time (an age is read before), no amount
        // ("over $150k year to date" is one).
        if value < 1000.0
            && self.ws.get(i + n + len).is_some_and(|w| {
                matches!(
                    w.as_str(),
                    "day"
                        | "days"
                        | "hour"
                        | "hours"
                        | "hr"
                        | "hrs"
                        | "week"
                        | "weeks"
                        | "wk"
                        | "wks"
                        | "month"
                        | "months"
                        | "year"
                        | "years"
                        | "minute"
                        | "minutes"
                        | "mins"
                )
            })
        {
            return None;
        }
        // "excluding deals under $5,000", "ignoring anything < 5k": the records kept are the others.
        let denied = self.negate && self.negated_at.is_some_and(|at| at < i && i <= at + 3);
        let op = match (denied, op) {
            (false, op) => op,
            (true, Comparison::Greater) => Comparison::AtMost,
            (true, Comparison::AtLeast) => Comparison::Less,
            (true, Comparison::Less) => Comparison::AtLeast,
            (true, Comparison::AtMost) => Comparison::Greater,
        };
        if denied {
            self.negate = false;
        }
        let mut taken = n + len;
        // "more than 20 tickets", "over 5 open deals": a count of records, compared per row of a
        // breakdown; the records' noun names the metric.
        let counted = (1..=3).rev().find_map(|k| {
            let ws = self.ws.get(i + taken..i + taken + k)?;
            let terms = self.vocabulary.lookup(ws).or_else(|| match ws {
                [w] => self.vocabulary.lookup_stem(w),
                _ => None,
            })?;
            terms.iter().find_map(|t| match t {
                Term::Metric(m)
                    if model::metric(m).is_some_and(|m| {
                        matches!(m.source, model::Source::Fact { aggregate, .. } if aggregate == "count(*)")
                    }) =>
                {
                    Some((k, *m))
                }
                _ => None,
            })
        });
        let field = if self
            .ws
            .get(i + taken)
            .is_some_and(|w| matches!(w.as_str(), "employees" | "employee" | "people" | "staff"))
        {
            taken += 1;
            NumberField::Employees
        } else if i > 0 && matches!(self.ws[i - 1].as_str(), "employees" | "headcount" | "staff") {
            // "employees > 5000", "headcount over 1k".
            NumberField::Employees
        } else if let Some((k, metric)) = counted.filter(|_| value.fract() == 0.0) {
            taken += k;
            if !self.query.metrics.iter().any(|m| m == metric) {
                self.query.metrics.insert(0, metric.to_string());
            }
            NumberField::Measure
        } else if let Some(k) = self.records_named_at(i + taken).filter(|_| {
            value.fract() == 0.0 && (!self.query.dimensions.is_empty() || self.expect_dimension)
        }) {
            // "win rate by rep, only reps with at least 40 closed deals": each row's records counted.
            taken += k;
            NumberField::Records
        } else if self.totals_around(i, taken) {
            if self.query.dimensions.is_empty() {
                // ("non-cloud vendors w/ 2025 spend > 50k": the vendors may be named before.)
                self.total_threshold = true;
                NumberField::Amount
            } else {
                // "which vendors did we spend more than $50k with": each vendor's total compared,
                // not each record's amount.
                NumberField::Measure
            }
        } else {
            NumberField::Amount
        };
        self.query.filters.push(Filter::Number { field, op, value });
        Some(taken)
    }

    /// Whether the number at word `i` (`taken` words long) is said of a total: after a word of money
    /// summed ("spend over 50k", "which vendors did we pay at least $100k", "sum >= 100000"), the
    /// comparison between them, or right before one ("vendors with 100k+ spend").
    fn totals_around(&self, i: usize, taken: usize) -> bool {
        const TOTALS: &[&str] = &[
            "spend",
            "spent",
            "spending",
            "totaling",
            "totalling",
            "total",
            "totals",
            "billed",
            "booked",
            "bookings",
            "revenue",
            "mrr",
            "arr",
            "pay",
            "paid",
            "pays",
            "sum",
        ];
        const BETWEEN: &[&str] = &[
            "at",
            "least",
            "most",
            "more",
            "less",
            "than",
            "over",
            "above",
            "under",
            "below",
            "exceeding",
            "of",
            "us",
            "a",
            "greater",
            "fewer",
        ];
        let before = self.ws[..i]
            .iter()
            .rev()
            .find(|w| !BETWEEN.contains(&w.as_str()));
        // ("vendors with 100k+ spend", "customers with more than 50k in MRR".)
        let after = match self.ws.get(i + taken).map(String::as_str) {
            Some("in" | "of") if !self.count_word => self.ws.get(i + taken + 1),
            _ => self.ws.get(i + taken),
        };
        before.is_some_and(|w| TOTALS.contains(&w.as_str()))
            || after.is_some_and(|w| {
                matches!(w.as_str(), "spend" | "revenue" | "bookings" | "mrr" | "arr")
            })
    }

    /// "deals", "closed deals", "won opportunities": the words of records (a state, then their noun)
    /// at word `i`, how many.
    fn records_named_at(&self, i: usize) -> Option<usize> {
        (0..=2).find_map(|states| {
            let noun = self.ws.get(i + states)?;
            let all_states = self.ws[i..i + states].iter().all(|w| names_a_state(w));
            (all_states && RECORD_STEMS.contains(&stem(noun).as_str())).then_some(states + 1)
        })
    }

    /// Whether a period read ends right before word `i` ("May", "Jan 1", "Oct 1 2025").
    fn period_ends_at(&self, i: usize) -> bool {
        (1..=3).any(|k| i >= k && self.time_at(i - k).is_some_and(|(n, _)| i - k + n == i))
    }

    /// "the 3 accounts with the lowest score": a number read as nothing else before a ranking is how
    /// many rows it keeps. Whether it was.
    fn loose_number_ranks(&mut self) -> bool {
        if self.query.order.is_some()
            && self.query.limit.is_none()
            && let Some(n) = self.loose_number.take()
        {
            self.query.limit = Some(n);
            return true;
        }
        false
    }

    fn apply_time(&mut self, hit: TimeHit) {
        match hit {
            TimeHit::Period {
                period,
                unit,
                assumption,
            } => {
                // "at the start of Q2": its first day.
                let period = match std::mem::take(&mut self.at_start) {
                    true => match period.start.succ_opt() {
                        Some(next) => Period::new(
                            period.start,
                            next,
                            format!("the start of {}", period.label),
                        ),
                        None => period,
                    },
                    false => period,
                };
                // "Q3 2026 against the same quarter of 2025": Q3 2025.
                let period = match self.same_part_next.take() {
                    Some(_) => self
                        .query
                        .time
                        .as_ref()
                        .and_then(|current| current.same_part_in(&period, self.today))
                        .unwrap_or(period),
                    None => period,
                };
                // "2025 revenue, Q1 through Q4", "for each quarter of 2025, Q1 to Q4": a period whose
                // year was not said is in the year already named.
                let (period, assumption) = match (self.year_named, assumption) {
                    (Some(year), Some(_)) if !self.compare_next && period.start.year() != year => {
                        (period.in_year(year), None)
                    }
                    (_, assumption) => (period, assumption),
                };
                if let Some(a) = assumption {
                    self.note(0.05, a);
                }
                if self.compare_next {
                    self.compare_next = false;
                    self.compare_last = true;
                    // "Q3 spend, 2026 vs 2025": the same part of the year compared, not the whole year.
                    let period = self
                        .query
                        .time
                        .as_ref()
                        .and_then(|current| current.same_part_in(&period, self.today))
                        .unwrap_or(period);
                    self.query.compare = Some(period);
                    self.compare_unit = unit;
                } else if self.range_next
                    && self.compare_last
                    && let Some(compared) = self.query.compare.clone()
                {
                    // "compared with Jan through Jun 2025": the range is the compared period.
                    self.range_next = false;
                    self.query.compare = Some(spanning(&range_start(compared, &period), &period));
                } else if let Some(current) = self.query.time.clone() {
                    // ("how has MRR moved month by month from April through October": a trend.)
                    let over_time = self.query.grain.is_some()
                        || self.ws.iter().any(|w| {
                            matches!(
                                w.as_str(),
                                "monthly"
                                    | "weekly"
                                    | "quarterly"
                                    | "trend"
                                    | "trended"
                                    | "trending"
                            )
                        });
                    let change =
                        !over_time && self.ws.iter().any(|w| CHANGE_WORDS.contains(&w.as_str()));
                    if self.range_next && change && !std::mem::take(&mut self.range_through) {
                        // "how did bookings change from Q2 to Q3": the later against the earlier.
                        self.range_next = false;
                        let (earlier, later) = if period.start < current.start {
                            (period, current)
                        } else {
                            (current, period)
                        };
                        self.query.time = Some(later);
                        self.query.compare = Some(earlier);
                    } else if self.range_next {
                        // "from Q1 to Q3", "between January and March"
                        self.range_next = false;
                        self.range_through = false;
                        // "January through March 2027": the start takes the year said at the end.
                        let assumed = format!("assumed {}", current.label);
                        let current = match self.notes.iter().position(|n| n.reason == assumed) {
                            Some(at) if period.start.year() > current.start.year() => {
                                let years =
                                    u32::try_from(period.start.year() - current.start.year())
                                        .unwrap_or(0);
                                match current
                                    .start
                                    .checked_add_months(chrono::Months::new(12 * years))
                                {
                                    Some(start) if start <= period.start => {
                                        self.notes.remove(at);
                                        let end = current
                                            .end
                                            .checked_add_months(chrono::Months::new(12 * years))
                                            .unwrap_or(current.end);
                                        Period::new(start, end, current.label.clone())
                                    }
                                    _ => current,
                                }
                            }
                            _ => current,
                        };
                        // ("in 2026 (thru Oct 31)": up to the end named.)
                        let start = range_start(current, &period);
                        self.query.time = Some(if start.start < period.end {
                            Period::new(
                                start.start,
                                period.end,
                                format!("{} to {}", start.label, period.label),
                            )
                        } else {
                            spanning(&start, &period)
                        });
                    } else if period.start == current.end
                        && self.joined_again
                        && self.query.compare.is_none()
                        && ((current.end - current.start) - (period.end - period.start))
                            .num_days()
                            .abs()
                            <= 3
                    {
                        // "new logos in Q2 and in Q3": each one's figure, side by side.
                        self.query.compare = Some(period);
                        self.compare_last = true;
                    } else if period.start == current.end {
                        // "July, August and September 2026": one period, month after month. (Some
                        // want each one's figure: never confidently, unless a total is asked.)
                        let total = self.query.grain.is_some()
                            || self.ws.iter().any(|w| {
                                matches!(
                                    w.as_str(),
                                    "sum"
                                        | "total"
                                        | "totals"
                                        | "combined"
                                        | "together"
                                        | "altogether"
                                        | "across"
                                        | "overall"
                                        | "cumulative"
                                        | "cumulatively"
                                        | "between"
                                        | "from"
                                        | "all"
                                        | "entire"
                                        | "whole"
                                        | "monthly"
                                        | "weekly"
                                        | "trend"
                                )
                            });
                        if self.joined_period && !total {
                            self.note(
                                0.21,
                                format!(
                                    "added {} and {} together (\"each\" or \"vs\" gives each one's)",
                                    current.label, period.label
                                ),
                            );
                        }
                        self.query.time = Some(spanning(&current, &period));
                    } else if (period.start == current.start && period.end == current.end)
                        || (period.is_calendar_year()
                            && period.start <= current.start
                            && current.end <= period.end)
                    {
                        // "next month (November 2026)": the same period said twice; "Q3, 2026": the
                        // year of the period already read.
                    } else if current.is_calendar_year()
                        && current.start <= period.start
                        && period.end <= current.end
                    {
                        // "2025 revenue in March": March of that year.
                        self.query.time = Some(period);
                    } else if self.joined_period
                        && self.query.compare.is_none()
                        && let Some(part) = current.same_part_in(&period, self.today)
                    {
                        // "won deals in Q3, this year and last year": Q3 of each.
                        self.query.compare = Some(part);
                        self.compare_last = true;
                    } else if self.joined_period
                        && self.query.compare.is_none()
                        && ((current.end - current.start) - (period.end - period.start))
                            .num_days()
                            .abs()
                            <= 3
                        && (period.end <= current.start || current.end <= period.start)
                    {
                        // "revenue in Q3 2026 and in Q3 2025": each one's figure, side by side.
                        self.query.compare = Some(period);
                        self.compare_last = true;
                    } else if let Some(at) = self
                        .notes
                        .iter()
                        .position(|n| n.reason == format!("assumed {}", current.label))
                        && let Some(part) = current.same_part_in(&period, self.today)
                    {
                        // "q3 rev: 2025 vs 2026": the part said first is of the year said after it.
                        self.notes.remove(at);
                        self.year_named = Some(period.start.year());
                        self.query.time = Some(part);
                    } else {
                        if self.second_period.is_none()
                            && (period.end <= current.start || current.end <= period.start)
                        {
                            self.second_period = Some(period.clone());
                        }
                        self.note(
                            0.3,
                            format!(
                                "two periods named: used {}, not {}",
                                current.label, period.label
                            ),
                        );
                    }
                } else {
                    if period.is_calendar_year() {
                        self.year_named = Some(period.start.year());
                    }
                    self.query.time = Some(period);
                    self.time_unit = unit;
                }
            }
            TimeHit::Grain { grain, assumption } => {
                // "at the start of each month": each month's first day, not the next period's.
                self.at_start = false;
                // (An empty assumption: a trend asked by the unit said, nothing assumed.)
                let explicit = assumption.as_deref().is_none_or(str::is_empty);
                if let Some(a) = assumption {
                    self.trend_words = true;
                    if !a.is_empty() {
                        self.note(0.05, a);
                    }
                }
                match self.query.grain {
                    None => self.query.grain = Some(grain),
                    // ("the average daily users, month by month": two units said, one breakdown.)
                    Some(first) if first != grain && explicit => self.note(
                        0.3,
                        format!(
                            "two units of time named: by {}, not by {}",
                            first.name(),
                            grain.name()
                        ),
                    ),
                    Some(_) => {}
                }
            }
            TimeHit::Shift { months, unit } => {
                self.compare_next = false;
                self.shift = Some((months, unit));
            }
            TimeHit::PriorPeriod => {
                self.compare_next = false;
                self.prior_period = true;
            }
        }
    }

    /// The time expression starting at word `i`, and its length in words.
    fn time_at(&self, i: usize) -> Option<(usize, TimeHit)> {
        let today = self.today;
        let w = |k: usize| self.ws.get(i + k).map(String::as_str).unwrap_or("");
        let period = |p: Option<Period>, unit: Option<Grain>, assumption: Option<String>| {
            p.map(|period| TimeHit::Period {
                period,
                unit,
                assumption,
            })
        };
        let phrase = |ps: &[&str]| self.phrase_matches(i, ps);

        // "closing by Dec 31", "before the end of the year": from today up to that day.
        if matches!(w(0), "by" | "before" | "until" | "till") {
            let the = usize::from(w(1) == "the");
            let end = match (w(1 + the), w(2 + the), w(3 + the)) {
                ("end", "of", "the") => unit(w(4 + the)).map(|g| (g, 5 + the)),
                ("end", "of", u) => unit(u).map(|g| (g, 4 + the)),
                (u, "end", _) => unit(u).map(|g| (g, 3 + the)),
                _ => None,
            };
            if let Some((grain, n)) = end
                && let Some(current) = time::containing(today, grain, "")
            {
                let label = format!("from today to the end of the {}", grain.name());
                return Some((
                    n,
                    period(Some(Period::new(today, current.end, label)), None, None)?,
                ));
            }
            // "by Dec 31", "before March 1st": a day of a month, this year or the next to come; "by Jan
            // 5 2026" with its year, up to it (all time before, for a day gone). ("before July 1, 2026"
            // is every day before it: below.)
            let year = time::year_number(w(3));
            if let Some(month) = time::month_number(w(1))
                && let Some(day) = w(2)
                    .trim_end_matches(|c: char| c.is_ascii_alphabetic())
                    .parse::<u32>()
                    .ok()
                && !(year.is_some() && w(0) == "before")
                && let Some(mut date) =
                    NaiveDate::from_ymd_opt(year.unwrap_or(today.year()), month, day)
            {
                if year.is_none() && date < today {
                    date = NaiveDate::from_ymd_opt(today.year() + 1, month, day)?;
                }
                let inclusive = w(0) != "before";
                let end = if inclusive { date.succ_opt()? } else { date };
                let (start, label) = if date < today {
                    (
                        NaiveDate::from_ymd_opt(1970, 1, 1)?,
                        format!("up to {date}"),
                    )
                } else {
                    (today, format!("from today to {date}"))
                };
                let n = 3 + usize::from(year.is_some());
                return Some((n, period(Some(Period::new(start, end, label)), None, None)?));
            }
        }
        // "ytd", "this quarter so far", "month to date", "wtd": from the start of the period to today.
        const TO_DATE: &[(Grain, &str, &[&str])] = &[
            (
                Grain::Year,
                "year to date",
                &[
                    "year to date",
                    "ytd",
                    "this year so far",
                    "so far this year",
                ],
            ),
            (
                Grain::Quarter,
                "quarter to date",
                &[
                    "quarter to date",
                    "qtd",
                    "this quarter so far",
                    "so far this quarter",
                ],
            ),
            (
                Grain::Month,
                "month to date",
                &[
                    "month to date",
                    "mtd",
                    "this month so far",
                    "so far this month",
                ],
            ),
            (
                Grain::Week,
                "week to date",
                &["week to date", "this week so far", "so far this week"],
            ),
        ];
        for (grain, label, phrases) in TO_DATE {
            if let Some(n) = phrase(phrases) {
                return Some((
                    n,
                    period(time::to_date(today, *grain, *label), Some(*grain), None)?,
                ));
            }
        }
        if let Some(n) = phrase(&[
            "year over year",
            "year on year",
            "yoy",
            "same period last year",
            "vs last year same period",
            "same quarter last year",
            "same month last year",
            "same week last year",
            "same time last year",
            "same period a year ago",
            "same quarter a year ago",
            "same month a year ago",
        ]) {
            return Some((
                n,
                TimeHit::Shift {
                    months: 12,
                    unit: Grain::Year,
                },
            ));
        }
        if let Some(n) = phrase(&[
            "quarter over quarter",
            "quarter on quarter",
            "qoq",
            "vs the previous quarter",
        ]) {
            return Some((
                n,
                TimeHit::Shift {
                    months: 3,
                    unit: Grain::Quarter,
                },
            ));
        }
        if let Some(n) = phrase(&["month over month", "month on month", "mom"]) {
            return Some((
                n,
                TimeHit::Shift {
                    months: 1,
                    unit: Grain::Month,
                },
            ));
        }
        if let Some(n) = phrase(&[
            "previous period",
            "prior period",
            "the period before",
            "last period",
            "the previous period",
            "the prior period",
            // "last quarter vs the quarter before": the period just before the one named.
            "the quarter before",
            "the month before",
            "the week before",
            "the preceding quarter",
            "the preceding month",
            "the preceding week",
            "the preceding period",
        ]) {
            return Some((n, TimeHit::PriorPeriod));
        }
        if let Some(n) = phrase(&["over time"]).or_else(|| phrase(TREND_WORDS)) {
            // ("how has spend trended quarter by quarter": by the unit said.)
            // (The unit said after the trend word first: "daily users trended month by month".)
            let after = self.ws.get(i..).unwrap_or_default();
            let unit_said = |p: &[String]| {
                let unit = match p[1].as_str() {
                    "month" | "months" => Grain::Month,
                    "quarter" | "quarters" => Grain::Quarter,
                    "week" | "weeks" => Grain::Week,
                    "day" | "days" => Grain::Day,
                    "year" | "years" => Grain::Year,
                    _ => return None,
                };
                matches!(p[0].as_str(), "by" | "per" | "each" | "every").then_some(unit)
            };
            let said = after
                .windows(2)
                .find_map(unit_said)
                .or_else(|| self.ws.windows(2).find_map(unit_said));
            let adverb = self.ws.iter().find_map(|w| match w.as_str() {
                "quarterly" => Some(Grain::Quarter),
                "weekly" => Some(Grain::Week),
                "daily" => Some(Grain::Day),
                "yearly" | "annually" => Some(Grain::Year),
                _ => None,
            });
            if let Some(grain) = said.or(adverb) {
                return Some((
                    n,
                    TimeHit::Grain {
                        grain,
                        assumption: Some(String::new()),
                    },
                ));
            }
            return Some((
                n,
                TimeHit::Grain {
                    grain: Grain::Month,
                    assumption: Some(format!(
                        "read \"{}\" as by month",
                        self.ws[i..i + n].join(" ")
                    )),
                },
            ));
        }
        if let Some(n) = phrase(&[
            "last twelve months",
            "trailing twelve months",
            "trailing year",
            "rolling year",
            "rolling twelve months",
            "ttm",
            "ltm",
            "past twelve months",
        ]) {
            return Some((
                n,
                period(
                    time::trailing(today, 12, Grain::Month, "last 12 months"),
                    None,
                    None,
                )?,
            ));
        }
        // by month, per quarter, monthly
        if matches!(w(0), "by" | "per" | "each" | "every" | "a")
            && let Some(g) = unit(w(1))
        {
            return Some((
                2,
                TimeHit::Grain {
                    grain: g,
                    assumption: None,
                },
            ));
        }
        let grain = match w(0) {
            "daily" => Some(Grain::Day),
            "weekly" => Some(Grain::Week),
            "monthly" => Some(Grain::Month),
            "quarterly" => Some(Grain::Quarter),
            "yearly" | "annually" | "annual" => Some(Grain::Year),
            _ => None,
        };
        if let Some(grain) = grain {
            return Some((
                1,
                TimeHit::Grain {
                    grain,
                    assumption: None,
                },
            ));
        }
        // this / last / next <unit>
        if let Some(g) = unit(w(1)).filter(|_| !w(1).ends_with('s')) {
            let label = format!("{} {}", w(0), w(1));
            let calendar = matches!(g, Grain::Year | Grain::Quarter)
                .then(|| format!("assumed the calendar {} for \"{label}\"", g.name()));
            match w(0) {
                "this" | "current" => {
                    return Some((2, period(time::containing(today, g, label), Some(g), None)?));
                }
                "last" | "previous" | "prior" | "past" => {
                    return Some((
                        2,
                        period(time::previous(today, g, label), Some(g), calendar)?,
                    ));
                }
                "next" | "coming" => {
                    let this = time::containing(today, g, "")?;
                    return Some((
                        2,
                        period(time::containing(this.end, g, label), Some(g), calendar)?,
                    ));
                }
                _ => {}
            }
        }
        // "the last 4 full weeks", "past 3 complete months": whole periods before the current one.
        if matches!(w(0), "last" | "past" | "previous" | "prior")
            && let Some(n) = small_number(w(1))
            && matches!(w(2), "full" | "complete" | "completed" | "whole" | "entire")
            && let Some(g) = unit(w(3))
        {
            let label = format!("last {n} full {}", w(3));
            return Some((
                4,
                period(time::whole_before(today, n, g, label), None, None)?,
            ));
        }
        // last 6 months, past 30 days, trailing 4 quarters
        if matches!(w(0), "last" | "past" | "previous" | "trailing" | "prior")
            && let Some(n) = small_number(w(1))
            && let Some(g) = unit(w(2))
        {
            let label = format!("last {n} {}", w(2));
            return Some((3, period(time::trailing(today, n, g, label), None, None)?));
        }
        if w(0) == "today" {
            return Some((
                1,
                period(time::containing(today, Grain::Day, "today"), None, None)?,
            ));
        }
        if w(0) == "yesterday" {
            return Some((
                1,
                period(time::previous(today, Grain::Day, "yesterday"), None, None)?,
            ));
        }
        // "since Monday": from the latest one, today's included.
        if w(0) == "since"
            && let Some(weekday) = WEEKDAYS[..7].iter().position(|d| *d == w(1))
            && time::month_number(w(2)).is_none()
            && day_of_month(w(2)).is_none()
        {
            let back = (7 + today.weekday().num_days_from_monday() - weekday as u32) % 7;
            let start = today.checked_sub_days(Days::new(u64::from(back)))?;
            let end = today.checked_add_days(Days::new(1))?;
            let label = format!("since {}", w(1));
            return Some((2, period(Some(Period::new(start, end, label)), None, None)?));
        }
        // since <time>
        if w(0) == "since" {
            // "since the start of 2025", "since the end of September".
            let the = usize::from(w(1) == "the");
            let (edge, k) = match (w(1 + the), w(2 + the)) {
                ("start" | "beginning", "of") => (Some(false), 3 + the),
                ("end" | "close", "of") => (Some(true), 3 + the),
                _ => (None, 1),
            };
            let (n, p, assumption) = self.named_period_at(i + k)?;
            let start = if edge == Some(true) { p.end } else { p.start };
            let end = today.checked_add_days(Days::new(1))?;
            if start >= end {
                return None;
            }
            let label = format!("since {}", self.ws[i + 1..i + k + n].join(" "));
            return Some((
                k + n,
                period(Some(Period::new(start, end, label)), None, assumption)?,
            ));
        }
        // before <time>, after <time>: everything up to its start, or from its end to today.
        // ("closing later than 2027-01-31": after it.)
        if matches!(w(0), "before" | "after" | "prior" | "later") {
            let skip =
                usize::from(matches!(w(0), "prior" | "later") && matches!(w(1), "to" | "than"));
            if matches!(w(0), "prior" | "later") && skip == 0 {
                return None;
            }
            let (n, p, assumption) = self.named_period_at(i + 1 + skip)?;
            let named = self.ws[i + 1 + skip..i + 1 + skip + n].join(" ");
            let tomorrow = today.checked_add_days(Days::new(1))?;
            let (start, end, label) = if matches!(w(0), "after" | "later") {
                // (A day ahead, "deals closing after January 31, 2027": whatever comes after it.)
                let end = if p.end >= tomorrow {
                    NaiveDate::from_ymd_opt(2100, 1, 1)?
                } else {
                    tomorrow
                };
                (p.end, end, format!("after {named}"))
            } else {
                (
                    NaiveDate::from_ymd_opt(1970, 1, 1)?,
                    p.start,
                    format!("before {named}"),
                )
            };
            if start >= end {
                return None;
            }
            return Some((
                n + 1 + skip,
                period(Some(Period::new(start, end, label)), None, assumption)?,
            ));
        }
        // "from May on", "May to now", "from Q2 till today": since its start.
        let from = usize::from(w(0) == "from");
        let (n, p, assumption) = self.named_period_at(i + from)?;
        let after = |k: usize| self.ws.get(i + from + n + k).map(String::as_str);
        let to_now = match (after(0), after(1)) {
            (Some("on" | "forward"), _) if from == 1 => Some(1),
            // ("2025 onward", "may onwards": since then without a "from".)
            (Some("onward" | "onwards"), _) => Some(1),
            (
                Some("to" | "till" | "until" | "through" | "thru"),
                Some("now" | "today" | "date"),
            ) => Some(2),
            _ => None,
        };
        if let Some(more) = to_now {
            let end = today.checked_add_days(Days::new(1))?;
            if p.start < end {
                let words = from + n + more;
                let label = format!("since {}", self.ws[i + from..i + from + n].join(" "));
                return Some((
                    words,
                    period(Some(Period::new(p.start, end, label)), None, assumption)?,
                ));
            }
        }
        if from == 1 {
            return None;
        }
        Some((n, period(Some(p), None, assumption)?))
    }

    /// A period named absolutely: `Q3 2024`, `2025`, `March`, `March 2026`, `H1 2025`, `first quarter`.
    fn named_period_at(&self, i: usize) -> Option<(usize, Period, Option<String>)> {
        let today = self.today;
        let w = |k: usize| self.ws.get(i + k).map(String::as_str).unwrap_or("");
        let quarter_word = |s: &str| match s {
            "q1" => Some(1),
            "q2" => Some(2),
            "q3" => Some(3),
            "q4" => Some(4),
            _ => None,
        };
        let ordinal = |s: &str| match s {
            "first" | "1st" => Some(1),
            "second" | "2nd" => Some(2),
            "third" | "3rd" => Some(3),
            "fourth" | "4th" => Some(4),
            _ => None,
        };
        // The year named after a period word ("of 2024", "2024", "fy2024"), if any, and its length.
        // "Q4 2025", "Q4 of 2025", "Q4 of last year", "June last year".
        let year_after = |k: usize| -> Option<(i32, usize)> {
            let of = usize::from(w(k) == "of");
            match (w(k + of), w(k + of + 1)) {
                ("last" | "previous", "year") => Some((today.year() - 1, of + 2)),
                ("this", "year") => Some((today.year(), of + 2)),
                ("next", "year") => Some((today.year() + 1, of + 2)),
                (year, _) => time::year_number(year).map(|y| (y, of + 1)),
            }
        };
        let quarter = |q: u32, n: usize| -> Option<(usize, Period, Option<String>)> {
            if let Some((y, m)) = year_after(n) {
                return Some((n + m, time::quarter(y, q, format!("Q{q} {y}"))?, None));
            }
            // The latest Q<q> that has begun.
            let mut y = today.year();
            if time::quarter(y, q, "")?.start > today {
                y -= 1;
            }
            Some((
                n,
                time::quarter(y, q, format!("Q{q} {y}"))?,
                Some(format!("assumed Q{q} {y}")),
            ))
        };
        // "the quarter ending March 31, 2026", "the year ended June 30": that long, through that day.
        if let Some(grain) = unit(w(0)).filter(|g| *g != Grain::Day)
            && matches!(w(1), "ending" | "ended" | "ends")
        {
            let on = 2 + usize::from(w(2) == "on");
            if let Some((n, day, assumption)) = self.named_period_at(i + on)
                && day.end == day.start.succ_opt()?
            {
                let label = format!("the {} ending {}", grain.name(), day.label);
                let period = time::trailing(day.start, 1, grain, label)?;
                return Some((on + n, period, assumption));
            }
        }
        if let Some(q) = quarter_word(w(0)) {
            return quarter(q, 1);
        }
        if let Some(q) = ordinal(w(0))
            && matches!(w(1), "quarter")
        {
            return quarter(q, 2);
        }
        if let Some(y) = time::year_number(w(0)) {
            if let Some(q) = quarter_word(w(1)) {
                return Some((2, time::quarter(y, q, format!("Q{q} {y}"))?, None));
            }
            let assumption = w(0)
                .starts_with("fy")
                .then(|| format!("assumed fiscal year {y} is the calendar year"));
            return Some((1, time::year(y, y.to_string())?, assumption));
        }
        if (w(0) == "fy" || w(0) == "fiscal") && time::year_number(w(1)).is_some() {
            let y = time::year_number(w(1))?;
            return Some((
                2,
                time::year(y, y.to_string())?,
                Some(format!("assumed fiscal year {y} is the calendar year")),
            ));
        }
        // "the first half of the year", "second half of 2025", "H1".
        let spelled = matches!((w(0), w(1)), ("first" | "second", "half"));
        if matches!(w(0), "h1" | "h2") || spelled {
            let half = if matches!(w(0), "h1" | "first") { 1 } else { 2 };
            let taken = if spelled { 2 } else { 1 };
            let (y, m) = match (w(taken), w(taken + 1), w(taken + 2), w(taken + 3)) {
                ("of", "the" | "this", "year", _) => (today.year(), 3),
                ("of", "last", "year", _) => (today.year() - 1, 3),
                ("of", "the", "last", "year") => (today.year() - 1, 4),
                _ => year_after(taken).unwrap_or((today.year(), 0)),
            };
            let start = time::month_start(y, if half == 1 { 1 } else { 7 })?;
            let end = start.checked_add_months(chrono::Months::new(6))?;
            let assumption = (m == 0).then(|| format!("assumed H{half} {y}"));
            return Some((
                taken + m,
                Period::new(start, end, format!("H{half} {y}")),
                assumption,
            ));
        }
        if let Some(month) = time::month_number(w(0)) {
            // "September 1st", "March 15 2026": that day (the latest one begun, without a year).
            let day = w(1)
                .strip_suffix("st")
                .or_else(|| w(1).strip_suffix("nd"))
                .or_else(|| w(1).strip_suffix("rd"))
                .or_else(|| w(1).strip_suffix("th"))
                .unwrap_or(w(1))
                .parse::<u32>()
                .ok()
                .filter(|d| (1..=31).contains(d));
            if let Some(day) = day {
                let (year, taken) = match year_after(2) {
                    Some((y, m)) => (Some(y), 2 + m),
                    None => (None, 2),
                };
                let mut date = NaiveDate::from_ymd_opt(year.unwrap_or(today.year()), month, day)?;
                let mut assumption = None;
                if year.is_none() && date > today {
                    date = NaiveDate::from_ymd_opt(today.year() - 1, month, day)?;
                    assumption = Some(format!("assumed {}", date.format("%B %-d, %Y")));
                }
                let label = date.format("%B %-d, %Y").to_string();
                return Some((
                    taken,
                    Period::new(date, date.succ_opt()?, label),
                    assumption,
                ));
            }
            // "may" is also a verb: only with a year or after a preposition.
            let before = i.checked_sub(1).map(|j| self.ws[j].as_str()).unwrap_or("");
            if let Some((y, m)) = year_after(1) {
                let name = self.ws[i].clone();
                return Some((1 + m, time::month(y, month, format!("{name} {y}"))?, None));
            }
            if w(0) == "may"
                && !matches!(w(1), "through" | "thru" | "to" | "until" | "till" | "and")
                && !matches!(
                    before,
                    "in" | "since"
                        | "between"
                        | "for"
                        | "during"
                        | "of"
                        | "from"
                        | "and"
                        | "to"
                        | "through"
                        | "until"
                )
            {
                return None;
            }
            let mut y = today.year();
            if time::month_start(y, month)? > today {
                y -= 1;
            }
            let name = self.ws[i].clone();
            return Some((
                1,
                time::month(y, month, format!("{name} {y}"))?,
                Some(format!("assumed {name} {y}")),
            ));
        }
        None
    }

    /// Words from the denial at `i` saying accounts named before it are no customers ("not
    /// customers", "aren't paying customers yet"): how many there are.
    fn not_customers_at(&self, i: usize) -> Option<usize> {
        let accounts_before = self.ws[..i].iter().any(|w| {
            let stem = stem(w);
            ACCOUNT_STEMS.contains(&stem.as_str()) && stem != "custom"
        });
        let mut j = i + 1;
        while self
            .ws
            .get(j)
            .is_some_and(|w| matches!(w.as_str(), "paying" | "a" | "our" | "yet" | "currently"))
        {
            j += 1;
        }
        let customers = self
            .ws
            .get(j)
            .is_some_and(|w| matches!(w.as_str(), "customers" | "customer"));
        (accounts_before && customers).then_some(j + 1 - i)
    }

    fn finish(mut self, asked_as: Option<&'static Persona>) -> Parsed {
        let today = self.today;
        // "how much revenue have our Japanese accounts paid us": the revenue, which is what they
        // paid (not also the cash collected, which "paid us" names alone).
        let two_asked = self.ws.iter().any(|w| {
            matches!(
                w.as_str(),
                "and" | "vs" | "versus" | "compared" | "both" | "plus" | "&"
            )
        });
        // ("revenue collected" is the cash collected.)
        let paid_said = self.ws.iter().any(|w| w == "paid")
            && !self.ws.iter().any(|w| w.starts_with("collect"));
        if !two_asked
            && paid_said
            && matches!(
                self.query.metrics.as_slice(),
                [a, b] if a == "revenue" && b == "collections"
            )
        {
            self.query.metrics.truncate(1);
        }
        // "churned MRR by country": the monthly movements have no breakdown; the subscriptions
        // canceled then do, with their MRR.
        if self.query.metrics == ["churned_mrr"]
            && (!self.query.dimensions.is_empty() || !self.query.filters.is_empty())
        {
            self.query.metrics = vec!["canceled_mrr".to_string()];
        }
        // "Q2 cancellations: count + MRR", "churned subscriptions and their MRR": the MRR of those
        // canceled, not all MRR today.
        if let [count, mrr] = self.query.metrics.as_mut_slice()
            && count == "canceled_subscriptions"
            && matches!(mrr.as_str(), "mrr" | "churned_mrr")
        {
            *mrr = "canceled_mrr".to_string();
        }
        if self.said_workspaces {
            self.note(
                0.21,
                "read the workspaces as the accounts they were resolved to",
            );
        }
        // "reps with a win rate below 55%": a rate has no amount of its own; the number is each
        // row's rate.
        if !self.query.dimensions.is_empty()
            && self
                .query
                .metrics
                .first()
                .and_then(|m| model::metric(m))
                .is_some_and(|m| m.unit == model::Unit::Ratio)
        {
            for f in &mut self.query.filters {
                if let Filter::Number { field, .. } = f
                    && *field == NumberField::Amount
                {
                    *field = NumberField::Measure;
                }
            }
        }
        // (The warehouse's cost export holds some vendors' costs, in other words than their bills':
        // what it is said to hold is never a confident reading.)
        let from_warehouse = self.query.filters.iter().any(|f| {
            matches!(f, Filter::Values { dimension, values, .. }
                if dimension == "source" && values.iter().any(|v| v == "warehouse"))
        });
        if from_warehouse {
            self.note(
                0.21,
                "read \"warehouse\" as the source system: the warehouse's cost export",
            );
        }
        self.order_of_periods();
        if let Some(months) = self.months_ending.take() {
            match &self.query.time {
                Some(t) => {
                    if let Some(start) = t.end.checked_sub_months(chrono::Months::new(months)) {
                        let label = format!("{months} months to {}", t.label);
                        self.query.time = Some(Period::new(start, t.end, label));
                    }
                }
                None => self.note(0.3, "the months ending when were not understood"),
            }
        }
        if !self.loose_number_ranks()
            && let Some(n) = self.loose_number.take()
        {
            self.note(0.3, format!("the number {n} was not understood"));
        }
        // "API calls from customers not on the Enterprise plan": customers on another plan, or every
        // account without Enterprise (some with no subscription at all)? The second is read.
        let plan_denied = self.query.filters.iter().any(
            |f| matches!(f, Filter::Values { dimension, negated: true, .. } if dimension == "plan"),
        );
        let of_subscriptions = self
            .query
            .metrics
            .iter()
            .filter_map(|m| model::metric(m))
            .all(|m| m.table() == Some("subscription"));
        if plan_denied && !of_subscriptions && self.ws.iter().any(|w| stem(w) == "custom") {
            self.assume("counted every account without that plan, whether a customer or not");
        }
        // "open tickets": every unresolved one, or only those whose status is "open" (not pending)?
        if self.query.metrics.iter().any(|m| m == "open_tickets")
            && self.ws.iter().any(|w| w == "open")
            && !self.ws.iter().any(|w| {
                matches!(
                    w.as_str(),
                    "unresolved" | "resolved" | "pending" | "outstanding" | "waiting" | "solved"
                )
            })
        {
            self.assume("counted every unresolved ticket as open, pending ones too");
        }
        // "active subscriptions": their status may be meant strictly (past due is not active).
        if self.query.metrics.iter().any(|m| m == "subscriptions")
            && self.ws.windows(2).any(|p| {
                p[0] == "active"
                    && matches!(p[1].as_str(), "subscriptions" | "subscription" | "subs")
            })
        {
            self.assume("counted past-due subscriptions as active ones");
        }
        // "storage by plan right now", "average storage per account": a level of each day, with no
        // period said, is today's.
        if self.query.time.is_none()
            && self.query.grain.is_none()
            && self.query.compare.is_none()
            && !self.query.metrics.is_empty()
            && self
                .query
                .metrics
                .iter()
                .all(|m| matches!(m.as_str(), "active_users" | "storage_gb"))
        {
            self.query.time = time::containing(self.today, Grain::Day, "today");
            self.note(0.05, "read the daily level as of today, the latest day");
        }
        // Active users are counted per day: over more days than one, their sum counts user-days.
        let one_day = self
            .query
            .time
            .as_ref()
            .is_some_and(|t| (t.end - t.start).num_days() == 1)
            || self.query.grain == Some(Grain::Day);
        if let Some(daily) = self
            .query
            .metrics
            .iter()
            .find(|m| matches!(m.as_str(), "active_users" | "storage_gb"))
            && !one_day
        {
            let what = if daily == "storage_gb" {
                "storage"
            } else {
                "active users"
            };
            self.note(
                0.21,
                format!("summed the daily {what} over the days of the period"),
            );
        }
        if self.without_trials {
            // Customers, MRR and subscriptions count live subscriptions only: trials are left out.
            let asked: Vec<&str> = match self.query.metrics.as_slice() {
                [] => self.population.into_iter().collect(),
                ms => ms.iter().map(String::as_str).collect(),
            };
            let live_only = !asked.is_empty()
                && asked.iter().all(|m| {
                    model::metric(m).is_some_and(|m| {
                        matches!(m.source, model::Source::Fact { filter, .. }
                            if filter.starts_with("f.status IN ('active', 'past_due')"))
                    })
                });
            if live_only {
                self.note(0.05, "trials are not counted by definition");
            } else {
                self.note(0.55, "trials could not be left out of this figure");
            }
        }
        if self.negate {
            // A denial dropped answers the opposite question: never more than a guess.
            self.note(
                0.55,
                "a negation (\"excluding\", \"not\") applies to nothing known",
            );
        }
        // "revenue in the US vs Germany": values of one dimension compared side by side.
        let compared = self.query.filters.iter().find_map(|f| match f {
            Filter::Values {
                dimension,
                values,
                negated: false,
            } if values.len() >= 2 => Some(dimension.clone()),
            _ => None,
        });
        // ("compare the win rates of Sam Brown and Olga Novak", "who wins more, Sam or Olga?": side by
        // side too.)
        let side_by_side = self.compare_next
            || self.values_apart
            || (self.query.dimensions.is_empty()
                && self.query.limit.is_none()
                && (self.ws.iter().any(|w| {
                    matches!(
                        w.as_str(),
                        "compare" | "comparing" | "respective" | "respectively"
                    )
                }) || (self.ws.first().is_some_and(|w| w == "who" || w == "which")
                    && self.ws.iter().any(|w| w == "or"))));
        if side_by_side
            && self.query.compare.is_none()
            && let Some(dimension) = compared
        {
            self.compare_next = false;
            if !self.query.dimensions.contains(&dimension) {
                self.query.dimensions.push(dimension);
            }
        }
        if self.compare_next {
            self.note(0.3, "\"vs\" is not followed by a period");
        }
        // Comparisons: "year over year", "vs the previous period", "vs last year".
        if let Some((months, unit)) = self.shift {
            if self.query.time.is_none() {
                let p = time::to_date(today, unit, format!("{} to date", unit.name()));
                self.note(0.05, format!("compared {} to date", unit.name()));
                self.query.time = p;
            }
            let label = format!("{months} months earlier");
            self.query.compare = self
                .query
                .time
                .as_ref()
                .and_then(|t| t.months_back(months, label));
        }
        if self.prior_period {
            if let Some((current, prior)) = self.query.time.as_ref().and_then(|t| t.prior(today)) {
                self.query.time = Some(current);
                self.query.compare = Some(prior);
            } else {
                self.note(0.4, "\"the previous period\" needs a period to follow");
            }
        }
        if self.query.compare.is_some() && self.query.time.is_none() {
            // "revenue vs last year": this year so far against the same days of last year, like for like.
            let unit = self.compare_unit.unwrap_or(Grain::Year);
            self.query.time = time::to_date(today, unit, format!("this {} to date", unit.name()));
            let months = match unit {
                Grain::Quarter => Some(3),
                Grain::Month => Some(1),
                Grain::Year => Some(12),
                _ => None,
            };
            if let (Some(months), Some(current)) = (months, self.query.time.as_ref()) {
                let label = format!(
                    "the same days of {}",
                    self.query
                        .compare
                        .as_ref()
                        .map_or("then", |c| c.label.as_str())
                );
                self.query.compare = current.months_back(months, label);
            }
            self.assume(format!(
                "compared this {} to date with the same days of the last",
                unit.name()
            ));
        }
        // "this year vs last year": a period to date against a whole one compares the same days of it.
        // (A figure of the day, such as the customers, is read at each period's end: "today than at the
        // end of 2025".)
        let snapshot = match self.query.metrics.as_slice() {
            [m] => crate::query::history(m),
            [] => self.population.is_some_and(crate::query::history),
            _ => false,
        };
        // (An average or a rate does not grow with its period: "average deal size this year vs
        // last year" compares with the whole of last year.)
        let averaged = self.aggregation.iter().any(|w| {
            matches!(
                w.as_str(),
                "average" | "avg" | "mean" | "median" | "typical"
            )
        }) || self
            .query
            .metrics
            .iter()
            .all(|m| model::metric(m).is_some_and(|m| m.is_average()));
        if let (Some(time), Some(compare)) = (&self.query.time, &self.query.compare)
            && !snapshot
            && !averaged
            && !self.whole_compared
            && time.end > today
            && let Some(tomorrow) = today.succ_opt()
            && time.end.min(tomorrow) - time.start < compare.end - compare.start
            && let Some(end) = compare
                .start
                .checked_add_signed(time.end.min(tomorrow) - time.start)
        {
            let label = format!("{} to the same day", compare.label);
            self.query.compare = Some(Period::new(compare.start, end, label));
            // Some compare with the whole earlier period: an assumption.
            self.assume("compared the same days of the earlier period");
        }
        if self.trend_words && self.query.time.is_none() {
            self.query.time = time::trailing(today, 12, Grain::Month, "last 12 months");
            self.note(0.05, "assumed the last 12 months");
        }
        if self.query.metrics.is_empty()
            && let Some(m) = self.population
        {
            self.query.metrics.push(m.to_string());
        }
        // "who owns the Acme account", "where is Acme based": one account's owner or country.
        let of_one_account = self.query.filters.iter().any(
            |f| matches!(f, Filter::Values { dimension, negated: false, .. } if dimension == "account"),
        );
        let asks_a_value = !self.count_word
            && !self.value_word
            && self.aggregation.is_empty()
            && !self.ws.iter().any(|w| RANKING_WORDS.contains(&w.as_str()));
        if of_one_account
            && asks_a_value
            && self.query.dimensions.is_empty()
            && self.query.metrics.is_empty()
            && self.query.grain.is_none()
        {
            match self.ws.first().map(String::as_str) {
                Some("who") => self.query.dimensions.push("owner".to_string()),
                Some("where") => self.query.dimensions.push("country".to_string()),
                _ => {}
            }
        }
        // "where are we losing deals", "when do we close most": a place or a time asked for and not named.
        if self.ws.first().is_some_and(|w| w == "where" || w == "when")
            && self.query.dimensions.is_empty()
            && self.query.grain.is_none()
        {
            let word = self.ws[0].clone();
            self.note(
                0.3,
                format!("\"{word}\" asks for a breakdown the question does not name"),
            );
        }
        // "pipeline health", "how healthy is our pipeline": "health" beside another figure is not the
        // accounts' health score.
        if self.health_word
            && self.query.metrics.len() > 1
            && self.query.metrics.iter().any(|m| m == "health_score")
        {
            self.query.metrics.retain(|m| m != "health_score");
            self.note(
                0.3,
                "\"health\" of another figure is not defined: left out the accounts' health score",
            );
        }
        // "how many customers have a yellow health score", "accounts with a health score below 50": the
        // accounts are counted; their health score says which. A threshold on the score is one on each
        // account's score (counted below, as "customers with more than 20 tickets" are).
        let counted = match self.query.metrics.as_slice() {
            [m] if m == "health_score" => self.population,
            [a, m] | [m, a] if m == "health_score" => model::metric(a).map(|a| a.name),
            _ => None,
        };
        if self.count_word
            && let Some(p) = counted
            && matches!(p, "customers" | "accounts")
            && !self.ws.iter().any(|w| w == "and")
        {
            let mut threshold = false;
            for filter in &mut self.query.filters {
                if let Filter::Number { field, .. } = filter
                    && *field == NumberField::Amount
                {
                    *field = NumberField::Measure;
                    threshold = true;
                }
            }
            self.query.metrics = vec![if threshold { "health_score" } else { p }.to_string()];
            if threshold && self.population.is_none() {
                self.population = Some(p);
            }
        }
        // "overdue deals": a figure of a declared view is not about the records the question names.
        if let Some(p) = self.population
            && let [m] = self.query.metrics.as_slice()
            && model::metric(m).is_some_and(|m| m.table().is_none())
            && model::metric(p).and_then(model::Metric::table).is_some()
        {
            self.note(0.3, format!("the records named are not what {m} is about"));
        }
        // "how many industries": the values among all the records of the dimension's own table.
        // "what industry is Apex Biotech in", "the most common ticket priority": the records of the
        // dimension's own table, by it.
        // "what industry is Acme in", "Acme's plan", "account owner for Acme": one account's value.
        let asked_for_it = self
            .ws
            .first()
            .is_some_and(|w| matches!(w.as_str(), "what" | "which" | "who" | "where"))
            // ("Lakeshore Logistics - which industry?")
            || (1..self.ws.len()).any(|j| {
                matches!(self.ws[j - 1].as_str(), "what" | "which") && self.names_a_dimension(j)
            })
            || (self.query.metrics.is_empty()
                && self.population.is_none()
                && !self.ws.iter().any(|w| BREAKDOWN.contains(&w.as_str())));
        let lookup = of_one_account
            && asks_a_value
            && self.query.dimensions.len() == 1
            && self.query.grain.is_none()
            && asked_for_it;
        // "health band breakdown", "accounts by industry": a breakdown with nothing else named counts
        // the records of the dimension's own table.
        let breakdown_only = self.query.metrics.is_empty()
            && self.population.is_none()
            && self
                .ws
                .iter()
                .any(|w| matches!(w.as_str(), "breakdown" | "split" | "distribution" | "mix"));
        let by_own_table =
            self.query.dimensions.len() == 1 && (self.commonest || lookup || breakdown_only);
        let counted = self
            .query
            .distinct
            .clone()
            .or_else(|| by_own_table.then(|| self.query.dimensions[0].clone()));
        if self.query.metrics.is_empty()
            && self.population.is_none()
            && self.negated_states.is_empty()
            && self.states.is_empty()
            && let Some(table) = counted
                .as_deref()
                .and_then(model::dimension)
                .map(|d| d.table)
        {
            // The table's own count ("accounts", "subscriptions"), else any count of all its rows.
            let plural = match table {
                "opportunity" => "opportunities".to_string(),
                "health" => "scored_accounts".to_string(),
                t => format!("{t}s"),
            };
            let own = |m: &&model::Metric| m.name == plural && m.table() == Some(table);
            let generic = |m: &&model::Metric| matches!(m.source, model::Source::Fact { table: t, filter: "TRUE", .. } if t == table);
            let on_table = |m: &&model::Metric| m.table() == Some(table);
            if let Some(m) = model::METRICS
                .iter()
                .find(own)
                .or_else(|| model::METRICS.iter().find(generic))
                .or_else(|| model::METRICS.iter().find(on_table))
            {
                self.query.metrics.push(m.name.to_string());
                if self.commonest {
                    self.query.order = Some(Order::Desc);
                    self.ranking = true;
                }
            }
        }
        self.loose_number_ranks();
        self.apply_states();
        self.systems_of_accounts();
        self.apply_count_or_value();
        let before = self.query.metrics.len();
        self.records_of_a_figure();
        // ("the total of open invoices on at-risk accounts": one figure now, its count or value
        // chosen again.)
        if before > 1 && self.query.metrics.len() == 1 {
            self.apply_count_or_value();
        }
        self.value_of_listed_records();
        self.reachable_reading();
        self.health_then();
        // "the pipeline weighted by each deal's probability": the weighted pipeline.
        if self.ws.iter().any(|w| w.starts_with("weight"))
            && self
                .ws
                .iter()
                .any(|w| w == "probability" || w == "probabilities")
            && matches!(
                self.query.metrics.as_slice(),
                [m] if matches!(m.as_str(), "open_pipeline" | "open_opportunities" | "opportunities")
            )
        {
            self.query.metrics = vec!["weighted_pipeline".to_string()];
            self.options.clear();
            // "weighted by probability" is not a breakdown by it.
            if self.notes.iter().any(|n| {
                n.reason
                    .starts_with("there is no breakdown by \"probabilit")
            }) {
                self.unanswerable = false;
            }
            // The words that said so were read.
            self.notes.retain(|n| {
                !["\"weight", "\"probabilit", "\"worth\""]
                    .iter()
                    .any(|w| n.reason.contains(w))
            });
        }
        // "the month that brought in the most new MRR": "brought in" is the verb of the figure named,
        // not revenue besides it.
        let brought_in = self.ws.windows(2).any(|w| {
            matches!(w[0].as_str(), "brought" | "bring" | "brings" | "bringing") && w[1] == "in"
        });
        let recurring = self.query.metrics.iter().any(|m| {
            matches!(
                m.as_str(),
                "mrr" | "arr" | "new_mrr" | "net_new_mrr" | "net_new_arr" | "expansion_mrr"
            )
        });
        // ("how much more did we bring in than we spent": what came in against what went out.)
        let against_costs = self
            .query
            .metrics
            .iter()
            .any(|m| model::metric(m).and_then(model::Metric::table) == Some("cost"));
        if brought_in
            && self.query.metrics.len() == 2
            && self.query.metrics.iter().any(|m| m == "revenue")
            && !against_costs
            && (recurring
                || !self
                    .ws
                    .iter()
                    .any(|w| matches!(w.as_str(), "revenue" | "revenues" | "income")))
        {
            self.query.metrics.retain(|m| m != "revenue");
        }
        // "how many accounts were green, yellow and red": each of every value named, not their total.
        let every_value = self.query.filters.iter().position(|f| match f {
            Filter::Values {
                dimension,
                values,
                negated: false,
            } => model::dimension(dimension).is_some_and(|d| {
                d.known.len() >= 2 && d.known.iter().all(|k| values.iter().any(|v| v == k))
            }),
            _ => false,
        });
        if let Some(at) = every_value
            && self.query.dimensions.is_empty()
            && let Filter::Values { dimension, .. } = self.query.filters.remove(at)
        {
            self.query.dimensions.push(dimension);
        }
        // "how many software vendors did we pay this year": the vendors of the spend, not the vendor list.
        let of_costs = match self.query.metrics.as_slice() {
            [m] if m == "vendors" => self.query.time.is_some() || !self.query.filters.is_empty(),
            [m] => {
                self.count_word
                    && self.population == Some("vendors")
                    && model::metric(m).and_then(model::Metric::table) == Some("cost")
            }
            _ => false,
        };
        if of_costs && self.query.dimensions.is_empty() && self.query.distinct.is_none() {
            self.query.metrics = vec!["spend".to_string()];
            self.query.distinct = Some("vendor".to_string());
        }
        // "which plan is Acme on": the plan its records have, not how many there are of each.
        if lookup
            && !self.commonest
            && let [m] = self.query.metrics.as_slice()
            && model::metric(m).is_some_and(|m| {
                matches!(m.source, model::Source::Fact { aggregate, .. }
                    if aggregate == "count(*)" || aggregate.starts_with(crate::compile::ACCOUNTS_COUNTED))
            })
        {
            // ("what stage is the open Acme deal in, and how big is it": its stage and its amount.)
            let worth = self.value_word
                || self
                    .ws
                    .iter()
                    .any(|w| matches!(w.as_str(), "big" | "worth" | "large" | "size"));
            let value = self.query.metrics.first().and_then(|m| {
                model::COUNT_AND_VALUE
                    .iter()
                    .find(|(count, _)| count == m)
                    .map(|(_, value)| value.to_string())
            });
            match value.filter(|_| worth) {
                Some(value) => self.query.metrics = vec![value],
                None => self.query.values = true,
            }
        }
        // "lost deals by stage": a figure of won or closed deals only, broken down by the stage that says
        // so, has one or two rows; what was meant is likely all deals.
        if self.query.dimensions.iter().any(|d| d == "stage")
            && self.query.metrics.iter().any(|m| {
                model::metric(m).is_some_and(|m| {
                    matches!(m.source, model::Source::Fact { filter, .. }
                        if filter.starts_with("f.is_won") || filter.starts_with("f.is_closed"))
                })
            })
        {
            self.note(
                0.3,
                "the figure counts closed deals only: by stage shows the closing stages",
            );
        }
        // "at-risk accounts with their MRR at risk", "at-risk accounts in France with their MRR at
        // risk", "... and the MRR at risk on each": by account.
        let each_account = self.ws.iter().enumerate().any(|(k, w)| {
            ACCOUNT_STEMS.contains(&stem(w).as_str())
                && (k + 1..(k + 7).min(self.ws.len())).any(|j| {
                    self.ws[j] == "with"
                        && self
                            .ws
                            .get(j + 1)
                            .is_some_and(|n| matches!(n.as_str(), "their" | "its"))
                })
        }) || (self
            .ws
            .windows(2)
            .any(|p| matches!(p[0].as_str(), "on" | "for" | "of" | "per") && p[1] == "each")
            && self
                .ws
                .iter()
                .any(|w| ACCOUNT_STEMS.contains(&stem(w).as_str())));
        if each_account
            && self.query.dimensions.is_empty()
            && self.query.grain.is_none()
            && !self.query.records
            && let [m] = self.query.metrics.as_slice()
            && model::metric(m).is_some_and(|m| {
                m.unit == model::Unit::Money && m.table().is_some_and(|t| t != "cost")
            })
        {
            self.query.dimensions.push("account".to_string());
        }
        // "which 3 technology accounts had the most open tickets": the accounts ranked by a count of
        // their records, though a value named the accounts.
        let most_at = self
            .ws
            .iter()
            .position(|w| matches!(w.as_str(), "most" | "least" | "fewest"));
        let account_at = self
            .ws
            .iter()
            .position(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()));
        // ("the top 3 german customers by open tickets".)
        let top_by = self.ws.iter().any(|w| w == "top" || w == "bottom")
            && account_at.is_some_and(|a| self.ws.get(a + 1).is_some_and(|w| w == "by"));
        if self.ranking
            && self.query.dimensions.is_empty()
            && self.query.grain.is_none()
            && (most_at.zip(account_at).is_some_and(|(most, a)| a < most) || top_by)
            && let [m] = self.query.metrics.as_slice()
            && model::metric(m).is_some_and(|m| {
                m.table().is_some_and(|t| !["account", "cost"].contains(&t))
                    && matches!(
                        m.source,
                        model::Source::Fact {
                            aggregate: "count(*)",
                            ..
                        }
                    )
            })
        {
            self.query.dimensions.push("account".to_string());
        }
        // "accounts with an active or past-due subscription ... each one's MRR": the subscription said
        // of the accounts is the one the MRR is of, not a count asked besides.
        if self.query.metrics.len() == 2
            && self.query.metrics.iter().any(|m| m == "subscriptions")
            && self.query.metrics.iter().any(|m| m == "mrr" || m == "arr")
            && self.ws.windows(3).any(|p| {
                matches!(p[0].as_str(), "a" | "an" | "any")
                    && matches!(p[1].as_str(), "active" | "live")
                    && p[2] == "subscription"
            })
        {
            self.query.metrics.retain(|m| m != "subscriptions");
        }
        self.totals_of_those_named();
        self.having();
        self.at_risk_accounts_of_another_figure();
        self.at_risk_over();
        self.records();
        if self.ranking
            && self.query.dimensions.is_empty()
            && self.query.grain.is_none()
            && !self.dashboard
        {
            if self.ws.first().is_some_and(|w| w == "who")
                && (self.query.limit.is_some() || self.query.order.is_some())
            {
                // "who has the largest pipeline": a person, the owner; "who owes us the most": invoices,
                // tickets and subscriptions have no owner, so the customer.
                let customer = self.query.metrics.iter().any(|m| {
                    model::metric(m)
                        .and_then(model::Metric::table)
                        .is_some_and(|t| !["opportunity", "account"].contains(&t))
                });
                self.plural = false;
                if customer {
                    self.query.dimensions.push("account".into());
                    self.note(0.1, "read \"who\" as the customer");
                } else {
                    self.query.dimensions.push("owner".into());
                    self.note(0.1, "read \"who\" as the owner (sales rep)");
                }
            } else if (self.query.limit.is_some() || self.query.order.is_some())
                && let Some((at, grain)) = self.ws.iter().enumerate().find_map(|(j, w)| {
                    let after_article = j > 0
                        && matches!(
                            self.ws[j - 1].as_str(),
                            "the" | "which" | "what" | "best" | "worst" | "highest" | "lowest"
                        );
                    unit(w)
                        .filter(|_| after_article && !w.ends_with('s') && w != "year")
                        .map(|g| (j, g))
                })
            {
                // "the month of 2026 with the most deals won": the periods are ranked.
                self.query.grain = Some(grain);
                self.plural = false;
                let word = format!("\"{}\"", self.ws[at]);
                self.notes.retain(|n| !n.reason.contains(&word));
            } else if (self.query.limit.is_some() || self.query.order.is_some())
                && self.population == Some("vendors")
            {
                // "the top 3 software vendors by spend": vendors ranked by the figure (by spend when
                // none is named).
                self.query.dimensions.push("vendor".into());
                if self.query.metrics == ["vendors"] {
                    self.query.metrics = vec!["spend".into()];
                    self.note(0.1, "ranked the vendors by spend");
                }
            } else if self.query.limit.is_some() || self.query.order.is_some() {
                self.query.dimensions.push("account".into());
                // "customers with the most urgent tickets" names what is ranked.
                let named = self
                    .ws
                    .iter()
                    .any(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()));
                if !named {
                    self.note(0.25, "ranked accounts (no breakdown named)");
                }
            } else {
                self.ranking = false;
            }
        }
        if self.ranking
            && self.query.limit.is_none()
            && self.query.order.is_some()
            && (!self.query.dimensions.is_empty() || self.query.grain.is_some())
        {
            // ("largest average first" orders the rows; it picks none.)
            let ordering_only = self.ws.iter().enumerate().any(|(k, w)| {
                matches!(
                    w.as_str(),
                    "largest" | "biggest" | "highest" | "smallest" | "lowest" | "most" | "least"
                ) && self.ws[k + 1..].iter().take(2).any(|w| w == "first")
            });
            let superlative =
                !ordering_only && !self.ws.iter().any(|w| w == "top" || w == "bottom");
            // "the account with the most tickets", "the rep with the biggest pipeline", "who owns the
            // largest pipeline": one, however the breakdown was read.
            let singular = |stems: &[&str]| {
                self.ws
                    .iter()
                    .find(|w| stems.contains(&stem(w).as_str()))
                    .is_some_and(|w| !w.ends_with('s'))
            };
            let one_account = match self.query.dimensions.as_slice() {
                [d] if d == "account" => singular(ACCOUNT_STEMS),
                [d] if d == "owner" => {
                    singular(&["rep", "owner", "salesperson", "ae", "seller"])
                        || self.ws.first().is_some_and(|w| w == "who")
                }
                _ => false,
            };
            // "the top account by SLA breaches", "our top closer": one.
            // ("the top UK customer": values may come between.)
            let is_value = |w: &String| {
                self.vocabulary
                    .lookup(std::slice::from_ref(w))
                    .is_some_and(|terms| terms.iter().all(|t| matches!(t, Term::Value(..))))
            };
            let top_one = (1..self.ws.len()).any(|k| {
                matches!(self.ws[k - 1].as_str(), "top" | "bottom")
                    && (k..(k + 3).min(self.ws.len())).any(|j| {
                        self.ws[k..j].iter().all(is_value)
                            && !self.ws[j].ends_with('s')
                            && (self.names_a_dimension(j)
                                || ACCOUNT_STEMS.contains(&stem(&self.ws[j]).as_str()))
                    })
            });
            if (superlative && (!self.plural || one_account)) || top_one {
                self.query.limit = Some(1);
            } else if self.ws.iter().any(|w| w == "top" || w == "bottom") {
                self.query.limit = Some(10);
                self.note(0.05, "showed the top 10");
            }
        }
        // "how many customers have more than 20 tickets": the customers passing the threshold, counted.
        let per_row = self.query.filters.iter().any(|f| {
            matches!(
                f,
                Filter::Number {
                    field: NumberField::Measure,
                    ..
                }
            )
        });
        if per_row && self.query.dimensions.is_empty() && self.query.grain.is_none() {
            let counted = match self.query.distinct.take() {
                Some(d) => Some(d),
                None => (self
                    .query
                    .metrics
                    .iter()
                    .map(String::as_str)
                    .chain(self.population)
                    .any(|m| matches!(m, "customers" | "accounts")))
                .then(|| "account".to_string()),
            };
            if let Some(d) = counted {
                self.query
                    .metrics
                    .retain(|m| !matches!(m.as_str(), "customers" | "accounts"));
                self.query.dimensions = vec![d];
                // ("list accounts with over ten tickets, with their ticket counts": listed.)
                let listed = self
                    .ws
                    .first()
                    .is_some_and(|w| matches!(w.as_str(), "list" | "show" | "display"))
                    || self.ws.windows(4).any(|p| {
                        matches!(p[0].as_str(), "with" | "plus")
                            && matches!(p[1].as_str(), "their" | "its" | "the")
                            && matches!(p[3].as_str(), "count" | "counts")
                    });
                self.query.count_rows = self.count_word && !listed;
            }
        }
        self.apply_events();
        // "revenue growth in Q3 vs last year, in percent": the change between the periods, in percent.
        let percent = self
            .ws
            .iter()
            .any(|w| matches!(w.as_str(), "percent" | "percentage"));
        let changes = self.ws.iter().any(|w| CHANGE_WORDS.contains(&w.as_str()));
        // "customer growth last quarter, in percent": against the period before; "net customer growth
        // this year": a figure of the day, from the period's start to its end.
        let snapshot = matches!(self.query.metrics.as_slice(), [m] if crate::query::history(m));
        let net = self.ws.iter().any(|w| w == "net") && snapshot;
        // "Q1 2026 bookings grow over Q1 2025", "Q3 spend higher or lower than Q3 2025": the change
        // from the other period named, the later one the current.
        let differs = self.ws.iter().any(|w| {
            matches!(
                w.as_str(),
                "minus" | "less" | "than" | "beat" | "exceed" | "exceeded" | "up" | "down"
            )
        });
        if (changes || differs)
            && self.query.compare.is_none()
            && self.query.metrics.len() == 1
            && self.query.grain.is_none()
            && let Some(second) = self.second_period.take()
            && let Some(current) = self.query.time.clone()
        {
            let unused = format!(
                "two periods named: used {}, not {}",
                current.label, second.label
            );
            self.notes.retain(|n| n.reason != unused);
            if changes && !differs && second.start > current.start {
                self.query.time = Some(second);
                self.query.compare = Some(current);
            } else {
                self.query.compare = Some(second);
            }
        }
        if (net || percent && changes)
            && self.query.compare.is_none()
            && self.query.metrics.len() == 1
            && self.query.grain.is_none()
            && let Some((_, prior)) = self.query.time.as_ref().and_then(|t| {
                // A figure of the day grows from the period's start to its end.
                if snapshot {
                    let eve = t.start.pred_opt()?;
                    Some((
                        t.clone(),
                        Period::new(eve, t.start, format!("the start of {}", t.label)),
                    ))
                } else {
                    t.prior(self.today)
                }
            })
        {
            let label = prior.label.clone();
            self.query.compare = Some(prior);
            self.note(0.05, format!("compared with {label}"));
            if !percent {
                self.query.difference = true;
                self.change_word = None;
            }
        }
        if (self.query.growth || self.query.difference || percent && changes)
            && self.query.compare.is_some()
        {
            // "how much did our customer base grow": a change asked, not an amount.
            self.notes
                .retain(|n| !n.reason.starts_with("an amount was asked"));
        }
        // "MRR growth this month versus last month", "ytd arr growth (vs dec 2025)": the change
        // relative to the earlier figure, as a fraction; some mean both figures side by side.
        // ("how much did revenue grow, as a rate": the same.)
        let growth_noun = self.ws.iter().any(|w| w == "growth") || (changes && self.rate_word);
        if growth_noun
            && !percent
            && !self.query.difference
            && self.query.compare.is_some()
            && self.query.metrics.len() == 1
            && self.query.aggregation.is_none()
            && !self.query.growth
        {
            self.query.growth = true;
            self.query.aggregation = Some(Aggregation::Share);
            self.change_word = None;
            self.rate_word = false;
            self.assume("read \"growth\" as the change relative to the earlier figure, a fraction");
        }
        if percent && changes && self.query.compare.is_some() && self.query.metrics.len() == 1 {
            self.query.growth = true;
            self.change_word = None;
            self.rate_word = false;
            self.aggregation
                .retain(|w| !matches!(w.as_str(), "percent" | "percentage"));
        }
        // "the increase in software spend from H1 2025 to H1 2026, in dollars", "how much more did we
        // spend", "A minus B": the change itself.
        let how_much_more = self.ws.windows(3).any(|p| {
            p[0] == "how"
                && matches!(p[1].as_str(), "much" | "many")
                && matches!(
                    p[2].as_str(),
                    "more"
                        | "less"
                        | "fewer"
                        | "higher"
                        | "lower"
                        | "bigger"
                        | "larger"
                        | "smaller"
                )
        });
        // ("by how much did bookings go up or down": the change.)
        let by_how_much = self
            .ws
            .windows(3)
            .any(|p| p[0] == "by" && p[1] == "how" && p[2] == "much");
        let in_units = how_much_more
            || by_how_much
            || self.ws.windows(2).any(|p| {
                matches!(p[0].as_str(), "in" | "many" | "much")
                    && matches!(p[1].as_str(), "dollars" | "usd" | "absolute" | "value")
            })
            || self
                .ws
                .iter()
                .any(|w| matches!(w.as_str(), "minus" | "difference" | "delta"));
        let differs = self.ws.iter().any(|w| {
            matches!(
                w.as_str(),
                "minus" | "difference" | "delta" | "more" | "less" | "beat" | "exceed" | "exceeded"
            )
        });
        // "MRR increase from January to October", "the change in bookings Q2 to Q3": the change
        // named as a thing is its amount ("how did bookings change" shows both figures).
        let change_named = self.ws.iter().any(|w| {
            matches!(
                w.as_str(),
                "increase" | "decrease" | "change" | "drop" | "rise" | "gain" | "decline"
            )
        }) && self.ws.first().is_none_or(|w| w != "how");
        let compared = self
            .ws
            .iter()
            .any(|w| matches!(w.as_str(), "compare" | "compared" | "vs" | "versus"));
        if (in_units || change_named)
            && !percent
            && !self.query.growth
            && (changes || differs || how_much_more || in_units && compared)
            && self.query.compare.is_some()
            // ("revenue from paid invoices": one figure, its records named beside it.)
            && one_table(&self.query.metrics)
        {
            self.query.difference = true;
            self.change_word = None;
        }
        // "Q3 revenue minus Q3 spend": one period said for each of two figures compares nothing.
        if self.query.metrics.len() == 2
            && self.query.compare.is_some()
            && self.query.compare == self.query.time
        {
            self.query.compare = None;
        }
        self.net_of_two();
        self.ratio_of_two();
        self.duration_in_days();
        self.apply_rate();
        self.apply_aggregation();
        self.split_whole();
        self.open_closes_ahead();
        self.figure_of_today();
        self.monthly_amount();
        self.dated_by_payment();
        self.own_window();
        self.pipeline_created();
        self.account_qualifies_a_dimension();
        // "average monthly spend in 2025 (the year's total divided by 12)": the division says how the
        // average asked is taken.
        if self.query.divided_by.is_some()
            && self.query.aggregation == Some(Aggregation::Average)
            && self.query.grain.is_some()
        {
            self.query.divided_by = None;
        }
        // "list our customers": a list asked for and one figure found is never a confident answer.
        if (self
            .ws
            .iter()
            .any(|w| matches!(w.as_str(), "list" | "names" | "which"))
            || self.ws.first().is_some_and(|w| w == "who"))
            && !self.query.records
            && self.query.dimensions.is_empty()
            && self.query.grain.is_none()
            && !self.unanswerable
            && !self.dashboard
            && !self.query.metrics.is_empty()
        {
            self.note(0.3, "a list was asked for; the answer is one figure");
        }
        // "tickets by status": a breakdown was asked for and nothing after "by" was understood.
        // ("which deals are open, and how much is each worth": each deal listed.)
        if self.expect_dimension
            && !self.ranking
            && !self.query.records
            && !self.unanswerable
            && !self.dashboard
            && self.query.dimensions.is_empty()
            && self.query.grain.is_none()
        {
            self.note(0.3, "the breakdown asked for was not understood");
        }
        let timed = self
            .query
            .metrics
            .first()
            .and_then(|m| model::metric(m))
            .is_some_and(|m| m.has_time() && !crate::query::history(m.name));
        if self.new_word && !timed && !self.unanswerable && !self.query.metrics.is_empty() {
            self.note(
                0.3,
                "\"new\" needs a figure over time; this one is a snapshot",
            );
        }
        if let Some(word) = self.change_word.take()
            && self.query.compare.is_none()
            && self.query.grain.is_none()
            && !self.unanswerable
        {
            self.note(
                0.21,
                format!("\"{word}\" asks how a figure moved; no comparison was made"),
            );
        }
        // "new customers" with no period: new since when? All time is a guess, never a confident one.
        // ("our newest customer": the one that began last, of all time.)
        if self.query.time.is_none()
            && self.query.grain.is_none()
            && !self.query.by_time
            && !self.unanswerable
            && self.query.metrics.first().is_some_and(|m| {
                m.starts_with("new_")
                    && model::metric(m)
                        .is_some_and(|m| matches!(m.source, model::Source::Fact { .. }))
            })
        {
            self.note(0.21, "\"new\" names no period: all time was used");
        }
        // "expansion MRR": a monthly flow with no period is this month's.
        if self.query.time.is_none()
            && self.query.grain.is_none()
            && !self.unanswerable
            && let Some(m) = self.query.metrics.first().and_then(|m| model::metric(m))
            && matches!(m.source, model::Source::Monthly { .. })
        {
            self.note(0.05, "took this month");
        }
        if let Some(word) = self.vague_time.take()
            && self.query.time.is_none()
            && timed
            && !self.unanswerable
        {
            self.note(
                0.21,
                format!("\"{word}\" names no period: all time was used"),
            );
        }
        if self.query.metrics.is_empty()
            && !self.dashboard
            && !self.unanswerable
            && self.options.is_empty()
            && !self.query.dimensions.is_empty()
            && self.ranking
            && self.rank_by.is_none()
        {
            // Revenue, or the first metric every breakdown applies to ("biggest vendors": spend).
            let reachable = |m: &&model::Metric| {
                self.query.dimensions.iter().all(|d| {
                    model::dimension(d).is_some_and(|d| {
                        matches!(
                            model::reach(m, d),
                            Some(model::Reach::Local | model::Reach::Account)
                        )
                    })
                })
            };
            // "where are most of our customers? top 3 countries": the records named, counted.
            // ("top customers" are ranked by what they bring, not counted.)
            let metric = self
                .population
                .filter(|_| self.query.dimensions.iter().all(|d| d != "account"))
                .and_then(model::metric)
                .filter(reachable)
                .or_else(|| model::metric("revenue").filter(reachable))
                .or_else(|| {
                    model::METRICS
                        .iter()
                        .find(|m| m.table().is_some() && reachable(m))
                })
                .map_or("revenue", |m| m.name);
            self.query.metrics.push(metric.into());
            if self.population != Some(metric) {
                self.note(0.25, format!("ranked by {metric} (no metric named)"));
            }
        }
        // "how is the pipeline?", "how is sales going?", "how's the platform doing?": an overview of the
        // topic (or of the asker's figures), not one number.
        let how_is = self.ws.first().is_some_and(|w| w == "hows")
            || (self.ws.first().is_some_and(|w| w == "how")
                && self
                    .ws
                    .get(1)
                    .is_some_and(|w| matches!(w.as_str(), "is" | "are")));
        if how_is
            && !self.dashboard
            && !self.unanswerable
            && self.query.metrics.len() <= 1
            && self.query.dimensions.is_empty()
            && self.query.filters.is_empty()
            && self.query.limit.is_none()
            && self.query.grain.is_none()
            && self.query.compare.is_none()
        {
            self.dashboard = true;
            if !self.options.is_empty() {
                self.note(0.1, "an ambiguous topic: showed the asker's dashboard");
                self.options.clear();
            }
        }
        let persona = self.dashboard_persona.and_then(model::persona).or(asked_as);
        let intent = if self.dashboard && !self.unanswerable {
            let topic = self
                .query
                .metrics
                .first()
                .and_then(|m| model::metric(m))
                .map(|m| m.name);
            let persona = match (persona, topic) {
                (Some(p), _) => p,
                (None, Some(t)) => model::PERSONAS
                    .iter()
                    .find(|p| p.metrics.contains(&t))
                    .unwrap_or(&model::PERSONAS[0]),
                (None, None) => {
                    self.note(0.2, "no persona given: showed the CFO's dashboard");
                    &model::PERSONAS[0]
                }
            };
            Intent::Dashboard { persona, topic }
        } else {
            Intent::Answer
        };
        // "revenue by plan": each account's latest subscription says its plan; an account may have had
        // others, so it is an assumption.
        let mut assumed = Vec::new();
        for d in &self.query.dimensions {
            let through_latest = model::dimension(d).is_some_and(|dim| {
                model::latest_per_account(dim.table).is_some()
                    && self.query.metrics.iter().any(|m| {
                        model::metric(m)
                            .is_some_and(|m| model::reach(m, dim) == Some(model::Reach::AccountSet))
                    })
            });
            if through_latest {
                assumed.push(format!(
                    "by each account's {d} now (its live subscription's)"
                ));
            }
        }
        for reason in assumed {
            self.assume(reason);
        }
        // "the lowest and highest MRR", "min and max deal size": both ends asked, one answer given.
        let both_ends = self.ws.windows(3).any(|p| {
            let end = |w: &str| match w {
                "lowest" | "smallest" | "min" | "minimum" | "least" | "worst" | "fewest" => -1,
                "highest" | "largest" | "biggest" | "max" | "maximum" | "most" | "best" => 1,
                _ => 0,
            };
            // (Not "ranked from highest to lowest": an order.)
            matches!(p[1].as_str(), "and" | "or" | "vs") && end(&p[0]) * end(&p[2]) == -1
        });
        if both_ends {
            self.note(
                0.3,
                "both ends of a range were asked; the answer gives one figure or ranking",
            );
        }
        // "Enterprise plan deals": deals carry no plan; those of the accounts on it now are a guess at
        // what was sold.
        let deals_on_a_plan =
            self.query
                .filters
                .iter()
                .any(|f| matches!(f, Filter::Values { dimension, .. } if dimension == "plan"))
                && self.query.metrics.iter().any(|m| {
                    model::metric(m).and_then(model::Metric::table) == Some("opportunity")
                });
        if deals_on_a_plan {
            self.note(
                0.21,
                "deals carry no plan: took those of the accounts on it now",
            );
        }
        // "revenue": paid invoices by definition, though some mean every invoice issued. Said when the
        // question does not say paid or collected.
        if self.query.metrics.iter().any(|m| m == "revenue")
            && !self.ws.iter().any(|w| {
                matches!(
                    w.as_str(),
                    "paid"
                        | "pay"
                        | "pays"
                        | "collected"
                        | "collect"
                        | "collections"
                        | "cash"
                        | "payment"
                        | "payments"
                        | "received"
                )
            })
        {
            self.assume(
                "counted paid invoices as revenue (\"billed\" counts every invoice issued)",
            );
        }
        // Churned MRR is the MRR lost, a positive amount; `metrics.mrr_movements` signs it negative.
        if self.query.metrics.iter().any(|m| m == "churned_mrr") {
            self.assume("gave the MRR lost to churn as a positive amount");
        }
        // "open tickets from customers", "storage across our accounts": the accounts qualify the other
        // figure, they are not a second one.
        let mut of_customers = false;
        if self.query.metrics.len() == 2
            && let Some(at) = self
                .query
                .metrics
                .iter()
                .position(|m| m == "customers" || m == "accounts")
        {
            let qualifies = self.ws.iter().enumerate().any(|(k, w)| {
                matches!(w.as_str(), "from" | "among" | "across" | "for" | "of")
                    && self.ws[k + 1..]
                        .iter()
                        .find(|w| {
                            !matches!(
                                w.as_str(),
                                "our"
                                    | "the"
                                    | "all"
                                    | "paying"
                                    | "current"
                                    | "active"
                                    | "existing"
                            )
                        })
                        .is_some_and(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()))
            });
            if qualifies {
                of_customers = self.query.metrics.remove(at) == "customers";
            }
        }
        // "what % of our customers are red": the whole is the customers, not every account scored.
        let customers_whole = matches!(
            self.query.aggregation,
            Some(Aggregation::Percentage | Aggregation::Share)
        ) && !self
            .query
            .metrics
            .iter()
            .any(|m| model::metric(m).and_then(model::Metric::table) == Some("subscription"))
            && self
                .share_whole()
                .is_some_and(|whole| self.ws[whole].iter().any(|w| w == "customers"));
        // ("accounts that aren't paying customers": the paying ones are left out, not counted.)
        let denied = self.query.filters.iter().any(
            |f| matches!(f, Filter::Records { metric, negated: true, .. } if metric == "customers"),
        );
        let paying = !denied
            && (of_customers
                || customers_whole
                || self.ws.iter().enumerate().any(|(k, w)| {
                    w == "paying" && self.ws.get(k + 1).is_none_or(|next| next != "us")
                }));
        // "revenue per paying account last quarter": the accounts with paid invoices in the period are
        // the paying ones (a live subscription now would drop those that paid then and left).
        let paid_per_account = self.query.aggregation == Some(Aggregation::PerAccount)
            && !self.query.metrics.is_empty()
            && self.query.metrics.iter().all(|m| {
                model::metric(m).is_some_and(|m| {
                    matches!(m.source, model::Source::Fact { filter, .. } if filter.contains("f.status = 'paid'"))
                })
            });
        if paying && intent == Intent::Answer && !paid_per_account {
            let live = |m: &String| {
                model::metric(m).is_some_and(|m| {
                    matches!(m.source, model::Source::Fact { filter, .. }
                        if filter.starts_with("f.status IN ('active', 'past_due')"))
                })
            };
            if self.query.metrics == ["accounts"] {
                self.query.metrics = vec!["customers".to_string()];
            } else if !self.query.metrics.is_empty()
                && !self.query.metrics.iter().any(live)
                && self.query.metrics.iter().all(|m| {
                    model::metric(m)
                        .and_then(model::Metric::table)
                        .is_some_and(|t| !["cost", "account"].contains(&t))
                })
                && !self
                    .query
                    .filters
                    .iter()
                    .any(|f| matches!(f, Filter::Records { .. }))
            {
                let customers = Filter::Records {
                    metric: "customers".to_string(),
                    filters: Vec::new(),
                    time: None,
                    negated: false,
                };
                // "what % of our customers are red": the customers are the whole the share is of.
                let of_the_whole = matches!(
                    self.query.aggregation,
                    Some(Aggregation::Percentage | Aggregation::Share)
                ) && !self.query.records
                    && !self.query.filters.is_empty()
                    && self.share_whole().is_some_and(|whole| {
                        self.ws[whole]
                            .iter()
                            .any(|w| w == "paying" || ACCOUNT_STEMS.contains(&stem(w).as_str()))
                    });
                if of_the_whole {
                    self.query.whole.push(customers);
                } else {
                    self.query.filters.push(customers);
                }
            }
        }
        // "how did bookings change from Q2 to Q3": both figures shown; some want only the difference.
        if self.query.compare.is_some()
            && !self.query.difference
            && !self.query.growth
            && self.query.metrics.len() == 1
            && self.ws.iter().any(|w| {
                matches!(
                    w.as_str(),
                    "change"
                        | "changed"
                        | "changes"
                        | "move"
                        | "moved"
                        | "differ"
                        | "evolve"
                        | "evolved"
                        | "grow"
                        | "grew"
                        | "increase"
                        | "increased"
                        | "decrease"
                        | "decreased"
                        | "rise"
                        | "rose"
                        | "fall"
                        | "fell"
                        | "drop"
                        | "dropped"
                        | "shift"
                        | "shifted"
                )
            })
        {
            self.assume("showed both periods' figures (their difference is the change)");
        }
        // "how many tickets did Acme open, and how many of them breached SLA": the records and those
        // of the state, both counted.
        if let [narrow] = self.query.metrics.as_slice()
            && let Some((all, _)) = self.narrowed.iter().find(|(_, n)| n == narrow)
            && model::metric(all).is_some_and(|m| m.unit == model::Unit::Count)
            && self.asks_two_counts()
        {
            self.query.metrics = vec![all.clone(), narrow.clone()];
        }
        // "spend booked in NetSuite", "anything booked into Stripe": recorded there, not deals won.
        if self.query.metrics.len() >= 2
            && self.query.metrics.iter().any(|m| m == "bookings")
            && self
                .ws
                .windows(2)
                .any(|p| p[0] == "booked" && matches!(p[1].as_str(), "in" | "into"))
        {
            self.query.metrics.retain(|m| m != "bookings");
        }
        // ("trialing subscriptions and their MRR", "with their MRR"; not "what MRR did churned customers
        // take with them".)
        let joined = self.ws.iter().enumerate().any(|(k, w)| {
            matches!(w.as_str(), "and" | "plus" | "&")
                || (w == "with"
                    && self
                        .ws
                        .get(k + 1)
                        .is_some_and(|n| matches!(n.as_str(), "their" | "its" | "the" | "each")))
        });
        // "trialing subs - count + MRR", "uncollectible invoices: count and $": the records' count and
        // their value, both.
        if let [count] = self.query.metrics.as_slice()
            && let Some((_, value)) = model::COUNT_AND_VALUE.iter().find(|(c, _)| c == count)
            && self.asks_count_and_value()
        {
            // ("how big is the open pipeline, and how many deals are in it": the value first.)
            let at = if self.value_asked_first() { 0 } else { 1 };
            self.query.metrics.insert(at, value.to_string());
        } else if let [value] = self.query.metrics.as_slice()
            && let Some((count, _)) = model::COUNT_AND_VALUE.iter().find(|(_, v)| v == value)
            && self.asks_count_and_value()
        {
            // "pipeline closing in November: count, amount": both, in the order asked.
            let at = if self.value_asked_first() { 1 } else { 0 };
            self.query.metrics.insert(at, count.to_string());
        } else if let [a, b] = self.query.metrics.as_slice()
            && let Some((count, value)) = model::COUNT_AND_VALUE
                .iter()
                .find(|(c, v)| (c == a || c == b) && v.ends_with("_mrr"))
            && [a, b].contains(&&"mrr".to_string())
        {
            // "trialing subscriptions and their MRR": the MRR of those, beside their count.
            self.query.metrics = if joined || self.count_word {
                vec![count.to_string(), value.to_string()]
            } else {
                vec![value.to_string()]
            };
        }
        // "Revenue (paid invoices) for H1 2025 versus H1 2026": the records named to say what the
        // figure is of, not their count besides.
        if let [a, b] = self.query.metrics.as_slice()
            && let Some((count, value)) = model::COUNT_AND_VALUE
                .iter()
                .find(|(c, v)| (c == a && v == b) || (c == b && v == a))
        {
            if !self.count_word && !joined {
                self.query.metrics = vec![value.to_string()];
            } else if self.count_word {
                // ("technology pipeline: number of open opps + total amount": in the order asked.)
                let value_first = self.value_asked_first();
                self.query.metrics = if value_first {
                    vec![value.to_string(), count.to_string()]
                } else {
                    vec![count.to_string(), value.to_string()]
                };
            }
        }
        // "average bookings per rep", "the average number of deals per owner": each rep's figure,
        // averaged over the reps (a figure that is an average itself stays per value).
        if self.query.aggregation == Some(Aggregation::Average)
            && self.query.grain.is_none()
            && self.query.limit.is_none()
            && let [dimension] = self.query.dimensions.as_slice()
            && let [metric] = self.query.metrics.as_slice()
            && model::metric(metric).is_some_and(|m| {
                matches!(m.source, model::Source::Fact { aggregate, .. } if !aggregate.starts_with("avg("))
            })
            // ("avg customer headcount per industry": a figure of each account, averaged per industry.)
            && !model::metric(metric).is_some_and(|m| {
                m.table() == Some("account")
                    && matches!(m.source, model::Source::Fact { aggregate, .. } if aggregate.contains("sum("))
            })
            // ("avg closed-won opp amount per owner": each record's amount, averaged per owner.)
            && !self
                .ws
                .iter()
                .any(|w| matches!(w.as_str(), "amount" | "size" | "value" | "price"))
            // ("on average, how many deals did each rep win": the same.)
            && self.ws.windows(2).any(|p| {
                (p[0] == "per" || p[0] == "each")
                    && self
                        .vocabulary
                        .lookup(&p[1..])
                        .or_else(|| self.vocabulary.lookup_stem(&p[1]))
                        .is_some_and(|terms| {
                            terms
                                .iter()
                                .any(|t| matches!(t, Term::Dimension(d) if d == dimension))
                        })
            })
        {
            self.query.per_group = true;
            self.notes
                .retain(|n| n.reason != "took the average amount per record");
        }
        // "average invoice amount by month", "quarterly trend of the average closed-won amount": each
        // period's average of its records' amounts. ("average monthly revenue", "average revenue per
        // month": the average of the months' figures.)
        if self.query.aggregation == Some(Aggregation::Average)
            && self.query.grain.is_some()
            && let [metric] = self.query.metrics.as_slice()
            && model::metric(metric).is_some_and(|m| {
                matches!(m.source, model::Source::Fact { aggregate, amount: Some(_), .. } if aggregate.contains("sum("))
            })
            && self.ws.windows(2).any(|p| {
                matches!(p[0].as_str(), "average" | "avg" | "mean")
                    && !matches!(p[1].as_str(), "monthly" | "quarterly" | "weekly" | "daily" | "yearly" | "annual")
            })
            && self
                .ws
                .iter()
                .any(|w| matches!(w.as_str(), "amount" | "size" | "value" | "price"))
            && !self.ws.iter().any(|w| w == "per")
        {
            self.query.per_record = true;
        }
        // "how many active users did an account have on average": the average over the accounts (each
        // account's own figure per account is that figure; "avg MRR per customer account, by plan" is
        // by plan).
        if self.query.aggregation == Some(Aggregation::PerAccount)
            && self.query.dimensions.iter().any(|d| d == "account")
            && self.query.grain.is_none()
            && self.query.limit.is_none()
            && self.query.order.is_none()
        {
            self.query.dimensions.retain(|d| d != "account");
        }
        // "the five customers with the most active users per day on average": each one's average
        // day, not each day's figure per customer.
        if self.query.grain == Some(Grain::Day)
            && self.query.aggregation == Some(Aggregation::PerAccount)
            && !self.query.dimensions.is_empty()
            && self.ws.windows(2).any(|p| p[0] == "per" && p[1] == "day")
            && self
                .ws
                .iter()
                .any(|w| matches!(w.as_str(), "average" | "avg" | "mean"))
        {
            self.query.aggregation = Some(Aggregation::Average);
        }
        if let Some(status) = self.status.take() {
            let holds = |m: &String| {
                model::metric(m)
                    .and_then(model::Metric::table)
                    .is_some_and(|t| statuses_of(t).contains(&status))
            };
            if !self.query.metrics.is_empty() && self.query.metrics.iter().all(holds) {
                self.query.filters.push(Filter::Values {
                    dimension: "status".to_string(),
                    values: vec![status.to_string()],
                    negated: false,
                });
            } else {
                self.note(
                    0.55,
                    format!("the status \"{status}\" is no status of what is asked"),
                );
            }
        }
        if let Some(days) = self.idle_days.take() {
            self.query.filters.push(Filter::Number {
                field: NumberField::IdleDays,
                op: Comparison::Greater,
                value: days,
            });
        }
        if let Some((op, days)) = self.age.take() {
            self.query.filters.push(Filter::Number {
                field: NumberField::AgeDays,
                op,
                value: days,
            });
        }
        if let Some((op, hours)) = self.resolution_hours.take() {
            self.query.filters.push(Filter::Number {
                field: NumberField::ResolutionHours,
                op,
                value: hours,
            });
        }
        if let Some((op, value)) = self.probability.take() {
            self.query.filters.push(Filter::Number {
                field: NumberField::Probability,
                op,
                value,
            });
        }
        // "our worst account for SLA misses": worst is the most of a figure where less is better
        // (and "best", the least).
        let judged = |word: &str| self.ws.iter().any(|w| w == word);
        if let [m] = self.query.metrics.as_slice()
            && let Some(metric) = model::metric(m)
            && !metric.higher_is_better
        {
            self.query.order = match self.query.order {
                Some(Order::Asc) if judged("worst") && !judged("best") => Some(Order::Desc),
                Some(Order::Desc) if judged("best") && !judged("worst") => Some(Order::Asc),
                order => order,
            };
        }
        // "which accounts had more than 2 SLA breaches": the accounts the threshold keeps, each with its
        // figure, though some want the names only.
        let per_account_threshold = self.query.filters.iter().any(|f| {
            matches!(
                f,
                Filter::Number {
                    field: NumberField::Measure,
                    ..
                }
            )
        });
        if self.query.records && self.query.dimensions == ["account"] && per_account_threshold {
            // ("list customers with over 2 breached tickets": the same breakdown, not their records.)
            self.query.records = false;
            self.query.accounts = false;
            self.query.names_only = false;
        }
        let listing = self.ws.iter().any(|w| LIST_WORDS.contains(&w.as_str()));
        if listing
            && !self.query.records
            && self.query.dimensions == ["account"]
            && self.query.limit.is_none()
            && !self.count_word
            && !self.value_word
            && self.query.metrics.len() == 1
            && self.query.filters.iter().any(|f| {
                matches!(
                    f,
                    Filter::Number {
                        field: NumberField::Measure,
                        ..
                    }
                )
            })
        {
            self.assume("showed each account's figure beside its name");
        }
        // "in GBP", "in the original currency": amounts are given in the reporting currency only.
        let money = self
            .query
            .metrics
            .iter()
            .any(|m| model::metric(m).is_some_and(|m| m.unit == model::Unit::Money));
        let foreign = |w: &str| FOREIGN_CURRENCY_WORDS.contains(&w) || w == "original";
        let in_foreign = self.ws.windows(2).any(|p| {
            (matches!(p[0].as_str(), "in" | "much") && foreign(&p[1]))
                || (p[0] == "the" && p[1] == "original")
                || matches!(p[0].as_str(), "original" | "native")
        });
        // "over 10,000 euros": the threshold in that currency.
        let threshold_in_foreign = self.ws.windows(2).any(|p| {
            amount(std::slice::from_ref(&p[0]), 0).is_some()
                && matches!(
                    p[1].as_str(),
                    "euros" | "euro" | "pounds" | "yen" | "eur" | "gbp" | "jpy"
                )
        });
        // "how many yen did JPY invoices come to", "EUR invoices over 10,000 euros": invoices of one
        // currency, in their own amounts.
        if (money && in_foreign) || threshold_in_foreign {
            let own = SemanticQuery {
                original_currency: true,
                ..self.query.clone()
            };
            if own.validate(self.vocabulary).is_ok() {
                self.query.original_currency = true;
            } else if money && in_foreign {
                self.assume("gave the amounts in USD, the reporting currency");
            } else {
                self.assume("compared the amounts in USD, the reporting currency");
            }
        }
        // "which 3 accounts have the most employees": the accounts, ranked by their employees.
        if self.query.records && self.query.metrics == ["employees"] {
            self.query.metrics = vec!["accounts".to_string()];
            self.query.rank_by = Some(NumberField::Employees);
            self.query.names_only = false;
        }
        // "how much do clients owe on open invoices": the same metric read twice is asked once.
        let mut seen = Vec::new();
        self.query.metrics.retain(|m| {
            let new = !seen.contains(m);
            seen.push(m.clone());
            new
        });
        // "accounts with over 5,000 employees": the employees are a condition, not a figure asked
        // (unless named twice: "total employees of accounts with over 5,000 employees").
        let employees_named = self
            .ws
            .iter()
            .filter(|w| matches!(w.as_str(), "employees" | "headcount" | "staff"))
            .count();
        if employees_named == 1
            && self.query.metrics.iter().any(|m| m == "employees")
            && self.query.filters.iter().any(|f| {
                matches!(
                    f,
                    Filter::Number {
                        field: NumberField::Employees,
                        ..
                    }
                )
            })
        {
            self.query.metrics.retain(|m| m != "employees");
            if self.query.metrics.is_empty() {
                let customers = self.ws.iter().any(|w| stem(w) == "custom");
                let counted = if customers { "customers" } else { "accounts" };
                self.query.metrics.push(counted.to_string());
            }
        }
        // "employees of our customers", "avg employees per customer": of the paying accounts.
        if self.query.metrics.iter().any(|m| m == "employees")
            && self.ws.iter().any(|w| stem(w) == "custom")
            && !self
                .query
                .filters
                .iter()
                .any(|f| matches!(f, Filter::Records { .. }))
        {
            self.query.filters.push(Filter::Records {
                metric: "customers".to_string(),
                filters: Vec::new(),
                time: None,
                negated: false,
            });
        }
        // "how many employees do we have": the data holds each account's employees, not our own.
        if self.query.metrics.iter().any(|m| m == "employees")
            && !self
                .ws
                .iter()
                .any(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()))
            && self.query.filters.is_empty()
            && self.query.dimensions.is_empty()
        {
            self.query.metrics.retain(|m| m != "employees");
            self.unanswerable = true;
            self.note(
                1.0,
                "the data holds each account's number of employees, not the company's own",
            );
        }
        // "list the industries", "what vendor categories are there": the values a dimension takes, over
        // every record of its own table.
        let values_asked = self
            .ws
            .iter()
            .any(|w| LIST_WORDS.contains(&w.as_str()) || w == "what")
            && !self.count_word
            && (self.ws.last().is_some_and(|w| w == "there")
                || self.ws.iter().any(|w| LIST_WORDS.contains(&w.as_str())));
        // ("vendor categories": the categories vendors are in, one dimension qualifying the other.)
        if let [a, b] = self.query.dimensions.as_slice()
            && self.query.metrics.is_empty()
            && values_asked
            && !self
                .ws
                .iter()
                .any(|w| matches!(w.as_str(), "by" | "and" | "per"))
            && model::dimension(a).map(|d| d.table) == model::dimension(b).map(|d| d.table)
        {
            self.query.dimensions = vec![b.clone()];
        }
        if intent == Intent::Answer
            && self.query.metrics.is_empty()
            && !self.unanswerable
            && values_asked
            && self.query.filters.is_empty()
            && let [d] = self.query.dimensions.as_slice()
            && let Some(dimension) = model::dimension(d)
            && let Some(all) = model::METRICS.iter().find(|m| {
                matches!(m.source, model::Source::Fact { table, filter: "TRUE", .. } if table == dimension.table)
            })
        {
            self.query.metrics = vec![all.name.to_string()];
            self.query.values = true;
        }
        // "how much did the Software cost category come to in July": the amount of the one table the
        // values named are of, when it has one amount over all its records.
        if intent == Intent::Answer
            && self.query.metrics.is_empty()
            && !self.unanswerable
            && self.options.is_empty()
            && self.ws.iter().any(|w| VALUE_WORDS.contains(&w.as_str()))
        {
            let tables: std::collections::BTreeSet<&str> = self
                .query
                .filters
                .iter()
                .filter_map(|f| match f {
                    Filter::Values { dimension, .. } => Some(dimension.as_str()),
                    _ => None,
                })
                .chain(self.query.dimensions.iter().map(String::as_str))
                .filter_map(|d| model::dimension(d).map(|d| d.table))
                .collect();
            if let [table] = tables.into_iter().collect::<Vec<_>>().as_slice()
                && let [amount] = model::METRICS
                    .iter()
                    .filter(|m| {
                        m.unit == model::Unit::Money
                            && matches!(m.source, model::Source::Fact { table: t, filter: "TRUE", .. } if t == *table)
                    })
                    .collect::<Vec<_>>()
                    .as_slice()
            {
                self.query.metrics.push(amount.name.to_string());
                self.assume(format!("read the amount asked as {}", amount.title.to_lowercase()));
            }
        }
        if intent == Intent::Answer
            && self.query.metrics.is_empty()
            && !self.unanswerable
            && self.options.is_empty()
        {
            self.unanswerable = true;
            self.note(1.0, "the question names no metric");
        }
        // "the open pipeline's average probability, weighted by deal amount".
        let said = |words: &[&str]| self.ws.iter().any(|w| words.contains(&w.as_str()));
        if said(&["probability", "probabilities"])
            && said(&["weighted", "weighting", "weight"])
            && said(&["average", "avg", "mean"])
            && self
                .query
                .metrics
                .iter()
                .all(|m| model::metric(m).and_then(model::Metric::table) == Some("opportunity"))
            && self.query.dimensions.is_empty()
            && self.query.grain.is_none()
        {
            self.query.metrics = vec!["weighted_probability".to_string()];
            self.query.aggregation = None;
            self.query.records = false;
            self.notes.retain(|n| !n.reason.contains("probabilit"));
        }
        // "what fraction of open deals is in each stage": the open deals spread over the stages. A
        // breakdown that decides the state (a deal's stage, a ticket's status) has each row all in it
        // or all out, so its rate says nothing; the spread is asked.
        if matches!(
            self.query.aggregation,
            Some(Aggregation::Share | Aggregation::Percentage)
        ) && matches!(self.query.dimensions.as_slice(), [d] if d == "stage" || d == "status")
            && let [m] = self.query.metrics.as_slice()
            && model::share_of(m).is_some()
        {
            self.query.spread = true;
        }
        // "how many days did our lost deals take from creation to close": the sales cycle of the
        // deals lost.
        if self.query.metrics == ["sales_cycle_days"]
            && self
                .ws
                .iter()
                .any(|w| matches!(w.as_str(), "lost" | "lose" | "losing"))
            && !self
                .ws
                .iter()
                .any(|w| matches!(w.as_str(), "won" | "win" | "winning"))
        {
            self.query.metrics = vec!["lost_cycle_days".to_string()];
        }
        Parsed {
            query: self.query,
            intent,
            notes: self.notes,
            options: self.options,
            unanswerable: self.unanswerable,
        }
    }
}

/// Whether `word`, by its stem, names a state of records ([`model::STATES`]).
fn names_a_state(word: &str) -> bool {
    let stem = stem(word);
    model::STATES.iter().any(|s| s.named_by(word, &stem))
}

/// "this year's tickets": the period, not a plural ("year's" is read as "years").
fn possessive_periods(mut ws: Vec<String>) -> Vec<String> {
    // "2026's revenue", "q3's bookings".
    for w in &mut ws {
        if let Some(period) = w.strip_suffix('s')
            && (time::year_number(period).is_some()
                || matches!(period, "q1" | "q2" | "q3" | "q4" | "h1" | "h2"))
        {
            *w = period.to_string();
        }
    }
    for i in 1..ws.len() {
        let singular = ws[i].strip_suffix('s').map(str::to_string);
        if matches!(ws[i - 1].as_str(), "this" | "last" | "next")
            && let Some(singular) = singular
            && unit(&singular).is_some()
        {
            ws[i] = singular;
        }
    }
    ws
}

/// Words that are read but carry no meaning of their own here.
fn is_filler(w: &str) -> bool {
    matches!(
        w,
        "lately"
            | "field"
            | "volume"
            | "include"
            | "calendar"
            | "pricing"
            | "set"
            | "expected"
            | "scheduled"
            | "slated"
            | "support"
            | "firms"
            | "paying"
            | "but"
            | "brought"
            | "please"
            | "thanks"
            | "thank"
            | "hey"
            | "hi"
            | "hello"
            | "exactly"
            | "roughly"
            | "approximately"
            | "approx"
            | "total"
            | "totals"
            | "grand"
            | "combined"
            | "aggregate"
            | "booked"
            | "earned"
            | "sum"
            | "biggest"
            | "stand"
            | "stands"
            | "looks"
            | "overall"
            | "company"
            | "business"
            | "firm"
            | "org"
            | "organization"
            | "and"
            | "vs"
            | "sofar"
            | "distinct"
            | "different"
            | "unique"
            | "separate"
            | "sell"
            | "serve"
            | "own"
            | "use"
            | "uses"
            | "using"
            | "contract"
            | "big"
            | "large"
            | "single"
            | "owned"
            | "assigned"
            | "marked"
            | "flagged"
            | "tagged"
            | "labeled"
            | "labelled"
            | "only"
            // Where records are, or that they are still there: the place or the state says it.
            | "based"
            | "headquartered"
            | "located"
            | "situated"
            | "stuck"
            | "sitting"
            | "remain"
            | "remains"
    )
}

/// Tokens the parser reads by shape (quarters, years, numbers) rather than by dictionary.
fn is_special(w: &str) -> bool {
    matches!(
        w,
        "q1" | "q2"
            | "q3"
            | "q4"
            | "h1"
            | "h2"
            | "ytd"
            | "qtd"
            | "mtd"
            | "yoy"
            | "qoq"
            | "mom"
            | "ttm"
            | "ltm"
            // Ranking words, never corrected into metrics ("most" is not a misspelt "cost").
            | "top"
            | "bottom"
            | "best"
            | "worst"
            | "most"
            | "least"
            | "largest"
            | "biggest"
            | "highest"
            | "smallest"
            | "lowest"
            | "fewest"
            | "leading"
            | "greatest"
    ) || time::year_number(w).is_some()
        || w.bytes().next().is_some_and(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn vocabulary() -> Vocabulary {
        let mut v = Vocabulary::new();
        v.learn("country", ["US".to_string(), "DE".into()]);
        v.learn("industry", ["Technology".to_string(), "Healthcare".into()]);
        v.learn("account", ["Polaris Labs".to_string()]);
        v.learn("priority", ["urgent".to_string(), "high".into()]);
        v
    }

    fn parsed(question: &str) -> Parsed {
        parsed_with(&vocabulary(), question)
    }

    /// `question` read with `vocabulary`, on the demo's today.
    fn parsed_with(vocabulary: &Vocabulary, question: &str) -> Parsed {
        let today = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default();
        parse(vocabulary, question, None, today)
    }

    /// The first and the day after the last day of a period, as text.
    fn span(p: &Option<Period>) -> Option<(String, String)> {
        p.as_ref().map(|p| (p.start.to_string(), p.end.to_string()))
    }

    /// What the notes take off the confidence: under 0.2 is high, over 0.5 low.
    fn penalty(p: &Parsed) -> f64 {
        p.notes.iter().map(|n| n.penalty).sum()
    }

    fn values(p: &Parsed) -> Vec<(String, Vec<String>, bool)> {
        p.query
            .filters
            .iter()
            .filter_map(|f| match f {
                Filter::Values {
                    dimension,
                    values,
                    negated,
                } => Some((dimension.clone(), values.clone(), *negated)),
                Filter::Number { .. }
                | Filter::Missing { .. }
                | Filter::Present { .. }
                | Filter::Undated { .. }
                | Filter::Dated { .. }
                | Filter::Records { .. } => None,
            })
            .collect()
    }

    #[test]
    fn a_denied_state_reads_as_its_opposite_or_is_never_confident() {
        for (q, metric) in [
            ("number of tickets not resolved", "open_tickets"),
            ("how many invoices haven't been paid", "unpaid_invoices"),
            ("count deals that aren't closed", "open_opportunities"),
            ("how many deals not won yet", "open_opportunities"),
            ("subscriptions that were not canceled", "subscriptions"),
            ("how many tickets met SLA", "tickets_within_sla"),
            (
                "tickets that did not breach their SLA",
                "tickets_within_sla",
            ),
        ] {
            let p = parsed(q);
            assert_eq!(p.query.metrics, [metric], "{q}: {:?}", p.notes);
            assert!(penalty(&p) < 0.2, "{q}: {:?}", p.notes);
        }
        // "not won" may be lost or still open; a "not" that applies to nothing is dropped: both low.
        for q in ["deals we didn't win", "revenue that isn't recurring"] {
            let p = parsed(q);
            assert!(penalty(&p) > 0.5, "{q}: {:?}", p.notes);
        }
    }

    #[test]
    fn missing_values_distinct_counts_medians_and_shares_of_amounts() {
        let p = parsed("accounts without an owner");
        assert_eq!(
            p.query.filters,
            [Filter::Missing {
                dimension: "owner".into()
            }]
        );
        let p = parsed("how many accounts don't have an industry");
        assert!(
            matches!(p.query.filters.as_slice(), [Filter::Missing { dimension }] if dimension == "industry")
        );
        let p = parsed("how many different industries are there");
        assert_eq!(
            (p.query.distinct.as_deref(), p.query.metrics.as_slice()),
            (Some("industry"), &["accounts".to_string()][..])
        );
        let p = parsed("how many countries are our customers in");
        assert_eq!(
            (p.query.distinct.as_deref(), p.query.metrics.as_slice()),
            (Some("country"), &["customers".to_string()][..])
        );
        assert!(p.query.dimensions.is_empty());
        let p = parsed("what is the median deal size");
        assert_eq!(p.query.aggregation, Some(Aggregation::Median));
        let p = parsed("what percentage of MRR comes from Germany");
        assert_eq!(p.query.aggregation, Some(Aggregation::Percentage));
        // A ratio asked in percent is the same ratio, times 100.
        let p = parsed("what is our sla breach percentage");
        assert_eq!(p.query.aggregation, Some(Aggregation::AsPercentage));
        assert!(p.query.filters.is_empty());
    }

    #[test]
    fn records_rank_by_time_regions_name_their_countries_and_mrr_moves_by_month() {
        let p = parsed("the 5 oldest open tickets");
        assert!(p.query.records && p.query.by_time, "{:?}", p.notes);
        assert_eq!((p.query.order, p.query.limit), (Some(Order::Asc), Some(5)));
        let p = parsed("most recent invoices");
        assert!(p.query.records && p.query.by_time);
        assert_eq!(p.query.order, Some(Order::Desc));
        // "latest" before a figure is now, not a ranking.
        assert!(!parsed("latest MRR").query.by_time);
        let mut v = vocabulary();
        v.learn(
            "country",
            ["US".to_string(), "CA".into(), "DE".into(), "JP".into()],
        );
        let today = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default();
        let p = parse(&v, "pipeline in north america", None, today);
        assert_eq!(
            values(&p),
            [(
                "country".to_string(),
                vec!["CA".to_string(), "US".into()],
                false
            )]
        );
        let p = parsed("how much MRR did we lose to churn last month");
        assert_eq!(p.query.metrics, ["churned_mrr"], "{:?}", p.notes);
        assert!(p.query.time.is_some());
    }

    #[test]
    fn accounts_counted_by_their_health_score() {
        let metric = |q: &str| parsed(q).query.metrics;
        assert_eq!(
            metric("how many accounts have a yellow health score"),
            ["accounts"]
        );
        assert_eq!(
            metric("number of accounts with a green health score"),
            ["accounts"]
        );
        let p = parsed("how many customers have a health score below 50");
        assert_eq!(p.query.dimensions, ["account"]);
        assert_eq!(metric("what is the average health score"), ["health_score"]);
    }

    #[test]
    fn thresholds_per_row_best_periods_and_changes_between_periods() {
        let today = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default();
        let p = parsed("which customers have more than 20 tickets");
        assert_eq!(p.query.metrics, ["tickets"]);
        assert_eq!(p.query.dimensions, ["account"]);
        let sql = crate::compile::compile(&p.query, today);
        assert!(sql.contains("HAVING count(*) > 20"), "{sql}");
        let p = parsed("how many customers have more than 20 tickets");
        assert!(p.query.count_rows, "{:?}", p.query);
        let sql = crate::compile::compile(&p.query, today);
        assert!(
            sql.starts_with("SELECT count(*) AS account_count FROM ("),
            "{sql}"
        );
        let p = parsed("what's our best month for bookings");
        assert_eq!(
            (p.query.grain, p.query.limit),
            (Some(Grain::Month), Some(1))
        );
        let p = parsed("how did bookings change from Q2 to Q3");
        let (time, compare) = (p.query.time.as_ref(), p.query.compare.as_ref());
        assert_eq!(time.map(|t| t.label.as_str()), Some("Q3 2026"));
        assert_eq!(compare.map(|t| t.label.as_str()), Some("Q2 2026"));
        let p = parsed("revenue in the first half of last year");
        assert_eq!(p.query.time.map(|t| t.label), Some("H1 2025".to_string()));
    }

    #[test]
    fn ages_in_days_are_no_amounts() {
        let today = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default();
        let age = |q: &str| {
            parsed(q).query.filters.iter().find_map(|f| match f {
                Filter::Number {
                    field: NumberField::AgeDays,
                    op,
                    value,
                } => Some((*op, *value)),
                _ => None,
            })
        };
        for q in [
            "AR aged over 90 days",
            "open invoices more than 90 days past their invoice date",
            "unpaid invoices older than ninety days from issue",
            "open invoices over 90 days old",
        ] {
            assert_eq!(age(q), Some((Comparison::Greater, 90.0)), "{q}");
        }
        assert_eq!(
            age("tickets open for more than a week"),
            Some((Comparison::Greater, 7.0))
        );
        assert_eq!(
            age("open invoices under 30 days old"),
            Some((Comparison::Less, 30.0))
        );
        // A number of days with no word of age is neither an age nor an amount.
        let p = parsed("unpaid invoices over 90 days");
        assert!(p.query.filters.is_empty(), "{:?}", p.query.filters);
        assert!(penalty(&p) >= 0.2, "{:?}", p.notes);
        let p = parsed("unpaid invoices more than 90 days old");
        let sql = crate::compile::compile(&p.query, today);
        assert!(
            sql.contains("f.issued_at < TIMESTAMP '2026-08-02 00:00:00'"),
            "{sql}"
        );
        let p = parsed("open tickets at least 7 days old");
        let sql = crate::compile::compile(&p.query, today);
        assert!(
            sql.contains("f.opened_at < TIMESTAMP '2026-10-25 00:00:00'"),
            "{sql}"
        );
    }

    #[test]
    fn a_number_of_records_per_row_and_the_us_dollar() {
        let today = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default();
        for q in [
            "win rate by rep in 2026, only reps with at least 40 closed deals",
            "2026 win rate per owner, min 40 closed opps",
        ] {
            let p = parsed(q);
            assert_eq!(p.query.metrics, ["win_rate"], "{q}");
            let sql = crate::compile::compile(&p.query, today);
            assert!(sql.contains("HAVING count(*) >= 40"), "{q}: {sql}");
            assert!(!sql.contains("amount"), "{q}: {sql}");
        }
        // "US dollars" is the currency, not the country; "in US dollars" the unit.
        let mut v = vocabulary();
        v.learn("currency", ["USD", "EUR"].map(String::from));
        let parsed = |q: &str| parsed_with(&v, q);
        let p = parsed("average paid invoice in 2025 whose invoice currency was US dollars");
        assert!(
            p.query.filters.iter().any(|f| matches!(f, Filter::Values { dimension, values, .. } if dimension == "currency" && values == &["USD"])),
            "{:?}",
            p.query
        );
        assert!(p.query.dimensions.is_empty(), "{:?}", p.query);
        for q in [
            "total revenue in 2025 in US dollars",
            "paid revenue for 2025 by currency (USD)",
        ] {
            let p = parsed(q);
            assert!(
                !p.query
                    .filters
                    .iter()
                    .any(|f| matches!(f, Filter::Values { .. })),
                "{q}: {:?}",
                p.query
            );
        }
    }

    #[test]
    fn due_dates_without_a_year_are_the_nearer_ones_and_months_ending_a_period() {
        let time = |q: &str| {
            parsed(q)
                .query
                .time
                .map(|t| (t.start.to_string(), t.end.to_string()))
        };
        let days = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
        assert_eq!(
            time("How much open AR is due between November 1 and November 7 inclusive?"),
            days("2026-11-01", "2026-11-08")
        );
        assert_eq!(
            time("invoices that were due in September"),
            days("2026-09-01", "2026-10-01")
        );
        // (What happened is behind: the latest November 1 begun.)
        assert_eq!(
            time("invoices issued since November 1"),
            days("2025-11-01", "2026-11-01")
        );
        for q in [
            "spend for the last 12 full months ending October 2026",
            "spend for the 12 months ending October 2026",
            "spend over the past 12 months through October 2026",
        ] {
            assert_eq!(time(q), days("2025-11-01", "2026-11-01"), "{q}");
        }
    }

    #[test]
    fn customers_on_a_plan_now_are_those_whose_live_subscription_is_on_it() {
        let today = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default();
        let mut v = vocabulary();
        v.learn(
            "plan",
            ["AutonomOS Enterprise", "AutonomOS Starter"].map(String::from),
        );
        let sql = |q: &str| crate::compile::compile(&parsed_with(&v, q).query, today);
        let live = "d.status IN ('active', 'past_due') AND d.plan IN ('AutonomOS Enterprise')";
        // Now, and over a period gone by: the plan's customers as they are today.
        for q in [
            "how many tickets have enterprise customers opened this year",
            "tickets from enterprise customers in 2025",
        ] {
            let sql = sql(q);
            assert!(sql.contains(live), "{q}: {sql}");
        }
        // Over all of time, any of their subscriptions.
        let sql = sql("revenue from enterprise customers");
        assert!(
            sql.contains("AutonomOS Enterprise") && !sql.contains(live),
            "{sql}"
        );
    }

    #[test]
    fn the_period_said_first_comes_first_and_since_an_edge() {
        let periods = |q: &str| {
            let p = parsed(q);
            assert!(
                !p.notes.iter().any(|n| n.reason.contains("first")),
                "{q}: {:?}",
                p.notes
            );
            (
                p.query.time.map(|t| t.start.to_string()),
                p.query.compare.map(|t| t.start.to_string()),
            )
        };
        let day = |d: &str| Some(d.to_string());
        for q in [
            "revenue Oct 2025 vs Oct 2026 (2025 first)",
            "revenue in Q3 2025 and Q3 2026, last year first",
        ] {
            let (time, compare) = periods(q);
            assert!(time < compare, "{q}: {time:?} {compare:?}");
        }
        let (time, compare) =
            periods("Compare revenue for Q3 2026 with Q3 2025, this year's figure first");
        assert_eq!((time, compare), (day("2026-07-01"), day("2025-07-01")));
        let since = |q: &str| {
            parsed(q)
                .query
                .time
                .map(|t| (t.start.to_string(), t.end.to_string()))
        };
        let until_today = |d: &str| Some((d.to_string(), "2026-11-01".to_string()));
        assert_eq!(
            since("quarterly bookings since the start of 2025"),
            until_today("2025-01-01")
        );
        assert_eq!(
            since("ARR growth since the end of 2025"),
            until_today("2026-01-01")
        );
        assert_eq!(
            since("new tickets opened since Monday, October 26"),
            until_today("2026-10-26")
        );
    }

    #[test]
    fn vendor_bills_are_netsuites_and_across_every_account_is_one_total() {
        let mut v = vocabulary();
        v.learn(
            "source",
            ["netsuite", "warehouse", "stripe"].map(String::from),
        );
        for q in [
            "vendor bills total for October 2026",
            "avg AP bill size last year",
        ] {
            let p = parsed_with(&v, q);
            assert_eq!(p.query.metrics, ["spend"], "{q}");
            assert!(
                p.query.filters.iter().any(|f| matches!(f, Filter::Values { dimension, values, .. } if dimension == "source" && values == &["netsuite"])),
                "{q}: {:?}",
                p.query
            );
        }
        let p = parsed("total active users across every account on Friday 30 October 2026");
        assert!(p.query.dimensions.is_empty(), "{:?}", p.query);
        let day = p
            .query
            .time
            .map(|t| (t.start.to_string(), t.end.to_string()));
        assert_eq!(
            day,
            Some(("2026-10-30".to_string(), "2026-10-31".to_string()))
        );
    }

    #[test]
    fn customers_counted_with_records_are_the_paying_ones_listed_every_one() {
        for (q, counted) in [
            ("how many customers have an unresolved ticket", "customers"),
            (
                "how many paying customers have an unresolved ticket",
                "customers",
            ),
            ("list customers with urgent tickets", "accounts"),
            (
                "how many different customers did we invoice in October 2026",
                "accounts",
            ),
            ("how many accounts have open tickets", "accounts"),
        ] {
            assert_eq!(parsed(q).query.metrics, [counted], "{q}");
        }
    }

    #[test]
    fn the_busiest_and_the_weakest_periods_are_ranked() {
        for (q, grain, order) in [
            (
                "peak spend month this yr + amount",
                Grain::Month,
                Order::Desc,
            ),
            (
                "What was the single busiest day for API calls in Q3 2026?",
                Grain::Day,
                Order::Desc,
            ),
            (
                "In 2025, what was our weakest quarter by paid revenue?",
                Grain::Quarter,
                Order::Asc,
            ),
        ] {
            let p = parsed(q);
            assert_eq!(
                (p.query.grain, p.query.order, p.query.limit),
                (Some(grain), Some(order), Some(1)),
                "{q}"
            );
        }
    }

    #[test]
    fn invoices_of_one_currency_in_their_own_amounts() {
        let today = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default();
        let mut v = vocabulary();
        v.learn("currency", ["USD", "EUR", "JPY"].map(String::from));
        let sql = |q: &str| {
            let p = parsed_with(&v, q);
            (
                p.query.original_currency,
                crate::compile::compile(&p.query, today),
            )
        };
        let (own, yen) = sql("How many yen did paid JPY invoices issued in 2025 add up to?");
        assert!(own && yen.contains("sum(f.amount_original)"), "{yen}");
        let (own, over) = sql("how many paid EUR invoices this year were over 10,000 euros");
        assert!(own && over.contains("f.amount_original > 10000"), "{over}");
        // Amounts of several currencies, or paid in dollars, do not add up in their own.
        let (own, all) = sql("paid revenue in 2025 in euros and yen");
        assert!(!own && !all.contains("amount_original"), "{all}");
        // What was paid, in the invoice's own currency at its rate.
        let (own, paid) = sql("collections from EUR invoices in 2025, in euros");
        assert!(
            own && paid.contains("f.amount_paid * f.amount_original / nullif(f.amount, 0)"),
            "{paid}"
        );
    }

    #[test]
    fn columns_asked_of_records() {
        let today = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default();
        let mut v = vocabulary();
        v.learn(
            "stage",
            ["Negotiation/Review", "Prospecting"].map(String::from),
        );
        v.learn("owner", ["Maya Lopez", "Sam Brown"].map(String::from));
        let parsed = |q: &str| parsed_with(&v, q);
        for (q, columns) in [
            ("opps in Negotiation/Review stage + owner", &["owner"][..]),
            (
                "List the open opportunities at the Negotiation/Review stage along with the rep who owns each one.",
                &["owner"][..],
            ),
            (
                "List Maya Lopez's open deals together with their expected close dates.",
                &["close_date"][..],
            ),
            (
                "which deals did we lose last month, and when",
                &["close_date"][..],
            ),
            (
                "Which of Maya Lopez's accounts cancelled a subscription this year, and when?",
                &["canceled_at"][..],
            ),
        ] {
            let p = parsed(q);
            assert!(p.query.records, "{q}: {:?}", p.query);
            assert_eq!(p.query.columns, columns, "{q}");
            assert!(p.query.dimensions.is_empty(), "{q}: {:?}", p.query);
            let sql = crate::compile::compile(&p.query, today);
            assert!(sql.contains(&format!(" AS {}", columns[0])), "{q}: {sql}");
        }
        // Records ranked by their value: "worth the most", "the biggest ... show amounts", "the largest
        // open invoice".
        for (q, limit) in [
            (
                "Which three deals that closed lost in 2026 were worth the most?",
                3,
            ),
            ("Which five at-risk deals are the biggest? Show amounts.", 5),
            ("largest open invoice - whose and how much", 1),
        ] {
            let p = parsed(q);
            assert!(p.query.records, "{q}: {:?}", p.query);
            assert_eq!(
                (p.query.order, p.query.limit),
                (Some(Order::Desc), Some(limit)),
                "{q}"
            );
        }
        let p = parsed("on average how many active users did a workspace have yesterday");
        assert_eq!(
            (p.query.aggregation, p.query.dimensions.len()),
            (Some(Aggregation::PerAccount), 0),
            "{:?}",
            p.query
        );
        // Active accounts, or workspaces: those with an active user in the period.
        let p = parsed("top 3 countries by active workspaces this month");
        assert_eq!(
            (
                p.query.metrics.as_slice(),
                p.query.dimensions.as_slice(),
                p.query.limit
            ),
            (
                &["active_accounts".to_string()][..],
                &["country".to_string()][..],
                Some(3)
            )
        );
        // A breakdown stays one when its figure is asked.
        let p = parsed("how many open deals by owner, with the stage");
        assert!(!p.query.records, "{:?}", p.query);
    }

    #[test]
    fn the_value_of_records_named_is_not_their_count_too() {
        let p = parsed("what recurring revenue did churned customers take with them in 2025?");
        assert_eq!(p.query.metrics, ["churned_mrr"]);
        let p = parsed("trialing subscriptions and their MRR");
        assert_eq!(p.query.metrics.len(), 2, "{:?}", p.query);
    }

    #[test]
    fn accounts_listed_by_their_health_band_show_their_score() {
        let today = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default();
        let mut v = vocabulary();
        v.learn("band", ["green", "yellow", "red"].map(String::from));
        for q in [
            "which accounts are in the yellow band?",
            "list yellow health accts + score",
        ] {
            let p = parsed_with(&v, q);
            assert!(p.query.records, "{q}: {:?}", p.query);
            assert!(penalty(&p) < 0.2, "{q}: {:?}", p.notes);
            let sql = crate::compile::compile(&p.query, today);
            assert!(
                sql.contains(") AS score FROM ontology.account f"),
                "{q}: {sql}"
            );
        }
    }

    #[test]
    fn readings_that_may_change_the_question_are_never_confident() {
        // "stale" is one letter from "stage"; "on time" has no column; "pipeline health" is not the
        // accounts' health score.
        for q in [
            "stale deals",
            "percentage of invoices paid on time",
            "how healthy is our pipeline",
        ] {
            let p = parsed(q);
            assert!(penalty(&p) >= 0.2, "{q}: {:?}", p.notes);
        }
        assert!(
            !parsed("pipeline health")
                .query
                .metrics
                .contains(&"health_score".to_string())
        );
        // A long word one letter off is still read with confidence.
        assert!(penalty(&parsed("reccuring revenue")) < 0.2);
        // Before and after a period.
        let p = parsed("accounts created before 2025");
        assert_eq!(
            p.query.time.map(|t| t.end.to_string()),
            Some("2025-01-01".to_string())
        );
        let p = parsed("deals won after June");
        assert_eq!(
            p.query.time.map(|t| t.start.to_string()),
            Some("2026-07-01".to_string())
        );
        // "length" of what has no duration is not read with confidence.
        assert!(penalty(&parsed("average subscription length")) >= 0.2);
        // A word corrected into a breakdown nobody asked for is never confident.
        let mut v = vocabulary();
        v.learn("priority", ["urgent".to_string()]);
        let today = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default();
        let p = parse(&v, "revenue by marketts", None, today);
        assert_eq!(p.query.dimensions, ["country"], "{:?}", p.notes);
        assert!(penalty(&p) >= 0.2, "{:?}", p.notes);
        // "where" with no place named; closed deals by the stage that closed them.
        assert!(penalty(&parsed("where are we losing deals")) >= 0.2);
        assert!(penalty(&parsed("lost deals by stage")) >= 0.2);
        assert!(penalty(&parsed("pipeline by stage")) < 0.2);
        // "vs" between two figures, not two periods, is no comparison of periods.
        let p = parsed("how many tickets were opened vs resolved this month");
        assert!(
            p.query.compare.is_none() && penalty(&p) >= 0.2,
            "{:?}",
            p.notes
        );
        let p = parsed("revenue this quarter vs last quarter");
        assert!(p.query.compare.is_some(), "{:?}", p.notes);
        // "critical" is a ticket priority, not a health band; "most" ranks who has the most records.
        let mut v = vocabulary();
        v.learn("priority", ["urgent".to_string(), "low".into()]);
        v.learn("band", ["red".to_string(), "green".into()]);
        let today = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default();
        let p = parse(&v, "critical tickets", None, today);
        assert_eq!(
            values(&p),
            [("priority".to_string(), vec!["urgent".to_string()], false)]
        );
        let p = parse(&v, "customers with the most urgent tickets", None, today);
        assert!(
            !p.query.records && p.query.dimensions == ["account"],
            "{:?}",
            p.query
        );
    }

    #[test]
    fn us_in_capitals_is_the_country_and_in_lowercase_the_pronoun() {
        assert_eq!(spell_out_us("US revenue"), "united states revenue");
        assert_eq!(spell_out_us("revenue (U.S.)?"), "revenue (united states)?");
        assert_eq!(spell_out_us("tell us revenue"), "tell us revenue");
        let p = parsed("revenue excluding the US");
        assert_eq!(
            values(&p),
            vec![("country".to_string(), vec!["US".to_string()], true)]
        );
        assert!(values(&parsed("show us revenue")).is_empty());
    }

    #[test]
    fn industry_short_names_are_values_not_breakdowns() {
        let p = parsed("tech industry revenue");
        assert_eq!(
            values(&p),
            vec![(
                "industry".to_string(),
                vec!["Technology".to_string()],
                false
            )]
        );
        assert!(p.query.dimensions.is_empty(), "{:?}", p.query);
    }

    #[test]
    fn a_count_before_a_breakdown_is_a_limit() {
        for q in [
            "which 5 customers brought in the most revenue",
            "5 accounts with the most revenue",
        ] {
            let p = parsed(q);
            assert_eq!(p.query.limit, Some(5), "{q}: {:?}", p.query);
            assert_eq!(p.query.dimensions, vec!["account"], "{q}");
            assert_eq!(p.query.metrics, vec!["revenue"], "{q}");
        }
    }

    #[test]
    fn a_ranked_breakdown_without_a_metric_takes_one_it_applies_to() {
        let p = parsed("biggest three vendors");
        assert_eq!(p.query.metrics, vec!["spend"]);
        assert_eq!(p.query.limit, Some(3));
    }

    #[test]
    fn this_year_against_last_year_compares_the_same_days() {
        let p = parsed("revenue this year vs last year");
        let compare = p
            .query
            .compare
            .clone()
            .unwrap_or_else(|| panic!("{:?}", p.query));
        assert_eq!(compare.start.to_string(), "2025-01-01");
        assert_eq!(compare.end.to_string(), "2025-11-01");
    }

    #[test]
    fn how_is_a_topic_is_an_overview() {
        let p = parsed("how is the pipeline?");
        assert!(matches!(
            p.intent,
            Intent::Dashboard {
                topic: Some("open_pipeline"),
                ..
            }
        ));
        assert!(matches!(parsed("how many deals").intent, Intent::Answer));
    }

    #[test]
    fn an_unmapped_word_keeps_an_answer_below_high_confidence() {
        let p = parsed("zorblax revenue");
        let penalty: f64 = p.notes.iter().map(|n| n.penalty).sum();
        assert!(penalty > 0.2, "{:?}", p.notes);
    }

    #[test]
    fn a_state_word_next_to_its_entity_asks_for_the_state() {
        let metric = |q: &str| parsed(q).query.metrics;
        assert_eq!(metric("how many deals did we lose"), ["lost_deals"]);
        assert_eq!(
            metric("opportunities that are still open"),
            ["open_opportunities"]
        );
        assert_eq!(
            metric("subscriptions cancelled in 2025"),
            ["canceled_subscriptions"]
        );
        assert_eq!(metric("cancellations in 2025"), ["canceled_subscriptions"]);
        assert_eq!(
            metric("tickets that breached their SLA"),
            ["breached_tickets"]
        );
        assert_eq!(metric("tickets still unresolved"), ["open_tickets"]);
        // "opened" says when a ticket was, not which state it is in.
        assert_eq!(metric("tickets opened in October"), ["tickets"]);
        // A state word that applies to nothing asked is never silently dropped.
        let p = parsed("revenue still lost");
        assert!(
            p.notes
                .iter()
                .any(|n| n.reason.contains("applies to nothing")),
            "{:?}",
            p.notes
        );
    }

    #[test]
    fn how_many_asks_for_a_count_and_how_much_for_a_value() {
        let metric = |q: &str| parsed(q).query.metrics;
        assert_eq!(
            metric("total value of deals won last quarter"),
            ["bookings"]
        );
        assert_eq!(
            metric("how many deals are in the pipeline"),
            ["open_opportunities"]
        );
        assert_eq!(metric("value of deals we lost"), ["lost_amount"]);
        assert_eq!(
            metric("how much do we have in unpaid invoices"),
            ["unpaid_amount"]
        );
        assert_eq!(metric("bookings last quarter"), ["bookings"]);
    }

    #[test]
    fn an_aggregation_it_cannot_compute_is_never_a_confident_answer() {
        let p = parsed("average revenue");
        let penalty: f64 = p.notes.iter().map(|n| n.penalty).sum();
        assert!(penalty > 0.2, "{:?}", p.notes);
    }

    #[test]
    fn questions_about_records_are_answered_with_records() {
        let p = parsed("largest open deal");
        assert!(p.query.records, "{:?}", p.query);
        assert_eq!(p.query.metrics, ["open_opportunities"]);
        assert_eq!(p.query.limit, Some(1));
        let p = parsed("top 3 deals we won this year");
        assert!(p.query.records && p.query.limit == Some(3), "{:?}", p.query);
        let p = parsed("list the accounts in healthcare");
        assert!(p.query.records, "{:?}", p.query);
        assert_eq!(p.query.metrics, ["accounts"]);
        let p = parsed("which accounts are in healthcare");
        assert!(p.query.records, "{:?}", p.query);
        // Figures stay figures.
        assert!(!parsed("how many accounts in healthcare").query.records);
        assert!(!parsed("top 5 accounts by revenue").query.records);
    }

    #[test]
    fn accounts_with_or_without_records_of_another_kind() {
        let records = |p: &Parsed| {
            p.query.filters.iter().find_map(|f| match f {
                Filter::Records {
                    metric, negated, ..
                } => Some((metric.clone(), *negated)),
                _ => None,
            })
        };
        for (question, accounts, of, negated) in [
            (
                "how many customers have open tickets",
                "customers",
                "open_tickets",
                false,
            ),
            (
                "which accounts have open deals",
                "accounts",
                "open_opportunities",
                false,
            ),
            (
                "customers with no open tickets",
                "customers",
                "open_tickets",
                true,
            ),
            (
                "accounts without any open deals",
                "accounts",
                "open_opportunities",
                true,
            ),
            (
                "how many customers have never filed a ticket",
                "customers",
                "tickets",
                true,
            ),
            (
                "customers that don't have any tickets",
                "customers",
                "tickets",
                true,
            ),
            (
                "healthcare accounts that have had no deals this year",
                "accounts",
                "opportunities",
                true,
            ),
        ] {
            let p = parsed(question);
            assert_eq!(p.query.metrics, [accounts], "{question}");
            assert_eq!(records(&p), Some((of.to_string(), negated)), "{question}");
            // "customers with open tickets" may mean every account with them, and accounts named with
            // nothing asked of them may be wanted listed: never confidently.
            let either = question.contains("customers") && !negated;
            let named_only = !["how", "which", "list", "count"]
                .iter()
                .any(|w| question.split(' ').any(|x| x == *w));
            assert_eq!(
                penalty(&p) > 0.2,
                either || named_only,
                "{question}: {:?}",
                p.notes
            );
        }
        // A threshold or a ranking of the records is a breakdown, not a condition.
        for question in [
            "customers with more than 20 tickets",
            "which accounts have the most open tickets",
        ] {
            assert_eq!(records(&parsed(question)), None, "{question}");
        }
        assert!(
            parsed("healthcare accounts with no deals this year")
                .query
                .filters
                .iter()
                .any(
                    |f| matches!(f, Filter::Records { time: Some(t), .. } if t.label == "this year")
                )
        );
    }

    #[test]
    fn one_accounts_value_is_looked_up_without_a_count() {
        for (question, dimension) in [
            ("which plan is Polaris Labs on?", "plan"),
            ("what industry is Polaris Labs in", "industry"),
            ("who owns the Polaris Labs account?", "owner"),
            ("where is Polaris Labs based", "country"),
            ("account owner for Polaris Labs", "owner"),
        ] {
            let p = parsed(question);
            assert!(p.query.values, "{question}: {:?}", p.query);
            assert_eq!(p.query.dimensions, [dimension], "{question}");
            assert!(penalty(&p) < 0.2, "{question}: {:?}", p.notes);
        }
        // Counted or broken down as asked.
        assert!(
            !parsed("how many tickets has Polaris Labs opened by priority")
                .query
                .values
        );
        assert!(!parsed("tickets by priority for Polaris Labs").query.values);
    }

    #[test]
    fn instructions_to_change_data_and_undefined_figures_are_refused() {
        for question in [
            "cancel every past-due subscription",
            "please mark all invoices paid",
            "delete the lost deals from 2024",
            "what's our customer acquisition cost?",
        ] {
            let p = parsed(question);
            assert!(p.unanswerable, "{question}: {:?}", p.query);
        }
        for question in ["change in MRR this year", "close rate last quarter"] {
            assert!(!parsed(question).unanswerable, "{question}");
        }
    }

    #[test]
    fn records_beside_a_figure_are_what_it_is_computed_over() {
        let p = parsed("what's the SLA breach rate on urgent tickets?");
        assert_eq!(p.query.metrics, ["sla_breach_rate"]);
        let p = parsed("avg length of our sales cycle in days for won deals");
        assert_eq!(p.query.metrics, ["sales_cycle_days"]);
        assert!(penalty(&p) < 0.2, "{:?}", p.notes);
        // Joined by "and", both are asked.
        assert_eq!(parsed("sla breach rate and tickets").query.metrics.len(), 2);
    }

    #[test]
    fn trailing_year_figures_durations_and_states_before_their_records() {
        // A trailing-year figure asked over the last year is itself.
        for question in [
            "what fraction of our customers did we lose over the last 12 months?",
            "customer churn over the trailing year, as a ratio",
            "gross margin over the past year",
        ] {
            let p = parsed(question);
            assert_eq!(p.query.time, None, "{question}");
            assert_eq!(p.query.aggregation, None, "{question}");
            assert!(penalty(&p) < 0.2, "{question}: {:?}", p.notes);
        }
        // The median of a duration, placed in time by its tickets' opening, or by the event named
        // beside the records.
        let p = parsed("median hours to resolve tickets opened last quarter");
        assert_eq!(p.query.metrics, ["resolution_hours"]);
        assert_eq!(p.query.aggregation, Some(Aggregation::Median));
        assert_eq!(p.query.event, None);
        let p = parsed("median hours to resolve tickets resolved last quarter");
        assert_eq!(p.query.event.as_deref(), Some("resolved_at"));
        // "a paid invoice in 2025": paid says which invoices; their own time places them.
        let p = parsed("what was the average amount of a paid invoice in 2025?");
        assert_eq!(p.query.event, None);
        // "won deal value": the value of the won deals.
        assert_eq!(
            parsed("won deal value this year").query.metrics,
            ["bookings"]
        );
        // One account is asked for: one row.
        assert_eq!(
            parsed("account with the highest ticket volume over the past 90 days")
                .query
                .limit,
            Some(1)
        );
    }

    #[test]
    fn employees_idle_deals_currencies_cohorts_and_formulas() {
        // The accounts' employees are a measure; ours are not in the data.
        let p = parsed("median employee count of Technology accounts");
        assert_eq!(p.query.metrics, ["employees"]);
        assert_eq!(p.query.aggregation, Some(Aggregation::Median));
        assert!(penalty(&p) < 0.2, "{:?}", p.notes);
        assert!(parsed("how many employees do we have").unanswerable);
        let p = parsed("which 3 accounts have the most employees");
        assert_eq!(
            (p.query.metrics.as_slice(), p.query.rank_by, p.query.records),
            (
                &["accounts".to_string()][..],
                Some(NumberField::Employees),
                true
            )
        );
        // Employees as a condition leave the accounts counted.
        let p = parsed("number of accounts with from 1000 to 5000 employees");
        assert_eq!(p.query.metrics, ["accounts"]);
        assert_eq!(p.query.filters.len(), 2, "{:?}", p.query.filters);
        // Deals idle N days: a filter on their last activity, not a denied state.
        let p = parsed("total value of open deals with no activity in the last 60 days");
        assert_eq!(p.query.metrics, ["open_pipeline"]);
        assert_eq!(
            p.query.filters,
            [Filter::Number {
                field: NumberField::IdleDays,
                op: Comparison::Greater,
                value: 60.0
            }]
        );
        let p = parsed("list open opportunities not touched in 2 weeks");
        assert!(p.query.filters.iter().any(|f| matches!(f, Filter::Number { field: NumberField::IdleDays, value, .. } if *value == 14.0)));
        // "the customers we had a year ago ... still with us" is logo retention; "... have left",
        // logo churn; both over the last 12 months by definition.
        let p = parsed("Of the customers we had 12 months ago, what share are still with us?");
        assert_eq!(p.query.metrics, ["logo_retention"]);
        assert!(penalty(&p) < 0.2, "{:?}", p.notes);
        let p = parsed("what fraction of the customers we had a year ago have left since?");
        assert_eq!(p.query.metrics, ["logo_churn"]);
        // A ratio written as a formula.
        let p = parsed("Q3 won/(won+lost) as a %");
        assert_eq!(p.query.metrics, ["win_rate"]);
        assert_eq!(p.query.aggregation, Some(Aggregation::AsPercentage));
        // Where customers are: by country.
        assert_eq!(
            parsed("Where are most of our customers?").query.dimensions,
            ["country"]
        );
        // Worst of a figure where less is better is the most of it.
        let p = parsed("which account is our worst for SLA breaches");
        assert_eq!(p.query.order, Some(Order::Desc), "{:?}", p.query);
        // Cash collected is placed by when it was paid.
        let p = parsed("cash collected in Q2 2026");
        assert_eq!(p.query.metrics, ["collections"]);
        // "#" is a number; a thing counted by it is asked.
        let p = parsed("# urgent tickets last quarter");
        assert!(penalty(&p) < 0.2, "{:?}", p.notes);
        // Accounts without API calls: the accounts with none of those usage records.
        let p = parsed("customers with no API calls in the last 30 days");
        assert!(
            matches!(p.query.filters.as_slice(), [Filter::Records { metric, negated: true, .. }] if metric == "api_calls"),
            "{:?}",
            p.query
        );
        // A proposal's idle days are a day within a century, or refused (never a panic).
        let mut q = parsed("open deals with no activity in the last 60 days").query;
        assert!(q.validate(&vocabulary()).is_ok());
        q.filters = vec![Filter::Number {
            field: NumberField::IdleDays,
            op: Comparison::Greater,
            value: 1e18,
        }];
        assert!(q.validate(&vocabulary()).is_err());
        // The size of open deals is theirs, not the won deals' average deal size.
        let p = parsed("average open deal size by stage");
        assert_eq!(p.query.metrics, ["open_pipeline"]);
        assert_eq!(p.query.aggregation, Some(Aggregation::Average));
        // Deals named with nothing asked of them: counted, never confidently.
        assert!((0.2..0.5).contains(&penalty(&parsed("urgent tickets last quarter"))));
    }

    #[test]
    fn currencies_by_name_and_code_but_usd_is_the_unit() {
        let mut v = vocabulary();
        v.learn("currency", ["GBP".to_string(), "EUR".into(), "USD".into()]);
        let today = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default();
        for q in [
            "which accounts have open invoices in GBP",
            "open invoices in pounds sterling",
        ] {
            let p = parse(&v, q, None, today);
            assert!(
                p.query
                    .filters
                    .iter()
                    .chain(p.query.filters.iter().flat_map(|f| match f {
                        Filter::Records { filters, .. } => filters.as_slice(),
                        _ => &[],
                    }))
                    .any(|f| matches!(f, Filter::Values { dimension, values, .. } if dimension == "currency" && values == &["GBP".to_string()])),
                "{q}: {:?}",
                p.query
            );
        }
        let p = parse(&v, "billings by currency last quarter", None, today);
        assert_eq!(p.query.dimensions, ["currency"]);
        // "in USD" is how amounts are given, not a filter.
        let p = parse(&v, "revenue in USD last quarter", None, today);
        assert!(p.query.filters.is_empty(), "{:?}", p.query.filters);
    }

    #[test]
    fn contested_definitions_are_never_high_and_never_pushed_to_low() {
        // Some mean every invoice issued by "revenue": paid invoices is an assumption, said.
        for q in ["revenue last quarter", "top 5 accounts by revenue in 2025"] {
            let p = parsed(q);
            assert_eq!(p.query.metrics, ["revenue"], "{q}");
            assert!((0.2..0.5).contains(&penalty(&p)), "{q}: {:?}", p.notes);
        }
        // Unless the question says paid or collected: what was paid, placed in time by the day it
        // was paid, which many place by the issue date (said), unless that day is the one named.
        for q in [
            "how much have customers paid us in 2025",
            "H1 2026 cash collected",
        ] {
            let p = parsed(q);
            assert_eq!(p.query.metrics, ["collections"], "{q}");
            assert!((0.2..0.5).contains(&penalty(&p)), "{q}: {:?}", p.notes);
        }
        for q in [
            "cash collected last quarter",
            "how much was collected in September 2026",
        ] {
            let p = parsed(q);
            assert_eq!(p.query.metrics, ["collections"], "{q}");
            assert!(penalty(&p) < 0.2, "{q}: {:?}", p.notes);
        }
        let p = parsed("paid revenue last quarter");
        assert_eq!(p.query.metrics, ["revenue"]);
        assert!(penalty(&p) < 0.2, "{:?}", p.notes);
        // An assumption adds only what brings an answer down to medium: a misspelling already noted
        // does not make it low.
        let p = parsed("septmber revenue");
        assert!((0.2..0.5).contains(&penalty(&p)), "{:?}", p.notes);
        // The MRR lost to churn is positive; the view signs it negative.
        let p = parsed("churned MRR last quarter");
        assert_eq!(p.query.metrics, ["churned_mrr"]);
        assert!((0.2..0.5).contains(&penalty(&p)), "{:?}", p.notes);
    }

    #[test]
    fn growth_in_percent_ranges_orders_and_vendors() {
        // The change between two periods, in percent.
        let p = parsed("how much did bookings grow year over year in Q3, in percent?");
        assert!(p.query.growth && p.query.compare.is_some(), "{:?}", p.query);
        assert!(penalty(&p) < 0.2, "{:?}", p.notes);
        // Revenue grows the same way, though which invoices count is an assumption.
        let p = parsed("how much did revenue grow year over year in Q3, in percent?");
        assert!(p.query.growth && p.query.compare.is_some(), "{:?}", p.query);
        assert!((0.2..0.5).contains(&penalty(&p)), "{:?}", p.notes);
        // "May through October": one period.
        let p = parsed("how many tickets came in each month, May through October 2026?");
        assert_eq!(
            span(&p.query.time),
            Some(("2026-05-01".into(), "2026-11-01".into()))
        );
        // "highest first" orders the rows; it does not cut them.
        let p = parsed("bookings by rep last quarter, highest first");
        assert_eq!((p.query.order, p.query.limit), (Some(Order::Desc), None));
        // Vendors ranked by what they cost, counted among the costs of a period.
        let p = parsed("top 3 software vendors by spend this year");
        assert_eq!(
            (p.query.dimensions.as_slice(), p.query.limit),
            (&["vendor".to_string()][..], Some(3))
        );
        let p = parsed("how many software vendors did we pay this year?");
        assert_eq!(p.query.distinct.as_deref(), Some("vendor"));
        // The state said after the fraction word is the share: its rate over the records named.
        let p = parsed("of the urgent tickets opened in Q3, what fraction breached SLA?");
        assert_eq!(p.query.metrics, ["sla_breach_rate"]);
        // Said as the records, the other condition is the share.
        let p = parsed("what percentage of won deals are in healthcare");
        assert_eq!(p.query.metrics, ["won_deals"]);
        assert_eq!(p.query.aggregation, Some(Aggregation::Percentage));
        // "non-US": the country denied.
        let p = parsed("MRR from non-US customers");
        assert_eq!(
            values(&p),
            [("country".to_string(), vec!["US".to_string()], true)]
        );
        // Count and value together, in the order asked.
        let p = parsed("count and value of lost deals in 2025");
        assert_eq!(p.query.metrics, ["lost_deals", "lost_amount"]);
    }

    #[test]
    fn written_dates_ranges_compared_and_every_value_of_a_dimension() {
        let p = parsed("percent change in income Jan-Jun 2026 compared with Jan-Jun 2025");
        assert!(p.query.growth);
        assert_eq!(
            span(&p.query.time),
            Some(("2026-01-01".into(), "2026-07-01".into()))
        );
        assert_eq!(
            span(&p.query.compare),
            Some(("2025-01-01".into(), "2025-07-01".into()))
        );
        let p = parsed("health band breakdown as of 2026-09-01");
        assert_eq!(
            span(&p.query.time),
            Some(("2026-09-01".into(), "2026-09-02".into()))
        );
        // Every health band named: each of them.
        let mut v = vocabulary();
        v.learn("band", ["green".to_string(), "yellow".into(), "red".into()]);
        let today = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default();
        let p = parse(
            &v,
            "how many accounts were green, yellow and red on September 1st 2026?",
            None,
            today,
        );
        assert_eq!(p.query.dimensions, ["band"]);
        assert_eq!(p.query.metrics, ["scored_accounts_then"]);
        // Support cases and requests are tickets; API requests are not.
        assert_eq!(
            parsed("support cases this month").query.metrics,
            ["tickets"]
        );
        assert_ne!(parsed("API requests this month").query.metrics, ["tickets"]);
        // No date for an event.
        for q in [
            "total amount of open invoices that have no due date",
            "how much is outstanding on open invoices missing a due date?",
            "value of open invoices with a blank due date",
        ] {
            let p = parsed(q);
            assert!(
                p.query
                    .filters
                    .iter()
                    .any(|f| matches!(f, Filter::Undated { event } if event == "due_at")),
                "{q}: {:?}",
                p.query
            );
            assert!(penalty(&p) < 0.2, "{q}: {:?}", p.notes);
        }
        // Accounts a person owns, said after them: a filter, no breakdown.
        let mut v = vocabulary();
        v.learn("owner", ["Grace Lopez".to_string()]);
        let p = parsed_with(
            &v,
            "how many urgent tickets were opened in September by accounts Grace Lopez owns?",
        );
        assert!(p.query.dimensions.is_empty(), "{:?}", p.query);
        // Accounts named with a value and ranked by a count of their records: the accounts.
        for q in [
            "which 3 technology accounts had the most open tickets",
            "top 3 german customers by open tickets",
        ] {
            let mut v = vocabulary();
            v.learn("industry", ["Technology".to_string()]);
            v.learn("country", ["DE".to_string()]);
            let p = parsed_with(&v, q);
            assert_eq!(p.query.dimensions, ["account"], "{q}: {:?}", p.query);
            assert!(!p.query.records, "{q}");
        }
        // When records happened, asked after the verb: ranked by it.
        for (q, order) in [
            (
                "which 3 open deals were created the longest ago?",
                Order::Asc,
            ),
            (
                "which deal did we win last, and what was it worth?",
                Order::Desc,
            ),
        ] {
            let p = parsed(q);
            assert!(p.query.records && p.query.by_time, "{q}: {:?}", p.query);
            assert_eq!(p.query.order, Some(order), "{q}");
        }
        // A value named inside the whole a share is of conditions the whole.
        let mut v = vocabulary();
        v.learn("category", ["Software".to_string()]);
        v.learn("vendor", ["Snowflake".to_string()]);
        for q in [
            "what share of our 2025 software spend went to Snowflake",
            "Snowflake as a fraction of last year's total software costs",
            "Of what we spent on software in 2025, what proportion was Snowflake?",
        ] {
            let p = parsed_with(&v, q);
            assert!(
                matches!(p.query.whole.as_slice(), [Filter::Values { dimension, .. }] if dimension == "category")
                    && matches!(p.query.filters.as_slice(), [Filter::Values { dimension, .. }] if dimension == "vendor"),
                "{q}: {:?}",
                p.query
            );
        }
        // The records behind a figure, each with its MRR.
        let p = parsed("September's churned accounts with their MRR");
        assert!(p.query.records, "{:?}", p.query);
        // Sorted, ranked or ordered by a measure: the records in that order.
        for q in [
            "open deals ranked by amount",
            "open deals sorted by amount",
            "open deals in descending order of amount",
        ] {
            let p = parsed(q);
            assert!(p.query.records, "{q}: {:?}", p.query);
            assert_eq!(p.query.order, Some(Order::Desc), "{q}");
        }
        // The last activity long ago: idle that long.
        let p = parsed(
            "sum the amounts of open opportunities whose last activity was more than 60 days ago",
        );
        assert!(
            p.query.filters.iter().any(|f| matches!(f, Filter::Number { field: NumberField::IdleDays, value, .. } if *value == 60.0)),
            "{:?}",
            p.query
        );
        // By how much a figure moved: the change; two values compared: side by side.
        assert!(
            parsed("by how much did bookings go up or down between Q2 and Q3 2026")
                .query
                .difference
        );
        let mut v = vocabulary();
        v.learn("owner", ["Sam Brown".to_string(), "Olga Novak".to_string()]);
        let p = parsed_with(&v, "compare the win rate of Sam Brown and Olga Novak");
        assert_eq!(p.query.dimensions, ["owner"], "{:?}", p.query);
        // Ordinal quarters and days, a day before another, quarter by quarter.
        let p = parsed("revenue in the second quarter of 2026");
        assert_eq!(
            span(&p.query.time),
            Some(("2026-04-01".into(), "2026-07-01".into()))
        );
        let p = parsed("tickets opened on the 1st of July 2026");
        assert_eq!(
            span(&p.query.time),
            Some(("2026-07-01".into(), "2026-07-02".into()))
        );
        let p = parsed("subscriptions with a cancellation date earlier than 2026-07-01");
        assert_eq!(
            p.query.time.as_ref().map(|t| t.end.to_string()),
            Some("2026-07-01".into())
        );
        assert_eq!(
            parsed("revenue quarter by quarter in 2025").query.grain,
            Some(Grain::Quarter)
        );
        // A year's possessive is the year.
        assert_eq!(
            span(&parsed("2026's revenue").query.time),
            Some(("2026-01-01".into(), "2027-01-01".into()))
        );
        // The values a dimension takes, asked without a figure.
        for q in ["list the industries", "what vendor categories are there"] {
            let p = parsed(q);
            assert!(
                p.query.values && p.query.dimensions.len() == 1,
                "{q}: {:?}",
                p.query
            );
        }
        // The same question asked twice in other words.
        let p =
            parsed("who has uncollectible invoices? names of accounts with uncollectible invoices");
        assert_eq!(
            p.query,
            parsed("names of accounts with uncollectible invoices").query
        );
        // An arrow between periods goes from one to the other.
        assert_eq!(
            arrows("Q2 -> Q3 revenue growth %"),
            "from Q2 to Q3 revenue growth %"
        );
        assert_eq!(arrows("from May→June"), "from May to June");
        // A foreign currency's sign is its name.
        assert_eq!(
            spelled_currencies("paid and exceed €10,000. Also £5k, ¥300 and $20"),
            "paid and exceed 10,000 euros. Also 5k pounds, 300 yen and $20"
        );
        // Days of one month as a range, however written.
        for q in [
            "paid invoices between September 1 and 30, 2026",
            "paid invoices Sept 1-30 2026",
            "paid invoices from 1st to 30th September 2026",
        ] {
            assert_eq!(
                span(&parsed(q).query.time),
                Some(("2026-09-01".into(), "2026-10-01".into())),
                "{q}"
            );
        }
        // "who has open tickets": the customers with them; "who has the most": one, ranked.
        let p = parsed("who has open tickets");
        assert!(
            p.query.records && p.query.metrics == ["accounts"],
            "{:?}",
            p.query
        );
        assert_ne!(
            parsed("who has the most open tickets").query.dimensions,
            ["owner"]
        );
        // A count spelled in words after a comparison; a list of the accounts past a count of records is
        // the breakdown the threshold keeps.
        for q in [
            "customers with over two open tickets",
            "list customers with more than 2 SLA-breached tickets",
            "accounts having more than two breached tickets",
        ] {
            let p = parsed(q);
            assert_eq!(p.query.dimensions, ["account"], "{q}");
            assert!(!p.query.records, "{q}");
            assert!(
                matches!(
                    p.query.filters.as_slice(),
                    [Filter::Number { field: NumberField::Measure, value, .. }] if *value == 2.0
                ),
                "{q}: {:?}",
                p.query.filters
            );
        }
    }

    #[test]
    fn rows_sorted_as_asked_months_in_a_row_and_plans_now() {
        // "high to low": the list's order, not a ranking cut.
        let p = parsed("list the open deals and their values, sorted by value high to low");
        assert!(p.query.records, "{:?}", p.query);
        assert_eq!((p.query.order, p.query.limit), (Some(Order::Desc), None));
        // Months named one after another are one period.
        let p = parsed("monthly closed-won value for July, August and September 2026");
        assert_eq!(
            span(&p.query.time),
            Some(("2026-07-01".into(), "2026-10-01".into()))
        );
        // A role before a colon says who asks.
        assert_eq!(
            without_preamble("CEO prepping the board: total bookings"),
            "total bookings"
        );
        // Revenue by plan goes through each account's current plan: an assumption, never confident.
        let p = parsed("revenue by plan last year");
        assert_eq!(p.query.dimensions, ["plan"]);
        assert!(penalty(&p) > 0.2, "{:?}", p.notes);
    }

    #[test]
    fn who_asks_is_not_part_of_the_question() {
        assert_eq!(
            without_preamble("VP Sales here - how many deals"),
            "how many deals"
        );
        assert_eq!(
            without_preamble("support lead here: open tickets"),
            "open tickets"
        );
        assert_eq!(
            without_preamble("I'm about to call Polaris Labs - how many tickets did they log?"),
            "Polaris Labs how many tickets did they log?"
        );
        // A dash inside the question stays.
        assert_eq!(
            without_preamble("revenue - last quarter"),
            "revenue - last quarter"
        );
        let p = parsed(
            "VP Sales here - how many AEs have lost more than twenty deals so far this year",
        );
        assert!(p.query.count_rows, "{:?}", p.query);
        assert_eq!(p.query.dimensions, ["owner"]);
        assert!(penalty(&p) < 0.2, "{:?}", p.notes);
        let p = parsed("how many customers never contacted support");
        assert!(
            p.query
                .filters
                .iter()
                .any(|f| matches!(f, Filter::Records { negated: true, .. }))
        );
    }

    #[test]
    fn an_answer_says_in_words_what_it_computes() {
        let p = parsed("open pipeline by industry");
        assert_eq!(
            p.query.describe(),
            "Open pipeline: sum of amount over opportunities where NOT is_closed; by industry; \
             all time, or now for a snapshot"
        );
        let p = parsed("largest open deal");
        assert!(
            p.query
                .describe()
                .starts_with("the records counted by Open opportunities")
        );
    }

    #[test]
    fn averages_per_account_figures_and_percentages_are_computed_as_asked() {
        let p = parsed("average value of an open deal");
        assert_eq!(
            p.query.aggregation,
            Some(Aggregation::Average),
            "{:?}",
            p.notes
        );
        let p = parsed("MRR per paying customer");
        assert_eq!(
            p.query.aggregation,
            Some(Aggregation::PerAccount),
            "{:?}",
            p.notes
        );
        assert!(p.query.dimensions.is_empty());
        let p = parsed("what % of accounts are in Healthcare");
        assert_eq!(
            p.query.aggregation,
            Some(Aggregation::Percentage),
            "{:?}",
            p.notes
        );
        // Of an amount, the filters pick the share of the amount.
        let p = parsed("percentage of revenue from Healthcare");
        assert_eq!(p.query.aggregation, Some(Aggregation::Percentage));
        // A percentage with nothing to pick the share is not computed: never high.
        let p = parsed("what percentage of revenue");
        assert_eq!(p.query.aggregation, None);
        assert!(p.notes.iter().any(|n| n.reason.contains("computation")));
    }

    #[test]
    fn a_state_alone_names_its_records_or_asks_which() {
        assert_eq!(
            parsed("which owner won the most").query.metrics,
            ["won_deals"]
        );
        let p = parsed("how many are still open");
        assert!(
            p.query.metrics.is_empty() && p.options.len() > 1,
            "{:?}",
            p.query
        );
    }

    #[test]
    fn a_compound_dimension_noun_is_one_breakdown() {
        let p = parsed("spend by vendor category");
        assert_eq!(p.query.dimensions, ["category"], "{:?}", p.notes);
        assert_eq!(
            parsed("spend by vendor and category").query.dimensions,
            ["vendor", "category"]
        );
    }

    #[test]
    fn a_vague_time_is_never_a_confident_answer() {
        let p = parsed("recent bookings");
        assert!(
            p.notes.iter().any(|n| n.reason.contains("names no period")),
            "{:?}",
            p.notes
        );
        assert!(
            !parsed("latest bookings this year")
                .notes
                .iter()
                .any(|n| n.reason.contains("names no period"))
        );
    }

    #[test]
    fn across_all_is_a_total_and_across_a_dimension_a_breakdown() {
        assert!(
            parsed("revenue across all accounts")
                .query
                .dimensions
                .is_empty()
        );
        assert_eq!(
            parsed("revenue across industries").query.dimensions,
            ["industry"]
        );
    }

    #[test]
    fn invoices_tickets_and_subscriptions_can_be_listed() {
        for (q, metric) in [
            ("list the unpaid invoices", "unpaid_invoices"),
            ("show the open tickets", "open_tickets"),
            (
                "which subscriptions were cancelled this year",
                "canceled_subscriptions",
            ),
        ] {
            let p = parsed(q);
            assert!(p.query.records, "{q}: {:?}", p.query);
            assert_eq!(p.query.metrics, [metric], "{q}");
        }
        // Counting them stays a count.
        assert!(!parsed("how many unpaid invoices").query.records);
        assert!(!parsed("show revenue by month").query.records);
    }

    #[test]
    fn a_breakdown_it_cannot_read_is_never_a_confident_total() {
        let p = parsed("tickets by agent");
        assert!(
            p.notes.iter().any(|n| n.reason.contains("breakdown")),
            "{:?}",
            p.notes
        );
        for q in [
            "revenue by month in 2025",
            "revenue by industry",
            "top 5 accounts by revenue",
        ] {
            let p = parsed(q);
            assert!(
                !p.notes.iter().any(|n| n.reason.contains("breakdown asked")),
                "{q}: {:?}",
                p.notes
            );
        }
    }

    #[test]
    fn who_ranks_the_owners() {
        let p = parsed("who has the largest open pipeline");
        assert_eq!(p.query.dimensions, ["owner"], "{:?}", p.notes);
        assert_eq!(p.query.limit, Some(1));
    }

    #[test]
    fn values_compared_with_vs_are_a_breakdown_of_those_values() {
        let p = parsed("revenue in the US vs Germany");
        assert_eq!(p.query.dimensions, ["country"], "{:?}", p.notes);
        assert!(
            !p.notes.iter().any(|n| n.reason.contains("vs")),
            "{:?}",
            p.notes
        );
        // A period after the second value is the question's own, not a compared one.
        let mut v = vocabulary();
        v.learn("country", ["FR", "NL"].map(String::from));
        v.learn(
            "industry",
            ["Technology", "Manufacturing", "Financial Services"].map(String::from),
        );
        v.learn("category", ["Software"].map(String::from));
        let p = parsed_with(&v, "bookings tech vs fin services 2026");
        assert_eq!(p.query.dimensions, ["industry"], "{:?}", p.notes);
        assert!(p.query.compare.is_none(), "{:?}", p.query);
        let p = parsed_with(&v, "FR vs NL rev q2");
        assert_eq!(p.query.dimensions, ["country"], "{:?}", p.notes);
        // "the technology and manufacturing industries": each of them; "combined": together.
        let p = parsed_with(
            &v,
            "current mrr for the technology and manufacturing industries",
        );
        assert_eq!(p.query.dimensions, ["industry"], "{:?}", p.notes);
        let p = parsed_with(
            &v,
            "mrr of the technology and manufacturing industries combined",
        );
        assert!(p.query.dimensions.is_empty(), "{:?}", p.query);
        // One value named on both sides of "minus" is not two values compared.
        let p = parsed_with(
            &v,
            "software costs Jan-Jun 2026 minus software costs Jan-Jun 2025",
        );
        assert!(p.query.dimensions.is_empty(), "{:?}", p.query);
        assert!(p.query.compare.is_some(), "{:?}", p.notes);
    }

    #[test]
    fn a_quarter_or_month_after_a_year_is_in_that_year() {
        let p = parsed("2025 revenue q1 thru q4");
        let time = p.query.time.expect("a period");
        assert_eq!(
            (time.start.to_string(), time.end.to_string()),
            ("2025-01-01".into(), "2026-01-01".into())
        );
        let p = parsed("2025 revenue in March");
        let time = p.query.time.expect("a period");
        assert_eq!(time.start.to_string(), "2025-03-01");
        assert!(
            !p.notes.iter().any(|n| n.reason.contains("two periods")),
            "{:?}",
            p.notes
        );
        // "over the last year": the last 12 months, not 2025.
        let p = parsed("tickets opened each month over the last year");
        assert_eq!(
            p.query.time.expect("a period").start.to_string(),
            "2025-11-01"
        );
    }

    #[test]
    fn account_for_is_a_verb() {
        let p = parsed(
            "How many subscriptions are currently past due, and how much MRR do they account for?",
        );
        assert!(p.query.dimensions.is_empty(), "{:?}", p.query);
        assert_eq!(p.query.metrics.len(), 2, "{:?}", p.query);
    }

    #[test]
    fn employees_of_customers_are_of_the_paying_accounts() {
        let p = parsed("avg employees per customer");
        assert!(
            p.query
                .filters
                .iter()
                .any(|f| matches!(f, Filter::Records { metric, .. } if metric == "customers")),
            "{:?}",
            p.query
        );
        assert!(parsed("avg employees per account").query.filters.is_empty());
    }

    #[test]
    fn an_owner_is_named_by_a_first_name_only_they_have() {
        let mut v = vocabulary();
        v.learn(
            "owner",
            ["Kara Patel", "Sam Brown", "Sam Lee"].map(String::from),
        );
        let p = parsed_with(&v, "win rate for kara's opps (all time)");
        assert!(
            p.query
                .filters
                .iter()
                .any(|f| matches!(f, Filter::Values { values, .. } if values == &["Kara Patel"])),
            "{:?}",
            p
        );
        // Two Sams: neither.
        let p = parsed_with(&v, "win rate for sam's opps");
        assert!(p.query.filters.is_empty(), "{:?}", p.query);
    }

    #[test]
    fn an_account_word_before_a_dimension_qualifies_it() {
        let p = parsed(
            "Rank account countries by 2026 API calls and give me the top 3 with their totals",
        );
        assert_eq!(p.query.dimensions, ["country"], "{:?}", p.notes);
        assert_eq!(p.query.limit, Some(3));
    }

    #[test]
    fn this_years_records_are_dated_by_their_own_date() {
        let p = parsed("% of this year's invoices that are paid");
        assert!(p.query.event.is_none(), "{:?}", p.query);
    }

    /// Whether `q` compares each row's figure with a threshold.
    fn compares_each_total(q: &SemanticQuery) -> bool {
        q.filters.iter().any(|f| {
            matches!(
                f,
                Filter::Number {
                    field: NumberField::Measure,
                    ..
                }
            )
        })
    }

    #[test]
    fn conditions_said_as_a_cfo_says_them() {
        let mut v = vocabulary();
        v.learn(
            "category",
            ["Software", "Cloud infrastructure"].map(String::from),
        );
        v.learn(
            "plan",
            [
                "AutonomOS Enterprise",
                "AutonomOS Business",
                "AutonomOS Starter",
            ]
            .map(String::from),
        );
        v.learn(
            "vendor",
            ["Amazon Web Services", "Snowflake"].map(String::from),
        );
        // A threshold denied keeps the other records.
        let p = parsed("Average won deal size for 2025, excluding deals under $5,000");
        assert!(
            matches!(p.query.filters.as_slice(), [Filter::Number { op: Comparison::AtLeast, value, .. }] if *value == 5000.0),
            "{:?}",
            p.query
        );
        // Ranges of numbers, dashed or from-to; an amount in a condition is not asked for.
        for q in [
            "# opps created jul-sep 2026, amount 20k-80k",
            "Count of deals created between July 1 and September 30, 2026 whose amount is from 20,000 to 80,000 dollars",
            "How many opportunities were created in Q3 2026 with an amount between $20k and $80k?",
        ] {
            let p = parsed(q);
            assert_eq!(p.query.metrics, ["opportunities"], "{q}: {:?}", p.notes);
            assert_eq!(p.query.filters.len(), 2, "{q}: {:?}", p.query);
        }
        // Each vendor's total over a threshold; every vendor but one in one figure.
        let p = parsed_with(
            &v,
            "Which vendors outside cloud infrastructure did we spend more than $50k with in 2025?",
        );
        assert!(compares_each_total(&p.query), "{:?}", p.query);
        let p = parsed_with(&v, "non-cloud vendors w/ 2025 spend > 50k, and the amount");
        assert_eq!(p.query.dimensions, ["vendor"], "{:?}", p.query);
        assert!(compares_each_total(&p.query), "{:?}", p.query);
        let p = parsed("technology pipeline: number of open opps + total amount");
        assert_eq!(
            p.query.metrics,
            ["open_opportunities", "open_pipeline"],
            "{:?}",
            p.notes
        );
        let p =
            parsed("On average, how much monthly recurring revenue does each customer bring in?");
        assert!(p.query.dimensions.is_empty(), "{:?}", p.query);
        let p = parsed_with(
            &v,
            "Total spend in Q3 2026 with every vendor except Snowflake",
        );
        assert!(p.query.dimensions.is_empty(), "{:?}", p.query);
        // Plans named "only" are one figure; "leave X out" denies X.
        let p = parsed_with(&v, "arr enterprise + business plans only");
        assert!(p.query.dimensions.is_empty(), "{:?}", p.query);
        let p = parsed_with(&v, "MRR by plan, and leave Starter out");
        assert!(
            matches!(
                p.query.filters.as_slice(),
                [Filter::Values { negated: true, .. }]
            ),
            "{:?}",
            p.query
        );
        // "up to today", "(thru oct 31)": the period said, as far as it went.
        let p = parsed("Number of unowned accounts that were created this year, up to today");
        assert_eq!(
            p.query.time.expect("a period").start.to_string(),
            "2026-01-01"
        );
        let p = parsed("accts w/o owner created in 2026 (thru oct 31)");
        let time = p.query.time.clone().expect("a period");
        assert_eq!(time.end.to_string(), "2026-11-01");
        assert!(
            matches!(p.query.filters.as_slice(), [Filter::Missing { .. }]),
            "{:?}",
            p.query
        );
        // The records named to say what a figure is of are not counted besides.
        let p = parsed("Revenue (paid invoices) for H1 2025 versus H1 2026");
        assert_eq!(p.query.metrics, ["revenue"], "{:?}", p.notes);
        let p = parsed(
            "How many open invoices were issued before October 1, 2026, and what's their total?",
        );
        assert_eq!(p.query.metrics.len(), 2, "{:?}", p.query);
        let p = parsed("customers >10k employees, w/ mrr");
        assert!(p.query.records, "{:?}", p.query);
        let p = parsed(
            "Among accounts that opened at least one ticket in Q3 2026, what's the average number of tickets per account?",
        );
        assert!(p.query.dimensions.is_empty(), "{:?}", p.query);
    }

    #[test]
    fn dates_and_numbers_as_people_type_them() {
        let span = |q: &str| {
            let t = parsed(q).query.time.expect("a period");
            (t.start.to_string(), t.end.to_string())
        };
        assert_eq!(
            span("how many tickets were opened on 10/30/2026"),
            ("2026-10-30".into(), "2026-10-31".into())
        );
        assert_eq!(
            span("total rev for 09/2026"),
            ("2026-09-01".into(), "2026-10-01".into())
        );
        assert_eq!(
            span("How many deals did we win in FY25?"),
            ("2025-01-01".into(), "2026-01-01".into())
        );
        // A range of days is not a range of numbers.
        let p = parsed(
            "Count tickets of priority high or urgent, opened Oct 1-31 2026, that missed their SLA.",
        );
        assert!(
            !p.query
                .filters
                .iter()
                .any(|f| matches!(f, Filter::Number { .. })),
            "{:?}",
            p.query
        );
        assert_eq!(
            p.query.time.expect("a period").start.to_string(),
            "2026-10-01"
        );
        // "exceeded fifty thousand dollars", "over a hundred thousand".
        for q in [
            "vendors whose total 2025 spend exceeded fifty thousand dollars",
            "deals over a hundred thousand dollars",
        ] {
            let p = parsed(q);
            assert!(
                p.query.filters.iter().any(|f| matches!(f, Filter::Number { value, .. } if *value == 50000.0 || *value == 100000.0)),
                "{q}: {:?}",
                p.query
            );
        }
    }

    #[test]
    fn the_system_a_record_came_from() {
        let mut v = vocabulary();
        v.learn("source", ["stripe", "netsuite"].map(String::from));
        let p = parsed_with(&v, "stripe-only paid revenue, calendar 2025");
        assert!(
            matches!(p.query.filters.as_slice(), [Filter::Values { dimension, .. }] if dimension == "source"),
            "{:?}",
            p.query
        );
        let p = parsed_with(&v, "spend booked in NetSuite in 2025");
        assert_eq!(p.query.metrics, ["spend"], "{:?}", p.notes);
        // A deal's lead source is not the system it came from.
        assert!(parsed_with(&v, "which lead source won the most deals").unanswerable);
    }

    #[test]
    fn growth_and_figures_an_investor_asks_for() {
        let p = parsed("What was MRR growth this month versus last month?");
        assert!(p.query.growth, "{:?}", p.query);
        assert_eq!(p.query.aggregation, Some(Aggregation::Share));
        let sql = crate::compile::compile(&p.query, "2026-10-31".parse().expect("a day"));
        assert!(sql.starts_with("SELECT (CAST(mrr AS DOUBLE)"), "{sql}");
        // In percent when asked so.
        let p = parsed("MRR growth this month versus last month, in percent");
        assert_ne!(
            p.query.aggregation,
            Some(Aggregation::Share),
            "{:?}",
            p.query
        );
        let p = parsed("How big is the open pipeline, and how many deals are in it?");
        assert_eq!(p.query.metrics.len(), 2, "{:?}", p.query);
        let p = parsed("oct churned customers + mrr");
        assert!(p.query.records, "{:?}", p.query);
    }

    #[test]
    fn accounts_that_did_something_are_not_a_breakdown() {
        let mut v = vocabulary();
        v.learn("owner", ["Yuki Usman"].map(String::from));
        let p = parsed_with(
            &v,
            "Count the support tickets opened in October 2026 by accounts whose owner is Yuki Usman",
        );
        assert!(p.query.dimensions.is_empty(), "{:?}", p.query);
        let p =
            parsed("what share of 2026 tickets were raised by accounts in the healthcare industry");
        assert!(p.query.dimensions.is_empty(), "{:?}", p.query);
        assert!(
            !parsed("tickets by account this year")
                .query
                .dimensions
                .is_empty()
        );
    }

    #[test]
    fn whole_weeks_before_this_one() {
        let p = parsed("tickets per week, last four complete weeks (mon-sun)");
        let time = p.query.time.clone().expect("a period");
        assert_eq!(
            (time.start.to_string(), time.end.to_string()),
            ("2026-09-28".into(), "2026-10-26".into())
        );
        assert_eq!(p.query.grain, Some(Grain::Week), "{:?}", p.notes);
        let time = parsed("tickets opened this wk")
            .query
            .time
            .expect("a period");
        assert_eq!(time.start.to_string(), "2026-10-26");
    }

    #[test]
    fn all_history_is_all_time() {
        let p = parsed("avg won deal amount per owner (all history)");
        assert!(p.query.grain.is_none(), "{:?}", p.query);
        assert!(p.query.time.is_none(), "{:?}", p.query);
    }

    #[test]
    fn pipeline_created_is_every_deal_created() {
        let p = parsed("How much new pipeline did we create this month?");
        assert_eq!(p.query.metrics, ["opportunity_value"], "{:?}", p.notes);
        let p = parsed("open pipeline created this month that is still open");
        assert_eq!(p.query.metrics, ["open_pipeline"], "{:?}", p.notes);
    }

    #[test]
    fn a_ticket_count_and_a_count_of_breaches_are_both_answered() {
        let p = parsed("give the 2026 ticket count and the number of SLA breaches");
        assert_eq!(
            p.query.metrics,
            ["tickets", "breached_tickets"],
            "{:?}",
            p.notes
        );
    }

    #[test]
    fn the_noun_after_top_says_how_many() {
        let mut v = vocabulary();
        v.learn("country", ["DE"].map(String::from));
        let p = parsed_with(&v, "top open opportunity by amount for DE accts");
        assert_eq!(p.query.limit, Some(1), "{:?}", p);
        assert!(p.query.records);
    }

    #[test]
    fn an_amount_asked_of_one_table_s_values_is_its_amount() {
        let mut v = vocabulary();
        v.learn(
            "category",
            ["Software", "Cloud infrastructure"].map(String::from),
        );
        let p = parsed_with(
            &v,
            "month by month, how much did the Software cost category come to in July, August and September 2026?",
        );
        assert_eq!(p.query.metrics, ["spend"], "{:?}", p.notes);
    }

    #[test]
    fn a_state_of_the_records_a_word_left_open_is_theirs() {
        let p = parsed("How much deal value did we lose in each country in 2026?");
        assert_eq!(p.query.metrics, ["lost_amount"], "{:?}", p.notes);
    }

    #[test]
    fn a_count_and_an_amount_listed_are_both_answered() {
        let p = parsed("pipeline slated to close nov 2026: count, amount");
        assert_eq!(p.query.metrics.len(), 2, "{:?}", p.query);
    }

    #[test]
    fn new_on_a_snapshot_is_never_a_confident_answer() {
        let p = parsed("how many new customers do we have");
        assert!(
            p.notes.iter().any(|n| n.reason.contains("\"new\"")),
            "{:?}",
            p.notes
        );
        let p = parsed("new accounts in 2025");
        assert!(
            !p.notes.iter().any(|n| n.reason.contains("\"new\"")),
            "{:?}",
            p.notes
        );
    }

    #[test]
    fn deals_can_be_listed() {
        let p = parsed("list the deals we lost this year");
        assert!(p.query.records, "{:?}", p.query);
        assert_eq!(p.query.metrics, ["lost_deals"]);
        assert!(!parsed("how many deals did we lose").query.records);
    }

    #[test]
    fn an_average_over_a_grain_averages_the_periods() {
        let p = parsed("average monthly revenue in 2025");
        assert_eq!(
            p.query.aggregation,
            Some(Aggregation::Average),
            "{:?}",
            p.notes
        );
        assert!(p.query.grain.is_some());
        let today = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default();
        let sql = crate::compile::compile(&p.query, today);
        assert!(
            sql.starts_with("SELECT avg(revenue) AS revenue FROM (SELECT CAST(date_trunc('month'"),
            "{sql}"
        );
    }

    #[test]
    fn a_list_answered_by_one_figure_is_never_confident() {
        let p = parsed("list our revenue in Germany");
        assert!(
            p.notes.iter().any(|n| n.reason.contains("list")),
            "{:?}",
            p.notes
        );
        // Customers are accounts: listed by name.
        let p = parsed("list our customers in Germany");
        assert!(p.query.records, "{:?}", p.notes);
        assert!(
            !parsed("list the accounts in Germany")
                .notes
                .iter()
                .any(|n| n.reason.contains("list"))
        );
    }
    #[test]
    fn an_event_word_places_the_records_in_time_by_that_event() {
        let p = parsed("show me deals closing this month");
        assert_eq!(p.query.event.as_deref(), Some("close_date"));
        // A state of the records of a period said before it: placed by their own date.
        let p =
            parsed("how many pounds did our GBP invoices from last year that were paid come to");
        assert_eq!(p.query.event, None, "{:?}", p.query);
        assert!(penalty(&p) > 0.2, "{:?}", p.notes);
        // "paid" is both the invoices' state and the event placing them in time.
        let p = parsed("how many invoices were paid last month");
        assert_eq!(
            (p.query.metrics.as_slice(), p.query.event.as_deref()),
            (&["paid_invoices".to_string()][..], Some("paid_at"))
        );
        // The metric's own event is no change.
        assert_eq!(parsed("deals lost last quarter").query.event, None);
        // Without a period the event changes nothing.
        assert_eq!(parsed("deals closing").query.event, None);
        // A snapshot of records asked over a period counts those the event happened to.
        assert_eq!(
            parsed("how many subscriptions started this year")
                .query
                .metrics,
            ["new_subscriptions"]
        );
    }

    #[test]
    fn how_long_asks_for_the_time_to_the_event() {
        let metric = |q: &str| parsed(q).query.metrics;
        assert_eq!(
            metric("how long does it take to close a deal?"),
            ["sales_cycle_days"]
        );
        assert_eq!(
            metric("how fast do we resolve tickets"),
            ["resolution_hours"]
        );
        assert_eq!(
            metric("average time to resolve a ticket"),
            ["resolution_hours"]
        );
        let p = parsed("how long are our invoices");
        let penalty: f64 = p.notes.iter().map(|n| n.penalty).sum();
        assert!(penalty > 0.2, "{:?}", p.notes);
    }

    #[test]
    fn a_percentage_of_a_state_is_out_of_all_the_records() {
        let p = parsed("what share of tickets breached SLA last month?");
        assert_eq!(p.query.metrics, ["breached_tickets"]);
        assert_eq!(p.query.aggregation, Some(Aggregation::Share));
        let p = parsed("what percentage of tickets breached SLA last month?");
        assert_eq!(p.query.aggregation, Some(Aggregation::Percentage));
        let penalty: f64 = p.notes.iter().map(|n| n.penalty).sum();
        assert!(penalty < 0.2, "{:?}", p.notes);
        let p = parsed("what percentage of deals did we lose");
        assert_eq!(p.query.metrics, ["lost_deals"]);
        assert_eq!(p.query.aggregation, Some(Aggregation::Percentage));
    }

    #[test]
    fn a_word_read_one_way_of_several_is_never_a_confident_answer() {
        // Salespeople say "closed" for won; a CRM says it for won or lost.
        for question in [
            "how many deals closed in Q3?",
            "how many deals did we close in Q3",
        ] {
            let p = parsed(question);
            assert_eq!(p.query.metrics, ["won_deals"], "{question}");
            let penalty: f64 = p.notes.iter().map(|n| n.penalty).sum();
            assert!(penalty > 0.2, "{question}: {:?}", p.notes);
        }
        assert_eq!(
            parsed("how many deals won or lost in Q3").query.metrics,
            ["closed_deals"]
        );
        // A help desk's "pending" is one status of the unresolved tickets.
        let p = parsed("how many tickets are pending");
        assert_eq!(p.query.metrics, ["open_tickets"]);
        assert!(penalty(&p) > 0.2, "{:?}", p.notes);
    }

    #[test]
    fn who_is_the_customer_for_records_without_an_owner() {
        let p = parsed("who owes us the most money?");
        assert_eq!(p.query.metrics, ["unpaid_amount"]);
        assert_eq!(p.query.dimensions, ["account"]);
        assert_eq!(p.query.limit, Some(1));
        assert_eq!(
            parsed("who has the biggest pipeline").query.dimensions,
            ["owner"]
        );
    }

    #[test]
    fn states_of_subscriptions_and_invoices() {
        let metric = |q: &str| parsed(q).query.metrics;
        assert_eq!(
            metric("how many past due subscriptions?"),
            ["past_due_subscriptions"]
        );
        assert_eq!(
            metric("how many invoices are overdue?"),
            ["overdue_invoices"]
        );
        assert_eq!(
            metric("total amount of overdue invoices"),
            ["overdue_receivables"]
        );
        assert_eq!(
            metric("how many customers churned this year?"),
            ["churned_customers"]
        );
    }

    #[test]
    fn phone_shorthand_asides_and_who_asks() {
        let p = parsed("how many tech accounts in the us");
        assert!(values(&p).contains(&("country".into(), vec!["US".into()], false)));
        let p = parsed("# open invoices rn");
        assert_eq!(p.query.metrics, ["unpaid_invoices"]);
        assert!(penalty(&p) < 0.2, "{:?}", p.notes);
        // Who asks, before "needs", is no filter ("finance" is no industry); a question is never cut.
        let p = parsed("finance needs revenue per month from January to June this year");
        assert_eq!(p.query.metrics, ["revenue"]);
        assert!(p.query.filters.is_empty(), "{:?}", p.query.filters);
        assert_eq!(
            span(&p.query.time),
            Some(("2026-01-01".into(), "2026-07-01".into()))
        );
        assert!(
            !parsed("how many deals are stuck in needs analysis")
                .query
                .metrics
                .is_empty()
        );
        // "from May on", "May to now": up to today.
        for q in [
            "revenue by month from May 2026 on",
            "revenue trend by month, may to now",
        ] {
            let p = parsed(q);
            assert_eq!(
                span(&p.query.time),
                Some(("2026-05-01".into(), "2026-11-01".into())),
                "{q}"
            );
        }
        // Trials left out: nothing to do where the figure never counts them, a guess elsewhere.
        let p = parsed(
            "how many customers are on the Business plan, not counting trials, trials excluded?",
        );
        assert!(penalty(&p) < 0.2, "{:?}", p.notes);
        assert!(penalty(&parsed("revenue not counting trials")) > 0.5);
    }

    #[test]
    fn at_risk_records_status_and_the_records_behind_a_figure() {
        let p = parsed("value of at-risk deals by owner");
        assert_eq!(p.query.metrics, ["pipeline_at_risk"]);
        assert_eq!(p.query.dimensions, ["owner"]);
        let p = parsed("the 3 at-risk accounts with the lowest health score");
        assert_eq!(p.query.limit, Some(3));
        let p = parsed("top account by SLA breaches");
        assert_eq!(p.query.metrics, ["breached_tickets"]);
        assert_eq!(p.query.limit, Some(1));
        let p = parsed("subscriptions by status");
        assert_eq!(p.query.dimensions, ["status"]);
        // A status named beside its state is that state.
        let p = parsed("count of invoices with status open");
        assert!(p.query.dimensions.is_empty());
        assert_eq!(p.query.metrics, ["unpaid_invoices"]);
        let p = parsed("Which customers have churned this month, with their MRR?");
        assert!(p.query.records);
        assert_eq!(p.query.metrics, ["canceled_subscriptions"]);
        let p = parsed("MRR of trialing subscriptions");
        assert_eq!(p.query.metrics, ["trial_mrr"]);
        let p = parsed("at-risk MRR as a percentage of total MRR");
        assert_eq!(p.query.metrics, ["mrr_at_risk"]);
        assert_eq!(p.query.aggregation, Some(Aggregation::Percentage));
    }

    #[test]
    fn shares_changes_fields_before_values_and_figures_of_a_past_day() {
        // The share of the whole the top rows hold.
        let p = parsed("what percent of MRR do our 5 largest customers account for");
        assert!(p.query.top_share(), "{:?}", p.query);
        assert_eq!(p.query.limit, Some(5));
        // The change in the figure's own unit between two periods.
        let p = parsed("how much more did we spend in H1 2026 than in H1 2025?");
        assert!(
            p.query.difference && p.query.compare.is_some(),
            "{:?}",
            p.notes
        );
        // A field named before its values filters; "is null" asks for none.
        let p = parsed("accounts where industry = Healthcare");
        assert!(p.query.dimensions.is_empty());
        assert!(values(&p).contains(&("industry".into(), vec!["Healthcare".into()], false)));
        let p = parsed("count accounts where industry is null");
        assert!(
            matches!(p.query.filters.as_slice(), [Filter::Missing { dimension }] if dimension == "industry")
        );
        // Lists name their records alone unless a measure is asked for or ranked by.
        assert!(
            parsed("which open deals are worth more than 100k")
                .query
                .names_only
        );
        assert!(
            !parsed("list the open deals with their amounts")
                .query
                .names_only
        );
        assert!(!parsed("the 5 largest open deals").query.names_only);
        // Customers at a past day, and their growth from a period's start.
        let p = parsed("how many customers did we have at the end of 2025");
        assert_eq!(p.query.metrics, ["customers"]);
        assert!(p.query.time.is_some());
        assert!(penalty(&p) < 0.2, "{:?}", p.notes);
        let p = parsed("net customer growth year to date");
        assert!(p.query.difference);
        assert_eq!(
            span(&p.query.compare),
            Some(("2025-12-31".into(), "2026-01-01".into()))
        );
        // Comparison signs and ranges of days.
        let p = parsed("count of won deals with amount > 100000");
        assert!(matches!(
            p.query.filters.as_slice(),
            [Filter::Number {
                op: Comparison::Greater,
                ..
            }]
        ));
        let p = parsed("spend, Jan 1 - Jun 30 2026");
        assert_eq!(
            span(&p.query.time),
            Some(("2026-01-01".into(), "2026-07-01".into()))
        );
    }

    #[test]
    fn a_status_named_literally_is_that_status() {
        let p = parsed("Break down tickets with status open by priority");
        assert_eq!(p.query.metrics, ["tickets"]);
        assert_eq!(p.query.dimensions, ["priority"]);
        assert_eq!(
            values(&p),
            [("status".to_string(), vec!["open".to_string()], false)]
        );
        let p = parsed("how many subscriptions are in active status");
        assert_eq!(
            values(&p),
            [("status".to_string(), vec!["active".to_string()], false)]
        );
        // A subscription's status is its state already.
        assert_eq!(
            parsed("subscriptions with status past due").query.metrics,
            ["past_due_subscriptions"]
        );
        // A status of other records is no condition on deals.
        assert!(penalty(&parsed("deals with status paid")) >= 0.5);
        // No status named: the state words as ever.
        assert_eq!(
            parsed("open tickets by status").query.metrics,
            ["open_tickets"]
        );
    }

    #[test]
    fn a_denial_goes_on_over_the_list_it_begins() {
        let mut v = vocabulary();
        v.learn(
            "plan",
            [
                "AutonomOS Starter",
                "AutonomOS Growth",
                "AutonomOS Business",
            ]
            .map(String::from),
        );
        let both = vec!["AutonomOS Starter".to_string(), "AutonomOS Growth".into()];
        for q in [
            "subscriptions on plans other than Starter and Growth",
            "count subscriptions, plan not in (Starter, Growth)",
            "subscriptions that aren't on the Starter or Growth plan",
        ] {
            let p = parsed_with(&v, q);
            assert_eq!(
                values(&p),
                [("plan".to_string(), both.clone(), true)],
                "{q}"
            );
        }
        let p = parsed_with(&v, "Starter and Growth subscriptions");
        assert_eq!(values(&p), [("plan".to_string(), both, false)]);
        // Growth after anything else is a change.
        assert!(values(&parsed_with(&v, "MRR growth this year")).is_empty());
    }

    #[test]
    fn small_words_keep_their_other_meanings() {
        // "issue" the verb is no ticket.
        let p = parsed("How many invoices did we issue in September 2026?");
        assert_eq!(p.query.metrics, ["invoices"]);
        assert_eq!(
            parsed("how many issues were opened last month")
                .query
                .metrics,
            ["tickets"]
        );
        // "Oct '26" is October 2026, not the 26th.
        let p = parsed("spend by month, May-Oct '26");
        assert_eq!(
            span(&p.query.time),
            Some(("2026-05-01".into(), "2026-11-01".into()))
        );
    }

    #[test]
    fn a_breakdown_named_before_its_measure_is_by_that_dimension() {
        let p = parsed("sept vendor spend breakdown");
        assert_eq!(p.query.metrics, ["spend"]);
        assert_eq!(p.query.dimensions, ["vendor"]);
        let mut v = vocabulary();
        v.learn("category", ["Software".to_string()]);
        let p = parsed_with(&v, "top 3 software vendors ytd");
        assert_eq!(p.query.dimensions, ["vendor"]);
        assert_eq!(p.query.limit, Some(3));
        assert_eq!(
            values(&p),
            [("category".to_string(), vec!["Software".to_string()], false)]
        );
    }

    #[test]
    fn the_customers_a_share_is_of_are_its_whole() {
        let mut v = vocabulary();
        v.learn("band", ["green", "yellow", "red"].map(String::from));
        let p = parsed_with(&v, "what % of our customers are red?");
        assert!(
            matches!(p.query.whole.as_slice(), [Filter::Records { metric, .. }] if metric == "customers"),
            "{:?}",
            p.query
        );
    }

    #[test]
    fn a_count_and_its_value_asked_together_are_both_answered() {
        let p = parsed("uncollectible invoices 2026 - count + $");
        assert_eq!(
            p.query.metrics,
            ["uncollectible_invoices", "uncollectible_amount"]
        );
        let p = parsed("how many subs are in trial and what's their MRR?");
        assert_eq!(p.query.metrics, ["trialing_subscriptions", "trial_mrr"]);
        let p = parsed(
            "How many tickets did Polaris Labs open this year, and how many of them breached SLA?",
        );
        assert_eq!(p.query.metrics, ["tickets", "breached_tickets"]);
        assert_eq!(
            parsed("Rank all reps by their 2025 bookings, highest first.")
                .query
                .dimensions,
            ["owner"]
        );
        let p = parsed("count of new deals that entered the pipeline in 2026");
        assert_eq!(p.query.metrics, ["opportunities"]);
        // "Which deals did we win, and for how much": the deals with their amounts.
        let p = parsed("Which deals did we win last quarter, and for how much?");
        assert!(p.query.records);
        // A country's code opening a terse question.
        let p = parsed("DE closed won $ last yr");
        assert_eq!(
            values(&p),
            [("country".to_string(), vec!["DE".to_string()], false)]
        );
        // An amount in a condition is no second figure.
        let p = parsed("how many deals with amount over 100k and in negotiation");
        assert_eq!(p.query.metrics.len(), 1);
    }

    #[test]
    fn what_is_left_of_the_year_runs_from_tomorrow_to_december_31() {
        for q in [
            "how much ARR comes up for renewal between now and year end?",
            "renewals for the rest of the year",
            "MRR renewing from now until the end of the year",
        ] {
            let p = parsed(q);
            assert_eq!(
                span(&p.query.time),
                Some(("2026-11-01".into(), "2027-01-01".into())),
                "{q}"
            );
        }
        assert_eq!(
            parsed("ARR up for renewal in November or December")
                .query
                .metrics,
            ["renewal_arr"]
        );
        let p = parsed("arr renewing nov+dec");
        assert_eq!(
            span(&p.query.time),
            Some(("2026-11-01".into(), "2027-01-01".into()))
        );
    }

    #[test]
    fn live_subscriptions_in_other_words() {
        assert_eq!(
            parsed("How many customers in Germany hold an active or past-due subscription?").query,
            parsed("How many customers in Germany with a live subscription?").query
        );
        assert_eq!(
            parsed("number of active or past due subscriptions by plan").query,
            parsed("number of active subscriptions by plan").query
        );
        // "Balance": what is left to pay.
        let p = parsed("split the unpaid open invoice balance by industry");
        assert_eq!(p.query.metrics, ["unpaid_amount"]);
    }

    #[test]
    fn an_average_day_is_the_average_of_the_daily_figures() {
        for q in [
            "average daily active users last month",
            "avg DAU last month",
            "active users per day on average last month",
        ] {
            let p = parsed(q);
            assert_eq!(p.query.aggregation, Some(Aggregation::Average), "{q}");
            assert_eq!(p.query.grain, Some(Grain::Day), "{q}");
        }
        // "Per rep": each rep's figure, averaged over the reps.
        let p = parsed("What were average bookings per rep in 2025?");
        assert!(p.query.per_group);
        assert!(penalty(&p) < 0.2, "{:?}", p.notes);
        assert!(!parsed("average deal size per rep").query.per_group);
        assert!(
            !parsed("avg closed-won opp amount per owner, 2026")
                .query
                .per_group
        );
        // Each record's average day, ranked.
        let p = parsed("top 5 customers by avg DAU last quarter");
        assert_eq!(p.query.aggregation, Some(Aggregation::Average));
        assert_eq!(p.query.limit, Some(5));
        // Per value of a breakdown: each value's average day.
        let p = parsed("average DAU by country last quarter");
        assert_eq!(p.query.dimensions, ["country"]);
        let today = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default();
        let sql = crate::compile::compile(&p.query, today);
        assert!(sql.contains(") per_period GROUP BY country"), "{sql}");
    }

    /// The test vocabulary with the demo's plans, bands, sources, vendors and cost categories.
    pub(super) fn spend_and_health_vocabulary() -> Vocabulary {
        let mut v = vocabulary();
        v.learn("band", ["red", "yellow", "green"].map(String::from));
        v.learn(
            "plan",
            [
                "AutonomOS Enterprise",
                "AutonomOS Growth",
                "AutonomOS Starter",
            ]
            .map(String::from),
        );
        v.learn("country", ["US", "GB", "FR"].map(String::from));
        v.learn(
            "source",
            ["netsuite", "warehouse", "stripe"].map(String::from),
        );
        v.learn(
            "category",
            ["Cloud infrastructure", "Software", "Professional services"].map(String::from),
        );
        v.learn(
            "vendor",
            ["Microsoft Azure", "Google Cloud", "Slack Technologies"].map(String::from),
        );
        v
    }

    #[test]
    fn a_plan_named_by_a_word_of_change_is_the_plan_and_us_opening_a_question_is_the_country() {
        let v = spend_and_health_vocabulary();
        let p = parsed_with(&v, "# of red-band accounts on growth");
        assert!(
            values(&p).contains(&("plan".into(), vec!["AutonomOS Growth".into()], false)),
            "{:?}",
            p.query
        );
        assert!(!p.query.growth);
        let p = parsed_with(&v, "us healthcare mrr");
        assert!(
            values(&p).contains(&("country".into(), vec!["US".into()], false)),
            "{:?}",
            p.query
        );
        // ("show us the MRR": the pronoun.)
        let p = parsed_with(&v, "show us the mrr by industry");
        assert!(values(&p).is_empty(), "{:?}", p.query);
    }

    #[test]
    fn accounts_in_a_state_with_records_stay_in_that_state() {
        let p = parsed("How many past-due customers have an unpaid invoice?");
        assert_eq!(p.query.metrics, ["past_due_customers"]);
        assert!(matches!(p.query.filters.as_slice(),
            [Filter::Records { metric, negated: false, .. }] if metric == "unpaid_invoices"));
        // "that raised at least one ticket": what they have, by how it came.
        let p = parsed(
            "Number of different accounts in the US that raised at least one support ticket in September",
        );
        assert_eq!(p.query.metrics, ["accounts"], "{:?}", p.query);
        assert!(p.query.filters.iter().any(|f| matches!(f,
            Filter::Records { metric, negated: false, time: Some(_), .. } if metric == "tickets")));
    }

    #[test]
    fn per_account_averages_by_another_dimension_and_listed_rows_with_their_counts() {
        let p = parsed("avg mrr per customer account, split by plan");
        assert_eq!(p.query.dimensions, ["plan"]);
        assert_eq!(p.query.aggregation, Some(Aggregation::PerAccount));
        let p = parsed(
            "List accounts with over ten support tickets opened year to date, with their ticket counts.",
        );
        assert_eq!(p.query.dimensions, ["account"]);
        assert!(!p.query.count_rows, "{:?}", p.query);
        let p = parsed("how many accounts have over ten support tickets this year");
        assert!(p.query.count_rows, "{:?}", p.query);
    }

    #[test]
    fn the_share_of_a_plan_s_customers_is_of_that_plan_s_customers() {
        let v = spend_and_health_vocabulary();
        let p = parsed_with(
            &v,
            "What fraction of our Enterprise customers are in the red band?",
        );
        assert_eq!(values(&p), [("band".into(), vec!["red".into()], false)]);
        assert!(p.query.whole.iter().any(|f| matches!(f,
            Filter::Values { dimension, .. } if dimension == "plan")));
    }

    #[test]
    fn deal_value_after_a_state_and_a_delta_between_periods() {
        let p = parsed("Which rep closed the most deal value in Q3 2026?");
        assert_eq!(p.query.metrics, ["bookings"]);
        let p = parsed("Q3 vs Q2 closed-won delta $");
        assert_eq!(p.query.metrics, ["bookings"]);
        assert!(
            p.query.difference && p.query.compare.is_some(),
            "{:?}",
            p.query
        );
        let p = parsed("cancelled-sub MRR last qtr");
        assert_eq!(p.query.metrics, ["churned_mrr"]);
    }

    #[test]
    fn customers_counted_per_band_and_the_top_monthly_payer() {
        let v = spend_and_health_vocabulary();
        let p = parsed_with(
            &v,
            "How many of our customers are green, yellow and red on health?",
        );
        assert_eq!(p.query.metrics, ["scored_accounts"]);
        // (A figure compared: the accounts passing it, counted.)
        let p = parsed_with(&v, "how many accounts have a health score below 50");
        assert_eq!(p.query.metrics, ["health_score"]);
        assert!(p.query.count_rows);
        let p = parsed_with(
            &v,
            "Which customer pays us the most per month, and how much?",
        );
        assert_eq!(p.query.metrics, ["mrr"]);
        assert_eq!(p.query.limit, Some(1));
    }

    #[test]
    fn when_the_latest_or_first_record_was_is_its_day() {
        for (q, extreme) in [
            (
                "When did Polaris Labs last open a ticket?",
                Aggregation::Latest,
            ),
            ("date of the most recent invoice", Aggregation::Latest),
            ("polaris labs latest ticket date", Aggregation::Latest),
            ("when did we win our first deal", Aggregation::Earliest),
        ] {
            let p = parsed(q);
            assert_eq!(p.query.aggregation, Some(extreme), "{q}: {:?}", p.query);
            assert!(
                !p.query.records && p.query.limit.is_none(),
                "{q}: {:?}",
                p.query
            );
        }
        for q in [
            "Which account has the earliest subscription start date?",
            "revenue by account year to date, smallest first",
            "when was revenue highest last quarter",
        ] {
            let p = parsed(q);
            assert!(
                !matches!(
                    p.query.aggregation,
                    Some(Aggregation::Latest | Aggregation::Earliest)
                ),
                "{q}: {:?}",
                p.query
            );
        }
    }

    #[test]
    fn leaving_out_records_without_a_value_keeps_those_with_one() {
        for q in [
            "How much did each department spend last quarter, leaving out costs with no department?",
            "customers by industry, ignore blank industry",
            "customers by industry, excluding accounts without an industry",
        ] {
            let p = parsed_with(&spend_and_health_vocabulary(), q);
            assert!(
                matches!(p.query.filters.as_slice(), [Filter::Present { .. }]),
                "{q}: {:?}",
                p.query
            );
        }
        let p = parsed("accounts without an industry");
        assert!(matches!(
            p.query.filters.as_slice(),
            [Filter::Missing { .. }]
        ));
    }

    #[test]
    fn a_threshold_said_of_what_is_paid_or_spent_is_each_one_s_total() {
        let v = spend_and_health_vocabulary();
        for q in [
            "vendors with 100k+ spend in 2025",
            "which vendors did we pay at least $100k last year, with totals",
            // ("having sum": each group's total, by the breakdown named before.)
            "vendor spend 2025 having sum >= 100000",
        ] {
            let p = parsed_with(&v, q);
            assert_eq!(p.query.dimensions, ["vendor"], "{q}");
            assert!(
                matches!(
                    p.query.filters.as_slice(),
                    [Filter::Number {
                        field: NumberField::Measure,
                        ..
                    }]
                ),
                "{q}: {:?}",
                p.query
            );
        }
    }

    #[test]
    fn a_year_to_now_employee_ranges_and_churned_mrr_by_segment() {
        let v = spend_and_health_vocabulary();
        let p = parsed_with(&v, "new logos by quarter 2025-now");
        assert_eq!(
            span(&p.query.time),
            Some(("2025-01-01".into(), "2026-11-01".into()))
        );
        let p = parsed_with(&v, "mrr for 1k-5k employee customers");
        assert!(
            p.query.filters.iter().all(|f| matches!(
                f,
                Filter::Number {
                    field: NumberField::Employees,
                    ..
                }
            )),
            "{:?}",
            p.query
        );
        let p = parsed_with(&v, "churned mrr by country ytd");
        assert_eq!(p.query.metrics, ["canceled_mrr"]);
        let p = parsed_with(&v, "churned mrr ytd");
        assert_eq!(p.query.metrics, ["churned_mrr"]);
        // ("unique deal owners": the owners of deals, counted once each.)
        let p = parsed_with(&v, "# of unique deal owners w/ open pipeline");
        assert_eq!(p.query.distinct.as_deref(), Some("owner"));
        let p = parsed_with(&v, "count subscriptions with status active");
        assert!(p.query.distinct.is_none());
        let p = parsed_with(&v, "How has our win rate moved quarter to quarter in 2026?");
        assert_eq!(p.query.grain, Some(Grain::Quarter));
        let p = parsed_with(&v, "top-10 MRR concentration");
        assert!(p.query.top_share(), "{:?}", p.query);
        let p = parsed_with(
            &v,
            "How much revenue have our Dutch accounts paid us this year?",
        );
        assert_eq!(p.query.metrics, ["revenue"]);
        // ("a deal with an account that has ...": any such account, no breakdown by account.)
        let p = parsed_with(
            &v,
            "When we win a deal with an account that has at least 5000 employees, how big is it on average?",
        );
        assert!(p.query.dimensions.is_empty(), "{:?}", p.query);
    }

    #[test]
    fn a_customer_named_before_a_share_or_in_its_whole_is_the_whole() {
        let v = vocabulary();
        for q in [
            "Polaris Labs - fraction of tickets that are urgent",
            "What share of Polaris Labs's tickets were urgent?",
        ] {
            let p = parsed_with(&v, q);
            assert!(
                matches!(p.query.whole.as_slice(), [Filter::Values { dimension, .. }] if dimension == "account"),
                "{q}: {:?}",
                p.query
            );
        }
        // ("Polaris Labs as a share of all tickets": the customer is the part.)
        let p = parsed_with(
            &v,
            "urgent tickets of Polaris Labs as a share of all tickets",
        );
        assert!(p.query.whole.is_empty(), "{:?}", p.query);
    }

    #[test]
    fn bills_counted_are_vendor_bills_and_the_cost_export_is_the_warehouse() {
        let v = spend_and_health_vocabulary();
        for q in [
            "How many software vendor bills came in last month?",
            "How many bills has each vendor sent us this year?",
        ] {
            let p = parsed_with(&v, q);
            assert_eq!(p.query.metrics, ["cost_records"], "{q}");
            assert!(
                values(&p).contains(&("source".into(), vec!["netsuite".into()], false)),
                "{q}: {:?}",
                p.query
            );
        }
        let p = parsed_with(&v, "priciest day in the cloud cost export");
        assert!(values(&p).contains(&("source".into(), vec!["warehouse".into()], false)));
        let p = parsed_with(&v, "azure spend all time");
        assert_eq!(
            values(&p),
            [("vendor".into(), vec!["Microsoft Azure".into()], false)]
        );
        assert!(penalty(&p) < 0.2, "{:?}", p.notes);
        // ("a cost recorded against them": nothing compared.)
        let p = parsed_with(
            &v,
            "Last year, how many distinct suppliers had at least one cost recorded against them?",
        );
        assert!(p.query.compare.is_none());
        assert!(penalty(&p) < 0.2, "{:?}", p.notes);
    }

    #[test]
    fn a_score_is_health_and_terse_lists_of_values_are_filters() {
        let v = spend_and_health_vocabulary();
        let p = parsed_with(&v, "avg score among red band");
        assert_eq!(p.query.metrics, ["health_score"], "{:?}", p.notes);
        assert_eq!(values(&p), [("band".into(), vec!["red".into()], false)]);
        let mut v = v;
        v.learn(
            "industry",
            ["Manufacturing".to_string(), "Healthcare".into()],
        );
        v.learn("country", ["DE".to_string(), "US".into()]);
        let p = parsed_with(&v, "paid revenue, mfg industry, DE, last qtr");
        assert!(p.query.dimensions.is_empty(), "{:?}", p.query);
        assert_eq!(
            values(&p),
            [
                ("industry".into(), vec!["Manufacturing".into()], false),
                ("country".into(), vec!["DE".into()], false)
            ]
        );
        let p = parsed_with(
            &v,
            "Show at-risk accounts based in Germany with their MRR at risk.",
        );
        assert_eq!(p.query.dimensions, ["account"], "{:?}", p.query);
    }

    #[test]
    fn headcount_thresholds_in_shorthand_filter_the_accounts() {
        let employees = |p: &Parsed| {
            p.query
                .filters
                .iter()
                .filter_map(|f| match f {
                    Filter::Number {
                        field: NumberField::Employees,
                        op,
                        value,
                    } => Some((*op, *value)),
                    _ => None,
                })
                .collect::<Vec<_>>()
        };
        for q in [
            "ARR by plan for customers with 1000+ employees",
            "# customers with 1,000+ employees",
            "Among customers with at least a thousand employees, what's the ARR on each plan?",
            "Number of customers that employ 1000 people or more",
        ] {
            let p = parsed(q);
            assert_eq!(
                employees(&p),
                [(Comparison::AtLeast, 1000.0)],
                "{q}: {:?}",
                p.query
            );
            assert!(penalty(&p) < 0.2, "{q}: {:?}", p.notes);
        }
        let p = parsed("MRR by industry for customers with 200 to 999 employees");
        assert_eq!(
            employees(&p),
            [(Comparison::AtLeast, 200.0), (Comparison::AtMost, 999.0)]
        );
        // ("avg customer headcount per industry": each industry's average account.)
        let p = parsed("avg customer headcount per industry");
        assert_eq!(p.query.aggregation, Some(Aggregation::Average));
        assert!(!p.query.per_group);
    }

    #[test]
    fn the_account_s_attributes_and_accounts_that_are_no_customers_are_conditions() {
        let p = parsed(
            "Count of closed-won opportunities in Q3 2026 where the account is in Technology",
        );
        assert!(p.query.dimensions.is_empty(), "{:?}", p.query);
        assert_eq!(
            values(&p),
            [("industry".into(), vec!["Technology".into()], false)]
        );
        for q in [
            "how many accounts are not customers?",
            "how many DE accts aren't paying customers",
        ] {
            let p = parsed(q);
            assert_eq!(p.query.metrics, ["accounts"], "{q}");
            assert!(
                matches!(p.query.filters.last(),
                Some(Filter::Records { metric, negated: true, .. }) if metric == "customers"),
                "{q}: {:?}",
                p.query
            );
            assert!(penalty(&p) < 0.2, "{q}: {:?}", p.notes);
        }
    }

    #[test]
    fn periods_each_with_its_own_preposition_are_side_by_side() {
        let p = parsed("how many new logos did we add in q2 and in q3 this year?");
        assert_eq!(
            (span(&p.query.time), span(&p.query.compare)),
            (
                Some(("2026-04-01".into(), "2026-07-01".into())),
                Some(("2026-07-01".into(), "2026-10-01".into()))
            )
        );
        // ("revenue in July, August and September": one period.)
        let p = parsed("revenue in July, August and September 2026");
        assert!(p.query.compare.is_none());
        assert_eq!(
            span(&p.query.time),
            Some(("2026-07-01".into(), "2026-10-01".into()))
        );
    }

    #[test]
    fn customers_in_a_state_and_what_they_have_are_counted_once() {
        let p = parsed(
            "Count the customers whose subscription is past due and who have at least one open invoice.",
        );
        assert_eq!(p.query.metrics, ["past_due_customers"], "{:?}", p.query);
        assert!(matches!(p.query.filters.as_slice(),
            [Filter::Records { metric, negated: false, .. }] if metric == "unpaid_invoices"));
    }

    #[test]
    fn pipeline_hygiene_readings() {
        // A rate's threshold is each row's rate.
        let p = parsed("Which reps have a win rate below 55% on deals closed so far this year?");
        assert!(
            matches!(
                p.query.filters.as_slice(),
                [Filter::Number {
                    field: NumberField::Measure,
                    ..
                }]
            ),
            "{:?}",
            p.query
        );
        // Deals closing in a month named without a year close ahead.
        let p = parsed("deals expected to close in november + amounts");
        assert_eq!(
            span(&p.query.time),
            Some(("2026-11-01".into(), "2026-12-01".into()))
        );
        // The count and the value of the same records are placed by the event named.
        let p = parsed(
            "How many of the deals created this month are still open, and what are they worth?",
        );
        assert_eq!(
            p.query.event.as_deref(),
            Some("created_at"),
            "{:?}",
            p.query
        );
        // "each rep": each rep's count, averaged.
        let p = parsed("On average, how many deals did each rep win in 2025?");
        assert!(p.query.per_group, "{:?}", p.query);
        // After a day ahead: whatever comes after it.
        let p = parsed("open opps closing after 1/31/2027 + their close date");
        assert_eq!(
            span(&p.query.time),
            Some(("2027-02-01".into(), "2100-01-01".into())),
            "{:?}",
            p.notes
        );
        // "Show the close dates": a column asked of the records.
        let p = parsed(
            "Which open deals have a close date after January 31, 2027? Show the close dates.",
        );
        assert_eq!(p.query.columns, ["close_date"], "{:?}", p.query);
        // The records in a state spread over a breakdown.
        let p = parsed("What fraction of open deals is in each stage?");
        assert!(p.query.spread && p.query.row_share(), "{:?}", p.query);
        let p = parsed("what share of tickets breached SLA, by priority");
        assert!(!p.query.spread, "{:?}", p.query);
        // A span of quarters.
        let p = parsed("new opp $ created per quarter, 2025 Q1 - 2026 Q3");
        assert_eq!(
            span(&p.query.time),
            Some(("2025-01-01".into(), "2026-10-01".into())),
            "{:?}",
            p.notes
        );
        // The open pipeline's probability weighted by amount.
        let p = parsed("What's the amount-weighted average probability of our open pipeline?");
        assert_eq!(p.query.metrics, ["weighted_probability"], "{:?}", p.notes);
        // The days lost deals took to close.
        let p = parsed(
            "On average, how many days did our lost deals take from creation to close this year?",
        );
        assert_eq!(p.query.metrics, ["lost_cycle_days"], "{:?}", p.notes);
        // "each industry of the account": the account's industry.
        let p = parsed(
            "For opportunities closed in 2026, give the fraction won for each industry of the account.",
        );
        assert_eq!(p.query.dimensions, ["industry"]);
    }

    #[test]
    fn what_the_data_does_not_hold_is_unanswerable() {
        for q in [
            "what did payroll cost us in september",
            "how much cash do we have in the bank",
            "how many website visitors did we get last month",
        ] {
            let p = parsed(q);
            assert!(p.unanswerable, "{q}: {:?}", p.query);
        }
    }

    #[test]
    fn two_month_spans_compared_end_in_years() {
        let p = parsed("spend growth %, jan-oct 26 vs jan-oct 25");
        assert_eq!(
            (span(&p.query.time), span(&p.query.compare)),
            (
                Some(("2026-01-01".into(), "2026-11-01".into())),
                Some(("2025-01-01".into(), "2025-11-01".into()))
            )
        );
        assert!(p.query.growth);
    }

    #[test]
    fn which_row_holds_the_top_share_is_named() {
        let p = parsed(
            "Which vendor is our largest cost this year, and what fraction of total spend is it?",
        );
        assert!(p.query.top_share() && p.query.named, "{:?}", p.query);
        let p = parsed("biggest vendor ytd + its share of spend");
        assert!(p.query.top_share() && p.query.named, "{:?}", p.query);
        let p = parsed("what share of spend does our largest vendor account for?");
        assert!(p.query.top_share() && !p.query.named, "{:?}", p.query);
    }

    #[test]
    fn one_figure_less_another_is_their_difference() {
        let v = spend_and_health_vocabulary();
        for (q, metrics) in [
            (
                "how much more did we bring in than we spent in 2026",
                ["revenue", "spend"],
            ),
            ("revenue minus spend in 2026", ["revenue", "spend"]),
            (
                "the gap between bookings and revenue this year",
                ["bookings", "revenue"],
            ),
            (
                "how many more deals did we win than lose in 2026",
                ["won_deals", "lost_deals"],
            ),
        ] {
            let p = parsed_with(&v, q);
            assert!(
                p.query.net && p.query.metrics == metrics,
                "{q}: {:?}",
                p.query
            );
            // (Revenue's definition is the one assumption.)
            assert!(penalty(&p) <= 0.21, "{q}: {:?}", p.notes);
        }
        // A threshold is no difference.
        let p = parsed_with(
            &v,
            "revenue and spend for accounts with more than 100 employees",
        );
        assert!(!p.query.net, "{:?}", p.query);
        // Two states of one kind of record that exclude each other are two figures, not one narrowed.
        let p = parsed("how many deals did we win and lose in 2026");
        assert_eq!(
            p.query.metrics,
            ["won_deals", "lost_deals"],
            "{:?}",
            p.query
        );
    }

    #[test]
    fn deals_created_then_and_not_closed_are_still_open() {
        for q in [
            "how many opportunities created in October 2026 are not yet closed",
            "deals created in october that aren't closed yet",
        ] {
            let p = parsed(q);
            assert_eq!(
                p.query.metrics,
                ["open_opportunities"],
                "{q}: {:?}",
                p.query
            );
        }
        let p = parsed("how many deals were created in October 2026");
        assert_eq!(p.query.metrics, ["opportunities"], "{:?}", p.query);
    }

    #[test]
    fn part_of_a_year_against_another_year_is_the_same_part() {
        let v = spend_and_health_vocabulary();
        for q in ["q3 costs, 2026 vs 2025", "spend in q3 2026 vs 2025"] {
            let p = parsed_with(&v, q);
            assert_eq!(
                (span(&p.query.time), span(&p.query.compare)),
                (
                    Some(("2026-07-01".into(), "2026-10-01".into())),
                    Some(("2025-07-01".into(), "2025-10-01".into()))
                ),
                "{q}"
            );
            assert!(penalty(&p) < 0.2, "{q}: {:?}", p.notes);
        }
        let p = parsed("count of closed-won in Q3, this year and last year");
        assert_eq!(
            span(&p.query.compare),
            Some(("2025-07-01".into(), "2025-10-01".into()))
        );
        // "the quarter before": the period just before the one named.
        let p = parsed("Average deal size last quarter vs the quarter before?");
        assert_eq!(
            (span(&p.query.time), span(&p.query.compare)),
            (
                Some(("2026-07-01".into(), "2026-10-01".into())),
                Some(("2026-04-01".into(), "2026-07-01".into()))
            )
        );
        assert!(penalty(&p) < 0.2, "{:?}", p.notes);
        // A day against a year's end is not moved into that year.
        let p = parsed("How many more customers do we have today than at the end of 2025?");
        assert_eq!(
            span(&p.query.compare).map(|(start, _)| start),
            Some("2025-01-01".into()),
            "{:?}",
            p.query
        );
    }

    #[test]
    fn periods_ranked_and_periods_onward() {
        let p = parsed("What were our three biggest revenue months this year?");
        assert_eq!(
            (p.query.grain, p.query.limit, p.query.dimensions.len()),
            (Some(Grain::Month), Some(3), 0),
            "{:?}",
            p.query
        );
        let p = parsed("rev by qtr, 2025 onward");
        assert_eq!(
            span(&p.query.time),
            Some(("2025-01-01".into(), "2026-11-01".into()))
        );
        assert!(
            !p.notes.iter().any(|n| n.reason.contains("onward")),
            "{:?}",
            p.notes
        );
    }

    #[test]
    fn customers_counted_with_records_and_a_breakdown() {
        for q in [
            "How many existing customers have an open opportunity?",
            "Current customers who've never paid an invoice, by plan",
        ] {
            let p = parsed(q);
            assert_eq!(p.query.metrics, ["customers"], "{q}: {:?}", p.query);
            assert!(
                matches!(p.query.filters.as_slice(), [Filter::Records { .. }]),
                "{q}: {:?}",
                p.query
            );
            assert!(
                !p.notes.iter().any(|n| n.reason.contains("not understood")
                    || n.reason.contains("nothing the data holds")),
                "{q}: {:?}",
                p.notes
            );
        }
        let p = parsed("Current customers who've never paid an invoice, by plan");
        assert_eq!(p.query.dimensions, ["plan"]);
    }

    #[test]
    fn records_named_with_a_figure_of_theirs() {
        let p = parsed("customers and mrr by plan");
        assert_eq!(p.query.metrics, ["customers", "mrr"], "{:?}", p.query);
        let p = parsed("q2 cancellations: count + mrr");
        assert_eq!(
            p.query.metrics,
            ["canceled_subscriptions", "canceled_mrr"],
            "{:?}",
            p.query
        );
    }

    #[test]
    fn systems_holding_accounts_are_read_from_their_names() {
        let mut v = spend_and_health_vocabulary();
        v.learn("vendor", ["Salesforce".to_string()]);
        v.learn("source", ["stripe", "netsuite"].map(String::from));
        let systems = |p: &Parsed| -> Vec<(Vec<String>, bool)> {
            p.query
                .filters
                .iter()
                .filter_map(|f| match f {
                    Filter::Values {
                        dimension,
                        values,
                        negated,
                    } if dimension == "system" => Some((values.clone(), *negated)),
                    _ => None,
                })
                .collect()
        };
        let held = |s: &[&str], negated| (s.iter().map(|x| x.to_string()).collect(), negated);
        for (q, want) in [
            (
                "How many Salesforce accounts have never shown up in Stripe or NetSuite?",
                vec![
                    held(&["salesforce"], false),
                    held(&["netsuite", "stripe"], true),
                ],
            ),
            (
                "sfdc-only accounts, how many?",
                vec![
                    held(&["salesforce"], false),
                    held(&["netsuite", "stripe"], true),
                ],
            ),
            (
                "paid revenue from accounts that exist in Stripe but not in Salesforce",
                vec![held(&["stripe"], false), held(&["salesforce"], true)],
            ),
            (
                "Total MRR of customers that finance (NetSuite) doesn't know about",
                vec![held(&["netsuite"], true)],
            ),
            (
                "How many accounts have a NetSuite customer record but no Salesforce account?",
                vec![held(&["netsuite"], false), held(&["salesforce"], true)],
            ),
        ] {
            let p = parsed_with(&v, q);
            assert_eq!(systems(&p), want, "{q}: {:?}", p.query);
            assert!(p.query.dimensions.is_empty(), "{q}: {:?}", p.query);
            assert!(penalty(&p) < 0.2, "{q}: {:?}", p.notes);
            let sql = crate::compile::compile(&p.query, NaiveDate::default());
            assert!(
                sql.contains("array_has_any(string_to_array(")
                    && sql.contains(".sources, ','), make_array("),
                "{q}: {sql}"
            );
        }
        // Where records came from, and a vendor we pay, stay what they were.
        let p = parsed_with(&v, "revenue from stripe this year");
        assert!(
            systems(&p).is_empty() && !p.query.filters.is_empty(),
            "{:?}",
            p.query
        );
        let p = parsed_with(&v, "how much did we spend on salesforce this year");
        assert!(
            systems(&p).is_empty() && !p.query.filters.is_empty(),
            "{:?}",
            p.query
        );
        assert!(penalty(&p) < 0.2, "{:?}", p.notes);
    }

    #[test]
    fn the_unpaid_amount_is_a_share_of_what_was_billed() {
        for q in [
            "what share of the amount invoiced this month is still open",
            "what percent of billings is unpaid",
        ] {
            let p = parsed(q);
            assert_eq!(p.query.metrics, ["unpaid_amount"], "{q}");
            assert!(
                matches!(
                    p.query.aggregation,
                    Some(Aggregation::Share | Aggregation::Percentage)
                ),
                "{q}: {:?}",
                p.query
            );
            assert!(penalty(&p) < 0.2, "{q}: {:?}", p.notes);
            let sql = crate::compile::compile(&p.query, NaiveDate::default());
            assert!(sql.contains("THEN f.amount ELSE 0 END"), "{q}: {sql}");
        }
    }

    #[test]
    fn rows_with_a_value_only() {
        let v = spend_and_health_vocabulary();
        for q in [
            "spend by department q3 (rows with a department only)",
            "q3 2026 cost per dept, skip null dept",
        ] {
            let p = parsed_with(&v, q);
            assert_eq!(p.query.dimensions, ["department"], "{q}");
            assert!(
                matches!(p.query.filters.as_slice(), [Filter::Present { dimension }] if dimension == "department"),
                "{q}: {:?}",
                p.query
            );
            assert!(penalty(&p) < 0.2, "{q}: {:?}", p.notes);
        }
        let p = parsed("how many accounts have an owner");
        assert!(p.query.dimensions.is_empty(), "{:?}", p.query);
        assert!(matches!(
            p.query.filters.as_slice(),
            [Filter::Present { .. }]
        ));
    }

    #[test]
    fn one_deal_asked_where_it_stands_and_what_it_is_worth() {
        let mut v = vocabulary();
        v.learn("account", ["Vanguard Security".to_string()]);
        for q in [
            "What stage is the open Vanguard Security deal in, and how big is it?",
            "Where does our open opportunity with Vanguard Security stand (stage), and what's it worth?",
        ] {
            let p = parsed_with(&v, q);
            assert_eq!(p.query.metrics, ["open_pipeline"], "{q}: {:?}", p.query);
            assert_eq!(p.query.dimensions, ["stage"], "{q}");
            assert!(!p.query.values, "{q}");
        }
        let p = parsed_with(&v, "what stage is the open Vanguard Security deal in");
        assert!(p.query.values, "{:?}", p.query);
    }

    #[test]
    fn at_risk_accounts_over_a_threshold_are_the_view_rows() {
        let today = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default();
        for q in [
            "at risk accounts with more than 10k mrr at risk",
            "which at-risk accts have mrr_at_risk > 10000",
        ] {
            let p = parsed(q);
            assert!(p.query.records, "{q}: {:?}", p.query);
            assert_eq!(p.query.metrics, ["at_risk_accounts"], "{q}");
            assert_eq!(
                crate::compile::compile(&p.query, today),
                "SELECT name, mrr_at_risk FROM metrics.at_risk_accounts WHERE mrr_at_risk > 10000 ORDER BY mrr_at_risk DESC, name ASC",
                "{q}"
            );
        }
        // An amount asked stays the amount.
        let p = parsed("how much mrr at risk is there from accounts with more than 10k");
        assert_eq!(p.query.metrics, ["mrr_at_risk"], "{:?}", p.query);
    }

    #[test]
    fn conditions_said_in_passing_are_conditions() {
        let mut v = spend_and_health_vocabulary();
        v.learn("country", ["DE".to_string()]);
        // Whose records, not a breakdown by them.
        let p = parsed_with(
            &v,
            "Support tickets raised by our accounts in Germany during October 2026 — how many?",
        );
        assert!(p.query.dimensions.is_empty(), "{:?}", p.query);
        // A threshold on the amount, not the amount asked.
        let p = parsed(
            "Number of closed-won opportunities with an amount of at least 100k and a close date in 2026 so far",
        );
        assert_eq!(p.query.metrics, ["won_deals"], "{:?}", p.query);
        // A count and then their total.
        let p = parsed("How many open invoices do we have, and what's the total?");
        assert_eq!(
            p.query.metrics,
            ["unpaid_invoices", "unpaid_amount"],
            "{:?}",
            p.query
        );
        // Each department, its records without one left out.
        let p = parsed_with(
            &v,
            "how much spend is tagged to each department, leaving out spend with no department",
        );
        assert_eq!(p.query.dimensions, ["department"], "{:?}", p.query);
        // Records with, or without, a date.
        for (q, dated) in [
            (
                "How many invoices are marked paid but have no paid date?",
                false,
            ),
            ("How many invoices have a due date on them?", true),
        ] {
            let p = parsed(q);
            assert!(
                matches!(
                    (p.query.filters.as_slice(), dated),
                    ([Filter::Undated { .. }], false) | ([Filter::Dated { .. }], true)
                ),
                "{q}: {:?}",
                p.query
            );
        }
        // Each account's total over a threshold, when the accounts are listed.
        let p = parsed("customers w/ MRR >= 70k");
        assert_eq!(p.query.dimensions, ["account"], "{:?}", p.query);
        assert!(matches!(
            p.query.filters.as_slice(),
            [Filter::Number {
                field: NumberField::Measure,
                ..
            }]
        ));
        // The countries of one region named, together.
        let mut regions = vocabulary();
        regions.learn("country", ["DE", "ES", "FR", "PT"].map(String::from));
        let p = parsed_with(
            &regions,
            "How much monthly recurring revenue comes from customers in euro-area countries?",
        );
        assert!(p.query.dimensions.is_empty(), "{:?}", p.query);
        let p = parsed_with(&regions, "iberia rev ytd");
        assert!(
            values(&p).contains(&("country".into(), vec!["ES".into(), "PT".into()], false)),
            "{:?}",
            p.query
        );
        let p = parsed("count and total of open invoices");
        assert_eq!(p.query.metrics, ["unpaid_invoices", "unpaid_amount"]);
        // Counted, when how many is asked.
        let p = parsed("how many customers have MRR over 70k");
        assert!(
            p.query.count_rows && p.query.dimensions == ["account"],
            "{:?}",
            p.query
        );
        let p = parsed("which customers have more than 50k in MRR");
        assert!(matches!(
            p.query.filters.as_slice(),
            [Filter::Number {
                field: NumberField::Measure,
                ..
            }]
        ));
        let p = parsed("total mrr from customers with mrr over 70k");
        assert!(p.query.dimensions.is_empty(), "{:?}", p.query);
        let p = parsed("number of open invoices with a due date no later than Nov 7, 2026");
        assert!(
            !p.query
                .filters
                .iter()
                .any(|f| matches!(f, Filter::Dated { .. })),
            "{:?}",
            p.query
        );
    }

    #[test]
    fn a_first_name_that_is_a_word_names_its_owner_as_a_possessive_only() {
        let mut v = vocabulary();
        v.learn(
            "owner",
            ["Sam Brown", "Grace Lopez", "Kara Patel"].map(String::from),
        );
        let owner = |p: &Parsed| values(p).into_iter().find(|(d, _, _)| d == "owner");
        let p = parsed_with(&v, "urgent tickets from sam's accounts last month");
        assert_eq!(
            owner(&p),
            Some(("owner".into(), vec!["Sam Brown".into()], false)),
            "{:?}",
            p.query
        );
        // ("grace" alone may be a word: read as the owner only when it is nothing else, and not
        // confidently.)
        let p = parsed_with(&v, "how many deals has grace won this year");
        assert_eq!(
            owner(&p),
            Some(("owner".into(), vec!["Grace Lopez".into()], false)),
            "{:?}",
            p.query
        );
        assert!(
            p.notes
                .iter()
                .any(|n| n.reason.contains("as the owner Grace Lopez")),
            "{:?}",
            p.notes
        );
        // "the Kara Patel book" is the accounts she owns; "did Kara Patel book" is a verb.
        let p = parsed_with(&v, "kara patel book size - total # of accounts");
        assert_eq!(p.query.metrics, ["accounts"], "{:?}", p.query);
        let p = parsed_with(&v, "how much did kara patel book last quarter");
        assert_eq!(p.query.metrics, ["bookings"], "{:?}", p.query);
    }

    #[test]
    fn what_stands_today_is_now_and_what_happened_today_is_the_day() {
        let p = parsed("count of open opportunities today");
        assert_eq!(p.query.metrics, ["open_opportunities"]);
        assert!(p.query.time.is_none(), "{:?}", p.query.time);
        let p = parsed("how many tickets were opened today");
        assert_eq!(
            span(&p.query.time),
            Some(("2026-10-31".into(), "2026-11-01".into()))
        );
    }

    #[test]
    fn a_count_of_a_rate_and_a_count_over_groups() {
        let p = parsed("sla breach count last quarter");
        assert_eq!(p.query.metrics, ["breached_tickets"], "{:?}", p.query);
        let p = parsed("sla breach rate last quarter");
        assert_eq!(p.query.metrics, ["sla_breach_rate"], "{:?}", p.query);
        // "having count(...) >= 34": each owner's count, not each deal's amount.
        let p = parsed("owners having count(won opps) >= 34");
        assert!(
            matches!(
                p.query.filters.as_slice(),
                [Filter::Number {
                    field: NumberField::Measure,
                    ..
                }]
            ),
            "{:?}",
            p.query
        );
    }

    #[test]
    fn two_periods_joined_are_each_ones_or_added_never_confidently() {
        let p = parsed("bookings in Q2 and then in Q3 this year");
        assert!(p.query.compare.is_some(), "{:?}", p.query);
        let p = parsed("bookings in Q2 and Q3 2026");
        assert!(p.query.compare.is_none());
        assert!(penalty(&p) >= 0.2, "{:?}", p.notes);
        let p = parsed("total bookings across Q2 and Q3 2026");
        assert!(penalty(&p) < 0.2, "{:?}", p.notes);
        // "sum of the monthly new MRR": the months' total.
        let p = parsed("ytd new mrr (sum of the monthly new mrr)");
        assert!(p.query.grain.is_none(), "{:?}", p.query);
    }

    #[test]
    fn the_order_a_series_is_given_in_already_is_understood() {
        for q in [
            "quarterly revenue for 2026, oldest quarter first",
            "revenue by month, earliest first, then the total and more words after it",
            "open deals by the month they were created, oldest month first please",
        ] {
            let p = parsed(q);
            assert!(
                !p.notes.iter().any(|n| n.reason.contains("\"first\"")),
                "{q}: {:?}",
                p.notes
            );
        }
    }

    #[test]
    fn readings_others_make_differently_are_never_confident() {
        for q in [
            "lowest and highest MRR among customers",
            "2026 closed-lost renewal deals: number and total value",
            "how much cash did we collect in H1 2026",
        ] {
            let p = parsed(q);
            assert!(penalty(&p) >= 0.2, "{q}: {:?} {:?}", p.query, p.notes);
        }
        // ("ranked from highest to lowest": an order.)
        let p = parsed("MRR by country, ranked from highest to lowest");
        assert!(penalty(&p) < 0.2, "{:?}", p.notes);
    }

    #[test]
    fn times_to_resolve_probabilities_differences_and_averages_per_period() {
        let today = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default();
        let sql = |q: &str| crate::compile::compile(&parsed(q).query, today);
        // How long each ticket took to be resolved, in hours.
        for (q, condition) in [
            (
                "how many of last month's tickets took more than 72 hours to resolve",
                "/ 3600.0 > 72",
            ),
            ("sept tickets w/ resolution time over 72h", "/ 3600.0 > 72"),
            (
                "tickets opened in September that needed longer than three days (72 hours) to be resolved",
                "/ 3600.0 > 72",
            ),
            (
                "tickets resolved within 24 hours last month",
                "/ 3600.0 <= 24",
            ),
        ] {
            let sql = sql(q);
            assert!(sql.contains(condition), "{q}: {sql}");
            assert!(sql.starts_with("SELECT count(*)"), "{q}: {sql}");
        }
        // ... the share of the tickets named that took that long.
        let share =
            sql("what share of resolved high-priority tickets took more than 48 hours to resolve?");
        assert!(
            share.contains("avg(CASE WHEN CAST(date_part('epoch', f.resolved_at - f.opened_at) AS DOUBLE) / 3600.0 > 48 THEN")
                && share.contains("WHERE f.resolved_at IS NOT NULL AND f.priority IN ('high')"),
            "{share}"
        );
        // A deal's probability, as a fraction; amount times probability is the weighted pipeline.
        for q in [
            "how many open deals have a probability of 60% or higher",
            "count of open opportunities whose win probability is at least 0.6",
        ] {
            assert!(sql(q).contains("f.probability >= 0.6"), "{q}: {}", sql(q));
        }
        assert_eq!(
            parsed("sum of amount times probability over the deals still open")
                .query
                .metrics,
            ["weighted_pipeline"]
        );
        // One figure less another, said as "exceed" or "minus", each over the one period.
        for q in [
            "how much did paid revenue exceed total spend last quarter",
            "Q3 revenue minus Q3 spend",
            "by how much did 2025 bookings exceed 2025 revenue?",
        ] {
            let p = parsed(q);
            assert!(
                p.query.net && p.query.compare.is_none(),
                "{q}: {:?}",
                p.query
            );
            assert!(p.query.filters.is_empty(), "{q}: {:?}", p.query.filters);
        }
        // Revenue per paying account: the accounts that paid in the period.
        let per_paying = sql("2025 revenue per paying account");
        assert!(
            per_paying.contains("count(DISTINCT f.account_id)")
                && !per_paying.contains("ontology.subscription"),
            "{per_paying}"
        );
        // Each period's average, side by side.
        let averages = sql("avg won deal $ q3 vs q2");
        assert!(
            averages.contains("m1 AS (SELECT avg(f.amount)")
                && averages.contains("m2 AS (SELECT avg(f.amount)"),
            "{averages}"
        );
        // The records per account that has them.
        for q in [
            "Among accounts that raised at least one ticket in 2026, what's the average number of tickets each raised?",
            "avg tickets per ticket-filing account ytd",
        ] {
            let p = parsed(q);
            assert_eq!(p.query.metrics, ["tickets"], "{q}");
            assert_eq!(p.query.aggregation, Some(Aggregation::PerAccount), "{q}");
        }
        // A daily level with no period is today's; "X first" orders, it picks nothing.
        assert_eq!(
            span(&parsed("total storage by plan right now").query.time),
            Some(("2026-10-31".to_string(), "2026-11-01".to_string()))
        );
        let p = parsed("average size of the deals each rep won this year, largest average first");
        assert_eq!(p.query.limit, None, "{:?}", p.query);
        let p = parsed("2025 revenue and 2025 spend, spend first");
        assert_eq!(p.query.metrics, ["spend", "revenue"]);
        assert!(
            !p.notes.iter().any(|n| n.reason.contains("first")),
            "{:?}",
            p.notes
        );
        // A trend by the unit said; "reached" is a word, not a misspelling.
        let p = parsed("how has total spend trended quarter by quarter this year?");
        assert_eq!(p.query.grain, Some(Grain::Quarter), "{:?}", p.query);
        let p = parsed("what percentage of our open pipeline has reached negotiation?");
        assert!(
            !p.notes.iter().any(|n| n.reason.contains("breached")),
            "{:?}",
            p.notes
        );
    }

    #[test]
    fn slashed_dates_ratios_column_lists_and_records_in_date_order() {
        let today = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default();
        let sql = |q: &str| crate::compile::compile(&parsed(q).query, today);
        // Dates month first, with or without a year, and ranges of them.
        let september = Some(("2026-09-15".to_string(), "2026-10-01".to_string()));
        for q in [
            "total spend from 9/15 to 9/30",
            "spend 9/15-9/30",
            "spend from 9/15/26 through 9/30/2026",
        ] {
            assert_eq!(span(&parsed(q).query.time), september, "{q}");
        }
        // Two figures, the first over the second.
        for q in [
            "2025 costs / 2025 revenue",
            "2025 spend divided by 2025 revenue",
            "dollars of spend per dollar of revenue in 2025",
        ] {
            let p = parsed(q);
            assert!(p.query.ratio, "{q}: {:?}", p.query);
            assert_eq!(p.query.metrics, ["spend", "revenue"], "{q}");
            assert!(sql(q).contains("AS spend_per_revenue"), "{q}");
        }
        // ... but a slash between values is no ratio.
        assert!(!parsed("accounts green / yellow / red").query.ratio);
        // Columns of the records listed, in the order asked.
        let listed = sql("top 10 won deals last month - name, owner, amount");
        assert!(
            listed.starts_with("SELECT f.name AS name, f.owner AS owner, f.amount AS amount"),
            "{listed}"
        );
        let listed = sql("open deals with their amount and owner");
        assert!(
            listed.starts_with("SELECT f.name AS name, f.amount AS amount, f.owner AS owner"),
            "{listed}"
        );
        // Records in the order of a date of theirs.
        let dated = sql("open deals sorted by creation date desc");
        assert!(dated.contains("ORDER BY f.created_at DESC"), "{dated}");
        let dated = sql("open deals with their close dates, soonest first");
        assert!(dated.contains("ORDER BY f.close_date ASC"), "{dated}");
        // The records of the accounts the at-risk view lists; an accounts' records said possessively.
        let p = parsed("how many tickets have at-risk accounts opened this quarter");
        assert_eq!(p.query.metrics, ["tickets"], "{:?}", p.query);
        assert!(
            p.query.filters.iter().any(
                |f| matches!(f, Filter::Records { metric, .. } if metric == "at_risk_accounts")
            ),
            "{:?}",
            p.query
        );
        assert!(
            sql("tickets from at-risk accounts this quarter")
                .contains("f.account_id IN (SELECT account_id FROM metrics.at_risk_accounts)")
        );
        let p = parsed("US accounts' tickets last quarter by priority");
        assert_eq!(p.query.metrics, ["tickets"], "{:?}", p.query);
        assert_eq!(p.query.dimensions, ["priority"], "{:?}", p.query);
        // Each period's average record, not the average of the periods' totals.
        let p = parsed("average invoice amount by month this year");
        assert!(p.query.per_record, "{:?}", p.query);
        assert!(!parsed("average monthly revenue this year").query.per_record);
    }

    #[test]
    fn fields_said_empty_and_averages_compared_with_the_whole_earlier_period() {
        let today = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default();
        let sql = |q: &str| crate::compile::compile(&parsed(q).query, today);
        // A field with no value, said however it is said; or with one.
        for (q, condition) in [
            (
                "count of paying customers with owner null",
                "a.owner IS NULL",
            ),
            (
                "Count the account records where the country field is empty.",
                "f.country IS NULL",
            ),
            (
                "Quick data quality check: how many of our accounts are missing their country?",
                "f.country IS NULL",
            ),
            (
                "how many 2025 paid invs have due_at null",
                "f.due_at IS NULL",
            ),
            (
                "Number of paid invoices that are missing a paid-at timestamp",
                "f.paid_at IS NULL",
            ),
            (
                "count of status=paid invoices with paid_at is not null",
                "f.paid_at IS NOT NULL",
            ),
        ] {
            let sql = sql(q);
            assert!(sql.contains(condition), "{q}: {sql}");
            assert!(sql.starts_with("SELECT count("), "{q}: {sql}");
            assert!(parsed(q).notes.is_empty(), "{q}: {:?}", parsed(q).notes);
        }
        let present = sql("customers per industry top 5 where industry not null");
        assert_eq!(
            present.matches("a.industry IS NOT NULL").count(),
            1,
            "{present}"
        );
        assert!(
            sql("count the subscriptions that are behind on payment").contains("'past_due'"),
            "behind on payment"
        );
        // An average is compared with the whole earlier year; a total with the same days of it.
        let averaged = sql("Average won deal size this year vs last year");
        assert!(
            averaged
                .contains("f.close_date >= DATE '2025-01-01' AND f.close_date < DATE '2026-01-01'"),
            "{averaged}"
        );
        let summed = sql("bookings this year vs last year");
        assert!(
            summed
                .contains("f.close_date >= DATE '2025-01-01' AND f.close_date < DATE '2025-11-01'"),
            "{summed}"
        );
    }
    #[test]
    fn a_second_period_named_is_compared_with_when_the_question_compares() {
        let today = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default();
        let periods = |q: &str| {
            let p = parsed(q);
            let label = |t: &Option<Period>| t.as_ref().map(|t| (t.start, t.end));
            (label(&p.query.time), label(&p.query.compare))
        };
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
        let q3 = |y| Some((day(y, 7, 1), day(y, 10, 1)));
        for q in [
            "by how much did our costs in the third quarter of 2026 exceed the same quarter of 2025",
            "What was paid revenue in July-September 2026 and in the same quarter of 2025?",
            "jul-sep 2026 costs less jul-sep 2025 costs",
        ] {
            assert_eq!(periods(q), (q3(2026), q3(2025)), "{q}");
        }
        // The part of the year said first, of the year said after it.
        assert_eq!(periods("q3 rev: 2025 vs 2026"), (q3(2025), q3(2026)));
        // Growth over the period named, not the one before.
        let q1 = |y| Some((day(y, 1, 1), day(y, 4, 1)));
        assert_eq!(
            periods("By what percent did Q1 2026 bookings grow over Q1 2025?"),
            (q1(2026), q1(2025))
        );
        // The figure said again for another period, side by side; all of a year compared whole.
        let ytd = Some((day(2026, 1, 1), day(2026, 11, 1)));
        let y2025 = Some((day(2025, 1, 1), day(2026, 1, 1)));
        for q in [
            "Number of paid invoices issued in 2026 to date, and the number issued in calendar 2025",
            "count paid invoices YTD vs full year 2025",
            "How many paid invoices were issued this year so far versus in all of 2025?",
        ] {
            assert_eq!(periods(q), (ytd, y2025), "{q}");
        }
        let sept = Some((day(2026, 9, 1), day(2026, 10, 1)));
        let oct = Some((day(2026, 10, 1), day(2026, 11, 1)));
        assert_eq!(
            periods("What have we booked in October so far, and what did we book in September?"),
            (oct, sept)
        );
        // (Two events, each in its own period: nothing compared.)
        assert_eq!(periods("deals created in Q1 and closed in Q2").1, None);
        let rate =
            parsed("How much did first-half 2026 revenue grow over first-half 2025, as a rate?");
        assert!(rate.query.growth, "{:?}", rate.query);
        assert!(crate::compile::compile(&rate.query, today).contains("revenue_growth"));
    }
    #[test]
    fn records_ranked_by_value_rates_in_percent_and_times_to_close_a_ticket() {
        let today = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default();
        let sql = |q: &str| crate::compile::compile(&parsed(q).query, today);
        // The records themselves, ranked by their amount.
        for q in [
            "Show the five highest-value opportunities that are still open, largest first.",
            "the 5 most valuable open deals",
        ] {
            assert!(
                sql(q).starts_with(
                    "SELECT f.name AS name, f.amount AS amount FROM ontology.opportunity"
                ),
                "{q}: {}",
                sql(q)
            );
        }
        // A rate by a breakdown, in percent: each row's rate, never its part of a sum of rates.
        for q in ["win % by rep this year", "sla breach rate % by priority"] {
            let sql = sql(q);
            assert!(
                sql.contains("100.0 * (CAST(sum(") && !sql.contains("OVER ()"),
                "{q}: {sql}"
            );
        }
        // A ticket closed in a day or less took at most 24 hours; the tickets are those opened in Q3.
        let fast = sql("q3 tickets closed out in a day or less - count");
        assert!(
            fast.contains("/ 3600.0 <= 24")
                && fast.contains("f.opened_at >= TIMESTAMP '2026-07-01"),
            "{fast}"
        );
        // Cash received, by the day paid.
        let receipts = parsed("cash receipts by month this year, based on payment dates");
        assert_eq!(receipts.query.metrics, ["collections"]);
        assert!(receipts.notes.is_empty(), "{:?}", receipts.notes);
    }
    #[test]
    fn a_figure_divided_by_a_number_said() {
        let today = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default();
        let p = parsed("tickets opened so far this year divided by the 10 months elapsed");
        assert_eq!(p.query.divided_by, Some(10.0));
        assert!(p.notes.is_empty(), "{:?}", p.notes);
        assert!(
            crate::compile::compile(&p.query, today).starts_with(
                "SELECT CAST(tickets AS DOUBLE) / 10.0 AS tickets FROM (SELECT count(*)"
            )
        );
        assert_eq!(
            parsed("Sept collections divided by 30 days")
                .query
                .divided_by,
            Some(30.0)
        );
        // The division that says how an average asked is taken is not made twice.
        let p = parsed(
            "What was our average monthly spend across 2025 (the year's total divided by 12)?",
        );
        assert_eq!(p.query.divided_by, None);
        // One figure only.
        let by_plan = SemanticQuery {
            dimensions: vec!["plan".into()],
            ..parsed("Sept collections divided by 30 days").query
        };
        assert!(by_plan.validate(&vocabulary()).is_err());
    }
    #[test]
    fn active_or_past_due_is_live() {
        let today = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default();
        let sql = |q: &str| crate::compile::compile(&parsed(q).query, today);
        for q in [
            "US customer count (accounts w/ active or past due sub)",
            "Count the accounts in Germany that have no active or past-due subscription.",
            "Current ARR - the annualised figure of active plus past-due subscriptions' MRR",
        ] {
            let p = parsed(q);
            assert!(p.notes.is_empty(), "{q}: {:?}", p.notes);
            assert!(
                sql(q).contains("f.status IN ('active', 'past_due')"),
                "{q}: {}",
                sql(q)
            );
        }
        // Those started in a period, still live.
        let started =
            sql("How many active or past-due subscriptions have a start date in October 2026?");
        assert!(
            started.contains("f.status IN ('active', 'past_due')")
                && started.contains("f.started_at >= TIMESTAMP '2026-10-01"),
            "{started}"
        );
        assert_eq!(
            parsed("number of active trials?").query.metrics,
            ["trialing_subscriptions"]
        );
    }
    #[test]
    fn accounts_flagged_at_risk_and_their_records() {
        let today = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default();
        let sql = |q: &str| crate::compile::compile(&parsed(q).query, today);
        for q in [
            "ytd ticket count for accounts currently flagged at risk",
            "QTD ticket volume from the accounts currently flagged at risk",
        ] {
            let sql = sql(q);
            assert!(
                sql.starts_with("SELECT count(*) AS tickets FROM ontology.ticket")
                    && sql.contains("d.band IN ('red')"),
                "{q}: {sql}"
            );
        }
        // The total of records on those accounts is their amount.
        let total = parsed(
            "What is the total of open invoices (USD) on accounts that are currently at risk?",
        );
        assert_eq!(total.query.metrics, ["unpaid_amount"], "{:?}", total.notes);
    }
    #[test]
    fn storage_in_gb_and_banded_accounts_with_their_scores() {
        let today = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default();
        // "in GB" is the unit storage is given in, not Great Britain, and a sum of it is an amount.
        let storage = parsed("How much storage is Polaris Labs using today, in GB?");
        assert_eq!(storage.query.metrics, ["storage_gb"], "{:?}", storage.notes);
        assert!(
            storage.query.filters.iter().all(|f| !matches!(
                f,
                Filter::Values { dimension, .. } if dimension == "country"
            )) && storage.notes.is_empty(),
            "{:?} {:?}",
            storage.query.filters,
            storage.notes
        );
        // Each account of a band, with its score, rather than the band's average.
        for q in [
            "red band accounts w/ score",
            "accounts in the yellow band with their health score",
        ] {
            let v = spend_and_health_vocabulary();
            let sql = crate::compile::compile(&parsed_with(&v, q).query, today);
            assert!(
                sql.starts_with("SELECT f.name AS name, (SELECT max(h.score)"),
                "{q}: {sql}"
            );
        }
    }
    #[test]
    fn growth_first_in_a_list_of_plans_and_what_an_answer_is_for() {
        // "Growth" before "and Starter" is a plan, and "if I exclude" denies both.
        let mut v = vocabulary();
        v.learn(
            "plan",
            ["AutonomOS Starter", "AutonomOS Growth"].map(String::from),
        );
        for q in [
            "What's annual recurring revenue if I exclude the Growth and Starter plans?",
            "ARR excluding the Growth and Starter plans",
        ] {
            let p = parsed_with(&v, q);
            assert_eq!(
                values(&p),
                [(
                    "plan".to_string(),
                    vec![
                        "AutonomOS Growth".to_string(),
                        "AutonomOS Starter".to_string()
                    ],
                    true
                )],
                "{q}: {:?}",
                p.notes
            );
        }
        // "For the weekly review:" says what the answer is for, not a weekly breakdown.
        let p = parsed("for the weekly review: dollar value of unclosed opportunities per stage");
        assert_eq!(p.query.grain, None, "{:?}", p.notes);
        assert_eq!(p.query.dimensions, ["stage"], "{:?}", p.notes);
    }
    #[test]
    fn an_aside_between_a_noun_and_its_clause_goes_last() {
        assert_eq!(
            asides_last("List each vendor (not Cloud) whose spend exceeded 50k, with its spend?"),
            "List each vendor whose spend exceeded 50k, with its spend (not Cloud)?"
        );
        // Elsewhere a parenthesis stays where it is.
        let q = "revenue (paid ones) by month";
        assert_eq!(asides_last(q), q);
    }
    #[test]
    fn a_list_of_figures_after_a_colon_asks_each() {
        assert_eq!(
            parsed("pipeline: # deals, $").query.metrics,
            ["open_opportunities", "open_pipeline"]
        );
        assert_eq!(
            parsed("won deals last quarter: number of deals, $")
                .query
                .metrics,
            ["won_deals", "bookings"]
        );
        // Periods put side by side are not a list of figures.
        assert_eq!(
            listed_after_colon("Compare new tickets: October against September, October first"),
            "Compare new tickets: October against September, October first"
        );
    }
    #[test]
    fn along_with_how_many_asks_the_count_too() {
        let p = parsed(
            "What's the total value of all not-yet-closed opportunities, along with how many there are?",
        );
        assert_eq!(
            p.query.metrics,
            ["open_pipeline", "open_opportunities"],
            "{:?}",
            p.notes
        );
    }
    #[test]
    fn the_first_and_newest_customers_are_ranked_by_when_they_began() {
        let today = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default();
        for (q, order) in [
            ("Who was our very first subscriber?", "ASC"),
            ("who was our first customer", "ASC"),
            ("who is our newest customer", "DESC"),
        ] {
            let p = parsed(q);
            let sql = crate::compile::compile(&p.query, today);
            assert!(
                sql.starts_with("SELECT a.name AS account FROM ontology.subscription f")
                    && sql.contains(&format!("ORDER BY f.started_at {order}"))
                    && sql.ends_with("LIMIT 1"),
                "{q}: {sql}"
            );
            assert!(penalty(&p) < 0.1, "{q}: {:?}", p.notes);
        }
        // The first to do something else is not read so.
        assert!(!parsed("first customer to churn").query.by_time);
    }
    #[test]
    fn max_and_min_of_records_and_of_days() {
        let today = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default();
        let sql = |q: &str| crate::compile::compile(&parsed(q).query, today);
        // The busiest day's active users.
        let busiest = sql("max DAU in sept 2026");
        assert!(
            busiest.starts_with(
                "SELECT max(active_users) AS active_users FROM (SELECT CAST(f.day AS DATE) AS day"
            ),
            "{busiest}"
        );
        // The longest of what the metric averages, and the smallest of the records' amounts.
        let longest =
            sql("Of the tickets resolved in October, what's the max resolution time in days?");
        assert!(
            longest.starts_with("SELECT max(CAST(date_part('epoch', f.resolved_at - f.opened_at)"),
            "{longest}"
        );
        assert!(
            sql("min deal size won in 2026").starts_with("SELECT min(f.amount)"),
            "{}",
            sql("min deal size won in 2026")
        );
        // Both, a range, is not answered confidently by one figure.
        let range = parsed("min max mrr growth plan customers");
        assert!(penalty(&range) >= 0.45, "{:?}", range.notes);
    }
    #[test]
    fn how_much_of_a_figure_proportionally_is_its_share() {
        let p = parsed(
            "how much of our recurring revenue is on past-due subscriptions, proportionally",
        );
        assert_eq!(
            p.query.aggregation,
            Some(Aggregation::Share),
            "{:?}",
            p.query
        );
    }
    #[test]
    fn net_new_arr_is_twelve_times_the_net_monthly_movements() {
        let today = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default();
        let p = parsed("net new ARR this year");
        assert_eq!(p.query.metrics, ["net_new_arr"], "{:?}", p.notes);
        assert!(
            crate::compile::compile(&p.query, today)
                .contains("sum(12 * (new + expansion + contraction + churn))")
        );
    }

    #[test]
    fn every_verb_of_movement_compares_two_periods() {
        // "rise", "fall", "jump", "decline": how a figure moved, never a misspelt "risk".
        for q in [
            "By what percent did the number of tickets opened rise from Q2 2026 to Q3 2026?",
            "by what percentage did tickets fall from Q2 2026 to Q3 2026",
            "how much did bookings jump from Q2 to Q3, in percent",
            "by what percent did bookings decline from Q2 to Q3 2026",
        ] {
            let p = parsed(q);
            let (time, compare) = (p.query.time.as_ref(), p.query.compare.as_ref());
            assert_eq!(time.map(|t| t.label.as_str()), Some("Q3 2026"), "{q}");
            assert_eq!(compare.map(|t| t.label.as_str()), Some("Q2 2026"), "{q}");
            assert!(p.query.growth, "{q}: {:?}", p.query);
            assert!(
                !p.notes.iter().any(|n| n.reason.contains("risk")),
                "{q}: {:?}",
                p.notes
            );
        }
    }

    #[test]
    fn kinds_of_deal_are_read_from_what_their_names_end_with() {
        let mut v = vocabulary();
        v.learn(
            "deal_kind",
            ["Expansion", "New", "New Business", "Renewal"].map(String::from),
        );
        let kind = |q: &str| {
            values(&parsed_with(&v, q))
                .into_iter()
                .find(|(d, _, _)| d == "deal_kind")
                .map(|(_, values, _)| values)
        };
        assert_eq!(
            kind("expansion deals won this year"),
            Some(vec!["Expansion".to_string()])
        );
        // The word alone means the subscriptions up for renewal; with its records, the deals' kind.
        assert_eq!(
            kind("how many renewal opportunities did we lose this year"),
            Some(vec!["Renewal".to_string()])
        );
        assert_eq!(kind("red accounts with a November renewal"), None);
        // "new" is said of every kind of record: never a kind.
        assert_eq!(kind("new deals created this month"), None);
        let p = parsed_with(&v, "how many renewal opportunities did we lose this year");
        assert_eq!(p.query.metrics, ["lost_deals"]);
        let today = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default();
        let sql = crate::compile::compile(&p.query, today);
        assert!(
            sql.contains("split_part(f.name, ' - ', -1) IN ('Renewal')"),
            "{sql}"
        );
        assert!(
            p.query
                .describe()
                .contains("deal_kind (the end of its name) in Renewal"),
            "{}",
            p.query.describe()
        );
        // A kind is learned only when several names end with it.
        let learn = model::dimension("deal_kind").map(model::Dimension::values_sql);
        assert!(
            learn.is_some_and(|sql| sql.contains("LIKE '% - %'") && sql.contains("n >= 5")),
            "kinds learned from every name"
        );
    }

    #[test]
    fn a_period_ending_on_a_day_and_both_days_included() {
        for (q, from, to) in [
            (
                "revenue for the quarter ending March 31, 2026",
                "2026-01-01",
                "2026-04-01",
            ),
            (
                "bookings for the year ended June 30, 2026",
                "2025-07-01",
                "2026-07-01",
            ),
            (
                "tickets with an open date between 2026-10-01 and 2026-10-15, both days included",
                "2026-10-01",
                "2026-10-16",
            ),
        ] {
            let p = parsed(q);
            assert_eq!(span(&p.query.time), Some((from.into(), to.into())), "{q}");
            // ("an open date": when they were opened, whatever their state now.)
            assert_ne!(p.query.metrics, ["open_tickets"], "{q}");
            assert!(
                !p.notes.iter().any(|n| n.reason.contains("not understood")),
                "{q}: {:?}",
                p.notes
            );
        }
    }

    #[test]
    fn figures_said_in_other_words_are_the_model_s() {
        // "billed in GBP": the invoices' currency; "original": their own amounts.
        let p = parsed("2025 paid invoices billed in GBP: total in the original currency");
        assert_eq!(p.query.metrics, ["revenue"]);
        assert!(p.query.original_currency, "{:?}", p.query);
        // "what did X come to": their amount, not their number.
        let p = parsed("what did paid invoices come to last year");
        assert_eq!(p.query.metrics, ["revenue"]);
        // The periods said twice: "per month ..., by close month".
        let p = parsed("Show our win rate per month for 2026 so far, by close month.");
        assert_eq!(p.query.grain, Some(Grain::Month));
        assert!(!p.unanswerable, "{:?}", p.notes);
        // "at-risk accounts" say whose figure; the MRR at risk is not asked.
        let p = parsed("open invoice amount on at-risk accts");
        assert_eq!(p.query.metrics, ["unpaid_amount"]);
        assert!(
            matches!(p.query.filters.as_slice(), [Filter::Records { metric, .. }] if metric == "at_risk_accounts"),
            "{:?}",
            p.query
        );
    }

    #[test]
    fn words_of_sales_and_usage_read_in_the_model_s_terms() {
        // Closing an amount is winning it; "business" is not the plan.
        let mut v = vocabulary();
        v.learn(
            "plan",
            ["AutonomOS Business".to_string(), "AutonomOS Starter".into()],
        );
        for q in [
            "How much business did we close in each European country during 2025?",
            "How much did each rep close in Europe last quarter?",
        ] {
            let p = parsed_with(&v, q);
            assert_eq!(p.query.metrics, ["bookings"], "{q}");
            assert!(!values(&p).iter().any(|(d, _, _)| d == "plan"), "{q}");
        }
        // "in each European country": by country, of the European ones.
        let p = parsed("bookings in each European country during 2025");
        assert_eq!(p.query.dimensions, ["country"]);
        assert!(
            values(&p).iter().any(|(d, _, _)| d == "country"),
            "{:?}",
            p.query
        );
        // "with zero": with none.
        let p = parsed("accounts with zero open tickets");
        assert!(
            matches!(
                p.query.filters.as_slice(),
                [Filter::Records { negated: true, .. }]
            ),
            "{:?}",
            p.query
        );
        // Revenue "we book" is the revenue.
        let p = parsed("How much paid revenue did we book in September 2026?");
        assert_eq!(p.query.metrics, ["revenue"]);
        // Using the API is making API calls.
        let p = parsed("Which paying accounts haven't used the API at all in the last 30 days?");
        assert!(
            matches!(p.query.filters.as_slice(), [.., Filter::Records { metric, negated: true, .. }] if metric == "api_calls"),
            "{:?}",
            p.query
        );
        // An account executive is a rep.
        let p = parsed("How much open pipeline does each AE own?");
        assert_eq!(p.query.dimensions, ["owner"]);
        // "broken out by": broken down by.
        let p = parsed("tickets in Q3 broken out by priority");
        assert_eq!(p.query.dimensions, ["priority"]);
    }
}
