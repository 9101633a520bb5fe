//! Unit tests of the build code's passes and patch engine (the files are
//! shared with `crates/generated/build.rs`).

#[allow(dead_code)]
#[path = "../../crates/generated/build/passes.rs"]
pub(crate) mod passes;
#[allow(dead_code)]
#[path = "../../crates/generated/build/patches.rs"]
pub(crate) mod patches;
// The changelog of scripts/update-specs (tests/it/spec_history.rs).
#[allow(dead_code)]
#[path = "../../crates/generated/build/changelog.rs"]
pub(crate) mod changelog;

use serde_json::{json, Value};

fn run(name: &str, doc: &mut Value) -> usize {
    let pass = passes::PASSES
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no pass {name}"));
    (pass.run)(doc)
}

#[test]
fn strip_version_header_removes_only_that_header() {
    let mut doc = json!({"paths": {"/me": {
    "parameters": [{"name": "Intercom-Version", "in": "header"}],
    "get": {"parameters": [
        {"name": "intercom-version", "in": "header", "schema": {}},
        {"name": "Intercom-Version", "in": "query"},
        {"name": "page", "in": "query"}
    ]}}}});
    assert_eq!(run("strip_version_header", &mut doc), 2);
    assert_eq!(doc["paths"]["/me"]["parameters"], json!([]));
    let names: Vec<_> = doc["paths"]["/me"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["in"].clone())
        .collect();
    assert_eq!(names, vec![json!("query"), json!("query")]);
}

#[test]
fn synthesize_operation_ids_only_fills_missing_ones() {
    let mut doc = json!({"paths": {"/export/reporting_data/{job_identifier}": {
        "get": {}, "post": {"operationId": "keep"}}}});
    assert_eq!(run("synthesize_operation_ids", &mut doc), 1);
    assert_eq!(
        doc["paths"]["/export/reporting_data/{job_identifier}"]["get"]["operationId"],
        "get_export_reporting_data_by_job_identifier"
    );
    assert_eq!(
        doc["paths"]["/export/reporting_data/{job_identifier}"]["post"]["operationId"],
        "keep"
    );
}

#[test]
fn string_path_ids_makes_only_path_ids_text() {
    let mut doc = json!({"paths": {"/contacts/{id}/notes": {"post": {"parameters": [
        {"name": "id", "in": "path", "required": true, "example": 123, "schema": {"type": "integer"}},
        {"name": "admin_id", "in": "query", "schema": {"type": "integer"}},
        {"name": "page", "in": "path", "schema": {"type": "integer"}}]}},
        "/notes/{note_id}": {"get": {"parameters": [
        {"name": "note_id", "in": "path", "required": true, "schema": {"type": "integer"}}]}}}});
    assert_eq!(run("string_path_ids", &mut doc), 2);
    let p = &doc["paths"]["/contacts/{id}/notes"]["post"]["parameters"];
    assert_eq!(p[0]["schema"], json!({"type": "string"}));
    assert_eq!(p[0]["example"], "123");
    assert_eq!(
        p[1]["schema"]["type"], "integer",
        "query ids are left alone"
    );
    assert_eq!(p[2]["schema"]["type"], "integer", "only ids");
    assert_eq!(
        doc["paths"]["/notes/{note_id}"]["get"]["parameters"][0]["schema"]["type"],
        "string"
    );
}

#[test]
fn path_params_in_path_moves_template_params() {
    let mut doc = json!({"paths": {"/jobs/{job_identifier}": {"get": {"parameters": [
        {"name": "job_identifier", "in": "query", "required": false},
        {"name": "other", "in": "query"}]}}}});
    assert_eq!(run("path_params_in_path", &mut doc), 1);
    let p = &doc["paths"]["/jobs/{job_identifier}"]["get"]["parameters"];
    assert_eq!(
        p[0],
        json!({"name": "job_identifier", "in": "path", "required": true})
    );
    assert_eq!(p[1]["in"], "query");
}

#[test]
fn schemaless_media_gets_any_schema() {
    let mut doc = json!({"paths": {"/x": {"put": {"responses": {
        "200": {"content": {"application/json": {"schema": {"type": "object"}}}},
        "400": {"content": {"application/json": {"examples": {}}}}}}}}});
    assert_eq!(run("schemaless_media", &mut doc), 1);
    assert_eq!(
        doc["paths"]["/x"]["put"]["responses"]["400"]["content"]["application/json"]["schema"],
        json!({})
    );
}

#[test]
fn errors_via_runtime_keeps_only_success_responses() {
    let mut doc = json!({"paths": {"/x": {"get": {"responses": {
        "200": {}, "204": {}, "401": {}, "404": {}, "default": {}}}}}});
    assert_eq!(run("errors_via_runtime", &mut doc), 3);
    assert_eq!(
        doc["paths"]["/x"]["get"]["responses"],
        json!({"200": {}, "204": {}})
    );
}

#[test]
fn strip_titles_spares_properties_and_examples_named_title() {
    let mut doc = json!({"components": {"schemas": {"article": {
        "title": "Article",
        "type": "object",
        "properties": {"title": {"type": "string", "title": "Title"}},
        "example": {"title": "kept"}}}}});
    assert_eq!(run("strip_titles", &mut doc), 2);
    let a = &doc["components"]["schemas"]["article"];
    assert!(a.get("title").is_none());
    assert_eq!(a["properties"]["title"], json!({"type": "string"}));
    assert_eq!(a["example"]["title"], "kept");
}

#[test]
fn disambiguate_inline_names_renames_only_colliding_inline_schemas() {
    let mut doc = json!({"components": {"schemas": {
        "ticket": {"properties": {
            "type": {"type": "string", "enum": ["ticket"]},
            "state": {"type": "string", "enum": ["open"]},
            "ticket_type": {"$ref": "#/components/schemas/ticket_type"}}},
        "ticket_type": {"type": "object"}}}});
    assert_eq!(run("disambiguate_inline_names", &mut doc), 1);
    assert_eq!(
        doc["components"]["schemas"]["ticket"]["properties"]["type"]["title"],
        "TicketTypeValue"
    );
    assert!(
        doc["components"]["schemas"]["ticket"]["properties"]["state"]
            .get("title")
            .is_none()
    );
    assert_eq!(passes::pascal_case("ticket_type"), "TicketType");
    assert_eq!(passes::pascal_case("Ticket Type"), "TicketType");
}

