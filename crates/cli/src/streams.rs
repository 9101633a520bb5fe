//! The streams `export` and `sync` read, each driven page by page with a
//! checkpoint after each page.

use crate::cancel::{or_cancel, Cancel};
use crate::checkpoint::{Parent, Point, Start};
use crate::error::Result;
use crate::output::Sink;
use crate::progress::Progress;
use futures::StreamExt;
use intercom_api::pagination::{Pages, PaginatedExt};
use intercom_api::search::{field, Query};
use intercom_api::v2_14::Client;
use intercom_api::Paginated;
use serde::Serialize;

/// What can be exported.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stream {
    Contacts,
    Companies,
    Conversations,
    Tickets,
    Admins,
    Teams,
    Tags,
    Segments,
    #[value(alias = "data_attributes")]
    DataAttributes,
    Articles,
    Collections,
    #[value(alias = "help_centers")]
    HelpCenters,
    /// Every contact's notes (one request per contact at least).
    Notes,
}

impl Stream {
    pub const ALL: [Stream; 13] = [
        Stream::Contacts,
        Stream::Companies,
        Stream::Conversations,
        Stream::Tickets,
        Stream::Admins,
        Stream::Teams,
        Stream::Tags,
        Stream::Segments,
        Stream::DataAttributes,
        Stream::Articles,
        Stream::Collections,
        Stream::HelpCenters,
        Stream::Notes,
    ];

    /// The streams Intercom can search by `updated_at` (API 2.14).
    pub const SEARCHABLE: [Stream; 3] = [Stream::Contacts, Stream::Conversations, Stream::Tickets];

    pub fn name(self) -> &'static str {
        match self {
            Stream::Contacts => "contacts",
            Stream::Companies => "companies",
            Stream::Conversations => "conversations",
            Stream::Tickets => "tickets",
            Stream::Admins => "admins",
            Stream::Teams => "teams",
            Stream::Tags => "tags",
            Stream::Segments => "segments",
            Stream::DataAttributes => "data-attributes",
            Stream::Articles => "articles",
            Stream::Collections => "collections",
            Stream::HelpCenters => "help-centers",
            Stream::Notes => "notes",
        }
    }

    pub fn searchable(self) -> bool {
        Stream::SEARCHABLE.contains(&self)
    }

    /// Read with Intercom's scroll, whose cursor expires: a resume restarts it.
    pub fn scrolls(self) -> bool {
        self == Stream::Companies
    }

    /// The error for `--since` on a stream without search.
    pub fn since_unsupported(self) -> String {
        let names: Vec<_> = Stream::SEARCHABLE.iter().map(|s| s.name()).collect();
        format!(
            "--since works on {} only (Intercom API 2.14 searches those by updated_at); {} has no such search",
            names.join(", "),
            self.name()
        )
    }
}

/// How a stream is read.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Records updated after this Unix time only (searchable streams).
    pub since: Option<i64>,
    /// Conversations: each with its parts (one more request per conversation).
    pub with_parts: bool,
    pub per_page: u32,
}

/// Called after each page with the resume point, the output's committed
/// length and the records written: saves the checkpoint.
pub type Save<'a> = dyn FnMut(&Point, u64, u64) -> Result<()> + 'a;

/// One run of a stream into a sink.
pub struct Run<'a> {
    pub client: &'a Client,
    pub sink: &'a mut Sink,
    pub progress: &'a mut Progress,
    pub cancel: &'a Cancel,
    pub save: &'a mut Save<'a>,
}

