//! Browsing each platform: Clawgram's lists, profiles, search and leaderboard; Clawtter's feeds, trending posts
//! and topics and search; the Threads backend's job queue. Each read is cached for a few seconds by `core`.

use super::feeds::FeedPostView;
use crate::error::AppError;
use clawdesk_platforms::Platform;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// One of the owner's agents a read can be made as.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReaderView {
    pub id: i64,
    pub name: String,
    pub avatar_url: Option<String>,
}

/// The owner's agents on `platform` whose key can be used (stored and not refused), in the console's order: the
/// first is the one a page reads as until the owner chooses another.
#[server(endpoint = "browse/readers")]
pub async fn readers(platform: Platform) -> Result<Vec<ReaderView>, AppError> {
    use clawdesk_core::KeyHealth;
    let agents = super::console()?.agents().list().await?;
    Ok(agents
        .into_iter()
        .filter(|agent| agent.platform == platform && agent.key.is_some() && agent.health != KeyHealth::Fails)
        .map(|agent| ReaderView {
            id: agent.id,
            name: agent.profile.display_name.clone().unwrap_or_else(|| agent.handle.clone()),
            avatar_url: agent.profile.avatar_url,
        })
        .collect())
}

/// Which Clawgram list to browse.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "list", content = "name")]
pub enum ClawgramListView {
    Following,
    Explore,
    Hashtag(String),
    Agent(String),
}

/// A page of posts and where the next one starts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BrowsedView {
    pub posts: Vec<FeedPostView>,
    pub next_cursor: Option<String>,
}

/// Any Clawgram agent's public profile.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClawgramProfileView {
    pub name: String,
    pub avatar_url: Option<String>,
    pub bio: Option<String>,
    pub claimed: bool,
    pub follower_count: u64,
    pub following_count: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgentMatchView {
    pub name: String,
    pub avatar_url: Option<String>,
    pub bio: Option<String>,
    pub claimed: bool,
    pub follower_count: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HashtagMatchView {
    pub tag: String,
    pub post_count: u64,
}

/// One bucket of a search and its next page's cursor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BucketView<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

/// A search's buckets: all three, or the one opened alone.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchView {
    pub agents: Option<BucketView<AgentMatchView>>,
    pub hashtags: Option<BucketView<HashtagMatchView>>,
    pub posts: Option<BucketView<FeedPostView>>,
}

/// The buckets of Clawgram's search, as the page's `type` parameter names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SearchBucketView {
    Agents,
    Hashtags,
    Posts,
}

impl SearchBucketView {
    pub const ALL: [SearchBucketView; 3] =
        [SearchBucketView::Agents, SearchBucketView::Hashtags, SearchBucketView::Posts];

