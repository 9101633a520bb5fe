//! Where a stream stops and resumes: written after each page, atomically,
//! beside the output (`export`) or in the state file (`sync`).

use intercom_api::pagination::Next;
use serde::{Deserialize, Serialize};

/// The start of a page (`None`: the first page).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Start {
    Cursor(String),
    Page(i64),
}

impl Start {
    pub fn of(next: Option<&Next>) -> Option<Start> {
        next.map(|n| match n {
            Next::Cursor(c) => Start::Cursor(c.clone()),
            Next::Page(p) => Start::Page(*p),
        })
    }

    pub fn next(start: &Option<Start>) -> Option<Next> {
        start.as_ref().map(|s| match s {
            Start::Cursor(c) => Next::Cursor(c.clone()),
            Start::Page(p) => Next::Page(*p),
        })
    }
}

/// Where a stream resumes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Point {
    /// The page to fetch next.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<Start>,
    /// A nested stream's parent (notes: the contacts): its page, and the
    /// index in that page of the parent whose children `next` pages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<Parent>,
    /// Nothing left: the stream was read to its end.
    #[serde(default)]
    pub done: bool,
}

/// The position in a parent stream.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parent {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<Start>,
    pub index: usize,
}

/// What `export` keeps in `FILE.checkpoint.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// What the export was asked (a resume must ask the same).
    pub stream: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<i64>,
    #[serde(default)]
    pub with_parts: bool,
    /// Where to resume.
    pub point: Point,
    /// The output's length at that point: a resume truncates to it.
    pub bytes: u64,
    /// Records written up to that point.
    pub records: u64,
}
