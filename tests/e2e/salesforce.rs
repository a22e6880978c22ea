//! The `salesforce` source against the sandbox's simulated Salesforce, over pgwire: results equal the
//! sandbox's own data, the SOQL sent is what the pushdown implies, hostile literals stay literals, and
//! faults either recover or fail the query naming the source.

use std::collections::HashSet;

use aos_sandbox::{CompanyConfig, Control, Sandbox, SandboxConfig, Value};
use aos_tests::{Aos, db_message, sandbox_post};
use serde_json::{Value as Json, json};

/// A sandbox of `company` on a free port.
async fn sandbox_of(company: CompanyConfig) -> Sandbox {
    Sandbox::start(SandboxConfig {
        company,
        control: Control::default(),
        ..SandboxConfig::default()
    })
    .await
    .unwrap()
}

/// A `salesforce` source at `sandbox`, signing in with `auth` (TOML lines), then `extra`.
fn source_config(sandbox: &Sandbox, auth: &str, extra: &str) -> String {
    format!(
        "[[source]]\nname = \"salesforce\"\nkind = \"salesforce\"\nlogin_url = \"{}\"\n\
         client_id_env = \"SF_CLIENT_ID\"\n{auth}\n{extra}",
        sandbox.base_url()
    )
}

const CLIENT_SECRET: &str = "client_secret_env = \"SF_CLIENT_SECRET\"";

/// A sandbox (scale 120) and `aos serve` with a `salesforce` source pointing at it.
async fn start(extra: &str) -> (Sandbox, Aos) {
    let sandbox = sandbox_of(CompanyConfig {
        scale: 120,
        ..CompanyConfig::default()
    })
    .await;
    let aos = Aos::serve(
        &source_config(&sandbox, CLIENT_SECRET, extra),
        &[
            ("SF_CLIENT_ID", aos_sandbox::SALESFORCE_CLIENT_ID),
            ("SF_CLIENT_SECRET", aos_sandbox::SALESFORCE_CLIENT_SECRET),
        ],
    );
    (sandbox, aos)
}

