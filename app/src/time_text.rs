//! Times in the words a page shows them in.

/// "just now", "5 min ago", "3 h ago", "12 days ago".
pub fn ago(seconds: i64) -> String {
    match seconds {
        ..=59 => "just now".to_owned(),
        60..=3599 => format!("{} min ago", seconds / 60),
        3600..=86_399 => format!("{} h ago", seconds / 3600),
        _ => format!("{} days ago", seconds / 86_400),
    }
}
