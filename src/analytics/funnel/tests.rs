use super::*;
use crate::analytics::filter::PropertyFilter;
use crate::analytics::property::name;
use crate::analytics::query::FunnelStep;
use crate::analytics::report::FunnelResult;
use crate::analytics::testkit::{Ev, ev, query, views};
use crate::clock::{DAY, Timestamp};

fn run(evs: &[Ev], q: &FunnelQuery) -> FunnelReport {
    compute_funnel(&views(evs), q).expect("valid query")
}

fn reached(r: &FunnelResult) -> Vec<u64> {
    r.steps.iter().map(|s| s.users).collect()
}

const S: i64 = 1_000_000; // one second in µs

#[test]
fn repeated_steps_count_users_once_and_use_the_earliest_entry() {
    // Views twice, adds once: one user, both entries reach step 2, the earliest path counts.
    let evs = [
        ev("u1", "ProductViewed", 10 * S),
        ev("u1", "ProductViewed", 20 * S),
        ev("u1", "ProductAdded", 30 * S),
    ];
    let r = run(&evs, &query(&["ProductViewed", "ProductAdded"]));
    assert_eq!(reached(&r.total), vec![1, 1]);
    assert_eq!(r.total.steps[1].median_secs_from_previous, Some(20.0));
}

#[test]
fn a_step_repeated_in_the_funnel_needs_a_second_event() {
    let q = query(&["A", "A"]);
    assert_eq!(reached(&run(&[ev("u", "A", 1)], &q).total), vec![1, 0]);
    let r = run(&[ev("u", "A", 1), ev("u", "A", 1)], &q);
    assert_eq!(
        reached(&r.total),
        vec![1, 1],
        "same timestamp, later in input"
    );
}

#[test]
fn equal_timestamps_follow_input_order() {
    let q = query(&["A", "B"]);
    let in_order = [ev("u", "A", 5), ev("u", "B", 5)];
    assert_eq!(run(&in_order, &q).total.converted, 1);
    let reversed = [ev("u", "B", 5), ev("u", "A", 5)];
    assert_eq!(run(&reversed, &q).total.converted, 0);
    // Input order counts even when other users' events are interleaved.
    let mixed = [
        ev("u", "A", 5),
        ev("v", "A", 5),
        ev("v", "B", 5),
        ev("u", "B", 5),
    ];
    assert_eq!(run(&mixed, &q).total.converted, 2);
}

#[test]
fn window_is_inclusive_and_expires_one_microsecond_later() {
    let q = query(&["A", "B"]).with_window(60 * S);
    let at_end = [ev("u", "A", 100), ev("u", "B", 100 + 60 * S)];
    assert_eq!(run(&at_end, &q).total.converted, 1);
    let too_late = [ev("u", "A", 100), ev("u", "B", 100 + 60 * S + 1)];
    assert_eq!(run(&too_late, &q).total.converted, 0);
    // The window is measured from entry, not from the previous step.
    let q3 = query(&["A", "B", "C"]).with_window(60 * S);
    let evs = [ev("u", "A", 0), ev("u", "B", 50 * S), ev("u", "C", 61 * S)];
    assert_eq!(reached(&run(&evs, &q3).total), vec![1, 1, 0]);
}

#[test]
fn out_of_order_input_gives_the_same_answer() {
    let evs = vec![
        ev("u1", "A", 1),
        ev("u2", "A", 2),
        ev("u1", "X", 3),
        ev("u1", "B", 4),
        ev("u2", "B", 5),
        ev("u1", "C", 6),
        ev("u3", "B", 7),
        ev("u3", "A", 8),
    ];
    let q = query(&["A", "B", "C"]);
    let sorted = run(&evs, &q);
    assert_eq!(reached(&sorted.total), vec![3, 2, 1]);
    let mut shuffled = evs;
    shuffled.reverse();
    shuffled.swap(1, 5);
    assert_eq!(run(&shuffled, &q), sorted);
}

#[test]
fn steps_must_follow_in_order() {
    let q = query(&["A", "B", "C"]);
    // B before A is not a conversion; C before B stops at B.
    let evs = [
        ev("u", "B", 1),
        ev("u", "A", 2),
        ev("u", "C", 3),
        ev("u", "B", 4),
    ];
    assert_eq!(reached(&run(&evs, &q).total), vec![1, 1, 0]);
}

#[test]
fn the_entry_that_gets_furthest_counts() {
    let q = query(&["A", "B", "C"]).group_by(Field::Property(name("feature")));
    // First entry at 0 reaches B only (C comes after its window); the second reaches C.
    let evs = [
        ev("u", "A", 0).prop("feature", "first"),
        ev("u", "B", S),
        ev("u", "A", 3 * DAY).prop("feature", "second"),
        ev("u", "B", 3 * DAY + 2 * S),
        ev("u", "C", 3 * DAY + 5 * S),
    ];
    let r = run(&evs, &q);
    assert_eq!(reached(&r.total), vec![1, 1, 1]);
    assert_eq!(r.total.steps[1].median_secs_from_previous, Some(2.0));
    assert_eq!(r.total.steps[2].median_secs_from_entry, Some(5.0));
    assert_eq!(r.groups.len(), 1);
    assert_eq!(r.groups[0].group, "second");
}

