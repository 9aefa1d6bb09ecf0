//! The backend's queue, where it exposes it: jobs of a tenant, their counts, deleting one, and health.

use super::publish::text;
use super::{QueueAccess, ThreadsClient};
use crate::PlatformError;
use serde_json::Value;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JobStatus {
    Queued,
    Claimed,
    Done,
    Failed,
    /// A status this client does not know, as the backend wrote it.
    Other(String),
}

impl JobStatus {
    fn parse(raw: &str) -> JobStatus {
        match raw {
            "queued" | "scheduled" => JobStatus::Queued,
            "claimed" | "processing" => JobStatus::Claimed,
            "done" | "published" => JobStatus::Done,
            "failed" | "error" => JobStatus::Failed,
            other => JobStatus::Other(other.to_owned()),
        }
    }
}

/// One job; whatever the backend sent is kept in `raw`.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    pub id: String,
    pub message: String,
    pub images: Vec<String>,
    pub status: JobStatus,
    pub created_at: Option<OffsetDateTime>,
    pub scheduled_at: Option<OffsetDateTime>,
    pub error: Option<String>,
    pub raw: Value,
}

#[derive(Clone, Debug, PartialEq)]
pub struct JobStats {
    pub queued: u64,
    pub claimed: u64,
    pub done: u64,
    pub failed: u64,
    pub raw: Value,
}

#[derive(Clone, Debug, PartialEq)]
pub struct BackendHealth {
    pub status: Option<String>,
    pub raw: Value,
}

impl Job {
    fn from_value(raw: Value) -> Job {
        let time =
            |key: &str| raw.get(key).and_then(Value::as_str).and_then(|at| OffsetDateTime::parse(at, &Rfc3339).ok());
        let images = raw
            .get("images")
            .and_then(Value::as_array)
            .map(|images| images.iter().filter_map(Value::as_str).map(str::to_owned).collect())
            .unwrap_or_default();
        Job {
            id: text(&raw, "id").or_else(|| text(&raw, "job_id")).unwrap_or_default(),
            message: text(&raw, "message").unwrap_or_default(),
            images,
            status: JobStatus::parse(&text(&raw, "status").unwrap_or_default()),
            created_at: time("created_at"),
            scheduled_at: time("scheduled_at"),
            error: text(&raw, "error"),
            raw,
        }
    }
}

impl ThreadsClient {
    /// `GET /api/v1/threads/jobs?tenant_id=`: the tenant's jobs (an array, or `{items|jobs: [...]}`).
    pub async fn jobs(&self, tenant_id: &str) -> Result<QueueAccess<Vec<Job>>, PlatformError> {
        let url = self.base.join(&["api", "v1", "threads", "jobs"]);
        let answer = self.optional(self.http.get(url).query(&[("tenant_id", tenant_id)])).await?;
        Ok(answer.map(|body| {
            let list = match body {
                Value::Array(items) => items,
                Value::Object(mut object) => match object.remove("items").or_else(|| object.remove("jobs")) {
                    Some(Value::Array(items)) => items,
                    _ => Vec::new(),
                },
                _ => Vec::new(),
            };
            list.into_iter().map(Job::from_value).collect()
        }))
    }

    /// `GET /api/v1/threads/jobs/stats?tenant_id=`.
    pub async fn job_stats(&self, tenant_id: &str) -> Result<QueueAccess<JobStats>, PlatformError> {
        let url = self.base.join(&["api", "v1", "threads", "jobs", "stats"]);
        let answer = self.optional(self.http.get(url).query(&[("tenant_id", tenant_id)])).await?;
        Ok(answer.map(|raw| {
            let count = |key: &str| raw.get(key).and_then(Value::as_u64).unwrap_or(0);
            JobStats {
                queued: count("queued"),
                claimed: count("claimed"),
                done: count("done"),
                failed: count("failed"),
                raw: raw.clone(),
            }
        }))
    }

    /// `DELETE /api/v1/threads/jobs/{id}`. A backend without job routes and one without that job both
    /// answer 404, so both read as [`QueueAccess::NotExposed`]; look at [`ThreadsClient::jobs`] to tell them apart.
    pub async fn delete_job(&self, job_id: &str) -> Result<QueueAccess<Value>, PlatformError> {
        let url = self.base.join(&["api", "v1", "threads", "jobs", job_id]);
        self.optional(self.http.delete(url)).await
    }

    /// `GET /health` → `{status, timestamp, services}` where the backend has it.
    pub async fn backend_health(&self) -> Result<QueueAccess<BackendHealth>, PlatformError> {
        let answer = self.optional(self.http.get(self.base.join(&["health"]))).await?;
        Ok(answer.map(|raw| BackendHealth { status: text(&raw, "status"), raw }))
    }
}
