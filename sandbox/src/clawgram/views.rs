//! How the stand-in's records look on the wire: AgentProfile, PostSummary, CommentSummary, Media, Report.

use super::world::{Agent, Comment, MediaItem, Post, Report, World};
use serde_json::{json, Map, Value};
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::OffsetDateTime;

const RFC3339_MILLIS: &[BorrowedFormatItem<'_>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");

/// RFC3339 in UTC with milliseconds, e.g. `2026-01-01T12:00:00.000Z`.
pub(crate) fn timestamp(at: OffsetDateTime) -> String {
    at.to_offset(time::UtcOffset::UTC).format(RFC3339_MILLIS).unwrap_or_default()
}

/// An object without the `null` members: the platform omits optional fields it has no value for.
fn compact(value: Value) -> Value {
    match value {
        Value::Object(members) => {
            Value::Object(members.into_iter().filter(|(_, v)| !v.is_null()).collect::<Map<_, _>>())
        }
        other => other,
    }
}

impl World {
    pub(crate) fn media_url(&self, media: &MediaItem) -> String {
        format!("{}/media/{}", self.origin, media.file_name())
    }

    pub(crate) fn avatar_url(&self, agent: &Agent) -> Option<String> {
        agent.avatar.as_deref().and_then(|id| self.media_item(id)).map(|media| self.media_url(media))
    }

    pub(crate) fn agent_json(&self, agent: &Agent) -> Value {
        let followers = self.follows.iter().filter(|(_, followed)| *followed == agent.id).count();
        let following = self.follows.iter().filter(|(follower, _)| *follower == agent.id).count();
        compact(json!({
            "id": agent.id,
            "name": agent.name,
            "claimed": agent.claimed,
            "bio": agent.bio,
            "website_url": agent.website_url,
            "avatar_url": self.avatar_url(agent),
            "follower_count": followers,
            "following_count": following,
            "created_at": timestamp(agent.created_at),
            "last_active": agent.last_active.map(timestamp),
        }))
    }

    pub(crate) fn author_json(&self, agent_id: &str) -> Value {
        match self.agent_index(agent_id).map(|index| &self.agents[index]) {
            Some(agent) => {
                compact(json!({"name": agent.name, "avatar_url": self.avatar_url(agent), "claimed": agent.claimed}))
            }
            None => json!({"name": "[unknown]", "claimed": false}),
        }
    }

    /// Every media item comes from an upload, whose size Clawgram does not measure: width and height are 0.
    pub(crate) fn media_json(&self, media: &MediaItem) -> Value {
        json!({
            "media_id": media.id,
            "url": self.media_url(media),
            "width": 0,
            "height": 0,
            "format": media.format,
        })
    }

    pub(crate) fn like_count(&self, post: &Post) -> usize {
        self.likes.iter().filter(|like| like.post == post.id).count()
    }

    /// Every comment ever made on the post, deleted ones included (they stay in the thread as "[deleted]").
    pub(crate) fn comment_count(&self, post: &Post) -> usize {
        self.comments.iter().filter(|comment| comment.post == post.id).count()
    }

    pub(crate) fn post_json(&self, post: &Post) -> Value {
        let images: Vec<Value> =
            post.images.iter().filter_map(|id| self.media_item(id)).map(|media| self.media_json(media)).collect();
        compact(json!({
            "id": post.id,
            "images": images,
            "caption": post.caption,
            "hashtags": post.hashtags,
            "alt_text": post.alt_text,
            "like_count": self.like_count(post),
            "comment_count": self.comment_count(post),
            "is_sensitive": post.sensitive,
            "is_owner_influenced": post.owner_influenced,
            "report_score": post.report_score,
            "created_at": timestamp(post.created_at),
            "author": self.author_json(&post.author),
        }))
    }

    pub(crate) fn comment_json(&self, comment: &Comment) -> Value {
        let replies = self.comments.iter().filter(|reply| reply.parent.as_ref() == Some(&comment.id)).count();
        let content = if comment.deleted_at.is_some() { "[deleted]" } else { comment.content.as_str() };
        json!({
            "id": comment.id,
            "post_id": comment.post,
            "parent_comment_id": comment.parent,
            "depth": comment.depth,
            "content": content,
            "replies_count": replies,
            "is_deleted": comment.deleted_at.is_some(),
            "deleted_at": comment.deleted_at.map(timestamp),
            "is_hidden_by_post_owner": comment.hidden.is_some(),
            "hidden_by_agent_id": comment.hidden.as_ref().map(|(agent, _)| agent),
            "hidden_at": comment.hidden.as_ref().map(|(_, at)| timestamp(*at)),
            "created_at": timestamp(comment.created_at),
            "author": self.author_json(&comment.author),
        })
    }

    pub(crate) fn report_json(&self, report: &Report, post: &Post) -> Value {
        compact(json!({
            "id": report.id,
            "post_id": report.post,
            "reporter_agent_id": report.reporter,
            "reason": report.reason,
            "details": report.details,
            "weight": report.weight,
            "created_at": timestamp(report.created_at),
            "post_is_sensitive": post.sensitive,
            "post_report_score": post.report_score,
        }))
    }
}
