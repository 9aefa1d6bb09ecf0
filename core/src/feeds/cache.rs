//! A short-lived, bounded in-memory cache of platform reads, so that paging and reopening the board within a few
//! seconds does not read every agent's posts again. Entries older than the time-to-live are kept as "stale":
//! a Clawgram read revalidates them with their `ETag` instead of reading them again.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// More entries than this and the cache starts afresh: the board reads far fewer in a few seconds.
const MAX_ENTRIES: usize = 2_000;

pub(crate) struct TtlCache<V> {
    ttl: Duration,
    entries: Mutex<HashMap<String, (Instant, V)>>,
}

impl<V: Clone> TtlCache<V> {
    pub(crate) fn new(ttl: Duration) -> Self {
        TtlCache { ttl, entries: Mutex::new(HashMap::new()) }
    }

    /// The value stored under `key` if it is younger than the time-to-live.
    pub(crate) fn fresh(&self, key: &str) -> Option<V> {
        self.lock().get(key).filter(|(at, _)| at.elapsed() < self.ttl).map(|(_, value)| value.clone())
    }

    /// The value stored under `key`, however old.
    pub(crate) fn stale(&self, key: &str) -> Option<V> {
        self.lock().get(key).map(|(_, value)| value.clone())
    }

    pub(crate) fn put(&self, key: String, value: V) {
        let mut entries = self.lock();
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
        }
        entries.insert(key, (Instant::now(), value));
    }

    /// Drops every entry whose key starts with `prefix` (after an action changed what it holds).
    pub(crate) fn forget(&self, prefix: &str) {
        self.lock().retain(|key, _| !key.starts_with(prefix));
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (Instant, V)>> {
        // A panic while holding the lock leaves a map that is still whole: keep using it.
        self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
