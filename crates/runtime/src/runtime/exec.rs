//! One call, from the first attempt to the answer: headers, pacing,
//! retries by the [`RetryPolicy`](crate::RetryPolicy) rule, the call's
//! deadline, the observer's events, and the body read in full (or, for a
//! streamed call, left to the caller).

use super::{RawBody, Runtime};
use crate::event::{Event, RateLimitCause};
use crate::retry::Outcome;
use crate::{trace, ApiError, Error};
use bytes::Bytes;
use reqwest::header::{HeaderValue, AUTHORIZATION, USER_AGENT};
use std::time::{Duration, Instant};

/// How long a streamed answer's body (a download) may take by default, from
/// sending to its last byte: the per-attempt timeout bounds only the wait
/// for the answer's head, and a large export on a slow line takes minutes.
pub const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(60 * 60);

/// What one call adds to the client's settings.
#[derive(Default)]
pub(crate) struct Extra {
    /// Replaces the client's `Intercom-Version`.
    pub(crate) version: Option<HeaderValue>,
    /// Limit of a streamed body (default [`DOWNLOAD_TIMEOUT`]).
    pub(crate) body_timeout: Option<Duration>,
}

/// One call across its attempts.
struct Progress {
    call: trace::Call,
    attempt: u32,
    /// The last attempt's error, kept for [`Error::Deadline`].
    last: Option<Error>,
    /// When the call began, and its deadline.
    deadline: (Instant, Duration),
}

impl Runtime {
    /// Sends `request` as one call (see [`Runtime::exec`]).
    pub(crate) async fn send(
        &self,
        http: &reqwest::Client,
        mut request: reqwest::Request,
        call: trace::Call,
        extra: Extra,
    ) -> Result<reqwest::Response, Error> {
        self.prepare(&mut request, call, &extra);
        let options = self.call.as_ref().map(|c| &c.options);
        let limit = options
            .and_then(|o| o.deadline_value())
            .or(self.shared.deadline)
            .unwrap_or_else(|| {
                let timeout = options.and_then(|o| o.timeout_value());
                crate::DEFAULT_DEADLINE.max(timeout.unwrap_or(self.shared.timeout))
            });
        let mut p = Progress {
            call,
            attempt: 1,
            last: None,
            deadline: (Instant::now(), limit),
        };
        match tokio::time::timeout(limit, self.attempts(http, request, &mut p)).await {
            Ok(r) => r,
            Err(_) => Err(Error::Deadline {
                limit,
                attempts: p.attempt,
                source: p.last.take().map(Box::new),
            }),
        }
    }

