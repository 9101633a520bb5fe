//! Search queries, written as a person would and checked before sending.
//!
//! ```
//! # use intercom_api_runtime as intercom_api;
//! use intercom_api::search::{field, Query};
//!
//! // email contains "@acme.com" AND (role = "user" OR role = "lead")
//! let query = Query::all([
//!     field("email").contains("@acme.com"),
//!     Query::any([field("role").eq("user"), field("role").eq("lead")]),
//! ]);
//! assert_eq!(
//!     serde_json::to_value(&query).unwrap(),
//!     serde_json::json!({"operator": "AND", "value": [
//!         {"field": "email", "operator": "~", "value": "@acme.com"},
//!         {"operator": "OR", "value": [
//!             {"field": "role", "operator": "=", "value": "user"},
//!             {"field": "role", "operator": "=", "value": "lead"}
//!         ]}
//!     ]})
//! );
//! ```
//!
//! Every search operation of every version (`search_contacts`,
//! `search_conversations`, `search_tickets`, …) takes a [`Query`] on its
//! builder with `.query(q)`, and `.stream()` pages through the results: the
//! [search guide](https://docs.rs/intercom-api/latest/intercom_api/guide/search/index.html) shows it.
//!
//! Intercom's documented limits are checked before anything is sent: at
//! most [`MAX_DEPTH`] levels of nested groups and [`MAX_GROUP_LEN`] filters
//! in each AND / OR group. A query over them (or an empty group) is an
//! [`Error::InvalidRequest`](crate::Error::InvalidRequest) naming the limit.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

/// Intercom's limit on nesting: "max 2 nested filters" (a group of groups of filters).
pub const MAX_DEPTH: usize = 2;
/// Intercom's limit on each AND / OR group: "max 15 filters for each AND or OR group".
pub const MAX_GROUP_LEN: usize = 15;

/// A value to compare a field with.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum SearchValue {
    /// A string.
    String(String),
    /// An integer (dates are Unix seconds).
    Integer(i64),
    /// A boolean.
    Bool(bool),
    /// A list, for `IN` and `NIN`.
    List(Vec<SearchValue>),
    /// `null`: the field has no value.
    Null,
}

impl Serialize for SearchValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            SearchValue::String(v) => s.serialize_str(v),
            SearchValue::Integer(v) => s.serialize_i64(*v),
            SearchValue::Bool(v) => s.serialize_bool(*v),
            SearchValue::List(v) => v.serialize(s),
            SearchValue::Null => s.serialize_none(),
        }
    }
}

impl From<&str> for SearchValue {
    fn from(v: &str) -> Self {
        SearchValue::String(v.to_string())
    }
}
impl From<String> for SearchValue {
    fn from(v: String) -> Self {
        SearchValue::String(v)
    }
}
impl From<&String> for SearchValue {
    fn from(v: &String) -> Self {
        SearchValue::String(v.clone())
    }
}
macro_rules! integers {
    ($($t:ty),*) => {$(
        impl From<$t> for SearchValue {
            fn from(v: $t) -> Self {
                SearchValue::Integer(v.into())
            }
        }
    )*};
}
integers!(i64, i32, u32, i16, u16, i8, u8);
impl From<bool> for SearchValue {
    fn from(v: bool) -> Self {
        SearchValue::Bool(v)
    }
}
/// A date becomes Unix seconds, as Intercom's timestamp fields are searched.
impl<Tz: chrono::TimeZone> From<chrono::DateTime<Tz>> for SearchValue {
    fn from(v: chrono::DateTime<Tz>) -> Self {
        SearchValue::Integer(v.timestamp())
    }
}
impl From<crate::Id> for SearchValue {
    fn from(v: crate::Id) -> Self {
        SearchValue::String(v.to_string())
    }
}
impl<T: Into<SearchValue>> From<Option<T>> for SearchValue {
    fn from(v: Option<T>) -> Self {
        v.map_or(SearchValue::Null, Into::into)
    }
}

/// How the members of a group combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Combine {
    /// `AND`: every member matches.
    All,
    /// `OR`: at least one member matches.
    Any,
}

/// A search query: one filter, or an AND / OR group of queries.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    node: Node,
    per_page: Option<u32>,
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Filter {
        field: String,
        operator: SearchOperator,
        value: SearchValue,
    },
    Group(Combine, Vec<Query>),
}

/// Starts a filter on `name` (`email`, `created_at`, `custom_attributes.plan`, …).
pub fn field(name: impl Into<String>) -> Field {
    Field(name.into())
}

/// A field to compare; each method makes a one-filter [`Query`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field(String);

