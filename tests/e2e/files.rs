//! The `files` provider: one table per file or folder, and projection and predicate pushdown into Parquet.

use aos_tests::{Aos, TestConfig, explain};

#[tokio::test]
async fn files_and_folders_become_tables_of_the_source_schema() {
    let aos = Aos::serve_fixture(TestConfig::new()).await;
    let client = aos.connect().await;
    for (table, expected) in [
        ("items", aos_tests::ITEMS),
        ("people", 1000),
        ("logs", 1000),
    ] {
        let count: i64 = client
            .query_one(&format!("SELECT count(*) FROM lake.{table}"), &[])
            .await
            .unwrap()
            .get(0);
        assert_eq!(count, expected, "lake.{table}");
    }
    let level: String = client
        .query_one("SELECT level FROM lake.logs WHERE log_id = 700", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(level, "level1");
}

#[tokio::test]
async fn parquet_scans_read_only_the_columns_and_row_groups_asked_for() {
    let aos = Aos::serve_fixture(TestConfig::new()).await;
    let client = aos.connect().await;
    let sql = "SELECT name FROM lake.items WHERE item_id BETWEEN 20001 AND 20010";

    let plan = explain(&client, &format!("EXPLAIN {sql}")).await;
    let scan = plan
        .lines()
        .find(|l| l.contains("DataSourceExec"))
        .unwrap_or_else(|| panic!("no scan in:\n{plan}"));
    // The filter column is read inside the decoder only; just `name` leaves the scan.
    assert!(
        scan.contains("projection=[name]"),
        "projection not pushed: {scan}"
    );
    assert!(
        scan.contains("predicate=item_id@0 >= 20001 AND item_id@0 <= 20010"),
        "predicate not pushed: {scan}"
    );

    let analyzed = explain(&client, &format!("EXPLAIN ANALYZE {sql}")).await;
    let scan = analyzed
        .lines()
        .find(|l| l.contains("DataSourceExec"))
        .unwrap_or_else(|| panic!("no scan in:\n{analyzed}"));
    // 10 row groups of 10,000 rows: statistics leave one to read, and row filtering keeps 10 rows of it.
    assert!(
        scan.contains("row_groups_pruned_statistics=10 total \u{2192} 1 matched"),
        "row groups not pruned: {scan}"
    );
    assert!(
        scan.contains("output_rows=10"),
        "rows not filtered in the scan: {scan}"
    );

    let names: Vec<String> = client
        .query(sql, &[])
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(names.len(), 10);
    assert_eq!(names.first().map(String::as_str), Some("item 20001"));
}
