//! Console strings in English, Spanish, Finnish and Russian. The catalogue keeps every
//! string in one place, including the parameterised ones and the text of system events and
//! error codes.
//!
//! The language is chosen once per page from the agent's stored choice or the browser's
//! languages (see `app`) and kept in [`lang`]; [`t`] and the text functions read it, so the
//! views keep calling `t(Key::…)`. Dates and numbers keep one format in every language.

use std::cell::Cell;

use shared::address::{country_name_en, FieldProblem};
use shared::api::{PresenceStatus, QueueItem, QueueStatus};
use shared::date::Date;
use shared::protocol::SystemEvent;
use shared::selfservice::{Actor, SubscriptionApiError};
use shared::subscription::{ActionKind, CancelReason, Effect, Frequency, Status};
use shared::{ApiError, ErrorCode};

use shared::metrics::{Period, Standing};
use shared::support::Channel;
use shared::surveys::{ContactReason, MetricKind, RangeError, SurveyKind};

use crate::dashboard::{Direction, TargetField, TargetProblem, Unit};
use crate::format::format_day;

pub use shared::lang::Lang;

thread_local! {
    static CURRENT: Cell<Lang> = const { Cell::new(Lang::En) };
}

/// The language the console currently speaks.
pub fn lang() -> Lang {
    CURRENT.with(Cell::get)
}

/// Switches the language of every text produced from now on (views re-render to show it).
pub fn set_lang(l: Lang) {
    CURRENT.with(|c| c.set(l));
}

/// One of four texts, in the current language's position (en, es, fi, ru).
fn pick(texts: [&'static str; 4]) -> &'static str {
    texts[lang() as usize]
}

/// The Russian plural form for `n`: `one` (1, 21…), `few` (2–4, 22–24…) or `many`.
pub fn ru_plural<'a>(n: u64, one: &'a str, few: &'a str, many: &'a str) -> &'a str {
    match (n % 10, n % 100) {
        (1, r) if r != 11 => one,
        (2..=4, r) if !(12..=14).contains(&r) => few,
        _ => many,
    }
}

/// `one` for 1, else `other` (English, Spanish and Finnish).
fn plural<'a>(n: u64, one: &'a str, other: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        other
    }
}

/// The document title without a badge.
pub fn title() -> String {
    format!("{} — {}", t(Key::Product), t(Key::AgentConsole))
}

/// Money is shown with this symbol (the API gives amounts in cents only).
pub const CURRENCY_SYMBOL: &str = "$";

