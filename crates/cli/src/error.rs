//! What went wrong, and the exit status it gives (see [`EXIT_CODES`]).

use std::fmt;

/// The exit statuses, as `--help` shows them.
pub const EXIT_CODES: &str = "\
Exit status:
  0    done
  2    usage: a bad argument, an unknown stream, a bad date, --resume without a checkpoint
  3    auth: no access token, or Intercom refused it (401, 403)
  4    rate limit: Intercom still answered 429 when the retries were spent
  5    API: any other error from Intercom or on the way there (4xx, 5xx, connection, timeout, an answer that does not decode)
  6    IO: a local file could not be read or written
  130  interrupted (Ctrl-C): the output and its checkpoint are consistent; continue with --resume

The access token is never printed.";

/// The class of an error: its exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Usage = 2,
    Auth = 3,
    RateLimit = 4,
    Api = 5,
    Io = 6,
    Interrupted = 130,
}

/// An error of the command line: a class and a message for stderr.
#[derive(Debug)]
pub struct CliError {
    pub kind: Kind,
    pub message: String,
}

pub type Result<T> = std::result::Result<T, CliError>;

impl CliError {
    pub fn new(kind: Kind, message: impl Into<String>) -> Self {
        CliError {
            kind,
            message: message.into(),
        }
    }

    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(Kind::Usage, message)
    }

    pub fn interrupted() -> Self {
        Self::new(Kind::Interrupted, "interrupted")
    }

    /// An IO error on `path`, saying what was being done.
    pub fn io(doing: &str, path: &std::path::Path, e: std::io::Error) -> Self {
        Self::new(Kind::Io, format!("cannot {doing} {}: {e}", path.display()))
    }

    /// The exit status.
    pub fn code(&self) -> i32 {
        self.kind as i32
    }

    /// The same error with `context: ` before its message.
    pub fn context(mut self, context: impl fmt::Display) -> Self {
        self.message = format!("{context}: {}", self.message);
        self
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<intercom_api::Error> for CliError {
    fn from(e: intercom_api::Error) -> Self {
        use intercom_api::Error as E;
        // The library's messages never hold the token (it is redacted everywhere).
        let kind = match &e {
            E::MissingToken | E::InvalidToken => Kind::Auth,
            E::InvalidRegion { .. } | E::InvalidBaseUrl { .. } => Kind::Usage,
            e if e.is_unauthorized() => Kind::Auth,
            e if e.is_rate_limited() => Kind::RateLimit,
            e if e.status().is_some_and(|s| s.as_u16() == 403) => Kind::Auth,
            _ => Kind::Api,
        };
        let mut message = e.to_string();
        // The causes too ("HTTP request failed: … connection refused").
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            message.push_str(&format!(": {s}"));
            source = s.source();
        }
        if let Some(id) = e.request_id() {
            message.push_str(&format!(" (request id {id})"));
        }
        CliError::new(kind, message)
    }
}

impl From<intercom_api::v2_14::Error<()>> for CliError {
    fn from(e: intercom_api::v2_14::Error<()>) -> Self {
        intercom_api::Error::from(e).into()
    }
}
