//! Keyed hashes: HMAC-SHA256 under a key derived from the master key (HKDF-SHA256) for one purpose, so that a
//! hash kept in the database or shown to the browser tells nothing to anyone without the master key, and no
//! two purposes share a key.

use hkdf::Hkdf;
use hmac::{Hmac, Mac};
use secrecy::{ExposeSecret, SecretBox};
use sha2::Sha256;
use std::fmt;

/// What a derived key is for; each purpose gets its own key.
#[derive(Clone, Copy, Debug)]
pub enum HashPurpose {
    /// The browser's session ids, stored only as their hash.
    SessionIds,
    /// The short fingerprints that name a stored secret to the owner.
    Fingerprints,
    /// The image proxy's addresses, which only the console can issue.
    ImageProxy,
}

impl HashPurpose {
    fn info(self) -> &'static [u8] {
        match self {
            HashPurpose::SessionIds => b"clawdesk/session-ids/v1",
            HashPurpose::Fingerprints => b"clawdesk/fingerprints/v1",
            HashPurpose::ImageProxy => b"clawdesk/image-proxy/v1",
        }
    }
}

pub struct KeyedHash(SecretBox<[u8; 32]>);

impl KeyedHash {
    pub(crate) fn derive(master_key: &[u8; 32], purpose: HashPurpose) -> KeyedHash {
        let mut key = [0u8; 32];
        Hkdf::<Sha256>::new(None, master_key)
            .expand(purpose.info(), &mut key)
            .expect("32 bytes is a length HKDF-SHA256 can always give");
        KeyedHash(SecretBox::new(Box::new(key)))
    }

    pub fn digest(&self, data: &[u8]) -> [u8; 32] {
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(self.0.expose_secret()).expect("HMAC takes a key of any length");
        mac.update(data);
        mac.finalize().into_bytes().into()
    }

    /// Whether `tag` is the leading bytes of `data`'s digest, compared in constant time.
    pub fn verifies_truncated(&self, data: &[u8], tag: &[u8]) -> bool {
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(self.0.expose_secret()).expect("HMAC takes a key of any length");
        mac.update(data);
        mac.verify_truncated_left(tag).is_ok()
    }
}

impl fmt::Debug for KeyedHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("KeyedHash([REDACTED])")
    }
}
