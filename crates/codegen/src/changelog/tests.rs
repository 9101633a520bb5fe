//! Following Intercom's revisions (`scripts/update-specs`, issue #23): patch
//! outcomes, unpinned loading, and the changelog, on small documents and on
//! real earlier upstream revisions (`$INTERCOM_OPENAPI_DIR/../intercom-openapi-history`,
//! read as the specs are; never copied into the repository).

use crate::{changelog, patches, spec};
use patches::Outcome;
use serde_json::{json, Value};
use std::path::PathBuf;

fn entry(file: &str, v: Value) -> patches::PatchEntry {
    let mut e: patches::PatchEntry = serde_json::from_value(v).unwrap();
    e.file = file.into();
    e
}

#[test]
fn each_entry_applies_whole_or_not_at_all_and_says_why() {
    let order = ["2.13", "2.14"];
    let entries = vec![
        entry(
            "a.json",
            json!({"reason": "fine", "patch": [
            {"op": "test", "path": "/x", "value": 1}, {"op": "replace", "path": "/x", "value": 2}]}),
        ),
        entry(
            "b.json",
            json!({"reason": "fixed upstream", "patch": [
            {"op": "add", "path": "/y", "value": 1}, {"op": "test", "path": "/x", "value": 1}]}),
        ),
        entry(
            "c.json",
            json!({"reason": "target gone", "patch": [
            {"op": "add", "path": "/z", "value": 1}, {"op": "merge", "path": "/gone", "value": {}}]}),
        ),
        entry(
            "d.json",
            json!({"reason": "not this version", "versions": ["2.13"],
            "patch": [{"op": "remove", "path": "/nowhere"}]}),
        ),
    ];
    let mut doc = json!({"x": 1});
    let outcomes = patches::apply_each(&mut doc, "2.14", &order, &entries);
    // b and c failed at their second operation: their first is undone.
    assert_eq!(doc, json!({"x": 2}));
    let got: Vec<(&str, &Outcome)> = outcomes.iter().map(|(e, o)| (e.file.as_str(), o)).collect();
    assert_eq!(got.len(), 3, "d does not reach 2.14");
    assert_eq!(got[0], ("a.json", &Outcome::Applied(2)));
    assert!(
        matches!(got[1].1, Outcome::Fixed(m) if m.contains("`test /x` failed")),
        "{:?}",
        got[1]
    );
    assert!(
        matches!(got[2].1, Outcome::Missing(m) if m.contains("/gone")),
        "{:?}",
        got[2]
    );

    // The build: pinned, a failing `test` stops it; unpinned, it is skipped
    // with a note; a missing target stops it either way.
    let (ab, c) = (&entries[..2], &entries[2..3]);
    let err =
        patches::apply_for_build(&mut json!({"x": 1}), "2.14", &order, ab, false).unwrap_err();
    assert!(
        err.contains("b.json (fixed upstream)") && err.contains("fixed it upstream"),
        "{err}"
    );
    let mut doc = json!({"x": 1});
    let (applied, notes) = patches::apply_for_build(&mut doc, "2.14", &order, ab, true).unwrap();
    assert_eq!(applied, vec![("a.json".to_string(), "fine".to_string(), 2)]);
    assert_eq!(notes.len(), 1);
    assert!(
        notes[0].contains("unpinned")
            && notes[0].contains("b.json")
            && notes[0].contains("skipped"),
        "{}",
        notes[0]
    );
    assert_eq!(doc, json!({"x": 2}));
    let err = patches::apply_for_build(&mut json!({"x": 1}), "2.14", &order, c, true).unwrap_err();
    assert!(
        err.contains("c.json (target gone)") && err.contains("/gone"),
        "{err}"
    );
}

