//! How the crates that include generated code find it: the shared-types
//! crate's `links` value, the `DEP_…_OUT` variable cargo hands its
//! dependents, and their build scripts' one call ([`include_script`]).

use std::path::Path;

/// The build script of a crate that includes generated code (a version
/// crate, the facade): where the generator wrote `file`, handed on as the
/// environment variable `INTERCOM_API_FILE` (`include!(env!("INTERCOM_API_FILE"))`).
/// `file` `None`: the version crate's own, from its package name
/// (`intercom-api-v2-14` → `v2_14.rs`).
pub fn include_script(file: Option<&str>) {
    let fail = |what: String| -> ! {
        eprintln!("intercom-api: {what}");
        std::process::exit(1)
    };
    let var = dep_out_var(&std::env::var("CARGO_PKG_VERSION").unwrap_or_default());
    let dir = std::env::var(&var).unwrap_or_else(|_| {
        fail(format!(
            "{var} is not set (intercom-api-shared-types' build script did not run)"
        ))
    });
    let package = std::env::var("CARGO_PKG_NAME").unwrap_or_default();
    let file = match file {
        Some(f) => f.to_string(),
        None => match package.strip_prefix("intercom-api-") {
            Some(m) => format!("{}.rs", m.replace('-', "_")),
            None => fail(format!("{package} is not named intercom-api-<version>")),
        },
    };
    let path = Path::new(&dir).join(&file);
    if !path.is_file() {
        fail(format!(
            "the generator wrote no {file}: intercom-api-shared-types' feature for it is not enabled by {package}"
        ));
    }
    println!("cargo:rustc-env=INTERCOM_API_FILE={}", path.display());
}

/// `links` of the shared-types crate is `intercom-api-shared-types-<key>`,
/// where the key is what semver keeps compatible (`0.1` for 0.1.x, `1` for
/// 1.x): two incompatible releases can share a dependency tree. Cargo hands
/// its `out` to the dependents as this variable.
pub fn dep_out_var(package_version: &str) -> String {
    format!(
        "DEP_{}_OUT",
        links(package_version).to_uppercase().replace('-', "_")
    )
}

/// The `links` value of the shared-types crate at `package_version`.
pub fn links(package_version: &str) -> String {
    let mut parts = package_version.split('.');
    let major = parts.next().unwrap_or("0");
    let key = if major == "0" {
        format!("0.{}", parts.next().unwrap_or("0"))
    } else {
        major.to_string()
    };
    format!("intercom-api-shared-types-{key}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_links_key_is_the_semver_compatible_part() {
        assert_eq!(super::links("0.1.3"), "intercom-api-shared-types-0.1");
        assert_eq!(super::links("1.4.0"), "intercom-api-shared-types-1");
        assert_eq!(
            super::dep_out_var("0.2.0"),
            "DEP_INTERCOM_API_SHARED_TYPES_0.2_OUT"
        );
    }
}
