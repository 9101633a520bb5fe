//! Feature `tracing`: one span per attempt with the operation, method, path
//! template, attempt, status and request id; retry waits as events; no
//! token, ids from the path, bodies or query values anywhere.
#![cfg(all(feature = "tracing", feature = "v2_14"))]

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

type Fields = BTreeMap<String, String>;
/// Events with the id of the span they happened in.
type Events = Vec<(Option<u64>, Fields)>;

/// Records the spans and events of one thread (the test's own).
#[derive(Clone)]
struct Capture {
    thread: std::thread::ThreadId,
    spans: Arc<Mutex<Vec<(u64, String, Fields)>>>,
    events: Arc<Mutex<Events>>,
}

struct Visitor<'a>(&'a mut Fields);

impl Visit for Visitor<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0
            .insert(field.name().to_string(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_string(), value.to_string());
    }
}

impl<S: Subscriber + for<'a> LookupSpan<'a>> Layer<S> for Capture {
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, _: Context<'_, S>) {
        if std::thread::current().id() != self.thread {
            return;
        }
        let mut fields = Fields::new();
        attrs.record(&mut Visitor(&mut fields));
        let name = attrs.metadata().name().to_string();
        self.spans
            .lock()
            .unwrap()
            .push((id.into_u64(), name, fields));
    }
    fn on_record(&self, id: &Id, values: &Record<'_>, _: Context<'_, S>) {
        let mut spans = self.spans.lock().unwrap();
        if let Some((_, _, fields)) = spans.iter_mut().find(|(i, _, _)| *i == id.into_u64()) {
            values.record(&mut Visitor(fields));
        }
    }
    fn on_event(&self, event: &Event<'_>, ctx: Context<'_, S>) {
        if std::thread::current().id() != self.thread {
            return;
        }
        let mut fields = Fields::new();
        event.record(&mut Visitor(&mut fields));
        let parent = ctx.event_span(event).map(|s| s.id().into_u64());
        self.events.lock().unwrap().push((parent, fields));
    }
}

#[test]
fn a_retried_request_leaves_one_span_per_attempt_and_no_secret() {
    use intercom_api::v2_14::Client;
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    // The global subscriber, not a scoped one: with the other tests' threads
    // sending requests at the same time, a thread-local subscriber was not
    // always asked about the span's callsite. It keeps this thread's spans.
    let capture = Capture {
        thread: std::thread::current().id(),
        spans: Default::default(),
        events: Default::default(),
    };
    tracing::subscriber::set_global_default(tracing_subscriber::registry().with(capture.clone()))
        .expect("the only global subscriber of the test binary");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    {
        rt.block_on(async {
            let server = MockServer::start().await;
            Mock::given(method("GET"))
                .and(path("/contacts/secret-contact-id-123"))
                .respond_with(ResponseTemplate::new(503).insert_header("x-request-id", "req-1"))
                .up_to_n_times(1)
                .mount(&server)
                .await;
            Mock::given(method("GET"))
                .and(path("/contacts/secret-contact-id-123"))
                .respond_with(
                    ResponseTemplate::new(200)
                        .insert_header("x-request-id", "req-2")
                        .set_body_json(
                            serde_json::json!({"type": "contact", "id": "secret-contact-id-123"}),
                        ),
                )
                .mount(&server)
                .await;
            let client = Client::builder()
                .token("tok_very_secret_token")
                .base_url(server.uri())
                .retry(crate::client::quick_retries())
                .build()
                .unwrap();
            client
                .show_contact()
                .contact_id("secret-contact-id-123")
                .send()
                .await
                .unwrap();
        })
    }
    let spans: Vec<_> = capture
        .spans
        .lock()
        .unwrap()
        .iter()
        .filter(|(_, name, _)| name == "intercom.request")
        .cloned()
        .collect();
    assert_eq!(spans.len(), 2, "{spans:?}");
    for (i, (_, _, f)) in spans.iter().enumerate() {
        assert_eq!(f["operation"], "show_contact");
        assert_eq!(f["method"], "GET");
        assert_eq!(f["path"], "/contacts/{contact_id}");
        assert_eq!(f["attempt"], (i + 1).to_string());
    }
    assert_eq!(spans[0].2["status"], "503");
    assert_eq!(spans[0].2["request_id"], "req-1");
    assert_eq!(spans[1].2["status"], "200");
    assert_eq!(spans[1].2["request_id"], "req-2");
    let events = capture.events.lock().unwrap().clone();
    let retries: Vec<_> = events
        .iter()
        .filter(|(_, f)| f.get("message").is_some_and(|m| m == "retrying"))
        .collect();
    assert_eq!(retries.len(), 1, "{events:?}");
    assert_eq!(
        retries[0].0,
        Some(spans[0].0),
        "the wait is an event of the first attempt"
    );
    assert_eq!(retries[0].1["reason"], "status");
    let everything = format!("{:?} {events:?}", capture.spans.lock().unwrap());
    assert!(
        !everything.contains("tok_very_secret_token"),
        "{everything}"
    );
    assert!(
        !everything.contains("secret-contact-id-123"),
        "path values stay out: {everything}"
    );
}
