//! The public surface of every version, pinned: a spec change shows up as a
//! reviewed snapshot diff. One line per operation:
//! `METHOD /path -> fn_name(param: Type, optional?: Type) -> response type`.

// Every compiled version, from the build's own table: a new version is
// pinned without a line of test code.

#[test]
fn surface() {
    for d in intercom_api::VERSION_DATA {
        insta::assert_snapshot!(format!("surface_{}", d.module), d.surface);
    }
}

/// Which patches and passes each version's build applied, one table: a row
/// per fix, a column per pinned version (how many places it changed, `-`
/// where it does not reach that version), the reasons listed once below.
/// A build of some versions only (`scripts/update-specs` builds the changed
/// ones) keeps the committed columns of the others.
#[test]
fn fixes_applied() {
    let pins = crate::versions::pins();
    let committed = committed_fixes();
    let mut header = vec!["fix".to_string()];
    header.extend(pins.iter().map(|(v, _)| v.clone()));
    let mut table = header.join(" | ") + "\n";
    let reasons: Vec<(&str, &str)> = intercom_api::FIX_REASONS
        .lines()
        .filter_map(|l| l.split_once('\t'))
        .collect();
    for (id, _) in &reasons {
        let mut row = vec![id.to_string()];
        for (version, _) in &pins {
            let cell = match intercom_api::VERSION_DATA
                .iter()
                .find(|d| d.version == version)
            {
                Some(d) => d
                    .fixes
                    .lines()
                    .find_map(|l| l.strip_prefix(&format!("{id}: ")))
                    .unwrap_or("-")
                    .to_string(),
                None => committed
                    .get(&(id.to_string(), version.clone()))
                    .cloned()
                    .unwrap_or_else(|| "?".into()),
            };
            row.push(cell);
        }
        table += &(row.join(" | ") + "\n");
    }
    table += "\nreasons:\n";
    for (id, reason) in &reasons {
        table += &format!("{id}: {reason}\n");
    }
    // Every count a version reports has its row.
    for d in intercom_api::VERSION_DATA {
        for line in d.fixes.lines() {
            let id = line.split(": ").next().unwrap();
            assert!(
                reasons.iter().any(|(r, _)| *r == id),
                "{}: {id} has no reason",
                d.version
            );
        }
    }
    insta::assert_snapshot!("fixes", table);
}

/// The committed fixes table's cells: (fix, version) → count.
fn committed_fixes() -> std::collections::BTreeMap<(String, String), String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/it/snapshots/it__surface__fixes.snap"
    );
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let body = text.splitn(3, "---\n").nth(2).unwrap_or("");
    let mut rows = body.lines().take_while(|l| !l.is_empty());
    let header: Vec<&str> = rows
        .next()
        .map(|h| h.split(" | ").collect())
        .unwrap_or_default();
    let mut cells = std::collections::BTreeMap::new();
    for row in rows {
        let row: Vec<&str> = row.split(" | ").collect();
        for (version, cell) in header.iter().zip(&row).skip(1) {
            cells.insert((row[0].to_string(), version.to_string()), cell.to_string());
        }
    }
    cells
}

#[test]
fn paginated_operations() {
    for d in intercom_api::VERSION_DATA {
        insta::assert_snapshot!(format!("paginated_{}", d.module), d.paginated);
    }
}

/// The operations of an upstream spec: `(METHOD, path)`, counted from the
/// file itself.
fn spec_operations(version: &str) -> std::collections::BTreeSet<(String, String)> {
    let file = crate::versions::spec_file(version);
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file}: {e}"));
    let doc: serde_json::Value = yaml_serde::from_str(&text).unwrap();
    let methods = ["get", "put", "post", "delete", "patch", "head", "options"];
    let mut ops = std::collections::BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if methods.contains(&method.as_str()) {
                ops.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    ops
}

#[test]
fn every_operation_is_generated() {
    for d in intercom_api::VERSION_DATA {
        // Counted from the upstream spec: no operation is dropped or invented.
        let upstream = spec_operations(d.version);
        let generated: std::collections::BTreeSet<(String, String)> = d
            .operations
            .iter()
            .map(|o| (o.method.to_string(), o.path.to_string()))
            .collect();
        assert_eq!(generated, upstream, "{}", d.version);
        assert_eq!(
            d.operations.len(),
            upstream.len(),
            "{}: duplicate operations",
            d.version
        );
        assert_eq!(d.surface.lines().count(), upstream.len(), "{}", d.version);
        let names: std::collections::BTreeSet<_> = d.operations.iter().map(|o| o.name).collect();
        assert_eq!(
            names.len(),
            upstream.len(),
            "{}: duplicate method names",
            d.version
        );
    }
}

/// No snapshot file is left over from a version or test that no longer exists.
#[cfg(feature = "full")]
#[test]
fn every_snapshot_is_referenced() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/it/snapshots");
    let mut expected = std::collections::BTreeSet::new();
    for d in intercom_api::VERSION_DATA {
        let m = d.module;
        for kind in ["surface", "paginated"] {
            expected.insert(format!("it__surface__{kind}_{m}.snap"));
        }
    }
    for extra in crate::OTHER_SNAPSHOTS {
        expected.insert(extra.to_string());
    }
    let found: std::collections::BTreeSet<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let pending: Vec<_> = found
        .iter()
        .filter(|f| f.ends_with(".new") || f.ends_with(".pending-snap"))
        .collect();
    assert!(
        pending.is_empty(),
        "pending snapshots, review them: {pending:?}"
    );
    let unreferenced: Vec<_> = found.difference(&expected).collect();
    assert!(
        unreferenced.is_empty(),
        "unreferenced snapshots: {unreferenced:?}"
    );
    let missing: Vec<_> = expected.difference(&found).collect();
    assert!(missing.is_empty(), "snapshots not committed: {missing:?}");
}
