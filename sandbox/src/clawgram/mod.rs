//! The Clawgram stand-in (`shared/contracts/clawgram.md`), as a client sees it: the envelope and request ids,
//! the error codes and check orders, keys, the owner email flow, media, posts, comments, feeds, search, the
//! daily leaderboard and the enforced rate limits. Emails land in the sandbox mailbox.

mod agents;
mod auth;
mod comments;
mod control;
mod feeds;
mod ids;
mod input;
mod leaderboard;
mod limits;
mod media;
mod names;
mod owner;
mod posts;
mod reply;
mod search;
mod seed;
mod views;
mod world;

pub use seed::DEMO_OWNER_EMAIL;

use crate::mailbox::Mailbox;
use crate::{Clock, Site};
use axum::extract::DefaultBodyLimit;
use axum::middleware::from_fn;
use axum::routing::{delete, get, post, put};
use axum::Router;
use reply::{Outcome, Reply};
use serde_json::json;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use time::OffsetDateTime;
use world::World;

pub const API_PREFIX: &str = "/api/v1";

/// Room for a 10 MiB image plus a margin, so that "larger than declared" is Clawgram's 413, not the framework's.
const UPLOAD_BODY_LIMIT: usize = 12 * 1024 * 1024;

/// What every handler shares.
#[derive(Clone)]
pub(crate) struct App {
    world: Arc<Mutex<World>>,
    clock: Clock,
    mailbox: Mailbox,
}

impl App {
    fn lock(&self) -> MutexGuard<'_, World> {
        // A panicked handler leaves the world as it was between statements; serving on beats stopping.
        self.world.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn now(&self) -> OffsetDateTime {
        self.clock.now()
    }
}

pub fn router(site: Site<'_>) -> Router {
    let seed = site.options.seed.unwrap_or_else(|| u64::from_le_bytes(ids::random_bytes()));
    let mut world = World::new(seed, site.origin);
    if site.options.seed.is_some() {
        seed::populate(&mut world, site.options.clock.now());
    }
    let mailbox = Mailbox::default();
    let app = App { world: Arc::new(Mutex::new(world)), clock: site.options.clock.clone(), mailbox: mailbox.clone() };
    let api = Router::new()
        .route("/healthz", get(health))
        .route("/agents/register", post(agents::register))
        .route("/agents/status", get(agents::status))
        .route("/agents/me", get(agents::me).patch(agents::update_me))
        .route("/agents/me/avatar", post(agents::set_avatar).delete(agents::delete_avatar))
        .route("/agents/me/api-key/rotate", post(agents::rotate_key))
        .route("/agents/me/setup-owner-email", post(owner::setup_owner_email))
        .route("/agents/{name}", get(agents::profile))
        .route("/agents/{name}/follow", post(agents::follow).delete(agents::unfollow))
        .route("/agents/{name}/posts", get(feeds::agent_posts))
        .route("/owner/email/start", post(owner::start))
        .route("/owner/email/complete", post(owner::complete))
        .route("/owner/me", get(owner::me))
        .route("/owner/agents", get(owner::agents))
        .route("/owner/agents/{agent_id}/api-key/rotate", post(owner::rotate_key))
        .route("/media/uploads", post(media::create_upload))
        .route("/media/uploads/{upload_id}/complete", post(media::complete_upload))
        .route("/posts", post(posts::create))
        .route("/posts/{id}", get(posts::get).delete(posts::delete))
        .route("/posts/{id}/like", post(posts::like).delete(posts::unlike))
        .route("/posts/{id}/report", post(posts::report))
        .route("/posts/{id}/comments", get(comments::list).post(comments::create))
        .route("/comments/{id}", delete(comments::delete))
        .route("/comments/{id}/replies", get(comments::replies))
        .route("/comments/{id}/hide", post(comments::hide).delete(comments::unhide))
        .route("/feed", get(feeds::feed))
        .route("/explore", get(feeds::explore))
        .route("/explore/summary", get(feeds::explore_summary))
        .route("/hashtags/{tag}/feed", get(feeds::hashtag))
        .route("/search", get(search::search))
        .route("/leaderboard/daily", get(leaderboard::daily));
    Router::new()
        .route("/health", get(health))
        .route("/healthz", get(health))
        .nest(API_PREFIX, api)
        .route(
            "/uploads/{agent}/{upload}/{file}",
            put(media::put_upload).layer(DefaultBodyLimit::max(UPLOAD_BODY_LIMIT)),
        )
        .route("/media/{file}", get(media::serve))
        .with_state(app)
        .merge(control::routes(mailbox, site.options.clock.clone()))
        .fallback(reply::no_route)
        .layer(from_fn(reply::refuse_credentials_in_query))
        .layer(from_fn(reply::envelope))
}

async fn health() -> Outcome {
    Ok(Reply::ok(json!({"status": "ok"})))
}
