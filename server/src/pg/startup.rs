//! Connection startup: protocol negotiation, the database check, server parameters, cancel registration.
//!
//! There is no authentication yet: the server binds to loopback unless configured otherwise.

use std::fmt::Debug;
use std::sync::Arc;

use async_trait::async_trait;
use futures::Sink;
use pgwire::api::auth::{
    DefaultServerParameterProvider, StartupHandler, finish_authentication, protocol_negotiation,
    save_startup_parameters_to_metadata,
};
use pgwire::api::{ClientInfo, PidSecretKeyGenerator, RandomPidSecretKeyGenerator};
use pgwire::error::{ErrorInfo, PgWireError, PgWireResult};
use pgwire::messages::{PgWireBackendMessage, PgWireFrontendMessage};

use super::cancel::CancelRegistry;
use aos_engine::CATALOG;

/// Accepts connections to database `aos` and reports a PostgreSQL-compatible `server_version`.
pub(crate) struct Startup {
    parameters: DefaultServerParameterProvider,
    pids: RandomPidSecretKeyGenerator,
    cancel: Arc<CancelRegistry>,
}

impl Startup {
    pub(crate) fn new(cancel: Arc<CancelRegistry>) -> Self {
        let mut parameters = DefaultServerParameterProvider::default();
        parameters.server_version = super::server_version();
        Self {
            parameters,
            pids: RandomPidSecretKeyGenerator::default(),
            cancel,
        }
    }
}

#[async_trait]
impl StartupHandler for Startup {
    async fn on_startup<C>(
        &self,
        client: &mut C,
        message: PgWireFrontendMessage,
    ) -> PgWireResult<()>
    where
        C: ClientInfo + Sink<PgWireBackendMessage> + Unpin + Send,
        C::Error: Debug,
        PgWireError: From<<C as Sink<PgWireBackendMessage>>::Error>,
    {
        let PgWireFrontendMessage::Startup(ref startup) = message else {
            return Ok(());
        };
        protocol_negotiation(client, startup).await?;
        save_startup_parameters_to_metadata(client, startup);
        // libpq defaults the database to the user name; anything but `aos` does not exist here.
        let database = startup
            .parameters
            .get("database")
            .or_else(|| startup.parameters.get("user"));
        if let Some(database) = database.filter(|db| db.as_str() != CATALOG) {
            return Err(PgWireError::UserError(Box::new(ErrorInfo::new(
                "FATAL".into(),
                "3D000".into(),
                format!(
                    "database \"{database}\" does not exist (this server has one database: \"{CATALOG}\")"
                ),
            ))));
        }
        let (pid, secret_key) = self.pids.generate(client);
        client.set_pid_and_secret_key(pid, secret_key);
        self.cancel.register(client);
        finish_authentication(client, &self.parameters).await
    }
}
