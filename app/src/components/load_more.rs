//! "Load more" below a list: the button while there is a next page (busy while it is read), and the error of the
//! last try beside it.

use crate::error::AppError;
use leptos::prelude::*;

#[component]
pub fn LoadMore(
    /// Where the next page starts; no button without one.
    #[prop(into)]
    cursor: Signal<Option<String>>,
    /// Reads the page at a cursor and appends it.
    load: Action<String, Result<(), AppError>>,
) -> impl IntoView {
    move || {
        cursor.get().map(|cursor| {
            view! {
                <div class="load-more">
                    <button
                        class="button"
                        type="button"
                        disabled=move || load.pending().get()
                        on:click=move |_| {
                            load.dispatch(cursor.clone());
                        }
                    >
                        {move || if load.pending().get() { "Loading…" } else { "Load more" }}
                    </button>
                    {move || {
                        load.value().get().and_then(Result::err).map(|error| {
                            view! { <p class="form-error" role="alert">{error.to_string()}</p> }
                        })
                    }}
                </div>
            }
        })
    }
}
