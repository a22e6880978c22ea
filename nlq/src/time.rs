//! Time in questions: periods ("last quarter", "Q3 2024", "year to date", "last 6 months", "since March"),
//! grains ("by month") and the prior comparable period a trend compares against.
//!
//! Every period is a half-open day range `[start, end)` computed from an anchor day ("today"), so that the
//! same question over the same data always means the same days.

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// A half-open range of days, `[start, end)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// The first day.
    pub start: NaiveDate,
    /// The day after the last.
    pub end: NaiveDate,
    /// How the question named it ("last quarter", "2025").
    #[serde(default)]
    pub label: String,
}

/// The bucket of a breakdown over time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grain {
    /// `date_trunc('day', ...)`.
    Day,
    /// ISO weeks, from Monday.
    Week,
    /// Calendar months.
    Month,
    /// Calendar quarters.
    Quarter,
    /// Calendar years.
    Year,
}

impl Grain {
    /// Its name in SQL (`date_trunc`'s unit) and as a result column.
    pub fn name(self) -> &'static str {
        match self {
            Grain::Day => "day",
            Grain::Week => "week",
            Grain::Month => "month",
            Grain::Quarter => "quarter",
            Grain::Year => "year",
        }
    }
}

impl Period {
    /// A period with a label.
    pub fn new(start: NaiveDate, end: NaiveDate, label: impl Into<String>) -> Self {
        Period {
            start,
            end,
            label: label.into(),
        }
    }

    /// Whether it is one whole calendar year ("2025", "last year").
    pub fn is_calendar_year(&self) -> bool {
        self.start.ordinal() == 1
            && self
                .start
                .checked_add_months(Months::new(12))
                .is_some_and(|end| end == self.end)
    }

    /// The same months in `to` ("Q1" read as Q1 2026, in "2025 revenue, Q1 through Q4").
    pub fn in_year(self, to: i32) -> Period {
        let from = self.start.year();
        let moved = |day: NaiveDate| {
            let months = Months::new((from - to).unsigned_abs() * 12);
            if to < from {
                day.checked_sub_months(months)
            } else {
                day.checked_add_months(months)
            }
        };
        match (moved(self.start), moved(self.end)) {
            (Some(start), Some(end)) => Period::new(
                start,
                end,
                self.label.replace(&from.to_string(), &to.to_string()),
            ),
            _ => self,
        }
    }

    /// "Q3 2026 vs 2025": the part of a year this period covers (whole months, within one year) in
    /// the other year `year` names. Year to date against a whole year stays as said (`None`).
    pub fn same_part_in(&self, year: &Period, today: NaiveDate) -> Option<Period> {
        let within_a_year = self.end.pred_opt().map(|d| d.year()) == Some(self.start.year());
        (year.is_calendar_year()
            && !self.is_calendar_year()
            && self.start.day() == 1
            && self.end.day() == 1
            && within_a_year
            && self.start.year() != year.start.year()
            && !(self.start.ordinal() == 1 && self.end > today))
            .then(|| self.clone().in_year(year.start.year()))
    }

    /// Whether it starts on the first of a month and ends on one.
    fn month_aligned(&self) -> bool {
        self.start.day() == 1 && self.end.day() == 1
    }

    /// Its length in whole months, when month-aligned.
    fn months(&self) -> Option<u32> {
        if !self.month_aligned() {
            return None;
        }
        let months = (self.end.year() - self.start.year()) * 12 + self.end.month() as i32
            - self.start.month() as i32;
        u32::try_from(months).ok().filter(|m| *m > 0)
    }

    /// The same period moved back by `months` months (to the same day of the month).
    pub fn months_back(&self, months: u32, label: impl Into<String>) -> Option<Period> {
        Some(Period::new(
            shift_back(self.start, months)?,
            shift_back(self.end, months)?,
            label,
        ))
    }

    /// The period a trend compares this one with, once both are cut at `today`: the part of this period
    /// up to today, and the same span just before (a calendar quarter the quarter before, a year the year
    /// before, year to date the same days a year earlier).
    pub fn prior(&self, today: NaiveDate) -> Option<(Period, Period)> {
        let tomorrow = today.checked_add_days(Days::new(1))?;
        let current = Period::new(self.start, self.end.min(tomorrow), self.label.clone());
        if current.start >= current.end {
            return None;
        }
        let prior = if self.label.contains("to date") {
            let back = if self.label.starts_with("year") {
                12
            } else if self.label.starts_with("quarter") {
                3
            } else {
                1
            };
            current.months_back(back, format!("{} a period earlier", self.label))?
        } else if let Some(months) = self.months() {
            current.months_back(months, format!("the period before {}", self.label))?
        } else {
            let days = (current.end - current.start).num_days();
            let days = u64::try_from(days).ok()?;
            Period::new(
                current.start.checked_sub_days(Days::new(days))?,
                current.start,
                format!("the {days} days before"),
            )
        };
        Some((current, prior))
    }
}

