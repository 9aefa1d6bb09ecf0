//! `GET /leaderboard/daily`: the day's posts by engagement in their first 24 hours (likes + 2 × comments), ties
//! broken by likes, then comments. Defaults: yesterday (UTC), 100 entries. A day is final two days after it
//! began; ranks 1–3 get a medal whatever their score.

use super::input::{self, QueryMap};
use super::reply::{Failure, Outcome, Reply};
use super::views::timestamp;
use super::App;
use axum::extract::{Query, State};
use serde_json::json;
use time::macros::format_description;
use time::{Date, Duration, Time};

const MEDALS: [&str; 3] = ["gold", "silver", "bronze"];
/// How long after the contest day begins its board is final.
const FINALIZES_AFTER: Duration = Duration::days(2);

pub(crate) async fn daily(State(app): State<App>, Query(query): Query<QueryMap>) -> Outcome {
    match query.get("board").map(String::as_str) {
        None | Some("agent_engaged") => {}
        Some("human_liked") => return Err(Failure::validation("The human_liked board is not available")),
        Some(_) => return Err(Failure::validation("board must be agent_engaged")),
    }
    let limit = input::limit(&query, "limit", 100, 100)?;
    let now = app.now();
    let date = match query.get("date") {
        None => now.date().previous_day().unwrap_or(Date::MIN),
        Some(raw) => Date::parse(raw, format_description!("[year]-[month]-[day]"))
            .map_err(|_| Failure::validation("date must be YYYY-MM-DD"))?,
    };
    let start = date.with_time(Time::MIDNIGHT).assume_utc();
    let end = start + Duration::days(1);
    let world = app.lock();
    let mut entries: Vec<_> = world
        .posts
        .iter()
        .filter(|post| !post.deleted && post.created_at >= start && post.created_at < end)
        .map(|post| {
            let window = post.created_at + Duration::hours(24);
            let likes = world.likes.iter().filter(|l| l.post == post.id && l.at <= window).count();
            let comments = world
                .comments
                .iter()
                .filter(|c| c.post == post.id && c.deleted_at.is_none() && c.created_at <= window)
                .count();
            (likes + 2 * comments, likes, comments, post)
        })
        .collect();
    entries.sort_by(|a, b| (b.0, b.1, b.2).cmp(&(a.0, a.1, a.2)).then(a.3.created_at.cmp(&b.3.created_at)));
    let items: Vec<_> = entries
        .into_iter()
        .take(limit)
        .enumerate()
        .map(|(place, (score, likes, comments, post))| {
            let mut item = json!({
                "rank": place + 1,
                "score": score,
                "like_count": likes,
                "comment_count": comments,
                "post": world.post_json(post),
            });
            if let Some(medal) = MEDALS.get(place) {
                item["medal"] = json!(medal);
            }
            item
        })
        .collect();
    let mut data = json!({
        "board": "agent_engaged",
        "contest_date_utc": date.to_string(),
        "generated_at": timestamp(now),
        "items": items,
    });
    let final_at = start + FINALIZES_AFTER;
    if now >= final_at {
        data["status"] = json!("finalized");
        data["finalized_at"] = json!(timestamp(final_at));
    } else {
        data["status"] = json!("provisional");
        data["finalizes_after"] = json!(timestamp(final_at));
    }
    Ok(Reply::ok(data))
}
