//! What every generated version crate gets, written once: the seam where
//! generated code meets the runtime.
//!
//! Each version is a crate of its own (`crates/<feature>`), whose whole source
//! is one call, `version_support!()`. The macro includes
//! the code the generator (`intercom-api-generated`'s build script) wrote for
//! that version, and adds what generated code lacks: the hooks that route
//! requests through the shared [`Runtime`], the builder, and the version's
//! metadata. The files come from the directory the version crate's build
//! script names in `INTERCOM_API_GENERATED`.
//!
//! [`Runtime`]: crate::runtime::Runtime

/// The argument `key` (or `key` without a trailing `_`, as in `type_`) of
/// `args`, decoded into `T`.
#[cfg(feature = "__test-support")]
pub fn invoke_arg<T: serde::de::DeserializeOwned>(
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
pub fn invoke_http() -> Option<reqwest::Client> {
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

/// The body of a version crate: its generated code, and what the runtime adds.
///
/// The crate's build script names the generator's output directory
/// (`INTERCOM_API_GENERATED`), the version's module (`INTERCOM_API_MODULE`,
/// e.g. `v2_14`), and sets a cfg for each optional table the generator wrote
/// (`intercom_api_mock`, `intercom_api_conformance`, `intercom_api_test_support`).
#[macro_export]
macro_rules! version_support {
    () => {
        // The generated code names the types several versions share
        // `crate::__shared::<home>::…`.
        #[allow(unused_imports)]
        use ::intercom_api_generated as __shared;

        include!(concat!(env!("INTERCOM_API_GENERATED"), "/", env!("INTERCOM_API_MODULE"), ".rs"));

        /// The `Intercom-Version` header every request of this module sends.
        pub const API_VERSION: &str = include_str!(concat!(
            env!("INTERCOM_API_GENERATED"), "/", env!("INTERCOM_API_MODULE"), "_version.txt"
        ));

        /// Every operation of this version: method, path template, method name.
        pub const OPERATIONS: &[$crate::Operation] =
            include!(concat!(env!("INTERCOM_API_GENERATED"), "/", env!("INTERCOM_API_MODULE"), "_operations.rs"));

        /// The public surface, one line per operation (pinned by a snapshot test).
        #[cfg(intercom_api_test_support)]
        #[doc(hidden)]
        pub const SURFACE: &str =
            include_str!(concat!(env!("INTERCOM_API_GENERATED"), "/", env!("INTERCOM_API_MODULE"), "_surface.txt"));

        /// Which patches and passes the build applied to this version's spec.
        #[cfg(intercom_api_test_support)]
        #[doc(hidden)]
        pub const FIXES: &str = include_str!(concat!(env!("INTERCOM_API_GENERATED"), "/", env!("INTERCOM_API_MODULE"), "_fixes.txt"));

        /// Paginated operations, one line each (pinned by a snapshot test).
        #[cfg(intercom_api_test_support)]
        #[doc(hidden)]
        pub const PAGINATED: &str =
            include_str!(concat!(env!("INTERCOM_API_GENERATED"), "/", env!("INTERCOM_API_MODULE"), "_paginated.txt"));

        include!(concat!(env!("INTERCOM_API_GENERATED"), "/", env!("INTERCOM_API_MODULE"), "_pagination.rs"));
        include!(concat!(env!("INTERCOM_API_GENERATED"), "/", env!("INTERCOM_API_MODULE"), "_search.rs"));
        #[cfg(intercom_api_conformance)]
        include!(concat!(env!("INTERCOM_API_GENERATED"), "/", env!("INTERCOM_API_MODULE"), "_decode.rs"));
        #[cfg(intercom_api_test_support)]
        include!(concat!(env!("INTERCOM_API_GENERATED"), "/", env!("INTERCOM_API_MODULE"), "_invoke.rs"));
        #[cfg(intercom_api_mock)]
        include!(concat!(env!("INTERCOM_API_GENERATED"), "/", env!("INTERCOM_API_MODULE"), "_mock.rs"));

        /// A mock Intercom serving this version (feature `mock`): see
        /// [`intercom_api::mock`](intercom_api::mock).
        #[cfg(intercom_api_mock)]
        pub type MockIntercom = $crate::mock::MockIntercom<Client>;

        #[cfg(intercom_api_mock)]
        #[doc(hidden)]
        pub static MOCK: $crate::mock::VersionMock = $crate::mock::VersionMock::new(
            API_VERSION,
            OPERATIONS,
            include_str!(concat!(env!("INTERCOM_API_GENERATED"), "/", env!("INTERCOM_API_MODULE"), "_mock.json")),
            __mock_validate,
        );

        #[cfg(intercom_api_mock)]
        impl $crate::mock::MockApi for Client {
            fn mock() -> &'static $crate::mock::VersionMock {
                &MOCK
            }
        }

        /// This version's tables (see [`VersionData`](intercom_api::VersionData)).
        #[cfg(intercom_api_test_support)]
        #[doc(hidden)]
        pub const DATA: $crate::VersionData = $crate::VersionData {
            version: API_VERSION,
            module: env!("INTERCOM_API_MODULE"),
            operations: OPERATIONS,
            surface: SURFACE,
            fixes: FIXES,
            paginated: PAGINATED,
            decode: decode_answer,
            invoke: __invoke_at,
        };

        /// [`__invoke`] on a client for `base_url`, without retries.
        #[cfg(intercom_api_test_support)]
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

        impl ::progenitor_client::ClientHooks<$crate::runtime::Runtime> for Client {
            async fn exec(
                &self,
                request: ::reqwest::Request,
                info: &::progenitor_client::OperationInfo,
            ) -> ::reqwest::Result<::reqwest::Response> {
                let op = OPERATIONS.iter().find(|o| o.name == info.operation_id);
                let call = $crate::trace::Call {
                    operation: info.operation_id,
                    path: op.map_or("", |o| o.path),
                    multipart: op.is_some_and(|o| o.multipart),
                    stream: false,
                };
                self.inner.exec(&self.client, request, call).await
            }
        }

        impl $crate::client::VersionClient for Client {
            const API_VERSION: &'static str = API_VERSION;

            fn assemble(
                base_url: &str,
                http: ::reqwest::Client,
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
            /// and `INTERCOM_BASE_URL` (see [`ClientBuilder::from_env`](intercom_api::ClientBuilder::from_env)).
            pub fn from_env() -> $crate::Result<Client> {
                $crate::ClientBuilder::from_env()?.build()
            }

            /// The rate-limit headers of the most recent response that had them.
            pub fn rate_limit(&self) -> Option<$crate::RateLimit> {
                self.inner.rate_limit()
            }

            /// A handle whose calls use `options`, sharing this client's token,
            /// connections, rate-limit pacing and retry budget (see [`CallOptions`](intercom_api::CallOptions)).
            pub fn with_options(&self, options: $crate::CallOptions) -> Client {
                $crate::options::with_options(&self.baseurl, &self.client, &self.inner, options)
            }

            /// A request to `path` that this module does not type, with this client's token, base URL, version, options, retries and pacing (see [`RawRequest`](intercom_api::RawRequest)).
            pub fn request(&self, method: ::reqwest::Method, path: &str) -> $crate::RawRequest {
                $crate::raw::request(&self.baseurl, &self.client, &self.inner, method, path)
            }
        }
    };
}
