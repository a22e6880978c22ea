//! SQL warehouses: a real PostgreSQL started by the test and the sandbox's SQLite file, each queried through
//! `aos` and directly, with the SQL PostgreSQL received read from its statement log.

use aos_tests::{Aos, MariaDb, Postgres, db_message, free_port, text_rows};

/// Orders, customers and a second schema, with known contents.
const SEED: &str = "
CREATE TABLE customers (id int PRIMARY KEY, name text NOT NULL, country text);
INSERT INTO customers SELECT g, 'customer ' || g, (ARRAY['US','DE','FR','JP'])[1 + g % 4] FROM generate_series(1, 100) g;
CREATE TABLE orders (id bigint PRIMARY KEY, customer_id int REFERENCES customers, region text, amount numeric(12,2),
                     ordered_at timestamptz, day date);
INSERT INTO orders SELECT g, 1 + g % 100, (ARRAY['emea','amer','apac'])[1 + g % 3], (g % 1000) + 0.25,
       TIMESTAMPTZ '2025-01-01 00:00:00+00' + g * interval '17 minutes', DATE '2025-01-01' + (g / 100)
  FROM generate_series(1, 20000) g;
CREATE SCHEMA sales;
CREATE TABLE sales.targets (region text PRIMARY KEY, target numeric(10,2));
INSERT INTO sales.targets VALUES ('emea', 100), ('apac', 50);
CREATE SCHEMA reference;
CREATE TABLE reference.segments (customer_id int PRIMARY KEY, segment text);
INSERT INTO reference.segments SELECT g, 'seg' || (g % 5) FROM generate_series(1, 100) g;
CREATE ROLE reader LOGIN PASSWORD 'right-password';
GRANT USAGE ON SCHEMA sales TO reader;
GRANT SELECT ON ALL TABLES IN SCHEMA public, sales TO reader;
ANALYZE;
";

async fn seeded_postgres() -> Postgres {
    let postgres = Postgres::start("");
    postgres
        .connect()
        .await
        .batch_execute(SEED)
        .await
        .unwrap_or_else(|e| panic!("seed: {}", db_message(&e)));
    postgres
}

/// `aos serve` with a `postgres` source named `warehouse` (`extra` is appended to its settings) and a
/// `files` source named `lake` holding `segments.csv` (the same rows as `reference.segments`), in a
/// folder that lives as long as the returned handle.
fn serve(postgres: &Postgres, extra: &str) -> (Aos, tempfile::TempDir) {
    let mut csv = String::from("customer_id,segment\n");
    for id in 1..=100 {
        csv.push_str(&format!("{id},seg{}\n", id % 5));
    }
    let dir = aos_tests::tempdir();
    std::fs::create_dir(dir.path().join("lake")).unwrap();
    let segments = dir.path().join("lake/segments.csv");
    std::fs::write(&segments, csv).unwrap();
    let config = format!(
        "[[source]]\nname = \"warehouse\"\nkind = \"postgres\"\nurl_env = \"WAREHOUSE_URL\"\ntls = \"disable\"\n\
         schemas = [\"public\", \"sales\"]\n{extra}\n\n\
         [[source]]\nname = \"lake\"\nkind = \"files\"\nurl = \"{}\"\n",
        dir.path().join("lake").display()
    );
    (
        Aos::serve(&config, &[("WAREHOUSE_URL", &postgres.url())]),
        dir,
    )
}

