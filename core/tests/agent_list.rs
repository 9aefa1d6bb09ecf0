//! The Agents page's list over an agency's worth of agents, with a real SQLite store in a temporary directory:
//! each page holds the next rows of the whole order, filters and the name search keep exactly the matching
//! agents, and every order is the one the owner chose.

use clawdesk_core::{
    AgentOrder, AgentQuery, AgentState, AgentSummary, ClaimState, Connections, Console, Endpoints, KeyHealth,
    MasterKey, Mode, NewAgent, Platform, ProfileSnapshot, Store,
};
use secrecy::SecretString;
use tempfile::TempDir;
use time::OffsetDateTime;

const AGENTS: usize = 300;
const REFUSED: [usize; 3] = [7, 77, 177];

/// `AGENTS` agents imported through the store: every other one on Clawtter; display names in both cases for some
/// (so that the order must ignore case), none for others (their handle is their name); followers, posts and
/// claims on every fourth; three refused keys.
async fn agency() -> (Console, TempDir) {
    let data = tempfile::tempdir().unwrap();
    // No platform is called: the agents are imported with their keys as given.
    let unreachable = "http://127.0.0.1:9".to_owned();
    let endpoints = Endpoints { clawgram: unreachable.clone(), clawtter: unreachable.clone(), threads: unreachable };
    let store = Store::open(data.path()).await.unwrap();
    let master_key = MasterKey::load(None, data.path()).unwrap();
    let console = Console::new(Mode::Production, Connections::new(&endpoints).unwrap(), store, &master_key);
    let posted = OffsetDateTime::now_utc().unix_timestamp() - 86_400;
    for n in 0..AGENTS {
        let display_name = match n {
            n if n % 3 == 0 => Some(format!("Zephyr {n:03}")),
            n if n % 5 == 0 => Some(format!("bravo {n:03}")),
            _ => None,
        };
        let agent = NewAgent {
            platform: if n % 2 == 0 { Platform::Clawgram } else { Platform::Clawtter },
            handle: format!("agent_{n:03}"),
            display_name,
            api_key: SecretString::from(format!("claw_test_agency_{n:03}")),
        };
        let id = console.agents().import(agent, None).await.unwrap();
        if n % 4 == 0 {
            let profile = ProfileSnapshot {
                follower_count: Some((n * 7 % 50) as u64),
                last_post_at: (n % 8 == 0).then(|| OffsetDateTime::from_unix_timestamp(posted + n as i64).unwrap()),
                claimed: Some(n % 8 == 0),
                ..ProfileSnapshot::default()
            };
            console.agents().record_profile(id, &profile).await.unwrap();
        }
        if REFUSED.contains(&n) {
            console.agents().record_key_refused(id).await.unwrap();
        }
    }
    (console, data)
}

fn query(order: AgentOrder) -> AgentQuery {
    AgentQuery { order, page: 1, per_page: 25, ..AgentQuery::default() }
}

fn shown_name(agent: &AgentSummary) -> String {
    agent.display_name.clone().unwrap_or_else(|| agent.handle.clone()).to_lowercase()
}

/// Every page of `query`, in turn, joined.
async fn every_page(console: &Console, query: &AgentQuery) -> Vec<AgentSummary> {
    let first = console.agents().page(query).await.unwrap();
    let mut all = first.agents;
    for page in 2..=first.pages {
        let next = console.agents().page(&AgentQuery { page, ..query.clone() }).await.unwrap();
        assert_eq!((next.page, next.total), (page, first.total));
        all.extend(next.agents);
    }
    all
}

#[tokio::test]
async fn the_pages_by_name_hold_every_agent_once_in_order_ignoring_case() {
    let (console, _data) = agency().await;
    let first = console.agents().page(&query(AgentOrder::Name)).await.unwrap();
    assert_eq!((first.total, first.page, first.pages, first.agents.len()), (300, 1, 12, 25));
    assert_eq!(first.agents[0].handle, "agent_001", "handles (agent_…) before bravo … before Zephyr …");

    let all = every_page(&console, &query(AgentOrder::Name)).await;
    let mut expected = console.agents().list().await.unwrap();
    expected.sort_by_key(|agent| (shown_name(agent), agent.id));
    let ids = |agents: &[AgentSummary]| agents.iter().map(|agent| agent.id).collect::<Vec<_>>();
    assert_eq!(ids(&all), ids(&expected));
    assert_eq!(shown_name(&all[299]), "zephyr 297");

    let past_the_end = console.agents().page(&AgentQuery { page: 40, ..query(AgentOrder::Name) }).await.unwrap();
    assert_eq!((past_the_end.page, past_the_end.agents.len()), (12, 300 - 11 * 25), "the last page instead");
}