#[test]
fn equal_depth_entries_take_the_earliest() {
    let q = query(&["A", "B"]).group_by(Field::Property(name("feature")));
    let evs = [
        ev("u", "A", 5 * DAY).prop("feature", "later"),
        ev("u", "B", 5 * DAY + 9 * S),
        ev("u", "A", 0).prop("feature", "earlier"),
        ev("u", "B", 3 * S),
    ];
    let r = run(&evs, &q);
    assert_eq!(r.groups[0].group, "earlier");
    assert_eq!(r.total.steps[1].median_secs_from_previous, Some(3.0));
    // Neither converts: still the earliest entry.
    let r = run(&[evs[0].clone(), evs[2].clone()], &q);
    assert_eq!(r.groups[0].group, "earlier");
}

#[test]
fn entry_range_bounds_step_one_only() {
    let mut q = query(&["A", "B"]);
    q.from = Timestamp::from_micros(100);
    q.to = Timestamp::from_micros(200);
    let evs = [
        ev("before", "A", 99),
        ev("before", "B", 150),
        ev("first", "A", 100),
        ev("first", "B", 5_000),
        ev("last", "A", 199),
        ev("last", "B", 199 + DAY),
        ev("at_to", "A", 200),
        ev("at_to", "B", 201),
    ];
    let r = run(&evs, &q);
    assert_eq!((r.total.entered, r.total.converted), (2, 2));
}

#[test]
fn property_filters_select_entries_and_steps() {
    let shelves = ["home_product_recs", "product_detail_related"];
    let mut q = query(&["ProductViewed", "ProductAdded"]);
    q.steps[0] = FunnelStep::new("ProductViewed")
        .with_filter(PropertyFilter::one_of(name("feature"), shelves));
    q.steps[1] =
        FunnelStep::new("ProductAdded").with_filter(PropertyFilter::is_not(name("price"), 0));
    let evs = [
        ev("recs", "ProductViewed", 1).prop("feature", "home_product_recs"),
        ev("recs", "ProductAdded", 2).prop("price", 0),
        ev("recs", "ProductAdded", 3).prop("price", 12.5),
        ev("search", "ProductViewed", 1).prop("feature", "search_results"),
        ev("search", "ProductAdded", 2),
        ev("none", "ProductViewed", 1),
        ev("related", "ProductViewed", 1).prop("feature", "product_detail_related"),
    ];
    let r = run(&evs, &q);
    assert_eq!(reached(&r.total), vec![2, 1]);
    assert_eq!(r.total.steps[1].median_secs_from_previous, Some(2e-6));
}

#[test]
fn hold_session_constant_across_sessions() {
    let q = query(&["A", "B", "C"]);
    let held = q.clone().hold_constant(Field::SessionId);
    let split = [
        ev("u", "A", 1).session("s1"),
        ev("u", "B", 2).session("s1"),
        ev("u", "C", 3).session("s2"),
    ];
    assert_eq!(reached(&run(&split, &q).total), vec![1, 1, 1]);
    assert_eq!(reached(&run(&split, &held).total), vec![1, 1, 0]);
    // A later session with all three steps: the held path from that entry counts.
    let later = [
        ev("u", "A", 1).session("s1"),
        ev("u", "A", 10).session("s2"),
        ev("u", "B", 11).session("s1"),
        ev("u", "B", 12).session("s2"),
        ev("u", "C", 13).session("s2"),
    ];
    let r = run(&later, &held);
    assert_eq!(reached(&r.total), vec![1, 1, 1]);
    assert_eq!(r.total.steps[2].median_secs_from_entry, Some(3e-6));
}

#[test]
fn hold_property_constant() {
    let q = query(&["View", "Add"]).hold_constant(Field::Property(name("product")));
    let evs = [
        ev("u", "View", 1).prop("product", "p1"),
        ev("u", "Add", 2).prop("product", "p2"),
        ev("v", "View", 1).prop("product", 7),
        ev("v", "Add", 2).prop("product", 7.0),
        ev("w", "View", 1),
        ev("w", "Add", 2),
    ];
    let r = run(&evs, &q);
    assert_eq!(
        reached(&r.total),
        vec![3, 2],
        "p1≠p2; 7 = 7.0; missing = missing"
    );
}

#[test]
fn group_by_entry_property_with_none_group() {
    let q = query(&["A", "B"]).group_by(Field::Property(name("feature")));
    let evs = [
        ev("u1", "A", 1).prop("feature", "recs"),
        ev("u1", "B", 2).prop("feature", "other"),
        ev("u2", "A", 1).prop("feature", "recs"),
        ev("u3", "A", 1).prop("feature", ""),
        ev("u3", "B", 2),
        ev("u4", "A", 1),
        ev("u5", "A", 1).prop("feature", "search"),
    ];
    let r = run(&evs, &q);
    let labels: Vec<&str> = r.groups.iter().map(|g| g.group.as_str()).collect();
    assert_eq!(labels, vec!["(none)", "recs", "search"]);
    assert_eq!(reached(r.group("recs").unwrap()), vec![2, 1]);
    assert_eq!(reached(r.group("(none)").unwrap()), vec![2, 1]);
    assert_eq!(reached(r.group("search").unwrap()), vec![1, 0]);
    assert_eq!(reached(&r.total), vec![5, 2]);
    let by_session = run(&evs, &query(&["A", "B"]).group_by(Field::SessionId));
    assert_eq!(by_session.groups[0].group, "s");
}

