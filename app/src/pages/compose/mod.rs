//! The composer: one post written once for many agents on several platforms. Each chosen target's rules are
//! checked in the browser on every change with `platforms::draft` (the function the server checks with again),
//! each violation shown next to its field and on its target; nothing is sent until every target passes. One part
//! per file: the text and its Clawgram extras (`draft`), the images (`images`), the targets (`targets`), the
//! previews (`preview`), when it goes out (`when`).

mod draft;
mod images;
mod preview;
mod targets;
mod when;

use crate::components::{FormError, PageHeader};
use crate::error::AppError;
use crate::page_data::page_data;
use crate::serverfns::agents::{list_agents, AgentView};
use crate::serverfns::compose::{post_targets, threads_images, CreatePost, CreatedView, DraftInput, MediaView};
use clawdesk_platforms::draft::{violations, DraftFacts, DraftField, TargetFacts};
use leptos::prelude::*;

/// Everything the owner has written and chosen so far; each part reads and writes its own signals.
#[derive(Clone, Copy)]
pub(super) struct Composer {
    text: RwSignal<String>,
    hashtags: RwSignal<Vec<String>>,
    alt_text: RwSignal<String>,
    sensitive: RwSignal<bool>,
    owner_influenced: RwSignal<bool>,
    /// The attached images, in order.
    images: RwSignal<Vec<MediaView>>,
    /// Public image URLs, for a Threads backend that cannot fetch images from the console.
    image_urls: RwSignal<Vec<String>>,
    /// Whether the Threads backend fetches images from the console's links (it runs on this machine).
    reaches_console: Signal<bool>,
    /// The chosen agents' ids, in the order chosen.
    targets: RwSignal<Vec<i64>>,
    /// Every agent in the console, once loaded.
    agents: Signal<Vec<AgentView>>,
    /// Every rule a chosen target breaks, checked in the browser.
    problems: Memo<Vec<Problem>>,
}

/// One rule one chosen target breaks.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Problem {
    agent_id: i64,
    /// "tide_painter (Clawgram)".
    target: String,
    field: DraftField,
    message: String,
}

impl Composer {
    fn new(agents: Signal<Vec<AgentView>>, reaches_console: Signal<bool>) -> Composer {
        let text = RwSignal::new(String::new());
        let hashtags = RwSignal::new(Vec::new());
        let alt_text = RwSignal::new(String::new());
        let images = RwSignal::new(Vec::<MediaView>::new());
        let targets = RwSignal::new(Vec::<i64>::new());
        let image_urls = RwSignal::new(Vec::<String>::new());
        let problems = Memo::new(move |_| {
            let (text, hashtags, alt_text, urls) = (text.get(), hashtags.get(), alt_text.get(), image_urls.get());
            let images: Vec<_> = images.with(|images| images.iter().map(MediaView::facts).collect());
            let facts = DraftFacts {
                text: &text,
                hashtags: &hashtags,
                alt_text: Some(alt_text.as_str()).filter(|alt| !alt.trim().is_empty()),
                images: &images,
                image_urls: &urls,
            };
            let agents = agents.get();
            targets
                .get()
                .into_iter()
                .filter_map(|id| agents.iter().find(|agent| agent.id == id))
                .flat_map(|agent| {
                    let target = TargetFacts {
                        platform: agent.platform,
                        has_avatar: agent.avatar_url.is_some(),
                        has_key: agent.key_fingerprint.is_some(),
                        reaches_console: reaches_console.get(),
                    };
                    violations(facts, target).into_iter().map(|broken| Problem {
                        agent_id: agent.id,
                        target: format!("{} ({})", agent.handle, agent.platform),
                        field: broken.field,
                        message: broken.message,
                    })
                })
                .collect()
        });
        Composer {
            text,
            hashtags,
            alt_text,
            sensitive: RwSignal::new(false),
            owner_influenced: RwSignal::new(false),
            images,
            image_urls,
            reaches_console,
            targets,
            agents,
            problems,
        }
    }

    /// What the server is sent.
    fn draft(&self) -> DraftInput {
        DraftInput {
            text: self.text.get_untracked(),
            hashtags: self.hashtags.get_untracked(),
            alt_text: Some(self.alt_text.get_untracked()).filter(|alt| !alt.trim().is_empty()),
            sensitive: self.sensitive.get_untracked(),
            owner_influenced: self.owner_influenced.get_untracked(),
            media_ids: self.images.with_untracked(|images| images.iter().map(|image| image.id).collect()),
            image_urls: self.image_urls.get_untracked(),
        }
    }

    /// The chosen agents, as loaded.
    fn chosen_agents(&self) -> Vec<AgentView> {
        let agents = self.agents.get();
        self.targets.get().into_iter().filter_map(|id| agents.iter().find(|agent| agent.id == id).cloned()).collect()
    }

    /// The problems with `field`, each naming its target.
    fn problems_with(&self, field: DraftField) -> Signal<Vec<String>> {
        let problems = self.problems;
        Signal::derive(move || {
            problems.with(|all| {
                all.iter()
                    .filter(|problem| problem.field == field)
                    .map(|problem| format!("{}: {}.", problem.target, problem.message))
                    .collect()
            })
        })
    }

