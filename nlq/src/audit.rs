//! A second reading of an answer: what the question names that the SQL answering it never touches.
//!
//! The parser reads a question word by word and can lose a word on the way (a second figure after
//! "and", a verb that is also a noun elsewhere). This check does not trust the parser: it looks at the
//! question's words and at the SQL that will run, and lists each thing named and not computed ("the
//! question names MRR; the answer computes no MRR"). Each such thing keeps the answer from high
//! confidence, so a person sees at once that it may be another question's answer.

use crate::model::{self, Unit};
use crate::parse::{scaled_number, spelled_dates};
use crate::query::{Aggregation, SemanticQuery};
use crate::time::Grain;
use crate::vocab::words;

/// Something a question can ask about: the words that name it, and the fragments of SQL of which one
/// at least appears (lowercase) in any answer that uses it.
struct Subject {
    /// In the reason, as a person would say it.
    said: &'static str,
    /// Words naming it.
    words: &'static [&'static str],
    /// SQL that uses it.
    evidence: &'static [&'static str],
}

const SUBJECTS: &[Subject] = &[
    Subject {
        said: "MRR",
        words: &["mrr", "arr", "recurring"],
        evidence: &["mrr"],
    },
    Subject {
        said: "health scores",
        words: &["score", "scores"],
        evidence: &["score"],
    },
    Subject {
        said: "invoices",
        words: &["invoice", "invoices", "invoiced"],
        evidence: &["ontology.revenue", "metrics.dso", "receivable"],
    },
    Subject {
        said: "tickets",
        words: &["ticket", "tickets", "sla", "slas"],
        evidence: &["ticket"],
    },
    Subject {
        said: "deals",
        words: &[
            "deal",
            "deals",
            "opportunity",
            "opportunities",
            "opp",
            "opps",
            "pipeline",
            "bookings",
        ],
        evidence: &["opportunit", "pipeline", "deal", "bookings", "win_rate"],
    },
    Subject {
        said: "spend",
        words: &["spend", "spent", "spending", "vendor", "vendors"],
        evidence: &["ontology.cost", "spend", "vendor"],
    },
    Subject {
        said: "subscriptions",
        words: &["subscription", "subscriptions", "subs"],
        evidence: &["subscription", "mrr"],
    },
];

/// Breakdowns a question can name: the words, and the column any answer that uses them reads.
const BREAKDOWNS: &[(&[&str], &str)] = &[
    (
        &[
            "rep",
            "reps",
            "salesperson",
            "salespeople",
            "owner",
            "owners",
        ],
        "owner",
    ),
    (&["country", "countries"], "country"),
    (
        &["industry", "industries", "vertical", "verticals"],
        "industry",
    ),
    (&["stage", "stages"], "stage"),
    (&["priority", "priorities"], "priority"),
    (&["category", "categories"], "category"),
    (&["currency", "currencies"], "currency"),
];

/// SQL computing an amount (not only counting rows or listing names).
const AMOUNT_EVIDENCE: &[&str] = &[
    "sum(",
    "avg(",
    "amount",
    "mrr",
    "score",
    "min(",
    "max(",
    "median",
    "percentile",
    "spend",
    "receivable",
];

/// Words asking how a figure changed, which may be a count.
const CHANGE_WORDS: &[&str] = &[
    "grow",
    "grew",
    "grown",
    "growth",
    "change",
    "changed",
    "increase",
    "increased",
    "decrease",
    "decreased",
    "rise",
    "rose",
    "drop",
    "dropped",
    "fall",
    "fell",
    "time",
    "longer",
    "faster",
    "slower",
];

