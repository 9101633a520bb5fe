//! Requests validated by a real peer: Stoplight Prism serves each spec on
//! 127.0.0.1 and rejects (422) any request that breaks it. Every operation is
//! sent through our typed builders (`__invoke`), with the spec's own example
//! parameters and body; Prism must accept it and our client must decode its
//! answer. Prism serves the spec the client is generated from: Intercom's,
//! with the project's patches (`crates/codegen/openapi/patches`) and passes
//! (the generator's `passes`) applied, so it checks that what we send is what our
//! types promise. Upstream examples that are missing or break their own spec
//! are replaced in `crates/codegen/openapi/example-fixes.json` (each with a reason) and
//! listed by name.
//!
//! Prism is installed under `target/prism` by `scripts/install-prism` (the
//! tree pinned in `tests/prism/package-lock.json`), from `.ci/run` or from
//! this test on first use.

use serde_json::{json, Map, Value};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

static INSTALL: Mutex<()> = Mutex::new(());

fn prism_bin() -> PathBuf {
    let _guard = INSTALL.lock().unwrap_or_else(|p| p.into_inner());
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let status = Command::new(root.join("scripts/install-prism"))
        .status()
        .expect(
            "scripts/install-prism (needs npm, Node.js) installs Stoplight Prism for this test",
        );
    assert!(status.success(), "scripts/install-prism failed");
    root.join("target/prism/node_modules/.bin/prism")
}

struct Prism {
    child: Child,
    url: String,
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_prism(spec: &std::path::Path) -> Prism {
    let bin = prism_bin();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(bin)
        .args([
            "mock",
            "--host",
            "127.0.0.1",
            "--port",
            &port.to_string(),
            "--errors",
            "false",
        ])
        .arg(spec)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start prism");
    let prism = Prism {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    let deadline = Instant::now() + Duration::from_secs(90);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "prism did not start within 90 s");
        std::thread::sleep(Duration::from_millis(200));
    }
    prism
}

/// The spec the client is generated from, as JSON: Intercom's description
/// with the project's patches and passes applied, as the build wrote it
/// beside the generated code (`spec-<module>.json`, with `__test-support`).
/// Written under `target/prism` for Prism to serve.
pub(crate) fn servable_spec(version: &str) -> (Value, PathBuf) {
    let module = intercom_api::VERSION_DATA
        .iter()
        .find(|d| d.version == version)
        .unwrap_or_else(|| panic!("{version} is not compiled in"))
        .module;
    let generated = std::path::Path::new(env!("INTERCOM_API_FILE"))
        .with_file_name(format!("spec-{module}.json"));
    let text = std::fs::read_to_string(&generated)
        .unwrap_or_else(|e| panic!("{}: {e}", generated.display()));
    let doc: Value = serde_json::from_str(&text).unwrap();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let path = root.join(format!("target/prism/spec-{version}.json"));
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    (doc, path)
}

/// `crates/codegen/openapi/example-fixes.json`, read when the test runs.
pub(crate) fn example_fixes() -> Vec<Value> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("crates/codegen/openapi/example-fixes.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    doc["fixes"].as_array().unwrap().clone()
}

fn applies(fix: &Value, version: &str) -> bool {
    fix.get("versions")
        .and_then(Value::as_array)
        .is_none_or(|v| v.iter().any(|x| x == version))
}

/// The one entry for this operation in this version, if any.
pub(crate) fn fix_for<'a>(fixes: &'a [Value], version: &str, operation: &str) -> Option<&'a Value> {
    let mut found = fixes
        .iter()
        .filter(|f| f["operation"] == operation && applies(f, version));
    let fix = found.next();
    assert!(
        found.next().is_none(),
        "two entries for {operation} in {version} in crates/codegen/openapi/example-fixes.json"
    );
    fix
}

fn example_of(v: &Value) -> Option<Value> {
    v.get("example")
        .cloned()
        .or_else(|| {
            v.get("examples")
                .and_then(Value::as_object)
                .and_then(|e| e.values().next())
                .and_then(|e| e.get("value").cloned())
        })
        .or_else(|| v.pointer("/schema/example").cloned())
}

