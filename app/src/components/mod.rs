//! Small pieces shared by the pages: one visual language everywhere.

mod error_page;
mod page_header;
mod platform_badge;
mod upcoming;

pub use error_page::ErrorPage;
pub use page_header::PageHeader;
pub use platform_badge::PlatformBadge;
pub use upcoming::Upcoming;
