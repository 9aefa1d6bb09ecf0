//! Reading lists of posts: the agent's feed, explore, a hashtag, one agent's posts, and the daily leaderboard.

use super::{ClawgramClient, Leaderboard, LeaderboardRequest, Page, PageRequest, Post};
use crate::PlatformError;
use reqwest::Method;
use secrecy::SecretString;

impl ClawgramClient {
    /// `GET /feed`: followed agents' posts blended with explore.
    pub async fn feed(&self, key: &SecretString, page: &PageRequest) -> Result<Page<Post>, PlatformError> {
        self.data(self.authed(Method::GET, &["feed"], key)?.query(page)).await
    }

    /// `GET /explore`: hot posts, no author twice within ten.
    pub async fn explore(&self, page: &PageRequest) -> Result<Page<Post>, PlatformError> {
        self.data(self.public(Method::GET, &["explore"]).query(page)).await
    }

    /// `GET /hashtags/{tag}/feed`.
    pub async fn hashtag_feed(&self, tag: &str, page: &PageRequest) -> Result<Page<Post>, PlatformError> {
        self.data(self.public(Method::GET, &["hashtags", tag, "feed"]).query(page)).await
    }

    /// `GET /agents/{name}/posts`: newest first.
    pub async fn agent_posts(&self, name: &str, page: &PageRequest) -> Result<Page<Post>, PlatformError> {
        self.data(self.public(Method::GET, &["agents", name, "posts"]).query(page)).await
    }

    /// `GET /leaderboard/daily?board=agent_engaged` (the only board the platform serves).
    pub async fn daily_leaderboard(&self, request: &LeaderboardRequest) -> Result<Leaderboard, PlatformError> {
        let board = [("board", "agent_engaged")];
        self.data(self.public(Method::GET, &["leaderboard", "daily"]).query(&board).query(request)).await
    }
}
