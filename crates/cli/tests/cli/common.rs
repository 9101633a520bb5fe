//! Runs the binary against a mock.

use intercom_api::v2_14::MockIntercom;
use serde_json::{json, Value};
use std::collections::HashSet;
use std::path::Path;
use std::process::{Command, Output};

pub const TOKEN: &str = "tok-SECRET-9f8e7d";

/// The result of one run.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn of(o: Output) -> Run {
        let run = Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        };
        assert!(
            !run.stdout.contains(TOKEN) && !run.stderr.contains(TOKEN),
            "the token was printed"
        );
        run
    }

    #[track_caller]
    pub fn ok(&self) -> &Self {
        assert_eq!(self.code, 0, "stderr: {}", self.stderr);
        self
    }
}

/// `intercom args…` with the mock's URL and a token (when `mock` is given).
pub async fn intercom(mock: Option<&MockIntercom>, args: &[&str]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_intercom"));
    cmd.args(args)
        .env_remove("INTERCOM_REGION")
        .env_remove("INTERCOM_BASE_URL")
        .env_remove("INTERCOM_ACCESS_TOKEN");
    if let Some(m) = mock {
        cmd.env("INTERCOM_BASE_URL", m.uri())
            .env("INTERCOM_ACCESS_TOKEN", TOKEN);
    }
    let out = tokio::task::spawn_blocking(move || cmd.output().expect("the binary runs"))
        .await
        .expect("joined");
    Run::of(out)
}

/// A record as Intercom's spec shows it: the example answer of `GET path`
/// (a "show" operation: the lists' own examples may be empty).
pub async fn example(mock: &MockIntercom, path: &str) -> Value {
    let v: Value = reqwest::Client::new()
        .get(format!("{}{path}", mock.uri()))
        .bearer_auth("t")
        .header("intercom-version", "2.14")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(v.get("id").is_some(), "{path}: no record: {v}");
    v
}

/// `n` copies of `example` with ids `prefix0…`, and a field Intercom may add one day.
pub fn records(example: &Value, prefix: &str, n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| {
            let mut r = example.clone();
            r["id"] = json!(format!("{prefix}{i}"));
            r["x_field_from_the_future"] = json!({"kept": [i, "as sent"]});
            r
        })
        .collect()
}

/// The JSON lines of `path`.
pub fn lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(|l| {
            serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("{}: a line is not JSON ({e}): {l}", path.display()))
        })
        .collect()
}

/// The ids of `records`, checking that none repeats.
pub fn unique_ids(records: &[Value]) -> HashSet<String> {
    let mut ids = HashSet::new();
    for r in records {
        let id = r["id"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| r["id"].to_string());
        assert!(ids.insert(id.clone()), "id {id} written twice");
    }
    ids
}

/// The first path where a non-null value of `sent` is missing or different in `written`.
pub fn lost(sent: &Value, written: &Value, at: &str) -> Option<String> {
    match (sent, written) {
        (Value::Null, _) => None,
        (Value::Object(a), Value::Object(b)) => a.iter().find_map(|(k, v)| match b.get(k) {
            Some(w) => lost(v, w, &format!("{at}.{k}")),
            None if v.is_null() || v == &json!([]) || v == &json!({}) => None,
            None => Some(format!("{at}.{k}")),
        }),
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(i, (v, w))| lost(v, w, &format!("{at}[{i}]"))),
        (Value::Number(a), Value::Number(b)) => (a.as_f64() != b.as_f64()).then(|| at.to_string()),
        (a, b) => (a != b).then(|| at.to_string()),
    }
}
