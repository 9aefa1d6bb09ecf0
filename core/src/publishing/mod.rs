//! Publishing: one post written once for many agents. Each target is checked against its platform's rules,
//! stored as its own row with its own state, and handed to the dispatcher (`crate::scheduler`), which is woken
//! whenever something becomes due sooner. This is the service the composer and the Schedule page call.

mod calendar;
mod local_time;
mod on_platform;
mod rules;
mod state;

pub use calendar::{Calendar, CalendarDay, CalendarSpan};
pub use local_time::{to_local, to_utc, Fold, LocalTime, LocalTimeError};
pub use on_platform::PlatformPost;
pub use rules::TargetViolation;
pub use state::{OwnerAction, TargetState};

pub(crate) use local_time::{instants, local_in, time_zone, Instants};

use crate::agents::Agents;
use crate::connections::Connections;
use crate::media::{MediaItem, MediaLibrary};
use crate::store::{now_seconds, platform_from_slug, Store};
use crate::{CoreError, Platform};
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;
use time::OffsetDateTime;
use tokio::sync::Notify;

/// Clawgram documents no posting limit; one post per agent every 10 minutes is a modest pace that no platform
/// should mistake for a flood. The owner changes it per agent (0 turns pacing off).
pub const DEFAULT_MIN_INTERVAL: Duration = Duration::from_secs(600);
/// The owner's IANA time zone until Settings says otherwise.
pub const DEFAULT_TIME_ZONE: &str = "UTC";
const TIME_ZONE_SETTING: &str = "time_zone";
/// How far ahead "add to queue" looks for a free slot.
const SLOT_SEARCH_DAYS: i64 = 56;

/// What the owner wrote, once for every target.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Draft {
    pub text: String,
    /// Clawgram's hashtags, without `#`.
    pub hashtags: Vec<String>,
    pub alt_text: Option<String>,
    pub sensitive: bool,
    pub owner_influenced: bool,
    /// Images from the media library, in order.
    pub media_ids: Vec<i64>,
    /// Public image URLs, for a Threads backend that cannot fetch images from the console (not on this machine).
    pub image_urls: Vec<String>,
}

/// When the targets go out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    Now,
    /// A UTC instant (from [`to_utc`] for a time the owner typed in their zone).
    At(OffsetDateTime),
    /// Each agent's next free posting slot.
    NextSlot,
}

/// A day of the week and a local time in the owner's time zone when an agent posts from its queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, sqlx::FromRow)]
pub struct PostingSlot {
    /// 1 = Monday … 7 = Sunday.
    pub weekday: i64,
    /// Minutes after local midnight (09:00 is 540).
    pub minute_of_day: i64,
}

/// What went wrong the last time, as the platform (or the network) said it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetError {
    pub message: String,
    pub code: Option<String>,
    pub hint: Option<String>,
    pub detail: Option<String>,
    pub request_id: Option<String>,
}

/// One agent's copy of a post, as the Schedule page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetView {
    pub id: i64,
    pub post_id: i64,
    pub agent_id: i64,
    pub handle: String,
    pub platform: Platform,
    pub text: String,
    pub state: TargetState,
    pub due_at: OffsetDateTime,
    /// When the dispatcher looks at it next (after a wait, a backoff, or to follow a review).
    pub next_attempt_at: OffsetDateTime,
    pub attempts: i64,
    pub platform_post_id: Option<String>,
    pub platform_post_url: Option<String>,
    pub sent_at: Option<OffsetDateTime>,
    pub error: Option<TargetError>,
}

/// Which targets to list; `None` is "any".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TargetFilter {
    pub agent_id: Option<i64>,
    pub platform: Option<Platform>,
    pub state: Option<TargetState>,
    pub post_id: Option<i64>,
}

/// The navigation's badge: what needs the owner.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Attention {
    pub failed: i64,
    pub outcome_unknown: i64,
}

/// A time an agent's pace will not let it keep: with the posts it already has due, it goes out at `earliest`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PaceWarning {
    pub agent_id: i64,
    pub wanted: OffsetDateTime,
    pub earliest: OffsetDateTime,
}

