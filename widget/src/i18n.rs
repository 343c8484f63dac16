//! The widget's string catalogue: English, Spanish, Finnish and Russian. Every
//! user-visible string comes from here.

use shared::protocol::SystemEvent;
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
    NoSubs,
    StActive,
    StPaused,
    StCancelled,
    Weekly,
    Biweekly,
    Monthly,
    NextBox,
    NoNextBox,
    Upcoming,
    CutoffIn,
    CutoffGone,
    DayUnit,
    APause,
    AResume,
    ASkip,
    AFreq,
    AAddress,
    ACancel,
    PauseBoxes,
    PauseUntil,
    NewFreq,
    FName,
    FLine1,
    FLine2,
    FCity,
    FRegion,
    FPostal,
    FCountry,
    Review,
    Confirm,
    Back,
    AppliesTo,
    CutoffFrom,
    EffectiveOn,
    Done,
    Reference,
    CancelDone,
    Changed,
    EffectChanged,
    ErrGeneric,
    ErrCancelled,
    ErrPaused,
    ErrNotPaused,
    ErrBoxes,
    ErrTooShort,
    ErrTooLong,
    ErrSameFreq,
    ErrSameAddr,
    ErrWine,
    ErrComment,
    FeRequired,
    FeTooLong,
    FeChars,
    FeCountry,
    FePostal,
    FeRegion,
    ReasonQ,
    RTooExpensive,
    RTooMuch,
    RNotEnjoying,
    RMoving,
    RDelivery,
    ROther,
    Comment,
    OfferPause,
    OfferSkip,
    OfferDiscount,
    KeepSub,
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
        (En, NoSubs) => "You have no subscriptions.",
        (Es, NoSubs) => "No tienes suscripciones.",
        (Fi, NoSubs) => "Sinulla ei ole tilauksia.",
        (Ru, NoSubs) => "У вас нет подписок.",
        (En, StActive) => "Active",
        (Es, StActive) => "Activa",
        (Fi, StActive) => "Voimassa",
        (Ru, StActive) => "Активна",
        (En, StPaused) => "Paused",
        (Es, StPaused) => "En pausa",
        (Fi, StPaused) => "Tauolla",
        (Ru, StPaused) => "Приостановлена",
        (En, StCancelled) => "Cancelled",
        (Es, StCancelled) => "Cancelada",
        (Fi, StCancelled) => "Peruttu",
        (Ru, StCancelled) => "Отменена",
        (En, Weekly) => "Every week",
        (Es, Weekly) => "Cada semana",
        (Fi, Weekly) => "Joka viikko",
        (Ru, Weekly) => "Каждую неделю",
        (En, Biweekly) => "Every 2 weeks",
        (Es, Biweekly) => "Cada 2 semanas",
        (Fi, Biweekly) => "Joka toinen viikko",
        (Ru, Biweekly) => "Раз в 2 недели",
        (En, Monthly) => "Every month",
        (Es, Monthly) => "Cada mes",
        (Fi, Monthly) => "Kerran kuukaudessa",
        (Ru, Monthly) => "Каждый месяц",
        (En, NextBox) => "Next box: {}",
        (Es, NextBox) => "Próxima caja: {}",
        (Fi, NextBox) => "Seuraava laatikko: {}",
        (Ru, NextBox) => "Следующая коробка: {}",
        (En, NoNextBox) => "No boxes coming",
        (Es, NoNextBox) => "No hay cajas previstas",
        (Fi, NoNextBox) => "Ei tulevia laatikoita",
        (Ru, NoNextBox) => "Коробок не запланировано",
        (En, Upcoming) => "Coming: {}",
        (Es, Upcoming) => "Próximas: {}",
        (Fi, Upcoming) => "Tulossa: {}",
        (Ru, Upcoming) => "Далее: {}",
        (En, CutoffIn) => "Changes to this box close in {}",
        (Es, CutoffIn) => "Los cambios para esta caja cierran en {}",
        (Fi, CutoffIn) => "Tämän laatikon muutosaikaa on jäljellä {}",
        (Ru, CutoffIn) => "Изменить эту коробку можно ещё {}",
        (En, CutoffGone) => "This box is being prepared: changes apply from the next one.",
        (Es, CutoffGone) => {
            "Esta caja ya se está preparando: los cambios se aplican desde la siguiente."
        }
        (Fi, CutoffGone) => "Tätä laatikkoa valmistellaan jo: muutokset koskevat seuraavaa.",
        (Ru, CutoffGone) => "Эта коробка уже собирается: изменения вступят в силу со следующей.",
        (En, DayUnit) => "d",
        (Es, DayUnit) => "d",
        (Fi, DayUnit) => "pv",
        (Ru, DayUnit) => "д",
        (En, APause) => "Pause",
        (Es, APause) => "Pausar",
        (Fi, APause) => "Pidä tauko",
        (Ru, APause) => "Приостановить",
        (En, AResume) => "Resume",
        (Es, AResume) => "Reanudar",
        (Fi, AResume) => "Jatka tilausta",
        (Ru, AResume) => "Возобновить",
        (En, ASkip) => "Skip next box",
        (Es, ASkip) => "Saltar la próxima caja",
        (Fi, ASkip) => "Ohita seuraava laatikko",
        (Ru, ASkip) => "Пропустить следующую коробку",
        (En, AFreq) => "Change frequency",
        (Es, AFreq) => "Cambiar frecuencia",
        (Fi, AFreq) => "Vaihda toimitusväli",
        (Ru, AFreq) => "Изменить частоту",
        (En, AAddress) => "Change address",
        (Es, AAddress) => "Cambiar dirección",
        (Fi, AAddress) => "Vaihda osoite",
        (Ru, AAddress) => "Изменить адрес",
        (En, ACancel) => "Cancel subscription",
        (Es, ACancel) => "Cancelar suscripción",
        (Fi, ACancel) => "Peru tilaus",
        (Ru, ACancel) => "Отменить подписку",
        (En, PauseBoxes) => "Boxes to pause",
        (Es, PauseBoxes) => "Cajas en pausa",
        (Fi, PauseBoxes) => "Tauotettavat laatikot",
        (Ru, PauseBoxes) => "Сколько коробок пропустить",
        (En, PauseUntil) => "Or pause until",
        (Es, PauseUntil) => "O pausar hasta",
        (Fi, PauseUntil) => "Tai tauko päivään",
        (Ru, PauseUntil) => "Или пауза до",
        (En, NewFreq) => "New frequency",
        (Es, NewFreq) => "Nueva frecuencia",
        (Fi, NewFreq) => "Uusi toimitusväli",
        (Ru, NewFreq) => "Новая частота",
        (En, FName) => "Name",
        (Es, FName) => "Nombre",
        (Fi, FName) => "Nimi",
        (Ru, FName) => "Имя",
        (En, FLine1) => "Address",
        (Es, FLine1) => "Dirección",
        (Fi, FLine1) => "Osoite",
        (Ru, FLine1) => "Адрес",
        (En, FLine2) => "Address line 2",
        (Es, FLine2) => "Dirección (línea 2)",
        (Fi, FLine2) => "Osoiterivi 2",
        (Ru, FLine2) => "Адрес, строка 2",
        (En, FCity) => "City",
        (Es, FCity) => "Ciudad",
        (Fi, FCity) => "Kaupunki",
        (Ru, FCity) => "Город",
        (En, FRegion) => "State or region",
        (Es, FRegion) => "Provincia o región",
        (Fi, FRegion) => "Alue",
        (Ru, FRegion) => "Регион",
        (En, FPostal) => "Postal code",
        (Es, FPostal) => "Código postal",
        (Fi, FPostal) => "Postinumero",
        (Ru, FPostal) => "Почтовый индекс",
        (En, FCountry) => "Country code",
        (Es, FCountry) => "Código de país",
        (Fi, FCountry) => "Maatunnus",
        (Ru, FCountry) => "Код страны",
        (En, Review) => "Review change",
        (Es, Review) => "Revisar cambio",
        (Fi, Review) => "Tarkista muutos",
        (Ru, Review) => "Проверить изменение",
        (En, Confirm) => "Confirm",
        (Es, Confirm) => "Confirmar",
        (Fi, Confirm) => "Vahvista",
        (Ru, Confirm) => "Подтвердить",
        (En, Back) => "Back",
        (Es, Back) => "Volver",
        (Fi, Back) => "Takaisin",
        (Ru, Back) => "Назад",
        (En, AppliesTo) => "Applies to the box of {}",
        (Es, AppliesTo) => "Se aplica a la caja del {}",
        (Fi, AppliesTo) => "Koskee laatikkoa {}",
        (Ru, AppliesTo) => "Касается коробки от {}",
        (En, CutoffFrom) => "Cutoff passed: applies from {}",
        (Es, CutoffFrom) => "Plazo cerrado: se aplica desde el {}",
        (Fi, CutoffFrom) => "Muutosaika umpeutui: koskee {} alkaen",
        (Ru, CutoffFrom) => "Срок изменений прошёл: действует с {}",
        (En, EffectiveOn) => "Effective {}",
        (Es, EffectiveOn) => "Efectiva el {}",
        (Fi, EffectiveOn) => "Voimassa {} alkaen",
        (Ru, EffectiveOn) => "Вступает в силу {}",
        (En, Done) => "Done.",
        (Es, Done) => "Hecho.",
        (Fi, Done) => "Valmis.",
        (Ru, Done) => "Готово.",
        (En, Reference) => "Reference: {}",
        (Es, Reference) => "Referencia: {}",
        (Fi, Reference) => "Viite: {}",
        (Ru, Reference) => "Номер: {}",
        (En, CancelDone) => "Your subscription is cancelled.",
        (Es, CancelDone) => "Tu suscripción está cancelada.",
        (Fi, CancelDone) => "Tilauksesi on peruttu.",
        (Ru, CancelDone) => "Ваша подписка отменена.",
        (En, Changed) => "This subscription changed in the meantime ({}). Please review.",
        (Es, Changed) => "La suscripción cambió mientras tanto ({}). Revísala de nuevo.",
        (Fi, Changed) => "Tilaus muuttui sillä välin ({}). Tarkista muutos.",
        (Ru, Changed) => "Подписка тем временем изменилась ({}). Проверьте ещё раз.",
        (En, EffectChanged) => "The cutoff passed in the meantime. Please confirm the new timing.",
        (Es, EffectChanged) => "El plazo se cerró mientras tanto. Confirma la nueva fecha.",
        (Fi, EffectChanged) => "Muutosaika umpeutui sillä välin. Vahvista uusi ajankohta.",
        (Ru, EffectChanged) => "Срок изменений тем временем прошёл. Подтвердите новые сроки.",
        (En, ErrGeneric) => "Something went wrong. Please try again.",
        (Es, ErrGeneric) => "Algo salió mal. Inténtalo de nuevo.",
        (Fi, ErrGeneric) => "Jokin meni vikaan. Yritä uudelleen.",
        (Ru, ErrGeneric) => "Что-то пошло не так. Попробуйте ещё раз.",
        (En, ErrCancelled) => "This subscription is cancelled.",
        (Es, ErrCancelled) => "Esta suscripción está cancelada.",
        (Fi, ErrCancelled) => "Tämä tilaus on peruttu.",
        (Ru, ErrCancelled) => "Эта подписка отменена.",
        (En, ErrPaused) => "The subscription is paused. Resume it first.",
        (Es, ErrPaused) => "La suscripción está en pausa. Reanúdala primero.",
        (Fi, ErrPaused) => "Tilaus on tauolla. Jatka sitä ensin.",
        (Ru, ErrPaused) => "Подписка приостановлена. Сначала возобновите её.",
        (En, ErrNotPaused) => "The subscription is not paused.",
        (Es, ErrNotPaused) => "La suscripción no está en pausa.",
        (Fi, ErrNotPaused) => "Tilaus ei ole tauolla.",
        (Ru, ErrNotPaused) => "Подписка не приостановлена.",
        (En, ErrBoxes) => "Pause for 1 to 12 boxes.",
        (Es, ErrBoxes) => "Pausa entre 1 y 12 cajas.",
        (Fi, ErrBoxes) => "Tauko voi kestää 1–12 laatikkoa.",
        (Ru, ErrBoxes) => "Пауза — от 1 до 12 коробок.",
        (En, ErrTooShort) => "Pick a date after your next box.",
        (Es, ErrTooShort) => "Elige una fecha posterior a tu próxima caja.",
        (Fi, ErrTooShort) => "Valitse päivä seuraavan laatikon jälkeen.",
        (Ru, ErrTooShort) => "Выберите дату после следующей коробки.",
        (En, ErrTooLong) => "That pause is too long. Pick an earlier date.",
        (Es, ErrTooLong) => "La pausa es demasiado larga. Elige una fecha anterior.",
        (Fi, ErrTooLong) => "Tauko on liian pitkä. Valitse aiempi päivä.",
        (Ru, ErrTooLong) => "Пауза слишком длинная. Выберите более раннюю дату.",
        (En, ErrSameFreq) => "That is already your frequency.",
        (Es, ErrSameFreq) => "Ya tienes esa frecuencia.",
        (Fi, ErrSameFreq) => "Tämä on jo toimitusvälisi.",
        (Ru, ErrSameFreq) => "У вас уже такая частота.",
        (En, ErrSameAddr) => "That is already your address.",
        (Es, ErrSameAddr) => "Esa ya es tu dirección.",
        (Fi, ErrSameAddr) => "Tämä on jo osoitteesi.",
        (Ru, ErrSameAddr) => "Это уже ваш адрес.",
        (En, ErrWine) => "We can't ship wine to that region.",
        (Es, ErrWine) => "No podemos enviar vino a esa región.",
        (Fi, ErrWine) => "Emme voi toimittaa viiniä tälle alueelle.",
        (Ru, ErrWine) => "Мы не можем доставлять вино в этот регион.",
        (En, ErrComment) => "The comment is too long (500 characters at most).",
        (Es, ErrComment) => "El comentario es demasiado largo (máximo 500 caracteres).",
        (Fi, ErrComment) => "Kommentti on liian pitkä (enintään 500 merkkiä).",
        (Ru, ErrComment) => "Комментарий слишком длинный (не более 500 символов).",
        (En, FeRequired) => "Required",
        (Es, FeRequired) => "Obligatorio",
        (Fi, FeRequired) => "Pakollinen",
        (Ru, FeRequired) => "Обязательное поле",
        (En, FeTooLong) => "Too long",
        (Es, FeTooLong) => "Demasiado largo",
        (Fi, FeTooLong) => "Liian pitkä",
        (Ru, FeTooLong) => "Слишком длинно",
        (En, FeChars) => "Invalid characters",
        (Es, FeChars) => "Caracteres no válidos",
        (Fi, FeChars) => "Virheellisiä merkkejä",
        (Ru, FeChars) => "Недопустимые символы",
        (En, FeCountry) => "Use a 2-letter code, like US",
        (Es, FeCountry) => "Usa un código de 2 letras, como ES",
        (Fi, FeCountry) => "Käytä 2-kirjaimista koodia, kuten FI",
        (Ru, FeCountry) => "Двухбуквенный код, например FI",
        (En, FePostal) => "Not a valid postal code",
        (Es, FePostal) => "Código postal no válido",
        (Fi, FePostal) => "Virheellinen postinumero",
        (Ru, FePostal) => "Неверный почтовый индекс",
        (En, FeRegion) => "Unknown state or province",
        (Es, FeRegion) => "Provincia o estado desconocido",
        (Fi, FeRegion) => "Tuntematon osavaltio tai alue",
        (Ru, FeRegion) => "Неизвестный штат или провинция",
        (En, ReasonQ) => "Why are you cancelling? (optional)",
        (Es, ReasonQ) => "¿Por qué cancelas? (opcional)",
        (Fi, ReasonQ) => "Miksi perut tilauksen? (valinnainen)",
        (Ru, ReasonQ) => "Почему вы отменяете? (необязательно)",
        (En, RTooExpensive) => "Too expensive",
        (Es, RTooExpensive) => "Demasiado caro",
        (Fi, RTooExpensive) => "Liian kallis",
        (Ru, RTooExpensive) => "Слишком дорого",
        (En, RTooMuch) => "Too much product",
        (Es, RTooMuch) => "Demasiado producto",
        (Fi, RTooMuch) => "Liikaa tuotteita",
        (Ru, RTooMuch) => "Слишком много продуктов",
        (En, RNotEnjoying) => "Not enjoying it",
        (Es, RNotEnjoying) => "No me está gustando",
        (Fi, RNotEnjoying) => "En pidä tuotteista",
        (Ru, RNotEnjoying) => "Не нравится",
        (En, RMoving) => "Moving",
        (Es, RMoving) => "Me mudo",
        (Fi, RMoving) => "Muutan",
        (Ru, RMoving) => "Переезжаю",
        (En, RDelivery) => "Delivery problems",
        (Es, RDelivery) => "Problemas de entrega",
        (Fi, RDelivery) => "Toimitusongelmia",
        (Ru, RDelivery) => "Проблемы с доставкой",
        (En, ROther) => "Other",
        (Es, ROther) => "Otro motivo",
        (Fi, ROther) => "Muu syy",
        (Ru, ROther) => "Другое",
        (En, Comment) => "Comment (optional)",
        (Es, Comment) => "Comentario (opcional)",
        (Fi, Comment) => "Kommentti (valinnainen)",
        (Ru, Comment) => "Комментарий (необязательно)",
        (En, OfferPause) => "Prefer a break? You can pause {} boxes instead.",
        (Es, OfferPause) => "¿Prefieres un descanso? Puedes pausar {} cajas.",
        (Fi, OfferPause) => "Tarvitsetko tauon? Voit pitää tauon {} laatikon ajan.",
        (Ru, OfferPause) => "Нужен перерыв? Можно приостановить на {} коробки.",
        (En, OfferSkip) => "Prefer to skip just the next box?",
        (Es, OfferSkip) => "¿Prefieres saltar solo la próxima caja?",
        (Fi, OfferSkip) => "Haluatko ohittaa vain seuraavan laatikon?",
        (Ru, OfferSkip) => "Может, пропустить только следующую коробку?",
        (En, OfferDiscount) => "{}% off your next {} boxes with the code",
        (Es, OfferDiscount) => "{} % de descuento en tus próximas {} cajas con el código",
        (Fi, OfferDiscount) => "{} % alennus seuraavista {} laatikosta koodilla",
        (Ru, OfferDiscount) => "Скидка {}% на следующие {} коробки по коду",
        (En, KeepSub) => "Keep my subscription",
        (Es, KeepSub) => "Mantener mi suscripción",
        (Fi, KeepSub) => "Pidä tilaus",
        (Ru, KeepSub) => "Оставить подписку",
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
        let keys = [
            Key::MySub,
            Key::Loading,
            Key::NoSubs,
            Key::StActive,
            Key::StPaused,
            Key::StCancelled,
            Key::Weekly,
            Key::Biweekly,
            Key::Monthly,
            Key::NextBox,
            Key::NoNextBox,
            Key::Upcoming,
            Key::CutoffIn,
            Key::CutoffGone,
            Key::APause,
            Key::AResume,
            Key::ASkip,
            Key::AFreq,
            Key::AAddress,
            Key::ACancel,
            Key::PauseBoxes,
            Key::PauseUntil,
            Key::NewFreq,
            Key::FName,
            Key::FLine1,
            Key::FLine2,
            Key::FCity,
            Key::FRegion,
            Key::FPostal,
            Key::FCountry,
            Key::Review,
            Key::Confirm,
            Key::Back,
            Key::AppliesTo,
            Key::CutoffFrom,
            Key::EffectiveOn,
            Key::Done,
            Key::Reference,
            Key::CancelDone,
            Key::Changed,
            Key::EffectChanged,
            Key::ErrGeneric,
            Key::ErrCancelled,
            Key::ErrPaused,
            Key::ErrNotPaused,
            Key::ErrBoxes,
            Key::ErrTooShort,
            Key::ErrTooLong,
            Key::ErrSameFreq,
            Key::ErrSameAddr,
            Key::ErrWine,
            Key::ErrComment,
            Key::FeRequired,
            Key::FeTooLong,
            Key::FeChars,
            Key::FeCountry,
            Key::FePostal,
            Key::FeRegion,
            Key::ReasonQ,
            Key::RTooExpensive,
            Key::RTooMuch,
            Key::RNotEnjoying,
            Key::RMoving,
            Key::RDelivery,
            Key::ROther,
            Key::Comment,
            Key::OfferPause,
            Key::OfferSkip,
            Key::OfferDiscount,
            Key::KeepSub,
        ];
        for key in keys {
            let texts: Vec<_> = LANGS.iter().map(|&l| t(l, key)).collect();
            assert!(texts.iter().all(|s| !s.is_empty()), "{key:?}");
            assert!(texts[1..].iter().all(|s| *s != texts[0]), "{key:?}");
            // Placeholders survive translation.
            let holes = texts[0].matches("{}").count();
            assert!(
                texts.iter().all(|s| s.matches("{}").count() == holes),
                "{key:?}"
            );
        }
        assert_eq!(fill(Lang::En, Key::Reference, &["CD-1"]), "Reference: CD-1");
        assert_eq!(money(Lang::En, 6900), "$69.00");
        assert_eq!(money(Lang::Fi, 6905), "69,05\u{a0}$");
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
