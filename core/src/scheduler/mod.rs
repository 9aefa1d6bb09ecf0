//! The dispatcher: a task inside the server process that sends each target when it is due, exactly once.
//!
//! It sleeps until the earliest due time (or until `Publishing` notifies it that something new is due
//! sooner), takes the due targets of each platform up to that platform's free sending slots, and marks each
//! `sending` (attempt counted, lease set) in the same transaction that takes it, before any request goes out.
//! The answer is recorded after. A lease that lapses (the process died) turns the target into "outcome
//! unknown"; so does an answer that was lost. Such a target is settled by reading the agent's recent posts on
//! the platform: found, it is sent; provably absent, it is sent again (counted as a retry). See
//! `outcome.rs` for what each failure means.

mod deliver;
pub(crate) mod outcome;

use crate::agents::{AgentKey, Agents};
use crate::connection_settings::ConnectionSettings;
use crate::connections::Connections;
use crate::media::MediaLibrary;
use crate::publishing::{TargetError, TargetState, DEFAULT_MIN_INTERVAL};
use crate::store::{now_seconds, platform_from_slug, Store};
use crate::{CoreError, Platform};
use clawdesk_platforms::clawtter::ModerationStatus;
use clawdesk_platforms::threads::rules::POSTS_PER_DAY_MAX;
use deliver::{Delivered, Found, SendFailure};
use outcome::{disposition, Disposition, Recorded};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Notify, Semaphore};
use tokio::task::JoinHandle;

/// How the dispatcher behaves; the defaults are what the console runs with.
#[derive(Clone, Debug)]
pub struct SchedulerOptions {
    /// Requests in flight at once, per platform.
    pub concurrency_per_platform: usize,
    /// How long a taken target belongs to this dispatcher; longer than any one send (the clients time out at
    /// 60 s per request, and a Clawgram post is four requests with its image).
    pub lease: Duration,
    /// Failures that provably did not reach the platform (5xx or network errors before the post was created,
    /// or an unknown outcome found absent) before the target fails with the last reason.
    pub max_retries: u32,
    /// The first backoff; each retry doubles it, with jitter, up to `max_backoff`.
    pub first_backoff: Duration,
    pub max_backoff: Duration,
    /// How often a Clawtter post in review is looked at again.
    pub review_interval: Duration,
    /// The console's own address as a Threads backend on this machine reaches it (`http://127.0.0.1:3000`):
    /// a post's images are offered there as links. `None`: Threads posts with images fail, saying why.
    pub console_address: Option<String>,
}

impl Default for SchedulerOptions {
    fn default() -> Self {
        SchedulerOptions {
            concurrency_per_platform: 8,
            lease: Duration::from_secs(300),
            max_retries: 5,
            first_backoff: Duration::from_secs(5),
            max_backoff: Duration::from_secs(900),
            review_interval: Duration::from_secs(30),
            console_address: None,
        }
    }
}

/// The agent (`?1`) sends nothing before `?2`: its pace, or a platform quota's reset.
const HOLD_AGENT_UNTIL: &str = "INSERT INTO agent_pacing (agent_id, next_free_at) VALUES (?1, ?2) \
    ON CONFLICT (agent_id) DO UPDATE SET next_free_at = MAX(next_free_at, ?2)";

/// The dispatcher's handle on the console's services.
#[derive(Clone)]
pub struct Scheduler {
    inner: Arc<Inner>,
}

struct Inner {
    store: Store,
    agents: Agents,
    connections: Connections,
    settings: ConnectionSettings,
    media: MediaLibrary,
    wake: Arc<Notify>,
    options: SchedulerOptions,
    slots: HashMap<Platform, Arc<Semaphore>>,
}

/// One taken target with what sending or checking it needs.
#[derive(Debug)]
pub(crate) struct Job {
    target_id: i64,
    agent_id: i64,
    platform: Platform,
    handle: String,
    /// The state it was taken in: `scheduled` (now `sending`), `outcome_unknown` or `pending_review`.
    state: TargetState,
    retries: i64,
    attempt_started_at: Option<i64>,
    platform_post_id: Option<String>,
    text: String,
    hashtags: Vec<String>,
    alt_text: Option<String>,
    sensitive: bool,
    owner_influenced: bool,
    media_ids: Vec<i64>,
    /// Public image URLs the owner pasted (Threads).
    image_urls: Vec<String>,
}

#[derive(sqlx::FromRow)]
struct JobRow {
    target_id: i64,
    post_id: i64,
    agent_id: i64,
    platform: String,
    handle: String,
    retries: i64,
    attempt_started_at: Option<i64>,
    platform_post_id: Option<String>,
    text: String,
    hashtags: String,
    alt_text: Option<String>,
    sensitive: bool,
    owner_influenced: bool,
}

