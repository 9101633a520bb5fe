//! Finds the search operations (request body: the `search_request`
//! component) and emits, per version, what makes `intercom_api::search::Query`
//! usable with them: `Query` converts into the body type (a body is never a
//! shared type, share.rs), and each builder gets `.query(q)`.

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
    let builders = crate::syntax::builder_fields(file);
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
            .and_then(|(_, ty)| crate::syntax::unwrap(ty, "Result"))
            .and_then(|ty| match ty {
                syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
                _ => None,
            })
            .ok_or_else(|| format!("search operation {} has no body setter", o.fn_name))?;
        by_body.entry(body).or_default().push(o.builder.clone());
    }
    Ok(by_body)
}

/// The glue, or nothing when the version has no search operation.
pub fn glue(searches: &Searches) -> proc_macro2::TokenStream {
    use quote::{format_ident, quote};
    searches
        .iter()
        .map(|(body, builders)| {
            let body = format_ident!("{body}");
            let builders = builders.iter().map(|b| format_ident!("{b}"));
            let code = quote! {
                impl ::std::convert::TryFrom<::intercom_api::search::Query> for types::#body {
                    type Error = ::intercom_api::Error;
                    fn try_from(query: ::intercom_api::search::Query) -> ::std::result::Result<Self, ::intercom_api::Error> {
                        query.to_body()
                    }
                }
                #(
                    impl<'a> builder::#builders<'a> {
                        /// Searches with `query` (see [`intercom_api::search`]).
                        /// A query over Intercom's limits fails on `send` with
                        /// [`Error::InvalidRequest`](intercom_api::Error::InvalidRequest), before anything is sent.
                        pub fn query(self, query: ::intercom_api::search::Query) -> Self {
                            self.body(query)
                        }
                    }
                )*
            };
            code
        })
        .collect()
}
