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