/// What `question` names that `sql` (the answer's) does not compute, each as a reason in words.
pub fn unanswered(question: &str, sql: &str) -> Vec<String> {
    // ("before 9/1/26": a day, whose numbers are no condition.)
    let ws = words(&spelled_dates(question));
    let sql = sql.to_lowercase();
    let has = |w: &str| ws.iter().any(|x| x == w);
    let mut reasons = Vec::new();
    for subject in SUBJECTS {
        if subject.words.iter().any(|w| has(w)) && !subject.evidence.iter().any(|e| sql.contains(e))
        {
            reasons.push(format!(
                "the question names {}, which the answer does not use",
                subject.said
            ));
        }
    }
    for (named, column) in BREAKDOWNS {
        // ("all stages": none in particular; "rank all reps": each.)
        let any_of = |i: usize| {
            i > 0
                && matches!(ws[i - 1].as_str(), "all" | "any" | "every")
                && !(i > 1
                    && matches!(
                        ws[i - 2].as_str(),
                        "rank" | "sort" | "order" | "list" | "show" | "compare"
                    ))
        };
        let named_alone = |w: &&&str| ws.iter().enumerate().any(|(i, x)| x == **w && !any_of(i));
        if let Some(word) = named.iter().find(named_alone)
            && !sql.contains(column)
        {
            reasons.push(format!(
                "the question names \"{word}\", which the answer does not use"
            ));
        }
    }
    // "how much", "in dollars", "$": an amount, which a count or a list of names is not ("how much
    // did the number of deals grow" asks a change, of whatever is counted).
    let change = ws.iter().any(|w| CHANGE_WORDS.contains(&w.as_str()));
    let how_much = ws.windows(2).any(|p| p[0] == "how" && p[1] == "much") && !change;
    let in_dollars = ws
        .windows(2)
        .any(|p| p[0] == "in" && matches!(p[1].as_str(), "dollars" | "usd"));
    let asks_amount = how_much
        || in_dollars
        || question.contains('$')
        || ["amount", "amounts", "worth"].iter().any(|w| has(w));
    if asks_amount && !AMOUNT_EVIDENCE.iter().any(|e| sql.contains(e)) {
        reasons.push("the question asks an amount; the answer counts or lists".to_string());
    }
    // "the average MRR of customers who joined this year": an average, which a total or a figure
    // of the day is not (a view's figure may be one by definition).
    let average = ["average", "avg", "mean", "median", "averaged"]
        .iter()
        .any(|w| has(w));
    let averaged = [
        "avg(",
        "median(",
        "percentile",
        "/",
        "average",
        "mean",
        "arpa",
        "arpu",
    ]
    .iter()
    .any(|e| sql.contains(e));
    if average && !averaged {
        reasons.push("the question asks an average; the answer computes none".to_string());
    }
    // "the top 10% of customers by MRR": a share of the customers, not the first ten.
    let lower = question.to_lowercase();
    let top_percent = ["top ", "bottom "].iter().any(|said| {
        lower.match_indices(said).any(|(at, _)| {
            let rest = &lower[at + said.len()..];
            let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            let after = rest[digits..].trim_start();
            digits > 0 && (after.starts_with('%') || after.starts_with("percent"))
        })
    });
    if top_percent {
        reasons.push(
            "the question asks a share of the rows at the top; the answer takes a number of them"
                .to_string(),
        );
    }
    // "how much does it cost us to serve a customer": a figure of one customer, which the total of
    // all is not.
    let one_customer = ws.windows(3).any(|p| {
        matches!(
            p[0].as_str(),
            "serve" | "acquire" | "support" | "onboard" | "win" | "keep" | "retain" | "land"
        ) && matches!(p[1].as_str(), "a" | "an" | "one" | "each")
            && matches!(p[2].as_str(), "customer" | "account" | "client")
    });
    if one_customer && !sql.contains('/') && !sql.contains("group by") && !sql.contains(" limit ") {
        reasons
            .push("the question asks a figure of one customer; the answer is of all".to_string());
    }
    // "open deals with their expected close dates", "which deals are in negotiation, and whose are
    // they": a column of the records asked for, which the answer does not show.
    let close_dates = ws
        .windows(2)
        .any(|p| p[0] == "close" && matches!(p[1].as_str(), "date" | "dates"));
    if close_dates && !sql.contains("close_date") {
        reasons
            .push("the question asks the close dates, which the answer does not show".to_string());
    }
    let whose = ws.windows(3).any(|p| {
        p[0] == "whose"
            && matches!(p[1].as_str(), "are" | "is" | "were" | "was")
            && matches!(p[2].as_str(), "they" | "it" | "these" | "those" | "that")
    });
    if whose && !sql.contains("owner") {
        reasons
            .push("the question asks whose the records are; the answer has no owner".to_string());
    }
    // "deals over 100k", "top 5": a number named is a condition or a limit the SQL holds.
    for (i, w) in ws.iter().enumerate() {
        if let Some(n) = scaled_number(w).map(|(value, scale)| value * scale)
            && !near_a_date_or_unit(&ws, i)
            && !spelled_in(&sql, n)
        {
            reasons.push(format!("the number {w} is not used by the answer"));
        }
    }
    // `count(DISTINCT vendor)` beside `vendor` in each row: 1 for every row, ranking nothing.
    for (at, _) in sql.match_indices("count(distinct ") {
        let rest = &sql[at + "count(distinct ".len()..];
        if let Some(column) = rest.split(')').next()
            && sql.contains(&format!("select {column} as"))
        {
            reasons.push(format!(
                "each row counts one {column}: the ranking asked is not read"
            ));
        }
    }
    reasons
}

/// Words that ask for, or name, an amount of money: a figure in dollars needs one of them.
const MONEY_WORDS: &[&str] = &[
    "much",
    "dollars",
    "dollar",
    "usd",
    "eur",
    "gbp",
    "money",
    "cash",
    "value",
    "valued",
    "worth",
    "amount",
    "amounts",
    "sum",
    "revenue",
    "rev",
    "revenues",
    "income",
    "sales",
    "earned",
    "earn",
    "made",
    "make",
    "brought",
    "bring",
    "generated",
    "generate",
    "bookings",
    "booked",
    "book",
    "pipeline",
    "pipe",
    "mrr",
    "arr",
    "recurring",
    "spend",
    "spent",
    "spending",
    "cost",
    "costs",
    "costing",
    "expense",
    "expenses",
    "billed",
    "billing",
    "billings",
    "bill",
    "bills",
    "collected",
    "collect",
    "collections",
    "payments",
    "paid",
    "pay",
    "receivable",
    "receivables",
    "outstanding",
    "owe",
    "owed",
    "owes",
    "ar",
    "size",
    "sized",
    "sizes",
    "big",
    "bigger",
    "biggest",
    "large",
    "larger",
    "largest",
    "small",
    "smaller",
    "smallest",
    "expensive",
    "price",
    "priced",
    "arpa",
    "arpu",
    "acv",
    "ltv",
    "contract",
    "contracts",
    "margin",
    "churned",
    "churn",
    "expansion",
    "contraction",
    "budget",
    "invoiced",
    "total",
    "totals",
    "gross",
    "net",
    "balance",
    "balances",
    "fees",
    "fee",
    "burn",
    "burned",
    "sold",
    "sell",
    "paying",
    "invoice",
    "average",
    "avg",
    "mean",
    "median",
    "typical",
];

