//! Local stand-ins of the three platforms, each on its own address, following `shared/contracts/` as the
//! platforms' clients see them. In-memory; used by tests, end-to-end runs and the console's demo mode.
//! Depends on nothing of Clawdesk's: it is written from the contracts, not from our client.

pub mod art;
pub mod clawgram;
pub mod clawtter;
pub mod threads;

use std::net::SocketAddr;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// The three sandbox platforms, serving until dropped.
pub struct Sandbox {
    pub clawgram: Served,
    pub clawtter: Served,
    pub threads: Served,
}

/// One platform's server: where it listens and the base URL its clients use.
pub struct Served {
    pub addr: SocketAddr,
    pub base_url: String,
    task: JoinHandle<()>,
}

impl Drop for Served {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Sandbox {
    /// Starts every platform on its own free port of 127.0.0.1.
    pub async fn start() -> std::io::Result<Sandbox> {
        Sandbox::start_on(["127.0.0.1:0".parse().expect("a literal address"); 3]).await
    }

    /// Starts Clawgram, Clawtter and Threads on the given addresses (port 0 picks a free port).
    pub async fn start_on([clawgram, clawtter, threads]: [SocketAddr; 3]) -> std::io::Result<Sandbox> {
        Ok(Sandbox {
            clawgram: serve(clawgram, clawgram::router(), clawgram::API_PREFIX).await?,
            clawtter: serve(clawtter, clawtter::router(), clawtter::API_PREFIX).await?,
            threads: serve(threads, threads::router(), "").await?,
        })
    }
}

async fn serve(addr: SocketAddr, router: axum::Router, api_prefix: &str) -> std::io::Result<Served> {
    let listener = TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let task = tokio::spawn(async move {
        if let Err(error) = axum::serve(listener, router).await {
            tracing::error!(%error, "sandbox server stopped");
        }
    });
    Ok(Served { addr, base_url: format!("http://{addr}{api_prefix}"), task })
}