#[tokio::test]
async fn postgres_runs_single_source_subplans_in_postgres() {
    let postgres = seeded_postgres().await;
    let direct = postgres.connect().await;
    let (aos, _lake) = serve(&postgres, "");
    let client = aos.connect().await;

    // (query through aos, the same query in PostgreSQL, what the SQL PostgreSQL receives must contain)
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "SELECT region, sum(amount) AS total, count(*) AS n FROM warehouse.orders \
             WHERE day >= DATE '2025-03-01' GROUP BY region ORDER BY region",
            "SELECT region, sum(amount) AS total, count(*) AS n FROM orders \
             WHERE day >= DATE '2025-03-01' GROUP BY region ORDER BY region",
            &["sum(", "GROUP BY", "'2025-03-01'"],
        ),
        (
            "SELECT c.country, count(*) AS n, min(o.amount) AS smallest FROM warehouse.orders o \
             JOIN warehouse.customers c ON o.customer_id = c.id WHERE c.country IN ('DE', 'JP') \
             GROUP BY c.country ORDER BY c.country",
            "SELECT c.country, count(*) AS n, min(o.amount) AS smallest FROM orders o \
             JOIN customers c ON o.customer_id = c.id WHERE c.country IN ('DE', 'JP') \
             GROUP BY c.country ORDER BY c.country",
            &["JOIN", "'DE'", "min("],
        ),
        (
            "SELECT id, amount, day FROM warehouse.orders WHERE region = 'emea' \
             ORDER BY amount DESC, id LIMIT 5",
            "SELECT id, amount, day FROM orders WHERE region = 'emea' ORDER BY amount DESC, id LIMIT 5",
            &["ORDER BY", "LIMIT 5", "'emea'"],
        ),
        (
            "SELECT region, target FROM warehouse_sales.targets ORDER BY region",
            "SELECT region, target FROM sales.targets ORDER BY region",
            &["\"sales\".\"targets\""],
        ),
    ];
    for (through_aos, in_postgres, pushed) in cases {
        let mark = postgres.log().len();
        let got = text_rows(&client, through_aos).await;
        let want = text_rows(&direct, in_postgres).await;
        assert!(!want.is_empty(), "{in_postgres} returns no rows");
        assert_eq!(got, want, "{through_aos}");
        let received = postgres.statements_since(mark);
        assert!(
            received
                .iter()
                .any(|sql| pushed.iter().all(|p| sql.contains(p))),
            "{through_aos}: PostgreSQL received {received:#?}"
        );
    }

    // EXPLAIN shows the remote SQL.
    let plan = text_rows(
        &client,
        "EXPLAIN SELECT region, sum(amount) FROM warehouse.orders GROUP BY 1",
    )
    .await;
    let plan = format!("{plan:?}");
    assert!(
        plan.contains("base_sql=SELECT") && plan.contains("GROUP BY"),
        "{plan}"
    );

    // Only the exposed schemas are there.
    let schemas = text_rows(
        &client,
        "SELECT DISTINCT table_schema FROM information_schema.tables \
         WHERE table_schema LIKE 'warehouse%' ORDER BY 1",
    )
    .await;
    assert_eq!(
        schemas,
        [
            [Some("warehouse".to_string())],
            [Some("warehouse_sales".to_string())]
        ]
    );
}

#[tokio::test]
async fn a_cross_source_join_reads_only_the_filtered_rows() {
    let postgres = seeded_postgres().await;
    let direct = postgres.connect().await;
    let (aos, _lake) = serve(&postgres, "");
    let client = aos.connect().await;

    let mark = postgres.log().len();
    let got = text_rows(
        &client,
        "SELECT s.segment, count(*) AS n, sum(o.amount) AS total \
           FROM warehouse.orders o JOIN lake.segments s ON o.customer_id = s.customer_id \
          WHERE o.region = 'apac' AND o.day < DATE '2025-01-20' GROUP BY 1 ORDER BY 1",
    )
    .await;
    let want = text_rows(
        &direct,
        "SELECT s.segment, count(*) AS n, sum(o.amount) AS total \
           FROM orders o JOIN reference.segments s ON o.customer_id = s.customer_id \
          WHERE o.region = 'apac' AND o.day < DATE '2025-01-20' GROUP BY 1 ORDER BY 1",
    )
    .await;
    assert_eq!(got, want);

    // The statement that read `orders` carries the filter and only the two columns the join needs: run it
    // again and count the rows it transfers.
    let received = postgres.statements_since(mark);
    let read = received
        .iter()
        .find(|sql| sql.contains("\"orders\""))
        .unwrap_or_else(|| panic!("no read of orders in {received:#?}"));
    assert!(
        read.contains("'apac'") && !read.contains("ordered_at"),
        "{read}"
    );
    let transferred = text_rows(&direct, &format!("SELECT count(*) FROM ({read}) AS t")).await;
    let selected = text_rows(
        &direct,
        "SELECT count(*) FROM orders WHERE region = 'apac' AND day < DATE '2025-01-20'",
    )
    .await;
    assert_eq!(transferred, selected, "{read}");
    assert_eq!(selected, [[Some("633".to_string())]]);

    // A filter DataFusion must evaluate itself (a function) stays in DataFusion; the portable part is pushed.
    let mark = postgres.log().len();
    let got = text_rows(
        &client,
        "SELECT count(*) FROM warehouse.orders o JOIN lake.segments s USING (customer_id) \
          WHERE upper(o.region) = 'AMER' AND o.id <= 300",
    )
    .await;
    assert_eq!(got, [[Some("100".to_string())]]);
    let received = postgres.statements_since(mark);
    assert!(
        received
            .iter()
            .any(|sql| sql.contains("\"orders\"") && sql.contains("<= 300")),
        "{received:#?}"
    );
}

