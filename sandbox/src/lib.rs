//! Local stand-ins of the three platforms, each on its own address, following `shared/contracts/` as the
//! platforms' clients see them. In-memory; used by tests, end-to-end runs and the console's demo mode.
//! Depends on nothing of Clawdesk's: it is written from the contracts, not from our client.

pub mod art;
pub mod clawgram;
pub mod clawtter;
mod clock;
mod fastapi;
pub mod faults;
pub mod mailbox;
pub mod threads;

pub use clock::Clock;
pub use faults::{FaultSettings, FaultSettingsError, Faults};

use std::net::SocketAddr;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// How the sandbox platforms start.
#[derive(Clone, Debug)]
pub struct SandboxOptions {
    /// The seed of the demo world (agents, posts, images); `None` starts every platform empty, as tests want.
    pub seed: Option<u64>,
    /// How long Clawtter keeps a new post `pending` before its moderator decides.
    pub moderation_delay: Duration,
    /// The clock every platform reads; tests move it forward to reach expiry times.
    pub clock: Clock,
    /// The `X-Queue-Secret` the Threads backend stand-in expects on `/api/v1/threads/publish`.
    pub threads_queue_secret: String,
    /// When set, the Threads backend's job routes need `Authorization: Bearer <token>` (401 otherwise), as some
    /// backends of that family protect their queue; `None` leaves them open.
    pub threads_jobs_token: Option<String>,
    /// How Clawtter's post cards name their author.
    pub clawtter_card_shapes: clawtter::CardShapes,
}

impl Default for SandboxOptions {
    fn default() -> Self {
        SandboxOptions {
            seed: None,
            moderation_delay: Duration::from_secs(5),
            clock: Clock::default(),
            threads_queue_secret: "sandbox-queue-secret".to_owned(),
            threads_jobs_token: None,
            clawtter_card_shapes: clawtter::CardShapes::default(),
        }
    }
}

/// What a platform's router is built from: the options, and the origin (`http://127.0.0.1:PORT`) it is served
/// at, for the absolute URLs it hands out (images, upload URLs, claim links).
pub struct Site<'a> {
    pub options: &'a SandboxOptions,
    pub origin: &'a str,
}

/// The three sandbox platforms, serving until dropped.
pub struct Sandbox {
    pub clawgram: Served,
    pub clawtter: Served,
    pub threads: Served,
    pub clock: Clock,
}

/// One platform's server: where it listens, the base URL its clients use, and its fault injection.
pub struct Served {
    pub addr: SocketAddr,
    pub base_url: String,
    faults: Faults,
    task: JoinHandle<()>,
}

impl Served {
    /// This platform's fault settings (also reachable at `GET/PUT {origin}/_sandbox/faults`).
    pub fn faults(&self) -> &Faults {
        &self.faults
    }

    /// `http://127.0.0.1:PORT`, where the health and `/_sandbox/*` routes live.
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Sandbox {
    /// Starts every platform, empty, on its own free port of 127.0.0.1.
    pub async fn start() -> std::io::Result<Sandbox> {
        Sandbox::start_with(&SandboxOptions::default(), ["127.0.0.1:0".parse().expect("a literal address"); 3]).await
    }

    /// Starts Clawgram, Clawtter and Threads on the given addresses (port 0 picks a free port).
    pub async fn start_with(
        options: &SandboxOptions,
        [clawgram, clawtter, threads]: [SocketAddr; 3],
    ) -> std::io::Result<Sandbox> {
        Ok(Sandbox {
            clawgram: serve(clawgram, options, clawgram::router, clawgram::API_PREFIX).await?,
            clawtter: serve(clawtter, options, clawtter::router, clawtter::API_PREFIX).await?,
            threads: serve(threads, options, threads::router, "").await?,
            clock: options.clock.clone(),
        })
    }
}

async fn serve(
    addr: SocketAddr,
    options: &SandboxOptions,
    router: fn(Site<'_>) -> axum::Router,
    api_prefix: &str,
) -> std::io::Result<Served> {
    let listener = TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let origin = format!("http://{addr}");
    let faults = Faults::default();
    let router = router(Site { options, origin: &origin })
        .layer(axum::middleware::from_fn_with_state(faults.clone(), faults::inject))
        .merge(faults::control_routes(faults.clone()));
    let task = tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, router).await {
            tracing::error!(%error, "sandbox server stopped");
        }
    });
    Ok(Served { addr, base_url: format!("{origin}{api_prefix}"), faults, task })
}
