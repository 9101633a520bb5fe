//! Rules that hold for every version of Intercom's OpenAPI descriptions.
//!
//! Each pass is a small, named transformation of the parsed spec (as
//! `serde_json::Value`), returns how many places it changed, and has a unit
//! test (`tests/it/build_passes.rs` includes this file). Fixes at *named*
//! places of one spec are data under `openapi/patches/`, not code here.

use serde_json::{json, Map, Value};

/// A named spec transformation and the reason it exists.
pub struct Pass {
    pub name: &'static str,
    pub reason: &'static str,
    pub run: fn(&mut Value) -> usize,
}

/// Every pass, in the order it runs.
pub const PASSES: &[Pass] = &[
    Pass {
        name: "path_item_parameters",
        reason: "parameters declared on a path item apply to each of its operations; progenitor reads only an operation's own (Preview declares some ids on the path item)",
        run: operation_shape::path_item_parameters,
    },
    Pass {
        name: "multipart_as_raw_body",
        reason: "progenitor has no `multipart/form-data` bodies: such a body is sent as bytes the caller builds with `intercom_api::Multipart`, with the form's content type set by the runtime",
        run: operation_shape::multipart_as_raw_body,
    },
    Pass {
        name: "one_success_answer",
        reason: "progenitor takes one answer type per operation: different 2xx answers (202 beside 200) become one `oneOf` component",
        run: operation_shape::one_success_answer,
    },
    Pass {
        name: "missing_success_answer",
        reason: "an operation that declares no success answer would return `()` and drop what Intercom sends: it gets a 200 kept as JSON",
        run: operation_shape::missing_success_answer,
    },
    Pass {
        name: "strip_version_header",
        reason: "every operation declares an `Intercom-Version` header; the client sets it once per module",
        run: strip_version_header,
    },
    Pass {
        name: "synthesize_operation_ids",
        reason: "operations without an operationId cannot be named by progenitor",
        run: synthesize_operation_ids,
    },
    Pass {
        name: "path_params_in_path",
        reason: "a parameter named in the path template but declared `in: query` must be a path parameter",
        run: path_params_in_path,
    },
    Pass {
        name: "string_path_ids",
        reason: "ids in a path are text: contact and conversation ids are not numbers (`6657aad76abd0164c24b0d0e`), answers carry every id as a string, and 2.11 declares them all strings; an `integer` id in a path would make those operations unusable",
        run: string_path_ids,
    },
    Pass {
        name: "schemaless_media",
        reason: "`application/json` media without a schema hits a `todo!` in progenitor: any JSON value",
        run: schemaless_media,
    },
    Pass {
        name: "plain_object_components",
        reason: "a `nullable` object component becomes a newtype around Option (`AdminWithApp(Option<…>)`) that every use must unwrap; where such a value may be absent, the property holding it is optional anyway",
        run: plain_object_components,
    },
    Pass {
        name: "required_alternatives",
        reason: "an `anyOf`/`oneOf` whose alternatives only list different `required` fields (\"`id`, `user_id` or `email`\") becomes an enum of empty types in typify, so the request could never be built: the fields all alternatives require stay required, the rest optional, and the alternatives are named in the description",
        run: required_alternatives,
    },
    Pass {
        name: "merge_all_of",
        reason: "typify's own `allOf` merge drops schema extensions (`x-rust-type`): an object extending others gets their properties merged in the spec",
        run: merge_all_of,
    },
    Pass {
        name: "errors_via_runtime",
        reason: "error answers are decoded once, by the shared runtime (error.list, raw body kept); progenitor also needs one error type per operation",
        run: errors_via_runtime,
    },
    Pass {
        name: "pagination_params",
        reason: "page-numbered lists (answer with `pages.total_pages`) take `page` and `per_page` on the live API even where the spec omits them",
        run: pagination_params,
    },
    Pass {
        name: "request_defaults",
        reason: "a request carries only what the caller set: `default:` documents what the server does, and typify would send it (an update would reset fields); kept in the docs instead",
        run: request_side::request_defaults,
    },
    Pass {
        name: "specific_alternatives_first",
        reason: "an untagged request union takes the first alternative whose required fields are present: those requiring (then declaring) more go first, so a poorer one cannot swallow a richer body and drop its fields",
        run: request_side::specific_alternatives_first,
    },
    Pass {
        name: "closed_request_alternatives",
        reason: "alternatives of a request union that differ only deeper down (tag or untag companies) are told apart by refusing undeclared fields, so a body built from JSON keeps every field; components answers also use stay open",
        run: request_side::closed_request_alternatives,
    },
    Pass {
        name: "avatars_either_shape",
        reason: "an `avatar` arrives as a URL string (contacts) or an object with `image_url` (admins, visitors) whatever the spec says at that place (Intercom's SDK overlay): every answer-side avatar decodes either as `intercom_api::Avatar`",
        run: answer_side::avatars_either_shape,
    },
    Pass {
        name: "text_dates",
        reason: "dates written as text in answers (ISO 8601, 2.16's macros) stay text: a form the parser does not expect must not fail the answer, and re-encoding must give back what was sent",
        run: answer_side::text_dates,
    },
    Pass {
        name: "lenient_answers",
        reason: "forward compatibility: answer-only schemas tolerate missing fields (but `type`/`id`), `null` lists and maps, and keep unknown fields in `extra`; request schemas stay strict",
        run: lenient_answers,
    },
    Pass {
        name: "free_form_custom_attributes",
        reason: "custom attribute values are strings, numbers, booleans or dates on the live API wherever the spec narrows them to one scalar type",
        run: free_form_custom_attributes,
    },
    Pass {
        name: "flexible_ids",
        reason: "answer-side ids (`id`, `*_id`) arrive as strings or numbers whatever the spec says: they decode into `intercom_api::Id`",
        run: flexible_ids,
    },
    Pass {
        name: "strip_titles",
        reason: "typify names types after `title`s, which collide (`struct Admin(Option<Admin>)`)",
        run: strip_titles,
    },
    Pass {
        name: "disambiguate_inline_names",
        reason: "typify names an inline schema after its parent and property (`ticket.type` → `TicketType`), which can collide with a component (`ticket_type`): such inline schemas get a distinct name",
        run: disambiguate_inline_names,
    },
    Pass {
        name: "scalar_any_of",
        reason: "`anyOf` with scalar members becomes flattened structs; an untagged `oneOf` decodes them",
        run: scalar_any_of,
    },
    Pass {
        name: "unix_timestamps",
        reason: "`integer` + `format: date-time` are Unix seconds on the wire, not RFC 3339: decode as i64",
        run: unix_timestamps,
    },
    Pass {
        name: "lenient_uuids",
        reason: "ids declared `format: uuid` stay strings: a value the server sends that is not a UUID must not break decoding",
        run: lenient_uuids,
    },
    Pass {
        name: "doc_code_blocks",
        reason: "descriptions become doc comments: indented or unlabelled code blocks would be compiled as Rust doctests",
        run: doc_code_blocks,
    },
];

