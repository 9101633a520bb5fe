//! One builder for every version's client.

use crate::region::Region;
use crate::retry::RetryPolicy;
use crate::runtime::Runtime;
use crate::secret::AccessToken;
use crate::Error;
use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

/// Implemented by each version module's generated `Client`.
pub trait VersionClient: Sized {
    /// The `Intercom-Version` the client sends.
    const API_VERSION: &'static str;
    #[doc(hidden)]
    fn assemble(base_url: &str, http: reqwest::Client, runtime: Runtime) -> Self;
    /// The shared runtime (rate limits, retry policy).
    fn runtime(&self) -> &Runtime;
}

/// The deadline of a call by default, retries and waits included: 60 s, or
/// the per-attempt timeout if that is longer (a client or call given a
/// 120 s timeout means one attempt may take that long).
///
/// Why 60 s: it lets a call have what the other defaults allow it one at a
/// time, a full attempt at the 20 s per-attempt timeout, a full 30 s wait
/// for the rate limit (`RetryPolicy::max_rate_limit_wait`; Intercom's
/// windows are 10 s) and the backoffs of quick failures, while a hung
/// server, which the per-attempt timeout and retries alone let hold a GET
/// for about 84 s (4 attempts × 20 s plus backoffs), fails within the
/// minute. It is also the total timeout Google's API clients give most
/// calls. A call that must run longer (a large search page on a slow
/// workspace) sets its own: `CallOptions::new().deadline(..)`.
pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(60);

/// The user agent sent by default: `intercom-api/<crate version>`.
pub const DEFAULT_USER_AGENT: &str = concat!("intercom-api/", env!("CARGO_PKG_VERSION"));

/// Builds a client for API version `C`: `v2_14::Client::builder().token(..)
/// .region(Region::Eu).build()?`. The [auth guide](https://docs.rs/intercom-api/latest/intercom_api/guide/auth/index.html)
/// lists every setting.
pub struct ClientBuilder<C> {
    token: Option<AccessToken>,
    region: Region,
    base_url: Option<String>,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: String,
    retry: RetryPolicy,
    pace: bool,
    max_concurrency: Option<usize>,
    http: Option<reqwest::Client>,
    deadline: Option<Duration>,
    on_event: Option<crate::event::Observer>,
    _client: PhantomData<fn() -> C>,
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("region", &self.region)
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .field("pace", &self.pace)
            .field("max_concurrency", &self.max_concurrency)
            .field("http", &self.http.is_some())
            .field("deadline", &self.deadline)
            .field("on_event", &self.on_event.is_some())
            .finish()
    }
}

impl<C: VersionClient> Default for ClientBuilder<C> {
    fn default() -> Self {
        Self::new()
    }
}

impl<C: VersionClient> ClientBuilder<C> {
    /// A builder with the defaults: US region, 20 s timeout, 10 s connect
    /// timeout, [`RetryPolicy::default`], a deadline of
    /// [`DEFAULT_DEADLINE`] (60 s).
    pub fn new() -> Self {
        ClientBuilder {
            token: None,
            region: Region::Us,
            base_url: None,
            timeout: Duration::from_secs(20),
            connect_timeout: Duration::from_secs(10),
            user_agent: DEFAULT_USER_AGENT.to_string(),
            retry: RetryPolicy::default(),
            pace: true,
            max_concurrency: None,
            http: None,
            deadline: None,
            on_event: None,
            _client: PhantomData,
        }
    }

