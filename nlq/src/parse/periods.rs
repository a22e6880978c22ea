//! Time in the question: the periods it names ("last quarter", "Q2 2025 vs Q2 2026", "since
//! September 15"), the grain of a series ("by month"), and how a period applies to what is asked.

use super::*;

/// How many words at the start of `ws` say "what is left of this year": "between now and (the) year
/// end", "from now until the end of the year", "the rest of the year", "before year end".
pub(super) fn rest_of_year(ws: &[String]) -> Option<usize> {
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

/// The period from `first` to `last`, both included: "May to October".
pub(super) fn spanning(first: &Period, last: &Period) -> Period {
    Period::new(
        first.start.min(last.start),
        first.end.max(last.end),
        format!("{} to {}", first.label, last.label),
    )
}

/// The start of a range read before its end: "Jan through Jun 2025" is January 2025, though "Jan" alone
/// would be the latest January.
pub(super) fn range_start(start: Period, end: &Period) -> Period {
    // ("Sept 15 to the end of Sept": a start within the end's period stays.)
    if start.start >= end.end
        && let Some(earlier) = start.months_back(12, start.label.clone())
        && earlier.start <= end.start
    {
        return earlier;
    }
    start
}

impl Parser<'_> {
    pub(super) fn apply_time(&mut self, hit: TimeHit) {
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
                // "January to June 2025": the start's year is the one said at the end.
                let start_assumption =
                    std::mem::replace(&mut self.last_assumption, assumption.clone());
                let settled = |parser: &mut Self| {
                    if assumption.is_none()
                        && let Some(a) = &start_assumption
                        && let Some(at) = parser.notes.iter().position(|n| &n.reason == a)
                    {
                        parser.notes.remove(at);
                    }
                };
                if let Some(a) = assumption.clone() {
                    self.note(0.05, a);
                }
                // "Q2 and Q3 2025", "the second and third quarters of 2025": the year said last is
                // the earlier period's too.
                if self.joined_period
                    && !self.compare_next
                    && assumption.is_none()
                    && start_assumption.is_some()
                    && let Some(current) = self.query.time.clone()
                    && ((current.end - current.start) - (period.end - period.start))
                        .num_days()
                        .abs()
                        <= 3
                {
                    settled(self);
                    if current.start.year() != period.start.year() {
                        self.query.time = Some(current.in_year(period.start.year()));
                    }
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
                    settled(self);
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
                        settled(self);
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
    pub(super) fn time_at(&self, i: usize) -> Option<(usize, TimeHit)> {
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
        // next 30 days, the coming 2 weeks: from today on.
        if matches!(w(0), "next" | "coming" | "upcoming")
            && let Some(n) = small_number(w(1))
            && let Some(g) = unit(w(2))
        {
            let label = format!("next {n} {}", w(2));
            return Some((3, period(time::ahead(today, n, g, label), None, None)?));
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
    pub(super) fn named_period_at(&self, i: usize) -> Option<(usize, Period, Option<String>)> {
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
}
