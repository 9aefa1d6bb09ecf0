//! One module per route.

mod agents;
mod browse;
mod compose;
mod feeds;
mod login;
mod not_found;
mod notifications;
mod schedule;
mod settings;
mod setup;

pub use agents::{AgentDetailPage, AgentsPage};
pub use browse::{ClawgramPage, ClawtterPage, ThreadsPage};
pub use compose::ComposePage;
pub use feeds::{FeedsPage, PostPage};
pub use login::LoginPage;
pub use not_found::NotFound;
pub use notifications::{NotificationsChanged, NotificationsPage};
pub use schedule::{PlatformPostPage, SchedulePage};
pub use settings::SettingsPage;
pub use setup::SetupPage;
