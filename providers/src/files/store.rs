use std::sync::Arc;

use object_store::ObjectStore;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use url::Url;

use super::FilesConfig;
use crate::{Error, Result, Secrets};

/// Opens the object store behind `url`: its base URL (`file:///`, `s3://bucket`), the store, and the folder
/// inside it.
pub(super) fn open(
    config: &FilesConfig,
    secrets: &Secrets,
    url: &Url,
) -> Result<(Url, Arc<dyn ObjectStore>, Path)> {
    let error = |message: String| Error::Config {
        source_name: config.name.clone(),
        message,
    };
    match url.scheme() {
        "file" => {
            let local_path = url
                .to_file_path()
                .map_err(|()| error(format!("url {url} is not a local path")))?;
            if !local_path.is_dir() {
                return Err(error(format!(
                    "url {url}: {} is not a folder",
                    local_path.display()
                )));
            }
            let root = Path::from_filesystem_path(&local_path)
                .map_err(|e| error(format!("url {url}: {e}")))?;
            let base = Url::parse("file:///").map_err(|e| error(e.to_string()))?;
            Ok((base, Arc::new(LocalFileSystem::new()), root))
        }
        "s3" => {
            let bucket = url
                .host_str()
                .filter(|bucket| !bucket.is_empty())
                .ok_or_else(|| {
                    error(format!(
                        "url {url} names no bucket (expected s3://bucket/prefix)"
                    ))
                })?;
            let mut builder = AmazonS3Builder::from_env().with_bucket_name(bucket);
            if let Some(region) = &config.region {
                builder = builder.with_region(region);
            }
            if let Some(endpoint) = &config.endpoint {
                builder = builder.with_endpoint(endpoint);
            }
            if let Some(key) = secrets.get("access_key_id_env") {
                builder = builder.with_access_key_id(key);
            }
            if let Some(secret) = secrets.get("secret_access_key_env") {
                builder = builder.with_secret_access_key(secret);
            }
            if let Some(token) = secrets.get("session_token_env") {
                builder = builder.with_token(token);
            }
            builder = builder.with_allow_http(config.allow_http);
            let store = builder
                .build()
                .map_err(|e| error(format!("cannot configure S3 for {url}: {e}")))?;
            let root =
                Path::from_url_path(url.path()).map_err(|e| error(format!("url {url}: {e}")))?;
            let base = Url::parse(&format!("s3://{bucket}")).map_err(|e| error(e.to_string()))?;
            Ok((base, Arc::new(store), root))
        }
        other => Err(error(format!("scheme {other:?} is not supported"))),
    }
}
