//! Setter rules on lists, maps, timestamps and "an id or an object" items
//! (see `setters.rs`, which applies them).

use super::{field_types, Facts};
use crate::syntax::methods_mut;
use syn::parse_quote;

/// Whether a field of type `ty` named `field` holds a Unix time in seconds:
/// an integer named `…_at` or `…_until` (Intercom's timestamps, `format:
/// date-time` integers in its specs; `…_ms` fields are milliseconds).
pub(super) fn is_timestamp(field: &str, ty: &syn::Type) -> bool {
    let integer = matches!(ty, syn::Type::Path(p) if p.path.is_ident("i64"));
    integer && (field.ends_with("_at") || field.ends_with("_until"))
}

/// The setter of every required or defaulted field that holds a list, a map
/// or a timestamp takes any `::intercom_api::setters::IntoValue` of it: an
/// array or `Vec` of what the items take, a JSON object or key/value pairs,
/// a `DateTime<Utc>` or `SystemTime`.
pub fn value_setters(builder: &mut [syn::Item], facts: &Facts) -> usize {
    let fields = field_types(builder);
    let mut n = 0;
    for m in methods_mut(builder).filter(|m| m.trait_.is_none()) {
        let name = m.owner.to_string();
        let Some(types) = fields.get(&name) else {
            continue;
        };
        let field = m.f.sig.ident.clone();
        if facts
            .optional
            .get(&name)
            .is_some_and(|o| o.contains(&field.to_string()))
        {
            continue;
        }
        let Some(held) = types
            .get(&field.to_string())
            .and_then(|t| crate::syntax::unwrap(t, "Result"))
        else {
            continue;
        };
        let last = crate::syntax::last_ident(held).map(|i| i.to_string());
        let takes = match last.as_deref() {
            Some("Vec") => true,
            Some("Map") => true,
            Some(other) => facts.maps.contains(other) || is_timestamp(&field.to_string(), held),
            None => false,
        };
        if !takes || crate::syntax::unwrap(held, "Option").is_some() {
            continue;
        }
        let attrs = &m.f.attrs;
        let what = format!("error converting supplied value for {field}: {{e}}");
        *m.f = parse_quote! {
            #(#attrs)*
            pub fn #field<T>(mut self, value: T) -> Self
            where
                T: ::intercom_api::setters::IntoValue<#held>,
            {
                self.#field = ::intercom_api::setters::IntoValue::into_value(value).map_err(|e| format!(#what));
                self
            }
        };
        n += 1;
    }
    n
}

/// An item of a list of "an id or an object" takes a plain id (`&str`,
/// `String`): a struct of optional fields with an `id` (`{"id": …}`), or an
/// enum with an `Id(String)` alternative.
pub fn id_items(types: &mut Vec<syn::Item>) -> usize {
    let mut out: Vec<syn::Item> = Vec::new();
    for item in types.iter() {
        let (ident, make): (&syn::Ident, syn::Expr) = match item {
            syn::Item::Struct(s) => {
                let all_optional = s.fields.iter().all(|f| {
                    crate::syntax::unwrap(&f.ty, "Option").is_some()
                        || f.ident.as_ref().is_some_and(|i| i == "extra")
                });
                let has_id = s.fields.iter().any(|f| {
                    f.ident.as_ref().is_some_and(|i| i == "id")
                        && crate::syntax::unwrap(&f.ty, "Option")
                            .and_then(crate::syntax::last_ident)
                            .is_some_and(|t| t == "String")
                });
                let default = s.attrs.iter().any(|a| {
                    a.path().is_ident("derive")
                        && a.meta
                            .require_list()
                            .is_ok_and(|l| l.tokens.to_string().contains("Default"))
                });
                if !(all_optional && has_id && default && s.fields.len() > 1) {
                    continue;
                }
                (
                    &s.ident,
                    parse_quote!(Self {
                        id: Some(id),
                        ..::std::default::Default::default()
                    }),
                )
            }
            syn::Item::Enum(e) => {
                let id = e.variants.iter().any(|v| {
                    v.ident == "Id"
                        && matches!(&v.fields, syn::Fields::Unnamed(u) if u.unnamed.len() == 1
                            && crate::syntax::last_ident(&u.unnamed[0].ty).is_some_and(|t| t == "String"))
                });
                if !id {
                    continue;
                }
                (&e.ident, parse_quote!(Self::Id(id)))
            }
            _ => continue,
        };
        out.push(parse_quote! {
            impl #ident {
                /// The item of this id.
                pub fn id(id: impl ::std::convert::Into<::std::string::String>) -> Self {
                    let id = id.into();
                    #make
                }
            }
        });
        for from in [
            quote::quote!(&str),
            quote::quote!(::std::string::String),
            quote::quote!(&::std::string::String),
        ] {
            out.push(parse_quote! {
                impl ::intercom_api::setters::IntoValue<#ident> for #from {
                    fn into_value(self) -> ::std::result::Result<#ident, ::std::string::String> {
                        Ok(#ident::id(self))
                    }
                }
            });
        }
    }
    let n = out.len();
    types.extend(out);
    n
}
