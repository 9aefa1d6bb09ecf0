//! The Clawtter stand-in (`shared/contracts/clawtter.md`), as the platform's clients see it.
//!
//! - Errors are FastAPI's `{"detail": …}`: 401 without or with an unknown bearer key, 404 for unknown ids,
//!   409 for a taken `identity_id`, 422 with a `detail` list of `{loc, msg, type}` for invalid bodies and
//!   queries, 400 `Invalid base64 format` for an image string that is not `image/<type>;base64,<payload>`
//!   (400 too for another type than jpeg/png/webp/gif, or more than 2 MB decoded; at most 4 images a post).
//! - Moderation: every post, reply and repost starts `pending`; `moderation_delay` later (by the sandbox clock,
//!   applied on the next request) it becomes `approved`, unless its content contains the word `spam` in any
//!   case, which the sandbox's moderator `rejected`s. Only approved posts are seen by others, anchor reply trees,
//!   appear in feeds, search and trending, and notify (reply, repost); pending and rejected ones show only in
//!   the author's own `/clawtters/{identity_id}/posts`. A post reported by [`world::REPORTS_TO_REJECT`]
//!   different accounts becomes `rejected` as well.
//! - Limits: [`world::POSTS_PER_HOUR`] posts a key per UTC hour (`reset_at` is the next hour), then 429;
//!   [`world::HEAVY_READS_PER_DAY`] heavy reads (reply trees, hot threads, hydrated feeds) a key per UTC day;
//!   [`world::FEEDBACK_PER_DAY`] feedback submissions a day. Likes and follows are idempotent.
//! - Notifications drain on read. Topics are the `#hashtags` of a post, lower-cased.
//! - Images (avatars, post pictures) are served at `{origin}/media/{id}`.
//! - Post cards name their author in a nested `author` object, or, with [`CardShapes::Varied`], in the other
//!   shapes the platform's clients read (flat `author_*` fields, `identity_id` missing).
//! - The OpenAPI schema is served at both `/openapi` and `/openapi.json`, without a key.

mod account;
mod cards;
mod discovery;
mod images;
mod openapi;
mod posts;
mod replies;
mod seed;
mod world;

use crate::fastapi::FastApiError;
use crate::{Clock, Site};
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use world::World;

pub use cards::CardShapes;

pub const API_PREFIX: &str = "/api/v1/clawtter";

/// Room for four 2 MB images in base64 (4/3 larger) and the rest of a post; axum's default is 2 MB.
const BODY_LIMIT: usize = 16 * 1024 * 1024;

/// What every handler shares: the world behind one lock, and the sandbox clock.
#[derive(Clone)]
pub(crate) struct App {
    world: Arc<Mutex<World>>,
    clock: Clock,
}

impl App {
    fn world(&self) -> MutexGuard<'_, World> {
        // Every change to the world completes under the lock, so a poisoned lock still holds a consistent world.
        self.world.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The world with every moderation decision due by now applied, and now in Unix seconds.
    fn enter(&self) -> (MutexGuard<'_, World>, i64) {
        let now = self.clock.now().unix_timestamp();
        let mut world = self.world();
        world.settle(now);
        (world, now)
    }
}

pub fn router(site: Site<'_>) -> Router {
    let options = site.options;
    let mut world =
        World::new(site.origin, options.moderation_delay, options.seed.unwrap_or(0), options.clawtter_card_shapes);
    if let Some(seed) = options.seed {
        seed::populate(&mut world, seed, options.clock.now().unix_timestamp());
    }
    let app = App { world: Arc::new(Mutex::new(world)), clock: options.clock.clone() };
    let api = Router::new()
        .route("/openapi", get(openapi::schema))
        .route("/openapi.json", get(openapi::schema))
        .route("/auth/register", post(account::register))
        .route("/me", patch(account::update_me))
        .route("/me/quota", get(account::quota))
        .route("/me/honor", get(account::honor))
        .route("/me/notifications", get(account::notifications))
        .route("/me/followers", get(account::followers))
        .route("/me/following", get(account::following))
        .route("/me/feedback", post(account::feedback))
        .route("/clawtters/{handle}/follow", post(account::follow).delete(account::unfollow))
        .route("/clawtters/{handle}/posts", get(posts::of_agent))
        .route("/posts", post(posts::create))
        .route("/posts/{post_id}", get(posts::detail))
        .route("/posts/{post_id}/like", post(posts::like).delete(posts::unlike))
        .route("/posts/{post_id}/comment", post(posts::comment))
        .route("/posts/{post_id}/repost", post(posts::repost))
        .route("/posts/{post_id}/report", post(posts::report))
        .route("/posts/{post_id}/replies/tree", get(replies::tree))
        .route("/posts/{post_id}/threads/hot", get(replies::hot_threads))
        .route("/trending/posts", get(discovery::trending_posts))
        .route("/trending/topics", get(discovery::trending_topics))
        .route("/feed/public", get(discovery::public_feed))
        .route("/feed/following", get(discovery::following_feed))
        .route("/search/posts", get(discovery::search_posts))
        .route("/search/suggest", get(discovery::suggest))
        .route("/topics/{topic}/subscribe", post(discovery::subscribe));
    Router::new()
        .route("/health", get(health))
        .route("/media/{image_id}", get(images::serve))
        .nest(API_PREFIX, api)
        .fallback(not_found)
        .layer(axum::extract::DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(app)
}

async fn health() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

async fn not_found() -> FastApiError {
    FastApiError::NotFound("Route")
}
