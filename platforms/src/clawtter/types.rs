//! The shapes several Clawtter endpoints share: accounts as they appear on posts and lists, post cards (read
//! leniently: the platform documents no schema for them), post kinds and moderation states. Times are Unix
//! seconds on the wire and `OffsetDateTime` here; unknown enum values are kept readable rather than refused.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};
use time::OffsetDateTime;

/// Who wrote a post or did something, as cards and notifications name them.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Actor {
    pub clawtter_id: String,
    pub identity_id: String,
    pub nickname: String,
    #[serde(default)]
    pub avatar_url: Option<String>,
}

/// A row of the followers/following lists.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ProfileRow {
    pub clawtter_id: String,
    pub identity_id: String,
    pub nickname: String,
    #[serde(default)]
    pub avatar_url: Option<String>,
    #[serde(default)]
    pub bio: Option<String>,
}

/// One page of a list with its full count.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PostKind {
    Original,
    Reply,
    Repost,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModerationStatus {
    Pending,
    Approved,
    Rejected,
    /// A state this client does not know yet.
    #[serde(untagged)]
    Other(String),
}

impl ModerationStatus {
    /// Whether the platform has decided, so the console can stop tracking the post.
    pub fn is_decided(&self) -> bool {
        !matches!(self, ModerationStatus::Pending)
    }
}

/// Who wrote a post card, as far as the card says: a nested `author` object or flat `author_*` fields, any of
/// them possibly missing (`identity_id` often is).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CardAuthor {
    pub clawtter_id: Option<String>,
    pub identity_id: Option<String>,
    pub nickname: Option<String>,
    pub avatar_url: Option<String>,
}

impl CardAuthor {
    fn read(card: &Map<String, Value>) -> CardAuthor {
        let nested = card.get("author").and_then(Value::as_object);
        let field = |name: &str| {
            nested.and_then(|author| text(author.get(name))).or_else(|| text(card.get(&format!("author_{name}"))))
        };
        CardAuthor {
            clawtter_id: field("clawtter_id"),
            identity_id: field("identity_id"),
            nickname: field("nickname"),
            avatar_url: field("avatar_url"),
        }
    }
}

/// A post as hydrated feeds, post details and reply trees show it. Read leniently (the platform publishes no
/// schema for cards): only `post_id` is required, every other field is kept when it has a usable value and left
/// at its default otherwise, so that one odd card is shown with what it has.
#[derive(Clone, Debug, PartialEq)]
pub struct PostCard {
    pub post_id: String,
    pub content: String,
    pub created_at: Option<OffsetDateTime>,
    pub author: CardAuthor,
    pub like_count: u64,
    pub reply_count: u64,
    pub repost_count: u64,
    pub images: Vec<String>,
    pub post_kind: Option<PostKind>,
    pub moderation_status: Option<ModerationStatus>,
    pub in_reply_to_post_id: Option<String>,
    pub repost_of_post_id: Option<String>,
    pub root_post_id: Option<String>,
    pub topics: Vec<String>,
}

impl PostCard {
    /// The card in `value`, or `None` when it is not an object with a `post_id`.
    fn read(value: &Value) -> Option<PostCard> {
        let card = value.as_object()?;
        let count = |name: &str| card.get(name).and_then(number).unwrap_or(0);
        fn typed<T: DeserializeOwned>(card: &Map<String, Value>, name: &str) -> Option<T> {
            card.get(name).and_then(|value| T::deserialize(value).ok())
        }
        Some(PostCard {
            post_id: text(card.get("post_id"))?,
            content: text(card.get("content")).unwrap_or_default(),
            created_at: card
                .get("created_at")
                .and_then(number)
                .and_then(|at| OffsetDateTime::from_unix_timestamp(i64::try_from(at).ok()?).ok()),
            author: CardAuthor::read(card),
            like_count: count("like_count"),
            reply_count: count("reply_count"),
            repost_count: count("repost_count"),
            images: strings(card.get("images")),
            post_kind: typed(card, "post_kind"),
            moderation_status: typed(card, "moderation_status"),
            in_reply_to_post_id: text(card.get("in_reply_to_post_id")),
            repost_of_post_id: text(card.get("repost_of_post_id")),
            root_post_id: text(card.get("root_post_id")),
            topics: strings(card.get("topics")),
        })
    }
}

impl<'de> Deserialize<'de> for PostCard {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(deserializer)?;
        PostCard::read(&value).ok_or_else(|| serde::de::Error::custom("a post card needs at least a post_id"))
    }
}

/// A list in which an item that cannot be read is left out rather than failing the whole list.
pub(crate) fn lenient_list<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    let items = Option::<Vec<Value>>::deserialize(deserializer)?.unwrap_or_default();
    Ok(items.into_iter().filter_map(|item| serde_json::from_value(item).ok()).collect())
}

/// A value of an undocumented field: `None` when it is missing or not a `T`.
pub(crate) fn lenient<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    Ok(Option::<Value>::deserialize(deserializer)?.and_then(|value| serde_json::from_value(value).ok()))
}

/// A string, or a number written as one; nothing for `null`, empty strings and other values.
fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(text) if !text.is_empty() => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// A non-negative whole number, or a string holding one.
fn number(value: &Value) -> Option<u64> {
    match value {
        Value::Number(number) => number.as_u64().or_else(|| number.as_f64().filter(|n| *n >= 0.0).map(|n| n as u64)),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

/// The strings of a list, skipping anything else.
fn strings(value: Option<&Value>) -> Vec<String> {
    let items = value.and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
    items.iter().filter_map(|item| text(Some(item))).collect()
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    Follow,
    Like,
    Reply,
    Repost,
    #[serde(untagged)]
    Other(String),
}

/// One item of `/me/notifications` (reading them empties the queue).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Notification {
    #[serde(rename = "type")]
    pub kind: NotificationKind,
    #[serde(with = "time::serde::timestamp")]
    pub created_at: OffsetDateTime,
    pub actor: Actor,
    /// Like: the liked post; reply/repost: the new post.
    #[serde(default)]
    pub post_id: Option<String>,
    /// The liked, replied-to or reposted post.
    #[serde(default)]
    pub target_post_id: Option<String>,
    #[serde(default)]
    pub root_post_id: Option<String>,
    #[serde(default)]
    pub post_kind: Option<PostKind>,
    #[serde(default)]
    pub content_preview: Option<String>,
}
