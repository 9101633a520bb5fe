//! Answers still decode when Intercom sends what the spec does not promise:
//! an enum value it does not list, a field it does not know (kept, readable),
//! no value for a field it marks required, `null` where it says non-null, and
//! ids as strings or numbers. One rule, applied by the build (passes
//! `lenient_answers`, `flexible_ids`, and `open_enums` on the generated code),
//! so it holds in every version; tested in the oldest and the newest.

use serde_json::json;

macro_rules! forward_compat_tests {
    ($feature:literal, $module:ident) => {
        #[cfg(feature = $feature)]
        mod $module {
            use super::*;
            use intercom_api::$module::types;

            #[test]
            fn an_unknown_enum_value_is_kept() {
                let a: types::Article = serde_json::from_value(json!({"type": "article", "id": "1", "state": "scheduled"})).unwrap();
                let state = a.state.clone().unwrap();
                assert!(matches!(state, types::ArticleState::Unknown(ref s) if s == "scheduled"), "{state:?}");
                assert_eq!(state.to_string(), "scheduled");
                assert_eq!(serde_json::to_value(&a).unwrap()["state"], "scheduled");
                // Known values still decode into their variants.
                let a: types::Article = serde_json::from_value(json!({"state": "draft"})).unwrap();
                assert!(matches!(a.state, Some(types::ArticleState::Draft)));
                // Text a caller parses stays strict.
                assert!("scheduled".parse::<types::ArticleState>().is_err());
            }

            #[test]
            fn an_unknown_field_is_kept_and_readable() {
                let t: types::TagList = serde_json::from_value(json!({
                    "type": "list", "data": [], "next_big_thing": {"enabled": true}
                }))
                .unwrap();
                assert_eq!(t.extra["next_big_thing"], json!({"enabled": true}));
                assert_eq!(serde_json::to_value(&t).unwrap()["next_big_thing"]["enabled"], true);
            }

            #[test]
            fn a_missing_required_field_is_tolerated() {
                // `message` requires created_at, body and message_type in the spec.
                let m: types::Message = serde_json::from_value(json!({"type": "user_message", "id": "403918330"})).unwrap();
                assert!(m.body.is_none());
                assert!(m.created_at.is_none());
                assert_eq!(m.id, "403918330");
            }

            #[test]
            fn null_where_the_spec_says_non_null() {
                let t: types::TagList = serde_json::from_value(json!({"type": "list", "data": null})).unwrap();
                assert!(t.data.is_none());
                let a: types::Article = serde_json::from_value(json!({"id": "1", "parent_ids": null, "title": null})).unwrap();
                assert!(a.parent_ids.is_none() && a.title.is_none());
            }

            /// Intercom's overlay: event metadata holds any JSON value.
            #[test]
            fn event_metadata_holds_any_json() {
                let metadata = json!({"invite_code": "ADDAFRIEND", "quantity": 2, "price": {"amount": 34999, "currency": "eur"}});
                let e: types::DataEvent = serde_json::from_value(json!({"type": "event", "event_name": "placed-order", "created_at": 1671028894, "metadata": metadata})).unwrap();
                assert_eq!(serde_json::to_value(&e).unwrap()["metadata"], metadata);
                let r: types::CreateDataEventRequest = serde_json::from_value(json!({"event_name": "placed-order", "created_at": 1671028894, "user_id": "314159", "metadata": metadata})).unwrap();
                assert_eq!(serde_json::to_value(&r).unwrap()["metadata"]["price"]["amount"], 34999);
            }

            #[test]
            fn ids_decode_from_strings_and_numbers() {
                let m: types::Message = serde_json::from_value(json!({"type": "user_message", "id": 403918330})).unwrap();
                assert_eq!(m.id, "403918330");
                assert_eq!(m.id.as_i64(), Some(403918330));
                // And are written back in the form they came in.
                assert_eq!(serde_json::to_value(&m).unwrap()["id"], 403918330);
            }
        }
    };
}

