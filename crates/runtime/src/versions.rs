//! What the generated test tables of every version call (feature
//! `__test-support`): the invoker's argument decoding and its HTTP client.

/// The argument `key` (or `key` without a trailing `_`, as in `type_`) of
/// `args`, decoded into `T`.
#[cfg(feature = "__test-support")]
pub fn invoke_arg<T: serde::de::DeserializeOwned>(
    args: &serde_json::Map<String, serde_json::Value>,
    key: &str,
) -> Option<crate::Result<T>> {
    let v = args
        .get(key)
        .or_else(|| args.get(key.trim_end_matches('_')))?;
    Some(
        serde_json::from_value(v.clone()).map_err(|e| crate::Error::InvalidRequest {
            message: format!("{key}: {e}"),
        }),
    )
}

/// The HTTP client of every test invocation (`__invoke_at`): building one
/// loads the platform's TLS roots, about a tenth of a second in a debug
/// build, which a walk over every operation paid 1,374 times. It keeps no
/// idle connection, so it is safe across the tests' runtimes and servers.
#[cfg(feature = "__test-support")]
pub fn invoke_http() -> Option<reqwest::Client> {
    static HTTP: std::sync::OnceLock<Option<reqwest::Client>> = std::sync::OnceLock::new();
    HTTP.get_or_init(|| {
        reqwest::Client::builder()
            // A validating peer on a loaded machine can be slow.
            .timeout(std::time::Duration::from_secs(90))
            .connect_timeout(std::time::Duration::from_secs(10))
            .pool_max_idle_per_host(0)
            .build()
            .ok()
    })
    .clone()
}
