//! What the generated builders' setters accept (the generator's `setters` step
//! writes the setters).

use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;

/// A value an optional field's setter accepts: the value itself, an
/// `Option` of it, `&str` for text and for string enums (checked against
/// their values), and a JSON object (`json!({…})`) or key/value pairs for
/// maps such as custom attributes. A value that does not fit is an error
/// when the request is sent (`Error::InvalidRequest`, naming the field),
/// never a panic.
pub trait IntoOption<T> {
    /// The field's value, or why this value does not fit.
    fn into_option(self) -> Result<Option<T>, String>;
}

impl<T> IntoOption<T> for T {
    fn into_option(self) -> Result<Option<T>, String> {
        Ok(Some(self))
    }
}

impl<T> IntoOption<T> for Option<T> {
    fn into_option(self) -> Result<Option<T>, String> {
        Ok(self)
    }
}

impl IntoOption<String> for &str {
    fn into_option(self) -> Result<Option<String>, String> {
        Ok(Some(self.to_string()))
    }
}

impl IntoOption<String> for &String {
    fn into_option(self) -> Result<Option<String>, String> {
        Ok(Some(self.clone()))
    }
}

/// `value` as `T` when it is a JSON object; why not otherwise.
pub fn json_object<T: DeserializeOwned>(value: Value) -> Result<T, String> {
    let kind = match &value {
        Value::Object(_) => return serde_json::from_value(value).map_err(|e| e.to_string()),
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
    };
    Err(format!("a JSON object was expected, not {kind}"))
}

/// Key/value pairs as a JSON object.
pub fn pairs<K: Into<String>, V: Serialize, const N: usize>(
    pairs: [(K, V); N],
) -> Result<Value, String> {
    let mut map = serde_json::Map::new();
    for (k, v) in pairs {
        let k = k.into();
        let v = serde_json::to_value(v).map_err(|e| format!("{k}: {e}"))?;
        map.insert(k, v);
    }
    Ok(Value::Object(map))
}

/// A JSON object (`json!({"plan": "pro"})`) for a map of JSON values
/// (custom attributes); anything else is an error.
impl IntoOption<serde_json::Map<String, Value>> for Value {
    fn into_option(self) -> Result<Option<serde_json::Map<String, Value>>, String> {
        json_object(self).map(Some)
    }
}

/// Key/value pairs (`[("plan", "pro")]`) for a map of JSON values.
impl<K: Into<String>, V: Serialize, const N: usize> IntoOption<serde_json::Map<String, Value>>
    for [(K, V); N]
{
    fn into_option(self) -> Result<Option<serde_json::Map<String, Value>>, String> {
        json_object(pairs(self)?).map(Some)
    }
}

/// A value a required field's setter, or a defaulted one (a list, a map),
/// accepts: the value itself, `&str` for text, a JSON object or key/value
/// pairs for a map, an array or `Vec` of anything its items accept for a
/// list (`["a", "b"]` for a list of text, plain ids for a list of "an id or
/// an object"). A value that does not fit is an error when the request is
/// sent, naming the field.
pub trait IntoValue<T> {
    /// The field's value, or why this value does not fit.
    fn into_value(self) -> Result<T, String>;
}

impl<T> IntoValue<T> for T {
    fn into_value(self) -> Result<T, String> {
        Ok(self)
    }
}

impl IntoValue<String> for &str {
    fn into_value(self) -> Result<String, String> {
        Ok(self.to_string())
    }
}

impl IntoValue<String> for &String {
    fn into_value(self) -> Result<String, String> {
        Ok(self.clone())
    }
}

impl IntoValue<serde_json::Map<String, Value>> for Value {
    fn into_value(self) -> Result<serde_json::Map<String, Value>, String> {
        json_object(self)
    }
}

impl<K: Into<String>, V: Serialize, const N: usize> IntoValue<serde_json::Map<String, Value>>
    for [(K, V); N]
{
    fn into_value(self) -> Result<serde_json::Map<String, Value>, String> {
        json_object(pairs(self)?)
    }
}

/// A list from an array of anything its items accept.
impl<T, U: IntoValue<T>, const N: usize> IntoValue<Vec<T>> for [U; N] {
    fn into_value(self) -> Result<Vec<T>, String> {
        list(self)
    }
}

/// A list of text from a `Vec<&str>`.
impl IntoValue<Vec<String>> for Vec<&str> {
    fn into_value(self) -> Result<Vec<String>, String> {
        list(self)
    }
}

/// A list from an array, for an optional list.
impl<T, U: IntoValue<T>, const N: usize> IntoOption<Vec<T>> for [U; N] {
    fn into_option(self) -> Result<Option<Vec<T>>, String> {
        list(self).map(Some)
    }
}

/// A list of text from a `Vec<&str>`, for an optional list.
impl IntoOption<Vec<String>> for Vec<&str> {
    fn into_option(self) -> Result<Option<Vec<String>>, String> {
        list(self).map(Some)
    }
}

/// Each item converted, or why the first that does not fit does not (with
/// its index).
pub fn list<T, U: IntoValue<T>>(items: impl IntoIterator<Item = U>) -> Result<Vec<T>, String> {
    items
        .into_iter()
        .enumerate()
        .map(|(i, u)| u.into_value().map_err(|e| format!("item {i}: {e}")))
        .collect()
}

/// A Unix time in seconds, as timestamp fields (`signed_up_at`,
/// `snoozed_until`) hold it; their setters also take a
/// `chrono::DateTime<Utc>` or a `SystemTime`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnixTime(pub i64);

impl IntoOption<UnixTime> for i64 {
    fn into_option(self) -> Result<Option<UnixTime>, String> {
        Ok(Some(UnixTime(self)))
    }
}

impl IntoOption<UnixTime> for Option<i64> {
    fn into_option(self) -> Result<Option<UnixTime>, String> {
        Ok(self.map(UnixTime))
    }
}

impl IntoOption<UnixTime> for chrono::DateTime<chrono::Utc> {
    fn into_option(self) -> Result<Option<UnixTime>, String> {
        Ok(Some(UnixTime(self.timestamp())))
    }
}

impl IntoOption<UnixTime> for std::time::SystemTime {
    fn into_option(self) -> Result<Option<UnixTime>, String> {
        chrono::DateTime::<chrono::Utc>::from(self).into_option()
    }
}

impl IntoValue<i64> for chrono::DateTime<chrono::Utc> {
    fn into_value(self) -> Result<i64, String> {
        Ok(self.timestamp())
    }
}

impl IntoValue<i64> for std::time::SystemTime {
    fn into_value(self) -> Result<i64, String> {
        Ok(chrono::DateTime::<chrono::Utc>::from(self).timestamp())
    }
}

/// A timestamp setter's value as seconds.
pub fn unix_seconds<T: IntoOption<UnixTime>>(value: T) -> Result<Option<i64>, String> {
    value.into_option().map(|t| t.map(|t| t.0))
}
