//! The widget's components, one per file.

mod availability;
mod composer;
mod error_notice;
mod follow_up_form;
mod greeting;
mod header;
mod identity_notice;
mod message_item;
mod message_list;
mod typing_indicator;

pub use availability::Availability;
pub use composer::Composer;
pub use error_notice::ErrorNotice;
pub use follow_up_form::FollowUpForm;
pub use greeting::Greeting;
pub use header::Header;
pub use identity_notice::IdentityNotice;
pub use message_item::MessageItem;
pub use message_list::MessageList;
pub use typing_indicator::TypingIndicator;
