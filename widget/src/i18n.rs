//! The widget's string catalogue: English, Spanish, Finnish and Russian. Every
//! user-visible string comes from here.

pub mod sub;

use shared::protocol::SystemEvent;
use shared::ErrorCode;

pub use shared::lang::Lang;

/// `key`'s text with its `{}` placeholders filled in order.
pub fn fill(lang: Lang, key: Key, args: &[&str]) -> String {
    args.iter()
        .fold(t(lang, key).to_owned(), |s, a| s.replacen("{}", a, 1))
}

/// A price in the merchant's currency (the API gives cents only): `$69.00` · `69,00 $`.
pub fn money(lang: Lang, cents: i64) -> String {
    let c = cents.unsigned_abs();
    let sign = if cents < 0 { "-" } else { "" };
    match lang {
        Lang::En => format!("{sign}${}.{:02}", c / 100, c % 100),
        _ => format!("{sign}{},{:02}\u{a0}$", c / 100, c % 100),
    }
}

/// Every fixed string of the widget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Title,
    Subtitle,
    Close,
    Empty,
    ComposerLabel,
    Placeholder,
    Send,
    Sending,
    Sent,
    NotSent,
    You,
    Support,
    Connecting,
    Online,
    Reconnecting,
    Offline,
    ComposerHint,
    Log,
    Read,
    IdentityNotice,
    FollowUpLabel,
    FollowUpSubmit,
    FollowUpInvalid,
    FollowUpFailed,
    // My subscription
    TabChat,
    MySub,
    Loading,
    /// The "My subscription" panel's module did not load.
    PanelFailed,
    Retry,
}

