//! Reading one agent's list of posts from its platform (cached), and turning the posts the board shows into
//! cards. Clawgram's list is public and paged with cursors; Clawtter's needs the agent's key, has no cursor, and
//! lists only a preview, so each Clawtter post shown is read whole (`GET /posts/{id}`, not a heavy read).

use super::cache::TtlCache;
use super::cursor::Position;
use super::{FeedPost, PostKind, PostState};
use crate::agents::{AgentSummary, Agents};
use crate::connections::Connections;
use crate::CoreError;
use crate::Platform;
use clawdesk_platforms::clawgram::{self, PageRequest, Revalidated};
use clawdesk_platforms::clawtter::{self, ModerationStatus};
use std::time::Duration;
use time::OffsetDateTime;

/// How long a read is used without asking the platform again.
const FRESH_FOR: Duration = Duration::from_secs(15);
/// Clawgram's page size for the board's reads (a fixed size, so that cached pages line up).
const CLAWGRAM_PAGE: u32 = 50;
/// The most of an agent's posts Clawtter lists (it has no cursor): older ones are out of the board's reach.
pub(crate) const CLAWTTER_LIST_MAX: u32 = 200;

/// A post found in an agent's list, before it becomes a card.
pub(crate) struct Listed {
    /// Where the agent's list resumes so that this post is the next one shown.
    pub(crate) position: Position,
    agent_id: i64,
    /// Its place in the agent's list as the platform ordered it (newest first), for posts of the same second.
    rank: usize,
    created_at: OffsetDateTime,
    platform: Platform,
    post: ListedPost,
}

enum ListedPost {
    Clawgram(Box<clawgram::Post>),
    Clawtter(clawtter::AgentPost),
}

impl Listed {
    /// One Clawgram post, outside any list (a post opened whole).
    pub(crate) fn clawgram(agent_id: i64, post: clawgram::Post) -> Listed {
        Listed {
            position: Position::Done,
            agent_id,
            rank: 0,
            created_at: post.created_at,
            platform: Platform::Clawgram,
            post: ListedPost::Clawgram(Box::new(post)),
        }
    }

    /// One Clawtter post, outside any list, from what its card says.
    pub(crate) fn clawtter(agent_id: i64, card: &clawtter::PostCard) -> Listed {
        let created_at = card.created_at.unwrap_or(OffsetDateTime::UNIX_EPOCH);
        let post = clawtter::AgentPost {
            post_id: card.post_id.clone(),
            moderation_status: card.moderation_status.clone().unwrap_or(ModerationStatus::Approved),
            content_preview: card.content.clone(),
            created_at,
        };
        Listed {
            position: Position::Done,
            agent_id,
            rank: 0,
            created_at,
            platform: Platform::Clawtter,
            post: ListedPost::Clawtter(post),
        }
    }

    pub(crate) fn agent_id(&self) -> i64 {
        self.agent_id
    }

    pub(crate) fn created_at(&self) -> OffsetDateTime {
        self.created_at
    }

    /// The board's order: newest first; posts of the same second by platform and agent, and one agent's in the
    /// order its platform listed them, so that every page agrees.
    pub(crate) fn board_order(&self, other: &Listed) -> std::cmp::Ordering {
        other
            .created_at
            .cmp(&self.created_at)
            .then_with(|| self.platform.slug().cmp(other.platform.slug()))
            .then_with(|| self.agent_id.cmp(&other.agent_id))
            .then_with(|| self.rank.cmp(&other.rank))
    }
}

pub(crate) struct Sources {
    agents: Agents,
    connections: Connections,
    /// Clawgram pages by agent and cursor, with their `ETag`.
    clawgram_pages: TtlCache<(Option<String>, clawgram::Page<clawgram::Post>)>,
    /// Clawtter lists by agent.
    clawtter_lists: TtlCache<Vec<clawtter::AgentPost>>,
    /// Clawtter posts read whole, by agent and post.
    clawtter_posts: TtlCache<clawtter::PostDetail>,
}

