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
pub use on::On;
pub use recorded::Recorded;
pub use reply::Reply;
use router::{Router, State};

mod on;
mod recorded;
mod router;

use data::{OperationData, Tables};
use intercom_api_runtime::client::VersionClient;
use intercom_api_runtime::ClientBuilder;
use intercom_api_runtime::Operation;
use std::collections::HashMap;
use std::fmt;
use std::marker::PhantomData;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex, OnceLock};

/// Decodes a request body of an operation into its request type: `None`
/// when the operation takes no JSON body.
#[doc(hidden)]
pub type Validator = fn(&str, &[u8]) -> Option<Result<(), String>>;

/// One version's mock data (each version module has one, `MOCK`).
#[doc(hidden)]
pub struct VersionMock {
    pub(crate) version: &'static str,
    pub(crate) operations: &'static [Operation],
    pub(crate) data: &'static str,
    pub(crate) validate: Validator,
    pub(crate) tables: OnceLock<Tables>,
}

impl VersionMock {
    #[doc(hidden)]
    pub const fn new(
        version: &'static str,
        operations: &'static [Operation],
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

    pub(crate) fn tables(&self) -> &Tables {
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

    pub(crate) fn operation(
        &'static self,
        name: &str,
    ) -> (&'static Operation, &'static OperationData) {
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
    pub(crate) server: wiremock::MockServer,
    pub(crate) state: Arc<State>,
    pub(crate) _client: PhantomData<fn() -> C>,
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
    pub(crate) async fn start_for(version: &'static VersionMock) -> MockIntercom<C> {
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

    /// Scripts the answers of `operation`: the version's const
    /// (`v2_14::ops::REPLY_CONVERSATION`: a typo does not compile) or its
    /// name (`"reply_conversation"`: an unknown name panics).
    pub fn on(&self, operation: impl OperationName) -> On<'_> {
        let (op, _) = self.state.version.operation(operation.operation_name());
        On {
            state: &self.state,
            operation: op.name,
            times: None,
        }
    }

    /// The requests `operation` received so far, in order (those the mock
    /// refused too: see [`Recorded::status`]). `operation` as for
    /// [`on`](Self::on).
    pub fn requests(&self, operation: impl OperationName) -> Vec<Recorded> {
        let (op, _) = self.state.version.operation(operation.operation_name());
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

/// What names an operation for [`MockIntercom::on`] and
/// [`MockIntercom::requests`]: a version's `ops::…` const (checked by the
/// compiler), or its client method's name.
pub trait OperationName {
    /// The client method's name, e.g. `show_contact`.
    fn operation_name(&self) -> &str;
}

impl OperationName for str {
    fn operation_name(&self) -> &str {
        self
    }
}

impl OperationName for String {
    fn operation_name(&self) -> &str {
        self
    }
}

impl<T: OperationName + ?Sized> OperationName for &T {
    fn operation_name(&self) -> &str {
        (**self).operation_name()
    }
}

impl OperationName for Operation {
    fn operation_name(&self) -> &str {
        self.name
    }
}
