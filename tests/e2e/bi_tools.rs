//! The statement sequences Metabase, Grafana, Tableau and Power BI send (`tests/replay/*.sql`, taken
//! from their sources and captures), replayed message by message on one connection over the demo.

use std::path::Path;

use aos_tests::Aos;
use tokio_postgres::SimpleQueryMessage;

/// The simple-query messages of a replay file, in order (separated by `-- next message` lines).
fn messages(tool: &str) -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("replay/{tool}.sql"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.split("\n-- next message\n")
        .map(|m| {
            m.lines()
                .skip_while(|l| l.starts_with("--"))
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect()
}

/// Runs `tool`'s replay; returns each message's rows (as text).
async fn replay(aos: &Aos, tool: &str) -> Vec<Vec<Vec<Option<String>>>> {
    let client = aos.connect().await;
    let mut answers = Vec::new();
    for message in messages(tool) {
        let replies = client
            .simple_query(&message)
            .await
            .unwrap_or_else(|e| panic!("{tool}: {message}\nfailed: {e:?}"));
        let rows = replies
            .iter()
            .filter_map(|m| match m {
                SimpleQueryMessage::Row(row) => Some(
                    (0..row.len())
                        .map(|i| row.get(i).map(str::to_string))
                        .collect(),
                ),
                _ => None,
            })
            .collect();
        answers.push(rows);
    }
    answers
}

#[tokio::test]
async fn bi_tools_connect_and_introspect() {
    let aos = Aos::demo();

    let grafana = replay(&aos, "grafana").await;
    assert_eq!(grafana[1], vec![vec![Some("1600".to_string())]], "version");
    assert!(grafana[2].is_empty(), "no timescaledb: {:?}", grafana[2]);
    assert!(
        grafana[3]
            .iter()
            .any(|r| r[0].as_deref() == Some("ontology")),
        "schemas: {:?}",
        grafana[3]
    );

    let metabase = replay(&aos, "metabase").await;
    assert_eq!(metabase[1], vec![vec![Some("read committed".to_string())]]);
    let privileges = &metabase[6];
    assert!(
        privileges
            .iter()
            .any(|r| r[1].as_deref() == Some("ontology") && r[2].as_deref() == Some("revenue")),
        "privileges: {privileges:?}"
    );
    assert_eq!(metabase[7], vec![vec![None]], "no column comments");

    let tableau = replay(&aos, "tableau").await;
    let industries = &tableau[3];
    assert!(industries.len() > 3, "cursor rows: {industries:?}");
    assert!(
        tableau[4].is_empty(),
        "a second FETCH after the end: {:?}",
        tableau[4]
    );

    let power_bi = replay(&aos, "powerbi").await;
    let types: Vec<&str> = power_bi[0]
        .iter()
        .filter_map(|r| r.get(1).and_then(|t| t.as_deref()))
        .collect();
    for name in ["int4", "text", "numeric", "timestamptz", "bool"] {
        assert!(types.contains(&name), "{name} missing from {types:?}");
    }
    let accounts: i64 = power_bi[2][0][0].as_deref().unwrap().parse().unwrap();
    assert!(accounts > 100, "{accounts}");
}
