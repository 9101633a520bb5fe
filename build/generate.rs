//! Runs progenitor on a patched spec, turning its panics into readable build
//! errors, and extracts the public surface (one line per operation).

use crate::model::TypeModel;
use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle, TypeImpl};
use quote::ToTokens;
use serde_json::Value;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// A component generated elsewhere (a shared type, build/share.rs): the
/// generator names it by `path` instead of generating it.
pub struct Replacement {
    /// Its Rust name (as typify names the component).
    pub name: String,
    pub path: String,
    /// What typify knows it implements, so that the types around it are
    /// generated as they would be with it.
    pub impls: Vec<TypeImpl>,
}

fn settings(replace: &[Replacement]) -> GenerationSettings {
    let mut s = GenerationSettings::default();
    s.with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        // Shared hand-written runtime (auth, version header, retries, rate limits).
        .with_inner_type(quote::quote!(crate::runtime::Runtime))
        .with_hooks(HooksMode::Expected)
        // `x-rust-type` in our patches may name hand-written types of this crate.
        .with_crate("intercom-api", progenitor::CrateVers::Any, None)
        .with_map_type("::std::collections::BTreeMap");
    for r in replace {
        s.with_replacement(&r.name, &r.path, r.impls.iter().copied());
    }
    s
}

fn panic_message(p: Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<String>()
        .cloned()
        .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "(no message)".into())
}

/// The client code, typify's model of its types, and the types alone.
type Output = (
    proc_macro2::TokenStream,
    TypeModel,
    proc_macro2::TokenStream,
);

fn try_generate(spec: &Value, replace: &[Replacement]) -> Result<Output, String> {
    let api: openapiv3::OpenAPI = serde_json::from_value(spec.clone())
        .map_err(|e| format!("not a valid OpenAPI 3.0 document: {e}"))?;
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let result = catch_unwind(AssertUnwindSafe(|| {
        let mut generator = Generator::new(&settings(replace));
        generator.generate_tokens(&api).map(|tokens| {
            let space = generator.get_type_space();
            (tokens, TypeModel::read(space), space.to_stream())
        })
    }));
    std::panic::set_hook(previous);
    match result {
        Ok(Ok(out)) => Ok(out),
        Ok(Err(e)) => Err(format!("progenitor error: {e}")),
        Err(p) => Err(format!("progenitor panicked: {}", panic_message(p))),
    }
}

/// When generation fails, find the operations that fail alone.
fn culprits(spec: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let Some(paths) = spec["paths"].as_object() else {
        return out;
    };
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        for (method, op) in item
            .iter()
            .filter(|(m, _)| crate::passes::METHODS.contains(&m.as_str()))
        {
            let mut one = spec.clone();
            let mut only = serde_json::Map::new();
            only.insert(method.clone(), op.clone());
            // Keep what the path item declares for all its operations.
            for (k, v) in item
                .iter()
                .filter(|(k, _)| !crate::passes::METHODS.contains(&k.as_str()))
            {
                only.insert(k.clone(), v.clone());
            }
            one["paths"] = serde_json::json!({ path.clone(): only });
            if let Err(e) = try_generate(&one, &[]) {
                out.push(format!(
                    "  {} {} ({}): {e}",
                    method.to_uppercase(),
                    path,
                    op["operationId"].as_str().unwrap_or("?")
                ));
            }
        }
    }
    out
}

/// One generated module: its code, typify's model of its types, and the
/// enums `open_enums` opened (once every module is generated).
pub struct Generated {
    pub file: syn::File,
    pub model: TypeModel,
    pub opened: std::collections::BTreeSet<String>,
}

