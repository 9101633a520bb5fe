//! Where the generator wrote this version's file (handed on by the
//! shared-types crate's build script, `links`). Every version crate has this
//! file, the same.
fn main() {
    intercom_api_codegen::include_script(None);
}
