//! What every generated call's `send()` calls once it has an answer: the
//! decoder of a success body and the classifier of any other answer, both
//! returning this crate's [`Error`]; and the future a call builder becomes
//! when awaited (`client.show_contact().contact_id(id).await?`).

use crate::error::Error;
use crate::response::ResponseExt;
use progenitor_client::ResponseValue;
use serde::de::DeserializeOwned;
use std::future::Future;
use std::pin::Pin;

/// The future of an awaited call builder: its answer's body, or the error.
pub type Call<'a, T> = Pin<Box<dyn Future<Output = crate::Result<T>> + Send + 'a>>;

/// `send`'s future as the body alone (`IntoFuture` of every call builder).
pub fn call<'a, T: 'a>(
    send: impl Future<Output = crate::Result<ResponseValue<T>>> + Send + 'a,
) -> Call<'a, T> {
    Box::pin(async move { send.await.map(ResponseValue::into_inner) })
}

/// Decodes a success answer's JSON body into `T`. On failure, the body is
/// decoded a second time with `serde_path_to_error` to name the JSON path
/// where it failed (only then: the first decode is serde_json's own).
pub async fn json<T: DeserializeOwned>(
    response: reqwest::Response,
) -> crate::Result<ResponseValue<T>> {
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await.map_err(Error::Http)?;
    match serde_json::from_slice::<T>(&body) {
        Ok(inner) => Ok(ResponseValue::new(inner, status, headers)),
        Err(source) => {
            let answer = ResponseValue::new((), status, headers);
            Err(decode_error::<T>(&answer, body, source))
        }
    }
}

/// A success answer's text body (`text/plain`: a call's transcript). Text
/// that is not UTF-8 is kept with its invalid bytes replaced (U+FFFD),
/// never refused: the raw bytes are a `ResponseValue` away with
/// `request(…).send()`.
pub async fn text(response: reqwest::Response) -> crate::Result<ResponseValue<String>> {
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await.map_err(Error::Http)?;
    let text = String::from_utf8_lossy(&body).into_owned();
    Ok(ResponseValue::new(text, status, headers))
}

/// The `Error::Decode` of a body that did not decode into `T`.
fn decode_error<T: DeserializeOwned>(
    answer: &ResponseValue<()>,
    body: bytes::Bytes,
    source: serde_json::Error,
) -> Error {
    let mut de = serde_json::Deserializer::from_slice(&body);
    let path = match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Err(e) => json_path(e.path()),
        // Decoded the second time (should not happen): locate by position.
        Ok(_) => crate::json_path::json_path_at(&body, source.line(), source.column()),
    };
    let content_type = answer
        .headers()
        .get(reqwest::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(Box::<str>::from);
    let html = content_type.as_deref().is_some_and(|c| c.contains("html"))
        || body.trim_ascii_start().starts_with(b"<");
    Error::Decode {
        status: Some(answer.status()),
        request_id: answer.request_id().map(Box::from),
        content_type,
        note: html.then_some(
            "the body is HTML, not JSON: a proxy, a captive portal or a wrong base URL answered",
        ),
        path,
        body,
        source,
    }
}

/// `serde_path_to_error`'s path in this crate's format: `$.data[3].avatar`.
fn json_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::from("$");
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key } => crate::json_path::push_key(&mut out, key),
            Segment::Enum { variant } => crate::json_path::push_key(&mut out, variant),
            Segment::Unknown => {}
        }
    }
    out
}

/// An answer whose status the operation does not declare as its success:
/// Intercom's `error.list` ([`Error::Api`]) for an error status, or
/// [`Error::UnexpectedStatus`] for another success status.
pub fn unexpected(response: reqwest::Response) -> Error {
    Error::from_response(&response)
}

/// A call's parameter that was not given or did not fit (the message names
/// the call and the field).
pub fn invalid(message: String) -> Error {
    Error::InvalidRequest { message }
}

/// A header value a call's parameter cannot be sent as (progenitor's
/// `send` converts parameters into headers with `?`).
impl From<reqwest::header::InvalidHeaderValue> for Error {
    fn from(e: reqwest::header::InvalidHeaderValue) -> Self {
        Error::InvalidRequest {
            message: format!("a header value cannot be sent: {e}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, content_type: &str, body: &'static str) -> reqwest::Response {
        let r = http::Response::builder()
            .status(status)
            .header("content-type", content_type)
            .header("x-request-id", "req-1")
            .body(body)
            .expect("a response");
        reqwest::Response::from(r)
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Page {
        data: Vec<Item>,
    }
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Item {
        id: String,
    }

    #[tokio::test]
    async fn a_body_that_does_not_fit_names_its_path_status_and_request_id() {
        let r = answer(200, "application/json", r#"{"data":[{"id":"1"},{"id":2}]}"#);
        let e = json::<Page>(r).await.unwrap_err();
        let Error::Decode {
            status,
            request_id,
            content_type,
            note,
            path,
            ..
        } = &e
        else {
            panic!("not a decode error: {e:?}");
        };
        assert_eq!(*status, Some(reqwest::StatusCode::OK));
        assert_eq!(request_id.as_deref(), Some("req-1"));
        assert_eq!(content_type.as_deref(), Some("application/json"));
        assert_eq!(*note, None);
        assert_eq!(path, "$.data[1].id");
    }

    #[tokio::test]
    async fn an_html_body_says_so() {
        let r = answer(200, "text/html", "<html>proxy</html>");
        let e = json::<Page>(r).await.unwrap_err();
        assert!(matches!(&e, Error::Decode { note: Some(n), .. } if n.contains("HTML")));
        assert!(e.to_string().contains("HTML"), "{e}");
    }

    #[tokio::test]
    async fn a_body_that_fits_decodes_with_its_status() {
        let r = answer(201, "application/json", r#"{"data":[]}"#);
        let v = json::<Page>(r).await.expect("decodes");
        assert_eq!(v.status(), 201);
        assert!(v.into_inner().data.is_empty());
    }
}
