//! Lazy streams over Intercom's five kinds of pagination.
//!
//! Every paginated operation's request builder gets `.stream()` (items) and
//! `.pages()` (whole pages), generated from the spec's shapes: see
//! `build/pagination.rs`. The user's filters and `per_page` are kept on every
//! page request: each page is requested from a clone of the user's builder
//! with only the cursor or page number changed.
//!
//! Streams are lazy (nothing is sent until polled), hold one page at a time,
//! and always end: on a missing, empty or repeated cursor, an empty page, the
//! last page number, a page that repeats the one before, or after yielding an
//! error.

use crate::Error;
use futures::{Stream, TryStreamExt};
use serde::{de::DeserializeOwned, Serialize};
use std::collections::HashSet;
use std::future::Future;

pub use crate::page_kind::PageKind;

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

struct State<B> {
    request: B,
    next: Option<Next>,
    seen: HashSet<String>,
    done: bool,
}

/// Decides where the page after `page` starts, or `None` to stop.
fn next_of<B: Paginated>(
    meta: &PageMeta,
    requested: Option<&Next>,
    empty: bool,
    seen: &mut HashSet<String>,
) -> Option<Next> {
    if empty {
        return None;
    }
    match B::KIND {
        PageKind::Cursor | PageKind::BodyCursor => {
            let c = meta.next_cursor.clone().filter(|c| !c.is_empty())?;
            seen.insert(c.clone()).then_some(Next::Cursor(c))
        }
        // Intercom's scroll parameter may stay the same from page to page:
        // the scroll ends with an empty page.
        PageKind::Scroll => meta
            .next_cursor
            .clone()
            .filter(|c| !c.is_empty())
            .map(Next::Cursor),
        PageKind::PageNumber => {
            let asked = match requested {
                Some(Next::Page(n)) => *n,
                _ => 1,
            };
            let current = meta.page.unwrap_or(asked);
            let total = meta.total_pages?;
            (current < total && current + 1 > asked).then_some(Next::Page(current + 1))
        }
        PageKind::PageUntilEmpty => match requested {
            Some(Next::Page(n)) => Some(Next::Page(n + 1)),
            _ => Some(Next::Page(2)),
        },
    }
}

/// A stream of pages: lazy, one page in memory, always ends.
pub fn pages<'a, B: Paginated + 'a>(
    request: B,
) -> impl Stream<Item = crate::Result<B::Page>> + Send + 'a {
    let state = State {
        request,
        next: None,
        seen: HashSet::new(),
        done: false,
    };
    futures::stream::unfold(state, |mut st| async move {
        if st.done {
            return None;
        }
        let req = match &st.next {
            None => st.request.clone(),
            Some(n) => st.request.clone().at(n),
        };
        match req.fetch().await {
            Ok(page) => {
                let meta = B::meta(&page);
                let empty = B::item_count(&page) == 0;
                // A page equal to the one before (a server ignoring `page`)
                // ends the stream unseen: its items were yielded already.
                if let Some(f) = B::fingerprint(&page) {
                    if !st.seen.insert(format!("page:{f:x}")) {
                        return None;
                    }
                }
                let next = next_of::<B>(&meta, st.next.as_ref(), empty, &mut st.seen);
                st.done = next.is_none();
                st.next = next;
                Some((Ok(page), st))
            }
            Err(e) => {
                st.done = true;
                Some((Err(e), st))
            }
        }
    })
}

/// A stream of items over [`pages`].
pub fn items<'a, B: Paginated + 'a>(
    request: B,
) -> impl Stream<Item = crate::Result<B::Item>> + Send + 'a {
    pages(request)
        .map_ok(|page| futures::stream::iter(B::items(page).into_iter().map(Ok::<_, Error>)))
        .try_flatten()
}

#[doc(hidden)]
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