forward_compat_tests!("v2_9", v2_9);
forward_compat_tests!("v2_14", v2_14);

#[cfg(feature = "v2_14")]
#[test]
fn requests_stay_strict() {
    use intercom_api::v2_14::types;
    // A request body type keeps its declared types and has no catch-all map.
    assert!(
        serde_json::from_value::<types::StartingAfterPaging>(json!({"per_page": "many"})).is_err()
    );
    let p: types::StartingAfterPaging =
        serde_json::from_value(json!({"per_page": 5, "surprise": 1})).unwrap();
    assert_eq!(serde_json::to_value(&p).unwrap(), json!({"per_page": 5}));
}

#[test]
fn the_lossless_check_notices_a_dropped_field() {
    #[derive(serde::Serialize, serde::Deserialize)]
    struct Narrow {
        id: String,
    }
    let ok = intercom_api::conformance::decode::<Narrow>(br#"{"id": "1", "gone": null}"#);
    assert!(ok.is_ok(), "null values carry nothing: {ok:?}");
    let err =
        intercom_api::conformance::decode::<Narrow>(br#"{"id": "1", "gone": 5}"#).unwrap_err();
    assert_eq!(err.path, "$.gone");
    let err = intercom_api::conformance::decode::<Narrow>(br#"{"id": 1}"#).unwrap_err();
    assert_eq!(err.path, "$.id");
}

/// Wire facts the specs do not state, in every compiled version (from the
/// build's table): realistic answers of the shapes the live API sends
/// decode, with nothing lost. Each case must pass in every version that has
/// the operation, and the operation must exist in at least one.
#[test]
fn wire_facts_hold_in_every_version() {
    use intercom_api::conformance::{decode_answer, Verdict};
    let company = json!({"type": "company", "id": "6762f0a31bb69f9f2193bb3e", "company_id": "c-1", "name": "Acme", "created_at": 1734537243});
    let url_next = |url: &str| {
        json!({"type": "list", "data": [company.clone()], "total_count": 3,
            "pages": {"type": "pages", "next": url, "page": 1, "per_page": 1, "total_pages": 3}})
    };
    let collections = json!({"type": "list", "data": [{"id": "159", "workspace_id": "abc", "name": "Getting started", "created_at": 1734537243, "help_center_id": 3}],
        "total_count": 2, "pages": {"type": "pages", "next": "https://api.intercom.io/help_center/collections?page=2&per_page=1", "page": 1, "per_page": 1, "total_pages": 2}});
    let cursor_next = json!({"type": "list", "data": [], "total_count": 3,
        "pages": {"type": "pages", "next": {"per_page": 1, "starting_after": "WzE3MzQ1MzcyNDMwMDAsIjEiXQ=="}, "page": 1, "per_page": 1, "total_pages": 3}});
    let away = json!([
        {"type": "away_status_reason", "id": "1", "label": "On a break", "emoji": "\u{2615}", "order": 1, "deleted": false, "created_at": 1734537243, "updated_at": 1734537243},
        {"type": "away_status_reason", "id": "2", "label": "In a meeting", "emoji": "\u{1f4c5}", "order": 2, "deleted": false, "created_at": 1734537243, "updated_at": 1734537243}
    ]);
    let article = json!({"type": "article", "id": "42", "title": "Thanks for everything", "state": "published",
        "statistics": {"type": "article_statistics", "views": 3, "conversions": 0, "reactions": 3,
            "happy_reaction_percentage": 33.33333333333333, "neutral_reaction_percentage": 66.66666666666667, "sad_reaction_percentage": 0.0}});
    // Preview's custom object instances: `type` is the object's own name
    // where the spec's one-value enum says `list` (only Preview has the
    // operation); and the same kind of tag on lists every version has.
    let instances = json!({"type": "Order", "total_count": 1,
        "pages": {"type": "pages", "page": 1, "per_page": 20, "total_pages": 1},
        "data": [{"id": "2", "type": "Order", "custom_attributes": {"order_number": "ORDER-98765", "total_amount": 149.99},
            "external_id": "order_002", "external_created_at": null, "created_at": 1734537800, "updated_at": 1734537800}]});
    let preview = intercom_api::VERSION_DATA
        .iter()
        .any(|d| d.version == "Preview");
    if preview {
        let body = serde_json::to_vec(&instances).unwrap();
        let r = decode_answer(
            "Preview",
            "GET",
            "/custom_object_instances/Order",
            200,
            &body,
        );
        assert!(matches!(r, Verdict::Passed(_)), "{r:?}");
    }
    let teams = json!({"type": "team.list.v2", "teams": []});
    let tags = json!({"type": "tag.list", "data": [{"type": "tag", "id": "1", "name": "vip"}]});
    let cases = [
        ("a one-value tag with another value", "GET", "/teams", teams),
        ("a one-value tag with another value", "GET", "/tags", tags),
        (
            "page-numbered `pages.next` as a URL",
            "GET",
            "/companies",
            url_next("https://api.intercom.io/companies?page=2&per_page=1"),
        ),
        (
            "page-numbered `pages.next` as a URL",
            "POST",
            "/companies/list",
            url_next("https://api.intercom.io/companies/list?page=2&per_page=1"),
        ),
        (
            "page-numbered `pages.next` as a URL",
            "GET",
            "/help_center/collections",
            collections,
        ),
        (
            "cursor `pages.next` as an object",
            "GET",
            "/contacts",
            cursor_next,
        ),
        (
            "away status reasons as a bare array",
            "GET",
            "/away_status_reasons",
            away.clone(),
        ),
        (
            "away status reasons in Intercom's list wrapper",
            "GET",
            "/away_status_reasons",
            json!({"type": "list", "data": away}),
        ),
        ("article statistics as floats", "POST", "/articles", article),
    ];
    for (fact, method, path, body) in &cases {
        let body = serde_json::to_vec(body).unwrap();
        let mut passed = Vec::new();
        for d in intercom_api::VERSION_DATA {
            match decode_answer(d.version, method, path, 200, &body) {
                Verdict::Passed(_) => passed.push(d.version),
                // The operation is not in this version.
                Verdict::Unmatched(_) => {}
                Verdict::Failed(op, f) => {
                    panic!("{}: {fact}: {op} at {}: {}", d.version, f.path, f.reason)
                }
            }
        }
        assert!(
            !passed.is_empty(),
            "{fact}: {method} {path} is in no compiled version"
        );
        println!("{fact}: {method} {path} decodes in {passed:?}");
    }
}

/// One-value tags that tell the alternatives of an untagged union apart stay
/// closed, so each answer or request still lands in its own alternative.
#[cfg(feature = "v2_14")]
#[test]
fn union_discriminators_stay_closed() {
    use intercom_api::v2_14::types;
    let admin: types::ReplyConversationRequest = serde_json::from_value(
        json!({"message_type": "comment", "type": "admin", "admin_id": "991", "body": "Hi"}),
    )
    .unwrap();
    assert!(
        matches!(
            admin,
            types::ReplyConversationRequest::AdminReplyConversationRequest(_)
        ),
        "{admin:?}"
    );
    let user: types::ReplyConversationRequest = serde_json::from_value(
        json!({"message_type": "comment", "type": "user", "intercom_user_id": "667d", "body": "Hi"}),
    )
    .unwrap();
    assert!(
        matches!(
            user,
            types::ReplyConversationRequest::ContactReplyConversationRequest(_)
        ),
        "{user:?}"
    );
    // And a one-value tag that discriminates nothing is open.
    let t: types::TeamList = serde_json::from_value(json!({"type": "team.list.v2"})).unwrap();
    assert_eq!(serde_json::to_value(&t).unwrap()["type"], "team.list.v2");
}
