//! The in-memory record store the simulated Salesforce and NetSuite APIs answer from.
//!
//! A [`Database`] is a set of [`Table`]s; a table is a list of typed [`Field`]s and rows of [`Value`]s in the
//! same order. Schema drift edits a table in place (rename, add, drop, retype a field), so every API answers
//! from the drifted schema at once.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// SQL NULL / JSON null.
    Null,
    /// A boolean (Salesforce `true`/`false`, NetSuite `"T"`/`"F"`).
    Bool(bool),
    /// An integer (NetSuite internal ids, counts).
    Int(i64),
    /// A number with a fraction (amounts, rates, percentages).
    Float(f64),
    /// Text (names, ids, picklist values, emails, URLs).
    Text(String),
    /// A calendar day.
    Date(NaiveDate),
    /// An instant, UTC.
    DateTime(DateTime<Utc>),
}

impl Value {
    /// Whether this is [`Value::Null`].
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The text, if this is [`Value::Text`].
    pub fn as_text(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    /// The value as a float, if numeric.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            _ => None,
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::Text(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::Text(s)
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Self {
        Value::Int(i)
    }
}

impl From<f64> for Value {
    fn from(f: f64) -> Self {
        Value::Float(f)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<NaiveDate> for Value {
    fn from(d: NaiveDate) -> Self {
        Value::Date(d)
    }
}

impl From<DateTime<Utc>> for Value {
    fn from(t: DateTime<Utc>) -> Self {
        Value::DateTime(t)
    }
}

/// A field's type, named after Salesforce's describe types; NetSuite uses the same set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    /// The record's own id (Salesforce 18-character id, NetSuite integer id).
    Id,
    /// A foreign key to another table's id; see [`Field::reference_to`].
    Reference,
    /// Free text.
    String,
    /// One of a fixed list of values.
    Picklist,
    /// An email address.
    Email,
    /// A web address.
    Url,
    /// A phone number.
    Phone,
    /// An integer.
    Int,
    /// A floating-point number.
    Double,
    /// Money in the record's currency.
    Currency,
    /// A percentage, 0..100.
    Percent,
    /// A boolean.
    Boolean,
    /// A calendar day.
    Date,
    /// An instant.
    DateTime,
}

impl FieldType {
    /// Salesforce's describe `type`.
    pub fn describe_type(self) -> &'static str {
        match self {
            FieldType::Id => "id",
            FieldType::Reference => "reference",
            FieldType::String => "string",
            FieldType::Picklist => "picklist",
            FieldType::Email => "email",
            FieldType::Url => "url",
            FieldType::Phone => "phone",
            FieldType::Int => "int",
            FieldType::Double => "double",
            FieldType::Currency => "currency",
            FieldType::Percent => "percent",
            FieldType::Boolean => "boolean",
            FieldType::Date => "date",
            FieldType::DateTime => "datetime",
        }
    }

    /// Salesforce's describe `soapType`.
    pub fn soap_type(self) -> &'static str {
        match self {
            FieldType::Id | FieldType::Reference => "tns:ID",
            FieldType::String
            | FieldType::Picklist
            | FieldType::Email
            | FieldType::Url
            | FieldType::Phone => "xsd:string",
            FieldType::Int => "xsd:int",
            FieldType::Double | FieldType::Currency | FieldType::Percent => "xsd:double",
            FieldType::Boolean => "xsd:boolean",
            FieldType::Date => "xsd:date",
            FieldType::DateTime => "xsd:dateTime",
        }
    }

    /// Parses a describe `type` name (as used by `POST /_sandbox/drift`).
    pub fn parse(name: &str) -> Option<FieldType> {
        Some(match name.to_ascii_lowercase().as_str() {
            "id" => FieldType::Id,
            "reference" => FieldType::Reference,
            "string" | "text" => FieldType::String,
            "picklist" => FieldType::Picklist,
            "email" => FieldType::Email,
            "url" => FieldType::Url,
            "phone" => FieldType::Phone,
            "int" | "integer" => FieldType::Int,
            "double" | "float" | "number" => FieldType::Double,
            "currency" => FieldType::Currency,
            "percent" => FieldType::Percent,
            "boolean" | "bool" => FieldType::Boolean,
            "date" => FieldType::Date,
            "datetime" | "timestamp" => FieldType::DateTime,
            _ => return None,
        })
    }

    /// Whether values of this type are text.
    pub fn is_text(self) -> bool {
        matches!(
            self,
            FieldType::Id
                | FieldType::Reference
                | FieldType::String
                | FieldType::Picklist
                | FieldType::Email
                | FieldType::Url
                | FieldType::Phone
        )
    }

    /// Whether values of this type are numbers.
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            FieldType::Int | FieldType::Double | FieldType::Currency | FieldType::Percent
        )
    }
}

