//! Identifiers as Intercom really sends them.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// An Intercom identifier. Intercom's specs type ids as strings in some
/// places and integers in others, and the live API does not always follow
/// (admin ids arrive as `"991267459"`, example conversation parts as `1`).
/// `Id` decodes from either, reads as a string, and writes back in the form it
/// came in.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Id {
    value: String,
    numeric: bool,
}

impl Id {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.value
    }

    /// The id as a number, if it is one.
    pub fn as_i64(&self) -> Option<i64> {
        self.value.parse().ok()
    }
}

impl std::ops::Deref for Id {
    type Target = str;
    fn deref(&self) -> &str {
        &self.value
    }
}

impl AsRef<str> for Id {
    fn as_ref(&self) -> &str {
        &self.value
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.value, f)
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.value)
    }
}

impl From<String> for Id {
    fn from(value: String) -> Self {
        Id {
            value,
            numeric: false,
        }
    }
}

impl From<&str> for Id {
    fn from(value: &str) -> Self {
        Id {
            value: value.to_string(),
            numeric: false,
        }
    }
}

impl From<i64> for Id {
    fn from(value: i64) -> Self {
        Id {
            value: value.to_string(),
            numeric: true,
        }
    }
}

impl From<Id> for String {
    fn from(id: Id) -> String {
        id.value
    }
}

/// So an id from one answer can be passed to the next call
/// (`client.show_contact().contact_id(&contact.id)`).
impl From<&Id> for String {
    fn from(id: &Id) -> String {
        id.value.clone()
    }
}

impl PartialEq<str> for Id {
    fn eq(&self, other: &str) -> bool {
        self.value == other
    }
}

impl PartialEq<&str> for Id {
    fn eq(&self, other: &&str) -> bool {
        self.value == *other
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.value.parse::<i64>() {
            Ok(n) if self.numeric => s.serialize_i64(n),
            _ => s.serialize_str(&self.value),
        }
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Id;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an id (string or integer)")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Id, E> {
                Ok(Id::from(v))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Id, E> {
                Ok(Id::from(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Id, E> {
                Ok(Id::from(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Id, E> {
                Ok(Id {
                    value: v.to_string(),
                    numeric: true,
                })
            }
        }
        d.deserialize_any(V)
    }
}