fn shift_back(day: NaiveDate, months: u32) -> Option<NaiveDate> {
    day.checked_sub_months(Months::new(months))
}

/// January 1 of `year`.
pub fn year_start(year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, 1, 1)
}

/// The first day of `month` in `year`.
pub fn month_start(year: i32, month: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, 1)
}

/// The calendar year `year`.
pub fn year(year: i32, label: impl Into<String>) -> Option<Period> {
    Some(Period::new(year_start(year)?, year_start(year + 1)?, label))
}

/// Quarter `q` (1..=4) of `year`.
pub fn quarter(year: i32, q: u32, label: impl Into<String>) -> Option<Period> {
    if !(1..=4).contains(&q) {
        return None;
    }
    let start = month_start(year, (q - 1) * 3 + 1)?;
    Some(Period::new(
        start,
        start.checked_add_months(Months::new(3))?,
        label,
    ))
}

/// Month `month` (1..=12) of `year`.
pub fn month(year: i32, month: u32, label: impl Into<String>) -> Option<Period> {
    let start = month_start(year, month)?;
    Some(Period::new(
        start,
        start.checked_add_months(Months::new(1))?,
        label,
    ))
}

/// The quarter (1..=4) that `day` falls in.
pub fn quarter_of(day: NaiveDate) -> u32 {
    (day.month() - 1) / 3 + 1
}

/// The calendar period of `grain` holding `day`.
pub fn containing(day: NaiveDate, grain: Grain, label: impl Into<String>) -> Option<Period> {
    match grain {
        Grain::Day => Some(Period::new(day, day.checked_add_days(Days::new(1))?, label)),
        Grain::Week => {
            let start =
                day.checked_sub_days(Days::new(u64::from(day.weekday().num_days_from_monday())))?;
            Some(Period::new(
                start,
                start.checked_add_days(Days::new(7))?,
                label,
            ))
        }
        Grain::Month => month(day.year(), day.month(), label),
        Grain::Quarter => quarter(day.year(), quarter_of(day), label),
        Grain::Year => year(day.year(), label),
    }
}

/// The calendar period of `grain` before the one holding `day`.
pub fn previous(day: NaiveDate, grain: Grain, label: impl Into<String>) -> Option<Period> {
    let this = containing(day, grain, "")?;
    let before = this.start.checked_sub_days(Days::new(1))?;
    containing(before, grain, label)
}

/// From the start of the period of `grain` holding `today` through today.
pub fn to_date(today: NaiveDate, grain: Grain, label: impl Into<String>) -> Option<Period> {
    let this = containing(today, grain, "")?;
    Some(Period::new(
        this.start,
        today.checked_add_days(Days::new(1))?,
        label,
    ))
}

/// The trailing `n` units of `grain` through today: `last 6 months` is the six months ending today.
pub fn trailing(
    today: NaiveDate,
    n: u32,
    grain: Grain,
    label: impl Into<String>,
) -> Option<Period> {
    let end = today.checked_add_days(Days::new(1))?;
    Some(Period::new(units_before(end, n, grain)?, end, label))
}

/// The `n` units of `grain` from `today` on, today's included: "the next 30 days".
pub fn ahead(today: NaiveDate, n: u32, grain: Grain, label: impl Into<String>) -> Option<Period> {
    let end = match grain {
        Grain::Day => today.checked_add_days(Days::new(u64::from(n))),
        Grain::Week => today.checked_add_days(Days::new(7 * u64::from(n))),
        Grain::Month => today.checked_add_months(Months::new(n)),
        Grain::Quarter => today.checked_add_months(Months::new(n.checked_mul(3)?)),
        Grain::Year => today.checked_add_months(Months::new(n.checked_mul(12)?)),
    }?;
    Some(Period::new(today, end, label))
}

/// The `n` whole calendar units of `grain` before the one holding `today`: "the last 4 full weeks" are
/// the four Monday-to-Sunday weeks before this one.
pub fn whole_before(
    today: NaiveDate,
    n: u32,
    grain: Grain,
    label: impl Into<String>,
) -> Option<Period> {
    let end = containing(today, grain, "")?.start;
    Some(Period::new(units_before(end, n, grain)?, end, label))
}

