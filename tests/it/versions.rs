//! Every pinned version has a feature and a module; every version feature a pin.

use std::collections::BTreeSet;

pub fn pins() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/crates/codegen/openapi/versions.json"
    ))
    .unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    doc["versions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["version"].as_str().unwrap().to_string(),
                v["feature"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The upstream description file of a pinned version, under INTERCOM_OPENAPI_DIR.
pub fn spec_file(version: &str) -> String {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/crates/codegen/openapi/versions.json"
    ))
    .unwrap();
    let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    let pin = doc["versions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["version"] == version)
        .unwrap_or_else(|| panic!("no pin for {version}"));
    let dir = std::env::var("INTERCOM_OPENAPI_DIR")
        .expect("INTERCOM_OPENAPI_DIR (set in .cargo/config.toml)");
    format!("{dir}/{}", pin["file"].as_str().unwrap())
}

/// What these tests read of a crate's Cargo.toml.
#[derive(serde::Deserialize)]
struct Manifest {
    package: Package,
    #[serde(default)]
    features: std::collections::BTreeMap<String, Vec<String>>,
    #[serde(default)]
    dependencies: std::collections::BTreeMap<String, toml::Value>,
}

#[derive(serde::Deserialize)]
struct Package {
    name: String,
}

/// The Cargo.toml at `path` (relative to the repository).
fn manifest(path: &str) -> Manifest {
    let file = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file}: {e}"));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// Version features declared in Cargo.toml (`v2_14 = […]`), and the members of `full`.
fn cargo_features() -> (BTreeSet<String>, BTreeSet<String>) {
    let manifest = manifest("Cargo.toml");
    let features = manifest
        .features
        .keys()
        .filter(|name| {
            let numbered = name.starts_with('v')
                && name.len() > 1
                && name[1..].chars().all(|c| c.is_ascii_digit() || c == '_');
            numbered || *name == "preview"
        })
        .cloned()
        .collect();
    let full = manifest
        .features
        .get("full")
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .collect();
    (features, full)
}

#[test]
fn pins_features_and_modules_agree() {
    let pins = pins();
    let (features, full) = cargo_features();
    let pinned: BTreeSet<String> = pins.iter().map(|(_, f)| f.clone()).collect();
    assert_eq!(
        pinned, features,
        "every pin needs a feature line in Cargo.toml, and every version feature a pin"
    );
    assert_eq!(pinned, full, "`full` enables every version");
    for (version, feature) in &pins {
        let expected = match version.chars().next() {
            Some(c) if c.is_ascii_digit() => format!("v{}", version.replace('.', "_")),
            _ => version.to_lowercase(),
        };
        assert_eq!(feature, &expected, "feature name follows the version");
    }
    // The modules compiled are pinned versions; with `full`, all of them.
    let compiled: BTreeSet<&str> = intercom_api::VERSIONS.iter().copied().collect();
    let pinned: BTreeSet<&str> = pins.iter().map(|(v, _)| v.as_str()).collect();
    assert!(compiled.is_subset(&pinned), "{compiled:?} ⊄ {pinned:?}");
    if cfg!(feature = "full") {
        assert_eq!(
            compiled, pinned,
            "with `full`, every pinned version has its module"
        );
    }
}

/// Each pin has its crate (`crates/<feature>`, package `intercom-api-<feature>`
/// with `-` for `_`), which enables the shared-types crate's feature of that
/// name (the generator writes the versions it enables); the facade's feature
/// of that name enables the crate, and its optional parts are forwarded. A
/// version crate's source is the same for every version (its build script
/// finds the version in its package name), so a new version's crate is a
/// copy (`scripts/new-version` writes all of this).
#[test]
fn each_pin_has_its_crate_and_the_features_reach_it() {
    let facade = manifest("Cargo.toml");
    let generated = manifest("crates/shared-types/Cargo.toml");
    let read = |path: String| {
        let file = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file}: {e}"))
    };
    let template = |name: &str| read(format!("crates/v2_14/{name}"));
    for (_, feature) in pins() {
        let krate = manifest(&format!("crates/{feature}/Cargo.toml"));
        let package = format!("intercom-api-{}", feature.replace('_', "-"));
        assert_eq!(krate.package.name, package, "crates/{feature}");
        assert_eq!(
            facade.features.get(&feature),
            Some(&vec![format!("dep:{package}")]),
            "the facade's feature {feature}"
        );
        assert!(
            facade.dependencies.contains_key(&package),
            "the facade depends on {package}"
        );
        assert_eq!(
            generated.features.get(&feature),
            Some(&vec![]),
            "the generator's feature {feature}"
        );
        for part in ["mock", "conformance", "__test-support"] {
            assert!(
                facade.features[part].contains(&format!("{package}?/{part}")),
                "the facade's `{part}` reaches {package}"
            );
        }
        let on_generated = &krate.dependencies["intercom-api-shared-types"];
        assert_eq!(
            on_generated.get("features").and_then(toml::Value::as_array),
            Some(&vec![toml::Value::String(feature.clone())]),
            "{package} enables the shared types' {feature}"
        );
        for name in ["src/lib.rs", "build.rs"] {
            assert!(
                read(format!("crates/{feature}/{name}")) == template(name),
                "crates/{feature}/{name} is the same as every version crate's"
            );
        }
    }
}

/// `links` carries the semver-compatible part of the version, and the
/// generator computes the same name.
#[test]
fn links_carries_the_compatibility_key() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/crates/shared-types/Cargo.toml"
    ))
    .unwrap();
    let doc: toml::Value = toml::from_str(&text).unwrap();
    let version = env!("CARGO_PKG_VERSION");
    let mut parts = version.split('.');
    let key = match parts.next().unwrap() {
        "0" => format!("0.{}", parts.next().unwrap()),
        major => major.to_string(),
    };
    assert_eq!(
        doc["package"]["links"].as_str(),
        Some(format!("intercom-api-shared-types-{key}").as_str())
    );
}

#[cfg(all(feature = "v2_9", feature = "v2_14"))]
#[test]
fn each_module_names_its_version() {
    assert_eq!(intercom_api::v2_9::API_VERSION, "2.9");
    assert_eq!(intercom_api::v2_14::API_VERSION, "2.14");
    assert_eq!(
        <intercom_api::v2_14::Client as intercom_api::VersionClient>::API_VERSION,
        "2.14"
    );
}
