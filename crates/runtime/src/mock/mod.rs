//! A mock Intercom for your own tests (feature `mock`): a real HTTP server
//! on 127.0.0.1 (built on [wiremock](https://docs.rs/wiremock)) that answers
//! every operation of one API version, so the code under test uses its real
//! client, headers, retries and pagination, with no network.
//!
//! `v2_14::MockIntercom::start().await` starts one; `mock.client()` is a
//! client of that version pointed at it. The [mock guide](https://docs.rs/intercom-api/latest/intercom_api/guide/mock/index.html)
//! has a whole test.
//!
//! - **Default answers**: every operation answers its success status with
//!   the spec's response example (the examples the crate decodes losslessly),
//!   and Intercom's headers (`X-RateLimit-Limit`, `-Remaining`, `-Reset`,
//!   `x-request-id`). An operation whose spec has no example answers the
//!   least JSON its schema allows.
//! - **Scripts**, per operation name ([`MockIntercom::on`]): a value
//!   ([`On::respond`]), an Intercom error ([`On::respond_error`],
//!   [`On::rate_limited`]), any [`Reply`], for the next call only
//!   ([`On::once`], [`On::times`]) or from now on, and a list served as pages
//!   the way the operation pages ([`On::pages`]).
//! - **Checks**, as Intercom would: a request without `Authorization: Bearer …`
//!   is answered `401`; a wrong `Intercom-Version`, a missing or mistyped
//!   query parameter, or a JSON body that does not decode into the
//!   operation's request type is answered `400`, each with an `error.list`
//!   naming what was wrong.
//! - **Recorded requests**, by operation ([`MockIntercom::requests`]), with
//!   the body decoded into any type ([`Recorded::body`]).
//!
//! Operation names are those of the version's `OPERATIONS` (the client's
//! method names); an unknown name panics at set-up, naming the version.
//! Unknown paths are answered `404`. [`MockIntercom::server`] gives the
//! wiremock server itself: mocks mounted there take precedence.
//!
//! Not modelled: state (a created contact is not found afterwards; answers
//! are the examples, not what was sent), search semantics (a search answers
//! its example or the scripted pages, whatever the query), filters and
//! sorting of lists, permissions and scopes of tokens, Intercom's real rate
//! limiting (the headers are sent, no window is enforced), and webhooks.

mod check;
mod data;
mod pages;
mod reply;

#[doc(hidden)]
pub use check::decode_body;
pub use reply::Reply;

use crate::client::VersionClient;
use crate::ClientBuilder;
use data::{DefaultAnswer, OperationData, Tables};
use reply::{Body, Limits};
use serde::{de::DeserializeOwned, Serialize};
use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// Decodes a request body of an operation into its request type: `None`
/// when the operation takes no JSON body.
#[doc(hidden)]
pub type Validator = fn(&str, &[u8]) -> Option<Result<(), String>>;

/// One version's mock data (each version module has one, `MOCK`).
#[doc(hidden)]
pub struct VersionMock {
    version: &'static str,
    operations: &'static [crate::Operation],
    data: &'static str,
    validate: Validator,
    tables: OnceLock<Tables>,
}

impl VersionMock {
    #[doc(hidden)]
    pub const fn new(
        version: &'static str,
        operations: &'static [crate::Operation],
        data: &'static str,
        validate: Validator,
    ) -> VersionMock {
        VersionMock {
            version,
            operations,
            data,
            validate,
            tables: OnceLock::new(),
        }
    }

    /// The `Intercom-Version` this mock serves.
    pub fn version(&self) -> &'static str {
        self.version
    }

    fn tables(&self) -> &Tables {
        self.tables
            .get_or_init(|| Tables::parse(self.data, self.version))
    }

    /// The names of the operations whose default answer is not the spec's
    /// example: the least JSON its schema allows (the spec has none).
    #[doc(hidden)]
    pub fn answers_without_example(&self) -> Vec<&str> {
        let tables = self.tables();
        tables
            .operations
            .iter()
            .filter(|o| o.example == data::Source::Schema)
            .map(|o| o.name.as_str())
            .collect()
    }

    fn operation(&'static self, name: &str) -> (&'static crate::Operation, &'static OperationData) {
        let found = self.operations.iter().find(|o| o.name == name);
        let data = found.and_then(|o| self.tables().get(o.name));
        match (found, data) {
            (Some(o), Some(d)) => (o, d),
            _ => panic!(
                "intercom_api::mock: `{name}` is not an operation of Intercom API {} \
                 (its module's OPERATIONS lists them by name, e.g. `list_contacts`)",
                self.version
            ),
        }
    }
}

/// Implemented by each version module's `Client`: the mock data of its version.
pub trait MockApi: VersionClient {
    #[doc(hidden)]
    fn mock() -> &'static VersionMock;
}

