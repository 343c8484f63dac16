//! Pure logic of the support metrics dashboard: filters, how each metric's value is rounded
//! and written, trend direction, the CSV behind every tile and chart, and the targets form.
//! The tiles, charts and CSV files all write numbers with [`number`], so a downloaded file
//! says exactly what the screen shows. Tested natively.

use shared::date::Date;
use shared::metrics::{Better, Period, Slice, Standing, Targets};
use shared::support::Channel;
use shared::surveys::{DateRange, MetricKind, RangeError, Series, Tile};

use crate::i18n::{self, t, Key};

/// Days in the default range (today and the 27 days before).
pub const DEFAULT_DAYS: i32 = 28;

/// The default range: the last [`DEFAULT_DAYS`] days up to `today`.
pub fn default_range(today: Date) -> DateRange {
    DateRange {
        from: today.add_days(-(DEFAULT_DAYS - 1)),
        to: today,
    }
}

/// What the dashboard asks the server for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub range: DateRange,
    pub period: Period,
    /// `None`: the whole team.
    pub agent: Option<String>,
    /// `None`: every channel (live chat and offline messages).
    pub channel: Option<Channel>,
}

impl Query {
    /// The filters as typed, validated like the server does (the channel is already a
    /// [`Channel`]: see [`parse_channel`]).
    pub fn parse(
        from: &str,
        to: &str,
        period: Period,
        agent: &str,
        channel: Option<Channel>,
    ) -> Result<Query, RangeError> {
        let agent = agent.trim();
        Ok(Query {
            range: DateRange::parse(from.trim(), to.trim())?,
            period,
            agent: (!agent.is_empty()).then(|| agent.to_owned()),
            channel,
        })
    }

    /// The query string (without `?`); `escape` encodes the agent id.
    pub fn to_query_string(&self, escape: impl Fn(&str) -> String) -> String {
        let mut q = format!(
            "from={}&to={}&period={}",
            self.range.from,
            self.range.to,
            period_str(self.period)
        );
        if let Some(a) = &self.agent {
            q.push_str("&agent=");
            q.push_str(&escape(a));
        }
        if let Some(c) = self.channel {
            q.push_str("&channel=");
            q.push_str(c.as_str());
        }
        q
    }
}

/// The channel filter's value: `""` (every channel), `chat` or `email`; anything else is
/// every channel, like an unknown period is a week.
pub fn parse_channel(s: &str) -> Option<Channel> {
    Channel::parse(s)
}

/// The channel filter's value for a channel (`""`: every channel).
pub fn channel_str(c: Option<Channel>) -> &'static str {
    c.map_or("", Channel::as_str)
}

pub fn period_str(p: Period) -> &'static str {
    match p {
        Period::Day => "day",
        Period::Week => "week",
        Period::Month => "month",
    }
}

pub fn parse_period(s: &str) -> Period {
    match s {
        "day" => Period::Day,
        "month" => Period::Month,
        _ => Period::Week,
    }
}

/// How a metric's value is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Percent,
    Score,
    Minutes,
    Hours,
}

pub fn unit(m: MetricKind) -> Unit {
    match m {
        MetricKind::Csat
        | MetricKind::Fcr
        | MetricKind::Sla
        | MetricKind::Churn
        | MetricKind::ResponseRate => Unit::Percent,
        MetricKind::Nps | MetricKind::Ces => Unit::Score,
        MetricKind::FrtMedian | MetricKind::FrtP90 => Unit::Minutes,
        MetricKind::Resolution => Unit::Hours,
    }
}

/// Decimals a metric is shown with: NPS is a whole score, everything else one decimal.
pub fn decimals(m: MetricKind) -> usize {
    match m {
        MetricKind::Nps => 0,
        _ => 1,
    }
}

/// The value rounded as shown, without its unit: `92.3`, `-15`, `4.5`. Never `-0`.
pub fn number(m: MetricKind, v: f64) -> String {
    let d = decimals(m);
    let s = format!("{v:.d$}");
    if s.trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        s.trim_start_matches('-').to_owned()
    } else {
        s
    }
}

