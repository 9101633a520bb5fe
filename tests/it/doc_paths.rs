//! Public docs name no repository path: docs.rs readers have no checkout,
//! and paths go stale when files move. Doc comments (`///`, `//!`) of the
//! facade and the runtime, the README (the crate's front page) and the
//! guides link to the repository's URL instead, or say what the thing is.

use std::path::{Path, PathBuf};

/// Folders of the repository whose paths must not appear.
const DIRS: &[&str] = &[
    "crates/",
    "src/",
    "tests/",
    "scripts/",
    "examples/",
    "benches/",
    "xtask/",
    "docs/",
    ".ci/",
];
/// Extensions of repository files that must not appear as bare names.
const EXTENSIONS: &[&str] = &[".rs", ".snap", ".json", ".jsonl"];
/// Names that look like files but are not the repository's.
const ALLOWED: &[&str] = &["docs.rs"];

/// The text of `line` without links to absolute URLs (`[text](https://…)`
/// and bare `https://…`): a link may name what it points to.
fn without_links(line: &str) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open..];
        let absolute = after.find("](").and_then(|close| {
            let target = &after[close + 2..];
            let end = target.find(')')?;
            target[..end].contains("://").then_some(close + 2 + end + 1)
        });
        match absolute {
            Some(len) => rest = &after[len..],
            None => {
                out.push('[');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out.split_whitespace()
        .filter(|w| !w.contains("://"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The repository paths `text` names.
fn paths_in(text: &str) -> Vec<String> {
    without_links(text)
        .split(|c: char| c.is_whitespace() || "`()[]<>{},;:'\"*|".contains(c))
        .map(|t| t.trim_end_matches(['.', '!', '?']))
        .filter(|t| !t.is_empty() && !ALLOWED.contains(t))
        .filter(|t| {
            let under_dir = DIRS.iter().any(|d| {
                t.strip_prefix(d)
                    .and_then(|r| r.chars().next())
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '*')
            });
            let file = EXTENSIONS
                .iter()
                .any(|e| t.len() > e.len() && t.ends_with(e));
            under_dir || file
        })
        .map(str::to_string)
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `(file:line, path named)` of the doc comments' prose under `dirs`.
fn doc_comment_paths(dirs: &[&str]) -> Vec<String> {
    let mut files = Vec::new();
    for d in dirs {
        rust_files(&root().join(d), &mut files);
    }
    assert!(files.len() > 20, "found only {} source files", files.len());
    let mut found = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        // Code blocks in the docs are examples: a file name there is the example's.
        let mut in_code = false;
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_start();
            let Some(doc) = line
                .strip_prefix("///")
                .or_else(|| line.strip_prefix("//!"))
            else {
                continue;
            };
            if doc.trim_start().starts_with("```") {
                in_code = !in_code;
                continue;
            }
            if in_code {
                continue;
            }
            for p in paths_in(doc) {
                let file = f.strip_prefix(root()).unwrap().display().to_string();
                found.push(format!("{file}:{}: {p}", i + 1));
            }
        }
    }
    found
}

/// Every `(file:line, path named)` of markdown prose (code blocks skipped).
fn markdown_paths(files: &[PathBuf]) -> Vec<String> {
    let mut found = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let mut in_code = false;
        for (i, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("```") {
                in_code = !in_code;
                continue;
            }
            if in_code {
                continue;
            }
            for p in paths_in(line) {
                let file = f.strip_prefix(root()).unwrap().display().to_string();
                found.push(format!("{file}:{}: {p}", i + 1));
            }
        }
    }
    found
}

#[test]
fn the_check_finds_paths_and_spares_links() {
    assert_eq!(
        paths_in("see `crates/runtime/src/pacing.rs` and conformance.rs, or src/lib.rs."),
        [
            "crates/runtime/src/pacing.rs",
            "conformance.rs",
            "src/lib.rs"
        ]
    );
    assert_eq!(
        paths_in("the patch `tests/prism/example-fixes.json`"),
        ["tests/prism/example-fixes.json"]
    );
    assert!(paths_in("on [docs.rs](https://docs.rs/x) and docs.rs").is_empty());
    assert!(paths_in(
        "[`conformance.rs`](https://github.com/intercom-api-rs/intercom-api/blob/main/examples/conformance.rs)"
    )
    .is_empty());
    assert!(
        paths_in("the pattern `crates/<feature>`, `v2_14::types`, `intercom_api::Error`")
            .is_empty()
    );
    // A link whose target is not absolute still counts.
    assert_eq!(paths_in("[the layout](docs/layout.md)"), ["docs/layout.md"]);
}

#[test]
fn public_doc_comments_name_no_repository_path() {
    let found = doc_comment_paths(&["src", "crates/runtime/src"]);
    assert!(
        found.is_empty(),
        "doc comments name repository paths (link to the repository's URL instead):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_readme_and_the_guides_name_no_repository_path() {
    let mut files = vec![root().join("README.md")];
    for entry in std::fs::read_dir(root().join("docs/guide")).unwrap() {
        files.push(entry.unwrap().path());
    }
    assert!(files.len() > 5, "found only {} guides", files.len() - 1);
    let found = markdown_paths(&files);
    assert!(
        found.is_empty(),
        "the README or a guide names repository paths (link to the repository's URL instead):\n{}",
        found.join("\n")
    );
}
