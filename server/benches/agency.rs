//! The agency benchmark (not a timed test): an agency's console with 500 and with 5,000 agents, built here
//! through the services the import form uses, then served by the release binary (`target/release/clawdesk`,
//! from `scripts/build-release.sh`) against the sandbox platforms. Prints a table of what issue 15 targets:
//!
//! - the server's render of `/agents` (median of 50, measured on loopback by the client);
//! - in headless Chromium (`end2end/bench/agents-page.mjs`, needs `make test`'s npm packages): the time from
//!   navigation to a hydrated page, and from a change of the sort order to the changed list on screen;
//! - a read through a server function (the Clawgram name check) against the same read made directly to the
//!   sandbox, side by side, as a ratio;
//! - the server's resident memory idle, and after 1,000 views of `/agents` (100 at 5,000 agents).
//!
//! `cargo bench -p clawdesk-server --bench agency` (add `-- 500` to build only the smaller world).

use clawdesk_core::{Connections, Console, Endpoints, KeyImport, MasterKey, Mode, Platform, Store};
use clawdesk_platforms::clawgram::ClawgramClient;
use clawdesk_platforms::clawtter::{ClawtterClient, Registration};
use clawdesk_sandbox::{Sandbox, SandboxOptions};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PASSWORD: &str = "benchmark owner password";
const SETUP_TOKEN: &str = "agency-benchmark-setup-token";
/// Agents that others follow, so that sorting by followers changes the list.
const FOLLOWED: usize = 10;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the server crate is in the workspace").to_owned()
}

fn median(mut samples: Vec<f64>) -> f64 {
    samples.retain(|sample| sample.is_finite());
    samples.sort_by(f64::total_cmp);
    samples.get(samples.len() / 2).copied().unwrap_or(f64::NAN)
}

fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// `VmRSS` of a process, in MiB.
fn resident_mib(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:")?.trim().strip_suffix("kB")?.trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kib| kib / 1024.0)
}

/// `agents` Clawtter agents registered on the sandbox and imported into a console in `data`, as the import form
/// imports them (the key checked with the platform, the profile read). Each follows one of the last few.
async fn build_world(sandbox: &Sandbox, data: &Path, agents: usize) {
    let endpoints = Endpoints {
        clawgram: sandbox.clawgram.base_url.clone(),
        clawtter: sandbox.clawtter.base_url.clone(),
        threads: sandbox.threads.base_url.clone(),
    };
    let store = Store::open(data).await.unwrap();
    let master_key = MasterKey::load(None, data).unwrap();
    let console = Console::new(Mode::Production, Connections::new(&endpoints).unwrap(), store, &master_key);
    let clawtter = ClawtterClient::new(&sandbox.clawtter.base_url).unwrap();
    let started = Instant::now();
    let mut registered = Vec::with_capacity(agents);
    for n in 0..agents {
        let name = format!("agency_{n:04}");
        let registration = Registration { identity_id: name.clone(), nickname: name, ..Registration::default() };
        registered.push(clawtter.register(&registration).await.unwrap());
    }
    for (n, agent) in registered.iter().enumerate() {
        let followed = &registered[agents - 1 - n % FOLLOWED.min(agents)];
        if followed.identity_id != agent.identity_id {
            clawtter.follow(&agent.api_key, &followed.identity_id).await.unwrap();
        }
    }
    for agent in registered {
        let import =
            KeyImport { platform: Platform::Clawtter, identity_id: Some(agent.identity_id), api_key: agent.api_key };
        console.onboarding().import(import, None).await.unwrap();
    }
    console.store().pool().close().await;
    println!("{agents} agents registered and imported in {:.1} s", started.elapsed().as_secs_f64());
}

/// The release console on a free port, over `data`, pointed at the sandbox, with the owner logged in.
struct Served {
    child: Child,
    base: String,
    http: reqwest::Client,
    /// `clawdesk_session=…`
    cookie: String,
}

