//! Unit tests of the parser, each on the questions of one reading, with the demo's today (2026-10-31).

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
            | Filter::Also { .. }
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
        ("how many subscriptions were not canceled", "subscriptions"),
        ("how many tickets met SLA", "tickets_within_sla"),
        (
            "how many tickets did not breach their SLA",
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
            .any(|f| matches!(f, Filter::Records { time: Some(t), .. } if t.label == "this year"))
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
    let p = parsed("who has uncollectible invoices? names of accounts with uncollectible invoices");
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
    let p =
        parsed("VP Sales here - how many AEs have lost more than twenty deals so far this year");
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
    let p =
        parsed("Rank account countries by 2026 API calls and give me the top 3 with their totals");
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
    let p = parsed("On average, how much monthly recurring revenue does each customer bring in?");
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
    let p = parsed("what share of 2026 tickets were raised by accounts in the healthcare industry");
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
    let p = parsed("how many pounds did our GBP invoices from last year that were paid come to");
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
    // Overdue invoices are records like any others: broken down, filtered, listed.
    let today = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default();
    let p = parsed("total amount of overdue invoices by customer");
    assert_eq!(p.query.dimensions, ["account"]);
    let sql = crate::compile::compile(&p.query, today);
    assert!(
        sql.contains("f.status = 'open' AND f.due_at < DATE '2026-10-31'")
            && sql.contains("GROUP BY 1"),
        "{sql}"
    );
    assert!(!p.query.describe().contains('{'), "{}", p.query.describe());
    let p = parsed("show me invoices over $10k that are past due");
    assert!(p.query.records, "{:?}", p.query);
    assert!(
        crate::compile::compile(&p.query, today).contains("f.amount > 10000"),
        "{:?}",
        p.query
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
    let p =
        parsed("Count of closed-won opportunities in Q3 2026 where the account is in Technology");
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
    let p =
        parsed("How many of the deals created this month are still open, and what are they worth?");
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
    let p =
        parsed("Which open deals have a close date after January 31, 2027? Show the close dates.");
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
        p.query
            .filters
            .iter()
            .any(|f| matches!(f, Filter::Records { metric, .. } if metric == "at_risk_accounts")),
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
        averaged.contains("f.close_date >= DATE '2025-01-01' AND f.close_date < DATE '2026-01-01'"),
        "{averaged}"
    );
    let summed = sql("bookings this year vs last year");
    assert!(
        summed.contains("f.close_date >= DATE '2025-01-01' AND f.close_date < DATE '2025-11-01'"),
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
    let rate = parsed("How much did first-half 2026 revenue grow over first-half 2025, as a rate?");
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
            sql(q)
                .starts_with("SELECT f.name AS name, f.amount AS amount FROM ontology.opportunity"),
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
        fast.contains("/ 3600.0 <= 24") && fast.contains("f.opened_at >= TIMESTAMP '2026-07-01"),
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
        crate::compile::compile(&p.query, today)
            .starts_with("SELECT CAST(tickets AS DOUBLE) / 10.0 AS tickets FROM (SELECT count(*)")
    );
    assert_eq!(
        parsed("Sept collections divided by 30 days")
            .query
            .divided_by,
        Some(30.0)
    );
    // The division that says how an average asked is taken is not made twice.
    let p =
        parsed("What was our average monthly spend across 2025 (the year's total divided by 12)?");
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
    let total =
        parsed("What is the total of open invoices (USD) on accounts that are currently at risk?");
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
    let p =
        parsed("how much of our recurring revenue is on past-due subscriptions, proportionally");
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
    // "new business" is the deals of that kind where the data has it, not every deal won.
    for q in [
        "new business bookings this year",
        "how much new business did we close this year",
    ] {
        assert_eq!(kind(q), Some(vec!["New Business".to_string()]), "{q}");
        assert_eq!(parsed_with(&v, q).query.metrics, ["bookings"], "{q}");
    }
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

#[test]
fn a_quarter_or_half_with_a_short_or_joined_year_is_of_that_year() {
    for (question, from, to) in [
        ("bookings Q2 25", "2025-04-01", "2025-07-01"),
        ("bookings Q3-25", "2025-07-01", "2025-10-01"),
        ("bookings Q3/25", "2025-07-01", "2025-10-01"),
        ("bookings Q3FY25", "2025-07-01", "2025-10-01"),
        ("bookings 3Q25", "2025-07-01", "2025-10-01"),
        ("bookings 1H25", "2025-01-01", "2025-07-01"),
        ("bookings 2H 2025", "2025-07-01", "2026-01-01"),
        ("bookings H1 fy25", "2025-01-01", "2025-07-01"),
    ] {
        let p = parsed(question);
        assert_eq!(
            span(&p.query.time),
            Some((from.into(), to.into())),
            "{question}"
        );
        assert!(penalty(&p) < 0.2, "{question}: {:?}", p.notes);
    }
    let p = parsed("germany rev H1 25 vs H1 26");
    assert_eq!(
        span(&p.query.time),
        Some(("2025-01-01".into(), "2025-07-01".into()))
    );
    assert_eq!(
        span(&p.query.compare),
        Some(("2026-01-01".into(), "2026-07-01".into()))
    );
    // Not a year: what the number counts follows it, or an hour is written short.
    let p = parsed("the Q3 10 biggest deals");
    assert_eq!(p.query.limit, Some(10));
    // (A word after the half that is not a year, whatever its characters.)
    assert!(parsed("bookings 2H 20€").query.time.is_none());
    let p = parsed("tickets resolved within 2h in Q3");
    assert_eq!(
        span(&p.query.time),
        Some(("2026-07-01".into(), "2026-10-01".into()))
    );
    assert!(!p.query.filters.is_empty());
}

#[test]
fn a_range_takes_its_year_from_its_end_and_a_second_range_is_compared() {
    let p = parsed("bookings January to June 2025");
    assert_eq!(
        span(&p.query.time),
        Some(("2025-01-01".into(), "2025-07-01".into()))
    );
    assert!(
        p.notes.iter().all(|n| !n.reason.starts_with("assumed")),
        "{:?}",
        p.notes
    );
    for question in [
        "bookings January to June 2025, and January to June 2026",
        "bookings for jan-jun 2025 and jan-jun 2026",
    ] {
        let p = parsed(question);
        assert_eq!(
            span(&p.query.time),
            Some(("2025-01-01".into(), "2025-07-01".into())),
            "{question}"
        );
        assert_eq!(
            span(&p.query.compare),
            Some(("2026-01-01".into(), "2026-07-01".into())),
            "{question}"
        );
        assert!(penalty(&p) < 0.2, "{question}: {:?}", p.notes);
    }
    // Neither end's year said: both assumed.
    let p = parsed("bookings from January to June");
    assert_eq!(
        p.notes
            .iter()
            .filter(|n| n.reason.starts_with("assumed"))
            .count(),
        2
    );
}

#[test]
fn the_first_half_after_a_date_column_is_a_period_not_the_earliest_day() {
    let p = parsed("average amount of won deals with a close date in the first half of 2026");
    assert_ne!(p.query.aggregation, Some(Aggregation::Earliest));
    assert_eq!(
        span(&p.query.time),
        Some(("2026-01-01".into(), "2026-07-01".into()))
    );
    assert!(penalty(&p) < 0.2, "{:?}", p.notes);
}

#[test]
fn employees_named_before_a_comparison_through_a_verb_are_compared() {
    for question in [
        "count of accounts where the employee count is at least 1000",
        "Count of account records where the employee count is at least one thousand",
        "how many accounts have at least one thousand employees",
    ] {
        let p = parsed(question);
        assert_eq!(p.query.metrics, ["accounts"], "{question}");
        assert_eq!(
            p.query.filters,
            [Filter::Number {
                field: NumberField::Employees,
                op: Comparison::AtLeast,
                value: 1000.0
            }],
            "{question}"
        );
    }
    // "at least one" alone is any.
    let p = parsed("accounts with at least one open ticket");
    assert!(
        !p.query
            .filters
            .iter()
            .any(|f| matches!(f, Filter::Number { .. })),
        "{:?}",
        p.query.filters
    );
}

#[test]
fn an_amount_compared_on_records_without_one_is_invalid() {
    let accounts_over = |metric: &str| SemanticQuery {
        metrics: vec![metric.to_string()],
        filters: vec![Filter::Number {
            field: NumberField::Amount,
            op: Comparison::Greater,
            value: 1000.0,
        }],
        ..SemanticQuery::default()
    };
    assert!(matches!(
        accounts_over("accounts").validate(&vocabulary()),
        Err(crate::query::Invalid::NoNumber { .. })
    ));
    assert!(
        accounts_over("opportunity_value")
            .validate(&vocabulary())
            .is_ok()
    );
}

#[test]
fn accounts_whose_figure_is_over_a_number_are_accounts_with_that_much() {
    let with = parsed("how many customers with mrr below 500");
    let whose = parsed("how many customers whose mrr is below 500");
    assert_eq!(whose.query, with.query);
    assert!(with.query.count_rows);
    let with = parsed("accounts with mrr over 10k");
    let whose = parsed("accounts where the mrr is over 10k");
    assert_eq!(whose.query, with.query);
    assert_eq!(with.query.dimensions, ["account"]);
}

#[test]
fn twelve_times_mrr_and_the_run_rate_are_arr() {
    for question in [
        "What's our ARR, meaning 12 times current MRR?",
        "annual run-rate recurring revenue (12x mrr)",
        "annual run-rate recurring revenue",
        "run-rate revenue",
        "mrr x 12",
        "what is 12 times our mrr",
    ] {
        let p = parsed(question);
        assert_eq!(p.query.metrics, ["arr"], "{question}");
        assert!(penalty(&p) < 0.2, "{question}: {:?}", p.notes);
    }
}

#[test]
fn the_year_said_after_two_periods_is_both_ones() {
    for question in [
        "bookings in Q2 and Q3 2025",
        "bookings in the second and third quarters of 2025",
        "bookings in the second and the third quarter of 2025",
    ] {
        let p = parsed(question);
        assert_eq!(
            span(&p.query.time),
            Some(("2025-04-01".into(), "2025-10-01".into())),
            "{question}"
        );
        assert!(
            p.notes.iter().all(|n| !n.reason.starts_with("assumed")),
            "{question}: {:?}",
            p.notes
        );
    }
    let p = parsed("bookings in Q2 and in Q3 2025");
    assert_eq!(
        span(&p.query.time),
        Some(("2025-04-01".into(), "2025-07-01".into()))
    );
    assert_eq!(
        span(&p.query.compare),
        Some(("2025-07-01".into(), "2025-10-01".into()))
    );
    // "in each" after two periods compared: each period.
    let p = parsed("Compare bookings between Q2 and Q3 2026: bookings in each.");
    assert!(p.query.compare.is_some());
    assert!(
        p.notes.iter().all(|n| !n.reason.contains("breakdown")),
        "{:?}",
        p.notes
    );
}

#[test]
fn asides_that_say_the_question_again_are_read_as_such() {
    let p =
        parsed("Rank countries by account count across the whole database and show me the top 3.");
    assert_eq!(p.query.dimensions, ["country"]);
    assert!(penalty(&p) < 0.2, "{:?}", p.notes);
    let p = parsed("bookings last quarter, i.e. the won deals' amounts");
    assert!(
        p.notes.iter().all(|n| !n.reason.contains("\"e\"")),
        "{:?}",
        p.notes
    );
}

#[test]
fn accounts_with_a_score_under_a_number_are_the_accounts_that_have_it() {
    let which = parsed("which accounts have a health score under 30");
    for question in [
        "accounts with a health score under 30",
        "list accounts with health score under 30",
    ] {
        let p = parsed(question);
        assert_eq!(p.query, which.query, "{question}");
        assert_eq!(p.query.dimensions, ["account"], "{question}");
    }
    // Records, money and employees keep their own readings.
    let p = parsed("accounts with over 5000 employees");
    assert_eq!(p.query.metrics, ["accounts"]);
    let p = parsed("customers with more than 5 open tickets");
    assert_eq!(p.query.metrics, ["open_tickets"]);
}

#[test]
fn the_highest_daily_figure_is_the_maximum_of_the_days() {
    let max = parsed("max daily api calls last month");
    assert_eq!(max.query.aggregation, Some(Aggregation::Maximum));
    for question in [
        "highest daily api calls last month",
        "What was the highest daily api call count we hit last month?",
        "the peak daily api calls last month",
        "the highest number of daily api calls last month",
    ] {
        let p = parsed(question);
        assert_eq!(p.query, max.query, "{question}");
        assert!(penalty(&p) < 0.2, "{question}: {:?}", p.notes);
    }
    // (Said twice over, the words are read without failing.)
    let p = parsed("the highest api calls we we hit");
    assert!(
        p.notes.iter().all(|n| !n.reason.contains("meet")),
        "{:?}",
        p.notes
    );
    let p = parsed("lowest daily api calls last month");
    assert_eq!(p.query.aggregation, Some(Aggregation::Minimum));
}

#[test]
fn the_accounts_in_their_book_are_each_owners_accounts() {
    let p = parsed(
        "For each account owner, what is the 2026 year-to-date API call volume of the accounts in their book?",
    );
    assert_eq!(p.query.metrics, ["api_calls"]);
    assert_eq!(p.query.dimensions, ["owner"]);
}

#[test]
fn the_team_is_the_company_and_a_slide_is_what_the_answer_is_for() {
    let plain = parsed("what's our win rate this year?");
    for question in [
        "what's the team's win rate this year?",
        "win rate across the whole team this year",
    ] {
        let p = parsed(question);
        assert_eq!(p.query, plain.query, "{question}");
        assert!(p.query.dimensions.is_empty(), "{question}");
    }
    assert_eq!(
        parsed("win rate by team this year").query.dimensions,
        ["department"]
    );
    let plain = parsed("what was the combined amount of every deal we won during calendar 2025?");
    let p = parsed(
        "For the annual comparison slide, what was the combined amount of every deal we won during calendar 2025?",
    );
    assert_eq!(p.query, plain.query);
    assert!(penalty(&p) < 0.2, "{:?}", p.notes);
    // A period before the comma is the question's.
    let p = parsed("For Q3 2025, what were bookings?");
    assert_eq!(
        span(&p.query.time),
        Some(("2025-07-01".into(), "2025-10-01".into()))
    );
}

#[test]
fn accounts_that_might_churn_or_wait_on_a_ticket() {
    let likely = parsed("customers likely to churn");
    for question in [
        "customers who might churn",
        "customers that could churn",
        "customers expected to churn",
    ] {
        assert_eq!(
            parsed(question).query.metrics,
            likely.query.metrics,
            "{question}"
        );
    }
    let with = parsed("How many of our customers have an unresolved support ticket right now?");
    let waiting =
        parsed("How many of our customers are waiting on an unresolved support ticket right now?");
    assert_eq!(waiting.query, with.query);
    let waiting = parsed("accounts waiting for a ticket");
    assert_eq!(
        waiting.query,
        parsed("accounts with an unresolved ticket").query
    );
}

#[test]
fn millions_said_in_words_are_numbers() {
    let amount_over = |question: &str| {
        parsed(question).query.filters.iter().find_map(|f| match f {
            Filter::Number {
                field: NumberField::Amount,
                value,
                ..
            } => Some(*value),
            _ => None,
        })
    };
    for (question, value) in [
        ("won deals above half a million dollars", 500_000.0),
        ("won deals over a million", 1_000_000.0),
        ("won deals over a half million", 500_000.0),
        ("won deals over a quarter of a million dollars", 250_000.0),
        ("won deals over two and a half million", 2_500_000.0),
        ("won deals over 1 and a half million", 1_500_000.0),
    ] {
        assert_eq!(amount_over(question), Some(value), "{question}");
    }
}

#[test]
fn common_words_are_no_misspellings_of_the_data() {
    // "such" is no "much", "hold" no "sold", "brand-new" no band of health.
    let p = parsed("how many such deals does each rep have?");
    assert!(
        !p.notes.iter().any(|n| n.reason.contains("such")),
        "{:?}",
        p.notes
    );
    let p = parsed("How much storage do customers on each plan hold today, in GB?");
    assert!(
        !p.notes.iter().any(|n| n.reason.contains("sold")),
        "{:?}",
        p.notes
    );
    let p = parsed("How many brand-new customers did we sign up this month?");
    assert!(
        p.query
            .filters
            .iter()
            .all(|f| !matches!(f, Filter::Values { dimension, .. } if dimension == "band"))
    );
    for word in ["none", "rest", "matching", "starting", "terms"] {
        let p = parsed(&format!("revenue {word} last year"));
        assert!(
            !p.notes
                .iter()
                .any(|n| n.reason.starts_with(&format!("read \"{word}\""))),
            "{word}: {:?}",
            p.notes
        );
    }
}

#[test]
fn deals_idle_since_a_day() {
    let idle_days = |p: &Parsed| {
        p.query.filters.iter().find_map(|f| match f {
            Filter::Number {
                field: NumberField::IdleDays,
                op: Comparison::Greater,
                value,
            } => Some(*value),
            _ => None,
        })
    };
    // Today is 2026-10-31: October 1 is 30 days before, September 1 60.
    for (question, days) in [
        (
            "open deals with no activity since October 1, 2026, by owner",
            30.0,
        ),
        ("open opps by owner (last activity before 10/1/26)", 30.0),
        ("open deals whose last activity was before October 1", 30.0),
        ("open deals with no activity since before sept 1", 60.0),
        (
            "Which open opportunities haven't been touched since August or earlier?",
            60.0,
        ),
        ("stale open deals untouched since September", 60.0),
    ] {
        let p = parsed(question);
        assert_eq!(idle_days(&p), Some(days), "{question}: {:?}", p.query);
        // The day is the deals' last activity, not a period of their close dates.
        assert_eq!(p.query.time, None, "{question}");
        assert!(
            p.query.metrics.iter().all(|m| m.starts_with("open_")),
            "{question}: {:?}",
            p.query
        );
    }
}

#[test]
fn a_stock_grows_from_the_start_of_the_period_and_the_average_customer_is_per_account() {
    // MRR over the last 12 months grows from the figure at their start (as a fraction, said).
    for question in [
        "MRR growth over the last 12 months",
        "how much has ARR grown in the past year",
    ] {
        let p = parsed(question);
        assert!(p.query.growth, "{question}: {:?}", p.query);
        assert_eq!(
            p.query.time.as_ref().map(|t| t.end.to_string()),
            Some("2026-11-01".into())
        );
        assert_eq!(
            p.query.compare.as_ref().map(|t| t.end.to_string()),
            Some("2025-11-01".into())
        );
        assert!(penalty(&p) >= 0.2, "{question}: {:?}", p.notes);
    }
    // "net" growth is the number.
    let p = parsed("net customer growth this year");
    assert!(p.query.difference && !p.query.growth, "{:?}", p.query);
    let p = parsed("how many tickets does the average customer open");
    assert_eq!(p.query.aggregation, Some(Aggregation::PerAccount));
}

#[test]
fn accounts_ranked_by_a_figure_are_each_with_it() {
    for (question, dimension) in [
        ("rank customers by MRR", "account"),
        ("customers in Germany by MRR", "account"),
        ("rank healthcare accounts by ARR", "account"),
        ("sort accounts by ARR", "account"),
        ("customers ranked by MRR", "account"),
        ("rank vendors by spend this year", "vendor"),
    ] {
        let p = parsed(question);
        assert_eq!(p.query.dimensions, [dimension], "{question}: {:?}", p.query);
        assert!(penalty(&p) < 0.2, "{question}: {:?}", p.notes);
    }
    // A breakdown after "by" is one still.
    assert_eq!(parsed("customers by country").query.dimensions, ["country"]);
    // Customers who paid are no other figure's breakdown.
    let p = parsed("which customers haven't paid their invoices");
    assert_eq!(
        p.query,
        parsed("which customers have unpaid invoices").query
    );
}

#[test]
fn a_billing_interval_is_nothing_the_data_says() {
    for question in [
        "how many customers pay annually",
        "which customers are billed monthly",
    ] {
        let p = parsed(question);
        assert!(penalty(&p) >= 0.6, "{question}: {:?}", p.notes);
        assert_eq!(p.query.grain, None, "{question}");
    }
    // How much they pay each month is an amount.
    let p = parsed("how much do customers pay us monthly");
    assert!(
        !p.notes
            .iter()
            .any(|n| n.reason.contains("billing interval")),
        "{:?}",
        p.notes
    );
}

#[test]
fn taking_the_longest_is_the_slowest() {
    assert_eq!(
        parsed("which rep takes the longest to close deals").query,
        parsed("which rep is slowest to close deals").query
    );
    assert_eq!(
        parsed("which rep takes the least time to close deals").query,
        parsed("which rep is fastest to close deals").query
    );
    assert_eq!(
        parsed("which rep takes the most days on average from opportunity creation to close")
            .query
            .metrics,
        ["sales_cycle_days"]
    );
    // Traffic of the API is its calls; what is stored, the storage.
    assert_eq!(
        parsed("API traffic last month").query.metrics,
        ["api_calls"]
    );
    assert_eq!(
        parsed("stored gigabytes by plan").query.metrics,
        ["storage_gb"]
    );
}

#[test]
fn vendors_are_filtered_by_no_accounts() {
    let mut q = parsed("how many vendors do we have").query;
    q.filters = vec![Filter::Records {
        metric: "customers".into(),
        filters: vec![],
        time: None,
        negated: false,
    }];
    assert!(q.validate(&vocabulary()).is_err());
}

#[test]
fn deals_expected_to_close_are_open() {
    for question in [
        "What is the total value of deals expected to close in Q4?",
        "value of deals slated to close next month",
    ] {
        assert_eq!(
            parsed(question).query.metrics,
            ["open_pipeline"],
            "{question}"
        );
    }
    assert_eq!(
        parsed("how many deals will close next month").query.metrics,
        ["open_opportunities"]
    );
    // A state said stays the one asked.
    assert_eq!(
        parsed("won deals that were expected to close in Q3")
            .query
            .metrics,
        parsed("won deals in Q3").query.metrics
    );
}

#[test]
fn a_figure_over_a_threshold_of_each_owner_is_their_total() {
    let p = parsed("Which reps have more than $1M in open pipeline right now?");
    assert_eq!(p.query.dimensions, ["owner"]);
    assert!(
        p.query.filters.iter().any(|f| matches!(
            f,
            Filter::Number {
                field: NumberField::Measure,
                ..
            }
        )),
        "{:?}",
        p.query.filters
    );
}

#[test]
fn an_event_of_the_accounts_does_not_place_the_figure() {
    for question in [
        "What's the average MRR of customers who joined this year?",
        "total spend on vendors onboarded last year",
        "What's the total MRR of accounts created last quarter?",
    ] {
        let p = parsed(question);
        assert!(
            p.notes
                .iter()
                .any(|n| n.reason.contains("said of other records")),
            "{question}: {:?}",
            p.notes
        );
    }
    // The event dating the figure's records, said with the accounts, is theirs.
    for question in [
        "how many tickets have Technology accounts opened this month",
        "how many new customers signed up this year",
    ] {
        let p = parsed(question);
        assert!(
            !p.notes
                .iter()
                .any(|n| n.reason.contains("said of other records")),
            "{question}: {:?}",
            p.notes
        );
    }
}

#[test]
fn a_figure_of_the_day_added_is_its_net_change() {
    let p = parsed("How much ARR did we add this quarter?");
    assert!(
        p.query.difference && p.query.compare.is_some(),
        "{:?}",
        p.query
    );
    assert!(penalty(&p) > 0.2, "{:?}", p.notes);
    // What adds up is an amount.
    assert!(!parsed("what does our MRR add up to").query.difference);
}

#[test]
fn each_of_the_last_periods_is_a_breakdown_by_them() {
    let p = parsed("How many deals did we win in each of the last 4 quarters?");
    assert_eq!(p.query.grain, Some(Grain::Quarter));
    assert_eq!(
        span(&p.query.time),
        span(
            &parsed("How many deals did we win in the last 4 quarters?")
                .query
                .time
        )
    );
}

#[test]
fn new_people_or_values_are_not_dated() {
    let p = parsed("What's the total value of deals won by new reps?");
    assert!(penalty(&p) > 0.2, "{:?}", p.notes);
    let p = parsed("how many new customers this year");
    assert!(
        !p.notes.iter().any(|n| n.reason.contains("are new")),
        "{:?}",
        p.notes
    );
}

#[test]
fn records_are_listed_with_their_account() {
    let p = parsed("Top 10 deals with owner and account name");
    assert!(
        p.query.records && p.query.dimensions.is_empty(),
        "{:?}",
        p.query
    );
    assert_eq!(p.query.columns, ["owner", "account"]);
    assert!(p.query.validate(&vocabulary()).is_ok());
}

#[test]
fn records_counted_per_row_of_another_figure_are_its_records() {
    for question in [
        "win rate by owner, min 5 deals",
        "Which rep has the highest average deal size among reps with at least 10 wins?",
    ] {
        let p = parsed(question);
        assert!(
            p.query.filters.iter().any(|f| matches!(
                f,
                Filter::Number {
                    field: NumberField::Records,
                    ..
                }
            )),
            "{question}: {:?}",
            p.query
        );
    }
}

#[test]
fn records_named_in_a_clause_are_listed_not_counted() {
    let p = parsed("Invoices issued in September that are still unpaid");
    assert!(
        p.notes
            .iter()
            .any(|n| n.reason.starts_with("counted the records named")),
        "{:?}",
        p.notes
    );
}

#[test]
fn fiscal_years_and_either_or() {
    let p = parsed("revenue for fiscal year 2025");
    assert_eq!(
        p.query.time.as_ref().map(|t| t.start.to_string()),
        Some("2025-01-01".to_string()),
        "{:?}",
        p.query
    );
    assert!(
        p.notes
            .iter()
            .any(|n| n.reason.contains("fiscal year 2025")),
        "{:?}",
        p.notes
    );
    let p = parsed("bookings this fiscal year");
    assert_eq!(
        p.query.time.map(|t| t.start.to_string()),
        Some("2026-01-01".to_string())
    );
    let p = parsed("accounts in either Germany or the US");
    assert!(
        p.query.filters.iter().any(|f| matches!(
            f,
            Filter::Values { values, .. } if values.len() == 2
        )),
        "{:?}",
        p.query
    );
    assert!(
        !p.notes.iter().any(|n| n.reason.contains("either")),
        "{:?}",
        p.notes
    );
}

#[test]
fn what_customers_pay_a_month_is_their_mrr() {
    for (question, figure) in [
        ("How many customers pay more than $10k a month?", "mrr"),
        ("customers paying us over 5k per month", "mrr"),
        ("how many accounts pay over $100k a year", "arr"),
    ] {
        let p = parsed(question);
        assert_eq!(p.query.metrics, [figure], "{question}: {:?}", p.query);
        assert!(
            p.query.filters.iter().any(|f| matches!(
                f,
                Filter::Number {
                    field: NumberField::Measure,
                    ..
                }
            )),
            "{question}: {:?}",
            p.query
        );
    }
    // ("paying customers by month": no amount, nothing paid a month.)
    assert_eq!(
        parsed("paying customers by month").query.grain,
        Some(Grain::Month)
    );
}

#[test]
fn a_sum_compared_per_row_is_the_rows_total() {
    let today = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default();
    let p = parsed("which reps have open pipeline over $300k? name + pipeline");
    let sql = crate::compile::compile(&p.query, today);
    assert!(
        sql.contains("HAVING") && !sql.contains("f.amount > 300000"),
        "{sql}"
    );
    let p = parsed("open deals over $50k by owner");
    let sql = crate::compile::compile(&p.query, today);
    assert!(sql.contains("f.amount > 50000"), "{sql}");
}

#[test]
fn the_next_days_and_short_units() {
    let span = |q: &str| {
        parsed(q)
            .query
            .time
            .map(|t| (t.start.to_string(), t.end.to_string()))
            .unwrap_or_default()
    };
    let next = ("2026-10-31".to_string(), "2026-11-30".to_string());
    assert_eq!(span("deals closing in the next 30 days"), next);
    assert_eq!(span("opps closing next 30d"), next);
    assert_eq!(
        span("tickets opened last 30d"),
        span("tickets opened in the last 30 days")
    );
    assert_eq!(
        span("revenue last 12m"),
        span("revenue in the last 12 months")
    );
}

#[test]
fn records_in_two_independent_states_are_in_both() {
    let today = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap_or_default();
    for question in [
        "open tickets that breached SLA",
        "how many unresolved tickets have breached their SLA",
        "breached tickets that are still open",
    ] {
        let p = parsed(question);
        assert_eq!(p.query.metrics.len(), 1, "{question}: {:?}", p.query);
        let sql = crate::compile::compile(&p.query, today);
        assert!(
            sql.contains("f.resolved_at IS NULL") && sql.contains("f.sla_breached"),
            "{question}: {sql}"
        );
    }
    // A pair of states that cannot both hold is refused ("won deals that slipped").
    let q = SemanticQuery {
        metrics: vec!["won_deals".to_string()],
        filters: vec![Filter::Also {
            metric: "slipped_deals".to_string(),
        }],
        ..SemanticQuery::default()
    };
    assert!(q.validate(&vocabulary()).is_err(), "{q:?}");
    // ("open tickets and breached tickets": two figures.)
    assert_eq!(
        parsed("open tickets and breached tickets")
            .query
            .metrics
            .len(),
        2
    );
}

#[test]
fn what_customers_spend_with_us_is_what_they_pay() {
    for question in [
        "Which customers spend the most with us?",
        "how much did Polaris Labs spend with us last year",
    ] {
        let p = parsed(question);
        assert!(
            !p.query.metrics.iter().any(|m| m == "spend"),
            "{question}: {:?}",
            p.query
        );
        assert!(!p.query.metrics.is_empty(), "{question}: {:?}", p.query);
    }
    assert_eq!(
        parsed("how much did we spend on AWS").query.metrics,
        ["spend"]
    );
}

#[test]
fn a_sum_of_an_expression_is_described_whole() {
    let described = parsed("weighted pipeline by owner").query.describe();
    assert!(
        described.contains("sum of CAST(amount AS DOUBLE) * probability over opportunities"),
        "{described}"
    );
}

#[test]
fn tickets_said_to_be_open_may_be_pending_too() {
    for question in ["How many tickets are open right now?", "open tickets"] {
        let p = parsed(question);
        assert_eq!(p.query.metrics, ["open_tickets"], "{question}");
        assert!(
            p.notes
                .iter()
                .any(|n| n.reason.contains("pending ones too")),
            "{question}: {:?}",
            p.notes
        );
    }
}

#[test]
fn invoices_paid_late_are_paid_after_their_due_date() {
    let p = parsed("How many invoices were paid late?");
    assert_eq!(p.query.metrics, ["late_paid_invoices"]);
    assert_eq!(
        parsed("how many invoices are late").query.metrics,
        ["overdue_invoices"]
    );
    // ("later than": a day, never a misspelt "late".)
    let p = parsed("open deals expected to close later than 2027-01-31");
    assert_eq!(p.query.metrics, ["open_opportunities"], "{:?}", p.query);
}
