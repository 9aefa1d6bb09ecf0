//! Acting as one of the owner's agents from the review board: likes, moderation of comments on its own posts,
//! deleting its own posts and comments, reports and follows. Each one is idempotent on its platform (a repeat
//! changes nothing), so nothing needs recording before it is sent; each is audited with the agent that did it
//! once the platform has accepted it.

use crate::agents::AgentSummary;
use crate::audit::{AgentAction, AuditEvent};
use crate::{CoreError, Platform};
use clawdesk_platforms::clawgram::{rules, NewReport, ReportReason};
use clawdesk_platforms::clawtter;
use std::net::IpAddr;

/// What an agent does to a post.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PostAction {
    Like,
    Unlike,
    /// Its own post (Clawgram; Clawtter offers no deletion).
    Delete,
    Report {
        reason: ReportReason,
        details: Option<String>,
    },
}

/// What an agent does to a comment (Clawgram).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommentAction {
    /// A comment on the agent's own post.
    Hide,
    Unhide,
    /// The agent's own comment.
    Delete,
}

impl super::Feeds {
    /// `agent_id` acts on the post `post_id` of its platform.
    pub async fn act_on_post(
        &self,
        agent_id: i64,
        post_id: &str,
        action: PostAction,
        client: Option<IpAddr>,
    ) -> Result<(), CoreError> {
        let agent = self.agents.get(agent_id).await?;
        let opened = self.agents.api_key(agent_id).await?;
        let (key, clients) = (&opened.key, &opened.clients);
        let done = match (agent.platform, action) {
            (Platform::Clawgram, PostAction::Like) => {
                clients.clawgram.like(key, post_id).await?;
                AgentAction::PostLiked
            }
            (Platform::Clawgram, PostAction::Unlike) => {
                clients.clawgram.unlike(key, post_id).await?;
                AgentAction::PostUnliked
            }
            (Platform::Clawgram, PostAction::Delete) => {
                // Its time, for its place on the board once gone (now, if it cannot be read).
                let posted_at = clients.clawgram.post(post_id).await.map(|post| post.created_at);
                clients.clawgram.delete_post(key, post_id).await?;
                let posted_at = posted_at.unwrap_or_else(|_| time::OffsetDateTime::now_utc());
                self.deleted.record(agent.id, post_id, posted_at).await?;
                AgentAction::PostDeleted
            }
            (Platform::Clawgram, PostAction::Report { reason, details }) => {
                let details = report_details(details)?;
                clients.clawgram.report(key, post_id, &NewReport { reason, details }).await?;
                AgentAction::PostReported
            }
            (Platform::Clawtter, PostAction::Like) => {
                clients.clawtter.like(key, post_id).await?;
                AgentAction::PostLiked
            }
            (Platform::Clawtter, PostAction::Unlike) => {
                clients.clawtter.unlike(key, post_id).await?;
                AgentAction::PostUnliked
            }
            (Platform::Clawtter, PostAction::Report { reason, details }) => {
                let report =
                    clawtter::Report { reason: reason.as_str().to_owned(), description: report_details(details)? };
                clients.clawtter.report(key, post_id, &report).await?;
                AgentAction::PostReported
            }
            (Platform::Clawtter, PostAction::Delete) => {
                return Err(CoreError::invalid("action", "Clawtter offers no way to delete a post"))
            }
            (Platform::Threads, _) => {
                return Err(CoreError::invalid("action", "Threads posts are not acted on from the console"))
            }
        };
        self.done(&agent, done, post_id, client).await
    }

    /// `agent_id` acts on the Clawgram comment `comment_id`.
    pub async fn act_on_comment(
        &self,
        agent_id: i64,
        comment_id: &str,
        action: CommentAction,
        client: Option<IpAddr>,
    ) -> Result<(), CoreError> {
        let agent = self.agents.get(agent_id).await?;
        if agent.platform != Platform::Clawgram {
            return Err(CoreError::invalid("action", format!("{} has no comments to moderate", agent.platform)));
        }
        let opened = self.agents.api_key(agent_id).await?;
        let clawgram = &opened.clients.clawgram;
        let done = match action {
            CommentAction::Hide => {
                clawgram.hide_comment(&opened.key, comment_id).await?;
                AgentAction::CommentHidden
            }
            CommentAction::Unhide => {
                clawgram.unhide_comment(&opened.key, comment_id).await?;
                AgentAction::CommentUnhidden
            }
            CommentAction::Delete => {
                clawgram.delete_comment(&opened.key, comment_id).await?;
                AgentAction::CommentDeleted
            }
        };
        self.done(&agent, done, comment_id, client).await
    }

    /// `agent_id` follows (or stops following) `whom`: a Clawgram name, a Clawtter identity or clawtter id.
    pub async fn follow(
        &self,
        agent_id: i64,
        whom: &str,
        follow: bool,
        client: Option<IpAddr>,
    ) -> Result<(), CoreError> {
        let agent = self.agents.get(agent_id).await?;
        let opened = self.agents.api_key(agent_id).await?;
        let (key, clients) = (&opened.key, &opened.clients);
        match (agent.platform, follow) {
            (Platform::Clawgram, true) => drop(clients.clawgram.follow(key, whom).await?),
            (Platform::Clawgram, false) => drop(clients.clawgram.unfollow(key, whom).await?),
            (Platform::Clawtter, true) => clients.clawtter.follow(key, whom).await?,
            (Platform::Clawtter, false) => clients.clawtter.unfollow(key, whom).await?,
            (Platform::Threads, _) => return Err(CoreError::invalid("action", "Threads has no follows")),
        }
        // What the agent follows changed: its following feed is read afresh, not from the cache.
        self.browse.forget_following(agent.id);
        self.discover.forget_feeds(agent.id);
        let done = if follow { AgentAction::Followed } else { AgentAction::Unfollowed };
        self.done(&agent, done, whom, client).await
    }

    pub(super) async fn done(
        &self,
        agent: &AgentSummary,
        action: AgentAction,
        target: &str,
        client: Option<IpAddr>,
    ) -> Result<(), CoreError> {
        self.sources.forget(agent);
        let event = AuditEvent::AgentActed { agent_id: agent.id, platform: agent.platform, action };
        self.audit.record_target(event, target, client).await
    }
}

/// Report details as Clawgram's rules take them (Clawtter's are looser): trimmed, empty as none.
fn report_details(details: Option<String>) -> Result<Option<String>, CoreError> {
    let details = details.map(|d| d.trim().to_owned()).filter(|d| !d.is_empty());
    if let Some(details) = &details {
        rules::report_details(details).map_err(|violation| CoreError::invalid("details", violation))?;
    }
    Ok(details)
}
