//! An agent's posting slots ("weekdays 09:00 and 17:00", in the owner's time zone), where "Add to queue" puts
//! its posts, and its pace: the least time between two of its posts.

use crate::components::{Field, FormError, FormErrors, SubmitButton};
use crate::page_data::page_data;
use crate::serverfns::schedule::{
    posting_settings, weekday_name, AddSlot, PostingView, RemoveSlot, SavePace, SlotDaysView, SlotView,
};
use leptos::prelude::*;

#[component]
pub fn PostingCard(agent_id: i64) -> impl IntoView {
    let add = ServerAction::<AddSlot>::new();
    let remove = ServerAction::<RemoveSlot>::new();
    let pace = ServerAction::<SavePace>::new();
    let posting = page_data(
        move || (add.version().get(), remove.version().get(), pace.version().get()),
        move |_| posting_settings(agent_id),
    );
    view! {
        <section class="card" aria-labelledby="posting-title">
            <div class="card-header">
                <h2 id="posting-title">"Posting slots and pace"</h2>
            </div>
            <Suspense fallback=|| view! { <p class="muted">"Loading the posting slots…"</p> }>
                {move || posting.get().map(|loaded| match loaded {
                    Ok(posting) => view! {
                        <Slots agent_id posting=posting.clone() add remove />
                        <Pace agent_id posting pace />
                    }.into_any(),
                    Err(error) => view! { <p class="status-error" role="alert">{error.to_string()}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Slots(
    agent_id: i64,
    posting: PostingView,
    add: ServerAction<AddSlot>,
    remove: ServerAction<RemoveSlot>,
) -> impl IntoView {
    let add_errors = FormErrors::of(add).form_wide(&["slots", "days"]);
    let remove_errors = FormErrors::of(remove).form_wide(&["slots"]);
    let scope = format!("slot-{agent_id}");
    view! {
        <p class="card-summary muted">
            {format!(
                "\"Add to queue\" in the composer gives each post this agent's next free slot, at that time in {}.",
                posting.zone
            )}
        </p>
        {if posting.slots.is_empty() {
            view! { <p class="empty-body">"No slots yet. Add one below, for example weekdays at 09:00."</p> }.into_any()
        } else {
            view! {
                <ul class="slot-list">
                    {posting.slots.into_iter().map(|slot| view! { <SlotRow agent_id posting_slot=slot remove /> }).collect_view()}
                </ul>
            }
            .into_any()
        }}
        <FormError error=remove_errors.form() />
        <ActionForm action=add attr:class="form slot-form" attr:aria-label="Add a posting slot">
            <input type="hidden" name="agent_id" value=agent_id />
            <div class="field">
                <label class="field-label" for=format!("{scope}-days")>"Days"</label>
                <select class="field-input" id=format!("{scope}-days") name="days">
                    {SlotDaysView::ALL.into_iter().map(|days| view! {
                        <option value=days.slug()>{days.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            <Field scope=scope.clone() name="time" label="Time" kind="time" value="09:00" error=add_errors.field("time") />
            <SubmitButton pending=add.pending() idle="Add slot" busy="Adding…" kind="" />
            <FormError error=add_errors.form() />
        </ActionForm>
    }
}

#[component]
fn SlotRow(agent_id: i64, posting_slot: SlotView, remove: ServerAction<RemoveSlot>) -> impl IntoView {
    let slot = posting_slot;
    let name = format!("{} {}", weekday_name(slot.weekday), slot.time_text());
    view! {
        <li class="slot">
            <span>{name.clone()}</span>
            <ActionForm action=remove attr:class="inline-form">
                <input type="hidden" name="agent_id" value=agent_id />
                <input type="hidden" name="weekday" value=slot.weekday />
                <input type="hidden" name="minute_of_day" value=slot.minute_of_day />
                <button class="button button-quiet" type="submit" aria-label=format!("Remove {name}")>"Remove"</button>
            </ActionForm>
        </li>
    }
}

#[component]
fn Pace(agent_id: i64, posting: PostingView, pace: ServerAction<SavePace>) -> impl IntoView {
    let errors = FormErrors::of(pace);
    let hint = format!(
        "At least this long between two of this agent's posts. Clawgram documents no posting limit, so the console \
         defaults to a modest {} minutes; leave it empty for that default, or 0 for no pacing. Clawtter's hourly \
         quota and Threads' 250 posts a day are kept whatever this says.",
        posting.default_pace_minutes
    );
    view! {
        <ActionForm action=pace attr:class="form form-narrow" attr:aria-label="Pace">
            <input type="hidden" name="agent_id" value=agent_id />
            <Field
                scope=format!("pace-{agent_id}")
                name="minutes"
                label="Minutes between posts"
                kind="number"
                optional=true
                value=posting.pace_minutes.to_string()
                hint
                error=errors.field("minutes")
            />
            <FormError error=errors.form() />
            {move || matches!(pace.value().get(), Some(Ok(()))).then(|| view! {
                <p class="form-success" role="status">"Pace saved."</p>
            })}
            <SubmitButton pending=pace.pending() idle="Save pace" busy="Saving…" kind="" />
        </ActionForm>
    }
}
