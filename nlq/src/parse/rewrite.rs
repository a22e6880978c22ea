//! The question's text and words rewritten, before they are read, into the forms the parser reads:
//! dates, ranges, thresholds, currencies and formulas spelled out, prefaces and asides moved or dropped,
//! and the words that name the model's things in other terms put in its own.

use super::*;

/// `question` with "US" and "U.S." in capitals, and "us" after "the" ("accounts in the us"), spelled out
/// as the country, before lowercasing makes them the pronoun.
pub(super) fn spell_out_us(question: &str) -> String {
    let tokens: Vec<&str> = question.split(' ').collect();
    // "storage today, in GB": gigabytes where storage is asked about, not Great Britain.
    let storage = question.to_lowercase().contains("storage");
    tokens
        .iter()
        .enumerate()
        .map(|(i, token)| {
            let after_the = i > 0 && tokens[i - 1].eq_ignore_ascii_case("the");
            if after_the && token.trim_end_matches(|c: char| !c.is_alphanumeric()) == "us" {
                return token.replacen("us", "united states", 1);
            }
            let core = token.trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
            let core = match core {
                "U.S." => core,
                _ => core.trim_end_matches('.'),
            };
            // "non-US", "ex-US": the prefix, then the country.
            let core = ["non-", "Non-", "ex-", "Ex-"]
                .iter()
                .find_map(|prefix| core.strip_prefix(prefix))
                .unwrap_or(core);
            // "accounts in NL or ES": a country's code in capitals after a word that leads to a place
            // or joins two ("IT" is rather the department).
            let leads = i > 0
                && matches!(
                    tokens[i - 1]
                        .trim_matches(|c: char| !c.is_alphanumeric())
                        .to_lowercase()
                        .as_str(),
                    "in" | "from" | "or" | "and" | "not" | "excluding" | "vs" | "than"
                );
            // ("paid revenue, mfg, DE, last qtr": a code alone between commas.)
            let leads = leads || (token.ends_with(',') && i > 0 && tokens[i - 1].ends_with(','));
            // "JP accounts", "DE customers' MRR": a code before what it qualifies.
            let qualifies = tokens.get(i + 1).is_some_and(|next| {
                let next = next
                    .trim_matches(|c: char| !c.is_alphanumeric())
                    .to_lowercase();
                // ("AU accts", "DE opps": shorthand for the nouns.)
                let next = match EXPANSIONS.iter().find(|(short, _)| *short == next) {
                    Some((_, long)) => (*long).to_string(),
                    None => next,
                };
                let stem = stem(&next);
                ACCOUNT_STEMS.contains(&stem.as_str())
                    || RECORD_STEMS.contains(&stem.as_str())
                    || matches!(
                        next.as_str(),
                        "mrr" | "arr" | "revenue" | "pipeline" | "spend"
                    )
            });
            // "invoices in US dollars": the currency, not the country; "revenue in US dollars" is
            // the unit amounts are given in already.
            let dollars = tokens
                .get(i + 1)
                .is_some_and(|next| next.to_lowercase().starts_with("dollar"));
            let lower = |j: usize| tokens.get(j).map(|t| t.to_lowercase()).unwrap_or_default();
            let unit = i > 0
                && lower(i - 1) == "in"
                && !(i >= 2
                    && matches!(
                        lower(i - 2).as_str(),
                        "billed" | "invoiced" | "denominated" | "priced" | "charged" | "paid"
                    ));
            match core {
                // ("us healthcare mrr", "customers in us": the country, where no pronoun stands.)
                "us" if !dollars && (i == 0 || lower(i - 1) == "in") => {
                    token.replacen(core, "united states", 1)
                }
                "US" | "U.S." | "U.S" if dollars && unit => token.replacen(core, "", 1),
                "US" | "U.S." | "U.S" if dollars => token.replacen(core, "us", 1),
                "US" | "U.S." | "U.S" | "USA" => token.replacen(core, "united states", 1),
                // ("CA closed won $ last yr": a code opening a terse question.)
                code if (leads || qualifies || i == 0)
                    && code.len() == 2
                    && code != "IT"
                    && !(storage && code == "GB")
                    && code.chars().all(|c| c.is_ascii_uppercase()) =>
                {
                    match crate::vocab::country_name(code) {
                        Some(name) => token.replacen(code, name, 1),
                        None => token.to_string(),
                    }
                }
                _ => token.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Arrows between two things, in words: "Q2 -> Q3 growth" is "from Q2 to Q3 growth".
pub(super) fn arrows(question: &str) -> String {
    let spaced = question.replace("->", " -> ").replace('\u{2192}', " -> ");
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    let mut out: Vec<&str> = Vec::new();
    for token in tokens {
        if token == "->" {
            if let Some(before) = out.pop() {
                if out.last().is_none_or(|w| !w.eq_ignore_ascii_case("from")) {
                    out.push("from");
                }
                out.push(before);
            }
            out.push("to");
        } else {
            out.push(token);
        }
    }
    out.join(" ")
}

/// Amounts written with a foreign currency's sign, in words: "€10,000" is "10,000 euros" (a dollar sign
/// is the reporting currency and says nothing).
pub(super) fn spelled_currencies(question: &str) -> String {
    question
        .split(' ')
        .map(|token| {
            // "count + $": the dollar amount asked.
            if token == "$" {
                return "dollars".to_string();
            }
            for (sign, name) in [('€', "euros"), ('£', "pounds"), ('¥', "yen")] {
                if let Some(rest) = token.strip_prefix(sign)
                    && rest.starts_with(|c: char| c.is_ascii_digit())
                {
                    let end = rest
                        .find(|c: char| !(c.is_ascii_alphanumeric() || c == ',' || c == '.'))
                        .unwrap_or(rest.len());
                    let number = rest[..end].trim_end_matches(['.', ',']);
                    let after = &rest[number.len()..];
                    return format!("{number} {name}{after}");
                }
            }
            token.to_string()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Years written short after an apostrophe: "Oct '26" is October 2026 (not the 26th).
pub(super) fn apostrophe_years(question: &str) -> String {
    question
        .split(' ')
        .map(|token| {
            let short = token
                .strip_prefix('\'')
                .or_else(|| token.strip_prefix('\u{2019}'));
            match short {
                Some(rest)
                    if rest
                        .as_bytes()
                        .get(..2)
                        .is_some_and(|b| b.iter().all(u8::is_ascii_digit))
                        && !rest
                            .get(2..)
                            .is_some_and(|r| r.starts_with(|c: char| c.is_alphanumeric())) =>
                {
                    format!("20{rest}")
                }
                _ => token.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Quarters and halves written with a short or joined year, with the year spelled out: "Q2 25",
/// "Q3-25", "Q3/25", "Q3FY25", "3Q25", "1H25" and "2H 2025" are "q2 2025", ..., "h2 2025". A two-digit
/// number after a quarter is its year only when it could be one (15 to 39) and what follows it is not
/// counted by it ("Q3 10 biggest deals", "Q3 25 accounts" keep their number).
pub(super) fn short_period_years(question: &str) -> String {
    let tokens: Vec<&str> = question.split(' ').collect();
    let mut out = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let token = tokens[i];
        let (body, tail) = split_punctuation(token);
        let Some((period, year, rewritten)) = period_and_year(body) else {
            out.push(token.to_string());
            i += 1;
            continue;
        };
        if let Some(year) = year {
            out.push(format!("{period} {year}{tail}"));
        } else if let Some((year, next_tail)) = tokens
            .get(i + 1)
            .filter(|_| tail.is_empty())
            .and_then(|next| short_year(next))
            && !tokens.get(i + 2).is_some_and(|w| counted(w))
        {
            out.push(format!("{period} {year}{next_tail}"));
            i += 1;
        } else if rewritten
            // ("2H 2025", never "resolved within 2h".)
            && tokens.get(i + 1).is_some_and(|next| {
                next.starts_with("20")
                    && next.get(..4).is_some_and(|y| y.bytes().all(|c| c.is_ascii_digit()))
            })
        {
            out.push(format!("{period}{tail}"));
        } else {
            out.push(token.to_string());
        }
        i += 1;
    }
    out.join(" ")
}

/// "q3", "Q3-25", "3q25", "h1fy2025": the quarter or half ("q3", "h1"), its year if joined to it, and
/// whether the period is written otherwise than the parser reads it.
fn period_and_year(token: &str) -> Option<(String, Option<String>, bool)> {
    let t = token.to_lowercase();
    let b = t.as_bytes();
    let (period, digit_first) = match (b.first()?, b.get(1)?) {
        (b'q', d @ b'1'..=b'4') | (b'h', d @ b'1'..=b'2') => {
            (format!("{}{}", b[0] as char, *d as char), false)
        }
        (d @ b'1'..=b'4', b'q') | (d @ b'1'..=b'2', b'h') => {
            (format!("{}{}", b[1] as char, *d as char), true)
        }
        _ => return None,
    };
    let rest = &t[2..];
    let rest = rest
        .strip_prefix(['-', '/', '\'', '\u{2019}'])
        .unwrap_or(rest);
    let rest = rest.strip_prefix("fy").unwrap_or(rest);
    let year = match rest.len() {
        0 if rest.len() + 2 == t.len() => return Some((period, None, digit_first)),
        2 if rest.bytes().all(|c| c.is_ascii_digit()) => format!("20{rest}"),
        4 if rest.starts_with("20") && rest.bytes().all(|c| c.is_ascii_digit()) => rest.to_string(),
        _ => return None,
    };
    Some((period, Some(year), true))
}

/// A word and the punctuation that closes it: "25," is ("25", ",").
fn split_punctuation(token: &str) -> (&str, &str) {
    let body = token.trim_end_matches(|c: char| ",.;:?!)".contains(c));
    (body, &token[body.len()..])
}

/// Whether the words at `k` compare a number: "over", "below", "more than", "at least".
fn compares_at(ws: &[String], k: usize) -> bool {
    let next = |w: &[&str]| ws.get(k + 1).is_some_and(|n| w.contains(&n.as_str()));
    match ws.get(k).map(String::as_str) {
        Some("over" | "above" | "under" | "below") => true,
        Some("more" | "less" | "greater" | "fewer") => next(&["than"]),
        Some("at") => next(&["least", "most"]),
        _ => false,
    }
}

/// A year written short as a word of its own after a quarter: "25", "fy25", "FY2025" (with what
/// punctuation follows it).
fn short_year(token: &str) -> Option<(String, &str)> {
    let (body, tail) = split_punctuation(token);
    let lower = body.to_lowercase();
    let digits = lower.strip_prefix("fy").unwrap_or(&lower);
    if !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    match digits.len() {
        2 if lower.starts_with("fy") || (15..=39).contains(&digits.parse::<u32>().ok()?) => {
            Some((format!("20{digits}"), tail))
        }
        4 if lower.starts_with("fy") && digits.starts_with("20") => {
            Some((digits.to_string(), tail))
        }
        _ => None,
    }
}

/// Whether `word` after a number is what the number counts: a plural noun or a superlative ("25
/// accounts", "10 biggest").
fn counted(word: &str) -> bool {
    let w = word.to_lowercase();
    (w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") && w != "plus")
        || (w.len() > 4 && w.ends_with("est"))
}

/// Words that name the model's things in other terms, rewritten into its own: vendor and counted bills
/// are NetSuite's spend, the cloud cost export is the warehouse source, a bare score is the health
/// score, and the account of the records ("industry of the account", "where the account is in X") is
/// a condition on it, not a breakdown by it.
pub(super) fn in_model_terms(ws: &mut Vec<String>) {
    // "how much business did we close", "how much did each rep close in Q3": deals won (closing is
    // winning, said of an amount); "how much business": the amount, never the Business plan.
    if let Some(much) = ws.windows(2).position(|p| p[0] == "how" && p[1] == "much") {
        if ws.get(much + 2).is_some_and(|w| w == "business") {
            ws.remove(much + 2);
        }
        let asked = ws[much..]
            .iter()
            .position(|w| matches!(w.as_str(), "did" | "do" | "does"))
            .map(|k| much + k);
        let lost = ws
            .iter()
            .any(|w| matches!(w.as_str(), "lose" | "lost" | "losing"));
        if let Some(asked) = asked
            && !lost
            && let Some(i) = (asked + 1..ws.len()).find(|&i| {
                ws[i] == "close"
                    && ws
                        .get(i + 1)
                        .is_none_or(|w| !matches!(w.as_str(), "date" | "dates"))
            })
        {
            ws[i] = "win".to_string();
        }
    }
    // "customers who might churn", "accounts that could churn", "expected to churn": likely to.
    for i in (1..ws.len()).rev() {
        if !matches!(ws[i].as_str(), "churn" | "leave" | "cancel") {
            continue;
        }
        if matches!(ws[i - 1].as_str(), "might" | "may" | "could") {
            ws.splice(i - 1..i + 1, ["likely", "to", "churn"].map(str::to_string));
        } else if i >= 2
            && ws[i - 1] == "to"
            && matches!(ws[i - 2].as_str(), "expected" | "going" | "about" | "set")
        {
            ws.splice(i - 2..i + 1, ["likely", "to", "churn"].map(str::to_string));
        }
    }
    // "reps with zero closed-won deals": with none; "MRR in jeopardy": at risk.
    for i in 1..ws.len() {
        match (ws[i - 1].as_str(), ws[i].as_str()) {
            ("with" | "have" | "has" | "had", "zero") => ws[i] = "no".to_string(),
            ("in", "jeopardy") => {
                ws[i - 1] = "at".to_string();
                ws[i] = "risk".to_string();
            }
            _ => {}
        }
    }
    // "how much revenue did we book in September": the revenue, not the deals booked beside it.
    if ws.iter().any(|w| w == "revenue")
        && let Some(i) = (1..ws.len())
            .find(|&i| ws[i] == "book" && matches!(ws[i - 1].as_str(), "we" | "they" | "you"))
    {
        ws.remove(i);
    }
    // "accounts that haven't used the API", "which workspaces hit the API hardest": API calls made.
    let mut k = 0;
    while k + 2 < ws.len() {
        if matches!(
            ws[k].as_str(),
            "use"
                | "used"
                | "uses"
                | "using"
                | "hit"
                | "hits"
                | "hitting"
                | "call"
                | "called"
                | "calls"
                | "calling"
                | "touch"
                | "touched"
        ) && ws[k + 1] == "the"
            && ws[k + 2] == "api"
            && ws
                .get(k + 3)
                .is_none_or(|w| !matches!(w.as_str(), "calls" | "call"))
        {
            ws.splice(k..k + 3, ["made", "api", "calls"].map(str::to_string));
        }
        k += 1;
    }
    // "the account records", "ticket rows": the accounts, the tickets.
    let mut k = 0;
    while k + 1 < ws.len() {
        let entity = match ws[k].as_str() {
            "opportunity" => Some("opportunities"),
            "account" | "ticket" | "invoice" | "subscription" | "customer" | "deal" | "vendor" => {
                None
            }
            _ => {
                k += 1;
                continue;
            }
        };
        if matches!(ws[k + 1].as_str(), "records" | "rows" | "entries") {
            let plural = entity.map_or_else(|| format!("{}s", ws[k]), str::to_string);
            ws.splice(k..k + 2, [plural]);
        }
        k += 1;
    }
    // "the five highest-value open opportunities", "the most valuable deals": the biggest ones.
    let mut k = 0;
    while k + 2 < ws.len() {
        let valued = matches!(
            (ws[k].as_str(), ws[k + 1].as_str()),
            (
                "highest" | "top" | "greatest" | "largest" | "biggest",
                "value" | "valued" | "dollar" | "amount"
            ) | ("most", "valuable")
        );
        let records_follow = ws[k + 2..]
            .iter()
            .take(3)
            .any(|w| RECORD_STEMS.contains(&stem(w).as_str()))
            && !ws[k + 2..].iter().take(3).any(|w| w == "of");
        if valued && records_follow {
            ws.splice(k..k + 2, ["biggest".to_string()]);
        }
        k += 1;
    }
    // "which customers did we collect the most cash from": the cash is what was collected.
    if ws.iter().any(|w| {
        matches!(
            w.as_str(),
            "collect" | "collected" | "collecting" | "collections" | "receipts" | "received"
        )
    }) {
        let mut k = 0;
        while k < ws.len() {
            let named = ws
                .get(k + 1)
                .is_some_and(|w| matches!(w.as_str(), "receipts" | "received" | "collected"));
            if ws[k] == "cash" && !named {
                ws.remove(k);
            } else {
                k += 1;
            }
        }
    }
    // "fiscal year 2025" is "FY 2025"; "last fiscal year", "this fiscal quarter": the calendar's (said
    // so as for any "last year"). "accounts in either Germany or France": the values, any of them.
    let mut k = 0;
    while k + 1 < ws.len() {
        let year = |w: Option<&String>| w.is_some_and(|w| time::year_number(w).is_some());
        let fiscal = ws[k] == "fiscal" && matches!(ws[k + 1].as_str(), "year" | "quarter" | "yr");
        let either = ws[k] == "either"
            && ws[k + 1] != "way"
            && ws[k + 2..].iter().take(4).any(|w| w == "or");
        if fiscal && year(ws.get(k + 2)) {
            ws.splice(k..k + 2, ["fy".to_string()]);
        } else if fiscal || either {
            ws.remove(k);
        } else {
            k += 1;
        }
    }
    // "last 30d", "next 6mo", "trailing 12m": a number of days, weeks, months or years.
    let mut k = 1;
    while k < ws.len() {
        let before = matches!(
            ws[k - 1].as_str(),
            "last" | "past" | "next" | "trailing" | "previous" | "prior" | "coming"
        );
        let digits = ws[k].chars().take_while(char::is_ascii_digit).count();
        let unit = match &ws[k][digits..] {
            "d" => "days",
            "w" | "wk" | "wks" => "weeks",
            "m" | "mo" | "mos" | "mth" | "mths" => "months",
            "q" => "quarters",
            "y" | "yr" | "yrs" => "years",
            _ => "",
        };
        if before && digits > 0 && !unit.is_empty() {
            let n = ws[k][..digits].to_string();
            ws.splice(k..=k, [n, unit.to_string()]);
        }
        k += 1;
    }
    // "which customers spend the most with us", "what did Acme spend with us last year": what they
    // paid us, not our spend.
    if let Some(us) =
        (1..ws.len()).find(|&k| ws[k] == "us" && matches!(ws[k - 1].as_str(), "with" | "on"))
    {
        let spent = (us.saturating_sub(5)..us - 1).rev().find_map(|k| {
            let paid = match ws[k].as_str() {
                "spend" => "pay",
                "spends" => "pays",
                "spent" => "paid",
                "spending" => "paying",
                _ => return None,
            };
            Some((k, paid))
        });
        if let Some((k, paid)) = spent {
            ws.drain(us - 1..=us);
            ws.splice(k..=k, [paid.to_string(), "us".to_string()]);
        }
    }
    // "customers paying over $5k a month", "accounts that pay us more than $100k a year": their MRR or
    // ARR against the amount.
    let mut k = 0;
    while k < ws.len() {
        let pays = matches!(ws[k].as_str(), "pay" | "pays" | "paying");
        let from = k + 1 + usize::from(ws.get(k + 1).is_some_and(|w| w == "us"));
        let rest = ws.get(from..).unwrap_or_default();
        let unit = rest.iter().take(6).position(|w| {
            matches!(
                w.as_str(),
                "month" | "mo" | "monthly" | "year" | "yr" | "annually" | "yearly"
            )
        });
        let per = |j: usize| {
            let adverb = matches!(rest[j].as_str(), "monthly" | "annually" | "yearly");
            let said =
                j >= 1 && matches!(rest[j - 1].as_str(), "a" | "per" | "each" | "every" | "/");
            (adverb || said).then_some(if adverb { j } else { j - 1 })
        };
        let amount_said = |j: usize| {
            rest[..j]
                .iter()
                .any(|w| w.chars().any(|c| c.is_ascii_digit()))
        };
        if let Some(j) = unit.filter(|_| pays)
            && let Some(per_at) = per(j)
            && amount_said(per_at)
        {
            let figure = if matches!(rest[j].as_str(), "month" | "mo" | "monthly") {
                "mrr"
            } else {
                "arr"
            };
            ws.drain(from + per_at..=from + j);
            ws.splice(k..from, ["with".to_string(), figure.to_string()]);
        }
        k += 1;
    }
    // "full year 2025", "calendar 2025": all of the year.
    let mut k = 0;
    while k + 1 < ws.len() {
        let year =
            |w: &String| w.len() == 4 && w.parse::<u32>().is_ok_and(|y| (1990..2100).contains(&y));
        let qualifier = matches!(ws[k].as_str(), "full" | "calendar" | "whole" | "entire");
        let span = match (ws.get(k + 1), ws.get(k + 2)) {
            (Some(y), _) if year(y) => 1,
            (Some(w), Some(y)) if w == "year" && year(y) => 2,
            _ => 0,
        };
        if qualifier && span > 0 {
            ws.splice(k..k + span, ["all".to_string(), "of".to_string()]);
        }
        k += 1;
    }
    // "accounts with an active or past-due subscription", "active plus past due subscriptions' MRR":
    // the live ones; "active trials": the trials.
    let mut k = 0;
    while k < ws.len() {
        let joined = |w: &str| matches!(w, "or" | "and" | "plus" | "&");
        let said = |at: usize, a: &str, b: &str| {
            ws.get(at).is_some_and(|w| w == a) && ws.get(at + 1).is_some_and(|w| w == b)
        };
        let live = if ws[k] == "active" && ws.get(k + 1).is_some_and(|w| joined(w)) {
            said(k + 2, "past", "due").then_some(4)
        } else if said(k, "past", "due") && ws.get(k + 2).is_some_and(|w| joined(w)) {
            (ws.get(k + 3).is_some_and(|w| w == "active")).then_some(4)
        } else {
            None
        };
        if let Some(n) = live {
            ws.splice(k..k + n, ["live".to_string()]);
        } else if ws[k] == "active"
            && ws
                .get(k + 1)
                .is_some_and(|w| matches!(w.as_str(), "trial" | "trials" | "trialing"))
        {
            ws.remove(k);
            continue;
        }
        k += 1;
    }
    // "accounts currently flagged at risk", "the accounts that are at risk": the at-risk accounts.
    let mut k = 0;
    while k < ws.len() {
        if matches!(
            ws[k].as_str(),
            "accounts" | "customers" | "clients" | "companies" | "account" | "customer"
        ) {
            let mut j = k + 1;
            while ws.get(j).is_some_and(|w| {
                matches!(
                    w.as_str(),
                    "that"
                        | "which"
                        | "who"
                        | "are"
                        | "is"
                        | "currently"
                        | "now"
                        | "flagged"
                        | "marked"
                        | "as"
                        | "being"
                )
            }) {
                j += 1;
            }
            let flagged = ws[k + 1..j].iter().any(|w| {
                matches!(
                    w.as_str(),
                    "that" | "which" | "who" | "currently" | "now" | "flagged" | "marked"
                )
            });
            if flagged
                && ws.get(j).is_some_and(|w| w == "at")
                && ws.get(j + 1).is_some_and(|w| w == "risk")
            {
                let noun = ws[k].clone();
                ws.splice(k..j + 2, ["at".to_string(), "risk".to_string(), noun]);
                k += 3;
                continue;
            }
        }
        k += 1;
    }
    // "customers who reached out to support", "contacted support": those who opened tickets.
    let mut k = 0;
    while k < ws.len() {
        let said = match (
            ws[k].as_str(),
            ws.get(k + 1).map(String::as_str),
            ws.get(k + 2).map(String::as_str),
            ws.get(k + 3).map(String::as_str),
        ) {
            ("reached" | "reach", Some("out"), Some("to"), Some("support")) => 4,
            ("contacted" | "contact", Some("support"), _, _) => 2,
            _ => 0,
        };
        if said > 0 {
            ws.splice(k..k + said, ["opened".to_string(), "tickets".to_string()]);
        }
        k += 1;
    }
    // "win %": the win rate, in percent.
    let mut k = 0;
    while k + 1 < ws.len() {
        if ws[k] == "win" && matches!(ws[k + 1].as_str(), "percent" | "pct") {
            ws.splice(k + 1..k + 2, ["rate".to_string(), "percent".to_string()]);
        }
        k += 1;
    }
    // "based on payment dates": the day paid.
    for k in 1..ws.len() {
        if matches!(ws[k].as_str(), "date" | "dates" | "day") && ws[k - 1] == "payment" {
            ws[k - 1] = "paid".to_string();
        }
    }
    // "customers behind on payment", "late on their payments": past due.
    let mut k = 0;
    while k + 2 < ws.len() {
        let on_payment = ws[k + 1] == "on"
            && matches!(ws[k + 2].as_str(), "payment" | "payments" | "their" | "its");
        let said = matches!(ws[k].as_str(), "behind" | "late") && on_payment;
        if said {
            let end = if matches!(ws[k + 2].as_str(), "their" | "its") {
                k + 4
            } else {
                k + 3
            };
            if ws
                .get(end - 1)
                .is_some_and(|w| matches!(w.as_str(), "payment" | "payments"))
            {
                ws.splice(k..end, ["past".to_string(), "due".to_string()]);
            }
        }
        k += 1;
    }
    // "how has it moved quarter to quarter", "month to month": by the period.
    let mut k = 0;
    while k + 2 < ws.len() {
        let unit = matches!(
            ws[k].as_str(),
            "day" | "week" | "month" | "quarter" | "year"
        );
        if unit && ws[k + 1] == "to" && ws[k + 2] == ws[k] {
            let by_unit = ["by".to_string(), ws[k].clone()];
            ws.splice(k..k + 3, by_unit);
        }
        k += 1;
    }
    // "top-10 MRR concentration": the share the top ones hold.
    if ws.iter().any(|w| w == "top") {
        for w in ws.iter_mut().filter(|w| *w == "concentration") {
            *w = "share".to_string();
        }
    }
    // "new logos by quarter 2025-now", "from 2025 to date": since the year's start.
    let mut k = 0;
    while k + 1 < ws.len() {
        // (Not "April 2026 to now", "Q1 2025 - today": those are read as they are.)
        let of_a_part = k > 0
            && (time::month_number(&ws[k - 1]).is_some()
                || matches!(ws[k - 1].as_str(), "q1" | "q2" | "q3" | "q4" | "h1" | "h2"));
        let year = !of_a_part
            && ws[k].len() == 4
            && ws[k]
                .parse::<u32>()
                .is_ok_and(|y| (1990..2100).contains(&y));
        let now = |w: &str| matches!(w, "now" | "present" | "today" | "date");
        let span = if !year {
            0
        } else if matches!(ws[k + 1].as_str(), "now" | "present" | "today") {
            2
        } else if matches!(ws[k + 1].as_str(), "to" | "through" | "until" | "till")
            && ws.get(k + 2).is_some_and(|w| now(w))
        {
            3
        } else {
            0
        };
        if span > 0 {
            let year = ws[k].clone();
            let from = k > 0 && ws[k - 1] == "from";
            ws.splice(k - usize::from(from)..k + span, ["since".to_string(), year]);
        }
        k += 1;
    }
    // "which customer pays us the most per month": what it pays per month, ranked.
    if let Some(pay) = ws
        .iter()
        .position(|w| matches!(w.as_str(), "pay" | "pays" | "paying"))
    {
        let after = pay + 1 + usize::from(ws.get(pay + 1).is_some_and(|w| w == "us"));
        let month = (after..ws.len().min(after + 4)).find(|&j| {
            matches!(ws[j].as_str(), "per" | "a" | "each" | "every")
                && ws.get(j + 1).is_some_and(|w| w == "month")
        });
        if let Some(j) = month
            && j > after
            && ws[after..j].iter().all(|w| {
                matches!(
                    w.as_str(),
                    "the" | "most" | "least" | "more" | "less" | "highest" | "lowest"
                )
            })
        {
            let per_month: Vec<String> = ws.drain(j..j + 2).collect();
            ws.splice(after..after, per_month);
        }
    }
    // "vendor bills", "AP bills": the bills of accounts payable, booked in NetSuite (the warehouse's
    // cost export holds no bills).
    for i in 1..ws.len() {
        if matches!(ws[i].as_str(), "bill" | "bills")
            && matches!(
                ws[i - 1].as_str(),
                "vendor" | "vendors" | "supplier" | "suppliers" | "ap" | "payable" | "payables"
            )
        {
            ws[i - 1] = "netsuite".to_string();
            ws[i] = "spend".to_string();
        }
    }
    // "the fraction won for each industry of the account": the account's industry.
    for k in (1..ws.len().saturating_sub(2)).rev() {
        if ws.get(k).is_some_and(|w| w == "of")
            && ws
                .get(k + 1)
                .is_some_and(|w| matches!(w.as_str(), "the" | "their" | "its"))
            && ws
                .get(k + 2)
                .is_some_and(|w| matches!(w.as_str(), "account" | "accounts" | "customer"))
            && matches!(
                ws[k - 1].as_str(),
                "industry" | "industries" | "country" | "countries" | "plan" | "plans" | "owner"
            )
        {
            ws.drain(k..k + 3);
        }
    }
    // "the ticket backlog", "backlog size": the tickets still open. ("in quarter order", "in date
    // order", "chronologically": the order a series comes in already.)
    let other_records = ws.iter().any(|w| {
        let stem = stem(w);
        RECORD_STEMS.contains(&stem.as_str()) && !stem.starts_with("ticket")
    });
    let mut k = 0;
    while k < ws.len() {
        // ("open + pending tickets": every unresolved one, which "open" alone may not be.)
        if ws[k] == "open"
            && ws
                .get(k + 1)
                .is_some_and(|w| matches!(w.as_str(), "plus" | "and" | "or" | "&"))
            && ws.get(k + 2).is_some_and(|w| w == "pending")
        {
            ws.splice(k..k + 3, ["unresolved".to_string()]);
        }
        // ("collections by payment date": the day that places them, not a breakdown.)
        if ws[k] == "by" {
            let the = usize::from(ws.get(k + 1).is_some_and(|w| w == "the"));
            let dated = matches!(
                (
                    ws.get(k + 1 + the).map(String::as_str),
                    ws.get(k + 2 + the).map(String::as_str)
                ),
                (Some("payment" | "paid"), Some("date" | "day"))
                    | (Some("date" | "day"), Some("paid"))
            );
            if dated {
                ws.drain(k..=k + the);
            }
        }
        // ("Technology accounts' tickets last quarter": the tickets from those accounts.)
        let accounts_noun = matches!(
            ws[k].as_str(),
            "accounts" | "customers" | "accts" | "clients" | "account" | "customer" | "acct"
        );
        let records_noun = ws.get(k + 1).is_some_and(|w| {
            matches!(
                w.as_str(),
                "tickets"
                    | "tix"
                    | "deals"
                    | "opportunities"
                    | "opps"
                    | "invoices"
                    | "subscriptions"
            )
        });
        if accounts_noun && records_noun && k > 0 {
            let mut start = k;
            while start > 0 {
                let before = ws[start - 1].as_str();
                if before == "risk" && start >= 2 && ws[start - 2] == "at" {
                    start -= 2;
                } else if !STOPWORDS.contains(&before)
                    && time::month_number(before).is_none()
                    && time::year_number(before).is_none()
                    && !before.chars().any(|c| c.is_ascii_digit())
                    && !matches!(before, "this" | "last" | "ytd" | "qtd" | "mtd")
                {
                    start -= 1;
                } else {
                    break;
                }
            }
            if start < k {
                let records = ws.remove(k + 1);
                ws.splice(start..start, [records, "from".to_string()]);
                k += 2;
            }
        }
        // ("sum of amount for open opps, one number": a single figure, no count asked.)
        if matches!(ws[k].as_str(), "one" | "single")
            && ws
                .get(k + 1)
                .is_some_and(|w| w == "number" || w == "figure")
            && ws.get(k + 2).is_none_or(|w| w != "of")
        {
            let a = usize::from(k > 0 && ws[k - 1] == "a");
            ws.drain(k - a..k + 2);
            k -= a;
            continue;
        }
        // ("wtd pipe": weighted, not week to date.)
        if ws[k] == "wtd"
            && ws
                .get(k + 1)
                .is_some_and(|w| matches!(w.as_str(), "pipe" | "pipeline" | "forecast"))
        {
            ws[k] = "weighted".to_string();
        }
        if ws[k] == "backlog" && !other_records {
            let ticket = ws
                .get(k + 1)
                .is_some_and(|w| w == "tickets" || w == "ticket");
            let said = ["open".to_string(), "tickets".to_string()];
            ws.splice(k..=k + usize::from(ticket), said);
            k += 2;
        } else if ws[k] == "in"
            && ws.get(k + 2).is_some_and(|w| w == "order")
            && ws.get(k + 1).is_some_and(|w| {
                unit(w).is_some() || matches!(w.as_str(), "date" | "chronological" | "time")
            })
        {
            ws.drain(k..k + 3);
        } else if ws[k] == "chronologically" {
            ws.remove(k);
        } else {
            k += 1;
        }
    }
    // "(name / owner / amount)": a list; "2025 costs / 2025 revenue": the first over the second, when
    // two figures are named (else nothing: "green / yellow / red").
    for k in (0..ws.len()).rev() {
        if ws[k] != "slash" {
            continue;
        }
        let listed = |w: Option<&String>| {
            w.is_some_and(|w| {
                matches!(
                    w.as_str(),
                    "name"
                        | "names"
                        | "owner"
                        | "amount"
                        | "stage"
                        | "date"
                        | "priority"
                        | "account"
                )
            })
        };
        if listed(k.checked_sub(1).and_then(|j| ws.get(j))) || listed(ws.get(k + 1)) {
            ws.remove(k);
        }
    }
    // "September 2026 next to September 2025", "side by side", "both numbers": two periods' figures,
    // each shown.
    let mut k = 0;
    while k + 1 < ws.len() {
        let period_next = ws.get(k + 2).is_some_and(|w| {
            time::month_number(w).is_some()
                || time::year_number(w).is_some()
                || matches!(
                    w.as_str(),
                    "last" | "this" | "the" | "q1" | "q2" | "q3" | "q4"
                )
        });
        if ws[k] == "side" && ws[k + 1] == "by" && ws.get(k + 2).is_some_and(|w| w == "side") {
            ws.splice(k..k + 3, ["separately".to_string()]);
        } else if ws[k] == "both"
            && matches!(
                ws[k + 1].as_str(),
                "numbers" | "figures" | "values" | "totals"
            )
        {
            ws.drain(k..k + 2);
        } else if ws[k] == "next" && ws[k + 1] == "to" && period_next {
            ws.splice(k..k + 2, ["vs".to_string()]);
        } else {
            k += 1;
        }
    }
    // "closed opps (won + lost)", "deals that closed, either way": the deals closed, won or lost.
    if ws.iter().any(|w| w == "closed") {
        let mut k = 0;
        while k + 1 < ws.len() {
            let pair = matches!(
                (ws[k].as_str(), ws.get(k + 2).map(String::as_str)),
                ("won", Some("lost")) | ("lost", Some("won"))
            ) && matches!(ws[k + 1].as_str(), "plus" | "and" | "&");
            if pair {
                ws.splice(k..k + 3, ["won", "or", "lost"].map(str::to_string));
                k += 3;
            } else if ws[k] == "closed" && ws[k + 1] == "out" {
                ws.remove(k + 1);
            } else if ws[k] == "either" && ws[k + 1] == "way" {
                ws.splice(k..k + 2, ["won", "or", "lost"].map(str::to_string));
                k += 3;
            } else {
                k += 1;
            }
        }
    }
    // "deal count by stage (open and closed)", "accounts with 5 opportunities (any stage)": every
    // record, whatever its state.
    let mut k = 0;
    while k + 2 < ws.len() {
        let any_stage = matches!(ws[k].as_str(), "any" | "all" | "every")
            && matches!(
                ws[k + 1].as_str(),
                "stage" | "stages" | "status" | "statuses" | "state" | "states"
            );
        let both_states = matches!(
            (ws[k].as_str(), ws[k + 1].as_str(), ws[k + 2].as_str()),
            ("open", "and" | "or", "closed") | ("closed", "and" | "or", "open")
        );
        if any_stage && !(k > 0 && matches!(ws[k - 1].as_str(), "by" | "per" | "in" | "each")) {
            ws.drain(k..k + 2);
        } else if both_states {
            ws.drain(k..k + 3);
        } else {
            k += 1;
        }
    }
    // "won opps where account industry = financial services": the records' account's industry.
    for k in (1..ws.len().saturating_sub(1)).rev() {
        if ws[k - 1] == "where"
            && matches!(ws[k].as_str(), "account" | "accounts" | "customer")
            && matches!(ws[k + 1].as_str(), "industry" | "country" | "employees")
        {
            ws.remove(k);
        }
    }
    // "deals where the account is in Financial Services": a condition on the records' account, not
    // a breakdown by it.
    let mut k = 0;
    while k + 2 < ws.len() {
        let article = usize::from(ws[k + 1] == "the");
        let is_at = k + 2 + article;
        if matches!(ws[k].as_str(), "where" | "whose")
            && ws
                .get(k + 1 + article)
                .is_some_and(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()))
            && ws
                .get(is_at)
                .is_some_and(|w| matches!(w.as_str(), "is" | "are"))
        {
            ws.drain(k..=is_at);
        } else {
            k += 1;
        }
    }
    // "how many bills came in", "the number of SaaS bills": counted, bills are vendor bills (the
    // export has none).
    let counted_bills: Vec<usize> = (0..ws.len())
        .filter(|&i| {
            ws[i] == "bills"
                && ws[i.saturating_sub(3)..i]
                    .iter()
                    .any(|w| matches!(w.as_str(), "many" | "number" | "count" | "#"))
        })
        .collect();
    for i in counted_bills.into_iter().rev() {
        ws[i] = "spend".to_string();
        ws.insert(i, "netsuite".to_string());
    }
    // "avg score among the red band": the only score the model holds is the accounts' health.
    if let Some(i) = ws
        .iter()
        .position(|w| w == "score")
        .filter(|&i| i == 0 || ws[i - 1] != "health")
    {
        ws.insert(i, "health".to_string());
    }
    // "the cloud cost export": the warehouse's export of daily cloud costs, a source of its own.
    for i in 1..ws.len() {
        if matches!(ws[i].as_str(), "export" | "exports")
            && matches!(
                ws[i - 1].as_str(),
                "cost" | "costs" | "cloud" | "billing" | "spend"
            )
        {
            ws[i] = "warehouse".to_string();
        }
    }
    // ("the warehouse export": said once.)
    for i in (1..ws.len()).rev() {
        if matches!(ws[i].as_str(), "export" | "exports") && ws[i - 1] == "warehouse" {
            ws.remove(i);
        }
    }
}

/// "jan-oct 26 vs jan-oct 25": two spans of months compared, each closed by two digits, are two years
/// ("2026", "2025"); one span alone may end on a day ("jan-oct 26").
pub(super) fn years_after_month_spans(question: &str) -> String {
    let tokens: Vec<&str> = question.split(' ').collect();
    let span = |t: &str| {
        t.split_once('-').is_some_and(|(a, b)| {
            time::month_number(&a.to_lowercase()).is_some()
                && time::month_number(&b.to_lowercase()).is_some()
        })
    };
    let two_digits = |t: &str| {
        let t = t.trim_end_matches([',', '?', '.', ';', ')']);
        t.len() == 2 && t.bytes().all(|b| b.is_ascii_digit())
    };
    let closed: Vec<usize> = (1..tokens.len())
        .filter(|&i| span(tokens[i - 1]) && two_digits(tokens[i]))
        .collect();
    if closed.len() < 2 {
        return question.to_string();
    }
    tokens
        .iter()
        .enumerate()
        .map(|(i, t)| {
            if closed.contains(&i) {
                format!("20{t}")
            } else {
                (*t).to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Thresholds written in shorthand, in words the parser reads: "1000+ employees" and "1,000 employees
/// or more" are "at least 1000 employees", "200 to 999 employees" is "between 200 and 999 employees",
/// "a thousand" is 1000, and companies that "employ 500 people" have 500 employees.
pub(super) fn spelled_thresholds(question: &str) -> String {
    let number = |t: &str| {
        let t = t.trim_start_matches('$').replace(',', "").to_lowercase();
        scaled_number(&t).is_some()
    };
    let tokens: Vec<String> = question
        .split_whitespace()
        .map(|t| match t.to_lowercase().as_str() {
            "employ" | "employs" | "employing" => "have".to_string(),
            _ => t.to_string(),
        })
        .collect();
    let lower = |i: usize| tokens.get(i).map(|t| t.to_lowercase()).unwrap_or_default();
    let headcount = |w: &str| {
        matches!(
            w.trim_end_matches([',', '?', '.', ')']),
            "employees" | "employee" | "people" | "staff" | "headcount" | "workers"
        )
    };
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i].as_str();
        let core = t.trim_end_matches([',', '?', '.', ')']);
        if let Some(n) = core.strip_suffix('+').filter(|n| number(n)) {
            out.extend(["at".to_string(), "least".to_string(), n.to_string()]);
            i += 1;
            continue;
        }
        if lower(i) == "a" && matches!(lower(i + 1).as_str(), "thousand" | "hundred") {
            let n = if lower(i + 1) == "thousand" {
                "1000"
            } else {
                "100"
            };
            out.push(n.to_string());
            i += 2;
            continue;
        }
        if number(core)
            && lower(i + 1) == "to"
            && tokens.get(i + 2).is_some_and(|n| number(n))
            && headcount(&lower(i + 3))
        {
            out.extend([
                "between".to_string(),
                core.to_string(),
                "and".to_string(),
                tokens[i + 2].clone(),
            ]);
            i += 3;
            continue;
        }
        // "1k-5k employee customers": between.
        if let Some((low, high)) = core.split_once('-')
            && number(low)
            && number(high)
            && headcount(&lower(i + 1))
        {
            out.extend([
                "between".to_string(),
                low.to_string(),
                "and".to_string(),
                high.to_string(),
                "employees".to_string(),
            ]);
            i += 2;
            continue;
        }
        // "1000 people or more": at least.
        if number(core)
            && headcount(&lower(i + 1))
            && lower(i + 2) == "or"
            && matches!(
                lower(i + 3).trim_end_matches([',', '?', '.']),
                "more" | "above"
            )
        {
            out.extend(["at".to_string(), "least".to_string(), core.to_string()]);
            out.push(if lower(i + 1).starts_with("people") {
                "employees".to_string()
            } else {
                tokens[i + 1].clone()
            });
            i += 4;
            continue;
        }
        if lower(i).trim_end_matches([',', '?', '.']) == "people"
            && i > 0
            && number(tokens[i - 1].trim_end_matches([',', '?', '.']))
        {
            out.push(t.to_lowercase().replacen("people", "employees", 1));
            i += 1;
            continue;
        }
        out.push(t.to_string());
        i += 1;
    }
    out.join(" ")
}

/// Dates written as numbers or ranges spelled as words: "2026-09-01" is "september 1 2026", "jul-sep" is
/// "jul through sep".
pub(crate) fn spelled_dates(question: &str) -> String {
    question
        .split(' ')
        .map(|token| {
            let core = token.trim_matches(|c: char| !c.is_alphanumeric());
            // "FY25", "FY2025": the fiscal year, which here is the calendar year.
            let lower = core.to_lowercase();
            if let Some(year) = lower.strip_prefix("fy")
                && year.chars().all(|c| c.is_ascii_digit())
                && matches!(year.len(), 2 | 4)
            {
                let year = if year.len() == 2 {
                    format!("20{year}")
                } else {
                    year.to_string()
                };
                return token.replacen(core, &year, 1);
            }
            // "8/1-8/31", "9/15-9/30/2026": a range of days.
            if let Some((a, b)) = core.split_once('-')
                && let (Some(a), Some(b)) = (slashed_date(a), slashed_date(b))
            {
                return token.replacen(core, &format!("{a} through {b}"), 1);
            }
            if let Some(date) = slashed_date(core) {
                return token.replacen(core, &date, 1);
            }
            let parts: Vec<&str> = core.split('-').collect();
            match parts.as_slice() {
                [y, m, d] if y.len() == 4 => {
                    let date = format!("{y}-{m}-{d}").parse::<NaiveDate>();
                    match date {
                        Ok(date) => token.replacen(core, &date.format("%B %-d %Y").to_string(), 1),
                        Err(_) => token.to_string(),
                    }
                }
                [a, b]
                    if time::month_number(&a.to_lowercase()).is_some()
                        && time::month_number(&b.to_lowercase()).is_some() =>
                {
                    token.replacen(core, &format!("{a} through {b}"), 1)
                }
                _ => token.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// A date written with slashes, month first, spelled out: "10/30/2026" and "10/30/26" are "October 30
/// 2026", "3/31" is "March 31", "9/2026" is "September 2026".
pub(super) fn slashed_date(core: &str) -> Option<String> {
    let parts: Vec<&str> = core.split('/').collect();
    if parts.len() < 2
        || !parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    {
        return None;
    }
    let month = |m: &str| m.len() <= 2 && m.parse::<u32>().is_ok_and(|m| (1..=12).contains(&m));
    match parts.as_slice() {
        [m, d, y] if month(m) && d.len() <= 2 && matches!(y.len(), 2 | 4) => {
            let year = if y.len() == 2 {
                format!("20{y}")
            } else {
                (*y).to_string()
            };
            let date = format!("{year}-{m}-{d}").parse::<NaiveDate>().ok()?;
            Some(date.format("%B %-d %Y").to_string())
        }
        [m, y] if month(m) && y.len() == 4 => {
            let date = format!("{y}-{m}-1").parse::<NaiveDate>().ok()?;
            Some(date.format("%B %Y").to_string())
        }
        // (A day of the year asked about: its year is read like a month's.)
        [m, d] if month(m) && d.len() <= 2 => {
            let date = format!("2000-{m}-{d}").parse::<NaiveDate>().ok()?;
            Some(date.format("%B %-d").to_string())
        }
        _ => None,
    }
}

/// The day of a month `word` names: "30", "1st", "22nd" (1..=31).
pub(super) fn day_of_month(word: &str) -> Option<u32> {
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|s| word.strip_suffix(s))
        .unwrap_or(word);
    digits
        .parse::<u32>()
        .ok()
        .filter(|d| (1..=31).contains(d) && digits.chars().all(|c| c.is_ascii_digit()))
}

/// Ranges of days in one month spelled as two dates: "September 1 and 30, 2026", "Sept 1-30 2026" and
/// "1 to 15 September" are "September 1 2026 through September 30 2026".
pub(super) fn day_ranges(question: &str) -> String {
    let tokens: Vec<&str> = question.split_whitespace().collect();
    let core = |t: &str| {
        t.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    let day = |t: &str| day_of_month(&core(t));
    let joiner = |t: &str| {
        matches!(
            core(t).as_str(),
            "and" | "to" | "through" | "thru" | "until" | "till"
        ) || matches!(t, "-" | "\u{2013}" | "--")
    };
    let month = |t: &str| time::month_number(&core(t)).map(|_| core(t));
    let year = |t: Option<&&str>| t.and_then(|t| time::year_number(&core(t)).map(|_| core(t)));
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        // The days and the index after them: "1-30" or "1 to 30".
        let days_at = |k: usize| -> Option<(u32, u32, usize)> {
            let t = tokens.get(k)?;
            if let Some((a, b)) = t.split_once(['-', '\u{2013}'])
                && let (Some(a), Some(b)) = (day(a), day(b))
            {
                return Some((a, b, k + 1));
            }
            let (a, b) = (day(t)?, day(tokens.get(k + 2)?)?);
            joiner(tokens.get(k + 1)?).then_some((a, b, k + 3))
        };
        let range = |m: &str, a: u32, b: u32, y: Option<String>| {
            let y = y.map(|y| format!(" {y}")).unwrap_or_default();
            format!("{m} {a}{y} through {m} {b}{y}")
        };
        // "September 1 and 30, 2026".
        if let Some(m) = month(tokens[i])
            && let Some((a, b, next)) = days_at(i + 1)
            && a < b
        {
            let y = year(tokens.get(next));
            let next = next + usize::from(y.is_some());
            out.push(range(&m, a, b, y));
            i = next;
            continue;
        }
        // "1 to 15 September 2026".
        if let Some((a, b, next)) = days_at(i)
            && a < b
            && let Some(m) = tokens.get(next).and_then(|t| month(t))
        {
            let y = year(tokens.get(next + 1));
            let after = next + 1 + usize::from(y.is_some());
            out.push(range(&m, a, b, y));
            i = after;
            continue;
        }
        out.push(tokens[i].to_string());
        i += 1;
    }
    out.join(" ")
}

/// `question` with a ratio written as a formula named: "won/(won+lost)" is the win rate.
pub(super) fn spelled_formulas(question: &str) -> String {
    const FORMULAS: &[(&str, &str)] = &[
        ("won/(won+lost)", "win rate"),
        ("won/(lost+won)", "win rate"),
        ("wins/(wins+losses)", "win rate"),
        ("won/closed", "win rate"),
    ];
    // Byte offsets in `question` of each character that is not white space.
    let kept: Vec<(usize, char)> = question
        .char_indices()
        .filter(|(_, c)| !c.is_whitespace())
        .collect();
    // One character for each kept one (ASCII lowercasing), so positions carry over.
    let compact: String = kept.iter().map(|(_, c)| c.to_ascii_lowercase()).collect();
    for (formula, name) in FORMULAS {
        if let Some(at) = compact.find(formula) {
            let first = compact[..at].chars().count();
            let last = first + formula.chars().count() - 1;
            let (start, _) = kept[first];
            let (end, c) = kept[last];
            return format!(
                "{}{name}{}",
                &question[..start],
                &question[end + c.len_utf8()..]
            );
        }
    }
    question.to_string()
}

/// The question without a line saying who asks or why ("VP Sales here - ...", "I'm about to call Acme:
/// ..."), which would otherwise be read as part of it. Whom the asker is about to meet stays: it is
/// likely whom the question is about.
pub(super) fn without_preamble(question: &str) -> String {
    // "For the annual comparison slide, what was ...", "For the board pack's headline number, what
    // is ...": what the answer is for, then the question.
    if let Some((before, after)) = question.split_once(", ") {
        let lower = before.trim().to_lowercase();
        let asks = after.split_whitespace().next().is_some_and(|w| {
            matches!(
                w.to_lowercase().as_str(),
                "what" | "what's" | "whats" | "how" | "which" | "who" | "show" | "list" | "give"
            )
        });
        let occasion = ["for the ", "for our ", "for my ", "for an ", "for a "]
            .iter()
            .any(|p| lower.starts_with(p))
            && lower.split_whitespace().any(|w| {
                matches!(
                    w.trim_end_matches("'s").trim_end_matches('\u{2019}'),
                    "slide"
                        | "deck"
                        | "pack"
                        | "board"
                        | "report"
                        | "review"
                        | "meeting"
                        | "presentation"
                        | "memo"
                        | "update"
                        | "qbr"
                        | "offsite"
                        | "investors"
                        | "investor"
                )
            });
        if asks && occasion {
            return after.to_string();
        }
    }
    for separator in [": ", " - ", " \u{2014} ", " \u{2013} ", " -- ", ". "] {
        let Some((before, after)) = question.split_once(separator) else {
            continue;
        };
        if after.trim().is_empty() {
            continue;
        }
        let lower = before.trim().to_lowercase();
        let role = lower.split_whitespace().any(|w| {
            matches!(
                w,
                "ceo"
                    | "cfo"
                    | "cro"
                    | "coo"
                    | "cto"
                    | "vp"
                    | "head"
                    | "lead"
                    | "manager"
                    | "analyst"
                    | "controller"
                    | "director"
            )
        });
        // ("For the weekly review: ...", "ahead of the board meeting - ...": what the answer is for.)
        let occasion = ["for ", "ahead of ", "before "]
            .iter()
            .any(|p| lower.starts_with(p))
            && lower.split_whitespace().last().is_some_and(|w| {
                matches!(
                    w,
                    "review"
                        | "meeting"
                        | "deck"
                        | "report"
                        | "sync"
                        | "call"
                        | "standup"
                        | "presentation"
                        | "qbr"
                        | "update"
                        | "memo"
                        | "offsite"
                )
            });
        // ("Quick data quality check: ...", "Board question: ...": what the question is for.)
        if occasion
            || lower.ends_with(" here")
            || lower.ends_with(" check")
            || lower.ends_with(" question")
            || (role && lower.split_whitespace().count() <= 6)
            || ["hey", "hi ", "hello", "quick question", "fyi"]
                .iter()
                .any(|p| lower.starts_with(p))
        {
            return after.to_string();
        }
        if ["i'm ", "i\u{2019}m ", "im ", "i am "]
            .iter()
            .any(|p| lower.starts_with(p))
        {
            // "I'm about to call Fjord Holdings": Fjord Holdings.
            let words: Vec<&str> = before.split_whitespace().collect();
            let verb = words.iter().rposition(|w| {
                matches!(
                    w.to_lowercase().as_str(),
                    "call" | "meet" | "email" | "visit" | "see" | "pitch" | "with" | "to"
                )
            });
            let whom = verb.map_or(String::new(), |v| words[v + 1..].join(" "));
            return format!("{whom} {after}");
        }
    }
    // "finance needs revenue per month", "investor on the phone wants our ARR": who asks, then what.
    let words: Vec<&str> = question.split_whitespace().collect();
    let asks = words
        .iter()
        .take(7)
        .position(|w| matches!(w.to_lowercase().as_str(), "needs" | "wants"));
    // Who asks is a noun phrase, never part of the question ("deals stuck in Needs Analysis").
    let who_asks = |at: &usize| {
        *at > 0
            && !words[..*at].iter().any(|w| {
                matches!(
                    w.to_lowercase().as_str(),
                    "how" | "what" | "which" | "who" | "is" | "are" | "in" | "at" | "to" | "of"
                )
            })
    };
    if let Some(at) = asks.filter(who_asks) {
        let mut rest = &words[at + 1..];
        if let [to, know, tail @ ..] = rest
            && to.eq_ignore_ascii_case("to")
            && know.to_lowercase().starts_with("know")
        {
            rest = tail;
        }
        if !rest.is_empty() {
            return rest.join(" ");
        }
    }
    question.to_string()
}

/// "average MRR per Enterprise plan account": the account named right after "per" ("per account on
/// the Enterprise plan"), so that the average is over accounts and the values between narrow them.
pub(super) fn per_account_first(vocabulary: &Vocabulary, mut ws: Vec<String>) -> Vec<String> {
    let values = |words: &[String]| {
        vocabulary.lookup(words).is_some_and(|terms| {
            terms
                .iter()
                .all(|t| matches!(t, Term::Value(..) | Term::Dimension(_)))
        })
    };
    for per in 0..ws.len() {
        if ws[per] != "per" {
            continue;
        }
        let Some(noun) = (per + 2..(per + 4).min(ws.len()))
            .find(|&k| PER_ACCOUNT_NOUNS.contains(&ws[k].as_str()))
        else {
            continue;
        };
        let between = &ws[per + 1..noun];
        let named = values(between) || between.iter().all(|w| values(std::slice::from_ref(w)));
        if named {
            let noun_word = ws.remove(noun);
            ws.insert(per + 1, noun_word);
        }
    }
    ws
}

/// `question` with a short list after a colon joined by "and": "pipeline: # deals, $" asks both the
/// number and the value, as "pipeline: # deals and $" does.
pub(super) fn listed_after_colon(question: &str) -> String {
    let Some((head, tail)) = question.split_once(": ") else {
        return question.to_string();
    };
    let items: Vec<&str> = tail.split(',').map(str::trim).collect();
    let short = items
        .iter()
        .all(|item| (1..=3).contains(&item.split_whitespace().count()));
    // Figures asked ("# deals", "$", "count", "total value"), not periods put side by side
    // ("October against September, October first").
    let figures = items.iter().any(|item| {
        item.contains(['#', '$'])
            || item.split_whitespace().any(|w| {
                matches!(
                    w.to_lowercase().as_str(),
                    "count" | "number" | "value" | "amount" | "total" | "sum" | "mrr" | "arr"
                )
            })
    });
    if items.len() < 2 || items.len() > 4 || !short || !figures {
        return question.to_string();
    }
    format!("{head}: {}", items.join(" and "))
}

/// `question` with an aside in parentheses between a noun and what qualifies it moved to the end:
/// "each vendor (excluding Cloud infrastructure) whose spend exceeded 50k" is "each vendor whose
/// spend exceeded 50k (excluding Cloud infrastructure)".
pub(super) fn asides_last(question: &str) -> String {
    let Some(open) = question.find('(') else {
        return question.to_string();
    };
    let Some(close) = question[open..].find(')').map(|c| open + c) else {
        return question.to_string();
    };
    let rest = &question[close + 1..];
    let qualifies = rest.split_whitespace().next().is_some_and(|w| {
        matches!(
            w.to_lowercase().as_str(),
            "whose" | "that" | "which" | "who" | "where"
        )
    });
    if !qualifies || open == 0 {
        return question.to_string();
    }
    let rest = rest.trim();
    let (body, end) = match rest.strip_suffix(['?', '.']) {
        Some(body) => (body, &rest[body.len()..]),
        None => (rest, ""),
    };
    format!(
        "{} {body} {}{end}",
        question[..open].trim_end(),
        &question[open..=close]
    )
}

/// `question` without a list of values in parentheses after the breakdown they are values of:
/// "subscriptions by status (active, trialing, past due, canceled)" is by status.
pub(super) fn without_enumerations(vocabulary: &Vocabulary, question: &str) -> String {
    let mut out = question.to_string();
    while let Some(open) = out.find('(') {
        let Some(close) = out[open..].find(')').map(|c| open + c) else {
            break;
        };
        let inside = &out[open + 1..close];
        let listed = inside.contains(',') || inside.contains(" vs ") || inside.contains(" or ");
        let noun = out[..open]
            .split_whitespace()
            .last()
            .map(words)
            .unwrap_or_default();
        let after_a_breakdown = !noun.is_empty()
            && vocabulary
                .lookup(&noun)
                .is_some_and(|terms| terms.iter().any(|t| matches!(t, Term::Dimension(_))));
        if !(listed && after_a_breakdown) {
            break;
        }
        out.replace_range(open..=close, "");
    }
    out
}

/// `question` with a dash between two days read as a range: "Jul 1 - Dec 31", "Oct 1 2025 – Mar 31
/// 2026" run through the second.
pub(super) fn dashed_ranges(question: &str) -> String {
    let tokens: Vec<&str> = question.split_whitespace().collect();
    let core = |t: &str| {
        t.trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase()
    };
    tokens
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let dash = matches!(*t, "-" | "\u{2013}" | "\u{2014}" | "--");
            let before = i.checked_sub(1).map(|j| core(tokens[j]));
            let after = tokens.get(i + 1).map(|t| core(t));
            let a_day = before.as_deref().is_some_and(|b| {
                b.chars().all(|c| c.is_ascii_digit()) || time::month_number(b).is_some()
            });
            let a_month = after
                .as_deref()
                .is_some_and(|a| time::month_number(a).is_some());
            // ("2025 Q1 - 2026 Q3": from one quarter through another.)
            let quarter = |w: &str| matches!(w, "q1" | "q2" | "q3" | "q4");
            let quarters = before.as_deref().is_some_and(quarter)
                && after
                    .as_deref()
                    .is_some_and(|a| quarter(a) || time::year_number(a).is_some());
            if dash && ((a_day && a_month) || quarters) {
                "through".to_string()
            } else if let Some(range) = number_range(t).filter(|_| {
                before
                    .as_deref()
                    .is_none_or(|b| time::month_number(b).is_none())
            }) {
                range
            } else {
                (*t).to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// "how many customers have open tickets", "accounts with no deals this year": accounts, then whether
/// they have records of another kind. Read as two questions: the accounts (what is counted or listed)
/// and the records (what they must have, or have none of), joined by a [`Filter::Records`]. `None`
/// when the question does not have that shape, or either half does not read as one.
/// "avg tickets per ticket-filing account": the accounts that have the records counted are those the
/// average is over already; the qualifier goes.
pub(super) fn records_doing_accounts(mut ws: Vec<String>) -> Vec<String> {
    let at = (2..ws.len()).find(|&k| {
        let record = stem(&ws[k - 2]);
        RECORD_STEMS.contains(&record.as_str())
            && !ACCOUNT_STEMS.contains(&record.as_str())
            && ws[k - 1].ends_with("ing")
            && ACCOUNT_STEMS.contains(&stem(&ws[k]).as_str())
            && ws
                .iter()
                .enumerate()
                .any(|(j, w)| j != k - 2 && stem(w) == record)
    });
    if let Some(k) = at {
        ws.drain(k - 2..k);
    }
    ws
}

/// "this year's tickets": the period, not a plural ("year's" is read as "years").
pub(super) fn possessive_periods(mut ws: Vec<String>) -> Vec<String> {
    // "2026's revenue", "q3's bookings".
    for w in &mut ws {
        if let Some(period) = w.strip_suffix('s')
            && (time::year_number(period).is_some()
                || matches!(period, "q1" | "q2" | "q3" | "q4" | "h1" | "h2"))
        {
            *w = period.to_string();
        }
    }
    for i in 1..ws.len() {
        let singular = ws[i].strip_suffix('s').map(str::to_string);
        if matches!(ws[i - 1].as_str(), "this" | "last" | "next")
            && let Some(singular) = singular
            && unit(&singular).is_some()
        {
            ws[i] = singular;
        }
    }
    ws
}

/// The words of a question in the forms the pass reads: synonyms put in the model's words, numbers
/// written as words read as numbers, and the many ways to say a state, a condition, a breakdown or a
/// period said in the one way the pass knows (each rewrite says what it reads).
pub(super) fn rewritten_words(vocabulary: &Vocabulary, mut ws: Vec<String>) -> Vec<String> {
    // "the highest daily active user count we hit", "the peak we reached last month": the highest,
    // as said already (not a target met).
    let extreme = ws.iter().any(|w| {
        matches!(
            w.as_str(),
            "highest"
                | "lowest"
                | "peak"
                | "max"
                | "maximum"
                | "min"
                | "minimum"
                | "most"
                | "record"
        )
    });
    let mut i = 1;
    while i < ws.len() {
        if extreme
            && ws[i - 1] == "we"
            && matches!(
                ws[i].as_str(),
                "hit" | "reached" | "saw" | "recorded" | "had" | "got" | "achieved"
            )
        {
            ws.drain(i - 1..=i);
        } else {
            i += 1;
        }
    }
    // "deals closed in each of the last 4 quarters": the last 4 quarters, quarter by quarter.
    for i in (0..ws.len().saturating_sub(5)).rev() {
        let number = |w: &str| w.bytes().all(|b| b.is_ascii_digit()) || small_number(w).is_some();
        if ws[i] == "each"
            && ws[i + 1] == "of"
            && ws[i + 2] == "the"
            && matches!(ws[i + 3].as_str(), "last" | "past" | "previous" | "prior")
            && number(&ws[i + 4])
            && ws[i + 5].ends_with('s')
            && unit(&ws[i + 5]).is_some()
        {
            let grain = ws[i + 5].trim_end_matches('s').to_string();
            ws.splice(i + 6..i + 6, ["by".to_string(), grain]);
            ws.drain(i..i + 2);
        }
    }
    // "API call volume", "the API call count": the API calls, a noun before a noun.
    for i in 1..ws.len() {
        if ws[i - 1] == "api" && ws[i] == "call" {
            ws[i] = "calls".to_string();
        }
    }
    let ws: Vec<String> = ws
        .into_iter()
        .map(|w| match SYNONYMS.iter().find(|(word, _)| *word == w) {
            Some((_, canonical)) => (*canonical).to_string(),
            None => w,
        })
        .collect();
    // "USD invoices", "currency was USD": the currency (elsewhere, the unit of the amounts).
    let ws: Vec<String> = ws
        .iter()
        .enumerate()
        .flat_map(|(i, w)| {
            let named = w == "usd"
                && (ws.get(i + 1).is_some_and(|next| {
                    matches!(
                        stem(next).as_str(),
                        "invoic" | "subscript" | "payment" | "currenc" | "bill" | "denomin"
                    )
                }) || (i > 0
                    && ws[i - 1] == "currency"
                    // ("by currency (USD)": a breakdown, in dollars.)
                    && (i < 2 || !matches!(ws[i - 2].as_str(), "by" | "per" | "each" | "invoice")))
                    || (i > 1
                        && matches!(ws[i - 1].as_str(), "is" | "was" | "equals")
                        && ws[i - 2] == "currency"));
            if named {
                vec!["us".to_string(), "dollars".to_string()]
            } else {
                vec![w.clone()]
            }
        })
        .collect();
    // "Monday, October 26", "Fri 30 Oct": the date (its weekday says nothing more).
    let ws: Vec<String> = (0..ws.len())
        .filter(|&i| {
            let dated = |k: usize| ws.get(k).is_some_and(|w| time::month_number(w).is_some());
            let day = ws.get(i + 1).is_some_and(|w| day_of_month(w).is_some());
            !(WEEKDAYS.contains(&ws[i].as_str()) && (dated(i + 1) || (day && dated(i + 2))))
        })
        .map(|i| ws[i].clone())
        .collect();
    // "total active users across every account": all of them, in one figure (not each one's).
    let ws: Vec<String> = {
        let mut out = Vec::with_capacity(ws.len());
        let mut i = 0;
        while i < ws.len() {
            let all = ws[i] == "across"
                && ws
                    .get(i + 1)
                    .is_some_and(|w| matches!(w.as_str(), "every" | "all"));
            let mut k = i + 2;
            while ws
                .get(k)
                .is_some_and(|w| matches!(w.as_str(), "the" | "our" | "of"))
            {
                k += 1;
            }
            if all
                && ws
                    .get(k)
                    .is_some_and(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()))
            {
                i = k + 1;
                continue;
            }
            out.push(ws[i].clone());
            i += 1;
        }
        out
    };
    // "across the whole database", "in our data": everything, as a question reads anyway.
    let mut ws = ws;
    for i in (0..ws.len()).rev() {
        if !matches!(ws[i].as_str(), "across" | "in" | "over" | "from") {
            continue;
        }
        let mut k = i + 1;
        while ws.get(k).is_some_and(|w| {
            matches!(
                w.as_str(),
                "the" | "our" | "whole" | "entire" | "full" | "all"
            )
        }) {
            k += 1;
        }
        if k > i + 1
            && ws
                .get(k)
                .is_some_and(|w| matches!(w.as_str(), "database" | "dataset" | "data" | "db"))
        {
            ws.drain(i..=k);
        }
    }
    // "the team's win rate", "deals the team lost", "across the whole team": the company's (a
    // breakdown is "by team", "each team", "which team").
    for i in (1..ws.len()).rev() {
        if i >= ws.len() || !matches!(ws[i].as_str(), "team" | "teams") {
            continue;
        }
        let mut start = i;
        if matches!(ws[start - 1].as_str(), "whole" | "entire") {
            start -= 1;
        }
        if start == 0 || !matches!(ws[start - 1].as_str(), "the" | "our" | "my") {
            continue;
        }
        start -= 1;
        if start >= 1
            && matches!(
                ws[start - 1].as_str(),
                "by" | "per" | "each" | "every" | "which" | "what"
            )
        {
            continue;
        }
        if start >= 1 && matches!(ws[start - 1].as_str(), "across" | "for") {
            start -= 1;
        }
        ws.drain(start..=i);
    }
    // "ARPU": the words it stands for.
    let ws: Vec<String> = ws
        .into_iter()
        .flat_map(|w| match EXPANSIONS.iter().find(|(short, _)| *short == w) {
            Some((_, long)) => long.split(' ').map(str::to_string).collect(),
            None => vec![w],
        })
        .collect();
    // "more than twenty deals", "over two tickets", "two million": the number.
    let mut ws = ws;
    for i in 0..ws.len() {
        let compared = i.checked_sub(1).is_some_and(|j| {
            matches!(
                ws[j].as_str(),
                "than" | "over" | "under" | "above" | "below" | "least" | "exceeding" | "exceeds"
            )
        }) || ws
            .get(i + 1)
            .is_some_and(|w| matches!(w.as_str(), "million" | "thousand" | "hundred"));
        if let Some(n) = small_number(&ws[i]).filter(|n| *n > 12 || compared)
            && ws[i].chars().all(|c| c.is_ascii_alphabetic())
        {
            ws[i] = n.to_string();
        }
    }
    // "a hundred thousand dollars", "two hundred": the hundreds, as one number.
    // (By now "hundred" may be 100.)
    for i in (0..ws.len().saturating_sub(1)).rev() {
        if ws[i + 1] != "hundred" && ws[i + 1] != "100" {
            continue;
        }
        let n = match ws[i].as_str() {
            "a" | "one" => Some(1.0),
            w => w
                .parse::<f64>()
                .ok()
                .filter(|n| *n < 10.0 && n.fract() == 0.0),
        };
        if let Some(n) = n {
            ws.splice(i..=i + 1, [format!("{}", n * 100.0)]);
        }
    }
    // "a million", "half a million", "a quarter of a million", "two and a half million": the number.
    for i in (1..ws.len()).rev() {
        // (A splice shortens the words under the loop.)
        let scale = match ws.get(i).map(String::as_str) {
            Some("thousand") => 1e3,
            Some("million") => 1e6,
            Some("billion") => 1e9,
            _ => continue,
        };
        let at = |k: usize, word: &str| i.checked_sub(k).is_some_and(|j| ws[j] == word);
        let (start, times) = if at(1, "half") && at(2, "a") && at(3, "and") {
            let whole = |w: &String| w.parse::<f64>().ok().or(small_number(w).map(f64::from));
            match i.checked_sub(4).and_then(|j| whole(&ws[j])) {
                Some(n) => (i - 4, n + 0.5),
                None => continue,
            }
        } else if at(1, "a") && at(2, "half") {
            (i - 2, 0.5)
        } else if at(1, "a") && at(2, "of") && at(3, "quarter") {
            (i - 3 - usize::from(at(4, "a")), 0.25)
        } else if at(1, "quarter") && at(2, "a") {
            (i - 2, 0.25)
        } else if at(1, "half") && at(2, "a") {
            (i - 2, 0.5)
        } else if at(1, "a") {
            (i - 1, 1.0)
        } else {
            continue;
        };
        ws.splice(start..=i, [format!("{}", times * scale)]);
    }
    // "tickets that went past their SLA": breached it.
    for i in (1..ws.len()).rev() {
        if matches!(
            ws[i - 1].as_str(),
            "went" | "gone" | "go" | "goes" | "going"
        ) && matches!(ws[i].as_str(), "past" | "over" | "beyond")
            && ws[i..].iter().any(|w| w == "sla" || w == "slas")
        {
            ws.splice(i - 1..=i, ["breached".to_string()]);
        }
    }
    // "tickets that blew the SLA", "missed their SLA": breached it.
    for i in (0..ws.len()).rev() {
        let broke = matches!(
            ws[i].as_str(),
            "blew" | "blown" | "broke" | "broken" | "missed" | "violated" | "exceeded" | "busted"
        );
        let article = usize::from(
            ws.get(i + 1)
                .is_some_and(|w| matches!(w.as_str(), "the" | "their" | "its")),
        );
        if broke
            && ws
                .get(i + 1 + article)
                .is_some_and(|w| w == "sla" || w == "slas")
        {
            ws.splice(i..=i + 1 + article, ["breached".to_string()]);
        }
    }
    // "tickets opened in October by accounts whose owner is Yuki", "raised by accounts in the Technology
    // industry": who did it, not a breakdown by account.
    for i in (0..ws.len().saturating_sub(2)).rev() {
        let accounts =
            ws[i + 1].ends_with('s') && ACCOUNT_STEMS.contains(&stem(&ws[i + 1]).as_str());
        let relative = matches!(
            ws[i + 2].as_str(),
            "whose"
                | "that"
                | "which"
                | "who"
                | "in"
                | "with"
                | "on"
                | "based"
                | "located"
                | "owned"
        );
        if ws[i] == "by" && accounts && relative {
            ws[i] = "from".to_string();
        }
    }
    // "leave Starter out", "leave out anything booked in NetSuite": excluding it.
    for i in (0..ws.len()).rev() {
        if !matches!(ws[i].as_str(), "leave" | "leaving") {
            continue;
        }
        if let Some(k) = (i + 1..(i + 5).min(ws.len())).find(|&k| ws[k] == "out" || ws[k] == "off")
        {
            ws.remove(k);
            ws[i] = "excluding".to_string();
        }
    }
    // "lack a due date", "lacking an owner": without one.
    for w in &mut ws {
        if matches!(w.as_str(), "lack" | "lacks" | "lacking") {
            *w = "without".to_string();
        }
    }
    // "created this year, up to today": the period said, as far as it has gone.
    for i in (0..ws.len()).rev() {
        let span = match (
            ws[i].as_str(),
            ws.get(i + 1).map(String::as_str),
            ws.get(i + 2).map(String::as_str),
        ) {
            ("up", Some("to" | "till" | "until"), Some("today" | "now")) => 3,
            _ => 0,
        };
        let period_before = ws[..i].iter().any(|w| {
            time::year_number(w).is_some()
                || time::month_number(w).is_some()
                || matches!(
                    w.as_str(),
                    "year"
                        | "quarter"
                        | "month"
                        | "week"
                        | "ytd"
                        | "qtd"
                        | "mtd"
                        | "q1"
                        | "q2"
                        | "q3"
                        | "q4"
                        | "h1"
                        | "h2"
                )
        });
        let range = ws[..i].iter().any(|w| w == "from" || w == "between");
        if span > 0 && period_before && !range {
            ws.drain(i..i + span);
        }
    }
    // "the most API calls, and how many calls each": the API calls, said again.
    if ws.windows(2).any(|p| p[0] == "api" && p[1] == "calls") {
        for i in (0..ws.len()).rev() {
            if ws[i] == "calls" && (i == 0 || ws[i - 1] != "api") {
                ws.insert(i, "api".to_string());
            }
        }
    }
    // "(all history)", "full history": all time, not a trend.
    for i in (1..ws.len()).rev() {
        if matches!(ws[i - 1].as_str(), "all" | "full" | "whole" | "entire") && ws[i] == "history" {
            ws[i] = "time".to_string();
        }
    }
    // "over the last year", "in the past year": the last 12 months ("last year" alone is the calendar
    // year before this one).
    for i in (1..ws.len().saturating_sub(2)).rev() {
        if matches!(
            ws[i - 1].as_str(),
            "over" | "in" | "during" | "within" | "for" | "across" | "throughout"
        ) && ws[i] == "the"
            && matches!(ws[i + 1].as_str(), "last" | "past")
            && ws[i + 2] == "year"
        {
            ws.splice(
                i + 1..=i + 2,
                ["last".to_string(), "12".to_string(), "months".to_string()],
            );
        }
    }
    // "how much MRR do they account for", "the share accounted for by Enterprise": a verb, not the
    // accounts.
    for i in (0..ws.len()).rev() {
        let verb = match ws[i].as_str() {
            "accounted" => true,
            "account" | "accounts" => {
                i + 2 == ws.len()
                    || i.checked_sub(1).is_some_and(|j| {
                        matches!(
                            ws[j].as_str(),
                            "do" | "does"
                                | "did"
                                | "they"
                                | "it"
                                | "that"
                                | "which"
                                | "these"
                                | "those"
                                | "to"
                        )
                    })
            }
            _ => false,
        };
        if verb && ws.get(i + 1).is_some_and(|w| w == "for") {
            ws.drain(i..=i + 1);
        }
    }
    // "whose resolution date is missing": with no resolution date.
    for i in (0..ws.len()).rev() {
        if ws[i] == "whose"
            && ws.get(i + 2).is_some_and(|w| w == "date")
            && ws.get(i + 3).is_some_and(|w| w == "is")
            && ws
                .get(i + 4)
                .is_some_and(|w| matches!(w.as_str(), "missing" | "empty" | "blank" | "null"))
        {
            let event = ws[i + 1].clone();
            ws.splice(
                i..=i + 4,
                [
                    "with".to_string(),
                    "no".to_string(),
                    event,
                    "date".to_string(),
                ],
            );
        }
    }
    // "the second quarter", "the third and fourth quarters of 2026", "the first half": Q2, Q3 and Q4,
    // H1.
    let ordinal = |w: &str| match w {
        "first" | "1st" => Some(1),
        "second" | "2nd" => Some(2),
        "third" | "3rd" => Some(3),
        "fourth" | "4th" => Some(4),
        _ => None,
    };
    for i in (0..ws.len()).rev() {
        let (Some(n), Some(unit)) = (ordinal(&ws[i]), ws.get(i + 1).cloned()) else {
            continue;
        };
        let prefix = match unit.as_str() {
            "quarter" | "quarters" => "q",
            "half" | "halves" if n <= 2 => "h",
            _ => continue,
        };
        ws.splice(i..=i + 1, [format!("{prefix}{n}")]);
        // "the second and third quarters", "the second and the third quarter": the first ordinal too.
        let article = usize::from(i >= 1 && ws[i - 1] == "the");
        if i >= 2 + article
            && ws[i - 1 - article] == "and"
            && let Some(m) = ordinal(&ws[i - 2 - article])
        {
            ws[i - 2 - article] = format!("{prefix}{m}");
        }
    }
    // "the 1st of July 2026", "the first of October": July 1 2026, October 1.
    for i in (0..ws.len()).rev() {
        let day = match ws[i].as_str() {
            "first" => Some(1),
            w if w.ends_with(|c: char| c.is_ascii_alphabetic()) => day_of_month(w),
            _ => None,
        };
        if let Some(day) = day
            && ws.get(i + 1).is_some_and(|w| w == "of")
            && let Some(month) = ws
                .get(i + 2)
                .filter(|m| time::month_number(m).is_some())
                .cloned()
        {
            ws.splice(i..=i + 2, [month, day.to_string()]);
            if i > 0 && ws[i - 1] == "the" {
                ws.remove(i - 1);
            }
        }
    }
    // "a cancellation date earlier than July 1": before it.
    for i in (1..ws.len()).rev() {
        // ("older than 90 days" is an age.)
        let days = ws.get(i + 2).is_some_and(|w| {
            matches!(w.as_str(), "day" | "days" | "week" | "weeks" | "wk" | "wks")
        });
        if matches!(ws[i - 1].as_str(), "earlier" | "older" | "prior") && ws[i] == "than" && !days {
            ws.splice(i - 1..=i, ["before".to_string()]);
        }
    }
    // "quarter by quarter", "month by month": quarterly, monthly.
    for i in (2..ws.len()).rev() {
        if ws[i - 1] == "by" && ws[i - 2] == ws[i] {
            let every = match ws[i].as_str() {
                "quarter" => "quarterly",
                "month" => "monthly",
                "week" => "weekly",
                _ => continue,
            };
            ws.splice(i - 2..=i, [every.to_string()]);
        }
    }
    // "weighted value of the open deals": the weighted pipeline (named once).
    let pipeline_named = ws.iter().any(|w| w == "pipeline" || w == "pipe");
    for i in (0..ws.len()).rev().filter(|_| !pipeline_named) {
        if ws[i] == "weighted"
            && ws
                .get(i + 1)
                .is_some_and(|w| matches!(w.as_str(), "value" | "amount" | "total" | "sum"))
        {
            ws[i + 1] = "pipeline".to_string();
        }
    }
    // "how many countries do their accounts span": in.
    ws.retain(|w| !matches!(w.as_str(), "span" | "spans"));
    // "SLA-breached tickets": breached ones.
    for i in (1..ws.len()).rev() {
        if ws[i - 1] == "sla"
            && ws[i] == "breached"
            && ws.get(i + 1).is_some_and(|w| stem(w) == "ticket")
        {
            ws.remove(i - 1);
        }
    }
    // "average daily active users", "avg DAU", "the daily average of API calls": the average of the
    // daily figures.
    // ("average DAU by month": each month's, which is not read.)
    let other_grain = ws
        .iter()
        .any(|w| matches!(w.as_str(), "monthly" | "weekly" | "quarterly" | "trend"))
        || ws.windows(2).any(|p| {
            matches!(p[0].as_str(), "by" | "per" | "each" | "every")
                && matches!(p[1].as_str(), "month" | "week" | "quarter" | "year")
        });
    for i in (0..ws.len()).rev().filter(|_| !other_grain) {
        // ("max DAU in September": the busiest day's.)
        let average = |w: &String| {
            matches!(
                w.as_str(),
                "average" | "avg" | "mean" | "max" | "maximum" | "min" | "minimum"
            )
        };
        let per_day = ["per".to_string(), "day".to_string()];
        // ("the highest daily active user count", "peak DAU", "the highest number of daily active
        // users": the maximum of the days'; "peak DAU day": the day.)
        let day_asked = ws
            .iter()
            .any(|w| matches!(w.as_str(), "day" | "days" | "date" | "when"));
        if !day_asked
            && matches!(ws[i].as_str(), "highest" | "lowest")
            && ws.get(i + 1).is_some_and(|w| w == "number")
            && ws.get(i + 2).is_some_and(|w| w == "of")
            && ws.get(i + 3).is_some_and(|w| w == "daily")
        {
            ws.drain(i + 1..=i + 2);
        }
        if !day_asked && ws.get(i + 1).is_some_and(|w| w == "daily" || w == "dau") {
            match ws[i].as_str() {
                "highest" => ws[i] = "max".to_string(),
                "lowest" => ws[i] = "min".to_string(),
                _ => {}
            }
        }
        if average(&ws[i]) && ws.get(i + 1).is_some_and(|w| w == "daily") {
            ws.splice(i + 1..i + 2, per_day);
        } else if average(&ws[i]) && ws.get(i + 1).is_some_and(|w| w == "dau") {
            ws.splice(i + 1..i + 1, per_day);
        } else if ws[i] == "daily" && ws.get(i + 1).is_some_and(average) {
            ws.splice(
                i..i + 2,
                ["average".to_string(), "per".into(), "day".into()],
            );
        }
    }
    // "which deals did we win, and for how much": the deals with their amounts. ("which customers
    // churned last month and how much MRR did each have", "which Enterprise customers are past due,
    // and what's their ARR", "list them with the MRR each one had": the records with their value.)
    if ws
        .first()
        .is_some_and(|w| matches!(w.as_str(), "which" | "list" | "show"))
        && let Some((at, value)) = (0..ws.len()).find_map(|k| {
            if ws[k] != "and" && ws[k] != "with" {
                return None;
            }
            let tail = ws[k + 1..].iter().map(String::as_str).collect::<Vec<_>>();
            if ws[k] == "and" && (tail == ["how", "much"] || tail == ["for", "how", "much"]) {
                return Some((k, "amounts"));
            }
            let value_at = match tail.as_slice() {
                ["how", "much", ..] => 2,
                ["what", "is" | "are" | "was" | "were", "their" | "its", ..] => 3,
                ["whats" | "their" | "its", ..] if ws[k] == "and" => {
                    1 + usize::from(tail[0] == "whats" && tail.get(1) == Some(&"their"))
                }
                ["the", _, "each", ..] | ["what", _, "did" | "does" | "do", ..] => 1,
                _ => return None,
            };
            let value = *tail.get(value_at)?;
            let rest_said = tail[value_at + 1..].iter().all(|w| {
                matches!(
                    *w,
                    "did"
                        | "do"
                        | "does"
                        | "each"
                        | "one"
                        | "had"
                        | "has"
                        | "have"
                        | "is"
                        | "was"
                        | "are"
                        | "were"
                        | "on"
                        | "it"
                        | "them"
                        | "they"
                        | "carry"
                        | "carried"
                )
            });
            let value_word = RECORD_VALUE_WORDS.contains(&value);
            (value_word && rest_said && (ws[k] == "and" || tail[0] == "the")).then_some((k, value))
        })
    {
        let value = if value == "amounts" {
            vec!["with".to_string(), "amounts".into()]
        } else {
            vec!["with".to_string(), "their".into(), value.to_string()]
        };
        ws.splice(at.., value);
    }
    // "rank all reps by bookings": the reps ranked.
    for i in (1..ws.len()).rev() {
        if matches!(ws[i - 1].as_str(), "rank" | "sort" | "order")
            && matches!(ws[i].as_str(), "all" | "every")
        {
            ws.remove(i);
        }
    }
    // "deals that entered the pipeline in 2026", "added to the pipeline": created then, whatever
    // became of them.
    for i in (0..ws.len()).rev() {
        let verb = matches!(
            ws[i].as_str(),
            "entered" | "enter" | "entering" | "added" | "joined"
        );
        let into = usize::from(ws.get(i + 1).is_some_and(|w| w == "to" || w == "into"));
        let at = i
            + 1
            + into
            + usize::from(
                ws.get(i + 1 + into)
                    .is_some_and(|w| w == "the" || w == "our"),
            );
        if verb && ws.get(at).is_some_and(|w| w == "pipeline" || w == "pipe") {
            ws.splice(i..=at, ["created".to_string()]);
        }
    }
    // "the stored volume in gigabytes", "stored GB": the storage.
    for i in 0..ws.len().saturating_sub(1) {
        if ws[i] == "stored"
            && matches!(
                ws[i + 1].as_str(),
                "volume" | "gigabytes" | "gb" | "data" | "bytes" | "terabytes" | "tb"
            )
        {
            ws[i] = "storage".to_string();
        }
    }
    // "which rep takes the longest to close", "the priority that took the least time to resolve":
    // the slowest and the fastest to do it.
    for i in (0..ws.len()).rev() {
        if !matches!(ws[i].as_str(), "take" | "takes" | "took" | "taking") {
            continue;
        }
        let at = i + 1 + usize::from(ws.get(i + 1).is_some_and(|w| w == "the"));
        let (speed, len) = match (
            ws.get(at).map(String::as_str),
            ws.get(at + 1).map(String::as_str),
        ) {
            (Some("longest"), Some("time")) | (Some("most"), Some("time" | "days")) => {
                ("slowest", 2)
            }
            (Some("shortest" | "least"), Some("time")) | (Some("fewest"), Some("days")) => {
                ("fastest", 2)
            }
            (Some("longest"), _) => ("slowest", 1),
            (Some("shortest"), _) => ("fastest", 1),
            _ => continue,
        };
        // ("takes the most days on average from creation to close": to do what follows.)
        let to = (at + len..(at + len + 7).min(ws.len())).any(|k| ws[k] == "to");
        if to {
            ws.splice(i..at + len, [speed.to_string()]);
        }
    }
    // "customers who haven't paid their invoices": those with unpaid invoices (who never paid one,
    // "haven't paid an invoice", are others).
    for i in (0..ws.len().saturating_sub(3)).rev() {
        let denied = matches!(
            ws[i].as_str(),
            "havent" | "hasnt" | "didnt" | "dont" | "doesnt" | "not"
        );
        if denied
            && matches!(ws[i + 1].as_str(), "paid" | "pay" | "settled" | "settle")
            && matches!(ws[i + 2].as_str(), "their" | "its")
            && matches!(
                ws[i + 3].as_str(),
                "invoice" | "invoices" | "bill" | "bills"
            )
        {
            ws.splice(
                i..=i + 3,
                ["with", "unpaid", "invoices"].map(str::to_string),
            );
        }
    }
    // "customers that hold a subscription": with one (deals "on hold" are another thing).
    for i in 0..ws.len() {
        if matches!(ws[i].as_str(), "hold" | "holds" | "holding")
            && (i == 0 || ws[i - 1] != "on")
            && ws.get(i + 1).is_some_and(|w| {
                matches!(w.as_str(), "a" | "an" | "any" | "active" | "live" | "paid")
                    || stem(w) == stem("subscription")
            })
        {
            ws[i] = "with".to_string();
        }
    }
    // "an active or past-due subscription": an active one (past due ones are active too).
    for i in (0..ws.len()).rev() {
        let joined = |j: usize| {
            ws.get(j)
                .is_some_and(|w| matches!(w.as_str(), "or" | "and"))
        };
        let past_due = |j: usize| {
            ws.get(j..j + 2)
                .is_some_and(|p| p[0] == "past" && p[1] == "due")
        };
        // ("with a live subscription" names the customers.)
        let live = if i > 0 && matches!(ws[i - 1].as_str(), "a" | "an") {
            "live"
        } else {
            "active"
        };
        if (ws[i] == "active" && joined(i + 1) && past_due(i + 2))
            || (past_due(i) && joined(i + 2) && ws.get(i + 3).is_some_and(|w| w == "active"))
        {
            ws.splice(i..i + 4, [live.to_string()]);
        }
    }
    // "sept vendor spend breakdown": spend by vendor.
    if let Some(k) = ws
        .iter()
        .position(|w| matches!(w.as_str(), "breakdown" | "breakout" | "split"))
        .filter(|&k| {
            !ws[k..]
                .iter()
                .any(|w| matches!(w.as_str(), "by" | "per" | "across" | "into" | "between"))
        })
    {
        let dimension_only = |w: &String| {
            vocabulary
                .lookup(std::slice::from_ref(w))
                .is_some_and(|terms| terms.iter().all(|t| matches!(t, Term::Dimension(_))))
        };
        let measure = |w: &String| {
            vocabulary
                .lookup(std::slice::from_ref(w))
                .is_some_and(|terms| terms.iter().any(|t| matches!(t, Term::Metric(_))))
        };
        if let Some(j) = (0..k.saturating_sub(1))
            .find(|&j| dimension_only(&ws[j]) && ws[j + 1..k].iter().all(measure))
        {
            let dimension = ws.remove(j);
            ws.splice(k - 1..k, ["by".to_string(), dimension]);
        }
    }
    // Support cases, requests and issues are tickets (API requests are not); "invoices we issue",
    // "the issue date" are the invoice's.
    for i in 0..ws.len() {
        let issued = matches!(ws[i].as_str(), "issue" | "issues")
            && (i.checked_sub(1).is_some_and(|j| {
                matches!(
                    ws[j].as_str(),
                    "we" | "i" | "you" | "they" | "did" | "do" | "does" | "to" | "will" | "stripe"
                )
            }) || ws.get(i + 1).is_some_and(|w| {
                matches!(
                    w.as_str(),
                    "date" | "dates" | "a" | "an" | "the" | "invoice" | "invoices"
                )
            }));
        if issued {
            ws[i] = "issued".to_string();
            continue;
        }
        if matches!(
            ws[i].as_str(),
            "cases" | "requests" | "issues" | "case" | "request" | "issue"
        ) && (i == 0 || !matches!(ws[i - 1].as_str(), "api" | "use" | "business" | "feature"))
        {
            ws[i] = if ws[i].ends_with('s') {
                "tickets"
            } else {
                "ticket"
            }
            .to_string();
        }
    }
    // "customers that never contacted support": that never opened a ticket.
    for i in (1..ws.len()).rev() {
        if matches!(
            ws[i - 1].as_str(),
            "contacted" | "called" | "emailed" | "reached"
        ) && ws[i] == "support"
        {
            ws.splice(i - 1..=i, ["opened", "a", "ticket"].map(str::to_string));
        }
    }
    // Tickets are logged, raised, filed or submitted: opened.
    if ws.iter().any(|w| stem(w) == "ticket") {
        for w in &mut ws {
            let opened = match w.as_str() {
                "log" | "raise" | "file" | "submit" => "open",
                "logged" | "raised" | "filed" | "submitted" => "opened",
                _ => continue,
            };
            *w = opened.to_string();
        }
    }
    // "waiting on a (ticket) resolution": unresolved; "customers waiting on a ticket resolution" have
    // an unresolved ticket.
    // "accounts waiting on resolution of an urgent ticket": with an unresolved one.
    let mut i = 0;
    while i + 3 < ws.len() {
        let article = |w: &str| matches!(w, "a" | "an" | "the" | "their" | "its");
        let waiting = matches!(ws[i].as_str(), "waiting" | "awaiting")
            && matches!(ws[i + 1].as_str(), "on" | "for");
        let at = i + 2 + usize::from(article(&ws[i + 2]));
        if waiting
            && ws.get(at).is_some_and(|w| w == "resolution")
            && ws
                .get(at + 1)
                .is_some_and(|w| matches!(w.as_str(), "of" | "for" | "on"))
        {
            let end = at + 1 + ws.get(at + 2).map_or(0, |w| usize::from(article(w)));
            ws.splice(i..=end, ["with", "an", "unresolved"].map(str::to_string));
        }
        // "customers waiting on an unresolved support ticket", "waiting for a ticket": with an
        // unresolved one.
        let ticket = (i + 2..(i + 7).min(ws.len())).find(|&k| stem(&ws[k]) == "ticket");
        if waiting
            && let Some(ticket) = ticket
            && !ws[i + 2..(ticket + 2).min(ws.len())]
                .iter()
                .any(|w| w == "resolution")
        {
            let state = ws[i + 2..ticket]
                .iter()
                .any(|w| matches!(w.as_str(), "open" | "unresolved" | "pending"));
            if !state {
                ws.insert(ticket, "unresolved".to_string());
            }
            ws.splice(i..=i + 1, ["with".to_string()]);
            i += 1;
            continue;
        }
        let waiting = waiting && article(&ws[i + 2]);
        if waiting && ws[i + 3] == "resolution" {
            ws.splice(i..=i + 3, ["unresolved".to_string()]);
        } else if waiting
            && ws.get(i + 4).is_some_and(|w| w == "resolution")
            && stem(&ws[i + 3]) == "ticket"
        {
            let with = ["with", "an", "unresolved", "ticket"].map(str::to_string);
            ws.splice(i..=i + 4, with);
        }
        i += 1;
    }
    // "who has open tickets", "who do we have bad debt with": the customers with those records
    // (tickets, invoices and subscriptions have no owner); "who has the most tickets" is ranked below.
    let ranks = ws.iter().any(|w| {
        matches!(
            w.as_str(),
            "most" | "least" | "fewest" | "top" | "biggest" | "largest" | "highest" | "lowest"
        )
    });
    if ws.first().is_some_and(|w| w == "who") && !ranks {
        let verb = match ws.get(1).map(String::as_str) {
            Some("has" | "have" | "got" | "holds") => Some(2),
            Some("do")
                if ws.get(2).is_some_and(|w| w == "we")
                    && ws.get(3).is_some_and(|w| w == "have") =>
            {
                Some(4)
            }
            _ => None,
        };
        let customers_records = ws.iter().any(|w| {
            let s = stem(w);
            ["invoic", "ticket", "subscript", "debt"].contains(&s.as_str())
        });
        if let Some(after) = verb
            && customers_records
        {
            if after == 4 && ws.last().is_some_and(|w| w == "with") {
                ws.pop();
            }
            let which = ["which", "customers", "have"].map(str::to_string);
            ws.splice(0..after, which);
        }
    }
    // "by the country of the account": by the account's country.
    for by in (0..ws.len()).rev() {
        if ws[by] != "by" {
            continue;
        }
        let word = by + 1 + usize::from(ws.get(by + 1).is_some_and(|w| w == "the" || w == "each"));
        let of = word + 1;
        let mut noun = of + 1;
        if ws
            .get(noun)
            .is_some_and(|w| matches!(w.as_str(), "the" | "their" | "its" | "each"))
        {
            noun += 1;
        }
        let names_a_dimension = |w: &String| {
            vocabulary
                .lookup(std::slice::from_ref(w))
                .is_some_and(|terms| terms.iter().any(|t| matches!(t, Term::Dimension(_))))
        };
        if ws.get(of).is_some_and(|w| w == "of")
            && ws
                .get(word)
                .is_some_and(|w| !ACCOUNT_STEMS.contains(&stem(w).as_str()) && names_a_dimension(w))
            && ws
                .get(noun)
                .is_some_and(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()))
        {
            ws.drain(of..=noun);
        }
    }
    // "customers with bad debt": with uncollectible invoices (the records, not their amount);
    // "Enterprise-plan business": business is no plan there.
    for i in (1..ws.len()).rev() {
        if ws[i - 1] == "bad"
            && ws[i] == "debt"
            && i >= 2
            && matches!(ws[i - 2].as_str(), "have" | "has" | "with" | "had")
        {
            ws.splice(i - 1..=i, ["uncollectible", "invoices"].map(str::to_string));
        } else if ws[i] == "business" && matches!(ws[i - 1].as_str(), "plan" | "tier") {
            ws.remove(i);
        }
    }
    // "I'd like to know how many ...", "I would like to see": the question after.
    for i in (0..ws.len()).rev() {
        let polite = match ws.get(i..i + 3) {
            Some([a, b, c]) if a == "id" && b == "like" && c == "to" => 3,
            _ => match ws.get(i..i + 4) {
                Some([a, b, c, d]) if a == "i" && b == "would" && c == "like" && d == "to" => 4,
                _ => 0,
            },
        };
        if polite > 0 {
            let verb = ws.get(i + polite).is_some_and(|w| {
                matches!(w.as_str(), "know" | "see" | "get" | "understand" | "find")
            });
            ws.drain(i..i + polite + usize::from(verb));
        }
    }
    // "recurring revenue on an annual basis", "annualized MRR": ARR.
    let annual_at = (0..ws.len()).find_map(|i| {
        if matches!(ws[i].as_str(), "annualized" | "annualised") {
            return Some(i..i + 1);
        }
        let basis = ws.get(i..i + 4)?;
        (basis[0] == "on"
            && matches!(basis[1].as_str(), "an" | "a")
            && basis[2] == "annual"
            && basis[3] == "basis")
            .then_some(i..i + 4)
    });
    if let Some(span) = annual_at
        && let Some(at) = (0..ws.len()).find(|&i| {
            ws[i] == "mrr"
                || (ws[i] == "recurring" && ws.get(i + 1).is_some_and(|w| w == "revenue"))
        })
    {
        let recurring = usize::from(ws[at] == "recurring");
        ws.drain(span.clone());
        let at = if at > span.start { at - span.len() } else { at };
        ws.splice(at..=at + recurring, ["arr".to_string()]);
    }
    // "run-rate revenue", "annual run-rate recurring revenue": the run rate, which is ARR.
    for i in (0..ws.len().saturating_sub(2)).rev() {
        if ws[i] == "run" && ws[i + 1] == "rate" {
            let recurring = usize::from(ws[i + 2] == "recurring");
            if ws.get(i + 2 + recurring).is_some_and(|w| w == "revenue") {
                ws.drain(i + 2..=i + 2 + recurring);
            }
        }
    }
    // "12 times MRR", "12x current MRR", "MRR x 12": ARR. ("ARR, meaning 12 times MRR", "ARR (12x
    // MRR)": ARR, defined as it is.)
    let twelve = |w: &str| matches!(w, "12" | "twelve");
    for i in (0..ws.len()).rev() {
        // (What was rewritten after it may be shorter now.)
        if i >= ws.len() {
            continue;
        }
        let times = |k: usize| {
            ws.get(k)
                .is_some_and(|w| matches!(w.as_str(), "x" | "times" | "*"))
        };
        let before = if ws[i] == "12x" {
            Some(1)
        } else if twelve(&ws[i]) && times(i + 1) {
            Some(2)
        } else {
            None
        };
        let span = if let Some(n) = before {
            let mut end = i + n;
            while ws
                .get(end)
                .is_some_and(|w| matches!(w.as_str(), "the" | "our" | "current" | "monthly"))
            {
                end += 1;
            }
            (ws.get(end).is_some_and(|w| w == "mrr")).then_some(i..end + 1)
        } else if ws[i] == "mrr" && times(i + 1) && ws.get(i + 2).is_some_and(|w| twelve(w)) {
            Some(i..i + 3)
        } else {
            None
        };
        let Some(span) = span else {
            continue;
        };
        let defines = span.start >= 1
            && matches!(
                ws[span.start - 1].as_str(),
                "meaning" | "ie" | "aka" | "or" | "as" | "being"
            )
            && ws[..span.start - 1].iter().any(|w| w == "arr");
        let start = span.start - usize::from(defines);
        ws.splice(start..span.end, ["arr".to_string()]);
        if defines || ws[..start].iter().any(|w| w == "arr") {
            ws.remove(start);
        }
    }
    // "how many countries are our accounts spread across": in.
    for i in (1..ws.len()).rev() {
        if matches!(ws[i - 1].as_str(), "spread" | "spanning" | "located")
            && matches!(ws[i].as_str(), "across" | "over" | "in")
        {
            ws.splice(i - 1..=i, ["in".to_string()]);
        }
    }
    // "how much is revenue up YTD compared with 2025, in percent", "bookings are down vs Q2": how it
    // moved.
    let compared = ws.iter().any(|w| {
        matches!(
            w.as_str(),
            "vs" | "versus" | "compared" | "percent" | "percentage" | "yoy" | "qoq" | "mom"
        )
    });
    for i in 1..ws.len() {
        // ("did MRR go up": read as it is.)
        if compared
            && matches!(ws[i].as_str(), "up" | "down")
            && !matches!(
                ws[i - 1].as_str(),
                "go" | "goes" | "went" | "gone" | "going" | "come" | "came" | "move" | "moved"
            )
            && ws
                .get(i + 1)
                .is_none_or(|n| !matches!(n.as_str(), "to" | "until" | "till" | "for" | "front"))
            && ws[..i]
                .iter()
                .any(|w| matches!(w.as_str(), "is" | "are" | "was" | "were" | "much" | "far"))
        {
            ws[i] = "changed".to_string();
        }
    }
    // "count + total (euros)": the total in euros.
    for i in (1..ws.len()).rev() {
        if FOREIGN_CURRENCY_WORDS.contains(&ws[i].as_str())
            && matches!(
                ws[i - 1].as_str(),
                "total" | "sum" | "amount" | "value" | "totals"
            )
        {
            ws.insert(i, "in".to_string());
        }
    }
    // "quarterly revenue, oldest quarter first": the order a series is given in already. (Not "open
    // deals with their close dates, earliest first": records in the order of their dates.)
    let dates_of_records = ws.iter().any(|w| w == "date" || w == "dates")
        && ws.iter().any(|w| RECORD_STEMS.contains(&stem(w).as_str()));
    for i in (1..ws.len()).rev() {
        if ws.get(i).is_none_or(|w| w != "first") {
            continue;
        }
        let grain = usize::from(unit(&ws[i - 1]).is_some());
        if i > grain
            && matches!(ws[i - 1 - grain].as_str(), "oldest" | "earliest")
            && (grain == 1 || !dates_of_records)
        {
            ws.drain(i - 1 - grain..=i);
        }
    }
    // "bookings in each European country": broken down by country, of the European ones.
    if let Some((i, n)) = (0..ws.len().saturating_sub(2)).find_map(|i| {
        if !matches!(ws[i].as_str(), "each" | "every")
            || !matches!(
                ws.get(i.wrapping_sub(1)).map(String::as_str),
                Some("in" | "for" | "across" | "from" | "of")
            )
        {
            return None;
        }
        (1..=2).find_map(|n| {
            let value = ws.get(i + 1..i + 1 + n)?;
            let noun = ws.get(i + 1 + n..i + 2 + n)?;
            let dimensions =
                |terms: &std::collections::BTreeSet<Term>, of_value: bool| -> Vec<&'static str> {
                    terms
                        .iter()
                        .filter_map(|t| match t {
                            Term::Value(d, _) if of_value => Some(*d),
                            Term::Dimension(d) if !of_value => Some(*d),
                            _ => None,
                        })
                        .collect()
                };
            let values = dimensions(vocabulary.lookup(value)?, true);
            let nouns = dimensions(vocabulary.lookup(noun)?, false);
            values.iter().any(|d| nouns.contains(d)).then_some((i, n))
        })
    }) {
        let noun = ws[i + 1 + n].clone();
        ws.remove(i);
        ws.splice(i + n..=i + n, ["by".to_string(), noun]);
    }
    // "between October 1 and 15, both days included": the days named are.
    if let Some(i) = (0..ws.len().saturating_sub(2)).find(|&i| {
        ws[i] == "both"
            && matches!(ws[i + 1].as_str(), "days" | "dates" | "ends")
            && matches!(ws[i + 2].as_str(), "included" | "inclusive")
    }) {
        ws.drain(i..i + 3);
    }
    // "paid invoices billed in GBP": invoices in that currency, not billings beside them.
    if let Some(i) = (1..ws.len().saturating_sub(2)).find(|&i| {
        matches!(ws[i - 1].as_str(), "invoice" | "invoices")
            && matches!(ws[i].as_str(), "billed" | "invoiced" | "denominated")
            && ws[i + 1] == "in"
    }) {
        ws.remove(i);
    }
    // "revenue broken out by currency": broken down by it.
    if let Some(i) = (1..ws.len()).find(|&i| {
        ws[i] == "out"
            && matches!(
                ws[i - 1].as_str(),
                "broken" | "broke" | "break" | "breaking" | "split" | "splitting"
            )
    }) {
        ws.remove(i);
    }
    // "tickets with an open date in October": opened then, whatever their state now.
    if let Some(i) = (1..ws.len().saturating_sub(1)).find(|&i| {
        matches!(ws[i - 1].as_str(), "an" | "the" | "their" | "its" | "whose")
            && matches!(ws[i].as_str(), "open" | "opening")
            && matches!(ws[i + 1].as_str(), "date" | "dates")
    }) {
        ws.splice(i - 1..=i + 1, ["opened".to_string()]);
    }
    // "closed-lost renewal deals": a kind of deal, not the subscriptions up for renewal; left as a
    // word not understood unless the deals' names say it (a kind learned from them).
    for i in 0..ws.len().saturating_sub(1) {
        if vocabulary.lookup(&ws[i..i + 2]).is_some() {
            continue;
        }
        let deal = |w: &str| model::record_nouns("opportunity").contains(&w) || w == "pipeline";
        if matches!(ws[i].as_str(), "renewal" | "renewals") && deal(&ws[i + 1]) {
            ws[i] = "renewal-type".to_string();
        }
    }
    // "the value of deals expected to close in Q4", "deals that will close next month": what is
    // still open (a deal already closed is not expected to), unless a state is said.
    let expected_to_close = ws.windows(3).any(|p| {
        p[1] == "to"
            && p[2] == "close"
            && matches!(
                p[0].as_str(),
                "expected"
                    | "slated"
                    | "scheduled"
                    | "set"
                    | "due"
                    | "projected"
                    | "forecast"
                    | "forecasted"
                    | "likely"
                    | "going"
            )
    }) || ws.windows(2).any(|p| p[0] == "will" && p[1] == "close");
    let state_said = ws.iter().any(|w| {
        matches!(
            w.as_str(),
            "open" | "won" | "lost" | "closed" | "win" | "lose" | "pipeline" | "pipe" | "still"
        )
    });
    if expected_to_close
        && !state_said
        && let Some(i) = ws
            .iter()
            .position(|w| model::record_nouns("opportunity").contains(&w.as_str()))
    {
        ws.insert(i, "open".to_string());
    }
    // "ytd new MRR (sum of the monthly new MRR)": the total of the months, not each month's.
    for i in (0..ws.len()).rev() {
        if ws[i] == "monthly"
            && i >= 3
            && ws[i - 1] == "the"
            && ws[i - 2] == "of"
            && matches!(ws[i - 3].as_str(), "sum" | "total")
        {
            ws.remove(i);
        }
    }
    // "what deals does Farid have open": which deals (records asked, not a figure of them).
    if ws.len() > 3
        && ws[0] == "what"
        && ws[1].ends_with('s')
        && RECORD_STEMS.contains(&stem(&ws[1]).as_str())
        && matches!(
            ws[2].as_str(),
            "does" | "do" | "did" | "are" | "were" | "is" | "have" | "has" | "had"
        )
    {
        ws[0] = "which".to_string();
    }
    // "which deals are open and for how much": how much each is worth.
    if ws.first().is_some_and(|w| w == "which" || w == "list")
        && let Some(k) = ws
            .windows(3)
            .position(|p| p[0] == "for" && p[1] == "how" && p[2] == "much")
        && k + 3 == ws.len()
    {
        ws.splice(
            k..,
            ["how", "much", "is", "each", "worth"].map(String::from),
        );
    }
    // "Grace Lopez's book (of accounts)": the accounts she owns (not bookings).
    for i in (0..ws.len()).rev() {
        // (What was rewritten after it may be shorter now.)
        if i >= ws.len() {
            continue;
        }
        // "the accounts in their book", "each rep's accounts, from their books": the accounts each
        // owner owns, already asked by owner.
        let theirs = i >= 2
            && matches!(ws[i].as_str(), "book" | "books")
            && matches!(ws[i - 1].as_str(), "their" | "his" | "her")
            && matches!(ws[i - 2].as_str(), "in" | "of" | "from" | "across");
        if theirs
            && ws[..i - 2]
                .iter()
                .any(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()))
        {
            ws.drain(i - 2..=i);
            continue;
        }
        if ws[i] != "book" {
            continue;
        }
        let of_accounts = ws.get(i + 1).is_some_and(|w| w == "of")
            && ws
                .get(i + 2)
                .is_some_and(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()) || w == "business");
        let owners = i >= 1 && {
            let possessive = |k: usize| ws[k].strip_suffix('s').map(str::to_string);
            let owner = |words: &[String]| {
                vocabulary
                    .lookup(words)
                    .is_some_and(|terms| terms.iter().any(|t| matches!(t, Term::Value("owner", _))))
            };
            // ("Grace Lopez's book", "sam's book", "the sam brown book", not "did Kara Patel book".)
            let named = |last: String| {
                if owner(std::slice::from_ref(&last)) {
                    Some(i - 1)
                } else {
                    (i >= 2 && owner(&[ws[i - 2].clone(), last])).then(|| i - 2)
                }
            };
            let verb = |start: usize| {
                start >= 1
                    && matches!(
                        ws[start - 1].as_str(),
                        "did"
                            | "do"
                            | "does"
                            | "will"
                            | "would"
                            | "can"
                            | "could"
                            | "to"
                            | "has"
                            | "have"
                            | "had"
                    )
            };
            possessive(i - 1).and_then(named).is_some()
                || named(ws[i - 1].clone()).is_some_and(|start| !verb(start))
        };
        if of_accounts {
            ws.splice(i..=i + 2, ["accounts".to_string()]);
        } else if owners {
            ws[i] = "accounts".to_string();
        }
    }
    // "accounts with an empty country field", "with nobody assigned as owner": with no country, owner.
    for i in 0..ws.len() {
        // ("industry is empty", "the domain field empty": said after, read where "is null" is.)
        let after_it = i == 0
            || matches!(
                ws[i - 1].as_str(),
                "is" | "are" | "was" | "were" | "field" | "column" | "value" | "left"
            );
        let before_a_noun = ws
            .get(i + 1)
            .is_some_and(|w| !matches!(w.as_str(), "and" | "or" | "but"));
        if matches!(ws[i].as_str(), "empty" | "blank" | "nobody") && !after_it && before_a_noun {
            ws[i] = "no".to_string();
            if i > 0 && matches!(ws[i - 1].as_str(), "a" | "an") {
                ws[i - 1] = "with".to_string();
            }
        }
    }
    // "which customers pay us the most MRR": the MRR (not what they paid).
    if ws.iter().any(|w| w == "mrr" || w == "arr")
        && let Some(at) = (0..ws.len()).find(|&i| {
            matches!(ws[i].as_str(), "pay" | "pays") && ws.get(i + 1).is_some_and(|w| w == "us")
        })
    {
        ws.splice(at..=at + 1, ["have".to_string()]);
    }
    // "tickets opened by accounts Grace Lopez owns" ("owns" read as "owner" by now): for the accounts
    // she owns (no breakdown by them).
    if let Some(own) = ws.iter().position(|w| {
        matches!(
            w.as_str(),
            "owner" | "own" | "manages" | "manage" | "handles"
        )
    }) {
        let owner = |words: &[String]| {
            vocabulary
                .lookup(words)
                .is_some_and(|terms| terms.iter().any(|t| matches!(t, Term::Value("owner", _))))
        };
        let name = (1..=3)
            .filter(|n| *n <= own)
            .find(|n| owner(&ws[own - n..own]));
        if let Some(n) = name
            && own > n
            && ACCOUNT_STEMS.contains(&stem(&ws[own - n - 1]).as_str())
        {
            let noun = own - n - 1;
            let who: Vec<String> = ws[own - n..own].to_vec();
            let owned = ["owned", "by"].map(str::to_string).into_iter().chain(who);
            ws.splice(noun + 1..=own, owned);
            if noun > 0 && ws[noun - 1] == "by" {
                ws[noun - 1] = "for".to_string();
            }
        }
    }
    // "which accounts have had the most tickets breach SLA", "the highest number of tickets that
    // breached SLA": the most breached tickets.
    for i in (0..ws.len()).rev() {
        let counted = i >= 1 && matches!(ws[i - 1].as_str(), "most" | "many" | "fewest" | "of");
        let that = usize::from(ws.get(i + 1).is_some_and(|w| w == "that" || w == "which"));
        if counted
            && ws[i] == "tickets"
            && ws.get(i + 1 + that).is_some_and(|w| {
                matches!(
                    w.as_str(),
                    "breach" | "breached" | "breaching" | "miss" | "missed"
                )
            })
        {
            let end = i
                + 2
                + that
                + usize::from(
                    ws.get(i + 2 + that)
                        .is_some_and(|w| matches!(w.as_str(), "the" | "their" | "its")),
                );
            if ws.get(end).is_some_and(|w| w == "sla" || w == "slas") {
                ws.splice(i..=end, ["breached", "tickets"].map(str::to_string));
            }
        }
    }
    // "manufacturing companies among our accounts": the accounts named already.
    if let Some(at) = ws.iter().position(|w| w == "among") {
        let mut end = at + 1;
        while ws
            .get(end)
            .is_some_and(|w| matches!(w.as_str(), "our" | "the" | "all" | "of"))
        {
            end += 1;
        }
        let named_before = ws[..at]
            .iter()
            .any(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()));
        if named_before
            && ws
                .get(end)
                .is_some_and(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()))
        {
            ws.drain(at..=end);
        }
    }
    // "ignore the low-priority ones", "disregarding trials": excluding.
    for w in &mut ws {
        if matches!(
            w.as_str(),
            "ignore" | "ignoring" | "disregard" | "disregarding"
        ) {
            *w = "excluding".to_string();
        }
    }
    // "ARR if I exclude the Growth plan", "exclude trials": excluding.
    for i in 0..ws.len() {
        let said = i == 0 || matches!(ws[i - 1].as_str(), "i" | "we" | "you" | "and" | "but");
        if said && ws[i] == "exclude" {
            ws[i] = "excluding".to_string();
        }
    }
    // "not counting trials", "leaving out Germany": excluding.
    for i in (1..ws.len()).rev() {
        if matches!(
            (ws[i - 1].as_str(), ws[i].as_str()),
            ("not", "counting" | "including") | ("leaving" | "leave", "out") | ("other", "than")
        ) {
            ws.splice(i - 1..=i, ["excluding".to_string()]);
        }
    }
    // "how much of our MRR is enterprise, proportionally": what proportion of it.
    if let Some(at) = ws
        .iter()
        .position(|w| w == "proportionally" || w == "proportionately")
        && let Some(k) = ws
            .windows(3)
            .position(|p| p[0] == "how" && p[1] == "much" && p[2] == "of")
    {
        ws.remove(at);
        ws.splice(k..k + 2, ["what".to_string(), "proportion".into()]);
    }
    // "the total value of open deals, along with how many there are": and how many.
    for i in (1..ws.len()).rev() {
        let joined = matches!(ws[i - 1].as_str(), "along" | "together") && ws[i] == "with";
        // (Not "list those that opened tickets, along with how many": how many each opened.)
        let figure = (ws.get(i + 1).is_some_and(|w| w == "how") && ws.len() > i + 3)
            || ws
                .get(i + 1..i + 3)
                .is_some_and(|p| p[0] == "the" && matches!(p[1].as_str(), "number" | "count"));
        if joined && figure {
            ws.splice(i - 1..=i, ["and".to_string()]);
        }
    }
    // "opportunities, open or closed", "deals won or lost": both states are every record (of them).
    let mut i = 2;
    while i < ws.len() {
        let (a, b) = (ws[i - 2].as_str(), ws[i].as_str());
        if ws[i - 1] == "or" && matches!((a, b), ("open", "closed") | ("closed", "open")) {
            ws.drain(i - 2..=i);
            continue;
        }
        i += 1;
    }
    // "how many different companies did we win business from", "how many accounts did we invoice in
    // Q3": the accounts with those records.
    let how_many_at = |ws: &[String], k: usize| {
        let at = |j: usize, w: &str| ws.get(j).is_some_and(|x| x == w);
        (k >= 2 && at(k - 2, "how") && at(k - 1, "many"))
            || (k >= 3
                && at(k - 3, "how")
                && at(k - 2, "many")
                && ws
                    .get(k - 1)
                    .is_some_and(|w| matches!(w.as_str(), "different" | "distinct" | "unique")))
    };
    if let Some(noun) = ws
        .iter()
        .position(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()))
        && how_many_at(&ws, noun)
        && ws.get(noun + 1).is_some_and(|w| w == "did")
        && ws.get(noun + 2).is_some_and(|w| w == "we")
        && let Some(records) = ws.get(noun + 3).and_then(|verb| match verb.as_str() {
            "invoice" | "bill" => Some(&["invoices"][..]),
            "win" | "sell" => Some(&["won", "deals"][..]),
            _ => None,
        })
    {
        let mut end = noun + 4;
        while ws
            .get(end)
            .is_some_and(|w| matches!(w.as_str(), "business" | "deals" | "from" | "to" | "any"))
        {
            end += 1;
        }
        let with: Vec<String> = std::iter::once("with")
            .chain(records.iter().copied())
            .map(str::to_string)
            .collect();
        ws.splice(noun + 1..end, with);
    }
    // "how many different accounts closed-won an opportunity in 2026": the accounts with won ones.
    if let Some(noun) = ws
        .iter()
        .position(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()))
        && how_many_at(&ws, noun)
    {
        let (state, taken): (&[&str], usize) = match (
            ws.get(noun + 1).map(String::as_str),
            ws.get(noun + 2).map(String::as_str),
        ) {
            (Some("closed"), Some("won")) => (&["won"], 2),
            (Some("won" | "signed"), _) => (&["won"], 1),
            (Some("lost"), _) => (&["lost"], 1),
            (Some("opened" | "raised" | "filed" | "logged" | "submitted" | "had" | "have"), _) => {
                (&[], 1)
            }
            _ => (&[], 0),
        };
        let article = usize::from(
            ws.get(noun + 1 + taken)
                .is_some_and(|w| matches!(w.as_str(), "a" | "an" | "any" | "at")),
        );
        // ("at least one").
        let least_one = article == 1
            && ws.get(noun + 1 + taken) == Some(&"at".to_string())
            && ws.get(noun + 2 + taken).is_some_and(|w| w == "least")
            && ws.get(noun + 3 + taken).is_some_and(|w| w == "one");
        let skip = if least_one {
            3
        } else if ws.get(noun + 1 + taken).is_some_and(|w| w == "at") {
            0
        } else {
            article
        };
        let records_next = ws
            .get(noun + 1 + taken + skip)
            .is_some_and(|w| RECORD_STEMS.contains(&stem(w).as_str()));
        if taken > 0 && records_next {
            let with: Vec<String> = std::iter::once("with")
                .chain(state.iter().copied())
                .map(str::to_string)
                .collect();
            ws.splice(noun + 1..noun + 1 + taken + skip, with);
        }
    }
    // "accounts billed in Q3", "customers we invoiced last month": the accounts with invoices.
    if let Some(noun) = ws
        .iter()
        .position(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()))
    {
        let mut verb = noun + 1;
        while ws.get(verb).is_some_and(|w| {
            matches!(
                w.as_str(),
                "that" | "which" | "who" | "were" | "was" | "we" | "have" | "has" | "been"
            )
        }) {
            verb += 1;
        }
        if ws
            .get(verb)
            .is_some_and(|w| matches!(w.as_str(), "billed" | "invoiced"))
        {
            ws.splice(noun + 1..=verb, ["with", "invoices"].map(str::to_string));
        }
    }
    // "how many distinct accounts opened an urgent ticket", "accounts that logged a ticket": the
    // accounts with those records.
    if let Some(noun) = ws
        .iter()
        .position(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()))
    {
        let verb = |w: &str| {
            matches!(
                w,
                "opened" | "logged" | "raised" | "filed" | "submitted" | "had" | "received" | "got"
            )
        };
        let relative = ws
            .get(noun + 1)
            .is_some_and(|w| matches!(w.as_str(), "that" | "who" | "which"));
        let at = noun + 1 + usize::from(relative);
        let names_records = ws[at.min(ws.len())..]
            .iter()
            .take(7)
            .any(|w| RECORD_STEMS.contains(&stem(w).as_str()));
        if ws.get(at).is_some_and(|w| verb(w)) && names_records {
            ws.splice(noun + 1..=at, ["with".to_string()]);
        }
    }
    // "distinct count of accounts that ...": accounts are counted once each anyway.
    for i in (1..ws.len()).rev() {
        if matches!(ws[i - 1].as_str(), "distinct" | "unique")
            && matches!(ws[i].as_str(), "count" | "number")
            && ws
                .get(i + 2)
                .is_some_and(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()))
        {
            ws.remove(i - 1);
        }
    }
    // "by employee count", "headcount": the employees.
    for i in (0..ws.len()).rev() {
        if ws[i] == "headcount" {
            ws[i] = "employees".to_string();
        }
        if i > 0
            && ws[i] == "count"
            && matches!(ws[i - 1].as_str(), "employee" | "employees" | "staff")
        {
            ws.splice(i - 1..=i, ["employees".to_string()]);
        }
    }
    // "accounts with from 1,000 to 5,000 employees", "deals from 50k to 100k": between. (Not "from
    // 2025 to 2026": a number range says what it counts, or carries its scale.)
    let mut i = 0;
    while i + 3 < ws.len() {
        // ("an amount from 20,000 to 80,000 dollars")
        let counted = ws.get(i + 4).is_some_and(|w| {
            matches!(
                w.as_str(),
                "employees" | "people" | "staff" | "dollars" | "usd"
            )
        }) || i.checked_sub(1).is_some_and(|j| {
            matches!(
                ws[j].as_str(),
                "amount" | "amounts" | "value" | "size" | "employees" | "headcount"
            ) || (j > 0 && ws[j] == "is" && ws[j - 1] == "amount")
        });
        let scaled = |j: usize| {
            amount(&ws, j).is_some_and(|(_, len)| len == 1)
                && !ws[j].bytes().all(|b| b.is_ascii_digit())
        };
        if ws[i] == "from"
            && ws[i + 2] == "to"
            && amount(&ws, i + 1).is_some_and(|(_, len)| len == 1)
            && amount(&ws, i + 3).is_some_and(|(_, len)| len == 1)
            && (counted || scaled(i + 1) || scaled(i + 3))
        {
            ws[i] = "between".to_string();
            ws[i + 2] = "and".to_string();
        }
        i += 1;
    }
    // "distinct account countries", "unique countries across the account base": the accounts' own
    // values, counted.
    if ws
        .iter()
        .any(|w| matches!(w.as_str(), "distinct" | "unique" | "different"))
    {
        let accounts = |w: &str| matches!(w, "account" | "accounts");
        let mut i = 0;
        while i < ws.len() {
            if matches!(ws[i].as_str(), "distinct" | "unique" | "different")
                && ws.get(i + 1).is_some_and(|w| accounts(w))
                && ws.get(i + 2).is_some_and(|w| {
                    matches!(
                        w.as_str(),
                        "countries"
                            | "country"
                            | "industries"
                            | "industry"
                            | "owners"
                            | "owner"
                            | "domains"
                    )
                })
            {
                ws.remove(i + 1);
            } else if matches!(ws[i].as_str(), "across" | "among") {
                let mut end = i + 1;
                while ws
                    .get(end)
                    .is_some_and(|w| matches!(w.as_str(), "the" | "our" | "all"))
                {
                    end += 1;
                }
                if ws.get(end).is_some_and(|w| accounts(w)) {
                    if ws.get(end + 1).is_some_and(|w| w == "base") {
                        end += 1;
                    }
                    ws.drain(i..=end);
                    continue;
                }
            }
            i += 1;
        }
    }
    // "Enterprise renewals in H1 2027 - which accounts?": the accounts with them, asked first.
    if ws.len() > 3
        && matches!(ws[ws.len() - 2].as_str(), "which" | "what")
        && ACCOUNT_STEMS.contains(&stem(&ws[ws.len() - 1]).as_str())
        && !ws[..ws.len() - 2]
            .iter()
            .any(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()))
    {
        let tail: Vec<String> = ws.split_off(ws.len() - 2);
        let mut asked = tail;
        asked.push("with".to_string());
        asked.append(&mut ws);
        ws = asked;
    }
    // "how many accounts pay for AutonomOS Enterprise": the customers on that plan (what we pay for
    // is spend).
    if let Some(noun) = ws
        .iter()
        .position(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()))
        && let Some(pay) = (noun + 1..(noun + 3).min(ws.len())).find(|&k| {
            matches!(ws[k].as_str(), "pay" | "pays" | "paying")
                && ws.get(k + 1).is_some_and(|w| w == "for")
        })
    {
        ws.splice(pay..=pay + 1, ["on".to_string()]);
        ws[noun] = "customers".to_string();
    }
    // "where are most of our customers": their countries ("where are we slowest? the five accounts
    // with ..." lists the accounts).
    let accounts_listed = (1..ws.len()).any(|k| {
        ACCOUNT_STEMS.contains(&stem(&ws[k]).as_str())
            && (small_number(&ws[k - 1]).is_some()
                || RANKING_WORDS.contains(&ws[k - 1].as_str())
                || matches!(ws[k - 1].as_str(), "which" | "list"))
    });
    if ws.first().is_some_and(|w| w == "where")
        && !accounts_listed
        && ws.iter().any(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()))
        && !ws
            .iter()
            .any(|w| matches!(w.as_str(), "country" | "countries" | "region" | "regions"))
    {
        ws.remove(0);
        // ("where are most of them": all of them, by country, the most first.)
        if let Some(at) = ws
            .iter()
            .position(|w| matches!(w.as_str(), "most" | "majority"))
            && ws.get(at + 1).is_some_and(|w| w == "of")
        {
            ws.drain(at..=at + 1);
        }
        ws.extend(["by", "country"].map(str::to_string));
    }
    // Said of what the question asks already: "whatever its status", "regardless of status" (every
    // invoice billed), "waiting to be paid" (unpaid), "with no resolution yet" (unresolved), "fin
    // services", "burn on cloud" (spend).
    let mut i = 0;
    while i < ws.len() {
        let at =
            |k: usize, options: &[&str]| ws.get(k).is_some_and(|w| options.contains(&w.as_str()));
        let article = |k: usize| at(k, &["its", "their", "the"]);
        let status_at = |k: usize| at(k, &["status", "statuses"]);
        if at(i, &["whatever", "whichever", "any"]) && article(i + 1) && status_at(i + 2) {
            ws.drain(i..=i + 2);
        } else if at(i, &["regardless", "irrespective"]) && at(i + 1, &["of"]) {
            let end = if article(i + 2) { i + 3 } else { i + 2 };
            if status_at(end) {
                ws.drain(i..=end);
            } else {
                i += 1;
            }
        } else if at(i, &["counting", "including"])
            && at(i + 1, &["every", "all"])
            && ws.get(i + 2).is_some_and(|w| stem(w) == "invoic")
        {
            ws.drain(i..=i + 2);
        } else if at(i, &["waiting", "yet", "still"])
            && at(i + 1, &["to"])
            && at(i + 2, &["be"])
            && at(i + 3, &["paid"])
        {
            ws.splice(i..=i + 3, ["unpaid".to_string()]);
        } else if at(i, &["with", "without"])
            && at(i + 1, &["no", "a", "any"])
            && at(i + 2, &["resolution"])
        {
            let end = if at(i + 3, &["yet"]) { i + 3 } else { i + 2 };
            if ws[i] == "with" && ws[i + 1] != "no" {
                i += 1;
                continue;
            }
            ws.splice(i..=end, ["unresolved".to_string()]);
        } else if at(i, &["lifetime"]) && !at(i + 1, &["value", "ltv"]) {
            // "the lifetime sum of their paid invoices": all time (a lifetime value is not).
            ws.splice(i..=i, ["all".to_string(), "time".to_string()]);
            i += 2;
        } else if at(i, &["owing"]) && at(i + 1, &["us"]) {
            // "how much is Orbit Cloud still owing us": owed.
            ws.splice(i..=i + 1, ["owed".to_string()]);
            if i > 0 && ws[i - 1] == "still" {
                ws.remove(i - 1);
            }
        } else if at(i, &["waiting", "yet", "still"])
            && at(i + 1, &["to"])
            && at(i + 2, &["be"])
            && at(i + 3, &["resolved"])
        {
            ws.splice(i..=i + 3, ["unresolved".to_string()]);
        } else if i > 0
            && ws[i - 1] == "how"
            && at(i, &["many"])
            && at(
                i + 1,
                &["dollars", "pounds", "euros", "yen", "usd", "gbp", "eur"],
            )
        {
            // "how many pounds did the invoices come to": how much.
            ws[i] = "much".to_string();
            i += 1;
        } else if at(i, &["open", "lost", "closed"])
            && at(i + 1, &["deal", "opportunity", "opp"])
            && at(i + 2, &["size", "sizes"])
        {
            // "average open deal size": the size of open deals (the deal size metric is of won ones).
            let state = ws[i].clone();
            ws.splice(
                i..=i + 2,
                [
                    "size".to_string(),
                    "of".to_string(),
                    state,
                    "deals".to_string(),
                ],
            );
            i += 4;
        } else if (at(i, &["on"]) && at(i + 1, &["or"]) && at(i + 2, &["before"]))
            || (at(i, &["no", "not"]) && at(i + 1, &["later"]) && at(i + 2, &["than"]))
        {
            // "due on or before November 7", "no later than November 7": by then, that day included.
            ws.splice(i..=i + 2, ["by".to_string()]);
        } else if (at(i, &["on"]) && at(i + 1, &["or"]) && at(i + 2, &["after"]))
            || (at(i, &["no", "not"]) && at(i + 1, &["earlier", "sooner"]) && at(i + 2, &["than"]))
        {
            // "issued on or after August 1": since then, that day included.
            ws.splice(i..=i + 2, ["since".to_string()]);
        } else if at(i, &["falling", "fall", "falls"]) && at(i + 1, &["due"]) {
            // "invoices falling due by 7 November": due.
            ws.remove(i);
        } else if at(i, &["eng", "engg"]) && !at(i + 1, &["to"]) {
            // "eng cloud spend": engineering's.
            ws[i] = "engineering".to_string();
            i += 1;
        } else if at(i, &["fin"]) && at(i + 1, &["services", "svcs", "serv"]) {
            ws[i] = "financial".to_string();
            ws[i + 1] = "services".to_string();
            i += 1;
        } else if at(i, &["burn", "burned", "burnt", "burning"]) && at(i + 1, &["on"]) {
            ws[i] = "spend".to_string();
            i += 1;
        } else if at(i, &["account", "customer"])
            && at(i + 1, &["health"])
            && at(i + 2, &["score", "scores"])
        {
            // "the average account health score": the health score.
            ws.remove(i);
        } else if at(i, &["still"]) && at(i + 1, &["trialing", "trialling", "active", "in"]) {
            ws.remove(i);
        } else {
            i += 1;
        }
    }
    // "US accounts on a trial", "which UK accounts are past due": the accounts with such
    // subscriptions (a share of them is a metric of its own).
    let counted_or_shared = ws.iter().any(|w| {
        matches!(
            w.as_str(),
            "percent" | "percentage" | "share" | "fraction" | "proportion" | "rate" | "ratio"
        )
    });
    if !counted_or_shared
        && let Some(noun) = ws
            .iter()
            .position(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()))
    {
        let linking = |w: &str| {
            matches!(
                w,
                "that" | "which" | "who" | "are" | "is" | "currently" | "now" | "still"
            )
        };
        let state_at = |k: usize| match (
            ws.get(k).map(String::as_str),
            ws.get(k + 1).map(String::as_str),
            ws.get(k + 2).map(String::as_str),
        ) {
            (Some("on" | "in"), Some("a" | "an"), Some("trial")) => Some((3, "trialing")),
            (Some("on" | "in"), Some("trial" | "trials"), _) => Some((2, "trialing")),
            (Some("trialing" | "trialling"), _, _) => Some((1, "trialing")),
            (Some("past"), Some("due"), _) => Some((2, "past due")),
            _ => None,
        };
        let with = |state: &str| -> Vec<String> {
            std::iter::once("with")
                .chain(state.split(' '))
                .chain(std::iter::once("subscriptions"))
                .map(str::to_string)
                .collect()
        };
        // After the accounts ("accounts in the US that are trialing"), said with linking words, or
        // right after them ("accounts on a trial").
        let after = (noun + 1..ws.len()).find_map(|k| {
            let (len, state) = state_at(k)?;
            let mut from = k;
            while from > noun + 1 && linking(&ws[from - 1]) {
                from -= 1;
            }
            (from < k || k == noun + 1).then_some((from, k + len, state))
        });
        if let Some((from, mut to, state)) = after {
            // ("past due right now": the state is the present one already.)
            while ws.get(to).is_some_and(|w| w == "now" || w == "currently")
                || (ws.get(to).is_some_and(|w| w == "right")
                    && ws.get(to + 1).is_some_and(|w| w == "now"))
            {
                to += 1;
            }
            ws.splice(from..to, with(state));
        } else if noun >= 1 && matches!(ws[noun - 1].as_str(), "trial" | "trialing" | "trialling") {
            // "the trial accounts based in the US".
            ws.remove(noun - 1);
            ws.splice(noun..noun, with("trialing"));
        }
    }
    // "as of 1 July 2026", "since 15th March": the day after its month, as the dates read.
    for i in 0..ws.len().saturating_sub(1) {
        let day = ws[i]
            .trim_end_matches(|c: char| c.is_ascii_alphabetic())
            .parse::<u32>()
            .ok()
            .filter(|d| {
                (1..=31).contains(d) && ws[i].chars().next().is_some_and(|c| c.is_ascii_digit())
            });
        let dated = (i > 0
            && matches!(
                ws[i - 1].as_str(),
                "of" | "on"
                    | "since"
                    | "until"
                    | "before"
                    | "after"
                    | "by"
                    | "from"
                    | "to"
                    | "at"
                    | "through"
                    | "and"
                    | "between"
            ))
            || ws
                .get(i + 2)
                .is_some_and(|y| y.len() == 4 && y.parse::<u32>().is_ok());
        if let Some(day) = day
            && dated
            && time::month_number(&ws[i + 1]).is_some()
        {
            let month = ws[i + 1].clone();
            ws[i] = month;
            ws[i + 1] = day.to_string();
        }
    }
    // "retention (logos, not dollars)": of customers, not of their revenue.
    let mut i = 1;
    while i + 1 < ws.len() {
        if ws[i] == "not"
            && matches!(
                ws[i + 1].as_str(),
                "dollars" | "dollar" | "revenue" | "mrr" | "money"
            )
            && matches!(
                ws[i - 1].as_str(),
                "logos" | "logo" | "customers" | "accounts" | "count" | "counts"
            )
        {
            let logos = ws[i - 1].starts_with("logo");
            ws.drain(i - 1..=i + 1);
            if logos && let Some(r) = ws.iter().position(|w| w == "retention" || w == "churn") {
                if r > 0 && matches!(ws[r - 1].as_str(), "customer" | "account") {
                    ws[r - 1] = "logo".to_string();
                } else {
                    ws.insert(r, "logo".to_string());
                }
            }
            continue;
        }
        i += 1;
    }
    // "of the customers we had a year ago, what share are still with us": logo retention, the share
    // of last year's customers kept (or, "have left since", lost): a figure over the last 12 months.
    let a_year_ago = (0..ws.len().saturating_sub(2)).find(|&i| {
        matches!(ws[i].as_str(), "a" | "one" | "12" | "twelve")
            && matches!(ws[i + 1].as_str(), "year" | "months")
            && ws[i + 2] == "ago"
    });
    if let Some(at) = a_year_ago
        && ws[..at]
            .iter()
            .any(|w| ACCOUNT_STEMS.contains(&stem(w).as_str()) || w.starts_with("logo"))
    {
        let kept = ws.iter().any(|w| {
            matches!(
                w.as_str(),
                "still"
                    | "kept"
                    | "keep"
                    | "retained"
                    | "retain"
                    | "stayed"
                    | "remain"
                    | "remained"
                    | "remaining"
            )
        });
        let lost = ws.iter().any(|w| {
            matches!(
                w.as_str(),
                "left" | "lost" | "churned" | "cancelled" | "canceled" | "gone" | "quit"
            )
        });
        let percent = ws
            .iter()
            .any(|w| matches!(w.as_str(), "percent" | "percentage"));
        let metric = match (kept, lost) {
            (true, false) => Some("retention"),
            (false, true) => Some("churn"),
            _ => None,
        };
        if let Some(metric) = metric {
            ws = ["logo", metric].map(str::to_string).to_vec();
            if percent {
                ws.extend(["in", "percent"].map(str::to_string));
            }
        }
    }
    // "Q2 revenue compared to Q2 the year before": year over year; "how many percent up": grew.
    let mut i = 0;
    while i + 3 < ws.len() {
        let compares = matches!(
            ws[i].as_str(),
            "compared" | "vs" | "versus" | "against" | "than"
        );
        let mut k = i + 1;
        if ws
            .get(k)
            .is_some_and(|w| matches!(w.as_str(), "to" | "with"))
        {
            k += 1;
        }
        let earlier = ws.get(k + 1).is_some_and(|w| w == "the")
            && ws
                .get(k + 2)
                .is_some_and(|w| matches!(w.as_str(), "year" | "prior" | "previous"))
            && ws
                .get(k + 3)
                .is_some_and(|w| matches!(w.as_str(), "before" | "year"));
        if compares && earlier {
            ws.splice(i..=k + 3, ["year", "over", "year"].map(str::to_string));
        }
        i += 1;
    }
    for i in 1..ws.len() {
        if matches!(ws[i - 1].as_str(), "percent" | "percentage" | "%")
            && matches!(ws[i].as_str(), "up" | "higher" | "more")
        {
            ws[i] = "growth".to_string();
        }
    }
    // "from the end of June to the end of September", "June month-end vs September month-end": the
    // months between, through the second (a figure of the day grows from the first end to the second).
    let month_ends: Vec<(usize, usize, u32)> = (0..ws.len())
        .filter_map(|i| {
            let month = time::month_number(&ws[i])?;
            let year_after = ws
                .get(i + 1)
                .is_some_and(|y| y.len() == 4 && y.parse::<u32>().is_ok());
            if i >= 2 && ws[i - 2] == "end" && ws[i - 1] == "of" {
                let start = if i >= 3 && ws[i - 3] == "the" {
                    i - 3
                } else {
                    i - 2
                };
                Some((start, i + usize::from(year_after), month))
            } else if ws.get(i + 1).is_some_and(|w| w == "month")
                && ws.get(i + 2).is_some_and(|w| w == "end")
            {
                Some((i, i + 2, month))
            } else {
                None
            }
        })
        .collect();
    if let [(start, _, first), (_, end, last)] = month_ends.as_slice()
        && first < last
    {
        let year = ws[*end].clone();
        // (The month after the first end: December's is January.)
        let after_first = time::month_name(first % 12 + 1).unwrap_or("january");
        let last_name = time::month_name(*last).unwrap_or("december");
        let mut span = vec![
            after_first.to_string(),
            "through".to_string(),
            last_name.to_string(),
        ];
        if year.len() == 4 && year.parse::<u32>().is_ok() {
            span.push(year);
        }
        let from = if *start > 0 && matches!(ws[start - 1].as_str(), "from" | "between") {
            start - 1
        } else {
            *start
        };
        // ("during Q3, from the end of June to the end of September": the quarter, said again.)
        let period_named = ws[..from].iter().chain(&ws[end + 1..]).any(|w| {
            matches!(
                w.as_str(),
                "q1" | "q2" | "q3" | "q4" | "quarter" | "h1" | "h2" | "half"
            )
        });
        // (The change between two month-ends in units is read as two figures of the day already.)
        let in_percent = ws
            .iter()
            .any(|w| matches!(w.as_str(), "percent" | "percentage"));
        if period_named {
            ws.drain(from..=*end);
        } else if in_percent {
            ws.splice(from..=*end, span);
        }
    }
    // "how has health moved month to month": by month.
    for i in (2..ws.len()).rev() {
        if ws[i - 2] == "month" && ws[i - 1] == "to" && ws[i] == "month" {
            ws.splice(i - 2..=i, ["monthly".to_string()]);
        }
    }
    // "what do they add up to": their amount; "the count and total of open invoices": the count and
    // the amount.
    for i in (0..ws.len()).rev() {
        if matches!(ws[i].as_str(), "add" | "adds" | "added")
            && ws.get(i + 1).is_some_and(|w| w == "up")
            && ws.get(i + 2).is_some_and(|w| w == "to")
        {
            ws.splice(i..=i + 2, ["amount".to_string()]);
        } else if ws[i] == "total"
            && i > 0
            && ws[i - 1] == "and"
            && ws[..i - 1]
                .iter()
                .any(|w| COUNT_WORDS.contains(&w.as_str()))
        {
            ws[i] = "amount".to_string();
        }
    }
    // "created the longest ago": earliest.
    for i in (1..ws.len()).rev() {
        if matches!(ws[i - 1].as_str(), "longest" | "furthest" | "farthest") && ws[i] == "ago" {
            ws.splice(i - 1..=i, ["earliest".to_string()]);
            if i >= 2 && ws[i - 2] == "the" {
                ws.remove(i - 2);
            }
        }
    }
    // "which deal did we win last": most recently (not last week, last quarter, last 5).
    for i in 1..ws.len() {
        let verb = matches!(
            ws[i - 1].as_str(),
            "win"
                | "won"
                | "close"
                | "closed"
                | "sign"
                | "signed"
                | "lose"
                | "lost"
                | "create"
                | "created"
                | "open"
                | "opened"
                | "add"
                | "added"
                | "pay"
                | "paid"
                | "resolve"
                | "resolved"
                | "issue"
                | "issued"
                | "invoice"
                | "invoiced"
        );
        let period_after = ws.get(i + 1).is_some_and(|w| {
            unit(w).is_some()
                || w.chars().all(|c| c.is_ascii_digit())
                || small_number(w).is_some()
                || matches!(w.as_str(), "time" | "few" | "couple")
        });
        if verb && ws[i] == "last" && !period_after {
            ws.splice(i..=i, ["most", "recently"].map(str::to_string));
            break;
        }
    }
    // "how much did MRR go up": grow.
    for i in 1..ws.len() {
        if matches!(ws[i - 1].as_str(), "go" | "went" | "gone") {
            let said = match ws[i].as_str() {
                "up" => "grow",
                "down" => "decrease",
                _ => continue,
            };
            ws.splice(i - 1..=i, [said.to_string()]);
            break;
        }
    }
    // ("how many percent": which percent, not a count.)
    if let Some(at) = (2..ws.len()).find(|&i| {
        ws[i - 2] == "how"
            && ws[i - 1] == "many"
            && matches!(ws[i].as_str(), "percent" | "percentage")
    }) {
        ws.splice(at - 2..at, ["what".to_string()]);
    }
    // "deals that slipped past their close date": slipped.
    for i in (1..ws.len()).rev() {
        if ws[i] == "past"
            && matches!(
                ws[i - 1].as_str(),
                "slipped" | "slip" | "slips" | "slipping"
            )
        {
            ws.remove(i);
        }
    }
    // "20 or more accounts", "5 or fewer tickets": at least, at most.
    let mut i = 2;
    while i < ws.len() {
        let bound = match ws[i].as_str() {
            "more" | "greater" | "higher" | "above" | "over" => Some("least"),
            "fewer" | "less" | "lower" | "below" | "under" => Some("most"),
            _ => None,
        };
        if let Some(bound) = bound
            && ws[i - 1] == "or"
            && amount(&ws, i - 2).is_some_and(|(_, len)| len == 1)
        {
            let n = ws[i - 2].clone();
            ws.splice(i - 2..=i, ["at".to_string(), bound.to_string(), n]);
        }
        i += 1;
    }
    // "accounts whose MRR is over 10k", "customers where the MRR is below 500": accounts with that
    // much, as "accounts with MRR over 10k" reads.
    for i in (1..ws.len()).rev() {
        let accounts = ACCOUNT_STEMS.contains(&stem(&ws[i - 1]).as_str());
        if !accounts || !matches!(ws[i].as_str(), "whose" | "where") {
            continue;
        }
        let Some(verb) = (i + 2..(i + 6).min(ws.len())).find(|&k| {
            matches!(ws[k].as_str(), "is" | "are" | "was" | "were") && compares_at(&ws, k + 1)
        }) else {
            continue;
        };
        ws.remove(verb);
        ws[i] = "with".to_string();
        if ws
            .get(i + 1)
            .is_some_and(|w| matches!(w.as_str(), "the" | "their" | "its"))
        {
            ws.remove(i + 1);
        }
    }
    // "accounts with a health score under 30", "list customers with MRR over 10k": which accounts
    // have that much (each one's figure compared, not the records').
    let lead = usize::from(
        ws.first()
            .is_some_and(|w| matches!(w.as_str(), "list" | "show")),
    );
    let lead = lead + usize::from(lead == 1 && ws.get(1).is_some_and(|w| w == "me"));
    if ws
        .get(lead)
        .is_some_and(|w| w.ends_with('s') && ACCOUNT_STEMS.contains(&stem(w).as_str()))
        && ws.get(lead + 1).is_some_and(|w| w == "with")
    {
        let named = lead + 2 + usize::from(ws.get(lead + 2).is_some_and(|w| w == "a" || w == "an"));
        let compared = (named + 1..(named + 4).min(ws.len())).find(|&k| compares_at(&ws, k));
        // (Not a number, records, money, which the accounts' totals compare already, nor the
        // accounts' own employees.)
        let a_score = amount(&ws, named).is_none()
            && compared.is_some_and(|end| {
                ws[named..end].iter().all(|w| {
                    !RECORD_STEMS.contains(&stem(w).as_str())
                        && !RECORD_VALUE_WORDS.contains(&w.as_str())
                        && !matches!(
                            w.as_str(),
                            "no" | "zero"
                                | "employees"
                                | "headcount"
                                | "staff"
                                | "revenue"
                                | "spend"
                                | "open"
                                | "paid"
                                | "unpaid"
                                | "total"
                                | "totaling"
                        )
                })
            });
        if a_score {
            let noun = ws[lead].clone();
            ws.splice(0..lead + 2, ["which".to_string(), noun, "have".to_string()]);
        }
    }
    // "customers with at least one open ticket", "accounts that received at least one invoice": any.
    // ("at least one thousand employees" is a number.)
    let mut i = 2;
    while i < ws.len() {
        if ws[i - 2] == "at"
            && ws[i - 1] == "least"
            && matches!(ws[i].as_str(), "one" | "1")
            && amount(&ws, i).is_none_or(|(_, len)| len == 1)
        {
            ws.drain(i - 2..=i);
        }
        i += 1;
    }
    // "paid to Deloitte": what we spent on it (what customers paid us is revenue).
    for i in (1..ws.len()).rev() {
        if ws[i] == "to"
            && matches!(ws[i - 1].as_str(), "paid" | "pay" | "paying")
            && ws
                .get(i + 1)
                .is_some_and(|w| !matches!(w.as_str(), "date" | "us" | "now"))
        {
            ws.splice(i - 1..=i, ["spent".to_string(), "on".to_string()]);
        }
    }
    ranked_by_a_figure(vocabulary, &mut ws);
    ws
}

/// "rank customers by MRR", "healthcare accounts sorted by ARR", "vendors by spend this year": each
/// of them with the figure (the breakdown's rows ranked by it), not the figure of them all. The
/// accounts or vendors are named with nothing but values, ranking verbs or a place before "by".
fn ranked_by_a_figure(vocabulary: &Vocabulary, ws: &mut Vec<String>) {
    let named = |w: &String| {
        vocabulary
            .lookup(std::slice::from_ref(w))
            .is_some_and(|terms| terms.iter().all(|t| matches!(t, Term::Value(..))))
    };
    let Some(noun) = ws.iter().position(|w| {
        matches!(
            w.as_str(),
            "customers" | "accounts" | "clients" | "companies" | "vendors" | "suppliers"
        )
    }) else {
        return;
    };
    let leading = ws[..noun].iter().all(|w| {
        matches!(
            w.as_str(),
            "rank"
                | "sort"
                | "order"
                | "list"
                | "show"
                | "me"
                | "all"
                | "our"
                | "the"
                | "of"
                | "give"
        ) || named(w)
    });
    let Some(by) = (noun + 1..ws.len()).find(|&k| ws[k] == "by") else {
        return;
    };
    let between = ws[noun + 1..by].iter().all(|w| {
        matches!(
            w.as_str(),
            "ranked" | "sorted" | "ordered" | "listed" | "in" | "on" | "from" | "the" | "plan"
        ) || named(w)
    });
    let figure = (1..=vocabulary.longest()).rev().any(|n| {
        ws.get(by + 1..by + 1 + n)
            .and_then(|phrase| vocabulary.lookup(phrase))
            .is_some_and(|terms| terms.iter().all(|t| matches!(t, Term::Metric(_))))
    });
    if leading && between && figure {
        ws.insert(noun, "each".to_string());
        // ("sort accounts by ARR": rank them.)
        for w in &mut ws[..noun] {
            if w == "sort" || w == "order" {
                *w = "rank".to_string();
            }
        }
    }
}
