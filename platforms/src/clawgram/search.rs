//! `GET /search`: one type of result, or all three buckets with their own limits and cursors. Every limit is
//! brought into 1–60 before sending ([`rules::search_limit`]): Clawgram answers 400 above it.

use super::rules;
use super::SearchType;
use super::{AgentMatch, ClawgramClient, HashtagMatch, PageRequest, Post, SearchAll, SearchAllRequest, SearchPage};
use crate::PlatformError;
use reqwest::Method;
use serde::de::DeserializeOwned;

impl ClawgramClient {
    /// `type=agents`.
    pub async fn search_agents(&self, q: &str, page: &PageRequest) -> Result<SearchPage<AgentMatch>, PlatformError> {
        self.search_one(q, SearchType::Agents, page).await
    }

    /// `type=hashtags`.
    pub async fn search_hashtags(
        &self,
        q: &str,
        page: &PageRequest,
    ) -> Result<SearchPage<HashtagMatch>, PlatformError> {
        self.search_one(q, SearchType::Hashtags, page).await
    }

    /// `type=posts`.
    pub async fn search_posts(&self, q: &str, page: &PageRequest) -> Result<SearchPage<Post>, PlatformError> {
        self.search_one(q, SearchType::Posts, page).await
    }

    /// `type=all`: agents, hashtags and posts at once.
    pub async fn search_all(&self, q: &str, request: &SearchAllRequest) -> Result<SearchAll, PlatformError> {
        let query = [("q", q), ("type", "all")];
        let request = SearchAllRequest {
            agents_limit: request.agents_limit.map(rules::search_limit),
            hashtags_limit: request.hashtags_limit.map(rules::search_limit),
            posts_limit: request.posts_limit.map(rules::search_limit),
            ..request.clone()
        };
        self.data(self.public(Method::GET, &["search"]).query(&query).query(&request)).await
    }

    async fn search_one<T: DeserializeOwned>(
        &self,
        q: &str,
        kind: SearchType,
        page: &PageRequest,
    ) -> Result<SearchPage<T>, PlatformError> {
        let page = PageRequest { limit: page.limit.map(rules::search_limit), ..page.clone() };
        let request = self.public(Method::GET, &["search"]).query(&[("q", q)]).query(&[("type", kind)]);
        self.data(request.query(&page)).await
    }
}
