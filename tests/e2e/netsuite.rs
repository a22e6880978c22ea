//! The `netsuite` source against the sandbox's SuiteQL API, over pgwire: results equal the sandbox's own
//! tables, the SuiteQL sent is what the pushdown implies (aggregates included), every request is signed
//! and verified, hostile literals stay literals, and faults, 429s and wrong secrets end cleanly.

use std::collections::BTreeMap;

use aos_sandbox::{CompanyConfig, Control, Sandbox, SandboxConfig, Value};
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

fn config(sandbox: &Sandbox, extra: &str) -> String {
    format!(
        "[[source]]\nname = \"netsuite\"\nkind = \"netsuite\"\naccount_id = \"{}\"\nbase_url = \"{}\"\n\
         consumer_key_env = \"NS_CK\"\nconsumer_secret_env = \"NS_CS\"\ntoken_id_env = \"NS_TK\"\n\
         token_secret_env = \"NS_TS\"\n{extra}",
        aos_sandbox::NETSUITE_ACCOUNT_ID,
        sandbox.base_url()
    )
}

fn env(token_secret: &str) -> [(&'static str, String); 4] {
    [
        ("NS_CK", aos_sandbox::NETSUITE_CONSUMER_KEY.to_owned()),
        ("NS_CS", aos_sandbox::NETSUITE_CONSUMER_SECRET.to_owned()),
        ("NS_TK", aos_sandbox::NETSUITE_TOKEN_ID.to_owned()),
        ("NS_TS", token_secret.to_owned()),
    ]
}

fn serve(sandbox: &Sandbox, extra: &str) -> Aos {
    let env = env(aos_sandbox::NETSUITE_TOKEN_SECRET);
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    Aos::serve(&config(sandbox, extra), &env)
}

/// The SuiteQL requests since the last reset: (query, status, rows).
async fn suiteql_received(sandbox: &Sandbox) -> Vec<(String, u64, u64)> {
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
        .filter(|r| r["api"] == json!("netsuite"))
        .map(|r| {
            (
                r["query"].as_str().unwrap_or_default().to_owned(),
                r["status"].as_u64().unwrap(),
                r["rows"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// A sandbox value as the text pgwire shows for the column's type (amounts with two decimals).
fn shown(value: &Value, money: bool) -> Option<String> {
    match value {
        Value::Null => None,
        Value::Int(i) => Some(i.to_string()),
        Value::Float(f) if money => Some(format!("{f:.2}")),
        Value::Float(f) => Some(f.to_string()),
        Value::Text(t) => Some(t.clone()),
        Value::Bool(b) => Some(if *b { "t" } else { "f" }.to_owned()),
        Value::Date(d) => Some(d.to_string()),
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tables_equal_the_sandbox_and_aggregates_run_in_netsuite() {
    let sandbox = sandbox(120).await;
    let aos = serve(&sandbox, "page_size = 100\n");
    let client = aos.connect().await;
    let company = sandbox.company();
    let transactions = company.netsuite.table("transaction").unwrap();
    let col = |name: &str| transactions.column(name).unwrap();

    // Every row and typed value, in id order, read in concurrent pages of 100.
    sandbox_post(&sandbox, "/_sandbox/reset", json!({})).await;
    let rows = text_rows(
        &client,
        "SELECT id, tranid, type, trandate, foreigntotal, entity, memo FROM netsuite.transaction ORDER BY id",
    )
    .await;
    let mut expected: Vec<&Vec<Value>> = transactions.rows.iter().collect();
    expected.sort_by_key(|r| match r[col("id")] {
        Value::Int(i) => i,
        _ => panic!("id"),
    });
    assert_eq!(rows.len(), expected.len());
    for (row, want) in rows.iter().zip(&expected) {
        let want: Vec<Option<String>> = [
            ("id", false),
            ("tranid", false),
            ("type", false),
            ("trandate", false),
            ("foreigntotal", true),
            ("entity", false),
            ("memo", false),
        ]
        .iter()
        .map(|(c, money)| shown(&want[col(c)], *money))
        .collect();
        assert_eq!(row, &want);
    }
    // The first page and the id span and count at once, then one query per id range of about a page,
    // only the columns asked for.
    let received = suiteql_received(&sandbox).await;
    let mut first_two: Vec<&str> = received[..2].iter().map(|r| r.0.as_str()).collect();
    first_two.sort_unstable();
    assert_eq!(
        first_two,
        [
            "SELECT MIN(id) AS lo, MAX(id) AS hi, COUNT(*) AS n FROM transaction",
            "SELECT id, tranid, type, trandate, entity, foreigntotal, memo FROM transaction ORDER BY id",
        ]
    );
    let ranges = &received[2..];
    assert!(
        ranges.len() + 1 >= expected.len().div_ceil(100),
        "{received:?}"
    );
    assert!(
        ranges.len() <= expected.len().div_ceil(100) + 2,
        "{received:?}"
    );
    for (query, status, rows) in ranges {
        assert!(
            query.starts_with("SELECT id, tranid, type, trandate, ")
                && query.contains(" FROM transaction WHERE id BETWEEN ")
                && query.ends_with(" ORDER BY id")
                && query.matches(", ").count() == 6
                && *status == 200
                && *rows <= 100,
            "{query}"
        );
    }

    // Booleans from "T"/"F", and datetimes with their time.
    let lines = company.netsuite.table("transactionline").unwrap();
    let mainline = lines
        .rows
        .iter()
        .filter(|r| r[lines.column("mainline").unwrap()] == Value::Bool(true))
        .count();
    let n: i64 = client
        .query_one(
            "SELECT count(*) FROM (SELECT id FROM netsuite.transactionline WHERE mainline)",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(n as usize, mainline);
    let rows = text_rows(
        &client,
        "SELECT to_char(createddate, '%Y-%m-%d %H:%M:%S') FROM netsuite.transaction ORDER BY id LIMIT 1",
    )
    .await;
    let Value::DateTime(created) = &expected[0][col("createddate")] else {
        panic!("createddate");
    };
    assert_eq!(
        rows[0][0],
        Some(created.format("%Y-%m-%d %H:%M:%S").to_string())
    );

    // count(*) with a filter: one SuiteQL aggregate, no paging.
    sandbox_post(&sandbox, "/_sandbox/reset", json!({})).await;
    let invoices = transactions
        .rows
        .iter()
        .filter(|r| r[col("type")] == Value::Text("CustInvc".into()))
        .count();
    let n: i64 = client
        .query_one(
            "SELECT count(*) FROM netsuite.transaction WHERE type = 'CustInvc'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(n as usize, invoices);
    assert_eq!(
        suiteql_received(&sandbox).await,
        [(
            "SELECT COUNT(*) AS a0 FROM transaction WHERE type = 'CustInvc'".to_owned(),
            200,
            1
        )]
    );

    // GROUP BY with sum, min and max: one query, and the figures computed here from the sandbox's rows.
    sandbox_post(&sandbox, "/_sandbox/reset", json!({})).await;
    let sql = "SELECT type, count(*), sum(foreigntotal), min(trandate), max(trandate) FROM netsuite.transaction \
               WHERE trandate >= DATE '2025-01-01' GROUP BY type ORDER BY type";
    let rows = text_rows(&client, sql).await;
    let mut groups: BTreeMap<String, (usize, f64, String, String)> = BTreeMap::new();
    for r in &transactions.rows {
        let Value::Date(day) = r[col("trandate")] else {
            continue;
        };
        if day < chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() {
            continue;
        }
        let Value::Text(ty) = &r[col("type")] else {
            panic!("type")
        };
        let total = match r[col("foreigntotal")] {
            Value::Float(f) => f,
            Value::Int(i) => i as f64,
            _ => 0.0,
        };
        let g = groups
            .entry(ty.clone())
            .or_insert((0, 0.0, day.to_string(), day.to_string()));
        g.0 += 1;
        g.1 += total;
        g.2 = g.2.clone().min(day.to_string());
        g.3 = g.3.clone().max(day.to_string());
    }
    assert_eq!(rows.len(), groups.len());
    for (row, (ty, (count, sum, min, max))) in rows.iter().zip(&groups) {
        assert_eq!(row[0].as_deref(), Some(ty.as_str()));
        assert_eq!(row[1], Some(count.to_string()));
        assert_eq!(row[2], Some(format!("{sum:.2}")));
        assert_eq!(row[3].as_deref(), Some(min.as_str()));
        assert_eq!(row[4].as_deref(), Some(max.as_str()));
    }
    let received = suiteql_received(&sandbox).await;
    assert_eq!(received.len(), 1, "{received:?}");
    assert_eq!(
        received[0].0,
        "SELECT type AS g0, COUNT(*) AS a0, SUM(foreigntotal) AS a1, MIN(trandate) AS a2, MAX(trandate) AS a3 \
         FROM transaction WHERE trandate >= TO_DATE('2025-01-01', 'YYYY-MM-DD') GROUP BY type ORDER BY type"
    );
    let plan = explain(&client, &format!("EXPLAIN {sql}")).await;
    assert!(
        plan.contains("NetSuiteScanExec") && plan.contains("GROUP BY type"),
        "{plan}"
    );

    // An aggregate SuiteQL cannot take (avg) stays in DataFusion over a pushed scan.
    let plan = explain(
        &client,
        "EXPLAIN SELECT avg(foreigntotal) FROM netsuite.transaction",
    )
    .await;
    assert!(
        plan.contains("SELECT foreigntotal, id FROM transaction ORDER BY id"),
        "{plan}"
    );

    // LIMIT: one request asking for 5 rows.
    sandbox_post(&sandbox, "/_sandbox/reset", json!({})).await;
    let rows = text_rows(
        &client,
        "SELECT id FROM netsuite.customer WHERE isinactive = false LIMIT 5",
    )
    .await;
    assert_eq!(rows.len(), 5);
    let received = suiteql_received(&sandbox).await;
    assert_eq!(
        received,
        [(
            // DataFusion writes `isinactive = false` as `NOT isinactive`.
            "SELECT id FROM customer WHERE (NOT isinactive = 'T') ORDER BY id".to_owned(),
            200,
            5
        )]
    );

    // Hostile literals: doubled quotes, the SuiteQL keeps its shape, the answer is right.
    let customers = company.netsuite.table("customer").unwrap();
    let name = customers.column("companyname").unwrap();
    let real = customers.rows[3][name].as_text().unwrap().to_owned();
    for hostile in [
        "O'Brien & Sons",
        "x' OR '1'='1",
        "'; DELETE FROM customer --",
        "\\' OR 1=1 --",
        "日本語 ünïcödé\nnewline",
    ] {
        sandbox_post(&sandbox, "/_sandbox/reset", json!({})).await;
        let literal = hostile.replace('\'', "''");
        let sql = format!(
            "SELECT count(*) FROM netsuite.customer WHERE companyname IN ('{literal}', '{}')",
            real.replace('\'', "''")
        );
        let n: i64 = client.query_one(&sql, &[]).await.unwrap().get(0);
        let expected = customers
            .rows
            .iter()
            .filter(|r| r[name].as_text() == Some(&real) || r[name].as_text() == Some(hostile))
            .count();
        assert_eq!(n as usize, expected, "{hostile}");
        // One aggregate query, the value one literal whose quotes are doubled.
        let received = suiteql_received(&sandbox).await;
        assert_eq!(received.len(), 1, "{received:?}");
        let (query, status, _) = &received[0];
        assert_eq!(*status, 200);
        assert!(
            query.starts_with("SELECT COUNT(*) AS a0 FROM customer WHERE ")
                && query.contains(&format!("'{literal}'")),
            "{query}"
        );
    }
}

/// Past the row cap a read continues by id range; 429s from the account's concurrency limit and injected
/// faults are retried; a renamed field names the field; a wrong secret fails at once, without retries.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn row_cap_faults_throttling_and_auth() {
    let sandbox = sandbox(80).await;
    let aos = serve(
        &sandbox,
        "page_size = 50\nmax_rows_per_query = 120\nmax_retries = 8\n",
    );
    let client = aos.connect().await;
    let company = sandbox.company();
    let lines = company.netsuite.table("transactionline").unwrap();
    let mut ids: Vec<i64> = lines
        .rows
        .iter()
        .map(|r| match r[0] {
            Value::Int(i) => i,
            _ => panic!("id"),
        })
        .collect();
    ids.sort_unstable();
    assert!(ids.len() > 500);

    // A whole read: the id span and count, then id ranges of about a page each.
    sandbox_post(&sandbox, "/_sandbox/reset", json!({})).await;
    let rows = text_rows(&client, "SELECT id FROM netsuite.transactionline").await;
    let mut got: Vec<i64> = rows
        .iter()
        .map(|r| r[0].as_ref().unwrap().parse().unwrap())
        .collect();
    got.sort_unstable();
    assert_eq!(got, ids);
    let received = suiteql_received(&sandbox).await;
    assert!(
        received[..2]
            .iter()
            .any(|r| r.0
                == "SELECT MIN(id) AS lo, MAX(id) AS hi, COUNT(*) AS n FROM transactionline"),
        "{received:?}"
    );
    assert!(
        received[2..]
            .iter()
            .all(|(q, _, rows)| q.contains(" WHERE id BETWEEN ") && *rows <= 50),
        "{received:?}"
    );

    // With a LIMIT the read pages by offset, and past the row cap (120 here) continues by id.
    sandbox_post(&sandbox, "/_sandbox/reset", json!({})).await;
    let rows = text_rows(&client, "SELECT id FROM netsuite.transactionline LIMIT 400").await;
    let got: Vec<i64> = rows
        .iter()
        .map(|r| r[0].as_ref().unwrap().parse().unwrap())
        .collect();
    assert_eq!(got, ids[..400]);
    let received = suiteql_received(&sandbox).await;
    let continued: std::collections::BTreeSet<&String> = received
        .iter()
        .filter(|(q, _, _)| q.contains("WHERE id > "))
        .map(|(q, _, _)| q)
        .collect();
    assert_eq!(continued.len(), 3, "{received:?}");

    // The account allows 1 request at a time; the source sends 2 (a chunk's later pages): the 429s are
    // retried. (Each request holds its slot 50 ms, so that two of them meet however the machine
    // schedules them.)
    sandbox_post(
        &sandbox,
        "/_sandbox/control",
        json!({"netsuite_concurrency": 1, "latency_ms": 50, "fault_rate": 0.2, "faults": ["500", "503", "truncate"]}),
    )
    .await;
    let rows = text_rows(&client, "SELECT id FROM netsuite.transactionline").await;
    assert_eq!(rows.len(), ids.len());
    let statuses: Vec<u64> = suiteql_received(&sandbox)
        .await
        .iter()
        .map(|r| r.1)
        .collect();
    assert!(statuses.contains(&429), "{statuses:?}");
    sandbox_post(&sandbox, "/_sandbox/reset", json!({})).await;

    // A renamed field is an error naming it.
    sandbox_post(
        &sandbox,
        "/_sandbox/drift",
        json!({"api": "netsuite", "object": "transaction", "op": "rename", "field": "foreigntotal", "to": "total"}),
    )
    .await;
    let error = client
        .query_one("SELECT sum(foreigntotal) FROM netsuite.transaction", &[])
        .await
        .unwrap_err();
    let message = db_message(&error);
    assert!(
        message.contains("source 'netsuite'") && message.contains("foreigntotal"),
        "{message}"
    );
    sandbox_post(&sandbox, "/_sandbox/reset", json!({})).await;
    drop(aos);

    // A wrong token secret: one request, NetSuite's INVALID_LOGIN, and aos does not start.
    let dir = aos_tests::tempdir();
    let path = dir.path().join("aos.toml");
    std::fs::write(&path, config(&sandbox, "")).unwrap();
    let mut command = std::process::Command::new(aos_tests::aos_binary());
    command
        .args(["query", "--config", &path.to_string_lossy(), "SELECT 1"])
        .env("AOS_LOG", "off");
    for (k, v) in env("not-the-secret") {
        command.env(k, v);
    }
    let output = command.output().unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("source 'netsuite'") && stderr.contains("401 INVALID_LOGIN"),
        "{stderr}"
    );
    let received = suiteql_received(&sandbox).await;
    assert_eq!(received.len(), 1, "{received:?}");
}

/// OAuth 2.0 machine-to-machine: a PS256 client assertion from the certificate's key file buys a bearer
/// token; a token the account forgot is replaced once; a wrong certificate id stops `aos` with NetSuite's
/// reason.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn machine_to_machine_sign_in() {
    let sandbox = sandbox(40).await;
    let m2m = |certificate: &str| {
        format!(
            "[[source]]\nname = \"netsuite\"\nkind = \"netsuite\"\naccount_id = \"{}\"\nbase_url = \"{}\"\n\
             client_id_env = \"NS_CLIENT\"\ncertificate_id = \"{certificate}\"\nprivate_key_file = \"ns-key.pem\"\n",
            aos_sandbox::NETSUITE_ACCOUNT_ID,
            sandbox.base_url()
        )
    };
    let env = [("NS_CLIENT", aos_sandbox::NETSUITE_M2M_CLIENT_ID)];
    let files = [("ns-key.pem", aos_sandbox::NETSUITE_M2M_KEY_PEM)];
    let aos = Aos::serve_with_files(&m2m(aos_sandbox::NETSUITE_CERTIFICATE_ID), &env, &files);
    let client = aos.connect().await;
    let company = sandbox.company();
    let customers = company.netsuite.table("customer").unwrap().rows.len();
    for round in 0..2 {
        let n: i64 = client
            .query_one("SELECT count(*) FROM netsuite.customer", &[])
            .await
            .unwrap_or_else(|e| panic!("{}", db_message(&e)))
            .get(0);
        assert_eq!(n as usize, customers);
        if round == 1 {
            // The token the sandbox forgot was refused once, and a new one bought.
            let statuses: Vec<u64> = suiteql_received(&sandbox)
                .await
                .iter()
                .map(|r| r.1)
                .collect();
            assert_eq!(statuses, [401, 200, 200], "{statuses:?}");
        }
        // The reset makes the sandbox forget its tokens.
        sandbox_post(&sandbox, "/_sandbox/reset", json!({})).await;
    }
    drop(aos);

    let dir = aos_tests::tempdir();
    std::fs::write(
        dir.path().join("ns-key.pem"),
        aos_sandbox::NETSUITE_M2M_KEY_PEM,
    )
    .unwrap();
    let path = dir.path().join("aos.toml");
    std::fs::write(&path, m2m("some-other-certificate")).unwrap();
    let output = std::process::Command::new(aos_tests::aos_binary())
        .args(["query", "--config", &path.to_string_lossy(), "SELECT 1"])
        .env("AOS_LOG", "off")
        .env("NS_CLIENT", aos_sandbox::NETSUITE_M2M_CLIENT_ID)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("source 'netsuite'") && stderr.contains("unknown certificate id"),
        "{stderr}"
    );
}
