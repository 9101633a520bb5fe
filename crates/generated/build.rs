//! Generates one client module per enabled API version from Intercom's
//! pinned OpenAPI descriptions. This file is the driver; each step lives in
//! `build/`, in the order it runs:
//!
//! 1. `spec.rs`: pins, loading, sha256; `patches.rs`: the project's fixes at
//!    named places (data in `openapi/patches/`); `passes.rs`: rules that hold
//!    everywhere.
//! 2. `share.rs`: which types several enabled versions define identically,
//!    decided on the patched specs.
//! 3. `generate.rs`: progenitor (shared types generated once, in their home,
//!    and replaced in the other versions); `model.rs`: typify's model of
//!    what it generated; `open_enums.rs`.
//! 4. `assemble.rs`: struct builders kept where requests need them, shared
//!    re-exports, one `ConversionError`.
//! 5. The glue and tables of each version, emitted with `quote!`:
//!    `pagination.rs`, `search.rs`, `tables.rs` (operations, decoder,
//!    invoker); `syntax.rs` reads what only the client code knows.
//!
//! Everything is written into `OUT_DIR`, which the crates that include it
//! (one per version, and the facade) learn through `links`
//! (`DEP_INTERCOM_API_GENERATED_OUT`): `<module>.rs` and its tables per
//! version, `shared.rs` (this crate's own code: the shared types), and
//! `versions.rs`, the facade's one line of data per version.

#[path = "build/assemble.rs"]
mod assemble;
#[path = "build/generate.rs"]
mod generate;
#[path = "build/mock.rs"]
mod mock;
#[path = "build/model.rs"]
mod model;
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
#[path = "build/setters.rs"]
mod setters;
#[path = "build/share.rs"]
mod share;
#[path = "build/spec.rs"]
mod spec;
#[path = "build/syntax.rs"]
mod syntax;
#[path = "build/tables.rs"]
mod tables;

