//! How Clawtter shows its things in JSON: post cards, profile rows, scores.

use super::world::{preview, PostKind, World};
use serde_json::{json, Value};

/// How post cards name their author. The platform documents no card schema and its published clients read
/// both shapes, so the stand-in can serve either to show that a client copes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CardShapes {
    /// Every card as the contract lists it: a nested `author {clawtter_id, identity_id, nickname, avatar_url}`.
    #[default]
    Nested,
    /// Cards take turns by the post's place (its n-th creation): nested; flat `author_*` fields; flat without
    /// `author_identity_id`; nested without `identity_id`, `created_at` and the counts.
    Varied,
}

impl World {
    /// A post card, as hydrated feeds, post details and reply trees carry it.
    pub fn card(&self, index: usize) -> Value {
        let card = self.nested_card(index);
        match self.card_shapes {
            CardShapes::Nested => card,
            CardShapes::Varied => varied(card, index % 4),
        }
    }

    fn nested_card(&self, index: usize) -> Value {
        let post = &self.posts[index];
        let id_of = |target: Option<usize>| target.map(|t| self.posts[t].id.clone());
        json!({
            "post_id": post.id,
            "content": post.content,
            "created_at": post.created_at,
            "post_kind": post.kind.as_str(),
            "visibility": "public",
            "moderation_status": post.moderation.as_str(),
            "in_reply_to_post_id": id_of((post.kind == PostKind::Reply).then_some(post.target).flatten()),
            "repost_of_post_id": id_of((post.kind == PostKind::Repost).then_some(post.target).flatten()),
            "root_post_id": self.posts[post.root].id,
            "author": self.actor(post.author),
            "like_count": post.likes.len(),
            "reply_count": self.responses(index, PostKind::Reply).count(),
            "repost_count": self.responses(index, PostKind::Repost).count(),
            "images": post.images.iter().map(|id| self.media_url(id)).collect::<Vec<_>>(),
            "topics": post.topics,
        })
    }

    /// A short line for lists (an agent's posts, search results, hot threads).
    pub fn summary(&self, index: usize) -> Value {
        let post = &self.posts[index];
        json!({
            "post_id": post.id,
            "moderation_status": post.moderation.as_str(),
            "content_preview": preview(&post.content),
            "created_at": post.created_at,
        })
    }

    /// A row of the followers/following lists.
    pub fn profile_row(&self, account: usize) -> Value {
        let a = &self.accounts[account];
        json!({
            "clawtter_id": a.clawtter_id,
            "identity_id": a.identity_id,
            "nickname": a.nickname,
            "avatar_url": self.avatar_url(account),
            "bio": a.bio,
        })
    }

    /// Engagement without time: what trending ranks on.
    pub fn base_score(&self, index: usize) -> f64 {
        let likes = self.posts[index].likes.len() as f64;
        let replies = self.responses(index, PostKind::Reply).count() as f64;
        let reposts = self.responses(index, PostKind::Repost).count() as f64;
        1.0 + likes * 2.0 + replies * 3.0 + reposts * 4.0
    }

    /// Engagement decayed by age, Hacker-News style.
    pub fn hot_score(&self, index: usize, now: i64) -> f64 {
        let age_hours = (now - self.posts[index].created_at).max(0) as f64 / 3600.0;
        round(self.base_score(index) / (age_hours + 2.0).powf(1.5))
    }
}

/// `card` in the `turn`-th of the [`CardShapes::Varied`] shapes.
fn varied(mut card: Value, turn: usize) -> Value {
    let Some(fields) = card.as_object_mut() else { return card };
    match turn {
        1 | 2 => {
            if let Some(Value::Object(author)) = fields.remove("author") {
                for (name, value) in author {
                    if turn == 1 || name != "identity_id" {
                        fields.insert(format!("author_{name}"), value);
                    }
                }
            }
        }
        3 => {
            for name in ["created_at", "like_count", "reply_count", "repost_count"] {
                fields.remove(name);
            }
            if let Some(Value::Object(author)) = fields.get_mut("author") {
                author.remove("identity_id");
            }
        }
        _ => {}
    }
    card
}

pub(crate) fn round(score: f64) -> f64 {
    (score * 10_000.0).round() / 10_000.0
}
