//! Everything the Clawgram stand-in knows, in memory: agents, owners, tokens, uploads, media, posts, comments,
//! likes, follows, reports and the rate-limit windows.

use super::ids;
use super::limits::RateLimits;
use crate::art::SeededRng;
use std::collections::HashSet;
use std::sync::{Arc, OnceLock};
use time::OffsetDateTime;

pub(crate) struct World {
    /// Where the sandbox is served, for the absolute URLs of images.
    pub(crate) origin: String,
    /// Ids and seeded content come from here, so that a seeded world is the same on every run.
    pub(crate) rng: SeededRng,
    pub(crate) agents: Vec<Agent>,
    pub(crate) owners: Vec<Owner>,
    pub(crate) sessions: Vec<Session>,
    pub(crate) email_tokens: Vec<EmailToken>,
    pub(crate) uploads: Vec<Upload>,
    pub(crate) media: Vec<MediaItem>,
    pub(crate) posts: Vec<Post>,
    pub(crate) comments: Vec<Comment>,
    pub(crate) likes: Vec<Like>,
    /// `(follower id, followed id)`.
    pub(crate) follows: HashSet<(String, String)>,
    pub(crate) reports: Vec<Report>,
    pub(crate) limits: RateLimits,
}

pub(crate) struct Agent {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) bio: Option<String>,
    pub(crate) website_url: Option<String>,
    /// The media id of the avatar; writes on the gated routes need one.
    pub(crate) avatar: Option<String>,
    pub(crate) claimed: bool,
    pub(crate) owner: Option<String>,
    pub(crate) linked_at: Option<OffsetDateTime>,
    pub(crate) key: String,
    pub(crate) created_at: OffsetDateTime,
    pub(crate) last_active: Option<OffsetDateTime>,
}

pub(crate) struct Owner {
    pub(crate) id: String,
    pub(crate) email: String,
    pub(crate) created_at: OffsetDateTime,
}

pub(crate) struct Session {
    pub(crate) token: String,
    pub(crate) owner: String,
    pub(crate) expires_at: OffsetDateTime,
}

pub(crate) struct EmailToken {
    pub(crate) token: String,
    pub(crate) email: String,
    /// Set for a token from setup-owner-email: completing it claims this agent.
    pub(crate) agent: Option<String>,
    pub(crate) expires_at: OffsetDateTime,
    pub(crate) consumed: bool,
}

pub(crate) struct Upload {
    pub(crate) id: String,
    pub(crate) agent: String,
    pub(crate) content_type: String,
    pub(crate) size_bytes: u64,
    pub(crate) expires_at: OffsetDateTime,
    /// Chosen at creation so that the PUT can already say where the file will be served.
    pub(crate) media_id: String,
    pub(crate) bytes: Option<Arc<Vec<u8>>>,
    pub(crate) completed: bool,
}

/// The bytes of a media item: uploaded, or generated on first read (seeded worlds start instantly).
#[derive(Clone)]
pub(crate) enum Picture {
    Uploaded(Arc<Vec<u8>>),
    Generated { seed: u64, avatar: bool, bytes: Arc<OnceLock<Vec<u8>>> },
}

pub(crate) struct MediaItem {
    pub(crate) id: String,
    pub(crate) agent: String,
    pub(crate) format: &'static str,
    pub(crate) picture: Picture,
}

impl MediaItem {
    pub(crate) fn content_type(&self) -> String {
        format!("image/{}", self.format)
    }

    pub(crate) fn file_name(&self) -> String {
        format!("{}.{}", self.id, self.format)
    }
}

pub(crate) struct Post {
    pub(crate) id: String,
    pub(crate) author: String,
    pub(crate) images: Vec<String>,
    pub(crate) caption: Option<String>,
    pub(crate) hashtags: Vec<String>,
    pub(crate) alt_text: Option<String>,
    pub(crate) sensitive: bool,
    pub(crate) owner_influenced: bool,
    pub(crate) report_score: f64,
    pub(crate) created_at: OffsetDateTime,
    pub(crate) deleted: bool,
}

pub(crate) struct Comment {
    pub(crate) id: String,
    pub(crate) post: String,
    pub(crate) parent: Option<String>,
    pub(crate) depth: u32,
    pub(crate) content: String,
    pub(crate) author: String,
    pub(crate) deleted_at: Option<OffsetDateTime>,
    pub(crate) hidden: Option<(String, OffsetDateTime)>,
    pub(crate) created_at: OffsetDateTime,
}

pub(crate) struct Like {
    pub(crate) post: String,
    pub(crate) agent: String,
    pub(crate) at: OffsetDateTime,
}

pub(crate) struct Report {
    pub(crate) id: String,
    pub(crate) post: String,
    pub(crate) reporter: String,
    pub(crate) reason: String,
    pub(crate) details: Option<String>,
    pub(crate) weight: f64,
    pub(crate) created_at: OffsetDateTime,
}

impl World {
    pub(crate) fn new(seed: u64, origin: &str) -> World {
        World {
            origin: origin.to_owned(),
            rng: SeededRng::new(seed),
            agents: Vec::new(),
            owners: Vec::new(),
            sessions: Vec::new(),
            email_tokens: Vec::new(),
            uploads: Vec::new(),
            media: Vec::new(),
            posts: Vec::new(),
            comments: Vec::new(),
            likes: Vec::new(),
            follows: HashSet::new(),
            reports: Vec::new(),
            limits: RateLimits::default(),
        }
    }

    pub(crate) fn new_id(&mut self) -> String {
        ids::cuid(&mut self.rng)
    }

    pub(crate) fn agent_index(&self, id: &str) -> Option<usize> {
        self.agents.iter().position(|agent| agent.id == id)
    }

    /// The agent of exactly this (stored, lower-case) name: names in paths are not folded.
    pub(crate) fn agent_named(&self, name: &str) -> Option<usize> {
        self.agents.iter().position(|agent| agent.name == name)
    }

    pub(crate) fn live_post(&self, id: &str) -> Option<usize> {
        self.posts.iter().position(|post| post.id == id && !post.deleted)
    }

    pub(crate) fn comment_index(&self, id: &str) -> Option<usize> {
        self.comments.iter().position(|comment| comment.id == id)
    }

    pub(crate) fn media_item(&self, id: &str) -> Option<&MediaItem> {
        self.media.iter().find(|media| media.id == id)
    }

    pub(crate) fn is_liked(&self, post: &str, agent: &str) -> bool {
        self.likes.iter().any(|like| like.post == post && like.agent == agent)
    }

    /// The owner with `email` (compared case-insensitively), created if new.
    pub(crate) fn owner_for(&mut self, email: &str, now: OffsetDateTime) -> usize {
        let email = email.to_lowercase();
        if let Some(index) = self.owners.iter().position(|owner| owner.email == email) {
            return index;
        }
        let id = self.new_id();
        self.owners.push(Owner { id, email, created_at: now });
        self.owners.len() - 1
    }
}
