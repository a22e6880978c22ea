//! The last step of reading: once every word is read, what they make of the question together (the
//! metrics, records, filters and periods reconciled, the notes that make up the confidence).

use super::*;

impl<'a> Parser<'a> {
    pub(super) fn finish(mut self, asked_as: Option<&'static Persona>) -> Parsed {
        let today = self.today;
        // "how much revenue have our Japanese accounts paid us": the revenue, which is what they
        // paid (not also the cash collected, which "paid us" names alone).
        let two_asked = self.ws.iter().any(|w| {
            matches!(
                w.as_str(),
                "and" | "vs" | "versus" | "compared" | "both" | "plus" | "&"
            )
        });
        // ("revenue collected" is the cash collected.)
        let paid_said = self.ws.iter().any(|w| w == "paid")
            && !self.ws.iter().any(|w| w.starts_with("collect"));
        if !two_asked
            && paid_said
            && matches!(
                self.query.metrics.as_slice(),
                [a, b] if a == "revenue" && b == "collections"
            )
        {
            self.query.metrics.truncate(1);
        }
        // "churned MRR by country": the monthly movements have no breakdown; the subscriptions
        // canceled then do, with their MRR.
        if self.query.metrics == ["churned_mrr"]
            && (!self.query.dimensions.is_empty() || !self.query.filters.is_empty())
        {
            self.query.metrics = vec!["canceled_mrr".to_string()];
        }
        // "Q2 cancellations: count + MRR", "churned subscriptions and their MRR": the MRR of those
        // canceled, not all MRR today.
        if let [count, mrr] = self.query.metrics.as_mut_slice()
            && count == "canceled_subscriptions"
            && matches!(mrr.as_str(), "mrr" | "churned_mrr")
        {
            *mrr = "canceled_mrr".to_string();
        }
        if self.said_workspaces {
            self.note(
                0.21,
                "read the workspaces as the accounts they were resolved to",
            );
        }
        // "reps with a win rate below 55%": a rate has no amount of its own; the number is each
        // row's rate.
        if !self.query.dimensions.is_empty()
            && self
                .query
                .metrics
                .first()
                .and_then(|m| model::metric(m))
                .is_some_and(|m| m.unit == model::Unit::Ratio)
        {
            for f in &mut self.query.filters {
                if let Filter::Number { field, .. } = f
                    && *field == NumberField::Amount
                {
                    *field = NumberField::Measure;
                }
            }
        }
        // (The warehouse's cost export holds some vendors' costs, in other words than their bills':
        // what it is said to hold is never a confident reading.)
        let from_warehouse = self.query.filters.iter().any(|f| {
            matches!(f, Filter::Values { dimension, values, .. }
                if dimension == "source" && values.iter().any(|v| v == "warehouse"))
        });
        if from_warehouse {
            self.note(
                0.21,
                "read \"warehouse\" as the source system: the warehouse's cost export",
            );
        }
        self.order_of_periods();
        if let Some(months) = self.months_ending.take() {
            match &self.query.time {
                Some(t) => {
                    if let Some(start) = t.end.checked_sub_months(chrono::Months::new(months)) {
                        let label = format!("{months} months to {}", t.label);
                        self.query.time = Some(Period::new(start, t.end, label));
                    }
                }
                None => self.note(0.3, "the months ending when were not understood"),
            }
        }
        if !self.loose_number_ranks()
            && let Some(n) = self.loose_number.take()
        {
            self.note(0.3, format!("the number {n} was not understood"));
        }
        // "API calls from customers not on the Enterprise plan": customers on another plan, or every
        // account without Enterprise (some with no subscription at all)? The second is read.
        let plan_denied = self.query.filters.iter().any(
            |f| matches!(f, Filter::Values { dimension, negated: true, .. } if dimension == "plan"),
        );
        let of_subscriptions = self
            .query
            .metrics
            .iter()
            .filter_map(|m| model::metric(m))
            .all(|m| m.table() == Some("subscription"));
        if plan_denied && !of_subscriptions && self.ws.iter().any(|w| stem(w) == "custom") {
            self.assume("counted every account without that plan, whether a customer or not");
        }
        // "active subscriptions": their status may be meant strictly (past due is not active).
        if self.query.metrics.iter().any(|m| m == "subscriptions")
            && self.ws.windows(2).any(|p| {
                p[0] == "active"
                    && matches!(p[1].as_str(), "subscriptions" | "subscription" | "subs")
            })
        {
            self.assume("counted past-due subscriptions as active ones");
        }
        // "storage by plan right now", "average storage per account": a level of each day, with no
        // period said, is today's.
        if self.query.time.is_none()
            && self.query.grain.is_none()
            && self.query.compare.is_none()
            && !self.query.metrics.is_empty()
            && self
                .query
                .metrics
                .iter()
                .all(|m| matches!(m.as_str(), "active_users" | "storage_gb"))
        {
            self.query.time = time::containing(self.today, Grain::Day, "today");
            self.note(0.05, "read the daily level as of today, the latest day");
        }
        // Active users are counted per day: over more days than one, their sum counts user-days.
        let one_day = self
            .query
            .time
            .as_ref()
            .is_some_and(|t| (t.end - t.start).num_days() == 1)
            || self.query.grain == Some(Grain::Day);
        if let Some(daily) = self
            .query
            .metrics
            .iter()
            .find(|m| matches!(m.as_str(), "active_users" | "storage_gb"))
            && !one_day
        {
            let what = if daily == "storage_gb" {
                "storage"
            } else {
                "active users"
            };
            self.note(
                0.21,
                format!("summed the daily {what} over the days of the period"),
            );
        }
        if self.without_trials {
            // Customers, MRR and subscriptions count live subscriptions only: trials are left out.
            let asked: Vec<&str> = match self.query.metrics.as_slice() {
                [] => self.population.into_iter().collect(),
                ms => ms.iter().map(String::as_str).collect(),
            };
            let live_only = !asked.is_empty()
                && asked.iter().all(|m| {
                    model::metric(m).is_some_and(|m| {
                        matches!(m.source, model::Source::Fact { filter, .. }
                            if filter.starts_with("f.status IN ('active', 'past_due')"))
                    })
                });
            if live_only {
                self.note(0.05, "trials are not counted by definition");
            } else {
                self.note(0.55, "trials could not be left out of this figure");
            }
        }
        if self.negate {
            // A denial dropped answers the opposite question: never more than a guess.
            self.note(
                0.55,
                "a negation (\"excluding\", \"not\") applies to nothing known",
            );
        }
        // "revenue in the US vs Germany": values of one dimension compared side by side.
        let compared = self.query.filters.iter().find_map(|f| match f {
            Filter::Values {
                dimension,
                values,
                negated: false,
            } if values.len() >= 2 => Some(dimension.clone()),
            _ => None,
        });
        // ("compare the win rates of Sam Brown and Olga Novak", "who wins more, Sam or Olga?": side by
        // side too.)
        let side_by_side = self.compare_next
            || self.values_apart
            || (self.query.dimensions.is_empty()
                && self.query.limit.is_none()
                && (self.ws.iter().any(|w| {
                    matches!(
                        w.as_str(),
                        "compare" | "comparing" | "respective" | "respectively"
                    )
                }) || (self.ws.first().is_some_and(|w| w == "who" || w == "which")
                    && self.ws.iter().any(|w| w == "or"))));
        if side_by_side
            && self.query.compare.is_none()
            && let Some(dimension) = compared
        {
            self.compare_next = false;
            if !self.query.dimensions.contains(&dimension) {
                self.query.dimensions.push(dimension);
            }
        }
        if self.compare_next {
            self.note(0.3, "\"vs\" is not followed by a period");
        }
        // Comparisons: "year over year", "vs the previous period", "vs last year".
        if let Some((months, unit)) = self.shift {
            if self.query.time.is_none() {
                let p = time::to_date(today, unit, format!("{} to date", unit.name()));
                self.note(0.05, format!("compared {} to date", unit.name()));
                self.query.time = p;
            }
            let label = format!("{months} months earlier");
            self.query.compare = self
                .query
                .time
                .as_ref()
                .and_then(|t| t.months_back(months, label));
        }
        if self.prior_period {
            if let Some((current, prior)) = self.query.time.as_ref().and_then(|t| t.prior(today)) {
                self.query.time = Some(current);
                self.query.compare = Some(prior);
            } else {
                self.note(0.4, "\"the previous period\" needs a period to follow");
            }
        }
        if self.query.compare.is_some() && self.query.time.is_none() {
            // "revenue vs last year": this year so far against the same days of last year, like for like.
            let unit = self.compare_unit.unwrap_or(Grain::Year);
            self.query.time = time::to_date(today, unit, format!("this {} to date", unit.name()));
            let months = match unit {
                Grain::Quarter => Some(3),
                Grain::Month => Some(1),
                Grain::Year => Some(12),
                _ => None,
            };
            if let (Some(months), Some(current)) = (months, self.query.time.as_ref()) {
                let label = format!(
                    "the same days of {}",
                    self.query
                        .compare
                        .as_ref()
                        .map_or("then", |c| c.label.as_str())
                );
                self.query.compare = current.months_back(months, label);
            }
            self.assume(format!(
                "compared this {} to date with the same days of the last",
                unit.name()
            ));
        }
        // "this year vs last year": a period to date against a whole one compares the same days of it.
        // (A figure of the day, such as the customers, is read at each period's end: "today than at the
        // end of 2025".)
        let snapshot = match self.query.metrics.as_slice() {
            [m] => crate::query::history(m),
            [] => self.population.is_some_and(crate::query::history),
            _ => false,
        };
        // (An average or a rate does not grow with its period: "average deal size this year vs
        // last year" compares with the whole of last year.)
        let averaged = self.aggregation.iter().any(|w| {
            matches!(
                w.as_str(),
                "average" | "avg" | "mean" | "median" | "typical"
            )
        }) || self
            .query
            .metrics
            .iter()
            .all(|m| model::metric(m).is_some_and(|m| m.is_average()));
        if let (Some(time), Some(compare)) = (&self.query.time, &self.query.compare)
            && !snapshot
            && !averaged
            && !self.whole_compared
            && time.end > today
            && let Some(tomorrow) = today.succ_opt()
            && time.end.min(tomorrow) - time.start < compare.end - compare.start
            && let Some(end) = compare
                .start
                .checked_add_signed(time.end.min(tomorrow) - time.start)
        {
            let label = format!("{} to the same day", compare.label);
            self.query.compare = Some(Period::new(compare.start, end, label));
            // Some compare with the whole earlier period: an assumption.
            self.assume("compared the same days of the earlier period");
        }
        if self.trend_words && self.query.time.is_none() {
            self.query.time = time::trailing(today, 12, Grain::Month, "last 12 months");
            self.note(0.05, "assumed the last 12 months");
        }
        if self.query.metrics.is_empty()
            && let Some(m) = self.population
        {
            self.query.metrics.push(m.to_string());
        }
        // "who owns the Acme account", "where is Acme based": one account's owner or country.
        let of_one_account = self.query.filters.iter().any(
            |f| matches!(f, Filter::Values { dimension, negated: false, .. } if dimension == "account"),
        );
        let asks_a_value = !self.count_word
            && !self.value_word
            && self.aggregation.is_empty()
            && !self.ws.iter().any(|w| RANKING_WORDS.contains(&w.as_str()));
        if of_one_account
            && asks_a_value
            && self.query.dimensions.is_empty()
            && self.query.metrics.is_empty()
            && self.query.grain.is_none()
        {
            match self.ws.first().map(String::as_str) {
                Some("who") => self.query.dimensions.push("owner".to_string()),
                Some("where") => self.query.dimensions.push("country".to_string()),
                _ => {}
            }
        }
        // "where are we losing deals", "when do we close most": a place or a time asked for and not named.
        if self.ws.first().is_some_and(|w| w == "where" || w == "when")
            && self.query.dimensions.is_empty()
            && self.query.grain.is_none()
        {
            let word = self.ws[0].clone();
            self.note(
                0.3,
                format!("\"{word}\" asks for a breakdown the question does not name"),
            );
        }
        // "pipeline health", "how healthy is our pipeline": "health" beside another figure is not the
        // accounts' health score.
        if self.health_word
            && self.query.metrics.len() > 1
            && self.query.metrics.iter().any(|m| m == "health_score")
        {
            self.query.metrics.retain(|m| m != "health_score");
            self.note(
                0.3,
                "\"health\" of another figure is not defined: left out the accounts' health score",
            );
        }
        // "how many customers have a yellow health score", "accounts with a health score below 50": the
        // accounts are counted; their health score says which. A threshold on the score is one on each
        // account's score (counted below, as "customers with more than 20 tickets" are).
        let counted = match self.query.metrics.as_slice() {
            [m] if m == "health_score" => self.population,
            [a, m] | [m, a] if m == "health_score" => model::metric(a).map(|a| a.name),
            _ => None,
        };
        if self.count_word
            && let Some(p) = counted
            && matches!(p, "customers" | "accounts")
            && !self.ws.iter().any(|w| w == "and")
        {
            let mut threshold = false;
            for filter in &mut self.query.filters {
                if let Filter::Number { field, .. } = filter
                    && *field == NumberField::Amount
                {
                    *field = NumberField::Measure;
                    threshold = true;
                }
            }
            self.query.metrics = vec![if threshold { "health_score" } else { p }.to_string()];
            if threshold && self.population.is_none() {
                self.population = Some(p);
            }
        }
        // "overdue deals": a figure of a declared view is not about the records the question names.
        if let Some(p) = self.population
            && let [m] = self.query.metrics.as_slice()
            && model::metric(m).is_some_and(|m| m.table().is_none())
            && model::metric(p).and_then(model::Metric::table).is_some()
        {
            self.note(0.3, format!("the records named are not what {m} is about"));
        }
        // "how many industries": the values among all the records of the dimension's own table.
        // "what industry is Apex Biotech in", "the most common ticket priority": the records of the
        // dimension's own table, by it.
        // "what industry is Acme in", "Acme's plan", "account owner for Acme": one account's value.
        let asked_for_it = self
            .ws
            .first()
            .is_some_and(|w| matches!(w.as_str(), "what" | "which" | "who" | "where"))
            // ("Lakeshore Logistics - which industry?")
            || (1..self.ws.len()).any(|j| {
                matches!(self.ws[j - 1].as_str(), "what" | "which") && self.names_a_dimension(j)
            })
            || (self.query.metrics.is_empty()
                && self.population.is_none()
                && !self.ws.iter().any(|w| BREAKDOWN.contains(&w.as_str())));
        let lookup = of_one_account
            && asks_a_value
            && self.query.dimensions.len() == 1
            && self.query.grain.is_none()
            && asked_for_it;
        // "health band breakdown", "accounts by industry": a breakdown with nothing else named counts
        // the records of the dimension's own table.
        let breakdown_only = self.query.metrics.is_empty()
            && self.population.is_none()
            && self
                .ws
                .iter()
                .any(|w| matches!(w.as_str(), "breakdown" | "split" | "distribution" | "mix"));
        let by_own_table =
            self.query.dimensions.len() == 1 && (self.commonest || lookup || breakdown_only);
        let counted = self
            .query
            .distinct
            .clone()
            .or_else(|| by_own_table.then(|| self.query.dimensions[0].clone()));
        if self.query.metrics.is_empty()
            && self.population.is_none()
            && self.negated_states.is_empty()
            && self.states.is_empty()
            && let Some(table) = counted
                .as_deref()
                .and_then(model::dimension)
                .map(|d| d.table)
        {
            // The table's own count ("accounts", "subscriptions"), else any count of all its rows.
            let plural = match table {
                "opportunity" => "opportunities".to_string(),
                "health" => "scored_accounts".to_string(),
                t => format!("{t}s"),
            };
            let own = |m: &&model::Metric| m.name == plural && m.table() == Some(table);
            let generic = |m: &&model::Metric| matches!(m.source, model::Source::Fact { table: t, filter: "TRUE", .. } if t == table);
            let on_table = |m: &&model::Metric| m.table() == Some(table);
            if let Some(m) = model::METRICS
                .iter()
                .find(own)
                .or_else(|| model::METRICS.iter().find(generic))
                .or_else(|| model::METRICS.iter().find(on_table))
            {
                self.query.metrics.push(m.name.to_string());
                if self.commonest {
                    self.query.order = Some(Order::Desc);
                    self.ranking = true;
                }
            }
        }
        self.loose_number_ranks();
        self.apply_states();
        self.combined_states();
        // "open tickets", "tickets that are open": every unresolved one, or only those whose status
        // is "open" (not pending)?
        if self.query.metrics.iter().any(|m| m == "open_tickets")
            && self.ws.iter().any(|w| w == "open")
            && !self.ws.iter().any(|w| {
                matches!(
                    w.as_str(),
                    "unresolved" | "resolved" | "pending" | "outstanding" | "waiting" | "solved"
                )
            })
        {
            self.assume("counted every unresolved ticket as open, pending ones too");
        }
        self.systems_of_accounts();
        self.apply_count_or_value();
        let before = self.query.metrics.len();
        self.records_of_a_figure();
        // ("the total of open invoices on at-risk accounts": one figure now, its count or value
        // chosen again.)
        if before > 1 && self.query.metrics.len() == 1 {
            self.apply_count_or_value();
        }
        self.value_of_listed_records();
        self.reachable_reading();
        self.health_then();
        // "the pipeline weighted by each deal's probability": the weighted pipeline.
        if self.ws.iter().any(|w| w.starts_with("weight"))
            && self
                .ws
                .iter()
                .any(|w| w == "probability" || w == "probabilities")
            && matches!(
                self.query.metrics.as_slice(),
                [m] if matches!(m.as_str(), "open_pipeline" | "open_opportunities" | "opportunities")
            )
        {
            self.query.metrics = vec!["weighted_pipeline".to_string()];
            self.options.clear();
            // "weighted by probability" is not a breakdown by it.
            if self.notes.iter().any(|n| {
                n.reason
                    .starts_with("there is no breakdown by \"probabilit")
            }) {
                self.unanswerable = false;
            }
            // The words that said so were read.
            self.notes.retain(|n| {
                !["\"weight", "\"probabilit", "\"worth\""]
                    .iter()
                    .any(|w| n.reason.contains(w))
            });
        }
        // "the month that brought in the most new MRR": "brought in" is the verb of the figure named,
        // not revenue besides it.
        let brought_in = self.ws.windows(2).any(|w| {
            matches!(w[0].as_str(), "brought" | "bring" | "brings" | "bringing") && w[1] == "in"
        });
        let recurring = self.query.metrics.iter().any(|m| {
            matches!(
                m.as_str(),
                "mrr" | "arr" | "new_mrr" | "net_new_mrr" | "net_new_arr" | "expansion_mrr"
            )
        });
        // ("how much more did we bring in than we spent": what came in against what went out.)
        let against_costs = self
            .query
            .metrics
            .iter()
            .any(|m| model::metric(m).and_then(model::Metric::table) == Some("cost"));
        if brought_in
            && self.query.metrics.len() == 2
            && self.query.metrics.iter().any(|m| m == "revenue")
            && !against_costs
            && (recurring
                || !self
                    .ws
                    .iter()
                    .any(|w| matches!(w.as_str(), "revenue" | "revenues" | "income")))
        {
            self.query.metrics.retain(|m| m != "revenue");
        }
        // "how many accounts were green, yellow and red": each of every value named, not their total.
        let every_value = self.query.filters.iter().position(|f| match f {
            Filter::Values {
                dimension,
                values,
                negated: false,
            } => model::dimension(dimension).is_some_and(|d| {
                d.known.len() >= 2 && d.known.iter().all(|k| values.iter().any(|v| v == k))
            }),
            _ => false,
        });
        if let Some(at) = every_value
            && self.query.dimensions.is_empty()
            && let Filter::Values { dimension, .. } = self.query.filters.remove(at)
        {
            self.query.dimensions.push(dimension);
        }
        // "how many software vendors did we pay this year": the vendors of the spend, not the vendor list.
        let of_costs = match self.query.metrics.as_slice() {
            [m] if m == "vendors" => self.query.time.is_some() || !self.query.filters.is_empty(),
            [m] => {
                self.count_word
                    && self.population == Some("vendors")
                    && model::metric(m).and_then(model::Metric::table) == Some("cost")
            }
            _ => false,
        };
        if of_costs && self.query.dimensions.is_empty() && self.query.distinct.is_none() {
            self.query.metrics = vec!["spend".to_string()];
            self.query.distinct = Some("vendor".to_string());
        }
        // "which plan is Acme on": the plan its records have, not how many there are of each.
        if lookup
            && !self.commonest
            && let [m] = self.query.metrics.as_slice()
            && model::metric(m).is_some_and(|m| {
                matches!(m.source, model::Source::Fact { aggregate, .. }
                    if aggregate == "count(*)" || aggregate.starts_with(crate::compile::ACCOUNTS_COUNTED))
            })
        {
            // ("what stage is the open Acme deal in, and how big is it": its stage and its amount.)
            let worth = self.value_word
                || self
                    .ws
                    .iter()
                    .any(|w| matches!(w.as_str(), "big" | "worth" | "large" | "size"));
            let value = self.query.metrics.first().and_then(|m| {
                model::COUNT_AND_VALUE
                    .iter()
                    .find(|(count, _)| count == m)
                    .map(|(_, value)| value.to_string())
            });
            match value.filter(|_| worth) {
                Some(value) => self.query.metrics = vec![value],
                None => self.query.values = true,
            }
        }
        // "lost deals by stage": a figure of won or closed deals only, broken down by the stage that says
        // so, has one or two rows; what was meant is likely all deals.
        if self.query.dimensions.iter().any(|d| d == "stage")
            && self.query.metrics.iter().any(|m| {
                model::metric(m).is_some_and(|m| {
                    matches!(m.source, model::Source::Fact { filter, .. }
                        if filter.starts_with("f.is_won") || filter.starts_with("f.is_closed"))
                })
            })
        {
            self.note(
                0.3,
                "the figure counts closed deals only: by stage shows the closing stages",
            );
        }
        // "at-risk accounts with their MRR at risk", "at-risk accounts in France with their MRR at
        // risk", "... and the MRR at risk on each": by account.
        let each_account = self.ws.iter().enumerate().any(|(k, w)| {
            ACCOUNT_STEMS.contains(&stem(w).as_str())
                && (k + 1..(k + 7).min(self.ws.len())).any(|j| {
                    self.ws[j] == "with"
                        && self
                            .ws
                            .get(j + 1)
                            .is_some_and(|n| matches!(n.as_str(), "their" | "its"))
                })
        }) || (self
            .ws
            .windows(2)
            .any(|p| matches!(p[0].as_str(), "on" | "for" | "of" | "per") && p[1] == "each")
            && self
                .ws
                .iter()
                .any(|w| ACCOUNT_STEMS.contains(&stem(w).as_str())));
        if each_account
            && self.query.dimensions.is_empty()
            && self.query.grain.is_none()
            && !self.query.records
            && let [m] = self.query.metrics.as_slice()
            && model::metric(m).is_some_and(|m| {
                m.unit == model::Unit::Money && m.table().is_some_and(|t| t != "cost")
            })
        {
            self.query.dimensions.push("account".to_string());
        }
        // "which 3 technology accounts had the most open tickets": the accounts ranked by a count of
        // their records, though a value named the accounts.
        let most_at = self
            .ws
            .iter()
            .position(|w| matches!(w.as_str(), "most" | "least" | "fewest"));
        let account_at = self
            .ws
            .iter()
            .position(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()));
        // ("the top 3 german customers by open tickets".)
        let top_by = self.ws.iter().any(|w| w == "top" || w == "bottom")
            && account_at.is_some_and(|a| self.ws.get(a + 1).is_some_and(|w| w == "by"));
        if self.ranking
            && self.query.dimensions.is_empty()
            && self.query.grain.is_none()
            && (most_at.zip(account_at).is_some_and(|(most, a)| a < most) || top_by)
            && let [m] = self.query.metrics.as_slice()
            && model::metric(m).is_some_and(|m| {
                m.table().is_some_and(|t| !["account", "cost"].contains(&t))
                    && matches!(
                        m.source,
                        model::Source::Fact {
                            aggregate: "count(*)",
                            ..
                        }
                    )
            })
        {
            self.query.dimensions.push("account".to_string());
        }
        // "accounts with an active or past-due subscription ... each one's MRR": the subscription said
        // of the accounts is the one the MRR is of, not a count asked besides.
        if self.query.metrics.len() == 2
            && self.query.metrics.iter().any(|m| m == "subscriptions")
            && self.query.metrics.iter().any(|m| m == "mrr" || m == "arr")
            && self.ws.windows(3).any(|p| {
                matches!(p[0].as_str(), "a" | "an" | "any")
                    && matches!(p[1].as_str(), "active" | "live")
                    && p[2] == "subscription"
            })
        {
            self.query.metrics.retain(|m| m != "subscriptions");
        }
        self.totals_of_those_named();
        self.having();
        self.at_risk_accounts_of_another_figure();
        self.at_risk_over();
        self.records();
        if self.ranking
            && self.query.dimensions.is_empty()
            && self.query.grain.is_none()
            && !self.dashboard
        {
            if self.ws.first().is_some_and(|w| w == "who")
                && (self.query.limit.is_some() || self.query.order.is_some())
            {
                // "who has the largest pipeline": a person, the owner; "who owes us the most": invoices,
                // tickets and subscriptions have no owner, so the customer.
                let customer = self.query.metrics.iter().any(|m| {
                    model::metric(m)
                        .and_then(model::Metric::table)
                        .is_some_and(|t| !["opportunity", "account"].contains(&t))
                });
                self.plural = false;
                if customer {
                    self.query.dimensions.push("account".into());
                    self.note(0.1, "read \"who\" as the customer");
                } else {
                    self.query.dimensions.push("owner".into());
                    self.note(0.1, "read \"who\" as the owner (sales rep)");
                }
            } else if (self.query.limit.is_some() || self.query.order.is_some())
                && let Some((at, grain)) = self.ws.iter().enumerate().find_map(|(j, w)| {
                    let after_article = j > 0
                        && matches!(
                            self.ws[j - 1].as_str(),
                            "the" | "which" | "what" | "best" | "worst" | "highest" | "lowest"
                        );
                    unit(w)
                        .filter(|_| after_article && !w.ends_with('s') && w != "year")
                        .map(|g| (j, g))
                })
            {
                // "the month of 2026 with the most deals won": the periods are ranked.
                self.query.grain = Some(grain);
                self.plural = false;
                let word = format!("\"{}\"", self.ws[at]);
                self.notes.retain(|n| !n.reason.contains(&word));
            } else if (self.query.limit.is_some() || self.query.order.is_some())
                && self.population == Some("vendors")
            {
                // "the top 3 software vendors by spend": vendors ranked by the figure (by spend when
                // none is named).
                self.query.dimensions.push("vendor".into());
                if self.query.metrics == ["vendors"] {
                    self.query.metrics = vec!["spend".into()];
                    self.note(0.1, "ranked the vendors by spend");
                }
            } else if self.query.limit.is_some() || self.query.order.is_some() {
                self.query.dimensions.push("account".into());
                // "customers with the most urgent tickets" names what is ranked.
                let named = self
                    .ws
                    .iter()
                    .any(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()));
                if !named {
                    self.note(0.25, "ranked accounts (no breakdown named)");
                }
            } else {
                self.ranking = false;
            }
        }
        if self.ranking
            && self.query.limit.is_none()
            && self.query.order.is_some()
            && (!self.query.dimensions.is_empty() || self.query.grain.is_some())
        {
            // ("largest average first" orders the rows; it picks none.)
            let ordering_only = self.ws.iter().enumerate().any(|(k, w)| {
                matches!(
                    w.as_str(),
                    "largest" | "biggest" | "highest" | "smallest" | "lowest" | "most" | "least"
                ) && self.ws[k + 1..].iter().take(2).any(|w| w == "first")
            });
            let superlative =
                !ordering_only && !self.ws.iter().any(|w| w == "top" || w == "bottom");
            // "the account with the most tickets", "the rep with the biggest pipeline", "who owns the
            // largest pipeline": one, however the breakdown was read.
            let singular = |stems: &[&str]| {
                self.ws
                    .iter()
                    .find(|w| stems.contains(&stem(w).as_str()))
                    .is_some_and(|w| !w.ends_with('s'))
            };
            let one_account = match self.query.dimensions.as_slice() {
                [d] if d == "account" => singular(ACCOUNT_STEMS),
                [d] if d == "owner" => {
                    singular(&["rep", "owner", "salesperson", "ae", "seller"])
                        || self.ws.first().is_some_and(|w| w == "who")
                }
                _ => false,
            };
            // "the top account by SLA breaches", "our top closer": one.
            // ("the top UK customer": values may come between.)
            let is_value = |w: &String| {
                self.vocabulary
                    .lookup(std::slice::from_ref(w))
                    .is_some_and(|terms| terms.iter().all(|t| matches!(t, Term::Value(..))))
            };
            let top_one = (1..self.ws.len()).any(|k| {
                matches!(self.ws[k - 1].as_str(), "top" | "bottom")
                    && (k..(k + 3).min(self.ws.len())).any(|j| {
                        self.ws[k..j].iter().all(is_value)
                            && !self.ws[j].ends_with('s')
                            && (self.names_a_dimension(j)
                                || ACCOUNT_STEMS.contains(&stem(&self.ws[j]).as_str()))
                    })
            });
            if (superlative && (!self.plural || one_account)) || top_one {
                self.query.limit = Some(1);
            } else if self.ws.iter().any(|w| w == "top" || w == "bottom") {
                self.query.limit = Some(10);
                self.note(0.05, "showed the top 10");
            }
        }
        // "how many customers have more than 20 tickets": the customers passing the threshold, counted.
        let per_row = self.query.filters.iter().any(|f| {
            matches!(
                f,
                Filter::Number {
                    field: NumberField::Measure,
                    ..
                }
            )
        });
        if per_row && self.query.dimensions.is_empty() && self.query.grain.is_none() {
            let counted = match self.query.distinct.take() {
                Some(d) => Some(d),
                None => (self
                    .query
                    .metrics
                    .iter()
                    .map(String::as_str)
                    .chain(self.population)
                    .any(|m| matches!(m, "customers" | "accounts")))
                .then(|| "account".to_string()),
            };
            if let Some(d) = counted {
                self.query
                    .metrics
                    .retain(|m| !matches!(m.as_str(), "customers" | "accounts"));
                self.query.dimensions = vec![d];
                // ("list accounts with over ten tickets, with their ticket counts": listed.)
                let listed = self
                    .ws
                    .first()
                    .is_some_and(|w| matches!(w.as_str(), "list" | "show" | "display"))
                    || self.ws.windows(4).any(|p| {
                        matches!(p[0].as_str(), "with" | "plus")
                            && matches!(p[1].as_str(), "their" | "its" | "the")
                            && matches!(p[3].as_str(), "count" | "counts")
                    });
                self.query.count_rows = self.count_word && !listed;
            }
        }
        self.apply_events();
        // "revenue growth in Q3 vs last year, in percent": the change between the periods, in percent.
        let percent = self
            .ws
            .iter()
            .any(|w| matches!(w.as_str(), "percent" | "percentage"));
        let changes = self.ws.iter().any(|w| CHANGE_WORDS.contains(&w.as_str()));
        // "customer growth last quarter, in percent": against the period before; "net customer growth
        // this year", "MRR growth over the last 12 months": a figure of the day, from the period's
        // start to its end.
        let snapshot = matches!(self.query.metrics.as_slice(), [m] if crate::query::history(m));
        let said_net = self.ws.iter().any(|w| w == "net");
        // "how much ARR did we add this quarter", "MRR gained in Q3": the net change of the figure of
        // the day over the period (new business alone is another reading).
        let added = snapshot
            && self.ws.iter().enumerate().any(|(i, w)| {
                matches!(
                    w.as_str(),
                    "add" | "added" | "adding" | "adds" | "gain" | "gained" | "gaining" | "gains"
                ) && self.ws.get(i + 1).is_none_or(|n| n != "up")
            });
        let net = (changes || said_net || added) && snapshot;
        let mut grown_in_period = false;
        // "Q1 2026 bookings grow over Q1 2025", "Q3 spend higher or lower than Q3 2025": the change
        // from the other period named, the later one the current.
        let differs = self.ws.iter().any(|w| {
            matches!(
                w.as_str(),
                "minus" | "less" | "than" | "beat" | "exceed" | "exceeded" | "up" | "down"
            )
        });
        if (changes || differs)
            && self.query.compare.is_none()
            && self.query.metrics.len() == 1
            && self.query.grain.is_none()
            && let Some(second) = self.second_period.take()
            && let Some(current) = self.query.time.clone()
        {
            let unused = format!(
                "two periods named: used {}, not {}",
                current.label, second.label
            );
            self.notes.retain(|n| n.reason != unused);
            if changes && !differs && second.start > current.start {
                self.query.time = Some(second);
                self.query.compare = Some(current);
            } else {
                self.query.compare = Some(second);
            }
        }
        if (net || percent && changes)
            && self.query.compare.is_none()
            && self.query.metrics.len() == 1
            && self.query.grain.is_none()
            && let Some((_, prior)) = self.query.time.as_ref().and_then(|t| {
                // A figure of the day grows from the period's start to its end.
                if snapshot {
                    let eve = t.start.pred_opt()?;
                    Some((
                        t.clone(),
                        Period::new(eve, t.start, format!("the start of {}", t.label)),
                    ))
                } else {
                    t.prior(self.today)
                }
            })
        {
            let label = prior.label.clone();
            self.query.compare = Some(prior);
            self.note(0.05, format!("compared with {label}"));
            if added && !changes && !said_net {
                self.note(
                    0.21,
                    "read what was added as the net change over the period (new business alone is \
                     another reading)",
                );
            }
            // ("MRR growth this year", "how much has ARR grown since 2025": relative, below; "net
            // customer growth": the number.)
            grown_in_period = snapshot && changes && !said_net;
            if !percent && !grown_in_period {
                self.query.difference = true;
                self.change_word = None;
            }
        }
        if (self.query.growth || self.query.difference || percent && changes)
            && self.query.compare.is_some()
        {
            // "how much did our customer base grow": a change asked, not an amount.
            self.notes
                .retain(|n| !n.reason.starts_with("an amount was asked"));
        }
        // "MRR growth this month versus last month", "ytd arr growth (vs dec 2025)": the change
        // relative to the earlier figure, as a fraction; some mean both figures side by side.
        // ("how much did revenue grow, as a rate": the same.)
        let growth_noun =
            self.ws.iter().any(|w| w == "growth") || (changes && self.rate_word) || grown_in_period;
        if growth_noun
            && !percent
            && !self.query.difference
            && self.query.compare.is_some()
            && self.query.metrics.len() == 1
            && self.query.aggregation.is_none()
            && !self.query.growth
        {
            self.query.growth = true;
            self.query.aggregation = Some(Aggregation::Share);
            self.change_word = None;
            self.rate_word = false;
            self.assume("read \"growth\" as the change relative to the earlier figure, a fraction");
        }
        if percent && changes && self.query.compare.is_some() && self.query.metrics.len() == 1 {
            self.query.growth = true;
            self.change_word = None;
            self.rate_word = false;
            self.aggregation
                .retain(|w| !matches!(w.as_str(), "percent" | "percentage"));
        }
        // "the increase in software spend from H1 2025 to H1 2026, in dollars", "how much more did we
        // spend", "A minus B": the change itself.
        let how_much_more = self.ws.windows(3).any(|p| {
            p[0] == "how"
                && matches!(p[1].as_str(), "much" | "many")
                && matches!(
                    p[2].as_str(),
                    "more"
                        | "less"
                        | "fewer"
                        | "higher"
                        | "lower"
                        | "bigger"
                        | "larger"
                        | "smaller"
                )
        });
        // ("by how much did bookings go up or down": the change.)
        let by_how_much = self
            .ws
            .windows(3)
            .any(|p| p[0] == "by" && p[1] == "how" && p[2] == "much");
        let in_units = how_much_more
            || by_how_much
            || self.ws.windows(2).any(|p| {
                matches!(p[0].as_str(), "in" | "many" | "much")
                    && matches!(p[1].as_str(), "dollars" | "usd" | "absolute" | "value")
            })
            || self
                .ws
                .iter()
                .any(|w| matches!(w.as_str(), "minus" | "difference" | "delta"));
        let differs = self.ws.iter().any(|w| {
            matches!(
                w.as_str(),
                "minus" | "difference" | "delta" | "more" | "less" | "beat" | "exceed" | "exceeded"
            )
        });
        // "MRR increase from January to October", "the change in bookings Q2 to Q3": the change
        // named as a thing is its amount ("how did bookings change" shows both figures).
        let change_named = self.ws.iter().any(|w| {
            matches!(
                w.as_str(),
                "increase" | "decrease" | "change" | "drop" | "rise" | "gain" | "decline"
            )
        }) && self.ws.first().is_none_or(|w| w != "how");
        let compared = self
            .ws
            .iter()
            .any(|w| matches!(w.as_str(), "compare" | "compared" | "vs" | "versus"));
        if (in_units || change_named)
            && !percent
            && !self.query.growth
            && (changes || differs || how_much_more || in_units && compared)
            && self.query.compare.is_some()
            // ("revenue from paid invoices": one figure, its records named beside it.)
            && one_table(&self.query.metrics)
        {
            self.query.difference = true;
            self.change_word = None;
        }
        // "Q3 revenue minus Q3 spend": one period said for each of two figures compares nothing.
        if self.query.metrics.len() == 2
            && self.query.compare.is_some()
            && self.query.compare == self.query.time
        {
            self.query.compare = None;
        }
        self.net_of_two();
        self.ratio_of_two();
        self.duration_in_days();
        self.apply_rate();
        self.apply_aggregation();
        self.split_whole();
        self.open_closes_ahead();
        self.figure_of_today();
        self.monthly_amount();
        self.dated_by_payment();
        self.own_window();
        self.pipeline_created();
        self.account_qualifies_a_dimension();
        // "average monthly spend in 2025 (the year's total divided by 12)": the division says how the
        // average asked is taken.
        if self.query.divided_by.is_some()
            && self.query.aggregation == Some(Aggregation::Average)
            && self.query.grain.is_some()
        {
            self.query.divided_by = None;
        }
        // "list our customers": a list asked for and one figure found is never a confident answer.
        if (self
            .ws
            .iter()
            .any(|w| matches!(w.as_str(), "list" | "names" | "which"))
            || self.ws.first().is_some_and(|w| w == "who"))
            && !self.query.records
            && self.query.dimensions.is_empty()
            && self.query.grain.is_none()
            && !self.unanswerable
            && !self.dashboard
            && !self.query.metrics.is_empty()
        {
            self.note(0.3, "a list was asked for; the answer is one figure");
        }
        // "tickets by status": a breakdown was asked for and nothing after "by" was understood.
        // ("which deals are open, and how much is each worth": each deal listed; "Q2 and Q3: new
        // customers in each": each period compared.)
        let each_period =
            self.query.compare.is_some() && self.ws.last().is_some_and(|w| w == "each");
        if self.expect_dimension
            && !each_period
            && !self.ranking
            && !self.query.records
            && !self.unanswerable
            && !self.dashboard
            && self.query.dimensions.is_empty()
            && self.query.grain.is_none()
        {
            self.note(0.3, "the breakdown asked for was not understood");
        }
        let timed = self
            .query
            .metrics
            .first()
            .and_then(|m| model::metric(m))
            .is_some_and(|m| m.has_time() && !crate::query::history(m.name));
        if self.new_word && !timed && !self.unanswerable && !self.query.metrics.is_empty() {
            self.note(
                0.3,
                "\"new\" needs a figure over time; this one is a snapshot",
            );
        }
        if let Some(word) = self.change_word.take()
            && self.query.compare.is_none()
            && self.query.grain.is_none()
            && !self.unanswerable
        {
            self.note(
                0.21,
                format!("\"{word}\" asks how a figure moved; no comparison was made"),
            );
        }
        // "new customers" with no period: new since when? All time is a guess, never a confident one.
        // ("our newest customer": the one that began last, of all time.)
        if self.query.time.is_none()
            && self.query.grain.is_none()
            && !self.query.by_time
            && !self.unanswerable
            && self.query.metrics.first().is_some_and(|m| {
                m.starts_with("new_")
                    && model::metric(m)
                        .is_some_and(|m| matches!(m.source, model::Source::Fact { .. }))
            })
        {
            self.note(0.21, "\"new\" names no period: all time was used");
        }
        // "expansion MRR": a monthly flow with no period is this month's.
        if self.query.time.is_none()
            && self.query.grain.is_none()
            && !self.unanswerable
            && let Some(m) = self.query.metrics.first().and_then(|m| model::metric(m))
            && matches!(m.source, model::Source::Monthly { .. })
        {
            self.note(0.05, "took this month");
        }
        if let Some(word) = self.vague_time.take()
            && self.query.time.is_none()
            && timed
            && !self.unanswerable
        {
            self.note(
                0.21,
                format!("\"{word}\" names no period: all time was used"),
            );
        }
        if self.query.metrics.is_empty()
            && !self.dashboard
            && !self.unanswerable
            && self.options.is_empty()
            && !self.query.dimensions.is_empty()
            && self.ranking
            && self.rank_by.is_none()
        {
            // Revenue, or the first metric every breakdown applies to ("biggest vendors": spend).
            let reachable = |m: &&model::Metric| {
                self.query.dimensions.iter().all(|d| {
                    model::dimension(d).is_some_and(|d| {
                        matches!(
                            model::reach(m, d),
                            Some(model::Reach::Local | model::Reach::Account)
                        )
                    })
                })
            };
            // "where are most of our customers? top 3 countries": the records named, counted.
            // ("top customers" are ranked by what they bring, not counted.)
            let metric = self
                .population
                .filter(|_| self.query.dimensions.iter().all(|d| d != "account"))
                .and_then(model::metric)
                .filter(reachable)
                .or_else(|| model::metric("revenue").filter(reachable))
                .or_else(|| {
                    model::METRICS
                        .iter()
                        .find(|m| m.table().is_some() && reachable(m))
                })
                .map_or("revenue", |m| m.name);
            self.query.metrics.push(metric.into());
            if self.population != Some(metric) {
                self.note(0.25, format!("ranked by {metric} (no metric named)"));
            }
        }
        // "how is the pipeline?", "how is sales going?", "how's the platform doing?": an overview of the
        // topic (or of the asker's figures), not one number.
        let how_is = self.ws.first().is_some_and(|w| w == "hows")
            || (self.ws.first().is_some_and(|w| w == "how")
                && self
                    .ws
                    .get(1)
                    .is_some_and(|w| matches!(w.as_str(), "is" | "are")));
        if how_is
            && !self.dashboard
            && !self.unanswerable
            && self.query.metrics.len() <= 1
            && self.query.dimensions.is_empty()
            && self.query.filters.is_empty()
            && self.query.limit.is_none()
            && self.query.grain.is_none()
            && self.query.compare.is_none()
        {
            self.dashboard = true;
            if !self.options.is_empty() {
                self.note(0.1, "an ambiguous topic: showed the asker's dashboard");
                self.options.clear();
            }
        }
        let persona = self.dashboard_persona.and_then(model::persona).or(asked_as);
        let intent = if self.dashboard && !self.unanswerable {
            let topic = self
                .query
                .metrics
                .first()
                .and_then(|m| model::metric(m))
                .map(|m| m.name);
            let persona = match (persona, topic) {
                (Some(p), _) => p,
                (None, Some(t)) => model::PERSONAS
                    .iter()
                    .find(|p| p.metrics.contains(&t))
                    .unwrap_or(&model::PERSONAS[0]),
                (None, None) => {
                    self.note(0.2, "no persona given: showed the CFO's dashboard");
                    &model::PERSONAS[0]
                }
            };
            Intent::Dashboard { persona, topic }
        } else {
            Intent::Answer
        };
        // "revenue by plan": each account's latest subscription says its plan; an account may have had
        // others, so it is an assumption.
        let mut assumed = Vec::new();
        for d in &self.query.dimensions {
            let through_latest = model::dimension(d).is_some_and(|dim| {
                model::latest_per_account(dim.table).is_some()
                    && self.query.metrics.iter().any(|m| {
                        model::metric(m)
                            .is_some_and(|m| model::reach(m, dim) == Some(model::Reach::AccountSet))
                    })
            });
            if through_latest {
                assumed.push(format!(
                    "by each account's {d} now (its live subscription's)"
                ));
            }
        }
        for reason in assumed {
            self.assume(reason);
        }
        // "the lowest and highest MRR", "min and max deal size": both ends asked, one answer given.
        let both_ends = self.ws.windows(3).any(|p| {
            let end = |w: &str| match w {
                "lowest" | "smallest" | "min" | "minimum" | "least" | "worst" | "fewest" => -1,
                "highest" | "largest" | "biggest" | "max" | "maximum" | "most" | "best" => 1,
                _ => 0,
            };
            // (Not "ranked from highest to lowest": an order.)
            matches!(p[1].as_str(), "and" | "or" | "vs") && end(&p[0]) * end(&p[2]) == -1
        });
        if both_ends {
            self.note(
                0.3,
                "both ends of a range were asked; the answer gives one figure or ranking",
            );
        }
        // "Enterprise plan deals": deals carry no plan; those of the accounts on it now are a guess at
        // what was sold.
        let deals_on_a_plan =
            self.query
                .filters
                .iter()
                .any(|f| matches!(f, Filter::Values { dimension, .. } if dimension == "plan"))
                && self.query.metrics.iter().any(|m| {
                    model::metric(m).and_then(model::Metric::table) == Some("opportunity")
                });
        if deals_on_a_plan {
            self.note(
                0.21,
                "deals carry no plan: took those of the accounts on it now",
            );
        }
        // "revenue": paid invoices by definition, though some mean every invoice issued. Said when the
        // question does not say paid or collected.
        if self.query.metrics.iter().any(|m| m == "revenue")
            && !self.ws.iter().any(|w| {
                matches!(
                    w.as_str(),
                    "paid"
                        | "pay"
                        | "pays"
                        | "collected"
                        | "collect"
                        | "collections"
                        | "cash"
                        | "payment"
                        | "payments"
                        | "received"
                )
            })
        {
            self.assume(
                "counted paid invoices as revenue (\"billed\" counts every invoice issued)",
            );
        }
        // Churned MRR is the MRR lost, a positive amount; `metrics.mrr_movements` signs it negative.
        if self.query.metrics.iter().any(|m| m == "churned_mrr") {
            self.assume("gave the MRR lost to churn as a positive amount");
        }
        // "open tickets from customers", "storage across our accounts": the accounts qualify the other
        // figure, they are not a second one.
        let mut of_customers = false;
        if self.query.metrics.len() == 2
            && let Some(at) = self
                .query
                .metrics
                .iter()
                .position(|m| m == "customers" || m == "accounts")
        {
            let qualifies = self.ws.iter().enumerate().any(|(k, w)| {
                matches!(w.as_str(), "from" | "among" | "across" | "for" | "of")
                    && self.ws[k + 1..]
                        .iter()
                        .find(|w| {
                            !matches!(
                                w.as_str(),
                                "our"
                                    | "the"
                                    | "all"
                                    | "paying"
                                    | "current"
                                    | "active"
                                    | "existing"
                            )
                        })
                        .is_some_and(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()))
            });
            if qualifies {
                of_customers = self.query.metrics.remove(at) == "customers";
            }
        }
        // "what % of our customers are red": the whole is the customers, not every account scored.
        let customers_whole = matches!(
            self.query.aggregation,
            Some(Aggregation::Percentage | Aggregation::Share)
        ) && !self
            .query
            .metrics
            .iter()
            .any(|m| model::metric(m).and_then(model::Metric::table) == Some("subscription"))
            && self
                .share_whole()
                .is_some_and(|whole| self.ws[whole].iter().any(|w| w == "customers"));
        // ("accounts that aren't paying customers": the paying ones are left out, not counted.)
        let denied = self.query.filters.iter().any(
            |f| matches!(f, Filter::Records { metric, negated: true, .. } if metric == "customers"),
        );
        let paying = !denied
            && (of_customers
                || customers_whole
                || self.ws.iter().enumerate().any(|(k, w)| {
                    w == "paying" && self.ws.get(k + 1).is_none_or(|next| next != "us")
                }));
        // "revenue per paying account last quarter": the accounts with paid invoices in the period are
        // the paying ones (a live subscription now would drop those that paid then and left).
        let paid_per_account = self.query.aggregation == Some(Aggregation::PerAccount)
            && !self.query.metrics.is_empty()
            && self.query.metrics.iter().all(|m| {
                model::metric(m).is_some_and(|m| {
                    matches!(m.source, model::Source::Fact { filter, .. } if filter.contains("f.status = 'paid'"))
                })
            });
        if paying && intent == Intent::Answer && !paid_per_account {
            let live = |m: &String| {
                model::metric(m).is_some_and(|m| {
                    matches!(m.source, model::Source::Fact { filter, .. }
                        if filter.starts_with("f.status IN ('active', 'past_due')"))
                })
            };
            if self.query.metrics == ["accounts"] {
                self.query.metrics = vec!["customers".to_string()];
            } else if !self.query.metrics.is_empty()
                && !self.query.metrics.iter().any(live)
                && self.query.metrics.iter().all(|m| {
                    model::metric(m)
                        .and_then(model::Metric::table)
                        .is_some_and(|t| !["cost", "account"].contains(&t))
                })
                && !self
                    .query
                    .filters
                    .iter()
                    .any(|f| matches!(f, Filter::Records { .. }))
            {
                let customers = Filter::Records {
                    metric: "customers".to_string(),
                    filters: Vec::new(),
                    time: None,
                    negated: false,
                };
                // "what % of our customers are red": the customers are the whole the share is of.
                let of_the_whole = matches!(
                    self.query.aggregation,
                    Some(Aggregation::Percentage | Aggregation::Share)
                ) && !self.query.records
                    && !self.query.filters.is_empty()
                    && self.share_whole().is_some_and(|whole| {
                        self.ws[whole]
                            .iter()
                            .any(|w| w == "paying" || ACCOUNT_STEMS.contains(&stem(w).as_str()))
                    });
                if of_the_whole {
                    self.query.whole.push(customers);
                } else {
                    self.query.filters.push(customers);
                }
            }
        }
        // "how did bookings change from Q2 to Q3": both figures shown; some want only the difference.
        if self.query.compare.is_some()
            && !self.query.difference
            && !self.query.growth
            && self.query.metrics.len() == 1
            && self.ws.iter().any(|w| {
                matches!(
                    w.as_str(),
                    "change"
                        | "changed"
                        | "changes"
                        | "move"
                        | "moved"
                        | "differ"
                        | "evolve"
                        | "evolved"
                        | "grow"
                        | "grew"
                        | "increase"
                        | "increased"
                        | "decrease"
                        | "decreased"
                        | "rise"
                        | "rose"
                        | "fall"
                        | "fell"
                        | "drop"
                        | "dropped"
                        | "shift"
                        | "shifted"
                )
            })
        {
            self.assume("showed both periods' figures (their difference is the change)");
        }
        // "how many tickets did Acme open, and how many of them breached SLA": the records and those
        // of the state, both counted.
        if let [narrow] = self.query.metrics.as_slice()
            && let Some((all, _)) = self.narrowed.iter().find(|(_, n)| n == narrow)
            && model::metric(all).is_some_and(|m| m.unit == model::Unit::Count)
            && self.asks_two_counts()
        {
            self.query.metrics = vec![all.clone(), narrow.clone()];
        }
        // "spend booked in NetSuite", "anything booked into Stripe": recorded there, not deals won.
        if self.query.metrics.len() >= 2
            && self.query.metrics.iter().any(|m| m == "bookings")
            && self
                .ws
                .windows(2)
                .any(|p| p[0] == "booked" && matches!(p[1].as_str(), "in" | "into"))
        {
            self.query.metrics.retain(|m| m != "bookings");
        }
        // ("trialing subscriptions and their MRR", "with their MRR"; not "what MRR did churned customers
        // take with them".)
        let joined = self.ws.iter().enumerate().any(|(k, w)| {
            matches!(w.as_str(), "and" | "plus" | "&")
                || (w == "with"
                    && self
                        .ws
                        .get(k + 1)
                        .is_some_and(|n| matches!(n.as_str(), "their" | "its" | "the" | "each")))
        });
        // "trialing subs - count + MRR", "uncollectible invoices: count and $": the records' count and
        // their value, both.
        if let [count] = self.query.metrics.as_slice()
            && let Some((_, value)) = model::COUNT_AND_VALUE.iter().find(|(c, _)| c == count)
            && self.asks_count_and_value()
        {
            // ("how big is the open pipeline, and how many deals are in it": the value first.)
            let at = if self.value_asked_first() { 0 } else { 1 };
            self.query.metrics.insert(at, value.to_string());
        } else if let [value] = self.query.metrics.as_slice()
            && let Some((count, _)) = model::COUNT_AND_VALUE.iter().find(|(_, v)| v == value)
            && self.asks_count_and_value()
        {
            // "pipeline closing in November: count, amount": both, in the order asked.
            let at = if self.value_asked_first() { 1 } else { 0 };
            self.query.metrics.insert(at, count.to_string());
        } else if let [a, b] = self.query.metrics.as_slice()
            && let Some((count, value)) = model::COUNT_AND_VALUE
                .iter()
                .find(|(c, v)| (c == a || c == b) && v.ends_with("_mrr"))
            && [a, b].contains(&&"mrr".to_string())
        {
            // "trialing subscriptions and their MRR": the MRR of those, beside their count.
            self.query.metrics = if joined || self.count_word {
                vec![count.to_string(), value.to_string()]
            } else {
                vec![value.to_string()]
            };
        }
        // "Revenue (paid invoices) for H1 2025 versus H1 2026": the records named to say what the
        // figure is of, not their count besides.
        if let [a, b] = self.query.metrics.as_slice()
            && let Some((count, value)) = model::COUNT_AND_VALUE
                .iter()
                .find(|(c, v)| (c == a && v == b) || (c == b && v == a))
        {
            if !self.count_word && !joined {
                self.query.metrics = vec![value.to_string()];
            } else if self.count_word {
                // ("technology pipeline: number of open opps + total amount": in the order asked.)
                let value_first = self.value_asked_first();
                self.query.metrics = if value_first {
                    vec![value.to_string(), count.to_string()]
                } else {
                    vec![count.to_string(), value.to_string()]
                };
            }
        }
        // "average bookings per rep", "the average number of deals per owner": each rep's figure,
        // averaged over the reps (a figure that is an average itself stays per value).
        if self.query.aggregation == Some(Aggregation::Average)
            && self.query.grain.is_none()
            && self.query.limit.is_none()
            && let [dimension] = self.query.dimensions.as_slice()
            && let [metric] = self.query.metrics.as_slice()
            && model::metric(metric).is_some_and(|m| {
                matches!(m.source, model::Source::Fact { aggregate, .. } if !aggregate.starts_with("avg("))
            })
            // ("avg customer headcount per industry": a figure of each account, averaged per industry.)
            && !model::metric(metric).is_some_and(|m| {
                m.table() == Some("account")
                    && matches!(m.source, model::Source::Fact { aggregate, .. } if aggregate.contains("sum("))
            })
            // ("avg closed-won opp amount per owner": each record's amount, averaged per owner.)
            && !self
                .ws
                .iter()
                .any(|w| matches!(w.as_str(), "amount" | "size" | "value" | "price"))
            // ("on average, how many deals did each rep win": the same.)
            && self.ws.windows(2).any(|p| {
                (p[0] == "per" || p[0] == "each")
                    && self
                        .vocabulary
                        .lookup(&p[1..])
                        .or_else(|| self.vocabulary.lookup_stem(&p[1]))
                        .is_some_and(|terms| {
                            terms
                                .iter()
                                .any(|t| matches!(t, Term::Dimension(d) if d == dimension))
                        })
            })
        {
            self.query.per_group = true;
            self.notes
                .retain(|n| n.reason != "took the average amount per record");
        }
        // "average invoice amount by month", "quarterly trend of the average closed-won amount": each
        // period's average of its records' amounts. ("average monthly revenue", "average revenue per
        // month": the average of the months' figures.)
        if self.query.aggregation == Some(Aggregation::Average)
            && self.query.grain.is_some()
            && let [metric] = self.query.metrics.as_slice()
            && model::metric(metric).is_some_and(|m| {
                matches!(m.source, model::Source::Fact { aggregate, amount: Some(_), .. } if aggregate.contains("sum("))
            })
            && self.ws.windows(2).any(|p| {
                matches!(p[0].as_str(), "average" | "avg" | "mean")
                    && !matches!(p[1].as_str(), "monthly" | "quarterly" | "weekly" | "daily" | "yearly" | "annual")
            })
            && self
                .ws
                .iter()
                .any(|w| matches!(w.as_str(), "amount" | "size" | "value" | "price"))
            && !self.ws.iter().any(|w| w == "per")
        {
            self.query.per_record = true;
        }
        // "how many active users did an account have on average": the average over the accounts (each
        // account's own figure per account is that figure; "avg MRR per customer account, by plan" is
        // by plan).
        if self.query.aggregation == Some(Aggregation::PerAccount)
            && self.query.dimensions.iter().any(|d| d == "account")
            && self.query.grain.is_none()
            && self.query.limit.is_none()
            && self.query.order.is_none()
        {
            self.query.dimensions.retain(|d| d != "account");
        }
        // "the five customers with the most active users per day on average": each one's average
        // day, not each day's figure per customer.
        if self.query.grain == Some(Grain::Day)
            && self.query.aggregation == Some(Aggregation::PerAccount)
            && !self.query.dimensions.is_empty()
            && self.ws.windows(2).any(|p| p[0] == "per" && p[1] == "day")
            && self
                .ws
                .iter()
                .any(|w| matches!(w.as_str(), "average" | "avg" | "mean"))
        {
            self.query.aggregation = Some(Aggregation::Average);
        }
        if let Some(status) = self.status.take() {
            let holds = |m: &String| {
                model::metric(m)
                    .and_then(model::Metric::table)
                    .is_some_and(|t| statuses_of(t).contains(&status))
            };
            if !self.query.metrics.is_empty() && self.query.metrics.iter().all(holds) {
                self.query.filters.push(Filter::Values {
                    dimension: "status".to_string(),
                    values: vec![status.to_string()],
                    negated: false,
                });
            } else {
                self.note(
                    0.55,
                    format!("the status \"{status}\" is no status of what is asked"),
                );
            }
        }
        // Idle since the period's day: that many days idle, and no period of the records.
        if let Some(to_its_end) = self.idle_since.take()
            && let Some(period) = self.query.time.take()
        {
            let mut day = if to_its_end { period.end } else { period.start };
            // (No activity is in the future: "before September 1" said in October is this year's.)
            while day > self.today
                && let Some(earlier) = day.with_year(day.year() - 1)
            {
                day = earlier;
            }
            self.idle_days = Some((self.today - day).num_days() as f64);
        }
        if let Some(days) = self.idle_days.take() {
            self.query.filters.push(Filter::Number {
                field: NumberField::IdleDays,
                op: Comparison::Greater,
                value: days,
            });
        }
        if let Some((op, days)) = self.age.take() {
            self.query.filters.push(Filter::Number {
                field: NumberField::AgeDays,
                op,
                value: days,
            });
        }
        if let Some((op, hours)) = self.resolution_hours.take() {
            self.query.filters.push(Filter::Number {
                field: NumberField::ResolutionHours,
                op,
                value: hours,
            });
        }
        if let Some((op, value)) = self.probability.take() {
            self.query.filters.push(Filter::Number {
                field: NumberField::Probability,
                op,
                value,
            });
        }
        // "our worst account for SLA misses": worst is the most of a figure where less is better
        // (and "best", the least).
        let judged = |word: &str| self.ws.iter().any(|w| w == word);
        if let [m] = self.query.metrics.as_slice()
            && let Some(metric) = model::metric(m)
            && !metric.higher_is_better
        {
            self.query.order = match self.query.order {
                Some(Order::Asc) if judged("worst") && !judged("best") => Some(Order::Desc),
                Some(Order::Desc) if judged("best") && !judged("worst") => Some(Order::Asc),
                order => order,
            };
        }
        // "which accounts had more than 2 SLA breaches": the accounts the threshold keeps, each with its
        // figure, though some want the names only.
        let per_account_threshold = self.query.filters.iter().any(|f| {
            matches!(
                f,
                Filter::Number {
                    field: NumberField::Measure,
                    ..
                }
            )
        });
        if self.query.records && self.query.dimensions == ["account"] && per_account_threshold {
            // ("list customers with over 2 breached tickets": the same breakdown, not their records.)
            self.query.records = false;
            self.query.accounts = false;
            self.query.names_only = false;
        }
        let listing = self.ws.iter().any(|w| LIST_WORDS.contains(&w.as_str()));
        if listing
            && !self.query.records
            && self.query.dimensions == ["account"]
            && self.query.limit.is_none()
            && !self.count_word
            && !self.value_word
            && self.query.metrics.len() == 1
            && self.query.filters.iter().any(|f| {
                matches!(
                    f,
                    Filter::Number {
                        field: NumberField::Measure,
                        ..
                    }
                )
            })
        {
            self.assume("showed each account's figure beside its name");
        }
        // "in GBP", "in the original currency": amounts are given in the reporting currency only.
        let money = self
            .query
            .metrics
            .iter()
            .any(|m| model::metric(m).is_some_and(|m| m.unit == model::Unit::Money));
        let foreign = |w: &str| FOREIGN_CURRENCY_WORDS.contains(&w) || w == "original";
        let in_foreign = self.ws.windows(2).any(|p| {
            (matches!(p[0].as_str(), "in" | "much") && foreign(&p[1]))
                || (p[0] == "the" && p[1] == "original")
                || matches!(p[0].as_str(), "original" | "native")
        });
        // "over 10,000 euros": the threshold in that currency.
        let threshold_in_foreign = self.ws.windows(2).any(|p| {
            amount(std::slice::from_ref(&p[0]), 0).is_some()
                && matches!(
                    p[1].as_str(),
                    "euros" | "euro" | "pounds" | "yen" | "eur" | "gbp" | "jpy"
                )
        });
        // "how many yen did JPY invoices come to", "EUR invoices over 10,000 euros": invoices of one
        // currency, in their own amounts.
        if (money && in_foreign) || threshold_in_foreign {
            let own = SemanticQuery {
                original_currency: true,
                ..self.query.clone()
            };
            if own.validate(self.vocabulary).is_ok() {
                self.query.original_currency = true;
            } else if money && in_foreign {
                self.assume("gave the amounts in USD, the reporting currency");
            } else {
                self.assume("compared the amounts in USD, the reporting currency");
            }
        }
        // "which 3 accounts have the most employees": the accounts, ranked by their employees.
        if self.query.records && self.query.metrics == ["employees"] {
            self.query.metrics = vec!["accounts".to_string()];
            self.query.rank_by = Some(NumberField::Employees);
            self.query.names_only = false;
        }
        // "how much do clients owe on open invoices": the same metric read twice is asked once.
        let mut seen = Vec::new();
        self.query.metrics.retain(|m| {
            let new = !seen.contains(m);
            seen.push(m.clone());
            new
        });
        // "accounts with over 5,000 employees": the employees are a condition, not a figure asked
        // (unless named twice: "total employees of accounts with over 5,000 employees").
        let employees_named = self
            .ws
            .iter()
            .filter(|w| matches!(w.as_str(), "employees" | "employee" | "headcount" | "staff"))
            .count();
        if employees_named == 1
            && self.query.metrics.iter().any(|m| m == "employees")
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
            self.query.metrics.retain(|m| m != "employees");
            if self.query.metrics.is_empty() {
                let customers = self.ws.iter().any(|w| stem(w) == "custom");
                let counted = if customers { "customers" } else { "accounts" };
                self.query.metrics.push(counted.to_string());
            }
        }
        // "employees of our customers", "avg employees per customer": of the paying accounts.
        if self.query.metrics.iter().any(|m| m == "employees")
            && self.ws.iter().any(|w| stem(w) == "custom")
            && !self
                .query
                .filters
                .iter()
                .any(|f| matches!(f, Filter::Records { .. }))
        {
            self.query.filters.push(Filter::Records {
                metric: "customers".to_string(),
                filters: Vec::new(),
                time: None,
                negated: false,
            });
        }
        // "how many employees do we have": the data holds each account's employees, not our own.
        if self.query.metrics.iter().any(|m| m == "employees")
            && !self
                .ws
                .iter()
                .any(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()))
            && self.query.filters.is_empty()
            && self.query.dimensions.is_empty()
        {
            self.query.metrics.retain(|m| m != "employees");
            self.unanswerable = true;
            self.note(
                1.0,
                "the data holds each account's number of employees, not the company's own",
            );
        }
        // "list the industries", "what vendor categories are there": the values a dimension takes, over
        // every record of its own table.
        let values_asked = self
            .ws
            .iter()
            .any(|w| LIST_WORDS.contains(&w.as_str()) || w == "what")
            && !self.count_word
            && (self.ws.last().is_some_and(|w| w == "there")
                || self.ws.iter().any(|w| LIST_WORDS.contains(&w.as_str())));
        // ("vendor categories": the categories vendors are in, one dimension qualifying the other.)
        if let [a, b] = self.query.dimensions.as_slice()
            && self.query.metrics.is_empty()
            && values_asked
            && !self
                .ws
                .iter()
                .any(|w| matches!(w.as_str(), "by" | "and" | "per"))
            && model::dimension(a).map(|d| d.table) == model::dimension(b).map(|d| d.table)
        {
            self.query.dimensions = vec![b.clone()];
        }
        if intent == Intent::Answer
            && self.query.metrics.is_empty()
            && !self.unanswerable
            && values_asked
            && self.query.filters.is_empty()
            && let [d] = self.query.dimensions.as_slice()
            && let Some(dimension) = model::dimension(d)
            && let Some(all) = model::METRICS.iter().find(|m| {
                matches!(m.source, model::Source::Fact { table, filter: "TRUE", .. } if table == dimension.table)
            })
        {
            self.query.metrics = vec![all.name.to_string()];
            self.query.values = true;
        }
        // "how much did the Software cost category come to in July": the amount of the one table the
        // values named are of, when it has one amount over all its records.
        if intent == Intent::Answer
            && self.query.metrics.is_empty()
            && !self.unanswerable
            && self.options.is_empty()
            && self.ws.iter().any(|w| VALUE_WORDS.contains(&w.as_str()))
        {
            let tables: std::collections::BTreeSet<&str> = self
                .query
                .filters
                .iter()
                .filter_map(|f| match f {
                    Filter::Values { dimension, .. } => Some(dimension.as_str()),
                    _ => None,
                })
                .chain(self.query.dimensions.iter().map(String::as_str))
                .filter_map(|d| model::dimension(d).map(|d| d.table))
                .collect();
            if let [table] = tables.into_iter().collect::<Vec<_>>().as_slice()
                && let [amount] = model::METRICS
                    .iter()
                    .filter(|m| {
                        m.unit == model::Unit::Money
                            && matches!(m.source, model::Source::Fact { table: t, filter: "TRUE", .. } if t == *table)
                    })
                    .collect::<Vec<_>>()
                    .as_slice()
            {
                self.query.metrics.push(amount.name.to_string());
                self.assume(format!("read the amount asked as {}", amount.title.to_lowercase()));
            }
        }
        if intent == Intent::Answer
            && self.query.metrics.is_empty()
            && !self.unanswerable
            && self.options.is_empty()
        {
            self.unanswerable = true;
            self.note(1.0, "the question names no metric");
        }
        // "the open pipeline's average probability, weighted by deal amount".
        let said = |words: &[&str]| self.ws.iter().any(|w| words.contains(&w.as_str()));
        if said(&["probability", "probabilities"])
            && said(&["weighted", "weighting", "weight"])
            && said(&["average", "avg", "mean"])
            && self
                .query
                .metrics
                .iter()
                .all(|m| model::metric(m).and_then(model::Metric::table) == Some("opportunity"))
            && self.query.dimensions.is_empty()
            && self.query.grain.is_none()
        {
            self.query.metrics = vec!["weighted_probability".to_string()];
            self.query.aggregation = None;
            self.query.records = false;
            self.notes.retain(|n| !n.reason.contains("probabilit"));
        }
        // "what fraction of open deals is in each stage": the open deals spread over the stages. A
        // breakdown that decides the state (a deal's stage, a ticket's status) has each row all in it
        // or all out, so its rate says nothing; the spread is asked.
        if matches!(
            self.query.aggregation,
            Some(Aggregation::Share | Aggregation::Percentage)
        ) && matches!(self.query.dimensions.as_slice(), [d] if d == "stage" || d == "status")
            && let [m] = self.query.metrics.as_slice()
            && model::share_of(m).is_some()
        {
            self.query.spread = true;
        }
        // "how many days did our lost deals take from creation to close": the sales cycle of the
        // deals lost.
        if self.query.metrics == ["sales_cycle_days"]
            && self
                .ws
                .iter()
                .any(|w| matches!(w.as_str(), "lost" | "lose" | "losing"))
            && !self
                .ws
                .iter()
                .any(|w| matches!(w.as_str(), "won" | "win" | "winning"))
        {
            self.query.metrics = vec!["lost_cycle_days".to_string()];
        }
        Parsed {
            query: self.query,
            intent,
            notes: self.notes,
            options: self.options,
            unanswerable: self.unanswerable,
        }
    }
}
