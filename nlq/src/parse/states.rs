//! States and risk: "open", "churned", "past due", "at risk" read as the records or figures of a state,
//! their negations, and the health bands (now or as of a past date).

use super::*;

/// Whether `word`, by its stem, names a state of records ([`model::STATES`]).
pub(super) fn names_a_state(word: &str) -> bool {
    let stem = stem(word);
    model::STATES.iter().any(|s| s.named_by(word, &stem))
}

impl Parser<'_> {
    /// A state word next to its entity ("deals we lost", "tickets still open") turns the entity's metric
    /// into the state's; a state word that applies to nothing asked is noted, never dropped.
    pub(super) fn apply_states(&mut self) {
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

    /// "open tickets that breached their SLA": two independent states of the same records
    /// ([`model::COMBINED_STATES`]), one figure asked, are the records in both.
    pub(super) fn combined_states(&mut self) {
        let listed = self
            .ws
            .iter()
            .any(|w| matches!(w.as_str(), "and" | "vs" | "versus" | "plus" | "&" | "or"));
        if listed || self.asks_two_counts() {
            return;
        }
        if let [a, b] = self.query.metrics.as_slice()
            && model::combined_states(a, b)
        {
            let also = b.clone();
            self.query.metrics.truncate(1);
            self.query.filters.push(Filter::Also { metric: also });
        }
    }

    /// "tickets not resolved", "deals we haven't won yet": a denied state names the records in the state
    /// opposite to it, where that is one state ([`model::State::opposite`], or
    /// [`model::State::not_yet`] when the question says "yet" or "still"). A denial with several
    /// readings ("deals we did not win": lost, or still open?) is never answered with confidence.
    pub(super) fn apply_negated_states(&mut self) {
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
    pub(super) fn at_risk_accounts_of_another_figure(&mut self) {
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
    pub(super) fn at_risk_over(&mut self) {
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

    /// "red accounts on September 1st", "Acme's health score in June": health over a past period is
    /// read from its monthly history ([`model::HEALTH_HISTORY`]), not from when accounts were created.
    pub(super) fn health_then(&mut self) {
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
}
