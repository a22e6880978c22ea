//! Conditions on numbers and states said in words: statuses named literally, resolution times,
//! probabilities, ages, number ranges and thresholds ("over 50k", "between 20k and 80k"), and rankings
//! ("top 5", "the 3 accounts with the lowest score").

use super::*;

/// The statuses records of `table` carry, as their sources name them.
pub(super) fn statuses_of(table: &str) -> &'static [&'static str] {
    match table {
        "ticket" => &["open", "pending", "solved", "closed"],
        "subscription" => &["active", "past_due", "trialing", "canceled"],
        "revenue" => &["paid", "open", "void", "uncollectible", "draft"],
        _ => &[],
    }
}

/// "with status open", "status = past due", "in active status": the words naming a status literally
/// (with their "with"/"in"), and the status.
pub(super) fn literal_status(ws: &[String]) -> Option<(std::ops::Range<usize>, &'static str)> {
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

/// A number with an optional scale: `50k`, `1.5m`, `50000`, and (with the next word) `50 thousand`.
pub(super) fn amount(ws: &[String], i: usize) -> Option<(f64, usize)> {
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

/// "20k-80k", "$100-$1,000", "100-1000": a range of two numbers, as "between 20k and 80k" (not a date
/// such as "2026-07" nor a span of years such as "2025-2026").
/// "more than 90 days old", "aged over 90 days", "older than two weeks", "under 30 days old",
/// "open for more than 7 days", "over 90 days past their invoice date": the words' span, and how each
/// record's age in days compares. A number of days with no word of age is no age.
/// A length of time in hours at `ws[i]`: "72 hours", "72h", "three days", "a day", "2 wks"; with the
/// number of words it takes.
pub(super) fn hours_at(ws: &[String], i: usize) -> Option<(f64, usize)> {
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
pub(super) fn resolution_condition(ws: &[String]) -> Option<(usize, usize, Comparison, f64)> {
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
pub(super) fn probability_condition(ws: &[String]) -> Option<(usize, usize, Comparison, f64)> {
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

pub(super) fn age_condition(ws: &[String]) -> Option<(usize, usize, Comparison, f64)> {
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

pub(super) fn number_range(token: &str) -> Option<String> {
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

impl Parser<'_> {
    /// "over 50k", "more than 1,000 employees", "under $10k", "between 50k and 100k".
    pub(super) fn number_filter_at(&mut self, i: usize) -> Option<usize> {
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
        // "customers with invoices in more than one currency": a number of a dimension's values,
        // which no figure here counts.
        if let Some(noun) = self.ws.get(i + taken).filter(|w| {
            !matches!(
                w.as_str(),
                "employees" | "employee" | "people" | "staff" | "headcount"
            ) && value.fract() == 0.0
                && self
                    .vocabulary
                    .lookup(std::slice::from_ref(*w))
                    .or_else(|| self.vocabulary.lookup_stem(w))
                    .is_some_and(|terms| {
                        terms
                            .iter()
                            .all(|t| matches!(t, Term::Dimension(d) if *d != "account"))
                    })
        }) {
            let noun = noun.clone();
            self.note(
                0.55,
                format!(
                    "\"{value} {noun}\" counts values of a breakdown, which the answer does not"
                ),
            );
            return Some(taken + 1);
        }
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
        let field =
            if self.ws.get(i + taken).is_some_and(|w| {
                matches!(w.as_str(), "employees" | "employee" | "people" | "staff")
            }) {
                taken += 1;
                NumberField::Employees
            } else if self.employees_before(i) {
                // "employees > 5000", "headcount over 1k", "the employee count is at least 1k".
                NumberField::Employees
            } else if let Some((k, metric)) = counted.filter(|_| value.fract() == 0.0) {
                taken += k;
                if self.records_of_each_row(metric) {
                    // "win rate by owner, min 5 deals", "the highest average deal size among
                    // reps with at least 10 wins": each row's records counted.
                    NumberField::Records
                } else {
                    if !self.query.metrics.iter().any(|m| m == metric) {
                        self.query.metrics.insert(0, metric.to_string());
                    }
                    NumberField::Measure
                }
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

    /// Whether the records `counted` names are counted per row of a breakdown of another figure of
    /// them: "win rate by owner, min 5 deals" (each owner's deals, not a figure of deals compared).
    fn records_of_each_row(&self, counted: &str) -> bool {
        let table = |m: &str| model::metric(m).and_then(model::Metric::table);
        let rated = self.query.metrics.first().and_then(|m| model::metric(m)).is_some_and(|m| {
            !matches!(m.source, model::Source::Fact { aggregate, .. } if aggregate == "count(*)")
                && m.table().is_some()
                && m.table() == table(counted)
        });
        rated && (!self.query.dimensions.is_empty() || self.expect_dimension)
    }

    /// Whether the comparison at word `i` is said of the accounts' employees named right before it,
    /// maybe through a verb: "employees > 5000", "headcount over 1k", "the employee count is at least".
    fn employees_before(&self, i: usize) -> bool {
        let mut end = i;
        while end > 0
            && matches!(
                self.ws[end - 1].as_str(),
                "is" | "are" | "was" | "were" | "of"
            )
        {
            end -= 1;
        }
        let named = |k: usize| self.ws.get(end.checked_sub(k)?..end);
        matches!(named(1), Some([w]) if matches!(w.as_str(), "employees" | "headcount" | "staff"))
            || matches!(named(2), Some([a, b]) if a == "employee" && b == "count")
    }

    /// Whether the number at word `i` (`taken` words long) is said of a total: after a word of money
    /// summed ("spend over 50k", "which vendors did we pay at least $100k", "sum >= 100000", "which
    /// reps have open pipeline over $300k"), the
    /// comparison between them, or right before one ("vendors with 100k+ spend").
    pub(super) fn totals_around(&self, i: usize, taken: usize) -> bool {
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
            "pipeline",
            "pipe",
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
        // ("vendors with 100k+ spend", "customers with more than 50k in MRR", "reps with more than
        // $1M in open pipeline".)
        let mut k = i + taken;
        if !self.count_word && self.ws.get(k).is_some_and(|w| w == "in" || w == "of") {
            k += 1;
        }
        if self.ws.get(k).is_some_and(|w| w == "open") {
            k += 1;
        }
        before.is_some_and(|w| TOTALS.contains(&w.as_str()))
            || self.ws.get(k).is_some_and(|w| {
                matches!(
                    w.as_str(),
                    "spend" | "revenue" | "bookings" | "mrr" | "arr" | "pipeline" | "pipe"
                )
            })
    }

    /// "top 5", "bottom 3", "largest", "most", ...: order and limit, and a dimension to rank.
    pub(super) fn ranking_at(&mut self, i: usize) -> Option<usize> {
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

    /// "the 3 accounts with the lowest score": a number read as nothing else before a ranking is how
    /// many rows it keeps. Whether it was.
    pub(super) fn loose_number_ranks(&mut self) -> bool {
        if self.query.order.is_some()
            && self.query.limit.is_none()
            && let Some(n) = self.loose_number.take()
        {
            self.query.limit = Some(n);
            return true;
        }
        false
    }
}
