//! `intercom_api::webhooks`: signatures checked against HMAC-SHA1 vectors
//! computed by independent implementations, and notifications decoded.
#![cfg(feature = "webhooks")]

use intercom_api::webhooks::{self, Notification, Secret, Topic, WebhookError};

/// A ping notification as Intercom sends it.
const PING: &[u8] = br#"{"type":"notification_event","app_id":"abc123","data":{"type":"notification_event_data","item":{"type":"ping","message":"something something interzen"}},"links":{},"id":null,"topic":"ping","delivery_status":null,"delivery_attempts":1,"delivered_at":0,"first_sent_at":1700000000,"created_at":1700000000,"self":null}"#;

/// (secret, body, hex HMAC-SHA1). The first is RFC 2104's construction as
/// computed by Python's `hmac` module (`hmac.new(k, m, hashlib.sha1).hexdigest()`);
/// the second is the well-known example in Wikipedia's HMAC article, also
/// given by `openssl dgst -sha1 -hmac key`; the third an empty body, Python again.
const VECTORS: &[(&[u8], &[u8], &str)] = &[
    (
        b"client-secret",
        PING,
        "9ed5a64161e84ff6f74de63f9e1c88aa9686ff95",
    ),
    (
        b"key",
        b"The quick brown fox jumps over the lazy dog",
        "de7c9b85b8b78aa6bc8a7a36f70a90701c9db4d9",
    ),
    (b"s3cr3t", b"", "319e5f42b6b9dc5daa3b1d411df1a3f7c891f358"),
];

#[test]
fn known_vectors_verify() {
    for (secret, body, hex) in VECTORS {
        assert_eq!(webhooks::signature_hex(secret, body), *hex);
        webhooks::verify(secret, body, &format!("sha1={hex}")).unwrap();
        webhooks::verify(secret, body, &format!("  sha1={}\n", hex.to_uppercase())).unwrap();
    }
}

#[test]
fn bad_signatures_are_typed_errors() {
    let (secret, body, hex) = VECTORS[0];
    let header = format!("sha1={hex}");
    let mut tampered = body.to_vec();
    tampered[10] ^= 1;
    assert_eq!(
        webhooks::verify(secret, &tampered, &header),
        Err(WebhookError::Mismatch)
    );
    assert_eq!(
        webhooks::verify(b"another-secret", body, &header),
        Err(WebhookError::Mismatch)
    );
    assert_eq!(
        webhooks::verify(secret, body, hex),
        Err(WebhookError::MalformedSignature),
        "no sha1="
    );
    assert_eq!(
        webhooks::verify(secret, body, &format!("sha256={hex}")),
        Err(WebhookError::MalformedSignature)
    );
    assert_eq!(
        webhooks::verify(secret, body, "sha1=zz"),
        Err(WebhookError::MalformedSignature)
    );
    assert_eq!(
        webhooks::verify(secret, body, &format!("sha1={}", &hex[..39])),
        Err(WebhookError::MalformedSignature)
    );
    assert_eq!(
        webhooks::verify(secret, body, "sha1=é9ed5a64161e84ff6f74de63f9e1c88aa9686ff"),
        Err(WebhookError::MalformedSignature)
    );
    assert_eq!(
        webhooks::verify(secret, body, ""),
        Err(WebhookError::MissingSignature)
    );
    assert_eq!(
        webhooks::verify(secret, b"", &header),
        Err(WebhookError::Mismatch),
        "empty body"
    );
    // Through `?` into the crate's error.
    let err: intercom_api::Error = webhooks::verify(secret, &tampered, &header)
        .unwrap_err()
        .into();
    assert!(matches!(
        err,
        intercom_api::Error::Webhook(WebhookError::Mismatch)
    ));
}

#[test]
fn the_secret_is_never_shown() {
    let secret = Secret::new("super-secret-value");
    assert_eq!(format!("{secret:?}"), "Secret(<redacted>)");
    let err = secret
        .verify(PING, "sha1=0000000000000000000000000000000000000000")
        .unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains("super-secret-value"), "{shown}");
    secret
        .verify(
            b"x",
            &format!(
                "sha1={}",
                webhooks::signature_hex(b"super-secret-value", b"x")
            ),
        )
        .unwrap();
}

#[test]
fn notifications_decode_keep_unknowns_and_give_typed_items() {
    let n = Notification::parse(PING).unwrap();
    assert_eq!(n.topic, Topic::Ping);
    assert_eq!(n.app_id.as_deref(), Some("abc123"));
    assert_eq!(n.delivery_attempts, Some(1));
    assert_eq!(n.extra["delivered_at"], 0, "unknown fields kept");
    let body = br#"{"type":"notification_event","id":"notif_1","topic":"conversation.user.created","app_id":"a","created_at":1700000000,"data":{"type":"notification_event_data","item":{"type":"conversation","id":"123","state":"open","brand_new_field":1}}}"#;
    let n = Notification::parse(body).unwrap();
    assert_eq!(n.topic, Topic::ConversationUserCreated);
    assert_eq!(n.topic.to_string(), "conversation.user.created");
    #[cfg(feature = "v2_14")]
    {
        let c: intercom_api::v2_14::types::Conversation = n.item().unwrap();
        assert_eq!(c.id.as_ref().map(|i| i.to_string()).as_deref(), Some("123"));
    }
    let future = br#"{"type":"notification_event","topic":"brand.new.topic","data":{"item":{}}}"#;
    assert_eq!(
        Notification::parse(future).unwrap().topic,
        Topic::Unknown("brand.new.topic".into())
    );
    // A body that is not a notification: typed, with the body kept.
    let err = Notification::parse(br#"{"topic": 5"#).unwrap_err();
    assert!(matches!(err, intercom_api::Error::Decode { .. }), "{err:?}");
    assert_eq!(err.body().map(|b| b.len()), Some(11));
}