#[derive(sqlx::FromRow)]
struct TargetRow {
    id: i64,
    post_id: i64,
    agent_id: i64,
    handle: String,
    platform: String,
    text: String,
    state: TargetState,
    due_at: i64,
    next_attempt_at: i64,
    attempts: i64,
    platform_post_id: Option<String>,
    platform_post_url: Option<String>,
    sent_at: Option<i64>,
    error_message: Option<String>,
    error_code: Option<String>,
    error_hint: Option<String>,
    error_detail: Option<String>,
    error_request_id: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Publishing {
    store: Store,
    agents: Agents,
    connections: Connections,
    media: MediaLibrary,
    wake: Arc<Notify>,
}

impl Publishing {
    /// `wake` is the dispatcher's: notified whenever a target may have become due sooner.
    pub fn new(
        store: Store,
        agents: Agents,
        connections: Connections,
        media: MediaLibrary,
        wake: Arc<Notify>,
    ) -> Publishing {
        Publishing { store, agents, connections, media, wake }
    }

    /// Whether the Threads backend runs on this machine, and so can fetch a post's images from the console's
    /// links; a remote one needs public image URLs instead.
    pub fn threads_backend_on_this_machine(&self) -> bool {
        self.connections.threads_on_this_machine()
    }

    /// Every rule the draft breaks for each of `agent_ids` (empty when all of them pass).
    pub async fn check(&self, draft: &Draft, agent_ids: &[i64]) -> Result<Vec<TargetViolation>, CoreError> {
        let images = self.images(&draft.media_ids).await?;
        let mut violations = Vec::new();
        let reaches_console = self.threads_backend_on_this_machine();
        for &agent_id in agent_ids {
            violations.extend(rules::check(draft, &images, &self.agents.get(agent_id).await?, reaches_console));
        }
        Ok(violations)
    }

