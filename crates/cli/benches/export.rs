//! Figures, not a timed test: `intercom export contacts` of 10,000 and
//! 100,000 contacts from a local server that allows 100 requests per
//! 10-second window, answers 20 ms late and sends Intercom's rate-limit
//! headers (`X-RateLimit-Limit`, `-Remaining`, `-Reset`; a 429 past the
//! limit). Prints the throughput as a fraction of the allowed rate and the
//! binary's peak memory (VmHWM).
//!
//! cargo bench -p intercom-cli --bench export                 # 10k and 100k
//! EXPORT_BENCH_SIZES=2000,20000 cargo bench -p intercom-cli --bench export

use serde_json::json;
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const LIMIT: u64 = 100;
const WINDOW: u64 = 10;

#[derive(Default)]
struct Counts {
    /// Requests answered per window (by window start), and 429s.
    windows: BTreeMap<u64, (u64, u64)>,
}

struct Server {
    total: usize,
    counts: Arc<Mutex<Counts>>,
}

fn contact(i: usize) -> serde_json::Value {
    json!({
        "type": "contact", "id": format!("{i:024x}"), "workspace_id": "ecahpwf5",
        "external_id": format!("ext-{i}"), "role": "user", "email": format!("user{i}@example.com"),
        "phone": "+353871234567", "name": format!("User Number {i}"), "avatar": null,
        "owner_id": 127, "social_profiles": {"type": "list", "data": []}, "has_hard_bounced": false,
        "marked_email_as_spam": false, "unsubscribed_from_emails": false,
        "created_at": 1_700_000_000 + i, "updated_at": 1_700_000_500 + i, "signed_up_at": 1_700_000_000 + i,
        "last_seen_at": 1_700_001_000 + i, "last_replied_at": null, "last_contacted_at": null,
        "last_email_opened_at": null, "last_email_clicked_at": null, "language_override": null,
        "browser": "chrome", "browser_version": "120.0", "browser_language": "en", "os": "macOS",
        "location": {"type": "location", "country": "Ireland", "region": "Dublin", "city": "Dublin"},
        "android_app_name": null, "ios_app_name": null,
        "custom_attributes": {"plan": "pro", "seats": i % 50, "trial": false},
        "tags": {"type": "list", "data": [], "url": format!("/contacts/{i}/tags"), "total_count": 0, "has_more": false},
        "notes": {"type": "list", "data": [], "url": format!("/contacts/{i}/notes"), "total_count": 0, "has_more": false},
        "companies": {"type": "list", "data": [], "url": format!("/contacts/{i}/companies"), "total_count": 0, "has_more": false},
    })
}

impl Respond for Server {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let window = now / WINDOW * WINDOW;
        let used = {
            let mut c = self.counts.lock().unwrap();
            let w = c.windows.entry(window).or_default();
            w.0 += 1;
            if w.0 > LIMIT {
                w.1 += 1;
            }
            w.0
        };
        let headers = |t: ResponseTemplate| {
            t.insert_header("x-ratelimit-limit", LIMIT.to_string())
                .insert_header(
                    "x-ratelimit-remaining",
                    LIMIT.saturating_sub(used).to_string(),
                )
                .insert_header("x-ratelimit-reset", (window + WINDOW).to_string())
                .set_delay(Duration::from_millis(20))
        };
        if used > LIMIT {
            return headers(ResponseTemplate::new(429).set_body_json(json!({
                "type": "error.list", "errors": [{"code": "rate_limit_exceeded", "message": "Exceeded rate limit"}]
            })));
        }
        let q = |k: &str| {
            req.url
                .query_pairs()
                .find(|(n, _)| n == k)
                .map(|(_, v)| v.into_owned())
        };
        let per_page: usize = q("per_page").and_then(|p| p.parse().ok()).unwrap_or(50);
        let from: usize = q("starting_after")
            .and_then(|c| c.strip_prefix("o-")?.parse().ok())
            .unwrap_or(0);
        let to = (from + per_page).min(self.total);
        let mut pages = json!({"type": "pages", "page": from / per_page + 1, "per_page": per_page,
            "total_pages": self.total.div_ceil(per_page)});
        if to < self.total {
            pages["next"] = json!({"per_page": per_page, "starting_after": format!("o-{to}")});
        }
        let body = json!({"type": "list", "data": (from..to).map(contact).collect::<Vec<_>>(),
            "total_count": self.total, "pages": pages});
        headers(ResponseTemplate::new(200).set_body_json(body))
    }
}

/// The peak resident memory of process `pid` so far, in KiB.
fn vm_hwm(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

async fn run(total: usize) {
    let server = MockServer::start().await;
    let counts = Arc::new(Mutex::new(Counts::default()));
    Mock::given(wiremock::matchers::path("/contacts"))
        .respond_with(Server {
            total,
            counts: counts.clone(),
        })
        .mount(&server)
        .await;
    let dir = std::env::temp_dir().join(format!("intercom-bench-{}-{total}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("contacts.jsonl");
    let started = Instant::now();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_intercom"))
        .args([
            "--quiet",
            "export",
            "contacts",
            "--out",
            out.to_str().unwrap(),
        ])
        .env("INTERCOM_ACCESS_TOKEN", "bench")
        .env("INTERCOM_BASE_URL", server.uri())
        .spawn()
        .expect("the binary runs");
    let pid = child.id();
    let mut peak = 0;
    let status = loop {
        if let Some(kib) = vm_hwm(pid) {
            peak = peak.max(kib);
        }
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let elapsed = started.elapsed().as_secs_f64();
    assert!(status.success(), "the export failed: {status}");
    let lines = std::fs::read_to_string(&out).unwrap().lines().count();
    assert_eq!(lines, total);
    let size = std::fs::metadata(&out).unwrap().len();
    std::fs::remove_dir_all(&dir).ok();
    let c = counts.lock().unwrap();
    let requests: u64 = c.windows.values().map(|w| w.0).sum();
    let limited: u64 = c.windows.values().map(|w| w.1).sum();
    let ok = requests - limited;
    // Windows wholly inside the run: all but the first and the last.
    let inner: Vec<u64> = c.windows.values().map(|w| w.0 - w.1).collect();
    let inner = if inner.len() > 2 {
        &inner[1..inner.len() - 1]
    } else {
        &inner[..0]
    };
    let inner_use = if inner.is_empty() {
        "n/a (the run fits in fewer than 3 windows)".to_string()
    } else {
        format!(
            "{:.3}",
            inner.iter().sum::<u64>() as f64 / (inner.len() as u64 * LIMIT) as f64
        )
    };
    let allowed = elapsed / WINDOW as f64 * LIMIT as f64;
    println!(
        "{total:>7} contacts: {ok} pages in {elapsed:.1} s ({:.1} MB written), {limited} answered 429; \
         {:.3} of the allowed rate over the run, {inner_use} in the windows wholly inside it; \
         peak memory {:.1} MiB",
        size as f64 / 1e6,
        ok as f64 / allowed,
        peak as f64 / 1024.0
    );
}

fn main() {
    let sizes: Vec<usize> = std::env::var("EXPORT_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 100_000]);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    println!("intercom export contacts, 150 per page, {LIMIT} requests per {WINDOW} s window, 20 ms latency");
    for total in sizes {
        rt.block_on(run(total));
    }
}
