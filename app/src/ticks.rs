//! A counter that goes up every so often while the page is open in the browser: what a resource reads to be
//! fetched again when the server's data changes in the background (the dispatcher sending posts).

use leptos::prelude::*;
use std::time::Duration;

/// Goes up by one every `every`; stays 0 on the server, where effects do not run.
pub fn ticks(every: Duration) -> ReadSignal<u32> {
    let (count, set_count) = signal(0u32);
    Effect::new(move |_| {
        if let Ok(timer) = set_interval_with_handle(move || set_count.update(|n| *n += 1), every) {
            on_cleanup(move || timer.clear());
        }
    });
    count
}
