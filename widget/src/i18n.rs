//! The widget's string catalogue: English, Spanish, Finnish and Russian. Every
//! user-visible string comes from here.

use shared::ErrorCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Es,
    Fi,
    Ru,
}

impl Lang {
    /// Accepts a BCP 47 tag such as `fi-FI` or `es`.
    pub fn parse(tag: &str) -> Option<Self> {
        let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Self::En),
            "es" => Some(Self::Es),
            "fi" => Some(Self::Fi),
            "ru" => Some(Self::Ru),
            _ => None,
        }
    }

    pub fn tag(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Es => "es",
            Self::Fi => "fi",
            Self::Ru => "ru",
        }
    }

    /// Groups thousands as the language does: 4,000 · 4.000 · 4 000.
    pub fn number(self, n: usize) -> String {
        let sep = match self {
            Self::En => ',',
            Self::Es => '.',
            Self::Fi | Self::Ru => '\u{a0}',
        };
        let digits = n.to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(sep);
            }
            out.push(c);
        }
        out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_parse_from_browser_tags() {
        assert_eq!(Lang::parse("fi-FI"), Some(Lang::Fi));
        assert_eq!(Lang::parse("ES"), Some(Lang::Es));
        assert_eq!(Lang::parse("ru_RU"), Some(Lang::Ru));
        assert_eq!(Lang::parse("de"), None);
    }

    #[test]
    fn numbers_group_per_language() {
        assert_eq!(Lang::En.number(4_000), "4,000");
        assert_eq!(Lang::Es.number(4_001), "4.001");
        assert_eq!(Lang::Fi.number(123_456), "123\u{a0}456");
        assert_eq!(Lang::Ru.number(999), "999");
    }

    #[test]
    fn every_language_names_the_limit() {
        for lang in [Lang::En, Lang::Es, Lang::Fi, Lang::Ru] {
            let text = error(lang, ErrorCode::MessageTooLong, 4_001);
            assert!(text.contains(&lang.number(4_000)), "{text}");
            assert_ne!(t(lang, Key::Send), "");
        }
    }
}
