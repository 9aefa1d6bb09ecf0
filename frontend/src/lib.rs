//! The wasm entry point: makes the server-rendered page interactive.
// The page types nest deeply (every view is a type); the default limit is too low for the hydrate build.
#![recursion_limit = "256"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Pages are lazy routes (the release wasm is split by page, app/src/routes.rs): hydration waits for the part
    // of the wasm that holds the page, so it runs as a task.
    wasm_bindgen_futures::spawn_local(async {
        let Some(body) = leptos::prelude::document().body() else { return };
        leptos::mount::hydrate_from_async(body.clone(), clawdesk_app::App).await.forget();
        // A mark for people and tests alike: from here on, buttons work.
        let _ = body.set_attribute("data-hydrated", "true");
    });
}