/// A due target as the claim sees it.
#[derive(sqlx::FromRow)]
struct Due {
    id: i64,
    agent_id: i64,
    state: TargetState,
    pace: i64,
}

impl Scheduler {
    pub(crate) fn new(
        store: Store,
        agents: Agents,
        connections: Connections,
        settings: ConnectionSettings,
        media: MediaLibrary,
        wake: Arc<Notify>,
        options: SchedulerOptions,
    ) -> Scheduler {
        let slots = Platform::ALL
            .into_iter()
            .map(|platform| (platform, Arc::new(Semaphore::new(options.concurrency_per_platform))))
            .collect();
        Scheduler { inner: Arc::new(Inner { store, agents, connections, settings, media, wake, options, slots }) }
    }

    /// Settles what a previous run left (every `sending` target: its answer can no longer come, so its outcome
    /// is unknown), then dispatches until the process ends.
    pub async fn start(self) -> Result<JoinHandle<()>, CoreError> {
        let recovered = self.inner.lapse_leases(None).await?;
        if recovered > 0 {
            tracing::warn!(
                recovered,
                "posts were being sent when the console stopped; reading their platforms before anything is sent again"
            );
        }
        Ok(tokio::spawn(async move { self.run().await }))
    }

    async fn run(self) {
        loop {
            let wait = match self.dispatch_due().await {
                Ok(wait) => wait,
                Err(error) => {
                    tracing::error!(%error, "the dispatcher could not read its queue; trying again shortly");
                    Some(Duration::from_secs(5))
                }
            };
            match wait {
                Some(wait) => {
                    let _ = tokio::time::timeout(wait, self.inner.wake.notified()).await;
                }
                None => self.inner.wake.notified().await,
            }
        }
    }

    /// Takes and starts everything due that a free sending slot allows; returns how long to sleep before
    /// something else becomes due (`None`: nothing is waiting, or only for a busy platform, sleep until woken).
    async fn dispatch_due(&self) -> Result<Option<Duration>, CoreError> {
        let inner = &self.inner;
        let now = now_seconds();
        inner.lapse_leases(Some(now)).await?;
        let mut busy = HashSet::new();
        for platform in Platform::ALL {
            let slots = &inner.slots[&platform];
            let free = slots.available_permits();
            if free == 0 {
                busy.insert(platform);
                continue;
            }
            for job in inner.claim(platform, now, free).await? {
                let Ok(permit) = slots.clone().try_acquire_owned() else { break };
                let this = self.clone();
                tokio::spawn(async move {
                    let target_id = job.target_id;
                    if let Err(error) = this.inner.process(job).await {
                        tracing::error!(%error, target_id, "a post target could not be dispatched");
                    }
                    drop(permit);
                    this.inner.wake.notify_one();
                });
            }
            if slots.available_permits() == 0 {
                busy.insert(platform);
            }
        }
        let next = inner.next_due(&busy).await?;
        Ok(next.map(|at| Duration::from_secs((at - now_seconds()).max(0) as u64)))
    }
}

impl Inner {
    /// Turns `sending` targets whose lease lapsed before `now` (all of them at start-up) into unknown outcomes.
    async fn lapse_leases(&self, now: Option<i64>) -> Result<u64, CoreError> {
        let lapsed = sqlx::query(
            "UPDATE post_targets SET state = 'outcome_unknown', lease_until = NULL, next_attempt_at = ?1, \
             error_message = 'the console stopped before the platform''s answer was recorded', updated_at = ?1 \
             WHERE state = 'sending' AND (?2 IS NULL OR lease_until < ?2)",
        )
        .bind(now.unwrap_or_else(now_seconds))
        .bind(now)
        .execute(self.store.pool())
        .await?;
        Ok(lapsed.rows_affected())
    }

