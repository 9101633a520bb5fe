//! A string enum's parse error names the value given and the values allowed
//! (typify's says only "invalid value"), so a setter's error does too:
//! `error converting supplied value for role: "owner" is not one of "admin",
//! "member"`.

use syn::parse_quote;

/// At most this many allowed values are listed; the rest are counted.
const LISTED: usize = 12;

/// In every `impl FromStr for E` of `types`, the catch-all arm
/// `_ => Err("invalid value".into())` of the match on the text becomes an
/// error naming the text and the values the other arms accept. Returns how
/// many impls changed.
pub fn name_allowed_values(types: &mut [syn::Item]) -> usize {
    let mut n = 0;
    for item in types.iter_mut() {
        let syn::Item::Impl(imp) = item else {
            continue;
        };
        let is_from_str = imp
            .trait_
            .as_ref()
            .and_then(|(_, p, _)| p.segments.last())
            .is_some_and(|s| s.ident == "FromStr");
        if !is_from_str {
            continue;
        }
        for f in imp.items.iter_mut() {
            let syn::ImplItem::Fn(f) = f else {
                continue;
            };
            // The text parsed: the function's one argument.
            let arg = match f.sig.inputs.first() {
                Some(syn::FnArg::Typed(t)) => match &*t.pat {
                    syn::Pat::Ident(i) => i.ident.clone(),
                    _ => continue,
                },
                _ => continue,
            };
            let Some(syn::Stmt::Expr(syn::Expr::Match(m), None)) = f.block.stmts.last_mut() else {
                continue;
            };
            let values: Vec<String> = m
                .arms
                .iter()
                .filter_map(|a| match &a.pat {
                    syn::Pat::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(s),
                        ..
                    }) => Some(format!("{:?}", s.value())),
                    _ => None,
                })
                .collect();
            let Some(last) = m.arms.last_mut() else {
                continue;
            };
            let catch_all = matches!(last.pat, syn::Pat::Wild(_));
            if !catch_all || values.is_empty() || !is_invalid_value(&last.body) {
                continue;
            }
            let mut allowed = values
                .iter()
                .take(LISTED)
                .cloned()
                .collect::<Vec<_>>()
                .join(", ");
            if values.len() > LISTED {
                allowed.push_str(&format!(", … ({} values in all)", values.len()));
            }
            let allowed = allowed.replace('{', "{{").replace('}', "}}");
            let message = format!("{{:?}} is not one of {allowed}");
            *last.body = parse_quote!(Err(format!(#message, #arg).into()));
            n += 1;
        }
    }
    n
}

/// `Err("invalid value".into())`, as typify writes it.
fn is_invalid_value(body: &syn::Expr) -> bool {
    let syn::Expr::Call(call) = body else {
        return false;
    };
    let is_err = matches!(&*call.func, syn::Expr::Path(p) if p.path.is_ident("Err"));
    let text = match call.args.first() {
        Some(syn::Expr::MethodCall(mc)) => match &*mc.receiver {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(s),
                ..
            }) => Some(s.value()),
            _ => None,
        },
        _ => None,
    };
    is_err && text.as_deref() == Some("invalid value")
}
