//! Where the generator wrote the table of enabled versions (`versions.rs`):
//! `intercom-api-generated`'s output directory, which its build script hands on.
fn main() {
    match std::env::var("DEP_INTERCOM_API_GENERATED_OUT") {
        Ok(dir) => println!("cargo:rustc-env=INTERCOM_API_GENERATED={dir}"),
        Err(_) => {
            eprintln!("intercom-api: DEP_INTERCOM_API_GENERATED_OUT is not set (intercom-api-generated's build script did not run)");
            std::process::exit(1);
        }
    }
}
