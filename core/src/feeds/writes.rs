//! Writing into a conversation as one of the owner's agents: a Clawgram comment or reply, a Clawtter reply or
//! repost. None is idempotent on its platform, so each is recorded before it is sent and its outcome after
//! (`0016_agent_writes.sql`): a lost answer leaves "outcome unknown", never a second copy. The page mints one
//! request key per thing the owner asks for; the same key again (a double click) finds the recorded write and
//! sends nothing, unless the platform provably refused it, when it is sent again.

use crate::agents::AgentSummary;
use crate::audit::AgentAction;
use crate::scheduler::outcome::{disposition, Disposition};
use crate::store::{now_seconds, Store};
use crate::{CoreError, Platform};
use clawdesk_platforms::clawgram::{rules, NewComment};
use clawdesk_platforms::clawtter::{self, NewPost};
use clawdesk_platforms::PlatformError;
use std::net::IpAddr;
use time::OffsetDateTime;

/// How many of an agent's newest Clawtter posts are looked through for a write whose answer was lost.
const OWN_POSTS_LOOKED_AT: u32 = 50;
/// The longest request key the console takes (the page sends 32 hex digits).
const REQUEST_KEY_MAX: usize = 64;

/// What an agent writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteKind {
    /// Clawgram: a comment on a post.
    Comment,
    /// Clawgram: a reply to a comment; Clawtter: a reply to a post or a reply.
    Reply,
    /// Clawtter: the post repeated, with optional words of the agent's own.
    Repost,
}

impl WriteKind {
    fn slug(self) -> &'static str {
        match self {
            WriteKind::Comment => "comment",
            WriteKind::Reply => "reply",
            WriteKind::Repost => "repost",
        }
    }

    fn from_slug(slug: &str) -> Result<WriteKind, CoreError> {
        [WriteKind::Comment, WriteKind::Reply, WriteKind::Repost]
            .into_iter()
            .find(|kind| kind.slug() == slug)
            .ok_or_else(|| CoreError::Internal(format!("the database names an unknown kind of write {slug:?}")))
    }

    fn audited(self) -> AgentAction {
        match self {
            WriteKind::Comment => AgentAction::Commented,
            WriteKind::Reply => AgentAction::Replied,
            WriteKind::Repost => AgentAction::Reposted,
        }
    }
}

/// Where a write stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WriteState {
    /// Recorded, its request on the way.
    Sending,
    /// The platform took it (a Clawtter reply or repost then waits for moderation).
    Sent,
    /// The platform provably did not take it.
    Failed,
    /// The answer was lost: it may be on the platform. Not sent again until it is found in the thread.
    Unknown,
}

impl WriteState {
    fn slug(self) -> &'static str {
        match self {
            WriteState::Sending => "sending",
            WriteState::Sent => "sent",
            WriteState::Failed => "failed",
            WriteState::Unknown => "unknown",
        }
    }

    fn from_slug(slug: &str) -> Result<WriteState, CoreError> {
        [WriteState::Sending, WriteState::Sent, WriteState::Failed, WriteState::Unknown]
            .into_iter()
            .find(|state| state.slug() == slug)
            .ok_or_else(|| CoreError::Internal(format!("the database names an unknown write state {slug:?}")))
    }
}

/// What the owner asks an agent to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewWrite {
    pub agent_id: i64,
    pub kind: WriteKind,
    /// The post commented on, replied to (Clawtter: the post or reply answered) or reposted.
    pub post_id: String,
    /// Clawgram: the comment a reply answers.
    pub parent_id: Option<String>,
    pub text: String,
    /// Minted by the page once per thing asked; the same key again is the same request.
    pub request_key: String,
}

/// A recorded write and its outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgentWrite {
    pub agent_id: i64,
    pub kind: WriteKind,
    pub post_id: String,
    pub parent_id: Option<String>,
    pub text: String,
    pub state: WriteState,
    /// The platform's id for what was written, once it said.
    pub platform_id: Option<String>,
    /// Why it failed, or what was lost.
    pub error: Option<String>,
    pub created_at: OffsetDateTime,
}

#[derive(sqlx::FromRow)]
struct WriteRow {
    agent_id: i64,
    kind: String,
    post_id: String,
    parent_id: Option<String>,
    text: String,
    state: String,
    platform_id: Option<String>,
    error: Option<String>,
    created_at: i64,
}

impl WriteRow {
    fn into_write(self) -> Result<AgentWrite, CoreError> {
        Ok(AgentWrite {
            agent_id: self.agent_id,
            kind: WriteKind::from_slug(&self.kind)?,
            post_id: self.post_id,
            parent_id: self.parent_id,
            text: self.text,
            state: WriteState::from_slug(&self.state)?,
            platform_id: self.platform_id,
            error: self.error,
            created_at: OffsetDateTime::from_unix_timestamp(self.created_at)
                .map_err(|e| CoreError::Internal(format!("a stored time is out of range: {e}")))?,
        })
    }
}

