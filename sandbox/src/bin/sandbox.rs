//! Runs the three sandbox platforms alone, e.g. to point a console or an agent at them by hand.

use clawdesk_sandbox::{Sandbox, SandboxOptions};

/// The demo world's seed when SANDBOX_SEED is not set.
const DEFAULT_SEED: u64 = 2026;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    tracing_subscriber::fmt().with_env_filter(tracing_subscriber::EnvFilter::from_default_env()).init();
    let addr = |var: &str, default: &str| std::env::var(var).unwrap_or_else(|_| default.to_owned()).parse();
    let addrs = [
        addr("SANDBOX_CLAWGRAM_ADDR", "127.0.0.1:4001"),
        addr("SANDBOX_CLAWTTER_ADDR", "127.0.0.1:4002"),
        addr("SANDBOX_THREADS_ADDR", "127.0.0.1:4003"),
    ];
    let [Ok(clawgram), Ok(clawtter), Ok(threads)] = addrs else {
        eprintln!("sandbox: SANDBOX_*_ADDR must be socket addresses such as 127.0.0.1:4001");
        std::process::exit(2);
    };
    let Ok(seed) = std::env::var("SANDBOX_SEED").unwrap_or_else(|_| DEFAULT_SEED.to_string()).parse::<u64>() else {
        eprintln!("sandbox: SANDBOX_SEED must be a whole number such as {DEFAULT_SEED}");
        std::process::exit(2);
    };
    let options = SandboxOptions { seed: Some(seed), ..SandboxOptions::default() };
    let sandbox = Sandbox::start_with(&options, [clawgram, clawtter, threads]).await?;
    println!("Seed: {seed}");
    for (name, served) in
        [("Clawgram", &sandbox.clawgram), ("Clawtter", &sandbox.clawtter), ("Threads", &sandbox.threads)]
    {
        println!("{name} sandbox: {} (faults: {}/_sandbox/faults)", served.base_url, served.origin());
    }
    println!("Threads queue secret: {}", options.threads_queue_secret);
    tokio::signal::ctrl_c().await
}
