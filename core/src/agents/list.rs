//! One page of the agents list, sorted, filtered and searched in SQL, so that an agency's console with thousands
//! of agents reads and sends only the rows the owner sees (`0017_agent_list.sql` holds the indexes each order
//! reads in).

use super::{AgentRow, AgentSummary, Agents, ClaimState, KeyHealth, AGENT_COLUMNS};
use crate::{CoreError, Platform};
use sqlx::{QueryBuilder, Sqlite};

/// The most agents one page holds.
pub const MAX_AGENTS_PER_PAGE: u32 = 100;

/// The order of the list; ties are broken by name, then by id, so that paging never skips or repeats a row.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AgentOrder {
    /// The shown name (display name, else handle), without regard to case.
    #[default]
    Name,
    /// By platform, then handle.
    Platform,
    /// Most followers first; agents never checked last.
    Followers,
    /// Newest post first; agents that never posted last.
    LastPost,
}

impl AgentOrder {
    /// Each clause matches an index of `0017_agent_list.sql` term for term, so SQLite reads the page from it.
    fn order_by(self) -> &'static str {
        match self {
            AgentOrder::Name => "COALESCE(display_name, handle) COLLATE NOCASE, id",
            AgentOrder::Platform => "platform, handle",
            AgentOrder::Followers => "follower_count DESC, COALESCE(display_name, handle) COLLATE NOCASE, id",
            AgentOrder::LastPost => "last_post_at DESC, COALESCE(display_name, handle) COLLATE NOCASE, id",
        }
    }
}

/// Which agents the list keeps by their state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AgentState {
    #[default]
    Any,
    Claimed,
    PendingClaim,
    KeyRefused,
}

/// Which page of which agents, in which order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AgentQuery {
    pub platform: Option<Platform>,
    pub state: AgentState,
    /// Part of the agent's display name or handle, in any case; empty for every agent.
    pub search: String,
    pub order: AgentOrder,
    /// Counted from 1; a page past the last is read as the last.
    pub page: u32,
    /// At most [`MAX_AGENTS_PER_PAGE`].
    pub per_page: u32,
}

/// The agents of one page, with how many match the query in all and which page this is.
#[derive(Clone, Debug)]
pub struct AgentPage {
    pub agents: Vec<AgentSummary>,
    pub total: u64,
    pub page: u32,
    pub pages: u32,
}

impl Agents {
    /// One page of the agents matching `query`: their count, then their rows, both in SQL.
    pub async fn page(&self, query: &AgentQuery) -> Result<AgentPage, CoreError> {
        let per_page = query.per_page.clamp(1, MAX_AGENTS_PER_PAGE);
        let mut count = QueryBuilder::<Sqlite>::new("SELECT COUNT(*) FROM agents");
        push_filters(&mut count, query);
        let total: i64 = count.build_query_scalar().fetch_one(self.store.pool()).await?;
        let total = u64::try_from(total).unwrap_or(0);
        let pages = u32::try_from(total.div_ceil(u64::from(per_page))).unwrap_or(u32::MAX).max(1);
        let page = query.page.clamp(1, pages);

        let mut rows = QueryBuilder::<Sqlite>::new(format!("SELECT {AGENT_COLUMNS} FROM agents"));
        push_filters(&mut rows, query);
        rows.push(" ORDER BY ").push(query.order.order_by());
        rows.push(" LIMIT ").push_bind(i64::from(per_page));
        rows.push(" OFFSET ").push_bind(i64::from(page - 1) * i64::from(per_page));
        let rows: Vec<AgentRow> = rows.build_query_as().fetch_all(self.store.pool()).await?;
        let agents = rows.into_iter().map(Agents::summary).collect::<Result<_, _>>()?;
        Ok(AgentPage { agents, total, page, pages })
    }
}

/// The query's `WHERE` clause: only the conditions it sets, so the ordering index is not hidden behind `OR`s.
fn push_filters(sql: &mut QueryBuilder<'_, Sqlite>, query: &AgentQuery) {
    sql.push(" WHERE 1");
    if let Some(platform) = query.platform {
        sql.push(" AND platform = ").push_bind(platform.slug());
    }
    match query.state {
        AgentState::Any => {}
        AgentState::Claimed => {
            sql.push(" AND claim_status = ").push_bind(ClaimState::Claimed);
        }
        AgentState::PendingClaim => {
            sql.push(" AND claim_status = ").push_bind(ClaimState::PendingClaim);
        }
        AgentState::KeyRefused => {
            sql.push(" AND key_health = ").push_bind(KeyHealth::Fails);
        }
    }
    let search = query.search.trim();
    if !search.is_empty() {
        // LIKE ignores ASCII case; `_`, common in handles, and `%` are taken literally.
        let pattern = format!("%{}%", search.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
        sql.push(" AND (COALESCE(display_name, '') LIKE ").push_bind(pattern.clone());
        sql.push(" ESCAPE '\\' OR handle LIKE ").push_bind(pattern).push(" ESCAPE '\\')");
    }
}
