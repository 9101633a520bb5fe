//! Where the generator wrote the facade's version modules and tables
//! (`versions.rs`, handed on by the shared-types crate's build script).
fn main() {
    intercom_api_codegen::include_script(Some("versions.rs"));
}
