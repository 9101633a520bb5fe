//! Where records go: stdout, or a file written a whole line at a time,
//! created readable by its owner only, made durable before each checkpoint.

use crate::error::{CliError, Result};
use serde::Serialize;
use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

/// Opens `path` for writing, created with mode 0600 (owner only) on Unix.
pub fn create_options() -> OpenOptions {
    let mut o = OpenOptions::new();
    o.write(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o
}

/// Writes `bytes` to `path` atomically: a temporary file beside it, synced,
/// then renamed over it (mode 0600).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = sibling(path, ".tmp");
    let mut f = create_options()
        .truncate(true)
        .open(&tmp)
        .map_err(|e| CliError::io("write", &tmp, e))?;
    f.write_all(bytes)
        .and_then(|_| f.sync_all())
        .map_err(|e| CliError::io("write", &tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| CliError::io("write", path, e))
}

/// `path` with `suffix` added to its file name.
pub fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// An output of JSON Lines.
pub struct Sink {
    out: Out,
    /// Bytes in the file (what a checkpoint records).
    bytes: u64,
}

enum Out {
    Stdout(BufWriter<io::Stdout>),
    File {
        writer: BufWriter<File>,
        /// The file written.
        path: PathBuf,
        /// Renamed to this on success (a `.partial` file), if any.
        done: Option<PathBuf>,
    },
}

impl Sink {
    pub fn stdout() -> Sink {
        Sink {
            out: Out::Stdout(BufWriter::new(io::stdout())),
            bytes: 0,
        }
    }

    /// `path`'s records written to `path.partial`, renamed to `path` by
    /// [`Sink::finish`]; `keep`: bytes of an earlier run's `.partial` to keep
    /// (`None`: start empty).
    pub fn partial(path: &Path, keep: Option<u64>) -> Result<Sink> {
        let partial = sibling(path, ".partial");
        let mut sink = Sink::open(&partial, keep.unwrap_or(0), keep.is_some())?;
        if let Out::File { done, .. } = &mut sink.out {
            *done = Some(path.to_path_buf());
        }
        Ok(sink)
    }

    /// `path` itself, kept up to `keep` bytes (an append-only log).
    pub fn append(path: &Path, keep: u64) -> Result<Sink> {
        Sink::open(path, keep, true)
    }

    fn open(path: &Path, keep: u64, existing: bool) -> Result<Sink> {
        let mut file = create_options()
            .open(path)
            .map_err(|e| CliError::io("open", path, e))?;
        let len = file
            .metadata()
            .map_err(|e| CliError::io("read", path, e))?
            .len();
        if existing && len < keep && keep > 0 {
            return Err(CliError::usage(format!(
                "{} has {len} bytes, fewer than the {keep} its checkpoint recorded: it was changed since; \
                 start over without --resume",
                path.display()
            )));
        }
        // Whatever follows the last checkpoint (a page not checkpointed,
        // a line cut short) goes: the resumed run writes it again.
        file.set_len(keep)
            .and_then(|_| file.seek(SeekFrom::End(0)))
            .map_err(|e| CliError::io("truncate", path, e))?;
        Ok(Sink {
            out: Out::File {
                writer: BufWriter::with_capacity(256 * 1024, file),
                path: path.to_path_buf(),
                done: None,
            },
            bytes: keep,
        })
    }

    /// Writes one record as one line.
    pub fn write<T: Serialize>(&mut self, record: &T) -> Result<()> {
        let mut line = serde_json::to_vec(record).map_err(|e| {
            CliError::new(
                crate::error::Kind::Api,
                format!("cannot encode a record: {e}"),
            )
        })?;
        line.push(b'\n');
        let (w, path): (&mut dyn Write, &Path) = match &mut self.out {
            Out::Stdout(w) => (w, Path::new("stdout")),
            Out::File { writer, path, .. } => (writer, path),
        };
        w.write_all(&line)
            .map_err(|e| CliError::io("write", path, e))?;
        self.bytes += line.len() as u64;
        Ok(())
    }

    /// Flushes, and makes a file durable: the bytes a checkpoint may record.
    pub fn commit(&mut self) -> Result<u64> {
        match &mut self.out {
            Out::Stdout(w) => w
                .flush()
                .map_err(|e| CliError::io("write", Path::new("stdout"), e))?,
            Out::File { writer, path, .. } => writer
                .flush()
                .and_then(|_| writer.get_ref().sync_data())
                .map_err(|e| CliError::io("write", path, e))?,
        }
        Ok(self.bytes)
    }

    /// Commits, and renames a `.partial` file to its name.
    pub fn finish(mut self) -> Result<u64> {
        let bytes = self.commit()?;
        if let Out::File {
            path,
            done: Some(done),
            ..
        } = &self.out
        {
            std::fs::rename(path, done).map_err(|e| CliError::io("rename", path, e))?;
        }
        Ok(bytes)
    }
}
