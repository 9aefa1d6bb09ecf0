//! The data a page loads through its server functions, as a Leptos resource: fetched and rendered into the page
//! on the server, read back from the page in the browser as it hydrates, fetched again there when its source
//! changes.
//!
//! The browser decodes it with serde_json from bytes, as server_fn decodes the server functions' own results.
//! Leptos' default codec decodes from a `str` instead, which put a second decoder for every result type into the
//! wasm (ARCHITECTURE.md, "The wasm's size").

use leptos::prelude::*;
use leptos::server::codee::{Decoder, Encoder};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::future::Future;

/// JSON, decoded from bytes (`serde_json::from_slice`) as server_fn's `JsonEncoding` does.
pub struct JsonBytes;

impl<T: Serialize> Encoder<T> for JsonBytes {
    type Error = serde_json::Error;
    type Encoded = String;

    fn encode(value: &T) -> Result<String, serde_json::Error> {
        serde_json::to_string(value)
    }
}

impl<T: DeserializeOwned> Decoder<T> for JsonBytes {
    type Error = serde_json::Error;
    type Encoded = str;

    fn decode(text: &str) -> Result<T, serde_json::Error> {
        serde_json::from_slice(text.as_bytes())
    }
}

/// A page's data: a resource that travels as [`JsonBytes`].
pub type PageData<T> = Resource<T, JsonBytes>;

/// Loads a page's data: `fetcher` runs on the server for the first render, and in the browser whenever `source`
/// changes. Not blocking: the page streams around it, as `Resource::new`'s would.
#[track_caller]
pub fn page_data<T, S, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> PageData<T>
where
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    S: Send + Sync + Clone + PartialEq + 'static,
    Fut: Future<Output = T> + Send + 'static,
{
    Resource::new_with_options(source, fetcher, false)
}
