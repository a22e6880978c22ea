//! The `files` provider over S3: a moto S3 server on loopback, reached through `endpoint` and `allow_http`
//! with credentials from `*_env` settings.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use aos_tests::{Aos, ITEMS, explain, python, tempdir, write_fixture_lake};

#[tokio::test]
async fn s3_prefix_is_served_with_pruning() {
    let dir = tempdir();
    let lake = dir.path().join("lake");
    write_fixture_lake(&lake).await;
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("python/s3_server.py");
    let mut s3 = Command::new(python())
        .arg(script)
        .args(["aos-test", "exports/v1"])
        .arg(&lake)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    // moto prints its own banner first; the helper's "ready PORT" line comes once the files are uploaded.
    let lines = BufReader::new(s3.stdout.take().unwrap())
        .lines()
        .map_while(Result::ok);
    let port: u16 = lines
        .filter_map(|line| line.strip_prefix("ready ").and_then(|p| p.parse().ok()))
        .next()
        .expect("the S3 helper did not start");

    let config = format!(
        "[[source]]\nname = \"s3lake\"\nkind = \"files\"\nurl = \"s3://aos-test/exports/v1\"\n\
         endpoint = \"http://127.0.0.1:{port}\"\nallow_http = true\nregion = \"us-east-1\"\n\
         access_key_id_env = \"AOS_TEST_S3_KEY\"\nsecret_access_key_env = \"AOS_TEST_S3_SECRET\"\n"
    );
    let aos = Aos::serve(
        &config,
        &[
            ("AOS_TEST_S3_KEY", "aos-test"),
            ("AOS_TEST_S3_SECRET", "aos-test-secret"),
        ],
    );
    let client = aos.connect().await;
    for (table, expected) in [("items", ITEMS), ("people", 1000), ("logs", 1000)] {
        let count: i64 = client
            .query_one(&format!("SELECT count(*) FROM s3lake.{table}"), &[])
            .await
            .unwrap()
            .get(0);
        assert_eq!(count, expected, "s3lake.{table}");
    }
    let plan = explain(
        &client,
        "EXPLAIN ANALYZE SELECT name FROM s3lake.items WHERE item_id BETWEEN 20001 AND 20010",
    )
    .await;
    assert!(
        plan.contains("row_groups_pruned_statistics=10 total \u{2192} 1 matched"),
        "{plan}"
    );

    drop(s3.stdin.take());
    let _ = s3.wait();
}