/// Declares [`Key`], [`Key::ALL`] and [`text`] from one table, so no key can miss a
/// language (the compiler checks the four columns; the tests check they are filled in).
macro_rules! catalogue {
    ($($(#[$doc:meta])* $key:ident => [$en:expr, $es:expr, $fi:expr, $ru:expr $(,)?],)*) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Key {
            $($(#[$doc])* $key,)*
        }

        impl Key {
            /// Every key, in catalogue order.
            pub const ALL: &'static [Key] = &[$(Key::$key,)*];
        }

        /// `key`'s text in `lang`.
        pub fn text(lang: Lang, key: Key) -> &'static str {
            let texts: [&'static str; 4] = match key {
                $(Key::$key => [$en, $es, $fi, $ru],)*
            };
            texts[lang as usize]
        }
    };
}

/// `key`'s text in the current language.
pub fn t(key: Key) -> &'static str {
    text(lang(), key)
}

catalogue! {
    Product => ["Cellar Door", "Cellar Door", "Cellar Door", "Cellar Door"],
    SignInTitle => ["Agent console", "Consola de agentes", "Asiakaspalvelun konsoli", "Консоль оператора"],
    SignInLead => [
        "Sign in to answer subscribers and see your team's metrics.",
        "Inicia sesión para atender a los suscriptores y ver las métricas de tu equipo.",
        "Kirjaudu sisään vastataksesi tilaajille ja nähdäksesi tiimisi mittarit.",
        "Войдите, чтобы отвечать подписчикам и смотреть показатели команды.",
    ],
    Email => ["Work email", "Correo electrónico de trabajo", "Työsähköposti", "Рабочий email"],
    Password => ["Password", "Contraseña", "Salasana", "Пароль"],
    SignIn => ["Sign in", "Iniciar sesión", "Kirjaudu sisään", "Войти"],
    SigningIn => ["Signing in…", "Iniciando sesión…", "Kirjaudutaan…", "Выполняется вход…"],
    Loading => ["Loading…", "Cargando…", "Ladataan…", "Загрузка…"],
    // Shell
    AgentConsole => ["Agent console", "Consola de agentes", "Asiakaspalvelun konsoli", "Консоль оператора"],
    Language => ["Language", "Idioma", "Kieli", "Язык"],
    Status => ["Status", "Estado", "Tila", "Статус"],
    Online => ["Online", "Disponible", "Paikalla", "В сети"],
    Away => ["Away", "Ausente", "Poissa", "Нет на месте"],
    Offline => ["Offline", "Desconectado", "Ei linjoilla", "Не в сети"],
    Sound => ["Sound alerts", "Alertas sonoras", "Äänimerkit", "Звуковые оповещения"],
    SignOut => ["Sign out", "Cerrar sesión", "Kirjaudu ulos", "Выйти"],
    ConnConnecting => ["Connecting…", "Conectando…", "Yhdistetään…", "Подключение…"],
    ConnLive => ["Live", "En directo", "Yhteys päällä", "На связи"],
    ConnReconnecting => ["Reconnecting…", "Reconectando…", "Yhdistetään uudelleen…", "Переподключение…"],
    ConnLostRetrying => [
        "Connection lost. Retrying…",
        "Se perdió la conexión. Reintentando…",
        "Yhteys katkesi. Yritetään uudelleen…",
        "Соединение потеряно. Повторяем попытку…",
    ],
    RetryNow => ["Retry now", "Reintentar ahora", "Yritä nyt", "Повторить сейчас"],
    SignOutFailed => [
        "Sign-out didn't go through: you are still signed in.",
        "No se pudo cerrar la sesión: sigues con la sesión iniciada.",
        "Uloskirjautuminen epäonnistui: olet yhä kirjautuneena.",
        "Не удалось выйти: вы всё ещё в системе.",
    ],
    // Queue
    Queue => ["Conversations", "Conversaciones", "Keskustelut", "Диалоги"],
    Waiting => ["Waiting", "En espera", "Odottavat", "Ожидают"],
    Mine => ["Mine", "Mías", "Omat", "Мои"],
    Others => ["Others", "De otros", "Muiden", "Других операторов"],
    Resolved => ["Resolved", "Resueltas", "Ratkaistut", "Решённые"],
    Escalated => ["Escalated", "Escalada", "Eskaloitu", "Эскалирован"],
    EmptySection => ["Nothing here.", "No hay nada aquí.", "Täällä ei ole mitään.", "Здесь пусто."],
    WaitingTime => ["Waiting time", "Tiempo de espera", "Odotusaika", "Время ожидания"],
    ResponseTime => ["First response time", "Tiempo de primera respuesta", "Ensivastausaika", "Время первого ответа"],
    Unread => ["unread", "sin leer", "lukematta", "непрочитанных"],
    // Conversation
    PickConversation => ["No conversation open", "Ninguna conversación abierta", "Ei avointa keskustelua", "Диалог не выбран"],
    PickConversationLead => [
        "Choose a conversation from the queue to read and reply.",
        "Elige una conversación de la cola para leerla y responder.",
        "Valitse keskustelu jonosta lukeaksesi ja vastataksesi.",
        "Выберите диалог в очереди, чтобы прочитать его и ответить.",
    ],
    Conversation => ["Conversation", "Conversación", "Keskustelu", "Диалог"],
    Actions => ["Conversation actions", "Acciones de la conversación", "Keskustelun toiminnot", "Действия с диалогом"],
    Claim => ["Claim", "Asignármela", "Ota itselle", "Взять себе"],
    TransferTo => ["Transfer to", "Transferir a", "Siirrä henkilölle", "Передать оператору"],
    ChooseAgent => ["Choose an agent…", "Elige un agente…", "Valitse asiakaspalvelija…", "Выберите оператора…"],
    Transfer => ["Transfer", "Transferir", "Siirrä", "Передать"],
    EscalateNote => ["Escalation note", "Nota de escalado", "Eskaloinnin muistiinpano", "Комментарий к эскалации"],
    EscalateNotePlaceholder => [
        "What does the specialist need to know?",
        "¿Qué necesita saber el especialista?",
        "Mitä asiantuntijan pitää tietää?",
        "Что нужно знать специалисту?",
    ],
    Escalate => ["Escalate", "Escalar", "Eskaloi", "Эскалировать"],
    Resolve => ["Resolve", "Resolver", "Merkitse ratkaistuksi", "Отметить как решённый"],
    Working => ["Working…", "Procesando…", "Käsitellään…", "Выполняется…"],
    Messages => ["Messages", "Mensajes", "Viestit", "Сообщения"],
    NoMessages => ["No messages yet.", "Aún no hay mensajes.", "Ei vielä viestejä.", "Сообщений пока нет."],
    You => ["You", "Tú", "Sinä", "Вы"],
    Visitor => ["Visitor", "Visitante", "Vierailija", "Посетитель"],
    System => ["System", "Sistema", "Järjestelmä", "Система"],
    Sending => ["Sending…", "Enviando…", "Lähetetään…", "Отправка…"],
    Sent => ["Sent", "Enviado", "Lähetetty", "Отправлено"],
    NotSent => ["Not sent", "No enviado", "Ei lähetetty", "Не отправлено"],
    Read => ["Read", "Leído", "Luettu", "Прочитано"],
    CannedReply => ["Canned reply", "Respuesta predefinida", "Valmisvastaus", "Шаблон ответа"],
    CannedPlaceholder => ["Insert a canned reply…", "Insertar una respuesta predefinida…", "Lisää valmisvastaus…", "Вставить шаблон ответа…"],
    Composer => ["Reply", "Respuesta", "Vastaus", "Ответ"],
    ComposerPlaceholder => [
        "Write a reply — Enter sends, Shift+Enter adds a line",
        "Escribe una respuesta: Intro envía, Mayús+Intro añade una línea",
        "Kirjoita vastaus – Enter lähettää, Vaihto+Enter lisää rivin",
        "Напишите ответ — Enter отправляет, Shift+Enter добавляет строку",
    ],
    Send => ["Send", "Enviar", "Lähetä", "Отправить"],
    // Context
    Customer => ["Customer", "Cliente", "Asiakas", "Клиент"],
    AnonymousVisitor => ["Anonymous visitor", "Visitante anónimo", "Anonyymi vierailija", "Анонимный посетитель"],
    FollowUpEmail => ["Follow-up email", "Correo para el seguimiento", "Sähköposti vastausta varten", "Email для ответа"],
    NoEmail => ["No email left yet.", "Aún no ha dejado un correo.", "Sähköpostiosoitetta ei ole vielä annettu.", "Email пока не указан."],
    Subscriptions => ["Subscriptions", "Suscripciones", "Kestotilaukset", "Подписки"],
    NoSubscriptions => ["No subscriptions.", "Sin suscripciones.", "Ei kestotilauksia.", "Подписок нет."],
    NextBox => ["Next box", "Próxima caja", "Seuraava laatikko", "Следующая коробка"],
    Orders => ["Recent orders", "Pedidos recientes", "Viimeisimmät tilaukset", "Последние заказы"],
    NoOrders => ["No orders yet.", "Aún no hay pedidos.", "Ei vielä tilauksia.", "Заказов пока нет."],
    Previous => ["Previous conversations", "Conversaciones anteriores", "Aiemmat keskustelut", "Предыдущие диалоги"],
    NoPrevious => ["No earlier conversations.", "No hay conversaciones anteriores.", "Ei aiempia keskusteluja.", "Более ранних диалогов нет."],
    NotRated => ["Not rated", "Sin valorar", "Ei arvioitu", "Без оценки"],
    ContextUnavailable => [
        "Customer details are unavailable right now.",
        "Los datos del cliente no están disponibles ahora mismo.",
        "Asiakkaan tiedot eivät ole juuri nyt saatavilla.",
        "Данные клиента сейчас недоступны.",
    ],
    Today => ["today", "hoy", "tänään", "сегодня"],
    Tomorrow => ["tomorrow", "mañana", "huomenna", "завтра"],
    // Subscriptions on the subscriber's behalf
    SubscriptionsUnavailable => [
        "Subscription details are unavailable right now.",
        "Los datos de la suscripción no están disponibles ahora mismo.",
        "Kestotilauksen tiedot eivät ole juuri nyt saatavilla.",
        "Данные подписки сейчас недоступны.",
    ],
    ChangeHistory => ["Subscription changes", "Cambios en la suscripción", "Kestotilauksen muutokset", "Изменения подписки"],
    NoChanges => ["No changes yet.", "Aún no hay cambios.", "Ei vielä muutoksia.", "Изменений пока нет."],
    ChangesUntil => ["Changes until", "Cambios hasta", "Muutokset viimeistään", "Изменения до"],
    CutoffPassedNow => [
        "Cutoff passed for this box",
        "Ha vencido el plazo de cambios de esta caja",
        "Tämän laatikon muutosaika on umpeutunut",
        "Срок изменений для этой коробки истёк",
    ],
    ShipTo => ["Ship to", "Enviar a", "Toimitusosoite", "Адрес доставки"],
    ActOnBehalf => [
        "Change on the subscriber's behalf",
        "Cambiar en nombre del suscriptor",
        "Muuta tilaajan puolesta",
        "Изменить от имени подписчика",
    ],
    PauseForBoxes => ["For a number of boxes", "Durante varias cajas", "Tietyn laatikkomäärän ajaksi", "На несколько коробок"],
    PauseUntilDate => ["Until a date", "Hasta una fecha", "Tiettyyn päivään asti", "До определённой даты"],
    Boxes => ["Boxes to pause (1–12)", "Cajas en pausa (1–12)", "Väliin jätettävät laatikot (1–12)", "Сколько коробок пропустить (1–12)"],
    ResumeOnOrAfter => ["Pause until", "Pausar hasta", "Tauko päättyy", "Пауза до"],
    NewFrequency => ["New frequency", "Nueva frecuencia", "Uusi toimitusväli", "Новая периодичность"],
    CancelReasonLabel => ["Reason (optional)", "Motivo (opcional)", "Syy (valinnainen)", "Причина (необязательно)"],
    NoReasonGiven => ["No reason given", "Sin motivo indicado", "Syytä ei annettu", "Причина не указана"],
    CommentLabel => ["Comment (optional)", "Comentario (opcional)", "Kommentti (valinnainen)", "Комментарий (необязательно)"],
    AddressName => ["Name", "Nombre", "Nimi", "Имя"],
    AddressLine1 => ["Address line 1", "Dirección, línea 1", "Osoiterivi 1", "Адрес, строка 1"],
    AddressLine2 => ["Address line 2 (optional)", "Dirección, línea 2 (opcional)", "Osoiterivi 2 (valinnainen)", "Адрес, строка 2 (необязательно)"],
    AddressCity => ["City", "Ciudad", "Kaupunki", "Город"],
    AddressRegion => ["State / region", "Estado / región", "Osavaltio / alue", "Штат / регион"],
    AddressPostalCode => ["Postal code", "Código postal", "Postinumero", "Почтовый индекс"],
    AddressCountry => ["Country (2 letters)", "País (2 letras)", "Maa (2 kirjainta)", "Страна (2 буквы)"],
    PreviewChange => ["Preview", "Vista previa", "Esikatsele", "Предпросмотр"],
    Checking => ["Checking…", "Comprobando…", "Tarkistetaan…", "Проверка…"],
    Applying => ["Applying…", "Aplicando…", "Tallennetaan…", "Применение…"],
    CloseForm => ["Close", "Cerrar", "Sulje", "Закрыть"],
    SubscriberActor => ["Subscriber", "Suscriptor", "Tilaaja", "Подписчик"],
    ReferenceLabel => ["Reference", "Referencia", "Viite", "Номер операции"],
    ErrPauseBoxes => ["Pause for 1 to 12 boxes.", "Pausa entre 1 y 12 cajas.", "Valitse 1–12 laatikkoa.", "Пауза возможна на 1–12 коробок."],
    ErrPauseDate => ["Pick a valid date.", "Elige una fecha válida.", "Valitse kelvollinen päivämäärä.", "Выберите корректную дату."],
    ErrCheckAddress => [
        "Check the highlighted address fields.",
        "Revisa los campos de dirección marcados.",
        "Tarkista korostetut osoitekentät.",
        "Проверьте выделенные поля адреса.",
    ],
    ErrConflict => [
        "The subscription changed in the meantime.",
        "La suscripción ha cambiado mientras tanto.",
        "Kestotilaus muuttui sillä välin.",
        "Подписка за это время изменилась.",
    ],
    ErrEffectChanged => [
        "The cutoff passed in the meantime. Review the new effect and confirm again.",
        "El plazo de cambios ha vencido mientras tanto. Revisa el nuevo efecto y vuelve a confirmar.",
        "Muutosaika umpeutui sillä välin. Tarkista uusi vaikutus ja vahvista uudelleen.",
        "Срок изменений за это время истёк. Проверьте новые последствия и подтвердите ещё раз.",
    ],
    ErrSubscriptionGone => [
        "This subscription no longer exists.",
        "Esta suscripción ya no existe.",
        "Tätä kestotilausta ei ole enää olemassa.",
        "Этой подписки больше не существует.",
    ],
    // Dashboard
    ConsoleSections => ["Console sections", "Secciones de la consola", "Konsolin osiot", "Разделы консоли"],
    NavInbox => ["Inbox", "Bandeja de entrada", "Saapuneet", "Входящие"],
    NavDashboard => ["Dashboard", "Panel", "Koontinäyttö", "Панель показателей"],
    DashTitle => ["Support metrics", "Métricas de soporte", "Asiakaspalvelun mittarit", "Показатели поддержки"],
    DashLead => [
        "Service levels, satisfaction and churn against the team's targets.",
        "Niveles de servicio, satisfacción y bajas frente a los objetivos del equipo.",
        "Palvelutasot, tyytyväisyys ja poistuma suhteessa tiimin tavoitteisiin.",
        "Уровень сервиса, удовлетворённость и отток в сравнении с целями команды.",
    ],
    DashFilters => ["Filters", "Filtros", "Suodattimet", "Фильтры"],
    DateFrom => ["From", "Desde", "Alkaen", "С"],
    DateTo => ["To", "Hasta", "Asti", "По"],
    GroupBy => ["Group by", "Agrupar por", "Ryhmittely", "Группировать по"],
    Daily => ["Day", "Día", "Päivä", "День"],
    Weekly => ["Week", "Semana", "Viikko", "Неделя"],
    Monthly => ["Month", "Mes", "Kuukausi", "Месяц"],
    AgentFilter => ["Agent", "Agente", "Asiakaspalvelija", "Оператор"],
    WholeTeam => ["Whole team", "Todo el equipo", "Koko tiimi", "Вся команда"],
    ChannelFilter => ["Channel", "Canal", "Kanava", "Канал"],
    AllChannels => ["All channels", "Todos los canales", "Kaikki kanavat", "Все каналы"],
    LiveChat => ["Live chat", "Chat en directo", "Reaaliaikainen chat", "Онлайн-чат"],
    OfflineMessages => ["Offline messages", "Mensajes fuera de horario", "Jätetyt viestit", "Офлайн-сообщения"],
    Updating => ["Updating…", "Actualizando…", "Päivitetään…", "Обновление…"],
    MetricsUnavailable => [
        "Metrics are unavailable right now.",
        "Las métricas no están disponibles ahora mismo.",
        "Mittarit eivät ole juuri nyt saatavilla.",
        "Показатели сейчас недоступны.",
    ],
    TryAgain => ["Try again", "Reintentar", "Yritä uudelleen", "Повторить"],
    Tiles => ["Metrics for the period", "Métricas del periodo", "Jakson mittarit", "Показатели за период"],
    TargetLabel => ["Target", "Objetivo", "Tavoite", "Цель"],
    NoTarget => ["No target", "Sin objetivo", "Ei tavoitetta", "Цель не задана"],
    VsPrevious => ["vs previous period", "frente al periodo anterior", "edelliseen jaksoon verrattuna", "к предыдущему периоду"],
    NoAnswers => ["No answers in this period", "Sin respuestas en este periodo", "Ei vastauksia tällä jaksolla", "Нет ответов за этот период"],
    DownloadCsv => ["Download CSV", "Descargar CSV", "Lataa CSV", "Скачать CSV"],
    DownloadTilesCsv => [
        "Download all metrics (CSV)",
        "Descargar todas las métricas (CSV)",
        "Lataa kaikki mittarit (CSV)",
        "Скачать все показатели (CSV)",
    ],
    Trends => ["Trends", "Tendencias", "Kehitys", "Динамика"],
    Breakdowns => [
        "Why subscribers got in touch or left",
        "Por qué los suscriptores nos contactaron o se dieron de baja",
        "Miksi tilaajat ottivat yhteyttä tai lopettivat",
        "Почему подписчики обращались или уходили",
    ],
    ContactReasons => ["Contact reasons", "Motivos de contacto", "Yhteydenottojen syyt", "Причины обращений"],
    CancelReasons => ["Cancel reasons", "Motivos de baja", "Lopettamisen syyt", "Причины отмены"],
    NothingRecorded => [
        "Nothing recorded in this period",
        "Nada registrado en este periodo",
        "Ei kirjauksia tällä jaksolla",
        "За этот период ничего не зафиксировано",
    ],
    PeriodStart => ["Period starting", "Inicio del periodo", "Jakson alku", "Начало периода"],
    ValueLabel => ["Value", "Valor", "Arvo", "Значение"],
    AnswersLabel => ["Sample", "Muestra", "Otos", "Выборка"],
    ReasonLabel => ["Reason", "Motivo", "Syy", "Причина"],
    CountLabel => ["Count", "Cantidad", "Määrä", "Количество"],
    ShareLabel => ["Share", "Porcentaje", "Osuus", "Доля"],
    // CSV columns (with ValueLabel, AnswersLabel, TargetLabel, PeriodStart, ReasonLabel, CountLabel)
    MetricCodeLabel => ["Metric code", "Código de métrica", "Mittarin koodi", "Код показателя"],
    MetricLabel => ["Metric", "Métrica", "Mittari", "Показатель"],
    UnitLabel => ["Unit", "Unidad", "Yksikkö", "Единица"],
    PreviousPeriodLabel => ["Previous period", "Periodo anterior", "Edellinen jakso", "Предыдущий период"],
    ChangeLabel => ["Change", "Cambio", "Muutos", "Изменение"],
    StandingLabel => ["Standing", "Situación", "Tilanne", "Состояние"],
    ReasonCodeLabel => ["Reason code", "Código de motivo", "Syyn koodi", "Код причины"],
    SharePercentLabel => ["Share (%)", "Porcentaje (%)", "Osuus (%)", "Доля (%)"],
    RecentComments => [
        "Recent survey comments",
        "Comentarios recientes de encuestas",
        "Viimeisimmät kyselykommentit",
        "Последние комментарии из опросов",
    ],
    NoComments => [
        "No comments in this period.",
        "No hay comentarios en este periodo.",
        "Ei kommentteja tällä jaksolla.",
        "За этот период комментариев нет.",
    ],
    OpenConversation => ["Open conversation", "Abrir conversación", "Avaa keskustelu", "Открыть диалог"],
    ScoreLabel => ["Score", "Puntuación", "Pisteet", "Оценка"],
    AgentLabel => ["Agent", "Agente", "Asiakaspalvelija", "Оператор"],
    Targets => ["Targets", "Objetivos", "Tavoitteet", "Цели"],
    TargetsLeadOnly => [
        "Only a support lead can change the targets.",
        "Solo un responsable de soporte puede cambiar los objetivos.",
        "Vain asiakaspalvelun esihenkilö voi muuttaa tavoitteita.",
        "Изменять цели может только руководитель поддержки.",
    ],
    SaveTargets => ["Save targets", "Guardar objetivos", "Tallenna tavoitteet", "Сохранить цели"],
    Saving => ["Saving…", "Guardando…", "Tallennetaan…", "Сохранение…"],
    TargetsSaved => ["Targets saved.", "Objetivos guardados.", "Tavoitteet tallennettu.", "Цели сохранены."],
    TargetsUnavailable => [
        "Targets are unavailable right now.",
        "Los objetivos no están disponibles ahora mismo.",
        "Tavoitteet eivät ole juuri nyt saatavilla.",
        "Цели сейчас недоступны.",
    ],
    CheckTargets => [
        "Check the highlighted targets.",
        "Revisa los objetivos marcados.",
        "Tarkista korostetut tavoitteet.",
        "Проверьте выделенные цели.",
    ],
    // Errors
    ErrNetwork => [
        "Can't reach Cellar Door. Check your connection and try again.",
        "No se puede conectar con Cellar Door. Comprueba tu conexión e inténtalo de nuevo.",
        "Cellar Dooriin ei saada yhteyttä. Tarkista verkkoyhteys ja yritä uudelleen.",
        "Не удаётся связаться с Cellar Door. Проверьте подключение и попробуйте ещё раз.",
    ],
    ErrGeneric => [
        "Something went wrong. Please try again.",
        "Algo salió mal. Inténtalo de nuevo.",
        "Jokin meni vikaan. Yritä uudelleen.",
        "Что-то пошло не так. Попробуйте ещё раз.",
    ],
    ErrSessionExpired => [
        "Your session has ended. Please sign in again.",
        "Tu sesión ha terminado. Vuelve a iniciar sesión.",
        "Istuntosi on päättynyt. Kirjaudu uudelleen sisään.",
        "Сеанс завершён. Войдите снова.",
    ],
}

/// The text to show for an error code.
pub fn error_code_text(code: ErrorCode) -> String {
    match code {
        ErrorCode::InvalidCredentials => pick([
            "Email or password is incorrect.",
            "El correo o la contraseña no son correctos.",
            "Sähköpostiosoite tai salasana on väärin.",
            "Неверный email или пароль.",
        ])
        .into(),
        ErrorCode::TooManyAttempts => pick([
            "Too many failed sign-ins. Please wait a few minutes and try again.",
            "Demasiados intentos fallidos. Espera unos minutos y vuelve a intentarlo.",
            "Liian monta epäonnistunutta kirjautumista. Odota muutama minuutti ja yritä uudelleen.",
            "Слишком много неудачных попыток входа. Подождите несколько минут и попробуйте ещё раз.",
        ])
        .into(),
        ErrorCode::MessageEmpty => pick([
            "Write a message first.",
            "Escribe primero un mensaje.",
            "Kirjoita ensin viesti.",
            "Сначала напишите сообщение.",
        ])
        .into(),
        ErrorCode::MessageTooLong => {
            let max = shared::chat::MAX_BODY_CHARS;
            match lang() {
                Lang::En => format!("This message is too long (at most {max} characters)."),
                Lang::Es => format!("El mensaje es demasiado largo (máximo {max} caracteres)."),
                Lang::Fi => format!("Viesti on liian pitkä (enintään {max} merkkiä)."),
                Lang::Ru => format!(
                    "Сообщение слишком длинное (не более {max} {}).",
                    ru_plural(max as u64, "символа", "символов", "символов")
                ),
            }
        }
        ErrorCode::RateLimited => pick([
            "You're sending quickly — retrying in a moment.",
            "Estás enviando muy rápido: lo reintentamos en un momento.",
            "Lähetät nopeasti – yritetään uudelleen hetken kuluttua.",
            "Вы отправляете слишком часто — повторим через мгновение.",
        ])
        .into(),
        ErrorCode::Unauthorized => t(Key::ErrSessionExpired).into(),
        ErrorCode::NotFound => pick([
            "This conversation no longer exists.",
            "Esta conversación ya no existe.",
            "Tätä keskustelua ei ole enää olemassa.",
            "Этого диалога больше не существует.",
        ])
        .into(),
        ErrorCode::InvalidState => pick([
            "This conversation changed in the meantime (perhaps another agent acted on it). Check its status and try again.",
            "Esta conversación cambió mientras tanto (quizá otro agente actuó sobre ella). Revisa su estado e inténtalo de nuevo.",
            "Keskustelu muuttui sillä välin (ehkä toinen asiakaspalvelija ehti ensin). Tarkista sen tila ja yritä uudelleen.",
            "Этот диалог успел измениться (возможно, с ним работает другой оператор). Проверьте его статус и попробуйте ещё раз.",
        ])
        .into(),
        ErrorCode::InvalidField | ErrorCode::InvalidJson => pick([
            "Some of the details are missing or invalid. Check them and try again.",
            "Faltan datos o no son válidos. Revísalos e inténtalo de nuevo.",
            "Osa tiedoista puuttuu tai on virheellisiä. Tarkista ne ja yritä uudelleen.",
            "Некоторые данные не указаны или указаны неверно. Проверьте их и попробуйте ещё раз.",
        ])
        .into(),
        ErrorCode::PayloadTooLarge | ErrorCode::FrameTooLarge => pick([
            "That is too large to send.",
            "Es demasiado grande para enviarlo.",
            "Tämä on liian suuri lähetettäväksi.",
            "Слишком большой объём для отправки.",
        ])
        .into(),
        ErrorCode::InvalidFrame | ErrorCode::InvalidClientId => pick([
            "The message could not be read. Reload the page and try again.",
            "No se pudo leer el mensaje. Recarga la página e inténtalo de nuevo.",
            "Viestiä ei voitu lukea. Lataa sivu uudelleen ja yritä uudelleen.",
            "Не удалось прочитать сообщение. Обновите страницу и попробуйте ещё раз.",
        ])
        .into(),
        ErrorCode::MerchantNotFound => pick([
            "This shop is not known to Cellar Door.",
            "Cellar Door no conoce esta tienda.",
            "Cellar Door ei tunne tätä kauppaa.",
            "Этот магазин не зарегистрирован в Cellar Door.",
        ])
        .into(),
        ErrorCode::OriginNotAllowed => pick([
            "This page may not use the Cellar Door API.",
            "Esta página no puede usar la API de Cellar Door.",
            "Tämä sivu ei saa käyttää Cellar Doorin rajapintaa.",
            "Этой странице запрещено обращаться к API Cellar Door.",
        ])
        .into(),
        ErrorCode::InvalidSubscriberToken => pick([
            "The subscriber's sign-in could not be verified.",
            "No se pudo verificar el inicio de sesión del suscriptor.",
            "Tilaajan kirjautumista ei voitu vahvistaa.",
            "Не удалось подтвердить вход подписчика.",
        ])
        .into(),
        // Reaching these means the console called the API wrongly: say something useful.
        ErrorCode::MethodNotAllowed | ErrorCode::UpgradeRequired | ErrorCode::Internal => {
            t(Key::ErrGeneric).into()
        }
    }
}

/// True if `message` is the console's own text for a request that never got an answer
/// (made in whichever language was spoken when it failed).
fn is_network_message(message: &str) -> bool {
    Lang::ALL
        .into_iter()
        .any(|l| text(l, Key::ErrNetwork) == message)
}

/// The text to show for an API error: our wording for every code, except field errors,
/// whose message names the field. `internal` never shows the server's (English) message: a
/// request that got no answer says so, anything else reads "something went wrong".
pub fn api_error_text(e: &ApiError) -> String {
    match e.code {
        ErrorCode::InvalidField | ErrorCode::InvalidJson if !e.message.is_empty() => {
            e.message.clone()
        }
        ErrorCode::Internal if is_network_message(&e.message) => t(Key::ErrNetwork).into(),
        code => error_code_text(code),
    }
}

/// The escalation-note rule's message.
pub fn note_error(len: usize) -> String {
    let max = shared::api::MAX_NOTE_CHARS;
    match (lang(), len) {
        (Lang::En, 0) => "Add a note for the specialist.".into(),
        (Lang::Es, 0) => "Añade una nota para el especialista.".into(),
        (Lang::Fi, 0) => "Lisää muistiinpano asiantuntijalle.".into(),
        (Lang::Ru, 0) => "Добавьте комментарий для специалиста.".into(),
        (Lang::En, _) => format!("The note is too long ({len} of {max} characters)."),
        (Lang::Es, _) => format!("La nota es demasiado larga ({len} de {max} caracteres)."),
        (Lang::Fi, _) => format!("Muistiinpano on liian pitkä ({len}/{max} merkkiä)."),
        (Lang::Ru, _) => format!(
            "Комментарий слишком длинный ({len} из {max} {}).",
            ru_plural(max as u64, "символа", "символов", "символов")
        ),
    }
}

pub fn presence(status: PresenceStatus) -> &'static str {
    match status {
        PresenceStatus::Online => t(Key::Online),
        PresenceStatus::Away => t(Key::Away),
        PresenceStatus::Offline => t(Key::Offline),
    }
}

