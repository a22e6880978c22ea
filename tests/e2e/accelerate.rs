//! Accelerated copies (`[[accelerate]]`) of the `stripe` source against the sandbox: a copy answers as
//! the source does without asking it, `EXPLAIN` says which copy a scan reads and what the live request
//! would be, `SET aos.freshness = 'live'` reads the source, an `append` refresh neither loses nor repeats
//! objects that share the cursor's second, a source down serves the copy with a notice until
//! `max_staleness`, and a disk copy is served after a restart while the source is down.

use std::collections::BTreeSet;
use std::path::Path;

use aos_sandbox::{CompanyConfig, Control, Sandbox, SandboxConfig};
use aos_tests::{Aos, db_message, explain, sandbox_post, sandbox_stats, text_rows};
use serde_json::{Value as Json, json};

async fn sandbox() -> Sandbox {
    Sandbox::start(SandboxConfig {
        company: CompanyConfig {
            scale: 120,
            ..CompanyConfig::default()
        },
        control: Control::default(),
        ..SandboxConfig::default()
    })
    .await
    .unwrap()
}

/// A config with a `stripe` source at `sandbox`, then `extra` TOML lines.
fn config(sandbox: &Sandbox, extra: &str) -> String {
    format!(
        "[[source]]\nname = \"stripe\"\nkind = \"stripe\"\napi_base = \"{}\"\napi_key_env = \"STRIPE_KEY\"\n\
         max_requests_per_s = 1000\n{extra}",
        sandbox.base_url()
    )
}

const ENV: &[(&str, &str)] = &[("STRIPE_KEY", aos_sandbox::STRIPE_API_KEY)];

/// Requests the sandbox's Stripe API has answered so far.
async fn stripe_requests(sandbox: &Sandbox) -> u64 {
    let stats = sandbox_stats(sandbox).await;
    stats["totals"]["stripe"].as_u64().unwrap()
}

/// The `created[gte]` of the Stripe list requests since request number `since`.
async fn created_gte_since(sandbox: &Sandbox, since: usize) -> Vec<String> {
    let stats = sandbox_stats(sandbox).await;
    stats["requests"].as_array().unwrap()[since..]
        .iter()
        .filter(|r| r["api"] == json!("stripe"))
        .filter_map(|r| {
            let query = r["query"].as_str()?;
            form_urlencoded::parse(query.as_bytes())
                .find(|(k, _)| k == "created[gte]")
                .map(|(_, v)| v.into_owned())
        })
        .collect()
}

async fn request_log_len(sandbox: &Sandbox) -> usize {
    let stats = sandbox_stats(sandbox).await;
    stats["requests"].as_array().unwrap().len()
}

async fn ids(client: &tokio_postgres::Client, sql: &str) -> Vec<String> {
    text_rows(client, sql)
        .await
        .into_iter()
        .map(|r| r[0].clone().unwrap())
        .collect()
}

