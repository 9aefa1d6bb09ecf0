//! The schedule: the queue of every agent's copy of every post with its state and the owner's actions on it,
//! the calendar in the owner's time zone, the navigation's count of what needs the owner, the owner's time zone,
//! and each agent's posting slots and pace. Times travel as text already read in the owner's zone (and the UTC
//! instant beside it): the browser does no time-zone arithmetic of its own.

use crate::error::AppError;
use clawdesk_platforms::Platform;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Where one agent's copy of a post stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetStateView {
    Scheduled,
    Sending,
    Sent,
    PendingReview,
    Rejected,
    Failed,
    OutcomeUnknown,
    Cancelled,
}

impl TargetStateView {
    pub const ALL: [TargetStateView; 8] = [
        TargetStateView::Scheduled,
        TargetStateView::Sending,
        TargetStateView::Sent,
        TargetStateView::PendingReview,
        TargetStateView::Rejected,
        TargetStateView::Failed,
        TargetStateView::OutcomeUnknown,
        TargetStateView::Cancelled,
    ];

    pub fn label(self) -> &'static str {
        match self {
            TargetStateView::Scheduled => "Scheduled",
            TargetStateView::Sending => "Sending",
            TargetStateView::Sent => "Sent",
            TargetStateView::PendingReview => "Pending review",
            TargetStateView::Rejected => "Rejected",
            TargetStateView::Failed => "Failed",
            TargetStateView::OutcomeUnknown => "Outcome unknown",
            TargetStateView::Cancelled => "Cancelled",
        }
    }

    /// The pill it is shown in.
    pub fn class(self) -> &'static str {
        match self {
            TargetStateView::Sent => "pill pill-ok",
            TargetStateView::PendingReview | TargetStateView::Sending => "pill pill-warn",
            TargetStateView::Rejected | TargetStateView::Failed | TargetStateView::OutcomeUnknown => "pill pill-error",
            TargetStateView::Scheduled => "pill pill-accent",
            TargetStateView::Cancelled => "pill",
        }
    }

    /// Its name in a filter's query string (the serde name).
    pub fn slug(self) -> &'static str {
        match self {
            TargetStateView::Scheduled => "scheduled",
            TargetStateView::Sending => "sending",
            TargetStateView::Sent => "sent",
            TargetStateView::PendingReview => "pending_review",
            TargetStateView::Rejected => "rejected",
            TargetStateView::Failed => "failed",
            TargetStateView::OutcomeUnknown => "outcome_unknown",
            TargetStateView::Cancelled => "cancelled",
        }
    }

    pub fn from_slug(slug: &str) -> Option<TargetStateView> {
        TargetStateView::ALL.into_iter().find(|state| state.slug() == slug)
    }
}

/// An instant as the owner's clock shows it, with the UTC instant for the hover.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeView {
    /// `2026-03-29`.
    pub date: String,
    /// `09:30`.
    pub time: String,
    /// `+02:00`.
    pub offset: String,
    /// `2026-03-29T07:30:00Z`.
    pub utc: String,
}

impl TimeView {
    /// "2026-03-29 09:30".
    pub fn local_text(&self) -> String {
        format!("{} {}", self.date, self.time)
    }

    /// What a `datetime-local` input holds.
    pub fn input_value(&self) -> String {
        format!("{}T{}", self.date, self.time)
    }

    /// The hover: "2026-03-29 07:30:00 UTC (local offset +02:00)".
    pub fn utc_title(&self) -> String {
        format!("{} UTC (local offset {})", self.utc.trim_end_matches('Z').replace('T', " "), self.offset)
    }
}

/// The agent a target goes to, as its face shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TargetAgentView {
    pub id: i64,
    pub handle: String,
    pub name: String,
    pub avatar_url: Option<String>,
    pub platform: Platform,
}

/// The platform's words when the target last failed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetErrorView {
    pub message: String,
    /// Code, hint, detail and request id, as the platform gave them.
    pub detail: Option<String>,
}

/// Which of the owner's actions the target's state allows now (core's `TargetState::after`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllowedView {
    pub edit: bool,
    pub reschedule: bool,
    pub cancel: bool,
    pub retry: bool,
    pub resolve_posted: bool,
    pub resolve_not_posted: bool,
}

