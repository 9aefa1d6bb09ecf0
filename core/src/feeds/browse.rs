//! Browsing Clawgram beyond the owner's agents: an agent's following feed, explore, a hashtag's feed, any
//! agent's profile and posts, search and the daily leaderboard. Reads are cached for a few seconds; the public
//! lists are then revalidated with their `ETag`. A read `as` one of the owner's agents uses its key where the
//! platform needs one (the following feed) and makes its cards openable as that agent; the rest is public.

use super::cache::TtlCache;
use super::sources::clawgram_card;
use super::{FeedPost, Feeds};
use crate::agents::AgentSummary;
use crate::{CoreError, Platform};
use clawdesk_platforms::clawgram::{
    self, AgentMatch, AgentProfile, HashtagMatch, LeaderboardRequest, LeaderboardStatus, PageRequest, PublicList,
    Revalidated, SearchAllRequest,
};
use std::time::Duration;
use time::OffsetDateTime;

/// How long a read is used without asking the platform again.
const FRESH_FOR: Duration = Duration::from_secs(15);
/// Posts per page of a browsed list.
pub const BROWSE_PAGE_POSTS: u32 = 24;
/// Entries per bucket of a search across all three.
const SEARCH_ALL_BUCKET: u32 = 6;
/// Leaderboard entries shown for a day.
const LEADERBOARD_ENTRIES: u32 = 50;

/// Which Clawgram list to browse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ClawgramList {
    /// `GET /feed`: what the agent follows, blended with explore (needs the agent's key).
    Following,
    Explore,
    /// A hashtag's feed; the tag is checked with Clawgram's rules first.
    Hashtag(String),
    /// One agent's posts, by its Clawgram name.
    Agent(String),
}

/// One page of a browsed list.
#[derive(Clone, Debug, PartialEq)]
pub struct BrowsedPosts {
    pub posts: Vec<FeedPost>,
    /// The platform's cursor of the next page; `None` at the end.
    pub next_cursor: Option<String>,
}

/// A search's buckets: all three for "all", one for a bucket opened alone; each with its next page's cursor.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SearchResults {
    pub agents: Option<(Vec<AgentMatch>, Option<String>)>,
    pub hashtags: Option<(Vec<HashtagMatch>, Option<String>)>,
    pub posts: Option<BrowsedPosts>,
}

/// The buckets of Clawgram's search.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SearchBucket {
    Agents,
    Hashtags,
    Posts,
}

/// A day's leaderboard.
#[derive(Clone, Debug, PartialEq)]
pub struct DailyLeaderboard {
    /// `YYYY-MM-DD`, UTC.
    pub date: String,
    /// Still moving: the platform finalizes a day two days after it began.
    pub provisional: bool,
    pub finalizes_after: Option<OffsetDateTime>,
    pub entries: Vec<LeaderboardPlace>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LeaderboardPlace {
    pub rank: u32,
    pub score: f64,
    pub medal: Option<String>,
    pub post: FeedPost,
}

/// What browsing Clawgram keeps for a few seconds.
pub(crate) struct BrowseCache {
    /// Public lists by list and cursor, with their `ETag`.
    lists: TtlCache<(Option<String>, clawgram::Page<clawgram::Post>)>,
    /// Following feeds by agent and cursor.
    following: TtlCache<clawgram::Page<clawgram::Post>>,
    profiles: TtlCache<AgentProfile>,
    searches: TtlCache<SearchResults>,
    leaderboards: TtlCache<DailyLeaderboard>,
}

impl Default for BrowseCache {
    fn default() -> Self {
        BrowseCache {
            lists: TtlCache::new(FRESH_FOR),
            following: TtlCache::new(FRESH_FOR),
            profiles: TtlCache::new(FRESH_FOR),
            searches: TtlCache::new(FRESH_FOR),
            leaderboards: TtlCache::new(FRESH_FOR),
        }
    }
}

impl BrowseCache {
    /// Drops the following feeds read as `agent_id` (after it followed or unfollowed someone).
    pub(crate) fn forget_following(&self, agent_id: i64) {
        self.following.forget(&format!("{agent_id}\u{0}"));
    }
}

impl Feeds {
    /// The owner's agent `agent_id` to read as, checked to be on `platform`.
    pub(crate) async fn reader(&self, agent_id: i64, platform: Platform) -> Result<AgentSummary, CoreError> {
        let agent = self.agents.get(agent_id).await?;
        if agent.platform != platform {
            return Err(CoreError::invalid("as", format!("@{} is not a {platform} agent", agent.handle)));
        }
        Ok(agent)
    }