    /// Starts afresh after a post was created.
    fn clear(&self) {
        self.text.set(String::new());
        self.hashtags.set(Vec::new());
        self.alt_text.set(String::new());
        self.sensitive.set(false);
        self.owner_influenced.set(false);
        self.images.set(Vec::new());
        self.image_urls.set(Vec::new());
        self.targets.set(Vec::new());
    }
}

#[component]
pub fn ComposePage() -> impl IntoView {
    let loaded = page_data(|| (), |_| list_agents());
    // Read once the page is live (the server renders without it); until then, the common case: a backend on this
    // machine, which fetches the images from the console.
    let threads_case = LocalResource::new(threads_images);
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    let reaches_console = Signal::derive(move || {
        !live.get() || threads_case.get().and_then(Result::ok).is_none_or(|case| case.on_this_machine)
    });
    let create = ServerAction::<CreatePost>::new();
    let created = RwSignal::new(None::<CreatedView>);
    Effect::new(move |_| {
        if let Some(Ok(view)) = create.value().get() {
            created.set(Some(view));
        }
    });

    view! {
        <PageHeader title="Compose" summary="Write one post for many agents, checked against each platform's rules." />
        {move || created.get().map(|view| view! { <Created view /> })}
        <Suspense fallback=|| view! { <p class="muted" role="status">"Loading your agents…"</p> }>
            {move || loaded.get().map(|result| match result {
                Err(error) => view! { <FormError error=Signal::derive(move || Some(error.clone())) /> }.into_any(),
                Ok(all) if all.is_empty() => view! {
                    <section class="card empty-state">
                        <p class="empty-title">"No agents to post as yet"</p>
                        <p class="empty-body">"Connect an agent on the Agents page; it will appear here as a target."</p>
                        <a class="button button-primary" href="/agents">"Go to Agents"</a>
                    </section>
                }.into_any(),
                Ok(agents) => {
                    let composer = Composer::new(Signal::stored(agents), reaches_console);
                    // A created post starts the form afresh.
                    Effect::new(move |_| {
                        if let Some(Ok(_)) = create.value().get() {
                            composer.clear();
                        }
                    });
                    view! {
                    <form class="composer" aria-label="Compose a post" on:submit=|event| event.prevent_default()>
                        <div class="composer-main">
                            <targets::Targets composer />
                            <draft::DraftFields composer />
                            <images::Images composer />
                            <when::SendCard composer create />
                        </div>
                        <preview::Previews composer />
                    </form>
                    }.into_any()
                }
            })}
        </Suspense>
    }
    .into_any()
}

/// What creating the post did, followed until each target has gone out (or is waiting for its time), with the
/// way to the queue.
#[component]
fn Created(view: CreatedView) -> impl IntoView {
    let (post_id, count) = (view.post_id, view.targets.len());
    let tick = RwSignal::new(0u32);
    let targets = page_data(move || tick.get(), move |_| post_targets(post_id));
    let first = view.targets;
    // Look again while something is being sent now; a target due later is left to the schedule.
    Effect::new(move |_| {
        let now = time_now();
        let busy = targets
            .get()
            .and_then(Result::ok)
            .is_some_and(|targets| targets.iter().any(|t| !t.settled && t.due.unix <= now + 5));
        if busy {
            set_timeout(move || tick.update(|tick| *tick += 1), std::time::Duration::from_millis(1000));
        }
    });
    let shown = move || targets.get().and_then(Result::ok).unwrap_or_else(|| first.clone());
    view! {
        <section class="card compose-created" role="status" aria-label="Post created">
            <p class="form-success">
                {format!("Post #{post_id} is on its way to {count} {}.", if count == 1 { "agent" } else { "agents" })}
            </p>
            <Transition>
            <ul class="compose-created-list">
                {move || shown().into_iter().map(|target| view! {
                    <li data-handle=target.handle.clone()>
                        <strong>{target.handle.clone()}</strong>
                        {format!(" on {}: {} (due {})", target.platform, target.state, target.due.utc)}
                        {target.post_url.map(|url| view! { " · " <a href=url target="_blank" rel="noopener">"open the post"</a> })}
                        {target.error.map(|error| view! { <span class="field-error">{format!(" — {error}")}</span> })}
                    </li>
                }).collect_view()}
            </ul>
            </Transition>
            <a class="button" href="/schedule">"See it in the schedule"</a>
        </section>
    }
    .into_any()
}

/// The browser's clock in UTC seconds (the server renders no ticking list).
fn time_now() -> i64 {
    #[cfg(feature = "hydrate")]
    {
        (js_sys::Date::now() / 1000.0) as i64
    }
    #[cfg(not(feature = "hydrate"))]
    {
        0
    }
}

/// The problems listed next to a field, each naming its target.
#[component]
fn FieldProblems(id: String, #[prop(into)] problems: Signal<Vec<String>>) -> impl IntoView {
    view! {
        <Show when=move || !problems.with(Vec::is_empty)>
            <ul class="field-error compose-problems" id=id.clone() role="alert">
                {move || problems.get().into_iter().map(|problem| view! { <li>{problem}</li> }).collect_view()}
            </ul>
        </Show>
    }
    .into_any()
}

/// The server's refusal, when it disagrees with the browser (a rule changed, an agent lost its avatar meanwhile).
fn refusal(create: ServerAction<CreatePost>) -> Signal<Option<AppError>> {
    Signal::derive(move || create.value().get().and_then(Result::err))
}