impl Run<'_> {
    fn write_all<T: Serialize>(&mut self, items: &[T]) -> Result<()> {
        items.iter().try_for_each(|i| self.sink.write(i))
    }

    /// A page was written: commit the output, then the checkpoint.
    fn page_done(&mut self, n: usize, point: &Point, total_pages: Option<i64>) -> Result<()> {
        let bytes = self.sink.commit()?;
        self.progress.page(n, total_pages);
        (self.save)(point, bytes, self.progress.records())
    }

    /// The next page of `pages`, unless Ctrl-C comes first.
    async fn next_page<'p, B: Paginated + 'p>(
        &self,
        pages: &mut Pages<'p, B>,
    ) -> Result<Option<B::Page>> {
        let got = or_cancel(self.cancel, async { Ok(pages.next().await) }).await?;
        got.transpose().map_err(Into::into)
    }
}

/// `updated_at > since`, one page of `per_page`.
fn updated_since(since: i64, per_page: u32) -> Query {
    field("updated_at").gt(since).per_page(per_page)
}

/// Reads `stream` from `start` into `run`.
pub async fn read(run: &mut Run<'_>, stream: Stream, o: Options, start: &Point) -> Result<()> {
    if start.done {
        return Ok(());
    }
    let c = run.client;
    let pp = o.per_page;
    match (stream, o.since) {
        (Stream::Contacts, None) => paged(run, c.list_contacts().per_page(pp), start).await,
        (Stream::Contacts, Some(t)) => {
            paged(run, c.search_contacts().query(updated_since(t, pp)), start).await
        }
        (Stream::Conversations, since) if o.with_parts => match since {
            None => with_parts(run, c.list_conversations().per_page(pp), start).await,
            Some(t) => {
                let q = updated_since(t, pp);
                with_parts(run, c.search_conversations().query(q), start).await
            }
        },
        (Stream::Conversations, None) => {
            paged(run, c.list_conversations().per_page(pp), start).await
        }
        (Stream::Conversations, Some(t)) => {
            paged(
                run,
                c.search_conversations().query(updated_since(t, pp)),
                start,
            )
            .await
        }
        // 2.14 has no list of tickets: every ticket is one updated after 0.
        (Stream::Tickets, since) => {
            let q = updated_since(since.unwrap_or(0), pp);
            paged(run, c.search_tickets().query(q), start).await
        }
        (Stream::Companies, _) => paged(run, c.scroll_over_all_companies(), start).await,
        (Stream::Articles, _) => paged(run, c.list_articles(), start).await,
        (Stream::Collections, _) => paged(run, c.list_all_collections(), start).await,
        (Stream::HelpCenters, _) => paged(run, c.list_help_centers(), start).await,
        (Stream::Notes, _) => notes(run, pp, start).await,
        (Stream::Admins, _) => {
            let list = or_cancel(run.cancel, async { Ok(c.list_admins().send().await?) }).await?;
            single(run, list.into_inner().admins.unwrap_or_default()).await
        }
        (Stream::Teams, _) => {
            let list = or_cancel(run.cancel, async { Ok(c.list_teams().send().await?) }).await?;
            single(run, list.into_inner().teams.unwrap_or_default()).await
        }
        (Stream::Tags, _) => {
            let list = or_cancel(run.cancel, async { Ok(c.list_tags().send().await?) }).await?;
            single(run, list.into_inner().data.unwrap_or_default()).await
        }
        (Stream::Segments, _) => {
            let list = or_cancel(run.cancel, async { Ok(c.list_segments().send().await?) }).await?;
            single(run, list.into_inner().segments.unwrap_or_default()).await
        }
        (Stream::DataAttributes, _) => {
            let call = c.lis_data_attributes();
            let list = or_cancel(run.cancel, async { Ok(call.send().await?) }).await?;
            single(run, list.into_inner().data.unwrap_or_default()).await
        }
    }
}

/// A list Intercom sends whole, as one page.
async fn single<T: Serialize>(run: &mut Run<'_>, items: Vec<T>) -> Result<()> {
    run.write_all(&items)?;
    let done = Point {
        done: true,
        ..Point::default()
    };
    run.page_done(items.len(), &done, Some(1))
}