impl Sources {
    pub(crate) fn new(agents: Agents, connections: Connections) -> Sources {
        Sources {
            agents,
            connections,
            clawgram_pages: TtlCache::new(FRESH_FOR),
            clawtter_lists: TtlCache::new(FRESH_FOR),
            clawtter_posts: TtlCache::new(FRESH_FOR),
        }
    }

    /// Up to `want` of `agent`'s posts from `position` on (in `state`, when given), and where its list stands
    /// after the last of them.
    pub(crate) async fn list(
        &self,
        agent: &AgentSummary,
        position: Position,
        state: Option<PostState>,
        want: usize,
    ) -> Result<(Vec<Listed>, Position), CoreError> {
        match position {
            Position::Clawgram { page, skip } => self.clawgram_list(agent, page, skip, want).await,
            Position::Clawtter { skip } => self.clawtter_list(agent, skip, state, want).await,
            Position::Done => Ok((Vec::new(), Position::Done)),
        }
    }

    async fn clawgram_list(
        &self,
        agent: &AgentSummary,
        mut page: Option<String>,
        mut skip: usize,
        want: usize,
    ) -> Result<(Vec<Listed>, Position), CoreError> {
        let mut found = Vec::new();
        loop {
            let read = self.clawgram_page(&agent.handle, page.clone()).await?;
            for (index, post) in read.items.into_iter().enumerate().skip(skip) {
                if found.len() == want {
                    return Ok((found, Position::Clawgram { page, skip: index }));
                }
                found.push(Listed {
                    position: Position::Clawgram { page: page.clone(), skip: index },
                    agent_id: agent.id,
                    rank: found.len(),
                    created_at: post.created_at,
                    platform: Platform::Clawgram,
                    post: ListedPost::Clawgram(Box::new(post)),
                });
            }
            match read.next_cursor.filter(|_| read.has_more) {
                Some(next) => (page, skip) = (Some(next), 0),
                None => return Ok((found, Position::Done)),
            }
            if found.len() == want {
                return Ok((found, Position::Clawgram { page, skip }));
            }
        }
    }

    /// One page of an agent's Clawgram posts: from the cache while fresh, else revalidated with its `ETag`.
    async fn clawgram_page(
        &self,
        name: &str,
        cursor: Option<String>,
    ) -> Result<clawgram::Page<clawgram::Post>, CoreError> {
        let key = format!("{name}\u{0}{}", cursor.as_deref().unwrap_or_default());
        if let Some((_, page)) = self.clawgram_pages.fresh(&key) {
            return Ok(page);
        }
        let held = self.clawgram_pages.stale(&key);
        let request = PageRequest { limit: Some(CLAWGRAM_PAGE), cursor };
        let etag = held.as_ref().and_then(|(etag, _)| etag.as_deref());
        let answer = self.connections.clawgram().agent_posts_revalidated(name, &request, etag).await?;
        let entry = match (answer, held) {
            (Revalidated::Fresh { value, etag }, _) => (etag, value),
            (Revalidated::NotModified, Some(held)) => held,
            (Revalidated::NotModified, None) => {
                return Err(CoreError::Internal("Clawgram answered 304 to a read without a tag".into()))
            }
        };
        self.clawgram_pages.put(key, entry.clone());
        Ok(entry.1)
    }

    async fn clawtter_list(
        &self,
        agent: &AgentSummary,
        skip: usize,
        state: Option<PostState>,
        want: usize,
    ) -> Result<(Vec<Listed>, Position), CoreError> {
        let key = format!("{}\u{0}", agent.id);
        let list = match self.clawtter_lists.fresh(&key) {
            Some(list) => list,
            None => {
                let opened = self.agents.api_key(agent.id).await?;
                let listed = opened.clients.clawtter.agent_posts(&opened.key, &agent.handle, CLAWTTER_LIST_MAX).await?;
                self.clawtter_lists.put(key, listed.items.clone());
                listed.items
            }
        };
        let matching: Vec<clawtter::AgentPost> = list
            .into_iter()
            .filter(|post| state.is_none_or(|state| moderation_state(&post.moderation_status) == state))
            .collect();
        let end = if skip + want >= matching.len() { Position::Done } else { Position::Clawtter { skip: skip + want } };
        let found = matching
            .into_iter()
            .enumerate()
            .skip(skip)
            .take(want)
            .map(|(index, post)| Listed {
                position: Position::Clawtter { skip: index },
                agent_id: agent.id,
                rank: index,
                created_at: post.created_at,
                platform: Platform::Clawtter,
                post: ListedPost::Clawtter(post),
            })
            .collect();
        Ok((found, end))
    }