/// The day `n` units of `grain` before `end`.
fn units_before(end: NaiveDate, n: u32, grain: Grain) -> Option<NaiveDate> {
    match grain {
        Grain::Day => end.checked_sub_days(Days::new(u64::from(n))),
        Grain::Week => end.checked_sub_days(Days::new(7 * u64::from(n))),
        Grain::Month => end.checked_sub_months(Months::new(n)),
        Grain::Quarter => end.checked_sub_months(Months::new(n.checked_mul(3)?)),
        Grain::Year => end.checked_sub_months(Months::new(n.checked_mul(12)?)),
    }
}

/// The English month names, January first.
const MONTH_NAMES: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The name of month `n` (1 is January).
pub fn month_name(n: u32) -> Option<&'static str> {
    MONTH_NAMES
        .get(usize::try_from(n.checked_sub(1)?).ok()?)
        .copied()
}

/// The month number of an English month name or abbreviation.
pub fn month_number(word: &str) -> Option<u32> {
    if word.len() < 3 {
        return None;
    }
    MONTH_NAMES
        .iter()
        .position(|n| n.starts_with(word))
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// The year `word` names, for four-digit years 2000..=2099 (also `fy2025`).
pub fn year_number(word: &str) -> Option<i32> {
    let digits = word.strip_prefix("fy").unwrap_or(word);
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year: i32 = digits.parse().ok()?;
    (2000..=2099).contains(&year).then_some(year)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn calendar_periods_are_half_open_day_ranges() {
        let today = d("2026-10-31");
        assert_eq!(
            previous(today, Grain::Quarter, "").unwrap().start,
            d("2026-07-01")
        );
        assert_eq!(
            previous(today, Grain::Quarter, "").unwrap().end,
            d("2026-10-01")
        );
        assert_eq!(
            previous(d("2026-02-10"), Grain::Quarter, "").unwrap().start,
            d("2025-10-01")
        );
        assert_eq!(
            previous(today, Grain::Month, "").unwrap().start,
            d("2026-09-01")
        );
        assert_eq!(
            to_date(today, Grain::Year, "").unwrap(),
            Period::new(d("2026-01-01"), d("2026-11-01"), "")
        );
        assert_eq!(
            trailing(today, 6, Grain::Month, "").unwrap().start,
            d("2026-05-01")
        );
        assert_eq!(
            containing(d("2026-10-29"), Grain::Week, "").unwrap().start,
            d("2026-10-26")
        );
        assert_eq!(
            quarter(2024, 3, "").unwrap(),
            Period::new(d("2024-07-01"), d("2024-10-01"), "")
        );
        assert!(quarter(2024, 5, "").is_none());
    }

    #[test]
    fn the_prior_period_is_the_comparable_span_before() {
        let today = d("2026-10-31");
        let (cur, prior) = quarter(2026, 3, "Q3 2026").unwrap().prior(today).unwrap();
        assert_eq!((cur.start, cur.end), (d("2026-07-01"), d("2026-10-01")));
        assert_eq!((prior.start, prior.end), (d("2026-04-01"), d("2026-07-01")));
        // An unfinished quarter is compared with the same days of the quarter before.
        let (cur, prior) = quarter(2026, 4, "this quarter")
            .unwrap()
            .prior(today)
            .unwrap();
        assert_eq!((cur.start, cur.end), (d("2026-10-01"), d("2026-11-01")));
        assert_eq!((prior.start, prior.end), (d("2026-07-01"), d("2026-08-01")));
        let (_, prior) = to_date(today, Grain::Year, "year to date")
            .unwrap()
            .prior(today)
            .unwrap();
        assert_eq!((prior.start, prior.end), (d("2025-01-01"), d("2025-11-01")));
        let (_, prior) = year(2025, "2025").unwrap().prior(today).unwrap();
        assert_eq!((prior.start, prior.end), (d("2024-01-01"), d("2025-01-01")));
        let (_, prior) = trailing(today, 30, Grain::Day, "last 30 days")
            .unwrap()
            .prior(today)
            .unwrap();
        assert_eq!((prior.start, prior.end), (d("2026-09-02"), d("2026-10-02")));
        // A period wholly in the future has nothing to compare.
        assert!(year(2027, "2027").unwrap().prior(today).is_none());
    }

    #[test]
    fn month_and_year_words() {
        assert_eq!(month_number("march"), Some(3));
        assert_eq!(month_number("mar"), Some(3));
        assert_eq!(month_number("sept"), Some(9));
        assert_eq!(month_number("sep"), Some(9));
        assert_eq!(month_number("may"), Some(5));
        assert_eq!(month_number("ma"), None);
        assert_eq!(month_number("marketing"), None);
        assert_eq!(year_number("2025"), Some(2025));
        assert_eq!(year_number("fy2024"), Some(2024));
        assert_eq!(year_number("1999"), None);
        assert_eq!(year_number("50000"), None);
    }
}
