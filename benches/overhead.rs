//! Runtime overhead, ours against a hand-written baseline in the same run
//! (`cargo bench`). Each comparison alternates the two sides over several
//! rounds and reports the median throughput of each and their ratio.
//!
//! 1. Round trip `GET /contacts/{id}` (≈2 KB body): generated client vs a
//!    hand-written `reqwest` call with the same headers and timeouts into
//!    `serde_json::Value`.
//!    Target: ours ≥ 0.97× the baseline.
//!    1b. The same call awaited (`IntoFuture`, boxed) vs `.send().await`.
//!    Target ≥ 0.97×.
//! 2. Streaming 10,000 contacts over 100 pages: `.stream()` vs a hand-written
//!    cursor loop. Target ≥ 0.97×; peak memory ≈ one page.
//! 3. Decoding a 150-contact page: generated types vs `serde_json::Value`.
//!    Target: typed at least as fast.

#![recursion_limit = "256"]

use futures::TryStreamExt;
use intercom_api::v2_14::{types, Client};
use serde_json::{json, Value};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::{Duration, Instant};
use wiremock::matchers::{method, path, path_regex, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Counts live heap bytes and their peak.
struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(l) };
        if !p.is_null() {
            let now = LIVE.fetch_add(l.size(), Relaxed) + l.size();
            PEAK.fetch_max(now, Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) };
        LIVE.fetch_sub(l.size(), Relaxed);
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn contact(i: usize) -> Value {
    json!({
        "type": "contact", "id": format!("6762f0ad1bb69f9f2193{i:04}"), "workspace_id": "ecahpwf5",
        "external_id": format!("user-{i}"), "role": "user", "email": format!("person{i}@example.com"),
        "phone": "+353871234567", "name": format!("Person Number {i}"),
        "avatar": "https://static.intercomassets.com/avatars/1/square_128/person.png",
        "owner_id": 991267459, "social_profiles": {"type": "list", "data": [{"type": "social_profile", "name": "Twitter", "url": "https://twitter.com/example"}]},
        "has_hard_bounced": false, "marked_email_as_spam": false, "unsubscribed_from_emails": false,
        "created_at": 1734537000 + i, "updated_at": 1734538000 + i, "signed_up_at": 1734537000, "last_seen_at": 1734539000,
        "last_replied_at": 1734539100, "last_contacted_at": 1734539200, "last_email_opened_at": null, "last_email_clicked_at": null,
        "language_override": null, "browser": "chrome", "browser_version": "120.0", "browser_language": "en", "os": "macOS",
        "android_app_name": null, "ios_app_name": null,
        "custom_attributes": {"plan": "pro", "monthly_spend": 155.5, "seats": 25, "paid_subscriber": true},
        "tags": {"type": "list", "data": [{"type": "tag", "id": "81", "url": "/tags/81"}], "url": "/contacts/x/tags", "total_count": 1, "has_more": false},
        "notes": {"type": "list", "data": [], "url": "/contacts/x/notes", "total_count": 0, "has_more": false},
        "companies": {"type": "list", "data": [{"type": "company", "id": "531ee472cce572a6ec000006", "url": "/companies/531ee472cce572a6ec000006"}], "url": "/contacts/x/companies", "total_count": 1, "has_more": false},
        "location": {"type": "location", "country": "Ireland", "region": "Dublin", "city": "Dublin", "country_code": "IRL", "continent_code": "EU"},
        "utm_campaign": null, "utm_content": null, "utm_medium": null, "utm_source": null, "utm_term": null, "referrer": null,
        "sms_consent": false, "email_domain": "example.com",
        "opted_out_subscription_types": {"type": "list", "data": [], "url": "/contacts/x/subscriptions", "total_count": 0, "has_more": false},
        "opted_in_subscription_types": {"type": "list", "data": [], "url": "/contacts/x/subscriptions", "total_count": 0, "has_more": false}
    })
}

