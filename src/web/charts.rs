//! Server-rendered SVG charts for the experiment results: each variation's rate with its
//! interval, and lines over time (cumulative rates; a bandit's allocation). The geometry is
//! computed here; the templates only draw it.

/// One variation's point estimate and interval, placed.
pub struct IntervalRow {
    pub label: String,
    pub y: f64,
    pub x: f64,
    pub x_low: f64,
    pub x_high: f64,
    pub value: String,
    pub class: String,
}

pub struct IntervalChart {
    /// Where 0 is: a lift's interval that crosses it shows no significant difference.
    pub zero: f64,
    pub width: f64,
    pub height: f64,
    pub left: f64,
    pub right: f64,
    pub rows: Vec<IntervalRow>,
    pub ticks: Vec<Tick>,
}

pub struct Tick {
    pub x: f64,
    pub label: String,
}

const WIDTH: f64 = 640.0;
const LEFT: f64 = 150.0;
const RIGHT: f64 = 600.0;

/// A round step (1, 2 or 5 times a power of ten) near `raw`, for axis ticks.
fn nice_step(raw: f64) -> f64 {
    let magnitude = 10f64.powf(raw.log10().floor());
    let fraction = raw / magnitude;
    let nice = if fraction <= 1.0 {
        1.0
    } else if fraction <= 2.0 {
        2.0
    } else if fraction <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * magnitude
}
const ROW: f64 = 34.0;

/// `rows`: (label, estimate, interval) per variation; `percent` formats values as percents.
/// One row of an interval chart: its label, the estimate and the interval (low, high).
pub type IntervalInput = (String, Option<f64>, Option<(f64, f64)>);

pub fn intervals(rows: &[IntervalInput], percent: bool) -> Option<IntervalChart> {
    let values: Vec<f64> = rows
        .iter()
        .flat_map(|(_, v, ci)| v.iter().copied().chain(ci.iter().flat_map(|c| [c.0, c.1])))
        .filter(|v| v.is_finite())
        .collect();
    if values.is_empty() {
        return None;
    }
    // The axis always holds 0 (a lift's interval is read against it), and ends on round ticks.
    let lo = values.iter().copied().fold(0.0, f64::min);
    let hi = values.iter().copied().fold(0.0, f64::max);
    let step = nice_step((hi - lo).max(1e-9) / 4.0);
    let lo = (lo / step).floor() * step;
    let hi = ((hi / step).ceil() * step).max(lo + step);
    let x = |v: f64| LEFT + (v - lo) / (hi - lo) * (RIGHT - LEFT);
    let fmt = |v: f64| {
        if percent {
            format!("{:.1} %", v * 100.0)
        } else {
            format!("{v:.2}")
        }
    };
    let chart_rows = rows
        .iter()
        .enumerate()
        .map(|(k, (label, value, ci))| {
            let v = value.unwrap_or(0.0);
            let (l, h) = ci.unwrap_or((v, v));
            IntervalRow {
                label: label.clone(),
                y: 20.0 + ROW * k as f64,
                x: x(v),
                x_low: x(l),
                x_high: x(h),
                value: value.map_or_else(|| "–".to_string(), fmt),
                class: format!("series-{}", k % 8),
            }
        })
        .collect();
    let ticks = (0..)
        .map(|k| lo + step * f64::from(k))
        .take_while(|v| *v <= hi + step / 2.0)
        .map(|v| Tick {
            x: x(v),
            label: fmt(v),
        })
        .collect();
    Some(IntervalChart {
        zero: x(0.0),
        width: WIDTH,
        height: 20.0 + ROW * rows.len() as f64 + 24.0,
        left: LEFT,
        right: RIGHT,
        rows: chart_rows,
        ticks,
    })
}

pub struct Line {
    pub label: String,
    /// SVG polyline points.
    pub points: String,
    pub class: String,
}

pub struct LineChart {
    pub width: f64,
    pub height: f64,
    pub top: f64,
    pub bottom: f64,
    pub left: f64,
    pub right: f64,
    pub lines: Vec<Line>,
    pub y_ticks: Vec<YTick>,
    pub first: String,
    pub last: String,
}

pub struct YTick {
    pub y: f64,
    pub label: String,
}

/// Lines over time: `series[k]` is (label, values at each of the `times`); `None` values
/// (no data yet) leave a gap at the start.
pub fn lines(
    times: &[crate::clock::Timestamp],
    series: &[(String, Vec<Option<f64>>)],
    percent: bool,
) -> Option<LineChart> {
    let all: Vec<f64> = series
        .iter()
        .flat_map(|(_, vs)| vs.iter().flatten().copied())
        .filter(|v| v.is_finite())
        .collect();
    if times.len() < 2 || all.is_empty() {
        return None;
    }
    let (top, bottom, left, right) = (12.0, 200.0, 60.0, 600.0);
    let top_value = all.iter().copied().fold(0.0, f64::max).max(1e-9);
    let step = nice_step(top_value / 4.0);
    let hi = (top_value / step).ceil().max(1.0) * step;
    let n = times.len() - 1;
    let x = |k: usize| left + (right - left) * k as f64 / n as f64;
    let y = |v: f64| bottom - (bottom - top) * v / hi;
    let fmt = |v: f64| {
        if percent {
            format!("{:.1} %", v * 100.0)
        } else {
            format!("{v:.2}")
        }
    };
    let lines = series
        .iter()
        .enumerate()
        .map(|(k, (label, values))| Line {
            label: label.clone(),
            points: values
                .iter()
                .enumerate()
                .filter_map(|(i, v)| v.map(|v| format!("{:.1},{:.1}", x(i), y(v))))
                .collect::<Vec<_>>()
                .join(" "),
            class: format!("series-{}", k % 8),
        })
        .collect();
    let y_ticks = (0..)
        .map(|k| step * f64::from(k))
        .take_while(|v| *v <= hi + step / 2.0)
        .map(|v| YTick {
            y: y(v),
            label: fmt(v),
        })
        .collect();
    let day = |t: &crate::clock::Timestamp| {
        t.to_rfc3339()
            .chars()
            .take(16)
            .collect::<String>()
            .replace('T', " ")
    };
    Some(LineChart {
        width: 640.0,
        height: 230.0,
        top,
        bottom,
        left,
        right,
        lines,
        y_ticks,
        first: times.first().map(day).unwrap_or_default(),
        last: times.last().map(day).unwrap_or_default(),
    })
}
