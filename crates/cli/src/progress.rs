//! Progress on stderr: records, pages, rate, an ETA where Intercom gives a
//! total, rate-limit waits. Quiet when stderr is not a terminal or `--quiet`.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use intercom_api::RateLimit;
use std::io::IsTerminal;
use std::time::Duration;

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
        bar.enable_steady_tick(Duration::from_millis(200));
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
    pub fn page(&mut self, n: usize, total_pages: Option<i64>, rate_limit: Option<RateLimit>) {
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
        // Pacing: no call left in the window, the next request waits for it.
        if let Some(rl) = rate_limit.filter(|r| r.remaining == Some(0)) {
            let wait = rl
                .reset
                .map(|r| (r - chrono::Utc::now()).num_seconds().max(0) + 1)
                .unwrap_or(0);
            msg.push_str(&format!(
                ", rate limit reached: waiting {wait}s for the next window"
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
