//! The vault against a real SQLite database in a temporary directory: what is stored is sealed, opens only
//! with the right key in the right row, and the master key file is guarded.

use clawdesk_core::{
    AgentSummary, Connections, Console, CoreError, Endpoints, MasterKey, Mode, NewAgent, Platform, SecretSlot, Store,
    Vault, MASTER_KEY_FILE,
};
use secrecy::{ExposeSecret, SecretString};
use sha2::Digest;
use std::net::{IpAddr, Ipv4Addr};
use std::path::Path;

const OWNER: Option<IpAddr> = Some(IpAddr::V4(Ipv4Addr::LOCALHOST));
const CLAWGRAM_KEY: &str = "claw_test_Qm9vbXNoYWthbGFrYTEyMzQ1Njc4OTBhYmNkZWY";
const CLAWTTER_KEY: &str = "5f0c1e9a77d24b0c8e2b9a31d4c6e8f0";

async fn console(data_dir: &Path, master_key: &MasterKey) -> Console {
    let store = Store::open(data_dir).await.unwrap();
    let connections = Connections::new(&Endpoints::default()).unwrap();
    Console::new(Mode::Sandbox, connections, store, master_key)
}

fn file_key(data_dir: &Path) -> MasterKey {
    MasterKey::load(None, data_dir).unwrap()
}

async fn import(console: &Console, platform: Platform, handle: &str, key: &str) -> i64 {
    let agent =
        NewAgent { platform, handle: handle.into(), display_name: None, api_key: SecretString::from(key.to_owned()) };
    console.agents().import(agent, OWNER).await.unwrap()
}

async fn sealed_key(console: &Console, agent_id: i64) -> Vec<u8> {
    sqlx::query_scalar("SELECT api_key FROM agents WHERE id = ?")
        .bind(agent_id)
        .fetch_one(console.store().pool())
        .await
        .unwrap()
}

async fn set_sealed_key(console: &Console, agent_id: i64, sealed: &[u8]) {
    sqlx::query("UPDATE agents SET api_key = ? WHERE id = ?")
        .bind(sealed)
        .bind(agent_id)
        .execute(console.store().pool())
        .await
        .unwrap();
}

#[tokio::test]
async fn an_imported_key_is_stored_sealed_and_opens_again() {
    let dir = tempfile::tempdir().unwrap();
    let console = console(dir.path(), &file_key(dir.path())).await;
    let id = import(&console, Platform::Clawgram, "lobster", CLAWGRAM_KEY).await;

    assert_eq!(console.agents().api_key(id).await.unwrap().key.expose_secret(), CLAWGRAM_KEY);
    let sealed = sealed_key(&console, id).await;
    assert!(!sealed.windows(CLAWGRAM_KEY.len()).any(|w| w == CLAWGRAM_KEY.as_bytes()));
    drop(console);
    let database = std::fs::read(dir.path().join("clawdesk.db")).unwrap();
    let wal = std::fs::read(dir.path().join("clawdesk.db-wal")).unwrap_or_default();
    for bytes in [database, wal] {
        assert!(!bytes.windows(CLAWGRAM_KEY.len()).any(|w| w == CLAWGRAM_KEY.as_bytes()), "plain key on disk");
    }
}

#[tokio::test]
async fn the_same_key_sealed_twice_gives_different_ciphertexts() {
    let vault = Vault::new(&MasterKey::parse(&"ab".repeat(32)).unwrap());
    let slot = SecretSlot::agent_api_key(1);
    let secret = SecretString::from(CLAWGRAM_KEY);
    let (first, second) = (vault.seal(&slot, &secret).unwrap(), vault.seal(&slot, &secret).unwrap());
    assert_ne!(first, second, "a fresh nonce each time");
    assert_eq!(vault.open(&slot, &second).unwrap().expose_secret(), CLAWGRAM_KEY);
}

