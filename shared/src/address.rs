//! Delivery addresses and where wine may ship.
//!
//! An [`Address`] is validated and normalised when it is built ([`Address::parse`]), field
//! by field, so a form can show every problem at once. A [`Region`] is a country with an
//! optional subdivision (`US-CA`, `FI`); wine subscriptions only ship to the merchant's
//! allowed regions ([`check_wine_destination`]).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Longest name, address line and region (characters).
pub const MAX_LINE_CHARS: usize = 100;
/// Longest city name (characters).
pub const MAX_CITY_CHARS: usize = 60;
/// Longest free-text region outside the US and Canada (characters).
pub const MAX_REGION_CHARS: usize = 50;

/// The wine regions of the demo shop: a few US states and EU countries. Utah, Texas and
/// Sweden, among others, are refused.
pub const DEMO_WINE_REGIONS: [&str; 11] = [
    "US-CA", "US-OR", "US-WA", "US-NY", "DE", "FR", "ES", "IT", "FI", "NL", "AT",
];

/// The demo wine regions, parsed.
pub fn demo_wine_regions() -> Vec<Region> {
    DEMO_WINE_REGIONS
        .iter()
        .filter_map(|r| Region::parse(r).ok())
        .collect()
}

const US_STATES: [(&str, &str); 52] = [
    ("AL", "Alabama"),
    ("AK", "Alaska"),
    ("AZ", "Arizona"),
    ("AR", "Arkansas"),
    ("CA", "California"),
    ("CO", "Colorado"),
    ("CT", "Connecticut"),
    ("DE", "Delaware"),
    ("DC", "District of Columbia"),
    ("FL", "Florida"),
    ("GA", "Georgia"),
    ("HI", "Hawaii"),
    ("ID", "Idaho"),
    ("IL", "Illinois"),
    ("IN", "Indiana"),
    ("IA", "Iowa"),
    ("KS", "Kansas"),
    ("KY", "Kentucky"),
    ("LA", "Louisiana"),
    ("ME", "Maine"),
    ("MD", "Maryland"),
    ("MA", "Massachusetts"),
    ("MI", "Michigan"),
    ("MN", "Minnesota"),
    ("MS", "Mississippi"),
    ("MO", "Missouri"),
    ("MT", "Montana"),
    ("NE", "Nebraska"),
    ("NV", "Nevada"),
    ("NH", "New Hampshire"),
    ("NJ", "New Jersey"),
    ("NM", "New Mexico"),
    ("NY", "New York"),
    ("NC", "North Carolina"),
    ("ND", "North Dakota"),
    ("OH", "Ohio"),
    ("OK", "Oklahoma"),
    ("OR", "Oregon"),
    ("PA", "Pennsylvania"),
    ("RI", "Rhode Island"),
    ("SC", "South Carolina"),
    ("SD", "South Dakota"),
    ("TN", "Tennessee"),
    ("TX", "Texas"),
    ("UT", "Utah"),
    ("VT", "Vermont"),
    ("VA", "Virginia"),
    ("WA", "Washington"),
    ("WV", "West Virginia"),
    ("WI", "Wisconsin"),
    ("WY", "Wyoming"),
    ("PR", "Puerto Rico"),
];

const CA_PROVINCES: [(&str, &str); 13] = [
    ("AB", "Alberta"),
    ("BC", "British Columbia"),
    ("MB", "Manitoba"),
    ("NB", "New Brunswick"),
    ("NL", "Newfoundland and Labrador"),
    ("NS", "Nova Scotia"),
    ("NT", "Northwest Territories"),
    ("NU", "Nunavut"),
    ("ON", "Ontario"),
    ("PE", "Prince Edward Island"),
    ("QC", "Quebec"),
    ("SK", "Saskatchewan"),
    ("YT", "Yukon"),
];

/// How a country writes postal codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PostalRule {
    /// `12345` or `12345-6789`.
    Us,
    /// `A1A 1A1`.
    Ca,
    /// `SW1A 1AA`, `M1 1AE`, …
    Gb,
    /// `1234 AB`.
    Nl,
    /// `123 45`.
    Se,
    /// `1234-567`.
    Pt,
    /// `12-345`.
    Pl,
    /// Five digits starting 01–52.
    Es,
    /// Exactly this many digits.
    Digits(usize),
}

