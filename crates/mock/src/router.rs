//! What answers each request: the route to an operation, its checks, its
//! script or default answer.

use crate::data::{DefaultAnswer, OperationData};
use crate::reply::{Body, Limits};
use crate::*;
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// What the server shares with the test.
pub(crate) struct State {
    pub(crate) version: &'static VersionMock,
    pub(crate) uri: String,
    pub(crate) scripts: Mutex<HashMap<&'static str, Script>>,
    pub(crate) recorded: Mutex<Vec<Recorded>>,
    pub(crate) requests: AtomicU64,
    /// (10-second window, requests in it), for `X-RateLimit-Remaining`.
    pub(crate) window: Mutex<(u64, u64)>,
}

impl State {
    pub(crate) fn scripts(&self) -> std::sync::MutexGuard<'_, HashMap<&'static str, Script>> {
        self.scripts.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Intercom's window: 10,000 calls a minute, counted in 10-second windows.
    pub(crate) fn limits(&self) -> Limits {
        const LIMIT: u64 = 10_000;
        let now = reply::unix_now();
        let mut w = self.window.lock().unwrap_or_else(|p| p.into_inner());
        if w.0 != now / 10 {
            *w = (now / 10, 0);
        }
        w.1 += 1;
        Limits {
            limit: LIMIT,
            remaining: LIMIT.saturating_sub(w.1),
            reset: (now / 10 + 1) * 10,
        }
    }

    /// The scripted answer for the next call of `operation`, if any.
    pub(crate) fn next_answer(&self, operation: &'static str) -> Option<Answer> {
        let mut scripts = self.scripts();
        let script = scripts.get_mut(operation)?;
        if let Some((left, answer)) = script.queue.front_mut() {
            *left -= 1;
            let answer = answer.clone();
            if *left == 0 {
                script.queue.pop_front();
            }
            return Some(answer);
        }
        script.standing.clone()
    }
}

#[derive(Default)]
pub(crate) struct Script {
    pub(crate) queue: VecDeque<(usize, Answer)>,
    pub(crate) standing: Option<Answer>,
}

#[derive(Clone)]
pub(crate) enum Answer {
    Reply(Reply),
    Pages(pages::Pages),
}

/// Answers every request that no mock of the test's matched.
pub(crate) struct Router(pub(crate) Arc<State>);

/// Where the mock serves what a redirect (a signed recording URL) points at.
pub(crate) const REDIRECTED: &str = "/__mock/redirected";

impl wiremock::Respond for Router {
    fn respond(&self, req: &wiremock::Request) -> wiremock::ResponseTemplate {
        let state = &self.0;
        let n = state.requests.fetch_add(1, Ordering::Relaxed) + 1;
        let request_id = format!("mock-{n:06}");
        let limits = state.limits();
        let path = req.url.path();
        if path.starts_with(REDIRECTED) {
            // A signed URL: no token, no version.
            return Reply::text(200, "application/octet-stream", "mock download")
                .render(&request_id, limits);
        }
        let version = state.version;
        let found = intercom_api_runtime::route::match_operation(
            version.operations,
            req.method.as_str(),
            path,
        );
        let (reply, operation) = match found {
            None => (
                Reply::error_with(
                    404,
                    "not_found",
                    format!(
                        "Resource Not Found: no operation of Intercom API {} is {} {path}",
                        version.version, req.method
                    ),
                ),
                "",
            ),
            Some(op) => {
                let (_, data) = version.operation(op.name);
                (answer(state, op, data, req), op.name)
            }
        };
        state
            .recorded
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(Recorded {
                operation,
                method: req.method.to_string(),
                path: path.to_string(),
                query: req
                    .url
                    .query_pairs()
                    .map(|(k, v)| (k.into(), v.into()))
                    .collect(),
                headers: req.headers.clone(),
                body: req.body.clone(),
                status: reply.status,
            });
        reply.render(&request_id, limits)
    }
}

/// The answer to a request for `op`: a refusal, the script's, or the default.
pub(crate) fn answer(
    state: &State,
    operation: &'static intercom_api_runtime::Operation,
    op: &'static OperationData,
    req: &wiremock::Request,
) -> Reply {
    let refused = |r: check::Rejection| {
        Reply::with_body(
            r.status,
            Body::Error {
                code: r.code.into(),
                message: r.message,
                field: r.field,
            },
        )
    };
    if let Err(r) = check::request(state.version, operation, op, req) {
        return refused(r);
    }
    match state.next_answer(operation.name) {
        Some(Answer::Reply(r)) => r,
        Some(Answer::Pages(p)) => {
            let pages = op.pages.as_ref().expect("checked when scripted");
            let envelope = match &op.answer {
                DefaultAnswer::Json(v) => v.clone(),
                _ => serde_json::Value::Null,
            };
            match p.answer(pages.kind(), &pages.items, &envelope, req) {
                Ok(v) => Reply::with_body(op.status, Body::Json(v)),
                Err(r) => refused(r),
            }
        }
        None => match &op.answer {
            DefaultAnswer::Json(v) => Reply::with_body(op.status, Body::Json(v.clone())),
            DefaultAnswer::Text { content_type, body } => {
                Reply::text(op.status, content_type, body)
            }
            DefaultAnswer::Empty => Reply::empty(op.status),
            DefaultAnswer::Redirect => Reply::empty(op.status).header(
                "location",
                format!("{}{REDIRECTED}{}", state.uri, req.url.path()),
            ),
        },
    }
}
