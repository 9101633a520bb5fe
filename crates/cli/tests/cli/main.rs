//! The `intercom` binary against the library's mock Intercom.

mod common;
mod export;
mod input;
mod sync_api;
