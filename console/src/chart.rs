//! Geometry of the dashboard's inline SVG charts: value ranges, scales, line paths that break
//! at periods without data, axis ticks and bar lengths. Plain arithmetic, tested natively.

use shared::surveys::MetricKind;

/// A chart's drawing area inside its viewBox.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Frame {
    pub width: f64,
    pub height: f64,
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
}

impl Frame {
    /// The line charts' frame (viewBox `0 0 320 160`).
    pub const LINE: Frame = Frame {
        width: 320.0,
        height: 160.0,
        left: 40.0,
        right: 12.0,
        top: 10.0,
        bottom: 26.0,
    };

    pub fn plot_width(&self) -> f64 {
        (self.width - self.left - self.right).max(0.0)
    }

    pub fn plot_height(&self) -> f64 {
        (self.height - self.top - self.bottom).max(0.0)
    }

    /// The viewBox attribute.
    pub fn view_box(&self) -> String {
        format!("0 0 {} {}", self.width, self.height)
    }

    /// The x of point `i` of `n`, spread evenly (one point sits in the middle).
    pub fn x(&self, i: usize, n: usize) -> f64 {
        if n <= 1 {
            self.left + self.plot_width() / 2.0
        } else {
            self.left + self.plot_width() * i as f64 / (n - 1) as f64
        }
    }

    /// The y of `v` on the scale `lo..=hi` (values outside are clamped to the frame).
    pub fn y(&self, v: f64, lo: f64, hi: f64) -> f64 {
        let span = hi - lo;
        let frac = if span > 0.0 { (v - lo) / span } else { 0.5 };
        self.top + self.plot_height() * (1.0 - frac.clamp(0.0, 1.0))
    }
}

/// The smallest "nice" number (1, 2 or 5 × a power of ten) at least `v` (1 for `v <= 0`).
pub fn nice_ceil(v: f64) -> f64 {
    if v.is_nan() || v <= 0.0 {
        return 1.0;
    }
    let mag = 10f64.powf(v.log10().floor());
    for step in [1.0, 2.0, 5.0, 10.0] {
        if step * mag >= v - 1e-9 {
            return step * mag;
        }
    }
    10.0 * mag
}

/// The vertical scale of a metric's chart: its whole scale for bounded metrics (percent
/// 0–100, NPS −100–100, CES 1–7), else 0 to a nice number above the data and the target.
pub fn bounds(metric: MetricKind, values: &[Option<f64>], target: Option<f64>) -> (f64, f64) {
    match metric {
        MetricKind::Csat | MetricKind::Fcr | MetricKind::Sla | MetricKind::ResponseRate => {
            (0.0, 100.0)
        }
        MetricKind::Nps => (-100.0, 100.0),
        MetricKind::Ces => (1.0, 7.0),
        _ => {
            let max = values
                .iter()
                .flatten()
                .chain(target.iter())
                .fold(0.0f64, |m, v| m.max(*v));
            (0.0, nice_ceil(max))
        }
    }
}

/// Three ticks: bottom, middle and top of the scale.
pub fn ticks(lo: f64, hi: f64) -> [f64; 3] {
    [lo, (lo + hi) / 2.0, hi]
}

fn coord(v: f64) -> String {
    let s = format!("{v:.1}");
    s.strip_suffix(".0").map(str::to_owned).unwrap_or(s)
}

/// The points of a series, `None` where a period has no data.
pub fn points(values: &[Option<f64>], lo: f64, hi: f64, f: &Frame) -> Vec<Option<(f64, f64)>> {
    let n = values.len();
    values
        .iter()
        .enumerate()
        .map(|(i, v)| v.map(|v| (f.x(i, n), f.y(v, lo, hi))))
        .collect()
}

/// The SVG path of a series: a new `M` after every gap, so periods without data break the
/// line. A lone point makes a bare `M` (the chart draws a dot on every point).
pub fn line_path(values: &[Option<f64>], lo: f64, hi: f64, f: &Frame) -> String {
    let mut d = String::new();
    let mut pen_down = false;
    for p in points(values, lo, hi, f) {
        match p {
            Some((x, y)) => {
                if !d.is_empty() {
                    d.push(' ');
                }
                d.push(if pen_down { 'L' } else { 'M' });
                d.push_str(&format!("{},{}", coord(x), coord(y)));
                pen_down = true;
            }
            None => pen_down = false,
        }
    }
    d
}

