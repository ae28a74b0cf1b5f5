//! The analytics page in words, for a presenter to read out: the headline of a comparison,
//! who each side is, which events the numbers come from, and the live events apart. Every
//! number is the report's, formatted here; none is typed in.

use serde_json::Value;

use crate::analytics::spec::{PERSONALIZED_FEATURES, Source, p_value, percent, points};
use crate::analytics::{
    ComparisonSide, Condition, FunnelComparison, FunnelResult, FunnelStep, LiveActivity,
};
use crate::domain::Money;
use crate::web::presenter::readable;
use crate::web::views::grouped;

/// "Conversion rose from 4.1 % (A) to 6.3 % (B) (+2.2 points, +53.7 %), significant at the
/// 5 % level (p = 0.0030); revenue per visitor $3.10 → $4.85."
pub struct Headline {
    /// "rose", "fell" or "went"
    pub direction: &'static str,
    pub rate_a: String,
    pub rate_b: String,
    /// "+2.2"
    pub lift: String,
    /// "+53.7 %"; empty when A converted nobody.
    pub relative: String,
    /// "significant at the 5 % level (p = 0.0030)"
    pub verdict: String,
    pub significant: bool,
    /// Revenue per visitor, A and B, when the funnel ends with the order.
    pub revenue: Option<(String, String)>,
}

impl Headline {
    /// `None` until both sides have shoppers (there is nothing to say).
    pub fn of(c: &FunnelComparison) -> Option<Headline> {
        let k = &c.comparison;
        let (lift, rate_a, rate_b) = (
            k.absolute_lift_pp?,
            k.a.conversion_rate?,
            k.b.conversion_rate?,
        );
        let verdict = match k.p_value {
            Some(p) if p < 0.05 => format!("significant at the 5 % level ({})", p_is(p)),
            Some(p) => format!("not significant at the 5 % level ({})", p_is(p)),
            None => "not tested (neither side's rate varies)".to_string(),
        };
        let revenue = match (
            revenue_per_visitor(&c.report_a.total),
            revenue_per_visitor(&c.report_b.total),
        ) {
            (Some(a), Some(b)) => Some((a.to_string(), b.to_string())),
            _ => None,
        };
        Some(Headline {
            direction: if rate_b > rate_a {
                "rose"
            } else if rate_b < rate_a {
                "fell"
            } else {
                "went"
            },
            rate_a: percent(Some(rate_a)),
            rate_b: percent(Some(rate_b)),
            lift: points(Some(lift)),
            // As the comparison below gives it ("53.7 %"), with its sign.
            relative: k
                .relative_lift
                .map_or_else(String::new, |r| format!("{:+.1} %", r * 100.0)),
            verdict,
            significant: k.p_value.is_some_and(|p| p < 0.05),
            revenue,
        })
    }
}

/// "p = 0.0030", "p < 0.0001"
pub fn p_is(p: f64) -> String {
    let shown = p_value(Some(p));
    if shown.starts_with('<') {
        format!("p {shown}")
    } else {
        format!("p = {shown}")
    }
}

/// The funnel's revenue over the shoppers who entered it: `None` without revenue (a funnel
/// that does not end with the order) or without shoppers.
pub fn revenue_per_visitor(result: &FunnelResult) -> Option<Money> {
    let cents = result.revenue_cents?;
    (result.entered > 0)
        .then(|| Money::from_cents((cents as f64 / result.entered as f64).round() as i64))
}

/// Who a side counts, in words: "all shoppers with a ProductViewed", "shoppers who came from
/// a recommendation shelf (home_product_recs, product_detail_related)".
pub fn who_entered(first_step: &FunnelStep, side: Option<&ComparisonSide>) -> String {
    let filters: Vec<String> = first_step
        .filters
        .iter()
        .chain(side.into_iter().flat_map(|s| &s.entry_filters))
        .map(|f| match (&f.condition, f.property.as_str()) {
            (Condition::In(values), "feature") => from_shelves(values),
            (Condition::Is(value), "feature") => from_shelves(std::slice::from_ref(value)),
            _ => format!("whose {} had {f}", first_step.event_type),
        })
        .collect();
    if filters.is_empty() {
        format!("all shoppers with a {}", first_step.event_type)
    } else {
        format!("shoppers {}", filters.join(" and "))
    }
}

/// "who came from a recommendation shelf (home_product_recs, product_detail_related)"
fn from_shelves(values: &[Value]) -> String {
    let names: Vec<&str> = values.iter().filter_map(Value::as_str).collect();
    let personalized: Vec<&str> = PERSONALIZED_FEATURES.split(',').collect();
    let kind = if !names.is_empty() && names.iter().all(|n| personalized.contains(n)) {
        "a recommendation shelf"
    } else {
        "the shelf"
    };
    format!("who came from {kind} ({})", names.join(", "))
}

