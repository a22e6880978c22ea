use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

use aos_providers::Secrets;
use aos_providers::files::FilesSource;
use aos_providers::netsuite::NetSuiteSource;
use aos_providers::salesforce::SalesforceSource;
use aos_providers::stripe::StripeSource;
use aos_providers::warehouse;
use datafusion::catalog::{MemorySchemaProvider, SchemaProvider};
use datafusion::prelude::SessionContext;

use crate::accelerate::Accelerations;
use crate::{CATALOG, Error, Result, SourceConfig};

/// Schema names a source may not take: they are, or will be, the engine's own.
const RESERVED_SCHEMAS: &[&str] = &[
    "public",
    "pg_catalog",
    "information_schema",
    "ontology",
    "metrics",
    "system",
    "aod",
];

/// Connects every source and registers its tables under schema `aos.<source name>`, the accelerated
/// ones behind their copies.
pub(crate) async fn register(
    context: &SessionContext,
    sources: &[SourceConfig],
    base_dir: &Path,
    accelerations: &Accelerations,
) -> Result<()> {
    let catalog = context.catalog(CATALOG).ok_or_else(|| Error::Config {
        key: "catalog".into(),
        message: format!("catalog {CATALOG} is missing"),
    })?;
    let mut names = HashSet::new();
    // Schemas named after a source, and the `<source>_<remote schema>` ones of SQL sources.
    let mut schema_names: HashSet<String> = sources.iter().map(|s| s.name().to_string()).collect();
    for (index, source) in sources.iter().enumerate() {
        check_name(index, source.name())?;
        if !names.insert(source.name()) {
            return Err(Error::Config {
                key: format!("source[{index}].name"),
                message: format!(
                    "two sources are named '{}'; names must be unique",
                    source.name()
                ),
            });
        }
        let secrets = resolve_secrets(source, |var| std::env::var(var).ok())?;
        let schemas: Vec<(String, warehouse::NamedTables)> = match source {
            SourceConfig::Files(config) => {
                let files = FilesSource::connect(config, &secrets, base_dir)?;
                context.register_object_store(files.store_url(), files.store());
                vec![(config.name.clone(), files.tables(&context.state()).await?)]
            }
            SourceConfig::Salesforce(config) => {
                let org = SalesforceSource::connect(config, &secrets, base_dir).await?;
                vec![(config.name.clone(), org.tables().await?)]
            }
            SourceConfig::NetSuite(config) => {
                let account = NetSuiteSource::connect(config, &secrets, base_dir).await?;
                vec![(config.name.clone(), account.tables())]
            }
            SourceConfig::Stripe(config) => {
                let account = StripeSource::connect(config, &secrets).await?;
                vec![(config.name.clone(), account.tables())]
            }
            SourceConfig::Postgres(config) => {
                warehouse::connect_postgres(config, &secrets).await?.0
            }
            SourceConfig::MySql(config) => warehouse::connect_mysql(config, &secrets).await?.0,
            SourceConfig::Sqlite(config) => warehouse::connect_sqlite(config, base_dir).await?.0,
        };
        if schemas.is_empty() {
            // A database with no readable table still gets its (empty) schema.
            catalog.register_schema(source.name(), Arc::new(MemorySchemaProvider::new()))?;
        }
        for (schema_name, tables) in schemas {
            if schema_name != source.name() && !schema_names.insert(schema_name.clone()) {
                return Err(Error::Config {
                    key: format!("source[{index}].name"),
                    message: format!(
                        "source '{}' exposes remote schema '{schema_name}', which another source already uses; \
                         rename a source or list the remote schemas to expose in `schemas`",
                        source.name()
                    ),
                });
            }
            let schema = Arc::new(MemorySchemaProvider::new());
            for (name, table) in tables {
                if schema.table_exist(&name) {
                    return Err(Error::Config {
                        key: format!("source[{index}]"),
                        message: format!(
                            "source '{}' has two tables named '{name}' once lowercased in schema '{schema_name}'",
                            source.name()
                        ),
                    });
                }
                let table = accelerations.wrap(&format!("{schema_name}.{name}"), table)?;
                schema.register_table(name, table)?;
            }
            tracing::info!(
                source = source.name(),
                kind = source.kind(),
                schema = %schema_name,
                tables = schema.table_names().len(),
                "source registered"
            );
            catalog.register_schema(&schema_name, schema)?;
        }
    }
    Ok(())
}

/// Reads the secrets a source's `*_env` settings name from `env`.
pub(crate) fn resolve_secrets(
    source: &SourceConfig,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Secrets> {
    let mut secrets = Secrets::default();
    for setting in source.secret_settings() {
        let value =
            env(&setting.var)
                .filter(|v| !v.is_empty())
                .ok_or_else(|| Error::MissingSecret {
                    source_name: source.name().to_string(),
                    key: setting.key,
                    var: setting.var.clone(),
                })?;
        secrets.insert(setting.key, value);
    }
    Ok(secrets)
}

/// A source name becomes an SQL schema: lowercase snake_case, so nobody has to quote it.
fn check_name(index: usize, name: &str) -> Result<()> {
    let valid = name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    let problem = if !valid {
        Some(format!(
            "{name:?} is not a lowercase snake_case identifier (a-z, 0-9, _)"
        ))
    } else if RESERVED_SCHEMAS.contains(&name) {
        Some(format!("{name:?} is reserved; choose another name"))
    } else {
        None
    };
    match problem {
        Some(message) => Err(Error::Config {
            key: format!("source[{index}].name"),
            message,
        }),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files_source(toml_text: &str) -> SourceConfig {
        match toml::from_str(toml_text) {
            Ok(source) => source,
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn names_must_be_plain_identifiers() {
        assert!(check_name(0, "sales_2024").is_ok());
        for bad in ["Sales", "9lives", "my-source", "", "public", "ontology"] {
            assert!(check_name(0, bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn unset_secret_names_source_key_and_variable() {
        let source = files_source(
            "kind = \"files\"\nname = \"lake\"\nurl = \"s3://b/p\"\nsecret_access_key_env = \"LAKE_SECRET\"",
        );
        let error = resolve_secrets(&source, |_| None)
            .err()
            .map(|e| e.to_string());
        assert_eq!(
            error.as_deref(),
            Some(
                "source 'lake': secret_access_key_env names environment variable LAKE_SECRET, which is not set"
            )
        );
        let ok = resolve_secrets(&source, |var| {
            (var == "LAKE_SECRET").then(|| "s3cr3t".to_string())
        });
        assert_eq!(
            ok.ok()
                .and_then(|s| s.get("secret_access_key_env").map(str::to_owned))
                .as_deref(),
            Some("s3cr3t")
        );
    }
}