/// An example of a list parameter written as it goes on the wire
/// (`"1,2,3"`, OpenAPI's `form` style) becomes the list it stands for.
fn list_from_wire_form(schema: &Value, example: Value) -> Value {
    let (Some("array"), Value::String(text)) =
        (schema.get("type").and_then(Value::as_str), &example)
    else {
        return example;
    };
    let numbers = matches!(
        schema.pointer("/items/type").and_then(Value::as_str),
        Some("integer" | "number")
    );
    Value::Array(
        text.split(',')
            .map(|item| match item.trim().parse::<i64>() {
                Ok(n) if numbers => json!(n),
                _ => json!(item.trim()),
            })
            .collect(),
    )
}

/// A value for a parameter the spec gives no example for, from its schema.
fn placeholder(schema: &Value) -> Value {
    if let Some(e) = schema.get("enum").and_then(|e| e.get(0)) {
        return e.clone();
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("integer" | "number") => json!(1),
        Some("boolean") => json!(true),
        _ => json!("123"),
    }
}

/// Arguments for an operation from the spec's own examples (operation and
/// path-item parameters, request body). Parameters without an example get a
/// placeholder from their schema; they are listed in the second value.
pub(crate) fn spec_args(
    doc: &Value,
    item: &Value,
    op: &Value,
) -> (Map<String, Value>, Vec<String>) {
    let mut args = Map::new();
    let mut missing = Vec::new();
    let params = item
        .get("parameters")
        .and_then(Value::as_array)
        .into_iter()
        .flatten();
    for p in params.chain(
        op.get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten(),
    ) {
        let p = match p.get("$ref").and_then(Value::as_str) {
            Some(r) => doc.pointer(&r[1..]).unwrap_or(p),
            None => p,
        };
        let name = p["name"].as_str().unwrap_or_default();
        if name.eq_ignore_ascii_case("Intercom-Version") {
            continue;
        }
        match example_of(p) {
            // Builder setters are snake_case (`Accept` → `accept`).
            Some(v) => {
                args.insert(name.to_lowercase(), list_from_wire_form(&p["schema"], v));
            }
            None if p["required"] == true || p["in"] == "path" => {
                missing.push(name.to_string());
                args.insert(name.to_lowercase(), placeholder(&p["schema"]));
            }
            None => {}
        }
    }
    if let Some(media) = op.pointer("/requestBody/content/application~1json") {
        match example_of(media) {
            Some(v) => {
                args.insert("body".into(), v);
            }
            None if op.pointer("/requestBody/required") == Some(&json!(true)) => {
                missing.push("body".into())
            }
            None => {}
        }
    }
    (args, missing)
}

