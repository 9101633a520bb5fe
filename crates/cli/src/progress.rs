//! Progress on stderr: records, pages, rate, an ETA where Intercom gives a
//! total, rate-limit waits. Quiet when stderr is not a terminal or `--quiet`.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use intercom_api::{Event, RateLimitCause};
use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::Duration;

/// The bar on screen, told of the client's retries and rate-limit waits.
static CURRENT: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// The client's observer (`on_event`): names each wait on the bar as it starts.
pub fn observe(event: &Event) {
    let note = match event {
        Event::RateLimitWait { wait, cause, .. } => match cause {
            RateLimitCause::TooManyRequests => {
                format!("429 from Intercom: waiting {:.1}s", wait.as_secs_f64())
            }
            _ => format!(
                "rate limit: waiting {:.1}s for the next window",
                wait.as_secs_f64()
            ),
        },
        Event::Retry {
            attempt,
            wait,
            reason,
            ..
        } => format!(
            "attempt {attempt} failed ({reason:?}): again in {:.1}s",
            wait.as_secs_f64()
        ),
        _ => return,
    };
    let current = CURRENT.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(bar) = current.as_ref() {
        let msg = bar.message();
        let base = msg.split(" | ").next().unwrap_or_default().to_string();
        bar.set_message(format!("{base} | {note}"));
    }
}

pub struct Progress {
    bar: ProgressBar,
    records: u64,
    pages: u64,
}

impl Progress {
    pub fn new(label: &str, quiet: bool) -> Progress {
        let target = if quiet || !std::io::stderr().is_terminal() {
            ProgressDrawTarget::hidden()
        } else {
            ProgressDrawTarget::stderr()
        };
        let bar = ProgressBar::with_draw_target(None, target);
        bar.set_style(
            ProgressStyle::with_template("{spinner} {prefix}: {msg} [{elapsed_precise}]")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.set_prefix(label.to_string());
        bar.set_message("asking for the first page");
        bar.enable_steady_tick(Duration::from_millis(200));
        *CURRENT.lock().unwrap_or_else(|p| p.into_inner()) = Some(bar.clone());
        Progress {
            bar,
            records: 0,
            pages: 0,
        }
    }

    /// Counts from a resumed run.
    pub fn resume(&mut self, records: u64) {
        self.records = records;
    }

    /// A page of `n` records was written; `total_pages` when Intercom tells.
    pub fn page(&mut self, n: usize, total_pages: Option<i64>) {
        self.records += n as u64;
        self.pages += 1;
        let secs = self.bar.elapsed().as_secs_f64().max(0.001);
        let rate = self.records as f64 / secs;
        let mut msg = format!(
            "{} records, {} pages, {rate:.0}/s",
            self.records, self.pages
        );
        if let Some(total) = total_pages.filter(|t| *t > 0) {
            let left = (total as u64).saturating_sub(self.pages);
            let per_page = secs / self.pages as f64;
            let eta = Duration::from_secs_f64(left as f64 * per_page);
            msg.push_str(&format!(
                ", page {}/{total}, ETA {}",
                self.pages,
                fmt_secs(eta)
            ));
        }
        self.bar.set_message(msg);
    }

    /// A status line (e.g. a data export job's).
    pub fn status(&self, msg: impl Into<String>) {
        self.bar.set_message(msg.into());
    }

    pub fn records(&self) -> u64 {
        self.records
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

fn fmt_secs(d: Duration) -> String {
    let s = d.as_secs();
    format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
}
