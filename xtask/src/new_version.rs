//! `scripts/new-version VERSION [CHECKOUT]`: adds an Intercom API version.
//!
//! ```text
//! new-version [--repo DIR] [--no-regenerate] VERSION [CHECKOUT]
//! ```
//!
//! With CHECKOUT (an Intercom-OpenAPI checkout, as `update-specs` proposes
//! new folders from), its `descriptions/VERSION/api.intercom.io.yaml` is
//! copied into INTERCOM_OPENAPI_DIR; without, the file must be there. Then:
//!
//! 1. the pin (`crates/codegen/openapi/versions.json`, after the last
//!    numbered version: Preview stays last);
//! 2. the version's crate (`crates/<feature>`, a copy of the newest
//!    numbered version's, its names changed);
//! 3. the shared-types crate's feature, the facade's feature, dependency,
//!    `full` entry and forwarded optional parts;
//! 4. the snapshots of the new version (surface, paginated, its column of
//!    the fixes table), written for review (`INSTA_UPDATE=always`).
//!
//! Patches reach it through their `from` ranges; those that list versions
//! by name are left alone (the fixes table shows where one is needed).

use intercom_api_codegen::spec;
use std::path::{Path, PathBuf};
use std::process::Command;
use toml_edit::{value, Array, DocumentMut, InlineTable};

struct Args {
    repo: PathBuf,
    version: String,
    checkout: Option<PathBuf>,
    regenerate: bool,
}

pub fn main(args: Vec<String>) -> Result<(), String> {
    let args = parse(args)?;
    add(&args)
}

fn parse(args: Vec<String>) -> Result<Args, String> {
    let usage = "usage: new-version [--repo DIR] [--no-regenerate] VERSION [CHECKOUT]";
    let (mut repo, mut rest, mut regenerate) = (None, Vec::new(), true);
    let mut it = args.into_iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--repo" => repo = it.next().map(PathBuf::from),
            "--no-regenerate" => regenerate = false,
            "-h" | "--help" => return Err(usage.into()),
            _ if !a.starts_with('-') => rest.push(a),
            _ => return Err(format!("unexpected argument `{a}`\n{usage}")),
        }
    }
    let mut rest = rest.into_iter();
    let version = rest.next().ok_or(usage)?;
    let checkout = rest.next().map(PathBuf::from);
    if rest.next().is_some() {
        return Err(usage.into());
    }
    let repo = match repo {
        Some(r) => r,
        None => std::env::current_dir().map_err(|e| e.to_string())?,
    };
    Ok(Args {
        repo,
        version,
        checkout,
        regenerate,
    })
}

/// `2.17` → `v2_17`; `Preview` → `preview`.
pub fn feature_of(version: &str) -> String {
    if version.starts_with(|c: char| c.is_ascii_digit()) {
        format!("v{}", version.replace('.', "_"))
    } else {
        version.to_lowercase()
    }
}

