//! Where the generator wrote this version's code, and which of its optional
//! tables it wrote. The generator (`intercom-api-generated`'s build script)
//! hands both on (`links`); this crate's package name says which version it is.
//! Every version crate has this file, the same.

const CFGS: [&str; 3] = [
    "intercom_api_mock",
    "intercom_api_conformance",
    "intercom_api_test_support",
];

fn main() {
    let fail = |what: &str| -> ! {
        eprintln!("intercom-api: {what}");
        std::process::exit(1)
    };
    let dir = std::env::var("DEP_INTERCOM_API_GENERATED_OUT").unwrap_or_else(|_| {
        fail("DEP_INTERCOM_API_GENERATED_OUT is not set (intercom-api-generated's build script did not run)")
    });
    // `intercom-api-v2-14` → `v2_14`.
    let package = std::env::var("CARGO_PKG_NAME").unwrap_or_default();
    let Some(module) = package.strip_prefix("intercom-api-") else {
        fail(&format!("{package} is not named intercom-api-<version>"))
    };
    let module = module.replace('-', "_");
    if !std::path::Path::new(&dir)
        .join(format!("{module}.rs"))
        .is_file()
    {
        fail(&format!(
            "the generator wrote no {module}.rs: intercom-api-generated's feature `{module}` is not enabled by {package}"
        ));
    }
    println!("cargo:rustc-env=INTERCOM_API_GENERATED={dir}");
    println!("cargo:rustc-env=INTERCOM_API_MODULE={module}");
    println!("cargo:rustc-check-cfg=cfg({})", CFGS.join(", "));
    let written = std::env::var("DEP_INTERCOM_API_GENERATED_CFGS").unwrap_or_default();
    for cfg in written.split(',').filter(|c| CFGS.contains(c)) {
        println!("cargo:rustc-cfg={cfg}");
    }
}
