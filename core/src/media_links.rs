//! Capability links to library images, for a Threads backend on this machine: the backend publishes images by
//! URL, and the console serves each attached image at an unguessable, expiring address that needs no session
//! (`server/src/media_links.rs`). The links live in memory: one is made when a post goes out and the backend
//! fetches it soon after; a restart forgets them, and a backend that fetches later than that gets a 404.

use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

/// Where the links are served, under the console's own address: `/media-links/<token>`.
pub const MEDIA_LINK_PATH: &str = "/media-links/";
/// How long a link works: enough for a backend's queue to publish the post, short enough not to linger.
pub const MEDIA_LINK_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);

/// A link's image and when it stops working.
#[derive(Clone, Copy, Debug)]
struct Link {
    media_id: i64,
    expires: Instant,
}

/// The links made so far, by the hash of their token (a lookup never compares a token itself).
#[derive(Clone, Debug, Default)]
pub struct MediaLinks {
    links: Arc<Mutex<HashMap<[u8; 32], Link>>>,
    /// `http://127.0.0.1:3000`: the console's own address, once the server is listening.
    base: Arc<RwLock<Option<String>>>,
}

impl MediaLinks {
    /// Links are made under `base` (`http://127.0.0.1:3000`), where the server answers them.
    pub fn serve_at(&self, base: &str) {
        *self.base.write().unwrap_or_else(|e| e.into_inner()) = Some(base.trim_end_matches('/').to_owned());
    }

    /// A new link to the image, valid for [`MEDIA_LINK_LIFETIME`]; `None` when the console serves none.
    pub fn issue(&self, media_id: i64) -> Option<String> {
        let base = self.base.read().unwrap_or_else(|e| e.into_inner()).clone()?;
        let token = hex::encode(rand::random::<[u8; 32]>());
        let now = Instant::now();
        let mut links = self.links.lock().unwrap_or_else(|e| e.into_inner());
        links.retain(|_, link| link.expires > now);
        links.insert(digest(&token), Link { media_id, expires: now + MEDIA_LINK_LIFETIME });
        Some(format!("{base}{MEDIA_LINK_PATH}{token}"))
    }

    /// The image a token names, while its link works.
    pub fn resolve(&self, token: &str) -> Option<i64> {
        let links = self.links.lock().unwrap_or_else(|e| e.into_inner());
        links.get(&digest(token)).filter(|link| link.expires > Instant::now()).map(|link| link.media_id)
    }

    /// Ends every link now (tests of expiry).
    pub fn expire_all(&self) {
        let now = Instant::now();
        for link in self.links.lock().unwrap_or_else(|e| e.into_inner()).values_mut() {
            link.expires = now;
        }
    }
}

fn digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}
