//! One version of Intercom's API, generated: the client and types that
//! [`intercom-api`](https://docs.rs/intercom-api) re-exports as the module of
//! this crate's version (`intercom_api::v2_14` for `intercom-api-v2-14`).
//! Use `intercom-api`. Every version crate has this file, the same.

// Generated code: the lints that progenitor's and typify's output, or the
// specs' prose in docs, cannot meet.
#![allow(
    missing_docs,
    clippy::all,
    rustdoc::bare_urls,
    rustdoc::invalid_html_tags,
    rustdoc::broken_intra_doc_links
)]
#![cfg_attr(docsrs, feature(doc_cfg))]

// The generated code names the runtime `::intercom_api`.
extern crate intercom_api_runtime as intercom_api;

// The version's one generated file: client, types, glue, tables, and the
// impls that route it through the runtime.
include!(env!("INTERCOM_API_FILE"));
