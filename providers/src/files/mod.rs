//! Provider kind `files`: Parquet, CSV and NDJSON files under one object store URL.
//!
//! The source's URL is a folder (`file:///srv/exports`, a local path, or `s3://bucket/prefix`). Each data file
//! directly under it becomes one table named by its stem (`orders.parquet` -> `orders`), and each sub-folder
//! becomes one table over all the files inside it (`events/2024-01.ndjson`, `events/2024-02.ndjson` ->
//! `events`). Tables are DataFusion `ListingTable`s, so projections and filters reach the Parquet reader
//! (row-group and page pruning by statistics, and row filtering when the session enables it).

mod config;
mod format;
mod store;

use std::collections::BTreeMap;
use std::sync::Arc;

use datafusion::catalog::{Session, TableProvider};
use datafusion::datasource::listing::{
    ListingOptions, ListingTable, ListingTableConfig, ListingTableUrl,
};
use futures::TryStreamExt;
use object_store::ObjectStore;
use object_store::path::Path;
use url::Url;

pub use config::FilesConfig;
use format::FileFormatKind;

use crate::{Error, Result, Secrets};

/// A connected `files` source: its object store and the folder the tables live in.
#[derive(Debug)]
pub struct FilesSource {
    name: String,
    store_url: Url,
    store: Arc<dyn ObjectStore>,
    root: Path,
    csv: format::CsvOptions,
}

/// One table found under the source's folder, before its schema is read.
#[derive(Debug)]
struct TableLocation {
    /// The object (a file) or the prefix (a folder) it is read from.
    location: Path,
    is_folder: bool,
    format: FileFormatKind,
    /// The extension of its files, which a folder's files are filtered by.
    extension: &'static str,
}

impl FilesSource {
    /// Builds the object store for `config`'s URL (resolving a relative local path against `base_dir`).
    ///
    /// Nothing is read yet: [`FilesSource::tables`] lists the folder.
    pub fn connect(
        config: &FilesConfig,
        secrets: &Secrets,
        base_dir: &std::path::Path,
    ) -> Result<Self> {
        let url = config.resolve_url(base_dir)?;
        let (store_url, store, root) = store::open(config, secrets, &url)?;
        Ok(Self {
            name: config.name.clone(),
            store_url,
            store,
            root,
            csv: format::CsvOptions::from_config(config)?,
        })
    }

    /// The URL of the object store (`file:///`, `s3://bucket`) the session must register before it scans.
    pub fn store_url(&self) -> &Url {
        &self.store_url
    }

    /// The object store holding the source's files.
    pub fn store(&self) -> Arc<dyn ObjectStore> {
        Arc::clone(&self.store)
    }

    /// Lists the source's folder and builds one table per data file or sub-folder, reading each schema.
    ///
    /// The session must already have [`FilesSource::store`] registered under [`FilesSource::store_url`].
    pub async fn tables(
        &self,
        session: &dyn Session,
    ) -> Result<Vec<(String, Arc<dyn TableProvider>)>> {
        let mut tables = Vec::new();
        for (name, location) in self.discover().await? {
            let table = self.listing_table(session, &name, &location).await?;
            tables.push((name, table));
        }
        Ok(tables)
    }

    /// Finds the tables under the root folder, keyed by table name.
    async fn discover(&self) -> Result<BTreeMap<String, TableLocation>> {
        let listing = self
            .store
            .list_with_delimiter(Some(&self.root))
            .await
            .map_err(|error| {
                self.store_error(format!("cannot list {}", self.display(&self.root)), error)
            })?;

        let mut found: BTreeMap<String, TableLocation> = BTreeMap::new();
        for object in listing.objects {
            let Some(file_name) = object.location.filename() else {
                continue;
            };
            if is_hidden(file_name) {
                continue;
            }
            let Some((format, extension, stem)) = FileFormatKind::of_file(file_name) else {
                tracing::debug!(source = %self.name, file = %object.location, "skipping file of unknown format");
                continue;
            };
            let location = TableLocation {
                location: object.location.clone(),
                is_folder: false,
                format,
                extension,
            };
            self.add_table(&mut found, stem, location)?;
        }
        for folder in listing.common_prefixes {
            let Some(folder_name) = folder.filename() else {
                continue;
            };
            if is_hidden(folder_name) {
                continue;
            }
            let Some((format, extension)) = self.folder_format(&folder).await? else {
                tracing::debug!(source = %self.name, folder = %folder, "skipping folder without data files");
                continue;
            };
            let location = TableLocation {
                location: folder.clone(),
                is_folder: true,
                format,
                extension,
            };
            self.add_table(&mut found, folder_name, location)?;
        }
        Ok(found)
    }

