//! The cursor of a body-paginated request (`POST …/search`).

use serde::{de::DeserializeOwned, Serialize};

/// Sets `pagination.starting_after` in a request body builder `B` whose
/// built type is `X`, keeping everything else (filters, `per_page`). A body
/// that is not complete yet is left as it is (sending it will say why).
pub fn with_body_cursor<B, X>(body: B, cursor: &str) -> B
where
    B: Clone + From<X>,
    X: TryFrom<B> + Serialize + DeserializeOwned,
{
    let Ok(built) = X::try_from(body.clone()) else {
        return body;
    };
    let Ok(mut value) = serde_json::to_value(&built) else {
        return body;
    };
    let Some(obj) = value.as_object_mut() else {
        return body;
    };
    let pagination = obj
        .entry("pagination")
        .or_insert_with(|| serde_json::json!({}));
    if pagination.is_null() {
        *pagination = serde_json::json!({});
    }
    if let Some(p) = pagination.as_object_mut() {
        p.insert(
            "starting_after".into(),
            serde_json::Value::String(cursor.to_string()),
        );
    }
    match serde_json::from_value::<X>(value) {
        Ok(x) => B::from(x),
        Err(_) => body,
    }
}
