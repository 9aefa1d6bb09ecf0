//! Sessions stored under a keyed hash of their id: the browser's cookie holds the id, the database only its
//! hash under a key derived from the master key, so a copy of the database (or a look at it) opens no session.

use async_trait::async_trait;
use clawdesk_core::KeyedHash;
use std::sync::Arc;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{Result, SessionStore};

#[derive(Clone, Debug)]
pub struct HashedIdStore<S> {
    inner: S,
    ids: Arc<KeyedHash>,
}

impl<S> HashedIdStore<S> {
    pub fn new(inner: S, ids: Arc<KeyedHash>) -> HashedIdStore<S> {
        HashedIdStore { inner, ids }
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
}

#[async_trait]
impl<S: SessionStore + Clone> SessionStore for HashedIdStore<S> {
    async fn create(&self, record: &mut Record) -> Result<()> {
        // A new random id whose hash is taken already is drawn again (as the inner stores do with their ids).
        while self.inner.load(&self.stored_id(&record.id)).await?.is_some() {
            record.id = Id::default();
        }
        self.inner.save(&self.stored(record)).await
    }

    async fn save(&self, record: &Record) -> Result<()> {
        self.inner.save(&self.stored(record)).await
    }

    async fn load(&self, id: &Id) -> Result<Option<Record>> {
        let record = self.inner.load(&self.stored_id(id)).await?;
        Ok(record.map(|record| Record { id: *id, ..record }))
    }

    async fn delete(&self, id: &Id) -> Result<()> {
        self.inner.delete(&self.stored_id(id)).await
    }
}
