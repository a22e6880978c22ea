//! `aos resolve`: the matcher over any CSV with columns `id,name` and optionally `domain,email,website,
//! country`, writing `id,cluster_id,score`.

use std::collections::HashSet;
use std::io::{Read, Write};

use super::{Record, Settings, resolve};

/// Why a CSV could not be resolved.
#[derive(Debug, thiserror::Error)]
pub enum CsvError {
    /// The input is not readable CSV, or a row is malformed.
    #[error("input line {line}: {message}")]
    Input {
        /// 1-based line of the input.
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// The header lacks a required column or names an unknown one.
    #[error("input header: {0}")]
    Header(String),
    /// Writing the output failed.
    #[error("output: {0}")]
    Output(String),
}

/// What [`resolve_csv`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    /// Records read.
    pub records: usize,
    /// Clusters written (companies found).
    pub clusters: usize,
}

const KNOWN: &[&str] = &["id", "name", "domain", "email", "website", "country"];

/// Reads records from `input`, resolves them, and writes one `id,cluster_id,score` row per record in input
/// order. A cluster's id is the smallest record id in it, so the output does not depend on row order.
pub fn resolve_csv(
    input: impl Read,
    output: impl Write,
    settings: &Settings,
) -> Result<Summary, CsvError> {
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(input);
    let header = reader
        .headers()
        .map_err(|e| CsvError::Header(e.to_string()))?
        .clone();
    let position = |name: &str| {
        header
            .iter()
            .position(|h| h.trim().eq_ignore_ascii_case(name))
    };
    for column in &header {
        if !KNOWN.contains(&column.trim().to_lowercase().as_str()) {
            return Err(CsvError::Header(format!(
                "unknown column {column:?}; expected id, name and optionally domain, email, website, country"
            )));
        }
    }
    let (Some(id_at), Some(name_at)) = (position("id"), position("name")) else {
        return Err(CsvError::Header(
            "the columns `id` and `name` are required".into(),
        ));
    };
    let domain_columns: Vec<usize> = ["domain", "email", "website"]
        .iter()
        .filter_map(|c| position(c))
        .collect();
    let country_at = position("country");

    let mut records = Vec::new();
    let mut ids = HashSet::new();
    for row in reader.records() {
        let row = row.map_err(|e| CsvError::Input {
            line: e.position().map_or(0, |p| p.line()),
            message: e.to_string(),
        })?;
        let line = row.position().map_or(0, |p| p.line());
        let field = |i: usize| row.get(i).unwrap_or_default().trim().to_string();
        let id = field(id_at);
        if id.is_empty() {
            return Err(CsvError::Input {
                line,
                message: "empty id".into(),
            });
        }
        if !ids.insert(id.clone()) {
            return Err(CsvError::Input {
                line,
                message: format!("id {id:?} appears twice"),
            });
        }
        records.push(Record {
            id,
            name: field(name_at),
            domains: domain_columns
                .iter()
                .map(|&i| field(i))
                .filter(|v| !v.is_empty())
                .collect(),
            country: country_at.map(field).filter(|c| !c.is_empty()),
        });
    }

    let memberships = resolve(&records, settings);
    // The smallest id of each cluster names it.
    let mut names: Vec<Option<usize>> = vec![None; records.len()];
    for (i, m) in memberships.iter().enumerate() {
        let slot = &mut names[m.cluster];
        if slot.is_none_or(|j| records[i].id < records[j].id) {
            *slot = Some(i);
        }
    }
    let mut writer = csv::Writer::from_writer(output);
    let out = |e: csv::Error| CsvError::Output(e.to_string());
    writer
        .write_record(["id", "cluster_id", "score"])
        .map_err(out)?;
    for (record, m) in records.iter().zip(&memberships) {
        let cluster = names[m.cluster].map_or("", |j| records[j].id.as_str());
        writer
            .write_record([record.id.as_str(), cluster, &format!("{:.4}", m.score)])
            .map_err(out)?;
    }
    writer
        .flush()
        .map_err(|e| CsvError::Output(e.to_string()))?;
    let clusters = names.iter().filter(|n| n.is_some()).count();
    Ok(Summary {
        records: records.len(),
        clusters,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clusters_are_named_by_their_smallest_id() {
        let input = "id,name,email,country\n\
                     b2,NORTHWIND ANALYTICS INC,ap@northwindanalytics.com,US\n\
                     a1,Northwind Analytics,,US\n\
                     c3,Apex Labs,,DE\n";
        let mut output = Vec::new();
        let summary = resolve_csv(input.as_bytes(), &mut output, &Settings::default()).unwrap();
        assert_eq!(
            summary,
            Summary {
                records: 3,
                clusters: 2
            }
        );
        let text = String::from_utf8(output).unwrap();
        let rows: Vec<&str> = text.lines().collect();
        assert_eq!(rows[0], "id,cluster_id,score");
        assert!(rows[1].starts_with("b2,a1,"), "{text}");
        assert!(rows[2].starts_with("a1,a1,"), "{text}");
        assert_eq!(rows[3], "c3,c3,1.0000");
    }

    #[test]
    fn bad_input_names_the_line() {
        let err = resolve_csv(
            "id,name\n1,Acme\n1,Acme Inc\n".as_bytes(),
            Vec::new(),
            &Settings::default(),
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "input line 3: id \"1\" appears twice");
        let err =
            resolve_csv("id,label\n".as_bytes(), Vec::new(), &Settings::default()).unwrap_err();
        assert!(
            err.to_string().contains("unknown column \"label\""),
            "{err}"
        );
        let err = resolve_csv(
            "id,name\n1,Acme,extra\n".as_bytes(),
            Vec::new(),
            &Settings::default(),
        )
        .unwrap_err();
        assert!(err.to_string().starts_with("input line 2"), "{err}");
    }
}