#[tokio::test]
async fn a_large_scan_reads_key_ranges_over_several_connections() {
    let postgres = seeded_postgres().await;
    let direct = postgres.connect().await;
    let (aos, _lake) = serve(&postgres, "scan = { connections = 4, min_rows = 10000 }");
    let client = aos.connect().await;

    let mark = postgres.log().len();
    let rows = text_rows(&client, "SELECT id, amount FROM warehouse.orders").await;
    let received = postgres.statements_since(mark);
    let ranges: Vec<_> = received
        .iter()
        .filter(|sql| sql.contains("\"id\" >="))
        .collect();
    assert_eq!(ranges.len(), 4, "{received:#?}");

    // Every row once.
    let mut ids: Vec<i64> = rows
        .iter()
        .map(|r| r[0].as_deref().unwrap_or_default().parse().unwrap())
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, (1..=20000).collect::<Vec<i64>>());
    let total: f64 = rows
        .iter()
        .map(|r| r[1].as_deref().unwrap_or_default().parse::<f64>().unwrap())
        .sum();
    let want = text_rows(&direct, "SELECT sum(amount)::float8 FROM orders").await;
    assert_eq!(Some(total.to_string()), want[0][0]);

    // Three scans at once need 12 connections from a pool of 8: each takes its 4 in turn, and none
    // waits on a part of the pool another one holds.
    let clients = [
        aos.connect().await,
        aos.connect().await,
        aos.connect().await,
    ];
    let counts = futures::future::join_all(
        clients
            .iter()
            .map(|c| text_rows(c, "SELECT id FROM warehouse.orders")),
    )
    .await;
    assert!(counts.iter().all(|rows| rows.len() == 20000));

    // A small table is read over one connection.
    let mark = postgres.log().len();
    assert_eq!(
        text_rows(&client, "SELECT * FROM warehouse.customers")
            .await
            .len(),
        100
    );
    assert!(
        !postgres
            .statements_since(mark)
            .iter()
            .any(|sql| sql.contains(">=")),
    );
}

#[test]
fn a_scan_wider_than_the_pool_is_refused() {
    let dir = aos_tests::tempdir();
    let path = dir.path().join("aos.toml");
    std::fs::write(
        &path,
        "[[source]]\nname = \"warehouse\"\nkind = \"postgres\"\nurl_env = \"WAREHOUSE_URL\"\n\
         pool_size = 2\nscan = { connections = 4 }\n",
    )
    .unwrap();
    let url = format!("postgres://postgres@127.0.0.1:{}/postgres", free_port());
    let output = aos_tests::aos_query(&path, &["SELECT 1"], &[("WAREHOUSE_URL", &url)]);
    assert!(!output.ok);
    assert!(
        output.stderr.contains("source 'warehouse'")
            && output
                .stderr
                .contains("scan.connections = 4 is more than pool_size = 2"),
        "{}",
        output.stderr
    );
}

/// `aos query` over a config with a `postgres` source whose URL is `url`: its exit status and stderr.
fn query_with_url(url: &str, sql: &str) -> (bool, String) {
    let dir = aos_tests::tempdir();
    let path = dir.path().join("aos.toml");
    std::fs::write(
        &path,
        "[[source]]\nname = \"warehouse\"\nkind = \"postgres\"\nurl_env = \"WAREHOUSE_URL\"\ntls = \"disable\"\n",
    )
    .unwrap();
    let output = aos_tests::aos_query(&path, &[sql], &[("WAREHOUSE_URL", url)]);
    (output.ok, output.stderr)
}

