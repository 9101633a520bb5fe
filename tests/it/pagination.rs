//! Streams over the five kinds of pagination, against a local server serving
//! N pages: every item once and in order, exactly the expected requests
//! (cursor, page, per_page, body pagination and filters kept), and the stop
//! rules, including a server that repeats a cursor.

use futures::{StreamExt, TryStreamExt};
use intercom_api::{Error, RetryPolicy};
use serde_json::{json, Value};
use wiremock::matchers::{body_json, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn ids<T: serde::Serialize>(items: &[T]) -> Vec<String> {
    items
        .iter()
        .map(|i| {
            serde_json::to_value(i).unwrap()["id"]
                .as_str()
                .unwrap_or_default()
                .to_string()
        })
        .collect()
}

/// The ids of a page's `data`.
fn page_ids<T: serde::Serialize>(page: &T) -> Vec<String> {
    let v = serde_json::to_value(page).unwrap();
    ids(v["data"].as_array().map_or(&[][..], Vec::as_slice))
}

fn contact(id: &str) -> Value {
    json!({"type": "contact", "id": id, "role": "user", "custom_attributes": {}})
}

fn company(id: &str) -> Value {
    json!({"type": "company", "id": id, "company_id": format!("ext-{id}"), "name": format!("Company {id}")})
}

/// A contact list page whose next cursor is `next`.
fn contact_page(ids: &[&str], next: Option<&str>) -> ResponseTemplate {
    let mut pages = json!({"type": "pages", "per_page": 2, "total_pages": 9});
    if let Some(n) = next {
        pages["next"] = json!({"per_page": 2, "starting_after": n});
    }
    ResponseTemplate::new(200).set_body_json(json!({
        "type": "list", "data": ids.iter().map(|i| contact(i)).collect::<Vec<_>>(), "total_count": 5, "pages": pages
    }))
}

fn company_page(ids: &[&str], page: i64, total: i64) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(json!({
        "type": "list", "data": ids.iter().map(|i| company(i)).collect::<Vec<_>>(), "total_count": 5,
        "pages": {"type": "pages", "page": page, "per_page": 2, "total_pages": total}
    }))
}

fn search_body(cursor: Option<&str>) -> Value {
    let mut pagination = json!({"per_page": 2});
    if let Some(c) = cursor {
        pagination["starting_after"] = json!(c);
    }
    json!({"query": {"field": "role", "operator": "=", "value": "user"}, "pagination": pagination})
}

