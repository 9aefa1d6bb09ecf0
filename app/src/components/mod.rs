//! Small pieces shared by the pages: one visual language everywhere.

mod agent_face;
mod audit_list;
mod auth_card;
mod avatar_picker;
mod drop_zone;
mod error_page;
mod form_fields;
mod load_more;
mod page_header;
mod platform_badge;
mod row_panel;
mod submit_button;
mod toolbar_select;
mod upload_progress;

pub use agent_face::AgentFace;
pub use audit_list::AuditList;
pub use auth_card::AuthCard;
pub use avatar_picker::{size_text, AvatarChoice, AvatarPicker};
pub use drop_zone::DropZone;
pub use error_page::ErrorPage;
pub use form_fields::{Field, FormError, FormErrors};
pub use load_more::LoadMore;
pub use page_header::PageHeader;
pub use platform_badge::PlatformBadge;
pub use row_panel::RowPanel;
pub use submit_button::SubmitButton;
pub use toolbar_select::{fixed_choices, ToolbarSelect};
pub use upload_progress::{UploadProgress, UploadProgressBar};
