//! Comparing overall conversion (step 1 → last step) between two periods or two segments:
//! counts, rates, absolute and relative lift, a two-proportion z-test and a 95 % interval.
//! Side A is the baseline ("before"); lifts are B − A.

use serde::{Deserialize, Serialize};

use crate::analytics::filter::PropertyFilter;
use crate::analytics::funnel::{compute_funnel, compute_funnel_rows};
use crate::analytics::query::{FunnelError, FunnelEvent, FunnelQuery};
use crate::analytics::report::{FunnelReport, FunnelResult};
use crate::analytics::rows::FunnelRows;
use crate::analytics::stats::two_proportion_test;
use crate::clock::Timestamp;

/// How the two sides came to be. Only `randomized` supports a causal reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Assignment {
    /// Two periods, before and after a change.
    BeforeAfter,
    /// Segments the users put themselves in (e.g. views from recommendation shelves vs not).
    SelfSelected,
    /// Segments made by random assignment (an A/B test).
    Randomized,
}

impl Assignment {
    /// The caveat shown next to a non-randomized comparison.
    pub fn note(self) -> Option<&'static str> {
        match self {
            Assignment::BeforeAfter => Some(
                "These groups were not randomly assigned; the difference may come from other \
                 changes between the periods, not only from personalization.",
            ),
            Assignment::SelfSelected => Some(
                "These groups were not randomly assigned: users chose what to click, so the \
                 difference may come from who they are and what they wanted, not only from \
                 personalization.",
            ),
            Assignment::Randomized => None,
        }
    }
}

/// One side of a comparison: a label, optionally its own date range (else the query's), and
/// extra filters added to step 1 (e.g. `feature in [home_product_recs, ...]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComparisonSide {
    pub label: String,
    /// In JSON, UTC microseconds (or `null`: the query's).
    #[serde(default, with = "crate::clock::micros::option")]
    pub from: Option<Timestamp>,
    #[serde(default, with = "crate::clock::micros::option")]
    pub to: Option<Timestamp>,
    #[serde(default)]
    pub entry_filters: Vec<PropertyFilter>,
}

impl ComparisonSide {
    pub fn new(label: impl Into<String>) -> Self {
        Self {
            label: label.into(),
            from: None,
            to: None,
            entry_filters: Vec::new(),
        }
    }

    pub fn range(mut self, from: Timestamp, to: Timestamp) -> Self {
        self.from = Some(from);
        self.to = Some(to);
        self
    }

    pub fn entry_filter(mut self, filter: PropertyFilter) -> Self {
        self.entry_filters.push(filter);
        self
    }

    /// The query this side runs: the base query with its range and step-1 filters applied.
    pub fn apply(&self, base: &FunnelQuery) -> FunnelQuery {
        let mut q = base.clone();
        q.from = self.from.unwrap_or(base.from);
        q.to = self.to.unwrap_or(base.to);
        if let Some(first) = q.steps.first_mut() {
            first.filters.extend(self.entry_filters.iter().cloned());
        }
        q
    }
}

/// Two sides (A = baseline) and how they were assigned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ComparisonRequest {
    pub a: ComparisonSide,
    pub b: ComparisonSide,
    pub assignment: Assignment,
}

/// One side's overall conversion.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SideSummary {
    pub label: String,
    pub entered: u64,
    pub converted: u64,
    pub conversion_rate: Option<f64>,
}

/// Overall conversion of B against A. Rates are fractions; `_pp` fields are percentage points;
/// `relative_lift` is a fraction of A's rate (0.286 = +28.6 %). Absent = undefined (a side
/// with no users, A's rate 0, or zero pooled variance for the test).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub a: SideSummary,
    pub b: SideSummary,
    pub absolute_lift_pp: Option<f64>,
    pub relative_lift: Option<f64>,
    pub z: Option<f64>,
    /// Two-sided p-value, two-proportion z-test with pooled standard error.
    pub p_value: Option<f64>,
    /// 95 % confidence interval of B − A, unpooled (Wald) standard error.
    pub ci95_low_pp: Option<f64>,
    pub ci95_high_pp: Option<f64>,
    pub assignment: Assignment,
    pub randomized: bool,
    pub note: Option<String>,
}