    /// The cards of `listed` (already in the board's order); `agents` holds their agents.
    pub(crate) async fn cards(&self, agents: &[AgentSummary], listed: Vec<Listed>) -> Vec<FeedPost> {
        let cards = listed.into_iter().filter_map(|item| {
            let agent = agents.iter().find(|agent| agent.id == item.agent_id)?;
            Some(self.card(agent, item))
        });
        futures_util::future::join_all(cards).await
    }

    pub(crate) async fn card(&self, agent: &AgentSummary, item: Listed) -> FeedPost {
        match item.post {
            ListedPost::Clawgram(post) => clawgram_card(Some(agent), *post),
            ListedPost::Clawtter(listed) => {
                let state = moderation_state(&listed.moderation_status);
                match self.clawtter_post(agent.id, &listed.post_id).await {
                    // The list's time is the one the board orders by.
                    Ok(detail) => FeedPost { created_at: item.created_at, ..clawtter_card(agent, state, detail.post) },
                    // The list's preview is still worth showing; the counts and images wait for the next read.
                    Err(error) => {
                        tracing::warn!(agent = agent.id, post = %listed.post_id, "reading a Clawtter post failed: {error}");
                        FeedPost {
                            post_id: listed.post_id,
                            text: listed.content_preview,
                            state,
                            ..blank(Some(agent), Platform::Clawtter, item.created_at)
                        }
                    }
                }
            }
        }
    }

    pub(crate) fn agents(&self) -> &Agents {
        &self.agents
    }

    pub(crate) fn clawgram(&self) -> clawgram::ClawgramClient {
        self.connections.clawgram()
    }

    /// Forgets what was read of `agent`'s posts, after one of them changed (deleted, liked, moderated).
    pub(crate) fn forget(&self, agent: &AgentSummary) {
        self.clawgram_pages.forget(&format!("{}\u{0}", agent.handle));
        self.clawtter_lists.forget(&format!("{}\u{0}", agent.id));
        self.clawtter_posts.forget(&format!("{}\u{0}", agent.id));
    }

    pub(crate) async fn clawtter_post(&self, agent_id: i64, post_id: &str) -> Result<clawtter::PostDetail, CoreError> {
        let key = format!("{agent_id}\u{0}{post_id}");
        if let Some(post) = self.clawtter_posts.fresh(&key) {
            return Ok(post);
        }
        let opened = self.agents.api_key(agent_id).await?;
        let post = opened.clients.clawtter.post(&opened.key, post_id).await?;
        self.clawtter_posts.put(key, post.clone());
        Ok(post)
    }
}

/// A card with only its reader's face filled in (`reader`: the owner's agent it is read as; none for a public
/// read, whose card then names no agent of the console: `agent_id` 0, which no agent row has).
pub(crate) fn blank(reader: Option<&AgentSummary>, platform: Platform, created_at: OffsetDateTime) -> FeedPost {
    FeedPost {
        agent_id: reader.map_or(0, |agent| agent.id),
        platform,
        agent_handle: reader.map(|agent| agent.handle.clone()).unwrap_or_default(),
        agent_name: reader
            .map(|agent| agent.profile.display_name.clone().unwrap_or_else(|| agent.handle.clone()))
            .unwrap_or_default(),
        agent_avatar_url: reader.and_then(|agent| agent.profile.avatar_url.clone()),
        agent_claimed: reader.and_then(|agent| agent.profile.claimed),
        own: reader.is_some(),
        post_id: String::new(),
        kind: PostKind::Original,
        images: Vec::new(),
        alt_text: None,
        text: String::new(),
        tags: Vec::new(),
        likes: 0,
        comments: 0,
        reposts: None,
        created_at,
        state: PostState::Live,
        sensitive: false,
        owner_influenced: false,
        refers_to: None,
    }
}

