//! Query cancellation: a CancelRequest (psql's Ctrl-C) stops the connection's running query.
//!
//! pgwire's own cancel support only covers the planning phase of a query; results are computed while
//! they stream. Here every query gets a fresh token that guards both (see `aos_engine::guarded`).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use pgwire::api::ClientInfo;
use pgwire::api::cancel::CancelHandler;
use pgwire::messages::cancel::CancelRequest;
use tokio_util::sync::CancellationToken;

type ConnectionKey = (i32, Vec<u8>);

/// The cancel token of each connection's current query, by the connection's (pid, secret key).
#[derive(Default)]
pub(crate) struct CancelRegistry {
    connections: Mutex<HashMap<ConnectionKey, Arc<CurrentQuery>>>,
}

/// The token of one connection's current query.
#[derive(Default)]
pub(crate) struct CurrentQuery(Mutex<CancellationToken>);

impl CurrentQuery {
    /// A fresh token for a query that starts now.
    pub(crate) fn start(&self) -> CancellationToken {
        let token = CancellationToken::new();
        if let Ok(mut current) = self.0.lock() {
            *current = token.clone();
        }
        token
    }

    fn cancel(&self) {
        if let Ok(current) = self.0.lock() {
            current.cancel();
        }
    }
}

/// Unregisters a connection when its session ends.
struct Registration {
    key: ConnectionKey,
    registry: Arc<CancelRegistry>,
}

impl Drop for Registration {
    fn drop(&mut self) {
        if let Ok(mut connections) = self.registry.connections.lock() {
            connections.remove(&self.key);
        }
    }
}

impl CancelRegistry {
    /// Registers a connection whose pid and secret key are set; the registration lives in its session.
    pub(crate) fn register<C: ClientInfo>(self: &Arc<Self>, client: &mut C) {
        let (pid, secret) = client.pid_and_secret_key();
        let key = (pid, secret.to_bytes().to_vec());
        let current = Arc::new(CurrentQuery::default());
        if let Ok(mut connections) = self.connections.lock() {
            connections.insert(key.clone(), Arc::clone(&current));
        }
        client.session_extensions().insert(current);
        client.session_extensions().insert(Registration {
            key,
            registry: Arc::clone(self),
        });
    }
}

#[async_trait]
impl CancelHandler for CancelRegistry {
    async fn on_cancel_request(&self, request: CancelRequest) {
        let key = (request.pid, request.secret_key.to_bytes().to_vec());
        let current = self
            .connections
            .lock()
            .ok()
            .and_then(|c| c.get(&key).cloned());
        match current {
            Some(current) => {
                tracing::info!(pid = request.pid, "cancel request");
                current.cancel();
            }
            // Wrong secret or a finished connection: PostgreSQL ignores these silently too.
            None => tracing::debug!(pid = request.pid, "cancel request for no known connection"),
        }
    }
}
