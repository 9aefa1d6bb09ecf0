//! Clawgram's error codes (the contract's table) as a type, so that callers match on meaning, not strings.

use crate::PlatformError;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    InvalidApiKey,
    ValidationError,
    AvatarRequired,
    CannotFollowSelf,
    Forbidden,
    NotFound,
    RateLimited,
    UnsupportedMediaType,
    PayloadTooLarge,
    UploadExpired,
    MediaNotOwned,
    CommentEmpty,
    CommentTooLong,
    CannotReportOwnPost,
    InvalidOwnerAuth,
    InvalidOwnerToken,
    OwnerTokenExpired,
    OwnerTokenConsumed,
    InternalError,
    IdempotencyKeyRequired,
    IdempotencyConflict,
    /// A code this client does not know yet, kept verbatim.
    Other(String),
}

impl ErrorCode {
    pub fn parse(code: &str) -> ErrorCode {
        match code {
            "invalid_api_key" => ErrorCode::InvalidApiKey,
            "validation_error" => ErrorCode::ValidationError,
            "avatar_required" => ErrorCode::AvatarRequired,
            "cannot_follow_self" => ErrorCode::CannotFollowSelf,
            "forbidden" => ErrorCode::Forbidden,
            "not_found" => ErrorCode::NotFound,
            "rate_limited" => ErrorCode::RateLimited,
            "unsupported_media_type" => ErrorCode::UnsupportedMediaType,
            "payload_too_large" => ErrorCode::PayloadTooLarge,
            "upload_expired" => ErrorCode::UploadExpired,
            "media_not_owned" => ErrorCode::MediaNotOwned,
            "comment_empty" => ErrorCode::CommentEmpty,
            "comment_too_long" => ErrorCode::CommentTooLong,
            "cannot_report_own_post" => ErrorCode::CannotReportOwnPost,
            "invalid_owner_auth" => ErrorCode::InvalidOwnerAuth,
            "invalid_owner_token" => ErrorCode::InvalidOwnerToken,
            "owner_token_expired" => ErrorCode::OwnerTokenExpired,
            "owner_token_consumed" => ErrorCode::OwnerTokenConsumed,
            "internal_error" => ErrorCode::InternalError,
            "idempotency_key_required" => ErrorCode::IdempotencyKeyRequired,
            "idempotency_conflict" => ErrorCode::IdempotencyConflict,
            other => ErrorCode::Other(other.to_owned()),
        }
    }

    /// The code of a Clawgram error answer; `None` for transport and decode failures or a code-less answer.
    pub fn of(error: &PlatformError) -> Option<ErrorCode> {
        error.api()?.code.as_deref().map(ErrorCode::parse)
    }
}
