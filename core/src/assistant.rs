//! "Write with the assistant": a prompt sent through the Threads backend's `assistant/chat`, which answers with
//! a reply and may queue a post of its own (its `enqueue_post` tool call), for the owner's tenant.

use crate::connection_settings::ConnectionSettings;
use crate::connections::Connections;
use crate::CoreError;
use clawdesk_platforms::threads::{AssistantReply, AssistantRequest};

#[derive(Clone, Debug)]
pub struct Assistant {
    connections: Connections,
    settings: ConnectionSettings,
}

impl Assistant {
    pub fn new(connections: Connections, settings: ConnectionSettings) -> Assistant {
        Assistant { connections, settings }
    }

    /// Sends `prompt` for the tenant in Settings; the backend's reply and the jobs it queued come back.
    pub async fn ask(&self, prompt: &str) -> Result<AssistantReply, CoreError> {
        let prompt = prompt.trim();
        if prompt.is_empty() {
            return Err(CoreError::invalid("prompt", "write what the assistant should write about"));
        }
        let clients = self.connections.current();
        let tenant_id = self.settings.threads_credentials(&clients).await?.tenant_id;
        // A fresh conversation each time: the composer asks for one text, not a chat.
        let session_id = format!("clawdesk-{}", hex::encode(rand::random::<[u8; 8]>()));
        let request = AssistantRequest { session_id, prompt: prompt.to_owned(), campaign: None };
        Ok(clients.threads.generate_post(&tenant_id, &request).await?)
    }
}
