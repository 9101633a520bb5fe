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

/// `e` without the invisible groups and one-expression blocks around it
/// (progenitor writes a response arm's code as a block).
fn inner(mut e: &syn::Expr) -> &syn::Expr {
    loop {
        match e {
            syn::Expr::Group(g) => e = &g.expr,
            syn::Expr::Block(b) if b.block.stmts.len() == 1 => match &b.block.stmts[0] {
                syn::Stmt::Expr(x, None) => e = x,
                _ => return e,
            },
            _ => return e,
        }
    }
}

/// Whether `e` is a call of the function at a path ending in `tail`
/// (`ResponseValue::from_response`), with its arguments.
fn call_of<'e>(
    e: &'e syn::Expr,
    tail: &[&str],
) -> Option<&'e syn::punctuated::Punctuated<syn::Expr, syn::token::Comma>> {
    let syn::Expr::Call(c) = inner(e) else {
        return None;
    };
    let mut func = &*c.func;
    while let syn::Expr::Group(g) = func {
        func = &g.expr;
    }
    let syn::Expr::Path(p) = func else {
        return None;
    };
    crate::syntax::path_names(&p.path)
        .ends_with(&tail.iter().map(|s| s.to_string()).collect::<Vec<_>>())
        .then_some(&c.args)
}

/// Every call's `send()` returns the crate's `Result` (`intercom_api::Error`,
/// with Intercom's code, message and request id) instead of progenitor's
/// `Error<()>`: a success body decodes through `intercom_api::send::json`
/// (the status, request id and JSON path of a body that does not fit), any
/// other answer is classified by `intercom_api::send::unexpected`. The
/// other `?`s of the body convert through `From`.
pub fn crate_result(ops: &mut [syn::Item]) -> usize {
    let mut n = 0;
    for MethodMut { f, .. } in methods_mut(ops) {
        if f.sig.ident != "send" {
            continue;
        }
        let syn::ReturnType::Type(_, ty) = &f.sig.output else {
            continue;
        };
        let Some(ok) = unwrap(ty, "Result").cloned() else {
            continue;
        };
        f.sig.output = parse_quote!(-> ::intercom_api::Result<#ok>);
        for stmt in f.block.stmts.iter_mut() {
            if let syn::Stmt::Local(syn::Local {
                init: Some(init), ..
            }) = stmt
            {
                crate_errors(&mut init.expr);
            }
            // `client.pre(…).await?` / `post`: hooks generic over progenitor's
            // error type, which `?` no longer names.
            if let syn::Stmt::Expr(syn::Expr::Try(t), Some(_)) = stmt {
                if let syn::Expr::Await(a) = &mut *t.expr {
                    if let syn::Expr::MethodCall(m) = &mut *a.base {
                        if m.method == "pre" || m.method == "post" {
                            m.turbofish = Some(parse_quote!(::<()>));
                        }
                    }
                }
            }
        }
        let Some(syn::Stmt::Expr(syn::Expr::Match(m), None)) = f.block.stmts.last_mut() else {
            continue;
        };
        for arm in m.arms.iter_mut() {
            let body = inner(&arm.body);
            let decodes = matches!(body, syn::Expr::Await(a)
                if call_of(&a.base, &["ResponseValue", "from_response"]).is_some());
            if decodes {
                *arm.body = parse_quote!(::intercom_api::send::json(response).await);
                continue;
            }
            let unexpected = call_of(body, &["Err"])
                .and_then(|args| args.first())
                .and_then(|a| call_of(a, &["Error", "UnexpectedResponse"]))
                .is_some();
            if unexpected {
                *arm.body = parse_quote!(Err(::intercom_api::send::unexpected(response)));
            }
        }
        n += 1;
    }
    n
}

/// `Error::InvalidRequest` (progenitor's, for a parameter that was not
/// given or did not fit) → `::intercom_api::send::invalid` (the crate's).
fn crate_errors(e: &mut syn::Expr) {
    match e {
        syn::Expr::Path(p) if crate::syntax::path_names(&p.path) == ["Error", "InvalidRequest"] => {
            *e = parse_quote!(::intercom_api::send::invalid);
        }
        syn::Expr::Try(t) => crate_errors(&mut t.expr),
        syn::Expr::Group(g) => crate_errors(&mut g.expr),
        syn::Expr::Paren(p) => crate_errors(&mut p.expr),
        syn::Expr::Closure(c) => crate_errors(&mut c.body),
        syn::Expr::Call(c) => c.args.iter_mut().for_each(crate_errors),
        syn::Expr::MethodCall(m) => {
            crate_errors(&mut m.receiver);
            m.args.iter_mut().for_each(crate_errors);
        }
        _ => {}
    }
}

/// Every call builder with a `send` becomes a future when awaited, whose
/// output is the answer's body: `client.show_contact().contact_id(id).await?`.
pub fn into_future(ops: &mut Vec<syn::Item>) -> usize {
    let mut out: Vec<syn::Item> = Vec::new();
    for m in crate::syntax::methods(ops) {
        if m.f.sig.ident != "send" || m.imp.trait_.is_some() {
            continue;
        }
        let syn::ReturnType::Type(_, ty) = &m.f.sig.output else {
            continue;
        };
        let Some(body) = crate::syntax::ok_type(ty) else {
            continue;
        };
        let owner = &m.owner;
        out.push(parse_quote! {
            impl<'a> ::std::future::IntoFuture for #owner<'a> {
                type Output = ::intercom_api::Result<#body>;
                type IntoFuture = ::intercom_api::send::Call<'a, #body>;
                // Inline: the boxed future (and with it the call's whole
                // `send` and the answer's decoding) is compiled where a call
                // is awaited, not for every operation of the version.
                #[inline]
                fn into_future(self) -> Self::IntoFuture {
                    ::intercom_api::send::call(self.send())
                }
            }
        });
    }
    let n = out.len();
    ops.extend(out);
    n
}

/// A call builder's parameter setter (progenitor's `V: TryInto<T>`, which
/// drops why a value did not fit: "conversion to `i64` for per_page
/// failed") keeps the reason and names the call:
/// `"ListContacts.per_page: out of range integral type conversion attempted"`.
pub fn keep_the_reason(ops: &mut [syn::Item]) -> usize {
    let mut n = 0;
    for MethodMut { owner, f, .. } in methods_mut(ops) {
        let field = f.sig.ident.to_string();
        let Some(syn::Stmt::Expr(syn::Expr::Assign(assign), Some(_))) = f.block.stmts.first_mut()
        else {
            continue;
        };
        let syn::Expr::MethodCall(call) = &mut *assign.right else {
            continue;
        };
        let drops = call.method == "map_err"
            && matches!(call.args.first(), Some(syn::Expr::Closure(c))
                if matches!(c.inputs.first(), Some(syn::Pat::Wild(_))));
        let Some(clause) = f.sig.generics.where_clause.as_mut() else {
            continue;
        };
        // `where V: TryInto<T>`: the one bound, on the value's type.
        let value = match clause.predicates.first() {
            Some(syn::WherePredicate::Type(p)) if clause.predicates.len() == 1 => {
                match &p.bounded_ty {
                    syn::Type::Path(t) => t.path.get_ident().cloned(),
                    _ => None,
                }
            }
            _ => None,
        };
        let Some(value) = value.filter(|_| drops) else {
            continue;
        };
        let what = format!("{owner}.{field}: {{e}}");
        call.args = parse_quote!(|e| format!(#what));
        clause
            .predicates
            .push(parse_quote!(#value::Error: ::std::fmt::Display));
        n += 1;
    }
    n
}
