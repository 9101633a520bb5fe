//! Emits, for each paginated operation found by `passes::paginated_operations`,
//! the impl that makes its request builder a `::intercom_api::pagination::Paginated`
//! source (how to set the cursor or page, where the items and the page info
//! are) and its `.stream()` / `.pages()`. The shapes come from the patched
//! spec; the types from typify's model (model.rs).

use crate::generate::OperationInfo;
use crate::model::Shape;
use crate::passes::{PageKind, Paginated};
use crate::syntax::{builder_fields, last_ident, unwrap};
use proc_macro2::TokenStream;
use quote::{format_ident, quote, ToTokens};
use std::fmt::Write as _;

/// The fields of a generated struct, by name, wherever it was generated
/// (this version's module or a shared home).
pub type FieldsOf<'a> = dyn Fn(&str) -> Option<&'a [(String, Shape)]> + 'a;

/// A field's type as the version module names it.
fn tokens(shape: &Shape) -> Result<TokenStream, String> {
    Ok(match shape {
        Shape::Named(n) => {
            let n = format_ident!("{n}");
            quote!(types::#n)
        }
        Shape::Path(p) => syn::parse_str::<syn::Type>(p)
            .map_err(|e| format!("type path {p}: {e}"))?
            .into_token_stream(),
        Shape::Option(s) => {
            let s = tokens(s)?;
            quote!(::std::option::Option<#s>)
        }
        Shape::Vec(s) => {
            let s = tokens(s)?;
            quote!(::std::vec::Vec<#s>)
        }
        Shape::Other(t) => t.clone(),
    })
}

/// The name of a generated struct a shape holds (its own or a shared one).
fn struct_name(shape: &Shape) -> Option<&str> {
    match shape {
        Shape::Named(n) => Some(n),
        Shape::Path(p) if p.starts_with("crate::") => p.rsplit("::").next(),
        _ => None,
    }
}

fn field<'a>(fields: &'a [(String, Shape)], name: &str) -> Option<&'a Shape> {
    fields.iter().find(|(n, _)| n == name).map(|(_, s)| s)
}

/// A list field (`Vec<T>` or `Option<Vec<T>>`) at `expr`: the items (by
/// value), their number (by reference) and their type.
fn list(expr: &TokenStream, shape: &Shape) -> Option<(TokenStream, TokenStream, Shape)> {
    match shape {
        Shape::Vec(item) => Some((quote!(#expr), quote!(#expr.len()), (**item).clone())),
        Shape::Option(inner) => match &**inner {
            Shape::Vec(item) => Some((
                quote!(#expr.unwrap_or_default()),
                quote!(#expr.as_ref().map_or(0, ::std::vec::Vec::len)),
                (**item).clone(),
            )),
            _ => None,
        },
        _ => None,
    }
}

/// The generated glue for one version: for each paginated operation, its
/// request builder implements `::intercom_api::pagination::Paginated` and gets
/// `.stream()` and `.pages()`. Also one snapshot line per operation.
pub fn glue(
    file: &syn::File,
    ops: &[OperationInfo],
    paginated: &[Paginated],
    fields_of: &FieldsOf,
) -> Result<(TokenStream, String), String> {
    let builders = builder_fields(file);
    let mut code = TokenStream::new();
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
        let fields = fields_of(&op.response).ok_or_else(|| {
            fail(&format!(
                "answer type `{}` is not a generated struct",
                op.response
            ))
        })?;
        let first = field(fields, &p.items[0]).ok_or_else(|| fail("no items field"))?;
        let a = format_ident!("{}", p.items[0]);
        let (items, count, item) = if p.items.len() == 1 {
            list(&quote!(page.#a), first).ok_or_else(|| fail("items field is not a list"))?
        } else {
            let b = format_ident!("{}", p.items[1]);
            let (outer, optional) = match first {
                Shape::Option(inner) => (&**inner, true),
                other => (other, false),
            };
            let leaf = struct_name(outer)
                .and_then(fields_of)
                .and_then(|f| field(f, &p.items[1]))
                .ok_or_else(|| fail("no nested items field"))?;
            if optional {
                let (items, count, item) =
                    list(&quote!(d.#b), leaf).ok_or_else(|| fail("items field is not a list"))?;
                (
                    quote!(page.#a.map(|d| #items).unwrap_or_default()),
                    quote!(page.#a.as_ref().map_or(0, |d| #count)),
                    item,
                )
            } else {
                list(&quote!(page.#a.#b), leaf).ok_or_else(|| fail("items field is not a list"))?
            }
        };
        let item = tokens(&item)?;
        let read = |f: &str| {
            let f = format_ident!("{f}");
            match field(fields, &f.to_string()) {
                Some(_) => quote!(::serde_json::to_value(&page.#f).ok()),
                None => quote!(None),
            }
        };
        let (pages, scroll) = (read("pages"), read("scroll_param"));
        let next = quote!(::intercom_api::pagination::Next);
        let at = match p.kind {
            PageKind::Cursor => {
                quote!(match next { #next::Cursor(c) => self.starting_after(c.clone()), #next::Page(_) => self })
            }
            PageKind::Scroll => {
                quote!(match next { #next::Cursor(c) => self.scroll_param(c.clone()), #next::Page(_) => self })
            }
            PageKind::PageNumber | PageKind::PageUntilEmpty => {
                quote!(match next { #next::Page(p) => self.page((*p).max(1) as u64), #next::Cursor(_) => self })
            }
            PageKind::BodyCursor => {
                let body = builders
                    .get(&op.builder)
                    .and_then(|f| f.iter().find(|(n, _)| n == "body"))
                    .and_then(|(_, ty)| unwrap(ty, "Result"))
                    .and_then(last_ident)
                    .ok_or_else(|| fail("body cursor without a body builder"))?;
                quote!(match next {
                    #next::Cursor(c) => {
                        let c = c.clone();
                        self.body_map(move |b| ::intercom_api::pagination::with_body_cursor::<_, types::#body>(b, &c))
                    }
                    #next::Page(_) => self,
                })
            }
        };
        let fingerprint = (p.kind == PageKind::PageUntilEmpty).then(|| {
            quote! {
                fn fingerprint(page: &Self::Page) -> Option<u64> {
                    ::intercom_api::pagination::fingerprint(page)
                }
            }
        });
        let builder = format_ident!("{}", op.builder);
        let page = op
            .response_path
            .as_ref()
            .ok_or_else(|| fail("no answer type"))?;
        let kind = format_ident!("{}", p.kind.name());
        let doc_items = format!(
            "Every item of every page, fetched lazily one page at a time (pagination: {}). An error ends the stream after it is yielded.",
            p.kind.name()
        );
        let doc_pages = format!(
            "Every page, fetched lazily (pagination: {}).",
            p.kind.name()
        );
        code.extend(quote! {
            impl<'a> ::intercom_api::pagination::Paginated for builder::#builder<'a> {
                type Page = #page;
                type Item = #item;
                const KIND: ::intercom_api::pagination::PageKind = ::intercom_api::pagination::PageKind::#kind;
                fn fetch(self) -> impl ::std::future::Future<Output = ::intercom_api::Result<Self::Page>> + Send {
                    async move { Ok(self.send().await?.into_inner()) }
                }
                fn at(self, next: &#next) -> Self {
                    #at
                }
                #[allow(unused_variables)]
                fn meta(page: &Self::Page) -> ::intercom_api::pagination::PageMeta {
                    ::intercom_api::pagination::PageMeta::read(#pages, #scroll)
                }
                fn items(page: Self::Page) -> ::std::vec::Vec<Self::Item> {
                    #items
                }
                fn item_count(page: &Self::Page) -> usize {
                    #count
                }
                #fingerprint
            }

            impl<'a> builder::#builder<'a> {
                #[doc = #doc_items]
                pub fn stream(self) -> impl ::futures::Stream<Item = ::intercom_api::Result<#item>> + Send + 'a {
                    ::intercom_api::pagination::items(self)
                }
                #[doc = #doc_pages]
                pub fn pages(self) -> impl ::futures::Stream<Item = ::intercom_api::Result<#page>> + Send + 'a {
                    ::intercom_api::pagination::pages(self)
                }
            }
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
    Ok((code, listing))
}
