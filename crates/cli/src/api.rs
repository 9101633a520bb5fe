//! `intercom api METHOD PATH`: any endpoint, like `gh api`, through the
//! library's raw request (`client.request(method, path)`): token,
//! `Intercom-Version` (the compiled one, or `--api-version`), retries that
//! never repeat a write Intercom may have received, pacing to the rate limit.

use crate::config::Global;
use crate::error::{CliError, Result};
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
    /// The Intercom-Version header (default: the compiled one, 2.14).
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

/// Prints an answer's body: JSON pretty-printed, anything else as it came.
fn print(bytes: &[u8]) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    let printed = match serde_json::from_slice::<serde_json::Value>(bytes) {
        Ok(v) => serde_json::to_writer_pretty(&mut stdout, &v)
            .map_err(std::io::Error::from)
            .and_then(|_| writeln!(stdout)),
        Err(_) => stdout.write_all(bytes),
    };
    printed
        .and_then(|_| stdout.flush())
        .map_err(|e| CliError::io("write", std::path::Path::new("stdout"), e))
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
    let mut request = client.request(method, &a.path);
    if let Some(body) = &body {
        request = request.json(body);
    }
    if let Some(v) = &a.api_version {
        request = request.api_version(v.clone());
    }
    match request.send().await {
        Ok(answer) => {
            let bytes = answer
                .bytes()
                .await
                .map_err(|e| CliError::from(intercom_api::Error::from(e)))?;
            print(&bytes)
        }
        // An error status: Intercom's error.list on stdout, as `gh api` does.
        Err(e) => {
            if let Some(body) = e.body() {
                print(body)?;
            }
            Err(e.into())
        }
    }
}
