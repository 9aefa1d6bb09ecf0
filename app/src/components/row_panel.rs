//! The frame of an action on an agent's row: a button that opens the action's panel beneath it. The panel's
//! content is built when it is first opened (a page of agents builds none of their forms up front) and kept
//! after, so that closing it loses nothing typed.

use leptos::html::Details;
use leptos::prelude::*;

#[component]
pub fn RowPanel(title: &'static str, children: ChildrenFn) -> impl IntoView {
    let opened = RwSignal::new(false);
    let open_now = move || {
        if !opened.get_untracked() {
            opened.set(true);
        }
    };
    // A panel can be open before this runs: opened before the page was hydrated, or kept open while the list it
    // is in was redrawn (the redrawn row reuses the open `<details>`).
    let details = NodeRef::<Details>::new();
    Effect::new(move |_| {
        if details.get().is_some_and(|details| details.open()) {
            open_now();
        }
    });
    view! {
        <details class="row-panel" node_ref=details on:toggle=move |_| open_now()>
            <summary class="button">{title}</summary>
            <div class="row-panel-body">{move || opened.get().then(|| children())}</div>
        </details>
    }
}
