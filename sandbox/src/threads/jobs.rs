//! The backend's publishing queue: jobs per tenant whose status follows the sandbox clock.

use super::PUBLISHING_SECONDS;
use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// The word that makes the stand-in fail a job, so the console's failure display can be tried.
pub(crate) const FAILING_TAG: &str = "#fail";

#[derive(Default)]
pub(crate) struct Queue {
    jobs: Vec<Job>,
    created: u64,
}

pub(crate) struct Job {
    pub id: String,
    pub tenant_id: String,
    pub message: String,
    pub images: Vec<String>,
    pub created_at: OffsetDateTime,
    pub scheduled_at: Option<OffsetDateTime>,
}

/// What a new job is made of.
pub(crate) struct NewJob {
    pub tenant_id: String,
    pub message: String,
    pub images: Vec<String>,
    pub scheduled_at: Option<OffsetDateTime>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Status {
    Queued,
    Claimed,
    Done,
    Failed,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Queued => "queued",
            Status::Claimed => "claimed",
            Status::Done => "done",
            Status::Failed => "failed",
        }
    }
}

impl Job {
    fn due_at(&self) -> OffsetDateTime {
        self.scheduled_at.map_or(self.created_at, |at| at.max(self.created_at))
    }

    pub fn status(&self, now: OffsetDateTime) -> Status {
        let due = self.due_at();
        if now < due {
            Status::Queued
        } else if now < due + time::Duration::seconds(PUBLISHING_SECONDS) {
            Status::Claimed
        } else if self.message.to_lowercase().contains(FAILING_TAG) {
            Status::Failed
        } else {
            Status::Done
        }
    }

    pub fn to_json(&self, now: OffsetDateTime) -> Value {
        let status = self.status(now);
        let mut job = json!({
            "id": self.id,
            "tenant_id": self.tenant_id,
            "message": self.message,
            "images": self.images,
            "status": status.as_str(),
            "created_at": rfc3339(self.created_at),
        });
        if let Some(at) = self.scheduled_at {
            job["scheduled_at"] = json!(rfc3339(at));
        }
        if status == Status::Failed {
            job["error"] =
                json!(format!("Threads refused the post (the sandbox fails messages containing {FAILING_TAG})"));
        }
        job
    }
}

impl Queue {
    pub fn add(&mut self, new: NewJob, now: OffsetDateTime) -> &Job {
        self.created += 1;
        self.jobs.push(Job {
            id: format!("job_{:06}", self.created),
            tenant_id: new.tenant_id,
            message: new.message,
            images: new.images,
            created_at: now,
            scheduled_at: new.scheduled_at,
        });
        &self.jobs[self.jobs.len() - 1]
    }

    /// The tenant's jobs, newest first.
    pub fn of_tenant<'a>(&'a self, tenant_id: &'a str) -> impl Iterator<Item = &'a Job> + 'a {
        self.jobs.iter().rev().filter(move |job| job.tenant_id == tenant_id)
    }

    pub fn find(&self, id: &str) -> Option<&Job> {
        self.jobs.iter().find(|job| job.id == id)
    }

    /// Gives a job the picture the assistant generated for it.
    pub fn attach_picture(&mut self, id: &str, url: String) {
        if let Some(job) = self.jobs.iter_mut().find(|job| job.id == id) {
            job.images.push(url);
        }
    }

    pub fn remove(&mut self, id: &str) -> bool {
        let before = self.jobs.len();
        self.jobs.retain(|job| job.id != id);
        self.jobs.len() < before
    }
}

pub(crate) fn rfc3339(at: OffsetDateTime) -> String {
    at.format(&Rfc3339).unwrap_or_else(|_| at.unix_timestamp().to_string())
}
