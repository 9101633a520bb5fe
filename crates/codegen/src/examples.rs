//! A usage example on every operation's `Client` method, replacing
//! progenitor's placeholder block: the call in the shortest typed form, its
//! arguments from the operation's spec examples (parameters, request body),
//! corrected by `openapi/example-fixes.json` where Intercom's example breaks
//! its own spec, with fallbacks where one is missing or does not fit.
//!
//! Each example is built once, as tokens: the method's doc shows it (a
//! `no_run` block: the generated crates' doctests are off), and the
//! version's `__examples` (feature `__test-support`) runs every one, so the
//! facade's tests compile them for each version and run them on the mock.

use crate::doc_data::ExampleFix;
use crate::generate::OperationInfo;
use crate::passes::{resolve, snake_case};
use crate::syntax::{builder_fields, param_type, unwrap};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value;

mod fields;
mod literals;
mod values;
pub use values::Ctx;

/// One operation's example.
pub struct Example {
    pub fn_name: String,
    /// `let answer = client.….await?;`
    pub stmt: TokenStream,
}

/// How every example sends its call (the one place to change it).
pub fn send(call: TokenStream) -> TokenStream {
    quote!(#call.await?)
}

/// The example of every operation of `ops`, with the fixes of this version.
pub fn build(
    ctx: &Ctx,
    file: &syn::File,
    ops: &[OperationInfo],
    fixes: &[&ExampleFix],
) -> Vec<Example> {
    let fields = builder_fields(file);
    ops.iter()
        .map(|op| {
            let spec_op = &ctx.doc["paths"][&op.path][op.method.to_lowercase()];
            let fix = fixes.iter().find(|f| f.operation == op.fn_name && !f.open);
            let f = format_ident!("{}", op.fn_name);
            let mut call = quote!(client.#f());
            for (name, ty) in fields.get(&op.builder).into_iter().flatten() {
                let arg = fix.and_then(|f| f.args.get(name));
                let part = if name == "client" {
                    None
                } else if name == "body" {
                    body(ctx, ty, spec_op, arg)
                } else {
                    param(ctx, name, ty, spec_op, arg)
                };
                call.extend(part);
            }
            let sent = send(call);
            Example {
                fn_name: op.fn_name.clone(),
                stmt: quote!(let answer = #sent;),
            }
        })
        .collect()
}

/// The example of a parameter or media object: `example`, else the first of
/// `examples` that is not `null` (a successful one first), else the
/// schema's.
fn example_of(v: &Value) -> Option<&Value> {
    fn value<'a>((_, e): (&String, &'a Value)) -> Option<&'a Value> {
        e.get("value").filter(|v| !v.is_null())
    }
    let listed = || {
        let all = v["examples"].as_object()?;
        let success = all
            .iter()
            .filter(|(k, _)| k.contains("success"))
            .find_map(value);
        success.or_else(|| all.iter().find_map(value))
    };
    v.get("example")
        .or_else(listed)
        .or_else(|| v.pointer("/schema/example"))
}

