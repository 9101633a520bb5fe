//! Generates one client module per enabled API version from Intercom's
//! pinned OpenAPI descriptions. The pieces live in `build/`:
//! `spec.rs` (pins, loading, sha256), `patches.rs` (the project's fixes at
//! named places, as data in `openapi/patches/`), `passes.rs` (rules that hold
//! everywhere), `generate.rs` (progenitor, surface extraction).

#[path = "build/generate.rs"]
mod generate;
#[path = "build/open_enums.rs"]
mod open_enums;
#[path = "build/pagination.rs"]
mod pagination;
#[path = "build/passes.rs"]
mod passes;
#[path = "build/patches.rs"]
mod patches;
#[path = "build/spec.rs"]
mod spec;

use std::fmt::Write as _;
use std::path::PathBuf;

fn main() {
    if let Err(e) = run() {
        // One clear message, not a backtrace.
        eprintln!("\nintercom-api build failed:\n{e}\n");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").map_err(|e| e.to_string())?);
    let out = PathBuf::from(std::env::var("OUT_DIR").map_err(|e| e.to_string())?);
    let pins_path = root.join("openapi/versions.json");
    let patch_dir = root.join("openapi/patches");
    println!("cargo:rerun-if-changed={}", pins_path.display());
    println!("cargo:rerun-if-changed={}", patch_dir.display());
    println!("cargo:rerun-if-env-changed=INTERCOM_OPENAPI_DIR");
    println!("cargo:rustc-check-cfg=cfg(docsrs)");

    let pins = spec::read_pins(&pins_path)?;
    let entries = patches::read_all(&patch_dir)?;
    for f in patches::patch_files(&patch_dir) {
        println!("cargo:rerun-if-changed={}", f.display());
    }
    let enabled: Vec<&spec::Pin> = pins
        .iter()
        .filter(|p| {
            std::env::var_os(format!("CARGO_FEATURE_{}", p.feature.to_uppercase())).is_some()
        })
        .collect();

    let mut modules = String::new();
    if !enabled.is_empty() {
        let dir = std::env::var_os("INTERCOM_OPENAPI_DIR").map(PathBuf::from).ok_or_else(|| {
            "INTERCOM_OPENAPI_DIR is not set. It names the folder holding Intercom's OpenAPI descriptions \
             (`descriptions/<version>/api.intercom.io.yaml`, from https://github.com/intercom/Intercom-OpenAPI). \
             Inside this repository .cargo/config.toml sets it to ../shared/intercom-openapi."
                .to_string()
        })?;
        let dir = if dir.is_relative() {
            root.join(dir)
        } else {
            dir
        };
        for pin in &enabled {
            let (path, mut doc) = spec::load(&dir, pin)?;
            println!("cargo:rerun-if-changed={}", path.display());
            let mut report = format!(
                "Fixes applied to Intercom API {}\n\npatches (openapi/patches):\n",
                pin.version
            );
            for (file, reason, n) in patches::apply_all(&mut doc, &pin.version, &entries)? {
                writeln!(
                    report,
                    "  {file}: {reason} ({n} op{})",
                    if n == 1 { "" } else { "s" }
                )
                .unwrap();
            }
            report.push_str("\npasses (build/passes.rs):\n");
            for (pass, n) in passes::run_all(&mut doc) {
                writeln!(report, "  {}: {n} ({})", pass.name, pass.reason).unwrap();
            }
            let (file, code, opened) = generate::generate(&pin.version, &doc)?;
            writeln!(report, "\ngenerated code (build/open_enums.rs):\n  open_enums: {opened} (every string enum keeps values the spec does not list, as `Unknown(String)`)").unwrap();
            let ops = generate::surface(&file);
            let (glue, paginated) =
                pagination::glue(&file, &ops, &passes::paginated_operations(&doc))
                    .map_err(|e| format!("Intercom API {}: {e}", pin.version))?;
            let m = pin.module();
            write(&out.join(format!("{m}.rs")), &code)?;
            write(
                &out.join(format!("{m}_surface.txt")),
                &generate::surface_text(&ops),
            )?;
            write(&out.join(format!("{m}_fixes.txt")), &report)?;
            write(&out.join(format!("{m}_pagination.rs")), &glue)?;
            write(&out.join(format!("{m}_paginated.txt")), &paginated)?;
            write(
                &out.join(format!("{m}_spec.json")),
                &serde_json::to_string(&doc).map_err(|e| e.to_string())?,
            )?;
            write(
                &out.join(format!("{m}_operations.rs")),
                &operations_table(&ops),
            )?;
            write(
                &out.join(format!("{m}_decode.rs")),
                &decoder(&file, &ops, &doc),
            )?;
            write(&out.join(format!("{m}_invoke.rs")), &invoker(&file, &ops))?;
            if std::env::var_os("INTERCOM_API_REPORT_FIXES").is_some() {
                for line in report.lines().filter(|l| !l.is_empty()) {
                    println!("cargo:warning={line}");
                }
            }
            writeln!(
                modules,
                "#[cfg(feature = \"{f}\")]\n#[cfg_attr(docsrs, doc(cfg(feature = \"{f}\")))]\n\
                 #[doc = \"Intercom API {v}: the generated client and types for its {n} operations (feature `{f}`).\"]\n\
                 #[allow(missing_docs, clippy::all, rustdoc::bare_urls, rustdoc::invalid_html_tags, rustdoc::broken_intra_doc_links)]\npub mod {m} {{\n    include!(concat!(env!(\"OUT_DIR\"), \"/{m}.rs\"));\n    crate::versions::version_support!(\"{v}\", \"{m}\");\n}}",
                f = pin.feature,
                v = pin.version,
                n = ops.len(),
            )
            .unwrap();
        }
    }
    let list: Vec<String> = enabled
        .iter()
        .map(|p| format!("\"{}\"", p.version))
        .collect();
    let data: Vec<String> = enabled
        .iter()
        .map(|p| format!("{}::DATA", p.module()))
        .collect();
    writeln!(
        modules,
        "/// Every compiled version's tables.\n#[doc(hidden)]\npub const VERSION_DATA: &[crate::VersionData] = &[{}];",
        data.join(", ")
    )
    .unwrap();
    writeln!(modules, "/// The API versions compiled into this build (one per enabled feature).\npub const VERSIONS: &[&str] = &[{}];", list.join(", ")).unwrap();
    write(&out.join("versions.rs"), &modules)
}

fn operations_table(ops: &[generate::OperationInfo]) -> String {
    let mut s = String::from("&[\n");
    for o in ops {
        writeln!(
            s,
            "    crate::Operation {{ method: {:?}, path: {:?}, name: {:?} }},",
            o.method, o.path, o.fn_name
        )
        .unwrap();
    }
    s.push(']');
    s
}

/// `decode_answer(name, status, body)`: decodes an answer into its
/// operation's type (2xx), the error type the operation declares for that
/// status (`x-intercom-errors`), or else the `error.list` type, for the
/// conformance tools.
fn decoder(file: &syn::File, ops: &[generate::OperationInfo], doc: &serde_json::Value) -> String {
    let names = generate::type_names(file);
    let fallback = names.contains("Error").then_some("types::Error");
    let mut s = String::from(
        "/// Decodes an answer to operation `name` (see `OPERATIONS`) with `status` into\n\
         /// its generated type, and checks that nothing was lost. `None` when the\n\
         /// operation declares no JSON answer for that status.\n\
         pub fn decode_answer(name: &str, status: u16, body: &[u8]) -> Option<Result<(), crate::conformance::Failure>> {\n    match (name, status) {\n",
    );
    for o in ops {
        let t = o.response_path.replace(' ', "");
        if !(t.is_empty() || t == "()" || t.contains("ByteStream")) {
            writeln!(
                s,
                "        ({:?}, 200..=299) => Some(crate::conformance::decode::<{}>(body)),",
                o.fn_name, t
            )
            .unwrap();
        }
        let ptr = format!(
            "/paths/{}/{}/x-intercom-errors",
            o.path.replace('~', "~0").replace('/', "~1"),
            o.method.to_lowercase()
        );
        if let Some(errors) = doc.pointer(&ptr).and_then(|e| e.as_object()) {
            for (status, r) in errors {
                let Ok(code) = status.parse::<u16>() else {
                    continue;
                };
                let Some(name) = r["$ref"].as_str().and_then(|r| r.rsplit('/').next()) else {
                    continue;
                };
                let ty = passes::pascal_case(name);
                if names.contains(&ty) {
                    writeln!(s, "        ({:?}, {code}) => Some(crate::conformance::decode::<types::{ty}>(body)),", o.fn_name).unwrap();
                }
            }
        }
    }
    if let Some(f) = fallback {
        writeln!(
            s,
            "        (_, 400..=599) => Some(crate::conformance::decode::<{f}>(body)),"
        )
        .unwrap();
    }
    s.push_str("        _ => None,\n    }\n}\n");
    s
}

/// `__invoke(client, name, args)`: calls an operation by name through its
/// typed builder, each argument decoded from JSON into the setter's type
/// (`body` for the request body). Used by the Prism conformance test to send
/// every operation's spec example through the real builders.
fn invoker(file: &syn::File, ops: &[generate::OperationInfo]) -> String {
    use quote::ToTokens;
    let builders = pagination::builder_fields(file);
    let mut s = String::from(
        "#[doc(hidden)]\n\
         pub async fn __invoke(client: &Client, name: &str, args: &::serde_json::Map<String, ::serde_json::Value>) -> Option<crate::Result<()>> {\n\
         \x20   fn arg<T: ::serde::de::DeserializeOwned>(args: &::serde_json::Map<String, ::serde_json::Value>, key: &str) -> Option<crate::Result<T>> {\n\
         \x20       let v = args.get(key).or_else(|| args.get(key.trim_end_matches('_')))?;\n\
         \x20       Some(::serde_json::from_value(v.clone()).map_err(|e| crate::Error::InvalidRequest { message: format!(\"{key}: {e}\") }))\n\
         \x20   }\n\
         \x20   macro_rules! set { ($b:ident, $f:ident, $t:ty) => { if let Some(v) = arg::<$t>(args, stringify!($f)) { match v { Ok(v) => $b = $b.$f(v), Err(e) => return Some(Err(e)) } } }; }\n\
         \x20   Some(match name {\n",
    );
    for o in ops {
        let Some(fields) = builders.get(&o.builder) else {
            continue;
        };
        writeln!(s, "        {:?} => {{\n            #[allow(unused_mut)]\n            let mut b = client.{}();", o.fn_name, o.fn_name).unwrap();
        for (name, ty) in fields.iter().filter(|(n, _)| n != "client") {
            let Some(inner) = unwrap_result(ty) else {
                continue;
            };
            let t = if name == "body" {
                // types::builder::X -> types::X
                inner
                    .to_token_stream()
                    .to_string()
                    .replace(' ', "")
                    .replace("types::builder::", "types::")
            } else {
                let t = unwrap_option(inner).unwrap_or(inner);
                t.to_token_stream().to_string()
            };
            writeln!(s, "            set!(b, {name}, {t});").unwrap();
        }
        s.push_str("            Box::pin(b.send()).await.map(|_| ()).map_err(crate::Error::from)\n        }\n");
    }
    s.push_str("        _ => return None,\n    })\n}\n");
    s
}

fn unwrap_result(ty: &syn::Type) -> Option<&syn::Type> {
    pagination::unwrap(ty, "Result")
}

fn unwrap_option(ty: &syn::Type) -> Option<&syn::Type> {
    pagination::unwrap(ty, "Option")
}

fn write(path: &std::path::Path, text: &str) -> Result<(), String> {
    // Leave unchanged files alone so that cargo does not recompile needlessly.
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}