/// Run every pass, returning each with the number of places it changed.
pub fn run_all(doc: &mut Value) -> Vec<(&'static Pass, usize)> {
    PASSES.iter().map(|p| (p, (p.run)(doc))).collect()
}

pub const METHODS: &[&str] = &["get", "put", "post", "delete", "patch", "head", "options"];

/// The JSON pointer of an operation: `/paths/~1contacts~1{id}/get`.
pub fn operation_pointer(path: &str, method: &str) -> String {
    format!(
        "/paths/{}/{}",
        path.replace('~', "~0").replace('/', "~1"),
        method.to_lowercase()
    )
}

/// Calls `f(path, method, operation)` for every operation.
pub fn for_each_operation(doc: &mut Value, mut f: impl FnMut(&str, &str, &mut Map<String, Value>)) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (method, op) in item.iter_mut() {
            if !METHODS.contains(&method.as_str()) {
                continue;
            }
            if let Some(op) = op.as_object_mut() {
                f(path, method, op);
            }
        }
    }
}

/// Calls `f` on every schema object of the document, outermost first:
/// component schemas, and the schemas of parameters, bodies and responses,
/// recursing through properties, items, compositions and additionalProperties.
/// Examples, defaults and enum values are never visited.
pub fn for_each_schema(doc: &mut Value, f: &mut dyn FnMut(&mut Map<String, Value>)) {
    if let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for s in schemas.values_mut() {
            walk_schema(s, f);
        }
    }
    for_each_operation(doc, |_, _, op| {
        if let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) {
            for p in params {
                if let Some(s) = p.get_mut("schema") {
                    walk_schema(s, f);
                }
            }
        }
        for body in bodies_of(op) {
            if let Some(content) = body.get_mut("content").and_then(Value::as_object_mut) {
                for media in content.values_mut() {
                    if let Some(s) = media.get_mut("schema") {
                        walk_schema(s, f);
                    }
                }
            }
        }
    });
}

/// The request body and every response of an operation.
pub fn bodies_of(op: &mut Map<String, Value>) -> impl Iterator<Item = &mut Value> {
    let (body, responses): (Option<&mut Value>, Option<&mut Value>) = {
        let mut body = None;
        let mut responses = None;
        for (k, v) in op.iter_mut() {
            match k.as_str() {
                "requestBody" => body = Some(v),
                "responses" => responses = Some(v),
                _ => {}
            }
        }
        (body, responses)
    };
    body.into_iter().chain(
        responses
            .and_then(Value::as_object_mut)
            .into_iter()
            .flat_map(|r| r.values_mut()),
    )
}