/// How the queue and the conversation header name a conversation's visitor: as the server
/// sent it (a subscriber's name, a follow-up email), except an anonymous visitor's
/// "Visitor 7K2Q", whose word is this language's.
pub fn visitor_name(item: &QueueItem) -> String {
    match shared::queue::anonymous_tag(&item.display_name) {
        Some(tag) if item.subscriber.is_none() => format!("{} {tag}", t(Key::Visitor)),
        _ => item.display_name.clone(),
    }
}

/// The conversation status as the header shows it (one conversation's status, where the
/// queue's section headings are plural).
pub fn status_label(status: QueueStatus, assignee: Option<&str>) -> String {
    match (status, assignee) {
        (QueueStatus::Waiting, _) => pick(["Waiting", "En espera", "Odottaa", "Ожидает"]).into(),
        (QueueStatus::Assigned, Some(name)) => match lang() {
            Lang::En => format!("Assigned to {name}"),
            Lang::Es => format!("Asignada a {name}"),
            Lang::Fi => format!("Käsittelijä: {name}"),
            Lang::Ru => format!("Назначен: {name}"),
        },
        (QueueStatus::Assigned, None) => {
            pick(["Assigned", "Asignada", "Käsittelyssä", "Назначен"]).into()
        }
        (QueueStatus::Escalated, _) => t(Key::Escalated).into(),
        (QueueStatus::Resolved, _) => pick(["Resolved", "Resuelta", "Ratkaistu", "Решён"]).into(),
    }
}