    /// Takes up to `limit` due targets of `platform`: scheduled ones whose agent's pace allows a send (one per
    /// paced agent), marked `sending` with the attempt counted; unknown outcomes and reviews to read, leased by
    /// moving their next look past the lease.
    async fn claim(&self, platform: Platform, now: i64, limit: usize) -> Result<Vec<Job>, CoreError> {
        let mut tx = self.store.pool().begin().await?;
        let due: Vec<Due> = sqlx::query_as(
            "SELECT t.id, t.agent_id, t.state, COALESCE(p.min_interval_seconds, ?1) AS pace \
             FROM post_targets t JOIN agents a ON a.id = t.agent_id LEFT JOIN agent_pacing p ON p.agent_id = t.agent_id \
             WHERE a.platform = ?2 AND t.next_attempt_at <= ?3 AND (t.state IN ('outcome_unknown', 'pending_review') \
             OR (t.state = 'scheduled' AND COALESCE(p.next_free_at, 0) <= ?3)) \
             ORDER BY t.next_attempt_at, t.id LIMIT ?4",
        )
        .bind(DEFAULT_MIN_INTERVAL.as_secs() as i64)
        .bind(platform.slug())
        .bind(now)
        .bind((limit * 4) as i64)
        .fetch_all(&mut *tx)
        .await?;
        let lease_until = now + self.options.lease.as_secs() as i64;
        let mut paced = HashSet::new();
        let mut taken = Vec::new();
        for target in due {
            if taken.len() == limit {
                break;
            }
            if target.state == TargetState::Scheduled {
                if target.pace > 0 && !paced.insert(target.agent_id) {
                    continue;
                }
                sqlx::query(
                    "UPDATE post_targets SET state = 'sending', attempts = attempts + 1, lease_until = ?1, \
                     attempt_started_at = ?2, updated_at = ?2 WHERE id = ?3 AND state = 'scheduled'",
                )
                .bind(lease_until)
                .bind(now)
                .bind(target.id)
                .execute(&mut *tx)
                .await?;
                sqlx::query(HOLD_AGENT_UNTIL).bind(target.agent_id).bind(now + target.pace).execute(&mut *tx).await?;
            } else {
                sqlx::query("UPDATE post_targets SET next_attempt_at = ? WHERE id = ?")
                    .bind(lease_until)
                    .bind(target.id)
                    .execute(&mut *tx)
                    .await?;
            }
            taken.push((target.id, target.state));
        }
        let mut jobs = Vec::with_capacity(taken.len());
        for (target_id, state) in taken {
            jobs.push(load_job(&mut tx, target_id, state).await?);
        }
        tx.commit().await?;
        Ok(jobs)
    }

    /// The earliest moment something of a platform with a free slot becomes due, or a lease lapses.
    async fn next_due(&self, busy: &HashSet<Platform>) -> Result<Option<i64>, CoreError> {
        let per_platform: Vec<(String, Option<i64>)> = sqlx::query_as(
            "SELECT a.platform, MIN(CASE WHEN t.state = 'scheduled' \
             THEN MAX(t.next_attempt_at, COALESCE(p.next_free_at, 0)) ELSE t.next_attempt_at END) \
             FROM post_targets t JOIN agents a ON a.id = t.agent_id LEFT JOIN agent_pacing p ON p.agent_id = t.agent_id \
             WHERE t.state IN ('scheduled', 'outcome_unknown', 'pending_review') GROUP BY a.platform",
        )
        .fetch_all(self.store.pool())
        .await?;
        let lease: Option<i64> =
            sqlx::query_scalar("SELECT MIN(lease_until) FROM post_targets WHERE state = 'sending'")
                .fetch_one(self.store.pool())
                .await?;
        let mut next = lease;
        for (slug, at) in per_platform {
            if !busy.contains(&platform_from_slug(&slug)?) {
                next = [next, at].into_iter().flatten().min();
            }
        }
        Ok(next)
    }