/// Words naming records, which may be counted, listed or summed.
const RECORD_WORDS: &[&str] = &[
    "deal",
    "deals",
    "opp",
    "opps",
    "opportunity",
    "opportunities",
    "invoices",
    "ticket",
    "tickets",
    "subscription",
    "subscriptions",
    "subs",
    "account",
    "accounts",
    "customer",
    "customers",
    "clients",
    "logos",
];

/// What the answer computes that `question` did not ask, each as a reason in words: a second figure
/// nobody asked for, an amount of money where records were named, a series by day where an average
/// was.
pub fn unasked(question: &str, query: &SemanticQuery) -> Vec<String> {
    let ws = words(question);
    let has = |w: &str| ws.iter().any(|x| x == w);
    let mut reasons = Vec::new();
    // "how much revenue have we collected from red accounts": one figure, not revenue and collections.
    // ("count of live-subscription accounts with open pipeline": "with" says which accounts.)
    let with_joins = ws.iter().enumerate().any(|(i, w)| {
        w == "with"
            && !i.checked_sub(1).is_some_and(|j| {
                matches!(
                    ws[j].as_str(),
                    "account" | "accounts" | "customer" | "customers" | "clients" | "logos"
                )
            })
    });
    let joined = question.contains([',', '+', '&', '/', ';', ':'])
        || with_joins
        || [
            "and",
            "plus",
            "vs",
            "versus",
            "both",
            "along",
            "also",
            "together",
            "alongside",
            "compare",
            "compared",
            "against",
        ]
        .iter()
        .any(|w| has(w));
    if query.metrics.len() >= 2 && query.compare.is_none() && !joined {
        reasons.push(format!(
            "the answer gives {} figures where the question asks one",
            query.metrics.len()
        ));
    }
    // "alice schmidt closed won opps Q3": the deals named, no amount asked; a sum of their amounts is
    // one reading of several (their count, the list).
    let money = query
        .metrics
        .first()
        .and_then(|m| model::metric(m))
        .is_some_and(|m| m.unit == Unit::Money && !query.records && query.aggregation.is_none());
    if money
        && ws.iter().any(|w| RECORD_WORDS.contains(&w.as_str()))
        && !ws.iter().any(|w| MONEY_WORDS.contains(&w.as_str()))
        && !question.contains(['$', '€', '£'])
    {
        reasons.push("the answer is an amount of money; the question asks none".to_string());
    }
    // "how many customers pay us $500k or more in ARR": a number of things, not an amount of money
    // ("how many dollars" asks for one).
    let how_many = ws.windows(3).any(|p| {
        p[0] == "how"
            && p[1] == "many"
            && !matches!(
                p[2].as_str(),
                "dollars" | "usd" | "euros" | "eur" | "pounds" | "gbp" | "yen" | "jpy"
            )
    });
    // ("# customers w/ arr >= 500k", "number of customers paying over 10k")
    let how_many = how_many
        || ws.first().is_some_and(|w| w == "number" || w == "count")
        || question.trim_start().starts_with('#');
    let all_money = !query.metrics.is_empty()
        && !query.records
        && query
            .metrics
            .iter()
            .all(|m| model::metric(m).is_some_and(|m| m.unit == Unit::Money));
    if how_many
        && all_money
        && query.aggregation.is_none()
        && query.distinct.is_none()
        && !query.count_rows
    {
        reasons.push("the question asks how many; the answer is an amount of money".to_string());
    }
    // "how many accounts without an owner have open deals": the accounts counted, not their deals.
    let accounts_counted = ws.windows(2).enumerate().any(|(i, p)| {
        // ("how many came from customers": what was named before, counted.)
        p[0] == "how"
            && p[1] == "many"
            && ws.get(i + 2).is_some_and(|w| {
                !matches!(
                    w.as_str(),
                    "came" | "come" | "were" | "was" | "are" | "is" | "did" | "do" | "does"
                )
            })
            && ws[i + 2..]
                .iter()
                .take(3)
                .find(|w| RECORD_WORDS.contains(&w.as_str()) || w.as_str() == "companies")
                .is_some_and(|w| {
                    matches!(
                        w.as_str(),
                        "accounts" | "customers" | "clients" | "companies" | "logos"
                    )
                })
    });
    let records_counted = query
        .metrics
        .first()
        .and_then(|m| model::metric(m))
        .is_some_and(|m| {
            m.table().is_some_and(|t| t != "account")
                && matches!(
                    m.source,
                    model::Source::Fact {
                        aggregate: "count(*)",
                        ..
                    }
                )
        });
    if accounts_counted
        && records_counted
        && !query.count_rows
        && query.distinct.is_none()
        && !query.records
    {
        reasons.push("the question counts accounts; the answer counts their records".to_string());
    }
    // "which accounts had an SLA breach in each of the last 3 months": a condition on every period,
    // not each period's figure of each account.
    let every_period = ws
        .windows(3)
        .any(|p| p[0] == "each" && p[1] == "of" && p[2] == "the");
    if every_period && has("which") && query.grain.is_some() && !query.dimensions.is_empty() {
        reasons.push(
            "the question asks which meet a condition in every period; the answer gives each \
             period's figure"
                .to_string(),
        );
    }
    // "which accounts had more tickets this month than last month": the rows that grew, not every
    // row beside its earlier figure.
    let which_grew = has("which")
        && has("than")
        && [
            "more", "fewer", "less", "higher", "lower", "bigger", "smaller",
        ]
        .iter()
        .any(|w| has(w));
    if which_grew && query.compare.is_some() && !query.dimensions.is_empty() {
        reasons.push(
            "the question asks which rows moved; the answer lists every row with both figures"
                .to_string(),
        );
    }
    // "which accounts have declining usage": the rows whose figure fell, not every row's series.
    let moving = [
        "rising",
        "falling",
        "declining",
        "increasing",
        "decreasing",
        "growing",
        "shrinking",
        "dropping",
    ];
    if has("which")
        && moving.iter().any(|w| has(w))
        && query.grain.is_some()
        && !query.dimensions.is_empty()
    {
        reasons.push(
            "the question asks which rows rise or fall; the answer gives every row's series"
                .to_string(),
        );
    }
    // "bookings last 4 quarters with quarter over quarter change": each period's change, not two
    // totals of the whole span compared.
    let period_over_period = ws
        .windows(3)
        .find_map(|p| (p[1] == "over" && p[0] == p[2]).then_some(p[0].as_str()));
    let step_days = match period_over_period {
        Some("day") => 1,
        Some("week") => 7,
        Some("month") => 31,
        Some("quarter") => 92,
        Some("year") => 366,
        _ if has("wow") => 7,
        _ if has("mom") => 31,
        _ if has("qoq") => 92,
        _ if has("yoy") => 366,
        _ => 0,
    };
    let spans_several = query
        .time
        .as_ref()
        .is_some_and(|t| step_days > 0 && (t.end - t.start).num_days() > step_days + step_days / 2);
    if spans_several && query.grain.is_none() {
        reasons.push(
            "the question asks each period's change; the answer compares the whole span's totals"
                .to_string(),
        );
    }
    // "top rep in each region", "the largest deal in each stage": the first of every group, not of
    // all the rows together.
    // ("with the account for each": of each record listed.)
    let in_each = ws.windows(3).any(|p| {
        matches!(p[0].as_str(), "in" | "for" | "of" | "within" | "across")
            && matches!(p[1].as_str(), "each" | "every")
            && !matches!(p[2].as_str(), "one" | "of" | "them")
            && !RECORD_WORDS.contains(&p[2].as_str())
    });
    let groups = query.dimensions.len() + usize::from(query.grain.is_some());
    if in_each && query.limit.is_some() && (groups >= 1 || query.records) {
        reasons.push(
            "the question asks the first of each group; the answer ranks all the rows together"
                .to_string(),
        );
    }
    // "how many customers are on each plan, and what's the average MRR in each": a count and a
    // second figure, where the answer gives the second alone.
    let second_asked = ws.windows(2).any(|p| {
        p[0] == "and" && matches!(p[1].as_str(), "what" | "whats" | "how" | "the" | "their")
    });
    let one_figure_not_a_count = matches!(query.metrics.as_slice(), [m]
        if model::metric(m).is_some_and(|m| m.unit != Unit::Count) || query.aggregation.is_some());
    if how_many && second_asked && one_figure_not_a_count && !query.count_rows {
        reasons
            .push("the question asks a count and another figure; the answer gives one".to_string());
    }
    // "accounts with open pipeline but no activity in 30 days": the accounts, not a figure of
    // their records.
    let start = usize::from(
        ws.first()
            .is_some_and(|w| matches!(w.as_str(), "which" | "list" | "show" | "find")),
    );
    let accounts_asked = ws.get(start).is_some_and(|w| {
        matches!(
            w.as_str(),
            "accounts" | "customers" | "clients" | "companies"
        )
    }) && ws
        .get(start + 1)
        .is_some_and(|w| matches!(w.as_str(), "with" | "that" | "who" | "whose" | "where"));
    let a_figure_of_records = query
        .metrics
        .first()
        .and_then(|m| model::metric(m))
        .is_some_and(|m| m.table().is_some_and(|t| t != "account") && m.unit != Unit::Count);
    if accounts_asked
        && a_figure_of_records
        && !query.records
        && !query.count_rows
        && !query.dimensions.iter().any(|d| d == "account")
    {
        reasons.push(
            "the question asks for accounts; the answer is a figure of their records".to_string(),
        );
    }
    // "how many days does it take to resolve a ticket": a duration in the unit asked.
    let unit = |m: &String| model::metric(m).map(|m| m.unit);
    let asks_days = has("days") && !has("hours") && !has("hrs");
    let asks_hours = (has("hours") || has("hrs")) && !has("days");
    for m in &query.metrics {
        match unit(m) {
            Some(Unit::Hours) if asks_days => {
                reasons.push("the answer is in hours; the question asks days".to_string());
            }
            Some(Unit::Days) if asks_hours => {
                reasons.push("the answer is in days; the question asks hours".to_string());
            }
            _ => {}
        }
    }
    // "opps in Negotiation/Review stage + owner", "uncollectible invoices - customer + amount": the
    // records, each with the columns named after "+"; a count or a total of them is another question.
    let records_named = ws
        .iter()
        .any(|w| RECORD_WORDS.contains(&w.as_str()) || matches!(w.as_str(), "acct" | "accts"));
    let columns_added = ws.windows(2).any(|p| {
        p[0] == "plus"
            && matches!(
                p[1].as_str(),
                "owner"
                    | "owners"
                    | "rep"
                    | "reps"
                    | "customer"
                    | "account"
                    | "name"
                    | "names"
                    | "amount"
                    | "amounts"
                    | "score"
                    | "scores"
                    | "priority"
                    | "stage"
                    | "status"
                    | "date"
            )
    }) || question.contains(" + ");
    let counted = how_many || has("count") || has("total") || has("sum") || has("many");
    if records_named && columns_added && !query.records && !counted && query.aggregation.is_none() {
        reasons.push(
            "the question names records and their columns; the answer totals them".to_string(),
        );
    }
    // "red band accts, health score < 30": the accounts, not their average score (a duration, "how
    // long does it take", is an average by nature).
    let averages = query.metrics.first().and_then(|m| model::metric(m)).is_some_and(|m| {
        !matches!(m.unit, Unit::Days | Unit::Hours)
            && matches!(m.source, model::Source::Fact { aggregate, .. } if aggregate.starts_with("avg("))
    });
    let average_asked = [
        "average",
        "avg",
        "mean",
        "typical",
        "typically",
        "median",
        "overall",
    ]
    .iter()
    .any(|w| has(w));
    if averages && !query.records && records_named && !average_asked && query.dimensions.is_empty()
    {
        reasons.push("the answer is an average; the question asks none".to_string());
    }
    // "the peak number of active users on any one day": the figure, not which day it was.
    let any_day = ws.windows(3).any(|p| {
        matches!(p[0].as_str(), "any" | "a" | "one")
            && matches!(p[1].as_str(), "one" | "single" | "given")
            && matches!(p[2].as_str(), "day" | "week" | "month")
    });
    if any_day && query.grain.is_some() && query.limit == Some(1) {
        reasons
            .push("the answer names the period too; the question asks only its figure".to_string());
    }
    // "how many API calls per day did the average customer make": one average, not a series by day.
    if query.grain == Some(Grain::Day)
        && query.aggregation != Some(Aggregation::Average)
        && ["average", "avg", "mean", "typical", "typically"]
            .iter()
            .any(|w| has(w))
    {
        reasons.push("the answer is a series by day where an average was asked".to_string());
    }
    // "how many tickets does the average customer open per month": one average, not a series.
    // ("the mean customer health score": the average of a figure of the customers.)
    let average_account = ws.iter().enumerate().any(|(i, w)| {
        matches!(w.as_str(), "average" | "avg" | "mean" | "typical")
            && ws
                .get(i + 1)
                .is_some_and(|n| matches!(n.as_str(), "customer" | "account" | "client"))
            && ws.get(i + 2).is_none_or(|f| {
                !matches!(
                    f.as_str(),
                    "health" | "score" | "mrr" | "arr" | "revenue" | "size" | "value" | "spend"
                )
            })
    });
    if average_account && query.grain.is_some_and(|g| g != Grain::Day) {
        reasons.push("the answer is a series over time where one average was asked".to_string());
    }
    if average_account && query.dimensions.iter().any(|d| d == "account") {
        reasons.push("the answer lists each account where the average one was asked".to_string());
    }
    reasons
}

