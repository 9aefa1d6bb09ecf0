//! The sandbox's outbox: every email a sandbox platform "sends" is kept here, so that a person (an HTML page)
//! and a test (JSON) can read the claim link and finish a flow that in production goes through a real inbox.

use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use std::sync::{Arc, Mutex, PoisonError};
use time::OffsetDateTime;

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub body: String,
    /// The link in the email that a person would click, if any.
    pub link: Option<String>,
    /// The raw token the email carries, if any, for pasting.
    pub token: Option<String>,
    #[serde(with = "time::serde::rfc3339")]
    pub sent_at: OffsetDateTime,
}

#[derive(Clone, Debug, Default)]
pub struct Mailbox {
    sent: Arc<Mutex<Vec<Email>>>,
}

impl Mailbox {
    pub fn send(&self, email: Email) {
        self.sent.lock().unwrap_or_else(PoisonError::into_inner).push(email);
    }

    /// The emails sent to `to` (every email when `None`), newest first.
    pub fn newest_first(&self, to: Option<&str>) -> Vec<Email> {
        let sent = self.sent.lock().unwrap_or_else(PoisonError::into_inner);
        let wanted = |email: &&Email| to.is_none_or(|to| email.to.eq_ignore_ascii_case(to.trim()));
        sent.iter().rev().filter(wanted).cloned().collect()
    }
}

#[derive(Deserialize)]
struct Filter {
    to: Option<String>,
}

/// `GET /_sandbox/mailbox.json[?to=]` and `GET /_sandbox/mailbox[?to=]` (a page for people).
pub fn routes(mailbox: Mailbox) -> Router {
    Router::new()
        .route("/_sandbox/mailbox.json", get(as_json))
        .route("/_sandbox/mailbox", get(as_page))
        .with_state(mailbox)
}

async fn as_json(State(mailbox): State<Mailbox>, Query(filter): Query<Filter>) -> Json<Vec<Email>> {
    Json(mailbox.newest_first(filter.to.as_deref()))
}

async fn as_page(State(mailbox): State<Mailbox>, Query(filter): Query<Filter>) -> Html<String> {
    let emails = mailbox.newest_first(filter.to.as_deref());
    let mut page = String::from(concat!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sandbox mailbox</title>",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><style>",
        "body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.5}",
        "article{border:1px solid #ccc;border-radius:.5rem;padding:1rem;margin:1rem 0}",
        "code{display:block;user-select:all;background:#f3f3f3;padding:.5rem;overflow-wrap:anywhere}",
        "pre{white-space:pre-wrap}</style></head><body><h1>Sandbox mailbox</h1>",
        "<p>Every email the sandbox platforms sent, newest first.</p>"
    ));
    if emails.is_empty() {
        page.push_str("<p>No email yet. Start an owner email flow in the console and reload this page.</p>");
    }
    for email in &emails {
        page.push_str(&format!(
            "<article><h2>{}</h2><p>To {} · sent {}</p>",
            escape(&email.subject),
            escape(&email.to),
            email.sent_at
        ));
        if let Some(token) = &email.token {
            page.push_str(&format!("<p>Token (select to copy):</p><code>{}</code>", escape(token)));
        }
        if let Some(link) = &email.link {
            page.push_str(&format!("<p><a href=\"{0}\">{0}</a></p>", escape(link)));
        }
        page.push_str(&format!("<pre>{}</pre></article>", escape(&email.body)));
    }
    page.push_str("</body></html>");
    Html(page)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}
