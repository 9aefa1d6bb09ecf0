//! A post's conversation, threaded as its platform threads it. On Clawgram, the post's author hides and shows
//! comments on its post (a hidden one is collapsed, with a reveal) and deletes its own comments after one
//! confirmation; a deleted comment stays in its thread as the platform shows it, "[deleted]", so its replies keep
//! their place. Any agent of the platform replies to a comment, to the platform's depth.

use super::post_actions::{ActingAgent, ActingFace};
use super::write_form::WriteForm;
use crate::components::FormError;
use crate::serverfns::agent_actions::{ActOnComment, CommentActionView};
use crate::serverfns::feeds::CommentView;
use crate::serverfns::writes::WriteKindView;
use clawdesk_platforms::Platform;

/// Clawgram's deepest comment (a top-level comment is depth 1).
const CLAWGRAM_MAX_DEPTH: u32 = 6;
use leptos::prelude::*;

#[component]
pub fn CommentTree(
    comments: Vec<CommentView>,
    /// The post the conversation is under.
    post_id: String,
    /// How deep these comments are (top level: 1).
    depth: u32,
    /// The owner's agent that wrote the post, if one did: it moderates the comments.
    post_agent: Option<i64>,
    /// The agent the post was read as: its own comments are the ones marked as such.
    reader: i64,
    platform: Platform,
    acting: ActingAgent,
    version: RwSignal<u32>,
) -> impl IntoView {
    view! {
        <ul class="comment-list">
            {comments.into_iter().map(|comment| view! {
                <CommentItem comment post_id=post_id.clone() depth post_agent reader platform acting version />
            }).collect_view()}
        </ul>
    }
}

#[component]
fn CommentItem(
    comment: CommentView,
    post_id: String,
    depth: u32,
    post_agent: Option<i64>,
    reader: i64,
    platform: Platform,
    acting: ActingAgent,
    version: RwSignal<u32>,
) -> impl IntoView {
    let act = ServerAction::<ActOnComment>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = act.value().get() {
            version.update(|v| *v += 1);
        }
    });
    let revealed = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let replying = RwSignal::new(false);
    // Clawgram answers a comment with a reply under the post; Clawtter answers a reply with a reply to it.
    let can_reply = !comment.deleted && (platform != Platform::Clawgram || depth < CLAWGRAM_MAX_DEPTH);
    let (reply_post, reply_parent) = match platform {
        Platform::Clawgram => (post_id.clone(), Some(comment.id.clone())),
        _ => (comment.id.clone(), None),
    };
    // Moderation is the post author's, on Clawgram alone.
    let as_author = move || platform == Platform::Clawgram && post_agent == Some(acting.id.get());
    let (id, hidden, deleted) = (comment.id.clone(), comment.hidden, comment.deleted);
    let own = comment.by_this_agent && !deleted;
    let dispatch = move |action: CommentActionView| {
        act.dispatch(ActOnComment { agent_id: acting.id.get_untracked(), comment_id: id.clone(), action });
    };
    let (toggle, remove) = (dispatch.clone(), dispatch);
    let text = comment.text.clone();
    let comment_id = comment.id.clone();
    let initial = comment.author_name.chars().next().unwrap_or('?').to_uppercase().to_string();
    view! {
        <li class="comment" class:comment-hidden=hidden data-comment-id=comment.id.clone() id=format!("comment-{}", comment.id)>
            <div class="comment-head">
                {match comment.author_avatar_url.clone() {
                    Some(url) => view! { <img class="comment-avatar" src=url alt="" width="28" height="28" /> }.into_any(),
                    None => view! { <span class="comment-avatar avatar-none" aria-hidden="true">{initial}</span> }.into_any(),
                }}
                <strong>{comment.author_name.clone()}</strong>
                {comment.posted_local.clone().map(|at| view! { <span class="muted">{at}</span> })}
                {hidden.then(|| view! { <span class="pill pill-warn">"Hidden"</span> })}
                {deleted.then(|| view! { <span class="pill">"Deleted"</span> })}
            </div>
            {if hidden {
                view! {
                    {move || if revealed.get() {
                        view! { <p class="comment-text">{text.clone()}</p> }.into_any()
                    } else {
                        view! {
                            <p class="comment-text muted">"Hidden by the post's author. "
                                <button class="button-link" type="button" on:click=move |_| revealed.set(true)>"Show it"</button>
                            </p>
                        }.into_any()
                    }}
                }.into_any()
            } else {
                view! { <p class="comment-text" class:muted=deleted>{text.clone()}</p> }.into_any()
            }}
            <div class="button-row comment-actions">
                {can_reply.then(|| view! {
                    <button class="button" type="button" aria-expanded=move || replying.get().to_string()
                        on:click=move |_| replying.update(|open| *open = !*open)>
                        "Reply…"
                    </button>
                })}
                {move || (as_author() && !deleted).then(|| {
                    let toggle = toggle.clone();
                    let (action, label) = if hidden { (CommentActionView::Unhide, "Unhide") } else { (CommentActionView::Hide, "Hide") };
                    view! {
                        <button class="button" type="button" disabled=move || act.pending().get() on:click=move |_| toggle(action)>
                            <ActingFace acting />{label}
                        </button>
                    }
                })}
                {move || (own && platform == Platform::Clawgram && acting.id.get() == reader).then(|| {
                    let remove = remove.clone();
                    if confirming.get() {
                        view! {
                            <span class="form-warning" role="alertdialog" aria-label="Delete the comment?">
                                "Delete this comment? Its text is replaced by “[deleted]” for everyone. "
                                <button class="button button-danger" type="button" on:click=move |_| remove(CommentActionView::Delete)>"Delete for good"</button>
                                " "
                                <button class="button" type="button" on:click=move |_| confirming.set(false)>"Keep it"</button>
                            </span>
                        }.into_any()
                    } else {
                        view! { <button class="button button-quiet" type="button" on:click=move |_| confirming.set(true)>"Delete…"</button> }.into_any()
                    }
                })}
            </div>
            <FormError error=Signal::derive(move || act.value().get().and_then(Result::err)) />
            {move || replying.get().then(|| view! {
                <WriteForm platform kind=WriteKindView::Reply post_id=reply_post.clone() parent_id=reply_parent.clone()
                    acting version scope=format!("reply-{}", comment_id) />
            })}
            {(!comment.replies.is_empty()).then(|| view! {
                <CommentTree comments=comment.replies.clone() post_id=post_id.clone() depth=depth + 1 post_agent reader platform acting version />
            }.into_any())}
            {comment.more_replies.then(|| view! { <p class="muted comment-more">"More replies are on the platform."</p> })}
        </li>
    }
    .into_any()
}