/// One agent's copy of a post.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TargetEntryView {
    pub id: i64,
    pub post_id: i64,
    pub agent: TargetAgentView,
    pub text: String,
    pub state: TargetStateView,
    /// When the owner wants it out.
    pub due: TimeView,
    pub sent: Option<TimeView>,
    /// The console's page of the post as its platform holds it, once it is there.
    pub post_url: Option<String>,
    pub error: Option<TargetErrorView>,
    pub attempts: i64,
    pub allowed: AllowedView,
}

/// The queue, with the zone its times are read in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueView {
    pub zone: String,
    /// Whether the owner chose the zone (otherwise it is UTC until they do).
    pub zone_saved: bool,
    pub entries: Vec<TargetEntryView>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CalendarSpanView {
    Week,
    Month,
}

impl CalendarSpanView {
    pub fn label(self) -> &'static str {
        match self {
            CalendarSpanView::Week => "Week",
            CalendarSpanView::Month => "Month",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            CalendarSpanView::Week => "week",
            CalendarSpanView::Month => "month",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CalendarView {
    pub span: CalendarSpanView,
    pub title: String,
    pub zone: String,
    pub previous: String,
    pub next: String,
    pub days: Vec<CalendarDayView>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CalendarDayView {
    pub date: String,
    pub in_span: bool,
    pub today: bool,
    /// 23 or 25 on the days the clocks change.
    pub hours: i64,
    pub entries: Vec<TargetEntryView>,
}

/// What needs the owner: the navigation's badge.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttentionView {
    pub failed: i64,
    pub outcome_unknown: i64,
}

impl AttentionView {
    pub fn total(self) -> i64 {
        self.failed + self.outcome_unknown
    }

    /// "2 failed, 1 outcome unknown".
    pub fn text(self) -> String {
        let parts = [
            (self.failed > 0).then(|| format!("{} failed", self.failed)),
            (self.outcome_unknown > 0).then(|| format!("{} outcome unknown", self.outcome_unknown)),
        ];
        parts.into_iter().flatten().collect::<Vec<_>>().join(", ")
    }
}

/// The owner's time zone as Settings shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeZoneView {
    /// `None` until the owner saves one (the page then suggests the browser's).
    pub saved: Option<String>,
    /// The zone times are read in now.
    pub in_use: String,
}

/// Which days a new posting slot is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlotDaysView {
    Weekdays,
    Weekend,
    EveryDay,
    Monday,
    Tuesday,
    Wednesday,
    Thursday,
    Friday,
    Saturday,
    Sunday,
}

impl SlotDaysView {
    pub const ALL: [SlotDaysView; 10] = [
        SlotDaysView::Weekdays,
        SlotDaysView::Weekend,
        SlotDaysView::EveryDay,
        SlotDaysView::Monday,
        SlotDaysView::Tuesday,
        SlotDaysView::Wednesday,
        SlotDaysView::Thursday,
        SlotDaysView::Friday,
        SlotDaysView::Saturday,
        SlotDaysView::Sunday,
    ];

    pub fn label(self) -> &'static str {
        match self {
            SlotDaysView::Weekdays => "Weekdays (Monday–Friday)",
            SlotDaysView::Weekend => "Weekend",
            SlotDaysView::EveryDay => "Every day",
            SlotDaysView::Monday => "Monday",
            SlotDaysView::Tuesday => "Tuesday",
            SlotDaysView::Wednesday => "Wednesday",
            SlotDaysView::Thursday => "Thursday",
            SlotDaysView::Friday => "Friday",
            SlotDaysView::Saturday => "Saturday",
            SlotDaysView::Sunday => "Sunday",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            SlotDaysView::Weekdays => "weekdays",
            SlotDaysView::Weekend => "weekend",
            SlotDaysView::EveryDay => "every_day",
            SlotDaysView::Monday => "monday",
            SlotDaysView::Tuesday => "tuesday",
            SlotDaysView::Wednesday => "wednesday",
            SlotDaysView::Thursday => "thursday",
            SlotDaysView::Friday => "friday",
            SlotDaysView::Saturday => "saturday",
            SlotDaysView::Sunday => "sunday",
        }
    }

    /// ISO weekdays, 1 = Monday.
    pub fn weekdays(self) -> Vec<i64> {
        match self {
            SlotDaysView::Weekdays => (1..=5).collect(),
            SlotDaysView::Weekend => vec![6, 7],
            SlotDaysView::EveryDay => (1..=7).collect(),
            SlotDaysView::Monday => vec![1],
            SlotDaysView::Tuesday => vec![2],
            SlotDaysView::Wednesday => vec![3],
            SlotDaysView::Thursday => vec![4],
            SlotDaysView::Friday => vec![5],
            SlotDaysView::Saturday => vec![6],
            SlotDaysView::Sunday => vec![7],
        }
    }
}