#[tokio::test]
async fn the_list_shows_a_fingerprint_and_never_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let console = console(dir.path(), &file_key(dir.path())).await;
    import(&console, Platform::Clawgram, "lobster", CLAWGRAM_KEY).await;
    import(&console, Platform::Clawtter, "crab", CLAWTTER_KEY).await;

    let agents = console.agents().list().await.unwrap();
    let fingerprints: Vec<String> =
        agents.iter().map(|a: &AgentSummary| a.key.as_ref().unwrap().fingerprint.to_string()).collect();
    assert_eq!(fingerprints.len(), 2);
    assert!(fingerprints[0].starts_with("claw_test_…"), "{fingerprints:?}");
    assert!(fingerprints[1].starts_with('…'), "no known prefix shows none: {fingerprints:?}");
    for (fingerprint, key) in fingerprints.iter().zip([CLAWGRAM_KEY, CLAWTTER_KEY]) {
        assert_eq!(fingerprint.split('…').nth(1).unwrap().len(), 6);
        assert!(!fingerprint.contains(&key[10..16]), "{fingerprint} shows part of the key");
    }
    assert!(!format!("{:?}", SecretString::from(CLAWGRAM_KEY)).contains(CLAWGRAM_KEY), "Debug is redacted");
}

#[tokio::test]
async fn a_different_master_key_cannot_open_the_stored_keys() {
    let dir = tempfile::tempdir().unwrap();
    let id =
        import(&console(dir.path(), &file_key(dir.path())).await, Platform::Clawgram, "lobster", CLAWGRAM_KEY).await;
    let other_key = MasterKey::parse(&"0f".repeat(32)).unwrap();
    let console = console(dir.path(), &other_key).await;

    let error = console.agents().api_key(id).await.unwrap_err();
    assert!(matches!(error, CoreError::Undecryptable { .. }), "{error}");
    assert!(error.to_string().contains("master key"), "{error}");
    let at_start = console.upgrade_stored_secrets().await.unwrap_err();
    assert!(matches!(at_start, CoreError::Undecryptable { .. }), "start-up stops on a wrong master key: {at_start}");
}

#[tokio::test]
async fn a_ciphertext_copied_to_another_row_does_not_open() {
    let dir = tempfile::tempdir().unwrap();
    let console = console(dir.path(), &file_key(dir.path())).await;
    let lobster = import(&console, Platform::Clawgram, "lobster", CLAWGRAM_KEY).await;
    let shrimp = import(&console, Platform::Clawgram, "shrimp", "claw_test_c2hyaW1wc2hyaW1wc2hyaW1wc2hyaW1w").await;

    set_sealed_key(&console, shrimp, &sealed_key(&console, lobster).await).await;
    let error = console.agents().api_key(shrimp).await.unwrap_err();
    assert_eq!(
        error.to_string(),
        format!("the stored secret agents:{shrimp}:api_key could not be decrypted: the master key is not the one it was sealed with, or the data was changed")
    );
    assert_eq!(console.agents().api_key(lobster).await.unwrap().key.expose_secret(), CLAWGRAM_KEY);
}

#[tokio::test]
async fn a_tampered_or_truncated_ciphertext_does_not_open() {
    let dir = tempfile::tempdir().unwrap();
    let console = console(dir.path(), &file_key(dir.path())).await;
    let id = import(&console, Platform::Clawgram, "lobster", CLAWGRAM_KEY).await;
    let sealed = sealed_key(&console, id).await;

    for position in [0, 30, sealed.len() - 1] {
        let mut tampered = sealed.clone();
        tampered[position] ^= 0x01;
        set_sealed_key(&console, id, &tampered).await;
        assert!(matches!(console.agents().api_key(id).await, Err(CoreError::Undecryptable { .. })));
    }
    set_sealed_key(&console, id, &sealed[..10]).await;
    assert!(matches!(console.agents().api_key(id).await, Err(CoreError::Undecryptable { .. })));
}

#[test]
fn the_key_file_is_created_private_and_read_back_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let first = Vault::new(&file_key(dir.path()));
    let path = dir.path().join(MASTER_KEY_FILE);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let slot = SecretSlot::platform_secret(Platform::Threads);
    let sealed = first.seal(&slot, &SecretString::from("queue-secret-value")).unwrap();
    let again = Vault::new(&file_key(dir.path()));
    assert_eq!(again.open(&slot, &sealed).unwrap().expose_secret(), "queue-secret-value");
}