macro_rules! comparisons {
    ($($(#[$doc:meta])* $name:ident => $op:ident;)*) => {
        impl Field {
            $(
                $(#[$doc])*
                pub fn $name(self, value: impl Into<SearchValue>) -> Query {
                    self.filter(SearchOperator::$op, value.into())
                }
            )*
        }
    };
}

comparisons! {
    /// `=`
    eq => Equals;
    /// `!=`
    ne => NotEquals;
    /// `<` (before, for dates)
    lt => LessThan;
    /// `<=`
    le => LessThanOrEqual;
    /// `>` (after, for dates)
    gt => GreaterThan;
    /// `>=`
    ge => GreaterThanOrEqual;
    /// `~`: contains
    contains => Contains;
    /// `!~`: does not contain
    not_contains => DoesNotContain;
    /// `^`: starts with
    starts_with => StartsWith;
    /// `$`: ends with
    ends_with => EndsWith;
}

impl Field {
    /// `IN`: equals one of `values`.
    pub fn is_in<V: Into<SearchValue>>(self, values: impl IntoIterator<Item = V>) -> Query {
        let list = values.into_iter().map(Into::into).collect();
        self.filter(SearchOperator::In, SearchValue::List(list))
    }

    /// `NIN`: equals none of `values`.
    pub fn not_in<V: Into<SearchValue>>(self, values: impl IntoIterator<Item = V>) -> Query {
        let list = values.into_iter().map(Into::into).collect();
        self.filter(SearchOperator::NotIn, SearchValue::List(list))
    }

    /// A filter with any operator (for one this crate does not name).
    pub fn filter(self, operator: SearchOperator, value: SearchValue) -> Query {
        Query {
            node: Node::Filter {
                field: self.0,
                operator,
                value,
            },
            per_page: None,
        }
    }
}

impl Query {
    /// `AND`: every member must match.
    pub fn all(members: impl IntoIterator<Item = Query>) -> Query {
        Query::group(Combine::All, members)
    }

    /// `OR`: at least one member must match.
    pub fn any(members: impl IntoIterator<Item = Query>) -> Query {
        Query::group(Combine::Any, members)
    }

    fn group(how: Combine, members: impl IntoIterator<Item = Query>) -> Query {
        Query {
            node: Node::Group(how, members.into_iter().collect()),
            per_page: None,
        }
    }

    /// Results per page when the query is sent (Intercom's default when unset).
    pub fn per_page(mut self, n: u32) -> Query {
        self.per_page = Some(n);
        self
    }

    /// Levels of nested groups: a filter is 0, a group of filters 1.
    pub fn depth(&self) -> usize {
        match &self.node {
            Node::Filter { .. } => 0,
            Node::Group(_, members) => 1 + members.iter().map(Query::depth).max().unwrap_or(0),
        }
    }

    /// Checks Intercom's limits; the error names the one broken.
    pub fn validate(&self) -> crate::Result<()> {
        let depth = self.depth();
        if depth > MAX_DEPTH {
            return Err(invalid(format!(
                "the search query nests {depth} levels of AND / OR groups; Intercom allows at most {MAX_DEPTH}"
            )));
        }
        self.check_groups()
    }

    fn check_groups(&self) -> crate::Result<()> {
        let Node::Group(how, members) = &self.node else {
            return Ok(());
        };
        let name = match how {
            Combine::All => "AND",
            Combine::Any => "OR",
        };
        if members.is_empty() {
            return Err(invalid(format!(
                "an {name} group of the search query is empty; it needs at least one filter"
            )));
        }
        if members.len() > MAX_GROUP_LEN {
            return Err(invalid(format!(
                "an {name} group of the search query holds {} filters; Intercom allows at most {MAX_GROUP_LEN} in each AND / OR group",
                members.len()
            )));
        }
        members.iter().try_for_each(Query::check_groups)
    }

    /// The body of a search request (`{"query": …, "pagination": …}`) as
    /// the version's type `T`, after [`validate`](Query::validate).
    pub fn to_body<T: serde::de::DeserializeOwned>(&self) -> crate::Result<T> {
        self.validate()?;
        let mut body = serde_json::json!({ "query": self });
        if let Some(n) = self.per_page {
            body["pagination"] = serde_json::json!({ "per_page": n });
        }
        serde_json::from_value(body).map_err(|e| invalid(format!("search query: {e}")))
    }
}

fn invalid(message: String) -> crate::Error {
    crate::Error::InvalidRequest { message }
}

impl From<Field> for String {
    fn from(f: Field) -> String {
        f.0
    }
}

/// The JSON Intercom documents: `{"field", "operator", "value"}` for a
/// filter, `{"operator": "AND"|"OR", "value": [...]}` for a group.
impl Serialize for Query {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.node {
            Node::Filter {
                field,
                operator,
                value,
            } => {
                let mut m = s.serialize_map(Some(3))?;
                m.serialize_entry("field", field)?;
                m.serialize_entry("operator", operator)?;
                m.serialize_entry("value", value)?;
                m.end()
            }
            Node::Group(how, members) => {
                let mut m = s.serialize_map(Some(2))?;
                m.serialize_entry(
                    "operator",
                    match how {
                        Combine::All => "AND",
                        Combine::Any => "OR",
                    },
                )?;
                m.serialize_entry("value", members)?;
                m.end()
            }
        }
    }
}

crate::vocabulary::wire_vocabulary! {
    /// The operator of a search filter (`POST /contacts/search` and friends).
    /// The wire values are symbols (`=`, `!=`, `~`, …) that cannot be Rust
    /// names, so a patch of the spec maps the generated field to this type. An operator this crate does not know is
    /// kept as [`SearchOperator::Other`].
    pub enum SearchOperator {
        Equals = "=",
        NotEquals = "!=",
        In = "IN",
        NotIn = "NIN",
        LessThan = "<",
        LessThanOrEqual = "<=",
        GreaterThan = ">",
        GreaterThanOrEqual = ">=",
        Contains = "~",
        DoesNotContain = "!~",
        StartsWith = "^",
        EndsWith = "$",
    }
    /// A value this crate does not know, kept as sent.
    Other
}
