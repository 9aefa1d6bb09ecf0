//! A target's states and which of the owner's actions each one allows. The dispatcher's own moves (taking a
//! target, recording what the platform answered) are in `scheduler`; this is what the Schedule page may do.

/// Where one agent's copy of a post stands. Stored as its snake_case name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, sqlx::Type)]
#[sqlx(type_name = "TEXT", rename_all = "snake_case")]
pub enum TargetState {
    /// Waiting for its time (or for a pace, a quota or a backoff to pass).
    Scheduled,
    /// Taken by the dispatcher and recorded as attempted; the platform's answer is not in yet.
    Sending,
    /// On the platform.
    Sent,
    /// Clawtter accepted it and its moderators have not decided yet.
    PendingReview,
    /// Clawtter's moderators refused it.
    Rejected,
    /// Refused, or retried up to the limit; the reason is kept.
    Failed,
    /// A send began and no answer was recorded (a crash, a lost answer): the platform is read before anything
    /// is sent again.
    OutcomeUnknown,
    /// The owner withdrew it before it was sent.
    Cancelled,
}

/// What the owner can do to a target from the Schedule page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OwnerAction {
    Cancel,
    /// Move it to another time (or, for a failed one, try again then).
    Reschedule,
    /// Send a failed one again now.
    Retry,
    /// The owner looked: the post is on the platform.
    ResolvePosted,
    /// The owner looked: it is not there, and should not be sent again.
    ResolveNotPosted,
}

impl TargetState {
    pub const ALL: [TargetState; 8] = [
        TargetState::Scheduled,
        TargetState::Sending,
        TargetState::Sent,
        TargetState::PendingReview,
        TargetState::Rejected,
        TargetState::Failed,
        TargetState::OutcomeUnknown,
        TargetState::Cancelled,
    ];

    /// The owner should look at it: counted in the navigation's badge.
    pub fn needs_attention(self) -> bool {
        matches!(self, TargetState::Failed | TargetState::OutcomeUnknown)
    }

    /// Whether `action` is allowed now, and the state it leads to.
    ///
    /// Nothing that may already be on the platform (sending, outcome unknown) can be sent again by the owner:
    /// an unknown outcome is resolved (by the dispatcher's reading, or by the owner saying what they saw), and a
    /// failure is retried only because a failure provably did not reach the platform.
    pub fn after(self, action: OwnerAction) -> Option<TargetState> {
        use OwnerAction as A;
        use TargetState as S;
        match (self, action) {
            (S::Scheduled | S::Failed, A::Cancel) => Some(S::Cancelled),
            (S::Scheduled | S::Failed | S::Cancelled, A::Reschedule) => Some(S::Scheduled),
            (S::Failed, A::Retry) => Some(S::Scheduled),
            (S::OutcomeUnknown | S::Failed, A::ResolvePosted) => Some(S::Sent),
            (S::OutcomeUnknown, A::ResolveNotPosted) => Some(S::Cancelled),
            _ => None,
        }
    }
}

impl std::fmt::Display for TargetState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            TargetState::Scheduled => "scheduled",
            TargetState::Sending => "sending",
            TargetState::Sent => "sent",
            TargetState::PendingReview => "pending review",
            TargetState::Rejected => "rejected",
            TargetState::Failed => "failed",
            TargetState::OutcomeUnknown => "outcome unknown",
            TargetState::Cancelled => "cancelled",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OwnerAction as A;
    use TargetState as S;

    #[test]
    fn nothing_that_may_be_on_the_platform_can_be_sent_again_by_the_owner() {
        for state in [S::Sending, S::OutcomeUnknown, S::Sent, S::PendingReview, S::Rejected] {
            for action in [A::Retry, A::Reschedule] {
                assert_eq!(state.after(action), None, "{state} must not allow {action:?}");
            }
        }
    }

    #[test]
    fn a_failure_can_be_retried_rescheduled_cancelled_or_marked_posted() {
        assert_eq!(S::Failed.after(A::Retry), Some(S::Scheduled));
        assert_eq!(S::Failed.after(A::Reschedule), Some(S::Scheduled));
        assert_eq!(S::Failed.after(A::Cancel), Some(S::Cancelled));
        assert_eq!(S::Failed.after(A::ResolvePosted), Some(S::Sent));
    }

    #[test]
    fn an_unknown_outcome_is_only_resolved_one_way_or_the_other() {
        assert_eq!(S::OutcomeUnknown.after(A::ResolvePosted), Some(S::Sent));
        assert_eq!(S::OutcomeUnknown.after(A::ResolveNotPosted), Some(S::Cancelled));
        assert_eq!(S::OutcomeUnknown.after(A::Cancel), None);
    }

    #[test]
    fn a_scheduled_target_can_be_moved_or_cancelled_and_a_cancelled_one_brought_back() {
        assert_eq!(S::Scheduled.after(A::Reschedule), Some(S::Scheduled));
        assert_eq!(S::Scheduled.after(A::Cancel), Some(S::Cancelled));
        assert_eq!(S::Cancelled.after(A::Reschedule), Some(S::Scheduled));
        assert_eq!(S::Scheduled.after(A::Retry), None, "nothing failed");
    }

    #[test]
    fn only_failures_and_unknown_outcomes_need_the_owner() {
        let flagged: Vec<_> = S::ALL.into_iter().filter(|s| s.needs_attention()).collect();
        assert_eq!(flagged, [S::Failed, S::OutcomeUnknown]);
    }
}
