//! A post opened whole: the post, and its conversation as its platform threads it — Clawgram's comments and
//! their replies (to depth 6), Clawtter's reply tree. Clawtter's reply tree is a heavy read, counted against a
//! daily budget per key: once the platform says it is spent, the console stops asking until the next UTC day and
//! says when the replies come back. So are Clawtter's hot threads (the most engaging first-level replies of an
//! original post), read with the tree.

use super::sources::{Listed, Sources};
use super::{AgentWrite, FeedPost};
use crate::agents::AgentSummary;
use crate::{CoreError, Platform};
use clawdesk_platforms::clawgram::{self, PageRequest};
use clawdesk_platforms::clawtter;
use std::collections::HashMap;
use std::sync::Mutex;
use time::{Duration, OffsetDateTime, Time};

/// The most comment lists (top level and replies) read for one Clawgram post; deeper replies wait behind a
/// "more replies" mark.
const MAX_COMMENT_READS: usize = 40;
/// Clawgram's largest page.
const COMMENTS_PAGE: u32 = 100;
/// Clawtter's reply tree, as deep and as wide as the platform's defaults allow.
const TREE_DEPTH: u32 = 5;
const TREE_WIDTH: u32 = 50;

/// A post and its conversation.
#[derive(Clone, Debug, PartialEq)]
pub struct PostThread {
    pub post: FeedPost,
    pub comments: Vec<ThreadComment>,
    /// Clawtter: the replies could not be read because the day's heavy reads are spent; they come back then.
    pub replies_back_at: Option<OffsetDateTime>,
    /// Clawtter: the replies the platform calls hot, most engaging first (up to three).
    pub hot: Vec<HotReply>,
    /// What the console's agents wrote about the post that the conversation does not show: a Clawtter reply or
    /// repost waiting for moderation, a write whose outcome is unknown, one that failed.
    pub writes: Vec<AgentWrite>,
}

/// One of a Clawtter post's hot threads: a first-level reply, in the platform's summary.
#[derive(Clone, Debug, PartialEq)]
pub struct HotReply {
    pub post_id: String,
    pub preview: String,
    pub likes: Option<u64>,
    pub replies: Option<u64>,
}

impl PostThread {
    fn new(post: FeedPost) -> PostThread {
        PostThread { post, comments: Vec::new(), replies_back_at: None, hot: Vec::new(), writes: Vec::new() }
    }

    /// A post its platform no longer has (deleted, or never there): a tombstone named after the agent it was
    /// opened as, who is the author when it was opened from the board or a notification.
    pub(crate) fn deleted(agent: &AgentSummary, post_id: &str) -> PostThread {
        PostThread::new(super::sources::tombstone(agent, post_id, OffsetDateTime::now_utc()))
    }

    /// The comment or reply `id`, anywhere in the conversation.
    pub fn find(&self, id: &str) -> Option<&ThreadComment> {
        find_in(&self.comments, &|comment| comment.id == id)
    }

    /// A comment or reply by the agent `handle` saying `text`, anywhere in the conversation.
    pub fn written_by(&self, handle: &str, text: &str) -> Option<&ThreadComment> {
        find_in(&self.comments, &|comment| comment.author_handle == handle && comment.text == text)
    }
}

fn find_in<'a>(comments: &'a [ThreadComment], wanted: &dyn Fn(&ThreadComment) -> bool) -> Option<&'a ThreadComment> {
    comments.iter().find_map(|comment| if wanted(comment) { Some(comment) } else { find_in(&comment.replies, wanted) })
}

/// A comment (Clawgram) or reply (Clawtter), with the replies under it.
#[derive(Clone, Debug, PartialEq)]
pub struct ThreadComment {
    pub id: String,
    /// Clawgram's agent name, Clawtter's identity id.
    pub author_handle: String,
    pub author_name: String,
    pub author_avatar_url: Option<String>,
    /// Clawgram shows a deleted comment as "[deleted]"; a hidden one keeps its text.
    pub text: String,
    pub created_at: Option<OffsetDateTime>,
    pub deleted: bool,
    /// Hidden by the post's author (Clawgram).
    pub hidden: bool,
    /// Written by the agent the post is opened as.
    pub by_this_agent: bool,
    pub replies: Vec<ThreadComment>,
    /// Some replies were not read (the platform cut the tree, or the console's read limit).
    pub more_replies: bool,
}

/// When each agent's heavy reads come back, once Clawtter said they are spent.
#[derive(Default)]
pub(crate) struct HeavyReadBudget {
    spent_until: Mutex<HashMap<i64, OffsetDateTime>>,
}

impl HeavyReadBudget {
    pub(crate) fn back_at(&self, agent_id: i64) -> Option<OffsetDateTime> {
        let mut spent = self.spent_until.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match spent.get(&agent_id) {
            Some(&until) if until > OffsetDateTime::now_utc() => Some(until),
            Some(_) => {
                spent.remove(&agent_id);
                None
            }
            None => None,
        }
    }

    /// The budget resets with the UTC day.
    pub(crate) fn spend_until_tomorrow(&self, agent_id: i64) -> OffsetDateTime {
        let tomorrow = (OffsetDateTime::now_utc() + Duration::days(1)).replace_time(Time::MIDNIGHT);
        self.spent_until.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).insert(agent_id, tomorrow);
        tomorrow
    }
}

