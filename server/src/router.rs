//! The HTTP routes: server-rendered pages, server functions and the built static files, behind the security
//! layers (host and origin checks, security headers) and the owner's session.

use crate::image_proxy::image_proxy_routes;
use crate::media_files::media_routes;
use crate::media_links::media_link_routes;
use crate::security::{add_security_headers, refuse_foreign_requests, ScriptNonce, Security};
use crate::sessions::{require_owner, session_layer};
use crate::static_files::{bundle_routes, PKG_DIR};
use crate::uploads::upload_routes;
use axum::http::request::Parts;
use axum::middleware::from_fn_with_state;
use axum::Router;
use clawdesk_app::{shell, App};
use clawdesk_core::Console;
use leptos::config::LeptosOptions;
use leptos::prelude::{provide_context, use_context};
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

/// Where the console is served from and under which names.
#[derive(Clone, Debug)]
pub struct Site {
    /// Where cargo-leptos put the built site.
    pub root: PathBuf,
    /// The address the console listens on.
    pub addr: SocketAddr,
    /// Host names it answers to besides its own address.
    pub allowed_hosts: Vec<String>,
    /// Whether the bundles' names carry a hash of their content (cargo-leptos `hash-files`).
    pub hashed_bundles: bool,
}

pub async fn router(console: Arc<Console>, site: &Site) -> Result<Router, String> {
    let options = LeptosOptions::builder()
        .output_name("clawdesk")
        .site_root(site.root.to_string_lossy().as_ref())
        .site_pkg_dir(PKG_DIR)
        .site_addr(site.addr)
        .hash_files(site.hashed_bundles)
        .build();
    let security = Arc::new(Security::new(site.addr, &site.allowed_hosts, console.connections().clone()));
    let sessions = session_layer(&console).await?;

    let routes = generate_route_list(App);
    let request_context = {
        let console = console.clone();
        move || {
            provide_context(console.clone());
            // The page's inline scripts carry the nonce the security layer made for this request and names in
            // its policy.
            if let Some(ScriptNonce(nonce)) = use_context::<Parts>().and_then(|parts| parts.extensions.get().cloned()) {
                provide_context(nonce);
            }
        }
    };
    Ok(Router::new()
        .leptos_routes_with_context(&options, routes, request_context, {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler(shell))
        .with_state(options)
        .merge(bundle_routes(&site.root, site.hashed_bundles))
        .merge(upload_routes(console.clone()))
        .merge(media_routes(console.clone()))
        .merge(media_link_routes(console.clone()))
        .merge(image_proxy_routes(console.clone()))
        .layer(from_fn_with_state(console, require_owner))
        .layer(sessions)
        .layer(from_fn_with_state(security.clone(), refuse_foreign_requests))
        .layer(from_fn_with_state(security, add_security_headers)))
}