impl Served {
    async fn start(sandbox: &Sandbox, data: &Path) -> Served {
        let binary = workspace().join("target/release/clawdesk");
        assert!(binary.exists(), "{} is missing: run scripts/build-release.sh first", binary.display());
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(binary)
            .current_dir(workspace())
            .env("CLAWDESK_BIND", format!("127.0.0.1:{port}"))
            .env("CLAWDESK_DATA_DIR", data)
            .env("CLAWDESK_SANDBOX", "off")
            .env("CLAWDESK_CLAWGRAM_URL", &sandbox.clawgram.base_url)
            .env("CLAWDESK_CLAWTTER_URL", &sandbox.clawtter.base_url)
            .env("CLAWDESK_THREADS_URL", &sandbox.threads.base_url)
            .env("CLAWDESK_SETUP_TOKEN", SETUP_TOKEN)
            .env("CLAWDESK_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        let http = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        for _ in 0..600 {
            if http.get(format!("{base}/login")).send().await.is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let form = [("setup_token", SETUP_TOKEN), ("new_password", PASSWORD), ("confirm_password", PASSWORD)];
        let answer = http.post(format!("{base}/api/setup")).header("origin", &base).form(&form).send().await.unwrap();
        assert!(answer.status().is_success(), "setting the password: {}", answer.status());
        let cookie = answer.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
        Served { child, base, http, cookie }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Fetches `/agents` whole; returns how long it took.
    async fn agents_page(&self) -> Duration {
        let started = Instant::now();
        let page = self.http.get(format!("{}/agents", self.base)).header("cookie", &self.cookie).send().await.unwrap();
        assert!(page.status().is_success(), "{}", page.status());
        page.bytes().await.unwrap();
        started.elapsed()
    }

    /// The Clawgram name check, as the registration form makes it; returns how long it took.
    async fn name_check(&self, name: &str) -> Duration {
        let started = Instant::now();
        let answer = self
            .http
            .post(format!("{}/api/agents/check-clawgram-name", self.base))
            .header("origin", &self.base)
            .header("cookie", &self.cookie)
            .form(&[("name", name)])
            .send()
            .await
            .unwrap();
        assert!(answer.status().is_success(), "{}", answer.status());
        answer.bytes().await.unwrap();
        started.elapsed()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Hydration and sort times from headless Chromium, or why they could not be measured.
fn browser_figures(served: &Served, runs: usize) -> Result<(f64, f64), String> {
    let script = workspace().join("end2end/bench/agents-page.mjs");
    let output = Command::new("node")
        .arg(&script)
        .arg(format!("{}/agents", served.base))
        .arg(&served.cookie)
        .arg(runs.to_string())
        .current_dir(workspace().join("end2end"))
        .output()
        .map_err(|e| format!("node could not be started: {e}"))?;
    if !output.status.success() {
        return Err(format!("the browser run failed: {}", String::from_utf8_lossy(&output.stderr).trim()));
    }
    let figures: serde_json::Value = serde_json::from_slice(&output.stdout).map_err(|e| e.to_string())?;
    let samples = |key: &str| -> Vec<f64> {
        figures[key]
            .as_array()
            .map(|all| all.iter().filter_map(serde_json::Value::as_f64).collect())
            .unwrap_or_default()
    };
    Ok((median(samples("hydrated")), median(samples("sorted"))))
}

/// One world's row of figures.
struct Figures {
    agents: usize,
    render_ms: f64,
    page_bytes: usize,
    hydrated_ms: String,
    sort_ms: String,
    via_server_fn_ms: f64,
    direct_ms: f64,
    idle_mib: f64,
    views: usize,
    after_views_mib: f64,
}

async fn measure(agents: usize) -> Figures {
    let sandbox = Sandbox::start_with(&SandboxOptions::default(), ["127.0.0.1:0".parse().unwrap(); 3]).await.unwrap();
    let data = tempfile::tempdir().unwrap();
    build_world(&sandbox, data.path(), agents).await;
    let served = Served::start(&sandbox, data.path()).await;
    let idle_mib = resident_mib(served.pid());

    let page = served.http.get(format!("{}/agents", served.base)).header("cookie", &served.cookie).send().await;
    let page_bytes = page.unwrap().bytes().await.unwrap().len();
    let mut renders = Vec::new();
    for _ in 0..50 {
        renders.push(millis(served.agents_page().await));
    }

    // Side by side: each name checked through the console, then directly, in turn.
    let clawgram = ClawgramClient::new(&sandbox.clawgram.base_url).unwrap();
    let (mut via_server_fn, mut direct) = (Vec::new(), Vec::new());
    for n in 0..200 {
        let name = format!("free_name_{n}");
        via_server_fn.push(millis(served.name_check(&name).await));
        let started = Instant::now();
        let _ = clawgram.profile(&name).await;
        direct.push(millis(started.elapsed()));
    }

    let (hydrated_ms, sort_ms) = match browser_figures(&served, 10) {
        Ok((hydrated, sorted)) => (format!("{hydrated:.0}"), format!("{sorted:.0}")),
        Err(why) => {
            eprintln!("browser figures skipped: {why}");
            ("–".to_owned(), "–".to_owned())
        }
    };

    let views = if agents > 1000 { 100 } else { 1000 };
    for _ in 0..views {
        served.agents_page().await;
    }
    let after_views_mib = resident_mib(served.pid());
    Figures {
        agents,
        render_ms: median(renders),
        page_bytes,
        hydrated_ms,
        sort_ms,
        via_server_fn_ms: median(via_server_fn),
        direct_ms: median(direct),
        idle_mib,
        views,
        after_views_mib,
    }
}

#[tokio::main]
async fn main() {
    // The console refuses a data directory others can read; the world is built in this process first.
    unsafe { libc::umask(0o077) };
    let sizes: Vec<usize> = match std::env::args().skip(1).find_map(|arg| arg.parse().ok()) {
        Some(size) => vec![size],
        None => vec![500, 5000],
    };
    let mut rows = Vec::new();
    for agents in sizes {
        rows.push(measure(agents).await);
    }
    println!();
    println!(
        "| agents | /agents render (median) | page size | hydrated after navigation | sort answers | name check via server fn | direct | ratio | RSS idle | RSS after views |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for row in rows {
        println!(
            "| {} | {:.1} ms | {:.0} KB | {} ms | {} ms | {:.2} ms | {:.2} ms | {:.2} | {:.0} MiB | {:.0} MiB after {} |",
            row.agents,
            row.render_ms,
            row.page_bytes as f64 / 1000.0,
            row.hydrated_ms,
            row.sort_ms,
            row.via_server_fn_ms,
            row.direct_ms,
            row.via_server_fn_ms / row.direct_ms,
            row.idle_mib,
            row.after_views_mib,
            row.views,
        );
    }
}
