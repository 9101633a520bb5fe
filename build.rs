//! Generates one client module per enabled API version from Intercom's
//! pinned OpenAPI descriptions. The pieces live in `build/`:
//! `spec.rs` (pins, loading, sha256), `patches.rs` (the project's fixes at
//! named places, as data in `openapi/patches/`), `passes.rs` (rules that hold
//! everywhere), `generate.rs` (progenitor, surface extraction).

#[path = "build/generate.rs"]
mod generate;
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
            let (file, code) = generate::generate(&pin.version, &doc)?;
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
            if std::env::var_os("INTERCOM_API_REPORT_FIXES").is_some() {
                for line in report.lines().filter(|l| !l.is_empty()) {
                    println!("cargo:warning={line}");
                }
            }
            writeln!(
                modules,
                "#[cfg(feature = \"{f}\")]\n#[cfg_attr(docsrs, doc(cfg(feature = \"{f}\")))]\n\
                 #[doc = \"Intercom API {v}: the generated client and types for its {n} operations (feature `{f}`).\"]\n\
                 #[allow(missing_docs, clippy::all)]\npub mod {m} {{\n    include!(concat!(env!(\"OUT_DIR\"), \"/{m}.rs\"));\n    crate::versions::version_support!(\"{v}\", \"{m}\");\n}}",
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

fn write(path: &std::path::Path, text: &str) -> Result<(), String> {
    // Leave unchanged files alone so that cargo does not recompile needlessly.
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}
