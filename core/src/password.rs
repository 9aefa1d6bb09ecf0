//! The console password: the policy a new one must meet, and argon2id hashing in the PHC string format.

use crate::CoreError;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use secrecy::{ExposeSecret, SecretString};
use tokio::sync::Semaphore;

pub const MIN_PASSWORD_CHARS: usize = 10;
/// Long passphrases are welcome; the cap only keeps one request from costing the server much.
pub const MAX_PASSWORD_CHARS: usize = 256;

pub(crate) fn check_policy(password: &SecretString) -> Result<(), CoreError> {
    let chars = password.expose_secret().chars().count();
    if password.expose_secret().trim().is_empty() {
        return Err(CoreError::PasswordRejected("the password cannot be empty".into()));
    }
    if chars < MIN_PASSWORD_CHARS {
        return Err(CoreError::PasswordRejected(format!(
            "the password must be at least {MIN_PASSWORD_CHARS} characters long"
        )));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(CoreError::PasswordRejected(format!(
            "the password can be at most {MAX_PASSWORD_CHARS} characters long"
        )));
    }
    Ok(())
}

/// Hashes on a blocking thread: argon2id is slow on purpose, and must not stall the other requests.
pub(crate) async fn hash(password: &SecretString) -> Result<String, CoreError> {
    let password = password.clone();
    blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.expose_secret().as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(|e| CoreError::Internal(format!("could not hash the password: {e}")))
    })
    .await
}

pub(crate) async fn verify(password: &SecretString, stored_hash: &str) -> Result<bool, CoreError> {
    let password = password.clone();
    let stored_hash = stored_hash.to_owned();
    blocking(move || {
        let parsed = PasswordHash::new(&stored_hash)
            .map_err(|e| CoreError::Internal(format!("the stored password hash is damaged: {e}")))?;
        Ok(Argon2::default().verify_password(password.expose_secret().as_bytes(), &parsed).is_ok())
    })
    .await
}

/// How many argon2id hashes may run at once: each takes 19 MiB and a core for a moment, so a burst of requests
/// waits here instead of filling the blocking pool (up to 512 threads) and the memory.
const CONCURRENT_HASHES: usize = 2;
static HASHING: Semaphore = Semaphore::const_new(CONCURRENT_HASHES);

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, CoreError> + Send + 'static,
) -> Result<T, CoreError> {
    let _permit = HASHING.acquire().await.map_err(|e| CoreError::Internal(format!("password check stopped: {e}")))?;
    tokio::task::spawn_blocking(work).await.map_err(|e| CoreError::Internal(format!("password check stopped: {e}")))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_names_what_is_wrong() {
        let check = |p: &str| check_policy(&SecretString::from(p)).map_err(|e| e.to_string());
        assert_eq!(check("   "), Err("the password cannot be empty".into()));
        assert_eq!(check("short"), Err("the password must be at least 10 characters long".into()));
        assert_eq!(check(&"x".repeat(257)), Err("the password can be at most 256 characters long".into()));
        assert_eq!(check("correct horse battery"), Ok(()));
    }

    #[tokio::test]
    async fn a_hash_verifies_its_password_only_and_is_argon2id() {
        let password = SecretString::from("correct horse battery");
        let stored = hash(&password).await.unwrap();
        assert!(stored.starts_with("$argon2id$"), "{stored}");
        assert!(!stored.contains("correct horse"));
        assert!(verify(&password, &stored).await.unwrap());
        assert!(!verify(&SecretString::from("correct horse battery!"), &stored).await.unwrap());
    }
}