#[cfg(unix)]
#[test]
fn a_key_file_readable_by_others_is_refused_with_the_fix() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    file_key(dir.path());
    let path = dir.path().join(MASTER_KEY_FILE);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();

    let error = MasterKey::load(None, dir.path()).unwrap_err();
    assert!(matches!(error, CoreError::Exposed { mode: 0o644, fix: 0o600, .. }), "{error}");
    let message = error.to_string();
    assert!(message.contains("can be read by other users (mode 644)"), "{message}");
    assert!(message.contains(&format!("chmod 600 {}", path.display())), "{message}");
}

#[test]
fn a_damaged_key_file_is_named_in_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(MASTER_KEY_FILE);
    std::fs::write(&path, "not a key").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let message = MasterKey::load(None, dir.path()).unwrap_err().to_string();
    assert!(message.starts_with(&format!("cannot use the key file {}", path.display())), "{message}");
}

#[test]
fn the_environment_key_is_hex_or_base64_of_32_bytes_and_says_which_when_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let hex_key = SecretString::from("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
    let base64_key = SecretString::from("ABEiM0RVZneImaq7zN3u/wARIjNEVWZ3iJmqu8zd7v8=");
    let slot = SecretSlot::agent_api_key(3);
    let sealed = Vault::new(&MasterKey::load(Some(&hex_key), dir.path()).unwrap())
        .seal(&slot, &SecretString::from(CLAWTTER_KEY))
        .unwrap();
    let opened = Vault::new(&MasterKey::load(Some(&base64_key), dir.path()).unwrap()).open(&slot, &sealed).unwrap();
    assert_eq!(opened.expose_secret(), CLAWTTER_KEY, "the same 32 bytes in either spelling");
    assert!(!dir.path().join(MASTER_KEY_FILE).exists(), "no key file when the environment gives the key");

    let too_short = MasterKey::parse("ABEiM0RVZneImaq7zN3u/w==").unwrap_err().to_string();
    assert_eq!(too_short, "CLAWDESK_MASTER_KEY is not a valid key: it decodes to 16 bytes, but the key is 32 bytes");
    let neither = MasterKey::parse("correct horse battery staple!").unwrap_err().to_string();
    assert!(
        neither.ends_with("expected 64 hex characters or the base64 of 32 bytes, got 29 characters that are neither"),
        "{neither}"
    );
    assert!(!neither.contains("horse"), "the message does not repeat the value");
}

#[test]
fn a_fingerprint_keeps_the_prefix_and_a_short_hash_keyed_by_the_master_key() {
    let vault = Vault::new(&MasterKey::parse(&"ab".repeat(32)).unwrap());
    let fingerprint = vault.fingerprint(&SecretString::from(CLAWGRAM_KEY)).to_string();
    let (prefix, hash) = fingerprint.split_once('…').unwrap();
    assert_eq!(prefix, "claw_test_");
    assert_eq!(hash.len(), 6);
    assert!(hash.bytes().all(|b| b.is_ascii_hexdigit()));
    let owner = vault.fingerprint(&SecretString::from("claw_owner_sess_0123456789abcdefghij")).to_string();
    assert!(owner.starts_with("claw_owner_sess_…"), "{owner}");
    assert_ne!(fingerprint, vault.fingerprint(&SecretString::from(CLAWTTER_KEY)).to_string());

    // Without the master key a fingerprint cannot be checked against guesses: neither the plain SHA-256 of the
    // secret nor another console's fingerprint of it matches.
    let short_secret = SecretString::from("hunter2hunter2hunter2");
    let shown = vault.fingerprint(&short_secret).to_string();
    let unkeyed = &hex::encode(sha2::Sha256::digest(short_secret.expose_secret().as_bytes()))[..6];
    assert_ne!(shown, unkeyed);
    let elsewhere = Vault::new(&MasterKey::parse(&"cd".repeat(32)).unwrap()).fingerprint(&short_secret);
    assert_ne!(shown, elsewhere.to_string());
    assert_eq!(shown, vault.fingerprint(&short_secret).to_string(), "the same console shows the same fingerprint");
}
