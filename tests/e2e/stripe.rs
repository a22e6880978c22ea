//! The `stripe` source against the sandbox's Stripe API, over pgwire: results equal the sandbox's own
//! objects, the requests sent are what the pushdown implies, amounts are converted with each currency's
//! exponent, concurrent slices neither lose nor repeat objects that share one second, and faults either
//! recover or fail the query naming the source.

use std::collections::{BTreeMap, BTreeSet};

use aos_sandbox::{CompanyConfig, Control, Sandbox, SandboxConfig};
use aos_tests::{Aos, db_message, explain, sandbox_post, text_rows};
use serde_json::{Value as Json, json};

async fn sandbox(scale: usize) -> Sandbox {
    Sandbox::start(SandboxConfig {
        company: CompanyConfig {
            scale,
            ..CompanyConfig::default()
        },
        control: Control::default(),
        ..SandboxConfig::default()
    })
    .await
    .unwrap()
}

/// `aos serve` with a `stripe` source at `sandbox`, then `extra` TOML lines.
fn serve(sandbox: &Sandbox, extra: &str) -> Aos {
    let config = format!(
        "[[source]]\nname = \"stripe\"\nkind = \"stripe\"\napi_base = \"{}\"\napi_key_env = \"STRIPE_KEY\"\n\
         max_requests_per_s = 1000\n{extra}",
        sandbox.base_url()
    );
    Aos::serve(&config, &[("STRIPE_KEY", aos_sandbox::STRIPE_API_KEY)])
}

