//! Which types versions share.

use crate::{passes, patches, share, spec};
use serde_json::{json, Value};

/// A spec with `tag` (its schema given), `tag_list` (a list of tags) and a
/// request body `note`.
fn shares(tag: Value) -> Value {
    json!({
        "paths": {"/notes": {"post": {
            "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/note"}}}}
        }}, "/contacts": {"post": {
            "requestBody": {"content": {"application/json": {"schema": {"oneOf": [{"$ref": "#/components/schemas/contact"}]}}}}
        }}},
        "components": {"schemas": {
            "tag": tag,
            "tag_list": {"type": "object", "description": "Tags.", "properties": {
                "data": {"type": "array", "items": {"$ref": "#/components/schemas/tag"}}
            }},
            "note": {"type": "object", "properties": {"body": {"type": "string"}}},
            "contact": {"type": "object", "properties": {"email": {"type": "string"}}}
        }}
    })
}

#[test]
fn types_are_shared_when_equal_but_for_prose_and_only_with_equal_types_behind_them() {
    let v1 = shares(
        json!({"type": "object", "description": "A tag.", "properties": {"name": {"type": "string", "example": "vip"}}}),
    );
    let v2 = shares(
        json!({"type": "object", "description": "A tag, newer prose.", "properties": {"name": {"type": "string"}}}),
    );
    let v3 = shares(json!({"type": "object", "properties": {"label": {"type": "string"}}}));
    let plan = share::plan(&[&v1, &v2, &v3]);
    let names = |v: usize| plan.shared[v].keys().cloned().collect::<Vec<_>>();
    // Prose differs: one type. A field differs: v3's tag is its own, and so
    // is its tag_list, which refers to it.
    assert_eq!(names(0), ["tag", "tag_list"]);
    assert_eq!(names(1), ["tag", "tag_list"]);
    assert!(names(2).is_empty(), "{:?}", names(2));
    assert_eq!(plan.shared[1]["tag"], 0, "the home is the first version");
    // Emitted once, from the newest member's schema (the newest docs).
    assert_eq!(plan.homes[&0]["tag"], 1);
    assert_eq!(
        share::listing(&plan, &["1", "2", "3"]),
        "Tag: 1 2\nTagList: 1 2\n"
    );
    // The home's spec holds its types and nothing else.
    let home = share::home_spec(&[&v1, &v2, &v3], &plan, 0);
    let mut held: Vec<_> = home["components"]["schemas"]
        .as_object()
        .unwrap()
        .keys()
        .collect();
    held.sort();
    assert_eq!(held, ["tag", "tag_list"]);
    assert_eq!(
        home["components"]["schemas"]["tag"]["description"],
        "A tag, newer prose."
    );
}

#[test]
fn request_bodies_are_never_shared_and_a_field_named_like_prose_still_counts() {
    let v1 = shares(json!({"type": "object", "properties": {"description": {"type": "string"}}}));
    let v2 = shares(json!({"type": "object", "properties": {"description": {"type": "integer"}}}));
    let v3 = shares(json!({"type": "object", "properties": {"name": {"type": "string"}}}));
    let plan = share::plan(&[&v1, &v2, &v3]);
    for v in 0..3 {
        assert!(
            !plan.shared[v].contains_key("note"),
            "a body root stays in its version"
        );
    }
    // `description` is a property here, not prose: v1 and v2 differ.
    assert!(plan.shared[0].is_empty(), "{:?}", plan.shared[0]);
    assert_eq!(
        share::canonical(&json!({"b": 1, "a": {"description": "x", "c": 2}})),
        r#"{"a":{"c":2},"b":1}"#
    );
}

#[test]
fn recursive_types_are_shared_through_the_fixpoint() {
    let doc = |leaf: &str| {
        json!({"paths": {}, "components": {"schemas": {
            "node": {"type": "object", "properties": {
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/node"}},
                "leaf": {"$ref": "#/components/schemas/leaf"}
            }},
            "leaf": {"type": leaf}
        }}})
    };
    let same = share::plan(&[&doc("string"), &doc("string")]);
    assert_eq!(same.shared[1].len(), 2);
    let differ = share::plan(&[&doc("string"), &doc("integer")]);
    assert!(
        differ.shared[1].is_empty(),
        "node stands on a leaf that differs"
    );
}

/// Which types the versions share, pinned for every pin at once (whatever
/// features this test binary was built with): public API, read like code.
#[test]
fn the_shared_types_of_every_pin_are_pinned() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let pins = spec::read_pins(&root.join("openapi/versions.json")).unwrap();
    let order: Vec<&str> = pins.iter().map(|p| p.version.as_str()).collect();
    let entries = patches::read_all(&root.join("openapi/patches"), &order).unwrap();
    let docs: Vec<Value> = pins
        .iter()
        .map(|pin| {
            let dir = spec::descriptions_dir(root, pin).unwrap();
            let (_, mut doc) = spec::load(&dir, pin).unwrap();
            patches::apply_all(&mut doc, &pin.version, &order, &entries).unwrap();
            passes::run_all(&mut doc);
            doc
        })
        .collect();
    let plan = share::plan(&docs.iter().collect::<Vec<_>>());
    let listing = share::listing(&plan, &order);
    assert!(listing.lines().count() > 100, "{listing}");
    insta::assert_snapshot!("shared_types", listing);
}
