//! Scripting an operation's answers ([`MockIntercom::on`]).

use crate::data::OperationData;
use crate::router::*;
use crate::*;
use serde::Serialize;
use std::fmt;
use std::time::Duration;

/// Scripts one operation's answers: see [`MockIntercom::on`].
///
/// An answer given with [`once`](On::once) or [`times`](On::times) is used
/// for that many calls, in the order the answers were given, before the
/// standing one; without, it becomes the standing answer (the spec's example
/// until then). So a first `503` then the example is
/// `mock.on(op).once().respond_error(503)`.
#[must_use = "an `On` scripts nothing until one of its `respond…` methods is called"]
pub struct On<'m> {
    pub(crate) state: &'m State,
    pub(crate) operation: &'static str,
    pub(crate) times: Option<usize>,
}

impl fmt::Debug for On<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("On")
            .field("operation", &self.operation)
            .field("times", &self.times)
            .finish()
    }
}

impl On<'_> {
    /// The answer that follows is for the next call only.
    pub fn once(self) -> Self {
        self.times(1)
    }

    /// The answer that follows is for the next `n` calls.
    pub fn times(mut self, n: usize) -> Self {
        self.times = Some(n);
        self
    }

    /// Answers `value` (any `Serialize`: the operation's answer type, or
    /// `json!`) with the operation's success status.
    pub fn respond(self, value: impl Serialize) {
        let status = self.data().status;
        self.reply(Reply::json(value).status(status));
    }

    /// Answers Intercom's `error.list` for `status` (see [`Reply::error`]).
    pub fn respond_error(self, status: u16) {
        self.reply(Reply::error(status));
    }

    /// Answers `429` with `X-RateLimit-Reset` `reset_in` ahead (see [`Reply::rate_limited`]).
    pub fn rate_limited(self, reset_in: Duration) {
        self.reply(Reply::rate_limited(reset_in));
    }

    /// Answers `reply`.
    pub fn reply(self, reply: Reply) {
        self.push(Answer::Reply(reply));
    }

    /// Serves `items` as pages of `per_page` the way this operation pages
    /// (cursor, body cursor, page number, scroll, or pages until an empty
    /// one), each page in the shape of the spec's example. The page size is
    /// this one, whatever `per_page` the request asks for. Panics when the
    /// operation does not paginate.
    pub fn pages<T: Serialize>(self, items: impl IntoIterator<Item = T>, per_page: usize) {
        if self.data().pages.is_none() {
            panic!(
                "intercom_api::mock: `{}` does not paginate in Intercom API {}",
                self.operation, self.state.version.version
            );
        }
        let items = items
            .into_iter()
            .map(|i| {
                serde_json::to_value(i).unwrap_or_else(|e| {
                    panic!("intercom_api::mock: an item does not serialize: {e}")
                })
            })
            .collect();
        self.push(Answer::Pages(pages::Pages { items, per_page }));
    }

    /// Forgets every script of this operation: it answers its example again.
    pub fn reset(self) {
        self.state.scripts().remove(self.operation);
    }

    pub(crate) fn data(&self) -> &'static OperationData {
        self.state.version.operation(self.operation).1
    }

    pub(crate) fn push(self, answer: Answer) {
        let mut scripts = self.state.scripts();
        let script = scripts.entry(self.operation).or_default();
        match self.times {
            Some(n) if n > 0 => script.queue.push_back((n, answer)),
            Some(_) => {}
            None => script.standing = Some(answer),
        }
    }
}
