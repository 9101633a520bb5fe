//! Generates one client module per enabled API version from Intercom's
//! pinned OpenAPI descriptions. The pieces live in `build/`:
//! `spec.rs` (pins, loading, sha256), `patches.rs` (the project's fixes at
//! named places, as data in `openapi/patches/`), `passes.rs` (rules that hold
//! everywhere), `generate.rs` (progenitor, surface extraction).

#[path = "build/generate.rs"]
mod generate;
#[path = "build/mock.rs"]
mod mock;
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

    let features = Features {
        conformance: std::env::var_os("CARGO_FEATURE_CONFORMANCE").is_some(),
        test_support: std::env::var_os("CARGO_FEATURE___TEST_SUPPORT").is_some(),
        report: std::env::var_os("INTERCOM_API_REPORT_FIXES").is_some(),
    };
    let mut versions = Vec::new();
    for pin in &enabled {
        let dir = spec::descriptions_dir(&root, pin)?;
        let (path, mut doc) = spec::load(&dir, pin)?;
        println!("cargo:rerun-if-changed={}", path.display());
        let report = fix(&mut doc, &pin.version, &order, &entries)?;
        versions.push(version(pin, &doc, report, &out, &features)?);
    }
    let modules = share_and_write(&mut versions, &out, &features)?;
    // One call to the hand-written macro in src/versions.rs, with data only.
    let text = format!(
        "crate::versions::version_modules! {{\n{}\n}}\n",
        modules.join("\n")
    );
    write(&out.join("versions.rs"), &text)
}

/// Which optional tables the build writes.
struct Features {
    /// `conformance`: the answer decoder.
    conformance: bool,
    /// `__test-support`: surfaces, fixes, paginated lists, the invoker.
    test_support: bool,
    /// `INTERCOM_API_REPORT_FIXES`: print the fixes as build warnings.
    report: bool,
}

/// One generated version, before types are shared.
struct Version {
    module: String,
    file: syn::File,
    searches: search::Searches,
    /// Its line of data for `version_modules!`.
    line: String,
}

/// Applies the patches and passes to one version's spec; returns the report
/// (the fixes snapshot).
fn fix(
    doc: &mut serde_json::Value,
    version: &str,
    order: &[&str],
    entries: &[patches::PatchEntry],
) -> Result<String, String> {
    let mut report =
        format!("Fixes applied to Intercom API {version}\n\npatches (openapi/patches):\n");
    for (file, reason, n) in patches::apply_all(doc, version, order, entries)? {
        let s = if n == 1 { "" } else { "s" };
        writeln!(report, "  {file}: {reason} ({n} op{s})").unwrap();
    }
    report.push_str("\npasses (build/passes.rs):\n");
    for (pass, n) in passes::run_all(doc) {
        writeln!(report, "  {}: {n} ({})", pass.name, pass.reason).unwrap();
    }
    Ok(report)
}

