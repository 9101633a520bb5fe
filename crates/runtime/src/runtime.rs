//! The shared runtime behind every generated client: it sends each request
//! with auth and version headers, retries by the [`RetryPolicy`] rule, records
//! rate limits and keeps every response body, so that errors never lose it.
//!
//! Progenitor calls `Runtime::exec` through the `ClientHooks` implementation
//! the generator emits for each version's `Client`.

use crate::options::CallOptions;
use crate::pacing::{Pacer, Slot};
use crate::rate_limit::RateLimit;
use crate::retry::{Budget, Outcome, RetryPolicy};
use crate::secret::AccessToken;
use bytes::Bytes;
use reqwest::header::{HeaderValue, AUTHORIZATION, USER_AGENT};
use std::fmt;
use std::sync::{Arc, Mutex};

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
    /// response with its body read in full (and attached as [`RawBody`]).
    /// Called by every version client's hooks (its generated `ClientHooks::exec`).
    #[doc(hidden)]
    pub async fn exec(
        &self,
        http: &reqwest::Client,
        mut request: reqwest::Request,
        call: crate::trace::Call,
    ) -> reqwest::Result<reqwest::Response> {
        use crate::trace;
        let h = request.headers_mut();
        h.insert(AUTHORIZATION, self.shared.authorization.clone());
        h.insert("intercom-version", self.shared.version.clone());
        h.insert(USER_AGENT, self.shared.user_agent.clone());
        h.remove("api-version");
        if let Some(c) = &self.call {
            let extra = c.options.headers();
            for name in extra.keys() {
                h.remove(name);
            }
            for (name, value) in extra {
                h.append(name, value.clone());
            }
            if let Some(t) = c.options.timeout_value() {
                *request.timeout_mut() = Some(t);
            }
        }
        if call.multipart {
            let boundary = request
                .body()
                .and_then(|b| b.as_bytes())
                .and_then(crate::multipart::boundary_of)
                .map(|b| format!("multipart/form-data; boundary={b}"));
            if let Some(v) = boundary.and_then(|v| HeaderValue::from_str(&v).ok()) {
                request
                    .headers_mut()
                    .insert(reqwest::header::CONTENT_TYPE, v);
            }
        }

        let method = request.method().clone();
        let mut attempt: u32 = 1;
        loop {
            let span = trace::attempt(call, &method, attempt);
            let (slot, paced) = self.shared.pacer.admit().await;
            if !paced.is_zero() {
                trace::paced(&span, paced);
            }
            let Some(this) = request.try_clone() else {
                // A streamed body can be sent once only.
                return trace::within(&span, async {
                    let r = http.execute(request).await?;
                    self.record(&r, &slot);
                    trace::answered(&span, &r);
                    buffer(r).await
                })
                .await;
            };
            let sent = trace::within(&span, http.execute(this)).await;
            let error = match sent {
                Ok(r) => {
                    self.record(&r, &slot);
                    trace::answered(&span, &r);
                    let outcome = Outcome::Status(r.status());
                    if let Some(wait) =
                        self.retry_wait(&method, outcome, Some(r.headers()), attempt, &span)
                    {
                        drop((r, slot));
                        trace::retrying(&span, wait, "status");
                        tokio::time::sleep(wait).await;
                        attempt += 1;
                        continue;
                    }
                    let success = r.status().is_success();
                    match trace::within(&span, buffer(r)).await {
                        Ok(r) => {
                            if success {
                                self.shared.budget.earn();
                            }
                            return Ok(r);
                        }
                        Err(e) => e,
                    }
                }
                Err(e) => e,
            };
            drop(slot);
            let outcome = Outcome::of_error(&error);
            let wait = self
                .retry_wait(&method, outcome, None, attempt, &span)
                .ok_or(error)?;
            trace::retrying(&span, wait, "connection");
            tokio::time::sleep(wait).await;
            attempt += 1;
        }
    }

    /// The wait before the next attempt, if the policy allows one and the
    /// budget can pay for it.
    fn retry_wait(
        &self,
        method: &reqwest::Method,
        outcome: Outcome,
        headers: Option<&reqwest::header::HeaderMap>,
        attempt: u32,
        span: &crate::trace::Span,
    ) -> Option<std::time::Duration> {
        let wait = self
            .retry_policy()
            .delay(method, outcome, headers, attempt)?;
        if !self.shared.budget.spend(outcome.retry_cost()) {
            crate::trace::budget_spent(span, self.shared.budget.left());
            return None;
        }
        Some(wait)
    }
}

async fn buffer(r: reqwest::Response) -> reqwest::Result<reqwest::Response> {
    use http_body_util::BodyExt;
    use reqwest::ResponseBuilderExt;
    // The URL lives outside the `http` parts: carry it over as reqwest does.
    let mut url = http::Response::builder().url(r.url().clone());
    let (mut parts, body) = http::Response::<reqwest::Body>::from(r).into_parts();
    let body = body.collect().await?.to_bytes();
    if let Some(url) = url.extensions_mut() {
        parts.extensions.extend(std::mem::take(url));
    }
    parts.extensions.insert(RawBody(body.clone()));
    Ok(reqwest::Response::from(http::Response::from_parts(
        parts, body,
    )))
}
