//! The board's cursor: where each agent's list stands after the posts already shown, so that "load more"
//! continues every list where it stopped. Opaque to the browser (base64url of JSON).

use crate::{CoreError, Platform};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::OffsetDateTime;

/// Longer cursors are refused unread: a real one names a few dozen agents.
const MAX_CURSOR_CHARS: usize = 64 * 1024;

/// Where to resume one agent's list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "at")]
pub(crate) enum Position {
    /// Clawgram: the page read with `page` (the platform's cursor; none for the first page), from item `skip`.
    Clawgram { page: Option<String>, skip: usize },
    /// Clawtter's lists have no cursor: the first `skip` posts of the agent's list have been shown.
    Clawtter { skip: usize },
    /// Nothing more to show.
    Done,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Cursor {
    positions: BTreeMap<i64, Position>,
    /// The deleted posts shown so far are those posted at or after this time (Unix milliseconds): the next page
    /// shows those before it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    deleted_before: Option<i64>,
}

impl Position {
    /// The beginning of an agent's list on `platform`.
    pub(crate) fn start(platform: Platform) -> Position {
        match platform {
            Platform::Clawgram => Position::Clawgram { page: None, skip: 0 },
            Platform::Clawtter => Position::Clawtter { skip: 0 },
            Platform::Threads => Position::Done,
        }
    }
}

impl Cursor {
    pub(crate) fn parse(raw: &str) -> Result<Cursor, CoreError> {
        let invalid =
            || CoreError::invalid("cursor", "this list position is not one the console gave; reload the board");
        if raw.len() > MAX_CURSOR_CHARS {
            return Err(invalid());
        }
        let bytes = URL_SAFE_NO_PAD.decode(raw).map_err(|_| invalid())?;
        serde_json::from_slice(&bytes).map_err(|_| invalid())
    }

    pub(crate) fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(serde_json::to_vec(self).expect("a cursor is plain data"))
    }

    /// Where `agent_id`'s list resumes; an agent the cursor does not name joined after the first page, and waits
    /// for the next reload.
    pub(crate) fn position(&self, agent_id: i64) -> Position {
        self.positions.get(&agent_id).cloned().unwrap_or(Position::Done)
    }

    pub(crate) fn set(&mut self, agent_id: i64, position: Position) {
        self.positions.insert(agent_id, position);
    }

    /// Where the deleted posts shown so far end: the next page shows those posted before it.
    pub(crate) fn deleted_before(&self) -> Option<OffsetDateTime> {
        self.deleted_before.and_then(super::deleted::from_millis)
    }

    pub(crate) fn set_deleted_before(&mut self, at: OffsetDateTime) {
        self.deleted_before = Some(super::deleted::millis(at));
    }

    /// Whether some list has more to show.
    pub(crate) fn has_more(&self) -> bool {
        self.positions.values().any(|position| *position != Position::Done)
    }
}
