//! Start-up: the data directory, the platforms (the sandbox when configured so), the listener.

use crate::config::{Config, Platforms};
use crate::security::CONSOLE_HOST;
use axum::serve::ListenerExt;
use clawdesk_core::{
    create_data_dir, Connections, Console, CoreError, Endpoints, MasterKey, Mode, SchedulerOptions, Store,
    MASTER_KEY_ENV, SETUP_TOKEN_ENV,
};
use clawdesk_sandbox::{Sandbox, SandboxOptions};
use secrecy::{ExposeSecret, SecretString};
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use tokio::net::TcpListener;

const DEMO_SEED: u64 = 2026;
const LOOPBACK_ANY_PORT: SocketAddr = SocketAddr::new(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST), 0);

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot listen on {addr}: {source} (is another program using it? set CLAWDESK_BIND to another address)")]
    Bind { addr: SocketAddr, source: io::Error },
    #[error("cannot start the sandbox platforms: {0}")]
    Sandbox(io::Error),
    #[error("{0}")]
    Platforms(#[from] clawdesk_core::PlatformError),
    #[error("{0}")]
    Core(#[from] CoreError),
    #[error("{0}")]
    Sessions(String),
    #[error("the server stopped: {0}")]
    Serve(io::Error),
}

/// Serves the console until Ctrl-C or SIGTERM.
pub async fn run(config: Config) -> Result<(), StartError> {
    create_data_dir(&config.data_dir)?;

    // The sandbox lives as long as this function: it stops with the console.
    let (mode, endpoints, sandbox_queue_secret, _sandbox) = match config.platforms {
        Platforms::Sandbox => {
            // Demo mode: a seeded world, the same on every start.
            let options = SandboxOptions { seed: Some(DEMO_SEED), ..SandboxOptions::default() };
            let sandbox = Sandbox::start_with(&options, [LOOPBACK_ANY_PORT; 3]).await.map_err(StartError::Sandbox)?;
            let endpoints = Endpoints {
                clawgram: sandbox.clawgram.base_url.clone(),
                clawtter: sandbox.clawtter.base_url.clone(),
                threads: sandbox.threads.base_url.clone(),
            };
            (Mode::Sandbox, endpoints, Some(SecretString::from(options.threads_queue_secret)), Some(sandbox))
        }
        Platforms::Remote(endpoints) => (Mode::Production, endpoints, None, None),
    };
    let master_key_env = std::env::var(MASTER_KEY_ENV).ok().filter(|v| !v.trim().is_empty()).map(SecretString::from);
    let master_key = MasterKey::load(master_key_env.as_ref(), &config.data_dir)?;
    let store = Store::open(&config.data_dir).await?;
    let console = Arc::new(
        Console::new(mode, Connections::new(&endpoints)?, store, &master_key)
            .with_delivery_folders(&config.delivery_dirs),
    );
    if let Some(token) = std::env::var(SETUP_TOKEN_ENV).ok().filter(|v| !v.trim().is_empty()) {
        console.access().use_setup_token(SecretString::from(token))?;
    }
    // What Settings saved goes over the configuration (in production mode; see core::connection_settings).
    let settings = console.connection_settings();
    if let Some(secret) = sandbox_queue_secret {
        settings.set_default_queue_secret(secret);
    }
    for platform in settings.apply_saved().await? {
        let base_url = console.connections().endpoints().get(platform).to_owned();
        tracing::info!(%platform, %base_url, "connecting at the address saved in Settings, not the configured one");
    }
    console.upgrade_stored_secrets().await?;
    let rescued = console.rotations().recover_rescued_keys().await?;
    if rescued > 0 {
        tracing::info!(rescued, "stored rotated keys that an earlier run could not write to the database");
    }
    // Clawtter empties its notification queue when it is read: the console fetches and keeps them.
    let _notifications = console.notifications().clone().start(clawdesk_core::NOTIFICATIONS_EVERY);

    let listener =
        TcpListener::bind(config.bind).await.map_err(|source| StartError::Bind { addr: config.bind, source })?;
    let addr = listener.local_addr().map_err(StartError::Serve)?;
    if !addr.ip().is_loopback() {
        tracing::warn!(%addr, "listening on a non-loopback address without https: anyone on the network can reach the console");
    }
    // The dispatcher settles what a previous run left mid-send, then sends posts as they fall due. A Threads
    // backend on this machine fetches post images from the console's own address.
    let own_address =
        if addr.ip().is_unspecified() { SocketAddr::new(Ipv4Addr::LOCALHOST.into(), addr.port()) } else { addr };
    let dispatch =
        SchedulerOptions { console_address: Some(format!("http://{own_address}")), ..SchedulerOptions::default() };
    let _dispatcher = console.scheduler(dispatch).start().await?;
    let site = crate::Site {
        root: config.site_root.clone(),
        addr,
        allowed_hosts: config.allowed_hosts.clone(),
        hashed_bundles: crate::static_files::bundles_are_hashed(),
    };
    let setup_token = pending_setup_token(&console).await?;
    let app = crate::router(console, &site).await.map_err(StartError::Sessions)?;

    let mode_name = match mode {
        Mode::Sandbox => "sandbox platforms",
        Mode::Production => "real platforms",
    };
    // On loopback, the console's own name keeps its cookie from other local services (security.rs).
    let address = if addr.ip().is_loopback() { format!("{CONSOLE_HOST}:{}", addr.port()) } else { addr.to_string() };
    println!("Clawdesk is running on http://{address} ({mode_name}; data in {})", config.data_dir.display());
    // Whoever opens this link first sets the password: it goes only to whoever can read this output.
    if let Some(token) = setup_token {
        println!("First run: set the console password at http://{address}/setup?token={}", token.expose_secret());
    }
    // Without TCP_NODELAY a response written in two parts (headers, then a file or a streamed page) waits for the
    // browser's delayed ACK, 40 ms on Linux.
    let listener = listener.tap_io(|tcp| {
        if let Err(error) = tcp.set_nodelay(true) {
            tracing::warn!("cannot set TCP_NODELAY: {error}");
        }
    });
    // The client's address is what login throttling and the audit log go by.
    axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(StartError::Serve)
}

/// The setup token while the console has no password yet.
async fn pending_setup_token(console: &Console) -> Result<Option<SecretString>, CoreError> {
    Ok(if console.access().is_set_up().await? { None } else { console.access().setup_token() })
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        if let Ok(mut signal) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            signal.recv().await;
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