    /// The client's headers, the call's options, the multipart boundary.
    fn prepare(&self, request: &mut reqwest::Request, call: trace::Call, extra: &Extra) {
        let h = request.headers_mut();
        h.insert(AUTHORIZATION, self.shared.authorization.clone());
        let version = extra.version.as_ref().unwrap_or(&self.shared.version);
        h.insert("intercom-version", version.clone());
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
        if call.stream {
            // The body has a limit of its own; the head, the per-attempt
            // timeout (see `execute`).
            *request.timeout_mut() = Some(extra.body_timeout.unwrap_or(DOWNLOAD_TIMEOUT));
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
    }

    /// The per-attempt timeout: the call's, else the client's.
    fn attempt_timeout(&self) -> Option<Duration> {
        self.call
            .as_ref()
            .and_then(|c| c.options.timeout_value())
            .or(self.shared.attempt_timeout)
    }

    async fn attempts(
        &self,
        http: &reqwest::Client,
        request: reqwest::Request,
        p: &mut Progress,
    ) -> Result<reqwest::Response, Error> {
        let method = request.method().clone();
        let head_timeout = if p.call.stream {
            self.attempt_timeout()
        } else {
            None
        };
        let operation = p.call.operation;
        let paced = |wait: Duration| {
            self.emit(Event::RateLimitWait {
                operation,
                wait,
                cause: RateLimitCause::WindowSpent,
            })
        };
        loop {
            let span = trace::attempt(p.call, &method, p.attempt);
            let (slot, waited) = self.shared.pacer.admit_with(&paced).await;
            if !waited.is_zero() {
                trace::paced(&span, waited);
            }
            let Some(this) = request.try_clone() else {
                // A streamed request body can be sent once only.
                return trace::within(&span, async {
                    let r = execute(http, request, head_timeout).await?;
                    self.record(&r, &slot);
                    trace::answered(&span, &r);
                    finish(r, p.call).await
                })
                .await;
            };
            let error = match trace::within(&span, execute(http, this, head_timeout)).await {
                Ok(r) => {
                    self.record(&r, &slot);
                    trace::answered(&span, &r);
                    let outcome = Outcome::Status(r.status());
                    let attempt = p.attempt;
                    if let Some(wait) =
                        self.retry_wait(&method, outcome, Some(r.headers()), attempt, &span)
                    {
                        let api = ApiError::from_parts(r.status(), r.headers(), Bytes::new());
                        drop((r, slot));
                        self.pause(p, wait, outcome, Error::Api(Box::new(api)), &span)
                            .await?;
                        continue;
                    }
                    let success = r.status().is_success();
                    match trace::within(&span, finish(r, p.call)).await {
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
            let outcome = match &error {
                Error::Http(e) => Outcome::of_error(e),
                Error::HeadTimeout { .. } => Outcome::Transport,
                _ => return Err(error),
            };
            let Some(wait) = self.retry_wait(&method, outcome, None, p.attempt, &span) else {
                return Err(error);
            };
            self.pause(p, wait, outcome, error, &span).await?;
        }
    }

    /// Waits before the next attempt, after an attempt that ended with
    /// `last`; or gives up at once when the wait would pass the deadline.
    async fn pause(
        &self,
        p: &mut Progress,
        wait: Duration,
        outcome: Outcome,
        last: Error,
        span: &trace::Span,
    ) -> Result<(), Error> {
        let (began, limit) = p.deadline;
        if began.elapsed().saturating_add(wait) >= limit {
            return Err(Error::Deadline {
                limit,
                attempts: p.attempt,
                source: Some(Box::new(last)),
            });
        }
        let operation = p.call.operation;
        self.emit(match outcome {
            Outcome::Status(reqwest::StatusCode::TOO_MANY_REQUESTS) => Event::RateLimitWait {
                operation,
                wait,
                cause: RateLimitCause::TooManyRequests,
            },
            reason => Event::Retry {
                operation,
                attempt: p.attempt,
                wait,
                reason,
            },
        });
        let why = match outcome {
            Outcome::Status(_) => "status",
            _ => "connection",
        };
        trace::retrying(span, wait, why);
        p.last = Some(last);
        tokio::time::sleep(wait).await;
        p.attempt += 1;
        Ok(())
    }

    /// Tells the observer in force (the call's, else the client's).
    fn emit(&self, event: Event) {
        let observer = self
            .call
            .as_ref()
            .and_then(|c| c.options.observer())
            .or(self.shared.on_event.as_ref());
        if let Some(f) = observer {
            f(&event);
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
        span: &trace::Span,
    ) -> Option<Duration> {
        let wait = self
            .retry_policy()
            .delay(method, outcome, headers, attempt)?;
        if !self.shared.budget.spend(outcome.retry_cost()) {
            trace::budget_spent(span, self.shared.budget.left());
            return None;
        }
        Some(wait)
    }
}

/// One attempt; a streamed call's head within `head_timeout`.
async fn execute(
    http: &reqwest::Client,
    request: reqwest::Request,
    head_timeout: Option<Duration>,
) -> Result<reqwest::Response, Error> {
    let Some(limit) = head_timeout else {
        return Ok(http.execute(request).await?);
    };
    match tokio::time::timeout(limit, http.execute(request)).await {
        Ok(r) => Ok(r?),
        Err(_) => Err(Error::HeadTimeout { limit }),
    }
}

/// The answer as the caller gets it: read in full, except the body of a
/// streamed call's success, which is the caller's to read (nothing is
/// retried after its first byte).
async fn finish(r: reqwest::Response, call: trace::Call) -> Result<reqwest::Response, Error> {
    if call.stream && r.status().is_success() {
        return Ok(r);
    }
    Ok(buffer(r).await?)
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
