//! The search operator, typed with readable names.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// The operator of a search filter (`POST /contacts/search` and friends).
/// The wire values are symbols (`=`, `!=`, `~`, …) that cannot be Rust
/// names, so the spec patch `openapi/patches/search-operator.json` maps the
/// generated field to this type. An operator this crate does not know is
/// kept as [`SearchOperator::Other`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SearchOperator {
    /// `=`
    Equals,
    /// `!=`
    NotEquals,
    /// `IN`
    In,
    /// `NIN`
    NotIn,
    /// `<`
    LessThan,
    /// `<=`
    LessThanOrEqual,
    /// `>`
    GreaterThan,
    /// `>=`
    GreaterThanOrEqual,
    /// `~`
    Contains,
    /// `!~`
    DoesNotContain,
    /// `^`
    StartsWith,
    /// `$`
    EndsWith,
    /// A value this crate does not know, kept as sent.
    Other(String),
}

impl SearchOperator {
    /// The wire value.
    pub fn as_str(&self) -> &str {
        match self {
            SearchOperator::Equals => "=",
            SearchOperator::NotEquals => "!=",
            SearchOperator::In => "IN",
            SearchOperator::NotIn => "NIN",
            SearchOperator::LessThan => "<",
            SearchOperator::LessThanOrEqual => "<=",
            SearchOperator::GreaterThan => ">",
            SearchOperator::GreaterThanOrEqual => ">=",
            SearchOperator::Contains => "~",
            SearchOperator::DoesNotContain => "!~",
            SearchOperator::StartsWith => "^",
            SearchOperator::EndsWith => "$",
            SearchOperator::Other(s) => s,
        }
    }

    fn from_wire(s: &str) -> SearchOperator {
        match s {
            "=" => SearchOperator::Equals,
            "!=" => SearchOperator::NotEquals,
            "IN" => SearchOperator::In,
            "NIN" => SearchOperator::NotIn,
            "<" => SearchOperator::LessThan,
            "<=" => SearchOperator::LessThanOrEqual,
            ">" => SearchOperator::GreaterThan,
            ">=" => SearchOperator::GreaterThanOrEqual,
            "~" => SearchOperator::Contains,
            "!~" => SearchOperator::DoesNotContain,
            "^" => SearchOperator::StartsWith,
            "$" => SearchOperator::EndsWith,
            other => SearchOperator::Other(other.to_string()),
        }
    }
}

impl fmt::Display for SearchOperator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for SearchOperator {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for SearchOperator {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(SearchOperator::from_wire(&s))
    }
}
