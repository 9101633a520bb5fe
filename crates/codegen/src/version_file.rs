//! One version's file: everything its crate compiles, in one formatted
//! `<module>.rs` (prettyplease). Progenitor's client and types, the glue
//! (pagination, search), the tables (operations, decoder, invoker, mock
//! data) and the seam impls that route the client through the hand-written
//! runtime (`ClientHooks`, `VersionClient`). What users compile only on
//! request sits under the version crate's own features (`mock`,
//! `conformance`, `__test-support`), which the facade forwards.

use crate::generate::OperationInfo;
use crate::spec::Pin;
use crate::{mock, pagination, passes, search, tables};
use proc_macro2::TokenStream;
use quote::quote;

/// What one version's file is made of, besides progenitor's code.
pub struct Parts<'a> {
    pub pin: &'a Pin,
    pub doc: &'a serde_json::Value,
    pub file: &'a syn::File,
    pub ops: &'a [OperationInfo],
    pub fields_of: &'a pagination::FieldsOf<'a>,
    pub names: &'a std::collections::BTreeSet<String>,
    /// The fixes report (`FIXES`, this crate's tests).
    pub fixes: &'a str,
    /// Which optional parts to emit (the shared-types crate's features: the
    /// union of what the version crates of the build asked for).
    pub emit: Emit,
    /// Each operation's usage example (`examples`).
    pub examples: &'a [crate::examples::Example],
    /// The aliases' data (`index`).
    pub data: &'a crate::doc_data::DocData,
}

/// Optional parts of a version's file.
#[derive(Clone, Copy, Default)]
pub struct Emit {
    pub mock: bool,
    pub conformance: bool,
    pub test_support: bool,
}

/// The file's text, and the version's line of the paginated snapshot.
pub fn emit(p: &Parts) -> Result<String, String> {
    let in_version = |e: String| format!("Intercom API {}: {e}", p.pin.version);
    let (glue, paginated) = pagination::glue(
        p.file,
        p.ops,
        &passes::paginated_operations(p.doc),
        p.fields_of,
    )
    .map_err(in_version)?;
    let searches = search::operations(p.file, p.ops, p.doc).map_err(in_version)?;
    let search = search::glue(&searches);
    let operations = tables::operations_table(p.ops, p.doc);
    let version = &p.pin.version;
    let module = p.pin.module();
    let mut optional = TokenStream::new();
    if p.emit.conformance {
        let decoder = tables::decoder(p.ops, p.doc, p.names).map_err(in_version)?;
        optional.extend(gated("conformance", decoder)?);
    }
    if p.emit.test_support {
        let surface = crate::generate::surface_text(p.ops);
        let fixes = p.fixes;
        let invoker = tables::invoker(p.file, p.ops);
        let runner = crate::examples::runner(p.examples);
        optional.extend(gated(
            "__test-support",
            quote! {
                /// The public surface, one line per operation (pinned by a snapshot test).
                #[doc(hidden)]
                pub const SURFACE: &str = #surface;
                /// Which patches and passes the build applied to this version's spec.
                #[doc(hidden)]
                pub const FIXES: &str = #fixes;
                /// Paginated operations, one line each (pinned by a snapshot test).
                #[doc(hidden)]
                pub const PAGINATED: &str = #paginated;
                #invoker
                #runner
                /// This version's tables (see `intercom_api::VersionData`).
                #[doc(hidden)]
                pub const DATA: ::intercom_api::VersionData = ::intercom_api::VersionData {
                    version: API_VERSION,
                    module: #module,
                    operations: OPERATIONS,
                    surface: SURFACE,
                    fixes: FIXES,
                    paginated: PAGINATED,
                    decode: decode_answer,
                    invoke: __invoke_at,
                };
                /// [`__invoke`] on a client for `base_url`, without retries.
                #[doc(hidden)]
                pub fn __invoke_at<'a>(
                    base_url: &'a str,
                    name: &'a str,
                    args: &'a ::serde_json::Map<String, ::serde_json::Value>,
                ) -> ::std::pin::Pin<Box<dyn ::std::future::Future<Output = Option<::intercom_api::Result<()>>> + 'a>> {
                    Box::pin(async move {
                        let mut builder = Client::builder()
                            .token("test-token")
                            .base_url(base_url)
                            .retry(::intercom_api::RetryPolicy::none())
                            .timeout(::std::time::Duration::from_secs(90));
                        if let Some(http) = ::intercom_api::versions::invoke_http() {
                            builder = builder.http_client(http);
                        }
                        match builder.build() {
                            Ok(c) => __invoke(&c, name, args).await,
                            Err(e) => Some(Err(e)),
                        }
                    })
                }
            },
        )?);
    }
    if p.emit.mock {
        let (data, validator) = mock::parts(p.file, p.ops, p.doc).map_err(in_version)?;
        optional.extend(gated(
            "mock",
            quote! {
                #validator
                /// A mock Intercom serving this version (feature `mock`): see
                /// `intercom_api::mock`.
                pub type MockIntercom = ::intercom_api_mock::MockIntercom<Client>;
                #[doc(hidden)]
                pub static MOCK: ::intercom_api_mock::VersionMock = ::intercom_api_mock::VersionMock::new(
                    API_VERSION,
                    OPERATIONS,
                    #data,
                    __mock_validate,
                );
                impl ::intercom_api_mock::MockApi for Client {
                    fn mock() -> &'static ::intercom_api_mock::VersionMock {
                        &MOCK
                    }
                }
            },
        )?);
    }
    let seam = seam();
    let export = export(p.ops);
    let code = quote! {
        /// The `Intercom-Version` header every request of this module sends.
        pub const API_VERSION: &str = #version;
        #operations
        #seam
        #export
        #glue
        #search
        #optional
    };
    let added: syn::File =
        syn::parse2(code).map_err(|e| in_version(format!("generated glue does not parse: {e}")))?;
    let mut file = p.file.clone();
    crate::examples::rewrite_docs(&mut file, p.examples, module);
    crate::index::add_aliases(&mut file, p.data, version, p.doc, p.ops);
    // The types several versions share live in their home crate (see
    // `assemble::home_path`).
    file.items.insert(
        0,
        syn::parse_quote!(
            #[allow(unused_imports)]
            use ::intercom_api_shared_types as __shared;
        ),
    );
    file.items.extend(added.items);
    Ok(prettyplease::unparse(&file))
}

