//! What several modules' unit tests read: the pins and the specs, loaded as
//! the build loads them.

use crate::{passes, patches, spec};
use serde_json::Value;

/// `(version, feature)` of every pin, oldest first.
pub fn pins() -> Vec<(String, String)> {
    spec::read_pins(&crate::root().join("openapi/versions.json"))
        .unwrap()
        .into_iter()
        .map(|p| (p.version, p.feature))
        .collect()
}

/// The upstream description file of a pinned version (as the build finds it).
pub fn spec_file(version: &str) -> String {
    let pins = spec::read_pins(&crate::root().join("openapi/versions.json")).unwrap();
    let pin = pins
        .iter()
        .find(|p| p.version == version)
        .unwrap_or_else(|| panic!("no pin for {version}"));
    let dir = spec::descriptions_dir(&crate::root(), pin).unwrap();
    dir.join(&pin.file).display().to_string()
}

/// The spec of `version` with the patches and passes applied, as the build
/// generates from it.
pub fn patched(version: &str) -> Value {
    let pins = spec::read_pins(&crate::root().join("openapi/versions.json")).unwrap();
    let order: Vec<&str> = pins.iter().map(|p| p.version.as_str()).collect();
    let pin = pins.iter().find(|p| p.version == version).unwrap();
    let dir = spec::descriptions_dir(&crate::root(), pin).unwrap();
    let (_, mut doc) = spec::load(&dir, pin).unwrap();
    let entries = patches::read_all(&crate::root().join("openapi/patches"), &order).unwrap();
    patches::apply_all(&mut doc, version, &order, &entries).unwrap();
    passes::run_all(&mut doc);
    doc
}