/// Whether Clawtter refused a heavy read because the day's budget is spent (429 naming the read limit).
pub(crate) fn budget_spent(error: &CoreError) -> bool {
    let CoreError::Platform(error) = error else { return false };
    error.api().is_some_and(|api| api.status == 429 && api.message.to_lowercase().contains("read limit"))
}

impl Sources {
    pub(crate) async fn thread(
        &self,
        agent: &AgentSummary,
        post_id: &str,
        budget: &HeavyReadBudget,
    ) -> Result<PostThread, CoreError> {
        match agent.platform {
            Platform::Clawgram => self.clawgram_thread(agent, post_id).await,
            Platform::Clawtter => self.clawtter_thread(agent, post_id, budget).await,
            Platform::Threads => Err(CoreError::invalid("post", "Threads posts are not read back by the console")),
        }
    }

    async fn clawgram_thread(&self, agent: &AgentSummary, post_id: &str) -> Result<PostThread, CoreError> {
        let client = self.clawgram();
        let post = client.post(post_id).await?;
        let mut reads = 0;
        let comments = clawgram_comments(&client, agent, Parent::Post(post_id), &mut reads).await?;
        let post = self.card(agent, Listed::clawgram(agent.id, post)).await;
        Ok(PostThread { comments, ..PostThread::new(post) })
    }

    async fn clawtter_thread(
        &self,
        agent: &AgentSummary,
        post_id: &str,
        budget: &HeavyReadBudget,
    ) -> Result<PostThread, CoreError> {
        let detail = self.clawtter_post(agent.id, post_id).await?;
        let post = self.card(agent, Listed::clawtter(agent.id, &detail.post)).await;
        // Only approved posts anchor a reply tree; a pending or rejected one has no replies yet.
        let original = post.kind == clawtter::PostKind::Original;
        let mut thread = PostThread::new(post);
        if thread.post.state != super::PostState::Live {
            return Ok(thread);
        }
        if let Some(back_at) = budget.back_at(agent.id) {
            thread.replies_back_at = Some(back_at);
            return Ok(thread);
        }
        let opened = self.agents().api_key(agent.id).await?;
        let clawtter = &opened.clients.clawtter;
        let read = async {
            let tree = clawtter.replies_tree(&opened.key, post_id, TREE_DEPTH, TREE_WIDTH).await?;
            thread.comments = tree.replies.iter().map(|node| clawtter_reply(agent, node)).collect();
            // Hot threads start at the first post of a thread only.
            if original {
                let hot = clawtter.hot_threads(&opened.key, post_id).await?;
                thread.hot = hot.items.into_iter().map(HotReply::from).collect();
            }
            Ok::<(), CoreError>(())
        };
        match read.await {
            Ok(()) => {}
            Err(error) if budget_spent(&error) => thread.replies_back_at = Some(budget.spend_until_tomorrow(agent.id)),
            Err(error) => return Err(error),
        }
        Ok(thread)
    }
}

enum Parent<'a> {
    Post(&'a str),
    Comment(&'a str),
}

/// The comments under `parent`, each with its replies, reading at most [`MAX_COMMENT_READS`] lists in all.
async fn clawgram_comments(
    client: &clawgram::ClawgramClient,
    agent: &AgentSummary,
    parent: Parent<'_>,
    reads: &mut usize,
) -> Result<Vec<ThreadComment>, CoreError> {
    *reads += 1;
    let page = PageRequest::first(COMMENTS_PAGE);
    let listed = match parent {
        Parent::Post(id) => client.comments(id, &page).await?,
        Parent::Comment(id) => client.replies(id, &page).await?,
    };
    let mut comments = Vec::with_capacity(listed.items.len());
    for comment in listed.items {
        let mut shown = ThreadComment {
            by_this_agent: comment.author.name == agent.handle,
            id: comment.id,
            author_handle: comment.author.name.clone(),
            author_name: comment.author.name,
            author_avatar_url: comment.author.avatar_url,
            text: comment.content,
            created_at: Some(comment.created_at),
            deleted: comment.is_deleted,
            hidden: comment.is_hidden_by_post_owner,
            replies: Vec::new(),
            more_replies: false,
        };
        if comment.replies_count > 0 {
            if *reads < MAX_COMMENT_READS {
                shown.replies = Box::pin(clawgram_comments(client, agent, Parent::Comment(&shown.id), reads)).await?;
                shown.more_replies = (shown.replies.len() as u64) < comment.replies_count;
            } else {
                shown.more_replies = true;
            }
        }
        comments.push(shown);
    }
    Ok(comments)
}

fn clawtter_reply(agent: &AgentSummary, node: &clawtter::ReplyNode) -> ThreadComment {
    let card = &node.post;
    ThreadComment {
        id: card.post_id.clone(),
        author_handle: card.author.identity_id.clone().unwrap_or_default(),
        author_name: card.author.nickname.clone().or_else(|| card.author.identity_id.clone()).unwrap_or_default(),
        author_avatar_url: card.author.avatar_url.clone(),
        text: card.content.clone(),
        created_at: card.created_at,
        deleted: false,
        hidden: false,
        by_this_agent: card.author.identity_id.as_deref() == Some(agent.handle.as_str()),
        replies: node.replies.iter().map(|reply| clawtter_reply(agent, reply)).collect(),
        more_replies: node.truncated,
    }
}

impl From<clawtter::HotBranch> for HotReply {
    fn from(branch: clawtter::HotBranch) -> HotReply {
        HotReply {
            post_id: branch.post_id,
            preview: branch.content_preview.unwrap_or_default(),
            likes: branch.like_count,
            replies: branch.reply_count,
        }
    }
}
