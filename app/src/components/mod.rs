//! Small pieces shared by the pages: one visual language everywhere.

mod audit_list;
mod avatar_picker;
mod auth_card;
mod error_page;
mod form_fields;
mod page_header;
mod platform_badge;
mod submit_button;
mod upcoming;
mod upload_progress;

pub use audit_list::AuditList;
pub use avatar_picker::{AvatarPicker, ChosenImage, ChosenSlot};
pub use auth_card::AuthCard;
pub use error_page::ErrorPage;
pub use form_fields::{Field, FormError};
pub use page_header::PageHeader;
pub use platform_badge::PlatformBadge;
pub use submit_button::SubmitButton;
pub use upcoming::Upcoming;
pub use upload_progress::UploadProgressBar;
