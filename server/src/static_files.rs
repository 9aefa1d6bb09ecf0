//! The built bundles under `/pkg`: the precompressed copy the browser accepts (brotli, then gzip), and, when
//! their names carry a hash of their content, cached for good, so a second visit downloads none of them.

use axum::http::header::{CACHE_CONTROL, VARY};
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::map_response;
use axum::response::Response;
use axum::Router;
use std::path::{Path, PathBuf};
use tower_http::services::ServeDir;

/// Where the console serves the built bundles, as `site_pkg_dir` names it to Leptos.
pub const PKG_DIR: &str = "pkg";

/// cargo-leptos writes the content hashes of the bundles it built (`hash-files = true`) beside the server
/// binary; Leptos reads the same file to name them in each page.
const HASH_FILE: &str = "hash.txt";

/// A name that changes with the content can be kept as long as a browser likes.
const IMMUTABLE: HeaderValue = HeaderValue::from_static("public, max-age=31536000, immutable");
/// Without hashed names a bundle may change under the same name: the browser asks again every time.
const REVALIDATE: HeaderValue = HeaderValue::from_static("no-cache");

/// Whether the running binary was built with hashed bundle names: its hash file lies beside it.
pub fn bundles_are_hashed() -> bool {
    hash_file_beside_binary().is_some_and(|path| path.is_file())
}

fn hash_file_beside_binary() -> Option<PathBuf> {
    Some(std::env::current_exe().ok()?.parent()?.join(HASH_FILE))
}

/// `/pkg/…` from `site_root/pkg`, precompressed variants first.
pub fn bundle_routes<S: Clone + Send + Sync + 'static>(site_root: &Path, hashed: bool) -> Router<S> {
    let files = ServeDir::new(site_root.join(PKG_DIR)).precompressed_br().precompressed_gzip();
    let cache_control = if hashed { IMMUTABLE } else { REVALIDATE };
    Router::new().nest_service(&format!("/{PKG_DIR}"), files).layer(map_response(move |mut response: Response| {
        let cache_control = cache_control.clone();
        async move {
            // Only a file that was found is worth keeping: a missing one may be there after the next build.
            let found = response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED;
            let headers = response.headers_mut();
            // The same address answers in different encodings: a shared cache must keep them apart.
            headers.insert(VARY, HeaderValue::from_static("accept-encoding"));
            if found {
                headers.insert(CACHE_CONTROL, cache_control);
            }
            response
        }
    }))
}
