//! Text answers (`x-intercom-text`, set by the pass `file_answers`): the
//! call answers a `String`, not progenitor's `ByteStream`. Its `send` reads
//! the body through `intercom_api::send::text`, and awaiting the call gives
//! the text.

use proc_macro2::Span;
use std::collections::BTreeSet;
use syn::visit_mut::VisitMut;
use syn::{parse_quote, Expr, Type};

/// The text answers of one version: the builders of the operations its spec
/// marks `x-intercom-text`, rewritten. Returns how many.
pub fn apply(file: &mut syn::File, doc: &serde_json::Value) -> Result<usize, String> {
    let ops = crate::generate::surface(file, doc)?;
    let builders: BTreeSet<String> = ops
        .iter()
        .filter(|o| {
            let ptr = crate::passes::operation_pointer(&o.path, &o.method) + "/x-intercom-text";
            doc.pointer(&ptr) == Some(&serde_json::Value::Bool(true))
        })
        .map(|o| o.builder.clone())
        .collect();
    if builders.is_empty() {
        return Ok(0);
    }
    Ok(crate::syntax::module_mut(&mut file.items, "builder")
        .map_or(0, |items| text_answers(items, &builders)))
}

/// Rewrites the call builders named in `builders` (their `send` and their
/// `IntoFuture`) in `items` (a version's `builder` module). Returns how
/// many builders it changed.
pub fn text_answers(items: &mut [syn::Item], builders: &BTreeSet<String>) -> usize {
    let mut changed = BTreeSet::new();
    for item in items.iter_mut() {
        let syn::Item::Impl(imp) = item else {
            continue;
        };
        let Some(owner) = crate::syntax::last_ident(&imp.self_ty).map(|i| i.to_string()) else {
            continue;
        };
        if !builders.contains(&owner) {
            continue;
        }
        let mut to_text = ToText { changed: false };
        to_text.visit_item_impl_mut(imp);
        if to_text.changed {
            changed.insert(owner);
        }
    }
    changed.len()
}

/// `ByteStream` → `String`; `Ok(ResponseValue::stream(response))` → the
/// runtime's text reader.
struct ToText {
    changed: bool,
}

impl VisitMut for ToText {
    fn visit_type_mut(&mut self, ty: &mut Type) {
        if let Type::Path(p) = ty {
            if p.qself.is_none() && p.path.is_ident("ByteStream") {
                *ty = Type::Path(parse_quote!(::std::string::String));
                self.changed = true;
                return;
            }
        }
        syn::visit_mut::visit_type_mut(self, ty);
    }

    fn visit_expr_mut(&mut self, e: &mut Expr) {
        if let Expr::Call(ok) = e {
            let is_ok = matches!(&*ok.func, Expr::Path(p) if p.path.is_ident("Ok"));
            let stream = ok.args.first().is_some_and(|a| {
                matches!(a, Expr::Call(c) if matches!(&*c.func, Expr::Path(p)
                    if p.path.segments.last().is_some_and(|s| s.ident == "stream")))
            });
            if is_ok && stream && ok.args.len() == 1 {
                let response = syn::Ident::new("response", Span::call_site());
                *e = parse_quote!(::intercom_api::send::text(#response).await);
                self.changed = true;
                return;
            }
        }
        syn::visit_mut::visit_expr_mut(self, e);
    }
}

#[cfg(test)]
mod tests {
    use quote::ToTokens;

    #[test]
    fn a_text_call_answers_a_string() {
        let mut items: Vec<syn::Item> = vec![
            syn::parse_quote! {
                impl<'a> ShowCallTranscript<'a> {
                    pub async fn send(self) -> ::intercom_api::Result<ResponseValue<ByteStream>> {
                        let response = result?;
                        match response.status().as_u16() {
                            200u16 => Ok(ResponseValue::stream(response)),
                            _ => Err(::intercom_api::send::unexpected(response)),
                        }
                    }
                }
            },
            syn::parse_quote! {
                impl<'a> ::std::future::IntoFuture for ShowCallTranscript<'a> {
                    type Output = ::intercom_api::Result<ByteStream>;
                    type IntoFuture = ::intercom_api::send::Call<'a, ByteStream>;
                    fn into_future(self) -> Self::IntoFuture {
                        ::intercom_api::send::call(self.send())
                    }
                }
            },
            syn::parse_quote! {
                impl<'a> DownloadDataExport<'a> {
                    pub async fn send(self) -> ::intercom_api::Result<ResponseValue<ByteStream>> {
                        Ok(ResponseValue::stream(response))
                    }
                }
            },
        ];
        let names = ["ShowCallTranscript".to_string()].into_iter().collect();
        assert_eq!(super::text_answers(&mut items, &names), 1);
        let text: Vec<String> = items
            .iter()
            .map(|i| i.to_token_stream().to_string().replace(' ', ""))
            .collect();
        assert!(text[0].contains("Result<ResponseValue<::std::string::String>>"));
        assert!(text[0].contains("::intercom_api::send::text(response).await"));
        assert!(text[1].contains("Call<'a,::std::string::String>"));
        assert!(text[2].contains("ByteStream"), "a file stays bytes");
    }
}
