//! Checks captured Intercom answers against this crate's types.
//!
//! ```text
//! cargo run --example conformance --features full -- traffic.jsonl
//! ```
//!
//! Input: one JSON object per line,
//! `{"version": "2.14", "method": "GET", "path": "/contacts/6762f0ad1bb69f9f2193bb8b", "status": 200, "body": {...}}`
//! (path concrete, query optional). Each is matched to its operation by method
//! and path template and decoded into that operation's type for that status
//! (or the `error.list` type for error statuses). Prints one line per failure,
//! then `N passed, M failed` (and how many matched no operation). Exits 1 when
//! any case fails.

use intercom_api::conformance::{check_line, Verdict};
use std::io::BufRead;

fn main() {
    let Some(file) = std::env::args().nth(1) else {
        eprintln!(
            "usage: conformance FILE.jsonl   (compiled versions: {})",
            intercom_api::VERSIONS.join(", ")
        );
        std::process::exit(2);
    };
    let reader: Box<dyn BufRead> = if file == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        match std::fs::File::open(&file) {
            Ok(f) => Box::new(std::io::BufReader::new(f)),
            Err(e) => {
                eprintln!("cannot open {file}: {e}");
                std::process::exit(2);
            }
        }
    };
    let (mut passed, mut failed, mut unmatched) = (0, 0, 0);
    for (n, line) in reader.lines().enumerate() {
        let Ok(line) = line else { break };
        if line.trim().is_empty() {
            continue;
        }
        match check_line(&line) {
            Verdict::Passed(_) => passed += 1,
            Verdict::Failed(op, f) => {
                failed += 1;
                println!("line {}: {op}: at {}: {}", n + 1, f.path, f.reason);
            }
            Verdict::Unmatched(why) => {
                unmatched += 1;
                println!("line {}: unmatched: {why}", n + 1);
            }
        }
    }
    if unmatched > 0 {
        println!("{unmatched} unmatched (no operation or answer type to check against)");
    }
    println!("{passed} passed, {failed} failed");
    if failed > 0 {
        std::process::exit(1);
    }
}
