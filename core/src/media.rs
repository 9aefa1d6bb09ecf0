//! The media library: images attached to posts, kept once each in the data directory under the hash of their
//! content (`media/<sha256>.<ext>`), so the composer can choose an earlier upload again and a post's images
//! are still there when the dispatcher sends it hours later. For a Threads backend, which takes images as URLs,
//! an image is also offered at a link: an unguessable token that opens that image alone, without a session,
//! until it expires (`0012_media_links.sql`).

use crate::images::{prepare_post_image_off_the_workers, PostImageTarget, PreparedImage};
use crate::store::{now_seconds, Store};
use crate::CoreError;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::PathBuf;
use std::time::Duration;

const MEDIA_DIRECTORY: &str = "media";
/// Where the console serves image links; the token follows.
pub const MEDIA_LINK_PATH: &str = "/media/link/";
/// How long a link opens its image: a queued Threads post may be published, and its images fetched, days later.
pub const MEDIA_LINK_LIFETIME: Duration = Duration::from_secs(7 * 24 * 60 * 60);
/// 256 random bits, base64url: a token cannot be guessed.
const TOKEN_BYTES: usize = 32;

/// An image as a link serves it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkedImage {
    pub content_type: String,
    pub bytes: Vec<u8>,
}

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
}

const MEDIA_COLUMNS: &str = "id, sha256, content_type, width, height, byte_size, created_at";

impl MediaLibrary {
    pub fn new(store: Store) -> MediaLibrary {
        MediaLibrary { store }
    }

    /// Checks an upload, converts it to a form Clawgram takes as it is (the strictest use: its size and types),
    /// and keeps it; the same image uploaded twice is kept once and gets the same id.
    pub async fn add(&self, bytes: &[u8]) -> Result<MediaItem, CoreError> {
        self.keep(prepare_post_image_off_the_workers(bytes.to_vec(), PostImageTarget::Clawgram).await?).await
    }

    /// Keeps an image already prepared for its use; the same bytes are kept once.
    async fn keep(&self, image: PreparedImage) -> Result<MediaItem, CoreError> {
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

    /// The image `media_id` converted for `target`, kept in the library (itself when it needs no conversion).
    pub async fn converted(&self, media_id: i64, target: PostImageTarget) -> Result<MediaItem, CoreError> {
        let prepared = prepare_post_image_off_the_workers(self.bytes(media_id).await?, target).await?;
        self.keep(prepared).await
    }

    /// A new link that opens `media_id` until `lifetime` has passed; returns its token (the path's last part).
    pub async fn link(&self, media_id: i64, lifetime: Duration) -> Result<String, CoreError> {
        let token = URL_SAFE_NO_PAD.encode(rand::random::<[u8; TOKEN_BYTES]>());
        let now = now_seconds();
        // Links that ended are dropped as new ones are made: the table holds only links that still open.
        sqlx::query("DELETE FROM media_links WHERE expires_at <= ?").bind(now).execute(self.store.pool()).await?;
        sqlx::query("INSERT INTO media_links (token_sha256, media_id, expires_at) VALUES (?, ?, ?)")
            .bind(token_sha256(&token))
            .bind(media_id)
            .bind(now + lifetime.as_secs() as i64)
            .execute(self.store.pool())
            .await?;
        Ok(token)
    }

    /// The image a link opens; `None` for a token that is unknown or expired.
    pub async fn open_link(&self, token: &str) -> Result<Option<LinkedImage>, CoreError> {
        let media: Option<(i64, String)> = sqlx::query_as(
            "SELECT media.id, media.content_type FROM media_links JOIN media ON media.id = media_links.media_id \
             WHERE media_links.token_sha256 = ? AND media_links.expires_at > ?",
        )
        .bind(token_sha256(token))
        .bind(now_seconds())
        .fetch_optional(self.store.pool())
        .await?;
        match media {
            Some((media_id, content_type)) => {
                Ok(Some(LinkedImage { content_type, bytes: self.bytes(media_id).await? }))
            }
            None => Ok(None),
        }
    }
}

fn token_sha256(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
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
