//! Ctrl-C: the first stops the run at the next safe point (what was written
//! is flushed and checkpointed), a second exits at once.

use tokio::sync::watch;

/// Tells whether Ctrl-C was pressed.
#[derive(Clone)]
pub struct Cancel(watch::Receiver<bool>);

impl Cancel {
    /// Listens for Ctrl-C (from now on, for the life of the process).
    pub fn install() -> Cancel {
        let (tx, rx) = watch::channel(false);
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_err() {
                return;
            }
            eprintln!("\ninterrupted: saving the checkpoint (Ctrl-C again to quit at once)");
            let _ = tx.send(true);
            if tokio::signal::ctrl_c().await.is_ok() {
                std::process::exit(crate::error::Kind::Interrupted as i32);
            }
        });
        Cancel(rx)
    }

    /// Resolves when Ctrl-C was pressed.
    pub async fn cancelled(&self) {
        let mut rx = self.0.clone();
        let _ = rx.wait_for(|c| *c).await;
    }

    pub fn is_cancelled(&self) -> bool {
        *self.0.borrow()
    }
}

/// Runs `f` unless Ctrl-C comes first (then an `interrupted` error).
pub async fn or_cancel<T>(
    cancel: &Cancel,
    f: impl std::future::Future<Output = crate::error::Result<T>>,
) -> crate::error::Result<T> {
    if cancel.is_cancelled() {
        return Err(crate::error::CliError::interrupted());
    }
    tokio::select! {
        r = f => r,
        _ = cancel.cancelled() => Err(crate::error::CliError::interrupted()),
    }
}