fn walk_schema(schema: &mut Value, f: &mut dyn FnMut(&mut Map<String, Value>)) {
    let Some(obj) = schema.as_object_mut() else {
        return;
    };
    f(obj);
    if let Some(props) = obj.get_mut("properties").and_then(Value::as_object_mut) {
        for p in props.values_mut() {
            walk_schema(p, f);
        }
    }
    for key in ["items", "additionalProperties", "not"] {
        if let Some(s) = obj.get_mut(key) {
            walk_schema(s, f);
        }
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        if let Some(list) = obj.get_mut(key).and_then(Value::as_array_mut) {
            for s in list {
                walk_schema(s, f);
            }
        }
    }
}

fn strip_version_header(doc: &mut Value) -> usize {
    let mut n = 0;
    let is_version = |p: &Value| {
        p.get("in").and_then(Value::as_str) == Some("header")
            && p.get("name")
                .and_then(Value::as_str)
                .is_some_and(|s| s.eq_ignore_ascii_case("Intercom-Version"))
    };
    if let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut() {
            let Some(item) = item.as_object_mut() else {
                continue;
            };
            for (key, value) in item.iter_mut() {
                let params = if key == "parameters" {
                    value.as_array_mut()
                } else if METHODS.contains(&key.as_str()) {
                    value.get_mut("parameters").and_then(Value::as_array_mut)
                } else {
                    None
                };
                if let Some(params) = params {
                    let before = params.len();
                    params.retain(|p| !is_version(p));
                    n += before - params.len();
                }
            }
        }
    }
    n
}

/// `get /export/reporting_data/{job_identifier}` → `get_export_reporting_data_by_job_identifier`.
pub fn operation_id_for(method: &str, path: &str) -> String {
    let mut id = method.to_string();
    for seg in path.split('/').filter(|s| !s.is_empty()) {
        id.push('_');
        match seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => {
                id.push_str("by_");
                id.push_str(param);
            }
            None => id.push_str(seg),
        }
    }
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

fn synthesize_operation_ids(doc: &mut Value) -> usize {
    let mut n = 0;
    for_each_operation(doc, |path, method, op| {
        if op
            .get("operationId")
            .and_then(Value::as_str)
            .is_none_or(str::is_empty)
        {
            op.insert(
                "operationId".into(),
                Value::String(operation_id_for(method, path)),
            );
            n += 1;
        }
    });
    n
}

/// Calls `f(path, name, parameter)` for every named parameter of every
/// operation; `f` says whether it changed the parameter. Returns how many did.
fn for_each_parameter(doc: &mut Value, mut f: impl FnMut(&str, &str, &mut Value) -> bool) -> usize {
    let mut n = 0;
    for_each_operation(doc, |path, _, op| {
        let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) else {
            return;
        };
        for p in params {
            let Some(name) = p.get("name").and_then(Value::as_str).map(str::to_string) else {
                continue;
            };
            if f(path, &name, p) {
                n += 1;
            }
        }
    });
    n
}

fn path_params_in_path(doc: &mut Value) -> usize {
    for_each_parameter(doc, |path, name, p| {
        let in_template = path.contains(&format!("{{{name}}}"));
        let change = in_template && p.get("in").and_then(Value::as_str) != Some("path");
        if change {
            p["in"] = json!("path");
            p["required"] = json!(true);
        }
        change
    })
}

fn string_path_ids(doc: &mut Value) -> usize {
    for_each_parameter(doc, |_, name, p| {
        let id = name == "id" || name.ends_with("_id");
        let integer = p.pointer("/schema/type").and_then(Value::as_str) == Some("integer");
        let change = id && integer && p.get("in").and_then(Value::as_str) == Some("path");
        if change {
            p["schema"] = json!({"type": "string"});
            if let Some(e) = p.get_mut("example").filter(|e| e.is_number()) {
                *e = json!(e.to_string());
            }
        }
        change
    })
}

fn schemaless_media(doc: &mut Value) -> usize {
    let mut n = 0;
    for_each_operation(doc, |_, _, op| {
        for body in bodies_of(op) {
            let Some(content) = body.get_mut("content").and_then(Value::as_object_mut) else {
                continue;
            };
            for (mime, media) in content.iter_mut() {
                if mime.contains("json") && media.is_object() && media.get("schema").is_none() {
                    media["schema"] = json!({});
                    n += 1;
                }
            }
        }
    });
    n
}

