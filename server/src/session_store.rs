//! Sessions stored under a keyed hash of their id: the browser's cookie holds the id, the database only its
//! hash under a key derived from the master key, so a copy of the database (or a look at it) opens no session.
//!
//! The sessions in use are also kept in memory, so that a request's session check reads no database. The cache
//! is filled only by reads, under a synchronous lock that is never held across an `await` (so no request can
//! wait on a lock while a store call is pending), and a record read from the database is kept only if no write
//! or delete happened while it was read; every write or delete drops the cached record after reaching the
//! database, so a logout is never undone by a read that began before it.

use async_trait::async_trait;
use clawdesk_core::KeyedHash;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use tower_sessions::cookie::time::OffsetDateTime;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Result, SessionStore};

/// More sessions than one owner's browsers will hold; past it the cache starts again empty.
const CACHED_SESSIONS: usize = 1_000;

#[derive(Clone, Debug)]
pub struct HashedIdStore<S> {
    inner: S,
    ids: Arc<KeyedHash>,
    recent: Arc<Mutex<Recent>>,
}

/// Records by their stored id, and how many writes and deletes there have been.
#[derive(Debug, Default)]
struct Recent {
    records: HashMap<Id, Record>,
    writes: u64,
}

impl Recent {
    fn keep(&mut self, record: Record) {
        if self.records.len() >= CACHED_SESSIONS {
            self.records.clear();
        }
        self.records.insert(record.id, record);
    }
}

impl<S> HashedIdStore<S> {
    pub fn new(inner: S, ids: Arc<KeyedHash>) -> HashedIdStore<S> {
        HashedIdStore { inner, ids, recent: Arc::default() }
    }

    /// The id the inner store keeps for the browser's id `id`: 128 bits of its keyed hash.
    fn stored_id(&self, id: &Id) -> Id {
        let digest = self.ids.digest(&id.0.to_le_bytes());
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&digest[..16]);
        Id(i128::from_le_bytes(bytes))
    }

    fn stored(&self, record: &Record) -> Record {
        Record { id: self.stored_id(&record.id), ..record.clone() }
    }

    fn recent(&self) -> MutexGuard<'_, Recent> {
        // The map is consistent after every statement, so one left by a panicking thread is still usable.
        self.recent.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The stored record `stored` was written or read as, unless it has expired.
    fn cached(&self, stored: &Id) -> Option<Record> {
        let mut recent = self.recent();
        match recent.records.get(stored) {
            Some(record) if record.expiry_date > OffsetDateTime::now_utc() => Some(record.clone()),
            Some(_) => recent.records.remove(stored).and(None),
            None => None,
        }
    }

    /// After a write or delete of `stored` in the database: the next load reads it from there, and a load that
    /// overlapped the write keeps nothing.
    fn written(&self, stored: &Id) {
        let mut recent = self.recent();
        recent.writes += 1;
        recent.records.remove(stored);
    }
}

#[async_trait]
impl<S: SessionStore + Clone> SessionStore for HashedIdStore<S> {
    async fn create(&self, record: &mut Record) -> Result<()> {
        // A new random id whose hash is taken already is drawn again (as the inner stores do with their ids).
        while self.inner.load(&self.stored_id(&record.id)).await?.is_some() {
            record.id = Id::default();
        }
        self.save(record).await
    }

    async fn save(&self, record: &Record) -> Result<()> {
        let stored = self.stored(record);
        self.inner.save(&stored).await?;
        self.written(&stored.id);
        Ok(())
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        let stored_id = self.stored_id(id);
        let record = match self.cached(&stored_id) {
            Some(record) => Some(record),
            None => {
                let writes_before = self.recent().writes;
                let record = self.inner.load(&stored_id).await?;
                if let Some(record) = &record {
                    let mut recent = self.recent();
                    if recent.writes == writes_before {
                        recent.keep(record.clone());
                    }
                }
                record
            }
        };
        Ok(record.map(|record| Record { id: *id, ..record }))
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        let stored = self.stored_id(id);
        self.inner.delete(&stored).await?;
        self.written(&stored);
        Ok(())
    }
}
