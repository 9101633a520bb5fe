//! Emits, for each paginated operation found by `passes::paginated_operations`,
//! one call of the hand-written `paginated!` (src/pagination.rs) with the
//! data that makes its request builder a `Paginated` source: how to set the
//! cursor or page, where the items and the page info are. The shapes come
//! from the patched spec; the Rust names and types from the generated code.

use crate::generate::OperationInfo;
use crate::passes::{PageKind, Paginated};
use quote::{format_ident, quote, ToTokens};
use std::collections::HashMap;
use std::fmt::Write as _;

type Fields = HashMap<String, Vec<(String, syn::Type)>>;

/// Struct fields of the generated module `module` (`types` or `builder`).
fn struct_fields(file: &syn::File, module: &str) -> Fields {
    let mut out = Fields::new();
    for item in &file.items {
        let syn::Item::Mod(m) = item else { continue };
        if m.ident != module {
            continue;
        }
        for it in m.content.iter().flat_map(|(_, items)| items) {
            if let syn::Item::Struct(s) = it {
                let fields = s
                    .fields
                    .iter()
                    .filter_map(|f| Some((f.ident.as_ref()?.to_string(), f.ty.clone())))
                    .collect();
                out.insert(s.ident.to_string(), fields);
            }
        }
    }
    out
}

/// Struct fields of the generated `types` module.
pub fn type_fields(file: &syn::File) -> Fields {
    struct_fields(file, "types")
}

/// Builder struct fields (e.g. `body`) of the generated `builder` module.
pub fn builder_fields(file: &syn::File) -> Fields {
    struct_fields(file, "builder")
}

/// `Option<T>` / `Vec<T>` / `Result<T, _>` → `T`.
pub fn unwrap<'a>(ty: &'a syn::Type, name: &str) -> Option<&'a syn::Type> {
    let syn::Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident != name {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        syn::GenericArgument::Type(t) => Some(t),
        _ => None,
    }
}

/// The name of a type of the `types` module, as seen from the version module.
/// A type as the version module names it: a generated type by its path
/// under `types`.
fn qualify(ty: &syn::Type) -> proc_macro2::TokenStream {
    match ty {
        syn::Type::Path(p)
            if p.qself.is_none()
                && p.path.leading_colon.is_none()
                && p.path.segments.len() == 1 =>
        {
            quote!(types::#ty)
        }
        _ => ty.to_token_stream(),
    }
}

fn simple_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(p) if p.path.segments.len() == 1 => {
            Some(p.path.segments[0].ident.to_string())
        }
        _ => None,
    }
}

fn field<'a>(fields: &'a Fields, ty: &str, name: &str) -> Option<&'a syn::Type> {
    fields
        .get(ty)?
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, t)| t)
}

/// The generated glue for one version, and one snapshot line per paginated operation.
pub fn glue(
    file: &syn::File,
    ops: &[OperationInfo],
    paginated: &[Paginated],
) -> Result<(String, String), String> {
    let types = type_fields(file);
    let builders = builder_fields(file);
    let mut code = proc_macro2::TokenStream::new();
    let mut listing = String::new();
    for p in paginated {
        let op = ops
            .iter()
            .find(|o| o.method.eq_ignore_ascii_case(&p.method) && o.path == p.path)
            .ok_or_else(|| {
                format!(
                    "paginated operation {} {} has no generated method",
                    p.method, p.path
                )
            })?;
        let fail = |what: &str| format!("{} {} ({}): {what}", op.method, op.path, op.fn_name);
        let page_ty = op.response.clone();
        if !types.contains_key(&page_ty) {
            return Err(fail(&format!(
                "answer type `{page_ty}` is not a generated struct"
            )));
        }
        // Items: walk the field path, minding Option at each step.
        let first = field(&types, &page_ty, &p.items[0]).ok_or_else(|| fail("no items field"))?;
        let a = format_ident!("{}", p.items[0]);
        let (items, leaf) = if p.items.len() == 1 {
            (quote!(#a), first)
        } else {
            let outer_opt = unwrap(first, "Option");
            let outer = outer_opt.unwrap_or(first);
            let outer_name =
                simple_name(outer).ok_or_else(|| fail("nested items container is not a struct"))?;
            let leaf = field(&types, &outer_name, &p.items[1])
                .ok_or_else(|| fail("no nested items field"))?;
            let b = format_ident!("{}", p.items[1]);
            if outer_opt.is_some() {
                (quote!(#a ? . #b), leaf)
            } else {
                (quote!(#a . #b), leaf)
            }
        };
        let vec = unwrap(leaf, "Option").unwrap_or(leaf);
        let item = qualify(unwrap(vec, "Vec").ok_or_else(|| fail("items field is not a list"))?);
        let has = |f: &str| {
            if field(&types, &page_ty, f).is_some() {
                quote!(yes)
            } else {
                quote!(no)
            }
        };
        let (pages, scroll) = (has("pages"), has("scroll_param"));
        let at = match p.kind {
            PageKind::Cursor => quote!(cursor),
            PageKind::Scroll => quote!(scroll),
            PageKind::PageNumber | PageKind::PageUntilEmpty => quote!(page),
            PageKind::BodyCursor => {
                let body = field(&builders, &op.builder, "body")
                    .ok_or_else(|| fail("body cursor without a body"))?;
                let body_builder =
                    unwrap(body, "Result").ok_or_else(|| fail("unexpected body field"))?;
                let name = match body_builder {
                    syn::Type::Path(tp) => tp.path.segments.last().map(|s| s.ident.clone()),
                    _ => None,
                }
                .ok_or_else(|| fail("unexpected body type"))?;
                quote!((body #name))
            }
        };
        let builder = format_ident!("{}", op.builder);
        let page = format_ident!("{}", page_ty);
        let kind = format_ident!("{}", p.kind.name());
        code.extend(quote! {
            crate::pagination::paginated!(#builder, types::#page, #item, #kind, #at, [#items], #pages, #scroll);
        });
        writeln!(
            listing,
            "{} {} -> {} [{}] items: {}",
            op.method,
            op.path,
            op.fn_name,
            p.kind.name(),
            p.items.join(".")
        )
        .unwrap();
    }
    let parsed: syn::File =
        syn::parse2(code).map_err(|e| format!("pagination glue does not parse: {e}"))?;
    Ok((prettyplease::unparse(&parsed), listing))
}
