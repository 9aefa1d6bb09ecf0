//! The console's connections to each platform, and checking that they answer.

use clawdesk_platforms::clawgram::ClawgramClient;
use clawdesk_platforms::clawtter::ClawtterClient;
use clawdesk_platforms::threads::ThreadsClient;
use clawdesk_platforms::{Platform, PlatformError};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};

/// Where each platform is reached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Endpoints {
    pub clawgram: String,
    pub clawtter: String,
    pub threads: String,
}

impl Default for Endpoints {
    /// The production addresses from the contracts.
    fn default() -> Self {
        Endpoints {
            clawgram: Platform::Clawgram.default_base_url().to_owned(),
            clawtter: Platform::Clawtter.default_base_url().to_owned(),
            threads: Platform::Threads.default_base_url().to_owned(),
        }
    }
}

impl Endpoints {
    pub fn get(&self, platform: Platform) -> &str {
        match platform {
            Platform::Clawgram => &self.clawgram,
            Platform::Clawtter => &self.clawtter,
            Platform::Threads => &self.threads,
        }
    }

    pub fn set(&mut self, platform: Platform, base_url: impl Into<String>) {
        let slot = match platform {
            Platform::Clawgram => &mut self.clawgram,
            Platform::Clawtter => &mut self.clawtter,
            Platform::Threads => &mut self.threads,
        };
        *slot = base_url.into();
    }
}

/// One client per platform.
#[derive(Clone, Debug)]
pub struct Clients {
    pub clawgram: ClawgramClient,
    pub clawtter: ClawtterClient,
    pub threads: ThreadsClient,
}

/// The console's clients, shared by every service. Settings can point a platform at a new address while the
/// console runs: every clone then sees the new clients, and calls already under way finish on the old ones.
#[derive(Clone, Debug)]
pub struct Connections {
    current: Arc<RwLock<Arc<Clients>>>,
}

/// The outcome of calling one platform's health route.
#[derive(Clone, Debug)]
pub struct ConnectionCheck {
    pub platform: Platform,
    pub base_url: String,
    /// How long the platform took to answer, or why it did not.
    pub outcome: Result<Duration, String>,
}

impl Clients {
    pub fn new(endpoints: &Endpoints) -> Result<Self, PlatformError> {
        Ok(Clients {
            clawgram: ClawgramClient::new(&endpoints.clawgram)?,
            clawtter: ClawtterClient::new(&endpoints.clawtter)?,
            threads: ThreadsClient::new(&endpoints.threads)?,
        })
    }

    /// Whether the Threads backend runs on this machine (a loopback address), where it can fetch from the console.
    pub(crate) fn threads_on_this_machine(&self) -> bool {
        self.threads.base_url().is_on_this_machine()
    }

    /// Where each platform is reached now.
    pub fn endpoints(&self) -> Endpoints {
        Endpoints {
            clawgram: self.clawgram.base_url().as_str().to_owned(),
            clawtter: self.clawtter.base_url().as_str().to_owned(),
            threads: self.threads.base_url().as_str().to_owned(),
        }
    }

    /// The `scheme://host:port` the platform is reached at: what its keys are bound to.
    pub fn origin(&self, platform: Platform) -> String {
        let base = match platform {
            Platform::Clawgram => self.clawgram.base_url(),
            Platform::Clawtter => self.clawtter.base_url(),
            Platform::Threads => self.threads.base_url(),
        };
        base.origin().as_str().trim_end_matches('/').to_owned()
    }

    /// Calls one platform's health route.
    pub async fn check(&self, platform: Platform) -> ConnectionCheck {
        let (base_url, outcome) = match platform {
            Platform::Clawgram => (self.clawgram.base_url(), timed(self.clawgram.health()).await),
            Platform::Clawtter => (self.clawtter.base_url(), timed(self.clawtter.health()).await),
            Platform::Threads => (self.threads.base_url(), timed(self.threads.health()).await),
        };
        ConnectionCheck { platform, base_url: base_url.as_str().to_owned(), outcome }
    }

    /// Calls every platform's health route at once.
    pub async fn check_all(&self) -> Vec<ConnectionCheck> {
        let (clawgram, clawtter, threads) =
            tokio::join!(self.check(Platform::Clawgram), self.check(Platform::Clawtter), self.check(Platform::Threads));
        vec![clawgram, clawtter, threads]
    }
}

