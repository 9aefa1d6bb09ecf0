use clawdesk_server::config::Config;
use std::process::ExitCode;

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("CLAWDESK_LOG").unwrap_or_else(|_| "info".into()))
        .init();
    let config = match Config::load() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("clawdesk: configuration error: {error}");
            return ExitCode::from(2);
        }
    };
    let runtime = tokio::runtime::Runtime::new().expect("a tokio runtime can always start");
    match runtime.block_on(clawdesk_server::run(config)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("clawdesk: {error}");
            ExitCode::FAILURE
        }
    }
}
