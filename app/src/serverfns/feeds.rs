//! The review board: one page of the owner's agents' posts, as cards the browser can draw.

use crate::error::AppError;
use clawdesk_platforms::clawtter::PostKind;
use clawdesk_platforms::Platform;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use serde::{Deserialize, Serialize};

/// How many cards the board loads at a time.
pub const FEED_PAGE_POSTS: usize = 24;

/// Where a post stands on its platform.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PostStateView {
    Live,
    PendingReview,
    Rejected,
    Hidden,
    /// Gone from its platform: a tombstone, which the console remembers (the platforms list no deleted posts).
    Deleted,
}

impl PostStateView {
    pub const ALL: [PostStateView; 5] = [
        PostStateView::Live,
        PostStateView::PendingReview,
        PostStateView::Rejected,
        PostStateView::Hidden,
        PostStateView::Deleted,
    ];

    pub fn label(self) -> &'static str {
        match self {
            PostStateView::Live => "Live",
            PostStateView::PendingReview => "Pending moderation",
            PostStateView::Rejected => "Rejected",
            PostStateView::Hidden => "Hidden",
            PostStateView::Deleted => "Deleted",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            PostStateView::Live => "live",
            PostStateView::PendingReview => "pending_review",
            PostStateView::Rejected => "rejected",
            PostStateView::Hidden => "hidden",
            PostStateView::Deleted => "deleted",
        }
    }

    pub fn from_slug(slug: &str) -> Option<PostStateView> {
        PostStateView::ALL.into_iter().find(|state| state.slug() == slug)
    }

    /// The pill it is shown in.
    pub fn class(self) -> &'static str {
        match self {
            PostStateView::Live => "pill pill-ok",
            PostStateView::PendingReview => "pill pill-warn",
            PostStateView::Rejected => "pill pill-error",
            PostStateView::Hidden | PostStateView::Deleted => "pill",
        }
    }
}

/// One card of the board.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeedPostView {
    /// The owner's agent the post was read as (on the board, its author).
    pub agent_id: i64,
    pub platform: Platform,
    /// Whether that agent wrote it; if not, the `agent_*` fields name its author.
    pub own: bool,
    pub agent_handle: String,
    pub agent_name: String,
    pub agent_avatar_url: Option<String>,
    /// Clawgram: whether an owner claimed the agent; `None` where the platform has no claim.
    pub agent_claimed: Option<bool>,
    pub post_id: String,
    pub kind: PostKind,
    pub images: Vec<String>,
    pub alt_text: Option<String>,
    pub text: String,
    pub tags: Vec<String>,
    pub likes: u64,
    /// Clawgram's comments, Clawtter's replies.
    pub comments: u64,
    pub reposts: Option<u64>,
    /// RFC 3339, UTC (the `datetime` of the card's `<time>`).
    pub posted_at: String,
    /// On the owner's clock, e.g. "Sat 5 Dec 2026, 21:40 CET".
    pub posted_local: String,
    pub state: PostStateView,
    pub sensitive: bool,
    pub owner_influenced: bool,
    pub refers_to: Option<String>,
}

/// Which posts the board shows; `None` is "any".
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedFilterView {
    pub agent_id: Option<i64>,
    pub platform: Option<Platform>,
    pub state: Option<PostStateView>,
}

/// An agent whose posts could not be read, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SourceProblemView {
    pub agent_handle: String,
    pub platform: Platform,
    pub message: String,
    /// On the owner's clock: when trying again can help.
    pub retry_local: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FeedPageView {
    pub posts: Vec<FeedPostView>,
    pub next_cursor: Option<String>,
    pub problems: Vec<SourceProblemView>,
}

/// One page of the board: the newest posts matching `filter`, or those after `cursor`.
#[server(endpoint = "feeds/page", input = Json)]
pub async fn feed_page(filter: FeedFilterView, cursor: Option<String>) -> Result<FeedPageView, AppError> {
    let console = super::console()?;
    let zone = console.publishing().time_zone().await?;
    let page = console.feeds().page(view::filter(filter), cursor.as_deref(), FEED_PAGE_POSTS).await?;
    Ok(view::Zone(&zone, console.image_proxy()).page(page))
}

#[cfg(feature = "ssr")]
pub(crate) mod view {
    use super::*;
    use clawdesk_core::{in_zone, FeedFilter, FeedPage, FeedPost, ImageProxy, PostState};
    use time::format_description::well_known::Rfc3339;

    pub(super) fn filter(filter: FeedFilterView) -> FeedFilter {
        FeedFilter { agent_id: filter.agent_id, platform: filter.platform, state: filter.state.map(state_of) }
    }

    fn state_of(state: PostStateView) -> PostState {
        match state {
            PostStateView::Live => PostState::Live,
            PostStateView::PendingReview => PostState::PendingReview,
            PostStateView::Rejected => PostState::Rejected,
            PostStateView::Hidden => PostState::Hidden,
            PostStateView::Deleted => PostState::Deleted,
        }
    }