/// A section heading with its count: `Waiting (2)`.
pub fn section_heading(label: &str, n: usize) -> String {
    format!("{label} ({n})")
}

/// `Ava is typing…`.
pub fn typing(name: &str) -> String {
    match lang() {
        Lang::En => format!("{name} is typing…"),
        Lang::Es => format!("{name} está escribiendo…"),
        Lang::Fi => format!("{name} kirjoittaa…"),
        Lang::Ru => format!("{name} печатает…"),
    }
}

/// `3 unread`.
pub fn unread(n: u32) -> String {
    match lang() {
        Lang::Ru => format!(
            "{n} {}",
            ru_plural(n.into(), "непрочитанное", "непрочитанных", "непрочитанных")
        ),
        _ => format!("{n} {}", t(Key::Unread)),
    }
}

/// A system event as agents read it (the escalation note is shown, unlike the visitor text).
pub fn system_event(ev: &SystemEvent, date: impl Fn(i64) -> String) -> String {
    let l = lang();
    match ev {
        SystemEvent::AgentJoined { agent_name: n } => match l {
            Lang::En => format!("{n} joined the conversation."),
            Lang::Es => format!("{n} se unió a la conversación."),
            Lang::Fi => format!("{n} liittyi keskusteluun."),
            Lang::Ru => format!("{n} присоединяется к диалогу."),
        },
        SystemEvent::Transferred {
            from_name: a,
            to_name: b,
        } => match l {
            Lang::En => format!("{a} transferred the conversation to {b}."),
            Lang::Es => format!("{a} transfirió la conversación a {b}."),
            Lang::Fi => format!("{a} siirsi keskustelun henkilölle {b}."),
            Lang::Ru => format!("Диалог передан: {a} → {b}."),
        },
        SystemEvent::Escalated { note, expected_by } => {
            let when = date(*expected_by);
            match l {
                Lang::En => {
                    format!("Escalated to a specialist (news expected by {when}). Note: {note}")
                }
                Lang::Es => format!(
                    "Escalada a un especialista (novedades a más tardar el {when}). Nota: {note}"
                ),
                Lang::Fi => format!(
                    "Eskaloitu asiantuntijalle (tietoa odotetaan viimeistään {when}). Muistiinpano: {note}"
                ),
                Lang::Ru => format!(
                    "Передано специалисту (ответ ожидается не позднее: {when}). Комментарий: {note}"
                ),
            }
        }
        SystemEvent::Resolved { agent_name: n } => match l {
            Lang::En => format!("{n} marked the conversation as resolved."),
            Lang::Es => format!("{n} marcó la conversación como resuelta."),
            Lang::Fi => format!("{n} merkitsi keskustelun ratkaistuksi."),
            Lang::Ru => format!("{n}: диалог отмечен как решённый."),
        },
    }
}

pub fn frequency(f: &str) -> String {
    match f {
        "weekly" => pick(["Weekly", "Semanal", "Viikoittain", "Еженедельно"]).into(),
        "biweekly" => pick([
            "Every 2 weeks",
            "Cada 2 semanas",
            "Joka toinen viikko",
            "Раз в 2 недели",
        ])
        .into(),
        "monthly" => pick(["Monthly", "Mensual", "Kuukausittain", "Ежемесячно"]).into(),
        other => capitalise(other),
    }
}

/// A frequency as the console shows it.
pub fn frequency_label(f: Frequency) -> String {
    frequency(f.as_str())
}

/// The label of an action (its button and the audit log's "what").
pub fn action_label(kind: ActionKind) -> &'static str {
    pick(match kind {
        ActionKind::Pause => ["Pause", "Pausar", "Keskeytä", "Приостановить"],
        ActionKind::Resume => ["Resume", "Reanudar", "Jatka", "Возобновить"],
        ActionKind::SkipNext => [
            "Skip next box",
            "Saltar la próxima caja",
            "Ohita seuraava laatikko",
            "Пропустить следующую коробку",
        ],
        ActionKind::ChangeFrequency => [
            "Change frequency",
            "Cambiar la frecuencia",
            "Muuta toimitusväliä",
            "Изменить периодичность",
        ],
        ActionKind::ChangeAddress => [
            "Change address",
            "Cambiar la dirección",
            "Muuta osoitetta",
            "Изменить адрес",
        ],
        ActionKind::Cancel => [
            "Cancel subscription",
            "Cancelar la suscripción",
            "Lopeta kestotilaus",
            "Отменить подписку",
        ],
    })
}

/// `Confirm: Skip next box`.
pub fn confirm_label(kind: ActionKind) -> String {
    let what = action_label(kind);
    match lang() {
        Lang::En => format!("Confirm: {what}"),
        Lang::Es => format!("Confirmar: {what}"),
        Lang::Fi => format!("Vahvista: {what}"),
        Lang::Ru => format!("Подтвердить: {what}"),
    }
}

pub fn cancel_reason(r: CancelReason) -> &'static str {
    pick(match r {
        CancelReason::TooExpensive => [
            "Too expensive",
            "Demasiado caro",
            "Liian kallis",
            "Слишком дорого",
        ],
        CancelReason::TooMuchProduct => [
            "Too much product",
            "Demasiado producto",
            "Liikaa tuotteita",
            "Слишком много продукции",
        ],
        CancelReason::NotEnjoying => [
            "Not enjoying it",
            "No le gusta",
            "Ei mieluinen",
            "Не нравится",
        ],
        CancelReason::Moving => ["Moving", "Mudanza", "Muutto", "Переезд"],
        CancelReason::DeliveryProblems => [
            "Delivery problems",
            "Problemas de entrega",
            "Toimitusongelmat",
            "Проблемы с доставкой",
        ],
        CancelReason::Other => ["Other", "Otro", "Muu", "Другое"],
    })
}

/// Who made a change: `Subscriber`, or the agent's name.
pub fn actor(a: &Actor) -> String {
    match a {
        Actor::Subscriber { .. } => t(Key::SubscriberActor).into(),
        Actor::Agent { name, .. } => name.clone(),
    }
}

/// The headline of an effect: `Applies to the box of Dec 4` or `Cutoff passed: applies from
/// Dec 18`.
pub fn effect_line(e: &Effect) -> String {
    let first = format_day(e.first_affected_box);
    match (lang(), e.cutoff_passed) {
        (Lang::En, true) => format!("Cutoff passed: applies from {first}"),
        (Lang::Es, true) => format!("Plazo vencido: se aplica desde el {first}"),
        (Lang::Fi, true) => format!("Muutosaika umpeutunut: koskee {first} alkaen"),
        (Lang::Ru, true) => format!("Срок изменений истёк: действует с {first}"),
        (Lang::En, false) => format!("Applies to the box of {first}"),
        (Lang::Es, false) => format!("Se aplica a la caja del {first}"),
        (Lang::Fi, false) => format!("Koskee laatikkoa {first}"),
        (Lang::Ru, false) => format!("Касается коробки от {first}"),
    }
}

/// The rest of an effect: `Effective Dec 4 · Next box: Jan 4` or `No more boxes`.
pub fn effect_details(e: &Effect) -> String {
    let mut parts = Vec::new();
    if let Some(d) = e.effective {
        let d = format_day(d);
        parts.push(match lang() {
            Lang::En => format!("Effective {d}"),
            Lang::Es => format!("Efectivo desde el {d}"),
            Lang::Fi => format!("Voimassa {d} alkaen"),
            Lang::Ru => format!("Вступает в силу {d}"),
        });
    }
    parts.push(match e.next_box {
        Some(d) => format!("{}: {}", t(Key::NextBox), format_day(d)),
        None => pick([
            "No more boxes",
            "No hay más cajas",
            "Ei enää laatikoita",
            "Больше коробок не будет",
        ])
        .into(),
    });
    parts.join(" · ")
}

/// An effect in one line, for the audit log.
pub fn effect_summary(e: &Effect) -> String {
    format!("{} · {}", effect_line(e), effect_details(e))
}

/// `2 boxes`, with the language's plural.
fn boxes(n: u8) -> String {
    let n64 = u64::from(n);
    match lang() {
        Lang::En => format!("{n} {}", plural(n64, "box", "boxes")),
        Lang::Es => format!("{n} {}", plural(n64, "caja", "cajas")),
        Lang::Fi => format!("{n} laatikon"),
        Lang::Ru => format!("{n} {}", ru_plural(n64, "коробку", "коробки", "коробок")),
    }
}

/// The status with its details: `Paused for 2 boxes from Dec 4`, `Cancelled, effective Dec 18`.
pub fn status_detail(s: &Status) -> String {
    let l = lang();
    match *s {
        Status::Active => pick(["Active", "Activa", "Voimassa", "Активна"]).into(),
        Status::Paused {
            from,
            until,
            boxes: n,
        } => {
            let mut text = String::from(pick(["Paused", "En pausa", "Tauolla", "Приостановлена"]));
            if let Some(n) = n {
                let b = boxes(n);
                text.push_str(&match l {
                    Lang::En => format!(" for {b}"),
                    Lang::Es => format!(" durante {b}"),
                    Lang::Fi => format!(" {b} ajaksi"),
                    Lang::Ru => format!(" на {b}"),
                });
            }
            if let Some(f) = from {
                let f = format_day(f);
                text.push_str(&match l {
                    Lang::En => format!(" from {f}"),
                    Lang::Es => format!(" desde el {f}"),
                    Lang::Fi => format!(" {f} alkaen"),
                    Lang::Ru => format!(" с {f}"),
                });
            }
            if let Some(u) = until {
                let u = format_day(u);
                text.push_str(&match l {
                    Lang::En => format!(" until {u}"),
                    Lang::Es => format!(" hasta el {u}"),
                    Lang::Fi => format!(" {u} asti"),
                    Lang::Ru => format!(" до {u}"),
                });
            }
            text
        }
        Status::Cancelled { effective } => {
            let d = format_day(effective);
            match l {
                Lang::En => format!("Cancelled, effective {d}"),
                Lang::Es => format!("Cancelada, efectiva desde el {d}"),
                Lang::Fi => format!("Lopetettu, voimassa {d} alkaen"),
                Lang::Ru => format!("Отменена с {d}"),
            }
        }
    }
}

