//! One page of the Agents list: which agents (platform, state, a name searched for), in which order and which
//! page, as the page's address carries it (`/agents?platform=clawtter&sort=followers&page=2`), so that the list
//! works before the wasm arrives and a reload keeps it. Sorting, filtering and paging happen in SQL (`core`).

use super::agents::AgentView;
use crate::error::AppError;
use clawdesk_platforms::Platform;
use leptos::prelude::*;
use leptos_router::params::ParamsMap;
use serde::{Deserialize, Serialize};

/// Agents on one page of the list.
pub const AGENTS_PER_PAGE: u32 = 25;

/// The orders the list offers, as the `sort` parameter names them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgentSort {
    #[default]
    Name,
    Platform,
    Followers,
    LastPost,
}

impl AgentSort {
    pub const ALL: [AgentSort; 4] = [AgentSort::Name, AgentSort::Platform, AgentSort::Followers, AgentSort::LastPost];

    pub fn slug(self) -> &'static str {
        match self {
            AgentSort::Name => "name",
            AgentSort::Platform => "platform",
            AgentSort::Followers => "followers",
            AgentSort::LastPost => "last_post",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AgentSort::Name => "Name",
            AgentSort::Platform => "Platform",
            AgentSort::Followers => "Followers",
            AgentSort::LastPost => "Last post",
        }
    }
}

/// The states the list can be narrowed to, as the `status` parameter names them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StatusFilter {
    #[default]
    All,
    Claimed,
    PendingClaim,
    KeyFails,
}

impl StatusFilter {
    pub const ALL: [StatusFilter; 4] =
        [StatusFilter::All, StatusFilter::Claimed, StatusFilter::PendingClaim, StatusFilter::KeyFails];

    pub fn slug(self) -> &'static str {
        match self {
            StatusFilter::All => "",
            StatusFilter::Claimed => "claimed",
            StatusFilter::PendingClaim => "pending_claim",
            StatusFilter::KeyFails => "key_fails",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            StatusFilter::All => "All",
            StatusFilter::Claimed => "Claimed",
            StatusFilter::PendingClaim => "Waiting to be claimed",
            StatusFilter::KeyFails => "Key refused",
        }
    }
}

/// What the list shows, read from and written to the page's address.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentListQuery {
    pub platform: Option<Platform>,
    pub status: StatusFilter,
    /// Part of a display name or handle.
    pub search: String,
    pub sort: AgentSort,
    /// Counted from 1.
    pub page: u32,
}

impl AgentListQuery {
    /// The query in an address's parameters; anything unknown is left at its default.
    pub fn from_params(params: &ParamsMap) -> AgentListQuery {
        ["platform", "status", "q", "sort", "page"].into_iter().fold(AgentListQuery::default(), |query, key| {
            match params.get(key) {
                Some(value) => query.with(key, &value),
                None => query,
            }
        })
    }

    /// This query with one parameter changed, as a form field or a link names it; a new filter or order starts
    /// again at the first page.
    pub fn with(mut self, key: &str, value: &str) -> AgentListQuery {
        match key {
            "platform" => self.platform = Platform::from_slug(value),
            "status" => self.status = StatusFilter::ALL.into_iter().find(|s| s.slug() == value).unwrap_or_default(),
            "q" => self.search = value.trim().to_owned(),
            "sort" => self.sort = AgentSort::ALL.into_iter().find(|s| s.slug() == value).unwrap_or_default(),
            "page" => self.page = value.parse().unwrap_or(1),
            _ => {}
        }
        if key != "page" {
            self.page = 1;
        }
        self
    }

    /// Whether it narrows the list at all (an empty list then means no agent matches, not that there are none).
    pub fn filters(&self) -> bool {
        self.platform.is_some() || self.status != StatusFilter::All || !self.search.is_empty()
    }

    /// The address of the Agents page showing this query; parameters at their default are left out.
    pub fn href(&self) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        if let Some(platform) = self.platform {
            query.append_pair("platform", platform.slug());
        }
        if self.status != StatusFilter::All {
            query.append_pair("status", self.status.slug());
        }
        if !self.search.is_empty() {
            query.append_pair("q", &self.search);
        }
        if self.sort != AgentSort::Name {
            query.append_pair("sort", self.sort.slug());
        }
        if self.page > 1 {
            query.append_pair("page", &self.page.to_string());
        }
        match query.finish() {
            query if query.is_empty() => "/agents".to_owned(),
            query => format!("/agents?{query}"),
        }
    }

    pub fn on_page(&self, page: u32) -> AgentListQuery {
        AgentListQuery { page, ..self.clone() }
    }
}

/// One page of agents, with how many match in all.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AgentPageView {
    pub agents: Vec<AgentView>,
    pub total: u64,
    /// The page shown (a page past the last shows the last), counted from 1, and how many there are.
    pub page: u32,
    pub pages: u32,
}

impl AgentPageView {
    /// The place of the page's first agent in the whole list, counted from 1.
    pub fn first(&self) -> u64 {
        u64::from(self.page - 1) * u64::from(AGENTS_PER_PAGE) + 1
    }
}

#[server(endpoint = "agents/page")]
pub async fn agents_page(query: AgentListQuery) -> Result<AgentPageView, AppError> {
    use clawdesk_core::{AgentOrder, AgentQuery, AgentState};
    let query = AgentQuery {
        platform: query.platform,
        state: match query.status {
            StatusFilter::All => AgentState::Any,
            StatusFilter::Claimed => AgentState::Claimed,
            StatusFilter::PendingClaim => AgentState::PendingClaim,
            StatusFilter::KeyFails => AgentState::KeyRefused,
        },
        search: query.search,
        order: match query.sort {
            AgentSort::Name => AgentOrder::Name,
            AgentSort::Platform => AgentOrder::Platform,
            AgentSort::Followers => AgentOrder::Followers,
            AgentSort::LastPost => AgentOrder::LastPost,
        },
        page: query.page,
        per_page: AGENTS_PER_PAGE,
    };
    let console = super::console()?;
    let page = console.agents().page(&query).await?;
    Ok(AgentPageView {
        agents: page.agents.into_iter().map(|agent| super::agents::view::agent(agent, console.image_proxy())).collect(),
        total: page.total,
        page: page.page,
        pages: page.pages,
    })
}
