//! The kinds of pagination (`PageKind` in `intercom_api::pagination`). The
//! generator names the same variants in the glue it emits; a test of the
//! facade checks that the two lists agree.

/// How an operation paginates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PageKind {
    /// `starting_after` + `per_page` in the query; the next cursor is
    /// `pages.next.starting_after` (e.g. `GET /contacts`).
    Cursor,
    /// `pagination: {per_page, starting_after}` in the request body
    /// (e.g. `POST /contacts/search`).
    BodyCursor,
    /// `page` + `per_page`; `pages.page` / `pages.total_pages` in the answer
    /// (e.g. `GET /articles`).
    PageNumber,
    /// `scroll_param` (`GET /companies/scroll`); ends on an empty page.
    Scroll,
    /// `page` + `per_page`, but the answer says nothing of pages
    /// (`GET /help_center/help_centers`): pages are asked for in turn until
    /// one is empty, or repeats the one before (a server ignoring `page`).
    PageUntilEmpty,
}

impl PageKind {
    /// Every kind.
    pub const ALL: [PageKind; 5] = [
        PageKind::Cursor,
        PageKind::BodyCursor,
        PageKind::PageNumber,
        PageKind::Scroll,
        PageKind::PageUntilEmpty,
    ];

    /// The variant's name, as the generated code spells it.
    pub fn name(self) -> &'static str {
        match self {
            PageKind::Cursor => "Cursor",
            PageKind::BodyCursor => "BodyCursor",
            PageKind::PageNumber => "PageNumber",
            PageKind::Scroll => "Scroll",
            PageKind::PageUntilEmpty => "PageUntilEmpty",
        }
    }
}
