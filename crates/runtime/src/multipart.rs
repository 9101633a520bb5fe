//! `multipart/form-data` bodies, for the few operations that take a form
//! (Preview's ecommerce catalog upload). The generated method takes the
//! bytes; the runtime sends them with `multipart/form-data` and the boundary
//! the body starts with.

/// A `multipart/form-data` body.
///
/// ```
/// # use intercom_api_runtime as intercom_api;
/// let body = intercom_api::Multipart::new()
///     .text("finalize", "false")
///     .file("catalog", "catalog.json", "application/json", br#"[{"id": "p1"}]"#.to_vec())
///     .into_bytes();
/// assert!(body.starts_with(b"--intercom-api-"));
/// ```
#[derive(Debug, Clone)]
pub struct Multipart {
    boundary: String,
    body: Vec<u8>,
}

impl Default for Multipart {
    fn default() -> Self {
        Self::new()
    }
}

impl Multipart {
    /// An empty form with a fresh boundary.
    pub fn new() -> Multipart {
        Multipart {
            boundary: format!("intercom-api-{:016x}", fastrand::u64(..)),
            body: Vec::new(),
        }
    }

    /// The boundary between parts.
    pub fn boundary(&self) -> &str {
        &self.boundary
    }

    fn part(mut self, headers: String, data: &[u8]) -> Multipart {
        self.body
            .extend_from_slice(format!("--{}\r\n{headers}\r\n", self.boundary).as_bytes());
        self.body.extend_from_slice(data);
        self.body.extend_from_slice(b"\r\n");
        self
    }

    /// A text field.
    pub fn text(self, name: &str, value: &str) -> Multipart {
        let h = format!(
            "Content-Disposition: form-data; name=\"{}\"\r\n",
            quote(name)
        );
        self.part(h, value.as_bytes())
    }

    /// A file field.
    pub fn file(self, name: &str, file_name: &str, content_type: &str, data: Vec<u8>) -> Multipart {
        let h = format!(
            "Content-Disposition: form-data; name=\"{}\"; filename=\"{}\"\r\nContent-Type: {content_type}\r\n",
            quote(name),
            quote(file_name)
        );
        self.part(h, &data)
    }

    /// The finished body, to pass to the operation's `.body(…)`.
    pub fn into_bytes(mut self) -> Vec<u8> {
        self.body
            .extend_from_slice(format!("--{}--\r\n", self.boundary).as_bytes());
        self.body
    }
}

fn quote(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace(['\r', '\n'], " ")
}

/// The boundary a multipart body starts with (`--BOUNDARY\r\n`).
pub(crate) fn boundary_of(body: &[u8]) -> Option<&str> {
    let rest = body.strip_prefix(b"--")?;
    let end = rest.windows(2).position(|w| w == b"\r\n")?;
    let b = std::str::from_utf8(&rest[..end]).ok()?;
    (!b.is_empty() && b.len() <= 70 && b.bytes().all(|c| c.is_ascii_graphic())).then_some(b)
}
