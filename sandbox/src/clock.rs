//! The sandbox's clock: the real time plus an offset that tests (and a person, through the sandbox's control
//! routes) can move forward, so that expiry and moderation delays can be seen without waiting.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;
use std::time::Duration;
use time::OffsetDateTime;

#[derive(Clone, Debug, Default)]
pub struct Clock {
    offset_ms: Arc<AtomicI64>,
}

impl Clock {
    pub fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc() + time::Duration::milliseconds(self.offset_ms.load(Ordering::Relaxed))
    }

    /// Moves this clock (and every platform sharing it) forward.
    pub fn advance(&self, by: Duration) {
        let ms = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        self.offset_ms.fetch_add(ms, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advancing_one_clock_moves_its_clones_too() {
        let clock = Clock::default();
        let shared = clock.clone();
        let before = shared.now();
        clock.advance(Duration::from_secs(16 * 60));
        assert!(shared.now() - before >= time::Duration::minutes(16));
    }
}
