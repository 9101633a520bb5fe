#![doc = include_str!("../README.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![warn(missing_docs)]

// This crate is the facade users depend on: the runtime (crates/runtime)
// re-exported under one name, one module per enabled version (each a crate
// of its own, crates/<feature>), and what needs every enabled version at
// once (the conformance checker's table, the test tables), and the guides
// (src/guide.rs). See docs/layout.md for why the code lives in several crates.

#[cfg(feature = "conformance")]
#[cfg_attr(docsrs, doc(cfg(feature = "conformance")))]
pub mod conformance;
pub mod guide;

pub use intercom_api_runtime::{
    json_path_at, AccessToken, ApiError, Avatar, AvatarImage, ByteStream, CallOptions,
    ClientBuilder, Error, ErrorDetail, Event, Id, IntoOption, IntoValue, List, Multipart,
    Operation, Outcome, PageKind, PagesCursor, PagesNext, Paginated, PaginatedExt, RateLimit,
    RateLimitCause, RawRequest, Region, ResponseExt, Result, RetryPolicy, SearchOperator,
    TransportKind, UnixTime, VersionClient, CONNECTION_RETRY_COST, DEFAULT_DEADLINE,
    DEFAULT_USER_AGENT, RETRY_COST,
};

#[doc(inline)]
pub use intercom_api_runtime::{export, jobs, pagination, prelude, raw, runtime, search};

#[cfg(feature = "identity")]
#[cfg_attr(docsrs, doc(cfg(feature = "identity")))]
#[doc(inline)]
pub use intercom_api_runtime::identity;

#[cfg(feature = "mock")]
#[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
#[doc(inline)]
pub use intercom_api_mock as mock;

#[cfg(feature = "webhooks")]
#[cfg_attr(docsrs, doc(cfg(feature = "webhooks")))]
#[doc(inline)]
pub use intercom_api_runtime::webhooks;

/// The tables, for this crate's tests (not public API).
#[cfg(feature = "__test-support")]
#[doc(hidden)]
pub use intercom_api_runtime::{Invoker, VersionData};

// The version modules (`v2_9` … `preview`), one per enabled feature, and the
// tables listing them, written by the generator.
include!(env!("INTERCOM_API_FILE"));
