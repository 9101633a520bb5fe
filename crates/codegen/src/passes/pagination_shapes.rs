//! Which operations are paginated, and how, found from the shapes of their
//! parameters, bodies and answers (the glue is `pagination.rs`), and the
//! pass that adds the page parameters a page-numbered list lacks.

pub use super::page_kind::PageKind;

use super::walk::{operation_pointer, props, resolve, METHODS};
use serde_json::{json, Value};

/// A paginated operation found from the spec's shapes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paginated {
    pub method: String,
    pub path: String,
    pub kind: PageKind,
    /// Field path of the items in the answer, e.g. `["data"]` or `["data", "articles"]`.
    pub items: Vec<String>,
}

pub fn array_props(doc: &Value, s: &Value) -> Vec<String> {
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

pub fn pagination_params(doc: &mut Value) -> usize {
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
