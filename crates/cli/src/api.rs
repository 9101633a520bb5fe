//! `intercom api METHOD PATH`: any endpoint, like `gh api`.
//!
//! With the compiled version (2.14) the request goes through the library's
//! runtime, the same as every typed call: token, `Intercom-Version`, retries
//! (never repeating a write Intercom may have received) and pacing to the
//! rate limit. `--api-version` with another version sends that header
//! instead, on the same connection pool, without the runtime's retries and
//! pacing (the runtime sends its own client's version).

use crate::config::Global;
use crate::error::{kind_of_status, CliError, Kind, Result};
use intercom_api::v2_14::{ClientInfo, API_VERSION};
use intercom_api::VersionClient;
use reqwest::header::{HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use std::io::{Read, Write};

/// Call any endpoint and print its JSON answer.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// GET, POST, PUT, DELETE, …
    pub method: String,
    /// The path, with its query if any: /contacts/123, /admins?x=1.
    pub path: String,
    /// The JSON body: text, @FILE, or @- for stdin.
    #[arg(long, short = 'd', value_name = "JSON|@FILE")]
    pub data: Option<String>,
    /// The Intercom-Version header (default: the compiled one).
    #[arg(long, value_name = "V")]
    pub api_version: Option<String>,
}

fn body_of(data: &str) -> Result<serde_json::Value> {
    let text = match data.strip_prefix('@') {
        Some("-") => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .map_err(|e| CliError::io("read", std::path::Path::new("stdin"), e))?;
            s
        }
        Some(file) => std::fs::read_to_string(file)
            .map_err(|e| CliError::io("read", std::path::Path::new(file), e))?,
        None => data.to_string(),
    };
    serde_json::from_str(&text).map_err(|e| CliError::usage(format!("--data is not JSON: {e}")))
}

pub async fn run(g: &Global, a: Args) -> Result<()> {
    let method = reqwest::Method::from_bytes(a.method.to_ascii_uppercase().as_bytes())
        .map_err(|_| CliError::usage(format!("`{}` is not an HTTP method", a.method)))?;
    if !a.path.starts_with('/') {
        return Err(CliError::usage(format!(
            "the path must start with `/` (e.g. /contacts), not `{}`",
            a.path
        )));
    }
    let body = a.data.as_deref().map(body_of).transpose()?;
    let client = g.client()?;
    let url = format!("{}{}", client.baseurl(), a.path);
    let url = reqwest::Url::parse(&url)
        .map_err(|e| CliError::usage(format!("`{}` does not make a URL: {e}", a.path)))?;
    let mut request = reqwest::Request::new(method, url);
    let h = request.headers_mut();
    h.insert(ACCEPT, HeaderValue::from_static("application/json"));
    if let Some(body) = &body {
        h.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        *request.body_mut() = Some(serde_json::to_vec(body).unwrap_or_default().into());
    }
    let version = a.api_version.as_deref().unwrap_or(API_VERSION);
    let sent = if version == API_VERSION {
        client
            .runtime()
            .exec(client.client(), request, Default::default())
            .await
    } else {
        let v = HeaderValue::from_str(version)
            .map_err(|_| CliError::usage(format!("`{version}` is not a version header")))?;
        let mut auth = HeaderValue::from_str(&format!("Bearer {}", g.access_token()?.expose()))
            .map_err(|_| {
                CliError::new(Kind::Auth, "the access token cannot be sent in a header")
            })?;
        auth.set_sensitive(true);
        request.headers_mut().insert("intercom-version", v);
        request.headers_mut().insert(AUTHORIZATION, auth);
        client.client().execute(request).await
    };
    let answer = sent.map_err(|e| CliError::from(intercom_api::Error::Http(e)))?;
    let status = answer.status();
    let bytes = answer
        .bytes()
        .await
        .map_err(|e| CliError::from(intercom_api::Error::Http(e)))?;
    let mut stdout = std::io::stdout().lock();
    let printed = match serde_json::from_slice::<serde_json::Value>(&bytes) {
        Ok(v) => serde_json::to_writer_pretty(&mut stdout, &v)
            .map_err(std::io::Error::from)
            .and_then(|_| writeln!(stdout)),
        Err(_) => stdout.write_all(&bytes),
    };
    printed
        .and_then(|_| stdout.flush())
        .map_err(|e| CliError::io("write", std::path::Path::new("stdout"), e))?;
    if status.is_success() {
        Ok(())
    } else {
        Err(CliError::new(
            kind_of_status(status.as_u16()),
            format!("Intercom answered {status}"),
        ))
    }
}
