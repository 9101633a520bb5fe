//! Finds the search operations (request body: the `search_request`
//! component) and emits, per version, one call to the hand-written
//! `search_support!` (src/search.rs) naming the body type and the builders
//! that take it: `Query` converts into the body, and each builder gets
//! `.query(q)`.

use crate::generate::OperationInfo;
use std::collections::BTreeMap;

/// `crate::search::search_support!(SearchRequest; SearchContacts, …);`, or
/// nothing when the version has no search operation.
pub fn glue(
    file: &syn::File,
    ops: &[OperationInfo],
    doc: &serde_json::Value,
) -> Result<String, String> {
    let builders = crate::pagination::builder_fields(file);
    let mut by_body: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for o in ops {
        let ptr = crate::passes::operation_pointer(&o.path, &o.method)
            + "/requestBody/content/application~1json/schema/$ref";
        if doc.pointer(&ptr).and_then(|r| r.as_str()) != Some("#/components/schemas/search_request")
        {
            continue;
        }
        let body = builders
            .get(&o.builder)
            .and_then(|fields| fields.iter().find(|(n, _)| n == "body"))
            .and_then(|(_, ty)| crate::pagination::unwrap(ty, "Result"))
            .and_then(|ty| match ty {
                syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
                _ => None,
            })
            .ok_or_else(|| format!("search operation {} has no body setter", o.fn_name))?;
        by_body.entry(body).or_default().push(&o.builder);
    }
    Ok(by_body
        .iter()
        .map(|(body, builders)| {
            format!(
                "crate::search::search_support!({body}; {});\n",
                builders.join(", ")
            )
        })
        .collect())
}
