//! Rotating a Clawgram agent's key without ever losing the new one. The rotation is noted before it is sent;
//! the new key is stored in the same write that keeps the old one aside; if that write fails, the new key is
//! sealed into a rescue file in the data directory and stored at the next start. The old key is dropped only
//! once the new one has been verified, and the new key is written into the agent's delivery file, if any.

use crate::agents::{AgentKey, Agents};
use crate::audit::{AuditEvent, AuditLog};
use crate::connections::Connections;
use crate::data_dir::{PRIVATE_DIRECTORY, PRIVATE_FILE};
use crate::delivery::{deliver_key, DeliveryFolders};
use crate::onboarding::Onboarding;
use crate::owners::OwnerSessions;
use crate::vault::{SecretSlot, Vault};
use crate::{CoreError, Platform};
use clawdesk_platforms::clawgram::ErrorCode;
use secrecy::SecretString;
use std::io::Write;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The variable an OpenClaw-style `.env` file holds the Clawgram key in.
pub const CLAWGRAM_KEY_VARIABLE: &str = "CLAWGRAM_API_KEY";
const RESCUE_DIRECTORY: &str = "rescued-keys";

/// What became of a rotation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rotated {
    pub fingerprint: String,
    /// The delivery file the new key was written into.
    pub delivered_to: Option<PathBuf>,
}

#[derive(Clone, Debug)]
pub struct Rotations {
    agents: Agents,
    connections: Connections,
    onboarding: Onboarding,
    sessions: OwnerSessions,
    vault: Arc<Vault>,
    audit: AuditLog,
    rescue_directory: PathBuf,
    delivery_folders: DeliveryFolders,
}

impl Rotations {
    pub fn new(
        agents: Agents,
        connections: Connections,
        sessions: OwnerSessions,
        vault: Arc<Vault>,
        audit: AuditLog,
        data_directory: &Path,
    ) -> Rotations {
        let onboarding = Onboarding::new(agents.clone(), connections.clone());
        Rotations {
            agents,
            connections,
            onboarding,
            sessions,
            vault,
            audit,
            rescue_directory: data_directory.join(RESCUE_DIRECTORY),
            delivery_folders: DeliveryFolders::new(&[], data_directory),
        }
    }

    /// Lets delivery files be written inside `folders` (the configuration's `delivery_dirs`), and nowhere else.
    pub(crate) fn allow_delivery_into(&mut self, folders: &[PathBuf], data_directory: &Path) {
        self.delivery_folders = DeliveryFolders::new(folders, data_directory);
    }

    /// Agent-side rotation (`POST /agents/me/api-key/rotate`): the old key stops working at once.
    /// `delivery_path`, when given, is remembered for the agent and receives the new key.
    pub async fn rotate(
        &self,
        agent_id: i64,
        delivery_path: Option<&str>,
        client: Option<IpAddr>,
    ) -> Result<Rotated, CoreError> {
        let agent = self.agents.get(agent_id).await?;
        if agent.platform != Platform::Clawgram {
            return Err(CoreError::Invalid {
                field: "agent",
                reason: format!(
                    "{} has no key rotation; register a new identity and import its key instead",
                    agent.platform
                ),
            });
        }
        let delivery_path = self.checked_delivery_path(delivery_path)?;
        self.agents.set_delivery_path(agent_id, delivery_path).await?;
        let AgentKey { key: old, clients } = self.agents.api_key(agent_id).await?;

        self.agents.begin_rotation(agent_id).await?;
        let rotated = match clients.clawgram.rotate_key(&old).await {
            Ok(rotated) => rotated,
            Err(error) => {
                self.agents.end_rotation(agent_id).await?;
                return Err(match ErrorCode::of(&error) {
                    Some(ErrorCode::InvalidApiKey) => CoreError::Invalid {
                        field: "agent",
                        reason:
                            "Clawgram no longer accepts the stored key, so it cannot rotate it; use owner-side rotation"
                                .into(),
                    },
                    _ => CoreError::Platform(error),
                });
            }
        };
        self.keep_new_key(agent_id, Some(&old), &rotated.api_key).await?;
        self.finish(agent_id, &rotated.api_key, delivery_path, client).await
    }

    /// Owner-side rotation (`POST /owner/agents/{id}/api-key/rotate`) with the owner's session: for an agent in
    /// the console, or to import an owned agent whose key the console does not have. The agent's current key
    /// stops working at once.
    pub async fn rotate_as_owner(
        &self,
        owner_email: &str,
        platform_agent_id: &str,
        name: &str,
        delivery_path: Option<&str>,
        client: Option<IpAddr>,
    ) -> Result<(i64, Rotated), CoreError> {
        let session = self.sessions.token(owner_email).await?;
        let delivery_path = self.checked_delivery_path(delivery_path)?;
        let known = self.agents.ids_by_handle(Platform::Clawgram).await?.into_iter().find(|(handle, _)| handle == name);
        let (agent_id, old) = match known {
            Some((_, id)) => (id, self.agents.api_key(id).await.ok().map(|opened| opened.key)),
            None => (self.agents.reserve(Platform::Clawgram, name, None).await?, None),
        };
        self.agents.set_delivery_path(agent_id, delivery_path).await?;
        self.agents.begin_rotation(agent_id).await?;
        let rotated = match self.connections.clawgram().owner_rotate_key(&session, platform_agent_id).await {
            Ok(rotated) => rotated,
            Err(error) => {
                match old {
                    Some(_) => self.agents.end_rotation(agent_id).await?,
                    None => self.agents.forget(agent_id).await?,
                }
                return Err(match ErrorCode::of(&error) {
                    Some(ErrorCode::Forbidden) => CoreError::Invalid {
                        field: "agent",
                        reason: format!("{owner_email} does not own {name} on Clawgram"),
                    },
                    Some(ErrorCode::InvalidOwnerAuth) => CoreError::Invalid {
                        field: "owner_email",
                        reason: format!("the owner session of {owner_email} has ended; sign in as the owner again"),
                    },
                    _ => CoreError::Platform(error),
                });
            }
        };
        self.keep_new_key(agent_id, old.as_ref(), &rotated.api_key).await?;
        let rotated = self.finish(agent_id, &rotated.api_key, delivery_path, client).await?;
        Ok((agent_id, rotated))
    }

