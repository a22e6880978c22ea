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

mod finish;
mod lexicon;
mod periods;
mod rewrite;
#[cfg(test)]
mod tests;

use lexicon::*;
use periods::*;
use rewrite::*;

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
}

/// Whether `word`, by its stem, names a state of records ([`model::STATES`]).
fn names_a_state(word: &str) -> bool {
    let stem = stem(word);
    model::STATES.iter().any(|s| s.named_by(word, &stem))
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
