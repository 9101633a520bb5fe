//! The types several enabled versions of [`intercom-api`](https://docs.rs/intercom-api)
//! define identically, emitted once, and (in this crate's build script) the
//! generator of every version's code. Use `intercom-api`: each version's
//! `types` module re-exports what it shares from here.
//!
//! The build script writes every enabled version's code into its output
//! directory, whose path it hands to the crates that include it (`links`,
//! `DEP_INTERCOM_API_GENERATED_OUT`): each version crate, and the facade.

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