#[tokio::test]
async fn postgres_failures_name_the_source() {
    // Nothing listens on the port.
    let port = free_port();
    let (ok, stderr) = query_with_url(
        &format!("postgres://postgres@127.0.0.1:{port}/postgres"),
        "SELECT 1",
    );
    assert!(!ok);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("source 'warehouse'") && stderr.contains("connect"),
        "{stderr}"
    );

    let postgres = seeded_postgres().await;
    let base = format!("127.0.0.1:{}/postgres", postgres.port);

    // A wrong password: PostgreSQL's refusal, and the password nowhere in the message.
    let (ok, stderr) = query_with_url(&format!("postgres://reader:not-it@{base}"), "SELECT 1");
    assert!(!ok);
    assert!(
        stderr.contains("source 'warehouse'")
            && stderr.contains("password")
            && !stderr.contains("not-it"),
        "{stderr}"
    );
    // The right one works, and `reader` sees only what it was granted.
    let (ok, stderr) = query_with_url(
        &format!("postgres://reader:right-password@{base}"),
        "SELECT count(*) FROM warehouse_sales.targets",
    );
    assert!(ok, "{stderr}");

    // A table dropped under a running server.
    let direct = postgres.connect().await;
    direct
        .batch_execute("CREATE TABLE doomed AS SELECT 1 AS x")
        .await
        .unwrap();
    let (aos, _lake) = serve(&postgres, "");
    let client = aos.connect().await;
    assert_eq!(
        text_rows(&client, "SELECT x FROM warehouse.doomed").await,
        [[Some("1".to_string())]]
    );
    direct.batch_execute("DROP TABLE doomed").await.unwrap();
    let error = client
        .simple_query("SELECT x FROM warehouse.doomed")
        .await
        .unwrap_err();
    let message = db_message(&error);
    assert!(
        message.contains("source 'warehouse'") && message.contains("does not exist"),
        "{message}"
    );
    // The server keeps serving.
    assert_eq!(
        text_rows(&client, "SELECT count(*) FROM warehouse.customers").await,
        [[Some("100".to_string())]]
    );
}

/// The sandbox company's warehouse as a SQLite file, served as source `warehouse`.
async fn sqlite_warehouse(extra: &str) -> (Aos, std::path::PathBuf, tempfile::TempDir) {
    let company = aos_sandbox::Company::generate(&aos_sandbox::CompanyConfig {
        scale: 60,
        ..aos_sandbox::CompanyConfig::default()
    });
    let dir = aos_tests::tempdir();
    let files = aos_sandbox::write_warehouse(&company, dir.path()).unwrap();
    let config = format!(
        "[[source]]\nname = \"warehouse\"\nkind = \"sqlite\"\npath = \"{}\"\n{extra}\n",
        files.sqlite.display()
    );
    (Aos::serve(&config, &[]), files.sqlite, dir)
}

/// Rows of `sql` run on the SQLite file itself, as text.
fn sqlite_rows(path: &std::path::Path, sql: &str) -> Vec<Vec<Option<String>>> {
    let db = rusqlite::Connection::open(path).unwrap();
    let mut statement = db.prepare(sql).unwrap_or_else(|e| panic!("{sql}: {e}"));
    let columns = statement.column_count();
    statement
        .query_map([], |row| {
            (0..columns)
                .map(|i| {
                    Ok(match row.get_ref(i)? {
                        rusqlite::types::ValueRef::Null => None,
                        rusqlite::types::ValueRef::Integer(n) => Some(n.to_string()),
                        rusqlite::types::ValueRef::Real(f) => Some(f.to_string()),
                        rusqlite::types::ValueRef::Text(t) => {
                            Some(String::from_utf8_lossy(t).into_owned())
                        }
                        rusqlite::types::ValueRef::Blob(_) => Some("<blob>".into()),
                    })
                })
                .collect()
        })
        .and_then(Iterator::collect)
        .unwrap()
}

