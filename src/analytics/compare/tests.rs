use super::*;
use crate::analytics::property::name;
use crate::analytics::query::{Field, FunnelStep};
use crate::analytics::testkit::{Ev, ev, views};
use crate::clock::{DAY, Timestamp};

fn at(micros: i64) -> Timestamp {
    Timestamp::from_micros(micros)
}

/// `entered` users who view in the given day, of whom `converted` go on to order.
fn cohort(prefix: &str, day: i64, entered: usize, converted: usize, feature: &str) -> Vec<Ev> {
    let mut evs = Vec::new();
    for i in 0..entered {
        let u = format!("{prefix}{i}");
        let t = day * DAY + i as i64;
        evs.push(ev(&u, "ProductViewed", t).prop("feature", feature));
        if i < converted {
            evs.push(ev(&u, "OrderCompleted", t + 60_000_000));
        }
    }
    evs
}

fn base_query() -> FunnelQuery {
    let steps = vec![
        FunnelStep::new("ProductViewed"),
        FunnelStep::new("OrderCompleted"),
    ];
    FunnelQuery::new(steps, at(0), at(20 * DAY))
}

fn all_finite(c: &Comparison) -> bool {
    [
        c.a.conversion_rate,
        c.b.conversion_rate,
        c.absolute_lift_pp,
        c.relative_lift,
        c.z,
        c.p_value,
        c.ci95_low_pp,
        c.ci95_high_pp,
    ]
    .into_iter()
    .flatten()
    .all(f64::is_finite)
}

#[test]
fn before_after_periods_match_the_workshop_numbers() {
    // 238/1000 before (days 0–9), 306/1000 after (days 10–19).
    let mut evs = cohort("before", 1, 1000, 238, "");
    evs.extend(cohort("after", 12, 1000, 306, "home_product_recs"));
    let request = ComparisonRequest {
        a: ComparisonSide::new("before").range(at(0), at(10 * DAY)),
        b: ComparisonSide::new("after").range(at(10 * DAY), at(20 * DAY)),
        assignment: Assignment::BeforeAfter,
    };
    let out = compare_funnels(&views(&evs), &base_query(), &request).unwrap();
    let c = &out.comparison;
    assert_eq!((c.a.entered, c.a.converted), (1000, 238));
    assert_eq!((c.b.entered, c.b.converted), (1000, 306));
    // Expected values computed by hand in stats::tests::two_proportion_hand_computed_example.
    assert!((c.absolute_lift_pp.unwrap() - 6.8).abs() < 1e-9);
    assert!((c.relative_lift.unwrap() - 0.285_714_285_7).abs() < 1e-9);
    assert!((c.p_value.unwrap() - 0.000_633_174_857).abs() < 1e-9);
    assert!((c.ci95_low_pp.unwrap() - 2.910_965_2).abs() < 1e-6);
    assert!((c.ci95_high_pp.unwrap() - 10.689_034_8).abs() < 1e-6);
    assert!(!c.randomized);
    assert!(c.note.as_deref().unwrap().contains("not randomly assigned"));
    assert_eq!(out.report_b.total.entered, 1000);
}

#[test]
fn segments_by_entry_filter_and_the_randomized_flag() {
    let mut evs = cohort("recs", 1, 10, 5, "home_product_recs");
    evs.extend(cohort("search", 1, 20, 2, "search_results"));
    let shelves = ["home_product_recs", "product_detail_related"];
    let mut request = ComparisonRequest {
        a: ComparisonSide::new("other views")
            .entry_filter(PropertyFilter::none_of(name("feature"), shelves)),
        b: ComparisonSide::new("personalized views")
            .entry_filter(PropertyFilter::one_of(name("feature"), shelves)),
        assignment: Assignment::SelfSelected,
    };
    let out = compare_funnels(&views(&evs), &base_query(), &request).unwrap();
    let c = &out.comparison;
    assert_eq!(
        (c.a.entered, c.a.converted, c.b.entered, c.b.converted),
        (20, 2, 10, 5)
    );
    assert!((c.absolute_lift_pp.unwrap() - 40.0).abs() < 1e-9);
    assert!(c.note.is_some());
    request.assignment = Assignment::Randomized;
    let c = compare_funnels(&views(&evs), &base_query(), &request)
        .unwrap()
        .comparison;
    assert!(c.randomized);
    assert_eq!(c.note, None);
}

