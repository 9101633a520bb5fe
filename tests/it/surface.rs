//! The public surface of every version, pinned: a spec change shows up as a
//! reviewed snapshot diff. One line per operation:
//! `METHOD /path -> fn_name(params) -> response type` (`?` marks optional).

macro_rules! surface_test {
    ($feature:literal, $module:ident, $ops:expr) => {
        #[cfg(feature = $feature)]
        mod $module {
            use intercom_api::$module as v;

            #[test]
            fn surface() {
                insta::assert_snapshot!(concat!("surface_", stringify!($module)), v::SURFACE);
            }

            #[test]
            fn fixes_applied() {
                insta::assert_snapshot!(concat!("fixes_", stringify!($module)), v::FIXES);
            }

            #[test]
            fn paginated_operations() {
                insta::assert_snapshot!(concat!("paginated_", stringify!($module)), v::PAGINATED);
            }

            #[test]
            fn every_operation_is_generated() {
                // Counted from the upstream spec: no operation is dropped.
                assert_eq!(v::OPERATIONS.len(), $ops);
                assert_eq!(v::SURFACE.lines().count(), $ops);
                let mut seen = std::collections::BTreeSet::new();
                for op in v::OPERATIONS {
                    assert!(
                        seen.insert((op.method, op.path)),
                        "duplicate operation {} {}",
                        op.method,
                        op.path
                    );
                    assert!(
                        seen.insert(("name", op.name)),
                        "duplicate method name {}",
                        op.name
                    );
                }
            }
        }
    };
}

surface_test!("v2_9", v2_9, 108);
surface_test!("v2_10", v2_10, 108);
surface_test!("v2_11", v2_11, 108);
surface_test!("v2_12", v2_12, 118);
surface_test!("v2_13", v2_13, 133);
surface_test!("v2_14", v2_14, 150);

/// No snapshot file is left over from a version or test that no longer exists.
#[cfg(feature = "full")]
#[test]
fn every_snapshot_is_referenced() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/it/snapshots");
    let mut expected = std::collections::BTreeSet::new();
    for v in intercom_api::VERSIONS {
        let m = format!("v{}", v.replace('.', "_"));
        for kind in ["surface", "fixes", "paginated"] {
            expected.insert(format!("it__surface__{m}__{kind}_{m}.snap"));
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