    /// After the new key is stored: audit, deliver, verify, and only then forget the old key.
    async fn finish(
        &self,
        agent_id: i64,
        new: &SecretString,
        delivery_path: Option<&str>,
        client: Option<IpAddr>,
    ) -> Result<Rotated, CoreError> {
        self.audit.record(AuditEvent::KeyRotated { agent_id, platform: Platform::Clawgram }, client).await?;
        let delivered_to = match delivery_path {
            Some(path) => {
                let delivery = deliver_key(Path::new(path), CLAWGRAM_KEY_VARIABLE, new).map_err(|e| {
                    CoreError::Invalid { field: "delivery_path", reason: format!("the new key is stored, but {e}") }
                })?;
                let event = AuditEvent::KeyRevealedToFile { agent_id, platform: Platform::Clawgram };
                self.audit.record_file(event, &delivery.path, client).await?;
                Some(delivery.path)
            }
            None => None,
        };

        // Only a verified new key lets the old one go.
        self.onboarding.refresh(agent_id).await?;
        self.agents.forget_previous_key(agent_id).await?;
        let fingerprint = self.vault.fingerprint(new).to_string();
        Ok(Rotated { fingerprint, delivered_to })
    }

    /// Stores the new key; if the store refuses, seals it into a rescue file so that it survives.
    async fn keep_new_key(
        &self,
        agent_id: i64,
        old: Option<&SecretString>,
        new: &SecretString,
    ) -> Result<(), CoreError> {
        let Err(store_error) = self.agents.replace_key(agent_id, old, new).await else { return Ok(()) };
        let sealed = self.vault.seal(&SecretSlot::agent_api_key(agent_id), new)?;
        let file = self.rescue_directory.join(format!("agent-{agent_id}.sealed"));
        write_private(&file, hex::encode(sealed).as_bytes()).map_err(|e| {
            CoreError::Internal(format!(
                "the platform rotated the key, but neither the database ({store_error}) nor {} could keep it: {e}",
                file.display()
            ))
        })?;
        tracing::error!(agent_id, error = %store_error, file = %file.display(), "rotated key kept in a rescue file");
        Err(CoreError::Internal(format!(
            "Clawgram issued the new key but the database refused it ({store_error}); it is kept, encrypted, in {} and is stored at the next start",
            file.display()
        )))
    }

    /// The delivery file as given, when it is one the configuration allows (checked before anything is sent).
    fn checked_delivery_path<'a>(&self, path: Option<&'a str>) -> Result<Option<&'a str>, CoreError> {
        let path = path.map(str::trim).filter(|path| !path.is_empty());
        if let Some(path) = path {
            self.delivery_folders.check(Path::new(path)).map_err(|e| CoreError::invalid("delivery_path", e))?;
        }
        Ok(path)
    }

    /// Stores the keys that rotations had to leave in rescue files; run at start-up. Returns how many.
    pub async fn recover_rescued_keys(&self) -> Result<usize, CoreError> {
        let Ok(entries) = std::fs::read_dir(&self.rescue_directory) else { return Ok(0) };
        let mut recovered = 0;
        for entry in entries.flatten() {
            let path = entry.path();
            let agent_id = path
                .file_name()
                .and_then(|name| name.to_str())
                .and_then(|name| name.strip_prefix("agent-")?.strip_suffix(".sealed")?.parse::<i64>().ok());
            let Some(agent_id) = agent_id else { continue };
            let text = std::fs::read_to_string(&path)
                .map_err(|e| CoreError::Internal(format!("cannot read {}: {e}", path.display())))?;
            let sealed = hex::decode(text.trim())
                .map_err(|e| CoreError::Internal(format!("{} is damaged: {e}", path.display())))?;
            // It must open under the agent's row before it replaces anything.
            let key = self.vault.open(&SecretSlot::agent_api_key(agent_id), &sealed)?;
            match self.agents.store_sealed_key(agent_id, &sealed, &self.vault.fingerprint(&key), None).await {
                Ok(()) => {}
                // The agent was removed since: the key stays in its file, sealed to that id alone.
                Err(CoreError::NotFound { .. }) => {
                    tracing::warn!(agent_id, file = %path.display(), "a rescued key's agent is no longer in the console; the file is left as it is");
                    continue;
                }
                Err(error) => return Err(error),
            }
            std::fs::remove_file(&path)
                .map_err(|e| CoreError::Internal(format!("cannot remove {}: {e}", path.display())))?;
            tracing::info!(agent_id, "stored a rotated key from its rescue file");
            recovered += 1;
        }
        Ok(recovered)
    }
}

/// Writes `bytes` to `file` readable by this user alone, creating its directory.
fn write_private(file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
    if let Some(directory) = file.parent() {
        std::fs::DirBuilder::new().recursive(true).mode(PRIVATE_DIRECTORY).create(directory)?;
    }
    let mut out = std::fs::OpenOptions::new().write(true).create(true).truncate(true).mode(PRIVATE_FILE).open(file)?;
    out.write_all(bytes)?;
    out.sync_all()
}
