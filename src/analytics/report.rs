//! The funnel's output: per-step counts, conversion, drop-off and median times, for the total
//! and for each group. Rates are fractions in [0, 1]; an undefined rate (no users at the
//! previous step) is `None`, never NaN.

use serde::Serialize;

use crate::analytics::query::{Field, FunnelStep};
use crate::analytics::stats::median;
use crate::clock::Timestamp;

/// The result of [`compute_funnel`](crate::analytics::funnel::compute_funnel).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunnelReport {
    /// In JSON, UTC microseconds, as the query has them.
    #[serde(with = "crate::clock::micros")]
    pub from: Timestamp,
    #[serde(with = "crate::clock::micros")]
    pub to: Timestamp,
    pub window_us: i64,
    pub hold_constant: Option<Field>,
    pub group_by: Option<Field>,
    /// All users, whatever their group.
    pub total: FunnelResult,
    /// One entry per group-by value, most entered users first, then by label; empty without
    /// group-by.
    pub groups: Vec<GroupResult>,
}

impl FunnelReport {
    /// The result of one group, by label.
    pub fn group(&self, label: &str) -> Option<&FunnelResult> {
        self.groups
            .iter()
            .find(|g| g.group == label)
            .map(|g| &g.result)
    }
}

/// A group's funnel; the group's label is the entry event's group-by value, or "(none)".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupResult {
    pub group: String,
    #[serde(flatten)]
    pub result: FunnelResult,
}

/// One funnel's numbers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FunnelResult {
    /// Users who did step 1 in the date range.
    pub entered: u64,
    /// Users whose counted path reached the last step.
    pub converted: u64,
    /// `converted / entered`.
    pub conversion_rate: Option<f64>,
    pub steps: Vec<StepResult>,
    /// With a query's `revenue` property: its sum in cents over the converted users, each
    /// read off the event that completed their counted path (one order each, the one the
    /// funnel counted; a dollar amount, as events carry prices, rounded to the cent; an event
    /// without it adds nothing). Absent when the query names none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revenue_cents: Option<i64>,
}

/// One step's numbers. `step` counts from 1.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StepResult {
    pub step: usize,
    pub label: String,
    pub event_type: String,
    /// Users whose counted path reached this step.
    pub users: u64,
    /// `users / users at step 1` (1.0 at step 1).
    pub conversion_from_start: Option<f64>,
    /// `users / users at the previous step`; absent at step 1.
    pub conversion_from_previous: Option<f64>,
    /// Users at the previous step who did not reach this one (0 at step 1).
    pub drop_off: u64,
    /// `drop_off / users at the previous step`; absent at step 1.
    pub drop_off_rate: Option<f64>,
    /// Median seconds from the previous step's event to this step's, over users who reached
    /// this step; an even count takes the mean of the two middle values. Absent at step 1.
    pub median_secs_from_previous: Option<f64>,
    /// Median seconds from the entry event to this step's event, same users and rule.
    pub median_secs_from_entry: Option<f64>,
}

/// Accumulates counted paths of users into a [`FunnelResult`].
#[derive(Debug, Clone)]
pub(crate) struct Tally {
    reached: Vec<u64>,
    from_previous: Vec<Vec<i64>>,
    from_entry: Vec<Vec<i64>>,
    revenue_cents: Option<i64>,
}

impl Tally {
    pub(crate) fn new(steps: usize) -> Self {
        Self {
            reached: vec![0; steps],
            from_previous: vec![Vec::new(); steps],
            from_entry: vec![Vec::new(); steps],
            revenue_cents: None,
        }
    }

    /// A tally that also adds up revenue ([`Tally::add_revenue`]).
    pub(crate) fn counting_revenue(mut self) -> Self {
        self.revenue_cents = Some(0);
        self
    }

    /// Adds a converted user's revenue, in dollars as events carry amounts: rounded to the
    /// cent; a value that is not a finite amount adds nothing.
    pub(crate) fn add_revenue(&mut self, dollars: f64) {
        if let Some(total) = &mut self.revenue_cents
            && dollars.is_finite()
        {
            *total = total.saturating_add((dollars * 100.0).round() as i64);
        }
    }

