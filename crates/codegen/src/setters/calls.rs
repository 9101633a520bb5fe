//! Rules on progenitor's call builders (the `builder` module): a union
//! body setter keeps why a value did not fit, and a missing value is named
//! with its call and field (see `setters.rs`, which applies them).

use super::{field_types, Facts};
use crate::syntax::{last_ident, methods_mut, unwrap, MethodMut};
use syn::parse_quote;

/// An operation's setter of a union body (progenitor's `body(V)` where
/// `V: TryInto<Union>`) keeps why the value did not fit (a missing field of
/// the alternative's builder) instead of "conversion … failed".
pub fn union_body_setters(ops: &mut [syn::Item], facts: &Facts) -> usize {
    let fields = field_types(ops);
    let mut n = 0;
    for MethodMut { owner, f, .. } in methods_mut(ops) {
        let Some(types) = fields.get(&owner.to_string()) else {
            continue;
        };
        let field = f.sig.ident.clone();
        let Some(held) = types
            .get(&field.to_string())
            .and_then(|t| unwrap(t, "Result"))
        else {
            continue;
        };
        let is_union = last_ident(held).is_some_and(|u| facts.unions.contains_key(&u.to_string()));
        if !is_union {
            continue;
        }
        let attrs = &f.attrs;
        let what = format!("{owner}.{field}: {{e}}");
        *f = parse_quote! {
            #(#attrs)*
            pub fn #field<V>(mut self, value: V) -> Self
            where
                V: ::std::convert::TryInto<#held>,
                V::Error: ::std::fmt::Display,
            {
                self.#field = value.try_into().map_err(|e| format!(#what));
                self
            }
        };
        n += 1;
    }
    n
}

/// An error at send time names the operation's builder beside the field:
/// `"ReplyConversation: conversation_id was not initialized"`, and a body
/// built with `body_map` that misses a field says
/// `"CreateDataEvent.body: no value supplied for event_name"`.
pub fn name_the_operation(ops: &mut [syn::Item]) -> usize {
    let fields = field_types(ops);
    let mut n = 0;
    for MethodMut { owner, f, .. } in methods_mut(ops) {
        let name = owner.to_string();
        let Some(types) = fields.get(&name) else {
            continue;
        };
        if f.sig.ident == "new" {
            let Some(syn::Stmt::Expr(syn::Expr::Struct(lit), None)) = f.block.stmts.last_mut()
            else {
                continue;
            };
            for fv in lit.fields.iter_mut() {
                let syn::Member::Named(field) = &fv.member else {
                    continue;
                };
                let is_err = matches!(&fv.expr, syn::Expr::Call(c)
                    if matches!(&*c.func, syn::Expr::Path(e) if e.path.is_ident("Err")));
                if is_err {
                    let what = format!("{name}: {field} was not initialized");
                    fv.expr = parse_quote!(Err(#what.to_string()));
                    n += 1;
                }
            }
        }
        if f.sig.ident != "send" {
            continue;
        }
        for stmt in f.block.stmts.iter_mut() {
            let syn::Stmt::Local(local) = stmt else {
                continue;
            };
            let syn::Pat::Ident(pat) = &local.pat else {
                continue;
            };
            let field = pat.ident.to_string();
            // `types::builder::X` (a body built with `body_map`) → `types::X`.
            let Some(syn::Type::Path(held)) = types.get(&field).and_then(|t| unwrap(t, "Result"))
            else {
                continue;
            };
            let segments: Vec<&syn::PathSegment> = held.path.segments.iter().collect();
            let [first, second, ty] = &segments[..] else {
                continue;
            };
            if first.ident != "types" || second.ident != "builder" {
                continue;
            }
            let Some(init) = local.init.as_mut() else {
                continue;
            };
            let converts = matches!(&*init.expr, syn::Expr::Try(t)
                if matches!(&*t.expr, syn::Expr::MethodCall(m)
                    if m.method == "map_err"
                        && matches!(&*m.receiver, syn::Expr::MethodCall(a) if a.method == "and_then")));
            if !converts {
                continue;
            }
            let (ident, ty) = (&pat.ident, &ty.ident);
            let what = format!("{name}.{field}: {{e}}");
            *init.expr = parse_quote! {
                #ident
                    .and_then(|v| types::#ty::try_from(v).map_err(|e| format!(#what)))
                    .map_err(Error::InvalidRequest)?
            };
            n += 1;
        }
    }
    n
}
