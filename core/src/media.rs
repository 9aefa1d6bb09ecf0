//! The media library: images attached to posts, kept once each in the data directory under the hash of their
//! content (`media/<sha256>.<ext>`), so the composer can choose an earlier upload again and a post's images
//! are still there when the dispatcher sends it hours later.

use crate::images::{prepare_post_image, PostImageTarget};
use crate::media_links::MediaLinks;
use crate::store::{now_seconds, Store};
use crate::CoreError;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::PathBuf;

const MEDIA_DIRECTORY: &str = "media";

/// One stored image.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct MediaItem {
    pub id: i64,
    pub sha256: String,
    pub content_type: String,
    pub width: i64,
    pub height: i64,
    pub byte_size: i64,
    pub created_at: i64,
}

#[derive(Clone, Debug)]
pub struct MediaLibrary {
    store: Store,
    links: MediaLinks,
}

const MEDIA_COLUMNS: &str = "id, sha256, content_type, width, height, byte_size, created_at";

impl MediaLibrary {
    pub fn new(store: Store) -> MediaLibrary {
        MediaLibrary { store, links: MediaLinks::default() }
    }

    /// The capability links to its images, for a Threads backend on this machine.
    pub fn links(&self) -> &MediaLinks {
        &self.links
    }

    /// Checks an upload, converts it to a form Clawgram takes as it is (the strictest use: its size and types),
    /// and keeps it; the same image uploaded twice is kept once and gets the same id.
    pub async fn add(&self, bytes: &[u8]) -> Result<MediaItem, CoreError> {
        let image =
            prepare_post_image(bytes, PostImageTarget::Clawgram).map_err(|e| CoreError::invalid("images", e))?;
        let sha256 = hex::encode(Sha256::digest(&image.bytes));
        let relative = format!("{MEDIA_DIRECTORY}/{sha256}.{}", image.extension);
        let path = self.store.directory().join(&relative);
        if !path.exists() {
            write_atomically(path, image.bytes.clone()).await?;
        }
        sqlx::query(
            "INSERT INTO media (sha256, content_type, width, height, byte_size, path, created_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING",
        )
        .bind(&sha256)
        .bind(image.content_type)
        .bind(i64::from(image.width))
        .bind(i64::from(image.height))
        .bind(image.bytes.len() as i64)
        .bind(&relative)
        .bind(now_seconds())
        .execute(self.store.pool())
        .await?;
        let item = sqlx::query_as(&format!("SELECT {MEDIA_COLUMNS} FROM media WHERE sha256 = ?"))
            .bind(&sha256)
            .fetch_one(self.store.pool())
            .await?;
        Ok(item)
    }

    /// Earlier uploads, newest first: the composer's library.
    pub async fn list(&self) -> Result<Vec<MediaItem>, CoreError> {
        let items = sqlx::query_as(&format!("SELECT {MEDIA_COLUMNS} FROM media ORDER BY created_at DESC, id DESC"))
            .fetch_all(self.store.pool())
            .await?;
        Ok(items)
    }

    pub async fn get(&self, id: i64) -> Result<MediaItem, CoreError> {
        sqlx::query_as(&format!("SELECT {MEDIA_COLUMNS} FROM media WHERE id = ?"))
            .bind(id)
            .fetch_optional(self.store.pool())
            .await?
            .ok_or(CoreError::NotFound { what: "image", id })
    }

    /// The image's bytes as stored.
    pub async fn bytes(&self, id: i64) -> Result<Vec<u8>, CoreError> {
        let path: String = sqlx::query_scalar("SELECT path FROM media WHERE id = ?")
            .bind(id)
            .fetch_optional(self.store.pool())
            .await?
            .ok_or(CoreError::NotFound { what: "image", id })?;
        tokio::fs::read(self.store.directory().join(&path))
            .await
            .map_err(|e| CoreError::Internal(format!("the image {path} cannot be read: {e}")))
    }
}

/// Writes the file whole or not at all (a crash leaves no half image under the hash's name).
async fn write_atomically(path: PathBuf, bytes: Vec<u8>) -> Result<(), CoreError> {
    tokio::task::spawn_blocking(move || {
        let directory = path.parent().expect("a media path has a directory");
        std::fs::create_dir_all(directory)?;
        let mut file = tempfile::NamedTempFile::new_in(directory)?;
        file.write_all(&bytes)?;
        file.persist(&path).map_err(|e| e.error)?;
        Ok::<(), std::io::Error>(())
    })
    .await
    .map_err(|e| CoreError::Internal(format!("storing an image stopped: {e}")))?
    .map_err(|e| CoreError::Internal(format!("the image could not be stored: {e}")))
}
