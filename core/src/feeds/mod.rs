//! The review board: the posts of the owner's own agents on Clawgram and Clawtter in one timeline, newest
//! first, each as a card (agent, images, text, tags, counts, time, state), filterable by agent, platform and
//! state, and paged with a cursor that continues every agent's list where it stopped.
//!
//! Reads are cached for a few seconds (`cache`); Clawgram's public lists are then revalidated with their
//! `ETag`. An agent whose list cannot be read does not empty the board: the page names it with the reason.

mod actions;
mod browse;
mod cache;
mod cursor;
mod deleted;
mod discover;
mod sources;
mod thread;
mod writes;

pub use actions::{CommentAction, PostAction};
pub use browse::{
    BrowsedPosts, ClawgramList, DailyLeaderboard, LeaderboardPlace, SearchBucket, SearchResults, BROWSE_PAGE_POSTS,
};
pub use discover::{ClawtterList, ClawtterPosts, ClawtterTopics, CLAWTTER_FEED_MAX};
pub use thread::{HotReply, PostThread, ThreadComment};
pub use writes::{AgentWrite, NewWrite, WriteKind, WriteState};

use crate::agents::{AgentSummary, Agents};
use crate::audit::AuditLog;
use crate::connections::Connections;
use crate::store::Store;
use crate::{CoreError, Platform};
use cursor::{Cursor, Position};
use deleted::DeletedPosts;
use sources::{Listed, Sources};
use std::sync::Arc;
use time::OffsetDateTime;

/// The most posts one page of the board holds.
pub const MAX_PAGE_POSTS: usize = 100;

/// Where a post stands on its platform.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PostState {
    /// Others can see it.
    Live,
    /// Clawtter: waiting for its moderator.
    PendingReview,
    /// Clawtter: refused by its moderator.
    Rejected,
    /// Taken down on the platform for another reason than a rejection (a status Clawtter may report).
    Hidden,
    /// Gone from the platform (its author deleted it): shown as a tombstone.
    Deleted,
}

/// What kind of post a Clawtter post is (Clawgram posts are all originals).
pub use clawdesk_platforms::clawtter::PostKind;

/// One card of the board, or a post opened whole.
#[derive(Clone, Debug, PartialEq)]
pub struct FeedPost {
    /// The owner's agent the post was read as (on the board, its author).
    pub agent_id: i64,
    pub platform: Platform,
    /// Whether that agent wrote it; if not, the `agent_*` fields below name its author as the platform does.
    pub own: bool,
    pub agent_handle: String,
    pub agent_name: String,
    pub agent_avatar_url: Option<String>,
    /// Clawgram: whether an owner claimed the agent; `None` where the platform has no claim.
    pub agent_claimed: Option<bool>,
    pub post_id: String,
    pub kind: PostKind,
    /// The images' addresses, in order.
    pub images: Vec<String>,
    pub alt_text: Option<String>,
    pub text: String,
    /// Clawgram's hashtags, Clawtter's topics; without the `#`.
    pub tags: Vec<String>,
    pub likes: u64,
    /// Clawgram's comments, Clawtter's replies.
    pub comments: u64,
    /// Clawtter's reposts; Clawgram has none.
    pub reposts: Option<u64>,
    pub created_at: OffsetDateTime,
    pub state: PostState,
    /// Clawgram: shown blurred until the owner asks to see it.
    pub sensitive: bool,
    pub owner_influenced: bool,
    /// Clawtter: the post a reply answers, or a repost repeats.
    pub refers_to: Option<String>,
}

/// Which posts the board shows; `None` is "any".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FeedFilter {
    pub agent_id: Option<i64>,
    pub platform: Option<Platform>,
    pub state: Option<PostState>,
}

/// An agent whose posts could not be read for this page, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct SourceProblem {
    pub agent_id: i64,
    pub agent_handle: String,
    pub platform: Platform,
    pub message: String,
    /// When trying again can help (a rate limit's wait), if the platform said.
    pub retry_at: Option<OffsetDateTime>,
}

