//! Every pinned version has a feature and a module; every version feature a pin.

use std::collections::BTreeSet;

pub fn pins() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/openapi/versions.json"
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
        "/openapi/versions.json"
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

/// Version features declared in Cargo.toml (`v2_14 = []`), and the members of `full`.
fn cargo_features() -> (BTreeSet<String>, BTreeSet<String>) {
    #[derive(serde::Deserialize)]
    struct Manifest {
        features: std::collections::BTreeMap<String, Vec<String>>,
    }
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml")).unwrap();
    let manifest: Manifest = toml::from_str(&text).unwrap();
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
