//! Carries this crate's [`Error`] through a `reqwest::Error`.
//!
//! Progenitor's hook (`ClientHooks::exec`) must answer a `reqwest::Result`,
//! and reqwest's errors cannot be made from outside; yet the runtime has
//! errors of its own to give a generated call (a deadline that passed, with
//! the last attempt's error). So the runtime makes a `reqwest::Error` the
//! one way reqwest allows, by reading a body that fails with a [`Carried`]
//! error, and `Error::from(reqwest::Error)` finds it in the chain of causes
//! and takes the error back out.

use crate::Error;
use std::sync::Mutex;

/// The carried error, as the cause of a `reqwest::Error`.
#[derive(Debug)]
struct Carried(Mutex<Option<Error>>);

impl std::fmt::Display for Carried {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &*self.0.lock().unwrap_or_else(|p| p.into_inner()) {
            Some(e) => write!(f, "{e}"),
            None => f.write_str("an intercom-api error (taken)"),
        }
    }
}

impl std::error::Error for Carried {}

/// `e` as a `reqwest::Error`: `Error::Http` gives its own back; any other
/// is carried.
pub(crate) async fn wrap(e: Error) -> reqwest::Error {
    use http_body_util::{BodyExt, StreamBody};
    let e = match e {
        Error::Http(e) => return e,
        other => other,
    };
    let frame: Result<http_body::Frame<bytes::Bytes>, Carried> = Err(Carried(Mutex::new(Some(e))));
    let body = StreamBody::new(futures::stream::iter([frame]));
    let body = reqwest::Body::wrap(
        body.map_err(|c| Box::new(c) as Box<dyn std::error::Error + Send + Sync>),
    );
    let response = reqwest::Response::from(http::Response::new(body));
    match response.bytes().await {
        Err(e) => e,
        // The body's one frame is the error: never read in full.
        Ok(_) => unreachable!("a body whose only frame is an error was read"),
    }
}

/// The error `e` carries, or `Error::Http(e)`.
pub(crate) fn unwrap(e: reqwest::Error) -> Error {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(&e);
    while let Some(c) = cause {
        if let Some(carried) = c.downcast_ref::<Carried>() {
            if let Some(inner) = carried.0.lock().unwrap_or_else(|p| p.into_inner()).take() {
                return inner;
            }
        }
        cause = c.source();
    }
    Error::Http(e)
}
