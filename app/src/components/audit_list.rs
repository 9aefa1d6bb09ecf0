use crate::serverfns::audit::AuditEntryView;
use leptos::prelude::*;

/// Audit entries, latest first: when, what (and which agent), and from which client.
#[component]
pub fn AuditList(entries: Vec<AuditEntryView>) -> impl IntoView {
    view! {
        <ol class="audit-list">
            {entries.into_iter().map(|entry| view! {
                <li class="audit-entry">
                    <time class="audit-time" datetime=entry.at.clone()>{entry.at.replace('T', " ")}</time>
                    <span class="audit-summary">
                        {entry.summary}
                        {entry.agent.map(|agent| view! { <span class="muted">" · "{agent}</span> })}
                    </span>
                    <span class="audit-client muted">{entry.client}</span>
                </li>
            }).collect_view()}
        </ol>
    }
}
