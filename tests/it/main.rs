//! All integration tests, in one binary (each file under `tests/` would link
//! the whole crate, with every generated version, again).

mod build_passes;
mod surface;
mod versions;