impl Connections {
    pub fn new(endpoints: &Endpoints) -> Result<Self, PlatformError> {
        Ok(Connections { current: Arc::new(RwLock::new(Arc::new(Clients::new(endpoints)?))) })
    }

    /// The clients as they are now; a caller keeps them for the whole of one operation.
    pub fn current(&self) -> Arc<Clients> {
        // A writer cannot panic while holding the lock (it only swaps an Arc), so a poisoned lock is still sound.
        self.current.read().unwrap_or_else(PoisonError::into_inner).clone()
    }

    pub fn clawgram(&self) -> ClawgramClient {
        self.current().clawgram.clone()
    }

    pub fn clawtter(&self) -> ClawtterClient {
        self.current().clawtter.clone()
    }

    pub fn threads(&self) -> ThreadsClient {
        self.current().threads.clone()
    }

    /// Points the console at new addresses; nothing changes if one of them is not a valid base URL.
    pub fn replace(&self, endpoints: &Endpoints) -> Result<(), PlatformError> {
        let clients = Arc::new(Clients::new(endpoints)?);
        *self.current.write().unwrap_or_else(PoisonError::into_inner) = clients;
        Ok(())
    }

    pub fn endpoints(&self) -> Endpoints {
        self.current().endpoints()
    }

    /// Whether the Threads backend runs on this machine, where it can fetch the console's image links.
    pub fn threads_on_this_machine(&self) -> bool {
        self.current().threads_on_this_machine()
    }

    pub fn origin(&self, platform: Platform) -> String {
        self.current().origin(platform)
    }

    /// Where anyone can read a post the platform holds: Clawgram's public `{base}/posts/{id}` (the contracts give
    /// the platforms no web pages). `None` elsewhere: Clawtter answers only with a key, and the Threads backend
    /// keeps jobs, not posts.
    pub fn public_post_url(&self, platform: Platform, post_id: &str) -> Option<String> {
        let endpoints = self.endpoints();
        (platform == Platform::Clawgram)
            .then(|| format!("{}/posts/{post_id}", endpoints.get(platform).trim_end_matches('/')))
    }

    /// Each platform's `scheme://host:port`, where it serves the images the console's pages show.
    pub fn origins(&self) -> Vec<String> {
        let clients = self.current();
        let mut origins: Vec<String> = Vec::new();
        for origin in Platform::ALL.map(|platform| clients.origin(platform)) {
            if !origins.contains(&origin) {
                origins.push(origin);
            }
        }
        origins
    }

    pub async fn check(&self, platform: Platform) -> ConnectionCheck {
        self.current().check(platform).await
    }

    pub async fn check_all(&self) -> Vec<ConnectionCheck> {
        self.current().check_all().await
    }
}

async fn timed(call: impl std::future::Future<Output = Result<(), PlatformError>>) -> Result<Duration, String> {
    let started = Instant::now();
    call.await.map(|()| started.elapsed()).map_err(|error| error.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clawdesk_sandbox::Sandbox;

    #[tokio::test]
    async fn every_sandbox_platform_answers_its_health_route() {
        let sandbox = Sandbox::start().await.unwrap();
        let endpoints = Endpoints {
            clawgram: sandbox.clawgram.base_url.clone(),
            clawtter: sandbox.clawtter.base_url.clone(),
            threads: sandbox.threads.base_url.clone(),
        };
        let checks = Connections::new(&endpoints).unwrap().check_all().await;
        assert_eq!(checks.len(), 3);
        for check in checks {
            assert!(check.outcome.is_ok(), "{} failed: {:?}", check.platform, check.outcome);
        }
    }

    #[tokio::test]
    async fn an_unreachable_platform_is_reported_not_raised() {
        // Port 9 (discard) on loopback is closed on these machines: the connection is refused at once.
        let closed = "http://127.0.0.1:9";
        let endpoints = Endpoints { clawgram: closed.into(), clawtter: closed.into(), threads: closed.into() };
        let checks = Connections::new(&endpoints).unwrap().check_all().await;
        for check in checks {
            let error = check.outcome.unwrap_err();
            assert!(error.contains(&format!("could not reach {}", check.platform)), "{error}");
        }
    }
}