    /// A builder from the environment: `INTERCOM_ACCESS_TOKEN` (required),
    /// `INTERCOM_REGION` (`us`, `eu` or `au`; default `us`) and
    /// `INTERCOM_BASE_URL` (overrides the region).
    pub fn from_env() -> Result<Self, Error> {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.trim().is_empty());
        let token = var("INTERCOM_ACCESS_TOKEN").ok_or(Error::MissingToken)?;
        let mut b = Self::new().token(token);
        if let Some(r) = var("INTERCOM_REGION") {
            b = b.region(r.parse()?);
        }
        if let Some(u) = var("INTERCOM_BASE_URL") {
            b = b.base_url(u);
        }
        Ok(b)
    }

    /// The access token (a secret: never printed).
    pub fn token(mut self, token: impl Into<AccessToken>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// The workspace's region (default [`Region::Us`]).
    pub fn region(mut self, region: Region) -> Self {
        self.region = region;
        self
    }

    /// A custom base URL (a proxy, a test server); overrides the region.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Timeout of one attempt, from sending to the end of the body (default
    /// 20 s; for a streamed answer, a download, to its head only).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Timeout of establishing a connection (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The `User-Agent` header (default [`DEFAULT_USER_AGENT`]).
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = ua.into();
        self
    }

    /// The retry policy (default [`RetryPolicy::default`]; [`RetryPolicy::none`] turns retries off).
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Whether requests wait for the rate-limit window to reset when
    /// Intercom says no call is left in it, *before* being sent (default
    /// on; shared by all clones of the client). Off, requests are sent and
    /// a 429 is retried as Intercom asks.
    pub fn pace(mut self, pace: bool) -> Self {
        self.pace = pace;
        self
    }

    /// At most `n` requests of this client (and its clones) in flight at
    /// once; the others wait for a slot (default: no cap). A request holds
    /// its slot for one attempt, not while it waits to retry.
    pub fn max_concurrency(mut self, n: usize) -> Self {
        self.max_concurrency = Some(n.max(1));
        self
    }

    /// Uses a caller-supplied `reqwest::Client` (its own timeouts and proxy
    /// settings apply; `timeout` and `connect_timeout` here are then unused).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// The deadline of each call, retries and waits included (default
    /// [`DEFAULT_DEADLINE`], 60 s or the per-attempt timeout if longer: why,
    /// there); when it passes, the call
    /// ends with [`Error::Deadline`], whose source is the last attempt's
    /// error. `Duration::MAX`: none. A streamed answer's body (a download)
    /// is not under it (see [`DOWNLOAD_TIMEOUT`](crate::runtime::DOWNLOAD_TIMEOUT)).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// An observer of retries and rate-limit waits, told before each wait
    /// (see [`Event`](crate::Event)): to show "waiting 12 s for the rate
    /// limit" without the `tracing` feature. Shared by the client's clones.
    pub fn on_event(mut self, observer: impl Fn(&crate::Event) + Send + Sync + 'static) -> Self {
        self.on_event = Some(std::sync::Arc::new(observer));
        self
    }

    /// The base URL requests go to.
    pub fn resolved_base_url(&self) -> &str {
        self.base_url.as_deref().unwrap_or(self.region.base_url())
    }

    /// Builds the client.
    pub fn build(self) -> Result<C, Error> {
        let token = self
            .token
            .as_ref()
            .filter(|t| !t.is_blank())
            .ok_or(Error::MissingToken)?;
        let base = self.resolved_base_url().trim_end_matches('/').to_string();
        let parsed = url::Url::parse(&base).map_err(|source| Error::InvalidBaseUrl {
            url: base.clone(),
            source,
        })?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(Error::UnsupportedScheme {
                url: base,
                scheme: parsed.scheme().to_string(),
            });
        }
        let pacing = crate::runtime::Pacing {
            enabled: self.pace,
            max_concurrency: self.max_concurrency,
        };
        let settings = crate::runtime::Settings {
            deadline: self.deadline,
            timeout: self.timeout,
            // A caller-supplied client's timeout is its own, and unknown here.
            attempt_timeout: self.http.is_none().then_some(self.timeout),
            on_event: self.on_event.clone(),
        };
        let runtime = Runtime::new(
            token,
            C::API_VERSION,
            &self.user_agent,
            self.retry.clone(),
            pacing,
            settings,
        )?;
        let http = match self.http {
            Some(h) => h,
            None => reqwest::Client::builder()
                .timeout(self.timeout)
                .connect_timeout(self.connect_timeout)
                .build()?,
        };
        Ok(C::assemble(&base, http, runtime))
    }
}

/// `client.with_options(options)` for every version's `Client` (its
/// generated `impl Client` calls it).
pub fn with_options<C: crate::VersionClient>(
    base_url: &str,
    http: &reqwest::Client,
    runtime: &crate::runtime::Runtime,
    options: crate::CallOptions,
) -> C {
    C::assemble(base_url, http.clone(), runtime.with_options(options))
}