/// "Monday".
pub fn weekday_name(weekday: i64) -> &'static str {
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
        .get((weekday - 1).clamp(0, 6) as usize)
        .copied()
        .unwrap_or("Monday")
}

/// One posting slot: a day of the week and a local time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotView {
    /// 1 = Monday … 7 = Sunday.
    pub weekday: i64,
    pub minute_of_day: i64,
}

impl SlotView {
    /// "09:00".
    pub fn time_text(self) -> String {
        format!("{:02}:{:02}", self.minute_of_day / 60, self.minute_of_day % 60)
    }
}

/// An agent's posting slots and pace, for its page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostingView {
    pub zone: String,
    pub slots: Vec<SlotView>,
    /// At least this many minutes between two of the agent's posts; 0 is no pacing.
    pub pace_minutes: u64,
    pub default_pace_minutes: u64,
}

#[server(endpoint = "schedule/queue")]
pub async fn schedule_queue(
    agent_id: Option<i64>,
    platform: Option<Platform>,
    state: Option<TargetStateView>,
) -> Result<QueueView, AppError> {
    let console = super::console()?;
    let publishing = console.publishing();
    let saved = publishing.saved_time_zone().await?;
    let zone = publishing.time_zone().await?;
    let targets = publishing.targets(view::filter(agent_id, platform, state)).await?;
    let entries = view::entries(&console, &zone, targets).await?;
    Ok(QueueView { zone, zone_saved: saved.is_some(), entries })
}

#[server(endpoint = "schedule/calendar")]
pub async fn schedule_calendar(
    span: CalendarSpanView,
    from: Option<String>,
    agent_id: Option<i64>,
    platform: Option<Platform>,
    state: Option<TargetStateView>,
) -> Result<CalendarView, AppError> {
    use clawdesk_core::CalendarSpan;
    let console = super::console()?;
    let core_span = match span {
        CalendarSpanView::Week => CalendarSpan::Week,
        CalendarSpanView::Month => CalendarSpan::Month,
    };
    let calendar =
        console.publishing().calendar(core_span, from.as_deref(), view::filter(agent_id, platform, state)).await?;
    let mut days = Vec::with_capacity(calendar.days.len());
    for day in calendar.days {
        let targets = day.targets.into_iter().map(|(_, target)| target).collect();
        days.push(CalendarDayView {
            entries: view::entries(&console, &calendar.zone, targets).await?,
            date: day.date,
            in_span: day.in_span,
            today: day.today,
            hours: day.hours,
        });
    }
    Ok(CalendarView {
        span,
        title: calendar.title,
        zone: calendar.zone,
        previous: calendar.previous,
        next: calendar.next,
        days,
    })
}

#[server(endpoint = "schedule/cancel")]
pub async fn cancel_target(target_id: i64) -> Result<(), AppError> {
    super::console()?.publishing().cancel(target_id).await?;
    Ok(())
}

#[server(endpoint = "schedule/retry")]
pub async fn retry_target(target_id: i64) -> Result<(), AppError> {
    super::console()?.publishing().retry(target_id).await?;
    Ok(())
}

/// The owner looked on the platform: the post is there (`posted`), or it is not and is withdrawn.
#[server(endpoint = "schedule/resolve")]
pub async fn resolve_target(target_id: i64, posted: bool) -> Result<(), AppError> {
    super::console()?.publishing().resolve(target_id, posted).await?;
    Ok(())
}

