//! Cursor following and the stops, through a fake request builder whose
//! "server" is a function of the page asked for.

use super::*;
use crate::Error;
use futures::StreamExt;
use std::sync::{Arc, Mutex};

#[derive(Debug, Clone, PartialEq)]
struct Page {
    items: Vec<u32>,
    meta: PageMeta,
}

type Server = dyn Fn(Option<&Next>) -> crate::Result<Page> + Send + Sync;

/// A request builder of kind `PageKind::ALL[K]`: `at` moves it, `fetch`
/// asks the server and records where it asked.
#[derive(Clone)]
struct Fake<const K: usize> {
    at: Option<Next>,
    server: Arc<Server>,
    asked: Arc<Mutex<Vec<Option<Next>>>>,
}

impl<const K: usize> Fake<K> {
    fn new(server: impl Fn(Option<&Next>) -> crate::Result<Page> + Send + Sync + 'static) -> Self {
        Fake {
            at: None,
            server: Arc::new(server),
            asked: Arc::default(),
        }
    }

    fn asked(&self) -> Vec<Option<Next>> {
        self.asked.lock().unwrap().clone()
    }
}

impl<const K: usize> Paginated for Fake<K> {
    type Page = Page;
    type Item = u32;
    const KIND: PageKind = PageKind::ALL[K];

    async fn fetch(self) -> crate::Result<Page> {
        self.asked.lock().unwrap().push(self.at.clone());
        (self.server)(self.at.as_ref())
    }
    fn at(mut self, next: &Next) -> Self {
        self.at = Some(next.clone());
        self
    }
    fn meta(page: &Page) -> PageMeta {
        page.meta.clone()
    }
    fn items(page: Page) -> Vec<u32> {
        page.items
    }
    fn item_count(page: &Page) -> usize {
        page.items.len()
    }
    fn fingerprint(page: &Page) -> Option<u64> {
        // Only the kind without a stop signal of its own compares pages.
        (Self::KIND == PageKind::PageUntilEmpty).then(|| fingerprint(&page.items).unwrap())
    }
}

const CURSOR: usize = 0;
const PAGE_NUMBER: usize = 2;
const SCROLL: usize = 3;
const UNTIL_EMPTY: usize = 4;

fn cursor_page(items: &[u32], next: Option<&str>) -> Page {
    Page {
        items: items.to_vec(),
        meta: PageMeta {
            next_cursor: next.map(str::to_string),
            ..PageMeta::default()
        },
    }
}

fn cursor(c: &str) -> Next {
    Next::Cursor(c.to_string())
}

fn failure() -> Error {
    Error::InvalidRequest {
        message: "the page failed".into(),
    }
}

async fn collect<B: Paginated + 'static>(items: Items<'static, B>) -> Vec<crate::Result<B::Item>> {
    items.collect().await
}

#[test]
fn the_kinds_are_listed_in_the_order_these_tests_index_them() {
    assert_eq!(PageKind::ALL[CURSOR], PageKind::Cursor);
    assert_eq!(PageKind::ALL[PAGE_NUMBER], PageKind::PageNumber);
    assert_eq!(PageKind::ALL[SCROLL], PageKind::Scroll);
    assert_eq!(PageKind::ALL[UNTIL_EMPTY], PageKind::PageUntilEmpty);
}

#[tokio::test]
async fn a_cursor_is_followed_until_the_answer_has_none() {
    let b = Fake::<CURSOR>::new(|at| {
        Ok(match at {
            None => cursor_page(&[1, 2], Some("c2")),
            Some(Next::Cursor(c)) if c == "c2" => cursor_page(&[3], Some("c3")),
            Some(Next::Cursor(c)) if c == "c3" => cursor_page(&[4], Some("")),
            other => panic!("asked for {other:?}"),
        })
    });
    let got: Vec<u32> = collect(items(b.clone()))
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(got, [1, 2, 3, 4]);
    assert_eq!(b.asked(), [None, Some(cursor("c2")), Some(cursor("c3"))]);
}

