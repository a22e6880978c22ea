//! node-postgres (npm `pg`, installed into `tests/node/node_modules` by `scripts/test`).

use std::path::PathBuf;

use aos_tests::Aos;

#[tokio::test]
async fn node_postgres_introspects_and_binds_parameters() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("node");
    assert!(
        dir.join("node_modules/pg").exists(),
        "{} is missing: scripts/test installs it (npm install in tests/node)",
        dir.join("node_modules/pg").display()
    );
    let aos = Aos::demo();
    let output = tokio::process::Command::new("node")
        .arg(dir.join("check.js"))
        .arg(aos.pg_port.to_string())
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "check.js failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("node-postgres ok"), "{stdout}");
}
