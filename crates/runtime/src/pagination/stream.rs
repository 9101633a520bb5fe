//! The page and item streams, resumable ([`Pages::next_start`]).

use super::next::next_of;
#[cfg(doc)]
use super::PaginatedExt;
use super::{Next, Paginated};
use futures::Stream;
use std::collections::HashSet;
use std::future::Future;
use std::pin::Pin;

type Fetch<'a, P> = Pin<Box<dyn Future<Output = crate::Result<P>> + Send + 'a>>;

/// A stream of pages that tells where to resume it ([`Pages::next_start`]).
/// Made by `.pages()` on a request builder (typed as `impl Stream` there),
/// [`pages`](super::pages) or [`PaginatedExt::pages_from`].
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