#[test]
fn scalar_any_of_becomes_one_of_but_object_any_of_stays() {
    let mut doc = json!({"components": {"schemas": {
        "attrs": {"type": "object", "additionalProperties": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
        "req": {"anyOf": [{"properties": {"a": {}}}, {"properties": {"b": {}}}]}}}});
    assert_eq!(run("scalar_any_of", &mut doc), 1);
    let ap = &doc["components"]["schemas"]["attrs"]["additionalProperties"];
    assert!(ap.get("anyOf").is_none());
    assert_eq!(ap["oneOf"].as_array().unwrap().len(), 2);
    assert!(doc["components"]["schemas"]["req"].get("anyOf").is_some());
}

#[test]
fn unix_timestamps_become_int64_but_string_dates_stay() {
    let mut doc = json!({"components": {"schemas": {"c": {"properties": {
        "created_at": {"type": "integer", "format": "date-time"},
        "iso": {"type": "string", "format": "date-time"}}}}}});
    assert_eq!(run("unix_timestamps", &mut doc), 1);
    let p = &doc["components"]["schemas"]["c"]["properties"];
    assert_eq!(p["created_at"]["format"], "int64");
    assert_eq!(p["iso"]["format"], "date-time");
}

#[test]
fn lenient_uuids_drop_the_format() {
    let mut doc = json!({"paths": {"/x/{id}": {"get": {"parameters": [
        {"name": "id", "in": "path", "schema": {"type": "string", "format": "uuid"}}]}}}});
    assert_eq!(run("lenient_uuids", &mut doc), 1);
    assert_eq!(
        doc["paths"]["/x/{id}"]["get"]["parameters"][0]["schema"],
        json!({"type": "string"})
    );
}

#[test]
fn doc_code_blocks_are_never_rust() {
    let md = "Intro\n\n    curl https://api.intercom.io\n    -H x\n\nAfter\n```\nplain\n```\n```json\n{}\n```";
    let fixed = passes::text_code_blocks(md).unwrap();
    assert_eq!(fixed, "Intro\n\n```text\ncurl https://api.intercom.io\n-H x\n```\n\nAfter\n```text\nplain\n```\n```json\n{}\n```");
    assert_eq!(passes::text_code_blocks("no code here\n- a list"), None);
    let mut doc = json!({"paths": {"/x": {"get": {"description": "a\n\n    code", "example": {"description": "\n    not docs"}}}}});
    assert_eq!(run("doc_code_blocks", &mut doc), 1);
    assert_eq!(
        doc["paths"]["/x"]["get"]["example"]["description"],
        "\n    not docs"
    );
}

fn op(v: Value) -> Result<patches::Op, serde_json::Error> {
    serde_json::from_value(v)
}

#[test]
fn patches_apply_add_replace_remove_merge_and_fail_on_missing_targets() {
    let mut doc = json!({"a": {"b": [1, 2]}, "c~d": {"e/f": 1}});
    for o in [
        json!({"op": "test", "path": "/a/b/1", "value": 2}),
        json!({"op": "add", "path": "/a/b/-", "value": 3}),
        json!({"op": "add", "path": "/a/b/0", "value": 0}),
        json!({"op": "replace", "path": "/c~0d/e~1f", "value": 2}),
        json!({"op": "merge", "path": "/a", "value": {"x": {"y": 1}, "b": null}}),
        json!({"op": "remove", "path": "/c~0d/e~1f"}),
    ] {
        patches::apply_op(&mut doc, &op(o).unwrap()).unwrap();
    }
    assert_eq!(doc, json!({"a": {"x": {"y": 1}}, "c~d": {}}));
    let err = patches::apply_op(
        &mut doc,
        &op(json!({"op": "replace", "path": "/nope", "value": 1})).unwrap(),
    )
    .unwrap_err();
    assert!(err.contains("/nope"), "{err}");
    let missing = op(json!({"op": "remove", "path": "/a/missing"})).unwrap();
    assert!(patches::apply_op(&mut doc, &missing).is_err());
    let merge_missing = op(json!({"op": "merge", "path": "/zz", "value": {}})).unwrap();
    assert!(patches::apply_op(&mut doc, &merge_missing).is_err());
    // A `test` that fails says that the spec changed there (fixed upstream).
    let stale = op(json!({"op": "test", "path": "/a/x/y", "value": 2})).unwrap();
    let err = patches::apply_op(&mut doc, &stale).unwrap_err();
    assert!(
        err.contains("fixed it upstream") && err.contains("/a/x/y"),
        "{err}"
    );
    // Unknown operations and misspelt fields are refused when read.
    assert!(op(json!({"op": "frobnicate", "path": "/a"})).is_err());
    assert!(op(json!({"op": "merge", "path": "/a", "value": {}, "valeu": 1})).is_err());
}

fn entries_from(text: &str) -> Result<Vec<patches::PatchEntry>, String> {
    let dir = std::env::temp_dir().join(format!(
        "intercom-patches-{}-{}",
        std::process::id(),
        text.len()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("x.json"), text).unwrap();
    let out = patches::read_all(&dir, &["2.9", "2.13", "2.14", "2.15"]);
    std::fs::remove_dir_all(&dir).unwrap();
    out
}

#[test]
fn patch_entries_reach_the_versions_they_say() {
    let order = ["2.9", "2.13", "2.14", "2.15"];
    let all = entries_from(r#"[{"reason": "everywhere", "patch": []}]"#).unwrap();
    assert!(order.iter().all(|v| all[0].applies_to(v, &order)));
    let listed =
        entries_from(r#"[{"reason": "two", "versions": ["2.9", "2.14"], "patch": []}]"#).unwrap();
    let reached: Vec<_> = order
        .iter()
        .filter(|v| listed[0].applies_to(v, &order))
        .collect();
    assert_eq!(reached, [&"2.9", &"2.14"]);
    let from = entries_from(r#"[{"reason": "new ones", "from": "2.13", "patch": []}]"#).unwrap();
    let reached: Vec<_> = order
        .iter()
        .filter(|v| from[0].applies_to(v, &order))
        .collect();
    assert_eq!(
        reached,
        [&"2.13", &"2.14", &"2.15"],
        "a later version is reached with no edit"
    );
    // A typo is an error, not a patch applied to every version.
    let err = entries_from(r#"[{"reason": "typo", "version": ["2.9"], "patch": []}]"#).unwrap_err();
    assert!(err.contains("unknown field `version`"), "{err}");
    assert!(entries_from(
        r#"[{"reason": "both", "versions": ["2.9"], "from": "2.9", "patch": []}]"#
    )
    .is_err());
    assert!(
        entries_from(r#"[{"reason": "unknown", "from": "3.0", "patch": []}]"#)
            .unwrap_err()
            .contains("3.0")
    );
    assert!(entries_from(r#"[{"reason": " ", "patch": []}]"#).is_err());
}

#[test]
fn every_patch_entry_has_a_reason_and_known_versions() {
    let pins = crate::versions::pins();
    let order: Vec<&str> = pins.iter().map(|(v, _)| v.as_str()).collect();
    // read_all refuses unknown versions, misspelt fields and empty reasons.
    let entries = patches::read_all(
        std::path::Path::new(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/crates/generated/openapi/patches"
        )),
        &order,
    )
    .unwrap();
    assert!(!entries.is_empty());
    for e in &entries {
        assert!(e.reason.len() > 20, "{}: reason too short", e.file);
    }
}

fn paging_doc() -> Value {
    json!({
        "components": {"schemas": {
            "pages": {"type": "object", "properties": {"page": {}, "total_pages": {}, "next": {}}},
            "contact_list": {"type": "object", "properties": {"data": {"type": "array", "items": {}}, "pages": {"$ref": "#/components/schemas/pages"}}},
            "scroll": {"type": "object", "properties": {"data": {"type": "array"}, "scroll_param": {"type": "string"}}},
            "search": {"type": "object", "properties": {"data": {"type": "object", "properties": {
                "articles": {"type": "array"}, "highlights": {"type": "array"}}}, "pages": {"$ref": "#/components/schemas/pages"}}},
            "plain": {"type": "object", "properties": {"data": {"type": "array"}}}
        }},
        "paths": {
            "/contacts": {"get": {"parameters": [{"name": "starting_after", "in": "query"}],
                "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/contact_list"}}}}}}},
            "/contacts/search": {"post": {
                "requestBody": {"content": {"application/json": {"schema": {"properties": {"pagination": {}}}}}},
                "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/contact_list"}}}}}}},
            "/articles": {"get": {"parameters": [],
                "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/contact_list"}}}}}}},
            "/articles/search": {"get": {
                "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/search"}}}}}}},
            "/companies/scroll": {"get": {"parameters": [{"name": "scroll_param", "in": "query"}],
                "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/scroll"}}}}}}},
            "/segments": {"get": {
                "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/plain"}}}}}}},
            "/help_center/help_centers": {"get": {"parameters": [{"name": "page", "in": "query"}],
                "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/plain"}}}}}}}
        }
    })
}