    pub fn slug(self) -> &'static str {
        match self {
            SearchBucketView::Agents => "agents",
            SearchBucketView::Hashtags => "hashtags",
            SearchBucketView::Posts => "posts",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SearchBucketView::Agents => "Agents",
            SearchBucketView::Hashtags => "Hashtags",
            SearchBucketView::Posts => "Posts",
        }
    }

    pub fn from_slug(slug: &str) -> Option<SearchBucketView> {
        SearchBucketView::ALL.into_iter().find(|bucket| bucket.slug() == slug)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LeaderboardView {
    /// `YYYY-MM-DD`, UTC.
    pub date: String,
    pub provisional: bool,
    /// On the owner's clock: when a provisional board becomes final.
    pub finalizes_local: Option<String>,
    pub entries: Vec<PlaceView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlaceView {
    pub rank: u32,
    pub score: f64,
    pub medal: Option<String>,
    pub post: FeedPostView,
}

/// Which Clawtter list to browse.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "list", content = "q")]
pub enum ClawtterListView {
    Public,
    Following,
    Trending,
    Search(String),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClawtterPostsView {
    pub posts: Vec<FeedPostView>,
    pub more: bool,
    /// On the owner's clock: the day's heavy reads are spent until then.
    pub heavy_reads_back_local: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TopicView {
    pub name: String,
    pub post_count: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClawtterTopicsView {
    pub trending: Vec<TopicView>,
    pub suggested: Vec<String>,
}

/// What the Threads backend shows of its queue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum QueueView {
    Shown { tenant_id: String, jobs: Vec<JobView>, stats: Option<JobStatsView> },
    NotExposed,
    Protected,
    Unreachable(String),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobView {
    pub id: String,
    pub message: String,
    /// As the backend names it: queued, claimed, done, failed, or its own word.
    pub status: String,
    pub scheduled_local: Option<String>,
    pub created_local: Option<String>,
    pub error: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct JobStatsView {
    pub queued: u64,
    pub claimed: u64,
    pub done: u64,
    pub failed: u64,
}

/// A page of a Clawgram list, read as the owner's agent `as_agent` where given.
#[server(endpoint = "browse/clawgram", input = Json)]
pub async fn clawgram_list(
    as_agent: Option<i64>,
    list: ClawgramListView,
    cursor: Option<String>,
) -> Result<BrowsedView, AppError> {
    let console = super::console()?;
    let zone = console.publishing().time_zone().await?;
    let page = console.feeds().clawgram_list(as_agent, &view::clawgram_list(list), cursor).await?;
    Ok(view::browsed(page, view::Zone(&zone, console.image_proxy())))
}

/// Any Clawgram agent's public profile.
#[server(endpoint = "browse/clawgram-profile")]
pub async fn clawgram_profile(name: String) -> Result<ClawgramProfileView, AppError> {
    let console = super::console()?;
    let profile = console.feeds().clawgram_profile(&name).await?;
    Ok(ClawgramProfileView {
        name: profile.name,
        avatar_url: profile.avatar_url.map(|url| console.image_proxy().shown(&url)),
        bio: profile.bio,
        claimed: profile.claimed,
        follower_count: profile.follower_count,
        following_count: profile.following_count,
    })
}

/// Clawgram's search: all three buckets, or `bucket` alone after `cursor`.
#[server(endpoint = "browse/clawgram-search", input = Json)]
pub async fn clawgram_search(
    as_agent: Option<i64>,
    q: String,
    bucket: Option<SearchBucketView>,
    cursor: Option<String>,
) -> Result<SearchView, AppError> {
    let console = super::console()?;
    let zone = console.publishing().time_zone().await?;
    let found = console.feeds().clawgram_search(as_agent, &q, bucket.map(view::bucket), cursor).await?;
    Ok(view::search(found, view::Zone(&zone, console.image_proxy())))
}

/// The daily leaderboard of `date` (`YYYY-MM-DD`; none: the platform's default day).
#[server(endpoint = "browse/clawgram-leaderboard")]
pub async fn clawgram_leaderboard(as_agent: Option<i64>, date: Option<String>) -> Result<LeaderboardView, AppError> {
    let console = super::console()?;
    let zone = console.publishing().time_zone().await?;
    let board = console.feeds().clawgram_leaderboard(as_agent, date.as_deref()).await?;
    Ok(view::leaderboard(board, view::Zone(&zone, console.image_proxy())))
}

/// The first `limit` posts of a Clawtter list, read as the owner's agent `as_agent`.
#[server(endpoint = "browse/clawtter", input = Json)]
pub async fn clawtter_list(as_agent: i64, list: ClawtterListView, limit: usize) -> Result<ClawtterPostsView, AppError> {
    let console = super::console()?;
    let zone = console.publishing().time_zone().await?;
    let found = console.feeds().clawtter_list(as_agent, &view::clawtter_list(list), limit).await?;
    Ok(view::clawtter_posts(found, view::Zone(&zone, console.image_proxy())))
}

/// Clawtter's trending topics, and its suggestions for `q`.
#[server(endpoint = "browse/clawtter-topics")]
pub async fn clawtter_topics(as_agent: i64, q: String) -> Result<ClawtterTopicsView, AppError> {
    let topics = super::console()?.feeds().clawtter_topics(as_agent, &q).await?;
    Ok(ClawtterTopicsView {
        trending: topics
            .trending
            .into_iter()
            .map(|topic| TopicView { name: topic.name, post_count: topic.post_count })
            .collect(),
        suggested: topics.suggested,
    })
}

/// The Threads backend's job queue and counts for the tenant in Settings.
#[server(endpoint = "browse/threads-queue")]
pub async fn threads_queue() -> Result<QueueView, AppError> {
    let console = super::console()?;
    let zone = console.publishing().time_zone().await?;
    Ok(view::queue(console.threads_queue().read().await?, &zone))
}

#[cfg(feature = "ssr")]
mod view {
    use super::*;
    pub(super) use crate::serverfns::feeds::view::Zone;
    use clawdesk_core::{
        in_zone, BrowsedPosts, ClawgramList, ClawtterList, ClawtterPosts, DailyLeaderboard, QueueState, SearchBucket,
        SearchResults,
    };
    use clawdesk_platforms::threads::JobStatus;

    pub(super) fn clawgram_list(list: ClawgramListView) -> ClawgramList {
        match list {
            ClawgramListView::Following => ClawgramList::Following,
            ClawgramListView::Explore => ClawgramList::Explore,
            ClawgramListView::Hashtag(tag) => ClawgramList::Hashtag(tag),
            ClawgramListView::Agent(name) => ClawgramList::Agent(name),
        }
    }

    pub(super) fn clawtter_list(list: ClawtterListView) -> ClawtterList {
        match list {
            ClawtterListView::Public => ClawtterList::Public,
            ClawtterListView::Following => ClawtterList::Following,
            ClawtterListView::Trending => ClawtterList::Trending,
            ClawtterListView::Search(q) => ClawtterList::Search(q),
        }
    }

    pub(super) fn bucket(bucket: SearchBucketView) -> SearchBucket {
        match bucket {
            SearchBucketView::Agents => SearchBucket::Agents,
            SearchBucketView::Hashtags => SearchBucket::Hashtags,
            SearchBucketView::Posts => SearchBucket::Posts,
        }
    }

    pub(super) fn browsed(page: BrowsedPosts, zone: Zone<'_>) -> BrowsedView {
        BrowsedView { posts: page.posts.into_iter().map(|one| zone.post(one)).collect(), next_cursor: page.next_cursor }
    }

    pub(super) fn search(found: SearchResults, zone: Zone<'_>) -> SearchView {
        SearchView {
            agents: found.agents.map(|(items, next_cursor)| BucketView {
                items: items
                    .into_iter()
                    .map(|agent| AgentMatchView {
                        name: agent.name,
                        avatar_url: agent.avatar_url.map(|url| zone.1.shown(&url)),
                        bio: agent.bio,
                        claimed: agent.claimed,
                        follower_count: agent.follower_count,
                    })
                    .collect(),
                next_cursor,
            }),
            hashtags: found.hashtags.map(|(items, next_cursor)| BucketView {
                items: items
                    .into_iter()
                    .map(|tag| HashtagMatchView { tag: tag.tag, post_count: tag.post_count })
                    .collect(),
                next_cursor,
            }),
            posts: found.posts.map(|page| {
                let page = browsed(page, zone);
                BucketView { items: page.posts, next_cursor: page.next_cursor }
            }),
        }
    }

    pub(super) fn leaderboard(board: DailyLeaderboard, zone: Zone<'_>) -> LeaderboardView {
        LeaderboardView {
            date: board.date,
            provisional: board.provisional,
            finalizes_local: board.finalizes_after.map(|at| in_zone(at, zone.0)),
            entries: board
                .entries
                .into_iter()
                .map(|place| PlaceView {
                    rank: place.rank,
                    score: place.score,
                    medal: place.medal,
                    post: zone.post(place.post),
                })
                .collect(),
        }
    }

    pub(super) fn clawtter_posts(found: ClawtterPosts, zone: Zone<'_>) -> ClawtterPostsView {
        ClawtterPostsView {
            posts: found.posts.into_iter().map(|one| zone.post(one)).collect(),
            more: found.more,
            heavy_reads_back_local: found.heavy_reads_back_at.map(|at| in_zone(at, zone.0)),
        }
    }

    pub(super) fn queue(state: QueueState, zone: &str) -> QueueView {
        match state {
            QueueState::Shown { tenant_id, jobs, stats } => QueueView::Shown {
                tenant_id,
                jobs: jobs
                    .into_iter()
                    .map(|job| JobView {
                        status: match job.status {
                            JobStatus::Queued => "queued".to_owned(),
                            JobStatus::Claimed => "claimed".to_owned(),
                            JobStatus::Done => "done".to_owned(),
                            JobStatus::Failed => "failed".to_owned(),
                            JobStatus::Other(other) => other,
                        },
                        id: job.id,
                        message: job.message,
                        scheduled_local: job.scheduled_at.map(|at| in_zone(at, zone)),
                        created_local: job.created_at.map(|at| in_zone(at, zone)),
                        error: job.error,
                    })
                    .collect(),
                stats: stats.map(|stats| JobStatsView {
                    queued: stats.queued,
                    claimed: stats.claimed,
                    done: stats.done,
                    failed: stats.failed,
                }),
            },
            QueueState::NotExposed => QueueView::NotExposed,
            QueueState::Protected => QueueView::Protected,
            QueueState::Unreachable(reason) => QueueView::Unreachable(reason),
        }
    }
}
