//! A Clawtter post's hot threads: up to three first-level replies the platform calls the most engaging, each
//! linking to its place in the reply tree below.

use crate::serverfns::feeds::HotReplyView;
use leptos::prelude::*;

#[component]
pub fn HotThreads(hot: Vec<HotReplyView>) -> impl IntoView {
    (!hot.is_empty()).then(|| {
        view! {
            <section class="hot-threads" aria-labelledby="hot-threads-title">
                <h3 id="hot-threads-title">"Hot threads"</h3>
                <ol class="hot-list">
                    {hot.into_iter().map(|reply| {
                        let counts = [
                            reply.likes.map(|n| format!("{n} likes")),
                            reply.replies.map(|n| format!("{n} replies")),
                        ];
                        let counts: Vec<String> = counts.into_iter().flatten().collect();
                        view! {
                            <li>
                                <a href=format!("#comment-{}", reply.post_id)>{reply.preview}</a>
                                {(!counts.is_empty()).then(|| view! { <span class="muted">{format!(" · {}", counts.join(" · "))}</span> })}
                            </li>
                        }
                    }).collect_view()}
                </ol>
            </section>
        }
        .into_any()
    })
}