/// A mock Intercom serving one API version on 127.0.0.1; each version module
/// has it as `MockIntercom` (`v2_14::MockIntercom` is
/// `MockIntercom<v2_14::Client>`). See [the module](self).
///
/// The server stops when this value is dropped.
pub struct MockIntercom<C> {
    server: wiremock::MockServer,
    state: Arc<State>,
    _client: PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for MockIntercom<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MockIntercom")
            .field("version", &self.state.version.version)
            .field("uri", &self.state.uri)
            .finish()
    }
}

impl<C: MockApi> MockIntercom<C> {
    /// Starts a server answering every operation of `C`'s version.
    pub async fn start() -> MockIntercom<C> {
        MockIntercom::start_for(C::mock()).await
    }

    /// A client of this version pointed at the mock, with a test token and
    /// the default retry policy.
    pub fn client(&self) -> C {
        self.client_builder()
            .build()
            .expect("a client for the mock's own address")
    }

    /// A client builder pointed at the mock, with a test token: set retries,
    /// timeouts… then `build()`.
    pub fn client_builder(&self) -> ClientBuilder<C> {
        ClientBuilder::new()
            .token("mock-token")
            .base_url(self.uri())
    }
}

impl MockIntercom<()> {
    /// A mock of `version` without a client type (this crate's tests walk
    /// every compiled version with it).
    #[doc(hidden)]
    pub async fn start_version(version: &'static VersionMock) -> MockIntercom<()> {
        MockIntercom::start_for(version).await
    }
}

impl<C> MockIntercom<C> {
    async fn start_for(version: &'static VersionMock) -> MockIntercom<C> {
        // Parse the tables now, not inside the first request.
        version.tables();
        let server = wiremock::MockServer::start().await;
        let state = Arc::new(State {
            version,
            uri: server.uri(),
            scripts: Mutex::new(HashMap::new()),
            recorded: Mutex::new(Vec::new()),
            requests: AtomicU64::new(0),
            window: Mutex::new((0, 0)),
        });
        // The lowest priority: mocks a test mounts on `server()` come first.
        wiremock::Mock::given(wiremock::matchers::any())
            .respond_with(Router(state.clone()))
            .with_priority(u8::MAX)
            .mount(&server)
            .await;
        MockIntercom {
            server,
            state,
            _client: PhantomData,
        }
    }

    /// The server's base URL, `http://127.0.0.1:<port>`.
    pub fn uri(&self) -> String {
        self.state.uri.clone()
    }

    /// The `Intercom-Version` this mock serves.
    pub fn version(&self) -> &'static str {
        self.state.version.version
    }

    /// The wiremock server, to mount mocks of your own (they take precedence).
    pub fn server(&self) -> &wiremock::MockServer {
        &self.server
    }

    /// Scripts the answers of `operation` (a name of the version's
    /// `OPERATIONS`, e.g. `"reply_conversation"`). Panics on an unknown name.
    pub fn on(&self, operation: &str) -> On<'_> {
        let (op, _) = self.state.version.operation(operation);
        On {
            state: &self.state,
            operation: op.name,
            times: None,
        }
    }

    /// The requests `operation` received so far, in order (those the mock
    /// refused too: see [`Recorded::status`]). Panics on an unknown name.
    pub fn requests(&self, operation: &str) -> Vec<Recorded> {
        let (op, _) = self.state.version.operation(operation);
        self.state
            .recorded
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .filter(|r| r.operation == op.name)
            .cloned()
            .collect()
    }

    /// Every request received so far, in order (unknown paths included, with
    /// an empty [`Recorded::operation`]).
    pub fn all_requests(&self) -> Vec<Recorded> {
        self.state
            .recorded
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

/// Scripts one operation's answers: see [`MockIntercom::on`].
///
/// An answer given with [`once`](On::once) or [`times`](On::times) is used
/// for that many calls, in the order the answers were given, before the
/// standing one; without, it becomes the standing answer (the spec's example
/// until then). So a first `503` then the example is
/// `mock.on(op).once().respond_error(503)`.
#[must_use = "an `On` scripts nothing until one of its `respond…` methods is called"]
pub struct On<'m> {
    state: &'m State,
    operation: &'static str,
    times: Option<usize>,
}

impl fmt::Debug for On<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("On")
            .field("operation", &self.operation)
            .field("times", &self.times)
            .finish()
    }
}

