//! Generates every enabled version's code (see `intercom-api-codegen`).
fn main() {
    intercom_api_codegen::build_script();
}