pub fn t(lang: Lang, key: Key) -> &'static str {
    use Key::*;
    use Lang::*;
    match (lang, key) {
        (En, Title) => "Chat with us",
        (Es, Title) => "Chatea con nosotros",
        (Fi, Title) => "Keskustele kanssamme",
        (Ru, Title) => "Напишите нам",
        (En, Subtitle) => "Questions about your box, orders or wines? We're here.",
        (Es, Subtitle) => "¿Dudas sobre tu caja, pedidos o vinos? Estamos aquí.",
        (Fi, Subtitle) => "Kysyttävää laatikosta, tilauksista tai viineistä? Autamme.",
        (Ru, Subtitle) => "Вопросы о коробке, заказах или винах? Мы на связи.",
        (En, Close) => "Close chat",
        (Es, Close) => "Cerrar chat",
        (Fi, Close) => "Sulje keskustelu",
        (Ru, Close) => "Закрыть чат",
        (En, Empty) => "Send us a message and we'll reply right here.",
        (Es, Empty) => "Envíanos un mensaje y te responderemos aquí mismo.",
        (Fi, Empty) => "Lähetä viesti, niin vastaamme tähän.",
        (Ru, Empty) => "Напишите сообщение — мы ответим здесь.",
        (En, ComposerLabel) => "Your message",
        (Es, ComposerLabel) => "Tu mensaje",
        (Fi, ComposerLabel) => "Viestisi",
        (Ru, ComposerLabel) => "Ваше сообщение",
        (En, Placeholder) => "Write a message…",
        (Es, Placeholder) => "Escribe un mensaje…",
        (Fi, Placeholder) => "Kirjoita viesti…",
        (Ru, Placeholder) => "Напишите сообщение…",
        (En, Send) => "Send",
        (Es, Send) => "Enviar",
        (Fi, Send) => "Lähetä",
        (Ru, Send) => "Отправить",
        (En, Sending) => "Sending…",
        (Es, Sending) => "Enviando…",
        (Fi, Sending) => "Lähetetään…",
        (Ru, Sending) => "Отправка…",
        (En, Sent) => "Sent",
        (Es, Sent) => "Enviado",
        (Fi, Sent) => "Lähetetty",
        (Ru, Sent) => "Отправлено",
        (En, NotSent) => "Not sent",
        (Es, NotSent) => "No enviado",
        (Fi, NotSent) => "Ei lähetetty",
        (Ru, NotSent) => "Не отправлено",
        (En, You) => "You",
        (Es, You) => "Tú",
        (Fi, You) => "Sinä",
        (Ru, You) => "Вы",
        (En, Support) => "Support",
        (Es, Support) => "Soporte",
        (Fi, Support) => "Asiakaspalvelu",
        (Ru, Support) => "Поддержка",
        (En, Connecting) => "Connecting…",
        (Es, Connecting) => "Conectando…",
        (Fi, Connecting) => "Yhdistetään…",
        (Ru, Connecting) => "Подключение…",
        (En, Online) => "Connected",
        (Es, Online) => "Conectado",
        (Fi, Online) => "Yhdistetty",
        (Ru, Online) => "Подключено",
        (En, Reconnecting) => "Reconnecting… your messages will be sent",
        (Es, Reconnecting) => "Reconectando… tus mensajes se enviarán",
        (Fi, Reconnecting) => "Yhdistetään uudelleen… viestisi lähetetään",
        (Ru, Reconnecting) => "Переподключение… сообщения будут отправлены",
        (En, Offline) => "Chat is unavailable right now. Please try again later.",
        (Es, Offline) => "El chat no está disponible ahora. Inténtalo más tarde.",
        (Fi, Offline) => "Keskustelu ei ole nyt käytettävissä. Yritä myöhemmin.",
        (Ru, Offline) => "Чат сейчас недоступен. Попробуйте позже.",
        (En, ComposerHint) => "Enter to send, Shift+Enter for a new line",
        (Es, ComposerHint) => "Intro para enviar, Mayús+Intro para nueva línea",
        (Fi, ComposerHint) => "Enter lähettää, Vaihto+Enter rivinvaihto",
        (Ru, ComposerHint) => "Enter — отправить, Shift+Enter — новая строка",
        (En, Log) => "Conversation",
        (Es, Log) => "Conversación",
        (Fi, Log) => "Keskustelu",
        (Ru, Log) => "Переписка",
        (En, Read) => "Read",
        (Es, Read) => "Leído",
        (Fi, Read) => "Luettu",
        (Ru, Read) => "Прочитано",
        (En, IdentityNotice) => "We couldn't confirm your sign-in — you're chatting as a guest.",
        (Es, IdentityNotice) => {
            "No pudimos confirmar tu inicio de sesión: estás chateando como invitado."
        }
        (Fi, IdentityNotice) => "Emme voineet vahvistaa kirjautumistasi – keskustelet vieraana.",
        (Ru, IdentityNotice) => "Не удалось подтвердить вход — вы общаетесь как гость.",
        (En, FollowUpLabel) => "Leave your email and we'll reply there too",
        (Es, FollowUpLabel) => "Déjanos tu email y también te responderemos allí",
        (Fi, FollowUpLabel) => "Jätä sähköpostiosoitteesi, niin vastaamme myös sinne",
        (Ru, FollowUpLabel) => "Оставьте email — мы ответим и туда",
        (En, FollowUpSubmit) => "Notify me",
        (Es, FollowUpSubmit) => "Avísame",
        (Fi, FollowUpSubmit) => "Ilmoita minulle",
        (Ru, FollowUpSubmit) => "Сообщите мне",
        (En, FollowUpInvalid) => "Enter a valid email address, like name@example.com.",
        (Es, FollowUpInvalid) => "Introduce un email válido, como nombre@ejemplo.com.",
        (Fi, FollowUpInvalid) => "Anna kelvollinen sähköpostiosoite, esim. nimi@esimerkki.fi.",
        (Ru, FollowUpInvalid) => "Введите корректный email, например name@example.com.",
        (En, FollowUpFailed) => "We couldn't save your email. Please try again.",
        (Es, FollowUpFailed) => "No pudimos guardar tu email. Inténtalo de nuevo.",
        (Fi, FollowUpFailed) => "Sähköpostiosoitteen tallennus epäonnistui. Yritä uudelleen.",
        (Ru, FollowUpFailed) => "Не удалось сохранить email. Попробуйте ещё раз.",
        (En, TabChat) => "Chat",
        (Es, TabChat) => "Chat",
        (Fi, TabChat) => "Keskustelu",
        (Ru, TabChat) => "Чат",
        (En, MySub) => "My subscription",
        (Es, MySub) => "Mi suscripción",
        (Fi, MySub) => "Oma tilaus",
        (Ru, MySub) => "Моя подписка",
        (En, Loading) => "Loading…",
        (Es, Loading) => "Cargando…",
        (Fi, Loading) => "Ladataan…",
        (Ru, Loading) => "Загрузка…",
        (En, PanelFailed) => "Your subscription could not be loaded.",
        (Es, PanelFailed) => "No se pudo cargar tu suscripción.",
        (Fi, PanelFailed) => "Tilauksesi tietoja ei voitu ladata.",
        (Ru, PanelFailed) => "Не удалось загрузить подписку.",
        (En, Retry) => "Try again",
        (Es, Retry) => "Reintentar",
        (Fi, Retry) => "Yritä uudelleen",
        (Ru, Retry) => "Повторить",
    }
}

