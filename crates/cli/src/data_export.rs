//! `intercom data-export`: Intercom's content data export (message
//! statistics): create the job, show its status until it is done, stream
//! the file to disk.
//!
//! The job is created and polled with the typed calls (`create_data_export`,
//! `get_data_export`). The file is read chunk by chunk with the client's own
//! connection pool and the same `Authorization` and `Intercom-Version`
//! headers, straight into `FILE.partial` (mode 0600), renamed when complete:
//! the typed `download_data_export` reads a whole answer into memory.

use crate::cancel::{or_cancel, Cancel};
use crate::config::Global;
use crate::error::{kind_of_status, CliError, Kind, Result};
use crate::output;
use crate::progress::Progress;
use intercom_api::v2_14::types::DataExportStatus;
use intercom_api::v2_14::{ClientInfo, API_VERSION};
use reqwest::header::{HeaderValue, ACCEPT, AUTHORIZATION};
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

/// Export message statistics between two dates to FILE (Intercom's data export).
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Content created from DATE (2024-05-01, RFC 3339 or Unix seconds).
    #[arg(long, value_name = "DATE", value_parser = crate::dates::parse_date)]
    pub from: i64,
    /// Content created up to DATE.
    #[arg(long, value_name = "DATE", value_parser = crate::dates::parse_date)]
    pub to: i64,
    /// Where the file goes (written as FILE.partial until complete).
    #[arg(long, short, value_name = "FILE")]
    pub out: PathBuf,
    /// Seconds between two looks at the job's status.
    #[arg(long, default_value_t = 5.0, value_name = "SECS")]
    pub poll: f64,
}

pub async fn run(g: &Global, a: Args, cancel: &Cancel) -> Result<()> {
    if a.from >= a.to {
        return Err(CliError::usage("--from must be before --to"));
    }
    let client = g.client()?;
    let progress = Progress::new("data export", g.quiet);
    let job = or_cancel(cancel, async {
        let body = |b: intercom_api::v2_14::types::builder::CreateDataExportsRequest| {
            b.created_at_after(a.from).created_at_before(a.to)
        };
        Ok(client.create_data_export().body_map(body).send().await?)
    })
    .await?
    .into_inner();
    let id = job
        .job_identifier
        .clone()
        .ok_or_else(|| CliError::new(Kind::Api, "Intercom created no job (no job_identifier)"))?;
    let mut status = job.status.clone();
    loop {
        let shown = status
            .as_ref()
            .map_or("unknown".to_string(), |s| s.to_string());
        progress.status(format!("job {id}: {shown}"));
        if !g.quiet {
            eprintln!("data export job {id}: {shown}");
        }
        match status {
            Some(DataExportStatus::Completed) => break,
            Some(DataExportStatus::Failed)
            | Some(DataExportStatus::Canceled)
            | Some(DataExportStatus::NoData) => {
                progress.finish();
                return Err(CliError::new(
                    Kind::Api,
                    format!("data export job {id} ended {shown}: no file to download"),
                ));
            }
            _ => {}
        }
        or_cancel(cancel, async {
            tokio::time::sleep(Duration::from_secs_f64(a.poll.max(0.0))).await;
            Ok(())
        })
        .await?;
        let call = client.get_data_export().job_identifier(id.clone());
        status = or_cancel(cancel, async { Ok(call.send().await?) })
            .await?
            .into_inner()
            .status;
    }
    let bytes = or_cancel(cancel, download(g, &client, &id, &a.out, &progress)).await;
    progress.finish();
    let bytes = bytes?;
    if !g.quiet {
        eprintln!("{bytes} bytes in {}", a.out.display());
    }
    Ok(())
}

/// Streams the job's file into `out.partial`, then renames it.
async fn download(
    g: &Global,
    client: &intercom_api::v2_14::Client,
    id: &str,
    out: &std::path::Path,
    progress: &Progress,
) -> Result<u64> {
    let url = format!("{}/download/content/data/{id}", client.baseurl());
    let mut auth = HeaderValue::from_str(&format!("Bearer {}", g.access_token()?.expose()))
        .map_err(|_| CliError::new(Kind::Auth, "the access token cannot be sent in a header"))?;
    auth.set_sensitive(true);
    let http_err = |e| CliError::from(intercom_api::Error::Http(e));
    let mut answer = client
        .client()
        .get(url)
        .header(AUTHORIZATION, auth)
        .header("intercom-version", API_VERSION)
        .header(ACCEPT, "application/octet-stream")
        .send()
        .await
        .map_err(http_err)?;
    if !answer.status().is_success() {
        let status = answer.status();
        return Err(CliError::new(
            kind_of_status(status.as_u16()),
            format!("the download of job {id} was answered {status}"),
        ));
    }
    let partial = output::sibling(out, ".partial");
    let file = output::create_options()
        .truncate(true)
        .open(&partial)
        .map_err(|e| CliError::io("create", &partial, e))?;
    let mut w = std::io::BufWriter::new(file);
    let mut bytes = 0u64;
    while let Some(chunk) = answer.chunk().await.map_err(http_err)? {
        w.write_all(&chunk)
            .map_err(|e| CliError::io("write", &partial, e))?;
        bytes += chunk.len() as u64;
        progress.status(format!("job {id}: downloading, {bytes} bytes"));
    }
    w.flush()
        .and_then(|_| w.get_ref().sync_all())
        .map_err(|e| CliError::io("write", &partial, e))?;
    std::fs::rename(&partial, out).map_err(|e| CliError::io("rename", &partial, e))?;
    Ok(bytes)
}