/// Moves a target to `local` (`2026-03-29T09:30`) in the owner's zone. A time the clocks skip that day is
/// refused (on `local`); one they repeat is refused on `fold` until the owner says which of the two is meant.
#[server(endpoint = "schedule/reschedule")]
pub async fn reschedule_target(
    target_id: i64,
    local: String,
    fold: Option<super::compose::FoldChoice>,
) -> Result<(), AppError> {
    use clawdesk_core::{Fold, LocalTimeError};
    let console = super::console()?;
    let publishing = console.publishing();
    let zone = publishing.time_zone().await?;
    let at = clawdesk_core::to_utc(&local, &zone, fold.map(Fold::from)).map_err(|error| {
        let field = if matches!(error, LocalTimeError::Repeated { .. }) { "fold" } else { "local" };
        AppError::invalid(field, format!("{error}."))
    })?;
    if at < time::OffsetDateTime::now_utc() - time::Duration::minutes(1) {
        return Err(AppError::invalid("local", format!("{local} in {zone} has passed; choose a later time.")));
    }
    publishing.reschedule(target_id, at).await?;
    Ok(())
}

/// Changes the text of the target's post for all its agents, while none has gone out.
#[server(endpoint = "schedule/edit")]
pub async fn edit_target_text(target_id: i64, text: String) -> Result<(), AppError> {
    match super::console()?.publishing().edit_text(target_id, &text).await {
        Ok(_) => Ok(()),
        Err(clawdesk_core::CoreError::PostRefused(violations)) => {
            let reasons: Vec<String> =
                violations.into_iter().map(|v| format!("{} on {}: {}", v.handle, v.platform, v.message)).collect();
            Err(AppError::invalid("text", format!("{}.", reasons.join("; "))))
        }
        Err(other) => Err(other.into()),
    }
}

/// A sent post as its platform holds it now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlatformPostView {
    pub platform: Platform,
    pub post_id: String,
    pub author: String,
    pub text: String,
    pub images: Vec<String>,
    /// When the platform says it was made, in the owner's zone.
    pub created: Option<TimeView>,
    pub likes: u64,
    pub replies: u64,
    pub moderation: Option<String>,
    /// Where anyone can read it (Clawgram).
    pub public_url: Option<String>,
}

#[server(endpoint = "schedule/post")]
pub async fn platform_post(target_id: i64) -> Result<PlatformPostView, AppError> {
    let console = super::console()?;
    let publishing = console.publishing();
    let zone = publishing.time_zone().await?;
    let post = publishing.on_platform(target_id).await?;
    Ok(PlatformPostView {
        public_url: console.connections().public_post_url(post.platform, &post.post_id),
        created: post.created_at.map(|at| view::time(at, &zone)).transpose()?,
        platform: post.platform,
        post_id: post.post_id,
        author: post.author,
        text: post.text,
        images: post.images,
        likes: post.likes,
        replies: post.replies,
        moderation: post.moderation,
    })
}

#[server(endpoint = "schedule/attention")]
pub async fn attention_count() -> Result<AttentionView, AppError> {
    let attention = super::console()?.publishing().attention().await?;
    Ok(AttentionView { failed: attention.failed, outcome_unknown: attention.outcome_unknown })
}

#[server(endpoint = "schedule/time-zone")]
pub async fn time_zone_setting() -> Result<TimeZoneView, AppError> {
    let console = super::console()?;
    let publishing = console.publishing();
    Ok(TimeZoneView { saved: publishing.saved_time_zone().await?, in_use: publishing.time_zone().await? })
}

/// What the clock says in `zone` now ("Europe/Paris: 21:43, UTC+01:00"), checked as the server checks it.
#[server(endpoint = "schedule/check-time-zone")]
pub async fn check_time_zone(zone: String) -> Result<String, AppError> {
    let zone = zone.trim();
    let now = clawdesk_core::to_local(time::OffsetDateTime::now_utc(), zone)
        .map_err(|error| AppError::invalid("time_zone", format!("{error}.")))?;
    Ok(format!("✓ {zone}: it is {} there now (UTC{}).", now.time, now.offset))
}

