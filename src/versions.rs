//! What every generated version module gets, written once.
//!
//! `build.rs` emits one call, `version_modules! { "v2_14" v2_14 "2.14" 150 ""; … }`,
//! one line of data per enabled version. That macro declares each module
//! around its generated code, and [`version_support!`] adds what the
//! generated code lacks: the hooks that route requests through the shared
//! [`Runtime`], the builder, and the module's metadata.
//!
//! [`Runtime`]: crate::runtime::Runtime

/// The version modules, `VERSIONS`, and (for the tools and tests) the tables
/// that list every compiled version.
macro_rules! version_modules {
    ($($feature:literal $module:ident $version:literal $operations:literal $note:literal;)*) => {
        $(
            $crate::versions::generated_module! {
                #[cfg(feature = $feature)]
                #[cfg_attr(docsrs, doc(cfg(feature = $feature)))]
                #[doc = concat!(
                    "Intercom API ", $version, ": the generated client and types for its ",
                    $operations, " operations (feature `", $feature, "`)."
                )]
                #[doc = ""]
                #[doc = $note]
                pub mod $module {
                    include!(concat!(env!("OUT_DIR"), "/", $feature, ".rs"));
                    $crate::versions::version_support!($version, $feature);
                }
            }
        )*

        $crate::versions::generated_module! {
            /// Types that several enabled versions define identically, emitted
            /// once (build/share.rs); each version's `types` re-exports them.
            #[doc(hidden)]
            pub mod __shared {
                include!(concat!(env!("OUT_DIR"), "/shared.rs"));
            }
        }

        /// The API versions compiled into this build (one per enabled feature).
        pub const VERSIONS: &[&str] = &[$($version),*];

        /// Every compiled version's tables (this crate's tests).
        #[cfg(feature = "__test-support")]
        #[doc(hidden)]
        pub const VERSION_DATA: &[$crate::VersionData] = &[$($module::DATA),*];

        /// Every compiled version's mock data (`intercom_api::mock`).
        #[cfg(feature = "mock")]
        #[doc(hidden)]
        pub static MOCK_VERSIONS: &[&$crate::mock::VersionMock] = &[$(&$module::MOCK),*];

        /// Every compiled version's operations and answer decoder.
        #[cfg(feature = "conformance")]
        pub(crate) const DECODERS: &[(&str, &[$crate::Operation], $crate::conformance::Decoder)] =
            &[$(($version, $module::OPERATIONS, $module::decode_answer)),*];
    };
}

pub(crate) use version_modules;

/// A module of generated code: the lints that generated code (progenitor's,
/// typify's, the specs' prose in docs) cannot meet are allowed here, once.
macro_rules! generated_module {
    ($(#[$attr:meta])* pub mod $name:ident { $($body:tt)* }) => {
        $(#[$attr])*
        #[allow(
            missing_docs,
            clippy::all,
            rustdoc::bare_urls,
            rustdoc::invalid_html_tags,
            rustdoc::broken_intra_doc_links
        )]
        pub mod $name { $($body)* }
    };
}

pub(crate) use generated_module;

/// The argument `key` (or `key` without a trailing `_`, as in `type_`) of
/// `args`, decoded into `T`.
#[cfg(feature = "__test-support")]
pub(crate) fn invoke_arg<T: serde::de::DeserializeOwned>(
    args: &serde_json::Map<String, serde_json::Value>,
    key: &str,
) -> Option<crate::Result<T>> {
    let v = args
        .get(key)
        .or_else(|| args.get(key.trim_end_matches('_')))?;
    Some(
        serde_json::from_value(v.clone()).map_err(|e| crate::Error::InvalidRequest {
            message: format!("{key}: {e}"),
        }),
    )
}

/// The HTTP client of every test invocation (`__invoke_at`): building one
/// loads the platform's TLS roots, about a tenth of a second in a debug
/// build, which a walk over every operation paid 1,374 times. It keeps no
/// idle connection, so it is safe across the tests' runtimes and servers.
#[cfg(feature = "__test-support")]
pub(crate) fn invoke_http() -> Option<reqwest::Client> {
    static HTTP: std::sync::OnceLock<Option<reqwest::Client>> = std::sync::OnceLock::new();
    HTTP.get_or_init(|| {
        reqwest::Client::builder()
            // A validating peer on a loaded machine can be slow.
            .timeout(std::time::Duration::from_secs(90))
            .connect_timeout(std::time::Duration::from_secs(10))
            .pool_max_idle_per_host(0)
            .build()
            .ok()
    })
    .clone()
}