macro_rules! pagination_tests {
    ($feature:literal, $module:ident) => {
        #[cfg(feature = $feature)]
        mod $module {
            use super::*;
            use intercom_api::$module::{types, Client};

            fn client(server: &MockServer) -> Client {
                Client::builder().token("t").base_url(server.uri()).retry(RetryPolicy::none()).build().unwrap()
            }

            #[tokio::test]
            async fn query_cursor_walks_every_page_keeping_per_page() {
                let server = MockServer::start().await;
                Mock::given(method("GET")).and(path("/contacts")).and(query_param("per_page", "2")).and(query_param_is_missing("starting_after"))
                    .respond_with(contact_page(&["1", "2"], Some("c2"))).expect(1).mount(&server).await;
                Mock::given(method("GET")).and(path("/contacts")).and(query_param("per_page", "2")).and(query_param("starting_after", "c2"))
                    .respond_with(contact_page(&["3", "4"], Some("c3"))).expect(1).mount(&server).await;
                Mock::given(method("GET")).and(path("/contacts")).and(query_param("per_page", "2")).and(query_param("starting_after", "c3"))
                    .respond_with(contact_page(&["5"], None)).expect(1).mount(&server).await;
                let c = client(&server);
                let items: Vec<_> = c.list_contacts().per_page(2).stream().try_collect().await.unwrap();
                assert_eq!(ids(&items), ["1", "2", "3", "4", "5"]);
            }

            #[tokio::test]
            async fn a_cursor_stream_interrupted_after_page_2_of_4_resumes_at_page_3() {
                use intercom_api::pagination::{Next, PaginatedExt};
                let server = MockServer::start().await;
                // Each page is asked for once in all: the resumed stream does not start over.
                Mock::given(method("GET")).and(path("/contacts")).and(query_param_is_missing("starting_after"))
                    .respond_with(contact_page(&["1", "2"], Some("c2"))).expect(1).mount(&server).await;
                for (cursor, page, next) in [("c2", ["3", "4"], Some("c3")), ("c3", ["5", "6"], Some("c4")), ("c4", ["7", "8"], None)] {
                    Mock::given(method("GET")).and(path("/contacts")).and(query_param("per_page", "2")).and(query_param("starting_after", cursor))
                        .respond_with(contact_page(&page, next)).expect(1).mount(&server).await;
                }
                let c = client(&server);
                let mut pages = c.list_contacts().per_page(2).pages_from(None);
                assert_eq!(pages.next_start(), None);
                let first: Vec<_> = (&mut pages).take(2).try_collect().await.unwrap();
                assert_eq!(page_ids(&first[1]), ["3", "4"]);
                let saved = pages.next_start().cloned();
                assert_eq!(saved, Some(Next::Cursor("c3".into())));
                assert!(!pages.is_finished());
                drop(pages);

                let mut resumed = c.list_contacts().per_page(2).pages_from(saved);
                let rest: Vec<_> = (&mut resumed).try_collect().await.unwrap();
                let items: Vec<_> = rest.iter().flat_map(page_ids).collect();
                assert_eq!(items, ["5", "6", "7", "8"]);
                assert!(resumed.is_finished());
                assert_eq!(resumed.next_start(), None);
            }

            #[tokio::test]
            async fn an_item_stream_resumes_at_the_page_it_was_in() {
                use intercom_api::pagination::{Next, PaginatedExt};
                let server = MockServer::start().await;
                Mock::given(method("GET")).and(path("/contacts")).and(query_param_is_missing("starting_after"))
                    .respond_with(contact_page(&["1", "2"], Some("c2"))).expect(1).mount(&server).await;
                Mock::given(method("GET")).and(path("/contacts")).and(query_param("starting_after", "c2"))
                    .respond_with(contact_page(&["3", "4"], None)).expect(2).mount(&server).await;
                let c = client(&server);
                let mut items = c.list_contacts().items_from(None);
                let first: Vec<_> = (&mut items).take(3).try_collect().await.unwrap();
                assert_eq!(ids(&first), ["1", "2", "3"]);
                // Item 4 is not yielded yet: resuming asks for its page again.
                let saved = items.next_start().cloned();
                assert_eq!(saved, Some(Next::Cursor("c2".into())));
                let rest: Vec<_> = c.list_contacts().items_from(saved).try_collect().await.unwrap();
                assert_eq!(ids(&rest), ["3", "4"]);
                let _ = items.next().await.unwrap().unwrap();
                assert!(items.next().await.is_none());
                assert!(items.is_finished());
            }

            #[tokio::test]
            async fn a_page_number_stream_that_fails_at_page_3_of_4_resumes_there() {
                use intercom_api::pagination::{Next, PaginatedExt};
                let server = MockServer::start().await;
                Mock::given(method("POST")).and(path("/companies/list")).and(query_param("page", "3"))
                    .respond_with(ResponseTemplate::new(500)).up_to_n_times(1).expect(1).mount(&server).await;
                for (page, ids) in [(1, ["a", "b"]), (2, ["c", "d"]), (3, ["e", "f"]), (4, ["g", "h"])] {
                    Mock::given(method("POST")).and(path("/companies/list")).and(query_param("page", page.to_string())).and(query_param("per_page", "2"))
                        .respond_with(company_page(&ids, page, 4)).expect(1).mount(&server).await;
                }
                let c = client(&server);
                let mut pages = c.list_all_companies().page(1).per_page(2).pages_from(None);
                let mut got = Vec::new();
                let mut failed = false;
                while let Some(page) = pages.next().await {
                    match page {
                        Ok(p) => got.extend(page_ids(&p)),
                        Err(_) => failed = true,
                    }
                }
                assert!(failed);
                assert_eq!(got, ["a", "b", "c", "d"]);
                // The page that failed is where to resume.
                let saved = pages.next_start().cloned();
                assert_eq!(saved, Some(Next::Page(3)));
                assert!(!pages.is_finished());

                let rest: Vec<_> = c.list_all_companies().page(1).per_page(2).pages_from(saved).try_collect().await.unwrap();
                let items: Vec<_> = rest.iter().flat_map(page_ids).collect();
                assert_eq!(items, ["e", "f", "g", "h"]);
            }

            #[tokio::test]
            async fn query_cursor_stops_on_a_repeated_cursor() {
                let server = MockServer::start().await;
                Mock::given(method("GET")).and(path("/contacts")).and(query_param_is_missing("starting_after"))
                    .respond_with(contact_page(&["1"], Some("c2"))).expect(1).mount(&server).await;
                // A broken server that hands out the same cursor again.
                Mock::given(method("GET")).and(path("/contacts")).and(query_param("starting_after", "c2"))
                    .respond_with(contact_page(&["2"], Some("c2"))).expect(1).mount(&server).await;
                let items: Vec<_> = client(&server).list_contacts().stream().try_collect().await.unwrap();
                assert_eq!(ids(&items), ["1", "2"]);
            }

            #[tokio::test]
            async fn query_cursor_stops_on_empty_cursor_or_empty_page() {
                let server = MockServer::start().await;
                Mock::given(method("GET")).and(path("/contacts")).and(query_param_is_missing("starting_after"))
                    .respond_with(contact_page(&["1"], Some(""))).expect(1).mount(&server).await;
                let items: Vec<_> = client(&server).list_contacts().stream().try_collect().await.unwrap();
                assert_eq!(ids(&items), ["1"]);

                let server = MockServer::start().await;
                Mock::given(method("GET")).and(path("/contacts")).and(query_param_is_missing("starting_after"))
                    .respond_with(contact_page(&[], Some("c2"))).expect(1).mount(&server).await;
                let items: Vec<_> = client(&server).list_contacts().stream().try_collect().await.unwrap();
                assert!(items.is_empty());
            }

            #[tokio::test]
            async fn body_cursor_keeps_the_query_and_per_page() {
                let server = MockServer::start().await;
                Mock::given(method("POST")).and(path("/contacts/search")).and(body_json(search_body(None)))
                    .respond_with(contact_page(&["1", "2"], Some("s2"))).expect(1).mount(&server).await;
                Mock::given(method("POST")).and(path("/contacts/search")).and(body_json(search_body(Some("s2"))))
                    .respond_with(contact_page(&["3"], None)).expect(1).mount(&server).await;
                let body: types::SearchRequest = serde_json::from_value(search_body(None)).unwrap();
                let items: Vec<_> = client(&server).search_contacts().body(body).stream().try_collect().await.unwrap();
                assert_eq!(ids(&items), ["1", "2", "3"]);
            }

            #[tokio::test]
            async fn page_numbers_stop_at_the_last_page() {
                let server = MockServer::start().await;
                for (page, ids) in [(1, vec!["a", "b"]), (2, vec!["c", "d"]), (3, vec!["e"])] {
                    Mock::given(method("POST")).and(path("/companies/list")).and(query_param("page", page.to_string())).and(query_param("per_page", "2"))
                        .respond_with(company_page(&ids, page, 3)).expect(1).mount(&server).await;
                }
                let pages: Vec<_> = client(&server).list_all_companies().page(1).per_page(2).pages().try_collect().await.unwrap();
                assert_eq!(pages.len(), 3);
            }

            /// `pages.next` comes as the next page's URL (classic paging), a
            /// cursor object, or not at all: the page-number stream reads
            /// `page` / `total_pages` and ends after the last page whichever.
            #[tokio::test]
            async fn page_numbers_end_whichever_shape_next_comes_in() {
                let server = MockServer::start().await;
                let nexts = [
                    json!(format!("{}/companies/list?page=2&per_page=2", server.uri())),
                    json!({"per_page": 2, "starting_after": "WzE3MzQ1MzcyNDMwMDAsIjIiXQ=="}),
                    json!(format!("{}/companies/list?page=4&per_page=2", server.uri())),
                ];
                for (page, next) in (1..=3).zip(nexts.clone()) {
                    Mock::given(method("POST")).and(path("/companies/list")).and(query_param("page", page.to_string()))
                        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                            "type": "list", "data": [company(&page.to_string())], "total_count": 3,
                            "pages": {"type": "pages", "next": next, "page": page, "per_page": 2, "total_pages": 3}
                        })))
                        .expect(1).mount(&server).await;
                }
                let pages: Vec<types::CompanyList> = client(&server).list_all_companies().page(1).per_page(2).pages().try_collect().await.unwrap();
                assert_eq!(pages.len(), 3, "three pages, no fourth request");
                let next = |i: usize| pages[i].pages.as_ref().and_then(|p| p.next.clone()).unwrap();
                assert_eq!(next(0).url(), nexts[0].as_str());
                assert_eq!(next(0).starting_after(), None);
                assert_eq!(next(1).starting_after(), Some("WzE3MzQ1MzcyNDMwMDAsIjIiXQ=="));
                assert_eq!(next(1).per_page(), Some(2));
                assert_eq!(serde_json::to_value(&pages[1]).unwrap()["pages"]["next"], nexts[1], "written back as read");
                assert_eq!(serde_json::to_value(&pages[2]).unwrap()["pages"]["next"], nexts[2]);
            }

            #[tokio::test]
            async fn page_numbers_walk_items_in_order() {
                let server = MockServer::start().await;
                Mock::given(method("POST")).and(path("/companies/list")).and(query_param_is_missing("page"))
                    .respond_with(company_page(&["a", "b"], 1, 2)).expect(1).mount(&server).await;
                Mock::given(method("POST")).and(path("/companies/list")).and(query_param("page", "2"))
                    .respond_with(company_page(&["c"], 2, 2)).expect(1).mount(&server).await;
                let items: Vec<_> = client(&server).list_all_companies().stream().try_collect().await.unwrap();
                assert_eq!(ids(&items), ["a", "b", "c"]);
            }

            fn help_center_page(ids: &[&str]) -> ResponseTemplate {
                ResponseTemplate::new(200).set_body_json(json!({"type": "list", "data": ids.iter().map(|i| json!({"id": i, "type": "help_center", "identifier": format!("hc-{i}"), "display_name": "Help"})).collect::<Vec<_>>()}))
            }

            #[tokio::test]
            async fn pages_without_page_info_run_until_an_empty_page() {
                let server = MockServer::start().await;
                Mock::given(method("GET")).and(path("/help_center/help_centers")).and(query_param_is_missing("page")).and(query_param("per_page", "2"))
                    .respond_with(help_center_page(&["1", "2"])).expect(1).mount(&server).await;
                Mock::given(method("GET")).and(path("/help_center/help_centers")).and(query_param("page", "2")).and(query_param("per_page", "2"))
                    .respond_with(help_center_page(&["3"])).expect(1).mount(&server).await;
                Mock::given(method("GET")).and(path("/help_center/help_centers")).and(query_param("page", "3"))
                    .respond_with(help_center_page(&[])).expect(1).mount(&server).await;
                let items: Vec<_> = client(&server).list_help_centers().per_page(2).stream().try_collect().await.unwrap();
                assert_eq!(ids(&items), ["1", "2", "3"]);
            }

            #[tokio::test]
            async fn pages_without_page_info_stop_when_the_server_ignores_page() {
                let server = MockServer::start().await;
                Mock::given(method("GET")).and(path("/help_center/help_centers"))
                    .respond_with(help_center_page(&["1", "2"])).expect(2).mount(&server).await;
                let items: Vec<_> = client(&server).list_help_centers().stream().try_collect().await.unwrap();
                assert_eq!(ids(&items), ["1", "2"], "the repeated page is not yielded again");
            }

            #[tokio::test]
            async fn scroll_ends_on_an_empty_page() {
                let server = MockServer::start().await;
                let page = |ids: &[&str]| ResponseTemplate::new(200).set_body_json(json!({
                    "type": "list", "data": ids.iter().map(|i| company(i)).collect::<Vec<_>>(), "scroll_param": "sp-1"
                }));
                Mock::given(method("GET")).and(path("/companies/scroll")).and(query_param_is_missing("scroll_param"))
                    .respond_with(page(&["a", "b"])).expect(1).mount(&server).await;
                // Intercom keeps the same scroll parameter: sequence the answers.
                Mock::given(method("GET")).and(path("/companies/scroll")).and(query_param("scroll_param", "sp-1"))
                    .respond_with(page(&["c"])).up_to_n_times(1).expect(1).mount(&server).await;
                Mock::given(method("GET")).and(path("/companies/scroll")).and(query_param("scroll_param", "sp-1"))
                    .respond_with(page(&[])).expect(1).mount(&server).await;
                let items: Vec<_> = client(&server).scroll_over_all_companies().stream().try_collect().await.unwrap();
                assert_eq!(ids(&items), ["a", "b", "c"]);
            }

            #[tokio::test]
            async fn an_error_mid_stream_is_yielded_once_and_ends_the_stream() {
                let server = MockServer::start().await;
                Mock::given(method("GET")).and(path("/contacts")).and(query_param_is_missing("starting_after"))
                    .respond_with(contact_page(&["1", "2"], Some("c2"))).expect(1).mount(&server).await;
                Mock::given(method("GET")).and(path("/contacts")).and(query_param("starting_after", "c2"))
                    .respond_with(ResponseTemplate::new(404).set_body_json(json!({"type": "error.list", "errors": [{"code": "not_found"}]})))
                    .expect(1).mount(&server).await;
                let results: Vec<Result<_, Error>> = client(&server).list_contacts().stream().collect().await;
                assert_eq!(results.len(), 3);
                assert!(results[0].is_ok() && results[1].is_ok());
                assert!(results[2].as_ref().unwrap_err().is_not_found());
            }

            #[tokio::test]
            async fn streams_are_lazy() {
                let server = MockServer::start().await;
                Mock::given(method("GET")).respond_with(contact_page(&["1"], None)).expect(0).mount(&server).await;
                let c = client(&server);
                let stream = c.list_contacts().per_page(5).stream();
                drop(stream);
                let pages = c.list_contacts().pages();
                drop(pages);
            }
        }
    };
}

pagination_tests!("v2_9", v2_9);
pagination_tests!("v2_14", v2_14);

#[test]
fn page_meta_reads_cursor_pages_and_scroll() {
    use intercom_api::pagination::PageMeta;
    let m = PageMeta::read(
        Some(json!({"page": 2, "total_pages": "5", "next": {"starting_after": "abc"}})),
        None,
    );
    assert_eq!(
        m,
        PageMeta {
            next_cursor: Some("abc".into()),
            page: Some(2),
            total_pages: Some(5)
        }
    );
    let m = PageMeta::read(
        Some(json!({"next": "https://api.intercom.io/x?page=3"})),
        Some(json!("sp")),
    );
    assert_eq!(m.next_cursor.as_deref(), Some("sp"));
    assert_eq!(PageMeta::read(None, None), PageMeta::default());
}
