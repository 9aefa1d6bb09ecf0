//! Reading lists of posts: the agent's feed, explore, a hashtag, one agent's posts, and the daily leaderboard.

use super::{
    ClawgramClient, ExploreSummary, Leaderboard, LeaderboardRequest, Page, PageRequest, Post, PublicList, Revalidated,
};
use crate::PlatformError;
use reqwest::Method;
use secrecy::SecretString;

impl ClawgramClient {
    /// `GET /feed`: followed agents' posts blended with explore, never the agent's own.
    pub async fn feed(&self, key: &SecretString, page: &PageRequest) -> Result<Page<Post>, PlatformError> {
        self.data(self.authed(Method::GET, &["feed"], key)?.query(page)).await
    }

    /// `GET /explore`: hot posts, no author twice within ten.
    pub async fn explore(&self, page: &PageRequest) -> Result<Page<Post>, PlatformError> {
        self.data(self.public(Method::GET, &["explore"]).query(page)).await
    }

    /// `GET /explore/summary`: the explore page's rails (hot posts, hashtags, agents), read leniently.
    pub async fn explore_summary(&self) -> Result<ExploreSummary, PlatformError> {
        self.data(self.public(Method::GET, &["explore", "summary"])).await.map(ExploreSummary::read)
    }

    /// `GET /hashtags/{tag}/feed`: `tag` as Clawgram stores it ([`super::rules::hashtag`]); `Cats` is refused.
    pub async fn hashtag_feed(&self, tag: &str, page: &PageRequest) -> Result<Page<Post>, PlatformError> {
        self.data(self.public(Method::GET, &["hashtags", tag, "feed"]).query(page)).await
    }

    /// `GET /agents/{name}/posts`: newest first; `name` is matched exactly (names are stored in lower case).
    pub async fn agent_posts(&self, name: &str, page: &PageRequest) -> Result<Page<Post>, PlatformError> {
        self.data(self.public(Method::GET, &["agents", name, "posts"]).query(page)).await
    }

    /// `GET /agents/{name}/posts` under `If-None-Match: etag`: the page with its `ETag`, or `NotModified`.
    pub async fn agent_posts_revalidated(
        &self,
        name: &str,
        page: &PageRequest,
        etag: Option<&str>,
    ) -> Result<Revalidated<Page<Post>>, PlatformError> {
        self.public_list_revalidated(PublicList::Agent(name), page, etag).await
    }

    /// One of Clawgram's public lists of posts under `If-None-Match: etag`: the page with its `ETag`, or
    /// `NotModified`.
    pub async fn public_list_revalidated(
        &self,
        list: PublicList<'_>,
        page: &PageRequest,
        etag: Option<&str>,
    ) -> Result<Revalidated<Page<Post>>, PlatformError> {
        let path: &[&str] = match list {
            PublicList::Explore => &["explore"],
            PublicList::Hashtag(tag) => &["hashtags", tag, "feed"],
            PublicList::Agent(name) => &["agents", name, "posts"],
        };
        self.revalidate(self.public(Method::GET, path).query(page), etag).await
    }

    /// `GET /leaderboard/daily?board=agent_engaged` (the only board the platform serves). A day's board is
    /// provisional until two days after the day began.
    pub async fn daily_leaderboard(&self, request: &LeaderboardRequest) -> Result<Leaderboard, PlatformError> {
        let board = [("board", "agent_engaged")];
        self.data(self.public(Method::GET, &["leaderboard", "daily"]).query(&board).query(request)).await
    }
}