#[test]
fn an_unpinned_description_loads_only_when_asked_with_a_warning_naming_it() {
    let dir = std::env::temp_dir().join(format!("intercom-unpinned-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("descriptions/9.9")).unwrap();
    let text = b"openapi: 3.0.1\npaths: {}\n";
    std::fs::write(dir.join("descriptions/9.9/api.intercom.io.yaml"), text).unwrap();
    let pin = spec::Pin {
        version: "9.9".into(),
        feature: "v9_9".into(),
        file: "descriptions/9.9/api.intercom.io.yaml".into(),
        sha256: "0".repeat(64),
    };
    let sha = spec::sha256(text);
    let err = spec::load_for_build(&dir, &pin, false).err().unwrap();
    assert!(
        err.contains("does not match its pin") && err.contains("INTERCOM_API_UNPINNED"),
        "{err}"
    );
    let (_, doc, note) = spec::load_for_build(&dir, &pin, true).unwrap();
    assert_eq!(doc["openapi"], "3.0.1");
    let note = note.expect("a warning");
    assert!(
        note.contains(&sha) && note.contains("not the pinned") && note.contains("9.9"),
        "{note}"
    );
    // The pinned file needs no warning, flag or not.
    let pinned = spec::Pin { sha256: sha, ..pin };
    assert!(spec::load_for_build(&dir, &pinned, true)
        .unwrap()
        .2
        .is_none());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn changelog_names_operations_fields_types_and_patches() {
    let old = json!({"paths": {
        "/a": {"get": {"operationId": "getA", "parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}}],
            "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/a"}}}}}}},
        "/gone": {"delete": {"operationId": "dropIt"}}},
        "components": {"schemas": {
            "a": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}, "n": {"type": "integer"},
                "state": {"type": "string", "enum": ["open", "closed"]}, "inner": {"type": "object", "properties": {"k": {"type": "string"}}}}},
            "old_type": {"type": "object"}}}});
    let new = json!({"paths": {
        "/a": {"get": {"operationId": "getA", "parameters": [{"name": "q", "in": "query", "required": true, "schema": {"type": "string"}},
            {"name": "page", "in": "query", "schema": {"type": "integer"}}],
            "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/b"}}}}}}},
        "/b": {"post": {"operationId": "postB"}}},
        "components": {"schemas": {
            "a": {"type": "object", "properties": {"id": {"type": "string"}, "n": {"type": "string"},
                "state": {"type": "string", "enum": ["open", "snoozed"]}, "inner": {"type": "object", "properties": {"k": {"type": "string"}, "l": {"type": "boolean"}}}}},
            "b": {"type": "object"}}}});
    let fixed = Outcome::Fixed("`test /x` failed".into());
    let log = changelog::diff(
        &(old, vec![("p.json (r)".into(), Outcome::Applied(1))]),
        &(new, vec![("p.json (r)".into(), fixed)]),
    );
    assert_eq!(log.ops_added, ["`POST /b` (`postB`)"]);
    assert_eq!(log.ops_removed, ["`DELETE /gone` (`dropIt`)"]);
    assert_eq!(log.ops_changed.len(), 1);
    assert_eq!(
        log.ops_changed[0].1,
        [
            "query parameter `page` added (integer)",
            "query parameter `q`: string → string, required",
            "answer: type `a` → `b`",
        ]
    );
    assert_eq!(log.types_added, ["b"]);
    assert_eq!(log.types_removed, ["old_type"]);
    assert_eq!(log.types_changed.len(), 1);
    let (name, mut changes) = log.types_changed[0].clone();
    changes.sort();
    assert_eq!(name, "a");
    assert_eq!(
        changes,
        [
            "field `id` now optional",
            "field `inner.l` added (boolean)",
            "field `n`: type integer → string",
            "field `state`: values added: `snoozed`",
            "field `state`: values removed: `closed`",
        ]
    );
    assert_eq!(log.broken_patches().count(), 1);
    let text = log.render("Intercom API 9.9");
    assert!(
        text.contains("p.json (r): no longer needed") && text.contains("never edits patches"),
        "{text}"
    );
    assert!(
        text.contains("Operations added (1):\n- `POST /b` (`postB`)"),
        "{text}"
    );
}

/// `$INTERCOM_OPENAPI_DIR/../intercom-openapi-history/<folder>`'s file.
fn revision(folder: &str, dir: &str) -> PathBuf {
    let specs = std::env::var("INTERCOM_OPENAPI_DIR")
        .expect("INTERCOM_OPENAPI_DIR (set in .cargo/config.toml)");
    let path = PathBuf::from(specs)
        .join("../intercom-openapi-history")
        .join(folder)
        .join(format!("descriptions/{dir}/api.intercom.io.yaml"));
    assert!(
        path.is_file(),
        "{} is missing (see ../shared/intercom-openapi-history/SOURCE.md)",
        path.display()
    );
    path
}

