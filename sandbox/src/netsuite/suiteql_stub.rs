use crate::data::{Database, Value};
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SuiteQlError { pub(crate) code: &'static str, pub(crate) detail: String }
#[derive(Debug)]
pub(crate) struct QueryOutput { pub(crate) columns: Vec<String>, pub(crate) rows: Vec<Vec<Value>> }
pub(crate) fn run(_q: &str, _db: &Database) -> Result<QueryOutput, SuiteQlError> { Err(SuiteQlError { code: "X", detail: String::new() }) }
