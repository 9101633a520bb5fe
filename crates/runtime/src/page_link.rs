//! `pages.next`, in either shape Intercom sends.

use serde::{Deserialize, Serialize};

/// Where the next page is, as an answer's `pages.next` says it. Cursor lists
/// send an object (`{"per_page": 50, "starting_after": "WzE3…"}`);
/// page-numbered lists (`GET /companies`, `POST /companies/list`,
/// `GET /help_center/collections`…) send the next page's URL, Intercom's
/// classic paging, whatever the spec says. This type decodes both and
/// writes back what it read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PagesNext {
    /// The cursor object.
    Cursor(PagesCursor),
    /// The next page's URL.
    Url(String),
}

/// The object form of [`PagesNext`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PagesCursor {
    /// The page size.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_page: Option<i64>,
    /// The cursor to send as `starting_after` for the next page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starting_after: Option<String>,
    /// Any other field, kept as received.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl PagesNext {
    /// The cursor of the next page (`starting_after`), if this is a cursor.
    pub fn starting_after(&self) -> Option<&str> {
        match self {
            PagesNext::Cursor(c) => c.starting_after.as_deref(),
            PagesNext::Url(_) => None,
        }
    }

    /// The next page's URL, if this is one.
    pub fn url(&self) -> Option<&str> {
        match self {
            PagesNext::Url(u) => Some(u),
            PagesNext::Cursor(_) => None,
        }
    }

    /// The page size of a cursor.
    pub fn per_page(&self) -> Option<i64> {
        match self {
            PagesNext::Cursor(c) => c.per_page,
            PagesNext::Url(_) => None,
        }
    }
}
