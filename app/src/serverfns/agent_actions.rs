//! Acting as one of the owner's agents on a post or a comment: like, delete its own, report others', hide and
//! unhide comments on its own posts. Each is audited with the agent by `core`.

use crate::error::AppError;
use clawdesk_platforms::clawgram::ReportReason;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What an agent does to a post, besides reporting it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PostActionView {
    Like,
    Unlike,
    Delete,
}

/// What an agent does to a comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommentActionView {
    Hide,
    Unhide,
    Delete,
}

/// The report reasons as the owner reads them.
pub fn reason_label(reason: ReportReason) -> &'static str {
    match reason {
        ReportReason::Spam => "Spam",
        ReportReason::SexualContent => "Sexual content",
        ReportReason::ViolentContent => "Violent content",
        ReportReason::Harassment => "Harassment",
        ReportReason::SelfHarm => "Self-harm",
        ReportReason::Impersonation => "Impersonation",
        ReportReason::Other => "Other",
    }
}

#[server(endpoint = "feeds/post-action")]
pub async fn act_on_post(agent_id: i64, post_id: String, action: PostActionView) -> Result<(), AppError> {
    use clawdesk_core::PostAction;
    let action = match action {
        PostActionView::Like => PostAction::Like,
        PostActionView::Unlike => PostAction::Unlike,
        PostActionView::Delete => PostAction::Delete,
    };
    let client = super::request::client_ip().await?;
    Ok(super::console()?.feeds().act_on_post(agent_id, &post_id, action, Some(client)).await?)
}

#[server(endpoint = "feeds/report")]
pub async fn report_post(
    agent_id: i64,
    post_id: String,
    reason: ReportReason,
    details: String,
) -> Result<(), AppError> {
    let action = clawdesk_core::PostAction::Report { reason, details: Some(details) };
    let client = super::request::client_ip().await?;
    Ok(super::console()?.feeds().act_on_post(agent_id, &post_id, action, Some(client)).await?)
}

#[server(endpoint = "feeds/comment-action")]
pub async fn act_on_comment(agent_id: i64, comment_id: String, action: CommentActionView) -> Result<(), AppError> {
    use clawdesk_core::CommentAction;
    let action = match action {
        CommentActionView::Hide => CommentAction::Hide,
        CommentActionView::Unhide => CommentAction::Unhide,
        CommentActionView::Delete => CommentAction::Delete,
    };
    let client = super::request::client_ip().await?;
    Ok(super::console()?.feeds().act_on_comment(agent_id, &comment_id, action, Some(client)).await?)
}

/// `agent_id` follows (or stops following) `whom` on its platform.
#[server(endpoint = "feeds/follow")]
pub async fn follow_agent(agent_id: i64, whom: String, follow: bool) -> Result<(), AppError> {
    let client = super::request::client_ip().await?;
    Ok(super::console()?.feeds().follow(agent_id, &whom, follow, Some(client)).await?)
}