/// The generator names the runtime's `PageKind` variants in the glue it
/// emits, from a list of its own (it cannot depend on the runtime): the two
/// lists are the same, in the same order.
#[test]
fn the_generator_names_every_runtime_page_kind() {
    let generator: Vec<&str> = passes::PageKind::ALL.iter().map(|k| k.name()).collect();
    let runtime: Vec<&str> = intercom_api::PageKind::ALL
        .iter()
        .map(|k| k.name())
        .collect();
    assert_eq!(generator, runtime);
    for k in intercom_api::PageKind::ALL {
        assert_eq!(format!("{k:?}"), k.name(), "name() is the variant's name");
    }
}

#[test]
fn pagination_is_classified_from_shapes() {
    use passes::PageKind::*;
    let doc = paging_doc();
    let found: Vec<(String, passes::PageKind, String)> = passes::paginated_operations(&doc)
        .into_iter()
        .map(|p| (p.path, p.kind, p.items.join(".")))
        .collect();
    assert_eq!(
        found,
        vec![
            ("/articles".to_string(), PageNumber, "data".to_string()),
            (
                "/articles/search".to_string(),
                PageNumber,
                "data.articles".to_string()
            ),
            ("/companies/scroll".to_string(), Scroll, "data".to_string()),
            ("/contacts".to_string(), Cursor, "data".to_string()),
            (
                "/contacts/search".to_string(),
                BodyCursor,
                "data".to_string()
            ),
            (
                "/help_center/help_centers".to_string(),
                PageUntilEmpty,
                "data".to_string()
            ),
        ]
    );
}

#[test]
fn pagination_params_are_added_to_page_numbered_lists_only() {
    let mut doc = paging_doc();
    assert_eq!(
        run("pagination_params", &mut doc),
        4,
        "page + per_page on /articles and /articles/search"
    );
    let names = |p: &str| -> Vec<String> {
        doc["paths"][p]["get"]["parameters"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|x| x["name"].as_str().unwrap().to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(names("/articles"), ["page", "per_page"]);
    assert_eq!(names("/contacts"), ["starting_after"]);
    assert!(names("/segments").is_empty());
    assert_eq!(run("pagination_params", &mut doc), 0, "idempotent");
}

#[test]
fn merge_all_of_copies_member_properties_and_keeps_own() {
    let mut doc = json!({"components": {"schemas": {
        "contact": {"type": "object", "required": ["id"], "properties": {"id": {"type": "string", "x-rust-type": {}}, "name": {"type": "string"}}},
        "show": {"allOf": [{"$ref": "#/components/schemas/contact"}], "properties": {"push": {"type": "boolean"}, "name": {"type": "integer"}}},
        "alias": {"allOf": [{"$ref": "#/components/schemas/contact"}]}
    }}});
    assert_eq!(
        run("merge_all_of", &mut doc),
        1,
        "a lone $ref without own properties is left to typify"
    );
    let show = &doc["components"]["schemas"]["show"];
    assert!(show.get("allOf").is_none());
    assert_eq!(
        show["properties"]["id"]["x-rust-type"],
        json!({}),
        "extensions survive"
    );
    assert_eq!(
        show["properties"]["name"]["type"], "integer",
        "own properties win"
    );
    assert_eq!(show["properties"]["push"]["type"], "boolean");
    assert_eq!(show["required"], json!(["id"]));
    assert!(doc["components"]["schemas"]["alias"].get("allOf").is_some());
}

#[test]
fn plain_object_components_drop_top_level_nullable_only() {
    let mut doc = json!({"components": {"schemas": {
        "admin": {"type": "object", "nullable": true, "properties": {"avatar": {"type": "object", "nullable": true}}},
        "when": {"type": "integer", "nullable": true}
    }}});
    assert_eq!(run("plain_object_components", &mut doc), 1);
    assert!(doc["components"]["schemas"]["admin"]
        .get("nullable")
        .is_none());
    assert_eq!(
        doc["components"]["schemas"]["admin"]["properties"]["avatar"]["nullable"],
        true
    );
    assert_eq!(doc["components"]["schemas"]["when"]["nullable"], true);
}

#[allow(dead_code)]
#[path = "../../crates/generated/build/spec.rs"]
pub(crate) mod spec;

#[test]
fn a_missing_or_altered_spec_fails_with_a_message_that_says_what_to_do() {
    let pin = spec::Pin {
        version: "9.9".into(),
        feature: "v9_9".into(),
        file: "descriptions/9.9/api.intercom.io.yaml".into(),
        sha256: "0".repeat(64),
    };
    let nowhere = std::path::Path::new("/nonexistent/intercom-openapi");
    let err = spec::load(nowhere, &pin).err().unwrap();
    assert!(
        err.contains("INTERCOM_OPENAPI_DIR=/nonexistent/intercom-openapi"),
        "{err}"
    );
    assert!(
        err.contains("Intercom-OpenAPI"),
        "says where to get it: {err}"
    );

    let dir = std::env::temp_dir().join(format!("intercom-spec-test-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("descriptions/9.9")).unwrap();
    let err = spec::load(&dir, &pin).err().unwrap();
    assert!(
        err.contains("cannot read") && err.contains(&pin.sha256),
        "names the file and the expected hash: {err}"
    );

    std::fs::write(dir.join(&pin.file), "openapi: 3.0.1\n").unwrap();
    let err = spec::load(&dir, &pin).err().unwrap();
    assert!(
        err.contains("does not match its pin") && err.contains(&"0".repeat(64)),
        "{err}"
    );

    // The right hash of the same bytes loads.
    use sha2::Digest;
    let hash: String = sha2::Sha256::digest(b"openapi: 3.0.1\n")
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert!(spec::load(
        &dir,
        &spec::Pin {
            sha256: hash,
            ..pin
        }
    )
    .is_ok());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn free_form_custom_attributes_only_widens_scalar_maps() {
    let mut doc = json!({"components": {"schemas": {
        "company": {"properties": {"custom_attributes": {"type": "object", "additionalProperties": {"type": "string"}}}},
        "contact": {"properties": {"custom_attributes": {"type": "object"}}}
    }}});
    assert_eq!(run("free_form_custom_attributes", &mut doc), 1);
    assert_eq!(
        doc["components"]["schemas"]["company"]["properties"]["custom_attributes"]
            ["additionalProperties"],
        json!({})
    );
}

fn answer_and_request_doc() -> Value {
    json!({
        "components": {"schemas": {
            "note": {"type": "object", "required": ["type", "id", "body"], "properties": {
                "type": {"type": "string"}, "id": {"type": "string"}, "body": {"type": "string"},
                "author_id": {"type": "integer"}, "team_ids": {"type": "array", "items": {"type": "integer"}},
                "tags": {"type": "array", "default": [], "items": {"type": "string"}}}},
            "create_note": {"type": "object", "required": ["body"], "properties": {"body": {"type": "string"}, "admin_id": {"type": "string"}}}
        }},
        "paths": {"/notes": {"post": {
            "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/create_note"}}}},
            "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/note"}}}}}
        }}}
    })
}

