//! Schema drift at runtime: a field renamed, added, dropped or retyped, as a source admin would do it.

use serde_json::Value as Json;

use crate::data::{Database, Field, FieldType};
use crate::stripe::store::StripeStore;

/// Applies one drift operation to a table of `db`.
pub(crate) fn table(
    db: &mut Database,
    object: &str,
    op: &str,
    field: &str,
    to: Option<&str>,
    ty: Option<&str>,
) -> Result<(), String> {
    let table = db
        .table_mut(object)
        .ok_or_else(|| format!("no object {object:?}"))?;
    let missing = || format!("no field {field:?} on {object}");
    match op {
        "rename" => {
            let to = to.ok_or("rename needs \"to\"")?;
            valid_name(to)?;
            if table.column(to).is_some() {
                return Err(format!("{object} already has a field {to:?}"));
            }
            table
                .rename_field(field, to)
                .then_some(())
                .ok_or_else(missing)
        }
        "add" => {
            valid_name(field)?;
            if table.column(field).is_some() {
                return Err(format!("{object} already has a field {field:?}"));
            }
            let ty = parse_type(ty.unwrap_or("string"))?;
            table.add_field(Field::new(field, ty));
            Ok(())
        }
        "drop" => table.drop_field(field).then_some(()).ok_or_else(missing),
        "retype" => {
            let ty = parse_type(ty.ok_or("retype needs \"type\"")?)?;
            table
                .retype_field(field, ty)
                .then_some(())
                .ok_or_else(missing)
        }
        other => Err(format!(
            "unknown op {other:?}: use rename, add, drop or retype"
        )),
    }
}

/// Applies one drift operation to every Stripe object of one type (`customer`, `invoice`).
pub(crate) fn stripe(
    store: &mut StripeStore,
    object: &str,
    op: &str,
    field: &str,
    to: Option<&str>,
    ty: Option<&str>,
) -> Result<(), String> {
    let list = store
        .list_mut(object)
        .ok_or_else(|| format!("no Stripe object type {object:?}"))?;
    if matches!(field, "id" | "object" | "created") {
        return Err(format!("{field:?} cannot drift"));
    }
    let has = list.iter().any(|o| o.body.contains_key(field));
    match op {
        "rename" => {
            let to = to.ok_or("rename needs \"to\"")?;
            valid_name(to)?;
            if !has {
                return Err(format!("no field {field:?} on {object}"));
            }
            for o in list.iter_mut() {
                if let Some(v) = o.body.shift_remove(field) {
                    o.body.insert(to.to_owned(), v);
                }
            }
        }
        "add" => {
            valid_name(field)?;
            for o in list.iter_mut() {
                o.body.entry(field.to_owned()).or_insert(Json::Null);
            }
        }
        "drop" => {
            if !has {
                return Err(format!("no field {field:?} on {object}"));
            }
            for o in list.iter_mut() {
                o.body.shift_remove(field);
            }
        }
        "retype" => {
            if !has {
                return Err(format!("no field {field:?} on {object}"));
            }
            let ty = ty.ok_or("retype needs \"type\"")?;
            for o in list.iter_mut() {
                if let Some(v) = o.body.get_mut(field) {
                    *v = retype_json(v, ty)?;
                }
            }
        }
        other => {
            return Err(format!(
                "unknown op {other:?}: use rename, add, drop or retype"
            ));
        }
    }
    store.finish();
    Ok(())
}

fn retype_json(v: &Json, ty: &str) -> Result<Json, String> {
    Ok(match (ty, v) {
        (_, Json::Null) => Json::Null,
        ("string", Json::String(_)) => v.clone(),
        ("string", other) => Json::String(other.to_string()),
        ("integer" | "int", Json::String(s)) => s.parse::<i64>().map_or(Json::Null, Json::from),
        ("integer" | "int", Json::Number(n)) => n
            .as_f64()
            .map_or(Json::Null, |f| Json::from(f.round() as i64)),
        ("number" | "float", Json::String(s)) => s
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or(Json::Null, Json::Number),
        ("number" | "float", Json::Number(_)) => v.clone(),
        ("boolean" | "bool", Json::String(s)) => Json::Bool(s == "true"),
        ("boolean" | "bool", Json::Bool(_)) => v.clone(),
        ("integer" | "int" | "number" | "float" | "boolean" | "bool", _) => Json::Null,
        (other, _) => {
            return Err(format!(
                "unknown Stripe type {other:?}: use string, integer, number or boolean"
            ));
        }
    })
}

fn parse_type(name: &str) -> Result<FieldType, String> {
    FieldType::parse(name).ok_or_else(|| format!("unknown type {name:?}"))
}

fn valid_name(name: &str) -> Result<(), String> {
    let ok = !name.is_empty()
        && name.len() <= 80
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    if ok {
        Ok(())
    } else {
        Err(format!("invalid field name {name:?}"))
    }
}
