//! What every benchmark needs: the optimised `aos` built beside it, and free loopback ports.

use std::net::TcpListener;
use std::path::{Path, PathBuf};

/// A binary built beside this bench executable (target/<profile>/deps/bench -> target/<profile>/name).
pub(crate) fn sibling_binary(name: &str) -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let bin = exe.parent().and_then(Path::parent).unwrap().join(name);
    assert!(
        bin.exists(),
        "{} is missing: run benches/run, which builds it",
        bin.display()
    );
    bin
}

/// A port nothing listens on right now.
pub(crate) fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
