//! Requests checked as Intercom would: a bearer token, the module's
//! `Intercom-Version`, the query parameters, and a body that decodes into the
//! operation's request type.

use crate::data::{BodyKind, OperationData};
use crate::VersionMock;
use wiremock::Request;

/// Why a request was refused: answered with an `error.list`.
#[derive(Debug, Clone)]
pub(super) struct Rejection {
    pub status: u16,
    pub code: &'static str,
    pub message: String,
    pub field: Option<String>,
}

fn reject(status: u16, code: &'static str, message: String, field: Option<&str>) -> Rejection {
    Rejection {
        status,
        code,
        message,
        field: field.map(str::to_string),
    }
}

/// Checks one request to `op` of `version`.
pub(super) fn request(
    version: &VersionMock,
    operation: &intercom_api_runtime::Operation,
    op: &OperationData,
    req: &Request,
) -> Result<(), Rejection> {
    let header = |name: &str| req.headers.get(name).and_then(|v| v.to_str().ok());
    let token = header("authorization")
        .and_then(|a| a.strip_prefix("Bearer "))
        .filter(|t| !t.trim().is_empty());
    if token.is_none() {
        return Err(reject(
            401,
            "unauthorized",
            "Access Token Invalid (no `Authorization: Bearer …` header)".into(),
            None,
        ));
    }
    match header("intercom-version") {
        Some(v) if v == version.version => {}
        other => {
            return Err(reject(
                400,
                "intercom_version_invalid",
                format!(
                    "Intercom-Version is {}, this mock serves {}",
                    other.map_or("missing".into(), |v| format!("`{v}`")),
                    version.version
                ),
                Some("Intercom-Version"),
            ))
        }
    }
    for p in &op.query {
        let value = req
            .url
            .query_pairs()
            .find(|(k, _)| *k == p.name)
            .map(|(_, v)| v.into_owned());
        let valid = match (value.as_deref(), p.ty.as_str()) {
            // An exploded object's properties are top-level keys: not checked.
            (_, "object") => true,
            (None, _) => !p.required,
            (Some(v), "integer") => v.parse::<i64>().is_ok(),
            (Some(v), "number") => v.parse::<f64>().is_ok(),
            (Some(v), "boolean") => v == "true" || v == "false",
            (Some(_), _) => true,
        };
        if !valid {
            let (code, message) = match value {
                None => (
                    "parameter_not_found",
                    format!("{} is a required query parameter", p.name),
                ),
                Some(v) => (
                    "parameter_invalid",
                    format!("{} must be of type {}, got `{v}`", p.name, p.ty),
                ),
            };
            return Err(reject(400, code, message, Some(&p.name)));
        }
    }
    let form = header("content-type")
        .is_some_and(|c| c.starts_with("multipart/form-data") && c.contains("boundary="));
    if operation.multipart && !form {
        return Err(reject(
            400,
            "parameter_invalid",
            "the body must be sent as Content-Type: multipart/form-data; boundary=…".into(),
            None,
        ));
    }
    match op.body {
        BodyKind::None | BodyKind::Other => Ok(()),
        BodyKind::JsonOptional if req.body.is_empty() => Ok(()),
        BodyKind::Json | BodyKind::JsonOptional => {
            if req.body.is_empty() {
                return Err(reject(
                    400,
                    "parameter_not_found",
                    "a JSON body is required".into(),
                    None,
                ));
            }
            let json = header("content-type").is_some_and(|c| c.starts_with("application/json"));
            if !json {
                return Err(reject(
                    400,
                    "parameter_invalid",
                    "the body must be sent as Content-Type: application/json".into(),
                    None,
                ));
            }
            match (version.validate)(&op.name, &req.body) {
                Some(Err(message)) => Err(reject(400, "parameter_invalid", message, None)),
                _ => Ok(()),
            }
        }
    }
}

/// Decodes a request body into `T` (the operation's request type): the
/// error names the JSON path where it failed.
#[doc(hidden)]
pub fn decode_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<(), String> {
    let mut de = serde_json::Deserializer::from_slice(body);
    let decoded: Result<T, _> = serde_path_to_error::deserialize(&mut de);
    match decoded {
        Ok(_) => de
            .end()
            .map_err(|e| format!("the body is not one JSON value: {e}")),
        Err(e) => {
            let path = e.path().to_string();
            let at = match path.as_str() {
                "." => "$".to_string(),
                p if p.starts_with('[') => format!("${p}"),
                p => format!("$.{p}"),
            };
            Err(format!(
                "the body does not match the request type at `{at}`: {}",
                e.inner()
            ))
        }
    }
}
