//! The HTTP routes: server-rendered pages, server functions and the built static files.

use axum::Router;
use clawdesk_app::{shell, App};
use clawdesk_core::Console;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

pub fn router(console: Arc<Console>, site_root: &Path, addr: SocketAddr) -> Router {
    let options = LeptosOptions::builder()
        .output_name("clawdesk")
        .site_root(site_root.to_string_lossy().as_ref())
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .build();
    let routes = generate_route_list(App);
    Router::new()
        .leptos_routes_with_context(&options, routes, move || provide_context(console.clone()), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler(shell))
        .with_state(options)
}
