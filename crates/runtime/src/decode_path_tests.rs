//! Where a decoder stopped, as a JSON path: [`json_path_at`] from the line
//! and column serde_json reports, and the path of a decode error.

use crate::{json_path_at, Error};
use bytes::Bytes;
use serde::Deserialize;

/// The path where decoding `body` as `T` fails.
fn path_of<T: for<'de> Deserialize<'de> + std::fmt::Debug>(body: &str) -> String {
    let err = serde_json::from_str::<T>(body).expect_err("the body should not decode");
    json_path_at(body.as_bytes(), err.line(), err.column())
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Contact {
    id: String,
    avatar: Option<Avatar>,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Avatar {
    image_url: String,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct List {
    data: Vec<Contact>,
}

#[test]
fn the_path_names_the_field_and_the_index_where_decoding_stopped() {
    let body = r#"{"data": [{"id": "a"}, {"id": "b"}, {"id": 3}]}"#;
    assert_eq!(path_of::<List>(body), "$.data[2].id");
    let body = r#"{"data": [{"id": "a", "avatar": {"image_url": false}}]}"#;
    assert_eq!(path_of::<List>(body), "$.data[0].avatar.image_url");
}

#[test]
fn lines_strings_and_escapes_do_not_mislead_it() {
    // Over several lines, with braces, commas and quotes inside strings.
    let body = "{\n  \"data\": [\n    {\"id\": \"a,{[\\\"}\"},\n    {\"id\": null}\n  ]\n}";
    assert_eq!(path_of::<List>(body), "$.data[1].id");
    // Nested arrays count each level apart.
    let body = r#"[[1, 2], [3, "x"]]"#;
    assert_eq!(path_of::<Vec<Vec<u8>>>(body), "$[1][1]");
}

#[test]
fn keys_that_are_not_plain_names_are_quoted() {
    let body = r#"{"custom attributes": {"plan-tier": {"é": true}}}"#;
    let err = serde_json::from_str::<
        std::collections::HashMap<
            String,
            std::collections::HashMap<String, std::collections::HashMap<String, u8>>,
        >,
    >(body)
    .unwrap_err();
    assert_eq!(
        json_path_at(body.as_bytes(), err.line(), err.column()),
        r#"$["custom attributes"]["plan-tier"]["é"]"#
    );
}

#[test]
fn a_position_outside_the_body_or_a_broken_body_still_gives_a_path() {
    assert_eq!(json_path_at(b"", 1, 1), "$");
    assert_eq!(json_path_at(b"{\"a\": [1,", 9, 99), "$.a[1]");
    // An unterminated string: the scan stops at the end, in `a`'s value.
    assert_eq!(json_path_at(b"{\"a\": \"unterminated", 1, 50), "$.a");
    assert_eq!(json_path_at(b"]]]}}", 1, 5), "$");
}

#[test]
fn a_decode_error_carries_the_path_and_the_raw_body() {
    let body = r#"{"data": [{"id": 1}]}"#;
    let source = serde_json::from_str::<List>(body).unwrap_err();
    let err = Error::decode(None, Bytes::from(body), source);
    match &err {
        Error::Decode {
            path, body: raw, ..
        } => {
            assert_eq!(path, "$.data[0].id");
            assert_eq!(raw.as_ref(), body.as_bytes());
        }
        other => panic!("not a decode error: {other:?}"),
    }
    assert!(
        std::error::Error::source(&err).is_some(),
        "the source is kept"
    );
}