#[test]
fn lenient_answers_loosen_answers_only() {
    let mut doc = answer_and_request_doc();
    assert!(run("lenient_answers", &mut doc) > 0);
    let note = &doc["components"]["schemas"]["note"];
    assert_eq!(
        note["required"],
        json!(["type", "id"]),
        "all but type and id may be missing"
    );
    assert_eq!(
        note["additionalProperties"],
        json!({}),
        "unknown fields are kept"
    );
    assert_eq!(note["properties"]["team_ids"]["nullable"], true);
    assert!(note["properties"]["tags"].get("default").is_none());
    let req = &doc["components"]["schemas"]["create_note"];
    assert_eq!(req["required"], json!(["body"]), "requests stay strict");
    assert!(req.get("additionalProperties").is_none());
}

#[test]
fn flexible_ids_apply_to_answer_ids_and_id_lists() {
    let mut doc = answer_and_request_doc();
    assert_eq!(
        run("flexible_ids", &mut doc),
        3,
        "id, author_id, team_ids items"
    );
    let note = &doc["components"]["schemas"]["note"]["properties"];
    assert_eq!(note["author_id"]["x-rust-type"]["path"], "intercom_api::Id");
    assert_eq!(
        note["team_ids"]["items"]["x-rust-type"]["path"],
        "intercom_api::Id"
    );
    assert!(note["body"].get("x-rust-type").is_none());
    assert!(
        doc["components"]["schemas"]["create_note"]["properties"]["admin_id"]
            .get("x-rust-type")
            .is_none()
    );
}

#[test]
fn required_alternatives_keeps_common_fields_required() {
    let mut doc = json!({"components": {"schemas": {
        "event": {"type": "object", "description": "An event.",
            "properties": {"event_name": {"type": "string"}, "id": {"type": "string"},
                "user_id": {"type": "string"}, "email": {"type": "string"}},
            "anyOf": [
                {"title": "id required", "required": ["event_name", "id"]},
                {"required": ["event_name", "user_id"]},
                {"required": ["event_name", "email"]}]},
        "union": {"oneOf": [{"$ref": "#/components/schemas/event"}, {"required": ["x"]}],
            "properties": {"x": {"type": "string"}}},
        "no_props": {"anyOf": [{"required": ["a"]}, {"required": ["b"]}]}
    }}});
    assert_eq!(run("required_alternatives", &mut doc), 1);
    let e = &doc["components"]["schemas"]["event"];
    assert!(e.get("anyOf").is_none());
    assert_eq!(e["required"], json!(["event_name"]));
    assert_eq!(
        e["description"],
        "An event.\n\nAlso required, one of: `id`; `user_id`; `email`."
    );
    assert!(
        doc["components"]["schemas"]["union"].get("oneOf").is_some(),
        "real alternatives stay"
    );
    assert!(
        doc["components"]["schemas"]["no_props"]
            .get("anyOf")
            .is_some(),
        "needs properties"
    );
}

#[test]
fn request_defaults_are_documented_not_sent() {
    let mut doc = json!({
        "paths": {"/ticket_types/{id}": {"put": {
            "parameters": [{"name": "per_page", "in": "query", "schema": {"type": "integer", "default": 50}}],
            "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/update"}}}},
            "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/answer"}}}}}
        }}},
        "components": {"schemas": {
            "update": {"type": "object", "properties": {
                "name": {"type": "string"},
                "icon": {"type": "string", "default": "🎟️", "description": "The icon."},
                "is_internal": {"type": "boolean", "default": false}
            }},
            "answer": {"type": "object", "properties": {"state": {"type": "string", "default": "open"}}}
        }}
    });
    assert_eq!(run("request_defaults", &mut doc), 3);
    let update = &doc["components"]["schemas"]["update"]["properties"];
    assert!(update["icon"].get("default").is_none());
    assert_eq!(
        update["icon"]["description"],
        "The icon.\n\nWhen not sent, Intercom uses `\"🎟️\"`."
    );
    assert_eq!(
        update["is_internal"]["description"],
        "When not sent, Intercom uses `false`."
    );
    assert!(
        doc["paths"]["/ticket_types/{id}"]["put"]["parameters"][0]["schema"]
            .get("default")
            .is_none()
    );
    // Answer-only schemas are not this pass's business.
    assert_eq!(
        doc["components"]["schemas"]["answer"]["properties"]["state"]["default"],
        "open"
    );
    // Idempotent.
    assert_eq!(run("request_defaults", &mut doc), 0);
}

