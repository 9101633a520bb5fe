//! Emits, for each paginated operation found by `passes::paginated_operations`,
//! the glue that makes its request builder a `Paginated` source: how to set
//! the cursor or page, where the items and the page info are. The shapes come
//! from the patched spec; the Rust names and types from the generated code.

use crate::generate::OperationInfo;
use crate::passes::{PageKind, Paginated};
use quote::ToTokens;
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
fn qualify(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(p)
            if p.qself.is_none()
                && p.path.leading_colon.is_none()
                && p.path.segments.len() == 1 =>
        {
            format!("types::{}", ty.to_token_stream())
        }
        _ => ty.to_token_stream().to_string(),
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
    let mut code = String::new();
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
        let (items_expr, count_expr, leaf) = if p.items.len() == 1 {
            (
                format!("crate::pagination::into_items(page.{})", p.items[0]),
                format!("crate::pagination::len_of(&page.{})", p.items[0]),
                first,
            )
        } else {
            let outer_opt = unwrap(first, "Option");
            let outer = outer_opt.unwrap_or(first);
            let outer_name =
                simple_name(outer).ok_or_else(|| fail("nested items container is not a struct"))?;
            let leaf = field(&types, &outer_name, &p.items[1])
                .ok_or_else(|| fail("no nested items field"))?;
            let (a, b) = (&p.items[0], &p.items[1]);
            let (expr, count) = if outer_opt.is_some() {
                (
                    format!("crate::pagination::into_items(page.{a}.map(|d| crate::pagination::into_items(d.{b})))"),
                    format!("page.{a}.as_ref().map_or(0, |d| crate::pagination::len_of(&d.{b}))"),
                )
            } else {
                (
                    format!("crate::pagination::into_items(page.{a}.{b})"),
                    format!("crate::pagination::len_of(&page.{a}.{b})"),
                )
            };
            (expr, count, leaf)
        };
        let vec = unwrap(leaf, "Option").unwrap_or(leaf);
        let item = unwrap(vec, "Vec").ok_or_else(|| fail("items field is not a list"))?;
        let item_ty = qualify(item);

        let pages = if field(&types, &page_ty, "pages").is_some() {
            "serde_json::to_value(&page.pages).ok()"
        } else {
            "None"
        };
        let scroll = if field(&types, &page_ty, "scroll_param").is_some() {
            "serde_json::to_value(&page.scroll_param).ok()"
        } else {
            "None"
        };
        let at = match p.kind {
            PageKind::Cursor => "match next { crate::pagination::Next::Cursor(c) => self.starting_after(c.clone()), crate::pagination::Next::Page(_) => self }".to_string(),
            PageKind::Scroll => "match next { crate::pagination::Next::Cursor(c) => self.scroll_param(c.clone()), crate::pagination::Next::Page(_) => self }".to_string(),
            PageKind::PageNumber | PageKind::PageUntilEmpty => "match next { crate::pagination::Next::Page(n) => self.page((*n).max(1) as u64), crate::pagination::Next::Cursor(_) => self }".to_string(),
            PageKind::BodyCursor => {
                let body = field(&builders, &op.builder, "body").ok_or_else(|| fail("body cursor without a body"))?;
                let body_builder = unwrap(body, "Result").ok_or_else(|| fail("unexpected body field"))?;
                let name = match body_builder {
                    syn::Type::Path(tp) => tp.path.segments.last().map(|s| s.ident.to_string()),
                    _ => None,
                }
                .ok_or_else(|| fail("unexpected body type"))?;
                format!(
                    "match next {{ crate::pagination::Next::Cursor(c) => {{ let c = c.clone(); self.body_map(move |b| crate::pagination::with_body_cursor::<_, types::{name}>(b, &c)) }} crate::pagination::Next::Page(_) => self }}"
                )
            }
        };
        let b = &op.builder;
        writeln!(
            code,
            r#"
impl<'a> crate::pagination::Paginated for builder::{b}<'a> {{
    type Page = types::{page_ty};
    type Item = {item_ty};
    const KIND: crate::pagination::PageKind = crate::pagination::PageKind::{kind};
    fn fetch(self) -> impl ::std::future::Future<Output = crate::Result<Self::Page>> + Send {{
        async move {{ Ok(self.send().await?.into_inner()) }}
    }}
    fn at(self, next: &crate::pagination::Next) -> Self {{
        {at}
    }}
    fn meta({meta_arg}: &Self::Page) -> crate::pagination::PageMeta {{
        crate::pagination::PageMeta::read({pages}, {scroll})
    }}
    fn items(page: Self::Page) -> Vec<Self::Item> {{
        {items_expr}
    }}
    fn item_count(page: &Self::Page) -> usize {{
        {count_expr}
    }}{fingerprint}
}}

impl<'a> builder::{b}<'a> {{
    /// Every item of every page, fetched lazily one page at a time
    /// (pagination: {kind}). An error ends the stream after it is yielded.
    pub fn stream(self) -> impl futures::Stream<Item = crate::Result<{item_ty}>> + Send + 'a {{
        crate::pagination::items(self)
    }}
    /// Every page, fetched lazily (pagination: {kind}).
    pub fn pages(self) -> impl futures::Stream<Item = crate::Result<types::{page_ty}>> + Send + 'a {{
        crate::pagination::pages(self)
    }}
}}"#,
            kind = p.kind.name(),
            meta_arg = if pages == "None" && scroll == "None" { "_page" } else { "page" },
            fingerprint = if p.kind == PageKind::PageUntilEmpty {
                "\n    fn fingerprint(page: &Self::Page) -> Option<u64> {\n        crate::pagination::fingerprint(page)\n    }"
            } else {
                ""
            }
        )
        .unwrap();
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
        syn::parse_str(&code).map_err(|e| format!("pagination glue does not parse: {e}"))?;
    Ok((prettyplease::unparse(&parsed), listing))
}
