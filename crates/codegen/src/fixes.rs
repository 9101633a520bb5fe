//! The fixes a build applies to one version's spec, and the report of them:
//! per version, each fix's id and how many places it changed (`FIXES`);
//! once for all versions, each fix's reason (`FIX_REASONS`). The tests put
//! the two together into one table (`fixes` snapshot).
//!
//! A patch entry's id is its file and place in it (`search.json#2`); a
//! pass's is its name.

use crate::patches::PatchEntry;
use crate::{passes, patches, spec};
use std::fmt::Write as _;

/// What the generated-code steps count (after the spec's fixes).
const GENERATED: &[(&str, &str)] = &[
    (
        "open_enums",
        "every string enum keeps values the spec does not list, as `Unknown(String)`",
    ),
    (
        "answer_builders",
        "struct builders dropped: no request body reaches their type",
    ),
];

/// The id of each entry, in the order of `entries` (`file#n`, n from 1
/// within its file).
fn ids(entries: &[PatchEntry]) -> Vec<String> {
    let mut seen: std::collections::BTreeMap<&str, usize> = Default::default();
    entries
        .iter()
        .map(|e| {
            let n = seen.entry(&e.file).or_default();
            *n += 1;
            format!("{}#{n}", e.file)
        })
        .collect()
}

/// Applies the patches and passes to one version's spec. Returns the report
/// lines (`id: count`) and notes worth a warning (an unpinned build's
/// patches that are no longer needed).
pub fn apply(
    doc: &mut serde_json::Value,
    version: &str,
    order: &[&str],
    entries: &[PatchEntry],
) -> Result<(String, Vec<String>), String> {
    let ids = ids(entries);
    let mut report = String::new();
    let (applied, notes) =
        patches::apply_for_build(doc, version, order, entries, spec::unpinned())?;
    for (file, reason, n) in applied {
        let id = entries
            .iter()
            .zip(&ids)
            .find(|(e, _)| e.file == file && e.reason == reason && e.applies_to(version, order))
            .map_or(file.as_str(), |(_, id)| id.as_str());
        writeln!(report, "{id}: {n}").unwrap();
    }
    for (pass, n) in passes::run_all(doc) {
        writeln!(report, "{}: {n}", pass.name).unwrap();
    }
    Ok((report, notes))
}

/// `report` with the generated-code counts added.
pub fn with_generated(report: &str, opened: usize, dropped: usize) -> String {
    let mut out = report.to_string();
    for ((name, _), n) in GENERATED.iter().zip([opened, dropped]) {
        writeln!(out, "{name}: {n}").unwrap();
    }
    out
}

/// Every fix's id and reason, one per line (`id\treason`), listed once:
/// patch entries (`openapi/patches/`), passes (`passes`), then the
/// generated-code steps.
pub fn reasons(entries: &[PatchEntry]) -> String {
    let mut out = String::new();
    for (e, id) in entries.iter().zip(ids(entries)) {
        writeln!(out, "{id}\t{}", e.reason).unwrap();
    }
    for p in passes::PASSES {
        writeln!(out, "{}\t{}", p.name, p.reason).unwrap();
    }
    for (name, reason) in GENERATED {
        writeln!(out, "{name}\t{reason}").unwrap();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(file: &str, reason: &str) -> PatchEntry {
        serde_json::from_value::<PatchEntry>(serde_json::json!({"reason": reason, "patch": []}))
            .map(|mut e| {
                e.file = file.into();
                e
            })
            .unwrap()
    }

    #[test]
    fn ids_count_within_each_file() {
        let entries = [
            entry("a.json", "x"),
            entry("b.json", "y"),
            entry("a.json", "z"),
        ];
        assert_eq!(ids(&entries), ["a.json#1", "b.json#1", "a.json#2"]);
        let reasons = reasons(&entries);
        assert!(reasons.starts_with("a.json#1\tx\nb.json#1\ty\na.json#2\tz\n"));
        assert!(reasons.contains("\nopen_enums\t"));
        assert_eq!(
            with_generated("p: 1\n", 3, 4),
            "p: 1\nopen_enums: 3\nanswer_builders: 4\n"
        );
    }
}
