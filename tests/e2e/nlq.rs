//! Natural-language questions on `aos demo`: the evaluation set (`nlq/eval/dev.toml`) asked through
//! `POST /v1/nlq` and checked against its hand-written gold SQL; trends, dashboards and clarifications in the
//! answer; `aos nlq` on the command line; `SELECT * FROM nlq('...')` over pgwire; bad questions.

use std::path::Path;
use std::process::Command;

use aos_tests::{Aos, db_message, text_rows};
use futures::StreamExt;
use serde::Deserialize;
use serde_json::{Value, json};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EvalSet {
    case: Vec<Case>,
    unanswerable: Vec<Unanswerable>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    gold: String,
    questions: Vec<String>,
    persona: Option<String>,
    /// Compare the dashboard's widget at this index instead of the answer.
    widget: Option<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Unanswerable {
    questions: Vec<String>,
}

/// `nlq/eval/<name>.toml`: `dev` (tuned against) or `heldout` (never tuned against).
fn eval_set(name: &str) -> EvalSet {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("../nlq/eval/{name}.toml"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{path:?}: {e}"))
}

async fn post(http: &reqwest::Client, url: String, body: Value) -> (u16, Value) {
    let response = http.post(url).json(&body).send().await.unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    let value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    (status, value)
}

/// A cell as a number, when it is one (JSON numbers, or decimals written as strings).
fn as_number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.parse().ok(),
        Value::Bool(_) | Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}

fn same_cell(a: &Value, b: &Value) -> bool {
    // A day as a date or as the midnight that starts it ("2026-05-01", "2026-05-01T00:00:00Z"): the
    // month and quarter keys of a breakdown, whichever type the gold SQL's date_trunc gave.
    let day = |v: &Value| {
        v.as_str().map(|s| {
            s.strip_suffix("T00:00:00Z")
                .or_else(|| s.strip_suffix("T00:00:00"))
                .unwrap_or(s)
                .to_string()
        })
    };
    match (as_number(a), as_number(b)) {
        (Some(x), Some(y)) => (x - y).abs() <= 0.01_f64.max(y.abs() * 1e-6),
        _ => a == b || day(a).is_some_and(|d| Some(d) == day(b)),
    }
}

/// Whether `got` has gold's rows: the same values in the same order (when gold orders its rows) or as
/// the same multiset, column by column in order; column names do not count.
fn same_rows(got: &Value, gold: &Value, ordered: bool) -> bool {
    let rows = |v: &Value| -> Vec<Vec<Value>> {
        v.as_array()
            .into_iter()
            .flatten()
            .map(|r| r.as_array().cloned().unwrap_or_default())
            .collect()
    };
    let (mut got, mut gold) = (rows(got), rows(gold));
    if got.len() != gold.len() {
        return false;
    }
    if !ordered {
        let key = |r: &Vec<Value>| format!("{r:?}");
        got.sort_by_key(key);
        gold.sort_by_key(key);
    }
    got.iter()
        .zip(&gold)
        .all(|(g, w)| g.len() == w.len() && g.iter().zip(w).all(|(a, b)| same_cell(a, b)))
}

/// The `KEY=VALUE` lines of the demo sandbox's credentials, which its config names by `*_env`.
fn sandbox_secrets(demo: &Aos) -> String {
    let sandbox = demo
        .banner
        .lines()
        .find_map(|l| l.trim().strip_prefix("sandbox: "))
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or_else(|| panic!("no sandbox line:\n{}", demo.banner));
    aos_sandbox::aos_config(sandbox).1
}

/// `aos demo` (for its sandbox), and `aos serve` of the demo's config (whose canonical tables are
/// accelerated) with `extra` appended: NLQ answers from copies of the canonical tables, as a deployment
/// answering many questions would, instead of paging through the APIs for each. Returns both; the
/// second serves.
pub(crate) fn cached_demo(extra: &str, env: &[(&str, &str)]) -> (Aos, Aos) {
    let demo = Aos::demo();
    let data = demo.dir().join("data");
    let config = std::fs::read_to_string(data.join("aos.toml")).unwrap();
    assert!(config.contains("[[accelerate]]\ntable = \"ontology.*\""));
    let path = data.join("cached.toml");
    std::fs::write(&path, format!("{config}{extra}")).unwrap();
    let secrets = sandbox_secrets(&demo);
    let mut all: Vec<(&str, &str)> = secrets.lines().filter_map(|l| l.split_once('=')).collect();
    all.extend_from_slice(env);
    let aos = Aos::serve_config(&path, &all);
    (demo, aos)
}

/// What one question came back with, judged.
struct Outcome {
    question: String,
    correct: bool,
    level: String,
    detail: String,
}

async fn judge(
    http: &reqwest::Client,
    aos: &Aos,
    question: &str,
    case: &Case,
    gold: &Value,
) -> Outcome {
    let mut body = json!({"question": question});
    if let Some(p) = &case.persona {
        body["persona"] = json!(p);
    }
    let (status, answer) = post(http, aos.url("/v1/nlq"), body).await;
    let level = answer["confidence"]["level"]
        .as_str()
        .unwrap_or("none")
        .to_string();
    let (rows, sql) = match case.widget {
        Some(n) => {
            let w = &answer["dashboard"]["widgets"][n];
            (&w["rows"], &w["sql"])
        }
        None => (&answer["rows"], &answer["sql"]),
    };
    let ordered = case.gold.to_uppercase().contains("ORDER BY");
    let correct = status == 200 && !sql.is_null() && same_rows(rows, gold, ordered);
    Outcome {
        question: question.to_string(),
        correct,
        level,
        detail: format!(
            "status {status}, sql {sql}\n      got  {rows}\n      gold {gold}\n      reasons {}",
            answer["confidence"]["reasons"]
        ),
    }
}

/// What one evaluation set scored.
struct Score {
    answerable: usize,
    correct: usize,
    confidently_wrong: usize,
    unanswerable: usize,
    unanswered_badly: Vec<String>,
    report: String,
}

impl Score {
    fn accuracy(&self) -> f64 {
        self.correct as f64 / self.answerable as f64
    }
}

/// Asks every question of set `name` on `aos` and judges each answer against its gold SQL; each
/// unanswerable question must come back at low confidence with clarifications and no rows. The
/// misses are printed only when `show_misses` (never for the held-out set: nobody tunes against it).
async fn evaluate(aos: &Aos, name: &str, show_misses: bool) -> Score {
    let set = eval_set(name);
    let http = reqwest::Client::new();

    let mut golds = Vec::new();
    for case in &set.case {
        let (status, gold) = post(&http, aos.url("/v1/query"), json!({"sql": case.gold})).await;
        assert_eq!(status, 200, "gold SQL failed: {}\n{gold}", case.gold);
        assert!(
            gold["rows"].as_array().is_some_and(|r| !r.is_empty()),
            "gold SQL returns no rows, which proves nothing: {}",
            case.gold
        );
        golds.push(gold["rows"].clone());
    }

    let asks: Vec<(&Case, &Value, &String)> = set
        .case
        .iter()
        .zip(&golds)
        .flat_map(|(case, gold)| case.questions.iter().map(move |q| (case, gold, q)))
        .collect();
    let outcomes: Vec<Outcome> = futures::stream::iter(asks)
        .map(|(case, gold, q)| judge(&http, aos, q, case, gold))
        .buffered(4)
        .collect()
        .await;

    let mut report = String::new();
    let wrong: Vec<&Outcome> = outcomes.iter().filter(|o| !o.correct).collect();
    for o in &wrong {
        report.push_str(&format!("  [{}] {:?}: {}\n", o.level, o.question, o.detail));
    }
    let confidently_wrong = wrong.iter().filter(|o| o.level == "high").count();

    let mut unanswered_badly = Vec::new();
    let mut unanswerable = 0;
    for question in set.unanswerable.iter().flat_map(|u| &u.questions) {
        unanswerable += 1;
        let (status, answer) = post(&http, aos.url("/v1/nlq"), json!({"question": question})).await;
        let clarified = answer["clarifications"]
            .as_array()
            .is_some_and(|c| !c.is_empty());
        if status != 200
            || answer["confidence"]["level"] != "low"
            || !clarified
            || !answer["sql"].is_null()
            || answer["rows"].as_array().is_some_and(|r| !r.is_empty())
        {
            unanswered_badly.push(format!("  {question:?}: {status} {answer}"));
        }
    }
    let score = Score {
        answerable: outcomes.len(),
        correct: outcomes.len() - wrong.len(),
        confidently_wrong,
        unanswerable,
        unanswered_badly,
        report,
    };
    println!(
        "NLQ {name} set: {} of {} answered like the gold SQL ({:.1}%), {} wrong at high confidence; \
         {} of {} unanswerable questions at low confidence with clarifications\n{}{}",
        score.correct,
        score.answerable,
        score.accuracy() * 100.0,
        score.confidently_wrong,
        score.unanswerable - score.unanswered_badly.len(),
        score.unanswerable,
        if show_misses {
            score.report.as_str()
        } else {
            ""
        },
        if show_misses {
            score.unanswered_badly.join("\n")
        } else {
            String::new()
        },
    );
    score
}

/// The development set (tuned against): at least 99% answered with the gold's result, no wrong result
/// at high confidence, every unanswerable question at low confidence with clarifications and no rows.
/// The held-out set (never tuned against) is scored in the same run and must not fall below what it
/// scored when it was written (its target, 97% and no confident mistake, is not reached yet: see the
/// README); both scores are printed.
#[tokio::test(flavor = "multi_thread")]
async fn evaluation_sets_are_answered_like_their_gold_sql() {
    let (_demo, aos) = cached_demo("", &[]);
    let dev = evaluate(&aos, "dev", true).await;
    let heldout = evaluate(&aos, "heldout", false).await;
    // Development questions not tuned against yet: misses shown, score printed, not required.
    let untuned = evaluate(&aos, "dev-untuned", true).await;
    println!(
        "NLQ scores: development {:.1}% ({} confidently wrong), held-out {:.1}% ({} confidently wrong), \
         development not yet tuned {:.1}% ({} confidently wrong)",
        dev.accuracy() * 100.0,
        dev.confidently_wrong,
        heldout.accuracy() * 100.0,
        heldout.confidently_wrong,
        untuned.accuracy() * 100.0,
        untuned.confidently_wrong
    );
    assert!(
        dev.answerable >= 250,
        "only {} answerable questions",
        dev.answerable
    );
    assert!(
        dev.unanswerable + heldout.unanswerable >= 30,
        "only {} unanswerable questions",
        dev.unanswerable + heldout.unanswerable
    );
    assert!(
        dev.answerable + dev.unanswerable + heldout.answerable + heldout.unanswerable >= 400,
        "fewer than 400 questions in all"
    );
    assert!(
        dev.accuracy() >= 0.99,
        "development accuracy {:.3} < 0.99; wrong:\n{}",
        dev.accuracy(),
        dev.report
    );
    assert_eq!(
        dev.confidently_wrong, 0,
        "development set wrong at high confidence:\n{}",
        dev.report
    );
    assert!(
        dev.unanswered_badly.is_empty(),
        "unanswerable questions answered:\n{}",
        dev.unanswered_badly.join("\n")
    );
    // Scores only: the held-out set's misses are not shown, so that nobody tunes against them.
    assert!(
        heldout.correct >= HELDOUT_FLOOR.0
            && heldout.confidently_wrong <= HELDOUT_FLOOR.1
            && heldout.unanswered_badly.len() <= HELDOUT_FLOOR.2,
        "held-out set fell below its floor {HELDOUT_FLOOR:?} (correct, confidently wrong, unanswerable \
         answered): {}, {}, {}",
        heldout.correct,
        heldout.confidently_wrong,
        heldout.unanswered_badly.len()
    );
}

/// The held-out set's floor, raised as the NLQ improves: (questions answered like the gold, of 3783;
/// wrong answers at high confidence; unanswerable questions answered). The target is (3670, 0, 0): 97%.
/// Re-based on 2026-12-05 when eleven batches from writers who never read the parser had joined the set
/// (1092 questions; at first the NLQ answered about 70%, 60%, 85%, 76%, 77%, then about 75% of batches
/// 6 and 7, 70% of batches 8 and 9, whose writers read revenue as every invoice of every source and
/// status (see the README), and 63% of batches 10 and 11). In the sixth session NetSuite's copies of
/// Stripe invoices synced without the Stripe id stopped being counted twice, revenue came from every
/// source, and an unqualified "revenue" (paid invoices; some mean every invoice) became medium: 43
/// confidently wrong instead of 95; then 42 with the other contested readings said at medium. Batches
/// 12 and 13 (210 questions, 8 unanswerable) joined: answered at first 77% of them, 8 confidently wrong.
/// Batches 14 and 15 (210 more, 8 unanswerable): at first 67%, 10 confidently wrong, 2 unanswerable
/// answered. In the seventh session, batches 16 to 21 (630 questions, 28 unanswerable) joined, each
/// scored first as the writer found the parser: 79% (7 confidently wrong), 83% (2), 69% (14; that
/// writer orders every breakdown by its dimension, the NLQ by its figure), 86% (7), 88% (1), 84% (3).
/// In the eighth session batches 22 and 23 (210 questions, 8 unanswerable) joined: at first 68% (10
/// confidently wrong) and 77% (5). Then a second reading of each answer against its question (what
/// it names that the SQL never touches keeps it from high) and more readings: 2061 of 2523, 83
/// confidently wrong. Batches 24 and 25 (210 questions, 8 unanswerable) joined next: at first 79% (6
/// confidently wrong) and 58% (7; product usage per day and per account is read poorly). In the ninth
/// session batches 26 and 27 (210 questions, 8 unanswerable) joined: at first 70% (5 confidently
/// wrong) and 77% (2); then batches 28 and 29, after the first fixes of that session: 79% (4) and 53%
/// (6; a CFO's inline definitions, exclusions and thresholds). With that session's readings (values
/// compared each apart, thresholds denied or on a group's total, number ranges, a third reading of
/// what the answer computes that nobody asked): 2546 of 3153 (the 2733 questions before them: 2240,
/// 82 confidently wrong). Then batches 30 and 31 (210 questions, 8 unanswerable): at first 46% (4
/// confidently wrong; a revenue-operations analyst reconciling source systems, asked after the NLQ
/// had just learnt the source system as a dimension) and 65% (6; an investor's retention, growth and
/// concentration). Last, batches 32 and 33 (210 questions, 8 unanswerable): at first 71% (5; a sales
/// manager coaching reps) and 48% (10; a support engineer on call, for whom "unresolved" is open or
/// pending and weeks run Monday to Sunday). At the end of that session: 2807 of 3573, 122 confidently
/// wrong (the 2733 before batch 26: 2247, 80). In the tenth session batches 34 and 35 (210 questions,
/// 8 unanswerable) joined first: at first 40% (3 confidently wrong; a finance controller's receivables,
/// invoice age and vendor bills) and 30% (5; a product manager's adoption and usage questions). At the
/// end of that session: 2919 of 3783, 124 confidently wrong (the 3573 before batch 34: 2831, 117).
/// In the eleventh session batches 36 and 37 (210 questions, 8 unanswerable) joined first: at first
/// 49% (3; a procurement manager's vendor bills and cost export) and 79% (3; a customer-success
/// lead's health review); then batches 38 to 41, after the first fixes of that session: 78% (0; a
/// COO's yes-or-no questions), 79% (2; a growth analyst's segments), 54% (11; a sales-operations
/// analyst's pipeline hygiene) and 70% (5, and 2 of 4 unanswerable answered; a founder's plain
/// words). At the end of that session: 3384 of 4413, 142 confidently wrong, 23 unanswerable answered
/// (the 3783 before batch 36: 2934, 118).
/// In the twelfth session batches 42 and 43 (210 questions, 8 unanswerable) joined first: at first
/// 81% (3; a board member's growth, retention and concentration questions) and 67% (10; a support
/// lead and account manager preparing calls about named customers); then batches 44 and 45, after
/// the first fixes of that session: 73% (3; a marketing lead's segments) and 79% (6, and 1 of 4
/// unanswerable answered; an analyst's terse SQL-minded requests). At the end of that session: 3709
/// of 4833, 161 confidently wrong, 25 unanswerable answered (the 4413 before batch 42: 3388, 141, 23).
/// In the thirteenth session batches 46 and 47 (210 questions, 8 unanswerable) joined first: at first
/// 49% (9; a revenue-operations lead reconciling the systems: accounts in one and not another) and 71%
/// (3; a chief of staff's week-over-week review); then batches 48 and 49, after the first fixes of
/// that session: 62% (5, and 1 of 4 unanswerable answered; a data-team member's literal conditions)
/// and 75% (5; a regional manager's countries and currencies). At the end of that session: 4008 of
/// 5253, 184 confidently wrong, 27 unanswerable answered (the 4833 before batch 46: 3733, 163, 25).
/// In the fourteenth session batches 50 and 51 (210 questions, 8 unanswerable) joined first: at first
/// 71% (8; a board member's investor shorthand) and 64% (8; a customer success manager typing fast
/// about their own book). At the end of that session: 4187 of 5463, 184 confidently wrong, 27
/// unanswerable answered (the 5253 before batch 50: 4034, 169, 27).
/// In the fifteenth session batches 52 and 53 (210 questions, 8 unanswerable) joined first: at first
/// 71% (3; a finance controller closing the month) and 72% (14; a sales operations analyst's
/// spreadsheet-like pipeline hygiene); then batches 54 and 55, after the first fixes of that session:
/// 70% (3; a support operations lead's weekly review) and 25% (3, and 1 of 4 unanswerable answered; a
/// product analyst's usage questions, an area the parser reads poorly). At the end of that session:
/// 4489 of 5883, 208 confidently wrong, 29 unanswerable answered (by the scoring script, the 5463
/// before batch 52: 4228 and 186; batches 52 and 53, whose development twins that session's fixes
/// were drawn from: 152 of 210 and 20 confidently wrong, from 151 and 17).
/// In the sixteenth session no batch joined; the fixes came from the development set not yet tuned
/// (times to resolve, probabilities, differences said as "exceed", per-period averages, records per
/// account, daily levels as of today, "X first"). At the end of that session: 4511 of 5883, 212
/// confidently wrong (4 more than before it), 29 unanswerable answered.
/// In the seventeenth session no batch joined either; the fixes came from the development set not yet
/// tuned (fields said empty, a second period compared, averages compared whole, rates in percent by a
/// breakdown, figures divided by a number, "active or past-due", accounts flagged at risk). At the end
/// of that session: 4561 of 5883, 210 confidently wrong, 29 unanswerable answered.
/// In the eighteenth session no batch joined; the fixes came from the development set not yet tuned
/// (max and min, lists of figures after a colon, "having sum" of a breakdown named before, plans named
/// in a list, the first and newest customers, net new ARR). At the end of that session: 4573 of 5883,
/// 210 confidently wrong, 29 unanswerable answered.
/// In the nineteenth session no batch joined; the fixes came from the development set not yet tuned
/// (kinds of deal read from their names, verbs of movement, a period ending on a day, invoices billed
/// in a currency, "how much did each rep close", "in each European country"). At the end of that
/// session: 4604 of 5883, 212 confidently wrong (2 more), 29 unanswerable answered.
/// In the twentieth session no batch joined; the fixes came from the development set not yet tuned
/// (quarters with short years, a range's year said at its end, the employee count compared, "accounts
/// whose MRR is over", ARR as 12 times MRR, the year said after two periods, the highest daily
/// figure, "the team's"). At the end of that session: 4619 of 5883, 212 confidently wrong, 29
/// unanswerable answered.
/// In the twenty-first session no batch joined; the fixes came from the development set not yet tuned
/// and from questions written to look for confident mistakes (deals idle since a day, "half a million",
/// a figure of the day grown over a period, accounts ranked by a figure, "takes the longest to").
/// At the end of that session: 4630 of 5883, 210 confidently wrong, 29 unanswerable answered.
/// In the twenty-second session no batch joined; the fixes came from questions written to look for
/// confident mistakes (an account's event placing no record of the figure, deals expected to close,
/// records counted per row of another figure, a count dropped beside another figure, the first of each
/// group, rows that moved). At the end of that session: 4640 of 5883, 199 confidently wrong, 29
/// unanswerable answered.
/// In the twenty-third session no batch joined; the fixes came from questions written to look for
/// confident mistakes (overdue invoices as records, "new business" as the deals of that kind, a sum
/// per row such as a rep's open pipeline over an amount, "the next 30 days", two independent states
/// of a ticket, what customers pay a month, invoices paid late). A change letting a duration take its
/// records' noun when that noun's metric has a condition added 3 confident mistakes there and was
/// reverted. At the end of that session: 4645 of 5883, 199 confidently wrong, 29 unanswerable
/// answered.
/// Runs differ by a question or three (not traced): the floor sits a few below the last run, its
/// confident mistakes a few above.
const HELDOUT_FLOOR: (usize, usize, usize) = (4635, 203, 32);

/// One answer's whole shape: SQL, semantic query, rows, confidence, trend; a dashboard's widgets; the
/// clarifications of a question it cannot answer; bad requests; and the same NLQ from `aos nlq` and
/// over pgwire.
#[tokio::test(flavor = "multi_thread")]
async fn answers_carry_trends_dashboards_and_clarifications_on_every_interface() {
    let (demo, aos) = cached_demo("", &[]);
    let http = reqwest::Client::new();

    // A metric over a period: its SQL, its rows and its trend against the quarter before.
    let (status, answer) = post(
        &http,
        aos.url("/v1/nlq"),
        json!({"question": "paid revenue last quarter"}),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["confidence"]["level"], "high", "{answer}");
    assert_eq!(answer["semantic_query"]["metrics"], json!(["revenue"]));
    // What was computed, in words.
    let computed = answer["computed"].as_str().unwrap_or_default();
    assert!(
        computed.starts_with("Revenue: sum of amount over invoices and payments where")
            && computed.contains("last quarter (2026-07-01 to 2026-10-01)"),
        "{answer}"
    );
    let sql = answer["sql"].as_str().unwrap();
    let (_, direct) = post(&http, aos.url("/v1/query"), json!({"sql": sql})).await;
    assert_eq!(answer["rows"], direct["rows"], "{answer}");
    let trend = &answer["trend"];
    assert!(
        ["up", "down", "flat"].contains(&trend["direction"].as_str().unwrap()),
        "{trend}"
    );
    assert_eq!(trend["period"]["start"], "2026-07-01", "{trend}");
    assert_eq!(trend["previous_period"]["start"], "2026-04-01", "{trend}");
    let current = trend["current"].as_f64().unwrap();
    assert!(
        same_cell(&json!(current), &answer["rows"][0][0]),
        "{answer}"
    );
    let previous = trend["previous"].as_f64().unwrap();
    let (_, q2) = post(
        &http,
        aos.url("/v1/nlq"),
        json!({"question": "revenue in Q2 2026"}),
    )
    .await;
    assert!(same_cell(&json!(previous), &q2["rows"][0][0]), "{q2}");
    let expected = if current > previous * 1.01 {
        "up"
    } else if current < previous * 0.99 {
        "down"
    } else {
        "flat"
    };
    assert_eq!(trend["direction"], expected, "{trend}");

    // An overview question is a dashboard: KPI cards first, then charts and a table, on a 12-column grid.
    let (status, answer) = post(
        &http,
        aos.url("/v1/nlq"),
        json!({"question": "how are we doing?", "persona": "cfo"}),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    let widgets = answer["dashboard"]["widgets"].as_array().unwrap();
    assert!(widgets.len() >= 5, "{answer}");
    assert_eq!(widgets[0]["kind"], "kpi");
    for kind in ["kpi", "line", "bar", "table"] {
        assert!(
            widgets.iter().any(|w| w["kind"] == kind),
            "no {kind} widget: {answer}"
        );
    }
    for w in widgets {
        for key in ["title", "sql", "rows", "confidence", "x", "y", "w", "h"] {
            assert!(!w[key].is_null(), "widget without {key}: {w}");
        }
        assert!(
            w["x"].as_u64().unwrap() + w["w"].as_u64().unwrap() <= 12,
            "{w}"
        );
        let (status, direct) = post(&http, aos.url("/v1/query"), json!({"sql": w["sql"]})).await;
        assert_eq!(status, 200, "{direct}");
        assert_eq!(w["rows"], direct["rows"], "{w}");
    }
    assert!(widgets[0]["trend"]["direction"].is_string(), "{answer}");

    // What it cannot answer: low confidence, no SQL, what it can answer instead.
    let (status, answer) = post(
        &http,
        aos.url("/v1/nlq"),
        json!({"question": "what is our EBITDA?"}),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["confidence"]["level"], "low", "{answer}");
    assert!(answer["sql"].is_null(), "{answer}");
    assert!(!answer["clarifications"].as_array().unwrap().is_empty());
    assert!(
        !answer["confidence"]["reasons"]
            .as_array()
            .unwrap()
            .is_empty()
    );

    // Bad requests name what is wrong.
    for (body, needle) in [
        (json!({"question": "  "}), "empty"),
        (
            json!({"question": "MRR", "persona": "ceo"}),
            "unknown persona",
        ),
        (json!({"question": "x".repeat(2000)}), "longer than"),
        (json!({"sql": "SELECT 1"}), "question"),
    ] {
        let (status, answer) = post(&http, aos.url("/v1/nlq"), body.clone()).await;
        assert_eq!(status, 400, "{body}: {answer}");
        let message = answer["error"]["message"].as_str().unwrap();
        assert!(message.contains(needle), "{body}: {message}");
    }

    // Over pgwire, as a table function any BI tool can call; in a larger query too.
    let client = aos.connect().await;
    let mrr = text_rows(&client, "SELECT mrr FROM metrics.mrr").await;
    let asked = text_rows(&client, "SELECT * FROM nlq('what is our MRR?')").await;
    assert_eq!(asked, mrr);
    let top = text_rows(
        &client,
        "SELECT count(*) FROM nlq('top 5 accounts by MRR') AS t",
    )
    .await;
    assert_eq!(top, vec![vec![Some("5".to_string())]]);
    let error = client
        .simple_query("SELECT * FROM nlq('tell me a joke')")
        .await
        .unwrap_err();
    let message = db_message(&error);
    assert!(message.contains("did you mean"), "{message}");
    let error = client
        .simple_query("SELECT * FROM nlq(42)")
        .await
        .unwrap_err();
    assert!(db_message(&error).contains("string literal"));
    // The connection still serves.
    assert_eq!(
        text_rows(&client, "SELECT 1").await,
        vec![vec![Some("1".into())]]
    );

    // `aos nlq` prints the SQL, the rows and the confidence.
    let config = demo.dir().join("data/aos.toml");
    let secrets = sandbox_secrets(&demo);
    let aos_nlq = |args: &[&str]| {
        Command::new(aos_tests::aos_binary())
            .arg("nlq")
            .arg("--config")
            .arg(&config)
            .args(args)
            .envs(secrets.lines().filter_map(|l| l.split_once('=')))
            .env("AOS_LOG", "off")
            .output()
            .unwrap()
    };
    let out = aos_nlq(&["what is our win rate?", "--persona", "cro"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("SQL: "), "{stdout}");
    assert!(
        stdout.contains(
            "computed: Win rate: share of opportunities where is_closed for which is_won"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("confidence: high"), "{stdout}");
    let out = aos_nlq(&["MRR", "--persona", "ceo"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("unknown persona"), "{stderr}");
}

/// What the fake LLM was asked: the request bodies and their `Authorization` headers.
type Asked = std::sync::Arc<std::sync::Mutex<Vec<(Value, String)>>>;

/// A local stand-in for an OpenAI-compatible chat-completions endpoint: it answers by the question's
/// words, as a model would (a valid proposal, an invalid one, an error).
async fn fake_llm() -> (String, Asked) {
    use axum::routing::post;
    let asked: Asked = Default::default();
    let recorded = std::sync::Arc::clone(&asked);
    let app = axum::Router::new().route(
        "/v1/chat/completions",
        post(
            move |headers: axum::http::HeaderMap, axum::Json(body): axum::Json<Value>| {
                let recorded = std::sync::Arc::clone(&recorded);
                async move {
                    let auth = headers
                        .get("authorization")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("")
                        .to_string();
                    let question = body["messages"][1]["content"]
                        .as_str()
                        .unwrap_or("")
                        .to_string();
                    recorded.lock().unwrap().push((body, auth));
                    let proposal = if question.contains("zorblax") {
                        json!({"metrics": ["mrr"]})
                    } else if question.contains("frobnicate") {
                        json!({"metrics": ["revenue"], "filters": [{"kind": "values",
                            "dimension": "industry", "values": ["Underwater Basket Weaving"]}]})
                    } else if question.contains("explode") {
                        return (
                            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                            axum::Json(json!({"error": {"message": "model overloaded",
                                "type": null, "param": null, "code": null}})),
                        );
                    } else {
                        json!({"metrics": []})
                    };
                    (
                        axum::http::StatusCode::OK,
                        axum::Json(json!({
                            "id": "chatcmpl-1", "object": "chat.completion", "created": 0,
                            "model": "fake-model",
                            "choices": [{"index": 0, "finish_reason": "stop",
                                "message": {"role": "assistant", "content": proposal.to_string()}}]
                        })),
                    )
                }
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/v1", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, asked)
}

/// With `[nlq] base_url` and `model`, a question the parser cannot read goes to the LLM; its proposal is
/// validated like the parser's and answered at medium confidence at most; an invalid proposal or a
/// failing LLM leaves the low-confidence answer with the reason; a question the parser reads is never
/// sent.
#[tokio::test(flavor = "multi_thread")]
async fn an_llm_proposes_what_the_parser_cannot_read() {
    let (llm_url, asked) = fake_llm().await;
    let nlq = format!(
        "\n[nlq]\nbase_url = \"{llm_url}\"\nmodel = \"fake-model\"\napi_key_env = \"AOS_TEST_LLM_KEY\"\ntimeout = \"10s\"\n"
    );
    let (_demo, aos) = cached_demo(&nlq, &[("AOS_TEST_LLM_KEY", "sk-test-123")]);
    let http = reqwest::Client::new();

    let (status, answer) = post(
        &http,
        aos.url("/v1/nlq"),
        json!({"question": "what is our zorblax?"}),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["confidence"]["level"], "medium", "{answer}");
    let reasons = answer["confidence"]["reasons"].to_string();
    assert!(reasons.contains("the LLM (fake-model)"), "{answer}");
    let (_, mrr) = post(
        &http,
        aos.url("/v1/query"),
        json!({"sql": "SELECT mrr FROM metrics.mrr"}),
    )
    .await;
    assert!(same_rows(&answer["rows"], &mrr["rows"], true), "{answer}");
    {
        let asked = asked.lock().unwrap();
        let (body, auth) = asked.last().unwrap();
        assert_eq!(auth, "Bearer sk-test-123");
        assert_eq!(body["model"], "fake-model");
        assert_eq!(body["response_format"]["type"], "json_object");
        let system = body["messages"][0]["content"].as_str().unwrap();
        assert!(system.contains("- mrr: "), "{system}");
        // The learned values are offered, so the model can name them exactly.
        assert!(system.contains("Healthcare"), "{system}");
    }

    // A proposal naming a value the data does not have is refused like the parser's would be.
    let (_, answer) = post(
        &http,
        aos.url("/v1/nlq"),
        json!({"question": "frobnicate the zorp"}),
    )
    .await;
    assert_eq!(answer["confidence"]["level"], "low", "{answer}");
    assert!(answer["sql"].is_null(), "{answer}");
    assert!(
        answer["confidence"]["reasons"]
            .to_string()
            .contains("Underwater Basket Weaving"),
        "{answer}"
    );
    assert!(!answer["clarifications"].as_array().unwrap().is_empty());

    // A failing LLM: still an answer (low, with clarifications), naming what failed.
    let (status, answer) = post(
        &http,
        aos.url("/v1/nlq"),
        json!({"question": "explode the zzz"}),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(answer["confidence"]["level"], "low", "{answer}");
    assert!(
        answer["confidence"]["reasons"]
            .to_string()
            .contains("model overloaded"),
        "{answer}"
    );

    // What the parser reads confidently is never sent.
    let before = asked.lock().unwrap().len();
    let (_, answer) = post(
        &http,
        aos.url("/v1/nlq"),
        json!({"question": "what is our MRR?"}),
    )
    .await;
    assert_eq!(answer["confidence"]["level"], "high", "{answer}");
    assert_eq!(asked.lock().unwrap().len(), before);

    // Over pgwire too.
    let client = aos.connect().await;
    assert_eq!(
        text_rows(&client, "SELECT * FROM nlq('what is our zorblax?')").await,
        text_rows(&client, "SELECT mrr FROM metrics.mrr").await
    );
}

/// The `[nlq]` LLM settings are checked at start-up, naming the key.
#[tokio::test]
async fn llm_settings_are_checked_at_start_up() {
    let dir = aos_tests::tempdir();
    aos_tests::write_fixture_lake(&dir.path().join("lake")).await;
    let config = dir.path().join("aos.toml");
    let lake = "[[source]]\nname = \"lake\"\nkind = \"files\"\nurl = \"lake\"\n\n";
    for (nlq, needle) in [
        (
            "base_url = \"http://127.0.0.1:9/v1\"",
            "nlq.base_url: is set but nlq.model is not",
        ),
        ("model = \"m\"", "nlq.model: is set but nlq.base_url is not"),
        (
            "base_url = \"127.0.0.1:9\"\nmodel = \"m\"",
            "is not an http:// or https:// URL",
        ),
        (
            "base_url = \"http://127.0.0.1:9/v1\"\nmodel = \"m\"\napi_key_env = \"AOS_TEST_UNSET_KEY\"",
            "nlq.api_key_env names environment variable AOS_TEST_UNSET_KEY, which is not set",
        ),
        ("temperature = 1", "unknown field `temperature`"),
    ] {
        std::fs::write(&config, format!("{lake}[nlq]\n{nlq}\n")).unwrap();
        let out = Command::new(aos_tests::aos_binary())
            .args(["nlq", "--config"])
            .arg(&config)
            .arg("what is our MRR?")
            .env("AOS_LOG", "off")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{nlq}: accepted");
        assert!(stderr.contains(needle), "{nlq}: {stderr}");
    }
}
