//! What a successful answer says besides its body, without leaving the typed
//! world: `send()` returns progenitor's `ResponseValue<T>`, which has
//! `.status()`, `.headers()` and `.into_inner()`; [`ResponseExt`] adds
//! Intercom's request id and rate limit.

use crate::rate_limit::RateLimit;
use progenitor_client::ResponseValue;

/// Intercom's metadata of an answer: `use intercom_api::ResponseExt;` (or
/// `use intercom_api::prelude::*;`).
///
/// ```no_run
/// async fn f() -> intercom_api::Result<()> {
/// use intercom_api::{v2_14, ResponseExt};
/// let client = v2_14::Client::from_env()?;
/// let answer = client.list_admins().send().await?;
/// println!("{} {:?} {:?}", answer.status(), answer.request_id(), answer.rate_limit());
/// let admins = answer.into_inner();
/// # Ok(()) }
/// ```
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
