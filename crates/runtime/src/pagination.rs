//! Lazy streams over Intercom's five kinds of pagination.
//!
//! Every paginated operation's request builder gets `.stream()` (items) and
//! `.pages()` (whole pages), generated from the spec's shapes: see
//! the generator's `crates/generated/build/pagination.rs`. The user's filters and `per_page` are kept on every
//! page request: each page is requested from a clone of the user's builder
//! with only the cursor or page number changed.
//!
//! Streams are lazy (nothing is sent until polled), hold one page at a time,
//! and always end: on a missing, empty or repeated cursor, an empty page, the
//! last page number, a page that repeats the one before, or after yielding an
//! error.

use futures::Stream;
use serde::{de::DeserializeOwned, Serialize};
use std::collections::HashSet;
use std::future::Future;
use std::pin::Pin;

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
/// first page:
///
/// ```no_run
/// async fn f(saved: Option<intercom_api::pagination::Next>) -> intercom_api::Result<()> {
/// use futures::StreamExt;
/// use intercom_api::{pagination::PaginatedExt, v2_14};
/// let client = v2_14::Client::from_env()?;
/// // `saved`: `None` the first time, else where the last run stopped.
/// let mut pages = client.list_contacts().per_page(150).pages_from(saved);
/// while let Some(page) = pages.next().await {
///     match page {
///         Ok(page) => { /* store page.data */ }
///         Err(e) => {
///             // Keep `pages.next_start()` (the page that failed) and retry later.
///             eprintln!("stopped at {:?}: {e}", pages.next_start());
///             break;
///         }
///     }
/// }
/// # Ok(()) }
/// ```
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

type Fetch<'a, P> = Pin<Box<dyn Future<Output = crate::Result<P>> + Send + 'a>>;

/// A stream of pages that tells where to resume it ([`Pages::next_start`]).
/// Made by `.pages()` on a request builder (typed as `impl Stream` there),
/// [`pages`] or [`PaginatedExt::pages_from`].
#[must_use = "streams do nothing unless polled"]
pub struct Pages<'a, B: Paginated> {
    request: B,
    /// Where the page to fetch next starts (`None`: the builder's own).
    next: Option<Next>,
    /// Where the last page yielded started.
    last: Option<Next>,
    seen: HashSet<String>,
    done: bool,
    finished: bool,
    fetching: Option<Fetch<'a, B::Page>>,
}

// No field is ever pinned: the fetch in flight is boxed.
impl<B: Paginated> Unpin for Pages<'_, B> {}

impl<B: Paginated> std::fmt::Debug for Pages<'_, B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pages")
            .field("kind", &B::KIND)
            .field("next_start", &self.next)
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

impl<'a, B: Paginated + 'a> Pages<'a, B> {
    /// The pages of `request` from `start` (`None`: its first page).
    pub fn new(request: B, start: Option<Next>) -> Self {
        let mut seen = HashSet::new();
        if let Some(Next::Cursor(c)) = &start {
            // A server that hands back the cursor we started from ends the stream.
            seen.insert(c.clone());
        }
        Pages {
            request,
            next: start,
            last: None,
            seen,
            done: false,
            finished: false,
            fetching: None,
        }
    }

    /// Where to resume: the start of the page after the last one yielded,
    /// or, after an error, of the page that failed. `None`: the first page
    /// (nothing yielded yet from a stream that began there), or nothing left
    /// when [`Pages::is_finished`]. Pass it to [`PaginatedExt::pages_from`].
    pub fn next_start(&self) -> Option<&Next> {
        self.next.as_ref()
    }

    /// Whether the last page was yielded (nothing to resume). After an error
    /// the stream ends without being finished.
    pub fn is_finished(&self) -> bool {
        self.finished
    }
}

impl<'a, B: Paginated + 'a> Stream for Pages<'a, B> {
    type Item = crate::Result<B::Page>;

    fn poll_next(
        self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        use std::task::Poll;
        let this = self.get_mut();
        let fetch = match &mut this.fetching {
            Some(f) => f,
            None if this.done => return Poll::Ready(None),
            None => {
                let req = match &this.next {
                    None => this.request.clone(),
                    Some(n) => this.request.clone().at(n),
                };
                this.fetching.insert(Box::pin(req.fetch()))
            }
        };
        let result = std::task::ready!(fetch.as_mut().poll(cx));
        this.fetching = None;
        this.done = true;
        match result {
            Ok(page) => {
                // A page equal to the one before (a server ignoring `page`)
                // ends the stream unseen: its items were yielded already.
                if let Some(f) = B::fingerprint(&page) {
                    if !this.seen.insert(format!("page:{f:x}")) {
                        this.finished = true;
                        this.next = None;
                        return Poll::Ready(None);
                    }
                }
                let meta = B::meta(&page);
                let empty = B::item_count(&page) == 0;
                let next = next_of::<B>(&meta, this.next.as_ref(), empty, &mut this.seen);
                this.done = next.is_none();
                this.finished = this.done;
                this.last = std::mem::replace(&mut this.next, next);
                Poll::Ready(Some(Ok(page)))
            }
            // `next` stays the start of the page that failed.
            Err(e) => Poll::Ready(Some(Err(e))),
        }
    }
}

/// A stream of items that tells where to resume it ([`Items::next_start`]).
#[must_use = "streams do nothing unless polled"]
pub struct Items<'a, B: Paginated> {
    pages: Pages<'a, B>,
    page: std::vec::IntoIter<B::Item>,
}

impl<B: Paginated> std::fmt::Debug for Items<'_, B> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Items")
            .field("pages", &self.pages)
            .field("left_in_page", &self.page.len())
            .finish()
    }
}

impl<B: Paginated> Unpin for Items<'_, B> {}

impl<'a, B: Paginated + 'a> Items<'a, B> {
    /// The items of `pages`.
    pub fn new(pages: Pages<'a, B>) -> Self {
        Items {
            pages,
            page: Vec::new().into_iter(),
        }
    }

    /// Where to resume, by page: while items of a page are left, the start
    /// of that page (a resumed stream yields its items again), else as
    /// [`Pages::next_start`]. Pass it to [`PaginatedExt::items_from`].
    pub fn next_start(&self) -> Option<&Next> {
        if self.page.len() > 0 {
            self.pages.last.as_ref()
        } else {
            self.pages.next_start()
        }
    }

    /// Whether every item was yielded (nothing to resume).
    pub fn is_finished(&self) -> bool {
        self.page.len() == 0 && self.pages.is_finished()
    }
}

impl<'a, B: Paginated + 'a> Stream for Items<'a, B> {
    type Item = crate::Result<B::Item>;

    fn poll_next(
        self: Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        use std::task::Poll;
        let this = self.get_mut();
        loop {
            if let Some(item) = this.page.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match std::task::ready!(Pin::new(&mut this.pages).poll_next(cx)) {
                Some(Ok(page)) => this.page = B::items(page).into_iter(),
                Some(Err(e)) => return Poll::Ready(Some(Err(e))),
                None => return Poll::Ready(None),
            }
        }
    }
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
