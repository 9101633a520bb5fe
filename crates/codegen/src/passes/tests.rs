//! The passes and the patch engine, on small documents.

use crate::{passes, patches};
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
    let pins = crate::test_support::pins();
    let order: Vec<&str> = pins.iter().map(|(v, _)| v.as_str()).collect();
    // read_all refuses unknown versions, misspelt fields and empty reasons.
    let entries = patches::read_all(
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/patches")),
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
    let runtime: Vec<&str> = intercom_api_runtime::PageKind::ALL
        .iter()
        .map(|k| k.name())
        .collect();
    assert_eq!(generator, runtime);
    for k in intercom_api_runtime::PageKind::ALL {
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
    let (mut doc, _) = (crate::test_support::patched("2.14"), ());
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

/// `GET /away_status_reasons` answers `intercom_api::List<AwayStatusReason>`
/// whether the description says the wrapper or a bare array; an operation
/// whose item type is missing is left alone.
#[test]
fn either_shape_lists_become_the_runtime_list() {
    let item = json!({"type": "object", "properties": {"id": {"type": "string"}}});
    for answer in [
        json!({"$ref": "#/components/schemas/away_status_reason_list"}),
        json!({"type": "array", "items": {"$ref": "#/components/schemas/away_status_reason"}}),
    ] {
        let mut doc = json!({
            "paths": {"/away_status_reasons": {"get": {"responses": {"200": {
                "content": {"application/json": {"schema": answer}}}}}}},
            "components": {"schemas": {"away_status_reason": item}}
        });
        assert_eq!(run("lists_either_shape", &mut doc), 1);
        let schema = doc
            .pointer(
                "/paths/~1away_status_reasons/get/responses/200/content/application~1json/schema",
            )
            .unwrap();
        assert_eq!(schema["x-rust-type"]["path"], "intercom_api::List");
        assert_eq!(
            schema["x-rust-type"]["parameters"][0]["$ref"],
            "#/components/schemas/away_status_reason"
        );
    }
    let mut without = json!({"paths": {"/away_status_reasons": {"get": {"responses": {}}}}, "components": {"schemas": {}}});
    assert_eq!(run("lists_either_shape", &mut without), 0);
}