/// `Next box: Dec 4 → Jan 4` and the like, for what differs between two states.
pub fn change_line(field: &str, before: &str, after: &str) -> String {
    format!("{field}: {before} → {after}")
}

/// The label of an address field in the address form.
pub fn address_field_label(f: shared::address::AddressField) -> &'static str {
    use shared::address::AddressField as F;
    t(match f {
        F::Name => Key::AddressName,
        F::Line1 => Key::AddressLine1,
        F::Line2 => Key::AddressLine2,
        F::City => Key::AddressCity,
        F::Region => Key::AddressRegion,
        F::PostalCode => Key::AddressPostalCode,
        F::Country => Key::AddressCountry,
    })
}

/// `(48 h before it ships)`.
pub fn cutoff_hours(h: u32) -> String {
    match lang() {
        Lang::En => format!("({h} h before it ships)"),
        Lang::Es => format!("({h} h antes del envío)"),
        Lang::Fi => format!("({h} h ennen lähetystä)"),
        Lang::Ru => format!("(за {h} ч до отправки)"),
    }
}

/// `Upcoming: Dec 4, Jan 4, Feb 4`.
pub fn upcoming(days: &[Date]) -> String {
    let list: Vec<_> = days.iter().map(|d| format_day(*d)).collect();
    let label = pick(["Upcoming", "Próximas", "Tulevat", "Ближайшие"]);
    format!("{label}: {}", list.join(", "))
}

/// Field names used in change lines.
pub fn field_name(field: &str) -> &'static str {
    match field {
        "status" => t(Key::Status),
        "frequency" => pick(["Frequency", "Frecuencia", "Toimitusväli", "Периодичность"]),
        "next_box" => t(Key::NextBox),
        "address" => pick(["Address", "Dirección", "Osoite", "Адрес"]),
        _ => pick(["Plan", "Plan", "Tilaus", "Тариф"]),
    }
}

/// A box date or `none`.
pub fn maybe_day(d: Option<Date>) -> String {
    d.map_or_else(
        || pick(["none", "ninguna", "ei mitään", "нет"]).into(),
        format_day,
    )
}

/// Text for an address field's problem.
pub fn field_problem(p: &FieldProblem) -> String {
    let country = |c: &str| country_name_en(c).unwrap_or(c).to_owned();
    let l = lang();
    match p {
        FieldProblem::Required => pick([
            "This field is required.",
            "Este campo es obligatorio.",
            "Tämä kenttä on pakollinen.",
            "Это поле обязательно.",
        ])
        .into(),
        FieldProblem::TooLong { max } => match l {
            Lang::En => format!("Use at most {max} characters."),
            Lang::Es => format!("Usa como máximo {max} caracteres."),
            Lang::Fi => format!("Käytä enintään {max} merkkiä."),
            Lang::Ru => format!(
                "Не более {max} {}.",
                ru_plural(*max as u64, "символа", "символов", "символов")
            ),
        },
        FieldProblem::InvalidCharacters => pick([
            "Remove line breaks and control characters.",
            "Quita los saltos de línea y los caracteres de control.",
            "Poista rivinvaihdot ja ohjausmerkit.",
            "Уберите переносы строк и управляющие символы.",
        ])
        .into(),
        FieldProblem::InvalidCountry => pick([
            "Use a two-letter country code, like US or FI.",
            "Usa un código de país de dos letras, como US o FI.",
            "Käytä kaksikirjaimista maatunnusta, kuten US tai FI.",
            "Укажите двухбуквенный код страны, например US или FI.",
        ])
        .into(),
        FieldProblem::InvalidPostalCode { country: c } => {
            let c = country(c);
            match l {
                Lang::En => format!("This is not a valid postal code for {c}."),
                Lang::Es => format!("No es un código postal válido para {c}."),
                Lang::Fi => format!("Postinumero ei kelpaa maalle {c}."),
                Lang::Ru => format!("Недопустимый почтовый индекс для страны {c}."),
            }
        }
        FieldProblem::UnknownRegion { country: c } => {
            let c = country(c);
            match l {
                Lang::En => format!("Choose a state or province of {c}."),
                Lang::Es => format!("Elige un estado o provincia de {c}."),
                Lang::Fi => format!("Valitse osavaltio tai provinssi (maa: {c})."),
                Lang::Ru => format!("Выберите штат или провинцию (страна: {c})."),
            }
        }
    }
}

/// `The comment can be at most 500 characters.`
pub fn comment_too_long(max: usize) -> String {
    match lang() {
        Lang::En => format!("The comment can be at most {max} characters."),
        Lang::Es => format!("El comentario puede tener como máximo {max} caracteres."),
        Lang::Fi => format!("Kommentissa voi olla enintään {max} merkkiä."),
        Lang::Ru => format!(
            "Комментарий может содержать не более {max} {}.",
            ru_plural(max as u64, "символа", "символов", "символов")
        ),
    }
}

/// `Done. Reference CD-7K3P9QXM.`
pub fn applied(reference: &str) -> String {
    let done = pick(["Done.", "Hecho.", "Valmis.", "Готово."]);
    format!("{done} {} {reference}.", t(Key::ReferenceLabel))
}

/// The text for an error of the subscription endpoints: our wording for codes we know
/// without parameters, else the server's message.
pub fn subscription_error_text(e: &SubscriptionApiError) -> String {
    let known = match e.code.as_str() {
        "subscription_cancelled" => Some(pick([
            "This subscription is cancelled.",
            "Esta suscripción está cancelada.",
            "Tämä kestotilaus on lopetettu.",
            "Эта подписка отменена.",
        ])),
        "subscription_paused" => Some(pick([
            "This subscription is paused. Resume it first.",
            "Esta suscripción está en pausa. Reanúdala primero.",
            "Tämä kestotilaus on tauolla. Jatka sitä ensin.",
            "Эта подписка приостановлена. Сначала возобновите её.",
        ])),
        "not_paused" => Some(pick([
            "This subscription is not paused.",
            "Esta suscripción no está en pausa.",
            "Tämä kestotilaus ei ole tauolla.",
            "Эта подписка не приостановлена.",
        ])),
        "same_frequency" => Some(pick([
            "The subscription already has this frequency.",
            "La suscripción ya tiene esta frecuencia.",
            "Kestotilauksella on jo tämä toimitusväli.",
            "У подписки уже такая периодичность.",
        ])),
        "same_address" => Some(pick([
            "This is already the delivery address.",
            "Esta ya es la dirección de entrega.",
            "Tämä on jo toimitusosoite.",
            "Это уже адрес доставки.",
        ])),
        "internal" if is_network_message(&e.message) => Some(t(Key::ErrNetwork)),
        "internal" => Some(t(Key::ErrGeneric)),
        "version_conflict" => Some(t(Key::ErrConflict)),
        "effect_changed" => Some(t(Key::ErrEffectChanged)),
        "invalid_field" if !e.fields.is_empty() => Some(t(Key::ErrCheckAddress)),
        "unauthorized" => Some(t(Key::ErrSessionExpired)),
        "not_found" => Some(t(Key::ErrSubscriptionGone)),
        "rate_limited" => Some(pick([
            "Too many changes too quickly. Please wait a moment.",
            "Demasiados cambios en poco tiempo. Espera un momento.",
            "Liian monta muutosta liian nopeasti. Odota hetki.",
            "Слишком много изменений за короткое время. Подождите немного.",
        ])),
        _ => None,
    };
    match known {
        Some(text) => text.into(),
        None if !e.message.is_empty() => e.message.clone(),
        None => t(Key::ErrGeneric).into(),
    }
}

/// Canned-reply category headings.
pub fn category(c: &str) -> String {
    match c {
        "general" => pick(["General", "General", "Yleiset", "Общие"]).into(),
        "apology" => pick(["Apologies", "Disculpas", "Pahoittelut", "Извинения"]).into(),
        other => capitalise(other),
    }
}

/// A status word of a subscription or an order (`active`, `out_for_delivery`), written out;
/// unknown ones are capitalised as they come.
pub fn status_word(s: &str) -> String {
    let texts = match s {
        "active" => ["Active", "Activa", "Voimassa", "Активна"],
        "paused" => ["Paused", "En pausa", "Tauolla", "Приостановлена"],
        "cancelled" => ["Cancelled", "Cancelada", "Lopetettu", "Отменена"],
        "pending" => ["Pending", "Pendiente", "Odottaa", "Ожидает"],
        "processing" => [
            "Processing",
            "En preparación",
            "Käsittelyssä",
            "Обрабатывается",
        ],
        "shipped" => ["Shipped", "Enviado", "Lähetetty", "Отправлен"],
        "out_for_delivery" => [
            "Out for delivery",
            "En reparto",
            "Jakelussa",
            "Передан в доставку",
        ],
        "delivered" => ["Delivered", "Entregado", "Toimitettu", "Доставлен"],
        "returned" => ["Returned", "Devuelto", "Palautettu", "Возвращён"],
        "refunded" => ["Refunded", "Reembolsado", "Hyvitetty", "Возврат средств"],
        _ => return capitalise(s),
    };
    pick(texts).into()
}

/// `in 9 days`, `today`, `3 days ago`.
pub fn relative_days(days: i64) -> String {
    let n = days.unsigned_abs();
    let l = lang();
    match days {
        0 => t(Key::Today).into(),
        1 => t(Key::Tomorrow).into(),
        -1 => pick(["yesterday", "ayer", "eilen", "вчера"]).into(),
        d if d > 1 => match l {
            Lang::En => format!("in {n} days"),
            Lang::Es => format!("dentro de {n} días"),
            Lang::Fi => format!("{n} päivän päästä"),
            Lang::Ru => format!("через {n} {}", ru_plural(n, "день", "дня", "дней")),
        },
        _ => match l {
            Lang::En => format!("{n} days ago"),
            Lang::Es => format!("hace {n} días"),
            Lang::Fi => format!("{n} päivää sitten"),
            Lang::Ru => format!("{n} {} назад", ru_plural(n, "день", "дня", "дней")),
        },
    }
}

/// `2 × Willamette Pinot Noir 2021`.
pub fn order_item(qty: u32, name: &str) -> String {
    format!("{qty} × {name}")
}

/// `4/5`.
pub fn rating(r: u8) -> String {
    format!("{r}/5")
}

/// Short month names: dates keep one format in every language.
pub fn month_short(m: u32) -> &'static str {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    MONTHS
        .get(m.wrapping_sub(1) as usize)
        .copied()
        .unwrap_or("")
}

/// Upper-cases the first letter and turns `_` into spaces (`out_for_delivery` → `Out for delivery`).
pub fn capitalise(s: &str) -> String {
    let s = s.replace('_', " ");
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => s,
    }
}

// ---------------------------------------------------------------------------------------
// Dashboard
// ---------------------------------------------------------------------------------------

/// What a tile shows without a value.
pub const NO_VALUE: &str = "—";

/// The unit after a value: `92.3%`, `4.5 min`.
pub fn unit_suffix(u: Unit) -> &'static str {
    match u {
        Unit::Percent => "%",
        Unit::Score => "",
        Unit::Minutes => pick([" min", " min", " min", " мин"]),
        Unit::Hours => pick([" h", " h", " h", " ч"]),
    }
}

