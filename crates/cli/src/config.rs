//! The options every command shares: token, region, base URL, page size,
//! retries, quiet; and the client made of them.

use crate::error::{CliError, Kind, Result};
use intercom_api::{v2_14::Client, AccessToken, Region, RetryPolicy};
use std::path::PathBuf;

/// Where the access token comes from: `INTERCOM_ACCESS_TOKEN` or `--token-file`.
/// (No `--token` flag: a token on the command line shows in `ps` and shell history.)
#[derive(clap::Args, Debug, Clone)]
pub struct Global {
    /// Read the access token from FILE (default: the INTERCOM_ACCESS_TOKEN variable).
    /// A warning is printed if the file can be read by others.
    #[arg(long, global = true, value_name = "FILE")]
    pub token_file: Option<PathBuf>,
    /// The workspace's region: us, eu or au.
    #[arg(long, global = true, env = "INTERCOM_REGION", default_value = "us")]
    pub region: String,
    /// Send requests to URL instead of the region's (a proxy, a test server).
    #[arg(long, global = true, env = "INTERCOM_BASE_URL", value_name = "URL")]
    pub base_url: Option<String>,
    /// Records per page asked of Intercom (at most 150 on most lists).
    #[arg(long, global = true, default_value_t = 150, value_parser = clap::value_parser!(u32).range(1..=150))]
    pub per_page: u32,
    /// Retries of a failed request before giving up (0: none). Writes are
    /// never sent twice when Intercom may have received them.
    #[arg(long, global = true, default_value_t = 3, value_name = "N")]
    pub max_retries: u32,
    /// No progress on stderr (it is off anyway when stderr is not a terminal).
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// A token given by the program itself (the offline demo).
    #[arg(skip)]
    pub token: Option<AccessToken>,
}

impl Global {
    /// The access token, from `--token-file` or `INTERCOM_ACCESS_TOKEN`.
    pub fn access_token(&self) -> Result<AccessToken> {
        if let Some(t) = &self.token {
            return Ok(t.clone());
        }
        let token = match &self.token_file {
            Some(path) => {
                warn_if_readable_by_others(path);
                let text = std::fs::read_to_string(path)
                    .map_err(|e| CliError::io("read the token file", path, e))?;
                text.trim().to_string()
            }
            None => std::env::var("INTERCOM_ACCESS_TOKEN").unwrap_or_default(),
        };
        if token.trim().is_empty() {
            return Err(CliError::new(
                Kind::Auth,
                "no access token: set INTERCOM_ACCESS_TOKEN or pass --token-file FILE",
            ));
        }
        Ok(AccessToken::new(token.trim()))
    }

    /// The region, parsed.
    pub fn region(&self) -> Result<Region> {
        self.region
            .parse()
            .map_err(|e: intercom_api::Error| CliError::usage(e.to_string()))
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> Result<String> {
        let region = self.region()?;
        Ok(match &self.base_url {
            Some(u) if !u.trim().is_empty() => u.trim().trim_end_matches('/').to_string(),
            _ => region.base_url().to_string(),
        })
    }

    /// A 2.14 client with these settings.
    pub fn client(&self) -> Result<Client> {
        let retry = RetryPolicy::default().with_max_attempts(self.max_retries.saturating_add(1));
        let builder = Client::builder()
            .token(self.access_token()?)
            .base_url(self.base_url()?)
            .user_agent(concat!("intercom-cli/", env!("CARGO_PKG_VERSION")))
            .retry(retry)
            .on_event(crate::progress::observe);
        Ok(builder.build()?)
    }
}

/// Warns (on stderr) when the token file can be read by its group or others.
#[cfg(unix)]
fn warn_if_readable_by_others(path: &std::path::Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = std::fs::metadata(path) {
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            eprintln!(
                "warning: the token file {} can be read by others (mode {mode:03o}); `chmod 600` it",
                path.display()
            );
        }
    }
}

#[cfg(not(unix))]
fn warn_if_readable_by_others(_path: &std::path::Path) {}
