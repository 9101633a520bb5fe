//! The shared runtime behind every generated client: it sends each request
//! with auth and version headers, retries by the [`RetryPolicy`] rule, records
//! rate limits and keeps every response body, so that errors never lose it.
//!
//! Progenitor calls `Runtime::exec` through the `ClientHooks` implementation
//! the generator emits for each version's `Client`.

mod exec;

use crate::options::CallOptions;
use crate::pacing::{Pacer, Slot};
use crate::rate_limit::RateLimit;
use crate::retry::{Budget, RetryPolicy};
use crate::secret::AccessToken;
use bytes::Bytes;
use reqwest::header::HeaderValue;
use std::fmt;
use std::sync::{Arc, Mutex};

pub(crate) use exec::Extra;
pub use exec::DOWNLOAD_TIMEOUT;

/// The complete body of a response, attached to every response the runtime
/// hands to generated code, so that an error can show it.
#[derive(Clone, Debug)]
pub(crate) struct RawBody(pub(crate) Bytes);

/// Per-client state shared by all requests (cheap to clone).
#[derive(Clone)]
pub struct Runtime {
    shared: Arc<Shared>,
    /// Options of a handle made by `with_options` (`None`: the client's own).
    call: Option<Arc<Call>>,
}

/// A handle's options, with the retry policy they make of the client's.
struct Call {
    options: CallOptions,
    retry: RetryPolicy,
}

struct Shared {
    authorization: HeaderValue,
    version: HeaderValue,
    user_agent: HeaderValue,
    retry: RetryPolicy,
    rate_limit: Mutex<Option<RateLimit>>,
    pacer: Pacer,
    budget: Budget,
    /// The client's deadline of a call, retries and waits included, when
    /// set (else [`DEFAULT_DEADLINE`](crate::DEFAULT_DEADLINE) or the
    /// per-attempt timeout, the longer).
    deadline: Option<std::time::Duration>,
    /// The builder's per-attempt timeout (also with a caller's HTTP client:
    /// what the default deadline must allow).
    timeout: std::time::Duration,
    /// The client's per-attempt timeout, when the builder made the HTTP
    /// client (a streamed call applies it to the answer's head only).
    attempt_timeout: Option<std::time::Duration>,
    /// The client's observer of retries and waits.
    on_event: Option<crate::event::Observer>,
}

/// What a client sets besides its token, version, retries and pacing.
#[derive(Clone, Default)]
pub(crate) struct Settings {
    pub(crate) deadline: Option<std::time::Duration>,
    pub(crate) timeout: std::time::Duration,
    pub(crate) attempt_timeout: Option<std::time::Duration>,
    pub(crate) on_event: Option<crate::event::Observer>,
}

/// How a client paces itself (see `crate::pacing`).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pacing {
    pub(crate) enabled: bool,
    pub(crate) max_concurrency: Option<usize>,
}

impl fmt::Debug for Runtime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Runtime")
            .field("token", &"<redacted>")
            .field("version", &self.shared.version)
            .field("user_agent", &self.shared.user_agent)
            .field("retry", self.retry_policy())
            .field("options", &self.call.as_ref().map(|c| &c.options))
            .field("pacer", &self.shared.pacer)
            .field("retry_budget_left", &self.shared.budget.left())
            .field("deadline", &self.shared.deadline)
            .field("on_event", &self.shared.on_event.is_some())
            .finish()
    }
}

impl Runtime {
    pub(crate) fn new(
        token: &AccessToken,
        version: &'static str,
        user_agent: &str,
        retry: RetryPolicy,
        pacing: Pacing,
        settings: Settings,
    ) -> Result<Self, crate::Error> {
        let mut authorization = HeaderValue::from_str(&format!("Bearer {}", token.expose().trim()))
            .map_err(|_| crate::Error::InvalidToken)?;
        authorization.set_sensitive(true);
        let user_agent =
            HeaderValue::from_str(user_agent).map_err(|_| crate::Error::InvalidUserAgent {
                value: user_agent.to_string(),
            })?;
        Ok(Runtime {
            shared: Arc::new(Shared {
                authorization,
                version: HeaderValue::from_static(version),
                user_agent,
                pacer: Pacer::new(
                    pacing.enabled,
                    retry.max_rate_limit_wait,
                    pacing.max_concurrency,
                ),
                budget: Budget::new(retry.retry_budget),
                retry,
                rate_limit: Mutex::new(None),
                deadline: settings.deadline,
                timeout: settings.timeout,
                attempt_timeout: settings.attempt_timeout,
                on_event: settings.on_event,
            }),
            call: None,
        })
    }

    /// This runtime with `options` for its calls (over those it has), sharing
    /// its state: token, pacing window, concurrency cap, retry budget.
    pub(crate) fn with_options(&self, options: CallOptions) -> Runtime {
        let options = match &self.call {
            Some(c) => options.over(&c.options),
            None => options,
        };
        Runtime {
            shared: Arc::clone(&self.shared),
            call: Some(Arc::new(Call {
                retry: options.policy(&self.shared.retry),
                options,
            })),
        }
    }

    /// The rate-limit headers of the most recent response that had them.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        *self
            .shared
            .rate_limit
            .lock()
            .unwrap_or_else(|p| p.into_inner())
    }

    /// The retry policy in force.
    pub fn retry_policy(&self) -> &RetryPolicy {
        self.call.as_ref().map_or(&self.shared.retry, |c| &c.retry)
    }

    /// Tokens left in the retry budget (see [`RetryPolicy::retry_budget`]).
    pub fn retry_budget_left(&self) -> u32 {
        self.shared.budget.left()
    }

    /// Records the rate-limit headers of an answer, and tells the pacer
    /// what the attempt that `slot` let go met.
    fn record(&self, r: &reqwest::Response, slot: &Slot<'_>) {
        let rl = RateLimit::from_headers(r.headers());
        let limited = r.status() == reqwest::StatusCode::TOO_MANY_REQUESTS;
        slot.learn(rl.as_ref(), limited);
        if let Some(rl) = rl {
            *self
                .shared
                .rate_limit
                .lock()
                .unwrap_or_else(|p| p.into_inner()) = Some(rl);
        }
    }

    /// Sends `request`, retrying as the policy allows, and returns the final
    /// response with its body read in full (and attached as [`RawBody`]),
    /// unless `call.stream`. Called by every version client's hooks
    /// (its generated `ClientHooks::exec`); this crate's own errors (a deadline) come back
    /// carried in the `reqwest::Error` (see `crate::carry`), and
    /// `intercom_api::Error::from` takes them out.
    #[doc(hidden)]
    pub async fn exec(
        &self,
        http: &reqwest::Client,
        request: reqwest::Request,
        call: crate::trace::Call,
    ) -> reqwest::Result<reqwest::Response> {
        match self.send(http, request, call, Extra::default()).await {
            Ok(r) => Ok(r),
            Err(e) => Err(crate::carry::wrap(e).await),
        }
    }
}