#[test]
fn step_counts_and_medians_over_users() {
    let q = query(&["A", "B", "C"]);
    let mut evs = Vec::new();
    // Users reach B after 1, 2, 3 and 10 s; C after a further 5 and 7 s for the first two.
    for (i, gap) in [1, 2, 3, 10].into_iter().enumerate() {
        let u = format!("u{i}");
        evs.push(ev(&u, "A", 0));
        evs.push(ev(&u, "B", gap * S));
        if i < 2 {
            evs.push(ev(&u, "C", (gap + 5 + 2 * i as i64) * S));
        }
    }
    evs.push(ev("quitter", "A", 0));
    evs.push(ev("noise", "B", 0));
    let r = run(&evs, &q);
    assert_eq!(reached(&r.total), vec![5, 4, 2]);
    let [s1, s2, s3] = &r.total.steps[..] else {
        panic!("three steps")
    };
    assert_eq!((s1.users, s1.drop_off), (5, 0));
    assert_eq!((s2.drop_off, s2.drop_off_rate), (1, Some(0.2)));
    assert_eq!(s2.conversion_from_start, Some(0.8));
    assert_eq!(
        s2.median_secs_from_previous,
        Some(2.5),
        "median of 1, 2, 3, 10"
    );
    assert_eq!((s3.drop_off, s3.conversion_from_previous), (2, Some(0.5)));
    assert_eq!(s3.median_secs_from_previous, Some(6.0), "median of 5, 7");
    assert_eq!(s3.median_secs_from_entry, Some(7.5), "median of 6, 9");
    assert_eq!(r.total.conversion_rate, Some(0.4));
}

#[test]
fn single_step_and_empty_inputs() {
    let r = run(&[ev("u", "A", 1), ev("v", "A", 2)], &query(&["A"]));
    assert_eq!((r.total.entered, r.total.converted), (2, 2));
    let r = run(&[], &query(&["A", "B"]).group_by(Field::SessionId));
    assert_eq!(r.total.entered, 0);
    assert!(r.groups.is_empty());
    assert_eq!(r.total.conversion_rate, None);
}

#[test]
fn invalid_queries_are_rejected() {
    let evs = [ev("u", "A", 1)];
    let q = query(&["A"]).with_window(0);
    assert!(matches!(
        compute_funnel(&views(&evs), &q),
        Err(FunnelError::NonPositiveWindow { window_us: 0 })
    ));
}

#[test]
fn revenue_adds_up_the_order_each_converted_path_counted() {
    let total = |dollars: f64| {
        move |e: Ev| {
            e.prop("orderTotal", dollars)
                .prop("feature", "home_product_recs")
        }
    };
    let evs = [
        // u1 orders twice within the window: only the order its path counted adds up.
        ev("u1", "ProductViewed", 10 * S),
        total(12.345)(ev("u1", "OrderCompleted", 20 * S)),
        total(99.0)(ev("u1", "OrderCompleted", 30 * S)),
        // u2 converts with an order of 0.10 + 0.20 dollars: 30 cents, no drift.
        ev("u2", "ProductViewed", 10 * S).prop("feature", "search_results"),
        total(0.1 + 0.2)(ev("u2", "OrderCompleted", 11 * S)),
        // u3 orders outside the window: not converted, no revenue.
        ev("u3", "ProductViewed", 10 * S),
        total(50.0)(ev("u3", "OrderCompleted", 10 * S + 2 * DAY)),
        // u4's order carries no total: converted, adds nothing.
        ev("u4", "ProductViewed", 10 * S),
        ev("u4", "OrderCompleted", 12 * S),
    ];
    let q = query(&["ProductViewed", "OrderCompleted"]).with_revenue(name("orderTotal"));
    let r = run(&evs, &q);
    assert_eq!(r.total.converted, 3);
    assert_eq!(r.total.revenue_cents, Some(1_235 + 30));
    // Without a revenue property there is none, and the JSON has no key for it.
    let plain = run(&evs, &query(&["ProductViewed", "OrderCompleted"]));
    assert_eq!(plain.total.revenue_cents, None);
    let json = serde_json::to_value(&plain.total).expect("json");
    assert!(json.get("revenue_cents").is_none(), "{json}");
    // Groups add up their own users' orders.
    let grouped = run(&evs, &q.clone().group_by(Field::Property(name("feature"))));
    let search = grouped.group("search_results").expect("a group");
    assert_eq!(search.revenue_cents, Some(30));
}
