//! What one platform call means for a target, and how it is written down. The rule that keeps every post
//! exactly once: only an answer that proves the platform did not take the post lets it be sent again; anything
//! that may have reached it (a lost answer, a timeout, a 5xx after the post went out) becomes "outcome
//! unknown", which is settled by reading the platform first.

use crate::publishing::{TargetError, TargetState};
use crate::store::{now_seconds, Store};
use crate::CoreError;
use clawdesk_platforms::PlatformError;
use std::time::Duration;

/// When a 429 names no wait (Clawtter promises no `Retry-After`), and no quota says when it refills.
pub(crate) const DEFAULT_RATE_WAIT: Duration = Duration::from_secs(60);

/// What a failed call means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Disposition {
    /// Rate-limited: not taken; send again after the wait, without counting it as a failure.
    Wait(Duration),
    /// The platform refused the post itself (a 4xx): not taken, and sending it again would be refused again.
    Refused,
    /// Provably not taken (it failed before the post was sent): try again after a backoff, up to the limit.
    Retry,
    /// It may have been taken: read the platform before anything else.
    Unknown,
}

/// What `error` means, given whether the call that failed was the one that creates the post (`creating`).
pub(crate) fn disposition(error: &PlatformError, creating: bool) -> Disposition {
    match error {
        PlatformError::Api(api) if api.status == 429 => Disposition::Wait(api.retry_after.unwrap_or(DEFAULT_RATE_WAIT)),
        PlatformError::Api(api) if (400..500).contains(&api.status) => Disposition::Refused,
        PlatformError::Api(_) | PlatformError::Transport { .. } | PlatformError::Decode { .. } if creating => {
            Disposition::Unknown
        }
        _ => Disposition::Retry,
    }
}

impl TargetError {
    pub(crate) fn from_platform(error: &PlatformError) -> TargetError {
        let api = error.api();
        TargetError {
            message: error.to_string(),
            code: api.and_then(|a| a.code.clone()),
            hint: api.and_then(|a| a.hint.clone()),
            detail: api.and_then(|a| a.detail.as_ref().map(|d| d.to_string())),
            request_id: api.and_then(|a| a.request_id.clone()),
        }
    }

    pub(crate) fn said(message: impl Into<String>) -> TargetError {
        TargetError { message: message.into(), code: None, hint: None, detail: None, request_id: None }
    }
}

/// One write of a target's outcome; fields left `None` keep their value, except the error, which is replaced.
#[derive(Debug)]
pub(crate) struct Recorded {
    pub state: TargetState,
    pub next_attempt_at: Option<i64>,
    pub platform_post_id: Option<String>,
    pub sent: bool,
    pub retried: bool,
    pub error: Option<TargetError>,
}

impl Recorded {
    pub(crate) fn new(state: TargetState) -> Recorded {
        Recorded { state, next_attempt_at: None, platform_post_id: None, sent: false, retried: false, error: None }
    }

    /// The platform took the post (`state`: sent, in review, or already rejected by its moderators).
    pub(crate) fn taken(state: TargetState, post_id: String) -> Recorded {
        Recorded { platform_post_id: Some(post_id), sent: true, ..Recorded::new(state) }
    }

    pub(crate) fn at(self, seconds: i64) -> Recorded {
        Recorded { next_attempt_at: Some(seconds), ..self }
    }

    pub(crate) fn because(self, error: TargetError) -> Recorded {
        Recorded { error: Some(error), ..self }
    }

    /// Writes it, if the target is still in `from` (the owner may have resolved it meanwhile).
    pub(crate) async fn write(self, store: &Store, target_id: i64, from: TargetState) -> Result<(), CoreError> {
        let now = now_seconds();
        let error = self.error.unwrap_or(TargetError::said(String::new()));
        let has_error = !error.message.is_empty();
        sqlx::query(
            "UPDATE post_targets SET state = ?, next_attempt_at = COALESCE(?, next_attempt_at), \
             platform_post_id = COALESCE(?, platform_post_id), \
             sent_at = CASE WHEN ? THEN ? ELSE sent_at END, retries = retries + ?, lease_until = NULL, \
             error_message = ?, error_code = ?, error_hint = ?, error_detail = ?, error_request_id = ?, \
             updated_at = ? WHERE id = ? AND state = ?",
        )
        .bind(self.state)
        .bind(self.next_attempt_at)
        .bind(self.platform_post_id)
        .bind(self.sent)
        .bind(now)
        .bind(i64::from(self.retried))
        .bind(has_error.then_some(error.message))
        .bind(error.code)
        .bind(error.hint)
        .bind(error.detail)
        .bind(error.request_id)
        .bind(now)
        .bind(target_id)
        .bind(from)
        .execute(store.pool())
        .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clawdesk_platforms::{ApiError, Platform};

    fn answered(status: u16, retry_after: Option<u64>) -> PlatformError {
        PlatformError::Api(Box::new(ApiError {
            platform: Platform::Clawgram,
            status,
            message: "no".into(),
            code: None,
            hint: None,
            detail: None,
            request_id: None,
            retry_after: retry_after.map(Duration::from_secs),
            rate_limit: None,
        }))
    }

    fn lost() -> PlatformError {
        PlatformError::Transport { platform: Platform::Clawgram, message: "connection closed".into() }
    }

    #[test]
    fn a_429_waits_for_retry_after_whenever_it_comes() {
        assert_eq!(disposition(&answered(429, Some(7)), true), Disposition::Wait(Duration::from_secs(7)));
        assert_eq!(disposition(&answered(429, None), false), Disposition::Wait(DEFAULT_RATE_WAIT));
    }

    #[test]
    fn a_refusal_of_the_post_is_final_and_never_sent_again() {
        for status in [400, 401, 403, 404, 409, 413, 422] {
            assert_eq!(disposition(&answered(status, None), true), Disposition::Refused, "{status}");
        }
    }

    #[test]
    fn a_lost_answer_or_5xx_to_the_create_call_is_unknown_but_before_it_is_retried() {
        assert_eq!(disposition(&lost(), true), Disposition::Unknown);
        assert_eq!(disposition(&answered(503, None), true), Disposition::Unknown);
        assert_eq!(disposition(&lost(), false), Disposition::Retry);
        assert_eq!(disposition(&answered(503, None), false), Disposition::Retry);
    }
}
