//! `scripts/update-specs`: follows Intercom's revised descriptions. For every
//! pinned version whose file in an Intercom-OpenAPI checkout differs from its
//! pin: print the changelog (the generator's `changelog`), copy the file into the spec
//! directory (INTERCOM_OPENAPI_DIR), re-pin its sha256 and the source commit
//! in crates/codegen/openapi/versions.json, then regenerate and update the snapshots
//! (surface, fixes, paginated), leaving the diff for review. Version
//! directories new upstream are proposed, not added; patches are never edited.
//!
//! ```text
//! update-specs [--repo DIR] [--commit SHA] [--check-only | --no-regenerate] CHECKOUT
//! ```

use intercom_api_codegen::{changelog, patches, spec};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// What to do once the pins are updated.
#[derive(PartialEq)]
enum Then {
    /// `INSTA_UPDATE=always cargo test … --test it surface::` (the default).
    Snapshots,
    /// `cargo check` of the changed versions (the CI rehearsal).
    Check,
    Nothing,
}

struct Args {
    repo: PathBuf,
    commit: Option<String>,
    then: Then,
    checkout: PathBuf,
}

/// `update-specs [--repo DIR] [--commit SHA] [--check-only | --no-regenerate] CHECKOUT`.
pub fn main(args: Vec<String>) -> Result<(), String> {
    parse(args).and_then(run)
}

fn parse(args: Vec<String>) -> Result<Args, String> {
    let usage =
        "usage: update-specs [--repo DIR] [--commit SHA] [--check-only | --no-regenerate] CHECKOUT";
    let (mut repo, mut commit, mut then, mut checkout) = (None, None, Then::Snapshots, None);
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--repo" => repo = it.next().map(PathBuf::from),
            "--commit" => commit = it.next(),
            "--check-only" => then = Then::Check,
            "--no-regenerate" => then = Then::Nothing,
            "-h" | "--help" => return Err(usage.into()),
            _ if checkout.is_none() && !a.starts_with('-') => checkout = Some(PathBuf::from(a)),
            _ => return Err(format!("unexpected argument `{a}`\n{usage}")),
        }
    }
    let repo = match repo {
        Some(r) => r,
        None => std::env::current_dir().map_err(|e| e.to_string())?,
    };
    Ok(Args {
        repo,
        commit,
        then,
        checkout: checkout.ok_or(usage)?,
    })
}

fn run(args: Args) -> Result<(), String> {
    let root = &args.repo;
    let pins_path = root.join("crates/codegen/openapi/versions.json");
    let pins = spec::read_pins(&pins_path)?;
    let order: Vec<&str> = pins.iter().map(|p| p.version.as_str()).collect();
    let entries = patches::read_all(&root.join("crates/codegen/openapi/patches"), &order)?;
    let specs = match std::env::var_os("INTERCOM_OPENAPI_DIR").map(PathBuf::from) {
        Some(d) if d.is_relative() => root.join(d),
        Some(d) => d,
        None => return Err(
            "INTERCOM_OPENAPI_DIR is not set (run from the repository: .cargo/config.toml sets it)"
                .into(),
        ),
    };
    let mut text = std::fs::read_to_string(&pins_path).map_err(|e| e.to_string())?;
    let mut changed = Vec::new();
    let mut logs = String::new();
    let mut broken = 0;
    for pin in &pins {
        let upstream = args.checkout.join(&pin.file);
        let Ok(bytes) = std::fs::read(&upstream) else {
            println!(
                "{}: {} is not in the checkout; pin kept",
                pin.version, pin.file
            );
            continue;
        };
        let sha = spec::sha256(&bytes);
        if sha == pin.sha256 {
            continue;
        }
        let (_, old) = spec::load(&specs, pin).map_err(|e| {
            format!("{e}\n(the changelog compares with the pinned file: put it back in the spec directory)")
        })?;
        let new = yaml_serde::from_slice(&bytes)
            .map_err(|e| format!("{}: not valid YAML: {e}", upstream.display()))?;
        let log = changelog::diff(
            &changelog::model(old, &pin.version, &order, &entries),
            &changelog::model(new, &pin.version, &order, &entries),
        );
        broken += log.broken_patches().count();
        let title = format!(
            "Intercom API {} ({}: sha256 {} → {})",
            pin.version,
            pin.file,
            &pin.sha256[..12],
            &sha[..12]
        );
        logs.push_str(&log.render(&title));
        logs.push('\n');
        let dest = specs.join(&pin.file);
        std::fs::create_dir_all(dest.parent().unwrap()).map_err(|e| e.to_string())?;
        std::fs::copy(&upstream, &dest).map_err(|e| format!("{}: {e}", dest.display()))?;
        text = text.replace(&pin.sha256, &sha);
        changed.push(pin.feature.clone());
    }
    for dir in new_versions(&args.checkout, &pins) {
        println!(
            "proposal: descriptions/{dir} is new upstream and not pinned; add it with `scripts/new-version {dir} CHECKOUT` \
             (nothing was added)"
        );
    }
    if changed.is_empty() {
        println!(
            "nothing to do: every pinned description matches {}",
            args.checkout.display()
        );
        return Ok(());
    }
    let commit = source_commit(&args)?;
    text = repin_commit(&text, &commit)?;
    std::fs::write(&pins_path, &text).map_err(|e| e.to_string())?;
    println!("## Intercom's descriptions, upstream commit {commit}\n\n{logs}");
    println!(
        "re-pinned {} in {} and copied the files into {}",
        changed.join(", "),
        pins_path.display(),
        specs.display()
    );
    if broken > 0 {
        println!(
            "{broken} patch(es) fail on the new description (listed above): the build stops on them \
             until their range is narrowed (CONTRIBUTING.md, \"Adding a new API version\"); not regenerated"
        );
        return Ok(());
    }
    regenerate(root, &specs, &changed, &args.then)
}