/// Moves error answers out of the operations: the runtime decodes them
/// (error.list, raw body kept). Each removed JSON schema stays available to
/// the conformance tools: inline ones become components named
/// `{operationId}_{status}_error`, and the operation lists them in
/// `x-intercom-errors` (`{status: {$ref}}`).
fn errors_via_runtime(doc: &mut Value) -> usize {
    let mut n = 0;
    let mut new_components: Vec<(String, Value)> = Vec::new();
    for_each_operation(doc, |_, _, op| {
        let id = op
            .get("operationId")
            .and_then(Value::as_str)
            .unwrap_or("operation")
            .to_string();
        let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
            return;
        };
        let mut errors = Map::new();
        let statuses: Vec<String> = responses
            .keys()
            .filter(|s| !(s.starts_with('1') || s.starts_with('2') || s.starts_with('3')))
            .cloned()
            .collect();
        for status in statuses {
            let r = responses.remove(&status).expect("listed above");
            n += 1;
            let Some(schema) = r.pointer("/content/application~1json/schema") else {
                continue;
            };
            let reference = if schema.get("$ref").is_some() {
                schema.clone()
            } else {
                let name = format!("{}_{}_error", snake_case(&id), status);
                new_components.push((name.clone(), schema.clone()));
                json!({ "$ref": format!("#/components/schemas/{name}") })
            };
            errors.insert(status, reference);
        }
        if !errors.is_empty() {
            op.insert("x-intercom-errors".into(), Value::Object(errors));
        }
    });
    if let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for (name, schema) in new_components {
            schemas.entry(name).or_insert(schema);
        }
    }
    n
}

/// Marks a `title` this build chose (so that `strip_titles` keeps it).
const OUR_TITLE: &str = "x-intercom-named";

fn strip_titles(doc: &mut Value) -> usize {
    let mut n = 0;
    for_each_schema(doc, &mut |s| {
        // A title `disambiguate_inline_names` chose is a name, not a collision.
        if s.get("title").is_some_and(Value::is_string) && !s.contains_key(OUR_TITLE) {
            s.remove("title");
            n += 1;
        }
    });
    n
}

fn is_scalar_schema(s: &Value) -> bool {
    matches!(
        s.get("type").and_then(Value::as_str),
        Some("string" | "integer" | "number" | "boolean")
    )
}

fn scalar_any_of(doc: &mut Value) -> usize {
    let mut n = 0;
    for_each_schema(doc, &mut |s| {
        let scalar = s
            .get("anyOf")
            .and_then(Value::as_array)
            .is_some_and(|m| m.iter().any(is_scalar_schema));
        if scalar && !s.contains_key("oneOf") {
            let members = s.remove("anyOf").expect("checked above");
            s.insert("oneOf".into(), members);
            n += 1;
        }
    });
    n
}

fn unix_timestamps(doc: &mut Value) -> usize {
    let mut n = 0;
    for_each_schema(doc, &mut |s| {
        if s.get("type").and_then(Value::as_str) == Some("integer")
            && s.get("format").and_then(Value::as_str) == Some("date-time")
        {
            s.insert("format".into(), json!("int64"));
            n += 1;
        }
    });
    n
}

/// Calls `f` on every `description` string of the document (operations,
/// parameters, responses, schemas), never inside examples, defaults or enums.
fn for_each_description(v: &mut Value, f: &mut dyn FnMut(&mut String)) {
    match v {
        Value::Object(map) => {
            for (k, child) in map.iter_mut() {
                match (k.as_str(), child) {
                    ("description" | "summary", Value::String(s)) => f(s),
                    ("example" | "examples" | "default" | "enum" | "x-rust-type", _) => {}
                    (_, child) => for_each_description(child, f),
                }
            }
        }
        Value::Array(list) => list.iter_mut().for_each(|c| for_each_description(c, f)),
        _ => {}
    }
}

/// Rewrites markdown so that rustdoc never takes prose for Rust: fences
/// without a language become `text`, indented code blocks become `text`
/// fences. Returns whether anything changed.
pub fn text_code_blocks(md: &str) -> Option<String> {
    let mut out: Vec<String> = Vec::new();
    let mut changed = false;
    let mut in_fence = false;
    let mut in_indented = false;
    let mut prev_blank = true;
    for line in md.lines() {
        let trimmed = line.trim_start();
        if in_indented {
            let still =
                line.starts_with("    ") || line.starts_with('\t') || line.trim().is_empty();
            if still {
                out.push(
                    line.strip_prefix("    ")
                        .or_else(|| line.strip_prefix('\t'))
                        .unwrap_or(line)
                        .to_string(),
                );
                continue;
            }
            while out.last().is_some_and(|l| l.trim().is_empty()) {
                out.pop();
            }
            out.push("```".into());
            out.push(String::new());
            in_indented = false;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            if !in_fence && trimmed.trim_start_matches(['`', '~']).trim().is_empty() {
                let indent = &line[..line.len() - trimmed.len()];
                out.push(format!("{indent}```text"));
                changed = true;
            } else {
                out.push(line.to_string());
            }
            in_fence = !in_fence;
            prev_blank = false;
            continue;
        }
        if !in_fence
            && prev_blank
            && !line.trim().is_empty()
            && (line.starts_with("    ") || line.starts_with('\t'))
        {
            out.push("```text".into());
            out.push(
                line.strip_prefix("    ")
                    .or_else(|| line.strip_prefix('\t'))
                    .unwrap_or(line)
                    .to_string(),
            );
            in_indented = true;
            changed = true;
            continue;
        }
        prev_blank = line.trim().is_empty();
        out.push(line.to_string());
    }
    if in_indented {
        while out.last().is_some_and(|l| l.trim().is_empty()) {
            out.pop();
        }
        out.push("```".into());
    }
    changed.then(|| out.join("\n"))
}

