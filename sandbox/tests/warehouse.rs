//! The warehouse files: a SQLite database and Parquet files with the same tables and rows.

use aos_sandbox::{Company, CompanyConfig, write_warehouse};

#[test]
fn sqlite_and_parquet_hold_the_same_tables() {
    let company = Company::generate(&CompanyConfig {
        scale: 60,
        ..CompanyConfig::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let files = write_warehouse(&company, dir.path()).unwrap();
    assert_eq!(
        files.tables,
        [
            "workspace",
            "usage_daily",
            "support_ticket",
            "cloud_cost",
            "fx_rate"
        ]
    );
    let db = rusqlite::Connection::open(&files.sqlite).unwrap();
    for table in company.warehouse.tables() {
        let n: i64 = db
            .query_row(
                &format!("SELECT count(*) FROM \"{}\"", table.name),
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n as usize, table.rows.len(), "{}", table.name);
        assert!(n > 0, "{} is empty", table.name);
        let file =
            std::fs::File::open(files.parquet_dir.join(format!("{}.parquet", table.name))).unwrap();
        let reader = parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder::try_new(file)
            .unwrap()
            .build()
            .unwrap();
        let rows: usize = reader.map(|b| b.unwrap().num_rows()).sum();
        assert_eq!(rows, table.rows.len(), "{}", table.name);
    }
    // Writing again replaces the files.
    write_warehouse(&company, dir.path()).unwrap();
}