/// Greets an identified subscriber by first name.
pub fn greeting(lang: Lang, first_name: &str) -> String {
    match lang {
        Lang::En => format!("Hi {first_name}! How can we help today?"),
        Lang::Es => format!("¡Hola, {first_name}! ¿En qué podemos ayudarte hoy?"),
        Lang::Fi => format!("Hei {first_name}! Miten voimme auttaa tänään?"),
        Lang::Ru => format!("Здравствуйте, {first_name}! Чем можем помочь?"),
    }
}

/// "Maya is typing…"; `name` falls back to "Support".
pub fn typing(lang: Lang, name: Option<&str>) -> String {
    let name = name.unwrap_or(t(lang, Key::Support));
    match lang {
        Lang::En => format!("{name} is typing…"),
        Lang::Es => format!("{name} está escribiendo…"),
        Lang::Fi => format!("{name} kirjoittaa…"),
        Lang::Ru => format!("{name} печатает…"),
    }
}

/// The reply expectation while someone can answer: "We usually reply within 5 minutes."
pub fn reply_within(lang: Lang, minutes: u32) -> String {
    let one = minutes == 1;
    match lang {
        Lang::En => format!(
            "We usually reply within {minutes} {}.",
            if one { "minute" } else { "minutes" }
        ),
        Lang::Es => format!(
            "Solemos responder en menos de {minutes} {}.",
            if one { "minuto" } else { "minutos" }
        ),
        Lang::Fi => format!("Vastaamme yleensä {minutes} minuutin sisällä."),
        Lang::Ru => {
            // Genitive after "в течение": 1, 21, 31… минуты; otherwise минут.
            let word = if minutes % 10 == 1 && minutes % 100 != 11 {
                "минуты"
            } else {
                "минут"
            };
            format!("Обычно отвечаем в течение {minutes} {word}.")
        }
    }
}

/// The reply expectation while nobody can answer; `when` is the next opening, already
/// formatted for the language.
pub fn away(lang: Lang, when: Option<&str>) -> String {
    match (lang, when) {
        (Lang::En, Some(w)) => format!("We're away right now — we'll reply by {w}."),
        (Lang::Es, Some(w)) => {
            format!("Ahora mismo no estamos: te responderemos a partir del {w}.")
        }
        (Lang::Fi, Some(w)) => format!("Emme ole nyt paikalla – vastaamme viimeistään {w}."),
        (Lang::Ru, Some(w)) => format!("Сейчас мы не на связи — ответим не позднее: {w}."),
        (Lang::En, None) => {
            "We're away right now — leave a message and we'll reply as soon as we can.".into()
        }
        (Lang::Es, None) => {
            "Ahora mismo no estamos: déjanos un mensaje y te responderemos lo antes posible.".into()
        }
        (Lang::Fi, None) => {
            "Emme ole nyt paikalla – jätä viesti, niin vastaamme mahdollisimman pian.".into()
        }
        (Lang::Ru, None) => {
            "Сейчас мы не на связи — оставьте сообщение, и мы ответим как можно скорее.".into()
        }
    }
}

/// Confirms the follow-up email the visitor left.
pub fn follow_up_done(lang: Lang, email: &str) -> String {
    match lang {
        Lang::En => format!("Thanks! We'll reply to {email} as well."),
        Lang::Es => format!("¡Gracias! También te responderemos a {email}."),
        Lang::Fi => format!("Kiitos! Vastaamme myös osoitteeseen {email}."),
        Lang::Ru => format!("Спасибо! Мы ответим и на {email}."),
    }
}