/// The value with its unit (`92.3%`, `42`, `5.6`, `4.5 min`, `18.2 h`), or `—` without data.
pub fn value_text(m: MetricKind, v: Option<f64>) -> String {
    match v {
        Some(v) => format!("{}{}", number(m, v), i18n::unit_suffix(unit(m))),
        None => i18n::NO_VALUE.to_owned(),
    }
}

/// Which way a trend went, at the precision it is shown with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Up,
    Down,
    Flat,
}

impl Direction {
    /// `up`, `down` or `flat` (the tile's `data-direction`; not shown).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Up => "up",
            Self::Down => "down",
            Self::Flat => "flat",
        }
    }
}

pub fn direction(m: MetricKind, trend: f64) -> Direction {
    let shown: f64 = number(m, trend).parse().unwrap_or(0.0);
    if shown > 0.0 {
        Direction::Up
    } else if shown < 0.0 {
        Direction::Down
    } else {
        Direction::Flat
    }
}

/// Whether a move is an improvement (`None`: no change).
pub fn improved(better: Better, dir: Direction) -> Option<bool> {
    match (dir, better) {
        (Direction::Flat, _) => None,
        (Direction::Up, Better::Higher) | (Direction::Down, Better::Lower) => Some(true),
        _ => Some(false),
    }
}

/// `▲`, `▼` or `=` (hidden from screen readers: [`trend_spoken`] says it in words).
pub fn arrow(dir: Direction) -> &'static str {
    match dir {
        Direction::Up => "▲",
        Direction::Down => "▼",
        Direction::Flat => "=",
    }
}

/// The trend as the tile shows it: `▲ 2.5 pts`, `▼ 1.2 min`, `= 0`.
pub fn trend_text(m: MetricKind, trend: f64) -> String {
    let dir = direction(m, trend);
    let size = number(m, trend.abs());
    format!("{} {size}{}", arrow(dir), i18n::trend_suffix(unit(m)))
}

/// The trend as a screen reader says it, instead of the arrow and the abbreviated unit:
/// `Up 2.5 points, better than the previous period`.
pub fn trend_spoken(m: MetricKind, better: Better, trend: f64) -> String {
    let dir = direction(m, trend);
    i18n::trend_spoken(dir, &number(m, trend.abs()), unit(m), improved(better, dir))
}

/// The CSS class of a trend: `good`, `bad` or `flat`.
pub fn trend_class(better: Better, dir: Direction) -> &'static str {
    match improved(better, dir) {
        Some(true) => "good",
        Some(false) => "bad",
        None => "flat",
    }
}

pub fn standing_str(s: Standing) -> &'static str {
    match s {
        Standing::OnTarget => "on_target",
        Standing::Slipping => "slipping",
        Standing::OffTarget => "off_target",
        Standing::NoData => "no_data",
    }
}

// ---------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------