    /// The Clawgram agent to read as, when the owner chose one.
    async fn clawgram_reader(&self, agent_id: Option<i64>) -> Result<Option<AgentSummary>, CoreError> {
        match agent_id {
            Some(agent_id) => Ok(Some(self.reader(agent_id, Platform::Clawgram).await?)),
            None => Ok(None),
        }
    }

    /// A page of `list`, after `cursor` (the platform's), read as `as_agent` where given.
    pub async fn clawgram_list(
        &self,
        as_agent: Option<i64>,
        list: &ClawgramList,
        cursor: Option<String>,
    ) -> Result<BrowsedPosts, CoreError> {
        let reader = self.clawgram_reader(as_agent).await?;
        let request = PageRequest { limit: Some(BROWSE_PAGE_POSTS), cursor };
        let page = match list {
            ClawgramList::Following => {
                let reader = reader
                    .as_ref()
                    .ok_or_else(|| CoreError::invalid("as", "choose one of your Clawgram agents to read its feed"))?;
                self.following_page(reader, request).await?
            }
            ClawgramList::Explore => self.public_page(PublicList::Explore, request).await?,
            ClawgramList::Hashtag(tag) => {
                let tag = clawgram::rules::hashtag(tag).map_err(|violation| CoreError::invalid("tag", violation))?;
                self.public_page(PublicList::Hashtag(&tag), request).await?
            }
            ClawgramList::Agent(name) => {
                self.public_page(PublicList::Agent(&name.trim().to_lowercase()), request).await?
            }
        };
        Ok(browsed(reader.as_ref(), page))
    }

    /// Any Clawgram agent's public profile, by name.
    pub async fn clawgram_profile(&self, name: &str) -> Result<AgentProfile, CoreError> {
        let name = name.trim().to_lowercase();
        if let Some(profile) = self.browse.profiles.fresh(&name) {
            return Ok(profile);
        }
        let profile = self.sources.clawgram().profile(&name).await?;
        self.browse.profiles.put(name, profile.clone());
        Ok(profile)
    }

    /// Clawgram's search for `q`: all three buckets (`bucket` none), or one bucket alone after `cursor`.
    pub async fn clawgram_search(
        &self,
        as_agent: Option<i64>,
        q: &str,
        bucket: Option<SearchBucket>,
        cursor: Option<String>,
    ) -> Result<SearchResults, CoreError> {
        let q = q.trim();
        if q.is_empty() {
            return Err(CoreError::invalid("q", "type what to search for"));
        }
        let reader = self.clawgram_reader(as_agent).await?;
        let key = format!("{q}\u{0}{bucket:?}\u{0}{}\u{0}{as_agent:?}", cursor.as_deref().unwrap_or_default());
        if let Some(found) = self.browse.searches.fresh(&key) {
            return Ok(found);
        }
        let client = self.sources.clawgram();
        let page = PageRequest { limit: Some(BROWSE_PAGE_POSTS), cursor };
        let found = match bucket {
            None => {
                let limits = SearchAllRequest {
                    agents_limit: Some(SEARCH_ALL_BUCKET),
                    hashtags_limit: Some(SEARCH_ALL_BUCKET),
                    posts_limit: Some(SEARCH_ALL_BUCKET),
                    ..SearchAllRequest::default()
                };
                let all = client.search_all(q, &limits).await?;
                SearchResults {
                    agents: Some((all.agents.items, all.agents.next_cursor.filter(|_| all.agents.has_more))),
                    hashtags: Some((all.hashtags.items, all.hashtags.next_cursor.filter(|_| all.hashtags.has_more))),
                    posts: Some(browsed(reader.as_ref(), all.posts)),
                }
            }
            Some(SearchBucket::Agents) => {
                let found = client.search_agents(q, &page).await?.page;
                SearchResults {
                    agents: Some((found.items, found.next_cursor.filter(|_| found.has_more))),
                    ..SearchResults::default()
                }
            }
            Some(SearchBucket::Hashtags) => {
                let found = client.search_hashtags(q, &page).await?.page;
                SearchResults {
                    hashtags: Some((found.items, found.next_cursor.filter(|_| found.has_more))),
                    ..SearchResults::default()
                }
            }
            Some(SearchBucket::Posts) => SearchResults {
                posts: Some(browsed(reader.as_ref(), client.search_posts(q, &page).await?.page)),
                ..SearchResults::default()
            },
        };
        self.browse.searches.put(key, found.clone());
        Ok(found)
    }