    async fn process(&self, job: Job) -> Result<(), CoreError> {
        // The key comes with the clients of the origin it was checked against; every call of this job uses them.
        let (key, clients) = match job.platform {
            Platform::Threads => (None, self.connections.current()),
            _ => match self.agents.api_key(job.agent_id).await {
                Ok(AgentKey { key, clients }) => (Some(key), clients),
                Err(error) => {
                    let failed = Recorded::new(TargetState::Failed).because(TargetError::said(error.to_string()));
                    return failed.write(&self.store, job.target_id, job.state.taken_as()).await;
                }
            },
        };
        let key = key.as_ref();
        let from = job.state.taken_as();
        let recorded = match job.state {
            TargetState::OutcomeUnknown => {
                let known = self.known_post_ids(&job).await?;
                match deliver::find(&clients, &self.settings, key, &job, &known).await {
                    Ok(Found::Posted { post_id, review }) => self.found(post_id, review),
                    Ok(Found::NotPosted) => self.retry_or_fail(
                        &job,
                        TargetError::said(
                            "its answer was lost, and the platform does not have the post: it did not arrive",
                        ),
                    ),
                    Ok(Found::CannotTell(why)) => Recorded::new(TargetState::OutcomeUnknown)
                        .at(now_seconds() + self.options.max_backoff.as_secs() as i64)
                        .because(TargetError::said(why)),
                    Err(error) => Recorded::new(TargetState::OutcomeUnknown)
                        .at(now_seconds() + self.backoff(job.retries).as_secs() as i64)
                        .because(TargetError::said(format!("could not read the platform yet: {error}"))),
                }
            }
            TargetState::PendingReview => match deliver::review(&clients, key, &job).await {
                Ok(Some(ModerationStatus::Approved)) => Recorded::new(TargetState::Sent),
                Ok(Some(ModerationStatus::Rejected)) => Recorded::new(TargetState::Rejected),
                Ok(_) => Recorded::new(TargetState::PendingReview).at(self.next_review()),
                Err(error) => Recorded::new(TargetState::PendingReview)
                    .at(self.next_review())
                    .because(TargetError::said(format!("could not read the moderation decision yet: {error}"))),
            },
            _ => {
                if let Some(until) = self.daily_cap(&job).await? {
                    Recorded::new(TargetState::Scheduled).at(until).because(TargetError::said(format!(
                        "Threads allows {POSTS_PER_DAY_MAX} posts in 24 hours; waiting for the oldest to age out"
                    )))
                } else {
                    let address = self.options.console_address.as_deref();
                    match deliver::send(&clients, &self.media, &self.settings, address, key, &job).await {
                        Ok(delivered) => self.delivered(&job, key, &clients, delivered).await?,
                        Err(failure) => self.failed(&job, key, &clients, failure).await?,
                    }
                }
            }
        };
        recorded.write(&self.store, job.target_id, from).await
    }

    fn found(&self, post_id: String, review: Option<ModerationStatus>) -> Recorded {
        match review {
            Some(ModerationStatus::Pending) | Some(ModerationStatus::Other(_)) => {
                Recorded::taken(TargetState::PendingReview, post_id).at(self.next_review())
            }
            Some(ModerationStatus::Rejected) => Recorded::taken(TargetState::Rejected, post_id),
            _ => Recorded::taken(TargetState::Sent, post_id),
        }
    }

    async fn delivered(
        &self,
        job: &Job,
        key: Option<&secrecy::SecretString>,
        clients: &crate::Clients,
        delivered: Delivered,
    ) -> Result<Recorded, CoreError> {
        Ok(match delivered {
            Delivered::Published { post_id } => Recorded::taken(TargetState::Sent, post_id),
            Delivered::Refused { post_id } => Recorded::taken(TargetState::Rejected, post_id),
            Delivered::InReview { post_id, quota_left } => {
                if quota_left == Some(0) {
                    self.wait_for_clawtter_quota(job, key, clients).await?;
                }
                Recorded::taken(TargetState::PendingReview, post_id).at(self.next_review())
            }
        })
    }

    async fn failed(
        &self,
        job: &Job,
        key: Option<&secrecy::SecretString>,
        clients: &crate::Clients,
        failure: SendFailure,
    ) -> Result<Recorded, CoreError> {
        let (error, creating) = match failure {
            SendFailure::Console(error) => {
                return Ok(Recorded::new(TargetState::Failed).because(TargetError::said(error.to_string())))
            }
            SendFailure::Platform { error, creating } => (error, creating),
        };
        let reason = TargetError::from_platform(&error);
        Ok(match disposition(&error, creating) {
            Disposition::Wait(wait) => {
                let mut until = now_seconds() + wait.as_secs().max(1) as i64;
                if job.platform == Platform::Clawtter && error.api().is_some_and(|a| a.retry_after.is_none()) {
                    until = self.wait_for_clawtter_quota(job, key, clients).await?.unwrap_or(until);
                }
                Recorded::new(TargetState::Scheduled).at(until).because(reason)
            }
            Disposition::Refused => Recorded::new(TargetState::Failed).because(reason),
            Disposition::Retry => self.retry_or_fail(job, reason),
            Disposition::Unknown => Recorded::new(TargetState::OutcomeUnknown).at(now_seconds()).because(reason),
        })
    }

    fn next_review(&self) -> i64 {
        now_seconds() + self.options.review_interval.as_secs() as i64
    }

    /// A failure that provably did not reach the platform: again after a backoff, or failed at the limit.
    fn retry_or_fail(&self, job: &Job, reason: TargetError) -> Recorded {
        if job.retries + 1 > i64::from(self.options.max_retries) {
            let message = format!("gave up after {} attempts: {}", job.retries + 1, reason.message);
            return Recorded {
                retried: true,
                ..Recorded::new(TargetState::Failed).because(TargetError { message, ..reason })
            };
        }
        let until = now_seconds() + self.backoff(job.retries).as_secs() as i64;
        Recorded { retried: true, ..Recorded::new(TargetState::Scheduled).at(until).because(reason) }
    }

