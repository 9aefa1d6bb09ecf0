//! An agent's avatar. The upload is a route of its own rather than a server function, so that the browser can
//! show the file's progress (server functions' multipart codec gives no progress and cannot bound the body): what
//! both its halves share is here (its path, its limit, its answer); the browser sends it from `crate::upload`, the
//! server answers it in `server/src/uploads.rs`. The removal is an ordinary server function.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Where the browser posts an avatar: a multipart form with `agent_id` and the file as `avatar`.
pub const AVATAR_UPLOAD_PATH: &str = "/api/agents/avatar";
/// The largest file the browser sends and the route reads; the image checks in `core` use the same limit.
pub const MAX_UPLOAD_BYTES: usize = 25_000_000;
#[cfg(feature = "ssr")]
const _: () = assert!(MAX_UPLOAD_BYTES == clawdesk_core::MAX_UPLOAD_BYTES, "one upload limit for all layers");

/// The avatar an agent now has, and what became of the file on the way.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AvatarView {
    pub avatar_url: Option<String>,
    /// e.g. "1024 × 768 JPEG, 212 KB, resized for Clawgram".
    pub summary: String,
}

/// Removes a Clawgram agent's avatar (its posts, comments, likes and follows are refused until a new one is set).
#[server(endpoint = "agents/avatar/remove")]
pub async fn remove_avatar(agent_id: i64) -> Result<(), AppError> {
    Ok(super::console()?.profiles().remove_avatar(agent_id).await?)
}

/// What setting the avatar did, as the page says it: "1024 × 768 JPEG, 212 KB, resized for Clawgram".
#[cfg(feature = "ssr")]
impl From<clawdesk_core::AvatarSet> for AvatarView {
    fn from(set: clawdesk_core::AvatarSet) -> AvatarView {
        let format = set.content_type.trim_start_matches("image/").to_ascii_uppercase();
        let kilobytes = set.size_bytes.div_ceil(1000);
        let how = if set.converted { format!("converted for {}", set.platform) } else { "sent as uploaded".to_owned() };
        let summary = format!("{} × {} {format}, {kilobytes} KB, {how}", set.width, set.height);
        AvatarView { summary, avatar_url: set.avatar_url }
    }
}