/// The impls where generated code meets the runtime: every request goes
/// through the shared `Runtime` (`ClientHooks::exec`), and the client is
/// built by the runtime's `ClientBuilder` (`VersionClient`).
fn seam() -> TokenStream {
    quote! {
        impl ::progenitor_client::ClientHooks<::intercom_api::runtime::Runtime> for Client {
            async fn exec(
                &self,
                request: ::reqwest::Request,
                info: &::progenitor_client::OperationInfo,
            ) -> ::reqwest::Result<::reqwest::Response> {
                let op = operation(info.operation_id);
                let call = ::intercom_api::trace::Call {
                    operation: info.operation_id,
                    path: op.map_or("", |o| o.path),
                    multipart: op.is_some_and(|o| o.multipart),
                    stream: op.is_some_and(|o| o.stream),
                };
                self.inner.exec(&self.client, request, call).await
            }
        }

        impl ::intercom_api::client::VersionClient for Client {
            const API_VERSION: &'static str = API_VERSION;

            fn assemble(
                base_url: &str,
                http: ::reqwest::Client,
                runtime: ::intercom_api::runtime::Runtime,
            ) -> Self {
                Client::new_with_client(base_url, http, runtime)
            }

            fn runtime(&self) -> &::intercom_api::runtime::Runtime {
                &self.inner
            }
        }

        impl Client {
            /// Starts building a client for this API version.
            pub fn builder() -> ::intercom_api::ClientBuilder<Client> {
                ::intercom_api::ClientBuilder::new()
            }

            /// A client configured from `INTERCOM_ACCESS_TOKEN`, `INTERCOM_REGION`
            /// and `INTERCOM_BASE_URL` (see [`ClientBuilder::from_env`](intercom_api::ClientBuilder::from_env)).
            pub fn from_env() -> ::intercom_api::Result<Client> {
                ::intercom_api::ClientBuilder::from_env()?.build()
            }

            /// The rate-limit headers of the most recent response that had them.
            pub fn rate_limit(&self) -> Option<::intercom_api::RateLimit> {
                self.inner.rate_limit()
            }

            /// A request to `path` that this module does not type, with this client's token,
            /// base URL, version, options, retries and pacing (see [`RawRequest`](intercom_api::RawRequest)).
            pub fn request(&self, method: ::reqwest::Method, path: &str) -> ::intercom_api::RawRequest {
                ::intercom_api::raw::request(&self.baseurl, &self.client, &self.inner, method, path)
            }

            /// A handle whose calls use `options`, sharing this client's token,
            /// connections, rate-limit pacing and retry budget (see [`CallOptions`](intercom_api::CallOptions)).
            pub fn with_options(&self, options: ::intercom_api::CallOptions) -> Client {
                ::intercom_api::client::with_options(&self.baseurl, &self.client, &self.inner, options)
            }
        }
    }
}

