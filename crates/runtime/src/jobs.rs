//! Waiting for Intercom's asynchronous jobs: a data export
//! (`/export/content/data`, `/export/reporting_data`), Preview's bulk jobs,
//! any job whose status is polled. [`wait`] polls with backoff until the job
//! ends, tells each status it sees, and ends with a typed outcome, or with
//! [`Error::JobWait`](crate::Error::JobWait) when its limit passes: never a hang.
//!
//! The [downloads guide](https://docs.rs/intercom-api/latest/intercom_api/guide/downloads/index.html)
//! has an example.

use std::future::Future;
use std::time::Duration;

/// How a job ended.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum JobOutcome<T> {
    /// It completed; `T` is what the poll function gave with it (e.g. the
    /// job, or its download's id).
    Completed(T),
    /// It completed with nothing to give (a data export of an empty range:
    /// Intercom's `no_data`).
    NoData,
    /// It failed, with Intercom's words when it gave any.
    Failed(Option<String>),
    /// It was canceled (or expired).
    Canceled,
}

impl<T> JobOutcome<T> {
    /// The outcome with what a completed job gave mapped by `f`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> JobOutcome<U> {
        match self {
            JobOutcome::Completed(t) => JobOutcome::Completed(f(t)),
            JobOutcome::NoData => JobOutcome::NoData,
            JobOutcome::Failed(m) => JobOutcome::Failed(m),
            JobOutcome::Canceled => JobOutcome::Canceled,
        }
    }
}

/// What one poll saw.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum JobStatus<T> {
    /// Still running, with the status word (`pending`, `in_progress`…).
    Running(String),
    /// Over.
    Done(JobOutcome<T>),
}

impl<T> JobStatus<T> {
    /// A status from Intercom's words for its jobs, case-insensitively:
    /// `completed` / `complete` / `success` → `Completed(value)`,
    /// `no_data` → `NoData`, `failed` / `failure` / `error` → `Failed`,
    /// `canceled` / `cancelled` / `expired` → `Canceled`, anything else
    /// (`pending`, `in_progress`, `running`…) → `Running`.
    pub fn from_status(status: &str, value: T) -> JobStatus<T> {
        let s = status.trim().to_ascii_lowercase();
        JobStatus::Done(match s.as_str() {
            "completed" | "complete" | "success" | "succeeded" => JobOutcome::Completed(value),
            "no_data" => JobOutcome::NoData,
            "failed" | "failure" | "error" => JobOutcome::Failed(None),
            "canceled" | "cancelled" | "expired" => JobOutcome::Canceled,
            _ => return JobStatus::Running(status.trim().to_string()),
        })
    }

    /// The status word of a running job, or what the outcome is called.
    fn word(&self) -> &str {
        match self {
            JobStatus::Running(s) => s,
            JobStatus::Done(JobOutcome::Completed(_)) => "completed",
            JobStatus::Done(JobOutcome::NoData) => "no_data",
            JobStatus::Done(JobOutcome::Failed(_)) => "failed",
            JobStatus::Done(JobOutcome::Canceled) => "canceled",
        }
    }
}

/// How [`wait`] polls: the first interval, doubled up to a cap, and the
/// limit of the whole wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Wait {
    /// Wait before the second poll (the first is at once). Default 1 s.
    pub first_interval: Duration,
    /// The longest wait between polls. Default 30 s.
    pub max_interval: Duration,
    /// The limit of the whole wait. Default 1 hour: Intercom's data exports
    /// of a large workspace take minutes to tens of minutes, and an export
    /// job expires after two days.
    pub limit: Duration,
}

impl Default for Wait {
    fn default() -> Self {
        Wait {
            first_interval: Duration::from_secs(1),
            max_interval: Duration::from_secs(30),
            limit: Duration::from_secs(60 * 60),
        }
    }
}

impl Wait {
    /// The defaults (1 s, doubled up to 30 s, for at most an hour).
    pub fn new() -> Self {
        Self::default()
    }

    /// The first interval and the cap of the backoff.
    pub fn interval(mut self, first: Duration, max: Duration) -> Self {
        self.first_interval = first;
        self.max_interval = max.max(first);
        self
    }

    /// The limit of the whole wait.
    pub fn limit(mut self, limit: Duration) -> Self {
        self.limit = limit;
        self
    }
}

/// What [`wait`] tells its observer after each poll.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Progress {
    /// Polls so far (1 after the first).
    pub polls: u32,
    /// Time since the wait began.
    pub elapsed: Duration,
    /// The status word seen (`pending`, `in_progress`, `completed`…).
    pub status: String,
    /// The wait before the next poll (`None`: the job is over).
    pub next_poll: Option<Duration>,
}

/// Polls `poll` until the job is over, waiting `options.first_interval`,
/// then twice as long each time up to `options.max_interval`, and telling
/// `on_status` after each poll. Answers the job's outcome; an error of
/// `poll` ends the wait with it (the client's retries already ran inside
/// the poll), and [`Error::JobWait`](crate::Error::JobWait) ends it when
/// `options.limit` passes before the job is over. The last poll is sent
/// when the limit is reached, so the wait lasts at most the limit and one
/// poll (whose call has the client's deadline).
pub async fn wait<T, F, Fut>(
    mut poll: F,
    options: Wait,
    mut on_status: impl FnMut(&Progress),
) -> crate::Result<JobOutcome<T>>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = crate::Result<JobStatus<T>>>,
{
    let began = tokio::time::Instant::now();
    let mut interval = options.first_interval;
    let mut polls = 0;
    loop {
        let status = poll().await?;
        polls += 1;
        let elapsed = began.elapsed();
        let left = options.limit.saturating_sub(elapsed);
        let next_poll = match &status {
            JobStatus::Running(_) if !left.is_zero() => Some(interval.min(left)),
            _ => None,
        };
        on_status(&Progress {
            polls,
            elapsed,
            status: status.word().to_string(),
            next_poll,
        });
        let word = match status {
            JobStatus::Done(outcome) => return Ok(outcome),
            JobStatus::Running(word) => word,
        };
        let Some(pause) = next_poll else {
            return Err(crate::Error::JobWait {
                limit: options.limit,
                status: word,
            });
        };
        tokio::time::sleep(pause).await;
        interval = interval.saturating_mul(2).min(options.max_interval);
    }
}
