//! The wasm entry point: makes the server-rendered page interactive.
// The page types nest deeply (every view is a type); the default limit is too low for the hydrate build.
#![recursion_limit = "256"]

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(clawdesk_app::App);
    // A mark for people and tests alike: from here on, buttons work.
    if let Some(body) = leptos::prelude::document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