/// A system message in the visitor's language; `when` is the escalation's
/// `expected_by`, already formatted for the language.
pub fn system_event(lang: Lang, event: &SystemEvent, when: &str) -> String {
    use SystemEvent::*;
    match (lang, event) {
        (Lang::En, AgentJoined { agent_name: n }) => format!("{n} joined the conversation."),
        (Lang::Es, AgentJoined { agent_name: n }) => format!("{n} se unió a la conversación."),
        (Lang::Fi, AgentJoined { agent_name: n }) => format!("{n} liittyi keskusteluun."),
        (Lang::Ru, AgentJoined { agent_name: n }) => format!("{n} теперь в чате."),
        (Lang::En, Transferred { from_name: a, to_name: b }) => {
            format!("{a} transferred the conversation to {b}.")
        }
        (Lang::Es, Transferred { from_name: a, to_name: b }) => {
            format!("{a} transfirió la conversación a {b}.")
        }
        (Lang::Fi, Transferred { from_name: a, to_name: b }) => {
            format!("{a} siirsi keskustelun henkilölle {b}.")
        }
        (Lang::Ru, Transferred { from_name: a, to_name: b }) => {
            format!("Разговор передан: {a} → {b}.")
        }
        (Lang::En, Escalated { .. }) => {
            format!("Your conversation was passed to a specialist. Expect news by {when}.")
        }
        (Lang::Es, Escalated { .. }) => format!(
            "Hemos pasado tu conversación a un especialista. Tendrás noticias a más tardar el {when}."
        ),
        (Lang::Fi, Escalated { .. }) => {
            format!("Keskustelusi siirrettiin asiantuntijalle. Saat tietoa viimeistään {when}.")
        }
        (Lang::Ru, Escalated { .. }) => {
            format!("Ваш вопрос передан специалисту. Ответим не позднее: {when}.")
        }
        (Lang::En, Resolved { agent_name: n }) => {
            format!("{n} marked the conversation as resolved.")
        }
        (Lang::Es, Resolved { agent_name: n }) => {
            format!("{n} marcó la conversación como resuelta.")
        }
        (Lang::Fi, Resolved { agent_name: n }) => {
            format!("{n} merkitsi keskustelun ratkaistuksi.")
        }
        (Lang::Ru, Resolved { agent_name: n }) => {
            format!("{n}: вопрос отмечен как решённый.")
        }
    }
}

/// The message shown for an error code; `n` is the length when the code is about length.
pub fn error(lang: Lang, code: ErrorCode, n: usize) -> String {
    let max = lang.number(shared::chat::MAX_BODY_CHARS);
    let n = lang.number(n);
    match (lang, code) {
        (Lang::En, ErrorCode::MessageTooLong) => {
            format!("Your message is too long: {n} of {max} characters.")
        }
        (Lang::Es, ErrorCode::MessageTooLong) => {
            format!("Tu mensaje es demasiado largo: {n} de {max} caracteres.")
        }
        (Lang::Fi, ErrorCode::MessageTooLong) => {
            format!("Viestisi on liian pitkä: {n}/{max} merkkiä.")
        }
        (Lang::Ru, ErrorCode::MessageTooLong) => {
            format!("Сообщение слишком длинное: {n} из {max} символов.")
        }
        (Lang::En, ErrorCode::MessageEmpty) => "Write something before sending.".into(),
        (Lang::Es, ErrorCode::MessageEmpty) => "Escribe algo antes de enviar.".into(),
        (Lang::Fi, ErrorCode::MessageEmpty) => "Kirjoita jotain ennen lähettämistä.".into(),
        (Lang::Ru, ErrorCode::MessageEmpty) => "Напишите что-нибудь перед отправкой.".into(),
        (Lang::En, ErrorCode::RateLimited) => {
            "You're sending messages quickly — we'll send the rest in a moment.".into()
        }
        (Lang::Es, ErrorCode::RateLimited) => {
            "Estás enviando mensajes muy rápido: enviaremos el resto en un momento.".into()
        }
        (Lang::Fi, ErrorCode::RateLimited) => {
            "Lähetät viestejä nopeasti – lähetämme loput hetken kuluttua.".into()
        }
        (Lang::Ru, ErrorCode::RateLimited) => {
            "Вы отправляете сообщения слишком часто — остальные отправим через мгновение.".into()
        }
        (Lang::En, _) => "Something went wrong. Please try again.".into(),
        (Lang::Es, _) => "Algo salió mal. Inténtalo de nuevo.".into(),
        (Lang::Fi, _) => "Jokin meni vikaan. Yritä uudelleen.".into(),
        (Lang::Ru, _) => "Что-то пошло не так. Попробуйте ещё раз.".into(),
    }
}

/// Counter text near the limit, e.g. "3,612 / 4,000".
pub fn counter(lang: Lang, n: usize) -> String {
    format!(
        "{} / {}",
        lang.number(n),
        lang.number(shared::chat::MAX_BODY_CHARS)
    )
}