/// Generates the client code for one version (`types_only`: the types of a
/// spec without operations, wrapped in `mod types`, for the shared homes).
pub fn generate(
    label: &str,
    spec: &Value,
    replace: &[Replacement],
    types_only: bool,
) -> Result<Generated, String> {
    let (tokens, model, types) = try_generate(spec, replace).map_err(|e| {
        let who = culprits(spec);
        let who = if who.is_empty() {
            "  (no single operation fails alone)".to_string()
        } else {
            who.join("\n")
        };
        format!("generating {label} failed: {e}\noperations that fail:\n{who}")
    })?;
    let tokens = if types_only {
        quote::quote!(pub mod types { #types })
    } else {
        tokens
    };
    let file: syn::File =
        syn::parse2(tokens).map_err(|e| format!("{label}: generated code does not parse: {e}"))?;
    let empty = uninhabited_types(&file);
    if !empty.is_empty() {
        return Err(format!(
            "{label}: generated types that can hold no value (typify could not merge their schema; \
             a pass in build/passes.rs or a patch in openapi/patches must reshape it): {}",
            empty.join(", ")
        ));
    }
    Ok(Generated {
        file,
        model,
        opened: Default::default(),
    })
}

/// Enums of the `types` module without a variant: typify's answer to a
/// schema it cannot satisfy. Such a type cannot be built, so the operation
/// taking it could never be called.
pub fn uninhabited_types(file: &syn::File) -> Vec<String> {
    type_items(file)
        .filter_map(|it| match it {
            syn::Item::Enum(e) if e.variants.is_empty() => Some(e.ident.to_string()),
            _ => None,
        })
        .collect()
}

/// The items of the generated `types` module.
fn type_items(file: &syn::File) -> impl Iterator<Item = &syn::Item> {
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Mod(m) if m.ident == "types" => m.content.as_ref(),
            _ => None,
        })
        .flat_map(|(_, items)| items)
}

/// One operation of the generated client.
pub struct OperationInfo {
    pub builder: String,
    pub method: String,
    pub path: String,
    pub fn_name: String,
    pub params: Vec<String>,
    pub response: String,
    /// The answer type as the generated code names it (`types::ContactList`, `()`, `ByteStream`).
    pub response_path: String,
}

/// A type as the surface shows it: shared types (named by their path in
/// this version's `types`, build/share.rs) like the others.
fn tidy(ty: &impl ToTokens, module: &str) -> String {
    ty.to_token_stream()
        .to_string()
        .replace(' ', "")
        .replace(&format!("crate::{module}::"), "")
        .replace("types::", "")
        .replace("::std::collections::", "")
        .replace("::serde_json::", "")
        .replace("::std::string::", "")
        .replace("::std::vec::", "")
        .replace("::std::option::", "")
        .replace(",", ", ")
}

/// `Result<ResponseValue<T>, Error<E>>` → `T`, as tokens.
fn ok_type(ty: &syn::Type) -> Option<String> {
    fn first_arg(ty: &syn::Type) -> Option<&syn::Type> {
        let syn::Type::Path(p) = ty else { return None };
        let syn::PathArguments::AngleBracketed(a) = &p.path.segments.last()?.arguments else {
            return None;
        };
        match a.args.first()? {
            syn::GenericArgument::Type(t) => Some(t),
            _ => None,
        }
    }
    let rv = first_arg(ty)?;
    Some(first_arg(rv)?.to_token_stream().to_string())
}

/// One parameter of the surface: `name: Type`, or `name?: Type` when it is
/// optional. Builder fields are `Result<T, String>` / `Result<Option<T>, String>`.
fn param_text(name: &str, field: &str) -> String {
    let field = field.replace("builder::", "");
    let field = field.as_str();
    let inner = field
        .strip_prefix("Result<")
        .and_then(|t| t.strip_suffix(", String>"))
        .unwrap_or(field);
    match inner
        .strip_prefix("Option<")
        .and_then(|t| t.strip_suffix('>'))
    {
        Some(t) => format!("{name}?: {t}"),
        None => format!("{name}: {inner}"),
    }
}

/// Client method name → (METHOD, path), from the spec: progenitor names each
/// method after its operationId, in snake case (heck).
fn operations_by_method_name(spec: &Value) -> std::collections::HashMap<String, (String, String)> {
    let mut by_name = std::collections::HashMap::new();
    for (path, item) in spec["paths"].as_object().into_iter().flatten() {
        for (method, op) in item.as_object().into_iter().flatten() {
            if let Some(id) = op["operationId"].as_str() {
                if crate::passes::METHODS.contains(&method.as_str()) {
                    by_name.insert(
                        crate::passes::snake_case(id),
                        (method.to_uppercase(), path.clone()),
                    );
                }
            }
        }
    }
    by_name
}

