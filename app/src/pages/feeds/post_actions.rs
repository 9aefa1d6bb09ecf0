//! Acting on a post as one of the owner's agents, chosen here, whose face is on every button: like and unlike,
//! report another agent's post (a reason and details), and delete the agent's own post after one confirmation
//! that names what is lost. A platform's refusal is shown next to the control that caused it.

use super::write_form::WriteForm;
use crate::components::FormError;
use crate::serverfns::agent_actions::{reason_label, ActOnPost, FollowAgent, PostActionView, ReportPost};
use crate::serverfns::agents::AgentView;
use crate::serverfns::feeds::{FeedPostView, PostStateView};
use crate::serverfns::writes::WriteKindView;
use clawdesk_platforms::clawgram::{rules, ReportReason};
use clawdesk_platforms::Platform;
use leptos::prelude::*;

/// The agent the owner acts as, among the agents of the post's platform.
#[derive(Clone, Copy)]
pub struct ActingAgent {
    pub id: RwSignal<i64>,
    choices: Signal<Vec<AgentView>>,
}

impl ActingAgent {
    /// `chosen` outlives the post's views, which are drawn again after each action: the owner's choice stays.
    /// Until the owner chooses, or when the choice is not an agent of this platform, it is `reader`.
    pub fn new(chosen: RwSignal<i64>, reader: i64, choices: Signal<Vec<AgentView>>) -> ActingAgent {
        let known = choices.with_untracked(|agents| agents.iter().any(|agent| agent.id == chosen.get_untracked()));
        if !known {
            chosen.set(reader);
        }
        ActingAgent { id: chosen, choices }
    }

    pub fn agent(self) -> Option<AgentView> {
        let id = self.id.get();
        self.choices.with(|agents| agents.iter().find(|agent| agent.id == id).cloned())
    }

    /// The acting agent's name, as the buttons say it.
    pub fn name(self) -> String {
        self.agent().map(|agent| agent.shown_name().to_owned()).unwrap_or_default()
    }
}

/// The acting agent's avatar, small, inside a button.
#[component]
pub fn ActingFace(acting: ActingAgent) -> impl IntoView {
    move || {
        acting.agent().map(|agent| match agent.avatar_url {
            Some(url) => view! { <img class="acting-face" src=url alt="" width="20" height="20" /> }.into_any(),
            None => {
                let initial = agent.shown_name().chars().next().unwrap_or('?').to_uppercase().to_string();
                view! { <span class="acting-face avatar-none" aria-hidden="true">{initial}</span> }.into_any()
            }
        })
    }
}

#[component]
pub fn PostActions(post: FeedPostView, acting: ActingAgent, version: RwSignal<u32>) -> impl IntoView {
    let act = ServerAction::<ActOnPost>::new();
    let deleted = RwSignal::new(false);
    // A like changes the counts: read the post again.
    Effect::new(move |_| {
        if let Some(Ok(())) = act.value().get() {
            version.update(|v| *v += 1);
        }
    });
    let (post_id, reader, written_by_reader) = (post.post_id.clone(), post.agent_id, post.own);
    // Whether the acting agent wrote the post: it may delete it, and may not report it.
    let own = move || written_by_reader && acting.id.get() == reader;
    let dispatch = {
        let post_id = post_id.clone();
        move |action: PostActionView| {
            act.dispatch(ActOnPost { agent_id: acting.id.get_untracked(), post_id: post_id.clone(), action });
        }
    };
    let (like, unlike) = (dispatch.clone(), dispatch.clone());
    // Clawgram follows by name; Clawtter by identity id (the handle the card names).
    let author = post.agent_handle.clone();
    // Clawtter reposts approved posts, with optional words of the agent's own.
    let repostable = post.platform == Platform::Clawtter && post.state == PostStateView::Live;
    let repost_of = post_id.clone();
    view! {
        <div class="post-actions" role="group" aria-label="Act on this post">
            <div class="toolbar-item">
                <label for="acting-agent">"Act as"</label>
                <select class="field-input" id="acting-agent" on:change=move |ev| {
                    if let Ok(id) = event_target_value(&ev).parse() { acting.id.set(id) }
                }>
                    {move || acting.choices.get().into_iter().map(|agent| view! {
                        <option value=agent.id.to_string() selected=agent.id == acting.id.get_untracked()>
                            {format!("{} ({})", agent.shown_name(), agent.platform)}
                        </option>
                    }).collect_view()}
                </select>
            </div>
            <div class="button-row">
                <button class="button" type="button" disabled=move || act.pending().get() on:click=move |_| like(PostActionView::Like)>
                    <ActingFace acting />{move || format!("Like as {}", acting.name())}
                </button>
                <button class="button" type="button" disabled=move || act.pending().get() on:click=move |_| unlike(PostActionView::Unlike)>
                    <ActingFace acting />{move || format!("Unlike as {}", acting.name())}
                </button>
            </div>
            <FormError error=Signal::derive(move || act.value().get().and_then(Result::err)) />
            {repostable.then(|| view! {
                <details class="row-panel post-repost">
                    <summary class="button">"Repost…"</summary>
                    <div class="row-panel-body">
                        <WriteForm platform=Platform::Clawtter kind=WriteKindView::Repost post_id=repost_of acting version scope="repost".to_owned() />
                    </div>
                </details>
            })}
            {move || (!own()).then(|| view! { <FollowAuthor author=author.clone() acting /> })}
            {move || (!own()).then(|| view! { <ReportForm post_id=post_id.clone() acting /> })}
            {move || (own() && post.platform == Platform::Clawgram && !deleted.get()).then(|| view! {
                <DeletePost post=post.clone() deleted />
            })}
            {move || deleted.get().then(|| view! {
                <p class="form-success" role="status">"The post was deleted from Clawgram. " <a href="/feeds">"Back to the review board"</a></p>
            })}
        </div>
    }
    .into_any()
}