const COUNTRIES: [(&str, &str, PostalRule); 15] = [
    ("US", "United States", PostalRule::Us),
    ("CA", "Canada", PostalRule::Ca),
    ("GB", "United Kingdom", PostalRule::Gb),
    ("DE", "Germany", PostalRule::Digits(5)),
    ("FR", "France", PostalRule::Digits(5)),
    ("ES", "Spain", PostalRule::Es),
    ("IT", "Italy", PostalRule::Digits(5)),
    ("FI", "Finland", PostalRule::Digits(5)),
    ("SE", "Sweden", PostalRule::Se),
    ("NL", "Netherlands", PostalRule::Nl),
    ("AT", "Austria", PostalRule::Digits(4)),
    ("BE", "Belgium", PostalRule::Digits(4)),
    ("DK", "Denmark", PostalRule::Digits(4)),
    ("PT", "Portugal", PostalRule::Pt),
    ("PL", "Poland", PostalRule::Pl),
];

/// English name of a country code this module knows, like `Finland` for `FI`.
pub fn country_name_en(code: &str) -> Option<&'static str> {
    COUNTRIES.iter().find(|c| c.0 == code).map(|c| c.1)
}

fn country_label_en(code: &str) -> String {
    country_name_en(code).map_or_else(|| code.to_owned(), str::to_owned)
}

/// The states (US) or provinces (CA) a country's addresses must name, if it has a list.
fn subdivisions(country: &str) -> Option<&'static [(&'static str, &'static str)]> {
    match country {
        "US" => Some(&US_STATES),
        "CA" => Some(&CA_PROVINCES),
        _ => None,
    }
}

/// A shipping region: an ISO 3166-1 alpha-2 country and, optionally, a subdivision code
/// (`US-CA`). Written as text on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Region {
    country: String,
    subdivision: Option<String>,
}

/// A string that is not a region code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum RegionError {
    #[error("Use a region code like US-CA or FI.")]
    InvalidRegion,
}

impl RegionError {
    /// The stable snake_case code, as serialised.
    pub fn code(self) -> &'static str {
        "invalid_region"
    }
}

fn is_code(s: &str, len: std::ops::RangeInclusive<usize>) -> bool {
    len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric())
}

impl Region {
    /// Parses `US-CA`, `us-ca` or `FI`.
    pub fn parse(s: &str) -> Result<Region, RegionError> {
        let s = s.trim().to_ascii_uppercase();
        let (country, sub) = match s.split_once('-') {
            Some((c, sub)) => (c, Some(sub)),
            None => (s.as_str(), None),
        };
        if country.len() != 2 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(RegionError::InvalidRegion);
        }
        if sub.is_some_and(|sub| !is_code(sub, 1..=3)) {
            return Err(RegionError::InvalidRegion);
        }
        Ok(Region {
            country: country.to_owned(),
            subdivision: sub.map(str::to_owned),
        })
    }

    pub fn country(&self) -> &str {
        &self.country
    }

    pub fn subdivision(&self) -> Option<&str> {
        self.subdivision.as_deref()
    }

    /// True if this (allowed) region includes `other`: the same country, and the same
    /// subdivision unless this region is a whole country.
    pub fn covers(&self, other: &Region) -> bool {
        self.country == other.country
            && (self.subdivision.is_none() || self.subdivision == other.subdivision)
    }

    /// English name when known: a US state, a Canadian province or a country.
    pub fn name_en(&self) -> Option<&'static str> {
        match &self.subdivision {
            Some(sub) => subdivisions(&self.country)?
                .iter()
                .find(|s| s.0 == sub)
                .map(|s| s.1),
            None => country_name_en(&self.country),
        }
    }

    /// `Utah (US-UT)`, or just the code when the name is not known.
    pub fn label_en(&self) -> String {
        match self.name_en() {
            Some(name) => format!("{name} ({self})"),
            None => self.to_string(),
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.subdivision {
            Some(sub) => write!(f, "{}-{sub}", self.country),
            None => f.write_str(&self.country),
        }
    }
}