#[test]
fn specific_alternatives_come_first_in_request_unions() {
    let mut doc = json!({
        "paths": {"/tags": {"post": {
            "requestBody": {"content": {"application/json": {"schema": {"oneOf": [
                {"$ref": "#/components/schemas/create"},
                {"$ref": "#/components/schemas/tag_companies"},
                {"type": "object", "required": ["name", "users"], "properties": {"name": {}, "users": {}}}
            ]}}}},
            "responses": {"200": {"content": {"application/json": {"schema": {"oneOf": [
                {"$ref": "#/components/schemas/create"},
                {"$ref": "#/components/schemas/tag_companies"}
            ]}}}}}
        }}},
        "components": {"schemas": {
            "create": {"type": "object", "required": ["name"], "properties": {"name": {}, "id": {}}},
            "tag_companies": {"type": "object", "required": ["name", "companies"], "properties": {"name": {}, "companies": {}}}
        }}
    });
    assert_eq!(run("specific_alternatives_first", &mut doc), 1);
    let order: Vec<Value> = doc["paths"]["/tags"]["post"]["requestBody"]["content"]
        ["application/json"]["schema"]["oneOf"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            a.get("$ref")
                .cloned()
                .unwrap_or_else(|| a["required"].clone())
        })
        .collect();
    assert_eq!(
        order,
        vec![
            json!("#/components/schemas/tag_companies"),
            json!(["name", "users"]),
            json!("#/components/schemas/create")
        ]
    );
    // Answers keep the spec's order; a second run changes nothing.
    assert_eq!(
        doc["paths"]["/tags"]["post"]["responses"]["200"]["content"]["application/json"]["schema"]
            ["oneOf"][0]["$ref"],
        "#/components/schemas/create"
    );
    assert_eq!(run("specific_alternatives_first", &mut doc), 0);
}

#[test]
fn request_union_alternatives_refuse_undeclared_fields() {
    let mut doc = json!({
        "paths": {"/tags": {"post": {
            "requestBody": {"content": {"application/json": {"schema": {"oneOf": [
                {"$ref": "#/components/schemas/tag"},
                {"$ref": "#/components/schemas/untag"},
                {"$ref": "#/components/schemas/shared"}
            ]}}}},
            "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/shared"}}}}}
        }}},
        "components": {"schemas": {
            "tag": {"type": "object", "properties": {"companies": {"type": "array", "items": {"$ref": "#/components/schemas/company_ref"}}}},
            "untag": {"type": "object", "properties": {"companies": {"type": "array", "items": {"type": "object", "properties": {"id": {}, "untag": {}}}}}},
            "company_ref": {"type": "object", "properties": {"id": {}}},
            "shared": {"type": "object", "properties": {"name": {}}}
        }}
    });
    assert_eq!(run("closed_request_alternatives", &mut doc), 4);
    let s = &doc["components"]["schemas"];
    assert_eq!(s["tag"]["additionalProperties"], false);
    assert_eq!(
        s["company_ref"]["additionalProperties"], false,
        "reached through the alternative"
    );
    assert_eq!(
        s["untag"]["properties"]["companies"]["items"]["additionalProperties"],
        false
    );
    assert!(
        s["shared"].get("additionalProperties").is_none(),
        "answers use it: stays open"
    );
    assert_eq!(run("closed_request_alternatives", &mut doc), 0);
}

/// A packaged crate reads the descriptions it carries; a checkout without
/// them reads INTERCOM_OPENAPI_DIR (set by .cargo/config.toml here).
#[test]
fn the_packaged_copy_is_preferred_when_it_has_the_file() {
    let pin = spec::Pin {
        version: "9.9".into(),
        feature: "v9_9".into(),
        file: "descriptions/9.9/api.intercom.io.yaml".into(),
        sha256: "0".repeat(64),
    };
    let root = std::env::temp_dir().join(format!("intercom-pkg-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    let from_env = spec::descriptions_dir(&root, &pin).unwrap();
    let configured = std::env::var("INTERCOM_OPENAPI_DIR").unwrap();
    assert!(
        from_env.ends_with(configured.trim_start_matches("../"))
            || from_env == std::path::Path::new(&configured),
        "{from_env:?}"
    );
    let packaged = root.join(spec::PACKAGED);
    std::fs::create_dir_all(packaged.join("descriptions/9.9")).unwrap();
    assert_ne!(
        spec::descriptions_dir(&root, &pin).unwrap(),
        packaged,
        "no file for this pin yet"
    );
    std::fs::write(packaged.join(&pin.file), "x").unwrap();
    assert_eq!(spec::descriptions_dir(&root, &pin).unwrap(), packaged);
    std::fs::remove_dir_all(&root).unwrap();
}

#[test]
fn answer_avatars_take_either_shape() {
    let mut doc = json!({
        "paths": {"/x": {"post": {
            "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/create"}}}},
            "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/list"}}}}}
        }}},
        "components": {"schemas": {
            "create": {"type": "object", "properties": {"avatar": {"type": "string"}}},
            "list": {"type": "object", "properties": {
                "admins": {"type": "array", "items": {"$ref": "#/components/schemas/admin"}},
                "visitor": {"type": "object", "properties": {"avatar": {"type": "object", "properties": {"image_url": {"type": "string"}}}}}
            }},
            "admin": {"type": "object", "properties": {"avatar": {"type": "string", "format": "uri"}}}
        }}
    });
    assert_eq!(run("avatars_either_shape", &mut doc), 2);
    let s = &doc["components"]["schemas"];
    assert_eq!(
        s["admin"]["properties"]["avatar"]["x-rust-type"]["path"],
        "intercom_api::Avatar"
    );
    assert_eq!(
        s["list"]["properties"]["visitor"]["properties"]["avatar"]["x-rust-type"]["path"],
        "intercom_api::Avatar"
    );
    assert_eq!(
        s["create"]["properties"]["avatar"],
        json!({"type": "string"}),
        "requests send a URL"
    );
    assert_eq!(run("avatars_either_shape", &mut doc), 0);
}

#[test]
fn path_item_parameters_reach_every_operation() {
    let mut doc = json!({"paths": {"/things/{id}": {
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
        "get": {},
        "put": {"parameters": [{"name": "id", "in": "path", "required": true, "description": "own", "schema": {"type": "string"}}]}
    }}});
    assert_eq!(run("path_item_parameters", &mut doc), 1);
    let item = &doc["paths"]["/things/{id}"];
    assert!(item.get("parameters").is_none());
    assert_eq!(item["get"]["parameters"][0]["name"], "id");
    assert_eq!(
        item["put"]["parameters"].as_array().unwrap().len(),
        1,
        "the operation's own wins"
    );
    assert_eq!(item["put"]["parameters"][0]["description"], "own");
    assert_eq!(run("path_item_parameters", &mut doc), 0);
}

