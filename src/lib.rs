#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![warn(missing_docs)]

// Lets `x-rust-type` in the spec patches name this crate's own types.
extern crate self as intercom_api;

mod avatar;
mod client;
pub mod conformance;
mod error;
mod id;
mod page_kind;
pub mod pagination;
mod rate_limit;
mod region;
mod retry;
pub mod runtime;
mod search;
mod secret;
mod versions;

pub use avatar::{Avatar, AvatarImage};
pub use client::{ClientBuilder, VersionClient, DEFAULT_USER_AGENT};
pub use error::{json_path_at, ApiError, Error, ErrorDetail, Result};
pub use id::Id;
pub use pagination::{PageKind, Paginated};
pub use rate_limit::RateLimit;
pub use region::Region;
pub use retry::{Outcome, RetryPolicy};
pub use search::SearchOperator;
pub use secret::AccessToken;

/// One operation of a version module, as listed in its `OPERATIONS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// HTTP method, upper case.
    pub method: &'static str,
    /// Path template, e.g. `/contacts/{contact_id}`.
    pub path: &'static str,
    /// The client method's name, e.g. `show_contact`.
    pub name: &'static str,
}

// The version modules (`v2_9` … `v2_14`), one per enabled feature, and `VERSIONS`.
include!(concat!(env!("OUT_DIR"), "/versions.rs"));