/// One CSV field: quoted when it holds a comma, quote or line break (quotes doubled). Text
/// that a spreadsheet would run as a formula (`=`, `+`, `-`, `@` not starting a number) is
/// prefixed with `'`.
pub fn csv_cell(s: &str) -> String {
    let formula = s.starts_with(['=', '+', '-', '@', '\t', '\r']) && s.parse::<f64>().is_err();
    let s = if formula {
        format!("'{s}")
    } else {
        s.to_owned()
    };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

/// Rows joined as RFC 4180 CSV (CRLF line ends, a final CRLF).
pub fn csv<R: AsRef<[String]>>(rows: &[R]) -> String {
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row.as_ref().iter().map(|c| csv_cell(c)).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out
}

fn opt_number(m: MetricKind, v: Option<f64>) -> String {
    v.map(|v| number(m, v)).unwrap_or_default()
}

/// A header row: each column's name from the catalogue.
fn header(cols: &[Key]) -> Vec<String> {
    cols.iter().map(|c| t(*c).to_owned()).collect()
}

/// The tiles' columns: the metric's code (`csat`, stable for scripts) and name, then the
/// numbers, the unit, the standing in words and the sample.
pub const TILES_COLUMNS: [Key; 9] = [
    Key::MetricCodeLabel,
    Key::MetricLabel,
    Key::ValueLabel,
    Key::UnitLabel,
    Key::PreviousPeriodLabel,
    Key::ChangeLabel,
    Key::TargetLabel,
    Key::StandingLabel,
    Key::AnswersLabel,
];

/// A line chart's columns.
pub const SERIES_COLUMNS: [Key; 4] = [
    Key::PeriodStart,
    Key::ValueLabel,
    Key::UnitLabel,
    Key::AnswersLabel,
];

/// A bar chart's columns: the reason's code (`wrong_order`) and label, count, share.
pub const SLICES_COLUMNS: [Key; 4] = [
    Key::ReasonCodeLabel,
    Key::ReasonLabel,
    Key::CountLabel,
    Key::SharePercentLabel,
];

/// The table behind the tiles. Numbers are written as the tiles show them, without unit.
pub fn tiles_csv(tiles: &[Tile]) -> String {
    let mut rows = vec![header(&TILES_COLUMNS)];
    for t in tiles {
        let m = t.metric;
        rows.push(vec![
            m.as_str().to_owned(),
            i18n::metric_name(m).to_owned(),
            opt_number(m, t.value),
            i18n::unit_name(unit(m)).to_owned(),
            opt_number(m, t.previous),
            opt_number(m, t.trend),
            opt_number(m, t.target),
            i18n::standing_label(t.standing).to_owned(),
            t.sample.to_string(),
        ]);
    }
    csv(&rows)
}

/// The table behind a line chart: one row per period, starting on its ISO date (an empty
/// value: no data).
pub fn series_csv(s: &Series) -> String {
    let mut rows = vec![header(&SERIES_COLUMNS)];
    for p in &s.points {
        rows.push(vec![
            p.start.to_string(),
            opt_number(s.metric, p.value),
            i18n::unit_name(unit(s.metric)).to_owned(),
            p.sample.to_string(),
        ]);
    }
    csv(&rows)
}

/// A share as shown: one decimal.
pub fn share_text(share: f64) -> String {
    number(MetricKind::Csat, share)
}

/// The table behind a bar chart.
pub fn slices_csv(slices: &[Slice], label: impl Fn(&str) -> String) -> String {
    let mut rows = vec![header(&SLICES_COLUMNS)];
    for s in slices {
        rows.push(vec![
            s.key.clone(),
            label(&s.key),
            s.count.to_string(),
            share_text(s.share),
        ]);
    }
    csv(&rows)
}

/// `csat-weekly-2026-10-28_2026-11-24.csv`; `period` is left out when the table is not per
/// period (`metrics-2026-10-28_2026-11-24.csv`).
pub fn csv_filename(stem: &str, period: Option<Period>, range: &DateRange) -> String {
    let every = period.map(|p| match p {
        Period::Day => "-daily",
        Period::Week => "-weekly",
        Period::Month => "-monthly",
    });
    format!(
        "{stem}{}-{}_{}.csv",
        every.unwrap_or(""),
        range.from,
        range.to
    )
}

// ---------------------------------------------------------------------------------------
// Targets form
// ---------------------------------------------------------------------------------------

/// A targets field of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetField {
    FirstResponseMinutes,
    OfflineFirstResponseHours,
    ResolutionHours,
    FcrPercent,
    CsatPercent,
    Nps,
    Ces,
    ChurnPercent,
    SlaPercent,
}

impl TargetField {
    pub const ALL: [TargetField; 9] = [
        Self::CsatPercent,
        Self::Nps,
        Self::Ces,
        Self::FirstResponseMinutes,
        Self::OfflineFirstResponseHours,
        Self::ResolutionHours,
        Self::FcrPercent,
        Self::SlaPercent,
        Self::ChurnPercent,
    ];

