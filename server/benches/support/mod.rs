//! What the server's benchmarks share: a console over a fresh data directory to build a world through the
//! console's own services, the built binary serving that world against the sandbox with the owner logged in,
//! the browser half run as a node script in headless Chromium, and the statistics of the table.
//!
//! The binary is `target/release/clawdesk` (from `scripts/build-release.sh`: owners run the release build);
//! `CLAWDESK_BENCH_BINARY` names another one, e.g. `target/debug/clawdesk` to try a benchmark without a
//! release build (its figures are then the debug build's, not the ones to report).

use clawdesk_core::{Connections, Console, Endpoints, MasterKey, Mode, Store};
use clawdesk_sandbox::Sandbox;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PASSWORD: &str = "benchmark owner password";
const SETUP_TOKEN: &str = "server-benchmark-setup-token";

pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the server crate is in the workspace").to_owned()
}

pub fn median(mut samples: Vec<f64>) -> f64 {
    samples.retain(|sample| sample.is_finite());
    samples.sort_by(f64::total_cmp);
    samples.get(samples.len() / 2).copied().unwrap_or(f64::NAN)
}

pub fn millis(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// A console over `data`, pointed at the sandbox as the served binary will be, to build the world with; close
/// its store (`console.store().pool().close()`) before serving.
pub async fn world_console(sandbox: &Sandbox, data: &Path) -> Console {
    let endpoints = Endpoints {
        clawgram: sandbox.clawgram.base_url.clone(),
        clawtter: sandbox.clawtter.base_url.clone(),
        threads: sandbox.threads.base_url.clone(),
    };
    let store = Store::open(data).await.unwrap();
    let master_key = MasterKey::load(None, data).unwrap();
    Console::new(Mode::Production, Connections::new(&endpoints).unwrap(), store, &master_key)
}

/// The benchmarked binary on a free port, over `data`, pointed at the sandbox, with the owner logged in.
pub struct Served {
    child: Child,
    pub base: String,
    http: reqwest::Client,
    /// `clawdesk_session=…`
    pub cookie: String,
}

impl Served {
    pub async fn start(sandbox: &Sandbox, data: &Path) -> Served {
        let binary = match std::env::var_os("CLAWDESK_BENCH_BINARY") {
            Some(named) => workspace().join(named),
            None => workspace().join("target/release/clawdesk"),
        };
        assert!(binary.exists(), "{} is missing: run scripts/build-release.sh first", binary.display());
        println!("serving with {}", binary.display());
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

    /// The server's resident memory (`VmRSS`), in MiB.
    pub fn resident_mib(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap_or_default();
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmRSS:")?.trim().strip_suffix("kB")?.trim().parse::<f64>().ok())
            .map_or(f64::NAN, |kib| kib / 1024.0)
    }

    /// Fetches the page at `path` whole, as the owner; returns it and how long it took.
    pub async fn page(&self, path: &str) -> (Duration, usize) {
        let started = Instant::now();
        let page = self.http.get(format!("{}{path}", self.base)).header("cookie", &self.cookie).send().await.unwrap();
        assert!(page.status().is_success(), "{path}: {}", page.status());
        let bytes = page.bytes().await.unwrap().len();
        (started.elapsed(), bytes)
    }

    /// Calls the server function at `/api/{endpoint}` as a page does, its arguments added by `arguments` (a form
    /// or JSON); returns the answer and how long it took to arrive whole.
    pub async fn server_fn(
        &self,
        endpoint: &str,
        arguments: impl FnOnce(reqwest::RequestBuilder) -> reqwest::RequestBuilder,
    ) -> (Duration, Vec<u8>) {
        let started = Instant::now();
        let request = self
            .http
            .post(format!("{}/api/{endpoint}", self.base))
            .header("origin", &self.base)
            .header("cookie", &self.cookie);
        let answer = arguments(request).send().await.unwrap();
        assert!(answer.status().is_success(), "{endpoint}: {}", answer.status());
        let body = answer.bytes().await.unwrap();
        (started.elapsed(), body.to_vec())
    }

    /// Runs the browser half, `end2end/bench/{script}` (needs `make test`'s npm packages in `end2end/`), on the
    /// page at `path` `runs` times; returns the JSON it prints (null when it could not run, after saying why).
    pub fn browser(&self, script: &str, path: &str, runs: usize) -> serde_json::Value {
        self.run_browser(script, path, runs).unwrap_or_else(|why| {
            eprintln!("browser figures skipped: {why}");
            serde_json::Value::Null
        })
    }

    fn run_browser(&self, script: &str, path: &str, runs: usize) -> Result<serde_json::Value, String> {
        let output = Command::new("node")
            .arg(workspace().join("end2end/bench").join(script))
            .arg(format!("{}{path}", self.base))
            .arg(&self.cookie)
            .arg(runs.to_string())
            .current_dir(workspace().join("end2end"))
            .output()
            .map_err(|e| format!("node could not be started: {e}"))?;
        if !output.status.success() {
            return Err(format!("the browser run failed: {}", String::from_utf8_lossy(&output.stderr).trim()));
        }
        serde_json::from_slice(&output.stdout).map_err(|e| e.to_string())
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The median of the numbers listed under `key` in a browser run's figures, shown in whole milliseconds, or "–".
pub fn browser_median(figures: &serde_json::Value, key: &str) -> String {
    let samples: Vec<f64> = figures[key]
        .as_array()
        .map(|all| all.iter().filter_map(serde_json::Value::as_f64).collect())
        .unwrap_or_default();
    let median = median(samples);
    if median.is_finite() {
        format!("{median:.0}")
    } else {
        "–".to_owned()
    }
}