#[tokio::test]
async fn sqlite_runs_single_source_subplans_in_sqlite() {
    let (aos, path, _dir) = sqlite_warehouse("").await;
    let client = aos.connect().await;
    // (through aos, directly in SQLite, what EXPLAIN's remote SQL must contain)
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "SELECT plan, count(*) AS n FROM warehouse.workspace GROUP BY plan ORDER BY plan",
            "SELECT plan, count(*) AS n FROM workspace GROUP BY plan ORDER BY plan",
            &["GROUP BY", "count("],
        ),
        (
            "SELECT count(*) AS n, sum(api_calls) AS calls FROM warehouse.usage_daily \
             WHERE day >= DATE '2026-06-01' AND day < DATE '2026-07-01'",
            "SELECT count(*) AS n, sum(api_calls) AS calls FROM usage_daily \
             WHERE day >= '2026-06-01' AND day < '2026-07-01'",
            &["2026-06-01", "sum("],
        ),
        (
            // SQLite's CAST(... AS DATE) is a number: dates go as date(), the ISO text.
            "SELECT count(*) AS n FROM warehouse.support_ticket \
             WHERE CAST(opened_at AS DATE) >= DATE '2026-03-01' AND CAST(opened_at AS DATE) <= DATE '2026-03-31'",
            "SELECT count(*) AS n FROM support_ticket WHERE opened_at >= '2026-03-01' AND opened_at < '2026-04-01'",
            &["date(", "2026-03-31"],
        ),
        (
            "SELECT priority, count(*) AS n FROM warehouse.support_ticket \
             WHERE opened_at >= TIMESTAMP '2025-03-01 12:00:00' GROUP BY priority ORDER BY priority",
            "SELECT priority, count(*) AS n FROM support_ticket \
             WHERE opened_at >= '2025-03-01 12:00:00' GROUP BY priority ORDER BY priority",
            &["2025-03-01", "GROUP BY"],
        ),
        (
            "SELECT w.plan, count(*) AS tickets FROM warehouse.support_ticket t \
             JOIN warehouse.workspace w ON t.workspace_id = w.workspace_id \
             WHERE t.priority = 'urgent' GROUP BY w.plan ORDER BY w.plan",
            "SELECT w.plan, count(*) AS tickets FROM support_ticket t \
             JOIN workspace w ON t.workspace_id = w.workspace_id \
             WHERE t.priority = 'urgent' GROUP BY w.plan ORDER BY w.plan",
            &["JOIN", "'urgent'"],
        ),
    ];
    for (through_aos, in_sqlite, pushed) in cases {
        let got = text_rows(&client, through_aos).await;
        let want = sqlite_rows(&path, in_sqlite);
        assert!(
            !want.is_empty() && want[0][0].as_deref().is_some_and(|v| v != "0"),
            "{in_sqlite} must find rows: {want:?}"
        );
        let plan = format!(
            "{:?}",
            text_rows(&client, &format!("EXPLAIN {through_aos}")).await
        );
        assert_eq!(got, want, "{through_aos}: {plan}");
        assert!(
            plan.contains("VirtualExecutionPlan name=sqlite")
                && pushed.iter().all(|p| plan.contains(p)),
            "{through_aos}: {plan}"
        );
    }
    // Types come from the declared ones: dates are dates, times are timestamps.
    let types = text_rows(
        &client,
        "SELECT column_name, data_type FROM information_schema.columns \
         WHERE table_schema = 'warehouse' AND table_name = 'support_ticket' \
           AND column_name IN ('ticket_id', 'opened_at', 'sla_hours') ORDER BY 1",
    )
    .await;
    assert_eq!(
        format!("{types:?}"),
        r#"[[Some("opened_at"), Some("Timestamp(µs)")], [Some("sla_hours"), Some("Int64")], [Some("ticket_id"), Some("Int64")]]"#
    );
}

