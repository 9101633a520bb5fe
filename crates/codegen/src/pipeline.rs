//! The generation of every enabled version at once, from pinned and loaded
//! specs to formatted files, in the order the steps depend on each other:
//!
//! 1. `patches` then `passes` fix each spec (the fixes report per version);
//! 2. `share` decides, on the patched specs, which types several versions
//!    define identically;
//! 3. `generate` runs progenitor: the shared homes first, then each version
//!    with the shared types replaced (`model` reads typify's type space);
//! 4. `open_enums` opens every string enum but the tags that tell union
//!    alternatives apart, decided over each version's whole type space;
//! 5. `assemble` keeps the builders requests need, re-exports the shared
//!    types, links one error module and applies the setter rules (`setters`);
//! 6. `examples` writes each operation's usage example and `index` its
//!    search aliases and the tag-grouped index (`doc_data` reads their data);
//!    `version_file` emits each version's one file (glue, tables, seam).

use crate::assemble::Module;
use crate::generate::{Generated, Replacement};
use crate::spec::Pin;
use crate::version_file;
use crate::version_file::{Emit, Parts};
use crate::{assemble, examples, fixes, generate, index, model, open_enums, share, syntax, text};
use std::collections::{BTreeMap, BTreeSet};

/// What the build writes.
pub struct Output {
    /// `(module, text)` per version, e.g. `("v2_14", "…")`.
    pub versions: Vec<(String, String)>,
    /// The shared-types crate's own code.
    pub shared: String,
    /// The facade's modules and tables.
    pub facade: String,
    /// Lines worth a build warning (`INTERCOM_API_REPORT_FIXES`).
    pub report: Vec<String>,
    /// `(module, spec)` per version: the spec it was generated from, as
    /// JSON (with `test_support`: the request-validation tests serve it).
    pub specs: Vec<(String, String)>,
}

/// Generates every version of `enabled`, whose specs are `docs` (loaded,
/// not yet fixed), with the patch `entries` of every pinned version (`order`).
pub fn run(
    enabled: &[&Pin],
    mut docs: Vec<serde_json::Value>,
    order: &[&str],
    entries: &[crate::patches::PatchEntry],
    emit: Emit,
    data: &crate::doc_data::DocData,
) -> Result<Output, String> {
    // 1. Each version's spec, patched and passed.
    let mut reports = Vec::new();
    let mut report = Vec::new();
    for (pin, doc) in enabled.iter().zip(docs.iter_mut()) {
        let (counts, notes) = fixes::apply(doc, &pin.version, order, entries)?;
        report.extend(notes);
        reports.push(counts);
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
        homes.insert(h, generate::generate(&label, &spec, &replace, true)?);
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

    // 4. Open enums; 5. builders, re-exports, one error module, setters.
    let reexported = assemble::reexports(&plan, &homes);
    open_enums::open_all(&mut versions, &mut homes, &reexported);
    let dropped = assemble::builders(&mut versions, &mut homes, &reexported)?;
    let error = assemble::link(&mut versions, &mut homes, &reexported)?;
    let setters = assemble::setters(&mut versions, &mut homes, &reexported);
    // Text answers are `String`s (after the setters, which add `IntoFuture`).
    for (m, doc) in versions.iter_mut().zip(&docs) {
        text::apply(&mut m.code.file, doc).map_err(|e| format!("{}: text answers: {e}", m.name))?;
    }

    // 6. Each version's file; the shared homes; the facade's tables.
    let mut out = Vec::new();
    let mut operations = Vec::new();
    let mut indexes = Vec::new();
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
        let counts = fixes::with_generated(&reports[v], opened, dropped[v]);
        let s = &setters[v];
        report.push(format!("{}: setters: {} one-value fields filled in, {} optional setters take `IntoOption`, {} conversions, {} union bodies take an alternative's builder, {} errors name the operation, {} calls return the crate's Result and are futures, {} union bodies take a chooser", m.name, s.tags, s.setters, s.conversions, s.alternatives, s.named, s.calls, s.choosers));
        report.extend(counts.lines().map(|l| format!("{}: {l}", m.name)));
        let in_version = |e: String| format!("Intercom API {}: {e}", enabled[v].version);
        let ops = generate::surface(&m.code.file, &docs[v]).map_err(in_version)?;
        operations.push(ops.len());
        let model_of = |name: &str| -> Option<&model::TypeModel> {
            if m.code.model.refs.contains_key(name) {
                return Some(&m.code.model);
            }
            homes.get(reexported[v].get(name)?).map(|g| &g.model)
        };
        let ctx = examples::Ctx {
            doc: &docs[v],
            model_of: &model_of,
        };
        let version = &enabled[v].version;
        let fixes: Vec<_> = data.fixes.iter().filter(|f| f.applies(version)).collect();
        let examples = examples::build(&ctx, &m.code.file, &ops, &fixes);
        indexes.push(index::markdown(&docs[v], &ops, enabled[v].module()));
        let text = version_file::emit(&Parts {
            examples: &examples,
            data,
            pin: enabled[v],
            doc: &docs[v],
            file: &m.code.file,
            ops: &ops,
            fields_of: &fields_of,
            names: &names,
            fixes: &counts,
            emit,
        })?;
        out.push((m.name.clone(), text));
    }
    for (v, m) in modules.iter().enumerate() {
        report.push(format!(
            "{m}: {} types shared with another enabled version",
            plan.shared[v].len()
        ));
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
    let reasons = fixes::reasons(entries);
    let specs = if emit.test_support {
        let text = |d| serde_json::to_string(d).map_err(|e| e.to_string());
        modules
            .iter()
            .zip(&docs)
            .map(|(m, d)| Ok((m.clone(), text(d)?)))
            .collect::<Result<_, String>>()?
    } else {
        Vec::new()
    };
    Ok(Output {
        versions: out,
        shared: prettyplease::unparse(&shared),
        facade: version_file::facade(enabled, &operations, &indexes, &reasons)?,
        report,
        specs,
    })
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