fn doc_code_blocks(doc: &mut Value) -> usize {
    let mut n = 0;
    for_each_description(doc, &mut |s| {
        if let Some(fixed) = text_code_blocks(s) {
            *s = fixed;
            n += 1;
        }
    });
    n
}

fn lenient_uuids(doc: &mut Value) -> usize {
    let mut n = 0;
    for_each_schema(doc, &mut |s| {
        if s.get("format").and_then(Value::as_str) == Some("uuid") {
            s.remove("format");
            n += 1;
        }
    });
    n
}

/// `ticket_type` / `ticketType` / `Ticket Type` → `TicketType`.
pub fn pascal_case(s: &str) -> String {
    let mut out = String::new();
    let mut upper = true;
    let mut prev_lower = false;
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            if upper || (c.is_ascii_uppercase() && prev_lower) {
                out.push(c.to_ascii_uppercase());
            } else {
                out.push(c.to_ascii_lowercase());
            }
            upper = false;
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        } else {
            upper = true;
            prev_lower = false;
        }
    }
    out
}

fn names_a_type(s: &Value) -> bool {
    s.get("$ref").is_none()
        && (s.get("enum").is_some()
            || s.get("properties").is_some()
            || s.get("oneOf").is_some()
            || s.get("anyOf").is_some())
}

fn disambiguate_inline_names(doc: &mut Value) -> usize {
    let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return 0;
    };
    let taken: std::collections::BTreeSet<String> =
        schemas.keys().map(|k| pascal_case(k)).collect();
    fn visit(
        name: &str,
        schema: &mut Value,
        taken: &std::collections::BTreeSet<String>,
        n: &mut usize,
    ) {
        let Some(props) = schema.get_mut("properties").and_then(Value::as_object_mut) else {
            return;
        };
        for (prop, s) in props.iter_mut() {
            let inner = format!("{name}{}", pascal_case(prop));
            let title = Value::String(format!("{inner}Value"));
            if names_a_type(s) && taken.contains(&inner) && s.get("title") != Some(&title) {
                s["title"] = title;
                s[OUR_TITLE] = Value::Bool(true);
                *n += 1;
            }
            visit(&inner, s, taken, n);
        }
    }
    let mut n = 0;
    for (key, schema) in schemas.iter_mut() {
        visit(&pascal_case(key), schema, &taken, &mut n);
    }
    n
}

// The kinds of pagination are shared with the library.
#[path = "request_side.rs"]
mod request_side;

#[path = "answer_side.rs"]
mod answer_side;

#[path = "operation_shape.rs"]
mod operation_shape;

#[path = "../src/page_kind.rs"]
mod page_kind;
pub use page_kind::PageKind;

/// A paginated operation found from the spec's shapes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paginated {
    pub method: String,
    pub path: String,
    pub kind: PageKind,
    /// Field path of the items in the answer, e.g. `["data"]` or `["data", "articles"]`.
    pub items: Vec<String>,
}

fn resolve<'a>(doc: &'a Value, mut s: &'a Value) -> &'a Value {
    for _ in 0..16 {
        let Some(r) = s.get("$ref").and_then(Value::as_str) else {
            break;
        };
        match r
            .strip_prefix("#/")
            .and_then(|p| doc.pointer(&format!("/{p}")))
        {
            Some(t) => s = t,
            None => break,
        }
    }
    s
}

fn props<'a>(doc: &'a Value, s: &'a Value) -> Option<&'a Map<String, Value>> {
    resolve(doc, s).get("properties").and_then(Value::as_object)
}

fn array_props(doc: &Value, s: &Value) -> Vec<String> {
    props(doc, s)
        .map(|p| {
            p.iter()
                .filter(|(_, v)| {
                    resolve(doc, v).get("type").and_then(Value::as_str) == Some("array")
                })
                .map(|(k, _)| k.clone())
                .collect()
        })
        .unwrap_or_default()
}

