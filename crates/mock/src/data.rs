//! One version's mock data, as the generator wrote it (its `mock` step):
//! read once per version from the JSON file the version module includes.

use intercom_api_runtime::PageKind;
use serde::Deserialize;
use serde_json::Value;

/// Every operation of one version, in the order of its `OPERATIONS`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tables {
    pub(super) operations: Vec<OperationData>,
}

impl Tables {
    pub(super) fn parse(text: &str, version: &str) -> Tables {
        serde_json::from_str(text)
            .unwrap_or_else(|e| panic!("the mock data of Intercom API {version} is broken: {e}"))
    }

    pub(super) fn get(&self, name: &str) -> Option<&OperationData> {
        self.operations.iter().find(|o| o.name == name)
    }
}

/// What the mock knows of one operation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct OperationData {
    pub name: String,
    /// The status of a success (the lowest 2xx the spec declares).
    pub status: u16,
    /// The default answer.
    pub answer: DefaultAnswer,
    /// Where the default answer came from.
    pub example: Source,
    pub pages: Option<PagesData>,
    pub query: Vec<QueryParam>,
    pub body: BodyKind,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub(super) enum DefaultAnswer {
    Json(Value),
    Text {
        content_type: String,
        body: String,
    },
    Empty,
    /// A redirect to a signed URL (served by the mock itself).
    Redirect,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum Source {
    /// The spec's response example.
    Spec,
    /// The least JSON the answer's schema allows (the spec has no example).
    Schema,
    /// No body.
    None,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PagesData {
    /// A [`PageKind`] name.
    kind: String,
    /// The items' field path in the answer (`["data"]`, `["data", "articles"]`).
    pub items: Vec<String>,
}

impl PagesData {
    pub fn kind(&self) -> PageKind {
        PageKind::ALL
            .into_iter()
            .find(|k| k.name() == self.kind)
            .unwrap_or_else(|| panic!("unknown pagination kind {}", self.kind))
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct QueryParam {
    pub name: String,
    pub required: bool,
    /// The schema's `type` (`integer`, `boolean`, `string`, `array`, `object`).
    #[serde(rename = "type")]
    pub ty: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(super) enum BodyKind {
    None,
    /// A required JSON body.
    Json,
    /// A JSON body the operation may be sent without.
    JsonOptional,
    /// A form or raw bytes (not checked).
    Other,
}