/// Generates one version and writes its tables (all but its code and search
/// glue, which wait for `share_and_write`).
fn version(
    pin: &spec::Pin,
    doc: &serde_json::Value,
    mut report: String,
    out: &std::path::Path,
    features: &Features,
) -> Result<Version, String> {
    let in_version = |e: String| format!("Intercom API {}: {e}", pin.version);
    let (mut file, opened) = generate::generate(&pin.version, doc)?;
    writeln!(report, "\ngenerated code (build/open_enums.rs, build/share.rs):\n  open_enums: {opened} (every string enum keeps values the spec does not list, as `Unknown(String)`)").unwrap();
    let dropped = share::answer_builders(&mut file);
    writeln!(report, "  answer_builders: {dropped} (struct builders dropped: no request body reaches their type)").unwrap();
    let ops = generate::surface(&file, doc).map_err(in_version)?;
    let (glue, paginated) =
        pagination::glue(&file, &ops, &passes::paginated_operations(doc)).map_err(in_version)?;
    let m = pin.module();
    write(&out.join(format!("{m}_pagination.rs")), &glue)?;
    write(
        &out.join(format!("{m}_operations.rs")),
        &operations_table(&ops, doc),
    )?;
    // What users do not compile unless they ask for it (the features
    // `conformance` and `__test-support`): the files exist either way,
    // empty when unused, so the module's `include!`s always resolve.
    let decode = if features.conformance {
        decoder(&file, &ops, doc).map_err(in_version)?
    } else {
        String::new()
    };
    write(&out.join(format!("{m}_decode.rs")), &decode)?;
    let (surface, fixes, paginated, invoke) = if features.test_support {
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
    mock::write(&file, &ops, doc, out, m).map_err(in_version)?;
    if features.report {
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
    let line = format!(
        "    {:?} {m} {:?} {} {note:?};",
        pin.feature,
        pin.version,
        ops.len()
    );
    let searches = search::operations(&file, &ops, doc).map_err(in_version)?;
    Ok(Version {
        module: m.to_string(),
        file,
        searches,
        line,
    })
}

/// Types that several enabled versions define identically are emitted once
/// (build/share.rs); then each version's code and search glue are written.
/// Returns the `version_modules!` lines.
fn share_and_write(
    versions: &mut [Version],
    out: &std::path::Path,
    features: &Features,
) -> Result<Vec<String>, String> {
    let mut files: Vec<(String, syn::File)> = versions
        .iter_mut()
        .map(|v| {
            (
                v.module.clone(),
                std::mem::replace(&mut v.file, syn::parse_quote!()),
            )
        })
        .collect();
    let shared = share::share_types(&mut files);
    for (i, ((m, file), v)) in files.iter().zip(versions.iter()).enumerate() {
        write(&out.join(format!("{m}.rs")), &prettyplease::unparse(file))?;
        write(
            &out.join(format!("{m}_search.rs")),
            &search::glue(&v.searches, &shared.elsewhere[i]),
        )?;
        if features.report {
            println!(
                "cargo:warning={m}: {} types shared with another enabled version",
                shared.counts[i]
            );
        }
    }
    let module = syn::parse2(shared.module).map_err(|e| format!("shared types: {e}"))?;
    write(&out.join("shared.rs"), &prettyplease::unparse(&module))?;
    Ok(versions.iter().map(|v| v.line.clone()).collect())
}

fn operations_table(ops: &[generate::OperationInfo], doc: &serde_json::Value) -> String {
    use quote::quote;
    let rows = ops.iter().map(|o| {
        let ptr = passes::operation_pointer(&o.path, &o.method) + "/x-intercom-multipart";
        let multipart = doc.pointer(&ptr) == Some(&serde_json::Value::Bool(true));
        let (method, path, name) = (&o.method, &o.path, &o.fn_name);
        quote!(crate::Operation { method: #method, path: #path, name: #name, multipart: #multipart })
    });
    quote!(&[#(#rows),*]).to_string()
}

/// `decode_answer(name, status, body)`: decodes an answer into its
/// operation's type (2xx), the error type the operation declares for that
/// status (`x-intercom-errors`), or else the `error.list` type, for the
/// conformance tools.
fn decoder(
    file: &syn::File,
    ops: &[generate::OperationInfo],
    doc: &serde_json::Value,
) -> Result<String, String> {
    use quote::{format_ident, quote};
    let names = generate::type_names(file);
    let mut arms = Vec::new();
    for o in ops {
        let name = &o.fn_name;
        let t = o.response_path.replace(' ', "");
        if !(t.is_empty() || t == "()" || t.contains("ByteStream")) {
            let ty: syn::Type = syn::parse_str(&t).map_err(|e| format!("answer type {t}: {e}"))?;
            arms.push(quote!((#name, 200..=299) => Some(crate::conformance::decode::<#ty>(body)),));
        }
        let ptr = passes::operation_pointer(&o.path, &o.method) + "/x-intercom-errors";
        if let Some(errors) = doc.pointer(&ptr).and_then(|e| e.as_object()) {
            for (status, r) in errors {
                let Ok(code) = status.parse::<u16>() else {
                    continue;
                };
                let Some(schema) = r["$ref"].as_str().and_then(|r| r.rsplit('/').next()) else {
                    continue;
                };
                let ty = passes::pascal_case(schema);
                if names.contains(&ty) {
                    let ty = format_ident!("{ty}");
                    arms.push(quote!((#name, #code) => Some(crate::conformance::decode::<types::#ty>(body)),));
                }
            }
        }
    }
    if names.contains("Error") {
        arms.push(
            quote!((_, 400..=599) => Some(crate::conformance::decode::<types::Error>(body)),),
        );
    }
    Ok(quote! {
        /// Decodes an answer to operation `name` (see `OPERATIONS`) with `status` into
        /// its generated type, and checks that nothing was lost. `None` when the
        /// operation declares no JSON answer for that status.
        pub fn decode_answer(name: &str, status: u16, body: &[u8]) -> Option<Result<(), crate::conformance::Failure>> {
            match (name, status) {
                #(#arms)*
                _ => None,
            }
        }
    }
    .to_string())
}

/// One call of the hand-written `invoker!` (src/versions.rs): per operation,
/// its name, method and each setter with the type it takes from JSON (the
/// body as its type rather than its builder; a raw body as a string).
fn invoker(file: &syn::File, ops: &[generate::OperationInfo]) -> String {
    use quote::{format_ident, quote};
    let builders = pagination::builder_fields(file);
    let mut arms = proc_macro2::TokenStream::new();
    for o in ops {
        let Some(fields) = builders.get(&o.builder) else {
            continue;
        };
        let setters = fields
            .iter()
            .filter(|(n, _)| n != "client")
            .filter_map(|(name, ty)| {
                let inner = unwrap_result(ty)?;
                let ty = if name == "body" {
                    match inner {
                        // types::builder::X -> types::X
                        syn::Type::Path(p)
                            if p.path.segments.len() == 3
                                && p.path.segments[1].ident == "builder" =>
                        {
                            let x = &p.path.segments[2].ident;
                            quote!(types::#x)
                        }
                        syn::Type::Path(p)
                            if p.path.segments.last().is_some_and(|s| s.ident == "Body") =>
                        {
                            quote!(::std::string::String)
                        }
                        other => quote!(#other),
                    }
                } else {
                    let t = unwrap_option(inner).unwrap_or(inner);
                    quote!(#t)
                };
                let field = format_ident!("{name}");
                Some(quote!(#field: #ty))
            });
        let name = &o.fn_name;
        let method = format_ident!("{}", o.fn_name);
        arms.extend(quote!(#name => #method { #(#setters),* };));
    }
    quote!(crate::versions::invoker! { #arms }).to_string() + "\n"
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