/// Classifies one operation, by the shapes of its parameters, body and answer.
pub fn classify(doc: &Value, method: &str, path: &str) -> Option<Paginated> {
    let op = doc.get("paths")?.get(path)?.get(method)?;
    let answer = op.pointer("/responses/200/content/application~1json/schema")?;
    let answer_props = props(doc, answer)?;
    // The items: the answer's array field (`data` preferred), or one inside `data`.
    let arrays = array_props(doc, answer);
    let items = if arrays.iter().any(|a| a == "data") {
        vec!["data".to_string()]
    } else if arrays.len() == 1 {
        vec![arrays[0].clone()]
    } else if let Some(data) = answer_props.get("data") {
        let inner = array_props(doc, data);
        // One list, or the one named after the resource (`/articles/search` → `articles`).
        let resource = path.split('/').find(|s| !s.is_empty()).unwrap_or_default();
        let pick = if inner.len() == 1 {
            inner.first()
        } else {
            inner.iter().find(|a| *a == resource)
        };
        vec!["data".to_string(), pick?.clone()]
    } else {
        return None;
    };
    let query: Vec<&str> = op
        .get("parameters")
        .and_then(Value::as_array)
        .map(|ps| {
            ps.iter()
                .filter(|p| p["in"] == "query")
                .filter_map(|p| p["name"].as_str())
                .collect()
        })
        .unwrap_or_default();
    let body_paginates = op
        .pointer("/requestBody/content/application~1json/schema")
        .and_then(|b| props(doc, b))
        .is_some_and(|p| p.contains_key("pagination"));
    let has_pages = answer_props.contains_key("pages");
    let kind = if body_paginates && has_pages {
        PageKind::BodyCursor
    } else if query.contains(&"scroll_param") && answer_props.contains_key("scroll_param") {
        PageKind::Scroll
    } else if query.contains(&"starting_after") && has_pages {
        PageKind::Cursor
    } else if has_pages
        && props(doc, &answer_props["pages"]).is_some_and(|p| p.contains_key("total_pages"))
    {
        PageKind::PageNumber
    } else if query.contains(&"page") && !has_pages && method == "get" {
        PageKind::PageUntilEmpty
    } else {
        return None;
    };
    Some(Paginated {
        method: method.to_string(),
        path: path.to_string(),
        kind,
        items,
    })
}

/// Every paginated operation of the document, sorted by path and method.
pub fn paginated_operations(doc: &Value) -> Vec<Paginated> {
    let mut out = Vec::new();
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            for method in METHODS {
                if item.get(*method).is_some() {
                    out.extend(classify(doc, method, path));
                }
            }
        }
    }
    out.sort_by(|a, b| (&a.path, &a.method).cmp(&(&b.path, &b.method)));
    out
}

fn pagination_params(doc: &mut Value) -> usize {
    let wanted: Vec<Paginated> = paginated_operations(doc)
        .into_iter()
        .filter(|p| p.kind == PageKind::PageNumber)
        .collect();
    let mut n = 0;
    for p in wanted {
        let ptr = operation_pointer(&p.path, &p.method);
        let Some(op) = doc.pointer_mut(&ptr).and_then(Value::as_object_mut) else {
            continue;
        };
        let params = op.entry("parameters").or_insert_with(|| json!([]));
        let Some(list) = params.as_array_mut() else {
            continue;
        };
        for (name, description) in [
            ("page", "The page of results to fetch (1-based)."),
            ("per_page", "How many results to return per page."),
        ] {
            if !list.iter().any(|x| x["name"] == name && x["in"] == "query") {
                list.push(json!({"name": name, "in": "query", "required": false, "description": description, "schema": {"type": "integer"}}));
                n += 1;
            }
        }
    }
    n
}

/// Names of the component schemas reachable from `roots`, transitively.
fn reachable(doc: &Value, roots: &[&Value]) -> std::collections::BTreeSet<String> {
    fn refs(doc: &Value, v: &Value, acc: &mut std::collections::BTreeSet<String>) {
        match v {
            Value::Object(map) => {
                if let Some(name) = map
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| r.strip_prefix("#/components/schemas/"))
                {
                    if acc.insert(name.to_string()) {
                        if let Some(s) = doc.pointer(&format!("/components/schemas/{name}")) {
                            refs(doc, s, acc);
                        }
                    }
                }
                for (k, child) in map {
                    if k != "example" && k != "examples" {
                        refs(doc, child, acc);
                    }
                }
            }
            Value::Array(list) => list.iter().for_each(|c| refs(doc, c, acc)),
            _ => {}
        }
    }
    let mut acc = std::collections::BTreeSet::new();
    for r in roots {
        refs(doc, r, &mut acc);
    }
    acc
}

/// Request-side and answer-side roots of every operation.
fn directions(doc: &Value) -> (Vec<Value>, Vec<Value>) {
    let mut requests = Vec::new();
    let mut answers = Vec::new();
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for item in paths.values() {
            for method in METHODS {
                let Some(op) = item.get(*method) else {
                    continue;
                };
                requests.extend(op.get("parameters").cloned());
                requests.extend(op.get("requestBody").cloned());
                answers.extend(op.get("responses").cloned());
                answers.extend(op.get("x-intercom-errors").cloned());
            }
        }
    }
    (requests, answers)
}