/// A comparison with the full funnel of each side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunnelComparison {
    pub comparison: Comparison,
    pub report_a: FunnelReport,
    pub report_b: FunnelReport,
}

/// Compares the overall conversion of two funnel results.
pub fn compare_results(
    label_a: &str,
    a: &FunnelResult,
    label_b: &str,
    b: &FunnelResult,
    assignment: Assignment,
) -> Comparison {
    let t = two_proportion_test(a.converted, a.entered, b.converted, b.entered);
    let pp = |v: Option<f64>| v.map(|x| x * 100.0);
    let side = |label: &str, r: &FunnelResult| SideSummary {
        label: label.to_string(),
        entered: r.entered,
        converted: r.converted,
        conversion_rate: r.conversion_rate,
    };
    Comparison {
        a: side(label_a, a),
        b: side(label_b, b),
        absolute_lift_pp: pp(t.difference),
        relative_lift: t.relative_difference,
        z: t.z,
        p_value: t.p_value,
        ci95_low_pp: pp(t.ci95_low),
        ci95_high_pp: pp(t.ci95_high),
        assignment,
        randomized: assignment == Assignment::Randomized,
        note: assignment.note().map(str::to_string),
    }
}

/// Compares two groups of one grouped report. A label absent from the report is a group
/// nobody entered (zero users).
pub fn compare_groups(
    report: &FunnelReport,
    group_a: &str,
    group_b: &str,
    assignment: Assignment,
) -> Comparison {
    let empty = FunnelResult {
        entered: 0,
        converted: 0,
        conversion_rate: None,
        steps: Vec::new(),
        revenue_cents: None,
    };
    let a = report.group(group_a).unwrap_or(&empty);
    let b = report.group(group_b).unwrap_or(&empty);
    compare_results(group_a, a, group_b, b, assignment)
}

/// Runs the funnel for each side of `request` over the same events and compares them.
pub fn compare_funnels(
    events: &[FunnelEvent<'_>],
    query: &FunnelQuery,
    request: &ComparisonRequest,
) -> Result<FunnelComparison, FunnelError> {
    let report_a = compute_funnel(events, &request.a.apply(query))?;
    let report_b = compute_funnel(events, &request.b.apply(query))?;
    Ok(compared(request, report_a, report_b))
}

/// [`compare_funnels`] over the store's rows ([`compute_funnel_rows`]), the two sides at once
/// on two threads: over tens of millions of events each side is seconds of work.
pub fn compare_funnel_rows(
    rows: &FunnelRows,
    query: &FunnelQuery,
    request: &ComparisonRequest,
) -> Result<FunnelComparison, FunnelError> {
    let (query_a, query_b) = (request.a.apply(query), request.b.apply(query));
    let (report_a, report_b) = std::thread::scope(|scope| {
        let b = scope.spawn(|| compute_funnel_rows(rows, &query_b));
        let a = compute_funnel_rows(rows, &query_a);
        // A panic in the other side's thread is the engine's bug: carried on, not hidden.
        (a, b.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
    });
    Ok(compared(request, report_a?, report_b?))
}

/// Both sides' reports and their comparison.
fn compared(
    request: &ComparisonRequest,
    report_a: FunnelReport,
    report_b: FunnelReport,
) -> FunnelComparison {
    let comparison = compare_results(
        &request.a.label,
        &report_a.total,
        &request.b.label,
        &report_b.total,
        request.assignment,
    );
    FunnelComparison {
        comparison,
        report_a,
        report_b,
    }
}

#[cfg(test)]
mod tests;
