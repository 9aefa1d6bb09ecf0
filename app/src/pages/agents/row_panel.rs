//! The frame of an action on an agent's row: a button that opens the action's panel beneath it.

use leptos::prelude::*;

#[component]
pub fn RowPanel(title: &'static str, children: Children) -> impl IntoView {
    view! {
        <details class="row-panel">
            <summary class="button">{title}</summary>
            <div class="row-panel-body">{children()}</div>
        </details>
    }
}