/// One column of a [`Table`].
#[derive(Debug, Clone)]
pub struct Field {
    /// API name, in the API's own case (`AnnualRevenue`, `companyname`).
    pub name: String,
    /// Type.
    pub ty: FieldType,
    /// Human label.
    pub label: String,
    /// Whether the field may be null.
    pub nillable: bool,
    /// Whether it is a custom field (`__c` in Salesforce, `custentity_` in NetSuite).
    pub custom: bool,
    /// For [`FieldType::Reference`]: the table it points at.
    pub reference_to: Option<String>,
}

impl Field {
    /// A field with a label derived from its name.
    pub fn new(name: &str, ty: FieldType) -> Field {
        Field {
            name: name.to_owned(),
            ty,
            label: label_of(name),
            nillable: !matches!(ty, FieldType::Id | FieldType::Boolean),
            custom: name.ends_with("__c") || name.starts_with("cust"),
            reference_to: None,
        }
    }

    /// A reference to `table`.
    pub fn reference(name: &str, table: &str) -> Field {
        Field {
            reference_to: Some(table.to_owned()),
            ..Field::new(name, FieldType::Reference)
        }
    }

    /// Marks the field as never null.
    pub fn required(mut self) -> Field {
        self.nillable = false;
        self
    }
}

/// `AnnualRevenue` -> `Annual Revenue`, `Region__c` -> `Region`, `companyname` -> `Companyname`.
fn label_of(name: &str) -> String {
    let base = name.trim_end_matches("__c");
    let mut label = String::with_capacity(base.len() + 4);
    for (i, c) in base.chars().enumerate() {
        if i == 0 {
            label.extend(c.to_uppercase());
        } else {
            if c.is_ascii_uppercase() {
                label.push(' ');
            }
            label.push(c);
        }
    }
    label
}

/// A table of records: typed fields and rows in field order.
#[derive(Debug, Clone)]
pub struct Table {
    /// API name (`Account`, `transaction`).
    pub name: String,
    /// Columns; the first is the record id.
    pub fields: Vec<Field>,
    /// Rows, each as long as `fields`.
    pub rows: Vec<Vec<Value>>,
    /// The field a reference to this table displays as (`Name`, `companyname`), if any.
    pub display_field: Option<String>,
    ids: HashMap<String, usize>,
}

impl Table {
    /// An empty table.
    pub fn new(name: &str, fields: Vec<Field>) -> Table {
        Table {
            name: name.to_owned(),
            fields,
            rows: Vec::new(),
            display_field: None,
            ids: HashMap::new(),
        }
    }

    /// Sets the field a reference to this table displays as.
    pub fn with_display(mut self, field: &str) -> Table {
        self.display_field = Some(field.to_owned());
        self
    }

    /// Appends a row; it must have one value per field.
    pub fn push(&mut self, row: Vec<Value>) {
        debug_assert_eq!(row.len(), self.fields.len(), "row width of {}", self.name);
        if let Some(id) = row.first().and_then(id_key) {
            self.ids.insert(id, self.rows.len());
        }
        self.rows.push(row);
    }