use assemble::Module;
use generate::{Generated, Replacement};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

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
    println!("cargo:rerun-if-env-changed=INTERCOM_API_UNPINNED");
    // The crates that include the generated code (each version crate, the
    // facade) find it here: `DEP_INTERCOM_API_GENERATED_OUT` (`links`).
    println!("cargo:out={}", out.display());

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
        mock: std::env::var_os("CARGO_FEATURE_MOCK").is_some(),
        conformance: std::env::var_os("CARGO_FEATURE_CONFORMANCE").is_some(),
        test_support: std::env::var_os("CARGO_FEATURE___TEST_SUPPORT").is_some(),
        report: std::env::var_os("INTERCOM_API_REPORT_FIXES").is_some(),
    };
    // Which optional tables were written, as the cfgs the version crates
    // compile them under (`DEP_INTERCOM_API_GENERATED_CFGS`): what is
    // included and what was written are decided here, once.
    let cfgs: Vec<&str> = [
        (features.mock, "intercom_api_mock"),
        (features.conformance, "intercom_api_conformance"),
        (features.test_support, "intercom_api_test_support"),
    ]
    .into_iter()
    .filter_map(|(on, cfg)| on.then_some(cfg))
    .collect();
    println!("cargo:cfgs={}", cfgs.join(","));

    // 1. Each enabled version's spec, patched and passed.
    let mut docs = Vec::new();
    let mut reports = Vec::new();
    for pin in &enabled {
        let dir = spec::descriptions_dir(&root, pin)?;
        let (path, mut doc, note) = spec::load_for_build(&dir, pin, spec::unpinned())?;
        println!("cargo:rerun-if-changed={}", path.display());
        note.iter().for_each(|w| println!("cargo:warning={w}"));
        reports.push(fix(&mut doc, &pin.version, &order, &entries)?);
        docs.push(doc);
    }
    let doc_refs: Vec<&serde_json::Value> = docs.iter().collect();
    let modules: Vec<String> = enabled.iter().map(|p| p.module().to_string()).collect();

    // 2. What they share; 3. the shared homes, then the versions.
    let plan = share::plan(&doc_refs);
    let mut homes: BTreeMap<usize, Generated> = BTreeMap::new();
    for &h in plan.homes.keys() {
        let spec = share::home_spec(&doc_refs, &plan, h);
        let own: BTreeSet<&String> = plan.homes[&h].keys().collect();
        let mut replace = Vec::new();
        for (component, &other) in &plan.shared[h] {
            if !own.contains(component) && spec["components"]["schemas"].get(component).is_some() {
                replace.push(replacement(&homes, other, component, |n| {
                    assemble::home_path(&modules[other], n)
                })?);
            }
        }
        let label = format!("the types Intercom API {} shares", enabled[h].version);
        let g = generate::generate(&label, &spec, &replace, true)?;
        homes.insert(h, g);
    }
    let mut versions = Vec::new();
    for (v, doc) in docs.iter().enumerate() {
        let replace = plan.shared[v]
            .iter()
            .map(|(c, &h)| replacement(&homes, h, c, assemble::version_path))
            .collect::<Result<Vec<_>, _>>()?;
        let label = format!("Intercom API {}", enabled[v].version);
        versions.push(Module {
            name: modules[v].clone(),
            code: generate::generate(&label, doc, &replace, false)?,
        });
    }

    // Open enums, keeping closed the tags that tell union alternatives
    // apart. Each version's unions are read over its whole type space (its
    // own types and those it re-exports), so what stays closed does not
    // depend on which other versions are enabled; a shared type is closed in
    // its home when it is a tag in any version that uses it.
    let reexported = assemble::reexports(&plan, &homes);
    let mut closed_in_home: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
    let mut closed_in_version = Vec::new();
    for (v, m) in versions.iter().enumerate() {
        let own = syntax::module(&m.code.file.items, "types")
            .into_iter()
            .flatten();
        let shared = homes.iter().flat_map(|(h, g)| {
            let names = &reexported[v];
            syntax::module(&g.file.items, "types")
                .into_iter()
                .flatten()
                .filter(move |i| {
                    let name = match i {
                        syn::Item::Struct(s) => s.ident.to_string(),
                        syn::Item::Enum(e) => e.ident.to_string(),
                        _ => return false,
                    };
                    names.get(&name) == Some(h)
                })
        });
        let closed = open_enums::discriminators(own.chain(shared));
        for (name, h) in &reexported[v] {
            if closed.contains(name) {
                closed_in_home.entry(*h).or_default().insert(name.clone());
            }
        }
        closed_in_version.push(closed);
    }
    for (h, g) in homes.iter_mut() {
        let closed = closed_in_home.remove(h).unwrap_or_default();
        g.opened = open_enums::open_enums(&mut g.file, &closed);
    }
    for (m, closed) in versions.iter_mut().zip(&closed_in_version) {
        m.code.opened = open_enums::open_enums(&mut m.code.file, closed);
    }

    // 4. Builders, re-exports, one error module.
    let dropped = assemble::builders(&mut versions, &mut homes, &reexported)?;
    let error = assemble::link(&mut versions, &mut homes, &reexported)?;
    let setters = assemble::setters(&mut versions, &mut homes, &reexported);

    // 5. Each version's glue and tables, then its code; the shared homes.
    let mut lines = Vec::new();
    for (v, m) in versions.iter().enumerate() {
        let fields_of = |name: &str| -> Option<&[(String, model::Shape)]> {
            if let Some(f) = m.code.model.fields.get(name) {
                return Some(f);
            }
            let h = reexported[v].get(name)?;
            homes.get(h)?.model.fields.get(name).map(|f| &f[..])
        };
        let mut names: BTreeSet<String> = m.code.model.refs.keys().cloned().collect();
        names.extend(reexported[v].keys().cloned());
        // Counted over the version's own types and those it re-exports, so
        // the report does not depend on which other versions are enabled.
        let opened = m.code.opened.len()
            + reexported[v]
                .iter()
                .filter(|(n, h)| homes.get(h).is_some_and(|g| g.opened.contains(*n)))
                .count();
        writeln!(reports[v], "\ngenerated code (build/open_enums.rs, build/assemble.rs):\n  open_enums: {opened} (every string enum keeps values the spec does not list, as `Unknown(String)`)\n  answer_builders: {} (struct builders dropped: no request body reaches their type)", dropped[v]).unwrap();
        if features.report {
            let s = &setters[v];
            println!("cargo:warning={}: setters: {} one-value fields filled in, {} optional setters take `IntoOption`, {} conversions, {} union bodies take an alternative's builder, {} errors name the operation", m.name, s.tags, s.setters, s.conversions, s.alternatives, s.named);
        }
        lines.push(version(
            enabled[v],
            &docs[v],
            std::mem::take(&mut reports[v]),
            m,
            &fields_of,
            &names,
            &out,
            &features,
        )?);
    }
    let shared = homes.iter().map(|(h, g)| {
        let home = quote::format_ident!("{}", modules[*h]);
        let items = syntax::module(&g.file.items, "types")
            .cloned()
            .unwrap_or_default();
        quote::quote!(pub mod #home { #(#items)* })
    });
    let shared = quote::quote! {
        /// Error types.
        pub mod error { #(#error)* }
        #(#shared)*
    };
    let shared: syn::File = syn::parse2(shared).map_err(|e| format!("shared types: {e}"))?;
    write(&out.join("shared.rs"), &prettyplease::unparse(&shared))?;
    if features.report {
        for (v, m) in modules.iter().enumerate() {
            println!(
                "cargo:warning={m}: {} types shared with another enabled version",
                plan.shared[v].len()
            );
        }
    }
    // One call to the facade's hand-written macro (the facade's `src/versions.rs`), with data only.
    let text = format!(
        "crate::versions::version_modules! {{\n{}\n}}\n",
        lines.join("\n")
    );
    write(&out.join("versions.rs"), &text)
}

/// Shared component `component` of home `home`, named by `path`.
fn replacement(
    homes: &BTreeMap<usize, Generated>,
    home: usize,
    component: &str,
    path: impl Fn(&str) -> String,
) -> Result<Replacement, String> {
    let name = share::rust_name(component);
    let impls = homes
        .get(&home)
        .and_then(|g| g.model.impls.get(&name))
        .ok_or_else(|| format!("shared type {name} ({component}) was not generated in its home"))?;
    Ok(Replacement {
        path: path(&name),
        impls: impls.clone(),
        name,
    })
}

/// Which optional tables the build writes.
struct Features {
    /// `mock`: the mock Intercom's data and request validator.
    mock: bool,
    /// `conformance`: the answer decoder.
    conformance: bool,
    /// `__test-support`: surfaces, fixes, paginated lists, the invoker.
    test_support: bool,
    /// `INTERCOM_API_REPORT_FIXES`: print the fixes as build warnings.
    report: bool,
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
    let (applied, notes) =
        patches::apply_for_build(doc, version, order, entries, spec::unpinned())?;
    notes.iter().for_each(|w| println!("cargo:warning={w}"));
    for (file, reason, n) in applied {
        let s = if n == 1 { "" } else { "s" };
        writeln!(report, "  {file}: {reason} ({n} op{s})").unwrap();
    }
    report.push_str("\npasses (build/passes.rs):\n");
    for (pass, n) in passes::run_all(doc) {
        writeln!(report, "  {}: {n} ({})", pass.name, pass.reason).unwrap();
    }
    Ok(report)
}

/// Writes one version's code, glue and tables; returns its line of data for
/// the facade's `version_modules!`.
#[allow(clippy::too_many_arguments)]
fn version(
    pin: &spec::Pin,
    doc: &serde_json::Value,
    report: String,
    m: &Module,
    fields_of: &pagination::FieldsOf,
    names: &BTreeSet<String>,
    out: &Path,
    features: &Features,
) -> Result<String, String> {
    let in_version = |e: String| format!("Intercom API {}: {e}", pin.version);
    let file = &m.code.file;
    let ops = generate::surface(file, doc).map_err(in_version)?;
    let (glue, paginated) =
        pagination::glue(file, &ops, &passes::paginated_operations(doc), fields_of)
            .map_err(in_version)?;
    let name = &m.name;
    write(
        &out.join(format!("{name}.rs")),
        &prettyplease::unparse(file),
    )?;
    write(&out.join(format!("{name}_pagination.rs")), &glue)?;
    let searches = search::operations(file, &ops, doc).map_err(in_version)?;
    write(
        &out.join(format!("{name}_search.rs")),
        &search::glue(&searches),
    )?;
    write(
        &out.join(format!("{name}_operations.rs")),
        &tables::operations_table(&ops, doc),
    )?;
    // What users do not compile unless they ask for it (the features
    // `conformance` and `__test-support`): the files exist either way,
    // empty when unused, so the module's `include!`s always resolve.
    let decode = if features.conformance {
        tables::decoder(&ops, doc, names).map_err(in_version)?
    } else {
        String::new()
    };
    write(&out.join(format!("{name}_decode.rs")), &decode)?;
    let (surface, fixes, paginated, invoke) = if features.test_support {
        (
            generate::surface_text(&ops),
            report.clone(),
            paginated,
            tables::invoker(file, &ops),
        )
    } else {
        Default::default()
    };
    write(&out.join(format!("{name}_surface.txt")), &surface)?;
    write(&out.join(format!("{name}_fixes.txt")), &fixes)?;
    write(&out.join(format!("{name}_paginated.txt")), &paginated)?;
    write(&out.join(format!("{name}_invoke.rs")), &invoke)?;
    mock::write(file, &ops, doc, out, name, features.mock).map_err(in_version)?;
    write(&out.join(format!("{name}_version.txt")), &pin.version)?;
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
    Ok(format!(
        "    {:?} {name} {} {:?} {} {note:?};",
        pin.feature,
        pin.crate_name(),
        pin.version,
        ops.len()
    ))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    // Leave unchanged files alone so that cargo does not recompile needlessly.
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    std::fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}