/// The queries the sandbox received since the last reset.
async fn soql_received(sandbox: &Sandbox) -> Vec<(String, Json)> {
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
        .filter(|r| r["api"] == json!("salesforce"))
        .map(|r| (r["path"].as_str().unwrap().to_owned(), r["query"].clone()))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queries_match_the_sandbox_and_push_down_what_they_can() {
    let (sandbox, aos) = start("").await;
    let company = sandbox.company();
    let accounts = company.salesforce.table("Account").unwrap();
    let client = aos.connect().await;

    // Tables and columns from describe, in snake_case.
    let rows = client
        .query("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'salesforce' AND table_name = 'account'", &[])
        .await
        .unwrap();
    let columns: Vec<(String, String)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
    for (name, ty) in [
        ("id", "Utf8"),
        ("annual_revenue", "Decimal128(18, 2)"),
        ("number_of_employees", "Int64"),
        ("created_date", "Timestamp(µs, \"UTC\")"),
        ("region__c", "Utf8"),
        ("is_deleted", "Boolean"),
    ] {
        assert!(
            columns.iter().any(|(n, t)| n == name && t == ty),
            "{name} {ty} not in {columns:?}"
        );
    }

    // count(*) with no filter: one COUNT() query, no paging.
    sandbox_post(&sandbox, "/_sandbox/reset", json!({})).await;
    let n: i64 = client
        .query_one("SELECT count(*) FROM salesforce.account", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(n as usize, accounts.rows.len());
    assert_eq!(
        soql_received(&sandbox).await,
        [(
            "/services/data/v59.0/query".to_owned(),
            json!("SELECT COUNT() FROM Account")
        )]
    );

    // Projection and an inexact text filter: only Name and Industry are asked for; results are exact.
    let industry = accounts.column("Industry").unwrap();
    let name = accounts.column("Name").unwrap();
    let mut expected: Vec<String> = accounts
        .rows
        .iter()
        .filter(|r| r[industry] == Value::Text("Technology".into()))
        .map(|r| r[name].as_text().unwrap().to_owned())
        .collect();
    expected.sort();
    sandbox_post(&sandbox, "/_sandbox/reset", json!({})).await;
    let rows = client
        .query(
            "SELECT name FROM salesforce.account WHERE industry = 'Technology' ORDER BY name",
            &[],
        )
        .await
        .unwrap();
    let got: Vec<String> = rows.iter().map(|r| r.get(0)).collect();
    assert_eq!(got, expected);
    let received = soql_received(&sandbox).await;
    assert_eq!(received.len(), 1, "{received:?}");
    assert_eq!(
        received[0].1,
        json!("SELECT Name, Industry FROM Account WHERE Industry = 'Technology'")
    );

    // A LIMIT over a text filter: SOQL compares text ignoring case, so the scan re-checks the rows exactly
    // and pages by Id; when the re-check leaves it short, it continues after the last Id.
    sandbox_post(&sandbox, "/_sandbox/reset", json!({})).await;
    let rows = client
        .query(
            "SELECT name FROM salesforce.account WHERE industry = 'Technology' LIMIT 5",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(rows.len(), 5);
    assert!(
        rows.iter()
            .all(|r| expected.contains(&r.get::<_, String>(0)))
    );
    let received = soql_received(&sandbox).await;
    assert_eq!(
        received.iter().map(|r| r.1.clone()).collect::<Vec<_>>(),
        [json!(
            "SELECT Name, Industry, Id FROM Account WHERE Industry = 'Technology' ORDER BY Id LIMIT 5"
        )]
    );
    sandbox_post(&sandbox, "/_sandbox/reset", json!({})).await;
    let rows = client
        .query(
            "SELECT name FROM salesforce.account WHERE industry = 'technology' LIMIT 5",
            &[],
        )
        .await
        .unwrap();
    assert!(rows.is_empty(), "SQL equality is case-sensitive");
    let received = soql_received(&sandbox).await;
    assert!(received.len() > 1, "{received:?}");
    assert!(
        received[1..]
            .iter()
            .all(|r| r.1.as_str().unwrap().contains("AND Id > '")),
        "{received:?}"
    );

    // Exact filters carry the limit into the SOQL.
    sandbox_post(&sandbox, "/_sandbox/reset", json!({})).await;
    let rows = client
        .query(
            "SELECT id FROM salesforce.opportunity WHERE amount > 20000 AND is_won LIMIT 7",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(rows.len(), 7);
    let received = soql_received(&sandbox).await;
    assert_eq!(received.len(), 1, "{received:?}");
    assert_eq!(
        received[0].1,
        json!("SELECT Id FROM Opportunity WHERE Amount > 20000.00 AND IsWon = true LIMIT 7")
    );

    // Numbers and dates agree with the sandbox; a filtered count pages nothing.
    let opps = company.salesforce.table("Opportunity").unwrap();
    let (amount, close) = (
        opps.column("Amount").unwrap(),
        opps.column("CloseDate").unwrap(),
    );
    let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let selected: Vec<f64> = opps
        .rows
        .iter()
        .filter(|r| matches!(r[close], Value::Date(d) if d >= day))
        .filter_map(|r| r[amount].as_f64())
        .collect();
    sandbox_post(&sandbox, "/_sandbox/reset", json!({})).await;
    let row = client
        .query_one("SELECT count(*), CAST(sum(amount) AS DOUBLE PRECISION) FROM salesforce.opportunity WHERE close_date >= DATE '2026-01-01'", &[])
        .await
        .unwrap();
    assert_eq!(row.get::<_, i64>(0) as usize, selected.len());
    let sum: f64 = row.get(1);
    assert!((sum - selected.iter().sum::<f64>()).abs() < 0.01, "{sum}");
    let received = soql_received(&sandbox).await;
    assert_eq!(
        received[0].1,
        json!("SELECT Amount FROM Opportunity WHERE CloseDate >= 2026-01-01")
    );

    // EXPLAIN shows the SOQL.
    let plan = aos_tests::explain(
        &client,
        "EXPLAIN SELECT name FROM salesforce.account WHERE number_of_employees > 100 LIMIT 3",
    )
    .await;
    assert!(
        plan.contains("soql=SELECT Name FROM Account WHERE NumberOfEmployees > 100 LIMIT 3"),
        "{plan}"
    );

    // A filter the optimizer proves always true after it was pushed (a required field IS NOT NULL)
    // reaches the scan as the literal `true`: nothing to ask, every row comes back.
    for sql in [
        "SELECT count(*) FROM salesforce.account WHERE name IS NOT NULL",
        "SELECT count(*) FROM salesforce.account a LEFT JOIN salesforce.user u ON u.id = a.owner_id \
         WHERE u.name IS NOT NULL",
    ] {
        let n: i64 = client.query_one(sql, &[]).await.unwrap().get(0);
        assert_eq!(n as usize, accounts.rows.len(), "{sql}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_literals_stay_literals() {
    let (sandbox, aos) = start("").await;
    let client = aos.connect().await;
    let contacts = sandbox
        .company()
        .salesforce
        .table("Contact")
        .unwrap()
        .clone();
    let last = contacts.column("LastName").unwrap();
    let obrien = contacts
        .rows
        .iter()
        .filter(|r| r[last] == Value::Text("O'Brien".into()))
        .count();
    assert!(obrien > 0, "the data should have an O'Brien");
    for (value, expected) in [
        ("O'Brien", obrien),
        ("o'brien", obrien),
        ("' OR LastName != '", 0),
        ("\\' OR LastName != \\'", 0),
        ("x\\", 0),
        ("%", 0),
        ("line\nbreak", 0),
        ("ünï 😀", 0),
    ] {
        sandbox_post(&sandbox, "/_sandbox/reset", json!({})).await;
        let rows = client
            .query(
                "SELECT id FROM salesforce.contact WHERE last_name = $1",
                &[&value],
            )
            .await;
        let rows = rows.unwrap_or_else(|e| panic!("{value:?}: {e}"));
        let exact = rows.len();
        // SQL equality is case-sensitive: only exact-case matches come back, although SOQL ignores case.
        let exact_expected = contacts
            .rows
            .iter()
            .filter(|r| r[last] == Value::Text(value.into()))
            .count();
        assert_eq!(exact, exact_expected, "{value:?}");
        assert!(expected >= exact);
        let received = soql_received(&sandbox).await;
        assert_eq!(received.len(), 1, "{value:?}: {received:?}");
        let soql = received[0].1.as_str().unwrap();
        assert!(
            soql.starts_with("SELECT Id, LastName FROM Contact WHERE LastName = '")
                && soql.ends_with('\''),
            "{soql}"
        );
    }
    let rows = client
        .query(
            "SELECT id FROM salesforce.contact WHERE last_name LIKE '%''Br%'",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(rows.len(), obrien);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_recover_or_fail_naming_the_source_and_drift_names_the_field() {
    let (sandbox, aos) = start("request_timeout = \"1s\"\nbatch_size = 200\n").await;
    let client = aos.connect().await;
    let contacts = sandbox
        .company()
        .salesforce
        .table("Contact")
        .unwrap()
        .clone();
    let deleted = contacts.column("IsDeleted").unwrap();
    let live = contacts
        .rows
        .iter()
        .filter(|r| r[deleted] != Value::Bool(true))
        .count();
    let q = "SELECT count(*) FROM (SELECT id, email FROM salesforce.contact)";

    // 30% of requests fail in one of four ways; retries make every query whole.
    sandbox_post(
        &sandbox,
        "/_sandbox/control",
        json!({"fault_rate": 0.3, "stall_ms": 3000}),
    )
    .await;
    for _ in 0..3 {
        let n: i64 = client.query_one(q, &[]).await.unwrap().get(0);
        assert_eq!(n as usize, live);
    }
    // Every request fails: the query fails, naming the source, after bounded retries.
    sandbox_post(
        &sandbox,
        "/_sandbox/control",
        json!({"fault_rate": 1.0, "faults": ["503"]}),
    )
    .await;
    let error = client.query_one(q, &[]).await.unwrap_err();
    let message = db_message(&error);
    assert!(
        message.contains("source 'salesforce'") && message.contains("503"),
        "{message}"
    );
    sandbox_post(&sandbox, "/_sandbox/reset", json!({})).await;

    // A renamed field: an error naming it, not wrong data.
    sandbox_post(&sandbox, "/_sandbox/drift", json!({"api": "salesforce", "object": "Contact", "op": "rename", "field": "Email", "to": "EmailAddress"})).await;
    let error = client
        .query("SELECT email FROM salesforce.contact", &[])
        .await
        .unwrap_err();
    let message = db_message(&error);
    assert!(
        message.contains("Email") && message.contains("source 'salesforce'"),
        "{message}"
    );

    // The org's API limit: an error that says so, with the usage figures.
    sandbox_post(&sandbox, "/_sandbox/reset", json!({})).await;
    sandbox_post(
        &sandbox,
        "/_sandbox/control",
        json!({"salesforce_api_limit": 0}),
    )
    .await;
    let error = client
        .query("SELECT id FROM salesforce.user", &[])
        .await
        .unwrap_err();
    let message = db_message(&error);
    assert!(
        message.contains("API request limit is spent") && message.contains("api-usage="),
        "{message}"
    );
}

/// The JWT bearer flow signs in with the connected app's key (a PEM file beside the config); a wrong user,
/// a missing key or two ways of signing in stop `aos` with one line naming the source and the cause.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_jwt_bearer_flow_signs_in_with_a_key_file() {
    let sandbox = sandbox_of(CompanyConfig {
        scale: 40,
        ..CompanyConfig::default()
    })
    .await;
    let key_file = aos_sandbox::SALESFORCE_JWT_KEY_FILE;
    let jwt = format!(
        "username = \"{}\"\nprivate_key_file = \"{key_file}\"",
        aos_sandbox::SALESFORCE_USERNAME
    );
    let env = [("SF_CLIENT_ID", aos_sandbox::SALESFORCE_CLIENT_ID)];
    let aos = Aos::serve_with_files(
        &source_config(&sandbox, &jwt, ""),
        &env,
        &[(key_file, aos_sandbox::SALESFORCE_JWT_KEY_PEM)],
    );
    let client = aos.connect().await;
    let n: i64 = client
        .query_one("SELECT count(*) FROM salesforce.user", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(
        n as usize,
        sandbox
            .company()
            .salesforce
            .table("User")
            .unwrap()
            .rows
            .len()
    );
    drop(aos);

    let dir = aos_tests::tempdir();
    std::fs::write(
        dir.path().join(key_file),
        aos_sandbox::SALESFORCE_JWT_KEY_PEM,
    )
    .unwrap();
    let run = |config: String| {
        let path = dir.path().join("aos.toml");
        std::fs::write(&path, config).unwrap();
        let output = std::process::Command::new(aos_tests::aos_binary())
            .args(["query", "--config", &path.to_string_lossy(), "SELECT 1"])
            .env("AOS_LOG", "off")
            .env("SF_CLIENT_ID", aos_sandbox::SALESFORCE_CLIENT_ID)
            .env("SF_CLIENT_SECRET", aos_sandbox::SALESFORCE_CLIENT_SECRET)
            .output()
            .unwrap();
        assert!(!output.status.success());
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
        assert!(stderr.contains("salesforce"), "{stderr}");
        stderr
    };
    let stranger =
        format!("username = \"someone@else.example.com\"\nprivate_key_file = \"{key_file}\"");
    let stderr = run(source_config(&sandbox, &stranger, ""));
    assert!(
        stderr.contains("user hasn't approved this consumer"),
        "{stderr}"
    );
    let missing = "username = \"x@y.z\"\nprivate_key_file = \"nope.pem\"";
    let stderr = run(source_config(&sandbox, missing, ""));
    assert!(
        stderr.contains("private_key_file") && stderr.contains("nope.pem"),
        "{stderr}"
    );
    let both = format!("{CLIENT_SECRET}\n{jwt}");
    let stderr = run(source_config(&sandbox, &both, ""));
    assert!(stderr.contains("set either client_secret_env"), "{stderr}");
}

/// `SELECT *` of an Account with 450 custom fields: the SOQL keeps to the URL limit and the rest of the
/// fields come by Id, one retrieve per page, aligned with the right records. A filter too long for the URL
/// (a big IN list) is checked by the scan instead.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn select_star_of_an_object_with_hundreds_of_fields_fits_the_url() {
    let sandbox = sandbox_of(CompanyConfig {
        scale: 400,
        account_custom_fields: 450,
        ..CompanyConfig::default()
    })
    .await;
    let aos = Aos::serve(
        &source_config(&sandbox, CLIENT_SECRET, "batch_size = 200\n"),
        &[
            ("SF_CLIENT_ID", aos_sandbox::SALESFORCE_CLIENT_ID),
            ("SF_CLIENT_SECRET", aos_sandbox::SALESFORCE_CLIENT_SECRET),
        ],
    );
    let client = aos.connect().await;
    let company = sandbox.company();
    let accounts = company.salesforce.table("Account").unwrap();
    let deleted = accounts.column("IsDeleted").unwrap();
    let mut live: Vec<&Vec<Value>> = accounts
        .rows
        .iter()
        .filter(|r| r[deleted] != Value::Bool(true))
        .collect();
    live.sort_by(|a, b| a[0].as_text().cmp(&b[0].as_text()));
    assert!(live.len() > 200, "several pages: {}", live.len());

    let plan = client
        .query("EXPLAIN SELECT * FROM salesforce.account", &[])
        .await
        .unwrap();
    let plan: String = plan.iter().map(|r| r.get::<_, String>(1)).collect();
    assert!(plan.contains("retrieve_by_id="), "{plan}");

    sandbox_post(&sandbox, "/_sandbox/reset", json!({})).await;
    let messages = client
        .simple_query("SELECT * FROM salesforce.account ORDER BY id")
        .await
        .unwrap();
    let rows: Vec<_> = messages
        .iter()
        .filter_map(|m| match m {
            tokio_postgres::SimpleQueryMessage::Row(r) => Some(r),
            _ => None,
        })
        .collect();
    assert_eq!(rows.len(), live.len());
    assert_eq!(rows[0].len(), accounts.fields.len());
    let name = accounts.column("Name").unwrap();
    for (row, expected) in rows.iter().zip(&live) {
        assert_eq!(row.get("id"), expected[0].as_text());
        assert_eq!(row.get("name"), expected[name].as_text());
        for k in [1, 2, 3, 4, 298, 449, 450] {
            let api = format!("Legacy_Integration_Attribute_{k:03}__c");
            let cell = &expected[accounts.column(&api).unwrap()];
            let got = row.get(api.to_ascii_lowercase().as_str());
            match cell {
                Value::Null => assert_eq!(got, None, "{api}"),
                Value::Text(t) => assert_eq!(got, Some(t.as_str()), "{api}"),
                Value::Float(f) => {
                    assert_eq!(got.map(|g| g.parse::<f64>().unwrap()), Some(*f), "{api}")
                }
                Value::Bool(b) => assert_eq!(got, Some(if *b { "t" } else { "f" }), "{api}"),
                Value::Date(d) => assert_eq!(got, Some(d.to_string().as_str()), "{api}"),
                other => panic!("{api}: unexpected {other:?}"),
            }
        }
    }
    // One query page and one retrieve per 200 records; every URL within the limit.
    let stats: Json = reqwest::get(format!("{}/_sandbox/stats", sandbox.base_url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let requests: Vec<&Json> = stats["requests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["api"] == json!("salesforce"))
        .collect();
    let pages = live.len().div_ceil(200);
    let retrieves = requests
        .iter()
        .filter(|r| r["path"] == json!("/services/data/v59.0/composite/sobjects/Account"))
        .count();
    assert_eq!(retrieves, pages, "{requests:?}");
    assert_eq!(requests.len(), 2 * pages, "{requests:?}");
    assert!(
        requests.iter().all(|r| r["status"] == json!(200)),
        "{requests:?}"
    );
    let soql = requests[0]["query"].as_str().unwrap();
    assert!(
        soql.starts_with("SELECT Id, ") && soql.len() < 16_000,
        "{}",
        soql.len()
    );

    // An IN list longer than the URL allows: the scan checks it, and the answer is exact.
    let chosen: HashSet<&str> = live
        .iter()
        .step_by(3)
        .map(|r| r[name].as_text().unwrap())
        .collect();
    let expected = live
        .iter()
        .filter(|r| chosen.contains(r[name].as_text().unwrap()))
        .count();
    let mut names: Vec<String> = chosen.iter().map(|n| n.replace('\'', "''")).collect();
    names.extend((0..450).map(|i| format!("No Such Company Anywhere Number {i:04}")));
    let list = names
        .iter()
        .map(|n| format!("'{n}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!("SELECT count(*) FROM salesforce.account WHERE name IN ({list})");
    let n: i64 = client.query_one(&sql, &[]).await.unwrap().get(0);
    assert_eq!(n as usize, expected);
}
