//! Forward compatibility for enums, applied to the generated code: every
//! string enum of two or more values gains `Unknown(String)`, an untagged catch-all that keeps a
//! value the spec does not list (an answer must still decode when Intercom
//! adds one). Its `Display` writes the kept value back; `FromStr` stays
//! strict, so what a caller builds from text matches the spec.

use syn::parse_quote;

/// A string enum of two or more values. A one-value enum is a tag (`type:
/// "admin"`) that tells the alternatives of an untagged union apart: opening
/// it would let the first alternative swallow every other one.
fn is_open_vocabulary(e: &syn::ItemEnum) -> bool {
    e.variants.len() >= 2
        && e.variants
            .iter()
            .all(|v| matches!(v.fields, syn::Fields::Unit))
}

/// Opens every string enum of the `types` module; returns their names.
pub fn open_enums(file: &mut syn::File) -> std::collections::BTreeSet<String> {
    let mut n = std::collections::BTreeSet::new();
    for item in file.items.iter_mut() {
        let syn::Item::Mod(m) = item else { continue };
        if m.ident != "types" {
            continue;
        }
        let Some((_, items)) = m.content.as_mut() else {
            continue;
        };
        let mut opened = std::collections::BTreeMap::new();
        for it in items.iter_mut() {
            let syn::Item::Enum(e) = it else { continue };
            if !is_open_vocabulary(e) {
                continue;
            }
            drop_copy(&mut e.attrs);
            let name = catch_all_name(e);
            e.variants.push(parse_quote! {
                /// A value this version of the spec does not list, kept as received.
                #[serde(untagged)]
                #name(::std::string::String)
            });
            opened.insert(e.ident.to_string(), name);
            n.insert(e.ident.to_string());
        }
        for it in items.iter_mut() {
            let syn::Item::Impl(imp) = it else { continue };
            let Some((_, path, _)) = &imp.trait_ else {
                continue;
            };
            let is_display = path.segments.last().is_some_and(|s| s.ident == "Display");
            let self_name = match &*imp.self_ty {
                syn::Type::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
                _ => None,
            };
            let Some(name) = self_name
                .and_then(|s| opened.get(&s))
                .filter(|_| is_display)
            else {
                continue;
            };
            for f in imp.items.iter_mut() {
                let syn::ImplItem::Fn(f) = f else { continue };
                for stmt in f.block.stmts.iter_mut() {
                    if let syn::Stmt::Expr(syn::Expr::Match(m), _) = stmt {
                        m.arms
                            .push(parse_quote! { Self::#name(ref value) => f.write_str(value), });
                    }
                }
            }
        }
    }
    n
}

/// `Unknown`, or `UnknownValue` when the spec itself lists a value
/// `unknown` (2.16 on), which typify names `Unknown`.
fn catch_all_name(e: &syn::ItemEnum) -> syn::Ident {
    let taken = |n: &str| e.variants.iter().any(|v| v.ident == n);
    let name = ["Unknown", "UnknownValue", "UnlistedValue"]
        .into_iter()
        .find(|n| !taken(n))
        .unwrap_or("UnlistedValue");
    syn::Ident::new(name, proc_macro2::Span::call_site())
}

fn drop_copy(attrs: &mut [syn::Attribute]) {
    for a in attrs.iter_mut() {
        if !a.path().is_ident("derive") {
            continue;
        }
        let Ok(list) = a.parse_args_with(
            syn::punctuated::Punctuated::<syn::Path, syn::Token![,]>::parse_terminated,
        ) else {
            continue;
        };
        let kept: Vec<&syn::Path> = list.iter().filter(|p| !p.is_ident("Copy")).collect();
        *a = parse_quote! { #[derive(#(#kept),*)] };
    }
}
