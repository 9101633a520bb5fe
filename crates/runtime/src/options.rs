//! Options for some calls only: a timeout, a retry policy, extra headers.
//!
//! `client.with_options(options)` gives a handle (a `Client` of the same
//! version) whose calls use these options, while the handle shares
//! everything else with the client it came from: the token, the connection
//! pool, the rate-limit window it paces to, the retry budget and the
//! concurrency cap. Other calls of the client keep its defaults.

use crate::retry::RetryPolicy;
use crate::Error;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use std::fmt;
use std::time::Duration;

/// Headers the client sets itself, which a call may not replace: the token
/// (`authorization`), the API version the types were generated for, and
/// what the HTTP layer computes.
const RESERVED: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "intercom-version",
    "host",
    "content-length",
    "transfer-encoding",
];

/// Options of some calls, applied with `client.with_options(..)`; fields left
/// unset keep the client's. As Intercom's own SDKs take them: a timeout, the
/// number of retries (or a whole [`RetryPolicy`]), and extra headers. The
/// [options guide](https://docs.rs/intercom-api/latest/intercom_api/guide/options/index.html) shows them at work.
///
/// ```
/// # use intercom_api_runtime as intercom_api;
/// use intercom_api::CallOptions;
/// use std::time::Duration;
/// let patient = CallOptions::new()
///     .timeout(Duration::from_secs(120))
///     .max_retries(0)
///     .header("x-trace-id", "job-42")?;
/// // The token is set once, on the client builder.
/// assert!(CallOptions::new().header("Authorization", "Bearer t").is_err());
/// # Ok::<(), intercom_api::Error>(())
/// ```
#[derive(Clone, Default)]
pub struct CallOptions {
    timeout: Option<Duration>,
    retry: Option<RetryPolicy>,
    max_retries: Option<u32>,
    headers: HeaderMap,
    deadline: Option<Duration>,
    on_event: Option<crate::event::Observer>,
}

impl fmt::Debug for CallOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Header values may be secrets: names only.
        f.debug_struct("CallOptions")
            .field("timeout", &self.timeout)
            .field("retry", &self.retry)
            .field("max_retries", &self.max_retries)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("deadline", &self.deadline)
            .field("on_event", &self.on_event.is_some())
            .finish()
    }
}

impl CallOptions {
    /// No option set: the client's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// Timeout of each attempt, from sending to the end of the body
    /// (overrides the client's, also with a caller-supplied `reqwest::Client`).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The deadline of each call, retries and waits included (overrides
    /// the client's, [`ClientBuilder::deadline`](crate::ClientBuilder::deadline));
    /// when it passes, the call ends with [`Error::Deadline`].
    /// `Duration::MAX`: none.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// The observer of retries and rate-limit waits of these calls, in place
    /// of the client's (see [`Event`](crate::Event)).
    pub fn on_event(mut self, observer: impl Fn(&crate::Event) + Send + Sync + 'static) -> Self {
        self.on_event = Some(std::sync::Arc::new(observer));
        self
    }

    /// The retry policy ([`RetryPolicy::none`]: send once). Its
    /// `retry_budget` field is not used: retries spend the client's budget
    /// (and pacing waits for the rate-limit window as the client's policy says).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// At most `n` retries (0: send once), with the rest of the retry policy
    /// as set by [`CallOptions::retry`] or the client's.
    pub fn max_retries(mut self, n: u32) -> Self {
        self.max_retries = Some(n);
        self
    }

    /// An extra header, replacing one of that name the call would send.
    /// Refused with [`Error::InvalidHeader`]: a name or value HTTP cannot
    /// carry, and the headers the client sets itself (`authorization`,
    /// `proxy-authorization`, `intercom-version`, `host`, `content-length`,
    /// `transfer-encoding`): the token is set once, on the client builder. Calling
    /// `header` again with the same name adds a value.
    pub fn header(mut self, name: &str, value: &str) -> Result<Self, Error> {
        let invalid = |reason: &'static str| Error::InvalidHeader {
            name: name.to_string(),
            reason,
        };
        let name_ = HeaderName::from_bytes(name.trim().as_bytes())
            .map_err(|_| invalid("not a valid header name"))?;
        if RESERVED.contains(&name_.as_str()) {
            return Err(invalid(
                "the client sets it (the token is set on the client builder)",
            ));
        }
        let mut value =
            HeaderValue::from_str(value).map_err(|_| invalid("not a valid header value"))?;
        // Never printed by `Debug` of a request.
        value.set_sensitive(true);
        self.headers.append(name_, value);
        Ok(self)
    }

    /// These options over `base` (options of a handle made from a handle):
    /// the fields set here win, headers are replaced by name.
    pub(crate) fn over(mut self, base: &CallOptions) -> CallOptions {
        self.timeout = self.timeout.or(base.timeout);
        self.deadline = self.deadline.or(base.deadline);
        if self.on_event.is_none() {
            self.on_event.clone_from(&base.on_event);
        }
        if self.retry.is_none() {
            self.retry.clone_from(&base.retry);
            self.max_retries = self.max_retries.or(base.max_retries);
        }
        for name in base.headers.keys() {
            if !self.headers.contains_key(name) {
                for v in base.headers.get_all(name) {
                    self.headers.append(name.clone(), v.clone());
                }
            }
        }
        self
    }

    /// The retry policy these options make of the client's `base`.
    pub(crate) fn policy(&self, base: &RetryPolicy) -> RetryPolicy {
        let mut p = self.retry.clone().unwrap_or_else(|| base.clone());
        if let Some(n) = self.max_retries {
            p.max_attempts = n.saturating_add(1);
        }
        p
    }

    pub(crate) fn timeout_value(&self) -> Option<Duration> {
        self.timeout
    }

    pub(crate) fn deadline_value(&self) -> Option<Duration> {
        self.deadline
    }

    pub(crate) fn observer(&self) -> Option<&crate::event::Observer> {
        self.on_event.as_ref()
    }

    pub(crate) fn headers(&self) -> &HeaderMap {
        &self.headers
    }
}
