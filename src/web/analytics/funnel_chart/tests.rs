use super::*;
use crate::analytics::StepResult;

const NAMES: [&str; 8] = [
    "ProductViewed",
    "ProductAdded",
    "CheckoutStarted",
    "OrderCompleted",
    "ProductQuantityUpdated",
    "ExperimentExposure",
    "CartViewed",
    "ProductSearched",
];

/// A funnel of `n` steps from `entered` users, each step keeping `keep` of the one before
/// (1.0 keeps every bar full height, 0.0 empties all but the first).
fn funnel(n: usize, entered: u64, keep: f64, offset: usize) -> FunnelResult {
    let mut users = entered;
    let steps = (0..n)
        .map(|k| {
            if k > 0 {
                users = (users as f64 * keep).round() as u64;
            }
            StepResult {
                step: k + 1,
                label: NAMES[(k + offset) % NAMES.len()].into(),
                event_type: NAMES[(k + offset) % NAMES.len()].into(),
                users,
                conversion_from_start: (entered > 0).then(|| users as f64 / entered as f64),
                conversion_from_previous: None,
                drop_off: 0,
                drop_off_rate: None,
                median_secs_from_previous: None,
                median_secs_from_entry: None,
            }
        })
        .collect();
    FunnelResult {
        entered,
        converted: users,
        conversion_rate: None,
        steps,
        revenue_cents: None,
    }
}

fn overlap(a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

fn bar_box(b: &Bar) -> (f64, f64, f64, f64) {
    (b.x, b.y, b.x + b.width, b.y + b.height)
}

/// No two labels overlap; every label is inside the chart; a label overlaps no bar but
/// the one it is written inside.
fn assert_readable(chart: &FunnelChart, case: &str) {
    let boxes: Vec<_> = chart.labels.iter().map(Label::bounds).collect();
    for (i, a) in boxes.iter().enumerate() {
        let label = &chart.labels[i];
        assert!(
            a.0 >= 0.0 && a.1 >= 0.0 && a.2 <= chart.width && a.3 <= chart.height,
            "{case}: label {:?} at {a:?} leaves the {}×{} chart",
            label.lines,
            chart.width,
            chart.height
        );
        assert!(label.font >= MIN_FONT, "{case}: font {}", label.font);
        for (j, b) in boxes.iter().enumerate().skip(i + 1) {
            assert!(
                !overlap(*a, *b),
                "{case}: {:?} {a:?} overlaps {:?} {b:?}",
                label.lines,
                chart.labels[j].lines
            );
        }
        let hit: Vec<&Bar> = chart
            .bars
            .iter()
            .filter(|bar| bar.height > 0.0 && overlap(*a, bar_box(bar)))
            .collect();
        match label.class {
            "bar-label inside" => {
                assert_eq!(hit.len(), 1, "{case}: {:?} inside one bar", label.lines);
                let bar = bar_box(hit[0]);
                assert!(a.0 >= bar.0 && a.2 <= bar.2, "{case}: {:?}", label.lines);
            }
            _ => assert!(hit.is_empty(), "{case}: {:?} over a bar", label.lines),
        }
    }
}

#[test]
fn no_label_overlaps_for_two_to_six_steps_and_one_or_two_sides() {
    for n in 2..=6 {
        for offset in [0, 2, 4] {
            for (entered, keep) in [(1_234_567, 1.0), (987, 0.4), (5, 0.0), (0, 0.5)] {
                let a = funnel(n, entered, keep, offset);
                let b = funnel(n, entered / 3 + 1, keep.max(0.9), offset);
                let both: [Side<'_>; 2] = [("a", "A", &a), ("b", "B", &b)];
                for k in 1..=2 {
                    let sides = &both[..k];
                    let case = format!("{n} steps from {offset}, {k} sides, {entered}/{keep}");
                    let columns = FunnelChart::columns(sides);
                    assert_eq!(columns.bars.len(), n * k, "{case}");
                    assert_readable(&columns, &format!("columns, {case}"));
                    let rows = FunnelChart::rows(sides);
                    assert_eq!(rows.bars.len(), n * k, "{case}");
                    assert_readable(&rows, &format!("rows, {case}"));
                }
            }
        }
    }
}

#[test]
fn long_step_names_wrap_into_two_lines_and_bars_follow_their_share() {
    let a = funnel(6, 1000, 0.5, 2);
    let chart = FunnelChart::columns(&[("a", "A", &a)]);
    let checkout = chart
        .labels
        .iter()
        .find(|l| l.class == "step-label")
        .expect("step names");
    let lines: Vec<&str> = checkout.lines.iter().map(|(_, t)| t.as_str()).collect();
    assert_eq!(lines, ["1. Checkout", "Started"]);
    assert!((chart.bars[1].height - chart.bars[0].height / 2.0).abs() < 1e-9);
    assert_eq!(chart.axis.1, chart.bars[0].y + chart.bars[0].height);
    // Ten steps of two sides still fit at the smallest font: the chart grows instead.
    let (a, b) = (funnel(10, 99_999, 0.9, 0), funnel(10, 99_999, 0.9, 3));
    let wide = FunnelChart::columns(&[("a", "A", &a), ("b", "B", &b)]);
    assert!(wide.width > 760.0, "{}", wide.width);
    assert_readable(&wide, "ten steps");
}

#[test]
fn step_names_split_at_capitals_and_numbers_group() {
    assert_eq!(words_of(3, "CheckoutStarted"), ["3. Checkout", "Started"]);
    assert_eq!(grouped(1_234_567), "1,234,567");
    assert_eq!(grouped(12), "12");
    assert_eq!(cut("ProductQuantityUpdated", 60.0, 10.0), "ProductQ…");
}