/// `agent`'s post `post_id`, posted at `posted_at`, gone from its platform: a card with nothing but its place.
pub(crate) fn tombstone(agent: &AgentSummary, post_id: &str, posted_at: OffsetDateTime) -> FeedPost {
    FeedPost { post_id: post_id.to_owned(), state: PostState::Deleted, ..blank(Some(agent), agent.platform, posted_at) }
}

/// A Clawgram post as a card, read as `reader` (none: a public read).
pub(crate) fn clawgram_card(reader: Option<&AgentSummary>, post: clawgram::Post) -> FeedPost {
    let base = blank(reader, Platform::Clawgram, post.created_at);
    let own = reader.is_some_and(|agent| post.author.name == agent.handle);
    FeedPost {
        own,
        agent_name: if own { base.agent_name.clone() } else { post.author.name.clone() },
        agent_handle: post.author.name,
        agent_avatar_url: post.author.avatar_url,
        agent_claimed: Some(post.author.claimed),
        post_id: post.id,
        images: post.images.into_iter().map(|media| media.url).collect(),
        alt_text: post.alt_text,
        text: post.caption.unwrap_or_default(),
        tags: post.hashtags,
        likes: post.like_count,
        comments: post.comment_count,
        sensitive: post.is_sensitive,
        owner_influenced: post.is_owner_influenced,
        ..base
    }
}

/// A Clawtter post read whole (or a hydrated feed's card) as a card, read as `reader`.
pub(crate) fn clawtter_card(reader: &AgentSummary, state: PostState, whole: clawtter::PostCard) -> FeedPost {
    let base = blank(Some(reader), Platform::Clawtter, whole.created_at.unwrap_or(OffsetDateTime::UNIX_EPOCH));
    // A post of the agent's own list names no author, or the agent; one read from elsewhere may not.
    let own = whole.author.identity_id.as_ref().is_none_or(|id| *id == reader.handle);
    FeedPost {
        own,
        agent_handle: if own {
            base.agent_handle.clone()
        } else {
            whole.author.identity_id.clone().unwrap_or_default()
        },
        agent_name: if own { base.agent_name.clone() } else { whole.author.nickname.clone().unwrap_or_default() },
        agent_avatar_url: whole.author.avatar_url.or(if own { base.agent_avatar_url.clone() } else { None }),
        post_id: whole.post_id,
        kind: whole.post_kind.unwrap_or(PostKind::Original),
        images: whole.images,
        tags: if whole.topics.is_empty() { topics_in(&whole.content) } else { whole.topics },
        text: whole.content,
        likes: whole.like_count,
        comments: whole.reply_count,
        reposts: Some(whole.repost_count),
        state,
        refers_to: whole.in_reply_to_post_id.or(whole.repost_of_post_id),
        ..base
    }
}

/// The board's state of a Clawtter moderation status. A status this console does not know is shown as waiting
/// (unless it says the post is gone), since only `approved` posts are seen by others.
pub(crate) fn moderation_state(status: &ModerationStatus) -> PostState {
    match status {
        ModerationStatus::Approved => PostState::Live,
        ModerationStatus::Pending => PostState::PendingReview,
        ModerationStatus::Rejected => PostState::Rejected,
        ModerationStatus::Other(other) if ["hidden", "removed", "deleted"].contains(&other.as_str()) => {
            PostState::Hidden
        }
        ModerationStatus::Other(_) => PostState::PendingReview,
    }
}

/// The `#topics` written in a Clawtter post, for cards whose platform did not list them.
fn topics_in(content: &str) -> Vec<String> {
    let mut topics: Vec<String> = Vec::new();
    for word in content.split_whitespace() {
        let Some(topic) = word.strip_prefix('#') else { continue };
        let topic: String = topic.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        if !topic.is_empty() && !topics.contains(&topic) {
            topics.push(topic);
        }
    }
    topics
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topics_are_read_from_the_text_once_each_without_their_punctuation() {
        assert_eq!(topics_in("Morning #rust, and #llm! #rust again #"), ["rust", "llm"]);
    }
}
