#![allow(dead_code)] // Each test binary uses its own part of this support.

//! A console served on 127.0.0.1 with a temporary data directory and the sandbox platforms, and a browser-like
//! client (cookie jar, no automatic redirects) to drive it.

use clawdesk_core::{Connections, Console, Endpoints, MasterKey, Mode, Store};
use clawdesk_sandbox::Sandbox;
use clawdesk_server::{router, Site};
use reqwest::header::ORIGIN;
use reqwest::redirect::Policy;
use secrecy::ExposeSecret;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

pub const PASSWORD: &str = "tide pools at dawn";
pub const MASTER_KEY_HEX: &str = "7d1e0c5b9a8f6e4d3c2b1a09f8e7d6c5b4a392817f6e5d4c3b2a1908f7e6d5c4";

pub struct Running {
    pub base: String,
    pub addr: SocketAddr,
    pub console: Arc<Console>,
    _data_dir: tempfile::TempDir,
    _sandbox: Sandbox,
}

impl Running {
    pub async fn start() -> Running {
        Running::start_with_hosts(Vec::new()).await
    }

    pub async fn start_with_hosts(allowed_hosts: Vec<String>) -> Running {
        Running::start_with_site(allowed_hosts, None).await
    }

    /// Serves the built bundles in `site_root`, named with content hashes or not.
    pub async fn serving_bundles(site_root: PathBuf, hashed_bundles: bool) -> Running {
        Running::start_with_site(Vec::new(), Some((site_root, hashed_bundles))).await
    }

    async fn start_with_site(allowed_hosts: Vec<String>, site: Option<(PathBuf, bool)>) -> Running {
        let data_dir = tempfile::tempdir().unwrap();
        let sandbox = Sandbox::start().await.unwrap();
        let endpoints = Endpoints {
            clawgram: sandbox.clawgram.base_url.clone(),
            clawtter: sandbox.clawtter.base_url.clone(),
            threads: sandbox.threads.base_url.clone(),
        };
        let store = Store::open(data_dir.path()).await.unwrap();
        let master_key = MasterKey::parse(MASTER_KEY_HEX).unwrap();
        let console = Arc::new(Console::new(Mode::Sandbox, Connections::new(&endpoints).unwrap(), store, &master_key));

        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        // A built site when the test script names one (after `cargo leptos build`); otherwise pages render
        // without bundles, which is all these tests need.
        let (root, hashed_bundles) = site.unwrap_or_else(|| {
            let built = std::env::var("CLAWDESK_SITE_ROOT").map(PathBuf::from);
            (built.unwrap_or_else(|_| data_dir.path().join("site")), false)
        });
        let app = router(console.clone(), &Site { root, addr, allowed_hosts, hashed_bundles }).await.unwrap();
        tokio::spawn(async move {
            axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await.unwrap();
        });
        Running { base: format!("http://{addr}"), addr, console, _data_dir: data_dir, _sandbox: sandbox }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A browser with an empty cookie jar.
    pub fn browser(&self) -> Browser {
        let http = reqwest::Client::builder().cookie_store(true).redirect(Policy::none()).build().unwrap();
        Browser { http, base: self.base.clone() }
    }

    /// Sets the console password from a fresh browser, with the setup token the console printed; the browser is
    /// then logged in.
    pub async fn set_up(&self) -> Browser {
        let browser = self.browser();
        let token = self.console.access().setup_token().expect("the console is not set up yet");
        let form = [("setup_token", token.expose_secret()), ("new_password", PASSWORD), ("confirm_password", PASSWORD)];
        let response = browser.call("/api/setup", &form).await;
        assert!(response.status().is_success() || response.status().is_redirection(), "{}", response.status());
        browser
    }

    /// A fresh browser logged in with the password.
    pub async fn logged_in(&self) -> Browser {
        let browser = self.browser();
        let response = browser.call("/api/login", &[("password", PASSWORD)]).await;
        assert!(response.status().is_success() || response.status().is_redirection(), "{}", response.status());
        browser
    }
}

pub struct Browser {
    pub http: reqwest::Client,
    pub base: String,
}

impl Browser {
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http.get(format!("{}{path}", self.base)).send().await.unwrap()
    }

    /// Calls a server function the way the console's pages do: a form POST from the console's own origin.
    pub async fn call(&self, path: &str, form: &[(&str, &str)]) -> reqwest::Response {
        self.http.post(format!("{}{path}", self.base)).header(ORIGIN, &self.base).form(form).send().await.unwrap()
    }
}

/// The path a redirect points at.
pub fn location(response: &reqwest::Response) -> Option<String> {
    response.headers().get(reqwest::header::LOCATION).map(|value| value.to_str().unwrap().to_owned())
}
