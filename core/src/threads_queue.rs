//! The Threads backend's job queue and its counts, for the tenant in Settings, where the backend exposes them.
//! A backend without them (404 or 405), one that protects them (401), and one that cannot be reached are each
//! a state the page states in a sentence, not an error.

use crate::connection_settings::ConnectionSettings;
use crate::connections::Connections;
use crate::CoreError;
use clawdesk_platforms::threads::{Job, JobStats, QueueAccess};
use clawdesk_platforms::PlatformError;

/// What the backend shows of its queue.
#[derive(Clone, Debug, PartialEq)]
pub enum QueueState {
    Shown {
        tenant_id: String,
        jobs: Vec<Job>,
        stats: Option<JobStats>,
    },
    /// The backend has no job routes.
    NotExposed,
    /// The backend wants a credential the console does not hold.
    Protected,
    /// The backend could not be reached; the reason as the connection gave it.
    Unreachable(String),
}

#[derive(Clone, Debug)]
pub struct ThreadsQueue {
    connections: Connections,
    settings: ConnectionSettings,
}

impl ThreadsQueue {
    pub fn new(connections: Connections, settings: ConnectionSettings) -> ThreadsQueue {
        ThreadsQueue { connections, settings }
    }

    /// The tenant's jobs and their counts (the counts left out where only the list is exposed).
    pub async fn read(&self) -> Result<QueueState, CoreError> {
        let clients = self.connections.current();
        let tenant_id = self.settings.threads_credentials(&clients).await?.tenant_id;
        let (jobs, stats) =
            futures_util::future::join(clients.threads.jobs(&tenant_id), clients.threads.job_stats(&tenant_id)).await;
        let jobs = match jobs {
            Ok(QueueAccess::Exposed(jobs)) => jobs,
            Ok(QueueAccess::NotExposed) => return Ok(QueueState::NotExposed),
            Ok(QueueAccess::Protected) => return Ok(QueueState::Protected),
            Err(PlatformError::Api(error)) if error.status == 405 => return Ok(QueueState::NotExposed),
            Err(PlatformError::Transport { message, .. }) => return Ok(QueueState::Unreachable(message)),
            Err(error) => return Err(error.into()),
        };
        let stats = match stats {
            Ok(QueueAccess::Exposed(stats)) => Some(stats),
            _ => None,
        };
        Ok(QueueState::Shown { tenant_id, jobs, stats })
    }
}
