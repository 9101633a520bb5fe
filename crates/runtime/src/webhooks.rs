//! Intercom webhook notifications: check the signature, then decode.
//!
//! Intercom signs each notification with `X-Hub-Signature: sha1=<hex>`, the
//! HMAC-SHA1 of the raw request body keyed with your app's client secret.
//! Verify the raw bytes *before* parsing them:
//!
//! ```
//! # use intercom_api_runtime as intercom_api;
//! use intercom_api::webhooks::{self, Topic};
//!
//! # let secret = b"client-secret".as_slice();
//! # let body = br#"{"type":"notification_event","topic":"contact.user.created","id":"notif_1","data":{"type":"notification_event_data","item":{"type":"contact","id":"c1"}}}"#.as_slice();
//! # let header = &format!("sha1={}", webhooks::signature_hex(secret, body));
//! // secret: your app's client secret; body: the raw request body;
//! // header: the X-Hub-Signature header's value.
//! webhooks::verify(secret, body, header)?;
//! let notification = webhooks::Notification::parse(body)?;
//! if notification.topic == Topic::ContactUserCreated {
//!     // Or the version's type: `let contact: v2_14::types::Contact = …`.
//!     let contact: serde_json::Value = notification.item()?;
//! }
//! # Ok::<(), intercom_api::Error>(())
//! ```
//!
//! The [webhooks guide](https://docs.rs/intercom-api/latest/intercom_api/guide/webhooks/index.html) has a whole
//! handler.
//!
//! The client secret is never printed: [`WebhookError`] carries no secret
//! and no signature, and [`Secret`] redacts itself in `Debug`.

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha1::Sha1;
use std::fmt;

/// Why a notification's signature was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookError {
    /// No `X-Hub-Signature` header (or an empty one).
    #[error("the notification has no X-Hub-Signature header")]
    MissingSignature,
    /// The header is not `sha1=` followed by 40 hex digits.
    #[error("the X-Hub-Signature header is not `sha1=<40 hex digits>`")]
    MalformedSignature,
    /// The signature does not match the body and secret (a tampered body,
    /// another app's secret, or not from Intercom).
    #[error("the X-Hub-Signature does not match the body (wrong secret, or the body was altered)")]
    Mismatch,
}

/// An app's client secret, redacted in `Debug`.
#[derive(Clone)]
pub struct Secret(Vec<u8>);

impl Secret {
    /// Wraps the secret.
    pub fn new(secret: impl Into<Vec<u8>>) -> Secret {
        Secret(secret.into())
    }

