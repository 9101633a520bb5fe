//! Runs progenitor on a patched spec, turning its panics into readable build
//! errors, and extracts the public surface (one line per operation).

use crate::model::TypeModel;
use crate::syntax::{methods, ok_type, param_type, type_text};
use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle, TypeImpl};
use serde_json::Value;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// A component generated elsewhere (a shared type, share.rs): the
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
        .with_inner_type(quote::quote!(::intercom_api::runtime::Runtime))
        .with_hooks(HooksMode::Expected)
        // `x-rust-type` in our patches may name hand-written types of this crate.
        .with_crate("intercom-api", progenitor::CrateVers::Any, None)
        .with_map_type("::std::collections::BTreeMap")
        // A recorded request body compares with the expected value
        // (`assert_eq!`), as the answers it is decoded beside do.
        .with_derive("PartialEq");
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
             a pass in passes.rs or a patch in openapi/patches must reshape it): {}",
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
    /// The answer type as the generated code names it (`types::ContactList`,
    /// `()`, `ByteStream`); `None` when the builder has no `send`.
    pub response_path: Option<syn::Type>,
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

/// Extracts every operation from a version's generated code (builder style).
pub fn surface(file: &syn::File, spec: &Value) -> Result<Vec<OperationInfo>, String> {
    use std::collections::HashMap;
    let by_name = operations_by_method_name(spec);
    let builder_items =
        crate::syntax::module(&file.items, "builder").map_or(&[][..], Vec::as_slice);
    // builder struct name -> (params, response, response_path)
    let mut builders: HashMap<String, (Vec<String>, String, Option<syn::Type>)> = HashMap::new();
    for it in builder_items {
        let syn::Item::Struct(s) = it else { continue };
        let params = s
            .fields
            .iter()
            .filter_map(|f| f.ident.as_ref().map(|i| (i, &f.ty)))
            .filter(|(i, _)| *i != "client")
            .map(|(i, ty)| match param_type(ty) {
                (t, true) => format!("{i}?: {}", type_text(t)),
                (t, false) => format!("{i}: {}", type_text(t)),
            })
            .collect();
        builders.entry(s.ident.to_string()).or_default().0 = params;
    }
    for m in methods(builder_items).filter(|m| m.f.sig.ident == "send") {
        let syn::ReturnType::Type(_, ty) = &m.f.sig.output else {
            continue;
        };
        let entry = builders.entry(m.owner.to_string()).or_default();
        let ok = ok_type(ty);
        entry.1 = type_text(ok.unwrap_or(ty));
        entry.2 = ok.cloned();
    }
    let mut client_fns: Vec<(String, String, String, String)> = Vec::new();
    let client_methods = methods(&file.items).filter(|m| {
        m.imp.trait_.is_none()
            && matches!(&*m.imp.self_ty, syn::Type::Path(p) if p.qself.is_none() && p.path.is_ident("Client"))
    });
    for m in client_methods {
        // Operations return their request builder (`builder::X<'_>`); `new`
        // and the like do not.
        let syn::ReturnType::Type(_, ty) = &m.f.sig.output else {
            continue;
        };
        let syn::Type::Path(p) = &**ty else { continue };
        let segments: Vec<&syn::PathSegment> = p.path.segments.iter().collect();
        let [.., parent, builder] = &segments[..] else {
            continue;
        };
        if parent.ident != "builder" {
            continue;
        }
        let name = m.f.sig.ident.to_string();
        let (method, path) = by_name
            .get(&name)
            .cloned()
            .ok_or_else(|| format!("client method `{name}` matches no operationId of the spec"))?;
        client_fns.push((method, path, name, builder.ident.to_string()));
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
