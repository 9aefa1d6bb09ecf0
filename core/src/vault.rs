//! Secrets at rest: XChaCha20-Poly1305 under a master key kept outside the database.
//!
//! A sealed value is `nonce (24 bytes) || ciphertext`, with a fresh random nonce each time. The row it belongs to
//! (`agents:7:api_key`) is the associated data, so a ciphertext copied into another row does not open.

use crate::data_dir::{refuse_exposed, PRIVATE_FILE};
use crate::keyed_hash::{HashPurpose, KeyedHash};
use crate::{CoreError, Platform};
use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use secrecy::{ExposeSecret, SecretBox, SecretString};
use std::fmt;
use std::io::Write;
use std::path::Path;
use time::OffsetDateTime;

pub const MASTER_KEY_ENV: &str = "CLAWDESK_MASTER_KEY";
pub const MASTER_KEY_FILE: &str = "master.key";
const KEY_BYTES: usize = 32;
const NONCE_BYTES: usize = 24;

/// The 32-byte key every secret is sealed under; zeroized on drop, never printed.
pub struct MasterKey(SecretBox<[u8; KEY_BYTES]>);

impl MasterKey {
    /// `CLAWDESK_MASTER_KEY` when set, else `master.key` in the data directory (created at first start).
    pub fn load(env_value: Option<&SecretString>, data_dir: &Path) -> Result<MasterKey, CoreError> {
        match env_value {
            Some(value) => MasterKey::parse(value.expose_secret()),
            None => MasterKey::load_or_create_file(&data_dir.join(MASTER_KEY_FILE)),
        }
    }

    /// Accepts 64 hex characters or the base64 (standard or URL-safe, padded or not) of 32 bytes.
    pub fn parse(text: &str) -> Result<MasterKey, CoreError> {
        let text = text.trim();
        let decoded = if text.len() == 2 * KEY_BYTES && text.bytes().all(|b| b.is_ascii_hexdigit()) {
            hex::decode(text).ok()
        } else {
            [STANDARD, URL_SAFE, STANDARD_NO_PAD, URL_SAFE_NO_PAD].iter().find_map(|engine| engine.decode(text).ok())
        };
        let reason = match decoded {
            Some(bytes) => match <[u8; KEY_BYTES]>::try_from(bytes.as_slice()) {
                Ok(key) => return Ok(MasterKey(SecretBox::new(Box::new(key)))),
                Err(_) => format!("it decodes to {} bytes, but the key is 32 bytes", bytes.len()),
            },
            None => format!(
                "expected 64 hex characters or the base64 of 32 bytes, got {} characters that are neither",
                text.len()
            ),
        };
        Err(CoreError::MasterKeyInvalid { reason })
    }

    /// Reads the key file, refusing one that other users can read; creates it (mode 0600) when missing.
    pub fn load_or_create_file(path: &Path) -> Result<MasterKey, CoreError> {
        let key_file_error = |reason: String| CoreError::KeyFile { path: path.to_owned(), reason };
        match std::fs::metadata(path) {
            Ok(_) => {
                refuse_exposed(path, PRIVATE_FILE)?;
                let text =
                    SecretString::from(std::fs::read_to_string(path).map_err(|e| key_file_error(e.to_string()))?);
                MasterKey::parse(text.expose_secret()).map_err(|e| match e {
                    CoreError::MasterKeyInvalid { reason } => key_file_error(reason),
                    other => other,
                })
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key: [u8; KEY_BYTES] = XChaCha20Poly1305::generate_key(&mut OsRng).into();
                let text = SecretString::from(hex::encode(key));
                write_private(path, text.expose_secret().as_bytes()).map_err(|e| key_file_error(e.to_string()))?;
                tracing::info!(path = %path.display(), "created a new master key file; back it up: without it the stored keys cannot be read");
                Ok(MasterKey(SecretBox::new(Box::new(key))))
            }
            Err(e) => Err(key_file_error(e.to_string())),
        }
    }
}

impl MasterKey {
    /// A keyed hash under a key derived from this one for `purpose`.
    pub fn keyed_hash(&self, purpose: HashPurpose) -> KeyedHash {
        KeyedHash::derive(self.0.expose_secret(), purpose)
    }
}

impl fmt::Debug for MasterKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MasterKey([REDACTED])")
    }
}

/// Creates the file with mode 0600 from the start, so the key is never readable by others, not even briefly.
fn write_private(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, PRIVATE_FILE);
    let mut file = options.open(path)?;
    file.write_all(contents)?;
    file.sync_all()
}

/// Which stored value a secret belongs to; bound into its ciphertext.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecretSlot(String);

impl SecretSlot {
    pub fn agent_api_key(agent_id: i64) -> SecretSlot {
        SecretSlot(format!("agents:{agent_id}:api_key"))
    }

