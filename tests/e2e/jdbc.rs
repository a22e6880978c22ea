//! The PostgreSQL JDBC driver (Debian's libpostgresql-jdbc-java), run with the JDK's source launcher.

use std::path::{Path, PathBuf};

use aos_tests::Aos;

#[tokio::test]
async fn jdbc_metadata_prepared_statements_and_types_over_the_demo() {
    let jar = std::env::var_os("AOS_TEST_JDBC_JAR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/share/java/postgresql.jar"));
    assert!(
        jar.exists(),
        "{} is missing: scripts/test installs libpostgresql-jdbc-java",
        jar.display()
    );
    let aos = Aos::demo();
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("java/JdbcCheck.java");
    let output = tokio::process::Command::new("java")
        .arg("-cp")
        .arg(&jar)
        .arg(source)
        .arg(aos.pg_port.to_string())
        .output()
        .await
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "JdbcCheck failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for step in [
        "metadata ok",
        "prepared ok",
        "types ok",
        "fetchsize ok",
        "jdbc ok",
    ] {
        assert!(stdout.contains(step), "{step} missing:\n{stdout}");
    }
}