const WRITE_COLUMNS: &str = "agent_id, kind, post_id, parent_id, text, state, platform_id, error, created_at";

/// The writes of the console's agents, in the store.
#[derive(Clone, Debug)]
pub(crate) struct Writes {
    store: Store,
}

impl Writes {
    pub(crate) fn new(store: Store) -> Writes {
        Writes { store }
    }

    async fn by_key(&self, request_key: &str) -> Result<Option<AgentWrite>, CoreError> {
        let sql = format!("SELECT {WRITE_COLUMNS} FROM agent_writes WHERE request_key = ?");
        let row: Option<WriteRow> = sqlx::query_as(&sql).bind(request_key).fetch_optional(self.store.pool()).await?;
        row.map(WriteRow::into_write).transpose()
    }

    /// Every write about `post_id` by the console's agents, oldest first.
    pub(crate) async fn about(&self, post_id: &str) -> Result<Vec<AgentWrite>, CoreError> {
        let sql = format!("SELECT {WRITE_COLUMNS} FROM agent_writes WHERE post_id = ? ORDER BY created_at, id");
        let rows: Vec<WriteRow> = sqlx::query_as(&sql).bind(post_id).fetch_all(self.store.pool()).await?;
        rows.into_iter().map(WriteRow::into_write).collect()
    }

    /// Records `write` as being sent. `None` when its key is recorded already and must not be sent again
    /// (sending, sent or unknown); a write the platform refused is taken back to be sent again.
    async fn claim(&self, write: &NewWrite) -> Result<Option<()>, CoreError> {
        let now = now_seconds();
        let inserted = sqlx::query(
            "INSERT INTO agent_writes (request_key, agent_id, kind, post_id, parent_id, text, state, created_at, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?, 'sending', ?, ?) ON CONFLICT (request_key) DO NOTHING",
        )
        .bind(&write.request_key)
        .bind(write.agent_id)
        .bind(write.kind.slug())
        .bind(&write.post_id)
        .bind(&write.parent_id)
        .bind(&write.text)
        .bind(now)
        .bind(now)
        .execute(self.store.pool())
        .await?;
        if inserted.rows_affected() == 1 {
            return Ok(Some(()));
        }
        let retried = sqlx::query(
            "UPDATE agent_writes SET state = 'sending', text = ?, error = NULL, updated_at = ? \
             WHERE request_key = ? AND agent_id = ? AND post_id = ? AND state = 'failed'",
        )
        .bind(&write.text)
        .bind(now)
        .bind(&write.request_key)
        .bind(write.agent_id)
        .bind(&write.post_id)
        .execute(self.store.pool())
        .await?;
        Ok((retried.rows_affected() == 1).then_some(()))
    }

    async fn settle(
        &self,
        request_key: &str,
        state: WriteState,
        platform_id: Option<&str>,
        error: Option<&str>,
    ) -> Result<(), CoreError> {
        sqlx::query(
            "UPDATE agent_writes SET state = ?, platform_id = COALESCE(?, platform_id), error = ?, updated_at = ? \
             WHERE request_key = ?",
        )
        .bind(state.slug())
        .bind(platform_id)
        .bind(error)
        .bind(now_seconds())
        .bind(request_key)
        .execute(self.store.pool())
        .await?;
        Ok(())
    }

    /// A write whose outcome was unknown, found on the platform as `platform_id`.
    pub(crate) async fn found(
        &self,
        agent_id: i64,
        post_id: &str,
        text: &str,
        platform_id: &str,
    ) -> Result<(), CoreError> {
        sqlx::query(
            "UPDATE agent_writes SET state = 'sent', platform_id = ?, error = NULL, updated_at = ? \
             WHERE id = (SELECT id FROM agent_writes WHERE agent_id = ? AND post_id = ? AND text = ? AND state = 'unknown' \
             ORDER BY id LIMIT 1)",
        )
        .bind(platform_id)
        .bind(now_seconds())
        .bind(agent_id)
        .bind(post_id)
        .bind(text)
        .execute(self.store.pool())
        .await?;
        Ok(())
    }
}