#[tokio::test]
async fn a_repeated_cursor_or_an_empty_page_ends_the_stream() {
    // The server hands back a cursor it gave before: no loop.
    let b = Fake::<CURSOR>::new(|at| {
        Ok(match at {
            None => cursor_page(&[1], Some("a")),
            Some(Next::Cursor(c)) if c == "a" => cursor_page(&[2], Some("b")),
            _ => cursor_page(&[3], Some("a")),
        })
    });
    let got = collect(items(b.clone())).await;
    assert_eq!(got.len(), 3);
    assert_eq!(b.asked().len(), 3);
    // An empty page ends it, whatever cursor it names.
    let b = Fake::<CURSOR>::new(|at| {
        Ok(match at {
            None => cursor_page(&[1], Some("a")),
            _ => cursor_page(&[], Some("b")),
        })
    });
    assert_eq!(collect(items(b.clone())).await.len(), 1);
    assert_eq!(b.asked().len(), 2);
    // Resuming from a cursor that the server hands back at once: one page.
    let b = Fake::<CURSOR>::new(|_| Ok(cursor_page(&[7], Some("start"))));
    let got = collect(b.clone().items_from(Some(cursor("start")))).await;
    assert_eq!(got.len(), 1);
    assert_eq!(b.asked(), [Some(cursor("start"))]);
}

#[tokio::test]
async fn after_an_error_the_stream_ends_and_tells_where_to_resume() {
    let fail = Arc::new(Mutex::new(true));
    let once = fail.clone();
    let b = Fake::<CURSOR>::new(move |at| match at {
        None => Ok(cursor_page(&[1, 2], Some("c2"))),
        Some(_) if std::mem::replace(&mut *once.lock().unwrap(), false) => Err(failure()),
        Some(_) => Ok(cursor_page(&[3], None)),
    });
    let mut pages = b.clone().pages_from(None);
    assert_eq!(pages.next_start(), None);
    let first = pages.next().await.unwrap().unwrap();
    assert_eq!(first.items, [1, 2]);
    assert_eq!(pages.next_start(), Some(&cursor("c2")));
    assert!(pages.next().await.unwrap().is_err());
    assert!(
        pages.next().await.is_none(),
        "the stream ends after an error"
    );
    assert!(!pages.is_finished());
    // Resumed where it failed, it yields the rest and finishes.
    let start = pages.next_start().cloned();
    assert_eq!(start, Some(cursor("c2")));
    let mut rest = b.clone().pages_from(start);
    assert_eq!(rest.next().await.unwrap().unwrap().items, [3]);
    assert!(rest.next().await.is_none());
    assert!(rest.is_finished());
    assert_eq!(rest.next_start(), None);
}

#[tokio::test]
async fn items_resume_at_the_start_of_a_page_not_yet_used_up() {
    let b = Fake::<CURSOR>::new(|at| {
        Ok(match at {
            None => cursor_page(&[1, 2], Some("c2")),
            _ => cursor_page(&[3], None),
        })
    });
    let mut items = b.items_from(None);
    assert_eq!(items.next().await.unwrap().unwrap(), 1);
    // One item of the first page is left: resuming repeats that page.
    assert_eq!(items.next_start(), None);
    assert_eq!(items.next().await.unwrap().unwrap(), 2);
    assert_eq!(items.next_start(), Some(&cursor("c2")));
    assert_eq!(items.next().await.unwrap().unwrap(), 3);
    assert!(items.next().await.is_none());
    assert!(items.is_finished());
}

#[tokio::test]
async fn page_numbers_stop_at_the_last_page_and_never_go_back() {
    let numbered = |page: i64, total: i64| Page {
        items: vec![page as u32],
        meta: PageMeta {
            page: Some(page),
            total_pages: Some(total),
            next_cursor: None,
        },
    };
    let b = Fake::<PAGE_NUMBER>::new(move |at| {
        Ok(match at {
            None => numbered(1, 3),
            Some(Next::Page(n)) => numbered(*n, 3),
            other => panic!("asked for {other:?}"),
        })
    });
    assert_eq!(collect(items(b.clone())).await.len(), 3);
    assert_eq!(b.asked(), [None, Some(Next::Page(2)), Some(Next::Page(3))]);
    // A server that answers page 1 whatever is asked: no loop.
    let b = Fake::<PAGE_NUMBER>::new(move |_| Ok(numbered(1, 3)));
    assert_eq!(collect(items(b.clone())).await.len(), 2);
    // Without `total_pages` there is no next page.
    let b = Fake::<PAGE_NUMBER>::new(|_| Ok(cursor_page(&[1], None)));
    assert_eq!(collect(items(b.clone())).await.len(), 1);
}