#[test]
fn multipart_bodies_become_bytes_and_are_marked() {
    let mut doc = json!({"paths": {"/upload": {"post": {
        "requestBody": {"content": {"multipart/form-data": {"schema": {"type": "object", "properties": {"catalog": {}, "finalize": {}}}}}}
    }}}});
    assert_eq!(run("multipart_as_raw_body", &mut doc), 1);
    let op = &doc["paths"]["/upload"]["post"];
    assert_eq!(op["x-intercom-multipart"], true);
    assert_eq!(
        op["requestBody"]["content"]["application/octet-stream"]["schema"]["format"],
        "binary"
    );
    assert!(op["requestBody"]["description"]
        .as_str()
        .unwrap()
        .contains("`catalog`, `finalize`"));
    assert_eq!(run("multipart_as_raw_body", &mut doc), 0);
}

#[test]
fn different_success_answers_become_one_type() {
    let answer = |s: &str| json!({"content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{s}")}}}});
    let mut doc = json!({
        "paths": {"/upload": {"post": {"operationId": "upload", "responses": {
            "200": answer("part"), "202": answer("started"), "204": {"description": "none"}, "400": answer("error")
        }}}},
        "components": {"schemas": {"part": {}, "started": {}, "error": {}}}
    });
    assert_eq!(run("one_success_answer", &mut doc), 1);
    let r = &doc["paths"]["/upload"]["post"]["responses"];
    for s in ["200", "202"] {
        assert_eq!(
            r[s]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/upload_answer"
        );
    }
    assert_eq!(
        r["400"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/error"
    );
    assert_eq!(
        doc["components"]["schemas"]["upload_answer"]["oneOf"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(run("one_success_answer", &mut doc), 0);
}

#[test]
fn except_leaves_versions_out() {
    let order = ["2.9", "2.13", "2.14", "2.15"];
    let e =
        entries_from(r#"[{"reason": "all but one", "except": ["2.13"], "patch": []}]"#).unwrap();
    let reached: Vec<_> = order
        .iter()
        .filter(|v| e[0].applies_to(v, &order))
        .collect();
    assert_eq!(reached, [&"2.9", &"2.14", &"2.15"]);
    assert!(entries_from(
        r#"[{"reason": "both", "versions": ["2.9"], "except": ["2.13"], "patch": []}]"#
    )
    .is_err());
}

#[allow(dead_code)]
#[path = "../../crates/generated/build/open_enums.rs"]
mod open_enums;

/// 2.16 lists `unknown` as a value of some enums (typify names it
/// `Unknown`): the catch-all then takes another name.
#[test]
fn an_enum_that_lists_unknown_gets_another_catch_all() {
    let mut file: syn::File = syn::parse_quote! {
        mod types {
            #[derive(Clone, Copy, Debug)]
            pub enum State {
                #[serde(rename = "open")]
                Open,
                #[serde(rename = "unknown")]
                Unknown,
            }
            impl ::std::fmt::Display for State {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    match *self {
                        Self::Open => f.write_str("open"),
                        Self::Unknown => f.write_str("unknown"),
                    }
                }
            }
        }
    };
    assert_eq!(
        open_enums::open_enums(&mut file, &Default::default()).len(),
        1
    );
    let text = quote::quote!(#file).to_string();
    assert!(
        text.contains("UnknownValue (:: std :: string :: String)"),
        "{text}"
    );
    assert!(
        text.contains("Self :: UnknownValue (ref value) => f . write_str (value)"),
        "{text}"
    );
    assert!(
        !text.contains("Copy"),
        "a catch-all holding a String cannot be Copy"
    );
}

/// A one-value tag opens (a custom object list says `"type": "Order"` where
/// the spec says `"list"`), but not one that tells the alternatives of an
/// untagged union apart, directly or through a nested union.
#[test]
fn one_value_tags_open_unless_they_tell_union_alternatives_apart() {
    let mut file: syn::File = syn::parse_quote! {
        mod types {
            #[derive(Clone, Copy, Debug)]
            pub enum ListType {
                #[serde(rename = "list")]
                List,
            }
            pub struct InstanceList {
                pub type_: ::std::option::Option<ListType>,
            }
            #[derive(Clone, Copy, Debug)]
            pub enum AdminType {
                #[serde(rename = "admin")]
                Admin,
            }
            #[derive(Clone, Copy, Debug)]
            pub enum UserType {
                #[serde(rename = "user")]
                User,
            }
            #[derive(Clone, Copy, Debug)]
            pub enum LeadType {
                #[serde(rename = "lead")]
                Lead,
            }
            pub struct AdminReply {
                pub type_: AdminType,
            }
            pub struct UserReply {
                pub type_: UserType,
            }
            #[serde(untagged)]
            pub enum ContactReply {
                User(UserReply),
                Lead { type_: LeadType },
            }
            #[serde(untagged)]
            pub enum Reply {
                Admin(::std::boxed::Box<AdminReply>),
                Contact(ContactReply),
            }
        }
    };
    let types = match &file.items[0] {
        syn::Item::Mod(m) => m.content.as_ref().unwrap().1.clone(),
        _ => unreachable!(),
    };
    let closed: Vec<String> = open_enums::discriminators(&types).into_iter().collect();
    assert_eq!(closed, ["AdminType", "LeadType", "UserType"]);
    let closed_set = open_enums::discriminators(&types);
    assert_eq!(open_enums::open_enums(&mut file, &closed_set).len(), 1);
    // A union of one module standing on another's types (a version's body
    // over a shared home's alternatives): the home's tag stays closed, and a
    // multi-value enum of the same name elsewhere is not held closed.
    let home: Vec<syn::Item> = vec![
        syn::parse_quote!(
            pub struct AssignRequest {
                pub type_: AssignType,
            }
        ),
        syn::parse_quote!(
            pub enum AssignType {
                #[serde(rename = "admin")]
                Admin,
            }
        ),
    ];
    let version: Vec<syn::Item> = vec![syn::parse_quote!(
        #[serde(untagged)]
        pub enum PartBody {
            Assign(crate::v1::types::AssignRequest),
            Close(CloseRequest),
        }
    )];
    let across = open_enums::discriminators(home.iter().chain(&version));
    assert!(across.contains("AssignType"), "{across:?}");
    let mut other: syn::File = syn::parse_quote! {
        pub mod types {
            pub enum AssignType { #[serde(rename = "admin")] Admin, #[serde(rename = "team")] Team }
        }
    };
    assert_eq!(open_enums::open_enums(&mut other, &across).len(), 1);
    let text = quote::quote!(#file).to_string();
    assert!(
        text.contains("pub enum ListType { # [serde (rename = \"list\")] List , # [doc"),
        "{text}"
    );
    assert_eq!(
        text.matches("Unknown (:: std :: string :: String)").count(),
        1,
        "{text}"
    );
}

#[test]
fn answer_dates_written_as_text_stay_text() {
    let mut doc = json!({
        "paths": {"/m": {"post": {
            "requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {"at": {"type": "string", "format": "date-time"}}}}}},
            "responses": {"200": {"content": {"application/json": {"schema": {"type": "object", "properties": {
                "created_at": {"type": "string", "format": "date-time"},
                "day": {"type": "string", "format": "date"},
                "updated_at": {"type": "integer", "format": "date-time"}
            }}}}}}
        }}}
    });
    assert_eq!(run("text_dates", &mut doc), 2);
    let answer = &doc["paths"]["/m"]["post"]["responses"]["200"]["content"]["application/json"]
        ["schema"]["properties"];
    assert!(answer["created_at"].get("format").is_none());
    assert!(answer["day"].get("format").is_none());
    assert_eq!(
        answer["updated_at"]["format"], "date-time",
        "Unix seconds are another pass's"
    );
    let request = &doc["paths"]["/m"]["post"]["requestBody"]["content"]["application/json"]
        ["schema"]["properties"];
    assert_eq!(
        request["at"]["format"], "date-time",
        "requests keep typed dates"
    );
    assert_eq!(run("text_dates", &mut doc), 0);
}

#[test]
fn an_operation_without_a_success_answer_keeps_the_json() {
    let mut doc = json!({"paths": {
        "/fin": {"get": {"responses": {"401": {}, "404": {}, "default": {}}}},
        "/rec": {"get": {"responses": {"302": {}, "404": {}}}},
        "/ok": {"get": {"responses": {"200": {}}}}
    }});
    assert_eq!(run("missing_success_answer", &mut doc), 1);
    assert_eq!(
        doc["paths"]["/fin"]["get"]["responses"]["200"]["content"]["application/json"]["schema"],
        json!({})
    );
    assert!(
        doc["paths"]["/rec"]["get"]["responses"]
            .get("200")
            .is_none(),
        "a redirect is an answer"
    );
    assert_eq!(run("missing_success_answer", &mut doc), 0);
}

/// Every pass is idempotent on a real description: run once more over
/// Intercom 2.14 with patches and passes applied, no pass changes anything.
#[test]
fn every_pass_is_idempotent_on_a_real_spec() {
    let (mut doc, _) = crate::prism::servable_spec("2.14");
    let again: Vec<(&str, usize)> = passes::PASSES
        .iter()
        .map(|p| (p.name, (p.run)(&mut doc)))
        .filter(|(_, n)| *n != 0)
        .collect();
    assert!(
        again.is_empty(),
        "passes that changed the spec again: {again:?}"
    );
}

#[allow(dead_code)]
#[path = "../../crates/generated/build/share.rs"]
mod share;

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
    let pins = spec::read_pins(&root.join("crates/generated/openapi/versions.json")).unwrap();
    let order: Vec<&str> = pins.iter().map(|p| p.version.as_str()).collect();
    let entries =
        patches::read_all(&root.join("crates/generated/openapi/patches"), &order).unwrap();
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

#[test]
fn every_pass_runs_after_the_passes_it_needs_and_names_are_unique() {
    let names: Vec<&str> = passes::PASSES.iter().map(|p| p.name).collect();
    for (i, p) in passes::PASSES.iter().enumerate() {
        assert_eq!(
            names.iter().filter(|n| **n == p.name).count(),
            1,
            "{} twice",
            p.name
        );
        for d in p.after {
            let j = names
                .iter()
                .position(|n| n == d)
                .unwrap_or_else(|| panic!("{} runs after `{d}`, which is no pass", p.name));
            assert!(j < i, "{} must run after {d}, but runs before it", p.name);
        }
    }
}

/// The build names a component's type without asking typify (shared types
/// are replaced by that name): typify itself is asked here.
#[test]
fn names_are_converted_as_typify_converts_them() {
    let components = [
        "ticket_type",
        "ticketType",
        "Ticket Type",
        "error.list",
        "contact_reply_base_request",
        "activity_log_metadata",
        "away_status_reason",
        "intercom_version",
    ];
    // Each on its own (several of these are the same name on purpose).
    for c in components {
        let mut one = typify::TypeSpace::default();
        let schema: schemars::schema::Schema = serde_json::from_value(
            json!({"type": "object", "properties": {"a": {"type": "string"}}}),
        )
        .unwrap();
        one.add_ref_types([(c.to_string(), schema)]).unwrap();
        let names: Vec<String> = one
            .iter_types()
            .filter(|t| matches!(t.details(), typify::TypeDetails::Struct(_)))
            .map(|t| t.name())
            .collect();
        assert_eq!(names, [passes::pascal_case(c)], "component {c}");
    }
    assert_eq!(passes::snake_case("SearchContacts"), "search_contacts");
    assert_eq!(passes::snake_case("ticketId"), "ticket_id");
}

#[test]
fn answer_paging_next_takes_either_shape() {
    let mut doc = json!({
        "paths": {"/x": {"post": {
            "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/search"}}}},
            "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/list"}}}}}
        }}},
        "components": {"schemas": {
            "search": {"type": "object", "properties": {"pagination": {"$ref": "#/components/schemas/starting_after_paging"}}},
            "starting_after_paging": {"type": "object", "properties": {"per_page": {"type": "integer"}, "starting_after": {"type": "string"}}},
            "list": {"type": "object", "properties": {
                "pages": {"$ref": "#/components/schemas/cursor_pages"},
                "other": {"type": "object", "properties": {"next": {"type": "object", "properties": {"starting_after": {"type": "string"}}}}},
                "link": {"type": "object", "properties": {"next": {"type": "string", "format": "uri"}}}
            }},
            "cursor_pages": {"type": "object", "properties": {"next": {"$ref": "#/components/schemas/starting_after_paging"}}}
        }}
    });
    assert_eq!(run("paging_next_either_shape", &mut doc), 2);
    let s = &doc["components"]["schemas"];
    let path = "/x-rust-type/path";
    assert_eq!(
        s["cursor_pages"]["properties"]["next"].pointer(path),
        Some(&json!("intercom_api::PagesNext"))
    );
    assert_eq!(
        s["list"]["properties"]["other"]["properties"]["next"].pointer(path),
        Some(&json!("intercom_api::PagesNext"))
    );
    // A `next` that is already a URL, and the request's cursor, stay.
    assert_eq!(
        s["list"]["properties"]["link"]["properties"]["next"]["type"],
        "string"
    );
    assert_eq!(
        s["search"]["properties"]["pagination"]["$ref"],
        "#/components/schemas/starting_after_paging"
    );
    assert_eq!(run("paging_next_either_shape", &mut doc), 0);
}

