//! Browsing Clawtter as one of the owner's agents (every Clawtter read needs a key): the public and following
//! feeds (hydrated: heavy reads, counted against the day's budget, which is then not asked again until it comes
//! back), trending posts and topics, topic suggestions and search. Posts named only by id (trending, search)
//! are read whole, through the same short cache as the board's.

use super::cache::TtlCache;
use super::sources::{clawtter_card, moderation_state};
use super::thread::budget_spent;
use super::{FeedPost, Feeds, PostState};
use crate::{CoreError, Platform};
use clawdesk_platforms::clawtter::{self, TrendingTopic};
use std::time::Duration;
use time::OffsetDateTime;

/// How long a read is used without asking the platform again.
const FRESH_FOR: Duration = Duration::from_secs(15);
/// The most posts Clawtter's feeds list at once (they have no cursor: "load more" asks for a longer list).
pub const CLAWTTER_FEED_MAX: usize = 200;
/// Trending topics and suggestions shown.
const TOPICS_SHOWN: u32 = 20;

/// Which Clawtter list to browse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClawtterList {
    Public,
    /// Followed accounts and subscribed topics.
    Following,
    Trending,
    /// Posts matching the words.
    Search(String),
}

/// The first posts of a Clawtter list.
#[derive(Clone, Debug, PartialEq)]
pub struct ClawtterPosts {
    pub posts: Vec<FeedPost>,
    /// A longer list may hold more.
    pub more: bool,
    /// The day's heavy reads are spent: the feed is not read until then.
    pub heavy_reads_back_at: Option<OffsetDateTime>,
}

/// Trending topics, and the topics Clawtter suggests for what the owner typed.
#[derive(Clone, Debug, PartialEq)]
pub struct ClawtterTopics {
    pub trending: Vec<TrendingTopic>,
    pub suggested: Vec<String>,
}

/// What browsing Clawtter keeps for a few seconds.
pub(crate) struct DiscoverCache {
    feeds: TtlCache<clawtter::Feed>,
    ids: TtlCache<Vec<String>>,
    topics: TtlCache<ClawtterTopics>,
}

impl Default for DiscoverCache {
    fn default() -> Self {
        DiscoverCache {
            feeds: TtlCache::new(FRESH_FOR),
            ids: TtlCache::new(FRESH_FOR),
            topics: TtlCache::new(FRESH_FOR),
        }
    }
}

impl DiscoverCache {
    /// Drops the feeds read as `agent_id` (after it followed or unfollowed someone).
    pub(crate) fn forget_feeds(&self, agent_id: i64) {
        self.feeds.forget(&format!("{agent_id}\u{0}"));
    }
}

impl Feeds {
    /// The first `limit` posts (1–[`CLAWTTER_FEED_MAX`]) of `list`, read as the owner's agent `as_agent`.
    pub async fn clawtter_list(
        &self,
        as_agent: i64,
        list: &ClawtterList,
        limit: usize,
    ) -> Result<ClawtterPosts, CoreError> {
        let limit = limit.clamp(1, CLAWTTER_FEED_MAX);
        let reader = self.reader(as_agent, Platform::Clawtter).await?;
        let wanted = u32::try_from(limit).unwrap_or(u32::MAX);
        let key = format!("{}\u{0}{list:?}\u{0}{limit}", reader.id);
        let feed = match list {
            ClawtterList::Public | ClawtterList::Following => {
                if let Some(back_at) = self.heavy_reads.back_at(reader.id) {
                    return Ok(ClawtterPosts { posts: Vec::new(), more: false, heavy_reads_back_at: Some(back_at) });
                }
                match self.discover.feeds.fresh(&key) {
                    Some(feed) => feed,
                    None => {
                        let opened = self.agents.api_key(reader.id).await?;
                        let read = match list {
                            ClawtterList::Public => {
                                opened.clients.clawtter.public_feed(&opened.key, wanted, true).await
                            }
                            _ => opened.clients.clawtter.following_feed(&opened.key, wanted, true).await,
                        };
                        match read.map_err(CoreError::from) {
                            Ok(feed) => {
                                self.discover.feeds.put(key, feed.clone());
                                feed
                            }
                            Err(error) if budget_spent(&error) => {
                                let back_at = self.heavy_reads.spend_until_tomorrow(reader.id);
                                return Ok(ClawtterPosts {
                                    posts: Vec::new(),
                                    more: false,
                                    heavy_reads_back_at: Some(back_at),
                                });
                            }
                            Err(error) => return Err(error),
                        }
                    }
                }
            }
            ClawtterList::Trending | ClawtterList::Search(_) => {
                let ids = self.clawtter_ids(&reader, list, wanted, key).await?;
                let reads = ids.iter().map(|id| self.sources.clawtter_post(reader.id, id));
                let read = futures_util::future::join_all(reads).await;
                // A post that cannot be read (deleted since it trended) is left out.
                let items: Vec<clawtter::PostCard> = read.into_iter().filter_map(Result::ok).map(|d| d.post).collect();
                clawtter::Feed { post_ids: ids, items }
            }
        };
        let more = feed.post_ids.len() >= limit && limit < CLAWTTER_FEED_MAX;
        let posts = feed
            .items
            .into_iter()
            .map(|card| {
                let state = card.moderation_status.as_ref().map_or(PostState::Live, moderation_state);
                clawtter_card(&reader, state, card)
            })
            .collect();
        Ok(ClawtterPosts { posts, more, heavy_reads_back_at: None })
    }

    /// Trending topics, and suggestions for `q` (Clawtter suggests popular topics for an empty one).
    pub async fn clawtter_topics(&self, as_agent: i64, q: &str) -> Result<ClawtterTopics, CoreError> {
        let reader = self.reader(as_agent, Platform::Clawtter).await?;
        let q = q.trim();
        let key = format!("{}\u{0}{q}", reader.id);
        if let Some(topics) = self.discover.topics.fresh(&key) {
            return Ok(topics);
        }
        let opened = self.agents.api_key(reader.id).await?;
        let clawtter = &opened.clients.clawtter;
        let (trending, suggested) = futures_util::future::join(
            clawtter.trending_topics(&opened.key, TOPICS_SHOWN),
            clawtter.suggest_topics(&opened.key, q, TOPICS_SHOWN),
        )
        .await;
        let topics = ClawtterTopics { trending: trending?, suggested: suggested? };
        self.discover.topics.put(key, topics.clone());
        Ok(topics)
    }

    /// The ids of trending posts, or of the posts matching a search.
    async fn clawtter_ids(
        &self,
        reader: &crate::agents::AgentSummary,
        list: &ClawtterList,
        limit: u32,
        key: String,
    ) -> Result<Vec<String>, CoreError> {
        if let Some(ids) = self.discover.ids.fresh(&key) {
            return Ok(ids);
        }
        let opened = self.agents.api_key(reader.id).await?;
        let clawtter = &opened.clients.clawtter;
        // Clawtter lists at most 100 of these.
        let limit = limit.min(100);
        let ids: Vec<String> = match list {
            ClawtterList::Search(q) if q.trim().is_empty() => {
                return Err(CoreError::invalid("q", "type what to search for"))
            }
            ClawtterList::Search(q) => {
                clawtter.search_posts(&opened.key, q.trim(), limit).await?.into_iter().map(|hit| hit.post_id).collect()
            }
            _ => clawtter.trending_posts(&opened.key, limit).await?.into_iter().map(|post| post.post_id).collect(),
        };
        self.discover.ids.put(key, ids.clone());
        Ok(ids)
    }
}
