//! Bound parameters that datafusion-postgres would refuse or round, put right before it decodes them.
//!
//! A statement such as `amount > $1` types `$1` as the column's `Decimal128(p, s)`. Drivers bind a
//! language integer or float with its own type (psycopg and SQLAlchemy send a Python `int` as int2/4/8
//! and a `float` as float8), and arrow-pg 0.16 decodes those only into integer, float or timestamp
//! targets ("Cannot coerce integer value to Decimal128"). It also rescales a `numeric` value to the
//! column's scale, so `amount > 10.005` would silently compare with `10.01`.
//!
//! So a portal whose parameters meet `Decimal128` targets is checked here first: every such value must
//! fit the target exactly (a value that would be rounded or overflow is an error naming the parameter
//! and how to cast it), and an integer or float is re-encoded as the `numeric` it equals, in the format
//! the client sent it.
//!
//! arrow-pg also cannot read a parameter sent as `json` or `jsonb` (psycopg's `Json`): DataFusion has no
//! JSON type, so such a parameter is passed on as the text it holds.

use std::sync::Arc;

use bytes::{Bytes, BytesMut};
use datafusion::arrow::datatypes::DataType;
use pgwire::api::Type;
use pgwire::api::portal::Portal;
use pgwire::api::stmt::StoredStatement;
use pgwire::error::{ErrorInfo, PgWireError, PgWireResult};
use postgres_types::{IsNull, ToSql};
use rust_decimal::Decimal;

use super::parser::Prepared as Statement;

/// `portal` with every number bound to a `Decimal128` parameter checked, re-encoded as `numeric` where
/// the client sent an integer or a float, and JSON re-typed as text; `None` when nothing changed.
pub(crate) fn decodable(portal: &Portal<Statement>) -> PgWireResult<Option<Portal<Statement>>> {
    let Some((_, plan)) = &portal.statement.statement.1 else {
        return Ok(None);
    };
    let targets = plan
        .get_parameter_types()
        .map_err(|e| PgWireError::ApiError(Box::new(e)))?;
    let mut parameter_types = portal.statement.parameter_types.clone();
    let mut parameters = portal.parameters.clone();
    let mut changed = false;
    for index in 0..portal.parameter_len() {
        let sent = match parameter_types.get(index) {
            Some(Some(ty)) if *ty != Type::UNKNOWN => Some(ty.clone()),
            _ => None,
        };
        let target = targets.get(&format!("${}", index + 1)).cloned().flatten();
        let replacement = match (target, sent) {
            (Some(DataType::Decimal128(precision, scale)), sent) => {
                numeric(portal, index, sent, precision, scale)?
            }
            (_, Some(sent)) if sent == Type::JSON || sent == Type::JSONB => {
                Some((Type::TEXT, json_text(portal, index, &sent)?))
            }
            _ => None,
        };
        let Some((ty, bytes)) = replacement else {
            continue;
        };
        if parameter_types.len() <= index {
            parameter_types.resize(index + 1, None);
        }
        parameter_types[index] = Some(ty);
        parameters[index] = bytes;
        changed = true;
    }
    if !changed {
        return Ok(None);
    }
    let statement = StoredStatement::new(
        portal.statement.id.clone(),
        portal.statement.statement.clone(),
        parameter_types,
    );
    let mut decodable = Portal::new_cursor(portal.name.clone(), Arc::new(statement));
    decodable.parameter_format = portal.parameter_format.clone();
    decodable.parameters = parameters;
    decodable.result_column_format = portal.result_column_format.clone();
    decodable.state = Arc::clone(&portal.state);
    Ok(Some(decodable))
}

/// The `numeric(precision, scale)` parameter at `index`, sent as `sent` (`None`: untyped, so read as
/// `numeric`): an error unless it fits exactly, and its value re-encoded as `numeric` when it was sent
/// as an integer or a float.
fn numeric(
    portal: &Portal<Statement>,
    index: usize,
    sent: Option<Type>,
    precision: u8,
    scale: i8,
) -> PgWireResult<Option<(Type, Option<Bytes>)>> {
    let sent = sent.unwrap_or(Type::NUMERIC);
    let Some(value) = decimal_parameter(portal, index, &sent)? else {
        return Ok(None);
    };
    check_fits(value, precision, scale, index)?;
    if sent == Type::NUMERIC {
        return Ok(None);
    }
    let bytes = if portal.parameter_format.is_binary(index) {
        let mut buf = BytesMut::new();
        match value.to_sql(&Type::NUMERIC, &mut buf) {
            Ok(IsNull::No) => buf.freeze(),
            Ok(IsNull::Yes) | Err(_) => {
                return Err(invalid(index, format!("cannot encode {value} as numeric")));
            }
        }
    } else {
        Bytes::from(value.to_string())
    };
    Ok(Some((Type::NUMERIC, Some(bytes))))
}

