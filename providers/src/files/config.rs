use std::path::Path;

use serde::Deserialize;
use url::Url;

use crate::{Error, Result, SecretSetting};

/// Settings of a `files` source (`kind = "files"` in `aos.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FilesConfig {
    /// The source's name: the SQL schema its tables appear in.
    pub name: String,
    /// The folder holding the files: `file:///srv/exports`, a local path (relative to the config file), or
    /// `s3://bucket/prefix`.
    pub url: String,
    /// S3 region (default: `AWS_REGION`/`AWS_DEFAULT_REGION`, then `us-east-1`).
    pub region: Option<String>,
    /// S3-compatible endpoint, e.g. `http://127.0.0.1:9000` for MinIO.
    pub endpoint: Option<String>,
    /// Environment variable holding the S3 access key id (default: the standard `AWS_*` variables).
    pub access_key_id_env: Option<String>,
    /// Environment variable holding the S3 secret access key.
    pub secret_access_key_env: Option<String>,
    /// Environment variable holding an S3 session token.
    pub session_token_env: Option<String>,
    /// Allow plain-HTTP endpoints (local S3-compatible servers only).
    #[serde(default)]
    pub allow_http: bool,
    /// Whether CSV files start with a header row (default true).
    #[serde(default = "default_true")]
    pub csv_has_header: bool,
    /// The CSV field delimiter (default `,`).
    #[serde(default = "default_delimiter")]
    pub csv_delimiter: String,
}

fn default_true() -> bool {
    true
}

fn default_delimiter() -> String {
    ",".to_string()
}

impl FilesConfig {
    /// The secrets this source reads, as (config key, environment variable) pairs.
    pub fn secret_settings(&self) -> Vec<SecretSetting> {
        [
            ("access_key_id_env", &self.access_key_id_env),
            ("secret_access_key_env", &self.secret_access_key_env),
            ("session_token_env", &self.session_token_env),
        ]
        .into_iter()
        .filter_map(|(key, var)| {
            var.as_ref().map(|var| SecretSetting {
                key,
                var: var.clone(),
            })
        })
        .collect()
    }

    /// The folder URL, always ending in `/`, with a local path made absolute against `base_dir`.
    pub(crate) fn resolve_url(&self, base_dir: &Path) -> Result<Url> {
        let error = |message: String| Error::Config {
            source_name: self.name.clone(),
            message,
        };
        let mut url = if self.url.contains("://") {
            Url::parse(&self.url)
                .map_err(|e| error(format!("url {:?} is not a valid URL: {e}", self.url)))?
        } else {
            let path = base_dir.join(&self.url);
            let path = path.canonicalize().map_err(|e| {
                error(format!(
                    "url {:?}: cannot open folder {}: {e}",
                    self.url,
                    path.display()
                ))
            })?;
            Url::from_directory_path(&path).map_err(|()| {
                error(format!(
                    "url {:?}: {} is not an absolute folder path",
                    self.url,
                    path.display()
                ))
            })?
        };
        match url.scheme() {
            "file" | "s3" => {}
            other => {
                return Err(error(format!(
                    "url {:?}: scheme {other:?} is not supported (use a local path, file:// or s3://)",
                    self.url
                )));
            }
        }
        if !url.path().ends_with('/') {
            let path = format!("{}/", url.path());
            url.set_path(&path);
        }
        Ok(url)
    }
}