/// The forward-compatibility rule for one answer-side schema: fields the spec
/// calls required may be missing (but `type` and `id`), lists, maps and
/// defaulted fields may be `null`, and fields the spec does not know are kept
/// in a map (`extra`).
fn loosen(s: &mut Map<String, Value>) -> usize {
    let mut n = 0;
    if let Some(req) = s.get_mut("required").and_then(Value::as_array_mut) {
        let before = req.len();
        req.retain(|r| r == "type" || r == "id");
        n += before - req.len();
        if req.is_empty() {
            s.remove("required");
        }
    }
    if let Some(props) = s.get_mut("properties").and_then(Value::as_object_mut) {
        for p in props.values_mut() {
            let Some(p) = p.as_object_mut() else { continue };
            if p.contains_key("$ref") {
                continue;
            }
            let list_or_map = matches!(p.get("type").and_then(Value::as_str), Some("array"))
                || (p.get("type").and_then(Value::as_str) == Some("object")
                    && !p.contains_key("properties"));
            if p.remove("default").is_some() {
                n += 1;
            }
            if list_or_map && p.get("nullable") != Some(&Value::Bool(true)) {
                p.insert("nullable".into(), Value::Bool(true));
                n += 1;
            }
        }
        let open = matches!(
            s.get("additionalProperties"),
            None | Some(Value::Bool(true))
        );
        if open {
            s.insert("additionalProperties".into(), json!({}));
            n += 1;
        }
    }
    n
}

/// Calls `f` on every answer-side schema: components only answers use
/// (shared ones stay as declared, so requests stay strict) and the inline
/// schemas of answers, recursively.
fn for_each_answer_schema(doc: &mut Value, f: &mut dyn FnMut(&mut Map<String, Value>)) {
    let (requests, answers) = directions(doc);
    let request_side = reachable(doc, &requests.iter().collect::<Vec<_>>());
    let answer_side = reachable(doc, &answers.iter().collect::<Vec<_>>());
    if let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for (name, schema) in schemas.iter_mut() {
            if answer_side.contains(name) && !request_side.contains(name) {
                walk_schema(schema, f);
            }
        }
    }
    for_each_operation(doc, |_, _, op| {
        let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
            return;
        };
        for r in responses.values_mut() {
            if let Some(content) = r.get_mut("content").and_then(Value::as_object_mut) {
                for media in content.values_mut() {
                    if let Some(s) = media.get_mut("schema") {
                        walk_schema(s, f);
                    }
                }
            }
        }
    });
}

fn lenient_answers(doc: &mut Value) -> usize {
    let mut n = 0;
    for_each_answer_schema(doc, &mut |s| n += loosen(s));
    n
}

/// `ticketId` / `SearchContacts` → `ticket_id` / `search_contacts`.
pub fn snake_case(s: &str) -> String {
    let mut out = String::new();
    let mut prev_lower = false;
    for c in s.chars() {
        if c.is_ascii_uppercase() {
            if prev_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            prev_lower = false;
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
            prev_lower = true;
        } else {
            if !out.ends_with('_') {
                out.push('_');
            }
            prev_lower = false;
        }
    }
    out
}

/// Answer-side identifiers (`id`, `*_id`) decode from a string or a number:
/// Intercom sends ids as strings where its spec says integer and the reverse
/// (admin ids, conversation part ids). They become `intercom_api::Id`.
fn flexible_ids(doc: &mut Value) -> usize {
    let mut n = 0;
    for_each_answer_schema(doc, &mut |s| {
        let Some(props) = s.get_mut("properties").and_then(Value::as_object_mut) else {
            return;
        };
        for (name, p) in props.iter_mut() {
            let Some(p) = p.as_object_mut() else { continue };
            // Lists of ids (`team_ids`, `admin_ids`): their items.
            let p = if name.ends_with("_ids")
                && p.get("type").and_then(Value::as_str) == Some("array")
            {
                match p.get_mut("items").and_then(Value::as_object_mut) {
                    Some(items) => items,
                    None => continue,
                }
            } else if name == "id" || name.ends_with("_id") {
                p
            } else {
                continue;
            };
            let scalar = matches!(
                p.get("type").and_then(Value::as_str),
                Some("string" | "integer")
            );
            if scalar && !p.contains_key("enum") && !p.contains_key("x-rust-type") {
                p.insert(
                    "x-rust-type".into(),
                    json!({"crate": "intercom-api", "version": "*", "path": "intercom_api::Id"}),
                );
                n += 1;
            }
        }
    });
    n
}

fn free_form_custom_attributes(doc: &mut Value) -> usize {
    let mut n = 0;
    for_each_schema(doc, &mut |s| {
        let Some(ca) = s
            .get_mut("properties")
            .and_then(|p| p.get_mut("custom_attributes"))
            .and_then(Value::as_object_mut)
        else {
            return;
        };
        if ca.get("additionalProperties").is_some_and(is_scalar_schema) {
            ca.insert("additionalProperties".into(), json!({}));
            n += 1;
        }
    });
    n
}