    /// Doubling from the first backoff, capped, with jitter (half to all of it) so that targets that failed
    /// together do not come back together.
    fn backoff(&self, retries: i64) -> Duration {
        let doubled = self.options.first_backoff.saturating_mul(1 << retries.clamp(0, 16) as u32);
        let capped = doubled.min(self.options.max_backoff);
        capped.mul_f64(rand::random_range(0.5..=1.0)).max(Duration::from_secs(1))
    }

    /// Clawtter's hourly quota is spent: the agent sends nothing more until `/me/quota`'s `reset_at`.
    async fn wait_for_clawtter_quota(
        &self,
        job: &Job,
        key: Option<&secrecy::SecretString>,
        clients: &crate::Clients,
    ) -> Result<Option<i64>, CoreError> {
        let Some(key) = key else { return Ok(None) };
        let Ok(quota) = clients.clawtter.quota(key).await else { return Ok(None) };
        let reset_at = quota.reset_at.unix_timestamp();
        sqlx::query(HOLD_AGENT_UNTIL).bind(job.agent_id).bind(reset_at).execute(self.store.pool()).await?;
        Ok(Some(reset_at))
    }

    /// For Threads: when the agent may send again if it has used its 250 posts of the last 24 hours.
    async fn daily_cap(&self, job: &Job) -> Result<Option<i64>, CoreError> {
        if job.platform != Platform::Threads {
            return Ok(None);
        }
        let day_ago = now_seconds() - 86_400;
        let sent: Vec<i64> = sqlx::query_scalar(
            "SELECT sent_at FROM post_targets WHERE agent_id = ? AND sent_at > ? ORDER BY sent_at DESC LIMIT ?",
        )
        .bind(job.agent_id)
        .bind(day_ago)
        .bind(POSTS_PER_DAY_MAX as i64)
        .fetch_all(self.store.pool())
        .await?;
        Ok((sent.len() >= POSTS_PER_DAY_MAX).then(|| sent.last().copied().unwrap_or(day_ago) + 86_400))
    }

    /// The platform ids other targets of this agent already hold: a post found on the platform is this
    /// target's only if no other target claimed it.
    async fn known_post_ids(&self, job: &Job) -> Result<Vec<String>, CoreError> {
        Ok(sqlx::query_scalar(
            "SELECT platform_post_id FROM post_targets WHERE agent_id = ? AND id != ? AND platform_post_id IS NOT NULL",
        )
        .bind(job.agent_id)
        .bind(job.target_id)
        .fetch_all(self.store.pool())
        .await?)
    }
}

impl TargetState {
    /// The state a taken target is in while the dispatcher works on it.
    fn taken_as(self) -> TargetState {
        match self {
            TargetState::Scheduled => TargetState::Sending,
            other => other,
        }
    }
}

async fn load_job(tx: &mut sqlx::SqliteConnection, target_id: i64, state: TargetState) -> Result<Job, CoreError> {
    let row: JobRow = sqlx::query_as(
        "SELECT t.id AS target_id, t.post_id, t.agent_id, a.platform, a.handle, t.retries, t.attempt_started_at, \
         t.platform_post_id, p.text, p.hashtags, p.alt_text, p.sensitive, p.owner_influenced \
         FROM post_targets t JOIN agents a ON a.id = t.agent_id JOIN posts p ON p.id = t.post_id WHERE t.id = ?",
    )
    .bind(target_id)
    .fetch_one(&mut *tx)
    .await?;
    let media_ids = sqlx::query_scalar("SELECT media_id FROM post_images WHERE post_id = ? ORDER BY position")
        .bind(row.post_id)
        .fetch_all(&mut *tx)
        .await?;
    let image_urls = sqlx::query_scalar("SELECT url FROM post_image_urls WHERE post_id = ? ORDER BY position")
        .bind(row.post_id)
        .fetch_all(&mut *tx)
        .await?;
    Ok(Job {
        target_id: row.target_id,
        agent_id: row.agent_id,
        platform: platform_from_slug(&row.platform)?,
        handle: row.handle,
        state,
        retries: row.retries,
        attempt_started_at: row.attempt_started_at,
        platform_post_id: row.platform_post_id,
        text: row.text,
        hashtags: row.hashtags.split_whitespace().map(str::to_owned).collect(),
        alt_text: row.alt_text,
        sensitive: row.sensitive,
        owner_influenced: row.owner_influenced,
        media_ids,
        image_urls,
    })
}
