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
#[path = "build/search.rs"]
mod search;
#[path = "build/share.rs"]
mod share;
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
    let order: Vec<&str> = pins.iter().map(|p| p.version.as_str()).collect();
    let entries = patches::read_all(&patch_dir, &order)?;
    for f in patches::patch_files(&patch_dir) {
        println!("cargo:rerun-if-changed={}", f.display());
    }
    let enabled: Vec<&spec::Pin> = pins
        .iter()
        .filter(|p| {
            std::env::var_os(format!("CARGO_FEATURE_{}", p.feature.to_uppercase())).is_some()
        })
        .collect();

    let conformance = std::env::var_os("CARGO_FEATURE_CONFORMANCE").is_some();
    let test_support = std::env::var_os("CARGO_FEATURE___TEST_SUPPORT").is_some();
    let mut modules = Vec::new();
    let mut generated = Vec::new();
    {
        for pin in &enabled {
            let dir = spec::descriptions_dir(&root, pin)?;
            let (path, mut doc) = spec::load(&dir, pin)?;
            println!("cargo:rerun-if-changed={}", path.display());
            let mut report = format!(
                "Fixes applied to Intercom API {}\n\npatches (openapi/patches):\n",
                pin.version
            );
            for (file, reason, n) in patches::apply_all(&mut doc, &pin.version, &order, &entries)? {
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
            let (mut file, opened) = generate::generate(&pin.version, &doc)?;
            writeln!(report, "\ngenerated code (build/open_enums.rs, build/share.rs):\n  open_enums: {opened} (every string enum keeps values the spec does not list, as `Unknown(String)`)").unwrap();
            let dropped = share::answer_builders(&mut file);
            writeln!(report, "  answer_builders: {dropped} (struct builders dropped: no request body reaches their type)").unwrap();
            let ops = generate::surface(&file);
            let (glue, paginated) =
                pagination::glue(&file, &ops, &passes::paginated_operations(&doc))
                    .map_err(|e| format!("Intercom API {}: {e}", pin.version))?;
            let m = pin.module();
            write(&out.join(format!("{m}_pagination.rs")), &glue)?;
            let search = search::operations(&file, &ops, &doc)
                .map_err(|e| format!("Intercom API {}: {e}", pin.version))?;
            write(
                &out.join(format!("{m}_operations.rs")),
                &operations_table(&ops, &doc),
            )?;
            // What users do not compile unless they ask for it (the features
            // `conformance` and `__test-support`): the files exist either way,
            // empty when unused, so the module's `include!`s always resolve.
            let decode = if conformance {
                decoder(&file, &ops, &doc)
            } else {
                String::new()
            };
            write(&out.join(format!("{m}_decode.rs")), &decode)?;
            let (surface, fixes, paginated, invoke) = if test_support {
                (
                    generate::surface_text(&ops),
                    report.clone(),
                    paginated,
                    invoker(&file, &ops),
                )
            } else {
                Default::default()
            };
            write(&out.join(format!("{m}_surface.txt")), &surface)?;
            write(&out.join(format!("{m}_fixes.txt")), &fixes)?;
            write(&out.join(format!("{m}_paginated.txt")), &paginated)?;
            write(&out.join(format!("{m}_invoke.rs")), &invoke)?;
            if std::env::var_os("INTERCOM_API_REPORT_FIXES").is_some() {
                for line in report.lines().filter(|l| !l.is_empty()) {
                    println!("cargo:warning={line}");
                }
            }
            // A version that is not a number (Preview) is Intercom's unstable API.
            let note = if pin.version.starts_with(|c: char| c.is_ascii_digit()) {
                String::new()
            } else {
                format!(
                    "**Unstable**: Intercom's {} API changes without notice, so this module may \
                     change with any release of this crate. Prefer a numbered version for what it has.",
                    pin.version
                )
            };
            modules.push(format!(
                "    {:?} {m} {:?} {} {note:?};",
                pin.feature,
                pin.version,
                ops.len()
            ));
            generated.push((m, file, search));
        }
    }
    // Types that several enabled versions define identically are emitted
    // once (build/share.rs); each version's code is written after that.
    let mut files: Vec<(String, syn::File)> = generated
        .iter_mut()
        .map(|(m, f, _)| (m.to_string(), std::mem::replace(f, syn::parse_quote!())))
        .collect();
    let shared = share::share_types(&mut files);
    for (v, ((m, file), (_, _, search))) in files.iter().zip(&generated).enumerate() {
        write(&out.join(format!("{m}.rs")), &prettyplease::unparse(file))?;
        write(
            &out.join(format!("{m}_search.rs")),
            &search::glue(search, &shared.elsewhere[v]),
        )?;
        if std::env::var_os("INTERCOM_API_REPORT_FIXES").is_some() {
            println!(
                "cargo:warning={m}: {} types shared with another enabled version",
                shared.counts[v]
            );
        }
    }
    write(
        &out.join("shared.rs"),
        &prettyplease::unparse(
            &syn::parse2(shared.module).map_err(|e| format!("shared types: {e}"))?,
        ),
    )?;
    // One call to the hand-written macro in src/versions.rs, with data only.
    let text = format!(
        "crate::versions::version_modules! {{\n{}\n}}\n",
        modules.join("\n")
    );
    write(&out.join("versions.rs"), &text)
}

fn operations_table(ops: &[generate::OperationInfo], doc: &serde_json::Value) -> String {
    let mut s = String::from("&[\n");
    for o in ops {
        let ptr = passes::operation_pointer(&o.path, &o.method) + "/x-intercom-multipart";
        let multipart = doc.pointer(&ptr) == Some(&serde_json::Value::Bool(true));
        writeln!(
            s,
            "    crate::Operation {{ method: {:?}, path: {:?}, name: {:?}, multipart: {multipart} }},",
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
        let ptr = passes::operation_pointer(&o.path, &o.method) + "/x-intercom-errors";
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
                // types::builder::X -> types::X; a raw body (bytes) from a string.
                let t = inner
                    .to_token_stream()
                    .to_string()
                    .replace(' ', "")
                    .replace("types::builder::", "types::");
                if t == "reqwest::Body" {
                    "::std::string::String".to_string()
                } else {
                    t
                }
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
