//! The project's fixes at named places of a spec, kept as data in
//! `openapi/patches/*.json`. Each file is a list of entries:
//!
//! ```json
//! { "reason": "one line: why", "from": "2.13",
//!   "patch": [ { "op": "test", "path": "/components/schemas/x/type", "value": "string" },
//!              { "op": "replace", "path": "/components/schemas/x/type", "value": "object" } ] }
//! ```
//!
//! Which versions an entry reaches:
//! - neither `versions` nor `from`: every pinned version;
//! - `"versions": ["2.9", "2.11"]`: exactly those;
//! - `"from": "2.13"`: that version and every later one in `openapi/versions.json`
//!   (so a new version gets the fix with no edit);
//! - `"except": ["2.11"]` beside `from` (or alone, meaning every version):
//!   leaves those out (a version that declares the fixed thing itself).
//!
//! Operations are RFC 6902 (the `json-patch` crate: `add`, `remove`,
//! `replace`, `move`, `copy`, `test`) plus `merge` (RFC 7386 merge of
//! `value` into the target). A patch whose target is missing in a version it
//! reaches fails the build, naming it. A `test` that fails means Intercom has
//! changed that place (typically: fixed it upstream), and the build says so
//! and which version, so the entry's range can be narrowed: patches never rot
//! silently. Entries are read with `deny_unknown_fields`: a typo such as
//! `"version"` is an error, not a patch applied everywhere.

use serde::Deserialize;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// One operation: RFC 6902, or our `merge`.
#[derive(Clone, Debug)]
pub enum Op {
    Merge(MergeOp),
    Rfc6902(json_patch::PatchOperation),
}

impl<'de> Deserialize<'de> for Op {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        // Dispatch on `op` first, so that a mistake gets the right message.
        let v = Value::deserialize(d)?;
        if v.get("op").and_then(Value::as_str) == Some("merge") {
            serde_json::from_value(v)
                .map(Op::Merge)
                .map_err(D::Error::custom)
        } else {
            serde_json::from_value(v)
                .map(Op::Rfc6902)
                .map_err(D::Error::custom)
        }
    }
}

#[derive(Deserialize, Clone, Debug)]
#[serde(deny_unknown_fields)]
pub struct MergeOp {
    /// Always `merge` (what told this operation from RFC 6902's).
    #[serde(rename = "op")]
    _op: MergeTag,
    path: String,
    value: Value,
}

#[derive(Deserialize, Clone, Copy, Debug)]
#[serde(rename_all = "lowercase")]
enum MergeTag {
    Merge,
}

/// One entry of a patch file.
#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
pub struct PatchEntry {
    #[serde(skip)]
    pub file: String,
    pub reason: String,
    #[serde(default)]
    pub versions: Option<Vec<String>>,
    #[serde(default)]
    pub from: Option<String>,
    #[serde(default)]
    pub except: Vec<String>,
    pub patch: Vec<Op>,
}

impl PatchEntry {
    /// Whether this entry reaches `version`; `order` lists every pinned
    /// version, oldest first.
    pub fn applies_to(&self, version: &str, order: &[&str]) -> bool {
        if self.except.iter().any(|v| v == version) {
            return false;
        }
        match (&self.versions, &self.from) {
            (Some(list), _) => list.iter().any(|v| v == version),
            (None, Some(from)) => {
                let pos = |v: &str| order.iter().position(|o| *o == v);
                matches!((pos(from), pos(version)), (Some(f), Some(v)) if v >= f)
            }
            (None, None) => true,
        }
    }

    fn check(&self, order: &[&str]) -> Result<(), String> {
        if self.reason.trim().is_empty() {
            return Err("every entry needs a `reason`".into());
        }
        if self.versions.is_some() && self.from.is_some() {
            return Err(format!(
                "`{}`: give `versions` or `from`, not both",
                self.reason
            ));
        }
        if self.versions.is_some() && !self.except.is_empty() {
            return Err(format!(
                "`{}`: `except` goes with `from` or with no range, not with `versions`",
                self.reason
            ));
        }
        let named = self
            .versions
            .iter()
            .flatten()
            .chain(self.from.as_ref())
            .chain(&self.except);
        for v in named {
            if !order.contains(&v.as_str()) {
                return Err(format!(
                    "`{}` names version {v}, which openapi/versions.json does not pin",
                    self.reason
                ));
            }
        }
        Ok(())
    }
}

pub fn patch_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// Reads every patch file; `order` lists the pinned versions, oldest first.
pub fn read_all(dir: &Path, order: &[&str]) -> Result<Vec<PatchEntry>, String> {
    let mut out = Vec::new();
    for path in patch_files(dir) {
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{name}: {e}"))?;
        let list: Vec<PatchEntry> =
            serde_json::from_str(&text).map_err(|e| format!("openapi/patches/{name}: {e}"))?;
        for mut entry in list {
            entry
                .check(order)
                .map_err(|e| format!("openapi/patches/{name}: {e}"))?;
            entry.file = name.clone();
            out.push(entry);
        }
    }
    Ok(out)
}