#[tokio::test]
async fn followers_and_last_post_orders_put_the_most_followed_and_the_newest_first() {
    let (console, _data) = agency().await;
    let by_followers = every_page(&console, &query(AgentOrder::Followers)).await;
    let followers: Vec<_> = by_followers.iter().map(|agent| agent.profile.follower_count).collect();
    assert_eq!(followers[0], Some(48));
    assert!(followers.windows(2).all(|pair| pair[0] >= pair[1]), "most followers first, unknown last");
    assert_eq!(followers.iter().filter(|count| count.is_some()).count(), 75);

    let by_last_post = console.agents().page(&query(AgentOrder::LastPost)).await.unwrap();
    let handles: Vec<_> = by_last_post.agents.iter().take(3).map(|agent| agent.handle.as_str()).collect();
    assert_eq!(handles, ["agent_296", "agent_288", "agent_280"]);

    let by_platform = every_page(&console, &query(AgentOrder::Platform)).await;
    assert!(by_platform[..150].iter().all(|agent| agent.platform == Platform::Clawgram));
    assert_eq!((by_platform[150].platform, by_platform[150].handle.as_str()), (Platform::Clawtter, "agent_001"));
}

#[tokio::test]
async fn filters_and_the_name_search_keep_exactly_the_matching_agents() {
    let (console, _data) = agency().await;
    let clawtter = AgentQuery { platform: Some(Platform::Clawtter), ..query(AgentOrder::Name) };
    let clawtter = every_page(&console, &clawtter).await;
    assert_eq!(clawtter.len(), 150);
    assert!(clawtter.iter().all(|agent| agent.platform == Platform::Clawtter));

    let state = |state| AgentQuery { state, ..query(AgentOrder::Name) };
    let claimed = console.agents().page(&state(AgentState::Claimed)).await.unwrap();
    assert_eq!(claimed.total, 38);
    assert!(claimed.agents.iter().all(|agent| agent.claim == ClaimState::Claimed));
    assert_eq!(console.agents().page(&state(AgentState::PendingClaim)).await.unwrap().total, 37);
    let refused = console.agents().page(&state(AgentState::KeyRefused)).await.unwrap();
    let mut handles: Vec<_> = refused.agents.iter().map(|agent| agent.handle.clone()).collect();
    handles.sort();
    assert_eq!(handles, ["agent_007", "agent_077", "agent_177"]);
    assert!(refused.agents.iter().all(|agent| agent.health == KeyHealth::Fails));

    let search = |text: &str| AgentQuery { search: text.to_owned(), ..query(AgentOrder::Name) };
    let one = console.agents().page(&search("  AGENT_123 ")).await.unwrap();
    assert_eq!(one.agents.iter().map(|agent| agent.handle.as_str()).collect::<Vec<_>>(), ["agent_123"]);
    // A display name is searched too, and `_` is only an underscore.
    assert_eq!(console.agents().page(&search("zephyr 01")).await.unwrap().total, 3, "Zephyr 012, 015, 018");
    assert_eq!(console.agents().page(&search("t_1")).await.unwrap().total, 100, "agent_1xx");
    assert_eq!(console.agents().page(&search("0_1")).await.unwrap().total, 0, "not agent_011, agent_021…");
    assert_eq!(console.agents().page(&search("t%1")).await.unwrap().total, 0);

    let both = AgentQuery { platform: Some(Platform::Clawgram), search: "bravo".into(), ..query(AgentOrder::Name) };
    let both = console.agents().page(&both).await.unwrap();
    assert_eq!(both.total, 20, "multiples of 10 but not of 3, below 300");
    assert!(both.agents.iter().all(|agent| agent.platform == Platform::Clawgram));
}
