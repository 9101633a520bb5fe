//! The types several enabled versions of [`intercom-api`](https://docs.rs/intercom-api)
//! define identically, emitted once. Use `intercom-api`: each version's
//! `types` module re-exports what it shares from here.
//!
//! Its build script runs the generator (`intercom-api-codegen`) for every
//! enabled version at once, and hands its output directory to the crates
//! that include the generated code (`links`): each version crate, and the
//! facade.

// Generated code: the lints that progenitor's and typify's output, or the
// specs' prose in docs, cannot meet.
#![allow(
    missing_docs,
    clippy::all,
    rustdoc::bare_urls,
    rustdoc::invalid_html_tags,
    rustdoc::broken_intra_doc_links
)]

// The generated code names the runtime `::intercom_api` (as `x-rust-type`
// in the spec patches does) and its shared homes `crate::__shared`.
extern crate intercom_api_runtime as intercom_api;
#[allow(unused_imports)]
use crate as __shared;

include!(concat!(env!("OUT_DIR"), "/shared.rs"));
