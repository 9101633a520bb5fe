//! The generator of [`intercom-api`](https://docs.rs/intercom-api): turns
//! Intercom's pinned OpenAPI descriptions into one Rust file per API version,
//! with progenitor. Use `intercom-api`; this crate is what its build runs.
//!
//! - The shared-types crate's build script calls [`build_script`]; each
//!   version crate's and the facade's, [`include_script`].
//! - The maintainer's tool (`xtask`: re-pinning, changelogs, new versions)
//!   uses [`spec`], [`patches`], [`passes`] and [`changelog`].
//!
//! The steps, in order, are listed in [`pipeline`]; the specs' fixes are
//! data (`openapi/patches/`, read by [`patches`]) or named passes
//! ([`passes`]), each with its unit test.
//!
//! This crate carries the pinned descriptions: `openapi/` holds the pins
//! (`versions.json`), the patches, and, in the published package, Intercom's
//! unmodified descriptions (`openapi/upstream/`, staged by `scripts/package`).

// Reading and fixing specs (light: what `xtask` uses with the default
// features off).
pub mod changelog;
mod links;
pub mod passes;
pub mod patches;
pub mod spec;

// Generation (feature `generate`, the default): progenitor, typify, syn.
#[cfg(feature = "generate")]
mod assemble;
#[cfg(feature = "generate")]
mod doc_data;
#[cfg(feature = "generate")]
mod driver;
#[cfg(feature = "generate")]
mod examples;
#[cfg(feature = "generate")]
mod fixes;
#[cfg(feature = "generate")]
mod generate;
#[cfg(feature = "generate")]
mod index;
#[cfg(feature = "generate")]
mod mock;
#[cfg(feature = "generate")]
mod model;
#[cfg(feature = "generate")]
mod open_enums;
#[cfg(feature = "generate")]
mod pagination;
#[cfg(feature = "generate")]
pub mod pipeline;
#[cfg(feature = "generate")]
mod search;
#[cfg(feature = "generate")]
mod setters;
#[cfg(feature = "generate")]
mod share;
#[cfg(feature = "generate")]
mod syntax;
#[cfg(feature = "generate")]
mod tables;
#[cfg(feature = "generate")]
mod text;
#[cfg(feature = "generate")]
mod version_file;

#[cfg(feature = "generate")]
pub use driver::build_script;
pub use links::{dep_out_var, include_script, links};

/// This crate's folder: `openapi/` (pins, patches, packaged descriptions)
/// is found from it.
pub fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}
#[cfg(all(test, feature = "generate"))]
mod test_support;
