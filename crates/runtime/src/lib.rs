//! The hand-written runtime of [`intercom-api`](https://docs.rs/intercom-api):
//! region, auth, the `Intercom-Version` header, retries, rate limits, typed
//! errors, pagination, search, webhooks; and the one seam where generated
//! code meets it: the traits it implements ([`VersionClient`],
//! [`Paginated`]) and the functions it calls.
//!
//! Depend on `intercom-api`, which re-exports all of this under one name; this
//! crate is apart so that a change here does not re-check the generated
//! versions' code beside it, and so that each version is a crate of its own.
#![cfg_attr(docsrs, feature(doc_cfg))]
#![warn(missing_docs)]

mod api_error;
mod avatar;
mod carry;
#[doc(hidden)]
pub mod client;
#[cfg(feature = "conformance")]
#[cfg_attr(docsrs, doc(cfg(feature = "conformance")))]
pub mod conformance;
#[cfg(test)]
mod decode_path_tests;
mod error;
mod event;
pub mod export;
mod id;
#[cfg(feature = "identity")]
#[cfg_attr(docsrs, doc(cfg(feature = "identity")))]
pub mod identity;
pub mod jobs;
mod json_path;
mod list;
mod multipart;
mod options;
mod pacing;
mod page_kind;
mod page_link;
pub mod pagination;
mod rate_limit;
pub mod raw;
mod region;
mod response;
mod retry;
#[doc(hidden)]
pub mod route;
pub mod runtime;
pub mod search;
mod secret;
#[doc(hidden)]
pub mod send;
#[doc(hidden)]
pub mod setters;
#[doc(hidden)]
pub mod trace;
mod transport;
#[doc(hidden)]
pub mod versions;
mod vocabulary;
#[cfg(feature = "webhooks")]
#[cfg_attr(docsrs, doc(cfg(feature = "webhooks")))]
pub mod webhooks;

pub use api_error::{ApiError, ErrorDetail};
pub use avatar::{Avatar, AvatarImage};
pub use client::{ClientBuilder, VersionClient, DEFAULT_DEADLINE, DEFAULT_USER_AGENT};
pub use error::{Error, Result};
pub use event::{Event, RateLimitCause};
pub use id::Id;
pub use json_path::json_path_at;
pub use list::List;
pub use multipart::Multipart;
pub use options::CallOptions;
pub use page_link::{PagesCursor, PagesNext};
pub use pagination::{PageKind, Paginated, PaginatedExt};
/// A file answer's body, streamed (see the downloads guide).
pub use progenitor_client::ByteStream;
pub use rate_limit::RateLimit;
pub use raw::RawRequest;
pub use region::Region;
pub use response::ResponseExt;
pub use retry::{Outcome, RetryPolicy, CONNECTION_RETRY_COST, RETRY_COST};
pub use search::SearchOperator;
pub use secret::AccessToken;
pub use setters::{IntoOption, IntoValue, UnixTime};
pub use transport::TransportKind;

/// The traits and types most calls use: `use intercom_api::prelude::*;`.
pub mod prelude {
    pub use crate::pagination::{Next, Paginated, PaginatedExt};
    pub use crate::{CallOptions, ResponseExt, RetryPolicy};
}

/// One operation of a version module, as listed in its `OPERATIONS`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Operation {
    /// HTTP method, upper case.
    pub method: &'static str,
    /// Path template, e.g. `/contacts/{contact_id}`.
    pub path: &'static str,
    /// The client method's name, e.g. `show_contact`.
    pub name: &'static str,
    /// Whether the body is a `multipart/form-data` form (built with [`Multipart`]).
    pub multipart: bool,
    /// Whether the answer is a file, streamed (see the downloads guide):
    /// the runtime does not buffer its body.
    pub stream: bool,
}

/// Sends one operation, by name, with JSON arguments, to a server at
/// `base_url` (no retries): how the request-validation test reaches every
/// operation of every version.
#[cfg(feature = "__test-support")]
#[doc(hidden)]
pub type Invoker = for<'a> fn(
    &'a str,
    &'a str,
    &'a serde_json::Map<String, serde_json::Value>,
) -> std::pin::Pin<
    Box<dyn std::future::Future<Output = Option<Result<()>>> + 'a>,
>;

/// One compiled version, as the tests and tools see it: every table the
/// build generated for it. `VERSION_DATA` lists them, so a new version is
/// tested without a line of test code.
#[cfg(feature = "__test-support")]
#[doc(hidden)]
#[derive(Clone, Copy)]
pub struct VersionData {
    /// `2.14`.
    pub version: &'static str,
    /// `v2_14`.
    pub module: &'static str,
    /// The module's `OPERATIONS`.
    pub operations: &'static [Operation],
    /// The module's `SURFACE`.
    pub surface: &'static str,
    /// The module's `FIXES`.
    pub fixes: &'static str,
    /// The module's `PAGINATED`.
    pub paginated: &'static str,
    /// Decodes an answer of one operation.
    pub decode: conformance::Decoder,
    /// Sends one operation by name.
    pub invoke: Invoker,
}
