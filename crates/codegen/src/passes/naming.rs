//! Names: operation ids where the spec has none, titles (which typify turns
//! into type names), and case conversion (heck, as typify and progenitor use).

use super::walk::{for_each_operation, for_each_schema};
use heck::{ToPascalCase, ToSnakeCase};
use serde_json::Value;

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

pub fn synthesize_operation_ids(doc: &mut Value) -> usize {
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

/// Marks a `title` this build chose (so that `strip_titles` keeps it).
pub const OUR_TITLE: &str = "x-intercom-named";

pub fn strip_titles(doc: &mut Value) -> usize {
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

/// `ticket_type` / `ticketType` / `Ticket Type` → `TicketType`.
pub fn pascal_case(s: &str) -> String {
    // As typify names types (heck, after the same clean-up).
    s.replace('\'', "")
        .replace(|c: char| !(c.is_alphanumeric() || c == '_'), "-")
        .to_pascal_case()
}

/// `ticketId` / `SearchContacts` → `ticket_id` / `search_contacts`.
pub fn snake_case(s: &str) -> String {
    s.to_snake_case()
}

pub fn names_a_type(s: &Value) -> bool {
    s.get("$ref").is_none()
        && (s.get("enum").is_some()
            || s.get("properties").is_some()
            || s.get("oneOf").is_some()
            || s.get("anyOf").is_some())
}

pub fn disambiguate_inline_names(doc: &mut Value) -> usize {
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
