//! Guides: how to do things with this crate, with examples that run as
//! tests. Each page is one subject; the API reference is the rest of these
//! docs (a version's module, e.g. `v2_14`, lists its operations).
//!
//! - [`common_tasks`]: twelve everyday calls, beside Intercom's TypeScript SDK.
//! - [`auth`]: the token, the region and the other client settings.
//! - [`errors`]: the error type, retries, the retry budget and rate limits.
//! - [`pagination`]: the streams over every paginated list, and resuming them.
//! - [`search`]: search queries.
//! - [`options`]: what an answer says besides its body; options for some calls.
//! - [`mock`]: a mock Intercom for your own tests.
//! - [`webhooks`]: verifying and decoding webhook notifications.
//! - [`forward_compat`]: what the live API sends, and what requests carry.
//! - [`tracing`]: the spans and events of each request.
//! - [`downloads`]: files Intercom answers with, and asynchronous jobs.
//! - [`build`]: build cost, TLS and MSRV.

macro_rules! guides {
    ($($name:ident => $file:literal,)*) => {$(
        #[doc = include_str!(concat!("../docs/guide/", $file))]
        pub mod $name {}
    )*};
}

guides! {
    common_tasks => "common_tasks.md",
    auth => "auth.md",
    errors => "errors.md",
    pagination => "pagination.md",
    search => "search.md",
    options => "options.md",
    mock => "mock.md",
    webhooks => "webhooks.md",
    forward_compat => "forward_compat.md",
    tracing => "tracing.md",
    downloads => "downloads.md",
    build => "build.md",
}
