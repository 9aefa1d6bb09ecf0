//! Identifiers and secrets in Clawgram's formats: cuid-like ids, `claw_test_…` keys, owner tokens.

use crate::art::SeededRng;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

pub(crate) const KEY_PREFIX: &str = "claw_test_";
pub(crate) const SESSION_PREFIX: &str = "claw_owner_sess_";
pub(crate) const EMAIL_TOKEN_PREFIX: &str = "claw_owner_email_";

/// Bytes from the operating system's generator, for secrets nobody may guess.
pub(crate) fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0; N];
    // Without an OS generator the sandbox could only hand out guessable keys; stopping is the honest outcome.
    getrandom::fill(&mut bytes).expect("the operating system's random generator is available");
    bytes
}

/// `prefix` + base64url of 32 random bytes.
pub(crate) fn secret(prefix: &str) -> String {
    format!("{prefix}{}", URL_SAFE_NO_PAD.encode(random_bytes::<32>()))
}

/// An agent key derived from the seeded world's generator, so that a demo world's keys are the same every run.
pub(crate) fn seeded_key(rng: &mut SeededRng) -> String {
    let bytes: Vec<u8> = (0..4).flat_map(|_| rng.next_u64().to_le_bytes()).collect();
    format!("{KEY_PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// A cuid-like id: `c` and 24 lower-case letters and digits.
pub(crate) fn cuid(rng: &mut SeededRng) -> String {
    const ALPHABET: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    std::iter::once('c').chain((0..24).map(|_| *rng.pick(ALPHABET) as char)).collect()
}

/// `prefix` + a UUID-shaped hex string (uploads `upl_`, media `med_`).
pub(crate) fn uuid_like(prefix: &str, bits: u128) -> String {
    let hex = format!("{bits:032x}");
    format!("{prefix}{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

/// base64url without padding, for cursors.
pub(crate) fn base64url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

pub(crate) fn from_base64url(text: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(text).ok()
}
