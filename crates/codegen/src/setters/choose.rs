//! A union body's short form: the call builder's `body_map` hands a chooser
//! whose methods start each alternative's builder, so no alternative's type
//! name is needed at the call site:
//! `.body_map(|b| b.admin().admin_id("1").message_type("comment").body("Hi"))`.

use super::{field_types, Facts};
use crate::syntax::{last_ident, unwrap};
use quote::format_ident;
use std::collections::{BTreeMap, BTreeSet};
use syn::parse_quote;

/// One method of a chooser: its name, the alternative's type, and whether
/// that alternative is itself a union (the method hands its chooser).
pub type Choice = (String, String, bool);

/// The chooser of each union that has one: union → its methods, for each
/// alternative that has a builder (or a chooser of its own) and is held once.
pub fn choices(facts: &Facts, builders: &BTreeSet<String>) -> BTreeMap<String, Vec<Choice>> {
    let mut out: BTreeMap<String, Vec<Choice>> = BTreeMap::new();
    // Twice: a union whose alternative is a union with a chooser.
    for _ in 0..2 {
        for (union, alternatives) in facts.unions.iter().chain(&facts.shared_unions) {
            let types: Vec<(&String, bool)> = alternatives
                .iter()
                .map(|(_, t)| t)
                .filter(|t| alternatives.iter().filter(|(_, u)| u == *t).count() == 1)
                .filter_map(|t| {
                    if builders.contains(t) {
                        Some((t, false))
                    } else {
                        out.contains_key(t).then_some((t, true))
                    }
                })
                .collect();
            if types.len() < 2 {
                continue;
            }
            let names = method_names(union, &types.iter().map(|(t, _)| *t).collect::<Vec<_>>());
            let methods = names
                .into_iter()
                .zip(types)
                .map(|(m, (t, nested))| (m, t.clone(), nested))
                .collect();
            out.insert(union.clone(), methods);
        }
    }
    out
}

/// `AdminReplyConversationRequest`, `ContactReplyConversationRequest` →
/// `admin`, `contact`: the alternatives' names without the union's name in
/// front and the words they all end with; their full names (snake case)
/// where that leaves a name empty, twice or a keyword.
fn method_names(union: &str, types: &[&String]) -> Vec<String> {
    let union_words = words(union);
    let all: Vec<Vec<String>> = types.iter().map(|t| words(t)).collect();
    let named_after = all
        .iter()
        .all(|w| w.len() > union_words.len() && w.starts_with(&union_words));
    let stripped: Vec<Vec<String>> = if named_after {
        all.iter()
            .map(|w| w[union_words.len()..].to_vec())
            .collect()
    } else {
        let mut s = all.clone();
        while s.iter().all(|w| w.len() > 1) && s.windows(2).all(|p| p[0].first() == p[1].first()) {
            s.iter_mut().for_each(|w| {
                w.remove(0);
            });
        }
        while s.iter().all(|w| w.len() > 1) && s.windows(2).all(|p| p[0].last() == p[1].last()) {
            s.iter_mut().for_each(|w| {
                w.pop();
            });
        }
        s
    };
    let names: Vec<String> = stripped.iter().map(|w| w.join("_")).collect();
    let mut unique = names.clone();
    unique.sort();
    unique.dedup();
    let fine = unique.len() == names.len()
        && names
            .iter()
            .all(|n| !n.is_empty() && syn::parse_str::<syn::Ident>(n).is_ok());
    if fine {
        names
    } else {
        types.iter().map(|t| words(t).join("_")).collect()
    }
}

/// `AdminReplyConversationRequest` → `admin`, `reply`, `conversation`, `request`.
fn words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in name.chars() {
        if c.is_uppercase()
            || out.is_empty()
            || (c.is_ascii_digit()
                && !out
                    .last()
                    .is_some_and(|w| w.ends_with(|d: char| d.is_ascii_digit())))
        {
            out.push(String::new());
        }
        if let Some(w) = out.last_mut() {
            w.extend(c.to_lowercase());
        }
    }
    out
}

/// The chooser of every union that has one, in `types`:
/// `pub struct <Union>Choice;` whose methods start the builders.
pub fn choosers(
    types: &mut Vec<syn::Item>,
    facts: &Facts,
    choices: &BTreeMap<String, Vec<Choice>>,
) -> usize {
    for (union, methods) in choices {
        let chooser = format_ident!("{union}Choice");
        let doc = format!("Chooses the alternative of a [`{union}`] body: the call builder's `body_map(|b| b.{}()…)` starts that alternative's builder.", methods[0].0);
        let fns = methods.iter().map(|(m, ty, nested)| {
            let (m, ty_ident) = (format_ident!("{m}"), format_ident!("{ty}"));
            if *nested {
                let inner = format_ident!("{ty}Choice");
                let doc = format!("The [`{ty}`] alternatives: their chooser.");
                return quote::quote! {
                    #[doc = #doc]
                    pub fn #m(self) -> #inner {
                        #inner
                    }
                };
            }
            let doc = format!("The [`{ty}`] alternative: its builder.");
            quote::quote! {
                #[doc = #doc]
                pub fn #m(self) -> builder::#ty_ident {
                    ::std::default::Default::default()
                }
            }
        });
        // An alternative of a nested union converts into this union too.
        let union_ident = format_ident!("{union}");
        // (Only for a union defined here: a shared one's are in its home.)
        let here = facts.unions.contains_key(union);
        for (_, middle, _) in methods.iter().filter(|(_, _, nested)| *nested && here) {
            let variant = facts
                .unions
                .get(union)
                .and_then(|a| a.iter().find(|(_, t)| t == middle))
                .map(|(v, _)| format_ident!("{v}"));
            let (Some(variant), Some(inner)) = (variant, choices.get(middle)) else {
                continue;
            };
            let middle = format_ident!("{middle}");
            for (_, ty, _) in inner.iter().filter(|(_, _, nested)| !*nested) {
                let ty = format_ident!("{ty}");
                types.push(parse_quote! {
                    impl ::std::convert::TryFrom<builder::#ty> for #union_ident {
                        type Error = self::error::ConversionError;
                        fn try_from(value: builder::#ty) -> ::std::result::Result<Self, self::error::ConversionError> {
                            Ok(Self::#variant(#middle::try_from(value)?))
                        }
                    }
                });
            }
        }
        types.push(parse_quote! {
            #[doc = #doc]
            #[derive(Clone, Copy, Debug, Default)]
            pub struct #chooser;
        });
        types.push(parse_quote! {
            impl #chooser {
                #(#fns)*
            }
        });
    }
    choices.len()
}

