//! Securing the Intercom Messenger for logged-in users (feature `identity`):
//! what a server computes so that Intercom knows the Messenger's user is who
//! the page says.
//!
//! # What Intercom documents
//!
//! Intercom calls this *Messenger security*. Its recommended method, since
//! May 2025, is a **JWT** (JSON Web Token, HS256) that the server signs with
//! the workspace's *Messenger API secret* (Settings › Workspace › Security ›
//! Messenger): the payload names the user (`user_id`, required; `email` and
//! other attributes optional, which the token then protects from being
//! changed in the browser) and may set an expiry (`exp`). The page passes it
//! to the Messenger as `intercom_user_jwt`, the mobile SDKs with `setUserJwt`.
//! The older method, **identity verification**, is an HMAC-SHA256 hex digest
//! of the user's id (or, without one, email) with the same secret, passed as
//! `user_hash`. Intercom now calls it deprecated: it "will continue to work"
//! but gets no updates, cannot expire, and protects no attribute besides the
//! id; it recommends migrating to JWTs. Intercom's help centre announces
//! Messenger security (JWT or identity verification) as required for
//! existing workspaces from 31 January 2027.
//!
//! # What this crate offers, and why
//!
//! Both, as pure functions of the secret: [`messenger_jwt`] for the
//! recommended method (a JWT is three base64url parts and one HMAC, so no
//! JWT library is needed, and the claims are the caller's JSON), and
//! [`user_hash`] for the many installations that still send `user_hash`
//! (and for migrating, when both run side by side). The secret never
//! leaves the server: never compute either in a browser or an app.

use hmac::{Hmac, Mac};
use sha2::Sha256;

fn mac(secret: &[u8]) -> Hmac<Sha256> {
    <Hmac<Sha256> as Mac>::new_from_slice(secret).expect("HMAC accepts keys of any length")
}

/// Identity verification's `user_hash` (deprecated by Intercom in favour of
/// [`messenger_jwt`]; see the [module](self)): the HMAC-SHA256 of
/// `user_id_or_email` (the user id when the user has one; Intercom prefers
/// it) with the workspace's identity verification secret, as lower-case hex.
///
/// ```
/// # use intercom_api_runtime as intercom_api;
/// let hash = intercom_api::identity::user_hash("s3cr3t", "user-42");
/// assert_eq!(hash.len(), 64);
/// ```
pub fn user_hash(secret: impl AsRef<[u8]>, user_id_or_email: &str) -> String {
    let mut m = mac(secret.as_ref());
    m.update(user_id_or_email.as_bytes());
    hex(&m.finalize().into_bytes())
}

/// A Messenger JWT (HS256) of `claims`, signed with the workspace's
/// Messenger API secret (see the [module](self)). `claims` is the payload:
/// an object with the user's `user_id` (a string; Intercom rejects a token
/// without one), optionally `email` and other attributes to protect, and
/// `exp` (Unix seconds) for a token that expires. Refused with
/// [`Error::InvalidRequest`](crate::Error::InvalidRequest): claims that are
/// not an object with a non-empty string `user_id`.
///
/// ```
/// # use intercom_api_runtime as intercom_api;
/// use serde_json::json;
/// let exp = 1_900_000_000; // e.g. now + the session's length
/// let jwt = intercom_api::identity::messenger_jwt(
///     "s3cr3t",
///     &json!({"user_id": "user-42", "email": "ada@example.com", "exp": exp}),
/// )?;
/// assert_eq!(jwt.split('.').count(), 3);
/// # Ok::<(), intercom_api::Error>(())
/// ```
pub fn messenger_jwt(
    secret: impl AsRef<[u8]>,
    claims: &serde_json::Value,
) -> crate::Result<String> {
    use base64::Engine;
    let has_user = claims
        .get("user_id")
        .and_then(|v| v.as_str())
        .is_some_and(|s| !s.trim().is_empty());
    if !claims.is_object() || !has_user {
        return Err(crate::Error::InvalidRequest {
            message: "a Messenger JWT's claims are an object with a string `user_id`".into(),
        });
    }
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut token = b64.encode(br#"{"alg":"HS256","typ":"JWT"}"#);
    token.push('.');
    token.push_str(&b64.encode(claims.to_string()));
    let mut m = mac(secret.as_ref());
    m.update(token.as_bytes());
    token.push('.');
    token.push_str(&b64.encode(m.finalize().into_bytes()));
    Ok(token)
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}
