//! Clawtter's in-memory state and the rules that change it: accounts, posts and their moderation, likes,
//! follows, notifications and the per-key limits. Times are Unix seconds from the sandbox clock.

use super::cards::CardShapes;
use super::images::StoredImage;
use crate::art::SeededRng;
use crate::fastapi::FastApiError;
use axum::http::HeaderMap;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use std::time::Duration;

/// Posts (originals, replies and reposts together) one key may create per UTC hour.
pub(crate) const POSTS_PER_HOUR: u32 = 20;
/// Heavy reads (reply trees, hot threads, hydrated feeds) one key may make per UTC day.
pub(crate) const HEAVY_READS_PER_DAY: u32 = 200;
/// Feedback submissions one key may make per UTC day.
pub(crate) const FEEDBACK_PER_DAY: u32 = 5;
/// Distinct accounts whose reports take a post down (it becomes `rejected`).
pub(crate) const REPORTS_TO_REJECT: usize = 3;
/// The word whose presence (any case) makes the sandbox's moderator reject a post.
pub(crate) const REJECTED_WORD: &str = "spam";

const INVALID_KEY: &str = "Invalid or missing API key";
const HOUR: i64 = 3600;
const DAY: i64 = 24 * HOUR;

pub(crate) struct World {
    pub origin: String,
    pub moderation_delay: i64,
    pub card_shapes: CardShapes,
    rng: SeededRng,
    pub accounts: Vec<Account>,
    by_key: HashMap<String, usize>,
    by_identity: HashMap<String, usize>,
    by_clawtter_id: HashMap<String, usize>,
    pub posts: Vec<Post>,
    by_post_id: HashMap<String, usize>,
    images: HashMap<String, StoredImage>,
}

pub(crate) struct Account {
    pub clawtter_id: String,
    pub identity_id: String,
    pub nickname: String,
    pub bio: Option<String>,
    pub avatar: Option<String>,
    pub updated_at: i64,
    pub following: BTreeSet<usize>,
    pub topics: BTreeSet<String>,
    notifications: Vec<Value>,
    posted_at: Vec<i64>,
    heavy_reads: DayCount,
    feedback: DayCount,
}

/// A count that starts again at every UTC midnight.
#[derive(Default)]
struct DayCount {
    day: i64,
    count: u32,
}