impl Serialize for Region {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Region {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Region::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// The fields of an address, named as their JSON keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AddressField {
    Name,
    Line1,
    Line2,
    City,
    Region,
    PostalCode,
    Country,
}

impl AddressField {
    /// The JSON key.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Line1 => "line1",
            Self::Line2 => "line2",
            Self::City => "city",
            Self::Region => "region",
            Self::PostalCode => "postal_code",
            Self::Country => "country",
        }
    }
}

impl fmt::Display for AddressField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What is wrong with one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum FieldProblem {
    #[error("This field is required.")]
    Required,
    #[error("Use at most {max} characters.")]
    TooLong { max: u16 },
    #[error("Remove line breaks and control characters.")]
    InvalidCharacters,
    #[error("Use a two-letter country code, like US or FI.")]
    InvalidCountry,
    #[error("This is not a valid postal code for {}.", country_label_en(.country))]
    InvalidPostalCode { country: String },
    #[error("Choose a state or province of {}.", country_label_en(.country))]
    UnknownRegion { country: String },
}

impl FieldProblem {
    /// The stable snake_case code, as serialised.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Required => "required",
            Self::TooLong { .. } => "too_long",
            Self::InvalidCharacters => "invalid_characters",
            Self::InvalidCountry => "invalid_country",
            Self::InvalidPostalCode { .. } => "invalid_postal_code",
            Self::UnknownRegion { .. } => "unknown_region",
        }
    }
}

/// A problem with one field of an address: `{"field":"postal_code","code":"invalid_postal_code","country":"FI"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{field}: {problem}")]
pub struct FieldError {
    pub field: AddressField,
    #[serde(flatten)]
    pub problem: FieldProblem,
}

impl FieldError {
    /// The problem's stable code.
    pub fn code(&self) -> &'static str {
        self.problem.code()
    }
}

/// An address as typed: every field a string, missing or `null` read as empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddressInput {
    #[serde(default, deserialize_with = "null_as_empty")]
    pub name: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub line1: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub line2: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub city: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub region: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub postal_code: String,
    #[serde(default, deserialize_with = "null_as_empty")]
    pub country: String,
}

fn null_as_empty<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(deserializer)?.unwrap_or_default())
}

impl AddressInput {
    /// One field as typed.
    pub fn field(&self, f: AddressField) -> &str {
        match f {
            AddressField::Name => &self.name,
            AddressField::Line1 => &self.line1,
            AddressField::Line2 => &self.line2,
            AddressField::City => &self.city,
            AddressField::Region => &self.region,
            AddressField::PostalCode => &self.postal_code,
            AddressField::Country => &self.country,
        }
    }

    /// One field, to type into.
    pub fn field_mut(&mut self, f: AddressField) -> &mut String {
        match f {
            AddressField::Name => &mut self.name,
            AddressField::Line1 => &mut self.line1,
            AddressField::Line2 => &mut self.line2,
            AddressField::City => &mut self.city,
            AddressField::Region => &mut self.region,
            AddressField::PostalCode => &mut self.postal_code,
            AddressField::Country => &mut self.country,
        }
    }
}

/// A validated, normalised delivery address. Built by [`Address::parse`]; deserialising
/// validates too, so an invalid address cannot travel.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "AddressInput")]
pub struct Address {
    name: String,
    line1: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    line2: Option<String>,
    city: String,
    /// A state or province code for the US and Canada (`CA`); free text elsewhere.
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<String>,
    postal_code: String,
    country: String,
}