    /// The JSON field name (also used in ids and test ids).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::FirstResponseMinutes => "first_response_minutes",
            Self::OfflineFirstResponseHours => "offline_first_response_hours",
            Self::ResolutionHours => "resolution_hours",
            Self::FcrPercent => "fcr_percent",
            Self::CsatPercent => "csat_percent",
            Self::Nps => "nps",
            Self::Ces => "ces",
            Self::ChurnPercent => "churn_percent",
            Self::SlaPercent => "sla_percent",
        }
    }

    /// Allowed values, both ends included.
    pub fn bounds(self) -> (f64, f64) {
        match self {
            Self::FirstResponseMinutes => (1.0, 1440.0),
            Self::OfflineFirstResponseHours | Self::ResolutionHours => (1.0, 720.0),
            Self::Nps => (-100.0, 100.0),
            Self::Ces => (1.0, 7.0),
            _ => (0.0, 100.0),
        }
    }

    /// Whole numbers only.
    pub fn whole(self) -> bool {
        matches!(
            self,
            Self::FirstResponseMinutes | Self::OfflineFirstResponseHours | Self::ResolutionHours
        )
    }

    pub fn get(self, t: &Targets) -> f64 {
        match self {
            Self::FirstResponseMinutes => f64::from(t.first_response_minutes),
            Self::OfflineFirstResponseHours => f64::from(t.offline_first_response_hours),
            Self::ResolutionHours => f64::from(t.resolution_hours),
            Self::FcrPercent => t.fcr_percent,
            Self::CsatPercent => t.csat_percent,
            Self::Nps => t.nps,
            Self::Ces => t.ces,
            Self::ChurnPercent => t.churn_percent,
            Self::SlaPercent => t.sla_percent,
        }
    }

    fn set(self, t: &mut Targets, v: f64) {
        match self {
            Self::FirstResponseMinutes => t.first_response_minutes = v as u32,
            Self::OfflineFirstResponseHours => t.offline_first_response_hours = v as u32,
            Self::ResolutionHours => t.resolution_hours = v as u32,
            Self::FcrPercent => t.fcr_percent = v,
            Self::CsatPercent => t.csat_percent = v,
            Self::Nps => t.nps = v,
            Self::Ces => t.ces = v,
            Self::ChurnPercent => t.churn_percent = v,
            Self::SlaPercent => t.sla_percent = v,
        }
    }

    /// The value as the form shows it (`90`, `5.5`).
    pub fn text(self, t: &Targets) -> String {
        let v = self.get(t);
        if v.fract() == 0.0 {
            format!("{v:.0}")
        } else {
            v.to_string()
        }
    }
}

/// Why a field's text is refused.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TargetProblem {
    NotANumber,
    NotWhole,
    OutOfRange { min: f64, max: f64 },
}

