//! A list served as several pages, the way the operation pages (see
//! [`crate::pagination`] for what the client reads): where a request starts
//! is read from it, the page is written into the operation's own answer
//! (its spec example, with the items and page information replaced).

use crate::check::Rejection;
use intercom_api_runtime::PageKind;
use serde_json::{json, Map, Value};
use wiremock::Request;

/// A scripted list.
#[derive(Debug, Clone)]
pub(super) struct Pages {
    pub items: Vec<Value>,
    pub per_page: usize,
}

fn cursor(offset: usize) -> String {
    format!("mock-{offset}")
}

fn bad(field: &str, value: &str) -> Rejection {
    Rejection {
        status: 400,
        code: "parameter_invalid",
        message: format!("{field} `{value}` is not a cursor or page this list gave"),
        field: Some(field.to_string()),
    }
}

fn query(req: &Request, name: &str) -> Option<String> {
    req.url
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

impl Pages {
    /// The page `req` asks for, in the shape of `envelope` (the operation's
    /// default answer) with the items at `items`.
    pub fn answer(
        &self,
        kind: PageKind,
        items: &[String],
        envelope: &Value,
        req: &Request,
    ) -> Result<Value, Rejection> {
        let per_page = self.per_page.max(1);
        let total = self.items.len();
        let total_pages = total.div_ceil(per_page).max(1);
        let from_cursor = |field: &str, given: Option<String>| match given {
            None => Ok(0),
            Some(c) => c
                .strip_prefix("mock-")
                .and_then(|n| n.parse::<usize>().ok())
                .filter(|n| *n <= total)
                .ok_or_else(|| bad(field, &c)),
        };
        let offset = match kind {
            PageKind::Cursor => from_cursor("starting_after", query(req, "starting_after"))?,
            PageKind::Scroll => from_cursor("scroll_param", query(req, "scroll_param"))?,
            PageKind::BodyCursor => {
                let body: Value = serde_json::from_slice(&req.body).unwrap_or_default();
                let given = body
                    .pointer("/pagination/starting_after")
                    .and_then(Value::as_str)
                    .map(str::to_string);
                from_cursor("pagination.starting_after", given)?
            }
            // PageNumber, PageUntilEmpty
            _ => match query(req, "page") {
                None => 0,
                Some(p) => match p.parse::<usize>() {
                    Ok(n) if n >= 1 => (n - 1).saturating_mul(per_page).min(total),
                    _ => return Err(bad("page", &p)),
                },
            },
        };
        let end = (offset + per_page).min(total);
        let page_no = offset / per_page + 1;
        let mut answer = match envelope {
            Value::Object(o) => o.clone(),
            _ => Map::new(),
        };
        set_items(&mut answer, items, self.items[offset..end].to_vec());
        if answer.contains_key("total_count") {
            answer.insert("total_count".into(), json!(total));
        }
        let mut pages = json!({
            "type": "pages", "page": page_no, "per_page": per_page, "total_pages": total_pages,
        });
        match kind {
            PageKind::Cursor | PageKind::BodyCursor => {
                if end < total {
                    pages["next"] = json!({"per_page": per_page, "starting_after": cursor(end)});
                }
                answer.insert("pages".into(), pages);
            }
            PageKind::PageNumber => {
                answer.insert("pages".into(), pages);
            }
            // The scroll ends on an empty page; its parameter moves on.
            PageKind::Scroll => {
                answer.insert("scroll_param".into(), json!(cursor(end)));
                if answer.contains_key("pages") {
                    answer.insert("pages".into(), pages);
                }
            }
            // Nothing about pages: the client asks until a page is empty.
            _ => {}
        }
        Ok(Value::Object(answer))
    }
}

/// Puts `items` at the field path `path` (`["data"]`, `["data", "articles"]`).
fn set_items(answer: &mut Map<String, Value>, path: &[String], items: Vec<Value>) {
    let Some((last, outer)) = path.split_last() else {
        return;
    };
    let mut at = answer;
    for key in outer {
        let slot = at.entry(key.clone()).or_insert_with(|| json!({}));
        if !slot.is_object() {
            *slot = json!({});
        }
        at = slot.as_object_mut().expect("an object");
    }
    at.insert(last.clone(), Value::Array(items));
}
