//! `intercom export <stream>`: one stream as JSON Lines, resumable.

use crate::cancel::Cancel;
use crate::checkpoint::{Checkpoint, Point};
use crate::config::Global;
use crate::error::{CliError, Kind, Result};
use crate::output::{self, Sink};
use crate::progress::Progress;
use crate::streams::{self, Options, Run, Stream};
use std::path::{Path, PathBuf};

/// Export one stream as JSON Lines (one record per line).
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The stream.
    #[arg(value_enum)]
    pub stream: Stream,
    /// Only records updated after DATE (2024-05-01, RFC 3339 or Unix
    /// seconds): a search on updated_at (contacts, conversations, tickets).
    #[arg(long, value_name = "DATE", value_parser = crate::dates::parse_date)]
    pub since: Option<i64>,
    /// Write to FILE (through FILE.partial, renamed when complete; a
    /// checkpoint beside it, FILE.checkpoint.json), or `-` for stdout.
    #[arg(long, short, value_name = "FILE", default_value = "-")]
    pub out: String,
    /// Conversations: fetch each one whole, with its conversation parts.
    #[arg(long)]
    pub with_parts: bool,
    /// Continue an interrupted export of FILE from its checkpoint.
    #[arg(long)]
    pub resume: bool,
}

pub fn checkpoint_path(out: &Path) -> PathBuf {
    output::sibling(out, ".checkpoint.json")
}

pub async fn run(g: &Global, a: Args, cancel: &Cancel) -> Result<()> {
    if a.since.is_some() && !a.stream.searchable() {
        return Err(CliError::usage(a.stream.since_unsupported()));
    }
    if a.with_parts && a.stream != Stream::Conversations {
        return Err(CliError::usage(
            "--with-parts applies to conversations only",
        ));
    }
    let to_stdout = a.out == "-";
    if a.resume && to_stdout {
        return Err(CliError::usage(
            "--resume needs --out FILE: what was written to stdout cannot be taken back",
        ));
    }
    let opts = Options {
        since: a.since,
        with_parts: a.with_parts,
        per_page: g.per_page,
    };
    let client = g.client()?;
    let mut progress = Progress::new(a.stream.name(), g.quiet);
    if to_stdout {
        let mut sink = Sink::stdout();
        let mut save = |_: &Point, _: u64, _: u64| Ok(());
        let mut run = Run {
            client: &client,
            sink: &mut sink,
            progress: &mut progress,
            cancel,
            save: &mut save,
        };
        streams::read(&mut run, a.stream, opts, &Point::default()).await?;
        sink.finish()?;
        progress.finish();
        return Ok(());
    }

    let out = PathBuf::from(&a.out);
    let cp_path = checkpoint_path(&out);
    let asked = Checkpoint {
        stream: a.stream.name().to_string(),
        since: a.since,
        with_parts: a.with_parts,
        point: Point::default(),
        bytes: 0,
        records: 0,
    };
    let (start, keep) = if a.resume {
        let saved = read_checkpoint(&cp_path)?;
        if (&saved.stream, saved.since, saved.with_parts)
            != (&asked.stream, asked.since, asked.with_parts)
        {
            return Err(CliError::usage(format!(
                "{} is a checkpoint of `export {}{}{}`: resume with the same arguments",
                cp_path.display(),
                saved.stream,
                saved
                    .since
                    .map(|s| format!(" --since {s}"))
                    .unwrap_or_default(),
                if saved.with_parts {
                    " --with-parts"
                } else {
                    ""
                },
            )));
        }
        if a.stream.scrolls() {
            eprintln!(
                "{}: Intercom's scroll cursor expires after a minute, so this stream restarts from its first record",
                a.stream.name()
            );
            (Point::default(), Some(0))
        } else {
            progress.resume(saved.records);
            if !g.quiet {
                eprintln!(
                    "resuming {}: {} records kept",
                    a.stream.name(),
                    saved.records
                );
            }
            (saved.point.clone(), Some(saved.bytes))
        }
    } else {
        if cp_path.exists() {
            return Err(CliError::usage(format!(
                "{} exists: an earlier export to {} was interrupted; continue it with --resume, or delete it to start over",
                cp_path.display(),
                out.display()
            )));
        }
        (Point::default(), None)
    };
    let mut sink = Sink::partial(&out, keep)?;
    let mut save = |point: &Point, bytes: u64, records: u64| {
        let cp = Checkpoint {
            point: point.clone(),
            bytes,
            records,
            ..asked.clone()
        };
        let json = serde_json::to_vec_pretty(&cp).unwrap_or_default();
        output::write_atomic(&cp_path, &json)
    };
    // A checkpoint from the start: an interrupted first page resumes too.
    let initial_records = progress.records();
    save(&start, keep.unwrap_or(0), initial_records)?;
    let mut run = Run {
        client: &client,
        sink: &mut sink,
        progress: &mut progress,
        cancel,
        save: &mut save,
    };
    let result = streams::read(&mut run, a.stream, opts, &start).await;
    progress.finish();
    match result {
        Ok(()) => {
            sink.finish()?;
            let _ = std::fs::remove_file(&cp_path);
            if !g.quiet {
                eprintln!(
                    "{} records of {} in {}",
                    progress.records(),
                    a.stream.name(),
                    out.display()
                );
            }
            Ok(())
        }
        Err(e) => {
            let _ = sink.commit();
            Err(e.context(format!(
                "{} stopped after {} records ({} kept; continue with --resume)",
                a.stream.name(),
                progress.records(),
                output::sibling(&out, ".partial").display()
            )))
        }
    }
}

fn read_checkpoint(path: &Path) -> Result<Checkpoint> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(CliError::usage(format!(
                "nothing to resume: {} does not exist",
                path.display()
            )))
        }
        Err(e) => return Err(CliError::io("read", path, e)),
    };
    serde_json::from_slice(&bytes).map_err(|e| {
        CliError::new(
            Kind::Io,
            format!("{} is not a checkpoint: {e}", path.display()),
        )
    })
}
