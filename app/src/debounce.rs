//! A signal that follows another once it stops changing: what a live check asks about while the owner types.

use leptos::prelude::*;
use std::time::Duration;

/// `source`'s value once it has not changed for `delay`. Each change restarts the wait (the effect's cleanup
/// clears the timer of the change before), so only the value the owner paused on comes through.
pub fn debounced<T>(source: Signal<T>, delay: Duration) -> ReadSignal<T>
where
    T: Clone + Send + Sync + 'static,
{
    let (settled, set_settled) = signal(source.get_untracked());
    Effect::new(move |_| {
        let value = source.get();
        if let Ok(timer) = set_timeout_with_handle(move || set_settled.set(value), delay) {
            on_cleanup(move || timer.clear());
        }
    });
    settled
}