    /// Verifies a notification with this secret (see [`verify`]).
    pub fn verify(&self, body: &[u8], signature_header: &str) -> Result<(), WebhookError> {
        verify(&self.0, body, signature_header)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

fn mac(secret: &[u8]) -> Hmac<Sha1> {
    // HMAC takes a key of any length.
    <Hmac<Sha1> as Mac>::new_from_slice(secret).expect("HMAC accepts keys of any length")
}

/// The lowercase hex HMAC-SHA1 of `body` keyed with `secret`: what Intercom
/// puts after `sha1=` (useful to sign test notifications).
pub fn signature_hex(secret: &[u8], body: &[u8]) -> String {
    let mut m = mac(secret);
    m.update(body);
    m.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Checks `X-Hub-Signature: sha1=<hex>` against the raw `body`, in constant
/// time. Upper- or lowercase hex are accepted; surrounding white space is ignored.
pub fn verify(secret: &[u8], body: &[u8], signature_header: &str) -> Result<(), WebhookError> {
    let header = signature_header.trim();
    if header.is_empty() {
        return Err(WebhookError::MissingSignature);
    }
    let hex = header
        .strip_prefix("sha1=")
        .ok_or(WebhookError::MalformedSignature)?;
    let expected = decode_hex(hex).ok_or(WebhookError::MalformedSignature)?;
    let mut m = mac(secret);
    m.update(body);
    m.verify_slice(&expected)
        .map_err(|_| WebhookError::Mismatch)
}

fn decode_hex(s: &str) -> Option<Vec<u8>> {
    if s.len() != 40 || !s.is_ascii() {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).ok())
        .collect()
}

crate::vocabulary::wire_vocabulary! {
    /// A notification's topic. A topic this crate does not know is kept
    /// as [`Topic::Unknown`].
    pub enum Topic {
    ConversationUserCreated = "conversation.user.created",
    ConversationUserReplied = "conversation.user.replied",
    ConversationAdminReplied = "conversation.admin.replied",
    ConversationAdminSingleCreated = "conversation.admin.single.created",
    ConversationAdminAssigned = "conversation.admin.assigned",
    ConversationAdminOpenAssigned = "conversation.admin.open.assigned",
    ConversationAdminNoted = "conversation.admin.noted",
    ConversationAdminClosed = "conversation.admin.closed",
    ConversationAdminOpened = "conversation.admin.opened",
    ConversationAdminSnoozed = "conversation.admin.snoozed",
    ConversationAdminUnsnoozed = "conversation.admin.unsnoozed",
    ConversationOperatorReplied = "conversation.operator.replied",
    ConversationPriorityUpdated = "conversation.priority.updated",
    ConversationRatingAdded = "conversation.rating.added",
    ConversationDeleted = "conversation.deleted",
    ConversationReadByAdmin = "conversation.read",
    ConversationPartRedacted = "conversation_part.redacted",
    ConversationPartTagCreated = "conversation_part.tag.created",
    ContactUserCreated = "contact.user.created",
    ContactUserUpdated = "contact.user.updated",
    ContactLeadCreated = "contact.lead.created",
    ContactLeadUpdated = "contact.lead.updated",
    ContactLeadSignedUp = "contact.lead.signed_up",
    ContactArchived = "contact.archived",
    ContactUnarchived = "contact.unarchived",
    ContactDeleted = "contact.deleted",
    ContactMerged = "contact.merged",
    ContactEmailUpdated = "contact.email.updated",
    ContactSubscribed = "contact.subscribed",
    ContactUnsubscribed = "contact.unsubscribed",
    ContactAttachedToCompany = "contact.attached_to_company",
    ContactDetachedFromCompany = "contact.detached_from_company",
    ContactTagCreated = "contact.tag.created",
    ContactTagDeleted = "contact.tag.deleted",
    CompanyCreated = "company.created",
    CompanyUpdated = "company.updated",
    CompanyDeleted = "company.deleted",
    CompanyContactAttached = "company.contact.attached",
    CompanyContactDetached = "company.contact.detached",
    TicketCreated = "ticket.created",
    TicketStateUpdated = "ticket.state.updated",
    TicketAttributeUpdated = "ticket.attribute.updated",
    TicketAdminAssigned = "ticket.admin.assigned",
    TicketTeamAssigned = "ticket.team.assigned",
    TicketNoteCreated = "ticket.note.created",
    TicketContactReplied = "ticket.contact.replied",
    TicketAdminReplied = "ticket.admin.replied",
    TicketClosed = "ticket.closed",
    TicketRatingProvided = "ticket.rating.provided",
    TicketDeleted = "ticket.deleted",
    UserCreated = "user.created",
    UserDeleted = "user.deleted",
    UserUnsubscribed = "user.unsubscribed",
    UserEmailUpdated = "user.email.updated",
    UserTagCreated = "user.tag.created",
    UserTagDeleted = "user.tag.deleted",
    VisitorSignedUp = "visitor.signed_up",
    AdminAdded = "admin.added",
    AdminRemoved = "admin.removed",
    AdminAwayModeUpdated = "admin.away_mode_updated",
    AdminLoggedIn = "admin.logged_in",
    AdminLoggedOut = "admin.logged_out",
    JobCompleted = "job.completed",
    EventCreated = "event.created",
    ContentStatChanged = "content_stat.changed",
    Ping = "ping",
    }
    /// A topic this crate does not list, kept as sent.
    Unknown
}

/// A webhook notification (`type: notification_event`). Fields Intercom
/// adds are kept in `extra`; the item stays raw JSON until you ask for a
/// type with [`Notification::item`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Notification {
    /// `notification_event`.
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    /// The notification's id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<crate::Id>,
    /// What happened.
    pub topic: Topic,
    /// Your app (workspace) id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_id: Option<String>,
    /// When it happened (Unix seconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<i64>,
    /// How many times Intercom has tried to deliver it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_attempts: Option<u32>,
    /// When Intercom first tried (Unix seconds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_sent_at: Option<i64>,
    /// The payload.
    pub data: NotificationData,
    /// Any other field, kept as received.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// The `data` of a [`Notification`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotificationData {
    /// `notification_event_data`.
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// The object the topic is about (a conversation, a contact, …).
    #[serde(default)]
    pub item: serde_json::Value,
    /// Any other field, kept as received.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Notification {
    /// Decodes a notification body (after [`verify`]). A body that does not
    /// decode is an [`Error::Decode`](crate::Error::Decode) with the JSON
    /// path and the raw body.
    pub fn parse(body: &[u8]) -> crate::Result<Notification> {
        decode(body)
    }

    /// The item as a type of your API version, e.g.
    /// `notification.item::<v2_14::types::Conversation>()`.
    pub fn item<T: serde::de::DeserializeOwned>(&self) -> crate::Result<T> {
        let raw = serde_json::to_vec(&self.data.item).unwrap_or_default();
        decode(&raw)
    }
}

fn decode<T: serde::de::DeserializeOwned>(body: &[u8]) -> crate::Result<T> {
    serde_json::from_slice(body)
        .map_err(|e| crate::Error::decode(None, bytes::Bytes::copy_from_slice(body), e))
}