#[server(endpoint = "schedule/save-time-zone")]
pub async fn save_time_zone(time_zone: String) -> Result<String, AppError> {
    let zone = time_zone.trim().to_owned();
    super::console()?.publishing().set_time_zone(&zone).await?;
    Ok(zone)
}

#[server(endpoint = "schedule/posting")]
pub async fn posting_settings(agent_id: i64) -> Result<PostingView, AppError> {
    let console = super::console()?;
    let publishing = console.publishing();
    let slots = publishing.slots(agent_id).await?;
    Ok(PostingView {
        zone: publishing.time_zone().await?,
        slots: slots.into_iter().map(|s| SlotView { weekday: s.weekday, minute_of_day: s.minute_of_day }).collect(),
        pace_minutes: publishing.pace(agent_id).await?.as_secs() / 60,
        default_pace_minutes: clawdesk_core::DEFAULT_MIN_INTERVAL.as_secs() / 60,
    })
}

/// Adds slots at `time` (`09:00`, the owner's zone) on `days`.
#[server(endpoint = "schedule/add-slot")]
pub async fn add_slot(agent_id: i64, days: SlotDaysView, time: String) -> Result<(), AppError> {
    let minute_of_day = view::minute_of_day(&time)?;
    let console = super::console()?;
    let publishing = console.publishing();
    let mut slots = publishing.slots(agent_id).await?;
    slots.extend(days.weekdays().into_iter().map(|weekday| clawdesk_core::PostingSlot { weekday, minute_of_day }));
    slots.sort();
    slots.dedup();
    Ok(publishing.set_slots(agent_id, &slots).await?)
}

#[server(endpoint = "schedule/remove-slot")]
pub async fn remove_slot(agent_id: i64, weekday: i64, minute_of_day: i64) -> Result<(), AppError> {
    let console = super::console()?;
    let publishing = console.publishing();
    let mut slots = publishing.slots(agent_id).await?;
    slots.retain(|slot| (slot.weekday, slot.minute_of_day) != (weekday, minute_of_day));
    Ok(publishing.set_slots(agent_id, &slots).await?)
}

/// Sets the agent's pace in whole minutes; empty goes back to the default, 0 turns pacing off.
#[server(endpoint = "schedule/pace")]
pub async fn save_pace(agent_id: i64, minutes: String) -> Result<(), AppError> {
    let minutes = minutes.trim();
    let pace = if minutes.is_empty() {
        None
    } else {
        let minutes: u64 = minutes.parse().ok().filter(|m| *m <= 7 * 24 * 60).ok_or_else(|| {
            AppError::invalid("minutes", "Give a whole number of minutes from 0 to 10080 (a week), or leave it empty.")
        })?;
        Some(std::time::Duration::from_secs(minutes * 60))
    };
    Ok(super::console()?.publishing().set_pace(agent_id, pace).await?)
}

#[cfg(feature = "ssr")]
impl From<super::compose::FoldChoice> for clawdesk_core::Fold {
    fn from(fold: super::compose::FoldChoice) -> clawdesk_core::Fold {
        match fold {
            super::compose::FoldChoice::Earlier => clawdesk_core::Fold::Earlier,
            super::compose::FoldChoice::Later => clawdesk_core::Fold::Later,
        }
    }
}

#[cfg(feature = "ssr")]
mod view {
    use super::*;
    use clawdesk_core::{Console, OwnerAction, TargetFilter, TargetState, TargetView};
    use std::collections::HashMap;

    pub(super) fn filter(
        agent_id: Option<i64>,
        platform: Option<Platform>,
        state: Option<TargetStateView>,
    ) -> TargetFilter {
        TargetFilter { agent_id, platform, state: state.map(core_state), post_id: None }
    }

    fn core_state(state: TargetStateView) -> TargetState {
        match state {
            TargetStateView::Scheduled => TargetState::Scheduled,
            TargetStateView::Sending => TargetState::Sending,
            TargetStateView::Sent => TargetState::Sent,
            TargetStateView::PendingReview => TargetState::PendingReview,
            TargetStateView::Rejected => TargetState::Rejected,
            TargetStateView::Failed => TargetState::Failed,
            TargetStateView::OutcomeUnknown => TargetState::OutcomeUnknown,
            TargetStateView::Cancelled => TargetState::Cancelled,
        }
    }

