//! Runs the three sandbox platforms alone, e.g. to point a console or an agent at them by hand.

use clawdesk_sandbox::{Sandbox, SandboxOptions};

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
    let sandbox = Sandbox::start_with(&SandboxOptions::default(), [clawgram, clawtter, threads]).await?;
    println!("Clawgram sandbox: {}", sandbox.clawgram.base_url);
    println!("Clawtter sandbox: {}", sandbox.clawtter.base_url);
    println!("Threads sandbox:  {}", sandbox.threads.base_url);
    tokio::signal::ctrl_c().await
}