/// A `json` or `jsonb` parameter as the text it holds: binary `jsonb` is a version byte (1) before the
/// text.
fn json_text(portal: &Portal<Statement>, index: usize, sent: &Type) -> PgWireResult<Option<Bytes>> {
    let Some(Some(bytes)) = portal.parameters.get(index) else {
        return Ok(None);
    };
    let text = match bytes.split_first() {
        Some((1, text)) if *sent == Type::JSONB && portal.parameter_format.is_binary(index) => {
            bytes.slice_ref(text)
        }
        _ if *sent == Type::JSONB && portal.parameter_format.is_binary(index) => {
            return Err(invalid(
                index,
                "unsupported binary jsonb version".to_string(),
            ));
        }
        _ => bytes.clone(),
    };
    if std::str::from_utf8(&text).is_err() {
        return Err(invalid(index, "json is not valid UTF-8".to_string()));
    }
    Ok(Some(text))
}

/// The number bound at `index`, sent as `sent`; `None` for NULL or a type this module leaves alone.
fn decimal_parameter(
    portal: &Portal<Statement>,
    index: usize,
    sent: &Type,
) -> PgWireResult<Option<Decimal>> {
    let float = |value: Option<f64>| match value {
        Some(f) => Decimal::try_from(f)
            .map(Some)
            .map_err(|_| invalid(index, format!("{f} is not a numeric value"))),
        None => Ok(None),
    };
    match *sent {
        Type::INT2 => Ok(portal.parameter::<i16>(index, sent)?.map(Decimal::from)),
        Type::INT4 => Ok(portal.parameter::<i32>(index, sent)?.map(Decimal::from)),
        Type::INT8 => Ok(portal.parameter::<i64>(index, sent)?.map(Decimal::from)),
        Type::FLOAT4 => float(portal.parameter::<f32>(index, sent)?.map(f64::from)),
        Type::FLOAT8 => float(portal.parameter::<f64>(index, sent)?),
        Type::NUMERIC => portal.parameter::<Decimal>(index, sent),
        _ => Ok(None),
    }
}

/// Errors unless `value` is exactly a `numeric(precision, scale)`.
fn check_fits(value: Decimal, precision: u8, scale: i8, index: usize) -> PgWireResult<()> {
    let value = value.normalize();
    let target = format!("numeric({precision},{scale})");
    if i64::from(value.scale()) > i64::from(scale) {
        return Err(invalid(
            index,
            format!(
                "{value} has more decimal places than the {target} it is compared with; \
                 cast the parameter to keep them, e.g. ${}::numeric(38,{})",
                index + 1,
                value.scale()
            ),
        ));
    }
    let whole_digits = value
        .trunc()
        .abs()
        .to_string()
        .trim_start_matches('0')
        .len();
    if whole_digits as i64 > i64::from(precision) - i64::from(scale) {
        return Err(invalid(
            index,
            format!(
                "{value} is out of range for the {target} it is compared with; \
                 cast the parameter, e.g. ${}::numeric(38,{scale})",
                index + 1
            ),
        ));
    }
    Ok(())
}

fn invalid(index: usize, message: String) -> PgWireError {
    PgWireError::UserError(Box::new(ErrorInfo::new(
        "ERROR".into(),
        "22023".into(),
        format!("parameter ${}: {message}", index + 1),
    )))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_must_fit_the_target_exactly() {
        let fits = |v: &str, p, s| check_fits(v.parse().unwrap_or_default(), p, s, 0).is_ok();
        assert!(fits("1000", 18, 2));
        assert!(fits("1000.50", 18, 2));
        assert!(fits("-9999999999999999.99", 18, 2));
        assert!(fits("0", 3, 3));
        assert!(!fits("10.005", 18, 2), "would be rounded");
        assert!(!fits("10000000000000000", 18, 2), "17 whole digits in 16");
        assert!(!fits("1", 3, 3));
    }
}