/// The source's name, as the form and `--source` spell it.
pub fn source_key(source: Source) -> &'static str {
    match source {
        Source::All => "all",
        Source::Simulated => "simulated",
        Source::Live => "live",
    }
}

/// Which events the funnel's numbers come from, said plainly.
pub fn source_note(source: Source) -> &'static str {
    match source {
        Source::Simulated => {
            "These numbers come from simulated events only (written by storefront simulate): \
             the shop's own events, the seed's history and your clicks, are not in them. Your \
             clicks are counted in the live panel."
        }
        Source::Live => {
            "These numbers come from the shop's own events: the seed's synthetic history and \
             what browsers did here, your clicks among them. Simulated periods are left out."
        }
        Source::All => {
            "These numbers come from every event: simulated periods, the seed's synthetic \
             history and what browsers did here, your clicks among them."
        }
    }
}

/// The live events panel.
pub struct LiveView {
    /// "5 Oct – 5 Dec 2026"
    pub range: String,
    /// RFC 3339 from and to, for the title.
    pub exact: String,
    /// "1,234"
    pub total: String,
    pub users: u64,
    /// (event type, count), the types with events.
    pub by_type: Vec<(&'static str, String)>,
    /// Events of the seed's synthetic history in the range; "0" when none.
    pub seed_history: String,
    /// Whether the funnel's numbers include them.
    pub counted_above: bool,
    /// The same steps over the last day, live events only.
    pub funnel_link: String,
}

impl LiveView {
    pub fn new(live: &LiveActivity, source: Source, steps: &[FunnelStep]) -> LiveView {
        let steps: Vec<&str> = steps.iter().map(|s| s.event_type.as_str()).collect();
        LiveView {
            range: readable::range(live.from, live.to),
            exact: format!("{} to {}", live.from.to_rfc3339(), live.to.to_rfc3339()),
            total: grouped(live.total),
            users: live.users,
            by_type: live
                .by_type
                .iter()
                .map(|(t, n)| (t.as_str(), grouped(*n)))
                .collect(),
            seed_history: grouped(live.seed_history),
            counted_above: source != Source::Simulated,
            // Event types are letters only: nothing to escape.
            funnel_link: format!(
                "/analytics?steps={}&from=1d&to=now&source=live",
                steps.join(",")
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::spec::FunnelSpec;
    use crate::analytics::{Assignment, compare_results};

    fn result(entered: u64, converted: u64, revenue_cents: Option<i64>) -> FunnelResult {
        FunnelResult {
            entered,
            converted,
            conversion_rate: (entered > 0).then(|| converted as f64 / entered as f64),
            steps: Vec::new(),
            revenue_cents,
        }
    }

    fn report(total: FunnelResult) -> crate::analytics::FunnelReport {
        crate::analytics::FunnelReport {
            from: crate::clock::Timestamp::EPOCH,
            to: crate::clock::Timestamp::EPOCH,
            window_us: 1,
            hold_constant: None,
            group_by: None,
            total,
            groups: Vec::new(),
        }
    }

    #[test]
    fn the_headline_says_the_reports_numbers() {
        let (a, b) = (
            result(1000, 41, Some(310_000)),
            result(1000, 63, Some(485_000)),
        );
        let comparison = compare_results("A", &a, "B", &b, Assignment::BeforeAfter);
        let c = FunnelComparison {
            comparison,
            report_a: report(a),
            report_b: report(b.clone()),
        };
        let h = Headline::of(&c).expect("a headline");
        assert_eq!(
            (h.direction, h.rate_a.as_str(), h.rate_b.as_str()),
            ("rose", "4.1 %", "6.3 %")
        );
        assert_eq!((h.lift.as_str(), h.relative.as_str()), ("+2.2", "+53.7 %"));
        assert!(h.significant, "{}", h.verdict);
        assert!(
            h.verdict
                .starts_with("significant at the 5 % level (p = 0.0"),
            "{}",
            h.verdict
        );
        assert_eq!(h.revenue, Some(("$3.10".into(), "$4.85".into())));
        // Nobody on one side: nothing to headline.
        let empty = result(0, 0, None);
        let none = FunnelComparison {
            comparison: compare_results("A", &empty, "B", &b, Assignment::BeforeAfter),
            report_a: report(empty),
            report_b: report(result(1000, 63, None)),
        };
        assert!(Headline::of(&none).is_none());
    }

    #[test]
    fn sides_are_described_by_their_first_step_and_segment() {
        let q = FunnelSpec::workshop()
            .question(1_800_000_000_000_000)
            .expect("valid");
        let first = &q.query.steps[0];
        let c = q.comparison.expect("a comparison");
        assert_eq!(
            who_entered(first, Some(&c.a)),
            "all shoppers with a ProductViewed"
        );
        assert_eq!(
            who_entered(first, Some(&c.b)),
            "shoppers who came from a recommendation shelf (home_product_recs, \
             product_detail_related)"
        );
    }
}
