//! Lazy streams over Intercom's five kinds of pagination.
//!
//! Every paginated operation's request builder gets `.stream()` (items) and
//! `.pages()` (whole pages), generated from the spec's shapes. The user's
//! filters and `per_page` are kept on every page request: each page is
//! requested from a clone of the user's builder with only the cursor or page
//! number changed. The [pagination guide] shows them at work.
//!
//! Streams are lazy (nothing is sent until polled), hold one page at a time,
//! and always end: on a missing, empty or repeated cursor, an empty page, the
//! last page number, a page that repeats the one before, or after yielding an
//! error.
//!
//! [pagination guide]: https://docs.rs/intercom-api/latest/intercom_api/guide/pagination/index.html

mod body_cursor;
mod next;
mod stream;
#[cfg(test)]
mod tests;

use serde::Serialize;
use std::future::Future;

pub use crate::page_kind::PageKind;
#[doc(hidden)]
pub use body_cursor::with_body_cursor;
pub use stream::{Items, Pages};

/// Where the next page starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// A cursor (`starting_after` or `scroll_param`).
    Cursor(String),
    /// A page number (1-based).
    Page(i64),
}

/// What a page says about the next one.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageMeta {
    /// `pages.next.starting_after`, or the scroll parameter.
    pub next_cursor: Option<String>,
    /// `pages.page`.
    pub page: Option<i64>,
    /// `pages.total_pages`.
    pub total_pages: Option<i64>,
}

impl PageMeta {
    /// Reads the `pages` object and the `scroll_param` of an answer.
    pub fn read(
        pages: Option<serde_json::Value>,
        scroll_param: Option<serde_json::Value>,
    ) -> PageMeta {
        let pages = pages.unwrap_or_default();
        let cursor = pages
            .pointer("/next/starting_after")
            .and_then(|v| v.as_str())
            .or_else(|| scroll_param.as_ref().and_then(|v| v.as_str()))
            .map(str::to_string);
        let num = |k: &str| {
            pages
                .get(k)
                .and_then(|v| v.as_i64().or_else(|| v.as_str()?.parse().ok()))
        };
        PageMeta {
            next_cursor: cursor,
            page: num("page"),
            total_pages: num("total_pages"),
        }
    }
}

/// A request builder whose operation paginates. Implemented by generated
/// code for every paginated operation of every version.
pub trait Paginated: Clone + Send + Sized {
    /// The answer type of one page.
    type Page: Send;
    /// One item.
    type Item: Send;
    /// How the operation paginates.
    const KIND: PageKind;
    /// Sends the request for one page.
    fn fetch(self) -> impl Future<Output = crate::Result<Self::Page>> + Send;
    /// This request, moved to `next`.
    fn at(self, next: &Next) -> Self;
    /// What a page says about the next one.
    fn meta(page: &Self::Page) -> PageMeta;
    /// The page's items.
    fn items(page: Self::Page) -> Vec<Self::Item>;
    /// How many items the page has.
    fn item_count(page: &Self::Page) -> usize;
    /// A hash of the page's content, for kinds whose only stop signal is an
    /// empty page: a page equal to the one before ends the stream.
    fn fingerprint(_page: &Self::Page) -> Option<u64> {
        None
    }
}

#[doc(hidden)]
/// A hash of a page's JSON form (see [`Paginated::fingerprint`]).
pub fn fingerprint<T: Serialize>(page: &T) -> Option<u64> {
    use std::hash::{Hash, Hasher};
    let bytes = serde_json::to_vec(page).ok()?;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    Some(h.finish())
}

/// A stream of pages: lazy, one page in memory, always ends.
pub fn pages<'a, B: Paginated + 'a>(request: B) -> Pages<'a, B> {
    Pages::new(request, None)
}

/// A stream of items over [`pages`].
pub fn items<'a, B: Paginated + 'a>(request: B) -> Items<'a, B> {
    Items::new(pages(request))
}

/// Resumable streams for every paginated request builder:
/// `use intercom_api::pagination::PaginatedExt;` (or the prelude).
///
/// A job that stops half-way (an error, a restart) keeps
/// [`Pages::next_start`] and later continues from there instead of from the
/// first page: the [pagination guide] shows it.
///
/// [pagination guide]: https://docs.rs/intercom-api/latest/intercom_api/guide/pagination/index.html
pub trait PaginatedExt: Paginated {
    /// The pages from `start` (a value of [`Pages::next_start`]; `None`: the
    /// first page, as the builder asks for it).
    fn pages_from<'a>(self, start: Option<Next>) -> Pages<'a, Self>
    where
        Self: 'a,
    {
        Pages::new(self, start)
    }

    /// The items of the pages from `start` (see [`Items::next_start`]).
    fn items_from<'a>(self, start: Option<Next>) -> Items<'a, Self>
    where
        Self: 'a,
    {
        Items::new(Pages::new(self, start))
    }
}

impl<B: Paginated> PaginatedExt for B {}