/// `.name(value)` for a path, query or header parameter: required ones
/// always, optional ones where the spec gives an example.
fn param(
    ctx: &Ctx,
    name: &str,
    ty: &syn::Type,
    op: &Value,
    arg: Option<&Value>,
) -> Option<TokenStream> {
    let (inner, optional) = param_type(ty);
    let shape = values::shape_of(inner);
    if values::named(&shape).is_some_and(|n| ctx.is_tag(n)) {
        return None;
    }
    let spec = op["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| resolve(ctx.doc, p))
        .find(|p| {
            p["name"]
                .as_str()
                .is_some_and(|n| values::same_name(n, name) || snake_case(n) == name)
        });
    // A path example written as prose (`123 or "last"`) is no value.
    let prose = |v: &&Value| {
        spec.is_some_and(|p| p["in"] == "path") && v.as_str().is_some_and(|s| s.contains(' '))
    };
    let example = arg.or_else(|| spec.and_then(example_of).filter(|v| !prose(v)));
    if optional && example.is_none() {
        return None;
    }
    let v = ctx.value(&shape, example, spec.map(|p| &p["schema"]), name)?;
    let n = format_ident!("{}", name);
    Some(quote!(.#n(#v)))
}

/// The body: `.body_map(|b| b.field(value)…)` for a body built field by
/// field, `.body(types::Alternative::builder()…)` for a union, `.body(json!)`
/// for free JSON; nothing for a body the example cannot write (a file).
fn body(ctx: &Ctx, ty: &syn::Type, op: &Value, arg: Option<&Value>) -> Option<TokenStream> {
    let held = unwrap(ty, "Result")?;
    let media = op.pointer("/requestBody/content/application~1json");
    let example = arg.or_else(|| media.and_then(example_of));
    let schema = media.map(|m| &m["schema"]);
    let syn::Type::Path(p) = held else {
        return None;
    };
    let segments = crate::syntax::path_names(&p.path);
    match &segments.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["types", "builder", t] => {
            let setters = ctx.setters(t, example, schema, true);
            (!setters.is_empty()).then(|| quote!(.body_map(|b| b #setters)))
        }
        ["types", t] => {
            let v = ctx.value(
                &crate::model::Shape::Named(t.to_string()),
                example,
                schema,
                "body",
            )?;
            Some(quote!(.body(#v)))
        }
        [.., "Value"] => {
            let v = values::json(example.unwrap_or(&Value::Null), true);
            Some(quote!(.body(#v)))
        }
        _ => None,
    }
}

/// The `no_run` block of an example, as the method's doc shows it (`module`:
/// the version's module of the facade, `preview`).
pub fn doc_block(example: &Example, module: &str) -> String {
    let stmt = &example.stmt;
    let text = syn::parse2::<syn::File>(quote!(fn f() { #stmt }))
        .map(|f| prettyplease::unparse(&f))
        .unwrap_or_default();
    let body: Vec<&str> = text.lines().skip(1).take_while(|l| *l != "}").collect();
    let mut out = format!(
        "```no_run\n# use intercom_api::{module}::{{types, Client}};\n\
         # async fn run(client: Client) -> intercom_api::Result<()> {{\n"
    );
    for line in body {
        out.push_str(line.strip_prefix("    ").unwrap_or(line));
        out.push('\n');
    }
    out.push_str("# Ok(())\n# }\n```");
    out
}

/// Replaces progenitor's `ignore` block in each `Client` method's doc with
/// its example.
pub fn rewrite_docs(file: &mut syn::File, examples: &[Example], module: &str) {
    for m in crate::syntax::methods_mut(&mut file.items) {
        if m.owner != "Client" || m.trait_.is_some() {
            continue;
        }
        let Some(example) = examples.iter().find(|e| m.f.sig.ident == e.fn_name) else {
            continue;
        };
        let block = doc_block(example, module);
        for attr in m.f.attrs.iter_mut().filter(|a| a.path().is_ident("doc")) {
            let syn::Meta::NameValue(nv) = &mut attr.meta else {
                continue;
            };
            let syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) = &nv.value
            else {
                continue;
            };
            let text = s.value();
            let Some(start) = text.find("```ignore") else {
                continue;
            };
            let end = text[start + 3..]
                .find("```")
                .map_or(text.len(), |e| start + 6 + e);
            let new = format!("{}Example:\n{block}{}", &text[..start], &text[end..]);
            nv.value = syn::parse_quote!(#new);
        }
    }
}

/// `__examples`: runs every example on `client`, each with its operation's
/// name (feature `__test-support`; the facade's tests run it on the mock).
pub fn runner(examples: &[Example]) -> TokenStream {
    let runs = examples.iter().map(|e| {
        let (name, stmt) = (&e.fn_name, &e.stmt);
        quote! {
            out.push((#name, async {
                #stmt
                let _ = answer;
                Ok::<(), ::intercom_api::Error>(())
            }.await));
        }
    });
    quote! {
        /// Runs every operation's doc example on `client` (the facade's tests).
        #[doc(hidden)]
        #[allow(unused_variables, clippy::all)]
        pub async fn __examples(client: &Client) -> Vec<(&'static str, ::intercom_api::Result<()>)> {
            let mut out = Vec::new();
            #(#runs)*
            out
        }
    }
}

#[cfg(test)]
mod tests;