#[tokio::test]
async fn sqlite_scans_in_ranges_and_reports_a_missing_file() {
    let dir = aos_tests::tempdir();
    let path = dir.path().join("big.db");
    let db = rusqlite::Connection::open(&path).unwrap();
    db.execute_batch(
        "CREATE TABLE big (id INTEGER PRIMARY KEY, label TEXT NOT NULL, day DATE);
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
         INSERT INTO big SELECT i * 7, 'row ' || i, date('2025-01-01', '+' || (i % 300) || ' days') FROM n;",
    )
    .unwrap();
    drop(db);
    let config = format!(
        "[[source]]\nname = \"warehouse\"\nkind = \"sqlite\"\npath = \"{}\"\n\
         scan = {{ connections = 3, min_rows = 1000 }}\n",
        path.display()
    );
    let aos = Aos::serve(&config, &[]);
    let client = aos.connect().await;
    let plan = format!(
        "{:?}",
        text_rows(&client, "EXPLAIN SELECT id, label, day FROM warehouse.big").await
    );
    assert!(plan.contains("base_sql=SELECT"), "{plan}");
    let mut got = text_rows(&client, "SELECT id, label, day FROM warehouse.big").await;
    got.sort_by_key(|r| {
        r[0].as_deref()
            .unwrap_or_default()
            .parse::<i64>()
            .unwrap_or(0)
    });
    let want = sqlite_rows(&path, "SELECT id, label, day FROM big ORDER BY id");
    assert_eq!(got.len(), 5000);
    assert_eq!(got, want);

    // A missing file is a start-up error naming the source and the path, and is not created.
    let config = dir.path().join("aos.toml");
    std::fs::write(
        &config,
        "[[source]]\nname = \"warehouse\"\nkind = \"sqlite\"\npath = \"missing.db\"\n",
    )
    .unwrap();
    let output = aos_tests::aos_query(&config, &["SELECT 1"], &[]);
    let stderr = output.stderr;
    assert!(!output.ok);
    assert!(
        stderr.contains("source 'warehouse'") && stderr.contains("missing.db"),
        "{stderr}"
    );
    assert!(
        !dir.path().join("missing.db").exists(),
        "the file was created"
    );
}

/// The shop database in MariaDB: customers and orders with known contents.
fn seeded_mariadb() -> MariaDb {
    let mariadb = MariaDb::start();
    mariadb.sql(
        "USE shop;
         CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(64) NOT NULL, country CHAR(2));
         CREATE TABLE orders (id BIGINT PRIMARY KEY, customer_id INT NOT NULL, region VARCHAR(16),
                              amount DECIMAL(12,2), day DATE, note VARCHAR(64));
         INSERT INTO customers
           WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100)
           SELECT i, CONCAT('customer ', i), ELT(1 + i % 4, 'US', 'DE', 'FR', 'JP') FROM n;
         SET SESSION max_recursive_iterations = 100000;
         INSERT INTO orders
           WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
           SELECT i, 1 + i % 100, ELT(1 + i % 3, 'emea', 'amer', 'apac'), (i % 1000) + 0.25,
                  DATE_ADD('2025-01-01', INTERVAL (i DIV 100) DAY),
                  IF(i % 1000 = 0, 'say \"hi\"', NULL)
           FROM n;
         CREATE DATABASE archive;
         CREATE TABLE archive.old_orders (id INT PRIMARY KEY, amount DECIMAL(12,2));
         INSERT INTO archive.old_orders VALUES (1, 10.50), (2, 20.25);
         ANALYZE TABLE orders, customers;",
    );
    mariadb
}

/// `aos serve` with a `mysql` source named `shop` (`extra` appended to its settings).
fn serve_mysql(mariadb: &MariaDb, extra: &str) -> Aos {
    let config = format!(
        "[[source]]\nname = \"shop\"\nkind = \"mysql\"\nurl_env = \"SHOP_URL\"\ntls = \"disabled\"\n\
         schemas = [\"archive\"]\n{extra}\n"
    );
    Aos::serve(&config, &[("SHOP_URL", &mariadb.url())])
}

fn mysql_text(rows: Vec<Vec<String>>) -> Vec<Vec<Option<String>>> {
    rows.into_iter()
        .map(|r| r.into_iter().map(|v| (v != "NULL").then_some(v)).collect())
        .collect()
}