/// Trims, joins runs of whitespace into one space, refuses control characters.
fn clean_text(
    raw: &str,
    field: AddressField,
    max: usize,
    required: bool,
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    let mut problem = None;
    if raw.chars().any(|c| c.is_control() && c != '\t') {
        problem = Some(FieldProblem::InvalidCharacters);
    }
    let text = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if problem.is_none() {
        if text.is_empty() {
            if required {
                problem = Some(FieldProblem::Required);
            } else {
                return None;
            }
        } else if text.chars().count() > max {
            problem = Some(FieldProblem::TooLong {
                max: u16::try_from(max).unwrap_or(u16::MAX),
            });
        }
    }
    match problem {
        Some(problem) => {
            errors.push(FieldError { field, problem });
            None
        }
        None => Some(text),
    }
}

/// The ISO code for a typed country: a code (`fi`, `UK` for `GB`) or a known English name.
fn normalize_country(raw: &str) -> Option<String> {
    let t = raw.trim();
    if let Some(c) = COUNTRIES.iter().find(|c| c.1.eq_ignore_ascii_case(t)) {
        return Some(c.0.to_owned());
    }
    let code = t.to_ascii_uppercase();
    if code == "UK" {
        return Some("GB".to_owned());
    }
    (code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase())).then_some(code)
}