async fn refresh(aos: &Aos, table: &str) -> (u16, Json) {
    let response = reqwest::Client::new()
        .post(aos.url("/v1/refresh"))
        .json(&json!({"table": table}))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_copy_answers_as_the_source_without_asking_it_and_explain_says_so() {
    let sandbox = sandbox().await;
    let aos = Aos::serve(
        &config(
            &sandbox,
            "[[accelerate]]\ntable = \"stripe.customer\"\n\n[[accelerate]]\ntable = \"stripe.invoice\"\n\
             storage = \"disk\"\n",
        ),
        ENV,
    );
    let client = aos.connect().await;
    let expected: BTreeSet<String> = sandbox
        .company()
        .stripe
        .list("customer")
        .iter()
        .map(|o| o.id.clone())
        .collect();

    let before = stripe_requests(&sandbox).await;
    let sql = "SELECT id, name, email, created FROM stripe.customer WHERE created >= '2024-01-01' ORDER BY id";
    let copied = text_rows(&client, sql).await;
    let all = ids(&client, "SELECT id FROM stripe.customer ORDER BY id").await;
    let invoices = text_rows(
        &client,
        "SELECT status, count(*), sum(total) FROM stripe.invoice GROUP BY status ORDER BY status",
    )
    .await;
    assert_eq!(
        stripe_requests(&sandbox).await,
        before,
        "a query of a copy asked Stripe"
    );
    assert_eq!(all.iter().cloned().collect::<BTreeSet<_>>(), expected);
    assert_eq!(all.len(), expected.len(), "duplicates in the copy");

    let plan = explain(&client, &format!("EXPLAIN {sql}")).await;
    assert!(
        plan.contains("AcceleratedScan: stripe.customer: copy v1 taken"),
        "{plan}"
    );
    assert!(plan.contains("live: StripeScan"), "{plan}");

    // The same answers read live, and the live plan asks Stripe.
    client
        .batch_execute("SET aos.freshness = 'live'")
        .await
        .unwrap();
    assert_eq!(text_rows(&client, sql).await, copied);
    assert_eq!(
        text_rows(
            &client,
            "SELECT status, count(*), sum(total) FROM stripe.invoice GROUP BY status ORDER BY status",
        )
        .await,
        invoices
    );
    let live_plan = explain(&client, &format!("EXPLAIN {sql}")).await;
    assert!(!live_plan.contains("AcceleratedScan"), "{live_plan}");
    assert!(live_plan.contains("created[gte]"), "{live_plan}");
    assert!(stripe_requests(&sandbox).await > before);
    let error = client
        .batch_execute("SET aos.freshness = 'yesterday'")
        .await
        .unwrap_err();
    assert!(
        db_message(&error).contains("'live' or 'default'"),
        "{error}"
    );

    // The same over HTTP, with the freshness in the body.
    let http = reqwest::Client::new();
    let response: Json = http
        .post(aos.url("/v1/query"))
        .json(&json!({"sql": "SELECT count(*) AS n FROM stripe.customer", "freshness": "live"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(response["rows"][0][0], json!(expected.len()), "{response}");

    // What each copy holds, and when it is refreshed next.
    let other = aos.connect().await;
    let status = text_rows(
        &other,
        "SELECT table_name, mode, storage, version, rows, last_error IS NULL, next_refresh > last_refresh \
         FROM system.accelerations ORDER BY table_name",
    )
    .await;
    let invoice_count = sandbox.company().stripe.list("invoice").len().to_string();
    let customer_count = expected.len().to_string();
    let row = |t: &str, s: &str, n: &str| {
        [t, "full", s, "1", n, "t", "t"]
            .map(|v| Some(v.to_string()))
            .to_vec()
    };
    assert_eq!(
        status,
        vec![
            row("stripe.customer", "memory", &customer_count),
            row("stripe.invoice", "disk", &invoice_count),
        ]
    );

    // An on-demand refresh makes the next version; a table without a copy is named as such.
    let (code, report) = refresh(&aos, "stripe.customer").await;
    assert_eq!(code, 200, "{report}");
    assert_eq!(report["version"], json!(2));
    assert_eq!(report["rows"], json!(expected.len()));
    let output = std::process::Command::new(aos_tests::aos_binary())
        .args(["refresh", "--config"])
        .arg(aos.dir().join("aos.toml"))
        .args(["--http-port", &aos.http_port.to_string(), "stripe.customer"])
        .output()
        .unwrap();
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{output:?}");
    assert!(
        printed.starts_with(&format!(
            "stripe.customer: version 3, {} rows",
            expected.len()
        )),
        "{printed}"
    );
    let (code, report) = refresh(&aos, "stripe.charge").await;
    assert_eq!(code, 400, "{report}");
    assert!(
        report["error"]["message"]
            .as_str()
            .unwrap()
            .contains("stripe.charge is not accelerated"),
        "{report}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_append_refresh_neither_loses_nor_repeats_objects_that_tie_on_the_cursor() {
    let sandbox = sandbox().await;
    let aos = Aos::serve(
        &config(
            &sandbox,
            "[[accelerate]]\ntable = \"stripe.customer\"\nmode = \"append\"\ncursor = \"created\"\n\
             refresh_interval = \"0s\"\n",
        ),
        ENV,
    );
    let client = aos.connect().await;
    let company = sandbox.company();
    let customers = company.stripe.list("customer");
    let newest = customers.iter().map(|o| o.created).max().unwrap();
    let tied_before = customers.iter().filter(|o| o.created == newest).count();

    // Two customers arrive in the copy's newest second, one a second later.
    for (id, created) in [
        ("cus_tie_a", newest),
        ("cus_tie_b", newest),
        ("cus_later", newest + 1),
    ] {
        let mut body = customers[0].body.clone();
        body.insert("id".into(), json!(id));
        body.insert("created".into(), json!(created));
        sandbox_post(&sandbox, "/_sandbox/stripe/customer", Json::Object(body)).await;
    }
    let mark = request_log_len(&sandbox).await;
    let (code, report) = refresh(&aos, "stripe.customer").await;
    assert_eq!(code, 200, "{report}");
    // Only the newest second onwards was asked for.
    let asked = created_gte_since(&sandbox, mark).await;
    assert!(!asked.is_empty(), "the refresh read everything again");
    assert!(
        asked.iter().all(|gte| gte == &newest.to_string()),
        "{asked:?} (newest {newest})"
    );

    let copied = ids(&client, "SELECT id FROM stripe.customer ORDER BY id").await;
    let unique: BTreeSet<&String> = copied.iter().collect();
    assert_eq!(unique.len(), copied.len(), "repeated rows: {copied:?}");
    assert_eq!(copied.len(), customers.len() + 3);
    for id in ["cus_tie_a", "cus_tie_b", "cus_later"] {
        assert!(unique.contains(&id.to_string()), "{id} lost");
    }
    assert!(tied_before >= 1);

    // Faults on a third of the requests (errors and truncated bodies) while more customers tie on the
    // newest second: each refresh either completes or keeps the previous copy, never a broken one.
    for id in ["cus_tie_c", "cus_tie_d"] {
        let mut body = customers[0].body.clone();
        body.insert("id".into(), json!(id));
        body.insert("created".into(), json!(newest + 1));
        sandbox_post(&sandbox, "/_sandbox/stripe/customer", Json::Object(body)).await;
    }
    sandbox_post(
        &sandbox,
        "/_sandbox/control",
        json!({"fault_rate": 0.34, "faults": ["500", "503", "truncate"]}),
    )
    .await;
    let mut refreshed = false;
    for _ in 0..6 {
        let (code, report) = refresh(&aos, "stripe.customer").await;
        let now = ids(&client, "SELECT id FROM stripe.customer ORDER BY id").await;
        let unique: BTreeSet<&String> = now.iter().collect();
        assert_eq!(unique.len(), now.len(), "repeated rows after {report}");
        match code {
            200 => {
                assert_eq!(now.len(), customers.len() + 5, "{report}");
                refreshed = true;
            }
            _ => assert!(now.len() == customers.len() + 3 || now.len() == customers.len() + 5),
        }
    }
    assert!(
        refreshed,
        "no refresh succeeded with a third of the requests failing"
    );
    sandbox_post(&sandbox, "/_sandbox/control", json!({"fault_rate": 0.0})).await;
    let copied = ids(&client, "SELECT id FROM stripe.customer ORDER BY id").await;
    client
        .batch_execute("SET aos.freshness = 'live'")
        .await
        .unwrap();
    assert_eq!(
        ids(&client, "SELECT id FROM stripe.customer ORDER BY id").await,
        copied
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_source_down_serves_the_copy_with_a_notice_until_max_staleness() {
    let sandbox = sandbox().await;
    let aos = Aos::serve(
        &config(
            &sandbox,
            "[[accelerate]]\ntable = \"stripe.customer\"\nrefresh_interval = \"0s\"\nmax_staleness = \"4s\"\n",
        ),
        ENV,
    );
    let count = sandbox.company().stripe.list("customer").len().to_string();
    sandbox_post(
        &sandbox,
        "/_sandbox/control",
        json!({"fault_rate": 1.0, "faults": ["503"]}),
    )
    .await;
    let (code, report) = refresh(&aos, "stripe.customer").await;
    assert_eq!(code, 502, "{report}");
    assert!(
        report["error"]["message"]
            .as_str()
            .unwrap()
            .contains("stripe"),
        "{report}"
    );

    // The answer arrives, with a notice saying how old it is: over pgwire (psql prints it) and HTTP.
    let (ok, out, err) = aos.psql(&["-Atc", "SELECT count(*) FROM stripe.customer"]);
    assert!(ok, "{err}");
    assert_eq!(out.trim(), count);
    assert!(
        err.contains("stripe.customer served from its copy taken") && err.contains("failed"),
        "{err}"
    );
    let response = reqwest::Client::new()
        .post(aos.url("/v1/query"))
        .json(&json!({"sql": "SELECT count(*) AS n FROM stripe.customer"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 200);
    let notice = response
        .headers()
        .get("aos-notice")
        .map(|v| v.to_str().unwrap().to_string());
    assert!(
        notice
            .as_deref()
            .is_some_and(|n| n.contains("stripe.customer served from its copy")),
        "{notice:?}"
    );
    let status = text_rows(
        &aos.connect().await,
        "SELECT last_error IS NOT NULL, version FROM system.accelerations",
    )
    .await;
    assert_eq!(status, vec![vec![Some("t".into()), Some("1".into())]]);

    // Past max_staleness with the source still down, the query fails naming the table.
    tokio::time::sleep(std::time::Duration::from_secs(5)).await;
    let client = aos.connect().await;
    let error = client
        .simple_query("SELECT count(*) FROM stripe.customer")
        .await
        .unwrap_err();
    let message = db_message(&error);
    assert!(
        message.contains("stripe.customer") && message.contains("max_staleness"),
        "{message}"
    );

    // The source back, the copy is refreshed by the next query.
    sandbox_post(&sandbox, "/_sandbox/control", json!({"fault_rate": 0.0})).await;
    assert_eq!(
        text_rows(&client, "SELECT count(*) FROM stripe.customer").await,
        vec![vec![Some(count)]]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_disk_copy_is_served_after_a_restart_while_the_source_is_down() {
    let sandbox = sandbox().await;
    let dir = aos_tests::tempdir();
    let path = dir.path().join("aos.toml");
    std::fs::write(
        &path,
        config(
            &sandbox,
            "[engine]\nacceleration_dir = \"copies\"\n\n[[accelerate]]\ntable = \"stripe.customer\"\nstorage = \"disk\"\n",
        ),
    )
    .unwrap();
    let sql = "SELECT id, name, created FROM stripe.customer ORDER BY id";
    let first = {
        let aos = Aos::serve_config(&path, ENV);
        text_rows(&aos.connect().await, sql).await
    };
    assert!(copy_files(&dir.path().join("copies")) >= 1);

    // Stripe down: the restarted server answers from its disk copy.
    sandbox.stop().await;
    let aos = Aos::serve_config(&path, ENV);
    let client = aos.connect().await;
    assert_eq!(text_rows(&client, sql).await, first);
    let plan = explain(&client, &format!("EXPLAIN {sql}")).await;
    assert!(
        plan.contains("copy v1") && plan.contains("copies"),
        "{plan}"
    );
}

fn copy_files(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().ends_with(".parquet"))
                .count()
        })
        .unwrap_or(0)
}
