//! Decoding never panics: every response example of every compiled version,
//! mutated at random from a fixed seed (truncated, a value's type changed,
//! values swapped for `null`, huge numbers, deep nesting), 100,000 mutations
//! in all, decoded by each operation's generated types (the `Deserialize`
//! impls a user's answer goes through). Asserted: no panic; every failure is
//! a typed error whose JSON path names a place in the mutated document. Printed: mutations decoded, typed errors,
//! panics.

use serde_json::{json, Value};

const MUTATIONS: usize = 100_000;
const SEED: u64 = 0x005e_ed0f_1e55;

/// splitmix64.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut x = self.0;
        x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        x ^ (x >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Whether `path` (`$`, `$.data[3].avatar`, `$.attrs["a key"]`) names a
/// value of `doc`. (`.?` is a place serde could not name: the rest is not
/// checked.)
fn resolves(doc: &Value, path: &str) -> bool {
    let Some(mut rest) = path.strip_prefix('$') else {
        return false;
    };
    let mut at = doc;
    while !rest.is_empty() {
        if rest.starts_with(".?") {
            return true;
        }
        if let (Some(r), Value::Object(o)) = (rest.strip_prefix("[\""), at) {
            // A quoted key: the JSON string up to the first `"]` that ends one.
            let found = r.match_indices("\"]").find_map(|(i, _)| {
                let key: String = serde_json::from_str(&format!("\"{}\"", &r[..i])).ok()?;
                Some((o.get(&key)?, &r[i + 2..]))
            });
            let Some((next, r)) = found else { return false };
            (at, rest) = (next, r);
        } else if let Some(r) = rest.strip_prefix('[') {
            let Some((i, r)) = r.split_once(']') else {
                return false;
            };
            let (Ok(i), Value::Array(a)) = (i.parse::<usize>(), at) else {
                return false;
            };
            let Some(next) = a.get(i) else { return false };
            (at, rest) = (next, r);
        } else if let (Some(r), Value::Object(o)) = (rest.strip_prefix('.'), at) {
            let end = r.find(['.', '[']).unwrap_or(r.len());
            let Some(next) = o.get(&r[..end]) else {
                return false;
            };
            (at, rest) = (next, &r[end..]);
        } else {
            return false;
        }
    }
    true
}

#[test]
fn paths_resolve_only_into_the_document() {
    let doc = json!({"data": [{"id": 1, "a.b": {"c": null}}], "pages": {}});
    assert!(resolves(&doc, "$"));
    assert!(resolves(&doc, "$.data[0].id"));
    assert!(resolves(&doc, r#"$.data[0]["a.b"].c"#));
    assert!(!resolves(&doc, "$.data[0].a.b.c"));
    assert!(resolves(&doc, "$.pages"));
    assert!(!resolves(&doc, "$.data[1]"));
    assert!(!resolves(&doc, "$.data[0].name"));
    assert!(!resolves(&doc, "data[0]"));
    assert!(!resolves(&doc, "$.pages.next"));
}

/// How many values (nodes) `v` has.
fn count(v: &Value) -> usize {
    1 + match v {
        Value::Array(a) => a.iter().map(count).sum(),
        Value::Object(o) => o.values().map(count).sum(),
        _ => 0,
    }
}

/// Calls `f` on the `i`-th value of `v` in pre-order.
fn at_nth(v: &mut Value, i: &mut usize, f: &mut dyn FnMut(&mut Value)) -> bool {
    if *i == 0 {
        f(v);
        return true;
    }
    *i -= 1;
    match v {
        Value::Array(a) => a.iter_mut().any(|c| at_nth(c, i, f)),
        Value::Object(o) => o.values_mut().any(|c| at_nth(c, i, f)),
        _ => false,
    }
}

/// A value of another type than `v` (`pick` chooses which).
fn other_type(v: &Value, pick: u64) -> Value {
    let choices = [
        json!("text"),
        json!(42),
        json!(-7.5),
        json!(true),
        json!([1, "two", null]),
        json!({"unexpected": {"nested": [1]}}),
    ];
    let n = choices.len() as u64;
    (0..n)
        .map(|k| &choices[((pick + k) % n) as usize])
        .find(|c| std::mem::discriminant(*c) != std::mem::discriminant(v))
        .cloned()
        .unwrap_or(Value::Null)
}

/// One mutation of `body`, as bytes.
fn mutate(body: &Value, r: &mut Rng) -> Vec<u8> {
    let mut v = body.clone();
    let kind = r.below(6);
    if kind == 0 {
        // Truncated anywhere.
        let bytes = serde_json::to_vec(&v).unwrap();
        let cut = r.below(bytes.len());
        return bytes[..cut].to_vec();
    }
    let mut i = r.below(count(&v));
    if kind == 3 {
        // A huge number (beyond i64, u64 and f64), as JSON text.
        let huge = [
            "1e400",
            "-99999999999999999999999",
            "18446744073709551616",
            "1.7976931348623157e309",
        ];
        let marker = "\u{1}huge\u{1}";
        at_nth(&mut v, &mut i, &mut |t| *t = json!(marker));
        let quoted = serde_json::to_string(marker).unwrap();
        let text = serde_json::to_string(&v).unwrap();
        return text
            .replacen(&quoted, huge[r.below(huge.len())], 1)
            .into_bytes();
    }
    let (a, b, depth) = (r.next(), r.next(), 1 + r.below(300));
    at_nth(&mut v, &mut i, &mut |t| match kind {
        1 => *t = other_type(t, a),
        2 => *t = Value::Null,
        4 => {
            // Deep nesting, past any sane depth (and serde_json's limit).
            let mut nested = t.take();
            for _ in 0..depth {
                nested = json!([nested]);
            }
            *t = nested;
        }
        _ => {
            // A list emptied, a string made very long.
            let new = match &*t {
                Value::Array(_) => json!([]),
                Value::String(s) => Value::String(s.repeat(200).chars().take(20_000).collect()),
                other => other_type(other, b),
            };
            *t = new;
        }
    });
    serde_json::to_vec(&v).unwrap()
}

#[test]
fn decoding_a_hundred_thousand_mutated_answers_never_panics() {
    // Every (decoder, operation, status, example) of every compiled version.
    let mut cases = Vec::new();
    for d in intercom_api::VERSION_DATA {
        for (method, path, status, _, value) in crate::examples::response_examples(d.version) {
            let Some(op) = d
                .operations
                .iter()
                .find(|o| o.method == method && o.path == path)
            else {
                continue;
            };
            let status: u16 = status.parse().unwrap_or(0);
            let body = serde_json::to_vec(&value).unwrap();
            if (d.decode)(op.name, status, &body).is_some() {
                cases.push((d.decode, op.name, status, value));
            }
        }
    }
    assert!(!cases.is_empty());
    // Four fixed streams, one per thread (the cases are shared, read-only).
    const STREAMS: u64 = 4;
    let results: Vec<(usize, usize, Vec<String>)> = std::thread::scope(|scope| {
        let cases = &cases;
        let workers: Vec<_> = (0..STREAMS)
            .map(|k| {
                scope.spawn(move || {
                    let mut r = Rng(SEED ^ (k << 48));
                    let (mut decoded, mut typed, mut panics) = (0usize, 0usize, Vec::new());
                    for m in 0..MUTATIONS / STREAMS as usize {
                        let (decode, name, status, value) = &cases[r.below(cases.len())];
                        let body = mutate(value, &mut r);
                        match std::panic::catch_unwind(|| decode(name, *status, &body)) {
                            Ok(Some(Ok(()))) => decoded += 1,
                            Ok(Some(Err(f))) => {
                                // The path names a place in the document that was sent
                                // (when it is JSON at all: a truncated body fails where
                                // its text ends).
                                if let Ok(doc) = serde_json::from_slice::<Value>(&body) {
                                    assert!(
                                        resolves(&doc, &f.path),
                                        "stream {k}, mutation {m} of {name}: the failure's path is not in the document: {f:?}\n{}",
                                        String::from_utf8_lossy(&body[..body.len().min(300)])
                                    );
                                }
                                assert!(!f.reason.is_empty());
                                typed += 1;
                            }
                            Ok(None) => unreachable!("{name} {status} has a decoder"),
                            Err(_) => panics.push(format!(
                                "stream {k}, mutation {m} of {name} {status}: {}",
                                String::from_utf8_lossy(&body[..body.len().min(300)])
                            )),
                        }
                    }
                    (decoded, typed, panics)
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    let decoded: usize = results.iter().map(|r| r.0).sum();
    let typed: usize = results.iter().map(|r| r.1).sum();
    let panics: Vec<String> = results.into_iter().flat_map(|r| r.2).collect();
    println!(
        "mutations: {MUTATIONS} of {} examples: {decoded} decoded (lossless), {typed} typed errors with a JSON path, {} panics",
        cases.len(),
        panics.len()
    );
    assert!(
        panics.is_empty(),
        "{} panics:\n{}",
        panics.len(),
        panics.join("\n")
    );
}
