//! `intercom data-export`: Intercom's content data export (message
//! statistics) through the library's one-call export
//! (`intercom_api::export::content_data`): it creates the job, waits for it
//! with backoff (each status shown here), and hands the file on streamed,
//! which goes straight into `FILE.partial` (mode 0600), renamed when
//! complete.

use crate::cancel::{or_cancel, Cancel};
use crate::config::Global;
use crate::error::{CliError, Kind, Result};
use crate::output;
use crate::progress::Progress;
use futures::TryStreamExt;
use intercom_api::export;
use intercom_api::jobs::{self, JobOutcome, Wait};
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
    let say = |status: &str| {
        progress.status(format!("data export: {status}"));
        if !g.quiet {
            eprintln!("data export job: {status}");
        }
    };
    let first = Duration::from_secs_f64(a.poll.max(0.0));
    let wait = Wait::new().interval(first, first.max(Duration::from_secs(30)));
    let outcome = or_cancel(cancel, async {
        let on_status = |p: &jobs::Progress| say(&p.status);
        Ok(export::content_data(&client, a.from, a.to, wait, on_status).await?)
    })
    .await?;
    let file = match outcome {
        JobOutcome::Completed(file) => file,
        other => {
            progress.finish();
            return Err(CliError::new(
                Kind::Api,
                format!(
                    "the data export ended without a file: {:?}",
                    other.map(|_| ())
                ),
            ));
        }
    };
    let bytes = or_cancel(cancel, download(file, &a.out, &progress)).await;
    progress.finish();
    let bytes = bytes?;
    if !g.quiet {
        eprintln!("{bytes} bytes in {}", a.out.display());
    }
    Ok(())
}

/// Streams the job's file into `out.partial`, then renames it.
async fn download(
    file: intercom_api::ByteStream,
    out: &std::path::Path,
    progress: &Progress,
) -> Result<u64> {
    let mut answer = file.into_inner();
    let partial = output::sibling(out, ".partial");
    let file = output::create_options()
        .truncate(true)
        .open(&partial)
        .map_err(|e| CliError::io("create", &partial, e))?;
    let mut w = std::io::BufWriter::new(file);
    let mut bytes = 0u64;
    let http_err = |e: reqwest::Error| CliError::from(intercom_api::Error::from(e));
    while let Some(chunk) = answer.try_next().await.map_err(http_err)? {
        w.write_all(&chunk)
            .map_err(|e| CliError::io("write", &partial, e))?;
        bytes += chunk.len() as u64;
        progress.status(format!("downloading, {bytes} bytes"));
    }
    w.flush()
        .and_then(|_| w.get_ref().sync_all())
        .map_err(|e| CliError::io("write", &partial, e))?;
    std::fs::rename(&partial, out).map_err(|e| CliError::io("rename", &partial, e))?;
    Ok(bytes)
}
