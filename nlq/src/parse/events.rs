//! Events: "opened", "won", "churned", "created" and the other things that happen to records, with the
//! date column each is dated by and the words that say it.

use super::*;

impl Parser<'_> {
    /// An event word ("deals closing this month", "tickets resolved last week") places the records in
    /// time by that event; with "how long" it asks for the time the records took to reach it ("how
    /// long does it take to close a deal").
    pub(super) fn apply_events(&mut self) {
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
        // "the average MRR of customers who joined this year", "spend on vendors onboarded last
        // year": an event of other records (accounts joining) places none of the figure's; the
        // period said may be when those joined.
        // (The event that dates the figure's records, said with accounts, is theirs: "tickets
        // accounts opened this year", "new customers who signed up".)
        let dated_by = metric.time_expr();
        let other_records = events.iter().find(|w| {
            table != "account"
                && model::event_named(table, w).is_none_or(|e| Some(e.expr) != dated_by)
                && self.said_of_accounts(w)
        });
        if self.query.time.is_some()
            && let Some(w) = other_records
        {
            self.note(
                0.3,
                format!(
                    "\"{w}\" is said of other records than the figure's: the period may be when \
                     they were {w}, which the answer does not read"
                ),
            );
        }
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
        let own = metric.time_expr();
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

    /// Whether the event word `w` is said of accounts or vendors named right before it ("accounts
    /// added", "customers who joined", "vendors we onboarded").
    fn said_of_accounts(&self, w: &str) -> bool {
        model::event_named("account", w).is_some()
            && self.ws.iter().enumerate().any(|(i, x)| {
                x == w
                    && self.ws[..i]
                        .iter()
                        .rev()
                        .find(|b| {
                            !matches!(
                                b.as_str(),
                                "who"
                                    | "that"
                                    | "which"
                                    | "we"
                                    | "were"
                                    | "was"
                                    | "have"
                                    | "has"
                                    | "had"
                                    | "been"
                                    | "recently"
                                    | "newly"
                                    | "first"
                            )
                        })
                        .is_some_and(|b| {
                            ACCOUNT_STEMS.contains(&stem(b).as_str()) || stem(b) == "vendor"
                        })
            })
    }

    /// "no due date" at `i` (also "without a", "missing the", "blank"): the records of the metric
    /// asked (or named, "invoices with no due date") have no date for that event; with `dated`, "a due
    /// date": they have one. The words taken, if so.
    pub(super) fn event_date_at(&mut self, i: usize, dated: bool) -> Option<usize> {
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
    pub(super) fn event_column_words(&self, k: usize) -> usize {
        let word = |k: usize| self.ws.get(k).map_or("", String::as_str);
        match (word(k), word(k + 1)) {
            ("at", "timestamp" | "date" | "time") => 2,
            ("date" | "at" | "timestamp", _) => 1,
            _ => 0,
        }
    }

    /// The event whose word is at `i`, on the records of the metric asked or named.
    pub(super) fn event_said(&self, i: usize) -> Option<&'static model::Event> {
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
    pub(super) fn event_null_at(&mut self, i: usize) -> Option<usize> {
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
}
