//! The build script of the shared-types crate (`intercom-api-shared-types`),
//! which calls [`build_script`]: it reads what cargo says (enabled versions,
//! features, the output directory), runs the [`pipeline`](crate::pipeline)
//! and writes its files.
//!
//! Everything is written into `OUT_DIR`, which the crates that include it
//! learn through `links` ([`dep_out_var`](crate::dep_out_var)): `<module>.rs` per version (its
//! crate includes it), `shared.rs` (the shared-types crate's own code) and
//! `versions.rs` (the facade's modules and tables); with `__test-support`,
//! `spec-<module>.json`, the spec each version was generated from.

use crate::version_file::Emit;
use crate::{patches, pipeline, spec};
use std::path::{Path, PathBuf};

/// The build script of the shared-types crate.
pub fn build_script() {
    if let Err(e) = run() {
        // One clear message, not a backtrace.
        eprintln!("\nintercom-api build failed:\n{e}\n");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let root = crate::root();
    let out = PathBuf::from(std::env::var("OUT_DIR").map_err(|e| e.to_string())?);
    let pins_path = root.join("openapi/versions.json");
    let patch_dir = root.join("openapi/patches");
    println!("cargo:rerun-if-changed={}", pins_path.display());
    println!("cargo:rerun-if-changed={}", patch_dir.display());
    for f in ["example-fixes.json", "operation-aliases.json", "sdk"] {
        println!(
            "cargo:rerun-if-changed={}",
            root.join("openapi").join(f).display()
        );
    }
    println!("cargo:rerun-if-env-changed=INTERCOM_OPENAPI_DIR");
    println!("cargo:rerun-if-env-changed=INTERCOM_API_UNPINNED");
    println!("cargo:rerun-if-env-changed=INTERCOM_API_REPORT_FIXES");
    // The crates that include the generated code find it here (`links`).
    println!("cargo:out={}", out.display());

    let pins = spec::read_pins(&pins_path)?;
    let order: Vec<&str> = pins.iter().map(|p| p.version.as_str()).collect();
    let entries = patches::read_all(&patch_dir, &order)?;
    for f in patches::patch_files(&patch_dir) {
        println!("cargo:rerun-if-changed={}", f.display());
    }
    let on = |feature: &str| {
        let var = format!("CARGO_FEATURE_{}", feature.to_uppercase().replace('-', "_"));
        std::env::var_os(var).is_some()
    };
    let enabled: Vec<&spec::Pin> = pins.iter().filter(|p| on(&p.feature)).collect();
    let emit = Emit {
        mock: on("mock"),
        conformance: on("conformance"),
        test_support: on("__test-support"),
    };
    let mut docs = Vec::new();
    for pin in &enabled {
        let dir = spec::descriptions_dir(&root, pin)?;
        let (path, doc, note) = spec::load_for_build(&dir, pin, spec::unpinned())?;
        println!("cargo:rerun-if-changed={}", path.display());
        note.iter().for_each(|w| println!("cargo:warning={w}"));
        docs.push(doc);
    }
    let data = crate::doc_data::DocData::read(&root.join("openapi"))?;
    let output = pipeline::run(&enabled, docs, &order, &entries, emit, &data)?;
    let report = std::env::var_os("INTERCOM_API_REPORT_FIXES").is_some();
    for line in &output.report {
        // Notes of an unpinned build always; the counts on request.
        if report || line.starts_with("unpinned") {
            println!("cargo:warning={line}");
        }
    }
    for (module, text) in &output.versions {
        write(&out.join(format!("{module}.rs")), text)?;
    }
    for (module, text) in &output.specs {
        write(&out.join(format!("spec-{module}.json")), text)?;
    }
    write(&out.join("shared.rs"), &output.shared)?;
    write(&out.join("versions.rs"), &output.facade)
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    // Leave unchanged files alone so that cargo does not recompile needlessly.
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}
