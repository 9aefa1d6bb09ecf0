//! Login throttling per client: a few free attempts, then a wait that doubles with every further failure.

use crate::CoreError;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const FREE_ATTEMPTS: u32 = 5;
pub const FIRST_WAIT: Duration = Duration::from_secs(30);
pub const LONGEST_WAIT: Duration = Duration::from_secs(60 * 60);

#[derive(Debug, Default)]
pub struct LoginThrottle {
    clients: Mutex<HashMap<IpAddr, Failures>>,
}

#[derive(Debug)]
struct Failures {
    count: u32,
    blocked_until: Option<Instant>,
}

impl LoginThrottle {
    /// Refuses an attempt while the client must still wait, saying how long.
    pub fn check(&self, client: IpAddr, now: Instant) -> Result<(), CoreError> {
        let clients = self.clients.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match clients.get(&client).and_then(|f| f.blocked_until) {
            Some(until) if until > now => Err(CoreError::Throttled { wait: until - now }),
            _ => Ok(()),
        }
    }

    /// Counts a failed attempt; returns the wait it imposes, if any.
    pub fn record_failure(&self, client: IpAddr, now: Instant) -> Option<Duration> {
        let mut clients = self.clients.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let failures = clients.entry(client).or_insert(Failures { count: 0, blocked_until: None });
        failures.count = failures.count.saturating_add(1);
        let beyond_free = failures.count.checked_sub(FREE_ATTEMPTS)?;
        let wait = FIRST_WAIT.saturating_mul(2u32.saturating_pow(beyond_free)).min(LONGEST_WAIT);
        failures.blocked_until = Some(now + wait);
        Some(wait)
    }

    pub fn record_success(&self, client: IpAddr) {
        self.clients.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).remove(&client);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALICE: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 1));
    const BOB: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(10, 0, 0, 2));

    #[test]
    fn five_failures_impose_a_wait_that_doubles_and_ends() {
        let throttle = LoginThrottle::default();
        let start = Instant::now();
        for _ in 1..FREE_ATTEMPTS {
            assert_eq!(throttle.record_failure(ALICE, start), None);
            assert!(throttle.check(ALICE, start).is_ok());
        }
        assert_eq!(throttle.record_failure(ALICE, start), Some(FIRST_WAIT));
        let refused = throttle.check(ALICE, start + Duration::from_secs(10)).unwrap_err();
        assert_eq!(refused.to_string(), "too many failed attempts; wait 20 seconds before trying again");
        assert!(throttle.check(BOB, start).is_ok(), "another client is not blocked");

        let later = start + FIRST_WAIT;
        assert!(throttle.check(ALICE, later).is_ok());
        assert_eq!(throttle.record_failure(ALICE, later), Some(FIRST_WAIT * 2));
    }

    #[test]
    fn a_success_forgets_the_failures_and_the_wait_has_a_ceiling() {
        let throttle = LoginThrottle::default();
        let now = Instant::now();
        for _ in 0..40 {
            throttle.record_failure(ALICE, now);
        }
        assert_eq!(throttle.record_failure(ALICE, now), Some(LONGEST_WAIT));
        throttle.record_success(ALICE);
        assert!(throttle.check(ALICE, now).is_ok());
        assert_eq!(throttle.record_failure(ALICE, now), None);
    }
}
