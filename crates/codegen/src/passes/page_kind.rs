//! The kinds of pagination, as the generator names them: each is a variant of
//! `intercom_api::pagination::PageKind` in the runtime crate, which the
//! generated glue names (its unit test checks that the two lists
//! agree, since the generator cannot depend on the runtime it generates for).

/// How an operation paginates (see the runtime's `PageKind` for each).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageKind {
    Cursor,
    BodyCursor,
    PageNumber,
    Scroll,
    PageUntilEmpty,
}

impl PageKind {
    /// Every kind, in declaration order.
    #[allow(dead_code)] // read by the tests
    pub const ALL: [PageKind; 5] = [
        PageKind::Cursor,
        PageKind::BodyCursor,
        PageKind::PageNumber,
        PageKind::Scroll,
        PageKind::PageUntilEmpty,
    ];

    /// The runtime variant's name, as the generated code spells it.
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
