//! Finding a call: the operation index of each version module's page
//! (grouped by Intercom's tags, as the SDKs' reference is: each line the
//! method, its HTTP method and path, the spec's one-line summary), and the
//! search aliases of each `Client` method (its operationId as written, the
//! TypeScript SDK's `group.method`, corrected spellings of typos).

use crate::doc_data::DocData;
use crate::generate::OperationInfo;
use serde_json::Value;
use std::collections::BTreeMap;

/// The spec's operation of `op`.
fn spec_op<'a>(doc: &'a Value, op: &OperationInfo) -> &'a Value {
    &doc["paths"][&op.path][op.method.to_lowercase()]
}

/// The index, as Markdown for the version module's docs: a section per tag
/// (in the spec's order of tags, then any others alphabetically), an
/// operation under each of its tags (untagged ones under "Other").
pub fn markdown(doc: &Value, ops: &[OperationInfo], module: &str) -> String {
    let mut by_tag: BTreeMap<String, Vec<&OperationInfo>> = BTreeMap::new();
    for op in ops {
        let tags: Vec<String> = spec_op(doc, op)["tags"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect();
        let tags = if tags.is_empty() {
            vec!["Other".to_string()]
        } else {
            tags
        };
        for t in tags {
            by_tag.entry(t).or_default().push(op);
        }
    }
    let mut order: Vec<String> = doc["tags"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t["name"].as_str())
        .filter(|t| by_tag.contains_key(*t))
        .map(str::to_string)
        .collect();
    let rest: Vec<String> = by_tag
        .keys()
        .filter(|t| !order.contains(t))
        .cloned()
        .collect();
    order.extend(rest);
    let mut out = String::from(
        "# Operations\n\nEvery operation of this version, grouped by Intercom's tags (an operation \
         with several tags is listed under each). Each method's page has a usage example.\n",
    );
    for tag in order {
        out.push_str(&format!("\n## {tag}\n\n"));
        for op in &by_tag[&tag] {
            let summary = one_line(spec_op(doc, op)["summary"].as_str().unwrap_or(""));
            let f = &op.fn_name;
            out.push_str(&format!(
                "- [`{f}`](crate::{module}::Client::{f}) `{} {}`{}\n",
                op.method,
                op.path,
                if summary.is_empty() {
                    String::new()
                } else {
                    format!(": {summary}")
                }
            ));
        }
    }
    out
}

/// A summary on one line, without Markdown that would break the list.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The search aliases of an operation's method: its operationId as written,
/// the TypeScript SDK's name, the corrected spellings of a typo; none equal
/// to the method's own name (rustdoc refuses those), each once.
pub fn aliases(data: &DocData, version: &str, doc: &Value, op: &OperationInfo) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let id = spec_op(doc, op)["operationId"].as_str().unwrap_or_default();
    out.push(id.to_string());
    out.extend(
        data.sdk_name(version, &op.method, &op.path)
            .map(str::to_string),
    );
    for a in data.aliases.iter().filter(|a| a.operation == id) {
        out.extend(a.aliases.iter().cloned());
    }
    let mut seen = std::collections::BTreeSet::new();
    out.retain(|a| {
        let allowed = !a.is_empty()
            && a.trim() == a
            && !a.contains(['"', '\'', '`', '\n', '\t'])
            && *a != op.fn_name;
        allowed && seen.insert(a.clone())
    });
    out
}

/// Adds `#[doc(alias = "…")]` for [`aliases`] to each operation's `Client`
/// method of `file`.
pub fn add_aliases(
    file: &mut syn::File,
    data: &DocData,
    version: &str,
    doc: &Value,
    ops: &[OperationInfo],
) {
    for m in crate::syntax::methods_mut(&mut file.items) {
        if m.owner != "Client" || m.trait_.is_some() {
            continue;
        }
        let Some(op) = ops.iter().find(|o| m.f.sig.ident == o.fn_name) else {
            continue;
        };
        for a in aliases(data, version, doc, op) {
            m.f.attrs.push(syn::parse_quote!(#[doc(alias = #a)]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn op(method: &str, path: &str, fn_name: &str) -> OperationInfo {
        OperationInfo {
            builder: String::new(),
            method: method.into(),
            path: path.into(),
            fn_name: fn_name.into(),
            params: Vec::new(),
            response: String::new(),
            response_path: None,
        }
    }

    fn doc() -> Value {
        json!({
            "tags": [{"name": "Contacts"}, {"name": "Companies"}],
            "paths": {
                "/contacts/{contact_id}/companies": {"post": {
                    "operationId": "attachContactToACompany",
                    "summary": "Attach a Contact to a\n Company",
                    "tags": ["Companies", "Contacts"]
                }},
                "/data_attributes": {"get": {"operationId": "lisDataAttributes", "tags": ["Data Attributes"]}},
                "/me": {"get": {"operationId": "identifyAdmin"}}
            }
        })
    }

    #[test]
    fn an_operation_with_two_tags_is_under_each_in_the_specs_order() {
        let ops = [
            op(
                "POST",
                "/contacts/{contact_id}/companies",
                "attach_contact_to_a_company",
            ),
            op("GET", "/data_attributes", "lis_data_attributes"),
            op("GET", "/me", "identify_admin"),
        ];
        let md = markdown(&doc(), &ops, "v2_14");
        let line =
            "- [`attach_contact_to_a_company`](crate::v2_14::Client::attach_contact_to_a_company) \
                    `POST /contacts/{contact_id}/companies`: Attach a Contact to a Company";
        assert_eq!(md.matches(line).count(), 2, "{md}");
        let at = |h: &str| md.find(h).unwrap();
        assert!(at("## Contacts") < at("## Companies"));
        assert!(at("## Companies") < at("## Data Attributes"));
        assert!(at("## Data Attributes") < at("## Other"));
    }

    #[test]
    fn aliases_name_the_id_the_sdk_and_typo_fixes() {
        let data = DocData::read(&crate::root().join("openapi")).unwrap();
        let attach = op(
            "POST",
            "/contacts/{contact_id}/companies",
            "attach_contact_to_a_company",
        );
        assert_eq!(
            aliases(&data, "2.14", &doc(), &attach),
            ["attachContactToACompany", "companies.attachContact"]
        );
        let lis = op("GET", "/data_attributes", "lis_data_attributes");
        let a = aliases(&data, "2.14", &doc(), &lis);
        assert!(a.contains(&"list data attributes".to_string()), "{a:?}");
        assert!(a.contains(&"list_data_attributes".to_string()), "{a:?}");
        assert!(a.contains(&"lisDataAttributes".to_string()), "{a:?}");
    }
}
