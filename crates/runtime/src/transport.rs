//! What went wrong on the wire, named: reqwest's error kinds tell a timeout,
//! a connection failure or a broken body apart, and its chain of causes
//! (hyper, the resolver, the TLS library, the OS) tells the rest.

use std::error::Error as StdError;
use std::fmt;

/// The kind of a transport failure ([`Error::transport_kind`](crate::Error::transport_kind)),
/// as far as the HTTP stack's chain of causes tells it (best effort: the
/// words of the resolver and TLS library are read).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportKind {
    /// No answer (or no connection) within the timeout.
    Timeout,
    /// The host refused the connection (nothing listens on the port).
    ConnectionRefused,
    /// The host name did not resolve.
    Dns,
    /// The TLS handshake failed (a certificate, a protocol mismatch, or a
    /// server that does not speak TLS).
    Tls,
    /// Another failure to connect (unreachable network, reset on connect).
    Connect,
    /// The answer's body broke off or could not be read.
    Body,
    /// The answer's body could not be decoded (e.g. its compression).
    Decode,
    /// A redirect could not be followed (too many, or a bad location).
    Redirect,
    /// The request failed otherwise (e.g. the connection was reset after it
    /// was sent).
    Request,
}

impl TransportKind {
    /// What the kind is, as the first words of an error's message.
    pub fn as_str(self) -> &'static str {
        match self {
            TransportKind::Timeout => "timed out",
            TransportKind::ConnectionRefused => "connection refused",
            TransportKind::Dns => "DNS lookup failed",
            TransportKind::Tls => "TLS handshake failed",
            TransportKind::Connect => "could not connect",
            TransportKind::Body => "the answer's body could not be read",
            TransportKind::Decode => "the answer's body could not be decoded",
            TransportKind::Redirect => "a redirect could not be followed",
            TransportKind::Request => "the request failed",
        }
    }

    /// The kind of `e`.
    pub fn of(e: &reqwest::Error) -> TransportKind {
        let causes = || chain(e);
        if e.is_timeout() {
            return TransportKind::Timeout;
        }
        let io_kind = |k: std::io::ErrorKind| {
            causes().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == k)
            })
        };
        if io_kind(std::io::ErrorKind::TimedOut) {
            return TransportKind::Timeout;
        }
        if io_kind(std::io::ErrorKind::ConnectionRefused) {
            return TransportKind::ConnectionRefused;
        }
        let says = |words: &[&str]| {
            causes().any(|c| {
                let text = c.to_string().to_ascii_lowercase();
                words.iter().any(|w| text.contains(w))
            })
        };
        // hyper-util's resolver error is "dns error"; getaddrinfo's
        // "failed to lookup address information".
        if says(&[
            "dns error",
            "failed to lookup address",
            "name or service not known",
        ]) {
            return TransportKind::Dns;
        }
        if e.is_connect() || e.is_request() {
            // OpenSSL, Security.framework, SChannel and rustls words.
            if says(&[
                "ssl",
                "tls",
                "certificate",
                "handshake",
                "invalid peer",
                "corrupt message",
            ]) {
                return TransportKind::Tls;
            }
        }
        // reqwest wraps a broken body read through `bytes()` as a decode
        // error whose cause is the body error.
        let body = causes().any(|c| {
            c.downcast_ref::<reqwest::Error>()
                .is_some_and(reqwest::Error::is_body)
        });
        if e.is_connect() {
            TransportKind::Connect
        } else if e.is_redirect() {
            TransportKind::Redirect
        } else if body {
            TransportKind::Body
        } else if e.is_decode() {
            TransportKind::Decode
        } else {
            TransportKind::Request
        }
    }
}

impl fmt::Display for TransportKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `e` and its causes, outermost first.
fn chain(e: &reqwest::Error) -> impl Iterator<Item = &(dyn StdError + 'static)> {
    let first: &(dyn StdError + 'static) = e;
    std::iter::successors(Some(first), |&c| c.source())
}

/// The one-line message of `Error::Http`: the kind, the host (never the
/// path or query, which hold ids and search values), and the innermost
/// cause's words, e.g. `connection refused (127.0.0.1:9): Connection
/// refused (os error 111)`.
pub(crate) fn describe(e: &reqwest::Error) -> String {
    let kind = TransportKind::of(e);
    let mut out = String::from(kind.as_str());
    if let Some(url) = e.url() {
        if let Some(host) = url.host_str() {
            match url.port() {
                Some(p) => out.push_str(&format!(" ({host}:{p})")),
                None => out.push_str(&format!(" ({host})")),
            }
        }
    }
    // The innermost cause says most; reqwest's own words say least.
    if let Some(root) = chain(e).skip(1).last() {
        let words = root.to_string();
        let words = words.lines().next().unwrap_or_default().trim();
        if !words.is_empty() {
            out.push_str(": ");
            out.push_str(words);
        }
    }
    out
}