/// `ContentExport` (the content data export in one call), where the
/// version has its three operations.
fn export(ops: &[OperationInfo]) -> TokenStream {
    let has = |name: &str| ops.iter().any(|o| o.fn_name == name);
    if ![
        "create_data_export",
        "get_data_export",
        "download_data_export",
    ]
    .iter()
    .all(|n| has(n))
    {
        return TokenStream::new();
    }
    quote! {
        impl ::intercom_api::export::ContentExport for Client {
            fn create_job(
                &self,
                from: i64,
                to: i64,
            ) -> ::futures::future::BoxFuture<'_, ::intercom_api::Result<::serde_json::Value>> {
                Box::pin(async move {
                    let job = self
                        .create_data_export()
                        .body_map(|b| b.created_at_after(from).created_at_before(to))
                        .send()
                        .await
                        .map_err(::intercom_api::Error::from)?;
                    ::intercom_api::export::to_json(&job.into_inner())
                })
            }
            fn job(
                &self,
                id: String,
            ) -> ::futures::future::BoxFuture<'_, ::intercom_api::Result<::serde_json::Value>> {
                Box::pin(async move {
                    let job = self
                        .get_data_export()
                        .job_identifier(id)
                        .send()
                        .await
                        .map_err(::intercom_api::Error::from)?;
                    ::intercom_api::export::to_json(&job.into_inner())
                })
            }
            fn download(
                &self,
                id: String,
            ) -> ::futures::future::BoxFuture<'_, ::intercom_api::Result<::progenitor_client::ByteStream>> {
                Box::pin(async move {
                    let file = self
                        .download_data_export()
                        .job_identifier(id)
                        .send()
                        .await
                        .map_err(::intercom_api::Error::from)?;
                    Ok(file.into_inner())
                })
            }
        }
    }
}

/// `tokens`' items, each under `#[cfg(feature = "<feature>")]` (the version
/// crate's own feature).
fn gated(feature: &str, tokens: TokenStream) -> Result<TokenStream, String> {
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("{feature} glue does not parse: {e}"))?;
    let items = file.items.into_iter().map(|item| {
        quote! {
            #[cfg(feature = #feature)]
            #[cfg_attr(docsrs, doc(cfg(feature = #feature)))]
            #item
        }
    });
    Ok(quote!(#(#items)*))
}

/// The facade's `versions.rs`: one module per enabled version (under the
/// facade's feature of that version) and the tables that list them.
pub fn facade(
    pins: &[&Pin],
    operations: &[usize],
    indexes: &[String],
    reasons: &str,
) -> Result<String, String> {
    let modules = pins.iter().zip(operations).zip(indexes).map(|((pin, ops), index)| {
        let feature = &pin.feature;
        let module = quote::format_ident!("{}", pin.module());
        let krate = quote::format_ident!("{}", pin.crate_name());
        let doc = format!(
            "Intercom API {}: the generated client and types for its {ops} operations (feature `{feature}`).",
            pin.version
        );
        // A version that is not a number (Preview) is Intercom's unstable API.
        let note = if pin.version.starts_with(|c: char| c.is_ascii_digit()) {
            quote!()
        } else {
            let text = format!(
                "**Unstable**: Intercom's {} API changes without notice, so this module may \
                 change with any release of this crate. Prefer a numbered version for what it has.",
                pin.version
            );
            quote!(#[doc = ""] #[doc = #text])
        };
        quote! {
            #[cfg(feature = #feature)]
            #[cfg_attr(docsrs, doc(cfg(feature = #feature)))]
            #[doc = #doc]
            #note
            #[doc = ""]
            #[doc = #index]
            pub mod #module {
                #[doc(inline)]
                pub use ::#krate::*;
            }
        }
    });
    let features: Vec<&String> = pins.iter().map(|p| &p.feature).collect();
    let module: Vec<syn::Ident> = pins
        .iter()
        .map(|p| quote::format_ident!("{}", p.module()))
        .collect();
    let versions: Vec<&String> = pins.iter().map(|p| &p.version).collect();
    // Each table lists a version only where the facade's feature is on: the
    // generator writes every version any crate of the build asked for, which
    // can be more than the facade's features.
    let code = quote! {
        #(#modules)*

        /// The API versions compiled into this build (one per enabled feature).
        pub const VERSIONS: &[&str] = &[#(#[cfg(feature = #features)] #versions),*];

        /// Every compiled version's tables (this crate's tests).
        #[cfg(feature = "__test-support")]
        #[doc(hidden)]
        pub const VERSION_DATA: &[crate::VersionData] = &[#(#[cfg(feature = #features)] #module::DATA),*];

        /// Every fix's id and reason (`id\treason` lines), listed once for
        /// every version's `FIXES` (this crate's tests).
        #[cfg(feature = "__test-support")]
        #[doc(hidden)]
        pub const FIX_REASONS: &str = #reasons;

        /// Every compiled version's mock data (`intercom_api::mock`).
        #[cfg(feature = "mock")]
        #[doc(hidden)]
        pub static MOCK_VERSIONS: &[&crate::mock::VersionMock] = &[#(#[cfg(feature = #features)] &#module::MOCK),*];

        /// Every compiled version's operations and answer decoder.
        #[cfg(feature = "conformance")]
        pub(crate) const DECODERS: &[(&str, &[crate::Operation], crate::conformance::Decoder)] =
            &[#(#[cfg(feature = #features)] (#versions, #module::OPERATIONS, #module::decode_answer)),*];
    };
    let file: syn::File = syn::parse2(code).map_err(|e| format!("facade tables: {e}"))?;
    Ok(prettyplease::unparse(&file))
}
