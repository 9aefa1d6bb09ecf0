//! The agency benchmark (not a timed test): an agency's console with 500 and with 5,000 agents, built here
//! through the services the import form uses, then served by the release binary (`target/release/clawdesk`,
//! from `scripts/build-release.sh`, or the one `CLAWDESK_BENCH_BINARY` names: `support`) against the sandbox
//! platforms. Prints a table of what issue 15 targets:
//!
//! - the server's render of `/agents` (median of 50, measured on loopback by the client);
//! - in headless Chromium (`end2end/bench/agents-page.mjs`, needs `make test`'s npm packages): the time from
//!   navigation to a hydrated page, and from a change of the sort order to the changed list on screen, and the
//!   wasm the first visit downloaded (as sent, compressed);
//! - a read through a server function (the Clawgram name check) against the same read made directly to the
//!   sandbox, side by side, as a ratio; and a server function that asks no platform (the unread count), which
//!   is what the console's own HTTP stack costs;
//! - the server's resident memory idle, and after 1,000 views of `/agents` (100 at 5,000 agents).
//!
//! `cargo bench -p clawdesk-server --bench agency` (add `-- 500` to build only the smaller world).

mod support;

use clawdesk_core::{KeyImport, Platform};
use clawdesk_platforms::clawgram::ClawgramClient;
use clawdesk_platforms::clawtter::{ClawtterClient, Registration};
use clawdesk_sandbox::{Sandbox, SandboxOptions};
use std::path::Path;
use std::time::Instant;
use support::{browser_median, median, millis, world_console, Served};

/// Agents that others follow, so that sorting by followers changes the list.
const FOLLOWED: usize = 10;

/// `agents` Clawtter agents registered on the sandbox and imported into a console in `data`, as the import form
/// imports them (the key checked with the platform, the profile read). Each follows one of the last few.
async fn build_world(sandbox: &Sandbox, data: &Path, agents: usize) {
    let console = world_console(sandbox, data).await;
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

/// One world's row of figures.
struct Figures {
    agents: usize,
    render_ms: f64,
    page_bytes: usize,
    hydrated_ms: String,
    sort_ms: String,
    via_server_fn_ms: f64,
    direct_ms: f64,
    /// A server function that asks no platform: what the console's HTTP stack alone costs.
    console_only_ms: f64,
    first_visit_wasm: String,
    idle_mib: f64,
    views: usize,
    after_views_mib: f64,
}

async fn measure(agents: usize) -> Figures {
    let sandbox = Sandbox::start_with(&SandboxOptions::default(), ["127.0.0.1:0".parse().unwrap(); 3]).await.unwrap();
    let data = tempfile::tempdir().unwrap();
    build_world(&sandbox, data.path(), agents).await;
    let served = Served::start(&sandbox, data.path()).await;
    let idle_mib = served.resident_mib();

    let page_bytes = served.page("/agents").await.1;
    let mut renders = Vec::new();
    for _ in 0..50 {
        renders.push(millis(served.page("/agents").await.0));
    }

    // Side by side: each name checked through the console, then directly, in turn.
    let clawgram = ClawgramClient::new(&sandbox.clawgram.base_url).unwrap();
    let (mut via_server_fn, mut direct) = (Vec::new(), Vec::new());
    for n in 0..200 {
        let name = format!("free_name_{n}");
        let (took, _) = served.server_fn("agents/check-clawgram-name", |form| form.form(&[("name", &name)])).await;
        via_server_fn.push(millis(took));
        let started = Instant::now();
        let _ = clawgram.profile(&name).await;
        direct.push(millis(started.elapsed()));
    }
    let mut console_only = Vec::new();
    for _ in 0..200 {
        console_only.push(millis(served.server_fn("notifications/unread", |call| call).await.0));
    }

    let browser = served.browser("agents-page.mjs", "/agents", 10);
    let (hydrated_ms, sort_ms) = (browser_median(&browser, "hydrated"), browser_median(&browser, "sorted"));
    let first_visit_wasm =
        browser["firstVisitWasm"].as_f64().map_or("–".to_owned(), |bytes| format!("{:.0}", bytes / 1000.0));

    let views = if agents > 1000 { 100 } else { 1000 };
    for _ in 0..views {
        served.page("/agents").await;
    }
    let after_views_mib = served.resident_mib();
    Figures {
        agents,
        render_ms: median(renders),
        page_bytes,
        hydrated_ms,
        sort_ms,
        via_server_fn_ms: median(via_server_fn),
        direct_ms: median(direct),
        console_only_ms: median(console_only),
        first_visit_wasm,
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
        "| agents | /agents render (median) | page size | wasm on a first visit | hydrated after navigation | sort answers | name check via server fn | direct | ratio | a server fn asking no platform | RSS idle | RSS after views |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for row in rows {
        println!(
            "| {} | {:.1} ms | {:.0} KB | {} KB | {} ms | {} ms | {:.2} ms | {:.2} ms | {:.2} | {:.2} ms | {:.0} MiB | {:.0} MiB after {} |",
            row.agents,
            row.render_ms,
            row.page_bytes as f64 / 1000.0,
            row.first_visit_wasm,
            row.hydrated_ms,
            row.sort_ms,
            row.via_server_fn_ms,
            row.direct_ms,
            row.via_server_fn_ms / row.direct_ms,
            row.console_only_ms,
            row.idle_mib,
            row.after_views_mib,
            row.views,
        );
    }
}