    fn add_table(
        &self,
        found: &mut BTreeMap<String, TableLocation>,
        stem: &str,
        location: TableLocation,
    ) -> Result<()> {
        let name = table_name(stem);
        if let Some(existing) = found.get(&name) {
            return Err(self.config_error(format!(
                "{} and {} would both be table '{name}'; rename one of them",
                self.display(&existing.location),
                self.display(&location.location),
            )));
        }
        found.insert(name, location);
        Ok(())
    }

    /// The one format (and extension) of all data files under `folder`, or `None` when it holds none.
    async fn folder_format(&self, folder: &Path) -> Result<Option<(FileFormatKind, &'static str)>> {
        let objects: Vec<_> =
            self.store
                .list(Some(folder))
                .try_collect()
                .await
                .map_err(|error| {
                    self.store_error(format!("cannot list {}", self.display(folder)), error)
                })?;
        let mut format: Option<(FileFormatKind, &'static str, &Path)> = None;
        for object in &objects {
            let hidden = object
                .location
                .prefix_match(folder)
                .is_some_and(|mut parts| parts.any(|part| is_hidden(part.as_ref())));
            if hidden {
                continue;
            }
            let Some((kind, ext, _)) = object.location.filename().and_then(FileFormatKind::of_file)
            else {
                continue;
            };
            match format {
                None => format = Some((kind, ext, &object.location)),
                Some((_, seen, first)) if seen != ext => {
                    return Err(self.config_error(format!(
                        "folder {} mixes {seen} ({}) and {ext} ({}) files; a folder is one table of one format",
                        self.display(folder),
                        self.display(first),
                        self.display(&object.location),
                    )));
                }
                Some(_) => {}
            }
        }
        Ok(format.map(|(kind, ext, _)| (kind, ext)))
    }

    async fn listing_table(
        &self,
        session: &dyn Session,
        name: &str,
        location: &TableLocation,
    ) -> Result<Arc<dyn TableProvider>> {
        let table_error = |error| Error::Table {
            source_name: self.name.clone(),
            table: name.to_string(),
            error,
        };
        let mut url = self.display(&location.location);
        if location.is_folder {
            url.push('/');
        }
        let table_url = ListingTableUrl::parse(&url).map_err(table_error)?;
        let file_format = location.format.file_format(&self.csv);
        let options = ListingOptions::new(file_format).with_file_extension(location.extension);
        let schema = options
            .infer_schema(session, &table_url)
            .await
            .map_err(table_error)?;
        let config = ListingTableConfig::new(table_url)
            .with_listing_options(options)
            .with_schema(schema);
        let table = ListingTable::try_new(config).map_err(table_error)?;
        Ok(Arc::new(table))
    }

    /// The full URL of `location` in this source's store.
    fn display(&self, location: &Path) -> String {
        let base = self.store_url.as_str().trim_end_matches('/');
        format!("{base}/{location}")
    }

    fn config_error(&self, message: String) -> Error {
        Error::Config {
            source_name: self.name.clone(),
            message,
        }
    }

    fn store_error(&self, message: String, error: object_store::Error) -> Error {
        Error::ObjectStore {
            source_name: self.name.clone(),
            message,
            error,
        }
    }
}

/// Files and folders starting with `.` or `_` are metadata (`_SUCCESS`, `.crc`), not data.
fn is_hidden(name: &str) -> bool {
    name.starts_with('.') || name.starts_with('_')
}

/// A file stem as an SQL identifier that needs no quoting: lowercase, `[a-z0-9_]`, not starting with a digit.
pub(crate) fn table_name(stem: &str) -> String {
    let mut name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    name
}

#[cfg(test)]
mod tests;