impl On<'_> {
    /// The answer that follows is for the next call only.
    pub fn once(self) -> Self {
        self.times(1)
    }

    /// The answer that follows is for the next `n` calls.
    pub fn times(mut self, n: usize) -> Self {
        self.times = Some(n);
        self
    }

    /// Answers `value` (any `Serialize`: the operation's answer type, or
    /// `json!`) with the operation's success status.
    pub fn respond(self, value: impl Serialize) {
        let status = self.data().status;
        self.reply(Reply::json(value).status(status));
    }

    /// Answers Intercom's `error.list` for `status` (see [`Reply::error`]).
    pub fn respond_error(self, status: u16) {
        self.reply(Reply::error(status));
    }

    /// Answers `429` with `X-RateLimit-Reset` `reset_in` ahead (see [`Reply::rate_limited`]).
    pub fn rate_limited(self, reset_in: Duration) {
        self.reply(Reply::rate_limited(reset_in));
    }

    /// Answers `reply`.
    pub fn reply(self, reply: Reply) {
        self.push(Answer::Reply(reply));
    }

    /// Serves `items` as pages of `per_page` the way this operation pages
    /// (cursor, body cursor, page number, scroll, or pages until an empty
    /// one), each page in the shape of the spec's example. The page size is
    /// this one, whatever `per_page` the request asks for. Panics when the
    /// operation does not paginate.
    pub fn pages<T: Serialize>(self, items: impl IntoIterator<Item = T>, per_page: usize) {
        if self.data().pages.is_none() {
            panic!(
                "intercom_api::mock: `{}` does not paginate in Intercom API {}",
                self.operation, self.state.version.version
            );
        }
        let items = items
            .into_iter()
            .map(|i| {
                serde_json::to_value(i).unwrap_or_else(|e| {
                    panic!("intercom_api::mock: an item does not serialize: {e}")
                })
            })
            .collect();
        self.push(Answer::Pages(pages::Pages { items, per_page }));
    }

    /// Forgets every script of this operation: it answers its example again.
    pub fn reset(self) {
        self.state.scripts().remove(self.operation);
    }

    fn data(&self) -> &'static OperationData {
        self.state.version.operation(self.operation).1
    }

    fn push(self, answer: Answer) {
        let mut scripts = self.state.scripts();
        let script = scripts.entry(self.operation).or_default();
        match self.times {
            Some(n) if n > 0 => script.queue.push_back((n, answer)),
            Some(_) => {}
            None => script.standing = Some(answer),
        }
    }
}

/// One request the mock received.
#[derive(Clone)]
pub struct Recorded {
    operation: &'static str,
    method: String,
    path: String,
    query: Vec<(String, String)>,
    headers: http::HeaderMap,
    body: Vec<u8>,
    status: u16,
}

impl fmt::Debug for Recorded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The token is a secret, even a test's.
        let headers: Vec<_> = self
            .headers
            .iter()
            .map(|(k, v)| {
                let v = if k == http::header::AUTHORIZATION {
                    "<redacted>"
                } else {
                    v.to_str().unwrap_or("<bytes>")
                };
                (k.as_str(), v)
            })
            .collect();
        f.debug_struct("Recorded")
            .field("operation", &self.operation)
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &headers)
            .field("body", &String::from_utf8_lossy(&self.body))
            .field("status", &self.status)
            .finish()
    }
}

impl Recorded {
    /// The operation's name (empty for a path no operation has).
    pub fn operation(&self) -> &str {
        self.operation
    }

    /// The HTTP method, upper case.
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The path, e.g. `/conversations/123/reply`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The query parameters, in order, decoded.
    pub fn query(&self) -> &[(String, String)] {
        &self.query
    }

    /// The first value of query parameter `name`.
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The request's headers.
    pub fn headers(&self) -> &http::HeaderMap {
        &self.headers
    }

    /// The body decoded from JSON into `T`: the operation's request type
    /// (`v2_14::types::ReplyConversationRequest`), or `serde_json::Value`.
    pub fn body<T: DeserializeOwned>(&self) -> serde_json::Result<T> {
        serde_json::from_slice(&self.body)
    }

    /// The body's bytes.
    pub fn body_bytes(&self) -> &[u8] {
        &self.body
    }

    /// The status the mock answered (`400` or `401` when it refused the request).
    pub fn status(&self) -> u16 {
        self.status
    }
}

/// What the server shares with the test.
struct State {
    version: &'static VersionMock,
    uri: String,
    scripts: Mutex<HashMap<&'static str, Script>>,
    recorded: Mutex<Vec<Recorded>>,
    requests: AtomicU64,
    /// (10-second window, requests in it), for `X-RateLimit-Remaining`.
    window: Mutex<(u64, u64)>,
}

impl State {
    fn scripts(&self) -> std::sync::MutexGuard<'_, HashMap<&'static str, Script>> {
        self.scripts.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Intercom's window: 10,000 calls a minute, counted in 10-second windows.
    fn limits(&self) -> Limits {
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
    fn next_answer(&self, operation: &'static str) -> Option<Answer> {
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
struct Script {
    queue: VecDeque<(usize, Answer)>,
    standing: Option<Answer>,
}

#[derive(Clone)]
enum Answer {
    Reply(Reply),
    Pages(pages::Pages),
}

/// Answers every request that no mock of the test's matched.
struct Router(Arc<State>);

/// Where the mock serves what a redirect (a signed recording URL) points at.
const REDIRECTED: &str = "/__mock/redirected";

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
        let found = crate::route::match_operation(version.operations, req.method.as_str(), path);
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
fn answer(
    state: &State,
    operation: &'static crate::Operation,
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