    /// Checks the draft for every agent on the server, then stores the post and one target per agent, due
    /// `when`. Nothing is stored unless every target passes. Returns the post's id.
    pub async fn create(&self, draft: Draft, agent_ids: &[i64], when: When) -> Result<i64, CoreError> {
        let agent_ids: Vec<i64> =
            agent_ids.iter().copied().collect::<std::collections::BTreeSet<_>>().into_iter().collect();
        if agent_ids.is_empty() {
            return Err(CoreError::invalid("targets", "choose at least one agent"));
        }
        for tag in &draft.hashtags {
            // Stored space-separated: the rules refuse spaces on Clawgram, and no other platform reads them.
            if tag.chars().any(char::is_whitespace) {
                return Err(CoreError::invalid("hashtags", format!("the hashtag {tag:?} has a space in it")));
            }
        }
        let violations = self.check(&draft, &agent_ids).await?;
        if !violations.is_empty() {
            return Err(CoreError::PostRefused(violations));
        }
        let now = now_seconds();
        let mut due = Vec::with_capacity(agent_ids.len());
        for &agent_id in &agent_ids {
            due.push(match when {
                When::Now => now,
                When::At(at) => at.unix_timestamp().max(now),
                When::NextSlot => self.next_slot(agent_id, now).await?.unix_timestamp(),
            });
        }
        let mut tx = self.store.pool().begin().await?;
        let post_id: i64 = sqlx::query_scalar(
            "INSERT INTO posts (text, hashtags, alt_text, sensitive, owner_influenced, created_at) \
             VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
        )
        .bind(&draft.text)
        .bind(draft.hashtags.join(" "))
        .bind(draft.alt_text.as_deref().filter(|alt| !alt.trim().is_empty()))
        .bind(draft.sensitive)
        .bind(draft.owner_influenced)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        for (position, media_id) in draft.media_ids.iter().enumerate() {
            sqlx::query("INSERT INTO post_images (post_id, position, media_id) VALUES (?, ?, ?)")
                .bind(post_id)
                .bind(position as i64)
                .bind(media_id)
                .execute(&mut *tx)
                .await?;
        }
        for (position, url) in draft.image_urls.iter().enumerate() {
            sqlx::query("INSERT INTO post_image_urls (post_id, position, url) VALUES (?, ?, ?)")
                .bind(post_id)
                .bind(position as i64)
                .bind(url)
                .execute(&mut *tx)
                .await?;
        }
        for (agent_id, due_at) in agent_ids.iter().zip(due) {
            sqlx::query(
                "INSERT INTO post_targets (post_id, agent_id, due_at, next_attempt_at, idempotency_key, updated_at) \
                 VALUES (?, ?, ?, ?, ?, ?)",
            )
            .bind(post_id)
            .bind(agent_id)
            .bind(due_at)
            .bind(due_at)
            .bind(format!("clawdesk:{post_id}:{agent_id}"))
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        self.wake.notify_one();
        Ok(post_id)
    }

    /// Withdraws a target that has not gone out.
    pub async fn cancel(&self, target_id: i64) -> Result<TargetView, CoreError> {
        self.act(target_id, OwnerAction::Cancel, None).await
    }

    /// Moves a target (scheduled, failed or cancelled) to `at`.
    pub async fn reschedule(&self, target_id: i64, at: OffsetDateTime) -> Result<TargetView, CoreError> {
        self.act(target_id, OwnerAction::Reschedule, Some(at.unix_timestamp().max(now_seconds()))).await
    }

    /// Sends a failed target again now, with a fresh retry allowance.
    pub async fn retry(&self, target_id: i64) -> Result<TargetView, CoreError> {
        self.act(target_id, OwnerAction::Retry, Some(now_seconds())).await
    }

    /// The owner says what they saw on the platform for an unknown outcome (or a failure): posted or not.
    pub async fn resolve(&self, target_id: i64, posted: bool) -> Result<TargetView, CoreError> {
        let action = if posted { OwnerAction::ResolvePosted } else { OwnerAction::ResolveNotPosted };
        self.act(target_id, action, None).await
    }

    /// Changes the text of the target's post, for every agent it goes to, while none of them has gone out: a
    /// post that is sending, sent or of unknown outcome keeps the text it was sent with (an unknown outcome is
    /// settled by finding that text on the platform). The new text is checked against every target's rules.
    pub async fn edit_text(&self, target_id: i64, text: &str) -> Result<TargetView, CoreError> {
        let post_id = self.target(target_id).await?.post_id;
        let (hashtags, alt_text, sensitive, owner_influenced): (String, Option<String>, bool, bool) =
            sqlx::query_as("SELECT hashtags, alt_text, sensitive, owner_influenced FROM posts WHERE id = ?")
                .bind(post_id)
                .fetch_one(self.store.pool())
                .await?;
        let media_ids: Vec<i64> =
            sqlx::query_scalar("SELECT media_id FROM post_images WHERE post_id = ? ORDER BY position")
                .bind(post_id)
                .fetch_all(self.store.pool())
                .await?;
        let image_urls: Vec<String> =
            sqlx::query_scalar("SELECT url FROM post_image_urls WHERE post_id = ? ORDER BY position")
                .bind(post_id)
                .fetch_all(self.store.pool())
                .await?;
        let agent_ids: Vec<i64> = sqlx::query_scalar("SELECT agent_id FROM post_targets WHERE post_id = ?")
            .bind(post_id)
            .fetch_all(self.store.pool())
            .await?;
        let draft = Draft {
            text: text.to_owned(),
            hashtags: hashtags.split_whitespace().map(str::to_owned).collect(),
            alt_text,
            sensitive,
            owner_influenced,
            media_ids,
            image_urls,
        };
        let violations = self.check(&draft, &agent_ids).await?;
        if !violations.is_empty() {
            return Err(CoreError::PostRefused(violations));
        }
        // One statement: the dispatcher takes a target (and reads the text) in a transaction, so either it sees
        // the new text or this finds the target already sending.
        let changed = sqlx::query(
            "UPDATE posts SET text = ?1 WHERE id = ?2 AND NOT EXISTS (SELECT 1 FROM post_targets \
             WHERE post_id = ?2 AND state NOT IN ('scheduled', 'failed', 'cancelled'))",
        )
        .bind(text)
        .bind(post_id)
        .execute(self.store.pool())
        .await?;
        if changed.rows_affected() == 0 {
            return Err(CoreError::invalid(
                "text",
                "this post has already gone out to at least one agent, so its text can no longer change",
            ));
        }
        self.target(target_id).await
    }

    async fn act(&self, target_id: i64, action: OwnerAction, due_at: Option<i64>) -> Result<TargetView, CoreError> {
        let current = self.target(target_id).await?;
        let next = current.state.after(action).ok_or_else(|| {
            CoreError::invalid("target", format!("a {} post cannot be changed that way", current.state))
        })?;
        let changed = sqlx::query(
            "UPDATE post_targets SET state = ?, due_at = COALESCE(?, due_at), \
             next_attempt_at = COALESCE(?, next_attempt_at), retries = CASE WHEN ? THEN 0 ELSE retries END, \
             updated_at = ? WHERE id = ? AND state = ?",
        )
        .bind(next)
        .bind(due_at)
        .bind(due_at)
        .bind(next == TargetState::Scheduled)
        .bind(now_seconds())
        .bind(target_id)
        .bind(current.state)
        .execute(self.store.pool())
        .await?;
        if changed.rows_affected() == 0 {
            return Err(CoreError::invalid("target", "the post changed meanwhile; look again"));
        }
        self.wake.notify_one();
        self.target(target_id).await
    }

    pub async fn target(&self, target_id: i64) -> Result<TargetView, CoreError> {
        let row: Option<TargetRow> = sqlx::query_as(&format!("{TARGET_SELECT} WHERE t.id = ?"))
            .bind(target_id)
            .fetch_optional(self.store.pool())
            .await?;
        view(row.ok_or(CoreError::NotFound { what: "post target", id: target_id })?)
    }

    /// The queue: targets matching `filter`, soonest first.
    pub async fn targets(&self, filter: TargetFilter) -> Result<Vec<TargetView>, CoreError> {
        let rows: Vec<TargetRow> = sqlx::query_as(&format!(
            "{TARGET_SELECT} WHERE (?1 IS NULL OR t.agent_id = ?1) AND (?2 IS NULL OR a.platform = ?2) \
             AND (?3 IS NULL OR t.state = ?3) AND (?4 IS NULL OR t.post_id = ?4) ORDER BY t.due_at, t.id"
        ))
        .bind(filter.agent_id)
        .bind(filter.platform.map(|p| p.slug()))
        .bind(filter.state)
        .bind(filter.post_id)
        .fetch_all(self.store.pool())
        .await?;
        rows.into_iter().map(view).collect()
    }

    /// Failures and unknown outcomes, for the badge on every page.
    pub async fn attention(&self) -> Result<Attention, CoreError> {
        let (failed, outcome_unknown): (i64, i64) = sqlx::query_as(
            "SELECT COALESCE(SUM(state = 'failed'), 0), COALESCE(SUM(state = 'outcome_unknown'), 0) \
             FROM post_targets WHERE state IN ('failed', 'outcome_unknown')",
        )
        .fetch_one(self.store.pool())
        .await?;
        Ok(Attention { failed, outcome_unknown })
    }

    /// At least this long between two of the agent's sends.
    pub async fn pace(&self, agent_id: i64) -> Result<Duration, CoreError> {
        let set: Option<Option<i64>> =
            sqlx::query_scalar("SELECT min_interval_seconds FROM agent_pacing WHERE agent_id = ?")
                .bind(agent_id)
                .fetch_optional(self.store.pool())
                .await?;
        Ok(set.flatten().map_or(DEFAULT_MIN_INTERVAL, |seconds| Duration::from_secs(seconds.unsigned_abs())))
    }

    /// For the composer, before it schedules at `at`: the agents whose pace will delay the post, and until when.
    /// The dispatcher sends an agent's targets in due order, each at least one pace after the one before.
    pub async fn pace_warnings(&self, agent_ids: &[i64], at: OffsetDateTime) -> Result<Vec<PaceWarning>, CoreError> {
        let mut warnings = Vec::new();
        for &agent_id in agent_ids {
            let pace = self.pace(agent_id).await?.as_secs() as i64;
            if pace == 0 {
                continue;
            }
            let free_at: Option<i64> = sqlx::query_scalar("SELECT next_free_at FROM agent_pacing WHERE agent_id = ?")
                .bind(agent_id)
                .fetch_optional(self.store.pool())
                .await?;
            let before: Vec<i64> = sqlx::query_scalar(
                "SELECT next_attempt_at FROM post_targets WHERE agent_id = ? AND state IN ('scheduled', 'sending') \
                 AND next_attempt_at <= ? ORDER BY next_attempt_at",
            )
            .bind(agent_id)
            .bind(at.unix_timestamp())
            .fetch_all(self.store.pool())
            .await?;
            let mut last_send = free_at.unwrap_or(i64::MIN / 2) - pace;
            for due in before {
                last_send = due.max(last_send + pace);
            }
            let earliest = at.unix_timestamp().max(last_send + pace).max(free_at.unwrap_or(0));
            if earliest > at.unix_timestamp() {
                let earliest = OffsetDateTime::from_unix_timestamp(earliest)
                    .map_err(|e| CoreError::Internal(format!("a pace runs past the calendar: {e}")))?;
                warnings.push(PaceWarning { agent_id, wanted: at, earliest });
            }
        }
        Ok(warnings)
    }

    /// The owner's pace for the agent; `None` goes back to the default, zero turns pacing off.
    pub async fn set_pace(&self, agent_id: i64, pace: Option<Duration>) -> Result<(), CoreError> {
        self.agents.get(agent_id).await?;
        sqlx::query(
            "INSERT INTO agent_pacing (agent_id, min_interval_seconds) VALUES (?1, ?2) \
             ON CONFLICT (agent_id) DO UPDATE SET min_interval_seconds = ?2",
        )
        .bind(agent_id)
        .bind(pace.map(|p| p.as_secs() as i64))
        .execute(self.store.pool())
        .await?;
        Ok(())
    }

    pub async fn slots(&self, agent_id: i64) -> Result<Vec<PostingSlot>, CoreError> {
        let slots = sqlx::query_as(
            "SELECT weekday, minute_of_day FROM posting_slots WHERE agent_id = ? ORDER BY weekday, minute_of_day",
        )
        .bind(agent_id)
        .fetch_all(self.store.pool())
        .await?;
        Ok(slots)
    }

    /// Replaces the agent's posting slots.
    pub async fn set_slots(&self, agent_id: i64, slots: &[PostingSlot]) -> Result<(), CoreError> {
        self.agents.get(agent_id).await?;
        if let Some(bad) = slots.iter().find(|s| !(1..=7).contains(&s.weekday) || !(0..1440).contains(&s.minute_of_day))
        {
            return Err(CoreError::invalid("slots", format!("{bad:?} is not a day of the week and a time of day")));
        }
        let mut tx = self.store.pool().begin().await?;
        sqlx::query("DELETE FROM posting_slots WHERE agent_id = ?").bind(agent_id).execute(&mut *tx).await?;
        for slot in slots {
            sqlx::query(
                "INSERT INTO posting_slots (agent_id, weekday, minute_of_day) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
            )
            .bind(agent_id)
            .bind(slot.weekday)
            .bind(slot.minute_of_day)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The owner's IANA time zone, in which slots and typed times are read.
    pub async fn time_zone(&self) -> Result<String, CoreError> {
        Ok(self.saved_time_zone().await?.unwrap_or_else(|| DEFAULT_TIME_ZONE.to_owned()))
    }

    /// The zone Settings saved, or `None` (the composer then offers the browser's own).
    pub async fn saved_time_zone(&self) -> Result<Option<String>, CoreError> {
        let zone = sqlx::query_scalar("SELECT value FROM console_settings WHERE key = ?")
            .bind(TIME_ZONE_SETTING)
            .fetch_optional(self.store.pool())
            .await?;
        Ok(zone)
    }

    /// The owner's zone, ready for date arithmetic.
    async fn zone(&self) -> Result<jiff::tz::TimeZone, CoreError> {
        time_zone(&self.time_zone().await?).map_err(|e| CoreError::invalid("time_zone", e))
    }

    pub async fn set_time_zone(&self, zone: &str) -> Result<(), CoreError> {
        time_zone(zone).map_err(|e| CoreError::invalid("time_zone", e))?;
        sqlx::query(
            "INSERT INTO console_settings (key, value, updated_at) VALUES (?1, ?2, ?3) \
             ON CONFLICT (key) DO UPDATE SET value = ?2, updated_at = ?3",
        )
        .bind(TIME_ZONE_SETTING)
        .bind(zone)
        .bind(now_seconds())
        .execute(self.store.pool())
        .await?;
        Ok(())
    }

    /// The agent's first posting slot after `after` (UTC seconds) that no other post of its holds. A slot that
    /// a spring-forward change skips is passed over; one that a fall-back change repeats is taken the first
    /// time.
    pub async fn next_slot(&self, agent_id: i64, after: i64) -> Result<OffsetDateTime, CoreError> {
        let slots = self.slots(agent_id).await?;
        if slots.is_empty() {
            return Err(CoreError::invalid("when", "this agent has no posting slots yet; set them on its page"));
        }
        let zone = self.zone().await?;
        let taken: HashSet<i64> = sqlx::query_scalar(
            "SELECT due_at FROM post_targets WHERE agent_id = ? AND due_at > ? \
             AND state NOT IN ('cancelled', 'failed', 'rejected')",
        )
        .bind(agent_id)
        .bind(after)
        .fetch_all(self.store.pool())
        .await?
        .into_iter()
        .collect();
        let start = jiff::Timestamp::from_second(after)
            .map_err(|e| CoreError::Internal(format!("the time {after} is out of range: {e}")))?;
        let mut date = zone.to_datetime(start).date();
        for _ in 0..SLOT_SEARCH_DAYS {
            let weekday = i64::from(date.weekday().to_monday_one_offset());
            for slot in slots.iter().filter(|slot| slot.weekday == weekday) {
                let local = date.at((slot.minute_of_day / 60) as i8, (slot.minute_of_day % 60) as i8, 0, 0);
                let at = match instants(local, &zone) {
                    Instants::Once(at) | Instants::Twice { earlier: at, .. } => at,
                    Instants::Never => continue,
                };
                if at.unix_timestamp() > after && !taken.contains(&at.unix_timestamp()) {
                    return Ok(at);
                }
            }
            date = date.tomorrow().map_err(|e| CoreError::Internal(format!("no day after {date}: {e}")))?;
        }
        Err(CoreError::invalid(
            "when",
            format!("every slot of this agent in the next {SLOT_SEARCH_DAYS} days is taken"),
        ))
    }

    async fn images(&self, media_ids: &[i64]) -> Result<Vec<MediaItem>, CoreError> {
        let mut images = Vec::with_capacity(media_ids.len());
        for &id in media_ids {
            images.push(
                self.media
                    .get(id)
                    .await
                    .map_err(|_| CoreError::invalid("images", format!("image {id} is not in the library")))?,
            );
        }
        Ok(images)
    }
}

const TARGET_SELECT: &str = "SELECT t.id, t.post_id, t.agent_id, a.handle, a.platform, p.text, t.state, t.due_at, \
    t.next_attempt_at, t.attempts, t.platform_post_id, t.platform_post_url, t.sent_at, t.error_message, \
    t.error_code, t.error_hint, t.error_detail, t.error_request_id \
    FROM post_targets t JOIN agents a ON a.id = t.agent_id JOIN posts p ON p.id = t.post_id";

fn view(row: TargetRow) -> Result<TargetView, CoreError> {
    let time = |seconds: i64| {
        OffsetDateTime::from_unix_timestamp(seconds)
            .map_err(|e| CoreError::Internal(format!("post target {} has a damaged time: {e}", row.id)))
    };
    Ok(TargetView {
        id: row.id,
        post_id: row.post_id,
        agent_id: row.agent_id,
        platform: platform_from_slug(&row.platform)?,
        state: row.state,
        due_at: time(row.due_at)?,
        next_attempt_at: time(row.next_attempt_at)?,
        sent_at: row.sent_at.map(time).transpose()?,
        attempts: row.attempts,
        error: row.error_message.map(|message| TargetError {
            message,
            code: row.error_code,
            hint: row.error_hint,
            detail: row.error_detail,
            request_id: row.error_request_id,
        }),
        handle: row.handle,
        text: row.text,
        platform_post_id: row.platform_post_id,
        platform_post_url: row.platform_post_url,
    })
}