/// The changelog from `old` to `new`, both of `version`, each with this
/// repository's patches (plus `extra`) and passes, as scripts/update-specs
/// computes it.
fn changelog_of(
    version: &str,
    old: &PathBuf,
    new: &PathBuf,
    extra: Vec<patches::PatchEntry>,
) -> changelog::Changelog {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let pins = crate::test_support::pins();
    let order: Vec<&str> = pins.iter().map(|(v, _)| v.as_str()).collect();
    let mut entries = patches::read_all(&root.join("openapi/patches"), &order).unwrap();
    entries.extend(extra);
    let read =
        |p: &PathBuf| -> Value { yaml_serde::from_slice(&std::fs::read(p).unwrap()).unwrap() };
    changelog::diff(
        &changelog::model(read(old), version, &order, &entries),
        &changelog::model(read(new), version, &order, &entries),
    )
}

fn has(list: &[String], item: &str) -> bool {
    list.iter().any(|i| i == item)
}

fn change<'a>(list: &'a [(String, Vec<String>)], name: &str) -> &'a [String] {
    let found = list.iter().find(|(n, _)| n == name);
    &found
        .unwrap_or_else(|| panic!("no change listed for {name}"))
        .1
}

/// Each earlier revision → its pin, as if the pin were Intercom's new drop.
/// Every change asserted was checked by hand in the YAML files (operation
/// lists, the fields named); every patch that reaches these versions applies
/// to both files (checked by hand too), so no patch is listed.
#[test]
fn real_revisions_to_their_pins() {
    let pin = |v: &str| PathBuf::from(crate::test_support::spec_file(v));
    let log = changelog_of(
        "2.13",
        &revision("2.13-2026-02-01", "2.13"),
        &pin("2.13"),
        vec![],
    );
    assert!(log.ops_added.is_empty() && log.ops_removed.is_empty());
    assert!(has(
        change(&log.ops_changed, "`GET /admins` (`listAdmins`)"),
        "query parameter `display_avatar` added (boolean)"
    ));
    assert!(
        has(&log.types_added, "ticket_deleted") && has(&log.types_added, "conversation_list_item")
    );
    assert!(has(
        change(&log.types_changed, "conversation"),
        "field `team_assignee_id`: type string or null → integer or null"
    ));
    let merge = change(&log.types_changed, "merge_contacts_request");
    assert!(has(merge, "field `from` now required") && has(merge, "field `into` now required"));
    assert!(has(
        change(&log.types_changed, "single_filter_search_request"),
        "field `operator`: values added: `<=`, `>=`"
    ));
    assert!(log.patches.is_empty());

    let log = changelog_of(
        "2.14",
        &revision("2.14-2026-03-01", "2.14"),
        &pin("2.14"),
        vec![],
    );
    let fin: Vec<String> = ["csat", "reply", "start"]
        .iter()
        .map(|o| format!("`POST /fin/{o}`"))
        .collect();
    for f in &fin {
        assert!(
            log.ops_added.iter().any(|o| o.starts_with(f.as_str())),
            "{f} in {:?}",
            log.ops_added
        );
    }
    assert_eq!(log.ops_added.len(), 3);
    assert_eq!(log.ops_removed.len(), 4);
    assert!(log
        .ops_removed
        .iter()
        .all(|o| o.starts_with("`POST /custom_channel_events/notify_")));
    assert!(has(&log.types_removed, "custom_channel_contact"));
    assert!(has(
        change(&log.types_changed, "conversation"),
        "field `company_id` removed"
    ));
    // The 2.14 revision still described GET /away_status_reasons as the bare
    // array the live API sends; the pin describes a wrapper, which the
    // wire-facts patch corrects: before, its `test` fails (not needed), at
    // the pin it applies.
    assert_eq!(
        log.patches.len(),
        1,
        "{:?}",
        log.patches.iter().map(|p| &p.entry).collect::<Vec<_>>()
    );
    let away = &log.patches[0];
    assert!(away.entry.contains("away_status_reasons"), "{}", away.entry);
    assert!(matches!(away.old, Outcome::Fixed(_)), "{:?}", away.old);
    assert!(matches!(away.new, Outcome::Applied(_)), "{:?}", away.new);

    let log = changelog_of(
        "2.15",
        &revision("2.15-2026-05-01", "2.15"),
        &pin("2.15"),
        vec![],
    );
    assert!(has(
        &log.ops_added,
        "`GET /conversations/{id}/handling_events` (`listHandlingEvents`)"
    ));
    assert!(has(&log.ops_added, "`POST /fin/csat` (`submitFinCsat`)"));
    assert_eq!((log.ops_added.len(), log.ops_removed.len()), (2, 0));
    assert!(has(&log.types_added, "handling_event"));
    assert!(has(
        change(&log.types_changed, "intercom_version"),
        "values added: `2.15`"
    ));

    let log = changelog_of(
        "Preview",
        &revision("0-2026-02-15", "0"),
        &pin("Preview"),
        vec![],
    );
    assert_eq!((log.ops_added.len(), log.ops_removed.len()), (98, 5));
    assert!(has(
        &log.ops_removed,
        "`GET /companies/{id}/notes` (`listCompanyNotes`)"
    ));
    let log = changelog_of(
        "Preview",
        &revision("0-2026-06-01", "0"),
        &pin("Preview"),
        vec![],
    );
    assert_eq!((log.ops_added.len(), log.ops_removed.len()), (46, 0));
    assert!(log
        .ops_added
        .iter()
        .any(|o| o.starts_with("`DELETE /office_hours_schedules/{id}`")));
    // As in 2.14: that revision still had the bare array.
    assert_eq!(log.patches.len(), 1);
    assert!(log.patches[0].entry.contains("away_status_reasons"));
    assert!(matches!(log.patches[0].old, Outcome::Fixed(_)));
}

