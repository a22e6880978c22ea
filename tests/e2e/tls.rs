//! Optional TLS on pgwire, from a certificate and key named in the config.

use std::process::Command;

use aos_tests::{Aos, TestConfig};

#[tokio::test]
async fn psql_connects_over_tls() {
    let certs = aos_tests::tempdir();
    let (cert, key) = (certs.path().join("cert.pem"), certs.path().join("key.pem"));
    let status = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
        ])
        .arg("-keyout")
        .arg(&key)
        .arg("-out")
        .arg(&cert)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "openssl: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let config = TestConfig::new()
        .server("tls_cert", cert.to_string_lossy().as_ref())
        .server("tls_key", key.to_string_lossy().as_ref());
    let aos = Aos::serve_fixture(config).await;

    let (ok, out, err) = aos.psql(&["-c", "\\conninfo", "-c", "SELECT count(*) FROM lake.people"]);
    assert!(ok, "{err}");
    assert!(
        out.contains("SSL connection"),
        "libpq did not negotiate TLS: {out}"
    );
    assert!(out.contains("1000"), "{out}");

    let output = Command::new("psql")
        .arg("-X")
        .arg(format!("{} sslmode=require", aos.conninfo()))
        .args(["-c", "SELECT 1"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
