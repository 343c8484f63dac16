//! The languages Cellar Door speaks (DOMAIN.md: English, Spanish, Finnish and Russian from
//! the start), how a browser's language tags pick one, and how each groups digits. The widget
//! and the console keep their own catalogues of text in these languages.

/// A language of the widget and the console.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Es,
    Fi,
    Ru,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::En, Lang::Es, Lang::Fi, Lang::Ru];

    /// Accepts a BCP 47 tag such as `fi-FI` or `es`.
    pub fn parse(tag: &str) -> Option<Self> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Self::En),
            "es" => Some(Self::Es),
            "fi" => Some(Self::Fi),
            "ru" => Some(Self::Ru),
            _ => None,
        }
    }

    /// The first supported language of a browser's list (most preferred first), else English.
    pub fn pick<S: AsRef<str>>(tags: impl IntoIterator<Item = S>) -> Self {
        tags.into_iter()
            .find_map(|t| Self::parse(t.as_ref()))
            .unwrap_or_default()
    }

    pub fn tag(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Es => "es",
            Self::Fi => "fi",
            Self::Ru => "ru",
        }
    }

    /// The language's own name, as a language picker lists it.
    pub fn native_name(self) -> &'static str {
        match self {
            Self::En => "English",
            Self::Es => "Español",
            Self::Fi => "Suomi",
            Self::Ru => "Русский",
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_parse_from_browser_tags() {
        assert_eq!(Lang::parse("fi-FI"), Some(Lang::Fi));
        assert_eq!(Lang::parse("ES"), Some(Lang::Es));
        assert_eq!(Lang::parse(" ru_RU "), Some(Lang::Ru));
        assert_eq!(Lang::parse("de"), None);
        for l in Lang::ALL {
            assert_eq!(Lang::parse(l.tag()), Some(l));
        }
    }

    #[test]
    fn the_first_supported_browser_language_wins() {
        assert_eq!(Lang::pick(["de-DE", "ru-RU", "en-US"]), Lang::Ru);
        assert_eq!(Lang::pick(["en-US", "fi"]), Lang::En);
        assert_eq!(Lang::pick(["de", "fr"]), Lang::En);
        assert_eq!(Lang::pick(Vec::<String>::new()), Lang::En);
    }

    #[test]
    fn numbers_group_per_language() {
        assert_eq!(Lang::En.number(4_000), "4,000");
        assert_eq!(Lang::Es.number(4_001), "4.001");
        assert_eq!(Lang::Fi.number(123_456), "123\u{a0}456");
        assert_eq!(Lang::Ru.number(999), "999");
        assert_eq!(Lang::En.number(1_234_567), "1,234,567");
    }
}