/// Patches on real revisions: none of this repository's entries fails on
/// them, so two entries are written here the way a maintainer would have
/// written them against the older file; the newer file makes one
/// unnecessary (Intercom added the values) and the other inapplicable
/// (Intercom removed the type).
#[test]
fn real_revisions_make_a_patch_unneeded_or_inapplicable() {
    let operator = "/components/schemas/single_filter_search_request/properties/operator/enum";
    let needed_before = entry(
        "x.json",
        json!({"reason": "operators `<=`/`>=` work on the live API", "versions": ["2.13"],
        "patch": [{"op": "test", "path": operator, "value": ["=", "!=", "IN", "NIN", "<", ">", "~", "!~", "^", "$"]},
                  {"op": "add", "path": format!("{operator}/-"), "value": ">="}]}),
    );
    let old = revision("2.13-2026-02-01", "2.13");
    let log = changelog_of(
        "2.13",
        &old,
        &PathBuf::from(crate::test_support::spec_file("2.13")),
        vec![needed_before],
    );
    assert_eq!(log.patches.len(), 1);
    let p = &log.patches[0];
    assert_eq!(p.old, Outcome::Applied(2));
    assert!(
        matches!(&p.new, Outcome::Fixed(m) if m.contains(operator)),
        "{:?}",
        p.new
    );
    assert!(log
        .render("2.13")
        .contains("x.json (operators `<=`/`>=` work on the live API): no longer needed"));

    let gone = entry(
        "y.json",
        json!({"reason": "away status reasons list", "versions": ["2.14"],
        "patch": [{"op": "merge", "path": "/components/schemas/away_status_reason_list", "value": {"description": "x"}}]}),
    );
    let pin = PathBuf::from(crate::test_support::spec_file("2.14"));
    let log = changelog_of(
        "2.14",
        &pin,
        &revision("2.14-2026-03-01", "2.14"),
        vec![gone],
    );
    // The wire-facts patch of that operation is no longer needed there (see
    // above); the made-up entry no longer applies.
    assert_eq!(log.broken_patches().count(), 2);
    let y = log
        .patches
        .iter()
        .find(|p| p.entry.contains("y.json"))
        .unwrap();
    assert!(matches!(&y.new, Outcome::Missing(m) if m.contains("away_status_reason_list")));
    assert!(has(&log.types_removed, "away_status_reason_list"));
}
