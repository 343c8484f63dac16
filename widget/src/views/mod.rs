//! The widget's components, one per file.

mod composer;
mod error_notice;
mod header;
mod message_item;
mod message_list;

pub use composer::Composer;
pub use error_notice::ErrorNotice;
pub use header::Header;
pub use message_item::MessageItem;
pub use message_list::MessageList;
