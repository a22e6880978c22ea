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

mod aggregation;
mod conditions;
mod events;
mod finish;
mod lexicon;
mod periods;
mod rewrite;
mod states;
#[cfg(test)]
mod tests;

use conditions::*;
use lexicon::*;
use periods::*;
pub(crate) use rewrite::spelled_dates;
use rewrite::*;
use states::*;

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
    /// The note of the year assumed for the last period read ("assumed january 2026"), which the end of
    /// a range read next may settle ("January to June 2025").
    last_assumption: Option<String>,
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
    /// "with no activity since October 1", "not touched since August or earlier": idle since the day
    /// the question's period names: its first day, or (`true`: "or earlier", "before" a day) the day
    /// after it.
    idle_since: Option<bool>,
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

/// Whether `word` before "activity" or "touched" says there was none ("no activity", "not touched").
fn denies_activity(word: &str) -> bool {
    matches!(
        word,
        "no" | "without" | "any" | "not" | "havent" | "hasnt" | "been" | "never"
    )
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
        .replace("W/O ", "without ")
        // "..., i.e. logo churn", "(e.g. AWS)": what follows says it again.
        .replace("i.e.", ",")
        .replace("e.g.", ",");
    let mut ws: Vec<String> = words(&spell_out_us(&day_ranges(&spelled_dates(
        &without_preamble(&dashed_ranges(&without_enumerations(
            vocabulary,
            &spelled_formulas(&spelled_currencies(&apostrophe_years(&short_period_years(
                &years_after_month_spans(&spelled_thresholds(&asides_last(&listed_after_colon(
                    question,
                )))),
            )))),
        ))),
    ))));
    in_model_terms(&mut ws);
    let when = asks_when(&mut ws);
    // ("workspaces" are read as their accounts: never confidently, a workspace is not an account.)
    p.said_workspaces = ws.iter().any(|w| w == "workspace" || w == "workspaces");
    let mut ws = rewritten_words(vocabulary, ws);
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
        let denied = |j: usize| j > 0 && denies_activity(&ws[j - 1]);
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
    // "open deals with no activity since October 1", "not touched since August or earlier", "last
    // activity before 10/1/26": idle since a day the period read next names (the words of activity
    // go; the period stays to be read).
    if p.idle_days.is_none()
        && let Some((start, since)) = (0..ws.len()).find_map(|k| {
            let denied = k > 0 && denies_activity(&ws[k - 1]);
            let idle = match ws[k].as_str() {
                "activity" | "activities" | "touched" | "updated" | "worked" => denied,
                "inactive" | "idle" | "untouched" | "dormant" => true,
                _ => false,
            };
            let last = k > 0
                && ws[k - 1] == "last"
                && matches!(ws[k].as_str(), "activity" | "touched" | "touch" | "contact");
            let mut next = k + 1;
            if last && ws.get(next).is_some_and(|w| w == "date") {
                next += 1;
            }
            if last && ws.get(next).is_some_and(|w| w == "was") {
                next += 1;
            }
            let since = match ws.get(next).map(String::as_str) {
                Some("since") if idle => next,
                Some("before" | "prior") if last => next,
                _ => return None,
            };
            let mut start = if last { k - 1 } else { k };
            while start > 0
                && matches!(
                    ws[start - 1].as_str(),
                    "with"
                        | "no"
                        | "without"
                        | "any"
                        | "not"
                        | "havent"
                        | "hasnt"
                        | "been"
                        | "have"
                        | "has"
                        | "never"
                        | "whose"
                        | "their"
                        | "its"
                )
            {
                start -= 1;
            }
            Some((start, since))
        })
    {
        // "since before September 1": before it.
        let since = if ws[since] == "since" && ws.get(since + 1).is_some_and(|w| w == "before") {
            since + 1
        } else {
            since
        };
        // "since August or earlier": up to the end of August.
        let or_earlier = (since + 1..(since + 8).min(ws.len())).find(|&j| {
            ws[j] == "or"
                && ws
                    .get(j + 1)
                    .is_some_and(|w| w == "earlier" || w == "before")
        });
        if let Some(j) = or_earlier {
            ws.drain(j..=j + 1);
        }
        let to_its_end = or_earlier.is_some() || ws[since] != "since";
        // ("since August or earlier": August, up to its end.)
        let end = since + usize::from(or_earlier.is_some() && ws[since] == "since");
        ws.drain(start..end);
        // ("stale open deals with no activity since ...": the same thing said twice.)
        ws.retain(|w| !matches!(w.as_str(), "stale" | "stalled"));
        p.idle_since = Some(to_its_end);
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
        "day", "days", "week", "weeks", "month", "months", "quarter", "quarters", "half", "halves",
        "year", "years", "ytd", "fiscal", "fy", "time", "times", "one", "two", "three", "few",
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
    // ("invoices issued in September that are still unpaid": "are" in a clause asks nothing.)
    let in_a_clause = |i: usize| {
        i > 0
            && matches!(ws[i - 1].as_str(), "that" | "which" | "who")
            && matches!(
                ws[i].as_str(),
                "is" | "are" | "were" | "was" | "do" | "does" | "did"
            )
    };
    let asked = |(i, w): (usize, &String)| {
        (COUNT_WORDS.contains(&w.as_str())
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
            ))
            && !in_a_clause(i)
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
            last_assumption: None,
            range_through: false,
            ordered: false,
            value_readings: Vec::new(),
            change_word: None,
            phrase_events: Vec::new(),
            idle_days: None,
            idle_since: None,
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
                            // (Common words a question may hold that are no misspelling: "none"
                            // is never "zone", "the rest" never "rent".)
                            | "none" | "rest" | "match" | "matches" | "matched" | "matching"
                            | "starting" | "terms" | "multiple"
                            // ("will close": never "bill"; "close later than": never "late".)
                            | "will" | "would" | "should" | "must" | "later" | "earlier"
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
            self.joined_period = before(1) == Some("and")
                || (before(1) == Some("the") && before(2) == Some("and"))
                || self.joined_again;
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
            // "January to June 2025, and January to June 2026": the second range, compared with the
            // first.
            if self.joined_period
                && !self.compare_next
                && !self.range_next
                && self.query.compare.is_none()
                && self.query.grain.is_none()
                && self.query.time.is_some()
                && self.ws.get(i + n).is_some_and(|w| {
                    matches!(w.as_str(), "through" | "thru" | "until" | "till" | "to")
                })
                && self.time_at(i + n + 1).is_some()
            {
                self.compare_next = true;
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
        // "customers who pay annually", "billed monthly": a billing interval, which the model has no
        // column for (not a breakdown by year; "how much do they pay monthly" is an amount).
        if matches!(
            w.as_str(),
            "pay" | "pays" | "paying" | "paid" | "billed" | "bill" | "charged" | "invoiced"
        ) && matches!(
            next.as_str(),
            "annually" | "annual" | "yearly" | "monthly" | "quarterly" | "weekly"
        ) && !self.ws.iter().any(|w| w == "much")
        {
            self.note(
                0.6,
                format!("\"{w} {next}\": the data has no billing interval"),
            );
            return 2;
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
        if matches!(
            w.as_str(),
            "recent" | "recently" | "latest" | "lately" | "soon" | "upcoming" | "imminent"
        ) {
            self.vague_time = Some(w);
            return 1;
        }
        // "customers about to renew": soon, which names no period.
        if w == "about" && next == "to" {
            self.vague_time = Some("about to".to_string());
            return 2;
        }
        // "new customers": new within a period, which a snapshot cannot say.
        if w == "new" {
            // "deals won by new reps", "new industries": new people or values, which the data does
            // not date (only records are new).
            let only_a_dimension = self
                .vocabulary
                .lookup(std::slice::from_ref(&next))
                .or_else(|| self.vocabulary.lookup_stem(&next))
                .is_some_and(|terms| {
                    terms
                        .iter()
                        .all(|t| matches!(t, Term::Dimension(d) if *d != "account"))
                });
            if only_a_dimension {
                self.note(0.3, format!("the data does not say which {next} are new"));
            }
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
                    // ("top 10 deals with owner and account name": whose each is.)
                    "account" | "customer" | "company" | "client" => push("account"),
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

    fn add_dimension(&mut self, d: &'static str) {
        if !self.query.dimensions.iter().any(|x| x == d) {
            self.query.dimensions.push(d.to_string());
        }
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
