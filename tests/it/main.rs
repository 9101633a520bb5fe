//! All integration tests, in one binary (each file under `tests/` would link
//! the whole crate, with every generated version, again).
// Tests written before `send()` returned `intercom_api::Error` keep their
// `.map_err(Error::from)`: they check that such code still compiles (#31).
#![allow(clippy::useless_conversion)]

mod client;
mod common_tasks;
mod doc_paths;
mod downloads;
mod errors;
mod examples;
mod forward_compat;
mod load;
mod mock;
mod more_tasks;
mod multipart;
mod mutations;
mod options;
mod pacing;
mod pagination;
mod prism;
mod requests;
mod search;
mod shared_types;
mod surface;
mod traces;
mod usage_examples;
mod versions;
mod webhooks;

/// Snapshot files of tests other than the per-version surface ones.
#[allow(dead_code)]
const OTHER_SNAPSHOTS: &[&str] = &["it__surface__fixes.snap"];
