//! Finds the search operations (request body: the `search_request`
//! component) and emits, per version, one call to the hand-written
//! `search_support!` (src/search.rs) naming the body type and the builders
//! that take it: `Query` converts into the body, and each builder gets
//! `.query(q)`.

use crate::generate::OperationInfo;
use std::collections::BTreeMap;

/// The search operations: each body type with the builders that take it.
pub type Searches = BTreeMap<String, Vec<String>>;

/// Finds the search operations of one version.
pub fn operations(
    file: &syn::File,
    ops: &[OperationInfo],
    doc: &serde_json::Value,
) -> Result<Searches, String> {
    let builders = crate::pagination::builder_fields(file);
    let mut by_body = Searches::new();
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
        by_body.entry(body).or_default().push(o.builder.clone());
    }
    Ok(by_body)
}

/// `crate::search::search_support!(SearchRequest; SearchContacts, …);`, or
/// nothing when the version has no search operation. When the body type is
/// shared with an earlier enabled version (`elsewhere`, build/share.rs),
/// that version converts queries into it, so this one only adds `.query`
/// (`search_support!(shared …)`).
pub fn glue(searches: &Searches, elsewhere: &std::collections::BTreeSet<String>) -> String {
    use quote::{format_ident, quote};
    searches
        .iter()
        .map(|(body, builders)| {
            let shared = elsewhere.contains(body).then(|| quote!(shared));
            let body = format_ident!("{body}");
            let builders = builders.iter().map(|b| format_ident!("{b}"));
            quote!(crate::search::search_support!(#shared #body; #(#builders),*);).to_string()
                + "\n"
        })
        .collect()
}