/// One page of the board.
#[derive(Clone, Debug, PartialEq)]
pub struct FeedPage {
    pub posts: Vec<FeedPost>,
    /// Where the next page starts; `None` when every list is shown to its end.
    pub next_cursor: Option<String>,
    pub problems: Vec<SourceProblem>,
}

/// Reads the agents' posts from their platforms.
#[derive(Clone)]
pub struct Feeds {
    agents: Agents,
    audit: AuditLog,
    sources: Arc<Sources>,
    heavy_reads: Arc<thread::HeavyReadBudget>,
    writes: writes::Writes,
    browse: Arc<browse::BrowseCache>,
    discover: Arc<discover::DiscoverCache>,
    deleted: DeletedPosts,
}

impl Feeds {
    pub fn new(store: Store, agents: Agents, connections: Connections, audit: AuditLog) -> Feeds {
        Feeds {
            sources: Arc::new(Sources::new(agents.clone(), connections)),
            agents,
            audit,
            heavy_reads: Arc::default(),
            writes: writes::Writes::new(store.clone()),
            deleted: DeletedPosts::new(store),
            browse: Arc::default(),
            discover: Arc::default(),
        }
    }

    /// The post `post_id` of `agent_id`'s platform opened whole, read as that agent (Clawtter needs a key), with
    /// what the console's agents wrote about it that the conversation does not show (a reply in moderation, a
    /// repost, an outcome unknown). A write whose outcome was unknown and that the conversation shows is settled.
    pub async fn thread(&self, agent_id: i64, post_id: &str) -> Result<PostThread, CoreError> {
        let agent = self.agents.get(agent_id).await?;
        let mut thread = match self.sources.thread(&agent, post_id, &self.heavy_reads).await {
            Err(CoreError::Platform(error)) if error.api().is_some_and(|api| api.status == 404) => {
                self.deleted.record_if_published(agent.id, post_id).await?;
                PostThread::deleted(&agent, post_id)
            }
            read => read?,
        };
        let agents = self.agents.list().await?;
        for write in self.writes.about(post_id).await? {
            let author = agents.iter().find(|a| a.id == write.agent_id);
            match (write.state, author) {
                (WriteState::Sent, _) if write.platform_id.as_deref().is_some_and(|id| thread.find(id).is_some()) => {}
                (WriteState::Unknown, Some(author)) => {
                    if let Some(found) = thread.written_by(&author.handle, &write.text) {
                        let id = found.id.clone();
                        self.writes.found(write.agent_id, post_id, &write.text, &id).await?;
                    } else if let Some(id) = self.look_up_unknown(author, &write).await {
                        // On the platform, not in the conversation yet (a Clawtter reply in moderation).
                        self.writes.found(write.agent_id, post_id, &write.text, &id).await?;
                        thread.writes.push(AgentWrite { state: WriteState::Sent, platform_id: Some(id), ..write });
                    } else {
                        thread.writes.push(write);
                    }
                }
                _ => thread.writes.push(write),
            }
        }
        Ok(thread)
    }

