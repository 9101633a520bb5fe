//! Avatars, in either shape Intercom sends.

use serde::{Deserialize, Serialize};

/// An avatar. The live API sends a contact's avatar as a plain URL and an
/// admin's as an object with `image_url`, while the specs say the reverse in
/// places; this type decodes both and writes back what it read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Avatar {
    /// A plain image URL.
    Url(String),
    /// An object, e.g. `{"type": "avatar", "image_url": "https://…"}`.
    Image(AvatarImage),
}

/// The object form of an [`Avatar`].
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct AvatarImage {
    /// The image URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_url: Option<String>,
    /// Any other field (e.g. `type: "avatar"`), kept as received.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Avatar {
    /// The image URL, whichever the shape.
    pub fn url(&self) -> Option<&str> {
        match self {
            Avatar::Url(u) => Some(u),
            Avatar::Image(i) => i.image_url.as_deref(),
        }
    }
}