/// Each call builder whose body is a union with a chooser gets
/// `body_map(|b| b.<alternative>()…)`.
pub fn body_maps(ops: &mut [syn::Item], choices: &BTreeMap<String, Vec<Choice>>) -> usize {
    let fields = field_types(ops);
    let mut n = 0;
    for item in ops.iter_mut() {
        let syn::Item::Impl(imp) = item else { continue };
        if imp.trait_.is_some() {
            continue;
        }
        let Some(owner) = last_ident(&imp.self_ty).map(|i| i.to_string()) else {
            continue;
        };
        let Some(syn::Type::Path(held)) = fields
            .get(&owner)
            .and_then(|f| f.get("body"))
            .and_then(|t| unwrap(t, "Result"))
        else {
            continue;
        };
        let Some(union) = held.path.segments.last().map(|s| s.ident.to_string()) else {
            continue;
        };
        let has_body = imp
            .items
            .iter()
            .any(|i| matches!(i, syn::ImplItem::Fn(f) if f.sig.ident == "body"));
        if !choices.contains_key(&union) || !has_body {
            continue;
        }
        let mut chooser = held.clone();
        if let Some(last) = chooser.path.segments.last_mut() {
            last.ident = format_ident!("{union}Choice");
        }
        let what = format!("{owner}.body: {{e}}");
        imp.items.push(parse_quote! {
            /// The body, built from the alternative the chooser starts:
            /// `.body_map(|b| b.<alternative>().<field>(…))`.
            pub fn body_map<F, B>(mut self, f: F) -> Self
            where
                F: ::std::ops::FnOnce(#chooser) -> B,
                B: ::std::convert::TryInto<#held>,
                B::Error: ::std::fmt::Display,
            {
                self.body = f(#chooser).try_into().map_err(|e| format!(#what));
                self
            }
        });
        n += 1;
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(union: &str, types: &[&str]) -> Vec<String> {
        let owned: Vec<String> = types.iter().map(|t| t.to_string()).collect();
        method_names(union, &owned.iter().collect::<Vec<_>>())
    }

    #[test]
    fn chooser_methods_are_what_the_alternatives_do_not_share() {
        assert_eq!(
            names(
                "ReplyConversationRequest",
                &[
                    "AdminReplyConversationRequest",
                    "ContactReplyConversationRequest"
                ]
            ),
            ["admin", "contact"]
        );
        assert_eq!(
            names(
                "ContactReplyConversationRequest",
                &[
                    "ContactReplyIntercomUserIdRequest",
                    "ContactReplyEmailRequest"
                ]
            ),
            ["intercom_user_id", "email"]
        );
        assert_eq!(
            names(
                "CreateTagBody",
                &[
                    "TagCompanyRequest",
                    "UntagCompanyRequest",
                    "CreateOrUpdateTagRequest"
                ]
            ),
            ["tag_company", "untag_company", "create_or_update_tag"]
        );
        // Named after the union: what follows its name, whole.
        assert_eq!(
            names(
                "CreateDataAttributeRequest",
                &[
                    "CreateDataAttributeRequestWithOptions",
                    "CreateDataAttributeRequestWithoutOptions"
                ]
            ),
            ["with_options", "without_options"]
        );
    }

    #[test]
    fn a_union_body_gets_a_chooser_and_its_call_a_body_map() {
        let mut facts = Facts::default();
        facts.unions.insert(
            "Body".into(),
            vec![
                ("AdminReply".into(), "AdminReply".into()),
                ("ContactReply".into(), "ContactReply".into()),
            ],
        );
        let builders: BTreeSet<String> =
            ["AdminReply".to_string(), "ContactReply".to_string()].into();
        let choices = choices(&facts, &builders);
        assert_eq!(
            choices["Body"][0],
            ("admin".to_string(), "AdminReply".to_string(), false)
        );
        let mut types: Vec<syn::Item> = Vec::new();
        assert_eq!(choosers(&mut types, &facts, &choices), 1);
        let mut ops: Vec<syn::Item> = vec![
            parse_quote!(
                pub struct Reply<'a> {
                    body: Result<types::Body, String>,
                }
            ),
            parse_quote!(
                impl<'a> Reply<'a> {
                    pub fn body<V>(self, value: V) -> Self {
                        self
                    }
                }
            ),
        ];
        assert_eq!(body_maps(&mut ops, &choices), 1);
        let text = quote::quote!(#(#types)* #(#ops)*).to_string();
        assert!(
            text.contains("pub fn admin (self) -> builder :: AdminReply"),
            "{text}"
        );
        assert!(
            text.contains("F : :: std :: ops :: FnOnce (types :: BodyChoice) -> B"),
            "{text}"
        );
    }
}