    /// Adds one user's counted path: it reached `times.len()` steps, at these timestamps.
    pub(crate) fn add(&mut self, times: &[i64]) {
        for (k, &t) in times.iter().enumerate() {
            self.reached[k] += 1;
            if k > 0 {
                self.from_previous[k].push(t - times[k - 1]);
                self.from_entry[k].push(t - times[0]);
            }
        }
    }

    pub(crate) fn entered(&self) -> u64 {
        self.reached.first().copied().unwrap_or(0)
    }

    pub(crate) fn finish(mut self, steps: &[FunnelStep]) -> FunnelResult {
        let ratio = |num: u64, den: u64| (den > 0).then(|| num as f64 / den as f64);
        let secs = |us: Option<f64>| us.map(|v| v / 1e6);
        let entered = self.entered();
        let converted = self.reached.last().copied().unwrap_or(0);
        let mut out = Vec::with_capacity(steps.len());
        for (k, step) in steps.iter().enumerate() {
            let users = self.reached[k];
            let previous = if k == 0 {
                None
            } else {
                Some(self.reached[k - 1])
            };
            let drop_off = previous.map_or(0, |p| p - users);
            out.push(StepResult {
                step: k + 1,
                label: step.to_string(),
                event_type: step.event_type.clone(),
                users,
                conversion_from_start: ratio(users, entered),
                conversion_from_previous: previous.and_then(|p| ratio(users, p)),
                drop_off,
                drop_off_rate: previous.and_then(|p| ratio(drop_off, p)),
                median_secs_from_previous: secs(median(&mut self.from_previous[k])),
                median_secs_from_entry: secs(median(&mut self.from_entry[k])),
            });
        }
        FunnelResult {
            entered,
            converted,
            conversion_rate: ratio(converted, entered),
            steps: out,
            revenue_cents: self.revenue_cents,
        }
    }
}

impl FunnelResult {
    /// A funnel nobody entered.
    pub fn empty(steps: &[FunnelStep]) -> Self {
        Tally::new(steps.len()).finish(steps)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tally_counts_rates_and_medians() {
        let steps: Vec<FunnelStep> = ["A", "B", "C"]
            .iter()
            .map(|s| FunnelStep::new(*s))
            .collect();
        let mut t = Tally::new(3);
        t.add(&[0]);
        t.add(&[0, 10_000_000]);
        t.add(&[100, 2_000_100, 5_000_100]);
        t.add(&[0, 4_000_000, 5_000_000]);
        let r = t.finish(&steps);
        assert_eq!((r.entered, r.converted), (4, 2));
        assert_eq!(r.conversion_rate, Some(0.5));
        let s2 = &r.steps[1];
        assert_eq!((s2.users, s2.drop_off), (3, 1));
        assert_eq!(s2.conversion_from_previous, Some(0.75));
        assert_eq!(s2.drop_off_rate, Some(0.25));
        assert_eq!(s2.median_secs_from_previous, Some(4.0));
        let s3 = &r.steps[2];
        assert_eq!(s3.conversion_from_start, Some(0.5));
        assert_eq!(s3.conversion_from_previous, Some(2.0 / 3.0));
        // Gaps 3 s and 1 s: even count → mean of the middle two = 2 s; from entry 5 s and 5 s.
        assert_eq!(s3.median_secs_from_previous, Some(2.0));
        assert_eq!(s3.median_secs_from_entry, Some(5.0));
        let s1 = &r.steps[0];
        assert_eq!(s1.conversion_from_start, Some(1.0));
        assert_eq!(
            (s1.conversion_from_previous, s1.drop_off_rate),
            (None, None)
        );
        assert_eq!(s1.median_secs_from_previous, None);
    }

    #[test]
    fn empty_result_has_no_nan() {
        let steps = vec![FunnelStep::new("A"), FunnelStep::new("B")];
        let r = FunnelResult::empty(&steps);
        assert_eq!(r.conversion_rate, None);
        assert!(r.steps.iter().all(|s| s.conversion_from_start.is_none()));
        let json = serde_json::to_string(&r).unwrap();
        assert!(!json.contains("NaN"));
    }
}
