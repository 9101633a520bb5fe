//! Unit tests of the build code's passes and patch engine (the files are
//! shared with `build.rs`).

#[allow(dead_code)]
#[path = "../../build/passes.rs"]
pub(crate) mod passes;
#[allow(dead_code)]
#[path = "../../build/patches.rs"]
pub(crate) mod patches;

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

#[test]
fn patches_apply_add_replace_remove_merge_and_fail_on_missing_targets() {
    let mut doc = json!({"a": {"b": [1, 2]}, "c~d": {"e/f": 1}});
    for op in [
        json!({"op": "add", "path": "/a/b/-", "value": 3}),
        json!({"op": "add", "path": "/a/b/0", "value": 0}),
        json!({"op": "replace", "path": "/c~0d/e~1f", "value": 2}),
        json!({"op": "merge", "path": "/a", "value": {"x": {"y": 1}, "b": null}}),
        json!({"op": "remove", "path": "/c~0d/e~1f"}),
    ] {
        patches::apply_op(&mut doc, &op).unwrap();
    }
    assert_eq!(doc, json!({"a": {"x": {"y": 1}}, "c~d": {}}));
    let err = patches::apply_op(
        &mut doc,
        &json!({"op": "replace", "path": "/nope", "value": 1}),
    )
    .unwrap_err();
    assert!(err.contains("/nope"), "{err}");
    assert!(patches::apply_op(&mut doc, &json!({"op": "remove", "path": "/a/missing"})).is_err());
    assert!(patches::apply_op(&mut doc, &json!({"op": "frobnicate", "path": "/a"})).is_err());
}

#[test]
fn every_patch_entry_has_a_reason_and_known_versions() {
    let entries = patches::read_all(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/openapi/patches"
    )))
    .unwrap();
    assert!(!entries.is_empty());
    let pins = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/openapi/versions.json"
    ))
    .unwrap();
    for e in &entries {
        assert!(e.reason.len() > 20, "{}: reason too short", e.file);
        for v in e.versions.iter().flatten() {
            assert!(
                pins.contains(&format!("\"version\": \"{v}\"")),
                "{}: unknown version {v}",
                e.file
            );
        }
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
#[path = "../../build/spec.rs"]
mod spec;

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
