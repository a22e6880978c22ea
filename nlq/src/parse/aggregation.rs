//! How figures are aggregated: totals, averages, shares of a whole, counts beside values, and the
//! figures asked two at a time ("how many and how much").

use super::*;

impl Parser<'_> {
    /// "average", "per customer", "what percentage": another aggregation of the metric's records, when
    /// it applies to them; otherwise noted, since not computing what was asked is never a confident
    /// answer.
    pub(super) fn apply_aggregation(&mut self) {
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
        // "how many tickets does the average customer open", "a typical account's API calls": per
        // account, of a count as of a sum.
        let average_account = self.ws.windows(2).any(|p| {
            matches!(p[0].as_str(), "average" | "avg" | "typical" | "mean")
                && matches!(
                    p[1].as_str(),
                    "customer" | "account" | "client" | "customers" | "accounts" | "clients"
                )
        });
        let counts = self.query.metrics.as_slice().first().and_then(|m| model::metric(m)).is_some_and(|m| {
            matches!(m.source, model::Source::Fact { aggregate, .. } if aggregate == "count(*)")
        });
        let sums = sums || (average_account && counts);
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
    pub(super) fn share_whole(&self) -> Option<std::ops::Range<usize>> {
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
    pub(super) fn share_word(&self) -> Option<usize> {
        self.ws.iter().position(|w| {
            matches!(
                w.as_str(),
                "share" | "fraction" | "proportion" | "percentage" | "percent" | "portion"
            )
        })
    }

    /// "how many ... and how many of them ...", "the ticket count and the number of breaches": two
    /// counts asked.
    pub(super) fn asks_two_counts(&self) -> bool {
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
    pub(super) fn all_but(&self, quantifier: usize, noun_len: usize) -> bool {
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
    pub(super) fn value_asked_first(&self) -> bool {
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
    pub(super) fn asks_count_and_value(&self) -> bool {
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
    pub(super) fn split_whole(&mut self) {
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

    /// "How many" asks for the count of records, "how much" or "the value of" for their value: a metric
    /// with a sibling over the same records ([`model::COUNT_AND_VALUE`]) is swapped for the one asked.
    pub(super) fn apply_count_or_value(&mut self) {
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
}