#[tokio::test]
async fn a_scroll_keeps_its_parameter_and_ends_on_an_empty_page() {
    let b = Fake::<SCROLL>::new(|at| {
        Ok(match at {
            None => cursor_page(&[1], Some("s")),
            Some(_) => cursor_page(&[], Some("s")),
        })
    });
    let pages: Vec<_> = pages(b.clone()).collect().await;
    // The empty page is yielded (it is an answer), then the stream ends.
    assert_eq!(pages.len(), 2);
    assert_eq!(b.asked(), [None, Some(cursor("s"))]);
    // The same parameter twice is fine for a scroll.
    let n = Arc::new(Mutex::new(0));
    let count = n.clone();
    let b = Fake::<SCROLL>::new(move |_| {
        let mut n = count.lock().unwrap();
        *n += 1;
        Ok(cursor_page(if *n < 4 { &[1] } else { &[] }, Some("s")))
    });
    assert_eq!(collect(items(b)).await.len(), 3);
}

#[tokio::test]
async fn pages_until_empty_stop_on_an_empty_or_a_repeated_page() {
    let b = Fake::<UNTIL_EMPTY>::new(|at| {
        Ok(match at {
            None => cursor_page(&[1], None),
            Some(Next::Page(2)) => cursor_page(&[2], None),
            _ => cursor_page(&[], None),
        })
    });
    assert_eq!(collect(items(b.clone())).await.len(), 2);
    assert_eq!(b.asked(), [None, Some(Next::Page(2)), Some(Next::Page(3))]);
    // A server that ignores `page`: the repeated page is not yielded.
    let b = Fake::<UNTIL_EMPTY>::new(|_| Ok(cursor_page(&[1, 2], None)));
    let got = collect(items(b.clone())).await;
    assert_eq!(got.len(), 2);
    assert_eq!(b.asked().len(), 2);
}

#[test]
fn page_meta_reads_both_cursor_shapes_and_numbers_as_strings() {
    let meta = PageMeta::read(
        Some(
            serde_json::json!({"next": {"starting_after": "WzE3"}, "page": "2", "total_pages": 5}),
        ),
        None,
    );
    assert_eq!(meta.next_cursor.as_deref(), Some("WzE3"));
    assert_eq!((meta.page, meta.total_pages), (Some(2), Some(5)));
    // A URL for `next` is no cursor; the scroll parameter is one.
    let meta = PageMeta::read(
        Some(serde_json::json!({"next": "https://api.intercom.io/companies?page=2"})),
        Some(serde_json::json!("scroll-1")),
    );
    assert_eq!(meta.next_cursor.as_deref(), Some("scroll-1"));
    assert_eq!(PageMeta::read(None, None), PageMeta::default());
}

#[test]
fn a_body_cursor_is_set_and_the_rest_of_the_body_kept() {
    #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Body {
        query: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pagination: Option<serde_json::Value>,
    }
    let body = Body {
        query: "q".into(),
        pagination: Some(serde_json::json!({"per_page": 5})),
    };
    let moved = with_body_cursor::<Body, Body>(body, "c9");
    assert_eq!(moved.query, "q");
    assert_eq!(
        moved.pagination,
        Some(serde_json::json!({"per_page": 5, "starting_after": "c9"}))
    );
    let bare = Body {
        query: "q".into(),
        pagination: None,
    };
    let moved = with_body_cursor::<Body, Body>(bare, "c1");
    assert_eq!(
        moved.pagination,
        Some(serde_json::json!({"starting_after": "c1"}))
    );
}
