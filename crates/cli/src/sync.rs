//! `intercom sync`: incremental copies, one JSONL file per stream, one
//! cursor per stream in a state file.
//!
//! Searchable streams (contacts, conversations, tickets) append to
//! `DIR/<stream>.jsonl` what was updated since the stream's cursor less a
//! lookback window (the whole stream the first time); their cursor becomes
//! the time the run started, once the run is complete. The other streams
//! are refreshed whole: `DIR/<stream>.jsonl.partial`, renamed over
//! `DIR/<stream>.jsonl` when complete. A run interrupted half-way is kept in
//! the state (resume point, file length) and continued by the next `sync`.

use crate::cancel::Cancel;
use crate::checkpoint::Point;
use crate::config::Global;
use crate::error::{CliError, Kind, Result};
use crate::output::{self, Sink};
use crate::progress::Progress;
use crate::streams::{self, Options, Run, Stream};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Copy what changed since the last sync, one JSONL file per stream.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The state file (created if missing): one cursor per stream.
    #[arg(long, value_name = "FILE")]
    pub state: PathBuf,
    /// Where the JSONL files go (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out_dir: PathBuf,
    /// The streams, comma-separated (default: all but notes).
    #[arg(long, value_enum, value_delimiter = ',')]
    pub streams: Vec<Stream>,
    /// Records updated up to this long before the last run's start are read
    /// again (90s, 10m, 2h, 1d): Intercom's search index lags behind writes.
    #[arg(long, default_value = "10m", value_parser = crate::dates::parse_duration)]
    pub lookback: i64,
    /// Conversations: fetch each one whole, with its conversation parts.
    #[arg(long)]
    pub with_parts: bool,
}

/// The state file.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct State {
    #[serde(default)]
    pub streams: BTreeMap<String, StreamState>,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct StreamState {
    /// Searchable streams: records updated after this (Unix seconds) are new.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_since: Option<i64>,
    /// When the last complete run started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_run: Option<i64>,
    /// A run not complete yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run: Option<RunState>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunState {
    pub started_at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<i64>,
    pub point: Point,
    /// The output's length at `point`.
    pub bytes: u64,
    /// Its length before the run (where a restarted run starts).
    pub start_bytes: u64,
    pub records: u64,
}

fn load(path: &Path) -> Result<State> {
    match std::fs::read(path) {
        Ok(b) => serde_json::from_slice(&b).map_err(|e| {
            CliError::new(
                Kind::Io,
                format!("{} is not a sync state: {e}", path.display()),
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(State::default()),
        Err(e) => Err(CliError::io("read", path, e)),
    }
}

fn store(path: &Path, state: &State) -> Result<()> {
    output::write_atomic(path, &serde_json::to_vec_pretty(state).unwrap_or_default())
}

pub async fn run(g: &Global, a: Args, cancel: &Cancel) -> Result<()> {
    let streams: Vec<Stream> = match a.streams.is_empty() {
        true => Stream::ALL
            .into_iter()
            .filter(|s| *s != Stream::Notes)
            .collect(),
        false => a.streams.clone(),
    };
    let client = g.client()?;
    std::fs::create_dir_all(&a.out_dir).map_err(|e| CliError::io("create", &a.out_dir, e))?;
    let mut state = load(&a.state)?;
    for stream in streams {
        let name = stream.name();
        let file = a.out_dir.join(format!("{name}.jsonl"));
        let mut st = state.streams.get(name).cloned().unwrap_or_default();
        let append = stream.searchable();
        let current_len = if append { file_len(&file)? } else { 0 };
        let mut run_state = match st.run.take() {
            Some(r) if stream.scrolls() => {
                eprintln!(
                    "{name}: Intercom's scroll cursor expires, so the interrupted run restarts"
                );
                RunState {
                    point: Point::default(),
                    bytes: r.start_bytes,
                    records: 0,
                    ..r
                }
            }
            Some(r) => r,
            None => RunState {
                started_at: chrono::Utc::now().timestamp(),
                since: match append {
                    true => st.updated_since.map(|c| (c - a.lookback).max(0)),
                    false => None,
                },
                point: Point::default(),
                bytes: current_len,
                start_bytes: current_len,
                records: 0,
            },
        };
        let mut sink = match append {
            true => Sink::append(&file, run_state.bytes)?,
            false => Sink::partial(&file, Some(run_state.bytes))?,
        };
        let opts = Options {
            since: run_state.since,
            with_parts: a.with_parts,
            per_page: g.per_page,
        };
        let mut progress = Progress::new(name, g.quiet);
        progress.resume(run_state.records);
        st.run = Some(run_state.clone());
        state.streams.insert(name.to_string(), st.clone());
        store(&a.state, &state)?;
        let start = run_state.point.clone();
        let state_path = a.state.clone();
        let result = {
            let state = &mut state;
            let mut save = |point: &Point, bytes: u64, records: u64| {
                run_state.point = point.clone();
                run_state.bytes = bytes;
                run_state.records = records;
                let mut st = st.clone();
                st.run = Some(run_state.clone());
                state.streams.insert(name.to_string(), st);
                store(&state_path, state)
            };
            let mut run = Run {
                client: &client,
                sink: &mut sink,
                progress: &mut progress,
                cancel,
                save: &mut save,
            };
            streams::read(&mut run, stream, opts, &start).await
        };
        progress.finish();
        if let Err(e) = result {
            let _ = sink.commit();
            return Err(e.context(format!(
                "sync of {name} stopped after {} records; the next sync continues it",
                progress.records()
            )));
        }
        sink.finish()?;
        let st = state.streams.entry(name.to_string()).or_default();
        let started = st.run.take().map(|r| r.started_at);
        st.last_run = started;
        if append {
            st.updated_since = started;
        }
        store(&a.state, &state)?;
        if !g.quiet {
            eprintln!(
                "{name}: {} records → {}",
                progress.records(),
                file.display()
            );
        }
    }
    Ok(())
}

fn file_len(path: &Path) -> Result<u64> {
    match std::fs::metadata(path) {
        Ok(m) => Ok(m.len()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(0),
        Err(e) => Err(CliError::io("read", path, e)),
    }
}