    fn state(state: PostState) -> PostStateView {
        match state {
            PostState::Live => PostStateView::Live,
            PostState::PendingReview => PostStateView::PendingReview,
            PostState::Rejected => PostStateView::Rejected,
            PostState::Hidden => PostStateView::Hidden,
            PostState::Deleted => PostStateView::Deleted,
        }
    }

    /// The owner's time zone, in which every time of a view is shown, and the proxy through which every
    /// platform image not on a platform's own origin is shown.
    #[derive(Clone, Copy)]
    pub(crate) struct Zone<'a>(pub(crate) &'a str, pub(crate) &'a ImageProxy);

    impl Zone<'_> {
        pub(crate) fn page(self, page: FeedPage) -> FeedPageView {
            let zone = self.0;
            FeedPageView {
                posts: page.posts.into_iter().map(|post| self.post(post)).collect(),
                next_cursor: page.next_cursor,
                problems: page
                    .problems
                    .into_iter()
                    .map(|problem| SourceProblemView {
                        agent_handle: problem.agent_handle,
                        platform: problem.platform,
                        message: problem.message,
                        retry_local: problem.retry_at.map(|at| in_zone(at, zone)),
                    })
                    .collect(),
            }
        }

        pub(crate) fn post(self, post: FeedPost) -> FeedPostView {
            let zone = self.0;
            FeedPostView {
                posted_at: post.created_at.format(&Rfc3339).unwrap_or_default(),
                posted_local: in_zone(post.created_at, zone),
                agent_id: post.agent_id,
                platform: post.platform,
                own: post.own,
                agent_handle: post.agent_handle,
                agent_name: post.agent_name,
                agent_avatar_url: post.agent_avatar_url.map(|url| self.1.shown(&url)),
                agent_claimed: post.agent_claimed,
                post_id: post.post_id,
                kind: post.kind,
                images: post.images.iter().map(|url| self.1.shown(url)).collect(),
                alt_text: post.alt_text,
                text: post.text,
                tags: post.tags,
                likes: post.likes,
                comments: post.comments,
                reposts: post.reposts,
                state: state(post.state),
                sensitive: post.sensitive,
                owner_influenced: post.owner_influenced,
                refers_to: post.refers_to,
            }
        }
    }
}

/// A post opened whole, with its conversation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PostThreadView {
    pub post: FeedPostView,
    pub comments: Vec<CommentView>,
    /// Clawtter: the day's heavy reads are spent; the replies come back then (on the owner's clock).
    pub replies_back_local: Option<String>,
    /// Clawtter: the most engaging first-level replies.
    pub hot: Vec<HotReplyView>,
    /// What the owner's agents wrote that the conversation does not show: in moderation, unknown, failed.
    pub writes: Vec<super::writes::AgentWriteView>,
}

/// One of a Clawtter post's hot threads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HotReplyView {
    pub post_id: String,
    pub preview: String,
    pub likes: Option<u64>,
    pub replies: Option<u64>,
}

/// A comment (Clawgram) or reply (Clawtter), with the replies under it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommentView {
    pub id: String,
    pub author_name: String,
    pub author_avatar_url: Option<String>,
    pub text: String,
    pub posted_local: Option<String>,
    pub deleted: bool,
    pub hidden: bool,
    /// Written by the agent the post is opened as.
    pub by_this_agent: bool,
    pub replies: Vec<CommentView>,
    pub more_replies: bool,
}

/// The post `post_id` of agent `agent_id`'s platform, read as that agent.
#[server(endpoint = "feeds/thread")]
pub async fn post_thread(agent_id: i64, post_id: String) -> Result<PostThreadView, AppError> {
    let console = super::console()?;
    let zone = console.publishing().time_zone().await?;
    let thread = console.feeds().thread(agent_id, &post_id).await?;
    Ok(view::Zone(&zone, console.image_proxy()).thread(thread))
}

#[cfg(feature = "ssr")]
mod thread_view {
    use super::*;
    use clawdesk_core::{in_zone, PostThread, ThreadComment};

    impl super::view::Zone<'_> {
        pub(super) fn thread(self, thread: PostThread) -> PostThreadView {
            PostThreadView {
                post: self.post(thread.post),
                comments: thread.comments.into_iter().map(|c| self.comment(c)).collect(),
                replies_back_local: thread.replies_back_at.map(|at| in_zone(at, self.0)),
                hot: thread
                    .hot
                    .into_iter()
                    .map(|hot| HotReplyView {
                        post_id: hot.post_id,
                        preview: hot.preview,
                        likes: hot.likes,
                        replies: hot.replies,
                    })
                    .collect(),
                writes: thread.writes.into_iter().map(|write| super::super::writes::view(write, self.0)).collect(),
            }
        }

        fn comment(self, comment: ThreadComment) -> CommentView {
            CommentView {
                id: comment.id,
                author_name: comment.author_name,
                author_avatar_url: comment.author_avatar_url.map(|url| self.1.shown(&url)),
                text: comment.text,
                posted_local: comment.created_at.map(|at| in_zone(at, self.0)),
                deleted: comment.deleted,
                hidden: comment.hidden,
                by_this_agent: comment.by_this_agent,
                replies: comment.replies.into_iter().map(|c| self.comment(c)).collect(),
                more_replies: comment.more_replies,
            }
        }
    }
}