/// The code of a US state or Canadian province given as `CA`, `US-CA` or `California`.
fn normalize_subdivision(country: &str, raw: &str, list: &[(&str, &str)]) -> Option<String> {
    let t = raw.trim();
    let upper = t.to_ascii_uppercase();
    let code = upper
        .strip_prefix(country)
        .and_then(|r| r.strip_prefix('-'))
        .unwrap_or(&upper);
    list.iter()
        .find(|s| s.0 == code || s.1.eq_ignore_ascii_case(t))
        .map(|s| s.0.to_owned())
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn gb_outward_ok(o: &[u8]) -> bool {
    let a = |i: usize| o.get(i).is_some_and(u8::is_ascii_uppercase);
    let n = |i: usize| o.get(i).is_some_and(u8::is_ascii_digit);
    match o.len() {
        2 => a(0) && n(1),
        3 => a(0) && ((n(1) && n(2)) || (a(1) && n(2)) || (n(1) && a(2))),
        4 => a(0) && a(1) && n(2) && (n(3) || a(3)),
        _ => false,
    }
}

/// The canonical form of a postal code for `country`, or `None` if it is not valid there.
/// Countries without a rule accept 2–10 letters, digits, spaces and hyphens.
pub fn normalize_postal_code(country: &str, raw: &str) -> Option<String> {
    let upper = raw.trim().to_ascii_uppercase();
    let compact: String = upper
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    let rule = COUNTRIES.iter().find(|c| c.0 == country).map(|c| c.2);
    let b = compact.as_bytes();
    match rule {
        Some(PostalRule::Us) => {
            let plain = upper.replace(' ', "");
            let ok = match plain.split_once('-') {
                Some((five, four)) => five.len() == 5 && four.len() == 4,
                None => plain.len() == 5 || plain.len() == 9,
            };
            (ok && all_digits(&compact)).then(|| {
                if compact.len() == 9 {
                    format!("{}-{}", &compact[..5], &compact[5..])
                } else {
                    compact.clone()
                }
            })
        }
        Some(PostalRule::Ca) => {
            const LETTERS: &[u8] = b"ABCEGHJKLMNPRSTVWXYZ";
            const FIRST: &[u8] = b"ABCEGHJKLMNPRSTVXY";
            let ok = b.len() == 6
                && FIRST.contains(&b[0])
                && b[1].is_ascii_digit()
                && LETTERS.contains(&b[2])
                && b[3].is_ascii_digit()
                && LETTERS.contains(&b[4])
                && b[5].is_ascii_digit();
            ok.then(|| format!("{} {}", &compact[..3], &compact[3..]))
        }
        Some(PostalRule::Gb) => {
            if compact == "GIR0AA" {
                return Some("GIR 0AA".to_owned());
            }
            const INWARD: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";
            let ok = (5..=7).contains(&b.len()) && {
                let (out, inward) = b.split_at(b.len() - 3);
                gb_outward_ok(out)
                    && inward[0].is_ascii_digit()
                    && INWARD.contains(&inward[1])
                    && INWARD.contains(&inward[2])
            };
            ok.then(|| format!("{} {}", &compact[..b.len() - 3], &compact[b.len() - 3..]))
        }
        Some(PostalRule::Nl) => {
            let ok = b.len() == 6
                && all_digits(&compact[..4])
                && b[0] != b'0'
                && b[4].is_ascii_uppercase()
                && b[5].is_ascii_uppercase()
                && !["SA", "SD", "SS"].contains(&&compact[4..]);
            ok.then(|| format!("{} {}", &compact[..4], &compact[4..]))
        }
        Some(PostalRule::Se) => (b.len() == 5 && all_digits(&compact) && b[0] != b'0')
            .then(|| format!("{} {}", &compact[..3], &compact[3..])),
        Some(PostalRule::Pt) => (b.len() == 7 && all_digits(&compact) && b[0] != b'0')
            .then(|| format!("{}-{}", &compact[..4], &compact[4..])),
        Some(PostalRule::Pl) => (b.len() == 5 && all_digits(&compact))
            .then(|| format!("{}-{}", &compact[..2], &compact[2..])),
        Some(PostalRule::Es) => (b.len() == 5
            && all_digits(&compact)
            && (1..=52).contains(&compact[..2].parse::<u8>().unwrap_or(0)))
        .then(|| compact.clone()),
        Some(PostalRule::Digits(n)) => {
            (b.len() == n && all_digits(&compact)).then(|| compact.clone())
        }
        None => {
            let text = upper.split_whitespace().collect::<Vec<_>>().join(" ");
            let ok = (2..=10).contains(&text.len())
                && text
                    .bytes()
                    .all(|c| c.is_ascii_alphanumeric() || c == b' ' || c == b'-')
                && text.bytes().any(|c| c.is_ascii_alphanumeric());
            ok.then_some(text)
        }
    }
}

impl Address {
    /// Validates and normalises a typed address. Returns every field's problem at once,
    /// in field order.
    pub fn parse(input: &AddressInput) -> Result<Address, Vec<FieldError>> {
        let mut errors = Vec::new();
        let name = clean_text(
            &input.name,
            AddressField::Name,
            MAX_LINE_CHARS,
            true,
            &mut errors,
        );
        let line1 = clean_text(
            &input.line1,
            AddressField::Line1,
            MAX_LINE_CHARS,
            true,
            &mut errors,
        );
        let line2 = clean_text(
            &input.line2,
            AddressField::Line2,
            MAX_LINE_CHARS,
            false,
            &mut errors,
        );
        let city = clean_text(
            &input.city,
            AddressField::City,
            MAX_CITY_CHARS,
            true,
            &mut errors,
        );

        let country = if input.country.trim().is_empty() {
            None
        } else {
            normalize_country(&input.country)
        };
        let region = match country.as_deref().and_then(subdivisions) {
            Some(_) if input.region.trim().is_empty() => {
                errors.push(FieldError {
                    field: AddressField::Region,
                    problem: FieldProblem::Required,
                });
                None
            }
            Some(list) => {
                let code = country.as_deref().unwrap_or_default();
                let found = normalize_subdivision(code, &input.region, list);
                if found.is_none() {
                    errors.push(FieldError {
                        field: AddressField::Region,
                        problem: FieldProblem::UnknownRegion {
                            country: code.to_owned(),
                        },
                    });
                }
                found
            }
            None => clean_text(
                &input.region,
                AddressField::Region,
                MAX_REGION_CHARS,
                false,
                &mut errors,
            ),
        };

        let postal_code = if input.postal_code.trim().is_empty() {
            errors.push(FieldError {
                field: AddressField::PostalCode,
                problem: FieldProblem::Required,
            });
            None
        } else if let Some(code) = &country {
            // Checked only against a known country; a bad country is reported below.
            let found = normalize_postal_code(code, &input.postal_code);
            if found.is_none() {
                errors.push(FieldError {
                    field: AddressField::PostalCode,
                    problem: FieldProblem::InvalidPostalCode {
                        country: code.clone(),
                    },
                });
            }
            found
        } else {
            None
        };

        if country.is_none() {
            errors.push(FieldError {
                field: AddressField::Country,
                problem: if input.country.trim().is_empty() {
                    FieldProblem::Required
                } else {
                    FieldProblem::InvalidCountry
                },
            });
        }

        match (name, line1, city, postal_code, country) {
            (Some(name), Some(line1), Some(city), Some(postal_code), Some(country))
                if errors.is_empty() =>
            {
                Ok(Address {
                    name,
                    line1,
                    line2,
                    city,
                    region,
                    postal_code,
                    country,
                })
            }
            _ => {
                errors.sort_by_key(|e| e.field as u8);
                Err(errors)
            }
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn line1(&self) -> &str {
        &self.line1
    }

    pub fn line2(&self) -> Option<&str> {
        self.line2.as_deref()
    }

    pub fn city(&self) -> &str {
        &self.city
    }

    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    pub fn postal_code(&self) -> &str {
        &self.postal_code
    }

    /// ISO 3166-1 alpha-2, upper case.
    pub fn country(&self) -> &str {
        &self.country
    }

    /// The shipping region: the country, with the region as subdivision when it is a code
    /// (always for the US and Canada; `ES-MD` when a Spanish address gives `MD`).
    pub fn shipping_region(&self) -> Region {
        let subdivision = self
            .region
            .as_deref()
            .map(str::to_ascii_uppercase)
            .filter(|r| is_code(r, 1..=3));
        Region {
            country: self.country.clone(),
            subdivision,
        }
    }

    /// The address as typed, for editing.
    pub fn to_input(&self) -> AddressInput {
        AddressInput {
            name: self.name.clone(),
            line1: self.line1.clone(),
            line2: self.line2.clone().unwrap_or_default(),
            city: self.city.clone(),
            region: self.region.clone().unwrap_or_default(),
            postal_code: self.postal_code.clone(),
            country: self.country.clone(),
        }
    }
}

/// Why an address could not be read as JSON (every field error, joined).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid address: {}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
pub struct AddressErrors(pub Vec<FieldError>);

impl TryFrom<AddressInput> for Address {
    type Error = AddressErrors;

    fn try_from(input: AddressInput) -> Result<Self, Self::Error> {
        Address::parse(&input).map_err(AddressErrors)
    }
}

/// Why a box cannot ship to an address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ShippingError {
    /// The region is not in the merchant's list of wine regions.
    #[error("We can't ship wine to {}.", .region.label_en())]
    WineRegionNotAllowed { region: Region },
}

impl ShippingError {
    /// The stable snake_case code, as serialised.
    pub fn code(&self) -> &'static str {
        match self {
            Self::WineRegionNotAllowed { .. } => "wine_region_not_allowed",
        }
    }
}

/// Checks that wine may ship to `address`: its region must be covered by one of `allowed`.
pub fn check_wine_destination(address: &Address, allowed: &[Region]) -> Result<(), ShippingError> {
    let region = address.shipping_region();
    if allowed.iter().any(|a| a.covers(&region)) {
        Ok(())
    } else {
        Err(ShippingError::WineRegionNotAllowed { region })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(country: &str, region: &str, postal: &str) -> AddressInput {
        AddressInput {
            name: "Ava Martin".into(),
            line1: "410 Vine St".into(),
            line2: String::new(),
            city: "Sacramento".into(),
            region: region.into(),
            postal_code: postal.into(),
            country: country.into(),
        }
    }

    fn postal(country: &str, raw: &str) -> Option<String> {
        normalize_postal_code(country, raw)
    }

    #[test]
    fn a_full_address_is_normalised() {
        let mut raw = input(" us ", "california", " 95814-1234 ");
        raw.name = "  Ava   Martin ".into();
        raw.line2 = "  ".into();
        let a = Address::parse(&raw).unwrap();
        assert_eq!(
            (
                a.name(),
                a.line2(),
                a.region(),
                a.postal_code(),
                a.country()
            ),
            ("Ava Martin", None, Some("CA"), "95814-1234", "US")
        );
        assert_eq!(a.shipping_region().to_string(), "US-CA");
        assert_eq!(Address::parse(&a.to_input()), Ok(a));
    }

    #[test]
    fn every_missing_field_is_reported_with_its_json_key() {
        let errors = Address::parse(&AddressInput::default()).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["name", "line1", "city", "postal_code", "country"]);
        assert!(errors.iter().all(|e| e.problem == FieldProblem::Required));
        // A US address also needs a state.
        let errors = Address::parse(&input("US", "", "95814")).unwrap_err();
        assert_eq!(
            errors,
            vec![FieldError {
                field: AddressField::Region,
                problem: FieldProblem::Required
            }]
        );
    }

    #[test]
    fn bad_values_are_named() {
        let mut raw = input("US", "ZZ", "9581");
        raw.line1 = "a\u{0}b".into();
        raw.city = "x".repeat(61);
        let errors = Address::parse(&raw).unwrap_err();
        let got: Vec<_> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.code()))
            .collect();
        assert_eq!(
            got,
            [
                ("line1", "invalid_characters"),
                ("city", "too_long"),
                ("region", "unknown_region"),
                ("postal_code", "invalid_postal_code"),
            ]
        );
        assert_eq!(
            errors[3].to_string(),
            "postal_code: This is not a valid postal code for United States."
        );
        let errors = Address::parse(&input("USA", "", "95814")).unwrap_err();
        assert_eq!(errors[0].field, AddressField::Country);
        assert_eq!(errors[0].problem, FieldProblem::InvalidCountry);
        let json = serde_json::to_value(&errors[0]).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"field": "country", "code": "invalid_country"})
        );
    }

    #[test]
    fn postal_codes_per_country() {
        let ok = [
            ("US", "95814", "95814"),
            ("US", "958141234", "95814-1234"),
            ("CA", "k1a0b1", "K1A 0B1"),
            ("CA", "V6B 1A1", "V6B 1A1"),
            ("GB", "sw1a1aa", "SW1A 1AA"),
            ("GB", "M1 1AE", "M1 1AE"),
            ("GB", "EC1A 1BB", "EC1A 1BB"),
            ("GB", "W1A 0AX", "W1A 0AX"),
            ("GB", "CR2 6XH", "CR2 6XH"),
            ("DE", "10115", "10115"),
            ("FR", "75001", "75001"),
            ("ES", "28013", "28013"),
            ("IT", "00184", "00184"),
            ("FI", "00100", "00100"),
            ("SE", "11455", "114 55"),
            ("SE", "114 55", "114 55"),
            ("NL", "1012ab", "1012 AB"),
            ("AT", "1010", "1010"),
            ("PT", "1000001", "1000-001"),
            ("PL", "00950", "00-950"),
            ("IE", "d02 x285", "D02 X285"),
            ("JP", "100-0001", "100-0001"),
        ];
        for (country, raw, want) in ok {
            assert_eq!(
                postal(country, raw).as_deref(),
                Some(want),
                "{country} {raw}"
            );
        }
        let bad = [
            ("US", "9581"),
            ("US", "95814-123"),
            ("US", "ABCDE"),
            ("CA", "D1A 0B1"),
            ("CA", "K1A 0B"),
            ("GB", "1AA 1AA"),
            ("GB", "SW1A 1AC"),
            ("DE", "1011"),
            ("FR", "7500A"),
            ("ES", "53001"),
            ("ES", "00001"),
            ("FI", "001000"),
            ("SE", "01234"),
            ("NL", "0123 AB"),
            ("NL", "1234 SS"),
            ("IE", "X"),
            ("JP", "100_0001"),
        ];
        for (country, raw) in bad {
            assert_eq!(postal(country, raw), None, "{country} {raw}");
        }
    }

    #[test]
    fn seed_addresses_read_from_json() {
        // The shape edge/seed/demo.sql stores: no line2, an empty region outside the US.
        let a: Address = serde_json::from_str(
            r#"{"name":"Eero Virtanen","line1":"Mannerheimintie 5","city":"Helsinki","region":"","postal_code":"00100","country":"FI"}"#,
        )
        .unwrap();
        assert_eq!(
            (a.region(), a.shipping_region().to_string()),
            (None, "FI".into())
        );
        let json = serde_json::to_value(&a).unwrap();
        assert!(json.get("region").is_none() && json.get("line2").is_none());
        let es: Address = serde_json::from_str(
            r#"{"name":"Lucía García","line1":"Calle Mayor 12","city":"Madrid","region":"MD","postal_code":"28013","country":"ES","line2":null}"#,
        )
        .unwrap();
        assert_eq!(es.shipping_region().to_string(), "ES-MD");
        let err = serde_json::from_str::<Address>(r#"{"name":"X","country":"FI"}"#).unwrap_err();
        assert!(
            err.to_string().contains("line1: This field is required."),
            "{err}"
        );
    }

    #[test]
    fn regions_parse_and_cover() {
        let r = |s: &str| Region::parse(s).unwrap();
        assert_eq!(r(" us-ca ").to_string(), "US-CA");
        assert_eq!(Region::parse("USA"), Err(RegionError::InvalidRegion));
        assert_eq!(Region::parse("US-"), Err(RegionError::InvalidRegion));
        assert_eq!(Region::parse("U1"), Err(RegionError::InvalidRegion));
        assert!(r("US-CA").covers(&r("US-CA")));
        assert!(!r("US-CA").covers(&r("US-OR")));
        assert!(r("ES").covers(&r("ES-MD")));
        assert!(!r("ES-MD").covers(&r("ES")));
        assert_eq!(r("US-UT").label_en(), "Utah (US-UT)");
        assert_eq!(r("SE").label_en(), "Sweden (SE)");
        assert_eq!(r("ES-MD").label_en(), "ES-MD");
        assert_eq!(serde_json::to_string(&r("US-NY")).unwrap(), "\"US-NY\"");
        assert_eq!(demo_wine_regions().len(), DEMO_WINE_REGIONS.len());
    }

    #[test]
    fn wine_only_ships_to_allowed_regions() {
        let allowed = demo_wine_regions();
        let ok = Address::parse(&input("US", "CA", "95814")).unwrap();
        assert_eq!(check_wine_destination(&ok, &allowed), Ok(()));
        let fi = Address::parse(&input("FI", "", "00100")).unwrap();
        assert_eq!(check_wine_destination(&fi, &allowed), Ok(()));
        for (country, region, zip, message) in [
            ("US", "UT", "84101", "We can't ship wine to Utah (US-UT)."),
            (
                "US",
                "Texas",
                "73301",
                "We can't ship wine to Texas (US-TX).",
            ),
            ("SE", "", "11455", "We can't ship wine to Sweden (SE)."),
            ("JP", "", "100-0001", "We can't ship wine to JP."),
        ] {
            let a = Address::parse(&input(country, region, zip)).unwrap();
            let err = check_wine_destination(&a, &allowed).unwrap_err();
            assert_eq!(err.to_string(), message);
            assert_eq!(err.code(), "wine_region_not_allowed");
        }
        let err = check_wine_destination(
            &Address::parse(&input("US", "UT", "84101")).unwrap(),
            &allowed,
        )
        .unwrap_err();
        assert_eq!(
            serde_json::to_value(&err).unwrap(),
            serde_json::json!({"code": "wine_region_not_allowed", "region": "US-UT"})
        );
        assert!(
            check_wine_destination(&ok, &[]).is_err(),
            "no list: wine ships nowhere"
        );
    }

    proptest::proptest! {
        #[test]
        fn parsing_never_panics_and_is_idempotent(
            name in ".{0,120}", line1 in ".{0,40}", city in ".{0,40}", region in ".{0,12}",
            postal in "[0-9A-Za-z -]{0,12}", country in "(US|CA|GB|DE|FR|ES|IT|FI|SE|NL|JP|..)",
        ) {
            let raw = AddressInput { name, line1, line2: String::new(), city, region, postal_code: postal, country };
            if let Ok(a) = Address::parse(&raw) {
                proptest::prop_assert_eq!(Address::parse(&a.to_input()), Ok(a));
            }
        }
    }
}
