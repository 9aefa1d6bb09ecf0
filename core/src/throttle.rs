//! Login throttling per client: a few free attempts, then a wait that doubles with every further failure.
//!
//! An attempt is counted when it starts, under the lock, before its password is hashed: a burst of parallel
//! attempts cannot all pass the check while the first ones are still hashing. A success forgets the count.

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
    clients: Mutex<HashMap<IpAddr, Attempts>>,
}

#[derive(Debug)]
struct Attempts {
    count: u32,
    blocked_until: Option<Instant>,
}

impl LoginThrottle {
    /// Counts an attempt as failed until it succeeds, or refuses it while the client must still wait.
    /// Returns the wait that this attempt imposes if its password turns out wrong.
    pub fn begin(&self, client: IpAddr, now: Instant) -> Result<Option<Duration>, CoreError> {
        let mut clients = self.clients.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let attempts = clients.entry(client).or_insert(Attempts { count: 0, blocked_until: None });
        if let Some(until) = attempts.blocked_until.filter(|until| *until > now) {
            return Err(CoreError::Throttled { wait: until - now });
        }
        attempts.count = attempts.count.saturating_add(1);
        let Some(beyond_free) = attempts.count.checked_sub(FREE_ATTEMPTS) else { return Ok(None) };
        let wait = FIRST_WAIT.saturating_mul(2u32.saturating_pow(beyond_free)).min(LONGEST_WAIT);
        attempts.blocked_until = Some(now + wait);
        Ok(Some(wait))
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
    fn five_attempts_impose_a_wait_that_doubles_and_ends() {
        let throttle = LoginThrottle::default();
        let start = Instant::now();
        for _ in 1..FREE_ATTEMPTS {
            assert_eq!(throttle.begin(ALICE, start).unwrap(), None);
        }
        assert_eq!(throttle.begin(ALICE, start).unwrap(), Some(FIRST_WAIT));
        let refused = throttle.begin(ALICE, start + Duration::from_secs(10)).unwrap_err();
        assert_eq!(refused.to_string(), "too many failed attempts; wait 20 seconds before trying again");
        assert_eq!(throttle.begin(BOB, start).unwrap(), None, "another client is not blocked");

        let later = start + FIRST_WAIT;
        assert_eq!(throttle.begin(ALICE, later).unwrap(), Some(FIRST_WAIT * 2));
    }

    #[test]
    fn an_attempt_under_way_counts_before_its_outcome_is_known() {
        let throttle = LoginThrottle::default();
        let now = Instant::now();
        let admitted = (0..200).filter(|_| throttle.begin(ALICE, now).is_ok()).count();
        assert_eq!(admitted, usize::try_from(FREE_ATTEMPTS).unwrap());
    }

    #[test]
    fn a_success_forgets_the_attempts_and_the_wait_has_a_ceiling() {
        let throttle = LoginThrottle::default();
        let mut now = Instant::now();
        let mut last_wait = None;
        for _ in 0..40 {
            last_wait = throttle.begin(ALICE, now).unwrap();
            now += last_wait.unwrap_or_default();
        }
        assert_eq!(last_wait, Some(LONGEST_WAIT));
        throttle.record_success(ALICE);
        assert_eq!(throttle.begin(ALICE, now).unwrap(), None);
    }
}
