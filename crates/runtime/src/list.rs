//! [`List`]: a list answer that arrives either as Intercom's wrapper
//! (`{"type": "list", "data": […]}`) or as a bare JSON array.

use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, Serializer};
use serde_json::{Map, Value};

/// A list answer of items `T`, decoded from either shape the live API is
/// reported to send for it: Intercom's list wrapper
/// `{"type": "list", "data": [...]}` or a bare array `[...]`. Whatever the
/// description at hand says, both decode (`GET /away_status_reasons`: the
/// descriptions said one, then the other). Re-encoding gives back the shape
/// that arrived, so nothing is lost.
#[derive(Debug, Clone, PartialEq)]
pub struct List<T> {
    /// The items.
    pub data: Vec<T>,
    /// The wrapper's `type` (`"list"`); `None` for a bare array.
    pub type_: Option<String>,
    /// The wrapper's other fields, kept.
    pub extra: Map<String, Value>,
    bare: bool,
}

impl<T> Default for List<T> {
    fn default() -> Self {
        List {
            data: Vec::new(),
            type_: Some("list".into()),
            extra: Map::new(),
            bare: false,
        }
    }
}

impl<T> List<T> {
    /// Whether it arrived as a bare array.
    pub fn was_bare(&self) -> bool {
        self.bare
    }
}

impl<T> std::ops::Deref for List<T> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.data
    }
}

impl<T> IntoIterator for List<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.data.into_iter()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Shape<T> {
            Bare(Vec<T>),
            Wrapped {
                #[serde(rename = "type", default)]
                type_: Option<String>,
                // A `null` list is an empty one (as everywhere in answers).
                #[serde(default = "Option::default")]
                data: Option<Vec<T>>,
                #[serde(flatten)]
                extra: Map<String, Value>,
            },
        }
        Ok(match Shape::deserialize(deserializer)? {
            Shape::Bare(data) => List {
                data,
                type_: None,
                extra: Map::new(),
                bare: true,
            },
            Shape::Wrapped { type_, data, extra } => List {
                data: data.unwrap_or_default(),
                type_,
                extra,
                bare: false,
            },
        })
    }
}

impl<T: Serialize> Serialize for List<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.bare {
            return self.data.serialize(serializer);
        }
        #[derive(serde::Serialize)]
        struct Wrapped<'a, T> {
            #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
            type_: &'a Option<String>,
            data: &'a [T],
            #[serde(flatten)]
            extra: &'a Map<String, Value>,
        }
        Wrapped {
            type_: &self.type_,
            data: &self.data,
            extra: &self.extra,
        }
        .serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::List;
    use serde_json::json;

    #[test]
    fn either_shape_decodes_and_encodes_back_as_it_came() {
        let wrapped = json!({"type": "list", "data": [{"id": 1}], "total": 1});
        let bare = json!([{"id": 1}, {"id": 2}]);
        let w: List<serde_json::Value> = serde_json::from_value(wrapped.clone()).unwrap();
        let b: List<serde_json::Value> = serde_json::from_value(bare.clone()).unwrap();
        assert_eq!((w.len(), b.len()), (1, 2));
        assert!(!w.was_bare() && b.was_bare());
        assert_eq!(w.type_.as_deref(), Some("list"));
        assert_eq!(serde_json::to_value(&w).unwrap(), wrapped);
        assert_eq!(serde_json::to_value(&b).unwrap(), bare);
        let empty: List<u8> =
            serde_json::from_value(json!({"type": "list", "data": null})).unwrap();
        assert!(empty.is_empty());
        assert!(serde_json::from_value::<List<u8>>(json!("list")).is_err());
    }
}