macro_rules! version_support {
    ($version:literal, $module:literal) => {
        /// The `Intercom-Version` header every request of this module sends.
        pub const API_VERSION: &str = $version;

        /// Every operation of this version: method, path template, method name.
        pub const OPERATIONS: &[$crate::Operation] =
            include!(concat!(env!("OUT_DIR"), "/", $module, "_operations.rs"));

        /// The public surface, one line per operation (pinned by a snapshot test).
        #[cfg(feature = "__test-support")]
        #[doc(hidden)]
        pub const SURFACE: &str =
            include_str!(concat!(env!("OUT_DIR"), "/", $module, "_surface.txt"));

        /// Which patches and passes the build applied to this version's spec.
        #[cfg(feature = "__test-support")]
        #[doc(hidden)]
        pub const FIXES: &str = include_str!(concat!(env!("OUT_DIR"), "/", $module, "_fixes.txt"));

        /// Paginated operations, one line each (pinned by a snapshot test).
        #[cfg(feature = "__test-support")]
        #[doc(hidden)]
        pub const PAGINATED: &str =
            include_str!(concat!(env!("OUT_DIR"), "/", $module, "_paginated.txt"));

        include!(concat!(env!("OUT_DIR"), "/", $module, "_pagination.rs"));
        include!(concat!(env!("OUT_DIR"), "/", $module, "_search.rs"));
        #[cfg(feature = "conformance")]
        include!(concat!(env!("OUT_DIR"), "/", $module, "_decode.rs"));
        #[cfg(feature = "__test-support")]
        include!(concat!(env!("OUT_DIR"), "/", $module, "_invoke.rs"));
        #[cfg(feature = "mock")]
        include!(concat!(env!("OUT_DIR"), "/", $module, "_mock.rs"));

        /// A mock Intercom serving this version (feature `mock`): see
        /// [`intercom_api::mock`](crate::mock).
        #[cfg(feature = "mock")]
        #[cfg_attr(docsrs, doc(cfg(feature = "mock")))]
        pub type MockIntercom = $crate::mock::MockIntercom<Client>;

        #[cfg(feature = "mock")]
        #[doc(hidden)]
        pub static MOCK: $crate::mock::VersionMock = $crate::mock::VersionMock::new(
            API_VERSION,
            OPERATIONS,
            include_str!(concat!(env!("OUT_DIR"), "/", $module, "_mock.json")),
            __mock_validate,
        );

        #[cfg(feature = "mock")]
        impl $crate::mock::MockApi for Client {
            fn mock() -> &'static $crate::mock::VersionMock {
                &MOCK
            }
        }

        /// This version's tables (see [`VersionData`](crate::VersionData)).
        #[cfg(feature = "__test-support")]
        #[doc(hidden)]
        pub const DATA: $crate::VersionData = $crate::VersionData {
            version: $version,
            module: $module,
            operations: OPERATIONS,
            surface: SURFACE,
            fixes: FIXES,
            paginated: PAGINATED,
            decode: decode_answer,
            invoke: __invoke_at,
        };

        /// [`__invoke`] on a client for `base_url`, without retries.
        #[cfg(feature = "__test-support")]
        #[doc(hidden)]
        pub fn __invoke_at<'a>(
            base_url: &'a str,
            name: &'a str,
            args: &'a ::serde_json::Map<String, ::serde_json::Value>,
        ) -> ::std::pin::Pin<Box<dyn ::std::future::Future<Output = Option<$crate::Result<()>>> + 'a>> {
            Box::pin(async move {
                let mut builder = Client::builder()
                    .token("test-token")
                    .base_url(base_url)
                    .retry($crate::RetryPolicy::none())
                    .timeout(::std::time::Duration::from_secs(90));
                if let Some(http) = $crate::versions::invoke_http() {
                    builder = builder.http_client(http);
                }
                let client = builder.build();
                match client {
                    Ok(c) => __invoke(&c, name, args).await,
                    Err(e) => Some(Err(e)),
                }
            })
        }

        impl progenitor_client::ClientHooks<$crate::runtime::Runtime> for Client {
            async fn exec(
                &self,
                request: reqwest::Request,
                info: &progenitor_client::OperationInfo,
            ) -> reqwest::Result<reqwest::Response> {
                let op = OPERATIONS.iter().find(|o| o.name == info.operation_id);
                let call = $crate::trace::Call {
                    operation: info.operation_id,
                    path: op.map_or("", |o| o.path),
                    multipart: op.is_some_and(|o| o.multipart),
                };
                self.inner.exec(&self.client, request, call).await
            }
        }

        impl $crate::client::VersionClient for Client {
            const API_VERSION: &'static str = $version;

            fn assemble(
                base_url: &str,
                http: reqwest::Client,
                runtime: $crate::runtime::Runtime,
            ) -> Self {
                Client::new_with_client(base_url, http, runtime)
            }

            fn runtime(&self) -> &$crate::runtime::Runtime {
                &self.inner
            }
        }

        impl Client {
            /// Starts building a client for this API version.
            pub fn builder() -> $crate::ClientBuilder<Client> {
                $crate::ClientBuilder::new()
            }

            /// A client configured from `INTERCOM_ACCESS_TOKEN`, `INTERCOM_REGION`
            /// and `INTERCOM_BASE_URL` (see [`ClientBuilder::from_env`](crate::ClientBuilder::from_env)).
            pub fn from_env() -> $crate::Result<Client> {
                $crate::ClientBuilder::from_env()?.build()
            }

            /// The rate-limit headers of the most recent response that had them.
            pub fn rate_limit(&self) -> Option<$crate::RateLimit> {
                self.inner.rate_limit()
            }

            /// A handle whose calls use `options`, sharing this client's token,
            /// connections, rate-limit pacing and retry budget (see [`CallOptions`](crate::CallOptions)).
            pub fn with_options(&self, options: $crate::CallOptions) -> Client {
                $crate::options::with_options(&self.baseurl, &self.client, &self.inner, options)
            }
        }
    };
}

pub(crate) use version_support;