    fn state_view(state: TargetState) -> TargetStateView {
        TargetStateView::ALL.into_iter().find(|view| core_state(*view) == state).unwrap_or(TargetStateView::Failed)
    }

    /// The targets with their agents' faces and their times in `zone`.
    pub(super) async fn entries(
        console: &Console,
        zone: &str,
        targets: Vec<TargetView>,
    ) -> Result<Vec<TargetEntryView>, AppError> {
        let agents: HashMap<i64, clawdesk_core::AgentSummary> =
            console.agents().list().await?.into_iter().map(|agent| (agent.id, agent)).collect();
        targets.into_iter().map(|target| entry(&agents, zone, target)).collect()
    }

    fn entry(
        agents: &HashMap<i64, clawdesk_core::AgentSummary>,
        zone: &str,
        target: TargetView,
    ) -> Result<TargetEntryView, AppError> {
        let time = |at| time(at, zone);
        let agent = agents.get(&target.agent_id);
        let allows = |action| target.state.after(action).is_some();
        let unsent = matches!(target.state, TargetState::Scheduled | TargetState::Failed | TargetState::Cancelled);
        Ok(TargetEntryView {
            id: target.id,
            post_id: target.post_id,
            agent: TargetAgentView {
                id: target.agent_id,
                name: agent.and_then(|a| a.display_name.clone()).unwrap_or_else(|| target.handle.clone()),
                avatar_url: agent.and_then(|a| a.profile.avatar_url.clone()),
                platform: target.platform,
                handle: target.handle.clone(),
            },
            state: state_view(target.state),
            due: time(target.due_at)?,
            sent: target.sent_at.map(time).transpose()?,
            attempts: target.attempts,
            allowed: AllowedView {
                edit: unsent,
                reschedule: allows(OwnerAction::Reschedule),
                cancel: allows(OwnerAction::Cancel),
                retry: allows(OwnerAction::Retry),
                resolve_posted: allows(OwnerAction::ResolvePosted),
                resolve_not_posted: allows(OwnerAction::ResolveNotPosted),
            },
            error: target.error.map(|error| {
                let parts = [
                    error.code.map(|code| format!("code {code}")),
                    error.hint,
                    error.detail,
                    error.request_id.map(|id| format!("request {id}")),
                ];
                let detail: Vec<String> = parts.into_iter().flatten().collect();
                TargetErrorView { message: error.message, detail: (!detail.is_empty()).then(|| detail.join(" · ")) }
            }),
            post_url: (target.platform_post_id.is_some()
                && matches!(target.state, TargetState::Sent | TargetState::PendingReview | TargetState::Rejected)
                && target.platform != Platform::Threads)
                .then(|| format!("/schedule/posts/{}", target.id)),
            text: target.text,
        })
    }

    /// `at` on the clock of `zone`, with its UTC instant.
    pub(super) fn time(at: time::OffsetDateTime, zone: &str) -> Result<TimeView, AppError> {
        let local = clawdesk_core::to_local(at, zone).map_err(|e| AppError::Internal(e.to_string()))?;
        let utc = at
            .format(&time::format_description::well_known::Rfc3339)
            .map_err(|e| AppError::Internal(format!("a time could not be written: {e}")))?;
        Ok(TimeView { date: local.date, time: local.time, offset: local.offset, utc })
    }

    /// `09:00` → 540.
    pub(super) fn minute_of_day(time: &str) -> Result<i64, AppError> {
        let parsed = time.trim().split_once(':').and_then(|(hours, minutes)| {
            let (hours, minutes): (i64, i64) = (hours.parse().ok()?, minutes.get(..2)?.parse().ok()?);
            ((0..24).contains(&hours) && (0..60).contains(&minutes)).then_some(hours * 60 + minutes)
        });
        parsed.ok_or_else(|| AppError::invalid("time", format!("{time:?} is not a time of day such as 09:00.")))
    }
}
