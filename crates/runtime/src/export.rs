//! Intercom's content data export in one call: create the job, wait for it
//! with backoff (its status observable), download the file, streamed.
//!
//! Every version whose spec has the three operations (`create_data_export`,
//! `get_data_export`, `download_data_export`) implements [`ContentExport`]
//! for its `Client`; [`content_data`] does the rest. `no_data`, `failed` and
//! `canceled` are outcomes ([`JobOutcome`]), not hangs; the wait has a limit
//! ([`Wait`], an hour by default).

use crate::jobs::{self, JobOutcome, JobStatus, Progress, Wait};
use crate::Result;
use futures::future::BoxFuture;
use progenitor_client::ByteStream;
use serde_json::Value;

/// A client whose version has the content data export (its generated code
/// implements this by calling its own operations). Use [`content_data`].
pub trait ContentExport: Sync {
    /// `create_data_export` for messages created from `from` until `to`
    /// (Unix seconds): the job, as JSON.
    #[doc(hidden)]
    fn create_job(&self, from: i64, to: i64) -> BoxFuture<'_, Result<Value>>;
    /// `get_data_export` of job `id`: the job, as JSON.
    #[doc(hidden)]
    fn job(&self, id: String) -> BoxFuture<'_, Result<Value>>;
    /// `download_data_export` of job `id`: the file, streamed.
    #[doc(hidden)]
    fn download(&self, id: String) -> BoxFuture<'_, Result<ByteStream>>;
}

/// A job answer as JSON (what the generated `ContentExport` impls hand on).
#[doc(hidden)]
pub fn to_json(job: &impl serde::Serialize) -> Result<Value> {
    serde_json::to_value(job).map_err(|e| crate::Error::InvalidRequest {
        message: format!("the data export job could not be read: {e}"),
    })
}

/// The job's identifier and status word, from Intercom's job JSON.
fn job_of(v: &Value) -> Result<(String, String)> {
    let id = v.get("job_identifier").and_then(Value::as_str);
    let status = v.get("status").and_then(Value::as_str).unwrap_or("pending");
    match id {
        Some(id) if !id.is_empty() => Ok((id.to_string(), status.to_string())),
        _ => Err(crate::Error::InvalidRequest {
            message: format!("the data export job has no `job_identifier`: {v}"),
        }),
    }
}

/// Exports the content data of messages created from `from` until `to`
/// (Unix seconds, as Intercom takes them): creates the job, waits for it
/// (`wait`; each status it sees is told to `on_status`), then downloads the
/// file (a gzipped CSV), streamed: nothing is buffered and nothing is
/// retried once its first byte arrived.
///
/// ```no_run
/// # async fn run(client: impl intercom_api_runtime::export::ContentExport) -> intercom_api_runtime::Result<()> {
/// # use intercom_api_runtime as intercom_api;
/// use futures::TryStreamExt;
/// use intercom_api::export;
/// use intercom_api::jobs::{JobOutcome, Wait};
/// let outcome = export::content_data(&client, 1_717_200_000, 1_719_792_000, Wait::new(), |p| {
///     eprintln!("export {} ({} polls)", p.status, p.polls)
/// })
/// .await?;
/// match outcome {
///     JobOutcome::Completed(file) => {
///         let mut file = file.into_inner();
///         let mut out = std::fs::File::create("export.csv.gz").expect("a file");
///         while let Some(chunk) = file.try_next().await? {
///             std::io::Write::write_all(&mut out, &chunk).expect("written");
///         }
///     }
///     JobOutcome::NoData => eprintln!("no messages in that range"),
///     other => eprintln!("the export ended: {:?}", other.map(|_| ())),
/// }
/// # Ok(()) }
/// ```
pub async fn content_data<C: ContentExport + ?Sized>(
    client: &C,
    from: i64,
    to: i64,
    wait: Wait,
    mut on_status: impl FnMut(&Progress),
) -> Result<JobOutcome<ByteStream>> {
    let created = client.create_job(from, to).await?;
    let (id, first) = job_of(&created)?;
    let mut first = Some(first);
    let outcome = jobs::wait(
        || {
            let known = first.take();
            let id = id.clone();
            async move {
                let status = match known {
                    Some(s) => s,
                    None => job_of(&client.job(id).await?)?.1,
                };
                Ok(JobStatus::from_status(&status, ()))
            }
        },
        wait,
        &mut on_status,
    )
    .await?;
    match outcome {
        JobOutcome::Completed(()) => Ok(JobOutcome::Completed(client.download(id).await?)),
        other => Ok(other.map(|()| unreachable_download())),
    }
}

/// The type a job that did not complete maps its nothing into.
fn unreachable_download() -> ByteStream {
    ByteStream::new(Box::pin(futures::stream::empty()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_job_needs_its_identifier() {
        let v = serde_json::json!({"job_identifier": "j1", "status": "no_data"});
        assert_eq!(
            super::job_of(&v).unwrap(),
            ("j1".to_string(), "no_data".to_string())
        );
        assert!(super::job_of(&serde_json::json!({"status": "pending"})).is_err());
    }
}
