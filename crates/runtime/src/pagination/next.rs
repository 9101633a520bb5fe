//! Where the page after a page starts, by the kind of pagination: the
//! cursor following, and the stops that make every stream end.

use super::{Next, PageKind, PageMeta, Paginated};
use std::collections::HashSet;

/// Decides where the page after `page` starts, or `None` to stop.
pub(super) fn next_of<B: Paginated>(
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