/// The unit after a change: percentages change by points.
pub fn trend_suffix(u: Unit) -> &'static str {
    match u {
        Unit::Percent => pick([" pts", " p. p.", " %-yks.", " п. п."]),
        other => unit_suffix(other),
    }
}

/// A unit's name: the CSV's unit column and the charts' value column.
pub fn unit_name(u: Unit) -> &'static str {
    pick(match u {
        Unit::Percent => ["percent", "porcentaje", "prosentti", "проценты"],
        Unit::Score => ["score", "puntuación", "pisteet", "баллы"],
        Unit::Minutes => ["minutes", "minutos", "minuutit", "минуты"],
        Unit::Hours => ["hours", "horas", "tunnit", "часы"],
    })
}

/// A change's unit in words, for screen readers (`pts` and `min` read badly): percentages
/// change by points; scores have no unit.
fn trend_unit_spoken(u: Unit, amount: &str) -> String {
    // Finnish and Russian agree with the number; a decimal amount takes the partitive or
    // the "few" form. English keeps one wording.
    let whole = amount.parse::<u64>().ok();
    let fi = |one: &'static str, other: &'static str| if whole == Some(1) { one } else { other };
    let ru = |one, few, many| match whole {
        Some(n) => ru_plural(n, one, few, many),
        None => few,
    };
    let word = match (lang(), u) {
        (_, Unit::Score) => return String::new(),
        (Lang::En, Unit::Percent) => "points",
        (Lang::En, Unit::Minutes) => "minutes",
        (Lang::En, Unit::Hours) => "hours",
        (Lang::Es, Unit::Percent) => "puntos porcentuales",
        (Lang::Es, Unit::Minutes) => "minutos",
        (Lang::Es, Unit::Hours) => "horas",
        (Lang::Fi, Unit::Percent) => fi("prosenttiyksikkö", "prosenttiyksikköä"),
        (Lang::Fi, Unit::Minutes) => fi("minuutti", "minuuttia"),
        (Lang::Fi, Unit::Hours) => fi("tunti", "tuntia"),
        (Lang::Ru, Unit::Percent) => ru(
            "процентный пункт",
            "процентного пункта",
            "процентных пунктов",
        ),
        (Lang::Ru, Unit::Minutes) => ru("минуту", "минуты", "минут"),
        (Lang::Ru, Unit::Hours) => ru("час", "часа", "часов"),
    };
    format!(" {word}")
}

/// A trend in words, the text alternative of `▲ 2.5 pts vs previous period`:
/// `Up 2.5 points, better than the previous period`, `No change from the previous period`.
pub fn trend_spoken(dir: Direction, amount: &str, u: Unit, improved: Option<bool>) -> String {
    match dir {
        Direction::Flat => trend_meaning(None).to_owned(),
        _ => format!(
            "{} {amount}{}, {}",
            direction_word(dir),
            trend_unit_spoken(u, amount),
            trend_meaning(improved)
        ),
    }
}

pub fn metric_name(m: MetricKind) -> &'static str {
    pick(match m {
        MetricKind::Csat => ["CSAT", "CSAT", "CSAT", "CSAT"],
        MetricKind::Nps => ["NPS", "NPS", "NPS", "NPS"],
        MetricKind::Ces => ["CES", "CES", "CES", "CES"],
        MetricKind::FrtMedian => [
            "First response (median)",
            "Primera respuesta (mediana)",
            "Ensivastaus (mediaani)",
            "Первый ответ (медиана)",
        ],
        MetricKind::FrtP90 => [
            "First response (90th percentile)",
            "Primera respuesta (percentil 90)",
            "Ensivastaus (90. persentiili)",
            "Первый ответ (90-й процентиль)",
        ],
        MetricKind::Resolution => [
            "Average resolution time",
            "Tiempo medio de resolución",
            "Keskimääräinen ratkaisuaika",
            "Среднее время решения",
        ],
        MetricKind::Fcr => [
            "First contact resolution",
            "Resolución en el primer contacto",
            "Ratkaisu ensimmäisellä yhteydenotolla",
            "Решение с первого обращения",
        ],
        MetricKind::Sla => [
            "SLA compliance",
            "Cumplimiento del SLA",
            "SLA:n toteutuminen",
            "Соблюдение SLA",
        ],
        MetricKind::Churn => ["Churn rate", "Tasa de bajas", "Poistuma", "Отток"],
        MetricKind::ResponseRate => [
            "Survey response rate",
            "Tasa de respuesta a encuestas",
            "Kyselyjen vastausprosentti",
            "Доля ответов на опросы",
        ],
    })
}

pub fn standing_label(s: Standing) -> &'static str {
    pick(match s {
        Standing::OnTarget => ["On target", "En objetivo", "Tavoitteessa", "В норме"],
        Standing::Slipping => ["Slipping", "Empeorando", "Heikkenee", "Ухудшается"],
        Standing::OffTarget => [
            "Off target",
            "Fuera de objetivo",
            "Tavoitteen alla",
            "Ниже цели",
        ],
        Standing::NoData => ["No data", "Sin datos", "Ei tietoja", "Нет данных"],
    })
}

/// Whether a change is good news, for screen readers (the arrow's colour says it visually).
pub fn trend_meaning(improved: Option<bool>) -> &'static str {
    pick(match improved {
        Some(true) => [
            "better than the previous period",
            "mejor que el periodo anterior",
            "parempi kuin edellisellä jaksolla",
            "лучше, чем в предыдущем периоде",
        ],
        Some(false) => [
            "worse than the previous period",
            "peor que el periodo anterior",
            "huonompi kuin edellisellä jaksolla",
            "хуже, чем в предыдущем периоде",
        ],
        None => [
            "No change from the previous period",
            "Sin cambios respecto al periodo anterior",
            "Ei muutosta edelliseen jaksoon",
            "Без изменений по сравнению с предыдущим периодом",
        ],
    })
}

/// A trend's direction in words (the arrow is hidden from screen readers).
pub fn direction_word(d: Direction) -> &'static str {
    pick(match d {
        Direction::Up => ["Up", "Sube", "Nousu", "Рост на"],
        Direction::Down => ["Down", "Baja", "Lasku", "Снижение на"],
        Direction::Flat => ["Unchanged", "Sin cambios", "Ennallaan", "Без изменений"],
    })
}

/// A channel's name in the dashboard's channel filter.
pub fn channel_label(c: Channel) -> &'static str {
    t(match c {
        Channel::Chat => Key::LiveChat,
        Channel::Email => Key::OfflineMessages,
    })
}

/// `Target: 90.0%`.
pub fn target_text(value: &str) -> String {
    format!("{}: {value}", t(Key::TargetLabel))
}

/// `Sample: 12`.
pub fn sample_text(n: u64) -> String {
    format!("{}: {n}", t(Key::AnswersLabel))
}

pub fn period_label(p: Period) -> &'static str {
    t(match p {
        Period::Day => Key::Daily,
        Period::Week => Key::Weekly,
        Period::Month => Key::Monthly,
    })
}

/// A line chart's heading: `CSAT by week`.
pub fn chart_title(m: MetricKind, p: Period) -> String {
    let by = pick(match p {
        Period::Day => ["by day", "por día", "päivittäin", "по дням"],
        Period::Week => ["by week", "por semana", "viikoittain", "по неделям"],
        Period::Month => ["by month", "por mes", "kuukausittain", "по месяцам"],
    });
    format!("{} {by}", metric_name(m))
}

/// A line chart's text alternative.
pub fn line_summary(title: &str, points: &[(String, Option<String>)]) -> String {
    let with: Vec<String> = points
        .iter()
        .filter_map(|(when, v)| v.as_ref().map(|v| format!("{when}: {v}")))
        .collect();
    let gaps = points.len() - with.len();
    let mut s = format!("{title}. ");
    if with.is_empty() {
        s.push_str(t(Key::NoAnswers));
        s.push('.');
        return s;
    }
    s.push_str(&with.join("; "));
    s.push('.');
    if gaps > 0 {
        let g = gaps as u64;
        s.push_str(&match lang() {
            Lang::En => format!(" {gaps} {} without data.", plural(g, "period", "periods")),
            Lang::Es => format!(" {gaps} {} sin datos.", plural(g, "periodo", "periodos")),
            Lang::Fi => format!(" {gaps} {} ilman tietoja.", plural(g, "jakso", "jaksoa")),
            Lang::Ru => format!(
                " {gaps} {} без данных.",
                ru_plural(g, "период", "периода", "периодов")
            ),
        });
    }
    s
}

/// A bar chart's text alternative: `Contact reasons. Billing: 3 (50.0%); …`.
pub fn bar_summary(title: &str, bars: &[(String, usize, String)]) -> String {
    if bars.is_empty() {
        return format!("{title}. {}.", t(Key::NothingRecorded));
    }
    let items: Vec<String> = bars
        .iter()
        .map(|(label, n, share)| format!("{label}: {n} ({share}%)"))
        .collect();
    format!("{title}. {}.", items.join("; "))
}

/// A contact or cancel reason's label (unknown keys are written out).
pub fn reason_label(key: &str) -> String {
    if let Some(r) = ContactReason::ALL.iter().find(|r| r.as_str() == key) {
        return pick(match r {
            ContactReason::WrongOrder => [
                "Wrong order",
                "Pedido equivocado",
                "Väärä tilaus",
                "Неверный заказ",
            ],
            ContactReason::ProductQuality => [
                "Product quality",
                "Calidad del producto",
                "Tuotteen laatu",
                "Качество продукции",
            ],
            ContactReason::DeliveryDelay => [
                "Delivery delay",
                "Retraso en la entrega",
                "Toimituksen viivästyminen",
                "Задержка доставки",
            ],
            ContactReason::SubscriptionManagement => [
                "Subscription management",
                "Gestión de la suscripción",
                "Kestotilauksen hallinta",
                "Управление подпиской",
            ],
            ContactReason::Billing => ["Billing", "Facturación", "Laskutus", "Оплата"],
            ContactReason::Other => ["Other", "Otro", "Muu", "Другое"],
        })
        .into();
    }
    if let Some(r) = CancelReason::ALL.iter().find(|r| r.as_str() == key) {
        return cancel_reason(*r).into();
    }
    capitalise(key)
}

pub fn survey_kind(k: SurveyKind) -> &'static str {
    match k {
        SurveyKind::Csat => "CSAT",
        SurveyKind::Ces => "CES",
        SurveyKind::Nps => "NPS",
    }
}

/// `4 of 5`, `9 of 10`, `6 of 7`.
pub fn survey_score(k: SurveyKind, score: u8) -> String {
    let max = k.scale().1;
    match lang() {
        Lang::En => format!("{score} of {max}"),
        Lang::Es => format!("{score} de {max}"),
        Lang::Fi => format!("{score}/{max}"),
        Lang::Ru => format!("{score} из {max}"),
    }
}