fn check_version(data: &intercom_api::VersionData) {
    let version = data.version;
    let ops = data.operations;
    let fixes = example_fixes();
    let (doc, spec_path) = servable_spec(version);
    let mut prism = start_prism(&spec_path);
    let mut restarts = 0;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut accepted = 0;
    let mut fixed = Vec::new();
    let mut placeholders = Vec::new();
    let mut open = Vec::new();
    let mut failures = Vec::new();
    for o in ops {
        let item = &doc["paths"][o.path];
        let op = &item[o.method.to_lowercase()];
        let (mut args, mut missing) = spec_args(&doc, item, op);
        let key = format!("{} {}", o.method, o.path);
        let fix = fix_for(&fixes, version, o.name);
        if let Some(fix) = fix.filter(|f| f.get("args").is_some()) {
            for (k, v) in fix["args"].as_object().unwrap() {
                args.insert(k.clone(), v.clone());
            }
            fixed.push(format!(
                "{key} ({}): {}",
                o.name,
                fix["reason"].as_str().unwrap()
            ));
        }
        if let Some(given) = fix.and_then(|f| f.get("args")) {
            missing.retain(|m| given.get(m.to_lowercase()).is_none());
        }
        let known_open = fix.is_some_and(|f| f.get("open") == Some(&json!(true)));
        if !missing.is_empty() {
            placeholders.push(format!(
                "{key} ({}): no example for {missing:?}, placeholder from the schema",
                o.name
            ));
        }
        let mut result = rt
            .block_on((data.invoke)(&prism.url, o.name, &args))
            .expect("a known operation");
        // Prism's process sometimes dies on a loaded machine (connection
        // refused or reset): start it again and send the request once more.
        // The restarts are printed; a request that fails twice still fails.
        if result.as_ref().is_err_and(
            |e| matches!(e, intercom_api::Error::Http(h) if h.is_connect() || h.is_request()),
        ) {
            let alive = TcpStream::connect(prism.url.trim_start_matches("http://")).is_ok();
            if !alive {
                prism = start_prism(&spec_path);
                restarts += 1;
            }
            result = rt
                .block_on((data.invoke)(&prism.url, o.name, &args))
                .expect("a known operation");
        }
        match (result, known_open) {
            (Ok(()), false) => accepted += 1,
            (Ok(()), true) => failures.push(format!("{key} ({}): now passes: remove its `open` entry from crates/codegen/openapi/example-fixes.json", o.name)),
            (Err(e), true) => open.push(format!("{key} ({}): {} [{e}]", o.name, fix.unwrap()["reason"].as_str().unwrap())),
            (Err(e), false) => {
                let body = e.body().map(|b| String::from_utf8_lossy(b).into_owned()).unwrap_or_default();
                let mut cause = String::new();
                let mut source = std::error::Error::source(&e);
                while let Some(s) = source {
                    cause.push_str(&format!(": {s}"));
                    source = s.source();
                }
                failures.push(format!("{key} ({}): {e}{cause} {}", o.name, body.chars().take(400).collect::<String>()));
            }
        }
    }
    eprintln!(
        "{version}: Prism accepted {accepted} of {} requests.\n{} upstream examples corrected:\n  {}\n{} operations without example parameters:\n  {}",
        ops.len(),
        fixed.len(),
        fixed.join("\n  "),
        placeholders.len(),
        placeholders.join("\n  ")
    );
    if restarts > 0 {
        eprintln!("{version}: Prism's process died and was restarted {restarts} time(s)");
    }
    eprintln!(
        "{} operations not yet accepted (named in crates/codegen/openapi/example-fixes.json as open):\n  {}",
        open.len(),
        open.join("\n  ")
    );
    assert!(
        failures.is_empty(),
        "{} of {} operations failed:\n{}",
        failures.len(),
        ops.len(),
        failures.join("\n")
    );
    assert_eq!(accepted + open.len(), ops.len());
}

/// Every compiled version (from the build's table: a new version is
/// validated without a line of test code), each against its own Prism, two
/// at a time.
#[test]
fn prism_accepts_every_request() {
    // Two Prism servers at a time: each validates every request against a
    // 1–2 MB spec, and more at once starve a 2-core machine (requests then
    // time out while the other tests run too).
    for pair in intercom_api::VERSION_DATA.chunks(2) {
        std::thread::scope(|scope| {
            for data in pair {
                std::thread::Builder::new()
                    .name(format!("prism {}", data.version))
                    // The invoker's future for 200+ operations is large in debug builds.
                    .stack_size(64 << 20)
                    .spawn_scoped(scope, move || check_version(data))
                    .unwrap();
            }
        });
    }
}

/// Every entry of `crates/codegen/openapi/example-fixes.json` names an operation of each
/// version it is for (checked against the versions compiled in), has a
/// reason, and either data or `open`.
#[test]
fn example_fixes_name_real_operations() {
    let fixes = example_fixes();
    let compiled = intercom_api::VERSIONS;
    for fix in &fixes {
        let name = fix["operation"].as_str().expect("`operation`");
        assert!(
            fix["reason"].as_str().is_some_and(|r| !r.trim().is_empty()),
            "{name}: needs a reason"
        );
        assert!(
            fix.get("args").is_some_and(Value::is_object) ^ (fix.get("open") == Some(&json!(true))),
            "{name}: needs `args` or `open: true`, not both"
        );
        for version in compiled.iter().filter(|v| applies(fix, v)) {
            let (ops, _) = intercom_api::conformance::version(version).unwrap();
            let exists = ops.iter().any(|o| o.name == name);
            let limited = fix.get("versions").is_some();
            assert!(
                exists || !limited,
                "{name} is not an operation of {version}"
            );
        }
        // With every pinned version compiled, an entry must fit one of them.
        if compiled.len() == crate::versions::pins().len() {
            assert!(
                compiled.iter().filter(|v| applies(fix, v)).any(|v| {
                    intercom_api::conformance::version(v)
                        .unwrap()
                        .0
                        .iter()
                        .any(|o| o.name == name)
                }),
                "{name} is an operation of no version"
            );
        }
    }
}