/// Applies one operation; errors name the pointer that failed.
pub fn apply_op(doc: &mut Value, op: &Op) -> Result<(), String> {
    try_op(doc, op).map_err(|o| match o {
        Outcome::Fixed(m) | Outcome::Missing(m) => m,
        Outcome::Applied(_) => unreachable!(),
    })
}

/// One operation; a failure says whether a `test` failed ([`Outcome::Fixed`])
/// or a target is missing ([`Outcome::Missing`]).
fn try_op(doc: &mut Value, op: &Op) -> Result<(), Outcome> {
    match op {
        Op::Merge(m) => {
            let target = doc
                .pointer_mut(&m.path)
                .ok_or_else(|| Outcome::Missing(format!("merge: `{}` does not exist", m.path)))?;
            json_patch::merge(target, &m.value);
            Ok(())
        }
        Op::Rfc6902(op) => {
            json_patch::patch(doc, std::slice::from_ref(op)).map_err(|e| match e.kind {
                json_patch::PatchErrorKind::TestFailed => Outcome::Fixed(format!(
                    "`test {}` failed: the spec no longer has the value this patch corrects \
                     (Intercom changed or fixed it upstream); narrow the entry's versions",
                    e.path
                )),
                _ => Outcome::Missing(format!("{e}")),
            })
        }
    }
}

/// Applies every entry that reaches `version`; returns `(file, reason, ops)` applied.
pub fn apply_all(
    doc: &mut Value,
    version: &str,
    order: &[&str],
    entries: &[PatchEntry],
) -> Result<Vec<(String, String, usize)>, String> {
    let mut applied = Vec::new();
    for e in entries.iter().filter(|e| e.applies_to(version, order)) {
        for op in &e.patch {
            apply_op(doc, op).map_err(|m| {
                format!(
                    "openapi/patches/{} ({}), version {version}: {m}",
                    e.file, e.reason
                )
            })?;
        }
        applied.push((e.file.clone(), e.reason.clone(), e.patch.len()));
    }
    Ok(applied)
}

/// What became of one entry on one spec, applied by [`apply_each`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Applied, with this many operations.
    Applied(usize),
    /// A `test` failed: the spec no longer has the value the entry corrects
    /// (Intercom fixed or changed it upstream): the entry is not needed here.
    Fixed(String),
    /// A target does not exist in this spec: the entry no longer applies.
    Missing(String),
}

/// Applies every entry that reaches `version`, each whole or not at all: an
/// entry that fails is left out and its outcome says why (the changelog
/// compares these; an unpinned build skips what Intercom fixed).
pub fn apply_each<'a>(
    doc: &mut Value,
    version: &str,
    order: &[&str],
    entries: &'a [PatchEntry],
) -> Vec<(&'a PatchEntry, Outcome)> {
    let reaching = entries.iter().filter(|e| e.applies_to(version, order));
    reaching
        .map(|e| {
            let mut copy = doc.clone();
            let outcome = match e.patch.iter().try_for_each(|op| try_op(&mut copy, op)) {
                Ok(()) => {
                    *doc = copy;
                    Outcome::Applied(e.patch.len())
                }
                Err(failed) => failed,
            };
            (e, outcome)
        })
        .collect()
}

/// The build's patching: [`apply_all`], or for an unpinned description
/// (`INTERCOM_API_UNPINNED`) [`apply_each`] where an entry whose `test` fails
/// (Intercom fixed that value since) is skipped with a note (the second list,
/// printed as warnings); a missing target stays an error either way.
#[allow(clippy::type_complexity)]
pub fn apply_for_build(
    doc: &mut Value,
    version: &str,
    order: &[&str],
    entries: &[PatchEntry],
    unpinned: bool,
) -> Result<(Vec<(String, String, usize)>, Vec<String>), String> {
    if !unpinned {
        return Ok((apply_all(doc, version, order, entries)?, Vec::new()));
    }
    let (mut applied, mut notes) = (Vec::new(), Vec::new());
    for (e, outcome) in apply_each(doc, version, order, entries) {
        let name = format!("openapi/patches/{} ({})", e.file, e.reason);
        match outcome {
            Outcome::Applied(n) => applied.push((e.file.clone(), e.reason.clone(), n)),
            Outcome::Fixed(m) => notes.push(format!(
                "unpinned Intercom {version} description: {name} skipped, not needed any more: {m}"
            )),
            Outcome::Missing(m) => return Err(format!("{name}, version {version}: {m}")),
        }
    }
    Ok((applied, notes))
}