/// Properties and required names of `schema`, with its `allOf` members merged in.
fn required_alternatives(doc: &mut Value) -> usize {
    let mut n = 0;
    for_each_schema(doc, &mut |s| {
        if !s.contains_key("properties") {
            return;
        }
        for key in ["anyOf", "oneOf"] {
            let Some(alts) = s.get(key).and_then(Value::as_array) else {
                continue;
            };
            let only_required = !alts.is_empty()
                && alts.iter().all(|a| {
                    a.as_object().is_some_and(|a| {
                        a.contains_key("required")
                            && a.keys()
                                .all(|k| matches!(k.as_str(), "required" | "title" | "description"))
                    })
                });
            if !only_required {
                continue;
            }
            let sets: Vec<Vec<String>> = alts
                .iter()
                .map(|a| {
                    a["required"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(|r| r.as_str().map(str::to_string))
                        .collect()
                })
                .collect();
            let mut required: Vec<String> = s
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|r| r.as_str().map(str::to_string))
                .collect();
            for f in &sets[0] {
                if sets.iter().all(|set| set.contains(f)) && !required.contains(f) {
                    required.push(f.clone());
                }
            }
            let choices: Vec<String> = sets
                .iter()
                .map(|set| {
                    let extra: Vec<String> = set
                        .iter()
                        .filter(|f| !required.contains(f))
                        .map(|f| format!("`{f}`"))
                        .collect();
                    extra.join(" + ")
                })
                .filter(|c| !c.is_empty())
                .collect();
            s.remove(key);
            s.insert("required".into(), json!(required));
            if !choices.is_empty() {
                let note = format!("Also required, one of: {}.", choices.join("; "));
                let d = s
                    .get("description")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .trim()
                    .to_string();
                let d = if d.is_empty() {
                    note
                } else {
                    format!("{d}\n\n{note}")
                };
                s.insert("description".into(), json!(d));
            }
            n += 1;
        }
    });
    n
}

fn merged_object(
    doc: &Value,
    schema: &Value,
    depth: usize,
) -> Option<(Map<String, Value>, Vec<Value>)> {
    if depth > 8 {
        return None;
    }
    let schema = resolve(doc, schema);
    let mut props = Map::new();
    let mut required: Vec<Value> = Vec::new();
    if let Some(members) = schema.get("allOf").and_then(Value::as_array) {
        for m in members {
            let (p, r) = merged_object(doc, m, depth + 1)?;
            props.extend(p);
            required.extend(r);
        }
    } else if schema.get("properties").is_none() {
        return None; // not an object we can merge (a scalar, a oneOf…)
    }
    if let Some(own) = schema.get("properties").and_then(Value::as_object) {
        props.extend(own.clone());
    }
    if let Some(r) = schema.get("required").and_then(Value::as_array) {
        required.extend(r.iter().cloned());
    }
    required.dedup();
    Some((props, required))
}

fn merge_all_of(doc: &mut Value) -> usize {
    // Find every schema to merge (by JSON pointer), computing from an unchanged copy.
    let snapshot = doc.clone();
    let mut targets: Vec<(String, Map<String, Value>, Vec<Value>)> = Vec::new();
    fn find(
        doc: &Value,
        v: &Value,
        at: &str,
        out: &mut Vec<(String, Map<String, Value>, Vec<Value>)>,
    ) {
        match v {
            Value::Object(map) => {
                let merge_worthy = map
                    .get("allOf")
                    .and_then(Value::as_array)
                    .is_some_and(|m| m.len() > 1 || map.contains_key("properties"));
                if merge_worthy {
                    if let Some((p, r)) = merged_object(doc, v, 0) {
                        out.push((at.to_string(), p, r));
                    }
                }
                for (k, child) in map {
                    if k != "example" && k != "examples" {
                        find(
                            doc,
                            child,
                            &format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                            out,
                        );
                    }
                }
            }
            Value::Array(list) => list
                .iter()
                .enumerate()
                .for_each(|(i, c)| find(doc, c, &format!("{at}/{i}"), out)),
            _ => {}
        }
    }
    find(&snapshot, &snapshot, "", &mut targets);
    let n = targets.len();
    for (ptr, props, required) in targets {
        let Some(s) = doc.pointer_mut(&ptr).and_then(Value::as_object_mut) else {
            continue;
        };
        s.remove("allOf");
        s.insert("type".into(), json!("object"));
        s.insert("properties".into(), Value::Object(props));
        if required.is_empty() {
            s.remove("required");
        } else {
            s.insert("required".into(), Value::Array(required));
        }
    }
    n
}

fn plain_object_components(doc: &mut Value) -> usize {
    let mut n = 0;
    if let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    {
        for s in schemas.values_mut().filter_map(Value::as_object_mut) {
            let object = s.get("type").and_then(Value::as_str) == Some("object")
                || s.contains_key("properties");
            if object && s.remove("nullable").is_some() {
                n += 1;
            }
        }
    }
    n
}