/// A paginated list, from `start`.
async fn paged<B>(run: &mut Run<'_>, request: B, start: &Point) -> Result<()>
where
    B: Paginated,
    B::Item: Serialize,
{
    let mut pages = request.pages_from(Start::next(&start.next));
    while let Some(page) = run.next_page(&mut pages).await? {
        let total = B::meta(&page).total_pages;
        let items = B::items(page);
        run.write_all(&items)?;
        let point = Point {
            next: Start::of(pages.next_start()),
            parent: None,
            done: pages.is_finished(),
        };
        run.page_done(items.len(), &point, total)?;
    }
    Ok(())
}

/// A record's `id`, as text.
fn id_of<T: Serialize>(record: &T) -> Option<String> {
    match serde_json::to_value(record).ok()?.get("id")? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Conversations, each fetched whole (with its parts), in order, 4 at a time.
async fn with_parts<B>(run: &mut Run<'_>, request: B, start: &Point) -> Result<()>
where
    B: Paginated,
    B::Item: Serialize,
{
    let client = run.client;
    let mut pages = request.pages_from(Start::next(&start.next));
    while let Some(page) = run.next_page(&mut pages).await? {
        let total = B::meta(&page).total_pages;
        let items = B::items(page);
        let whole = futures::stream::iter(items.iter().map(|item| async move {
            let Some(id) = id_of(item) else {
                return Ok(serde_json::to_value(item).unwrap_or_default());
            };
            let c = client
                .retrieve_conversation()
                .conversation_id(id)
                .send()
                .await?;
            Ok(serde_json::to_value(c.into_inner()).unwrap_or_default())
        }))
        .buffered(4)
        .collect::<Vec<Result<serde_json::Value>>>();
        let whole = or_cancel(run.cancel, async { Ok(whole.await) }).await?;
        let whole = whole.into_iter().collect::<Result<Vec<_>>>()?;
        run.write_all(&whole)?;
        let point = Point {
            next: Start::of(pages.next_start()),
            parent: None,
            done: pages.is_finished(),
        };
        run.page_done(items.len(), &point, total)?;
    }
    Ok(())
}

/// Every contact's notes. The checkpoint keeps the contacts' page and the
/// contact's index in it beside the notes' own page.
async fn notes(run: &mut Run<'_>, pp: u32, start: &Point) -> Result<()> {
    let client = run.client;
    let parent = start.parent.clone().unwrap_or_default();
    let mut skip = parent.index;
    let mut child = start.next.clone();
    let mut contacts = client
        .list_contacts()
        .per_page(pp)
        .pages_from(Start::next(&parent.next));
    loop {
        let page_start = Start::of(contacts.next_start());
        let Some(page) = run.next_page(&mut contacts).await? else {
            break;
        };
        let list = page.data.unwrap_or_default();
        for (index, contact) in list.iter().enumerate().skip(skip) {
            let Some(id) = contact.id.as_ref().map(|i| i.to_string()) else {
                continue;
            };
            let request = client.list_notes().contact_id(id);
            let mut notes = request.pages_from(Start::next(&child.take()));
            while let Some(page) = run.next_page(&mut notes).await? {
                let items = page.data.unwrap_or_default();
                run.write_all(&items)?;
                let point = match notes.is_finished() {
                    false => Point {
                        next: Start::of(notes.next_start()),
                        parent: Some(Parent {
                            next: page_start.clone(),
                            index,
                        }),
                        done: false,
                    },
                    true => Point {
                        next: None,
                        parent: Some(Parent {
                            next: page_start.clone(),
                            index: index + 1,
                        }),
                        done: false,
                    },
                };
                run.page_done(items.len(), &point, None)?;
            }
        }
        skip = 0;
        let point = Point {
            next: None,
            parent: Some(Parent {
                next: Start::of(contacts.next_start()),
                index: 0,
            }),
            done: contacts.is_finished(),
        };
        (run.save)(&point, run.sink.commit()?, run.progress.records())?;
    }
    Ok(())
}
