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
