use std::fs;

use datafusion::prelude::SessionContext;

use super::*;
use crate::SecretSetting;

fn config(name: &str, url: &str) -> FilesConfig {
    FilesConfig {
        name: name.to_string(),
        url: url.to_string(),
        region: None,
        endpoint: None,
        access_key_id_env: None,
        secret_access_key_env: None,
        session_token_env: None,
        allow_http: false,
        csv_has_header: true,
        csv_delimiter: ",".to_string(),
    }
}

async fn tables_of(dir: &std::path::Path) -> Result<Vec<String>> {
    let source = FilesSource::connect(&config("lake", "."), &Secrets::default(), dir)?;
    let ctx = SessionContext::new();
    let state = ctx.state();
    Ok(source
        .tables(&state)
        .await?
        .into_iter()
        .map(|(name, _)| name)
        .collect())
}

#[test]
fn table_names_need_no_quoting() {
    assert_eq!(table_name("Orders"), "orders");
    assert_eq!(table_name("daily-usage 2024"), "daily_usage_2024");
    assert_eq!(table_name("2024_sales"), "_2024_sales");
    assert_eq!(table_name("café"), "caf_");
}

#[test]
fn formats_by_extension() {
    assert_eq!(
        FileFormatKind::of_file("a.parquet"),
        Some((FileFormatKind::Parquet, ".parquet", "a"))
    );
    assert_eq!(
        FileFormatKind::of_file("a.b.csv"),
        Some((FileFormatKind::Csv, ".csv", "a.b"))
    );
    assert_eq!(
        FileFormatKind::of_file("e.jsonl"),
        Some((FileFormatKind::NdJson, ".jsonl", "e"))
    );
    assert_eq!(FileFormatKind::of_file(".csv"), None);
    assert_eq!(FileFormatKind::of_file("notes.txt"), None);
}

#[tokio::test]
async fn one_table_per_file_and_folder() -> Result<()> {
    let dir = tempfile::tempdir().map_err(|e| Error::Config {
        source_name: "t".into(),
        message: e.to_string(),
    })?;
    let root = dir.path();
    fs::write(root.join("Orders.csv"), "id,amount\n1,2.5\n").ok();
    fs::write(root.join("readme.txt"), "not data").ok();
    fs::write(root.join("_SUCCESS"), "").ok();
    fs::create_dir(root.join("events")).ok();
    fs::write(root.join("events/a.ndjson"), "{\"k\":1}\n").ok();
    fs::write(root.join("events/b.ndjson"), "{\"k\":2}\n").ok();
    fs::create_dir(root.join("empty")).ok();
    assert_eq!(
        tables_of(root).await?,
        vec!["events".to_string(), "orders".to_string()]
    );
    Ok(())
}

#[tokio::test]
async fn colliding_names_are_an_error() {
    let dir = tempfile::tempdir().ok();
    let Some(dir) = dir else { return };
    fs::write(dir.path().join("orders.csv"), "id\n1\n").ok();
    fs::write(dir.path().join("ORDERS.csv"), "id\n1\n").ok();
    let error = tables_of(dir.path())
        .await
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(error.contains("would both be table 'orders'"), "{error}");
}

#[tokio::test]
async fn mixed_folder_is_an_error() {
    let dir = tempfile::tempdir().ok();
    let Some(dir) = dir else { return };
    fs::create_dir(dir.path().join("mixed")).ok();
    fs::write(dir.path().join("mixed/a.csv"), "id\n1\n").ok();
    fs::write(dir.path().join("mixed/b.ndjson"), "{\"id\":1}\n").ok();
    let error = tables_of(dir.path())
        .await
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(error.contains("mixes"), "{error}");
}

#[test]
fn missing_folder_names_the_source_and_path() {
    let error = FilesSource::connect(
        &config("lake", "does/not/exist"),
        &Secrets::default(),
        std::path::Path::new("/"),
    )
    .err()
    .map(|e| e.to_string())
    .unwrap_or_default();
    assert!(
        error.starts_with("source 'lake': url \"does/not/exist\""),
        "{error}"
    );
}

#[test]
fn unsupported_scheme_is_rejected() {
    let error = FilesSource::connect(
        &config("lake", "gs://bucket/x"),
        &Secrets::default(),
        std::path::Path::new("/"),
    )
    .err()
    .map(|e| e.to_string())
    .unwrap_or_default();
    assert!(error.contains("scheme \"gs\" is not supported"), "{error}");
}

#[test]
fn s3_secrets_are_listed_by_key() {
    let mut c = config("lake", "s3://bucket/prefix");
    c.secret_access_key_env = Some("MY_SECRET".into());
    assert_eq!(
        c.secret_settings(),
        vec![SecretSetting {
            key: "secret_access_key_env",
            var: "MY_SECRET".into()
        }]
    );
}
