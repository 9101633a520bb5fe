//! `intercom data-export`: Intercom's content data export (message
//! statistics): create the job, show its status until it is done, stream
//! the file to disk.
//!
//! The job is created with the typed call (`create_data_export`), waited
//! for with the library's `jobs::wait` (polls with backoff, each status
//! shown), and its file read as it comes (the raw request's
//! `send_stream`, with the client's token, version, retries before the
//! answer's head) straight into `FILE.partial` (mode 0600), renamed when
//! complete.

use crate::cancel::{or_cancel, Cancel};
use crate::config::Global;
use crate::error::{CliError, Kind, Result};
use crate::output;
use crate::progress::Progress;
use intercom_api::jobs::{self, JobOutcome, JobStatus, Wait};
use intercom_api::CallOptions;
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
    let shown = job
        .status
        .as_ref()
        .map_or("unknown".to_string(), |s| s.to_string());
    let say = |status: &str| {
        progress.status(format!("job {id}: {status}"));
        if !g.quiet {
            eprintln!("data export job {id}: {status}");
        }
    };
    say(&shown);
    let first = Duration::from_secs_f64(a.poll.max(0.0));
    let wait = Wait::new().interval(first, first.max(Duration::from_secs(30)));
    let poll = || async {
        let job = client.get_data_export().job_identifier(&id).send().await?;
        let status = job
            .status
            .as_ref()
            .map(|s| s.to_string())
            .unwrap_or_default();
        Ok(JobStatus::from_status(&status, ()))
    };
    let outcome = or_cancel(cancel, async {
        Ok(jobs::wait(poll, wait, |p: &jobs::Progress| say(&p.status)).await?)
    })
    .await?;
    if !matches!(outcome, JobOutcome::Completed(())) {
        progress.finish();
        return Err(CliError::new(
            Kind::Api,
            format!("data export job {id} ended without a file: {outcome:?}"),
        ));
    }
    let bytes = or_cancel(cancel, download(&client, &id, &a.out, &progress)).await;
    progress.finish();
    let bytes = bytes?;
    if !g.quiet {
        eprintln!("{bytes} bytes in {}", a.out.display());
    }
    Ok(())
}

/// Streams the job's file into `out.partial`, then renames it.
async fn download(
    client: &intercom_api::v2_14::Client,
    id: &str,
    out: &std::path::Path,
    progress: &Progress,
) -> Result<u64> {
    let path = format!("/download/content/data/{id}");
    // Intercom sends the file for this Accept only.
    let options = CallOptions::new().header("accept", "application/octet-stream")?;
    let mut answer = client
        .with_options(options)
        .request(reqwest::Method::GET, &path)
        .send_stream()
        .await?;
    let partial = output::sibling(out, ".partial");
    let file = output::create_options()
        .truncate(true)
        .open(&partial)
        .map_err(|e| CliError::io("create", &partial, e))?;
    let mut w = std::io::BufWriter::new(file);
    let mut bytes = 0u64;
    let http_err = |e: reqwest::Error| CliError::from(intercom_api::Error::from(e));
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