#[tokio::test]
async fn mysql_runs_single_source_subplans_in_mysql() {
    let mariadb = seeded_mariadb();
    let aos = serve_mysql(&mariadb, "");
    let client = aos.connect().await;
    // (through aos, directly in MariaDB, what the SQL MariaDB ran must contain)
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "SELECT region, sum(amount) AS total, count(*) AS n FROM shop.orders \
             WHERE day >= DATE '2025-03-01' GROUP BY region ORDER BY region",
            "SELECT region, sum(amount) AS total, count(*) AS n FROM shop.orders \
             WHERE day >= DATE '2025-03-01' GROUP BY region ORDER BY region",
            &["sum(", "GROUP BY", "2025-03-01"],
        ),
        (
            "SELECT c.country, count(*) AS n FROM shop.orders o JOIN shop.customers c \
             ON o.customer_id = c.id WHERE c.country IN ('DE', 'JP') GROUP BY c.country ORDER BY c.country",
            "SELECT c.country, count(*) AS n FROM shop.orders o JOIN shop.customers c \
             ON o.customer_id = c.id WHERE c.country IN ('DE', 'JP') GROUP BY c.country ORDER BY c.country",
            &["JOIN", "'DE'"],
        ),
        (
            "SELECT id, amount, day FROM shop.orders WHERE region = 'emea' ORDER BY amount DESC, id LIMIT 5",
            "SELECT id, amount, day FROM shop.orders WHERE region = 'emea' ORDER BY amount DESC, id LIMIT 5",
            &["LIMIT 5", "'emea'"],
        ),
        // A literal with double quotes reaches MariaDB intact.
        (
            "SELECT count(*) AS n FROM shop.orders WHERE note = 'say \"hi\"'",
            "SELECT count(*) AS n FROM shop.orders WHERE note = 'say \"hi\"'",
            &["'say \"hi\"'"],
        ),
        (
            "SELECT id, amount FROM shop_archive.old_orders ORDER BY id",
            "SELECT id, amount FROM archive.old_orders ORDER BY id",
            &["`archive`.`old_orders`"],
        ),
    ];
    for (through_aos, in_mariadb, pushed) in cases {
        let mark = mariadb.log_len();
        let got = text_rows(&client, through_aos).await;
        let want = mysql_text(mariadb.sql(in_mariadb));
        assert!(!want.is_empty(), "{in_mariadb} returns no rows");
        assert_eq!(got, want, "{through_aos}");
        let received = mariadb.statements_since(mark);
        assert!(
            received
                .iter()
                .any(|sql| pushed.iter().all(|p| sql.contains(p))),
            "{through_aos}: MariaDB ran {received:#?}"
        );
    }
    assert_eq!(
        text_rows(
            &client,
            "SELECT count(*) FROM shop.orders WHERE note = 'say \"hi\"'"
        )
        .await,
        [[Some("20".to_string())]]
    );
}

#[tokio::test]
async fn mysql_scans_in_ranges_and_names_the_source_in_errors() {
    let mariadb = seeded_mariadb();
    let aos = serve_mysql(&mariadb, "scan = { connections = 4, min_rows = 1000 }");
    let client = aos.connect().await;
    let mark = mariadb.log_len();
    let rows = text_rows(&client, "SELECT id, customer_id FROM shop.orders").await;
    let received = mariadb.statements_since(mark);
    assert_eq!(
        received
            .iter()
            .filter(|sql| sql.contains("`id` >="))
            .count(),
        4,
        "{received:#?}"
    );
    let mut ids: Vec<i64> = rows
        .iter()
        .map(|r| r[0].as_deref().unwrap_or_default().parse().unwrap())
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, (1..=20000).collect::<Vec<i64>>());

    // A table dropped under the running server.
    mariadb.sql("DROP TABLE shop.customers");
    let error = client
        .simple_query("SELECT * FROM shop.customers")
        .await
        .unwrap_err();
    let message = db_message(&error);
    assert!(
        message.contains("source 'shop'") && message.contains("doesn't exist"),
        "{message}"
    );

    // A wrong password stops start-up, naming the source, without the password.
    let dir = aos_tests::tempdir();
    let path = dir.path().join("aos.toml");
    std::fs::write(
        &path,
        "[[source]]\nname = \"shop\"\nkind = \"mysql\"\nurl_env = \"SHOP_URL\"\ntls = \"disabled\"\n",
    )
    .unwrap();
    let url = format!("mysql://aos:not-it@127.0.0.1:{}/shop", mariadb.port);
    let output = aos_tests::aos_query(&path, &["SELECT 1"], &[("SHOP_URL", &url)]);
    let stderr = output.stderr;
    assert!(!output.ok);
    assert!(
        stderr.contains("source 'shop'") && !stderr.contains("not-it"),
        "{stderr}"
    );
}