/// Whether the number at `i` is part of a date or a length of time ("October 1", "2025", "last 30
/// days", "within 24 hours"), which the SQL holds as dates, not as the number.
fn near_a_date_or_unit(ws: &[String], i: usize) -> bool {
    let unit = |w: &str| {
        matches!(
            w,
            "day"
                | "days"
                | "week"
                | "weeks"
                | "month"
                | "months"
                | "year"
                | "years"
                | "quarter"
                | "quarters"
                | "hour"
                | "hours"
                | "h"
                | "hrs"
                | "mo"
                | "mos"
                | "yr"
                | "yrs"
                | "minutes"
                | "min"
                | "mins"
                | "st"
                | "nd"
                | "rd"
                | "th"
        )
    };
    let is_year = |w: &str| w.len() == 4 && w.starts_with("20");
    // ("Q2 '26", "H1 27": a short year after a period.)
    let period = |w: &str| {
        crate::time::month_number(w).is_some()
            || matches!(w, "q1" | "q2" | "q3" | "q4" | "h1" | "h2" | "fy")
    };
    // ("last 30d", "next 6mo": a number of units, written as one word.)
    let digits = ws[i].chars().take_while(char::is_ascii_digit).count();
    let short_unit = digits > 0
        && matches!(
            &ws[i][digits..],
            "d" | "w" | "wk" | "wks" | "m" | "mo" | "mos" | "q" | "y" | "yr"
        )
        && i.checked_sub(1).is_some_and(|j| {
            matches!(
                ws[j].as_str(),
                "last" | "past" | "next" | "trailing" | "previous" | "prior" | "coming"
            )
        });
    short_unit
        || is_year(&ws[i])
        || ws.get(i + 1).is_some_and(|n| unit(n) || period(n) || is_year(n))
        || i.checked_sub(1).is_some_and(|j| period(&ws[j]) || is_year(&ws[j]))
        // "2026-07-01": the day after the year and the month.
        || i.checked_sub(2).is_some_and(|j| is_year(&ws[j]))
}