    /// Up to `limit` posts (1–[`MAX_PAGE_POSTS`]) after `cursor` (none: the newest), matching `filter`.
    pub async fn page(&self, filter: FeedFilter, cursor: Option<&str>, limit: usize) -> Result<FeedPage, CoreError> {
        let limit = limit.clamp(1, MAX_PAGE_POSTS);
        let cursor = cursor.map(Cursor::parse).transpose()?;
        let agents: Vec<AgentSummary> =
            self.agents.list().await?.into_iter().filter(|agent| shows(&filter, agent)).collect();

        // The platforms list no deleted posts: that filter shows only the console's tombstones.
        let reads_platforms = filter.state != Some(PostState::Deleted);
        let reads = agents.iter().map(|agent| {
            let position = match &cursor {
                Some(cursor) => cursor.position(agent.id),
                None => Position::start(agent.platform),
            };
            async move {
                match reads_platforms {
                    true => self.sources.list(agent, position, filter.state, limit).await,
                    false => Ok((Vec::new(), Position::Done)),
                }
            }
        });
        let mut listed: Vec<Listed> = Vec::new();
        let mut problems = Vec::new();
        let mut ends = Vec::new();
        for (agent, read) in agents.iter().zip(futures_util::future::join_all(reads).await) {
            match read {
                Ok((items, end)) => {
                    listed.extend(items);
                    ends.push((agent.id, end));
                }
                Err(error) => {
                    problems.push(SourceProblem::new(agent, &error));
                    // Its list stays where it was: the next page tries it again.
                    let unchanged = cursor.as_ref().map_or(Position::start(agent.platform), |c| c.position(agent.id));
                    ends.push((agent.id, unchanged));
                }
            }
        }

        listed.sort_by(Listed::board_order);
        let rest = listed.split_off(limit.min(listed.len()));
        let mut next = Cursor::default();
        for (agent_id, end) in ends {
            // An agent's list resumes at its first post not shown, or after all it read.
            let resume = rest.iter().find(|item| item.agent_id() == agent_id).map_or(end, |item| item.position.clone());
            next.set(agent_id, resume);
        }
        let more = next.has_more();
        let deleted = self.deleted_between(&filter, &agents, &listed, cursor.as_ref(), &mut next).await?;
        let mut posts = self.sources.cards(&agents, listed).await;
        posts.extend(deleted);
        // Newest first; the sort is stable, so posts of the same instant keep the board's order.
        posts.sort_by_key(|post| std::cmp::Reverse(post.created_at));
        Ok(FeedPage { posts, next_cursor: more.then(|| next.encode()), problems })
    }

    /// The deleted posts of `agents` whose place is on this page, as tombstones: posted before the previous page's
    /// last post and at or after this page's (every older one once all lists are shown); `next` resumes after them.
    async fn deleted_between(
        &self,
        filter: &FeedFilter,
        agents: &[AgentSummary],
        listed: &[Listed],
        cursor: Option<&Cursor>,
        next: &mut Cursor,
    ) -> Result<Vec<FeedPost>, CoreError> {
        let until = cursor.and_then(Cursor::deleted_before);
        let from = listed.last().map(Listed::created_at).filter(|_| next.has_more());
        if let Some(bound) = from.or(until) {
            next.set_deleted_before(bound);
        }
        if filter.state.is_some_and(|state| state != PostState::Deleted) || (next.has_more() && from.is_none()) {
            return Ok(Vec::new());
        }
        let ids: Vec<i64> = agents.iter().map(|agent| agent.id).collect();
        let found = self.deleted.between(&ids, from, until).await?;
        Ok(found
            .into_iter()
            .filter_map(|gone| {
                let agent = agents.iter().find(|agent| agent.id == gone.agent_id)?;
                Some(sources::tombstone(agent, &gone.post_id, gone.posted_at))
            })
            .collect())
    }
}

/// Whether the board lists `agent`'s posts under `filter`: Threads posts are not read back (the backend
/// keeps a job queue, not a timeline), and agents without a key are skipped.
fn shows(filter: &FeedFilter, agent: &AgentSummary) -> bool {
    agent.platform != Platform::Threads
        && agent.key.is_some()
        && filter.agent_id.is_none_or(|id| id == agent.id)
        && filter.platform.is_none_or(|platform| platform == agent.platform)
        // Clawgram shows no moderation: all its posts are live, or deleted.
        && (agent.platform != Platform::Clawgram
            || filter.state.is_none_or(|state| matches!(state, PostState::Live | PostState::Deleted)))
}

impl SourceProblem {
    fn new(agent: &AgentSummary, error: &CoreError) -> SourceProblem {
        let wait = match error {
            CoreError::Platform(platform) => platform.api().and_then(|api| api.retry_after),
            _ => None,
        };
        SourceProblem {
            agent_id: agent.id,
            agent_handle: agent.handle.clone(),
            platform: agent.platform,
            message: error.to_string(),
            retry_at: wait.map(|wait| OffsetDateTime::now_utc() + wait),
        }
    }
}