    /// The key an agent had before its last rotation, until the new one is verified.
    pub fn agent_previous_api_key(agent_id: i64) -> SecretSlot {
        SecretSlot(format!("agents:{agent_id}:previous_api_key"))
    }

    pub fn owner_session_token(session_id: i64) -> SecretSlot {
        SecretSlot(format!("owner_sessions:{session_id}:token"))
    }

    pub fn platform_secret(platform: Platform) -> SecretSlot {
        SecretSlot(format!("platform_connections:{}:secret", platform.slug()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SecretSlot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Seals and opens secrets with the master key, and names them by fingerprints keyed by it.
pub struct Vault {
    cipher: XChaCha20Poly1305,
    fingerprints: KeyedHash,
}

impl fmt::Debug for Vault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Vault([REDACTED])")
    }
}

impl Vault {
    pub fn new(key: &MasterKey) -> Vault {
        Vault {
            cipher: XChaCha20Poly1305::new(Key::from_slice(key.0.expose_secret())),
            fingerprints: key.keyed_hash(HashPurpose::Fingerprints),
        }
    }

    /// How the owner recognises `secret` without seeing it. The hash is keyed, so that a fingerprint (shown in
    /// the browser, stored in the database) cannot be matched against guesses of a short secret.
    pub fn fingerprint(&self, secret: &SecretString) -> KeyFingerprint {
        let secret = secret.expose_secret();
        let digest = self.fingerprints.digest(secret.as_bytes());
        KeyFingerprint(format!("{}…{}", platform_prefix(secret), &hex::encode(digest)[..6]))
    }

    pub fn seal(&self, slot: &SecretSlot, secret: &SecretString) -> Result<Vec<u8>, CoreError> {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let payload = Payload { msg: secret.expose_secret().as_bytes(), aad: slot.as_str().as_bytes() };
        let ciphertext = self
            .cipher
            .encrypt(&nonce, payload)
            .map_err(|_| CoreError::Internal(format!("could not seal the secret {slot}")))?;
        let mut sealed = Vec::with_capacity(NONCE_BYTES + ciphertext.len());
        sealed.extend_from_slice(&nonce);
        sealed.extend_from_slice(&ciphertext);
        Ok(sealed)
    }

    pub fn open(&self, slot: &SecretSlot, sealed: &[u8]) -> Result<SecretString, CoreError> {
        let undecryptable = || CoreError::Undecryptable { slot: slot.to_string() };
        if sealed.len() < NONCE_BYTES {
            return Err(undecryptable());
        }
        let (nonce, ciphertext) = sealed.split_at(NONCE_BYTES);
        let plain = self
            .cipher
            .decrypt(XNonce::from_slice(nonce), Payload { msg: ciphertext, aad: slot.as_str().as_bytes() })
            .map_err(|_| undecryptable())?;
        let text = String::from_utf8(plain).map_err(|_| undecryptable())?;
        Ok(SecretString::from(text))
    }
}

/// How the browser recognises a key without seeing it: its platform prefix and a short keyed hash, e.g.
/// `claw_test_…3fa9c1` ([`Vault::fingerprint`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyFingerprint(String);

impl KeyFingerprint {
    /// A fingerprint as the store kept it.
    pub(crate) fn stored(text: String) -> KeyFingerprint {
        KeyFingerprint(text)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for KeyFingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The leading words that name a key's kind (`claw_`, `claw_test_`, `claw_owner_sess_`): up to three runs of at
/// least three lowercase letters, each ending in `_`. The random part of a key is never included.
fn platform_prefix(secret: &str) -> &str {
    let mut end = 0;
    for _ in 0..3 {
        let rest = &secret[end..];
        let letters = rest.bytes().take_while(u8::is_ascii_lowercase).count();
        if letters < 3 || rest.as_bytes().get(letters) != Some(&b'_') {
            break;
        }
        end += letters + 1;
    }
    // Leave at least 16 characters out of it, so that a short secret made of words is not shown whole.
    if secret.len() - end < 16 {
        return "";
    }
    &secret[..end]
}

/// A stored key as the browser may see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyView {
    pub fingerprint: KeyFingerprint,
    pub set_at: OffsetDateTime,
}

impl KeyView {
    /// From the stored fingerprint and time (UTC seconds) of a secret.
    pub(crate) fn stored(fingerprint: String, set_at: i64) -> Result<KeyView, CoreError> {
        let set_at = OffsetDateTime::from_unix_timestamp(set_at)
            .map_err(|e| CoreError::Internal(format!("a stored key has a damaged time: {e}")))?;
        Ok(KeyView { fingerprint: KeyFingerprint::stored(fingerprint), set_at })
    }
}