/// The form's texts, in [`TargetField::ALL`] order, as targets, or each field's problem.
pub fn parse_targets(
    texts: &[(TargetField, String)],
) -> Result<Targets, Vec<(TargetField, TargetProblem)>> {
    let mut t = Targets::default();
    let mut problems = Vec::new();
    for (field, text) in texts {
        let text = text.trim().replace(',', ".");
        let Ok(v) = text.parse::<f64>() else {
            problems.push((*field, TargetProblem::NotANumber));
            continue;
        };
        if !v.is_finite() {
            problems.push((*field, TargetProblem::NotANumber));
            continue;
        }
        if field.whole() && v.fract() != 0.0 {
            problems.push((*field, TargetProblem::NotWhole));
            continue;
        }
        let (min, max) = field.bounds();
        if v < min || v > max {
            problems.push((*field, TargetProblem::OutOfRange { min, max }));
            continue;
        }
        field.set(&mut t, v);
    }
    if problems.is_empty() {
        Ok(t)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::surveys::Point;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn tile(metric: MetricKind, value: Option<f64>, trend: Option<f64>) -> Tile {
        Tile {
            metric,
            value,
            previous: None,
            trend,
            target: metric.target(&Targets::default(), None),
            better: metric.better(),
            standing: Standing::OnTarget,
            sample: 12,
        }
    }

    #[test]
    fn filters_default_and_validate() {
        let r = default_range(d("2026-11-24"));
        assert_eq!((r.from, r.to), (d("2026-10-28"), d("2026-11-24")));
        assert_eq!(r.days(), 28);
        let q = Query::parse("2026-10-28", " 2026-11-24", Period::Week, "", None).unwrap();
        assert_eq!((q.agent.as_deref(), q.channel), (None, None));
        assert_eq!(
            q.to_query_string(|s| s.to_owned()),
            "from=2026-10-28&to=2026-11-24&period=week"
        );
        let q = Query::parse("2026-11-01", "2026-11-30", Period::Month, "a b", None).unwrap();
        assert_eq!(
            q.to_query_string(|s| s.replace(' ', "%20")),
            "from=2026-11-01&to=2026-11-30&period=month&agent=a%20b"
        );
        assert_eq!(
            Query::parse("2026-11-30", "2026-11-01", Period::Day, "", None),
            Err(RangeError::Reversed)
        );
        assert_eq!(
            Query::parse("", "2026-11-01", Period::Day, "", Some(Channel::Chat)),
            Err(RangeError::InvalidDate)
        );
        assert_eq!(parse_period("month"), Period::Month);
        assert_eq!(parse_period("nonsense"), Period::Week);
    }

    #[test]
    fn the_channel_filter_goes_into_the_query_string() {
        let q = |agent: &str, channel: &str| {
            Query::parse(
                "2026-10-28",
                "2026-11-24",
                Period::Day,
                agent,
                parse_channel(channel),
            )
            .unwrap()
            .to_query_string(|s| s.to_owned())
        };
        assert_eq!(q("", ""), "from=2026-10-28&to=2026-11-24&period=day");
        assert_eq!(
            q("", "chat"),
            "from=2026-10-28&to=2026-11-24&period=day&channel=chat"
        );
        assert_eq!(
            q("a_maya", "email"),
            "from=2026-10-28&to=2026-11-24&period=day&agent=a_maya&channel=email"
        );
        // The select only offers these; anything else asks for every channel.
        assert_eq!(parse_channel("sms"), None);
        assert_eq!(q("", "Chat"), q("", ""));
        for c in [None, Some(Channel::Chat), Some(Channel::Email)] {
            assert_eq!(parse_channel(channel_str(c)), c);
        }
    }

    #[test]
    fn values_are_written_in_their_unit() {
        assert_eq!(value_text(MetricKind::Csat, Some(92.345)), "92.3%");
        assert_eq!(value_text(MetricKind::Csat, Some(100.0)), "100.0%");
        assert_eq!(value_text(MetricKind::Nps, Some(41.6)), "42");
        assert_eq!(value_text(MetricKind::Nps, Some(-15.2)), "-15");
        assert_eq!(value_text(MetricKind::Nps, Some(-0.2)), "0");
        assert_eq!(value_text(MetricKind::Ces, Some(5.55)), "5.5");
        assert_eq!(value_text(MetricKind::FrtMedian, Some(4.46)), "4.5 min");
        assert_eq!(value_text(MetricKind::Resolution, Some(18.24)), "18.2 h");
        assert_eq!(value_text(MetricKind::Churn, Some(2.5)), "2.5%");
        assert_eq!(value_text(MetricKind::Churn, None), "—");
        assert_eq!(number(MetricKind::Churn, -0.04), "0.0");
        assert_eq!(unit(MetricKind::FrtP90), Unit::Minutes);
    }

    #[test]
    fn trends_point_the_right_way_and_colour_by_better() {
        assert_eq!(direction(MetricKind::Csat, 2.5), Direction::Up);
        assert_eq!(direction(MetricKind::Csat, -0.04), Direction::Flat);
        assert_eq!(direction(MetricKind::Nps, -0.6), Direction::Down);
        assert_eq!(trend_text(MetricKind::Csat, 2.5), "▲ 2.5 pts");
        assert_eq!(trend_text(MetricKind::FrtMedian, -1.25), "▼ 1.2 min");
        assert_eq!(trend_text(MetricKind::Nps, 0.3), "= 0");
        // Screen readers get words instead of the arrow and the abbreviation.
        assert_eq!(
            trend_spoken(MetricKind::Csat, Better::Higher, 2.5),
            "Up 2.5 points, better than the previous period"
        );
        assert_eq!(
            trend_spoken(MetricKind::FrtMedian, Better::Lower, 1.26),
            "Up 1.3 minutes, worse than the previous period"
        );
        assert_eq!(
            trend_spoken(MetricKind::Resolution, Better::Lower, -1.0),
            "Down 1.0 hours, better than the previous period"
        );
        assert_eq!(
            trend_spoken(MetricKind::Nps, Better::Higher, -1.0),
            "Down 1, worse than the previous period"
        );
        assert_eq!(
            trend_spoken(MetricKind::Nps, Better::Higher, 0.3),
            "No change from the previous period"
        );
        assert_eq!(Direction::Flat.as_str(), "flat");
        // CSAT up is good; FRT up is bad; churn down is good.
        assert_eq!(trend_class(Better::Higher, Direction::Up), "good");
        assert_eq!(trend_class(Better::Lower, Direction::Up), "bad");
        assert_eq!(trend_class(Better::Lower, Direction::Down), "good");
        assert_eq!(trend_class(Better::Higher, Direction::Down), "bad");
        assert_eq!(trend_class(Better::Higher, Direction::Flat), "flat");
        assert_eq!(improved(Better::Lower, Direction::Flat), None);
    }

    #[test]
    fn csv_cells_are_quoted_properly() {
        assert_eq!(csv_cell("plain"), "plain");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_cell("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_cell("-15"), "-15");
        assert_eq!(csv_cell("=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_cell("@x,y"), "\"'@x,y\"");
        assert_eq!(csv_cell(""), "");
        assert_eq!(
            csv(&[
                vec!["a".to_string(), "b,c".to_string()],
                vec![String::new(), "1".into()]
            ]),
            "a,\"b,c\"\r\n,1\r\n"
        );
    }

    #[test]
    fn csv_numbers_match_the_tiles() {
        let tiles = [
            tile(MetricKind::Csat, Some(92.345), Some(2.5)),
            tile(MetricKind::Nps, Some(41.6), None),
            tile(MetricKind::ResponseRate, None, None),
        ];
        let text = tiles_csv(&tiles);
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(
            lines[0],
            "Metric code,Metric,Value,Unit,Previous period,Change,Target,Standing,Sample"
        );
        assert_eq!(lines[1], "csat,CSAT,92.3,percent,,2.5,90.0,On target,12");
        assert_eq!(lines[2], "nps,NPS,42,score,,,70,On target,12");
        assert_eq!(
            lines[3],
            "response_rate,Survey response rate,,percent,,,,On target,12"
        );
        // The tile shows the same number.
        assert!(value_text(MetricKind::Csat, Some(92.345)).starts_with("92.3"));

        let series = Series {
            metric: MetricKind::Csat,
            points: vec![
                Point {
                    start: d("2026-11-16"),
                    value: Some(87.5),
                    sample: 8,
                },
                Point {
                    start: d("2026-11-23"),
                    value: None,
                    sample: 0,
                },
            ],
        };
        assert_eq!(
            series_csv(&series),
            "Period starting,Value,Unit,Sample\r\n2026-11-16,87.5,percent,8\r\n2026-11-23,,percent,0\r\n"
        );
        let slices = [Slice {
            key: "wrong_order".into(),
            count: 2,
            share: 66.666,
        }];
        assert_eq!(
            slices_csv(&slices, |k| format!("L {k}, x")),
            "Reason code,Reason,Count,Share (%)\r\nwrong_order,\"L wrong_order, x\",2,66.7\r\n"
        );
    }

    #[test]
    fn csv_headers_and_words_come_from_the_catalogue() {
        let first_line = |text: String| text.split("\r\n").next().unwrap().to_owned();
        let names = |cols: &[Key]| cols.iter().map(|k| t(*k)).collect::<Vec<_>>().join(",");
        assert_eq!(first_line(tiles_csv(&[])), names(&TILES_COLUMNS));
        let empty = Series {
            metric: MetricKind::Nps,
            points: vec![],
        };
        assert_eq!(first_line(series_csv(&empty)), names(&SERIES_COLUMNS));
        assert_eq!(
            first_line(slices_csv(&[], |k| k.to_owned())),
            names(&SLICES_COLUMNS)
        );
        // Every column is named, and no two columns of a table share a name.
        for cols in [&TILES_COLUMNS[..], &SERIES_COLUMNS, &SLICES_COLUMNS] {
            let mut seen: Vec<&str> = cols.iter().map(|k| t(*k)).collect();
            assert!(seen.iter().all(|n| !n.trim().is_empty()));
            seen.sort_unstable();
            seen.dedup();
            assert_eq!(seen.len(), cols.len(), "{cols:?}");
        }
        // The words in cells are the catalogue's too; codes, numbers and dates are not.
        let mut off = tile(MetricKind::FrtMedian, Some(7.0), Some(-1.25));
        off.standing = Standing::OffTarget;
        let row = tiles_csv(&[off]).split("\r\n").nth(1).unwrap().to_owned();
        assert_eq!(
            row,
            format!(
                "frt_median,{},7.0,{},,-1.2,5.0,{},12",
                i18n::metric_name(MetricKind::FrtMedian),
                i18n::unit_name(Unit::Minutes),
                i18n::standing_label(Standing::OffTarget)
            )
        );
    }

    #[test]
    fn csv_filenames_name_the_range() {
        let r = DateRange::parse("2026-10-28", "2026-11-24").unwrap();
        assert_eq!(
            csv_filename("csat", Some(Period::Week), &r),
            "csat-weekly-2026-10-28_2026-11-24.csv"
        );
        assert_eq!(
            csv_filename("metrics", None, &r),
            "metrics-2026-10-28_2026-11-24.csv"
        );
        assert_eq!(
            csv_filename("nps", Some(Period::Month), &r),
            "nps-monthly-2026-10-28_2026-11-24.csv"
        );
    }

    #[test]
    fn targets_are_validated() {
        let defaults = Targets::default();
        let texts: Vec<(TargetField, String)> = TargetField::ALL
            .iter()
            .map(|f| (*f, f.text(&defaults)))
            .collect();
        assert_eq!(parse_targets(&texts), Ok(defaults.clone()));
        assert_eq!(TargetField::Ces.text(&defaults), "5.5");
        assert_eq!(TargetField::CsatPercent.text(&defaults), "90");

        let mut bad = texts.clone();
        bad[0].1 = "abc".into(); // CSAT
        bad[2].1 = "8".into(); // CES above 7
        bad[3].1 = "2.5".into(); // FRT minutes must be whole
        let problems = parse_targets(&bad).unwrap_err();
        assert_eq!(
            problems,
            vec![
                (TargetField::CsatPercent, TargetProblem::NotANumber),
                (
                    TargetField::Ces,
                    TargetProblem::OutOfRange { min: 1.0, max: 7.0 }
                ),
                (TargetField::FirstResponseMinutes, TargetProblem::NotWhole),
            ]
        );
        let mut ok = texts;
        ok[1].1 = " -20 ".into();
        ok[5].1 = "48".into();
        ok[2].1 = "6,5".into();
        let t = parse_targets(&ok).unwrap();
        assert_eq!((t.nps, t.resolution_hours, t.ces), (-20.0, 48, 6.5));
    }

    #[test]
    fn the_offline_first_response_target_is_whole_hours_up_to_a_month() {
        let f = TargetField::OfflineFirstResponseHours;
        assert_eq!(f.as_str(), "offline_first_response_hours");
        assert_eq!(f.text(&Targets::default()), "24");
        let with = |text: &str| {
            let texts: Vec<(TargetField, String)> = TargetField::ALL
                .iter()
                .map(|g| {
                    let v = if *g == f {
                        text.to_owned()
                    } else {
                        g.text(&Targets::default())
                    };
                    (*g, v)
                })
                .collect();
            parse_targets(&texts)
        };
        assert_eq!(with("48").unwrap().offline_first_response_hours, 48);
        assert_eq!(with(" 1 ").unwrap().offline_first_response_hours, 1);
        assert_eq!(with("720").unwrap().offline_first_response_hours, 720);
        let range = TargetProblem::OutOfRange {
            min: 1.0,
            max: 720.0,
        };
        assert_eq!(with("0"), Err(vec![(f, range)]));
        assert_eq!(with("721"), Err(vec![(f, range)]));
        assert_eq!(with("1.5"), Err(vec![(f, TargetProblem::NotWhole)]));
        assert_eq!(with("1,5"), Err(vec![(f, TargetProblem::NotWhole)]));
        assert_eq!(with(""), Err(vec![(f, TargetProblem::NotANumber)]));
        // Only this field changed: the live chat target is still minutes.
        let t = with("8").unwrap();
        assert_eq!(
            t.first_response_minutes,
            Targets::default().first_response_minutes
        );
        assert_eq!(
            MetricKind::FrtMedian.target(&t, Some(Channel::Email)),
            Some(480.0)
        );
    }
}