/// Test helper: one string in every language is present, translated (not the English
/// copy) and keeps its `{}` placeholders.
#[cfg(test)]
pub(crate) fn assert_translated(key: &str, texts: &[&str]) {
    assert!(texts.iter().all(|s| !s.is_empty()), "{key}");
    assert!(texts[1..].iter().all(|s| *s != texts[0]), "{key}");
    let holes = texts[0].matches("{}").count();
    assert!(
        texts.iter().all(|s| s.matches("{}").count() == holes),
        "{key}"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_names_the_limit() {
        for lang in [Lang::En, Lang::Es, Lang::Fi, Lang::Ru] {
            let text = error(lang, ErrorCode::MessageTooLong, 4_001);
            assert!(text.contains(&lang.number(4_000)), "{text}");
            assert_ne!(t(lang, Key::Send), "");
        }
    }

    const LANGS: [Lang; 4] = [Lang::En, Lang::Es, Lang::Fi, Lang::Ru];

    #[test]
    fn every_new_string_exists_in_every_language() {
        let keys = [
            Key::Read,
            Key::IdentityNotice,
            Key::FollowUpLabel,
            Key::FollowUpSubmit,
            Key::FollowUpInvalid,
            Key::FollowUpFailed,
        ];
        for key in keys {
            let texts: Vec<_> = LANGS.iter().map(|&l| t(l, key)).collect();
            assert!(texts.iter().all(|s| !s.is_empty()), "{key:?}");
            // Translated, not copied from English.
            assert!(texts[1..].iter().all(|s| *s != texts[0]), "{key:?}");
        }
        for lang in LANGS {
            assert!(greeting(lang, "Ava").contains("Ava"));
            assert!(typing(lang, Some("Maya")).contains("Maya"));
            assert!(typing(lang, None).contains(t(lang, Key::Support)));
            assert!(reply_within(lang, 5).contains('5'));
            assert!(away(lang, Some("Mon 09:00")).contains("Mon 09:00"));
            assert!(!away(lang, None).is_empty());
            assert!(follow_up_done(lang, "a@b.co").contains("a@b.co"));
            assert_ne!(
                error(lang, ErrorCode::RateLimited, 0),
                error(lang, ErrorCode::Internal, 0)
            );
        }
    }

    #[test]
    fn self_service_strings_are_translated() {
        // The tab and its loading/retry lines; the panel's own strings are in `sub`.
        let keys = [Key::MySub, Key::Loading, Key::PanelFailed, Key::Retry];
        for key in keys {
            let texts: Vec<_> = LANGS.iter().map(|&l| t(l, key)).collect();
            assert_translated(&format!("{key:?}"), &texts);
        }
    }

    #[test]
    fn minutes_agree_with_the_number() {
        assert_eq!(
            reply_within(Lang::En, 1),
            "We usually reply within 1 minute."
        );
        assert_eq!(
            reply_within(Lang::En, 5),
            "We usually reply within 5 minutes."
        );
        assert_eq!(
            reply_within(Lang::Es, 1),
            "Solemos responder en menos de 1 minuto."
        );
        assert!(reply_within(Lang::Ru, 21).ends_with("21 минуты."));
        assert!(reply_within(Lang::Ru, 11).ends_with("11 минут."));
        assert!(reply_within(Lang::Ru, 5).ends_with("5 минут."));
    }

    #[test]
    fn system_events_are_localised_from_the_event() {
        let joined = SystemEvent::AgentJoined {
            agent_name: "Maya".into(),
        };
        assert_eq!(system_event(Lang::En, &joined, ""), joined.fallback_text());
        assert_eq!(
            system_event(Lang::Fi, &joined, ""),
            "Maya liittyi keskusteluun."
        );
        let moved = SystemEvent::Transferred {
            from_name: "Maya".into(),
            to_name: "Sam".into(),
        };
        assert_eq!(system_event(Lang::En, &moved, ""), moved.fallback_text());
        let escalated = SystemEvent::Escalated {
            note: "internal note".into(),
            expected_by: 0,
        };
        for lang in LANGS {
            let text = system_event(lang, &escalated, "tomorrow 9:00");
            assert!(text.contains("tomorrow 9:00"), "{text}");
            // The agent's note is internal.
            assert!(!text.contains("internal note"));
            let resolved = SystemEvent::Resolved {
                agent_name: "Sam".into(),
            };
            assert!(system_event(lang, &resolved, "").contains("Sam"));
        }
    }
}
