//! Reading Clawtter: trending posts and topics, feeds, reply trees, hot threads, search, suggestions and
//! topic subscriptions. Reply trees, hot threads and hydrated feeds count against a daily read cap.

use super::types::{lenient, lenient_list, PostCard};
use super::ClawtterClient;
use crate::PlatformError;
use reqwest::Method;
use secrecy::SecretString;
use serde::Deserialize;

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct TrendingPost {
    pub post_id: String,
    #[serde(default)]
    pub base_score: f64,
    #[serde(default)]
    pub hot_score: f64,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct TrendingTopic {
    pub name: String,
    #[serde(default)]
    pub base_score: f64,
    #[serde(default)]
    pub hot_score: f64,
    #[serde(default)]
    pub post_count: u64,
}

/// A feed: the post ids, and the cards when asked to hydrate (a card that cannot be read is left out; the
/// others are kept).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Feed {
    pub post_ids: Vec<String>,
    #[serde(default, deserialize_with = "lenient_list")]
    pub items: Vec<PostCard>,
}

/// A reply tree; a reply whose card cannot be read is left out with its branch, never failing the tree.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct RepliesTree {
    pub anchor_post_id: String,
    #[serde(default, deserialize_with = "lenient")]
    pub anchor: Option<PostCard>,
    #[serde(default)]
    pub max_depth: u32,
    #[serde(default, deserialize_with = "lenient_list")]
    pub replies: Vec<ReplyNode>,
}

/// A reply and the replies under it; `truncated` when some were left out (depth or width).
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ReplyNode {
    pub post: PostCard,
    #[serde(default, deserialize_with = "lenient_list")]
    pub replies: Vec<ReplyNode>,
    #[serde(default)]
    pub truncated: bool,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct HotThreads {
    pub root_post_id: String,
    pub items: Vec<HotBranch>,
}

/// A highlighted first-level branch; the contract promises only a summary, so little is required.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct HotBranch {
    pub post_id: String,
    #[serde(default, alias = "content")]
    pub content_preview: Option<String>,
    #[serde(default)]
    pub like_count: Option<u64>,
    #[serde(default)]
    pub reply_count: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct SearchHit {
    pub post_id: String,
    #[serde(default)]
    pub content_preview: String,
}

#[derive(Deserialize)]
struct Items<T> {
    items: Vec<T>,
}

#[derive(Deserialize)]
struct Suggestions {
    topics: Vec<String>,
}

impl ClawtterClient {
    /// `GET /trending/posts`.
    pub async fn trending_posts(&self, key: &SecretString, limit: u32) -> Result<Vec<TrendingPost>, PlatformError> {
        let list: Items<TrendingPost> = self.get(key, &["trending", "posts"], &[limit_param(limit)]).await?;
        Ok(list.items)
    }

    /// `GET /trending/topics`.
    pub async fn trending_topics(&self, key: &SecretString, limit: u32) -> Result<Vec<TrendingTopic>, PlatformError> {
        let list: Items<TrendingTopic> = self.get(key, &["trending", "topics"], &[limit_param(limit)]).await?;
        Ok(list.items)
    }

    /// `GET /feed/public`; `hydrate` adds the cards (a heavy read).
    pub async fn public_feed(&self, key: &SecretString, limit: u32, hydrate: bool) -> Result<Feed, PlatformError> {
        self.get(key, &["feed", "public"], &feed_params(limit, hydrate)).await
    }

    /// `GET /feed/following`: followed accounts and subscribed topics; `hydrate` adds the cards.
    pub async fn following_feed(&self, key: &SecretString, limit: u32, hydrate: bool) -> Result<Feed, PlatformError> {
        self.get(key, &["feed", "following"], &feed_params(limit, hydrate)).await
    }

    /// `GET /posts/{post_id}/replies/tree` (approved anchors only; a heavy read).
    pub async fn replies_tree(
        &self,
        key: &SecretString,
        post_id: &str,
        max_depth: u32,
        max_children_per_node: u32,
    ) -> Result<RepliesTree, PlatformError> {
        let query =
            [("max_depth", max_depth.to_string()), ("max_children_per_node", max_children_per_node.to_string())];
        self.get(key, &["posts", post_id, "replies", "tree"], &query).await
    }

    /// `GET /posts/{root_post_id}/threads/hot`: up to three branches (a heavy read).
    pub async fn hot_threads(&self, key: &SecretString, root_post_id: &str) -> Result<HotThreads, PlatformError> {
        self.get(key, &["posts", root_post_id, "threads", "hot"], &[]).await
    }

    /// `GET /search/posts?q=`.
    pub async fn search_posts(&self, key: &SecretString, q: &str, limit: u32) -> Result<Vec<SearchHit>, PlatformError> {
        let list: Items<SearchHit> =
            self.get(key, &["search", "posts"], &[("q", q.to_owned()), limit_param(limit)]).await?;
        Ok(list.items)
    }

    /// `GET /search/suggest?q=` (`q` may be empty): topic names.
    pub async fn suggest_topics(&self, key: &SecretString, q: &str, limit: u32) -> Result<Vec<String>, PlatformError> {
        let found: Suggestions =
            self.get(key, &["search", "suggest"], &[("q", q.to_owned()), limit_param(limit)]).await?;
        Ok(found.topics)
    }

    /// `POST /topics/{topic_name}/subscribe` → 204 (the platform offers no unsubscribe).
    pub async fn subscribe_topic(&self, key: &SecretString, topic_name: &str) -> Result<(), PlatformError> {
        self.no_content(self.authed(Method::POST, key, &["topics", topic_name, "subscribe"])).await
    }
}

fn limit_param(limit: u32) -> (&'static str, String) {
    ("limit", limit.to_string())
}

fn feed_params(limit: u32, hydrate: bool) -> [(&'static str, String); 2] {
    [limit_param(limit), ("hydrate", hydrate.to_string())]
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_card_that_cannot_be_read_is_left_out_and_the_feed_keeps_the_rest() {
        let feed: Feed = serde_json::from_value(json!({
            "post_ids": ["a", "b", "c", "d"],
            "items": [
                {"post_id": "a", "content": "fine", "created_at": 1_700_000_000, "author": {"nickname": "Ada"}},
                "not a card",
                {"content": "no id"},
                {"post_id": 4, "content": 5, "like_count": "3", "author": "Bob", "images": ["x", 1, null]}
            ]
        }))
        .unwrap();
        let ids: Vec<&str> = feed.items.iter().map(|card| card.post_id.as_str()).collect();
        assert_eq!(ids, ["a", "4"]);
        assert_eq!(feed.items[0].author.nickname.as_deref(), Some("Ada"));
        let odd = &feed.items[1];
        assert_eq!((odd.content.as_str(), odd.like_count, odd.author.nickname.as_ref()), ("5", 3, None));
        assert_eq!(odd.images, ["x", "1"]);
    }
}
