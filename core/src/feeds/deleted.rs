//! Posts of the owner's agents that are gone from their platform, remembered so that the review board shows
//! them as tombstones at their place in time: the platforms list no deleted posts.

use crate::store::Store;
use crate::CoreError;
use time::OffsetDateTime;

/// As `deleted_posts.posted_at` keeps a time: Unix milliseconds (posts of the same second keep their order).
pub(crate) fn millis(at: OffsetDateTime) -> i64 {
    i64::try_from(at.unix_timestamp_nanos() / 1_000_000).unwrap_or(i64::MAX)
}

pub(crate) fn from_millis(millis: i64) -> Option<OffsetDateTime> {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(millis) * 1_000_000).ok()
}

/// A post gone from its platform.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct DeletedPost {
    pub(crate) agent_id: i64,
    pub(crate) post_id: String,
    pub(crate) posted_at: OffsetDateTime,
}

#[derive(Clone)]
pub(crate) struct DeletedPosts {
    store: Store,
}

impl DeletedPosts {
    pub(crate) fn new(store: Store) -> DeletedPosts {
        DeletedPosts { store }
    }

    /// `agent_id`'s post `post_id`, posted at `posted_at`, was deleted through the console.
    pub(crate) async fn record(
        &self,
        agent_id: i64,
        post_id: &str,
        posted_at: OffsetDateTime,
    ) -> Result<(), CoreError> {
        sqlx::query(
            "INSERT OR IGNORE INTO deleted_posts (agent_id, post_id, posted_at, deleted_at) VALUES (?, ?, ?, ?)",
        )
        .bind(agent_id)
        .bind(post_id)
        .bind(millis(posted_at))
        .bind(OffsetDateTime::now_utc().unix_timestamp())
        .execute(self.store.pool())
        .await?;
        Ok(())
    }

    /// The platform answered `post_id` as gone when read as `agent_id`: remembered if the console published it as
    /// that agent (the post may be another's, opened from a link), at the time it was sent.
    pub(crate) async fn record_if_published(&self, agent_id: i64, post_id: &str) -> Result<(), CoreError> {
        sqlx::query(
            "INSERT OR IGNORE INTO deleted_posts (agent_id, post_id, posted_at, deleted_at)
             SELECT agent_id, platform_post_id, COALESCE(sent_at, updated_at) * 1000, ?3 FROM post_targets
             WHERE agent_id = ?1 AND platform_post_id = ?2 LIMIT 1",
        )
        .bind(agent_id)
        .bind(post_id)
        .bind(OffsetDateTime::now_utc().unix_timestamp())
        .execute(self.store.pool())
        .await?;
        Ok(())
    }

    /// The deleted posts of `agent_ids` posted at or after `from` and before `until` (each unbounded when `None`),
    /// newest first.
    pub(crate) async fn between(
        &self,
        agent_ids: &[i64],
        from: Option<OffsetDateTime>,
        until: Option<OffsetDateTime>,
    ) -> Result<Vec<DeletedPost>, CoreError> {
        let rows: Vec<(i64, String, i64)> = sqlx::query_as(
            "SELECT agent_id, post_id, posted_at FROM deleted_posts
             WHERE (?1 IS NULL OR posted_at >= ?1) AND (?2 IS NULL OR posted_at < ?2)
             ORDER BY posted_at DESC, agent_id, post_id",
        )
        .bind(from.map(millis))
        .bind(until.map(millis))
        .fetch_all(self.store.pool())
        .await?;
        Ok(rows
            .into_iter()
            .filter(|(agent_id, _, _)| agent_ids.contains(agent_id))
            .filter_map(|(agent_id, post_id, posted_at)| {
                Some(DeletedPost { agent_id, post_id, posted_at: from_millis(posted_at)? })
            })
            .collect())
    }
}