fn add(args: &Args) -> Result<(), String> {
    let root = &args.repo;
    let version = &args.version;
    if !version.starts_with(|c: char| c.is_ascii_digit())
        || !version.split('.').all(|p| p.parse::<u32>().is_ok())
    {
        return Err(format!("`{version}` is not a numbered version like 2.17"));
    }
    let feature = feature_of(version);
    let package = format!("intercom-api-{}", feature.replace('_', "-"));
    let pins_path = root.join("crates/codegen/openapi/versions.json");
    let pins = spec::read_pins(&pins_path)?;
    if pins.iter().any(|p| p.version == *version) {
        return Err(format!("{version} is pinned already"));
    }
    let template = pins
        .iter()
        .rev()
        .find(|p| p.version.starts_with(|c: char| c.is_ascii_digit()))
        .ok_or("no numbered version to copy the crate of")?;

    // The description, copied from the checkout if one is given.
    let file = format!("descriptions/{version}/api.intercom.io.yaml");
    let specs = specs_dir(root)?;
    if let Some(checkout) = &args.checkout {
        let from = checkout.join(&file);
        let to = specs.join(&file);
        std::fs::create_dir_all(to.parent().unwrap()).map_err(|e| e.to_string())?;
        std::fs::copy(&from, &to).map_err(|e| format!("{}: {e}", from.display()))?;
    }
    let bytes = std::fs::read(specs.join(&file)).map_err(|e| {
        format!(
            "{}: {e} (pass the checkout it is in)",
            specs.join(&file).display()
        )
    })?;
    let sha = spec::sha256(&bytes);

    // 1. The pin, after the template's line.
    let text = std::fs::read_to_string(&pins_path).map_err(|e| e.to_string())?;
    let anchor = format!("\"sha256\": \"{}\" }},\n", template.sha256);
    let at = text
        .find(&anchor)
        .map(|i| i + anchor.len())
        .ok_or("versions.json: the newest numbered pin is not followed by another")?;
    let line = format!(
        "    {{ \"version\": \"{version}\", \"feature\": \"{feature}\", \"file\": \"{file}\", \"sha256\": \"{sha}\" }},\n"
    );
    write(&pins_path, &format!("{}{line}{}", &text[..at], &text[at..]))?;

    // 2. The crate, a copy of the template's.
    let from = root.join("crates").join(&template.feature);
    let to = root.join("crates").join(&feature);
    for name in ["build.rs", "src/lib.rs"] {
        std::fs::create_dir_all(to.join(name).parent().unwrap()).map_err(|e| e.to_string())?;
        std::fs::copy(from.join(name), to.join(name)).map_err(|e| e.to_string())?;
    }
    let mut manifest = read_toml(&from.join("Cargo.toml"))?;
    manifest["package"]["name"] = value(&package);
    manifest["package"]["description"] = value(format!(
        "Intercom API {version}: the generated client and types of intercom-api's feature `{feature}`; use intercom-api"
    ));
    let mut features = Array::new();
    features.push(feature.as_str());
    manifest["dependencies"]["intercom-api-shared-types"]["features"] = value(features);
    write(&to.join("Cargo.toml"), &manifest.to_string())?;

    // 3. The features that reach it.
    let shared_path = root.join("crates/shared-types/Cargo.toml");
    let mut shared = read_toml(&shared_path)?;
    shared["features"][&feature] = value(Array::new());
    write(&shared_path, &shared.to_string())?;
    let facade_path = root.join("Cargo.toml");
    let mut facade = read_toml(&facade_path)?;
    let mut on = Array::new();
    on.push(format!("dep:{package}"));
    facade["features"][&feature] = value(on);
    push(&mut facade, "full", &feature)?;
    for part in ["mock", "conformance", "__test-support"] {
        push(&mut facade, part, &format!("{package}?/{part}"))?;
    }
    let version_req = facade["workspace"]["package"]["version"]
        .as_str()
        .ok_or("Cargo.toml: no workspace.package.version")?
        .to_string();
    let mut dep = InlineTable::new();
    dep.insert("path", format!("crates/{feature}").into());
    dep.insert("version", format!("={version_req}").into());
    dep.insert("optional", true.into());
    facade["dependencies"][&package] = value(dep);
    write(&facade_path, &facade.to_string())?;
    println!(
        "added Intercom API {version}: pin ({}), crates/{feature}, features `{feature}`",
        &sha[..12]
    );

    // 4. Its snapshots.
    if !args.regenerate {
        return Ok(());
    }
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    cmd.current_dir(root)
        .env("INSTA_UPDATE", "always")
        .args(["test", "--no-default-features", "--features"])
        .arg(format!("{feature},native-tls"))
        .args(["--test", "it", "surface::"]);
    println!("running {cmd:?}");
    let status = cmd.status().map_err(|e| e.to_string())?;
    if !status.success() {
        return Err(format!("{cmd:?} failed ({status}): the version is added, fix the build and rerun the snapshots"));
    }
    println!(
        "review `git status` and `git diff` (tests/it/snapshots: surface_{feature}, paginated_{feature}, the fixes table), \
         then add the version to the README's table"
    );
    Ok(())
}

/// INTERCOM_OPENAPI_DIR, relative to the repository when relative.
fn specs_dir(root: &Path) -> Result<PathBuf, String> {
    match std::env::var_os("INTERCOM_OPENAPI_DIR").map(PathBuf::from) {
        Some(d) if d.is_relative() => Ok(root.join(d)),
        Some(d) => Ok(d),
        None => Err(
            "INTERCOM_OPENAPI_DIR is not set (run from the repository: .cargo/config.toml sets it)"
                .into(),
        ),
    }
}

/// Appends `item` to the facade's feature `name`.
fn push(doc: &mut DocumentMut, name: &str, item: &str) -> Result<(), String> {
    let list = doc["features"][name]
        .as_array_mut()
        .ok_or_else(|| format!("Cargo.toml: no feature `{name}`"))?;
    list.push(item);
    Ok(())
}

fn read_toml(path: &Path) -> Result<DocumentMut, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    text.parse().map_err(|e| format!("{}: {e}", path.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn features_follow_the_version() {
        assert_eq!(super::feature_of("2.17"), "v2_17");
        assert_eq!(super::feature_of("Preview"), "preview");
    }
}
