//! The usage example on every operation's `Client` method (the generator's
//! `examples`), compiled for every compiled version through each version's
//! `__examples`, which runs the same calls its docs show; for `v2_14` and
//! `preview`, run against the mock, which checks each request against the
//! spec (a body that does not decode is a 400). The examples that do not pass
//! yet are listed below, each with its reason; an example that starts
//! passing must leave the list.

#![cfg(all(feature = "mock", feature = "__test-support"))]

use intercom_api::Result;

/// Examples the mock does not accept yet: `(version, operation, reason)`.
const NOT_YET: &[(&str, &str, &str)] = &[
    ("2.14", "lis_data_events", "its required `filter` is a union of objects in the query (see tests/it/client.rs `event_filter_is_sent_exploded`)"),
    ("Preview", "lis_data_events", "its required `filter` is a union of objects in the query (see tests/it/client.rs `event_filter_is_sent_exploded`)"),
    ("Preview", "upload_ecommerce_catalog", "a multipart file upload (see the downloads guide's `Multipart`)"),
];

/// Runs the examples of version module `$m` on a fresh mock of it (no
/// retries) and returns each operation's outcome.
macro_rules! on_the_mock {
    ($m:ident) => {{
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let mock = intercom_api::$m::MockIntercom::start().await;
            let client = mock
                .client_builder()
                .retry(intercom_api::RetryPolicy::none())
                .build()
                .unwrap();
            intercom_api::$m::__examples(&client).await
        })
    }};
}

/// Asserts the failures are exactly the version's entries of [`NOT_YET`],
/// and prints how many passed.
fn check(version: &str, outcomes: Vec<(&'static str, Result<()>)>) {
    let total = outcomes.len();
    let failed: Vec<(&str, String)> = outcomes
        .into_iter()
        .filter_map(|(name, r)| r.err().map(|e| (name, e.to_string())))
        .collect();
    println!(
        "{version}: the mock accepted {} of {total} usage examples",
        total - failed.len()
    );
    for (name, e) in &failed {
        println!("  {name}: {e}");
    }
    let mut names: Vec<&str> = failed.iter().map(|(n, _)| *n).collect();
    names.sort_unstable();
    let mut expected: Vec<&str> = NOT_YET
        .iter()
        .filter(|(v, _, _)| *v == version)
        .map(|(_, n, _)| *n)
        .collect();
    expected.sort_unstable();
    assert_eq!(
        names, expected,
        "{version}: failing examples differ from NOT_YET"
    );
}

/// Runs `f` on a thread with room for the examples' future (200+ calls in
/// one debug-built future).
fn big_stack(f: impl FnOnce() + Send + 'static) {
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap();
}

#[cfg(feature = "v2_14")]
#[test]
fn v2_14_examples_run_on_the_mock() {
    big_stack(|| {
        let outcomes: Vec<(&str, Result<()>)> = on_the_mock!(v2_14);
        assert!(outcomes.len() > 100);
        check("2.14", outcomes);
    });
}

#[cfg(feature = "preview")]
#[test]
fn preview_examples_run_on_the_mock() {
    big_stack(|| {
        let outcomes: Vec<(&str, Result<()>)> = on_the_mock!(preview);
        assert!(outcomes.len() > 100);
        check("Preview", outcomes);
    });
}

/// Every compiled version's examples compile (their function is named here).
#[test]
fn every_compiled_version_has_its_examples() {
    macro_rules! named {
        ($($feature:literal => $module:ident),*) => {{
            let mut n = 0;
            $(
                #[cfg(feature = $feature)]
                {
                    let _ = intercom_api::$module::__examples;
                    n += 1;
                }
            )*
            n
        }};
    }
    let n: usize = named!(
        "v2_9" => v2_9, "v2_10" => v2_10, "v2_11" => v2_11, "v2_12" => v2_12,
        "v2_13" => v2_13, "v2_14" => v2_14, "v2_15" => v2_15, "v2_16" => v2_16,
        "preview" => preview
    );
    assert_eq!(n, intercom_api::VERSIONS.len());
}
