//! All integration tests, in one binary (each file under `tests/` would link
//! the whole crate, with every generated version, again).

mod build_passes;
mod client;
mod examples;
mod forward_compat;
mod pagination;
mod prism;
mod surface;
mod versions;

/// Snapshot files of tests other than the per-version surface ones.
#[allow(dead_code)]
const OTHER_SNAPSHOTS: &[&str] = &[];
