use std::sync::Arc;

use datafusion::datasource::file_format::FileFormat;
use datafusion::datasource::file_format::csv::CsvFormat;
use datafusion::datasource::file_format::json::JsonFormat;
use datafusion::datasource::file_format::parquet::ParquetFormat;

use super::FilesConfig;
use crate::{Error, Result};

/// The data file formats a `files` source reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileFormatKind {
    Parquet,
    Csv,
    /// Newline-delimited JSON: one object per line.
    NdJson,
}

/// Extensions recognised for each format.
const EXTENSIONS: &[(&str, FileFormatKind)] = &[
    (".parquet", FileFormatKind::Parquet),
    (".csv", FileFormatKind::Csv),
    (".ndjson", FileFormatKind::NdJson),
    (".jsonl", FileFormatKind::NdJson),
    (".json", FileFormatKind::NdJson),
];

impl FileFormatKind {
    /// The format of `file_name` by its (case-sensitive, lowercase) extension: the format, the extension and
    /// the file's stem.
    pub(crate) fn of_file(file_name: &str) -> Option<(Self, &'static str, &str)> {
        EXTENSIONS.iter().find_map(|(ext, kind)| {
            let stem = file_name.strip_suffix(ext)?;
            (!stem.is_empty()).then_some((*kind, *ext, stem))
        })
    }

    pub(crate) fn file_format(self, csv: &CsvOptions) -> Arc<dyn FileFormat> {
        match self {
            // Strings as Utf8, as every other source gives them, not DataFusion's default views: a bulk
            // extract over Flight SQL would cast views back (IPC resends their shared buffers with every
            // batch), which made it about a third slower.
            Self::Parquet => Arc::new(ParquetFormat::default().with_force_view_types(false)),
            Self::Csv => Arc::new(
                CsvFormat::default()
                    .with_has_header(csv.has_header)
                    .with_delimiter(csv.delimiter),
            ),
            Self::NdJson => Arc::new(JsonFormat::default()),
        }
    }
}

/// How CSV files of a source are read.
#[derive(Debug, Clone, Copy)]
pub(crate) struct CsvOptions {
    has_header: bool,
    delimiter: u8,
}

impl CsvOptions {
    pub(crate) fn from_config(config: &FilesConfig) -> Result<Self> {
        let delimiter = match config.csv_delimiter.as_bytes() {
            [byte] if byte.is_ascii() && *byte != b'\n' && *byte != b'\r' && *byte != b'"' => *byte,
            _ => {
                return Err(Error::Config {
                    source_name: config.name.clone(),
                    message: format!(
                        "csv_delimiter {:?} must be one ASCII character other than a quote or a line break",
                        config.csv_delimiter
                    ),
                });
            }
        };
        Ok(Self {
            has_header: config.csv_has_header,
            delimiter,
        })
    }
}
