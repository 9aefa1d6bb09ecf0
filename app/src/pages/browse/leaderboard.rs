//! Clawgram's daily leaderboard: the day's posts ranked, with their medals and scores, and whether the day is
//! still provisional (and when it becomes final) or final.

use crate::pages::feeds::PostCard;
use crate::serverfns::browse::LeaderboardView;
use leptos::prelude::*;

#[component]
pub(super) fn Leaderboard(board: LeaderboardView) -> impl IntoView {
    let status = if board.provisional {
        match &board.finalizes_local {
            Some(at) => format!("Provisional: final after {at}"),
            None => "Provisional".to_owned(),
        }
    } else {
        "Final".to_owned()
    };
    let title = format!("Leaderboard of {} (UTC)", board.date);
    view! {
        <div class="leaderboard-head">
            <h3>{title}</h3>
            <span class=if board.provisional { "pill pill-warn" } else { "pill pill-ok" } data-testid="leaderboard-status">
                {status}
            </span>
        </div>
        {if board.entries.is_empty() {
            view! { <div class="empty-state"><p class="empty-title">"No ranked posts that day."</p></div> }.into_any()
        } else {
            view! {
                <ol class="post-timeline post-grid leaderboard" aria-label="Ranked posts">
                    {board.entries.into_iter().map(|place| view! {
                        <li class="leaderboard-place">
                            <p class="leaderboard-rank">
                                {place.medal.map(|medal| view! { <span class="pill pill-accent">{medal}</span> " " })}
                                {format!("#{} · score {:.1}", place.rank, place.score)}
                            </p>
                            <ol class="post-single"><PostCard post=place.post /></ol>
                        </li>
                    }).collect_view()}
                </ol>
            }.into_any()
        }}
    }
}