#[test]
fn answer_floats_become_f64_and_requests_keep_theirs() {
    let mut doc = json!({
        "paths": {"/x": {"post": {
            "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/create"}}}},
            "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/stats"}}}}}
        }}},
        "components": {"schemas": {
            "create": {"type": "object", "properties": {"weight": {"type": "number", "format": "float"}}},
            "stats": {"type": "object", "properties": {
                "happy_reaction_percentage": {"type": "number", "format": "float"},
                "fin_resolution_rate": {"type": "number", "format": "float"},
                "views": {"type": "integer"}
            }}
        }}
    });
    assert_eq!(run("answer_floats_as_f64", &mut doc), 2);
    let s = &doc["components"]["schemas"];
    assert_eq!(
        s["stats"]["properties"]["happy_reaction_percentage"]["format"],
        "double"
    );
    assert_eq!(
        s["stats"]["properties"]["fin_resolution_rate"]["format"],
        "double"
    );
    assert_eq!(
        s["stats"]["properties"]["views"],
        json!({"type": "integer"})
    );
    assert_eq!(s["create"]["properties"]["weight"]["format"], "float");
    assert_eq!(run("answer_floats_as_f64", &mut doc), 0);
}

// crates/generated/build/syntax.rs, included once (tests/it/request_setters.rs); crates/generated/build/open_enums.rs uses it.
use crate::request_setters::syntax;