pub fn target_field_label(f: TargetField) -> &'static str {
    pick(match f {
        TargetField::CsatPercent => ["CSAT (%)", "CSAT (%)", "CSAT (%)", "CSAT (%)"],
        TargetField::Nps => ["NPS", "NPS", "NPS", "NPS"],
        TargetField::Ces => ["CES (1–7)", "CES (1–7)", "CES (1–7)", "CES (1–7)"],
        TargetField::FirstResponseMinutes => [
            "First response in live chat (minutes)",
            "Primera respuesta en el chat en directo (minutos)",
            "Ensivastaus reaaliaikaisessa chatissa (minuuttia)",
            "Первый ответ в онлайн-чате (минуты)",
        ],
        TargetField::OfflineFirstResponseHours => [
            "First response to offline messages (hours)",
            "Primera respuesta a mensajes fuera de horario (horas)",
            "Ensivastaus jätettyihin viesteihin (tuntia)",
            "Первый ответ на офлайн-сообщения (часы)",
        ],
        TargetField::ResolutionHours => [
            "Resolution (hours)",
            "Resolución (horas)",
            "Ratkaisuaika (tuntia)",
            "Время решения (часы)",
        ],
        TargetField::FcrPercent => [
            "First contact resolution (%)",
            "Resolución en el primer contacto (%)",
            "Ratkaisu ensimmäisellä yhteydenotolla (%)",
            "Решение с первого обращения (%)",
        ],
        TargetField::SlaPercent => [
            "SLA compliance (%)",
            "Cumplimiento del SLA (%)",
            "SLA:n toteutuminen (%)",
            "Соблюдение SLA (%)",
        ],
        TargetField::ChurnPercent => ["Churn (%)", "Bajas (%)", "Poistuma (%)", "Отток (%)"],
    })
}

pub fn target_problem(p: TargetProblem) -> String {
    match p {
        TargetProblem::NotANumber => pick([
            "Enter a number.",
            "Introduce un número.",
            "Anna luku.",
            "Введите число.",
        ])
        .into(),
        TargetProblem::NotWhole => pick([
            "Enter a whole number.",
            "Introduce un número entero.",
            "Anna kokonaisluku.",
            "Введите целое число.",
        ])
        .into(),
        TargetProblem::OutOfRange { min, max } => match lang() {
            Lang::En => format!("Enter a value from {min} to {max}."),
            Lang::Es => format!("Introduce un valor entre {min} y {max}."),
            Lang::Fi => format!("Anna arvo väliltä {min}–{max}."),
            Lang::Ru => format!("Введите значение от {min} до {max}."),
        },
    }
}

