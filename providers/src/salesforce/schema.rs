//! `describe` -> Arrow schema: each queryable field of a known type becomes a column named in snake_case.

use std::sync::Arc;

use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef, TimeUnit};

use super::client::SalesforceClient;
use crate::Result;

/// How a field's values are read and compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Ids and references: compared exactly (case-sensitive).
    Id,
    /// Text, picklists, emails, ...: SOQL compares them case-insensitively.
    Text,
    Boolean,
    Int,
    Double,
    /// Currency and percent: Decimal128 with the field's scale.
    Decimal,
    Date,
    DateTime,
}

/// One column: the Salesforce field behind it.
#[derive(Debug, Clone)]
pub(crate) struct SfField {
    /// API name (`AnnualRevenue`).
    pub(crate) api_name: String,
    pub(crate) kind: Kind,
    pub(crate) filterable: bool,
}

/// A described object.
#[derive(Debug, Clone)]
pub(crate) struct SObject {
    /// API name (`Account`).
    pub(crate) name: String,
    /// The fields, in schema order.
    pub(crate) fields: Vec<SfField>,
    pub(crate) schema: SchemaRef,
}

/// `AnnualRevenue` -> `annual_revenue`, `Region__c` -> `region__c`, `SLAExpiry__c` -> `sla_expiry__c`.
pub(crate) fn snake_case(name: &str) -> String {
    let (base, suffix) = match name.find("__") {
        Some(i) => name.split_at(i),
        None => (name, ""),
    };
    let chars: Vec<char> = base.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next_lower)
            {
                out.push('_');
            }
        }
        out.extend(c.to_lowercase());
    }
    out.push_str(&suffix.to_ascii_lowercase());
    out
}

/// Describes `object` and builds its schema.
pub(crate) async fn describe(client: &SalesforceClient, object: &str) -> Result<SObject> {
    if object.is_empty()
        || !object
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return Err(client.error(format!(
            "objects: {object:?} is not a Salesforce object name"
        )));
    }
    let path = format!(
        "/services/data/v{}/sobjects/{object}/describe",
        client.api_version
    );
    let body = client.get(&path, &format!("describe {object}")).await?;
    let name = body["name"].as_str().unwrap_or(object).to_owned();
    let mut fields = Vec::new();
    let mut columns = Vec::new();
    for f in body["fields"]
        .as_array()
        .map(Vec::as_slice)
        .unwrap_or_default()
    {
        let Some(api_name) = f["name"].as_str() else {
            continue;
        };
        let scale = f["scale"].as_i64().unwrap_or(0).clamp(0, 18) as i8;
        let (kind, data_type) = match f["type"].as_str().unwrap_or_default() {
            "id" | "reference" => (Kind::Id, DataType::Utf8),
            "string" | "picklist" | "multipicklist" | "textarea" | "email" | "url" | "phone"
            | "combobox" => (Kind::Text, DataType::Utf8),
            "boolean" => (Kind::Boolean, DataType::Boolean),
            "int" => (Kind::Int, DataType::Int64),
            "double" => (Kind::Double, DataType::Float64),
            "currency" | "percent" => (Kind::Decimal, DataType::Decimal128(18, scale)),
            "date" => (Kind::Date, DataType::Date32),
            "datetime" => (
                Kind::DateTime,
                DataType::Timestamp(TimeUnit::Microsecond, Some("UTC".into())),
            ),
            // Compound (address, location), binary and other types are not exposed.
            _ => continue,
        };
        let nillable = f["nillable"].as_bool().unwrap_or(true);
        columns.push(Field::new(snake_case(api_name), data_type, nillable));
        fields.push(SfField {
            api_name: api_name.to_owned(),
            kind,
            filterable: f["filterable"].as_bool().unwrap_or(true),
        });
    }
    if fields.is_empty() {
        return Err(client.error(format!("object {name} has no fields that can be read")));
    }
    Ok(SObject {
        name,
        fields,
        schema: Arc::new(Schema::new(columns)),
    })
}

#[cfg(test)]
mod tests {
    use super::snake_case;

    #[test]
    fn names_become_snake_case() {
        for (api, sql) in [
            ("AnnualRevenue", "annual_revenue"),
            ("Id", "id"),
            ("OwnerId", "owner_id"),
            ("Region__c", "region__c"),
            ("SLAExpiry__c", "sla_expiry__c"),
            ("SystemModstamp", "system_modstamp"),
            ("OpportunityLineItem", "opportunity_line_item"),
            ("Invoice__c", "invoice__c"),
            ("Account2Id", "account2_id"),
        ] {
            assert_eq!(snake_case(api), sql);
        }
    }
}