    /// The position of a field, matched case-insensitively as both APIs do.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.fields
            .iter()
            .position(|f| f.name.eq_ignore_ascii_case(name))
    }

    /// The row whose id (first column) is `id` (a Salesforce id or a NetSuite integer id as text).
    pub fn row_by_id(&self, id: &Value) -> Option<&[Value]> {
        let key = id_key(id)?;
        self.ids.get(&key).map(|&i| self.rows[i].as_slice())
    }

    /// Renames a field. Returns false if there is no such field.
    pub fn rename_field(&mut self, from: &str, to: &str) -> bool {
        let Some(i) = self.column(from) else {
            return false;
        };
        let field = &mut self.fields[i];
        field.name = to.to_owned();
        field.label = label_of(to);
        true
    }

    /// Adds a nillable field, null on every row.
    pub fn add_field(&mut self, field: Field) {
        self.fields.push(field);
        for row in &mut self.rows {
            row.push(Value::Null);
        }
    }

    /// Drops a field. Returns false if there is no such field (or it is the id, which cannot be dropped).
    pub fn drop_field(&mut self, name: &str) -> bool {
        match self.column(name) {
            Some(i) if i > 0 => {
                self.fields.remove(i);
                for row in &mut self.rows {
                    row.remove(i);
                }
                true
            }
            _ => false,
        }
    }

    /// Changes a field's type, converting every value (to text, a number, ...; unconvertible values become
    /// null). Returns false if there is no such field.
    pub fn retype_field(&mut self, name: &str, ty: FieldType) -> bool {
        let Some(i) = self.column(name) else {
            return false;
        };
        self.fields[i].ty = ty;
        if ty != FieldType::Reference {
            self.fields[i].reference_to = None;
        }
        for row in &mut self.rows {
            let old = std::mem::replace(&mut row[i], Value::Null);
            row[i] = convert(old, ty);
        }
        true
    }
}

fn id_key(v: &Value) -> Option<String> {
    match v {
        Value::Text(s) => Some(s.clone()),
        Value::Int(i) => Some(i.to_string()),
        _ => None,
    }
}

/// Converts a value to another field type, as a retyped field would now return it.
fn convert(v: Value, ty: FieldType) -> Value {
    use FieldType as T;
    match (v, ty) {
        (Value::Null, _) => Value::Null,
        (v, t) if t.is_text() => Value::Text(match v {
            Value::Text(s) => s,
            Value::Bool(b) => b.to_string(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => f.to_string(),
            Value::Date(d) => d.to_string(),
            Value::DateTime(t) => t.to_rfc3339(),
            Value::Null => return Value::Null,
        }),
        (Value::Text(s), T::Int) => s.trim().parse().map_or(Value::Null, Value::Int),
        (Value::Float(f), T::Int) => Value::Int(f.round() as i64),
        (Value::Text(s), T::Double | T::Currency | T::Percent) => {
            s.trim().parse().map_or(Value::Null, Value::Float)
        }
        (Value::Int(i), T::Double | T::Currency | T::Percent) => Value::Float(i as f64),
        (Value::Text(s), T::Boolean) => match s.to_ascii_lowercase().as_str() {
            "true" | "t" | "1" => Value::Bool(true),
            "false" | "f" | "0" => Value::Bool(false),
            _ => Value::Null,
        },
        (Value::DateTime(t), T::Date) => Value::Date(t.date_naive()),
        (Value::Text(s), T::Date) => s.parse().map_or(Value::Null, Value::Date),
        (Value::Date(d), T::DateTime) => d
            .and_hms_opt(0, 0, 0)
            .map_or(Value::Null, |t| Value::DateTime(t.and_utc())),
        (v @ (Value::Int(_) | Value::Float(_)), T::Int | T::Double | T::Currency | T::Percent)
        | (v @ Value::Bool(_), T::Boolean)
        | (v @ Value::Date(_), T::Date)
        | (v @ Value::DateTime(_), T::DateTime) => v,
        _ => Value::Null,
    }
}

/// The tables of one simulated system, by name (matched case-insensitively).
#[derive(Debug, Clone, Default)]
pub struct Database {
    tables: Vec<Table>,
}

impl Database {
    /// Adds a table.
    pub fn add(&mut self, table: Table) {
        self.tables.push(table);
    }

    /// The table called `name`, matched case-insensitively.
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables
            .iter()
            .find(|t| t.name.eq_ignore_ascii_case(name))
    }

    /// The table called `name`, for drift.
    pub fn table_mut(&mut self, name: &str) -> Option<&mut Table> {
        self.tables
            .iter_mut()
            .find(|t| t.name.eq_ignore_ascii_case(name))
    }

    /// All tables.
    pub fn tables(&self) -> &[Table] {
        &self.tables
    }
}