impl super::Feeds {
    /// `write.agent_id` writes `write` on its platform, recorded before it is sent. A refusal (avatar gate, rate
    /// limit, not found, a rule) is the error, and the same request key may then be sent again; a lost answer
    /// is the write in state [`WriteState::Unknown`].
    pub async fn write(&self, mut write: NewWrite, client: Option<IpAddr>) -> Result<AgentWrite, CoreError> {
        let key = write.request_key.trim();
        if key.is_empty() || key.len() > REQUEST_KEY_MAX {
            return Err(CoreError::invalid("request_key", "each write needs a request key of 1 to 64 characters"));
        }
        let agent = self.agents.get(write.agent_id).await?;
        write.text = checked_text(&agent, &write)?;
        if self.writes.claim(&write).await?.is_none() {
            return self.recorded(&write.request_key).await;
        }
        let sent = self.send(&agent, &write).await;
        let key = write.request_key.as_str();
        match sent {
            Ok(platform_id) => {
                self.writes.settle(key, WriteState::Sent, Some(&platform_id), None).await?;
                self.done(&agent, write.kind.audited(), &write.post_id, client).await?;
            }
            Err(CoreError::Platform(error)) => {
                let message = error.to_string();
                if disposition(&error, true) == Disposition::Unknown {
                    self.writes.settle(key, WriteState::Unknown, None, Some(&message)).await?;
                } else {
                    self.writes.settle(key, WriteState::Failed, None, Some(&message)).await?;
                    return Err(CoreError::Platform(error));
                }
            }
            Err(error) => {
                // Nothing reached the platform (no key, a key bound elsewhere): the owner may try again.
                self.writes.settle(key, WriteState::Failed, None, Some(&error.to_string())).await?;
                return Err(error);
            }
        }
        self.recorded(key).await
    }

    /// The platform's id for `write`, whose answer was lost, when the agent's own list shows it: Clawtter's
    /// `GET /clawtters/{id}/posts` lists the agent's pending posts too, with the start of their text. Clawgram's
    /// comments are found in the conversation itself. A failed look-up leaves the outcome unknown.
    pub(super) async fn look_up_unknown(&self, author: &AgentSummary, write: &AgentWrite) -> Option<String> {
        if author.platform != Platform::Clawtter || write.text.is_empty() {
            return None;
        }
        let opened = self.agents.api_key(author.id).await.ok()?;
        let own = opened.clients.clawtter.agent_posts(&opened.key, &author.handle, OWN_POSTS_LOOKED_AT).await.ok()?;
        // Made no earlier than the write was recorded (whole seconds on both sides).
        let since = write.created_at.unix_timestamp();
        own.items
            .into_iter()
            .find(|post| post.created_at.unix_timestamp() >= since && previews(&post.content_preview, &write.text))
            .map(|post| post.post_id)
    }

    async fn recorded(&self, request_key: &str) -> Result<AgentWrite, CoreError> {
        self.writes.by_key(request_key).await?.ok_or_else(|| CoreError::Internal("a recorded write disappeared".into()))
    }

    /// Sends `write`; the platform's id for what it made.
    async fn send(&self, agent: &AgentSummary, write: &NewWrite) -> Result<String, CoreError> {
        let opened = self.agents.api_key(agent.id).await?;
        let (key, clients) = (&opened.key, &opened.clients);
        let sent: Result<String, PlatformError> = match (agent.platform, write.kind) {
            (Platform::Clawgram, WriteKind::Comment | WriteKind::Reply) => {
                let comment = NewComment { content: write.text.clone(), parent_id: write.parent_id.clone() };
                clients.clawgram.create_comment(key, &write.post_id, &comment).await.map(|made| made.id)
            }
            (Platform::Clawtter, WriteKind::Reply) => {
                let reply = NewPost::reply(write.post_id.clone(), write.text.clone());
                clients.clawtter.create_post(key, &reply).await.map(|accepted| accepted.post_id)
            }
            (Platform::Clawtter, WriteKind::Repost) => {
                let words = Some(write.text.as_str()).filter(|text| !text.is_empty());
                clients.clawtter.legacy_repost(key, &write.post_id, words).await.map(|accepted| accepted.post_id)
            }
            (platform, kind) => return Err(unsupported(platform, kind)),
        };
        Ok(sent?)
    }
}

/// Whether `preview`, Clawtter's start of a post's text (cut with "…" when long), is of `text`.
fn previews(preview: &str, text: &str) -> bool {
    preview == text || preview.strip_suffix('…').is_some_and(|start| !start.is_empty() && text.starts_with(start))
}

/// The text as the platform takes it, or the rule it breaks; also refuses a kind the platform has not.
fn checked_text(agent: &AgentSummary, write: &NewWrite) -> Result<String, CoreError> {
    let text = write.text.trim();
    let clawgram = || rules::comment(text).map_err(|violation| CoreError::invalid("text", violation));
    let clawtter = || {
        clawtter::rules::check_content(text)
            .map(|()| text.to_owned())
            .map_err(|violation| CoreError::invalid("text", violation))
    };
    match (agent.platform, write.kind, write.parent_id.is_some()) {
        (Platform::Clawgram, WriteKind::Comment, false) | (Platform::Clawgram, WriteKind::Reply, true) => clawgram(),
        // A repost's own words are optional (the legacy route takes none).
        (Platform::Clawtter, WriteKind::Repost, false) if text.is_empty() => Ok(String::new()),
        (Platform::Clawtter, WriteKind::Reply | WriteKind::Repost, false) => clawtter(),
        (platform, kind, _) => Err(unsupported(platform, kind)),
    }
}

fn unsupported(platform: Platform, kind: WriteKind) -> CoreError {
    CoreError::invalid("action", format!("{platform} agents cannot write a {} here", kind.slug()))
}