/// A bar's length for `count` when the longest bar (`max`) takes `full`.
pub fn bar_length(count: usize, max: usize, full: f64) -> f64 {
    if max == 0 {
        0.0
    } else {
        full * count as f64 / max as f64
    }
}

/// Which of `n` x positions get a label: first, middle and last (fewer when `n` is small).
pub fn x_label_indices(n: usize) -> Vec<usize> {
    match n {
        0 => vec![],
        1 => vec![0],
        2 => vec![0, 1],
        _ => {
            let mut v = vec![0, (n - 1) / 2, n - 1];
            v.dedup();
            v
        }
    }
}

/// A coordinate for an SVG attribute.
pub fn attr(v: f64) -> String {
    coord(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    const F: Frame = Frame {
        width: 120.0,
        height: 60.0,
        left: 10.0,
        right: 10.0,
        top: 5.0,
        bottom: 5.0,
    };

    #[test]
    fn scales_map_values_into_the_frame() {
        assert_eq!(F.plot_width(), 100.0);
        assert_eq!(F.x(0, 5), 10.0);
        assert_eq!(F.x(4, 5), 110.0);
        assert_eq!(F.x(0, 1), 60.0);
        assert_eq!(F.y(0.0, 0.0, 100.0), 55.0);
        assert_eq!(F.y(100.0, 0.0, 100.0), 5.0);
        assert_eq!(F.y(50.0, 0.0, 100.0), 30.0);
        // Clamped, and a flat scale sits in the middle.
        assert_eq!(F.y(150.0, 0.0, 100.0), 5.0);
        assert_eq!(F.y(3.0, 3.0, 3.0), 30.0);
        assert_eq!(F.y(0.0, -100.0, 100.0), 30.0);
    }

    #[test]
    fn paths_break_at_gaps() {
        let v = [Some(0.0), Some(100.0), None, Some(50.0), Some(50.0)];
        assert_eq!(line_path(&v, 0.0, 100.0, &F), "M10,55 L35,5 M85,30 L110,30");
        // A lone point between gaps is a bare move; no data, no path.
        assert_eq!(
            line_path(&[None, Some(50.0), None], 0.0, 100.0, &F),
            "M60,30"
        );
        assert_eq!(line_path(&[None, None], 0.0, 100.0, &F), "");
        assert_eq!(line_path(&[], 0.0, 100.0, &F), "");
        assert_eq!(
            points(&[None, Some(100.0)], 0.0, 100.0, &F),
            vec![None, Some((110.0, 5.0))]
        );
    }

    #[test]
    fn bounds_fit_the_metric() {
        assert_eq!(
            bounds(MetricKind::Csat, &[Some(40.0)], Some(90.0)),
            (0.0, 100.0)
        );
        assert_eq!(bounds(MetricKind::Nps, &[], None), (-100.0, 100.0));
        assert_eq!(bounds(MetricKind::Ces, &[], None), (1.0, 7.0));
        assert_eq!(
            bounds(
                MetricKind::FrtMedian,
                &[Some(3.2), None, Some(7.5)],
                Some(5.0)
            ),
            (0.0, 10.0)
        );
        assert_eq!(
            bounds(MetricKind::Churn, &[Some(1.2)], Some(5.0)),
            (0.0, 5.0)
        );
        assert_eq!(bounds(MetricKind::Churn, &[None], None), (0.0, 1.0));
        assert_eq!(nice_ceil(0.0), 1.0);
        assert_eq!(nice_ceil(11.0), 20.0);
        assert_eq!(nice_ceil(0.3), 0.5);
        assert_eq!(nice_ceil(200.0), 200.0);
        assert_eq!(nice_ceil(600.0), 1000.0);
        assert_eq!(ticks(-100.0, 100.0), [-100.0, 0.0, 100.0]);
    }

    #[test]
    fn bars_and_labels() {
        assert_eq!(bar_length(2, 4, 200.0), 100.0);
        assert_eq!(bar_length(4, 4, 200.0), 200.0);
        assert_eq!(bar_length(0, 0, 200.0), 0.0);
        assert_eq!(x_label_indices(0), Vec::<usize>::new());
        assert_eq!(x_label_indices(2), vec![0, 1]);
        assert_eq!(x_label_indices(4), vec![0, 1, 3]);
        assert_eq!(x_label_indices(5), vec![0, 2, 4]);
        assert_eq!(attr(12.26), "12.3");
        assert_eq!(attr(3.0), "3");
    }
}
