//! The words the parser knows by heart: stopwords, the words for values, rankings, lists, durations,
//! trends, counts and changes, synonyms and expansions, negations, breakdowns and population words,
//! the questions it declines, and the calendar units.

use super::*;

pub(super) const STOPWORDS: &[&str] = &[
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
    // "every deal that has ever closed", "no paid invoice ever": all time, as said of nothing.
    "ever",
    // "the storage footprint per plan": the storage.
    "footprint",
    // "how many such deals", "brand-new customers", "customers hold", "the accounts that hold".
    "such",
    "brand",
    "hold",
    "holds",
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
pub(super) const VALUE_WORDS: &[&str] = &[
    "much", "value", "amount", "worth", "dollar", "dollars", "sum", "money", "owe", "owes", "owed",
    "owing", "size", "totals", "balance", "balances",
];

/// Words that rank (the words of `ranking_at`).
pub(super) const RANKING_WORDS: &[&str] = &[
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
pub(super) const LIST_WORDS: &[&str] = &["list", "show", "display", "which", "names", "name"];

/// Words that ask how long something takes ("how long", "how fast").
pub(super) const DURATION_WORDS: &[&str] = &[
    "long", "duration", "fast", "quickly", "speed", "length", "hours", "hrs",
];

/// Words that ask for a figure over time ("how is MRR trending").
pub(super) const TREND_WORDS: &[&str] = &[
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
pub(super) const RECORD_VALUE_WORDS: &[&str] =
    &["mrr", "arr", "amount", "amounts", "value", "values"];

/// Words that ask for a count.
pub(super) const COUNT_WORDS: &[&str] = &["many", "number", "count"];

/// The words naming a currency other than the reporting one ("in euros", "total (pounds)").
pub(super) const FOREIGN_CURRENCY_WORDS: &[&str] =
    &["gbp", "eur", "jpy", "pounds", "euros", "yen", "sterling"];

/// Words asking how a figure moved between two periods ("how did bookings change from Q2 to Q3").
pub(super) const CHANGE_WORDS: &[&str] = &[
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
pub(super) const SYNONYMS: &[(&str, &str)] = &[
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
    // "API traffic": the API calls.
    ("traffic", "calls"),
];

/// Abbreviations people ask with, and the words they stand for.
pub(super) const EXPANSIONS: &[(&str, &str)] = &[
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
    ("cat", "category"),
    ("cats", "categories"),
    ("mth", "month"),
    ("mths", "months"),
];

/// Words between a field's name and what is said of its value ("industry is not null", "the country
/// field is empty").
pub(super) const FIELD_IS_WORDS: &[&str] = &[
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
pub(super) const MISSING_WORDS: &[&str] = &[
    "null", "empty", "blank", "missing", "unset", "none", "unknown",
];

/// The stems of the nouns naming accounts ("customers", "companies", "clients").
pub(super) const ACCOUNT_STEMS: &[&str] = &["account", "custom", "client", "compani"];

/// The days of the week, as said before a date ("since Monday, October 26").
pub(super) const WEEKDAYS: &[&str] = &[
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
pub(super) const RECORD_STEMS: &[&str] = &[
    "deal",
    "opportun",
    "opp",
    "invoic",
    "ticket",
    "subscript",
    "renew",
];

/// The systems that hold accounts, by the names a question gives them.
pub(super) const SYSTEMS: &[(&str, &str)] = &[
    ("salesforce", "salesforce"),
    ("sfdc", "salesforce"),
    ("crm", "salesforce"),
    ("stripe", "stripe"),
    ("netsuite", "netsuite"),
];

/// Words that ask whether a system holds an account ("has a NetSuite record", "exists in Stripe",
/// "never shown up in", "Salesforce-only").
pub(super) const HELD_WORDS: &[&str] = &[
    "record", "records", "exist", "exists", "existed", "known", "know", "knows", "missing", "only",
    "shown", "show", "shows", "appear", "appears", "appeared", "present", "file",
];

/// Whether `metric`, the records of a state the question names (`ws`), and those of `state` exclude
/// each other: each state applies to the other's records ("won deals we lost" and "lost deals we won"
/// both read), which only states that are alternatives allow.
pub(super) fn excludes(metric: &str, state: &model::State, ws: &[String]) -> bool {
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
pub(super) const NEGATIONS: &[&str] = &[
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
pub(super) const PER_ACCOUNT_NOUNS: &[&str] = &["customer", "account", "client", "company", "logo"];

/// Aggregations the parser has no general phrase for: seen alone, they keep an answer below high.
pub(super) const AGGREGATION_WORDS: &[&str] = &[
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
pub(super) const BREAKDOWN: &[&str] = &["by", "per", "across", "each", "every", "which", "among"];

/// Nouns that name who or what a metric counts, read as a metric only when no other is asked.
pub(super) const POPULATION: &[&str] = &[
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
pub(super) const DASHBOARD_PHRASES: &[&str] = &[
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
pub(super) const AMBIGUOUS: &[(&str, &[&str])] = &[
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
pub(super) const OUT_OF_SCOPE: &[(&str, &str)] = &[
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
pub(super) const PERSONA_WORDS: &[(&str, &str)] = &[
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

pub(super) const UNITS: &[(&str, Grain)] = &[
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

pub(super) fn unit(word: &str) -> Option<Grain> {
    UNITS.iter().find(|(w, _)| *w == word).map(|(_, g)| *g)
}

pub(super) fn small_number(word: &str) -> Option<u32> {
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