/// Whether `sql` holds the number `n` (as written in SQL, or as a fraction of a percentage).
fn spelled_in(sql: &str, n: f64) -> bool {
    let forms = [n, n / 100.0];
    forms.iter().any(|x| {
        let text = if x.fract() == 0.0 {
            format!("{x:.0}")
        } else {
            format!("{x}")
        };
        sql.match_indices(&text).any(|(at, _)| {
            let before = sql[..at].chars().next_back();
            let after = sql[at + text.len()..].chars().next();
            !before.is_some_and(|c| c.is_ascii_digit() || c == '.')
                && !after.is_some_and(|c| c.is_ascii_digit())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::{unanswered, unasked};
    use crate::query::{Aggregation, SemanticQuery};
    use crate::time::{Grain, Period};
    use chrono::NaiveDate;

    fn query(metrics: &[&str]) -> SemanticQuery {
        SemanticQuery {
            metrics: metrics.iter().map(|m| m.to_string()).collect(),
            ..SemanticQuery::default()
        }
    }

    #[test]
    fn a_second_figure_nobody_asked_is_named() {
        let two = query(&["revenue", "collections"]);
        assert_eq!(
            unasked("how much revenue have we collected from red accounts", &two).len(),
            1
        );
        assert!(unasked("revenue and collections this year", &two).is_empty());
        assert!(unasked("trialing subs - count + MRR", &two).is_empty());
        // ("accounts with": which accounts, not a second figure.)
        assert!(
            unasked(
                "count of live-subscription accounts with open pipeline",
                &two
            )
            .iter()
            .any(|r| r.contains("2 figures"))
        );
        assert!(unasked("revenue this year with collections beside it", &two).is_empty());
    }

    #[test]
    fn an_amount_of_money_for_records_named_alone_is_named() {
        let bookings = query(&["bookings"]);
        assert_eq!(
            unasked("alice schmidt closed won opps Q3", &bookings),
            ["the answer is an amount of money; the question asks none"]
        );
        assert!(unasked("how much did alice close in Q3", &bookings).is_empty());
        assert!(unasked("alice's closed won $ in Q3", &bookings).is_empty());
        assert!(unasked("bookngs this year", &bookings).is_empty());
    }

    #[test]
    fn a_column_of_the_records_asked_and_not_shown_is_named() {
        let names =
            "SELECT f.name AS name FROM ontology.opportunity f WHERE NOT f.is_closed ORDER BY 1";
        assert_eq!(
            unanswered(
                "List Maya's open deals with their expected close dates",
                names
            )
            .len(),
            1
        );
        assert_eq!(
            unanswered(
                "which deals are in negotiation right now, and whose are they?",
                names
            )
            .len(),
            1
        );
        assert!(unanswered("which deals are in negotiation right now?", names).is_empty());
    }

    #[test]
    fn a_duration_in_another_unit_is_named() {
        let hours = query(&["resolution_hours"]);
        assert_eq!(
            unasked(
                "how many days does it take to resolve an urgent ticket",
                &hours
            )
            .len(),
            1
        );
        assert!(unasked("hours to resolve urgent tickets", &hours).is_empty());
    }

    #[test]
    fn records_asked_with_their_columns_are_no_total() {
        let scores = query(&["health_score"]);
        assert_eq!(
            unasked("red band accts, health score < 30", &scores).len(),
            1
        );
        assert!(unasked("average health score of red accounts", &scores).is_empty());
        let count = query(&["opportunities"]);
        assert_eq!(
            unasked("opps in Negotiation/Review stage + owner", &count).len(),
            1
        );
        assert!(unasked("how many opps in Negotiation/Review + owner", &count).is_empty());
    }

    #[test]
    fn the_best_day_asked_only_for_its_figure_is_named() {
        let mut best_day = query(&["active_users"]);
        best_day.grain = Some(Grain::Day);
        best_day.limit = Some(1);
        let q = "peak number of active users on any one day in September";
        assert_eq!(unasked(q, &best_day).len(), 1);
        assert!(unasked("the busiest day for active users in September", &best_day).is_empty());
    }

    #[test]
    fn a_series_by_day_for_an_average_is_named() {
        let by_day = SemanticQuery {
            grain: Some(Grain::Day),
            ..query(&["api_calls"])
        };
        assert_eq!(
            unasked(
                "how many API calls per day did the average customer make",
                &by_day
            )
            .len(),
            1
        );
        assert!(unasked("API calls per day in September", &by_day).is_empty());
    }

    #[test]
    fn the_average_customer_is_one_average() {
        let by_month = SemanticQuery {
            grain: Some(Grain::Month),
            ..query(&["tickets"])
        };
        let q = "how many tickets does the average customer open per month";
        assert_eq!(unasked(q, &by_month).len(), 1);
        assert!(unasked("tickets per customer by month", &by_month).is_empty());
        let by_account = SemanticQuery {
            dimensions: vec!["account".into()],
            ..query(&["api_calls"])
        };
        let q = "how many API calls does the average account make";
        assert_eq!(unasked(q, &by_account).len(), 1);
        assert!(unasked("API calls by account", &by_account).is_empty());
    }

    #[test]
    fn a_second_figure_dropped_is_named() {
        let sql = "SELECT count(*) AS trialing_subscriptions FROM ontology.subscription f WHERE f.status = 'trialing'";
        assert_eq!(
            unanswered("how many subs are in trial and what's their MRR?", sql),
            ["the question names MRR, which the answer does not use"]
        );
        assert!(unanswered("how many subs are in trial?", sql).is_empty());
    }

    #[test]
    fn an_entity_answered_from_another_table_is_named() {
        let sql = "SELECT count(*) AS tickets FROM ontology.ticket f WHERE f.opened_at >= TIMESTAMP '2026-09-01 00:00:00'";
        assert_eq!(
            unanswered("How many invoices did we issue in September 2026?", sql),
            ["the question names invoices, which the answer does not use"]
        );
    }

    #[test]
    fn an_amount_asked_and_only_names_listed_is_named() {
        let sql = "SELECT f.name AS name FROM ontology.account f WHERE f.account_id IN (SELECT f.account_id FROM ontology.revenue f WHERE f.status = 'uncollectible') ORDER BY 1";
        assert_eq!(
            unanswered(
                "which accounts have uncollectible invoices, and how much",
                sql
            ),
            ["the question asks an amount; the answer counts or lists"]
        );
        assert_eq!(
            unanswered("uncollectible invoices 2026 - count + $", sql).len(),
            1
        );
        assert!(unanswered("which accounts have uncollectible invoices", sql).is_empty());
        let sum = "SELECT sum(f.amount) FROM ontology.revenue f";
        assert!(unanswered("how much is uncollectible", sum).is_empty());
    }

    #[test]
    fn a_ranking_by_a_count_of_the_rows_own_value_is_named() {
        let sql = "SELECT f.vendor AS vendor, count(DISTINCT f.vendor) AS distinct_vendor FROM ontology.cost f GROUP BY 1 ORDER BY distinct_vendor DESC LIMIT 3";
        assert_eq!(unanswered("top 3 software vendors ytd", sql).len(), 1);
        let fine = "SELECT f.category AS category, count(DISTINCT f.vendor) AS vendors FROM ontology.cost f GROUP BY 1";
        assert!(unanswered("vendors per category", fine).is_empty());
    }

    #[test]
    fn a_breakdown_named_and_not_read_is_named() {
        let sql = "SELECT sum(f.amount) AS bookings FROM ontology.opportunity f WHERE f.is_won";
        assert_eq!(
            unanswered("Rank all reps by their 2025 bookings", sql),
            ["the question names \"reps\", which the answer does not use"]
        );
        let by_owner = "SELECT f.owner AS owner, sum(f.amount) AS bookings FROM ontology.opportunity f GROUP BY 1";
        assert!(unanswered("Rank all reps by their 2025 bookings", by_owner).is_empty());
    }

    #[test]
    fn a_number_of_units_in_one_word_is_a_period() {
        let sql = "SELECT count(*) AS tickets FROM ontology.ticket f WHERE f.opened_at >= TIMESTAMP '2025-11-01 00:00:00'";
        assert!(unanswered("tickets last 12m", sql).is_empty());
        assert_eq!(
            unanswered("tickets over 12m", sql),
            ["the number 12m is not used by the answer"]
        );
    }

    #[test]
    fn a_number_named_and_not_used_is_named() {
        let sql = "SELECT count(*) AS opportunities FROM ontology.opportunity f WHERE f.stage IN ('Negotiation/Review')";
        assert_eq!(
            unanswered("negotiation deals over 100k", sql),
            ["the number 100k is not used by the answer"]
        );
        let over = "SELECT count(*) FROM ontology.opportunity f WHERE f.amount > 100000";
        assert!(unanswered("deals over 100k", over).is_empty());
        let top = "SELECT f.owner AS owner, sum(f.amount) AS b FROM ontology.opportunity f GROUP BY 1 ORDER BY b DESC LIMIT 5";
        assert!(unanswered("top 5 reps in 2025", top).is_empty());
        // Dates and lengths of time are held as dates.
        let dated = "SELECT count(*) FROM ontology.ticket f WHERE f.opened_at >= TIMESTAMP '2026-08-02 00:00:00'";
        assert!(unanswered("tickets in the last 90 days", dated).is_empty());
        assert!(unanswered("tickets since October 1 2026", dated).is_empty());
        assert!(unanswered("tickets from 2026-08-02 to 2026-10-31", dated).is_empty());
        assert!(unanswered("tickets in Q3 '26", dated).is_empty());
        assert!(unanswered("tickets opened before 9/1/26", dated).is_empty());
        // A percentage may be a fraction.
        let share = "SELECT count(*) FROM ontology.health f WHERE f.score < 0.5";
        assert!(unanswered("accounts under 50%", share).is_empty());
    }

    #[test]
    fn an_average_asked_and_not_computed_is_named() {
        let sql = "SELECT mrr AS mrr FROM metrics.mrr_movements WHERE month = DATE '2026-10-01'";
        assert_eq!(
            unanswered(
                "what's the average MRR of customers who joined this year",
                sql
            ),
            ["the question asks an average; the answer computes none"]
        );
        let per = "SELECT CAST(sum(f.mrr) AS DOUBLE) / CAST(count(DISTINCT f.account_id) AS DOUBLE) AS mrr FROM ontology.subscription f";
        assert!(unanswered("average MRR per customer", per).is_empty());
    }

    #[test]
    fn accounts_counted_by_their_records_are_named() {
        let q = query(&["open_opportunities"]);
        assert_eq!(
            unasked("How many accounts without an owner have open deals?", &q),
            ["the question counts accounts; the answer counts their records"]
        );
        assert!(unasked("how many open deals do Technology accounts have", &q).is_empty());
        assert!(
            unasked(
                "of the open deals, how many came from customers in France",
                &q
            )
            .is_empty()
        );
    }

    #[test]
    fn a_condition_on_every_period_is_named() {
        let mut q = query(&["sla_breach_rate"]);
        q.grain = Some(Grain::Month);
        q.dimensions = vec!["account".to_string()];
        assert_eq!(
            unasked(
                "Which accounts had an SLA breach in each of the last 3 months?",
                &q
            ),
            [
                "the question asks which meet a condition in every period; the answer gives each period's figure"
            ]
        );
        assert!(
            unasked(
                "SLA breach rate by account in each of the last 3 months",
                &q
            )
            .is_empty()
        );
    }
    #[test]
    fn the_first_of_each_group_is_named() {
        let mut q = query(&["bookings"]);
        q.dimensions = vec!["owner".to_string(), "country".to_string()];
        q.limit = Some(1);
        assert_eq!(
            unasked("Top rep in each region by bookings", &q),
            ["the question asks the first of each group; the answer ranks all the rows together"]
        );
        assert!(unasked("top rep by bookings, with their country", &q).is_empty());
    }

    #[test]
    fn rows_that_moved_are_named() {
        let mut q = query(&["tickets"]);
        q.dimensions = vec!["account".to_string()];
        q.time = Some(Period::new(
            NaiveDate::from_ymd_opt(2026, 10, 1).unwrap_or_default(),
            NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or_default(),
            "this month".to_string(),
        ));
        q.compare = Some(Period::new(
            NaiveDate::from_ymd_opt(2026, 9, 1).unwrap_or_default(),
            NaiveDate::from_ymd_opt(2026, 10, 1).unwrap_or_default(),
            "last month".to_string(),
        ));
        assert_eq!(
            unasked(
                "Which accounts had more tickets this month than last month?",
                &q
            ),
            ["the question asks which rows moved; the answer lists every row with both figures"]
        );
    }

    #[test]
    fn rows_rising_or_falling_are_named() {
        let mut q = query(&["api_calls"]);
        q.dimensions = vec!["account".to_string()];
        q.grain = Some(Grain::Month);
        assert_eq!(
            unasked("Which accounts have declining usage?", &q),
            ["the question asks which rows rise or fall; the answer gives every row's series"]
        );
        assert!(unasked("API calls by account by month", &q).is_empty());
    }

    #[test]
    fn a_change_of_each_period_over_a_span_is_named() {
        let mut q = query(&["bookings"]);
        q.time = Some(Period::new(
            NaiveDate::from_ymd_opt(2025, 11, 1).unwrap_or_default(),
            NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or_default(),
            "last 4 quarters".to_string(),
        ));
        assert_eq!(
            unasked(
                "Bookings last 4 quarters with quarter over quarter change",
                &q
            ),
            ["the question asks each period's change; the answer compares the whole span's totals"]
        );
        q.grain = Some(Grain::Quarter);
        assert!(
            unasked(
                "Bookings last 4 quarters with quarter over quarter change",
                &q
            )
            .is_empty()
        );
    }

    #[test]
    fn a_figure_of_one_customer_is_not_the_total() {
        let total = "SELECT CAST(coalesce(sum(f.amount), 0) AS DECIMAL(18,2)) AS spend FROM ontology.cost f";
        assert_eq!(
            unanswered("How much does it cost us to serve a customer?", total),
            ["the question asks a figure of one customer; the answer is of all"]
        );
        let per = "SELECT CAST(sum(f.amount) AS DOUBLE) / CAST(count(DISTINCT f.account_id) AS DOUBLE) AS x FROM ontology.revenue f";
        assert!(unanswered("average revenue per customer", per).is_empty());
    }

    #[test]
    fn a_count_dropped_beside_another_figure_is_named() {
        let mut q = query(&["mrr"]);
        q.aggregation = Some(Aggregation::PerAccount);
        q.dimensions = vec!["plan".to_string()];
        assert!(
            unasked(
                "How many customers do we have in each plan tier, and what's the average MRR in each?",
                &q
            )
            .contains(&"the question asks a count and another figure; the answer gives one".to_string())
        );
        assert!(
            unasked(
                "how many customers are on each plan",
                &query(&["customers"])
            )
            .is_empty()
        );
    }

    #[test]
    fn the_top_percent_is_named() {
        let sql = "SELECT a.name AS account, sum(f.mrr) AS mrr FROM ontology.subscription f GROUP BY 1 ORDER BY mrr DESC LIMIT 10";
        assert_eq!(
            unanswered("What's the top 10% of customers by MRR?", sql),
            ["the question asks a share of the rows at the top; the answer takes a number of them"]
        );
        assert!(unanswered("top 10 customers by MRR", sql).is_empty());
    }

    #[test]
    fn accounts_asked_and_answered_with_a_figure_are_named() {
        let q = query(&["open_pipeline"]);
        assert_eq!(
            unasked("Accounts with open pipeline but no activity in 30 days", &q),
            ["the question asks for accounts; the answer is a figure of their records"]
        );
        assert!(unasked("open pipeline with no activity in 30 days", &q).is_empty());
    }
}