/// Directories under `descriptions/` of the checkout that no pin names.
fn new_versions(checkout: &Path, pins: &[spec::Pin]) -> Vec<String> {
    let Ok(dirs) = std::fs::read_dir(checkout.join("descriptions")) else {
        return Vec::new();
    };
    let mut out: Vec<String> = dirs
        .filter_map(|d| d.ok())
        .filter(|d| d.path().join("api.intercom.io.yaml").is_file())
        .map(|d| d.file_name().to_string_lossy().into_owned())
        .filter(|d| {
            !pins
                .iter()
                .any(|p| p.file == format!("descriptions/{d}/api.intercom.io.yaml"))
        })
        .collect();
    out.sort();
    out
}

/// The checkout's commit: `--commit`, else `git rev-parse HEAD`, else the
/// `upstream commit` its SOURCE.md names (a mirror without git).
fn source_commit(args: &Args) -> Result<String, String> {
    if let Some(c) = &args.commit {
        return Ok(c.clone());
    }
    let git = Command::new("git")
        .arg("-C")
        .arg(&args.checkout)
        .args(["rev-parse", "HEAD"])
        .output();
    if let Some(out) = git.ok().filter(|o| o.status.success()) {
        return Ok(String::from_utf8_lossy(&out.stdout).trim().to_string());
    }
    let source = std::fs::read_to_string(args.checkout.join("SOURCE.md")).unwrap_or_default();
    let line = source.lines().find(|l| l.contains("upstream commit"));
    let hash = line.and_then(|l| l.split_whitespace().find(|w| is_commit(w)));
    hash.map(String::from).ok_or_else(|| {
        "cannot tell the checkout's commit (not a git repository, no SOURCE.md naming it): pass --commit SHA".into()
    })
}

fn is_commit(w: &str) -> bool {
    w.len() == 40 && w.chars().all(|c| c.is_ascii_hexdigit())
}

/// versions.json's text with the commit in `source` replaced.
fn repin_commit(text: &str, commit: &str) -> Result<String, String> {
    let doc: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let source = doc["source"].as_str().unwrap_or_default();
    let old = source.split_whitespace().find(|w| is_commit(w));
    let old = old.ok_or("crates/codegen/openapi/versions.json: `source` names no commit")?;
    Ok(text.replace(old, commit))
}

fn regenerate(root: &Path, specs: &Path, features: &[String], then: &Then) -> Result<(), String> {
    let list = features.join(",");
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(root).env("INTERCOM_OPENAPI_DIR", specs);
    match then {
        Then::Nothing => return Ok(()),
        Then::Check => cmd.args(["check", "--no-default-features", "--features", &list]),
        Then::Snapshots => cmd.env("INSTA_UPDATE", "always").args([
            "test",
            "--no-default-features",
            "--features",
            &format!("{list},native-tls"),
            "--test",
            "it",
            "surface::",
        ]),
    };
    println!("running {cmd:?}");
    let start = Instant::now();
    let status = cmd.status().map_err(|e| e.to_string())?;
    println!("({:.0} s)", start.elapsed().as_secs_f64());
    if !status.success() {
        return Err(format!(
            "{cmd:?} failed ({status}); the pins are updated, the diff is left for review"
        ));
    }
    if *then == Then::Snapshots {
        println!("snapshots updated: review `git diff crates/codegen/openapi tests/it/snapshots` and commit");
    }
    Ok(())
}