/// Extracts every operation from the generated code (builder style).
pub fn surface(file: &syn::File, spec: &Value, module: &str) -> Result<Vec<OperationInfo>, String> {
    use std::collections::HashMap;
    let by_name = operations_by_method_name(spec);
    // builder struct name -> (params, response)
    let mut builders: HashMap<String, (Vec<String>, String, String)> = HashMap::new();
    let mut client_fns: Vec<(String, String, String, String)> = Vec::new();
    for item in &file.items {
        match item {
            syn::Item::Mod(m) if m.ident == "builder" => {
                let Some((_, items)) = &m.content else {
                    continue;
                };
                for it in items {
                    match it {
                        syn::Item::Struct(s) => {
                            let params = s
                                .fields
                                .iter()
                                .filter_map(|f| f.ident.as_ref().map(|i| (i, &f.ty)))
                                .filter(|(i, _)| *i != "client")
                                .map(|(i, ty)| param_text(&i.to_string(), &tidy(ty, module)))
                                .collect();
                            builders.entry(s.ident.to_string()).or_default().0 = params;
                        }
                        syn::Item::Impl(imp) => {
                            let name = imp.self_ty.to_token_stream().to_string().replace(' ', "");
                            let name = name.split('<').next().unwrap_or_default().to_string();
                            for f in &imp.items {
                                if let syn::ImplItem::Fn(f) = f {
                                    if f.sig.ident == "send" {
                                        if let syn::ReturnType::Type(_, ty) = &f.sig.output {
                                            let raw = ok_type(ty).unwrap_or_default();
                                            builders.entry(name.clone()).or_default().2 = raw;
                                            let t = tidy(ty, module);
                                            let ok = t
                                                .strip_prefix("Result<ResponseValue<")
                                                .and_then(|r| r.split_once(">, Error<"))
                                                .map(|(ok, _)| ok.to_string())
                                                .unwrap_or(t);
                                            builders.entry(name.clone()).or_default().1 = ok;
                                        }
                                    }
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            syn::Item::Impl(imp)
                if imp.trait_.is_none()
                    && imp.self_ty.to_token_stream().to_string() == "Client" =>
            {
                for f in &imp.items {
                    let syn::ImplItem::Fn(f) = f else { continue };
                    // Operations return their request builder; `new` and
                    // the like do not.
                    let builder = match &f.sig.output {
                        syn::ReturnType::Type(_, ty) => tidy(ty, module),
                        _ => String::new(),
                    };
                    let Some(builder) = builder.strip_prefix("builder::") else {
                        continue;
                    };
                    let builder = builder.split('<').next().unwrap_or_default().to_string();
                    let name = f.sig.ident.to_string();
                    let (method, path) = by_name.get(&name).cloned().ok_or_else(|| {
                        format!("client method `{name}` matches no operationId of the spec")
                    })?;
                    client_fns.push((method, path, name, builder));
                }
            }
            _ => {}
        }
    }
    let mut ops: Vec<OperationInfo> = client_fns
        .into_iter()
        .map(|(method, path, fn_name, builder)| {
            let (params, response, response_path) =
                builders.get(&builder).cloned().unwrap_or_default();
            OperationInfo {
                builder,
                method,
                path,
                fn_name,
                params,
                response,
                response_path,
            }
        })
        .collect();
    ops.sort_by(|a, b| (&a.path, &a.method).cmp(&(&b.path, &b.method)));
    Ok(ops)
}

pub fn surface_text(ops: &[OperationInfo]) -> String {
    let mut lines: Vec<String> = ops
        .iter()
        .map(|o| {
            format!(
                "{} {} -> {}({}) -> {}",
                o.method,
                o.path,
                o.fn_name,
                o.params.join(", "),
                o.response
            )
        })
        .collect();
    lines.sort();
    lines.join("\n") + "\n"
}