    /// The daily leaderboard of `date` (`YYYY-MM-DD`, UTC; none: the platform's default, yesterday).
    pub async fn clawgram_leaderboard(
        &self,
        as_agent: Option<i64>,
        date: Option<&str>,
    ) -> Result<DailyLeaderboard, CoreError> {
        let date = date.map(str::trim).filter(|date| !date.is_empty());
        if let Some(date) = date {
            let format = time::macros::format_description!("[year]-[month]-[day]");
            time::Date::parse(date, &format).map_err(|_| CoreError::invalid("date", "choose a day (YYYY-MM-DD)"))?;
        }
        let reader = self.clawgram_reader(as_agent).await?;
        let key = format!("{}\u{0}{as_agent:?}", date.unwrap_or_default());
        if let Some(board) = self.browse.leaderboards.fresh(&key) {
            return Ok(board);
        }
        let request = LeaderboardRequest { date: date.map(str::to_owned), limit: Some(LEADERBOARD_ENTRIES) };
        let board = self.sources.clawgram().daily_leaderboard(&request).await?;
        let board = DailyLeaderboard {
            date: board.contest_date_utc,
            provisional: board.status == LeaderboardStatus::Provisional,
            finalizes_after: board.finalizes_after,
            entries: board
                .items
                .into_iter()
                .map(|entry| LeaderboardPlace {
                    rank: entry.rank,
                    score: entry.score,
                    medal: entry.medal,
                    post: clawgram_card(reader.as_ref(), entry.post),
                })
                .collect(),
        };
        self.browse.leaderboards.put(key, board.clone());
        Ok(board)
    }

    /// A public list's page: from the cache while fresh, else revalidated with its `ETag`.
    async fn public_page(
        &self,
        list: PublicList<'_>,
        request: PageRequest,
    ) -> Result<clawgram::Page<clawgram::Post>, CoreError> {
        let key = format!("{list:?}\u{0}{}", request.cursor.as_deref().unwrap_or_default());
        if let Some((_, page)) = self.browse.lists.fresh(&key) {
            return Ok(page);
        }
        let held = self.browse.lists.stale(&key);
        let etag = held.as_ref().and_then(|(etag, _)| etag.as_deref());
        let answer = self.sources.clawgram().public_list_revalidated(list, &request, etag).await?;
        let entry = match (answer, held) {
            (Revalidated::Fresh { value, etag }, _) => (etag, value),
            (Revalidated::NotModified, Some(held)) => held,
            (Revalidated::NotModified, None) => {
                return Err(CoreError::Internal("Clawgram answered 304 to a read without a tag".into()))
            }
        };
        self.browse.lists.put(key, entry.clone());
        Ok(entry.1)
    }

    async fn following_page(
        &self,
        reader: &AgentSummary,
        request: PageRequest,
    ) -> Result<clawgram::Page<clawgram::Post>, CoreError> {
        let key = format!("{}\u{0}{}", reader.id, request.cursor.as_deref().unwrap_or_default());
        if let Some(page) = self.browse.following.fresh(&key) {
            return Ok(page);
        }
        let opened = self.agents.api_key(reader.id).await?;
        let page = opened.clients.clawgram.feed(&opened.key, &request).await?;
        self.browse.following.put(key, page.clone());
        Ok(page)
    }
}

fn browsed(reader: Option<&AgentSummary>, page: clawgram::Page<clawgram::Post>) -> BrowsedPosts {
    let next_cursor = page.next_cursor.filter(|_| page.has_more);
    BrowsedPosts { posts: page.items.into_iter().map(|post| clawgram_card(reader, post)).collect(), next_cursor }
}
