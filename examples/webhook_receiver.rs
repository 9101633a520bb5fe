//! A webhook receiver: verifies `X-Hub-Signature` and prints each notification.
//!
//! ```text
//! INTERCOM_CLIENT_SECRET=… PORT=3000 cargo run --example webhook_receiver --features webhooks
//! cargo run --example webhook_receiver --features webhooks   # no secret: a self-test, then exit
//! ```
//!
//! With `INTERCOM_CLIENT_SECRET` it serves on 127.0.0.1:`PORT` (default 3000)
//! until stopped: point your app's webhook URL at it (through a tunnel).
//! Without it, it serves with a demo secret, sends itself one correctly
//! signed notification and one tampered with, prints what it did, and exits.

use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::{Request, Response, StatusCode};
use intercom_api::webhooks::{Notification, Secret};
use std::sync::Arc;

async fn handle(secret: Arc<Secret>, req: Request<Incoming>) -> Response<Full<Bytes>> {
    let signature = req
        .headers()
        .get("x-hub-signature")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let body = match req.into_body().collect().await {
        Ok(b) => b.to_bytes(),
        Err(_) => return reply(StatusCode::BAD_REQUEST, "unreadable body"),
    };
    // Verify the raw bytes before parsing anything.
    if let Err(e) = secret.verify(&body, &signature) {
        println!("refused: {e}");
        return reply(StatusCode::UNAUTHORIZED, "bad signature");
    }
    match Notification::parse(&body) {
        Ok(n) => {
            let item = n
                .data
                .item
                .get("type")
                .and_then(|t| t.as_str())
                .unwrap_or("?");
            println!(
                "verified: {} (id {:?}, item type {item}, attempt {:?})",
                n.topic, n.id, n.delivery_attempts
            );
            reply(StatusCode::OK, "ok")
        }
        Err(e) => {
            println!("verified, but not a notification: {e}");
            reply(StatusCode::BAD_REQUEST, "not a notification")
        }
    }
}

fn reply(status: StatusCode, text: &'static str) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::from_static(text.as_bytes())));
    *r.status_mut() = status;
    r
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let configured = std::env::var("INTERCOM_CLIENT_SECRET")
        .ok()
        .filter(|s| !s.is_empty());
    let demo = configured.is_none();
    let secret_text = configured.unwrap_or_else(|| "demo-client-secret".into());
    let secret = Arc::new(Secret::new(secret_text.clone()));
    let port = if demo {
        0
    } else {
        std::env::var("PORT")
            .ok()
            .and_then(|p| p.parse().ok())
            .unwrap_or(3000)
    };
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    let addr = listener.local_addr()?;
    println!(
        "listening on http://{addr} ({})",
        if demo {
            "self-test with a demo secret"
        } else {
            "INTERCOM_CLIENT_SECRET"
        }
    );
    let server = tokio::spawn(async move {
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let secret = secret.clone();
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |req| {
                    let secret = secret.clone();
                    async move { Ok::<_, std::convert::Infallible>(handle(secret, req).await) }
                });
                let io = hyper_util::rt::TokioIo::new(stream);
                let _ = hyper::server::conn::http1::Builder::new()
                    .serve_connection(io, service)
                    .await;
            });
        }
    });
    if !demo {
        server.await?;
        return Ok(());
    }
    // Self-test: what Intercom would send, signed; then the same body altered.
    let body = r#"{"type":"notification_event","id":"notif_demo","topic":"conversation.user.created","app_id":"demo","created_at":1700000000,"delivery_attempts":1,"data":{"type":"notification_event_data","item":{"type":"conversation","id":"123"}}}"#;
    let signature = format!(
        "sha1={}",
        intercom_api::webhooks::signature_hex(secret_text.as_bytes(), body.as_bytes())
    );
    let http = reqwest::Client::new();
    for (label, sent) in [
        ("signed", body.to_string()),
        ("tampered", body.replace("123", "124")),
    ] {
        let r = http
            .post(format!("http://{addr}/"))
            .header("x-hub-signature", &signature)
            .body(sent)
            .send()
            .await?;
        println!("  {label} notification -> {}", r.status());
    }
    Ok(())
}
