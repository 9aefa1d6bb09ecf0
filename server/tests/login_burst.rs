//! A burst of parallel wrong passwords, over real HTTP: the throttle holds, only the allowed attempts are hashed,
//! the memory stays bounded, and the owner gets in after the wait. In a test binary of its own, so that the
//! process's peak memory is this test's.

mod support;

use clawdesk_core::{AuditEvent, FIRST_WAIT, FREE_ATTEMPTS};
use reqwest::StatusCode;
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::{Running, PASSWORD};

const BURST: usize = 200;
/// Each argon2id hash takes 19 MiB, and the allocator may keep that per blocking thread after it: the five
/// allowed attempts come to under 100 MiB with the burst's connections. 200 hashes would take 3.7 GiB.
const MEMORY_BOUND_KIB: u64 = 160 * 1024;

/// The process's peak resident memory so far, in KiB.
fn peak_memory_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|line| line.starts_with("VmHWM:")).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_parallel_wrong_logins_hash_only_the_allowed_attempts_and_the_owner_gets_in_after_the_wait() {
    let console = Running::start().await;
    console.set_up().await;
    let before = peak_memory_kib();

    // One client for the whole burst (as one attacker's tool would be), so that the memory measured is the server's.
    let attacker = Arc::new(console.browser());
    let started = Instant::now();
    let attempts = (0..BURST).map(|i| {
        let browser = attacker.clone();
        tokio::spawn(async move {
            let wrong = format!("not the password {i}");
            browser.call("/api/login", &[("password", wrong.as_str())]).await.status()
        })
    });
    let statuses: Vec<StatusCode> =
        futures_util::future::join_all(attempts).await.into_iter().map(Result::unwrap).collect();
    let refused_in = started.elapsed();
    let peak = peak_memory_kib();
    eprintln!(
        "{BURST} parallel wrong logins refused in {refused_in:?}; peak memory {} MiB (was {} MiB before the burst)",
        peak / 1024,
        before / 1024
    );

    let wrong = statuses.iter().filter(|status| **status == StatusCode::BAD_REQUEST).count();
    let throttled = statuses.iter().filter(|status| **status == StatusCode::TOO_MANY_REQUESTS).count();
    assert_eq!(wrong + throttled, BURST, "every attempt is refused: {statuses:?}");
    let hashed = console
        .console
        .audit()
        .recent(1000)
        .await
        .unwrap()
        .into_iter()
        .filter(|entry| entry.event == AuditEvent::LoginFailed)
        .count();
    assert_eq!(hashed, usize::try_from(FREE_ATTEMPTS).unwrap(), "only the free attempts were checked");
    assert!(peak - before < MEMORY_BOUND_KIB, "the burst took {} MiB", (peak - before) / 1024);

    // During the wait even the right password is refused; after it, it works.
    let owner = console.browser();
    let during = owner.call("/api/login", &[("password", PASSWORD)]).await;
    assert_eq!(during.status(), StatusCode::TOO_MANY_REQUESTS);
    tokio::time::sleep((FIRST_WAIT + Duration::from_secs(1)).saturating_sub(started.elapsed())).await;
    let after = owner.call("/api/login", &[("password", PASSWORD)]).await;
    assert!(after.status().is_redirection() || after.status().is_success(), "{}", after.status());
    assert_eq!(owner.get("/settings").await.status(), StatusCode::OK);
}
