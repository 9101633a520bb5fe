//! What a successful answer says besides its body, without leaving the typed
//! world: `send()` returns progenitor's `ResponseValue<T>`, which has
//! `.status()`, `.headers()` and `.into_inner()`; [`ResponseExt`] adds
//! Intercom's request id and rate limit.

use crate::rate_limit::RateLimit;
use progenitor_client::ResponseValue;

/// Intercom's metadata of an answer: `use intercom_api::ResponseExt;` (or
/// `use intercom_api::prelude::*;`): `answer.request_id()`,
/// `answer.rate_limit()` beside progenitor's `answer.status()` and
/// `answer.into_inner()`, as the [options guide](https://docs.rs/intercom-api/latest/intercom_api/guide/options/index.html)
/// shows.
pub trait ResponseExt {
    /// Intercom's id of this request (`X-Request-Id`), to quote to its support.
    fn request_id(&self) -> Option<&str>;
    /// The rate-limit headers of this answer.
    fn rate_limit(&self) -> Option<RateLimit>;
}

impl<T> ResponseExt for ResponseValue<T> {
    fn request_id(&self) -> Option<&str> {
        self.headers()
            .get("x-request-id")?
            .to_str()
            .ok()
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    fn rate_limit(&self) -> Option<RateLimit> {
        RateLimit::from_headers(self.headers())
    }
}
