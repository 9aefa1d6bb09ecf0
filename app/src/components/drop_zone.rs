//! An area files can be dropped on (the avatar picker, the composer's images): it shows when a file is dragged
//! over it and hands the drop to its owner. The file input inside it stays the keyboard's way in.

use leptos::ev::DragEvent;
use leptos::prelude::*;

#[component]
pub fn DropZone(
    /// Classes besides the zone's own.
    #[prop(default = "")]
    class: &'static str,
    /// Hears each drop; only the browser reads the files from it.
    on_drop: impl Fn(DragEvent) + 'static,
    children: Children,
) -> impl IntoView {
    let dragging = RwSignal::new(false);
    view! {
        <div
            class=format!("avatar-picker {class}")
            class:avatar-picker-dragging=move || dragging.get()
            on:dragover=move |event: DragEvent| {
                event.prevent_default();
                dragging.set(true);
            }
            on:dragleave=move |_| dragging.set(false)
            on:drop=move |event: DragEvent| {
                event.prevent_default();
                dragging.set(false);
                on_drop(event);
            }
        >
            {children()}
        </div>
    }
}