/// The Stripe requests since the last reset, as (path, decoded query parameters, status, rows).
async fn stripe_requests(sandbox: &Sandbox) -> Vec<(String, BTreeMap<String, String>, u64, u64)> {
    let stats: Json = reqwest::get(format!("{}/_sandbox/stats", sandbox.base_url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    stats["requests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["api"] == json!("stripe"))
        .map(|r| {
            let query = r["query"].as_str().unwrap_or_default();
            (
                r["path"].as_str().unwrap().to_owned(),
                form_urlencoded::parse(query.as_bytes())
                    .into_owned()
                    .collect(),
                r["status"].as_u64().unwrap(),
                r["rows"].as_u64().unwrap(),
            )
        })
        .collect()
}

fn params(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

/// An amount in minor units as the decimal text (three places) the tables show, computed here from the
/// currency's exponent independently of the provider.
fn major(minor: i64, currency: &str) -> String {
    let exponent = match currency {
        "jpy" | "krw" => 0,
        "kwd" | "bhd" => 3,
        _ => 2,
    };
    let scaled = i128::from(minor) * 10i128.pow(3 - exponent);
    let sign = if scaled < 0 { "-" } else { "" };
    let abs = scaled.abs();
    format!("{sign}{}.{:03}", abs / 1000, abs % 1000)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tables_equal_the_sandbox_and_filters_become_list_parameters() {
    let sandbox = sandbox(150).await;
    let aos = serve(&sandbox, "");
    let client = aos.connect().await;
    let company = sandbox.company();
    let store = &company.stripe;

    // Every object of every table, once: the sliced scan neither loses nor repeats any.
    for (table, object) in [
        ("customer", "customer"),
        ("product", "product"),
        ("price", "price"),
        ("subscription", "subscription"),
        ("invoice", "invoice"),
        ("charge", "charge"),
    ] {
        let rows = text_rows(&client, &format!("SELECT id FROM stripe.{table}")).await;
        let got: Vec<String> = rows.into_iter().map(|r| r[0].clone().unwrap()).collect();
        let unique: BTreeSet<&String> = got.iter().collect();
        assert_eq!(unique.len(), got.len(), "{table}: duplicates");
        let expected: BTreeSet<&String> = store.list(object).iter().map(|o| &o.id).collect();
        assert_eq!(unique, expected, "{table}");
    }

    // Amounts: each invoice's total in major units with its currency's exponent, beside the raw integer.
    let invoices = store.list("invoice");
    let rows = text_rows(
        &client,
        "SELECT id, currency, total, total_minor, amount_paid, customer, status, to_unixtime(created) FROM stripe.invoice",
    )
    .await;
    let by_id: BTreeMap<&str, &Vec<Option<String>>> =
        rows.iter().map(|r| (r[0].as_deref().unwrap(), r)).collect();
    let mut currencies = BTreeSet::new();
    for invoice in invoices {
        let row = by_id[invoice.id.as_str()];
        let body = &invoice.body;
        let currency = body["currency"].as_str().unwrap();
        currencies.insert(currency.to_owned());
        let total = body["total"].as_i64().unwrap();
        assert_eq!(row[1].as_deref(), Some(currency));
        assert_eq!(row[2], Some(major(total, currency)), "{}", invoice.id);
        assert_eq!(row[3], Some(total.to_string()));
        assert_eq!(
            row[4],
            Some(major(body["amount_paid"].as_i64().unwrap(), currency))
        );
        assert_eq!(row[5].as_deref(), body["customer"].as_str());
        assert_eq!(row[6].as_deref(), body["status"].as_str());
        assert_eq!(row[7], Some(invoice.created.to_string()));
    }
    for currency in ["usd", "eur", "jpy"] {
        assert!(currencies.contains(currency), "{currencies:?}");
    }
    let jpy = invoices
        .iter()
        .find(|o| o.str_field("currency") == Some("jpy") && o.body["total"].as_i64() > Some(0))
        .unwrap();
    let yen = jpy.body["total"].as_i64().unwrap();
    let rows = text_rows(
        &client,
        &format!(
            "SELECT total, total_minor FROM stripe.invoice WHERE id = '{}'",
            jpy.id
        ),
    )
    .await;
    assert_eq!(rows, [[Some(format!("{yen}.000")), Some(yen.to_string())]]);

    // Subscriptions include canceled ones (Stripe hides them unless asked for status=all).
    let canceled = store
        .list("subscription")
        .iter()
        .filter(|o| o.str_field("status") == Some("canceled"))
        .count();
    assert!(canceled > 0);
    let n: i64 = client
        .query_one(
            "SELECT count(*) FROM stripe.subscription WHERE status = 'canceled'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(n as usize, canceled);

    // Equality filters and a LIMIT: one request with those parameters and limit=5.
    let paid_of = |customer: &str| {
        invoices
            .iter()
            .filter(|o| {
                o.str_field("customer") == Some(customer) && o.str_field("status") == Some("paid")
            })
            .map(|o| o.id.clone())
            .collect::<Vec<_>>()
    };
    let customer = invoices
        .iter()
        .filter_map(|o| o.str_field("customer"))
        .find(|c| paid_of(c).len() > 5)
        .unwrap();
    sandbox_post(&sandbox, "/_sandbox/reset", json!({})).await;
    let sql = format!(
        "SELECT id FROM stripe.invoice WHERE customer = '{customer}' AND status = 'paid' LIMIT 5"
    );
    let rows = text_rows(&client, &sql).await;
    assert_eq!(rows.len(), 5);
    let expected = paid_of(customer);
    assert!(
        rows.iter()
            .all(|r| expected.contains(r[0].as_ref().unwrap()))
    );
    assert_eq!(
        stripe_requests(&sandbox).await,
        [(
            "/v1/invoices".to_owned(),
            params(&[("customer", customer), ("status", "paid"), ("limit", "5")]),
            200,
            5
        )]
    );
    let plan = explain(&client, &format!("EXPLAIN {sql}")).await;
    assert!(
        plan.contains(&format!(
            "GET /v1/invoices?customer={customer}&status=paid&limit=5"
        )),
        "{plan}"
    );

    // A created range: created[gte]/[lt] in whole seconds, results exact.
    let lo = invoices[invoices.len() / 2].created;
    let hi = invoices[invoices.len() / 4].created;
    let expected: BTreeSet<String> = invoices
        .iter()
        .filter(|o| o.created > lo && o.created <= hi)
        .map(|o| o.id.clone())
        .collect();
    let ts = |s: i64| {
        chrono::DateTime::from_timestamp(s, 0)
            .unwrap()
            .format("%Y-%m-%d %H:%M:%S")
            .to_string()
    };
    sandbox_post(&sandbox, "/_sandbox/reset", json!({})).await;
    let rows = text_rows(
        &client,
        &format!(
            "SELECT id FROM stripe.invoice WHERE created > TIMESTAMP '{}' AND created <= TIMESTAMP '{}'",
            ts(lo),
            ts(hi)
        ),
    )
    .await;
    let got: BTreeSet<String> = rows.into_iter().map(|r| r[0].clone().unwrap()).collect();
    assert_eq!(got, expected);
    let requests = stripe_requests(&sandbox).await;
    let first = &requests[0].1;
    assert_eq!(first["created[gte]"], (lo + 1).to_string());
    assert_eq!(first["created[lt]"], (hi + 1).to_string());
    for (_, p, _, _) in &requests {
        let gte: i64 = p["created[gte]"].parse().unwrap();
        let lt: i64 = p["created[lt]"].parse().unwrap();
        assert!(gte > lo && lt <= hi + 1, "{p:?}");
    }

    // id = and id IN: retrieve calls, one per id; an unknown id is no row.
    let (a, b) = (&invoices[3].id, &invoices[7].id);
    sandbox_post(&sandbox, "/_sandbox/reset", json!({})).await;
    let rows = text_rows(
        &client,
        &format!(
            "SELECT id FROM stripe.invoice WHERE id IN ('{a}', '{b}', 'in_nope', 'cus_x/../../customers') ORDER BY id"
        ),
    )
    .await;
    let mut expected = vec![a.clone(), b.clone()];
    expected.sort();
    assert_eq!(
        rows.into_iter()
            .map(|r| r[0].clone().unwrap())
            .collect::<Vec<_>>(),
        expected
    );
    let paths: BTreeSet<String> = stripe_requests(&sandbox)
        .await
        .into_iter()
        .map(|r| r.0)
        .collect();
    assert_eq!(
        paths,
        [
            format!("/v1/invoices/{a}"),
            format!("/v1/invoices/{b}"),
            "/v1/invoices/in_nope".to_owned(),
            "/v1/invoices/cus_x%2F..%2F..%2Fcustomers".to_owned(),
        ]
        .into_iter()
        .collect()
    );

    // An inexact filter (a subscription's price matches any item) is re-checked by DataFusion; an
    // impossible status sends nothing.
    let price = store.list("subscription")[0].body["items"]["data"][0]["price"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let expected = store
        .list("subscription")
        .iter()
        .filter(|o| o.body["items"]["data"][0]["price"]["id"].as_str() == Some(&price))
        .count();
    let n: i64 = client
        .query_one(
            &format!("SELECT count(*) FROM stripe.subscription WHERE price_id = '{price}'"),
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(n as usize, expected);
    sandbox_post(&sandbox, "/_sandbox/reset", json!({})).await;
    let rows = text_rows(
        &client,
        "SELECT id FROM stripe.invoice WHERE status = 'nonsense'",
    )
    .await;
    assert!(rows.is_empty());
    assert!(stripe_requests(&sandbox).await.is_empty());
}

/// With pages of 3, the 32 prices that share one `created` second, and invoices that share seconds by
/// twos and threes, cross page and slice borders: every object comes back exactly once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slices_and_cursors_neither_lose_nor_repeat_objects_sharing_a_second() {
    let sandbox = sandbox(60).await;
    let aos = serve(&sandbox, "page_size = 3\nmax_concurrency = 4\n");
    let client = aos.connect().await;
    let company = sandbox.company();
    let prices = company.stripe.list("price");
    assert!(prices.iter().all(|p| p.created == prices[0].created));
    assert!(prices.len() > 30);
    for (table, object) in [("price", "price"), ("invoice", "invoice")] {
        sandbox_post(&sandbox, "/_sandbox/reset", json!({})).await;
        let rows = text_rows(&client, &format!("SELECT id FROM stripe.{table}")).await;
        let got: Vec<String> = rows.into_iter().map(|r| r[0].clone().unwrap()).collect();
        let mut sorted = got.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), got.len(), "{table}: an object came twice");
        let mut expected: Vec<String> = company
            .stripe
            .list(object)
            .iter()
            .map(|o| o.id.clone())
            .collect();
        expected.sort();
        assert_eq!(sorted, expected, "{table}");
        let requests = stripe_requests(&sandbox).await;
        // Several slices ran (not one cursor), and cursors continued inside one-second ranges.
        let fresh = requests
            .iter()
            .filter(|r| !r.1.contains_key("starting_after") && r.1.contains_key("created[lt]"))
            .count();
        assert!(fresh > 1 || table == "price", "{requests:?}");
        assert!(requests.iter().all(|r| r.1["limit"] == "3"), "{requests:?}");
    }
}

/// Injected 500s, 503s, truncated bodies and 429s are retried and the answer is complete; a source that
/// keeps failing fails the query naming the source; a renamed field is an error naming it; a wrong key
/// stops `aos` with Stripe's authentication error.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_recover_or_fail_naming_the_source() {
    let sandbox = sandbox(80).await;
    let aos = serve(&sandbox, "max_retries = 8\n");
    let client = aos.connect().await;
    let company = sandbox.company();
    let expected = company.stripe.list("invoice").len();
    let total_minor: i64 = company
        .stripe
        .list("invoice")
        .iter()
        .map(|o| o.body["total"].as_i64().unwrap())
        .sum();

    sandbox_post(
        &sandbox,
        "/_sandbox/control",
        json!({"fault_rate": 0.3, "faults": ["500", "503", "truncate"], "rate_limit_per_s": 5}),
    )
    .await;
    for _ in 0..2 {
        let row = client
            .query_one("SELECT count(*), sum(total_minor) FROM stripe.invoice", &[])
            .await
            .unwrap_or_else(|e| panic!("{}", db_message(&e)));
        assert_eq!(row.get::<_, i64>(0) as usize, expected);
        assert_eq!(row.get::<_, i64>(1), total_minor);
    }
    let statuses: BTreeSet<u64> = stripe_requests(&sandbox)
        .await
        .iter()
        .map(|r| r.2)
        .collect();
    assert!(
        statuses.contains(&429) && (statuses.contains(&500) || statuses.contains(&503)),
        "{statuses:?}"
    );
    sandbox_post(&sandbox, "/_sandbox/reset", json!({})).await;

    sandbox_post(
        &sandbox,
        "/_sandbox/drift",
        json!({"api": "stripe", "object": "invoice", "op": "rename", "field": "total", "to": "total_amount"}),
    )
    .await;
    let error = client
        .query_one("SELECT sum(total) FROM stripe.invoice", &[])
        .await
        .unwrap_err();
    let message = db_message(&error);
    assert!(
        message.contains("source 'stripe'") && message.contains("'total'"),
        "{message}"
    );
    // Columns that did not change still read.
    let n: i64 = client
        .query_one("SELECT count(customer) FROM stripe.invoice", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(n as usize, expected);
    sandbox_post(&sandbox, "/_sandbox/reset", json!({})).await;
    drop(aos);

    // A source that keeps failing: the query fails naming the source and the last status, no partial rows.
    let aos = serve(&sandbox, "max_retries = 1\n");
    let client = aos.connect().await;
    sandbox_post(
        &sandbox,
        "/_sandbox/control",
        json!({"fault_rate": 1.0, "faults": ["503"]}),
    )
    .await;
    let error = client
        .query("SELECT id FROM stripe.charge", &[])
        .await
        .unwrap_err();
    let message = db_message(&error);
    assert!(
        message.contains("source 'stripe'") && message.contains("503"),
        "{message}"
    );
    sandbox_post(&sandbox, "/_sandbox/reset", json!({})).await;
    drop(aos);

    let dir = aos_tests::tempdir();
    let path = dir.path().join("aos.toml");
    std::fs::write(
        &path,
        format!(
            "[[source]]\nname = \"stripe\"\nkind = \"stripe\"\napi_base = \"{}\"\napi_key_env = \"STRIPE_KEY\"\n",
            sandbox.base_url()
        ),
    )
    .unwrap();
    let output = std::process::Command::new(aos_tests::aos_binary())
        .args(["query", "--config", &path.to_string_lossy(), "SELECT 1"])
        .env("AOS_LOG", "off")
        .env("STRIPE_KEY", "sk_test_wrong")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("source 'stripe'")
            && stderr.contains("401")
            && stderr.contains("Invalid API Key"),
        "{stderr}"
    );
}

/// Two scans of one source in the two inputs of a join: the consumer reads one input while the other
/// waits, and the waiting scan's requests in flight must not keep the source's request permits from
/// the scan being read (they did: the query waited for its statement timeout, and every other query
/// of the source behind it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scans_of_one_source_in_both_inputs_of_a_join_never_wait_on_each_other() {
    let sandbox = sandbox(150).await;
    let aos = serve(&sandbox, "max_concurrency = 2\npage_size = 10");
    let client = aos.connect().await;
    let lapsed = "SELECT count(DISTINCT f.customer) AS n FROM stripe.subscription f \
                  WHERE f.canceled_at IS NOT NULL AND NOT EXISTS \
                  (SELECT 1 FROM stripe.subscription s WHERE s.customer = f.customer AND s.status = 'active')";
    let sql = format!("SELECT c.n, p.n FROM ({lapsed}) c CROSS JOIN ({lapsed}) p");
    let rows = tokio::time::timeout(
        std::time::Duration::from_secs(120),
        text_rows(&client, &sql),
    )
    .await
    .expect("the join's two scans of stripe.subscription waited on each other");
    let company = sandbox.company();
    let subscriptions = company.stripe.list("subscription");
    let active: BTreeSet<&str> = subscriptions
        .iter()
        .filter(|o| o.str_field("status") == Some("active"))
        .filter_map(|o| o.str_field("customer"))
        .collect();
    let lapsed: BTreeSet<&str> = subscriptions
        .iter()
        .filter(|o| !o.body["canceled_at"].is_null())
        .filter_map(|o| o.str_field("customer"))
        .filter(|c| !active.contains(c))
        .collect();
    assert!(!lapsed.is_empty());
    let n = Some(lapsed.len().to_string());
    assert_eq!(rows, vec![vec![n.clone(), n]]);
    // The source still serves the next query.
    let count = text_rows(&client, "SELECT count(*) FROM stripe.subscription").await;
    assert_eq!(count, vec![vec![Some(subscriptions.len().to_string())]]);
}

/// Identical queries at the same time share the source's answers: each page the scans ask for is
/// requested once while it is in flight, not once per query (Stripe's test mode allows 25 requests a
/// second: 20 dashboards at once would otherwise queue behind each other).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn identical_queries_at_once_share_the_remote_reads() {
    let sandbox = sandbox(150).await;
    let config = format!(
        "[[source]]\nname = \"stripe\"\nkind = \"stripe\"\napi_base = \"{}\"\napi_key_env = \"STRIPE_KEY\"\n\
         max_requests_per_s = 25\npage_size = 50\n",
        sandbox.base_url()
    );
    let aos = Aos::serve(&config, &[("STRIPE_KEY", aos_sandbox::STRIPE_API_KEY)]);
    let sql = "SELECT status, count(*) FROM stripe.subscription GROUP BY status ORDER BY status";
    let client = aos.connect().await;
    sandbox_post(&sandbox, "/_sandbox/reset", json!({})).await;
    let alone = text_rows(&client, sql).await;
    let one = stripe_requests(&sandbox).await.len();
    assert!(one > 1, "{one} requests: the scan should page");

    const CLIENTS: usize = 10;
    let mut clients = Vec::new();
    for _ in 0..CLIENTS {
        clients.push(aos.connect().await);
    }
    sandbox_post(&sandbox, "/_sandbox/reset", json!({})).await;
    let answers =
        futures::future::join_all(clients.iter().map(|client| text_rows(client, sql))).await;
    assert!(answers.iter().all(|a| *a == alone), "{answers:?}");
    let together = stripe_requests(&sandbox).await.len();
    // Unshared, that is CLIENTS * one requests; shared, a request is only sent again when a query asks
    // for a page after the previous identical request was answered.
    assert!(
        together <= 3 * one,
        "{CLIENTS} identical queries sent {together} requests; one alone sends {one}"
    );
}