fn shown(ty: syn::Type) -> String {
    syntax::type_text(&ty)
}

/// The surface names the version's own types and the common std and
/// serde_json types by their name, generic arguments included; any other
/// path in full.
#[test]
fn surface_types_show_their_names() {
    use syn::parse_quote;
    assert_eq!(
        shown(parse_quote!(
            ::std::option::Option<::std::vec::Vec<crate::types::Tag>>
        )),
        "Option<Vec<Tag>>"
    );
    assert_eq!(
        shown(parse_quote!(
            ::std::collections::BTreeMap<::std::string::String, ::serde_json::Value>
        )),
        "BTreeMap<String, Value>"
    );
    assert_eq!(shown(parse_quote!(types::builder::Contact)), "Contact");
    assert_eq!(shown(parse_quote!(builder::Foo<'a>)), "Foo<'a>");
    assert_eq!(shown(parse_quote!(())), "()");
    assert_eq!(
        shown(parse_quote!((types::A, Vec<types::B>))),
        "(A, Vec<B>)"
    );
    assert_eq!(shown(parse_quote!(&'a mut [types::A])), "&'a mut [A]");
    // Other paths as they are.
    assert_eq!(
        shown(parse_quote!(Option<::std::num::NonZeroU64>)),
        "Option<::std::num::NonZeroU64>"
    );
    assert_eq!(shown(parse_quote!(reqwest::Body)), "reqwest::Body");
    assert_eq!(
        shown(parse_quote!(crate::v2_13::types::Tag)),
        "crate::v2_13::types::Tag"
    );
    assert_eq!(
        shown(parse_quote!(intercom_api::Page<types::Tag>)),
        "intercom_api::Page<Tag>"
    );
}

#[test]
fn surface_reads_send_and_builder_fields() {
    use syn::parse_quote;
    let send: syn::Type = parse_quote!(Result<ResponseValue<types::X>, Error<types::E>>);
    let ok = syntax::ok_type(&send).expect("an answer type");
    assert_eq!(syntax::type_text(ok), "X");
    let unit: syn::Type = parse_quote!(Result<ResponseValue<()>, Error<()>>);
    let unit = syntax::ok_type(&unit).map(syntax::type_text);
    assert_eq!(unit.as_deref(), Some("()"));
    let not_send: syn::Type = parse_quote!(Option<types::X>);
    assert!(syntax::ok_type(&not_send).is_none());

    let param = |ty: syn::Type| {
        let (t, optional) = syntax::param_type(&ty);
        (syntax::type_text(t), optional)
    };
    assert_eq!(
        param(parse_quote!(Result<::std::string::String, String>)),
        ("String".to_string(), false)
    );
    assert_eq!(
        param(parse_quote!(
            Result<Option<::std::vec::Vec<types::Tag>>, String>
        )),
        ("Vec<Tag>".to_string(), true)
    );
    assert_eq!(
        param(parse_quote!(Result<types::builder::Body, String>)),
        ("Body".to_string(), false)
    );
}

/// The methods of impl blocks, with their self type's name and trait.
#[test]
fn methods_of_impls_name_their_owner() {
    let mut file: syn::File = syn::parse_quote! {
        struct A;
        impl<'a> A<'a> { fn one(&self) {} const C: u8 = 0; fn two(&self) {} }
        impl ::std::fmt::Display for B { fn fmt(&self) {} }
        impl [u8] { fn skipped(&self) {} }
    };
    let seen: Vec<String> = syntax::methods_mut(&mut file.items)
        .map(|m| {
            let of = m
                .trait_
                .and_then(|p| p.segments.last())
                .map(|s| s.ident.to_string());
            format!("{}.{} {:?}", m.owner, m.f.sig.ident, of)
        })
        .collect();
    assert_eq!(
        seen,
        ["A.one None", "A.two None", "B.fmt Some(\"Display\")"]
    );
    let read: Vec<String> = syntax::methods(&file.items)
        .map(|m| format!("{}.{}", m.owner, m.f.sig.ident))
        .collect();
    assert_eq!(read, ["A.one", "A.two", "B.fmt"]);
}

/// A schema's direct references skip examples and are not followed;
/// `reachable` follows them.
#[test]
fn direct_refs_skip_examples() {
    let schema = json!({
        "properties": {
            "a": {"$ref": "#/components/schemas/A"},
            "b": {"items": {"$ref": "#/components/schemas/B"}},
            "c": {"example": {"$ref": "#/components/schemas/C"}}
        },
        "examples": [{"$ref": "#/components/schemas/D"}]
    });
    let refs: Vec<String> = passes::direct_refs(&schema).into_iter().collect();
    assert_eq!(refs, ["A", "B"]);
    let doc = json!({"components": {"schemas": {
        "A": {"properties": {"e": {"$ref": "#/components/schemas/E"}}},
        "E": {"items": {"$ref": "#/components/schemas/A"}},
        "C": {"$ref": "#/components/schemas/F"}
    }}});
    let all: Vec<String> = passes::reachable(&doc, &[&schema]).into_iter().collect();
    assert_eq!(all, ["A", "B", "E"]);
}
