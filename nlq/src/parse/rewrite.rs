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
        // ("open + pending tickets": every unresolved one, as "open" reads already.)
        if ws[k] == "open"
            && ws
                .get(k + 1)
                .is_some_and(|w| matches!(w.as_str(), "plus" | "and" | "or" | "&"))
            && ws.get(k + 2).is_some_and(|w| w == "pending")
        {
            ws.drain(k + 1..k + 3);
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
pub(super) fn spelled_dates(question: &str) -> String {
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