pub fn range_error(e: RangeError) -> String {
    match e {
        RangeError::InvalidDate => pick([
            "Pick a start and an end date.",
            "Elige una fecha de inicio y una de fin.",
            "Valitse alku- ja loppupäivä.",
            "Выберите дату начала и дату окончания.",
        ])
        .into(),
        RangeError::Reversed => pick([
            "The start date is after the end date.",
            "La fecha de inicio es posterior a la de fin.",
            "Alkupäivä on loppupäivän jälkeen.",
            "Дата начала позже даты окончания.",
        ])
        .into(),
        RangeError::TooLong { max } => match lang() {
            Lang::En => format!("Pick a range of at most {max} days."),
            Lang::Es => format!("Elige un intervalo de {max} días como máximo."),
            Lang::Fi => format!("Valitse enintään {max} päivän jakso."),
            Lang::Ru => format!(
                "Выберите период не длиннее {max} {}.",
                ru_plural(max.unsigned_abs().into(), "дня", "дней", "дней")
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_in_errors_have_clear_text() {
        assert_eq!(
            api_error_text(&ApiError::new(ErrorCode::InvalidCredentials)),
            "Email or password is incorrect."
        );
        assert!(api_error_text(&ApiError::new(ErrorCode::TooManyAttempts))
            .starts_with("Too many failed sign-ins"));
        let field = ApiError::field(ErrorCode::InvalidField, "note", "The note is required.");
        assert_eq!(api_error_text(&field), "The note is required.");
    }

    /// Every code the edge can send (the match in `error_code_text` has no catch-all, so a
    /// new code fails to compile until it is translated).
    const ALL_CODES: [ErrorCode; 20] = [
        ErrorCode::InvalidJson,
        ErrorCode::InvalidField,
        ErrorCode::PayloadTooLarge,
        ErrorCode::NotFound,
        ErrorCode::MethodNotAllowed,
        ErrorCode::MerchantNotFound,
        ErrorCode::Unauthorized,
        ErrorCode::UpgradeRequired,
        ErrorCode::OriginNotAllowed,
        ErrorCode::InvalidFrame,
        ErrorCode::FrameTooLarge,
        ErrorCode::MessageTooLong,
        ErrorCode::MessageEmpty,
        ErrorCode::InvalidClientId,
        ErrorCode::InvalidState,
        ErrorCode::RateLimited,
        ErrorCode::InvalidSubscriberToken,
        ErrorCode::InvalidCredentials,
        ErrorCode::TooManyAttempts,
        ErrorCode::Internal,
    ];

    #[test]
    fn every_error_code_is_translated() {
        for code in ALL_CODES {
            let en = in_lang(Lang::En, || error_code_text(code));
            assert!(!en.trim().is_empty(), "{code:?}");
            for l in [Lang::Es, Lang::Fi, Lang::Ru] {
                let text = in_lang(l, || error_code_text(code));
                assert!(!text.trim().is_empty(), "{code:?} is empty in {l:?}");
                assert_ne!(text, en, "{code:?} is not translated into {l:?}");
                assert_ne!(text, code.to_string(), "{code:?} falls back to English");
            }
        }
        // Two agents acting at once.
        assert!(
            in_lang(Lang::Es, || error_code_text(ErrorCode::InvalidState))
                .starts_with("Esta conversación cambió")
        );
    }

    #[test]
    fn internal_errors_never_show_the_servers_english() {
        let server = ApiError {
            code: ErrorCode::Internal,
            message: "D1_ERROR: no such column: foo".into(),
            field: None,
        };
        assert_eq!(
            in_lang(Lang::Fi, || api_error_text(&server)),
            text(Lang::Fi, Key::ErrGeneric)
        );
        assert_eq!(api_error_text(&server), text(Lang::En, Key::ErrGeneric));
        // A code this build does not know (decoded as internal) keeps no English either.
        let unknown = ApiError {
            message: "Sam claimed it first.".into(),
            ..server.clone()
        };
        assert_eq!(
            in_lang(Lang::Ru, || api_error_text(&unknown)),
            text(Lang::Ru, Key::ErrGeneric)
        );
        // A request that never got an answer says so, in the language spoken now.
        let network = ApiError {
            message: text(Lang::En, Key::ErrNetwork).into(),
            ..server
        };
        assert_eq!(
            in_lang(Lang::Es, || api_error_text(&network)),
            text(Lang::Es, Key::ErrNetwork)
        );
        let sub = SubscriptionApiError {
            code: "internal".into(),
            message: "boom".into(),
            field: None,
            fields: Vec::new(),
            current: None,
            effect: None,
        };
        assert_eq!(
            subscription_error_text(&sub),
            text(Lang::En, Key::ErrGeneric)
        );
    }

    #[test]
    fn system_events_read_well_for_agents() {
        let d = |_| "3 Dec 2026".to_string();
        assert_eq!(
            system_event(
                &SystemEvent::Transferred {
                    from_name: "Maya".into(),
                    to_name: "Sam".into()
                },
                d
            ),
            "Maya transferred the conversation to Sam."
        );
        assert_eq!(
            system_event(
                &SystemEvent::Escalated {
                    note: "Refund over limit".into(),
                    expected_by: 0
                },
                d
            ),
            "Escalated to a specialist (news expected by 3 Dec 2026). Note: Refund over limit"
        );
    }

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn anonymous_visitors_are_named_in_the_consoles_language() {
        let mut item = crate::queue::tests::item("c", QueueStatus::Waiting, 0);
        item.display_name = shared::queue::anonymous_name("v_abcd7k2q");
        assert_eq!(in_lang(Lang::Fi, || visitor_name(&item)), "Vierailija 7K2Q");
        assert_eq!(in_lang(Lang::En, || visitor_name(&item)), "Visitor 7K2Q");
        item.display_name = "ava@example.com".into();
        assert_eq!(in_lang(Lang::Ru, || visitor_name(&item)), "ava@example.com");
    }

    /// Runs `f` with the console speaking `l` (tests run on their own threads).
    fn in_lang<T>(l: Lang, f: impl FnOnce() -> T) -> T {
        let before = lang();
        set_lang(l);
        let out = f();
        set_lang(before);
        out
    }

    /// Keys whose text is the same in every language (names).
    const SAME_EVERYWHERE: &[Key] = &[Key::Product];

    #[test]
    fn every_key_is_translated_in_every_language() {
        assert!(Key::ALL.len() > 150);
        for &key in Key::ALL {
            let en = text(Lang::En, key);
            for l in Lang::ALL {
                let s = text(l, key);
                assert!(!s.trim().is_empty(), "{key:?} is empty in {l:?}");
                assert_eq!(s, s.trim(), "{key:?} has stray spaces in {l:?}");
                assert_eq!(
                    s.matches('{').count(),
                    en.matches('{').count(),
                    "{key:?} placeholders in {l:?}"
                );
                if l != Lang::En && !SAME_EVERYWHERE.contains(&key) {
                    assert_ne!(s, en, "{key:?} is not translated into {l:?}");
                }
            }
        }
    }

    #[test]
    fn the_console_starts_in_english() {
        // Tests (like the browser without a choice) start in English.
        assert_eq!(lang(), Lang::En);
        assert_eq!(t(Key::SignIn), "Sign in");
    }

    #[test]
    fn russian_plurals_have_three_forms() {
        let f = |n| ru_plural(n, "день", "дня", "дней");
        assert_eq!(f(1), "день");
        assert_eq!(f(21), "день");
        assert_eq!(f(2), "дня");
        assert_eq!(f(24), "дня");
        assert_eq!(f(5), "дней");
        assert_eq!(f(11), "дней");
        assert_eq!(f(12), "дней");
        assert_eq!(f(111), "дней");
        assert_eq!(f(0), "дней");
        in_lang(Lang::Ru, || {
            assert_eq!(relative_days(2), "через 2 дня");
            assert_eq!(relative_days(5), "через 5 дней");
            assert_eq!(relative_days(-21), "21 день назад");
            assert_eq!(unread(1), "1 непрочитанное");
            assert_eq!(unread(3), "3 непрочитанных");
        });
    }

    /// Every parameterised text, filled with recognisable values, in the current language.
    fn parameterised() -> Vec<(&'static str, String, Vec<&'static str>)> {
        let day = d("2026-12-04");
        let effect = Effect {
            action: ActionKind::SkipNext,
            first_affected_box: day,
            cutoff_passed: false,
            effective: Some(d("2026-12-03")),
            next_box: Some(d("2027-01-04")),
        };
        let late = Effect {
            cutoff_passed: true,
            next_box: None,
            ..effect
        };
        let paused = Status::Paused {
            from: Some(day),
            until: Some(d("2027-02-01")),
            boxes: Some(3),
        };
        vec![
            (
                "message_too_long",
                error_code_text(ErrorCode::MessageTooLong),
                vec!["4000"],
            ),
            ("note_error", note_error(1234), vec!["1234"]),
            (
                "status_label",
                status_label(QueueStatus::Assigned, Some("Zed")),
                vec!["Zed"],
            ),
            ("typing", typing("Zed"), vec!["Zed"]),
            ("unread", unread(7), vec!["7"]),
            (
                "joined",
                system_event(
                    &SystemEvent::AgentJoined {
                        agent_name: "Zed".into(),
                    },
                    |_| String::new(),
                ),
                vec!["Zed"],
            ),
            (
                "transferred",
                system_event(
                    &SystemEvent::Transferred {
                        from_name: "Zed".into(),
                        to_name: "Quinn".into(),
                    },
                    |_| String::new(),
                ),
                vec!["Zed", "Quinn"],
            ),
            (
                "escalated",
                system_event(
                    &SystemEvent::Escalated {
                        note: "NOTE-X".into(),
                        expected_by: 0,
                    },
                    |_| "WHEN-X".into(),
                ),
                vec!["NOTE-X", "WHEN-X"],
            ),
            (
                "resolved",
                system_event(
                    &SystemEvent::Resolved {
                        agent_name: "Zed".into(),
                    },
                    |_| String::new(),
                ),
                vec!["Zed"],
            ),
            (
                "confirm_label",
                confirm_label(ActionKind::Cancel),
                vec![action_label(ActionKind::Cancel)],
            ),
            ("effect_line", effect_line(&effect), vec!["Dec 4"]),
            ("effect_line_late", effect_line(&late), vec!["Dec 4"]),
            (
                "effect_details",
                effect_details(&effect),
                vec!["Dec 3", "Jan 4"],
            ),
            (
                "status_detail",
                status_detail(&paused),
                vec!["3", "Dec 4", "Feb 1"],
            ),
            (
                "cancelled",
                status_detail(&Status::Cancelled { effective: day }),
                vec!["Dec 4"],
            ),
            ("cutoff_hours", cutoff_hours(48), vec!["48"]),
            ("upcoming", upcoming(&[day]), vec!["Dec 4"]),
            (
                "too_long",
                field_problem(&FieldProblem::TooLong { max: 77 }),
                vec!["77"],
            ),
            (
                "postal_code",
                field_problem(&FieldProblem::InvalidPostalCode {
                    country: "FI".into(),
                }),
                vec!["Finland"],
            ),
            (
                "region",
                field_problem(&FieldProblem::UnknownRegion {
                    country: "US".into(),
                }),
                vec!["United States"],
            ),
            ("comment_too_long", comment_too_long(500), vec!["500"]),
            ("applied", applied("CD-7K3P9QXM"), vec!["CD-7K3P9QXM"]),
            ("relative_future", relative_days(9), vec!["9"]),
            ("relative_past", relative_days(-3), vec!["3"]),
            (
                "trend_spoken",
                trend_spoken(Direction::Up, "2.5", Unit::Percent, Some(true)),
                vec!["2.5"],
            ),
            (
                "chart_title",
                chart_title(MetricKind::Csat, Period::Week),
                vec!["CSAT"],
            ),
            (
                "line_summary",
                line_summary(
                    "TITLE-X",
                    &[
                        ("P1".into(), Some("V1".into())),
                        ("P2".into(), None),
                        ("P3".into(), None),
                    ],
                ),
                vec!["TITLE-X", "P1", "V1", "2"],
            ),
            (
                "survey_score",
                survey_score(SurveyKind::Nps, 9),
                vec!["9", "10"],
            ),
            (
                "out_of_range",
                target_problem(TargetProblem::OutOfRange {
                    min: 3.0,
                    max: 97.0,
                }),
                vec!["3", "97"],
            ),
            (
                "range_too_long",
                range_error(RangeError::TooLong { max: 366 }),
                vec!["366"],
            ),
        ]
    }

    #[test]
    fn parameterised_texts_keep_their_values_in_every_language() {
        let english = in_lang(Lang::En, parameterised);
        for l in Lang::ALL {
            let texts = in_lang(l, parameterised);
            assert_eq!(texts.len(), english.len());
            for ((name, text, values), (_, en, _)) in texts.iter().zip(&english) {
                assert!(!text.trim().is_empty(), "{name} is empty in {l:?}");
                for v in values {
                    assert!(text.contains(v), "{name} in {l:?} lacks {v}: {text}");
                }
                if l != Lang::En {
                    assert_ne!(text, en, "{name} is not translated into {l:?}");
                }
            }
        }
    }

    #[test]
    fn fixed_texts_of_the_functions_are_translated() {
        // The word lists behind the text functions, which do not go through `Key`.
        let all = || {
            let mut v: Vec<String> = Vec::new();
            for code in [
                ErrorCode::InvalidCredentials,
                ErrorCode::TooManyAttempts,
                ErrorCode::MessageEmpty,
                ErrorCode::RateLimited,
                ErrorCode::NotFound,
            ] {
                v.push(error_code_text(code));
            }
            v.push(note_error(0));
            for s in [QueueStatus::Waiting, QueueStatus::Resolved] {
                v.push(status_label(s, None));
            }
            v.push(status_label(QueueStatus::Assigned, None));
            for f in ["weekly", "biweekly", "monthly"] {
                v.push(frequency(f));
            }
            for k in [
                ActionKind::Pause,
                ActionKind::Resume,
                ActionKind::SkipNext,
                ActionKind::ChangeFrequency,
                ActionKind::ChangeAddress,
                ActionKind::Cancel,
            ] {
                v.push(action_label(k).into());
            }
            for r in CancelReason::ALL {
                v.push(cancel_reason(r).into());
            }
            for r in ContactReason::ALL {
                v.push(reason_label(r.as_str()));
            }
            v.push(status_detail(&Status::Active));
            for f in ["frequency", "address", "plan"] {
                v.push(field_name(f).into());
            }
            v.push(maybe_day(None));
            for p in [
                FieldProblem::Required,
                FieldProblem::InvalidCharacters,
                FieldProblem::InvalidCountry,
            ] {
                v.push(field_problem(&p));
            }
            for code in [
                "subscription_cancelled",
                "subscription_paused",
                "not_paused",
                "same_frequency",
                "same_address",
                "rate_limited",
            ] {
                let e: SubscriptionApiError = serde_json::from_value(serde_json::json!({
                    "code": code, "message": "server text"
                }))
                .unwrap();
                v.push(subscription_error_text(&e));
            }
            for c in ["general", "apology"] {
                v.push(category(c));
            }
            for s in [
                "active",
                "paused",
                "cancelled",
                "pending",
                "processing",
                "shipped",
                "out_for_delivery",
                "delivered",
                "returned",
                "refunded",
            ] {
                v.push(status_word(s));
            }
            v.push(relative_days(-1));
            for u in [Unit::Percent, Unit::Minutes, Unit::Hours, Unit::Score] {
                v.push(unit_name(u).into());
            }
            v.push(trend_suffix(Unit::Percent).into());
            for m in [
                MetricKind::FrtMedian,
                MetricKind::FrtP90,
                MetricKind::Resolution,
                MetricKind::Fcr,
                MetricKind::Sla,
                MetricKind::Churn,
                MetricKind::ResponseRate,
            ] {
                v.push(metric_name(m).into());
            }
            for s in [
                Standing::OnTarget,
                Standing::Slipping,
                Standing::OffTarget,
                Standing::NoData,
            ] {
                v.push(standing_label(s).into());
            }
            for i in [Some(true), Some(false), None] {
                v.push(trend_meaning(i).into());
            }
            for d in [Direction::Up, Direction::Down, Direction::Flat] {
                v.push(direction_word(d).into());
            }
            for f in [
                TargetField::FirstResponseMinutes,
                TargetField::OfflineFirstResponseHours,
                TargetField::ResolutionHours,
                TargetField::FcrPercent,
                TargetField::SlaPercent,
                TargetField::ChurnPercent,
            ] {
                v.push(target_field_label(f).into());
            }
            for p in [TargetProblem::NotANumber, TargetProblem::NotWhole] {
                v.push(target_problem(p));
            }
            for e in [RangeError::InvalidDate, RangeError::Reversed] {
                v.push(range_error(e));
            }
            v
        };
        // Words that Spanish shares with English.
        let same_in_spanish = ["Plan", "General"];
        let english = in_lang(Lang::En, all);
        for l in [Lang::Es, Lang::Fi, Lang::Ru] {
            let texts = in_lang(l, all);
            assert_eq!(texts.len(), english.len());
            for (text, en) in texts.iter().zip(&english) {
                assert!(!text.trim().is_empty(), "{en:?} is empty in {l:?}");
                if l == Lang::Es && same_in_spanish.contains(&en.as_str()) {
                    continue;
                }
                assert_ne!(text, en, "{en:?} is not translated into {l:?}");
            }
        }
    }

    #[test]
    fn effects_and_statuses_read_well() {
        let mut e = Effect {
            action: ActionKind::SkipNext,
            first_affected_box: d("2026-12-04"),
            cutoff_passed: false,
            effective: None,
            next_box: Some(d("2027-01-04")),
        };
        assert_eq!(effect_line(&e), "Applies to the box of Dec 4");
        assert_eq!(
            effect_summary(&e),
            "Applies to the box of Dec 4 · Next box: Jan 4"
        );
        e.cutoff_passed = true;
        e.first_affected_box = d("2026-12-18");
        assert_eq!(effect_line(&e), "Cutoff passed: applies from Dec 18");
        e.effective = Some(d("2026-12-17"));
        e.next_box = None;
        assert_eq!(effect_details(&e), "Effective Dec 17 · No more boxes");
        assert_eq!(
            status_detail(&Status::Paused {
                from: Some(d("2026-12-04")),
                until: None,
                boxes: Some(2)
            }),
            "Paused for 2 boxes from Dec 4"
        );
        assert_eq!(
            status_detail(&Status::Paused {
                from: None,
                until: Some(d("2027-02-01")),
                boxes: None
            }),
            "Paused until Feb 1"
        );
        assert_eq!(
            status_detail(&Status::Cancelled {
                effective: d("2026-12-18")
            }),
            "Cancelled, effective Dec 18"
        );
        assert_eq!(
            actor(&Actor::Agent {
                id: "a_maya".into(),
                name: "Maya Lindqvist".into()
            }),
            "Maya Lindqvist"
        );
        assert_eq!(
            actor(&Actor::Subscriber {
                id: "sub_ava".into()
            }),
            "Subscriber"
        );
        assert_eq!(
            field_problem(&FieldProblem::InvalidPostalCode {
                country: "FI".into()
            }),
            "This is not a valid postal code for Finland."
        );
    }

    #[test]
    fn small_helpers() {
        assert_eq!(capitalise("out_for_delivery"), "Out for delivery");
        assert_eq!(capitalise(""), "");
        assert_eq!(frequency("biweekly"), "Every 2 weeks");
        assert_eq!(category("apology"), "Apologies");
        assert_eq!(relative_days(9), "in 9 days");
        assert_eq!(relative_days(-3), "3 days ago");
        assert_eq!(month_short(12), "Dec");
        assert_eq!(month_short(0), "");
        assert_eq!(
            status_label(QueueStatus::Assigned, Some("Sam")),
            "Assigned to Sam"
        );
    }
}
