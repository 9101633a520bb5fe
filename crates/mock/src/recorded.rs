//! The requests the mock received ([`MockIntercom::requests`]).

use serde::de::DeserializeOwned;
use std::fmt;

/// One request the mock received.
#[derive(Clone)]

pub struct Recorded {
    pub(crate) operation: &'static str,
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) headers: http::HeaderMap,
    pub(crate) body: Vec<u8>,
    pub(crate) status: u16,
}

impl fmt::Debug for Recorded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The token is a secret, even a test's.
        let headers: Vec<_> = self
            .headers
            .iter()
            .map(|(k, v)| {
                let v = if k == http::header::AUTHORIZATION {
                    "<redacted>"
                } else {
                    v.to_str().unwrap_or("<bytes>")
                };
                (k.as_str(), v)
            })
            .collect();
        f.debug_struct("Recorded")
            .field("operation", &self.operation)
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", &headers)
            .field("body", &String::from_utf8_lossy(&self.body))
            .field("status", &self.status)
            .finish()
    }
}

impl Recorded {
    /// The operation's name (empty for a path no operation has).
    pub fn operation(&self) -> &str {
        self.operation
    }

    /// The HTTP method, upper case.
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The path, e.g. `/conversations/123/reply`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The query parameters, in order, decoded.
    pub fn query(&self) -> &[(String, String)] {
        &self.query
    }

    /// The first value of query parameter `name`.
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The request's headers.
    pub fn headers(&self) -> &http::HeaderMap {
        &self.headers
    }

    /// The body decoded from JSON into `T`: the operation's request type
    /// (`v2_14::types::ReplyConversationRequest`), or `serde_json::Value`.
    pub fn body<T: DeserializeOwned>(&self) -> serde_json::Result<T> {
        serde_json::from_slice(&self.body)
    }

    /// The body's bytes.
    pub fn body_bytes(&self) -> &[u8] {
        &self.body
    }

    /// The status the mock answered (`400` or `401` when it refused the request).
    pub fn status(&self) -> u16 {
        self.status
    }
}
