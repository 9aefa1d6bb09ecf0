//! When the post goes out: now, at a date and time in the owner's IANA zone (Settings', else the browser's), or
//! in each agent's next free posting slot. A typed time is read by the server in that zone: a time a DST change
//! skips is refused, one it repeats must be chosen (earlier or later), never shifted. The pace warnings say
//! which agents cannot keep the time. The button sends only once every target passes its rules.

use super::{refusal, Composer};
use crate::components::FormError;
use crate::serverfns::compose::{
    pace_warnings, read_local_time, saved_time_zone, CreatePost, FoldChoice, LocalTimeView, WhenInput,
};
use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Now,
    At,
    Queue,
}

#[component]
pub(super) fn SendCard(composer: Composer, create: ServerAction<CreatePost>) -> impl IntoView {
    let mode = RwSignal::new(Mode::Now);
    let local = RwSignal::new(String::new());
    let fold = RwSignal::new(None::<FoldChoice>);
    // Read in the browser only: these answer what the owner does, and the server renders the form untouched.
    let saved_zone = LocalResource::new(saved_time_zone);
    let browser_zone = RwSignal::new(None::<String>);
    Effect::new(move |_| browser_zone.set(browser_time_zone()));
    let saved = move || saved_zone.get().and_then(Result::ok).flatten();
    let zone = Signal::derive(move || saved().or_else(|| browser_zone.get()).unwrap_or_else(|| "UTC".to_owned()));
    let zone_source = move || {
        if saved().is_some() {
            "from Settings"
        } else {
            "your browser's zone; set yours in Settings"
        }
    };
    let when = Signal::derive(move || match mode.get() {
        Mode::Now => WhenInput::Now,
        Mode::Queue => WhenInput::NextSlot,
        Mode::At => WhenInput::At { local: local.get(), zone: zone.get(), fold: fold.get() },
    });
    let reading = LocalResource::new(move || {
        // Only a time being chosen reads the zone (and, through it, the saved zone).
        let asked = (mode.get() == Mode::At).then(|| local.get()).filter(|local| !local.is_empty());
        let asked = asked.map(|local| (local, zone.get()));
        async move {
            match asked {
                Some((local, zone)) => read_local_time(local, zone).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let read = move || reading.get().and_then(Result::ok).flatten();
    let time_ready = move || match mode.get() {
        Mode::At => match read() {
            Some(LocalTimeView::Once(_)) => true,
            Some(LocalTimeView::Twice { .. }) => fold.get().is_some(),
            _ => false,
        },
        _ => true,
    };
    let targets = move || composer.targets.get();
    let warnings = LocalResource::new(move || {
        let (agent_ids, when, ready) = (targets(), when.get(), time_ready());
        async move {
            if ready && !agent_ids.is_empty() {
                pace_warnings(agent_ids, when).await
            } else {
                Ok(Vec::new())
            }
        }
    });
    // Browser-only answers are read once the page is live: the server renders the form without them.
    let live = RwSignal::new(false);
    Effect::new(move |_| live.set(true));
    let problem_count = move || composer.problems.with(Vec::len);
    let blocked = move || {
        if composer.targets.with(Vec::is_empty) {
            Some("Choose at least one agent to post as.".to_owned())
        } else if problem_count() > 0 {
            let n = problem_count();
            Some(format!(
                "Fix {n} {} above before sending: nothing is sent until every agent passes.",
                if n == 1 { "problem" } else { "problems" }
            ))
        } else if !time_ready() {
            Some("Choose a time that exists in your zone.".to_owned())
        } else {
            None
        }
    };
    let send = move |_| {
        if blocked().is_none() {
            create.dispatch(CreatePost {
                draft: composer.draft(),
                agent_ids: composer.targets.get_untracked(),
                when: when.get_untracked(),
            });
        }
    };
    let label = move || match (mode.get(), create.pending().get()) {
        (_, true) => "Sending…",
        (Mode::Now, _) => "Post now",
        (Mode::At, _) => "Schedule",
        (Mode::Queue, _) => "Add to queue",
    };
    let choice = move |value: Mode, text: &'static str, hint: &'static str| {
        view! {
            <label class="field-check">
                <input
                    type="radio"
                    name="when"
                    prop:checked=move || mode.get() == value
                    on:change=move |_| mode.set(value)
                />
                <span>{text}<span class="muted">{format!(" — {hint}")}</span></span>
            </label>
        }
    };

    view! {
        <section class="card" aria-labelledby="compose-when-title">
            <h2 id="compose-when-title" class="card-header">"When"</h2>
            <div class="form">
                <fieldset class="fieldset">
                    <legend class="fieldset-legend">"Send"</legend>
                    {choice(Mode::Now, "Now", "as soon as each agent's pace allows")}
                    {choice(Mode::At, "At a time", "a date and time in your zone")}
                    {choice(Mode::Queue, "Add to queue", "each agent's next free posting slot")}
                </fieldset>
                <Show when=move || mode.get() == Mode::At>
                    <div class="field">
                        <label class="field-label" for="compose-at">"Date and time"</label>
                        <input
                            class="field-input compose-at"
                            type="datetime-local"
                            id="compose-at"
                            prop:value=move || local.get()
                            on:input=move |event| {
                                fold.set(None);
                                local.set(event_target_value(&event));
                            }
                            title=move || match read() {
                                Some(LocalTimeView::Once(at)) => at.utc,
                                _ => String::new(),
                            }
                            aria-describedby="compose-at-zone compose-at-reading"
                        />
                        <p class="field-hint" id="compose-at-zone">
                            {move || format!("In {} ({}).", zone.get(), zone_source())}
                        </p>
                        <div id="compose-at-reading" aria-live="polite">
                            {move || reading.get().map(|read| match read {
                                Err(error) => view! { <p class="field-error" role="alert">{error.to_string()}</p> }.into_any(),
                                Ok(None) => ().into_any(),
                                Ok(Some(LocalTimeView::Once(at))) => view! {
                                    <p class="field-hint" title=at.utc.clone()>{format!("That is {}.", at.utc)}</p>
                                }.into_any(),
                                Ok(Some(LocalTimeView::Never { message })) => view! {
                                    <p class="field-error" role="alert">{format!("{message}.")}</p>
                                }.into_any(),
                                Ok(Some(LocalTimeView::Twice { earlier, later })) => view! {
                                    <fieldset class="fieldset compose-fold">
                                        <legend class="fieldset-legend">"This time happens twice on that day: which one?"</legend>
                                        <label class="field-check" title=earlier.utc.clone()>
                                            <input type="radio" name="fold" on:change=move |_| fold.set(Some(FoldChoice::Earlier)) />
                                            {format!("The first, before the clocks go back ({})", earlier.utc)}
                                        </label>
                                        <label class="field-check" title=later.utc.clone()>
                                            <input type="radio" name="fold" on:change=move |_| fold.set(Some(FoldChoice::Later)) />
                                            {format!("The second, after the clocks go back ({})", later.utc)}
                                        </label>
                                    </fieldset>
                                }.into_any(),
                            })}
                        </div>
                    </div>
                </Show>
                {move || live.get().then(|| warnings.get()).flatten().map(|found| match found {
                        Ok(found) if found.is_empty() => ().into_any(),
                        Ok(found) => {
                            let agents = composer.agents.get();
                            view! {
                                <div class="form-warning" role="status">
                                    <p>"Some agents' pace cannot keep this time:"</p>
                                    <ul>
                                        {found.into_iter().map(|warning| {
                                            let handle = agents.iter().find(|a| a.id == warning.agent_id).map(|a| a.handle.clone()).unwrap_or_default();
                                            view! { <li>{format!("{handle} goes out at {} at the earliest.", warning.earliest.utc)}</li> }
                                        }).collect_view()}
                                    </ul>
                                </div>
                            }.into_any()
                        }
                        Err(error) => view! { <p class="form-error" role="alert">{error.to_string()}</p> }.into_any(),
                })}
                <FormError error=refusal(create) />
                {move || blocked().map(|why| view! { <p class="muted compose-blocked" role="status">{why}</p> })}
                <div class="button-row">
                    <button
                        class="button button-primary"
                        type="button"
                        aria-disabled=move || if blocked().is_some() { "true" } else { "false" }
                        disabled=move || create.pending().get()
                        on:click=send
                    >{label}</button>
                </div>
            </div>
        </section>
    }
    .into_any()
}

/// The browser's IANA zone (`Intl`), for an owner who has not set one in Settings; `None` on the server.
fn browser_time_zone() -> Option<String> {
    #[cfg(feature = "hydrate")]
    {
        let format = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
        js_sys::Reflect::get(&format.resolved_options(), &"timeZone".into()).ok()?.as_string()
    }
    #[cfg(not(feature = "hydrate"))]
    None
}