fn page(start: usize, n: usize, next: Option<String>) -> Value {
    let mut pages = json!({"type": "pages", "page": 1, "per_page": n, "total_pages": 100});
    if let Some(c) = next {
        pages["next"] = json!({"per_page": n, "starting_after": c});
    }
    json!({"type": "list", "data": (start..start + n).map(contact).collect::<Vec<_>>(), "total_count": 10_000, "pages": pages})
}

/// Runs `a` and `b` in turn for `rounds` (after one warm-up round), each for
/// `iters` iterations, swapping which goes first every round. Returns the
/// median per-iteration time of each, and the median of the per-round
/// throughput ratios (ours / baseline): pairing adjacent runs cancels the
/// drift of a shared, noisy machine far better than comparing two medians.
async fn compare<FA, FB, A, B>(
    rounds: usize,
    iters: usize,
    mut a: FA,
    mut b: FB,
) -> (Duration, Duration, f64)
where
    FA: FnMut() -> A,
    FB: FnMut() -> B,
    A: std::future::Future<Output = ()>,
    B: std::future::Future<Output = ()>,
{
    async fn time<F: FnMut() -> Fut, Fut: std::future::Future<Output = ()>>(
        f: &mut F,
        iters: usize,
    ) -> Duration {
        let t = Instant::now();
        for _ in 0..iters {
            f().await;
        }
        t.elapsed() / iters as u32
    }
    time(&mut a, iters).await;
    time(&mut b, iters).await;
    let (mut ta, mut tb, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..rounds {
        let (x, y) = if round % 2 == 0 {
            let x = time(&mut a, iters).await;
            (x, time(&mut b, iters).await)
        } else {
            let y = time(&mut b, iters).await;
            (time(&mut a, iters).await, y)
        };
        ta.push(x);
        tb.push(y);
        ratios.push(y.as_secs_f64() / x.as_secs_f64());
    }
    ta.sort();
    tb.sort();
    ratios.sort_by(f64::total_cmp);
    (ta[rounds / 2], tb[rounds / 2], ratios[rounds / 2])
}

fn report(
    name: &str,
    unit: &str,
    per: f64,
    (ours, base, ratio): (Duration, Duration, f64),
    target: f64,
) {
    println!(
        "{name}\n  ours     {:>10.1} {unit}/s ({:?} each, median)\n  baseline {:>10.1} {unit}/s ({:?} each, median)\n  ratio    {ratio:.3}× (median of paired rounds; target ≥ {target}×) {}",
        per / ours.as_secs_f64(),
        ours,
        per / base.as_secs_f64(),
        base,
        if ratio >= target { "met" } else { "MISSED" }
    );
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let server = MockServer::builder().disable_request_recording().start().await;
        let one = serde_json::to_vec(&contact(1)).unwrap();
        println!("body of GET /contacts/{{id}}: {} bytes", one.len());
        Mock::given(method("GET")).and(path_regex(r"^/contacts/[^/]+$"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(one.clone(), "application/json"))
            .mount(&server).await;
        for p in 0..100 {
            let next = (p < 99).then(|| format!("c{}", p + 1));
            let body = serde_json::to_vec(&page(p * 100, 100, next)).unwrap();
            let m = Mock::given(method("GET")).and(path("/contacts"));
            let m = if p == 0 { m.and(query_param_is_missing("starting_after")) } else { m.and(query_param("starting_after", format!("c{p}"))) };
            m.respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json")).mount(&server).await;
        }
        let client = Client::builder().token("bench").base_url(server.uri()).build().unwrap();
        // The baseline is a careful hand-written call: a reqwest client with
        // the same timeouts as ours (20 s, connect 10 s). Without them reqwest
        // arms no timer per request; that alone is worth ~3% here, and a
        // client without timeouts is not one we would ship.
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .connect_timeout(Duration::from_secs(10))
            .build()
            .unwrap();
        let base = server.uri();

        // 1. Round trip.
        let measured = compare(
            31,
            100,
            || async {
                let c = client.show_contact().contact_id("6762f0ad1bb69f9f21930001").send().await.unwrap();
                std::hint::black_box(c);
            },
            || async {
                let v: Value = http
                    .get(format!("{base}/contacts/6762f0ad1bb69f9f21930001"))
                    .bearer_auth("bench")
                    .header("intercom-version", "2.14")
                    .header("user-agent", intercom_api::DEFAULT_USER_AGENT)
                    .header("accept", "application/json")
                    .send().await.unwrap()
                    .json().await.unwrap();
                std::hint::black_box(v);
            },
        )
        .await;
        report("1. round trip GET /contacts/{id}", "requests", 1.0, measured, 0.97);

        // 1b. The same call awaited (`IntoFuture`: a boxed future, the body
        // alone) against `.send().await` (progenitor's future).
        let measured = compare(
            31,
            100,
            || async {
                let c = client.show_contact().contact_id("6762f0ad1bb69f9f21930001").await.unwrap();
                std::hint::black_box(c);
            },
            || async {
                let c = client.show_contact().contact_id("6762f0ad1bb69f9f21930001").send().await.unwrap();
                std::hint::black_box(c);
            },
        )
        .await;
        report("1b. awaited call vs .send() (round trip)", "requests", 1.0, measured, 0.97);

        // 2. Streaming 10,000 contacts over 100 pages.
        let measured = compare(
            5,
            1,
            || async {
                let n = client.list_contacts().per_page(100).stream().try_fold(0usize, |n, _| async move { Ok(n + 1) }).await.unwrap();
                assert_eq!(n, 10_000);
            },
            || async {
                let (mut n, mut cursor): (usize, Option<String>) = (0, None);
                loop {
                    let mut req = http.get(format!("{base}/contacts")).bearer_auth("bench").header("intercom-version", "2.14").query(&[("per_page", "100")]);
                    if let Some(c) = &cursor {
                        req = req.query(&[("starting_after", c)]);
                    }
                    let page: Value = req.send().await.unwrap().json().await.unwrap();
                    n += page["data"].as_array().map_or(0, Vec::len);
                    cursor = page["pages"]["next"]["starting_after"].as_str().map(str::to_string);
                    if cursor.is_none() {
                        break;
                    }
                }
                assert_eq!(n, 10_000);
            },
        )
        .await;
        report("2. stream 10,000 contacts / 100 pages", "contacts", 10_000.0, measured, 0.97);
        // Peak memory while streaming, above what was live before.
        let before = LIVE.load(Relaxed);
        PEAK.store(before, Relaxed);
        let n = client.list_contacts().per_page(100).stream().try_fold(0usize, |n, _| async move { Ok(n + 1) }).await.unwrap();
        let peak = PEAK.load(Relaxed) - before;
        let page_bytes = serde_json::to_vec(&page(0, 100, None)).unwrap().len();
        println!("  peak memory while streaming {n} contacts: {:.1} MB above baseline (one page is {:.1} MB of JSON; all pages {:.1} MB)",
            peak as f64 / 1e6, page_bytes as f64 / 1e6, page_bytes as f64 * 100.0 / 1e6);
    });

    // 3. Decoding a 150-contact page.
    let body = serde_json::to_vec(&page(0, 150, Some("c1".into()))).unwrap();
    let rt1 = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let measured = rt1.block_on(compare(
        15,
        20,
        || async {
            std::hint::black_box(serde_json::from_slice::<types::ContactList>(&body).unwrap());
        },
        || async {
            std::hint::black_box(serde_json::from_slice::<Value>(&body).unwrap());
        },
    ));
    report(
        &format!("3. decode a 150-contact page ({} KB)", body.len() / 1024),
        "pages",
        1.0,
        measured,
        1.0,
    );
}