#[test]
fn groups_of_one_report_and_an_empty_side() {
    let mut evs = cohort("recs", 1, 10, 5, "home_product_recs");
    evs.extend(cohort("search", 1, 20, 2, "search_results"));
    let q = base_query().group_by(Field::Property(name("feature")));
    let report = compute_funnel(&views(&evs), &q).unwrap();
    let c = compare_groups(
        &report,
        "search_results",
        "home_product_recs",
        Assignment::SelfSelected,
    );
    assert_eq!((c.a.entered, c.b.converted), (20, 5));
    assert!(c.p_value.is_some() && all_finite(&c));

    // Zero users on one side: no NaN, no panic, no test.
    let c = compare_groups(
        &report,
        "nobody",
        "home_product_recs",
        Assignment::Randomized,
    );
    assert_eq!((c.a.entered, c.a.conversion_rate), (0, None));
    assert_eq!(
        (c.p_value, c.z, c.absolute_lift_pp, c.ci95_low_pp),
        (None, None, None, None)
    );
    assert!(all_finite(&c));
    let json = serde_json::to_string(&c).unwrap();
    assert!(!json.contains("NaN") && json.contains("\"p_value\":null"));
}

#[test]
fn comparison_json_uses_stable_snake_case_keys() {
    let evs = cohort("u", 1, 4, 1, "x");
    let request = ComparisonRequest {
        a: ComparisonSide::new("a"),
        b: ComparisonSide::new("b"),
        assignment: Assignment::BeforeAfter,
    };
    let out = compare_funnels(&views(&evs), &base_query(), &request).unwrap();
    let v = serde_json::to_value(&out).unwrap();
    let c = &v["comparison"];
    for key in [
        "a",
        "b",
        "absolute_lift_pp",
        "relative_lift",
        "z",
        "p_value",
        "ci95_low_pp",
        "ci95_high_pp",
        "assignment",
        "randomized",
        "note",
    ] {
        assert!(c.get(key).is_some(), "missing {key}");
    }
    assert_eq!(c["assignment"], "before_after");
    // Times are numbers of microseconds, as they always were.
    assert_eq!(v["report_a"]["from"], serde_json::json!(0));
    assert_eq!(v["report_a"]["to"], serde_json::json!(20 * DAY));
    let side = ComparisonSide::new("b").range(at(5), at(7));
    let written = serde_json::to_string(&side).unwrap();
    assert_eq!(
        written,
        r#"{"label":"b","from":5,"to":7,"entry_filters":[]}"#
    );
    assert_eq!(
        serde_json::from_str::<ComparisonSide>(&written).unwrap(),
        side
    );
    let open: ComparisonSide = serde_json::from_str(r#"{"label":"a"}"#).unwrap();
    assert_eq!((open.from, open.to), (None, None));
    assert_eq!(
        serde_json::to_string(&open).unwrap(),
        r#"{"label":"a","from":null,"to":null,"entry_filters":[]}"#
    );
    let step = &v["report_a"]["total"]["steps"][1];
    for key in [
        "step",
        "label",
        "event_type",
        "users",
        "conversion_from_start",
        "conversion_from_previous",
        "drop_off",
        "drop_off_rate",
        "median_secs_from_previous",
        "median_secs_from_entry",
    ] {
        assert!(step.get(key).is_some(), "missing {key}");
    }
    // Invalid side range is a validation error, not a panic.
    let bad = ComparisonRequest {
        a: ComparisonSide::new("a").range(at(5), at(5)),
        ..request
    };
    assert!(matches!(
        compare_funnels(&views(&evs), &base_query(), &bad),
        Err(FunnelError::EmptyRange { from, to }) if (from, to) == (at(5), at(5))
    ));
}
