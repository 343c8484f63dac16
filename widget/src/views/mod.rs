//! The widget's components, one per file.

mod action_form;
mod availability;
mod cancel_flow;
mod composer;
mod error_notice;
mod follow_up_form;
mod greeting;
mod header;
mod identity_notice;
mod message_item;
mod message_list;
mod my_subscription;
mod plan_card;
mod review;
mod subscription_panel;
mod survey_card;
mod typing_indicator;

pub use action_form::ActionForm;
pub use availability::Availability;
pub use cancel_flow::CancelFlow;
pub use composer::Composer;
pub use error_notice::ErrorNotice;
pub use follow_up_form::FollowUpForm;
pub use greeting::Greeting;
pub use header::Header;
pub use identity_notice::IdentityNotice;
pub use message_item::MessageItem;
pub use message_list::MessageList;
pub use my_subscription::MySubscription;
pub use plan_card::PlanCard;
pub use review::{Api, Review};
pub use subscription_panel::SubscriptionPanel;
pub use survey_card::{ask, AskSurvey, SurveyCard, SurveySlot};
pub use typing_indicator::TypingIndicator;