/// Following (or no longer following) the post's author as the acting agent.
#[component]
fn FollowAuthor(author: String, acting: ActingAgent) -> impl IntoView {
    let follow = ServerAction::<FollowAgent>::new();
    // What the owner asked last: follow (true) or stop (false).
    let asked = RwSignal::new(None::<bool>);
    let name = author.clone();
    let dispatch = move |wanted: bool| {
        asked.set(Some(wanted));
        follow.dispatch(FollowAgent { agent_id: acting.id.get_untracked(), whom: author.clone(), follow: wanted });
    };
    let (start, stop) = (dispatch.clone(), dispatch);
    let status = move || {
        let following = follow.value().get().and_then(Result::ok).and(asked.get())?;
        let verb = if following { "now follows" } else { "no longer follows" };
        Some(format!("{} {verb} {name}.", acting.name()))
    };
    view! {
        <div class="button-row">
            <button class="button" type="button" disabled=move || follow.pending().get() on:click=move |_| start(true)>
                <ActingFace acting />{move || format!("Follow as {}", acting.name())}
            </button>
            <button class="button" type="button" disabled=move || follow.pending().get() on:click=move |_| stop(false)>
                <ActingFace acting />{move || format!("Unfollow as {}", acting.name())}
            </button>
        </div>
        {move || status().map(|text| view! { <p class="form-success" role="status">{text}</p> })}
        <FormError error=Signal::derive(move || follow.value().get().and_then(Result::err)) />
    }
}

/// Deleting the agent's own post, after one confirmation naming what is lost.
#[component]
fn DeletePost(post: FeedPostView, deleted: RwSignal<bool>) -> impl IntoView {
    let delete = ServerAction::<ActOnPost>::new();
    let asking = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            deleted.set(true);
        }
    });
    let warning = format!(
        "Delete this post by {}? Its images, caption, {} likes and {} comments leave Clawgram for good; this cannot be undone.",
        post.agent_name, post.likes, post.comments
    );
    let (agent_id, post_id) = (post.agent_id, post.post_id.clone());
    view! {
        <div class="post-delete">
            {move || if asking.get() {
                let post_id = post_id.clone();
                view! {
                    <div class="form-warning" role="alertdialog" aria-label="Delete the post?">
                        <p>{warning.clone()}</p>
                        <div class="button-row">
                            <button class="button button-danger" type="button" disabled=move || delete.pending().get()
                                on:click=move |_| { delete.dispatch(ActOnPost { agent_id, post_id: post_id.clone(), action: PostActionView::Delete }); }>
                                "Delete for good"
                            </button>
                            <button class="button" type="button" on:click=move |_| asking.set(false)>"Keep it"</button>
                        </div>
                    </div>
                }.into_any()
            } else {
                view! { <button class="button button-quiet" type="button" on:click=move |_| asking.set(true)>"Delete post…"</button> }.into_any()
            }}
            <FormError error=Signal::derive(move || delete.value().get().and_then(Result::err)) />
        </div>
    }
}

/// Reporting another agent's post: a reason from the platform's list and optional details.
#[component]
fn ReportForm(post_id: String, acting: ActingAgent) -> impl IntoView {
    let report = ServerAction::<ReportPost>::new();
    let reason = RwSignal::new(ReportReason::Spam);
    let details = RwSignal::new(String::new());
    let error = Signal::derive(move || report.value().get().and_then(Result::err));
    view! {
        <details class="row-panel post-report">
            <summary class="button">"Report…"</summary>
            <form class="form row-panel-body" aria-label="Report this post" on:submit=move |ev| {
                ev.prevent_default();
                report.dispatch(ReportPost {
                    agent_id: acting.id.get_untracked(),
                    post_id: post_id.clone(),
                    reason: reason.get_untracked(),
                    details: details.get_untracked(),
                });
            }>
                <div class="field">
                    <label class="field-label" for="report-reason">"Reason"</label>
                    <select class="field-input" id="report-reason" on:change=move |ev| {
                        let chosen = event_target_value(&ev);
                        if let Some(found) = ReportReason::ALL.into_iter().find(|r| r.as_str() == chosen) { reason.set(found) }
                    }>
                        {ReportReason::ALL.into_iter().map(|r| view! { <option value=r.as_str()>{reason_label(r)}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label class="field-label" for="report-details">"Details " <span class="field-optional">"(optional)"</span></label>
                    <textarea class="field-input" id="report-details" maxlength=rules::REPORT_DETAILS_MAX
                        prop:value=move || details.get() on:input=move |ev| details.set(event_target_value(&ev))></textarea>
                    {move || error.get().and_then(|e| e.for_field("details")).map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
                </div>
                <FormError error=Signal::derive(move || error.get().filter(|e| e.for_field("details").is_none())) />
                {move || matches!(report.value().get(), Some(Ok(()))).then(|| view! {
                    <p class="form-success" role="status">{format!("Reported as {}.", reason_label(reason.get()).to_lowercase())}</p>
                })}
                <button class="button button-primary" type="submit" disabled=move || report.pending().get()>
                    <ActingFace acting />{move || format!("Report as {}", acting.name())}
                </button>
            </form>
        </details>
    }
}