impl DayCount {
    fn take(&mut self, now: i64, cap: u32) -> bool {
        let day = now.div_euclid(DAY);
        if self.day != day {
            *self = DayCount { day, count: 0 };
        }
        if self.count >= cap {
            return false;
        }
        self.count += 1;
        true
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PostKind {
    Original,
    Reply,
    Repost,
}

impl PostKind {
    pub fn parse(raw: &str) -> Option<PostKind> {
        match raw {
            "original" => Some(PostKind::Original),
            "reply" => Some(PostKind::Reply),
            "repost" => Some(PostKind::Repost),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            PostKind::Original => "original",
            PostKind::Reply => "reply",
            PostKind::Repost => "repost",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Moderation {
    /// Decided (lazily, on the first request after `decides_at`) to `approve` or not.
    Pending {
        decides_at: i64,
        approve: bool,
    },
    Approved,
    Rejected,
}

impl Moderation {
    pub fn as_str(self) -> &'static str {
        match self {
            Moderation::Pending { .. } => "pending",
            Moderation::Approved => "approved",
            Moderation::Rejected => "rejected",
        }
    }
}

pub(crate) struct Post {
    pub id: String,
    pub author: usize,
    pub content: String,
    pub images: Vec<String>,
    pub kind: PostKind,
    /// The post replied to (reply) or reposted (repost).
    pub target: Option<usize>,
    /// The original that starts this post's thread (itself for an original).
    pub root: usize,
    pub created_at: i64,
    pub moderation: Moderation,
    pub likes: BTreeSet<usize>,
    pub topics: Vec<String>,
    pub reporters: BTreeSet<usize>,
}

impl Post {
    pub fn is_approved(&self) -> bool {
        self.moderation == Moderation::Approved
    }
}

/// What a new account starts with.
pub(crate) struct NewAccount {
    pub identity_id: String,
    pub nickname: String,
    pub bio: Option<String>,
    pub avatar: Option<StoredImage>,
}

/// What a new post is made of; the target is already resolved and checked.
pub(crate) struct NewPost {
    pub content: String,
    pub images: Vec<StoredImage>,
    pub kind: PostKind,
    pub target: Option<usize>,
}

/// The posting quota of one key in the current UTC hour.
pub(crate) struct Quota {
    pub used: u32,
    pub remaining: u32,
    pub reset_at: i64,
}

impl World {
    pub fn new(origin: &str, moderation_delay: Duration, seed: u64, card_shapes: CardShapes) -> World {
        World {
            origin: origin.to_owned(),
            moderation_delay: i64::try_from(moderation_delay.as_secs()).unwrap_or(i64::MAX),
            card_shapes,
            rng: SeededRng::new(seed ^ 0xC1A7_77E2),
            accounts: Vec::new(),
            by_key: HashMap::new(),
            by_identity: HashMap::new(),
            by_clawtter_id: HashMap::new(),
            posts: Vec::new(),
            by_post_id: HashMap::new(),
            images: HashMap::new(),
        }
    }

    /// A UUID-shaped identifier from the world's seeded generator.
    pub fn new_id(&mut self) -> String {
        let (a, b) = (self.rng.next_u64(), self.rng.next_u64());
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            0x8000 | (b >> 48) & 0x3fff,
            b & 0xffff_ffff_ffff
        )
    }

    /// Applies every moderation decision that is due by `now`, with the notifications approval triggers.
    pub fn settle(&mut self, now: i64) {
        for index in 0..self.posts.len() {
            let Moderation::Pending { decides_at, approve } = self.posts[index].moderation else {
                continue;
            };
            if decides_at > now {
                continue;
            }
            if approve {
                self.approve(index, decides_at);
            } else {
                self.posts[index].moderation = Moderation::Rejected;
            }
        }
    }

    pub fn approve(&mut self, index: usize, at: i64) {
        self.posts[index].moderation = Moderation::Approved;
        let post = &self.posts[index];
        let Some(target) = post.target else {
            return;
        };
        let notification = serde_json::json!({
            "type": post.kind.as_str(),
            "created_at": at,
            "actor": self.actor(post.author),
            "post_id": post.id,
            "target_post_id": self.posts[target].id,
            "root_post_id": self.posts[post.root].id,
            "post_kind": post.kind.as_str(),
            "content_preview": preview(&post.content),
        });
        let (recipient, actor) = (self.posts[target].author, post.author);
        self.notify(recipient, actor, notification);
    }

    fn notify(&mut self, recipient: usize, actor: usize, notification: Value) {
        if recipient != actor {
            self.accounts[recipient].notifications.push(notification);
        }
    }

    /// Every waiting notification of `account`, removed from its queue.
    pub fn drain_notifications(&mut self, account: usize) -> Vec<Value> {
        std::mem::take(&mut self.accounts[account].notifications)
    }

    /// The account the bearer key belongs to.
    pub fn authenticate(&self, headers: &HeaderMap) -> Result<usize, FastApiError> {
        let key = headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or(FastApiError::Unauthorized(INVALID_KEY))?;
        self.by_key.get(key.trim()).copied().ok_or(FastApiError::Unauthorized(INVALID_KEY))
    }

    /// Creates an account and returns it with its API key (shown once).
    pub fn register(&mut self, new: NewAccount, now: i64) -> Result<(usize, String), FastApiError> {
        if self.by_identity.contains_key(&new.identity_id) {
            return Err(FastApiError::Conflict(format!("identity_id '{}' is already registered", new.identity_id)));
        }
        let clawtter_id = self.new_id();
        let api_key = format!("ctk_{:016x}{:016x}", self.rng.next_u64(), self.rng.next_u64());
        let avatar = new.avatar.map(|image| self.store_image(image));
        let index = self.accounts.len();
        self.by_key.insert(api_key.clone(), index);
        self.by_identity.insert(new.identity_id.clone(), index);
        self.by_clawtter_id.insert(clawtter_id.clone(), index);
        self.accounts.push(Account {
            clawtter_id,
            identity_id: new.identity_id,
            nickname: new.nickname,
            bio: new.bio,
            avatar,
            updated_at: now,
            following: BTreeSet::new(),
            topics: BTreeSet::new(),
            notifications: Vec::new(),
            posted_at: Vec::new(),
            heavy_reads: DayCount::default(),
            feedback: DayCount::default(),
        });
        Ok((index, api_key))
    }

    pub fn store_image(&mut self, image: StoredImage) -> String {
        let id = self.new_id();
        self.images.insert(id.clone(), image);
        id
    }

    pub fn image(&self, id: &str) -> Option<&StoredImage> {
        self.images.get(id)
    }

    /// An account by its `identity_id` or its `clawtter_id`.
    pub fn find_account(&self, handle: &str) -> Result<usize, FastApiError> {
        self.by_identity
            .get(handle)
            .or_else(|| self.by_clawtter_id.get(handle))
            .copied()
            .ok_or(FastApiError::NotFound("Clawtter"))
    }

    /// A post `viewer` may see: approved ones, and the viewer's own in any state.
    pub fn visible_post(&self, id: &str, viewer: usize) -> Result<usize, FastApiError> {
        let index = *self.by_post_id.get(id).ok_or(FastApiError::NotFound("Post"))?;
        let post = &self.posts[index];
        if post.is_approved() || post.author == viewer {
            Ok(index)
        } else {
            Err(FastApiError::NotFound("Post"))
        }
    }

    /// An approved post: the only kind that can be replied to, reposted, or anchor a thread.
    pub fn approved_post(&self, id: &str) -> Result<usize, FastApiError> {
        let index = *self.by_post_id.get(id).ok_or(FastApiError::NotFound("Post"))?;
        if self.posts[index].is_approved() {
            Ok(index)
        } else {
            Err(FastApiError::NotFound("Post"))
        }
    }

    pub fn quota(&self, account: usize, now: i64) -> Quota {
        let hour_start = now - now.rem_euclid(HOUR);
        let used = self.accounts[account].posted_at.iter().filter(|&&at| at >= hour_start).count();
        let used = u32::try_from(used).unwrap_or(u32::MAX);
        Quota { used, remaining: POSTS_PER_HOUR.saturating_sub(used), reset_at: hour_start + HOUR }
    }

    /// Creates a `pending` post, counted against the author's hourly quota.
    pub fn create_post(&mut self, author: usize, new: NewPost, now: i64) -> Result<usize, FastApiError> {
        let quota = self.quota(author, now);
        if quota.remaining == 0 {
            return Err(FastApiError::TooManyRequests(format!(
                "Hourly posting quota exceeded ({POSTS_PER_HOUR} per hour); it resets at {}",
                quota.reset_at
            )));
        }
        self.accounts[author].posted_at.push(now);
        let approve = !new.content.to_lowercase().contains(REJECTED_WORD);
        let moderation = Moderation::Pending { decides_at: now.saturating_add(self.moderation_delay), approve };
        Ok(self.insert_post(author, new, now, moderation))
    }

    /// Adds a post in the given moderation state (the seeded world starts with approved ones).
    pub fn insert_post(&mut self, author: usize, new: NewPost, now: i64, moderation: Moderation) -> usize {
        let index = self.posts.len();
        let id = self.new_id();
        let images = new.images.into_iter().map(|image| self.store_image(image)).collect();
        let root = match new.target {
            Some(target) if new.kind == PostKind::Reply => self.posts[target].root,
            _ => index,
        };
        self.by_post_id.insert(id.clone(), index);
        self.posts.push(Post {
            id,
            author,
            topics: topics_in(&new.content),
            content: new.content,
            images,
            kind: new.kind,
            target: new.target,
            root,
            created_at: now,
            moderation,
            likes: BTreeSet::new(),
            reporters: BTreeSet::new(),
        });
        index
    }

    /// Counts one heavy read against the key's daily cap.
    pub fn take_heavy_read(&mut self, account: usize, now: i64) -> Result<(), FastApiError> {
        if self.accounts[account].heavy_reads.take(now, HEAVY_READS_PER_DAY) {
            Ok(())
        } else {
            Err(FastApiError::TooManyRequests("Daily thread/post read limit exceeded".into()))
        }
    }

    pub fn take_feedback(&mut self, account: usize, now: i64) -> Result<(), FastApiError> {
        if self.accounts[account].feedback.take(now, FEEDBACK_PER_DAY) {
            Ok(())
        } else {
            Err(FastApiError::TooManyRequests(format!(
                "Daily feedback limit exceeded ({FEEDBACK_PER_DAY} per UTC day)"
            )))
        }
    }

    /// Likes a post; liking twice changes nothing and notifies once.
    pub fn like(&mut self, account: usize, post: usize, now: i64) {
        if !self.posts[post].likes.insert(account) {
            return;
        }
        let target = &self.posts[post];
        let notification = serde_json::json!({
            "type": "like",
            "created_at": now,
            "actor": self.actor(account),
            "post_id": target.id,
            "target_post_id": target.id,
            "root_post_id": self.posts[target.root].id,
        });
        let recipient = target.author;
        self.notify(recipient, account, notification);
    }

    /// Records a report; enough distinct reporters take the post down.
    pub fn report(&mut self, account: usize, post: usize) {
        let post = &mut self.posts[post];
        post.reporters.insert(account);
        if post.reporters.len() >= REPORTS_TO_REJECT {
            post.moderation = Moderation::Rejected;
        }
    }

    pub fn unlike(&mut self, account: usize, post: usize) {
        self.posts[post].likes.remove(&account);
    }

    /// Follows an account; following twice changes nothing and notifies once.
    pub fn follow(&mut self, account: usize, target: usize, now: i64) -> Result<(), FastApiError> {
        if account == target {
            return Err(FastApiError::BadRequest("You cannot follow yourself".into()));
        }
        if self.accounts[account].following.insert(target) {
            let notification = serde_json::json!({"type": "follow", "created_at": now, "actor": self.actor(account)});
            self.notify(target, account, notification);
        }
        Ok(())
    }

    pub fn unfollow(&mut self, account: usize, target: usize) {
        self.accounts[account].following.remove(&target);
    }

    pub fn followers_of(&self, account: usize) -> Vec<usize> {
        (0..self.accounts.len()).filter(|&other| self.accounts[other].following.contains(&account)).collect()
    }

    /// Every post index, newest first (by creation time; the seeded world is not created in time order).
    pub fn newest_first(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.posts.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse((self.posts[i].created_at, i)));
        order
    }

    /// Approved posts whose target is `post` and of the given kind, oldest first.
    pub fn responses(&self, post: usize, kind: PostKind) -> impl Iterator<Item = usize> + '_ {
        (0..self.posts.len()).filter(move |&i| {
            let p = &self.posts[i];
            p.kind == kind && p.target == Some(post) && p.is_approved()
        })
    }

    pub fn avatar_url(&self, account: usize) -> Option<String> {
        self.accounts[account].avatar.as_ref().map(|id| self.media_url(id))
    }

    pub fn media_url(&self, image_id: &str) -> String {
        format!("{}/media/{image_id}", self.origin)
    }

    /// Who did something, as notifications and cards name them.
    pub fn actor(&self, account: usize) -> Value {
        let a = &self.accounts[account];
        serde_json::json!({
            "clawtter_id": a.clawtter_id,
            "identity_id": a.identity_id,
            "nickname": a.nickname,
            "avatar_url": self.avatar_url(account),
        })
    }
}

/// The `#topics` of a text, lower-cased, each once, in order of appearance.
pub(crate) fn topics_in(content: &str) -> Vec<String> {
    let mut topics: Vec<String> = Vec::new();
    for (start, _) in content.match_indices('#') {
        let name: String = content[start + 1..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
            .collect::<String>()
            .to_lowercase();
        if !name.is_empty() && !topics.contains(&name) {
            topics.push(name);
        }
    }
    topics
}

/// The first 120 characters of a text, as lists and notifications show it.
pub(crate) fn preview(content: &str) -> String {
    const LENGTH: usize = 120;
    if content.chars().count() <= LENGTH {
        content.to_owned()
    } else {
        let mut cut: String = content.chars().take(LENGTH - 1).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topics_are_the_hashtags_of_a_text_lower_cased_once_each() {
        assert_eq!(topics_in("Hello #Rust and #rust, #AI_agents! #爪推 #"), ["rust", "ai_agents", "爪推"]);
        assert!(topics_in("no tags here").is_empty());
    }

    #[test]
    fn the_hourly_quota_resets_at_the_next_utc_hour() {
        let mut world = World::new("http://sandbox", Duration::from_secs(5), 1, CardShapes::Nested);
        let new = |id: &str| NewAccount { identity_id: id.into(), nickname: id.into(), bio: None, avatar: None };
        let (author, _) = world.register(new("a"), 7200 + 10).unwrap();
        let post = || NewPost { content: "hi".into(), images: Vec::new(), kind: PostKind::Original, target: None };
        for _ in 0..POSTS_PER_HOUR {
            world.create_post(author, post(), 7200 + 20).unwrap();
        }
        assert!(matches!(world.create_post(author, post(), 7200 + 30), Err(FastApiError::TooManyRequests(_))));
        assert_eq!(world.quota(author, 7200 + 30).reset_at, 10800);
        assert!(world.create_post(author, post(), 10800).is_ok());
    }
}
