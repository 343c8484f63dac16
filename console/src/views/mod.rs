//! Console pages and components, one per file.

mod audit_entry;
mod composer;
mod context_panel;
mod conv_actions;
mod conversation;
pub mod inbox;
mod message_item;
mod message_list;
mod queue;
mod queue_item;
mod queue_section;
mod shell;
mod sign_in;
mod subscriber_subscriptions;
mod subscription_action_form;
mod subscription_card;

pub use audit_entry::AuditEntry;
pub use composer::Composer;
pub use context_panel::ContextPanel;
pub use conv_actions::ConversationActions;
pub use conversation::ConversationPanel;
pub use inbox::Inbox;
pub use message_item::MessageItem;
pub use message_list::MessageList;
pub use queue::QueuePanel;
pub use queue_item::QueueRow;
pub use queue_section::QueueSection;
pub use shell::Shell;
pub use sign_in::SignIn;
pub use subscriber_subscriptions::SubscriberSubscriptions;
pub use subscription_action_form::SubscriptionActionForm;
pub use subscription_card::SubscriptionCard;
