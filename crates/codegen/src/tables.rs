//! The tables each version module carries besides its client: the
//! operations (method, path, name), the answer decoder (feature
//! `conformance`) and the invoker that calls an operation by name (this
//! crate's tests), each emitted with `quote!` from what the build knows of
//! every operation.

use crate::generate::OperationInfo;
use crate::syntax::{builder_fields, last_ident, unwrap};
use proc_macro2::TokenStream;
use std::collections::BTreeSet;

/// `OPERATIONS` and `operation(name)`, the lookup the client's hooks use
/// (a `match` on the name, not a scan of the table).
pub fn operations_table(ops: &[OperationInfo], doc: &serde_json::Value) -> TokenStream {
    use quote::quote;
    let rows = ops.iter().map(|o| {
        let ptr = crate::passes::operation_pointer(&o.path, &o.method) + "/x-intercom-multipart";
        let multipart = doc.pointer(&ptr) == Some(&serde_json::Value::Bool(true));
        let ptr = crate::passes::operation_pointer(&o.path, &o.method) + "/x-intercom-stream";
        let stream = doc.pointer(&ptr) == Some(&serde_json::Value::Bool(true));
        let (method, path, name) = (&o.method, &o.path, &o.fn_name);
        quote!(::intercom_api::Operation { method: #method, path: #path, name: #name, multipart: #multipart, stream: #stream })
    });
    let arms = ops.iter().enumerate().map(|(i, o)| {
        let name = &o.fn_name;
        quote!(#name => Some(&OPERATIONS[#i]),)
    });
    let consts = ops.iter().enumerate().map(|(i, o)| {
        let name = quote::format_ident!("{}", o.fn_name.to_uppercase());
        let doc = format!("`{} {}`: `Client::{}`.", o.method, o.path, o.fn_name);
        quote!(#[doc = #doc] pub const #name: ::intercom_api::Operation = super::OPERATIONS[#i];)
    });
    quote! {
        /// Every operation of this version: method, path template, method name.
        pub const OPERATIONS: &[::intercom_api::Operation] = &[#(#rows),*];

        /// Every operation of this version by name, as the compiler checks it:
        /// `mock.on(ops::SHOW_CONTACT)` (a typo does not compile).
        pub mod ops {
            #(#consts)*
        }

        /// The operation whose client method is `name`.
        pub fn operation(name: &str) -> Option<&'static ::intercom_api::Operation> {
            match name {
                #(#arms)*
                _ => None,
            }
        }
    }
}

/// `decode_answer(name, status, body)`: decodes an answer into its
/// operation's type (2xx), the error type the operation declares for that
/// status (`x-intercom-errors`), or else the `error.list` type, for the
/// conformance tools.
pub fn decoder(
    ops: &[OperationInfo],
    doc: &serde_json::Value,
    names: &BTreeSet<String>,
) -> Result<TokenStream, String> {
    use quote::{format_ident, quote};
    let mut arms = Vec::new();
    for o in ops {
        let name = &o.fn_name;
        let decodable = |ty: &syn::Type| match ty {
            syn::Type::Tuple(t) => !t.elems.is_empty(),
            ty => crate::syntax::last_ident(ty).is_none_or(|i| i != "ByteStream"),
        };
        if let Some(ty) = o.response_path.as_ref().filter(|ty| decodable(ty)) {
            arms.push(quote!((#name, 200..=299) => Some(::intercom_api::conformance::decode::<#ty>(body)),));
        }
        let ptr = crate::passes::operation_pointer(&o.path, &o.method) + "/x-intercom-errors";
        if let Some(errors) = doc.pointer(&ptr).and_then(|e| e.as_object()) {
            for (status, r) in errors {
                let Ok(code) = status.parse::<u16>() else {
                    continue;
                };
                let Some(schema) = r["$ref"].as_str().and_then(|r| r.rsplit('/').next()) else {
                    continue;
                };
                let ty = crate::passes::pascal_case(schema);
                if names.contains(&ty) {
                    let ty = format_ident!("{ty}");
                    arms.push(quote!((#name, #code) => Some(::intercom_api::conformance::decode::<types::#ty>(body)),));
                }
            }
        }
    }
    if names.contains("Error") {
        arms.push(
            quote!((_, 400..=599) => Some(::intercom_api::conformance::decode::<types::Error>(body)),),
        );
    }
    Ok(quote! {
        /// Decodes an answer to operation `name` (see `OPERATIONS`) with `status` into
        /// its generated type, and checks that nothing was lost. `None` when the
        /// operation declares no JSON answer for that status.
        pub fn decode_answer(name: &str, status: u16, body: &[u8]) -> Option<Result<(), ::intercom_api::conformance::Failure>> {
            match (name, status) {
                #(#arms)*
                _ => None,
            }
        }
    })
}

/// `__invoke(client, name, args)` (this crate's tests): calls an operation
/// by name through its typed builder, each argument decoded from JSON into
/// the setter's type (the body as its type rather than its builder; a raw
/// body as a string).
pub fn invoker(file: &syn::File, ops: &[OperationInfo]) -> TokenStream {
    use quote::{format_ident, quote};
    let builders = builder_fields(file);
    let mut arms = proc_macro2::TokenStream::new();
    for o in ops {
        let Some(fields) = builders.get(&o.builder) else {
            continue;
        };
        let setters = fields
            .iter()
            .filter(|(n, _)| n != "client")
            .filter_map(|(name, ty)| {
                let inner = unwrap(ty, "Result")?;
                let is_builder = |p: &syn::TypePath| {
                    p.path
                        .segments
                        .iter()
                        .rev()
                        .nth(1)
                        .is_some_and(|s| s.ident == "builder")
                };
                let ty = match inner {
                    // A body builder (types::builder::X) takes a types::X.
                    syn::Type::Path(p) if name == "body" && is_builder(p) => {
                        let x = last_ident(inner)?;
                        quote!(types::#x)
                    }
                    _ if name == "body" && last_ident(inner).is_some_and(|i| i == "Body") => {
                        quote!(::std::string::String)
                    }
                    _ if name == "body" => quote!(#inner),
                    _ => {
                        let t = unwrap(inner, "Option").unwrap_or(inner);
                        quote!(#t)
                    }
                };
                let field = format_ident!("{name}");
                let key = name.as_str();
                Some(quote! {
                    match ::intercom_api::versions::invoke_arg::<#ty>(args, #key) {
                        Some(Ok(v)) => b = b.#field(v),
                        Some(Err(e)) => return Some(Err(e)),
                        None => {}
                    }
                })
            });
        let name = &o.fn_name;
        let method = format_ident!("{}", o.fn_name);
        arms.extend(quote! {
            #name => {
                #[allow(unused_mut)]
                let mut b = client.#method();
                #(#setters)*
                Box::pin(b.send()).await.map(|_| ()).map_err(::intercom_api::Error::from)
            }
        });
    }
    quote! {
        #[doc(hidden)]
        pub async fn __invoke(
            client: &Client,
            name: &str,
            args: &::serde_json::Map<String, ::serde_json::Value>,
        ) -> Option<::intercom_api::Result<()>> {
            Some(match name {
                #arms
                _ => return None,
            })
        }
    }
}
