//! An experiment's results, read from the event table: who was exposed to which variation (their
//! first `ExperimentExposure`), and what each exposed shopper did afterwards within the
//! attribution window — clicked a card of the shelf (a view carrying the experiment's
//! correlation id), added to cart, ordered, and for how much. Each outcome counts once per
//! shopper; outcomes before a shopper's first exposure do not count.
//!
//! A shopper whose exposures name two variations (ids merged at sign-in) is counted in the
//! variation of their first exposure; how many there are is reported (`mixed_shoppers`).

use std::collections::HashMap;

use experiment_stats::{Interval, Proportion, Summary};
use serde::Serialize;

use super::correlation::CorrelationId;
use super::definition::{Experiment, Horizon, Kind, Metric};
use crate::analytics::PropertyName;
use crate::clock::Timestamp;
use crate::db::{Allocation, FunnelSelection, Store, StoreError};
use crate::events::EventType;

/// No verdict before this many exposed shoppers and conversions in every variation.
pub const MIN_EXPOSED: u64 = 100;
pub const MIN_CONVERSIONS: u64 = 25;
/// A sample-ratio mismatch is flagged below this p-value.
pub const SRM_ALPHA: f64 = 0.001;
/// Points on the course-over-time charts.
const SERIES_POINTS: i64 = 24;
/// Draws for the bandits' P(best).
const P_BEST_DRAWS: u32 = 20_000;

fn property(name: &str) -> PropertyName {
    PropertyName::parse(name).unwrap_or_else(|_| unreachable!("a fixed, valid property name"))
}

/// The properties an exposure is read by.
pub fn exposure_properties() -> Vec<PropertyName> {
    vec![property("experiment"), property("variation")]
}

/// What one exposed shopper did.
#[derive(Debug, Clone, Default)]
struct ShopperTally {
    variation: usize,
    first_exposed: i64,
    mixed: bool,
    clicked: bool,
    added: bool,
    purchased: bool,
    revenue: f64,
    /// Interleaving: clicks credited to each ranker.
    team_clicks: [u32; 2],
    /// When the primary metric first happened (rates only).
    converted_at: Option<i64>,
}

/// Everything counted for one variation.
#[derive(Debug, Clone)]
pub struct ArmTally {
    pub exposed: u64,
    pub clicked: u64,
    pub added: u64,
    pub purchased: u64,
    pub revenue: Summary,
    pub revenue_total: f64,
}

impl Default for ArmTally {
    fn default() -> Self {
        ArmTally {
            exposed: 0,
            clicked: 0,
            added: 0,
            purchased: 0,
            revenue: Summary::of([]),
            revenue_total: 0.0,
        }
    }
}

impl ArmTally {
    pub fn successes(&self, metric: Metric) -> u64 {
        match metric {
            Metric::ClickThrough => self.clicked,
            Metric::AddToCart => self.added,
            Metric::Purchase | Metric::Revenue => self.purchased,
        }
    }
}

/// One point of the course over time: cumulative counts per variation at `at`.
#[derive(Debug, Clone, Serialize)]
pub struct SeriesPoint {
    pub at: Timestamp,
    pub exposed: Vec<u64>,
    pub conversions: Vec<u64>,
    pub revenue: Vec<f64>,
}

#[derive(Debug, Clone, Default)]
pub struct Tally {
    pub arms: Vec<ArmTally>,
    pub mixed: u64,
    pub wins: u64,
    pub losses: u64,
    pub ties: u64,
    pub series: Vec<SeriesPoint>,
    pub events_read: usize,
    /// A bandit's expected shoppers per arm: the sum over its exposures of the shares each was
    /// drawn by (empty for other types, whose shares are their weights).
    pub expected: Vec<f64>,
}

impl Tally {
    /// Each arm's primary rate as successes among exposed shoppers (what a bandit learns from).
    pub fn primary_proportions(&self, experiment: &Experiment) -> Vec<Proportion> {
        self.arms
            .iter()
            .map(|a| Proportion {
                successes: a.successes(experiment.metric),
                trials: a.exposed,
            })
            .collect()
    }
}

/// Counts an experiment's exposures and outcomes from the event table.
pub async fn tally(store: &Store, experiment: &Experiment) -> Result<Tally, StoreError> {
    let Some(started) = experiment.started_at else {
        return Ok(Tally {
            arms: vec![ArmTally::default(); experiment.variations.len()],
            ..Tally::default()
        });
    };
    let now = Timestamp::now();
    let window = experiment.attribution_window_micros();
    let until = experiment
        .stopped_at
        .map_or(now, |stopped| stopped + window)
        .min(now)
        + 1;
    let rows = store
        .funnel_rows(&FunnelSelection {
            types: vec![
                EventType::ExperimentExposure,
                EventType::ProductViewed,
                EventType::ProductAdded,
                EventType::OrderCompleted,
            ],
            since: started,
            until,
            simulated: None,
            // Each property is read only from the events that carry it: searching every row's
            // JSON for all five was most of the read.
            properties: vec![
                property("experiment"),
                property("variation"),
                property("experimentCorrelationId"),
                property("orderTotal"),
                property("shares"),
            ],
            property_scopes: vec![
                Some(EventType::ExperimentExposure),
                Some(EventType::ExperimentExposure),
                Some(EventType::ProductViewed),
                Some(EventType::OrderCompleted),
                Some(EventType::ExperimentExposure),
            ],
            sessions: false,
            ..FunnelSelection::default()
        })
        .await?;
    Ok(count(
        experiment,
        &rows,
        started.as_micros(),
        until.as_micros(),
    ))
}

/// The counting itself, over rows in time order.
fn count(
    experiment: &Experiment,
    rows: &crate::analytics::FunnelRows,
    since: i64,
    until: i64,
) -> Tally {
    let arms_len = experiment.variations.len();
    let window = experiment.attribution_window_micros();
    let interleaved = experiment.kind == Kind::Interleaving;
    let stopped = experiment.stopped_at.map(Timestamp::as_micros);
    let width = ((until - since) / SERIES_POINTS).max(1);
    let bucket = |t: i64| (((t - since) / width).clamp(0, SERIES_POINTS - 1)) as usize;
    let buckets = SERIES_POINTS as usize;
    let mut exposed_in = vec![vec![0u64; buckets]; arms_len];
    let mut converted_in = vec![vec![0u64; buckets]; arms_len];
    let mut revenue_in = vec![vec![0f64; buckets]; arms_len];
    let mut shoppers: HashMap<&str, ShopperTally> = HashMap::new();
    let mut expected = vec![
        0.0;
        if experiment.kind == Kind::Bandit {
            arms_len
        } else {
            0
        }
    ];
    let id = experiment.id.0;
    for row in rows.iter() {
        match row.event_type {
            EventType::ExperimentExposure => {
                if row
                    .properties
                    .get("experiment")
                    .and_then(serde_json::Value::as_i64)
                    != Some(id)
                {
                    continue;
                }
                // No new exposures count once the experiment stopped.
                if stopped.is_some_and(|s| row.timestamp > s) {
                    continue;
                }
                let variation = if interleaved {
                    Some(0)
                } else {
                    row.properties
                        .get("variation")
                        .and_then(serde_json::Value::as_str)
                        .and_then(|name| experiment.variation_index(name))
                };
                let Some(variation) = variation else { continue };
                if let Some(s) = shoppers.get_mut(row.user_id) {
                    s.mixed |= s.variation != variation;
                    continue;
                }
                if let Some(shares) = row
                    .properties
                    .get("shares")
                    .and_then(serde_json::Value::as_array)
                    && shares.len() == expected.len()
                {
                    for (e, share) in expected.iter_mut().zip(shares) {
                        *e += share.as_f64().unwrap_or(0.0);
                    }
                }
                if interleaved {
                    for arm in &mut exposed_in {
                        arm[bucket(row.timestamp)] += 1;
                    }
                } else {
                    exposed_in[variation][bucket(row.timestamp)] += 1;
                }
                shoppers.insert(
                    row.user_id,
                    ShopperTally {
                        variation,
                        first_exposed: row.timestamp,
                        ..ShopperTally::default()
                    },
                );
            }
            outcome => {
                let Some(s) = shoppers.get_mut(row.user_id) else {
                    continue;
                };
                if row.timestamp < s.first_exposed || row.timestamp > s.first_exposed + window {
                    continue;
                }
                let primary_before = s.converted_at.is_some();
                match outcome {
                    EventType::ProductViewed => {
                        let Some(corr) = row
                            .properties
                            .get("experimentCorrelationId")
                            .and_then(serde_json::Value::as_str)
                            .and_then(CorrelationId::parse)
                            .filter(|c| c.experiment == experiment.id)
                        else {
                            continue;
                        };
                        if interleaved {
                            if let Some(c) = s.team_clicks.get_mut(corr.variation) {
                                *c += 1;
                            }
                        } else if corr.variation != s.variation {
                            continue;
                        }
                        s.clicked = true;
                    }
                    EventType::ProductAdded => s.added = true,
                    EventType::OrderCompleted => {
                        s.purchased = true;
                        let total = row
                            .properties
                            .get("orderTotal")
                            .and_then(serde_json::Value::as_f64)
                            .unwrap_or(0.0);
                        s.revenue += total;
                        if !interleaved {
                            revenue_in[s.variation][bucket(row.timestamp)] += total;
                        }
                    }
                    _ => continue,
                }
                let converted = match experiment.metric {
                    Metric::ClickThrough => s.clicked,
                    Metric::AddToCart => s.added,
                    Metric::Purchase | Metric::Revenue => s.purchased,
                };
                if converted && !primary_before {
                    s.converted_at = Some(row.timestamp);
                    if !interleaved {
                        converted_in[s.variation][bucket(row.timestamp)] += 1;
                    }
                }
            }
        }
    }
    let mut tally = Tally {
        arms: vec![ArmTally::default(); arms_len],
        events_read: rows.len(),
        expected,
        ..Tally::default()
    };
    let mut revenues: Vec<Vec<f64>> = vec![Vec::new(); arms_len];
    for s in shoppers.values() {
        tally.mixed += u64::from(s.mixed);
        if interleaved {
            let [a, b] = s.team_clicks;
            match a.cmp(&b) {
                std::cmp::Ordering::Greater => tally.wins += 1,
                std::cmp::Ordering::Less => tally.losses += 1,
                std::cmp::Ordering::Equal if a > 0 => tally.ties += 1,
                std::cmp::Ordering::Equal => {}
            }
            for (team, arm) in tally.arms.iter_mut().enumerate() {
                arm.exposed += 1;
                if s.team_clicks[team] > 0 {
                    arm.clicked += 1;
                    if let Some(at) = s.converted_at {
                        converted_in[team][bucket(at)] += 1;
                    }
                }
            }
            continue;
        }
        let arm = &mut tally.arms[s.variation];
        arm.exposed += 1;
        arm.clicked += u64::from(s.clicked);
        arm.added += u64::from(s.added);
        arm.purchased += u64::from(s.purchased);
        arm.revenue_total += s.revenue;
        revenues[s.variation].push(s.revenue);
    }
    for (arm, values) in tally.arms.iter_mut().zip(revenues) {
        arm.revenue = Summary::of(values);
    }
    let mut cumulative = (
        vec![0u64; arms_len],
        vec![0u64; arms_len],
        vec![0f64; arms_len],
    );
    for b in 0..buckets {
        for v in 0..arms_len {
            cumulative.0[v] += exposed_in[v][b];
            cumulative.1[v] += converted_in[v][b];
            cumulative.2[v] += revenue_in[v][b];
        }
        tally.series.push(SeriesPoint {
            at: Timestamp::from_micros(since + width * (b as i64 + 1)),
            exposed: cumulative.0.clone(),
            conversions: cumulative.1.clone(),
            revenue: cumulative.2.clone(),
        });
    }
    tally
}

#[derive(Debug, Clone, Serialize)]
pub struct VariationResult {
    pub name: String,
    pub strategy: &'static str,
    /// The planned share of shoppers (a bandit's current allocation).
    pub planned_share: f64,
    pub exposed: u64,
    /// Shoppers with the primary outcome (for revenue: shoppers who ordered).
    pub conversions: u64,
    /// The primary metric per exposed shopper: a rate, or revenue (dollars) per shopper.
    pub rate: Option<f64>,
    pub ci_low: Option<f64>,
    pub ci_high: Option<f64>,
    /// Secondary metrics: every metric's value for this variation.
    pub click_through: Option<f64>,
    pub add_to_cart: Option<f64>,
    pub purchase: Option<f64>,
    pub revenue_per_shopper: Option<f64>,
    /// Against the control (the first variation); absent for the control itself.
    pub lift: Option<f64>,
    pub lift_ci_low: Option<f64>,
    pub lift_ci_high: Option<f64>,
    pub relative_lift: Option<f64>,
    pub relative_lift_ci_low: Option<f64>,
    pub relative_lift_ci_high: Option<f64>,
    pub p_value: Option<f64>,
    /// Always-valid p-value (sequential mode).
    pub sequential_p_value: Option<f64>,
    /// Bandits: the posterior probability that this arm is best.
    pub p_best: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExperimentResults {
    pub id: i64,
    pub name: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub shelf: &'static str,
    pub metric: &'static str,
    pub status: &'static str,
    pub horizon: &'static str,
    pub started_at: Option<Timestamp>,
    pub stopped_at: Option<Timestamp>,
    pub attribution_window_hours: u32,
    pub variations: Vec<VariationResult>,
    /// The first treatment against the control (the first two variations), or interleaving's
    /// delta.
    pub lift: Option<f64>,
    pub p_value: Option<f64>,
    pub srm_p_value: Option<f64>,
    pub srm_flagged: bool,
    pub exposed: u64,
    pub mixed_shoppers: u64,
    pub mixed_share: Option<f64>,
    /// Planned exposed shoppers per variation (fixed horizon with a plan).
    pub sample_size: Option<u64>,
    /// Power to detect the planned effect with the shoppers exposed so far.
    pub power: Option<f64>,
    pub wins: Option<u64>,
    pub losses: Option<u64>,
    pub ties: Option<u64>,
    pub delta: Option<f64>,
    pub delta_ci_low: Option<f64>,
    pub delta_ci_high: Option<f64>,
    pub verdict: Verdict,
    pub series: Vec<SeriesPoint>,
    pub allocations: Vec<AllocationPoint>,
    pub events_read: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct AllocationPoint {
    pub at: Timestamp,
    pub shares: Vec<f64>,
}

/// What the results allow one to say.
#[derive(Debug, Clone, Serialize)]
pub struct Verdict {
    /// `no_data`, `srm`, `not_enough_data`, `keep_running`, `no_difference`, `winner`.
    pub code: &'static str,
    pub text: String,
    pub winner: Option<String>,
}

/// The experiment's results: counts, statistics, verdict and courses over time.
pub async fn results(
    store: &Store,
    experiment: &Experiment,
) -> Result<ExperimentResults, StoreError> {
    let tally = tally(store, experiment).await?;
    let allocations = if experiment.kind == Kind::Bandit {
        store.allocations(experiment.id).await?
    } else {
        Vec::new()
    };
    Ok(analyse(experiment, &tally, &allocations))
}

fn rate(successes: u64, trials: u64) -> Option<f64> {
    Proportion::new(successes, trials).rate()
}

/// The statistics over a tally.
pub fn analyse(
    experiment: &Experiment,
    tally: &Tally,
    allocations: &[Allocation],
) -> ExperimentResults {
    let alpha = experiment.plan.map_or(0.05, |p| p.alpha);
    let metric = experiment.metric;
    let shares = allocations
        .last()
        .filter(|a| a.shares.len() == experiment.variations.len())
        .map_or_else(|| experiment.shares(), |a| a.shares.clone());
    let proportions = tally.primary_proportions(experiment);
    let p_best = (experiment.kind == Kind::Bandit).then(|| {
        experiment_stats::probability_best(&proportions, P_BEST_DRAWS, experiment.id.0 as u64)
    });
    let comparisons = experiment.kind != Kind::Interleaving;
    // Every treatment is compared with the control: the verdict corrects for how many.
    let comparisons_made = (experiment.variations.len() - 1).max(1) as f64;
    let tau2 = sequential_tau2(experiment, tally);
    let mut variations = Vec::with_capacity(experiment.variations.len());
    for (k, (variation, arm)) in experiment.variations.iter().zip(&tally.arms).enumerate() {
        let p = Proportion {
            successes: arm.successes(metric),
            trials: arm.exposed,
        };
        let (value, ci) = if metric.is_rate() {
            (
                rate(p.successes, p.trials),
                experiment_stats::wilson_interval(p, alpha),
            )
        } else {
            let mean = (arm.exposed > 0).then_some(arm.revenue.mean);
            (mean, mean_interval(&arm.revenue, alpha))
        };
        let mut result = VariationResult {
            name: variation.name.clone(),
            strategy: variation.strategy.as_str(),
            planned_share: shares.get(k).copied().unwrap_or(0.0),
            exposed: arm.exposed,
            conversions: p.successes,
            rate: value,
            ci_low: ci.map(|i| i.low),
            ci_high: ci.map(|i| i.high),
            click_through: rate(arm.clicked, arm.exposed),
            add_to_cart: rate(arm.added, arm.exposed),
            purchase: rate(arm.purchased, arm.exposed),
            revenue_per_shopper: (arm.exposed > 0).then_some(arm.revenue.mean),
            lift: None,
            lift_ci_low: None,
            lift_ci_high: None,
            relative_lift: None,
            relative_lift_ci_low: None,
            relative_lift_ci_high: None,
            p_value: None,
            sequential_p_value: None,
            p_best: p_best.as_ref().and_then(|b| b.get(k).copied()),
        };
        if k > 0 && comparisons {
            let control = &tally.arms[0];
            let (cmp, seq) = if metric.is_rate() {
                let c = Proportion {
                    successes: control.successes(metric),
                    trials: control.exposed,
                };
                (
                    experiment_stats::compare_proportions(c, p, alpha),
                    experiment_stats::msprt_proportions(c, p, tau2, alpha),
                )
            } else {
                (
                    experiment_stats::compare_means(&control.revenue, &arm.revenue, alpha),
                    experiment_stats::msprt_means(&control.revenue, &arm.revenue, tau2, alpha),
                )
            };
            result.lift = cmp.abs_lift;
            result.lift_ci_low = cmp.abs_ci.map(|i| i.low);
            result.lift_ci_high = cmp.abs_ci.map(|i| i.high);
            result.relative_lift = cmp.rel_lift;
            result.relative_lift_ci_low = cmp.rel_ci.map(|i| i.low);
            result.relative_lift_ci_high = cmp.rel_ci.map(|i| i.high);
            result.p_value = cmp.p_value;
            result.sequential_p_value = seq.p_value;
            if experiment.horizon == Horizon::Sequential {
                // The confidence sequence replaces the fixed-horizon interval.
                result.lift_ci_low = seq.ci.map(|i| i.low);
                result.lift_ci_high = seq.ci.map(|i| i.high);
            }
        }
        variations.push(result);
    }
    let exposed: u64 = if experiment.kind == Kind::Interleaving {
        tally.arms.first().map_or(0, |a| a.exposed)
    } else {
        tally.arms.iter().map(|a| a.exposed).sum()
    };
    let srm = (comparisons && exposed > 0)
        .then(|| {
            let observed: Vec<u64> = tally.arms.iter().map(|a| a.exposed).collect();
            experiment_stats::srm(&observed, &srm_weights(experiment, tally))
        })
        .flatten();
    let srm_p_value = srm.map(|s| s.p_value);
    let srm_flagged = srm_p_value.is_some_and(|p| p < SRM_ALPHA);
    let interleaving = (experiment.kind == Kind::Interleaving)
        .then(|| experiment_stats::interleaving(tally.wins, tally.losses, tally.ties, alpha));
    let (lift, p_value) = match &interleaving {
        Some(i) => (i.delta, i.p_value),
        None => variations.get(1).map_or((None, None), |v| {
            let p = if experiment.horizon == Horizon::Sequential {
                v.sequential_p_value
            } else {
                v.p_value
            };
            (v.lift, p)
        }),
    };
    let sample_size = experiment.plan.and_then(|p| p.sample_size);
    let power = experiment.plan.and_then(|plan| {
        let least = tally.arms.iter().map(|a| a.exposed).min()?;
        experiment_stats::power_proportions(
            plan.baseline_rate,
            experiment_stats::Effect::Relative(plan.mde_relative),
            plan.alpha,
            least,
        )
    });
    let verdict = verdict(
        experiment,
        tally,
        &variations,
        srm_flagged,
        interleaving.as_ref(),
        alpha / comparisons_made,
        sample_size,
    );
    ExperimentResults {
        id: experiment.id.0,
        name: experiment.name.clone(),
        kind: experiment.kind.as_str(),
        shelf: experiment.shelf.as_str(),
        metric: metric.as_str(),
        status: experiment.status.as_str(),
        horizon: experiment.horizon.as_str(),
        started_at: experiment.started_at,
        stopped_at: experiment.stopped_at,
        attribution_window_hours: experiment.attribution_window_hours,
        variations,
        lift,
        p_value,
        srm_p_value,
        srm_flagged,
        exposed,
        mixed_shoppers: tally.mixed,
        mixed_share: rate(tally.mixed, exposed),
        sample_size,
        power,
        wins: interleaving.is_some().then_some(tally.wins),
        losses: interleaving.is_some().then_some(tally.losses),
        ties: interleaving.is_some().then_some(tally.ties),
        delta: interleaving.as_ref().and_then(|i| i.delta),
        delta_ci_low: interleaving.as_ref().and_then(|i| i.ci.map(|c| c.low)),
        delta_ci_high: interleaving.as_ref().and_then(|i| i.ci.map(|c| c.high)),
        verdict,
        series: tally.series.clone(),
        allocations: allocations
            .iter()
            .map(|a| AllocationPoint {
                at: a.computed_at,
                shares: a.shares.clone(),
            })
            .collect(),
        events_read: tally.events_read,
    }
}

/// The shares an SRM check expects: the weights, or for a bandit the shares each exposure was
/// drawn by, summed (its allocation moves on purpose; each arm is held to what it was given).
fn srm_weights(experiment: &Experiment, tally: &Tally) -> Vec<f64> {
    if experiment.kind == Kind::Bandit && tally.expected.iter().sum::<f64>() > 0.0 {
        return tally.expected.clone();
    }
    experiment.shares()
}

/// The mixing variance of the always-valid test: the planned effect squared, or without a plan
/// a tenth of the pooled value squared (then the sequential p-value is an approximation).
fn sequential_tau2(experiment: &Experiment, tally: &Tally) -> f64 {
    if let Some(tau2) = experiment.plan.and_then(|plan| {
        experiment_stats::mixing_variance(
            plan.baseline_rate,
            experiment_stats::Effect::Relative(plan.mde_relative),
        )
    }) {
        return tau2;
    }
    let exposed: u64 = tally.arms.iter().map(|a| a.exposed).sum();
    let pooled = if experiment.metric.is_rate() {
        let successes: u64 = tally
            .arms
            .iter()
            .map(|a| a.successes(experiment.metric))
            .sum();
        rate(successes, exposed).unwrap_or(0.0)
    } else {
        let revenue: f64 = tally.arms.iter().map(|a| a.revenue_total).sum();
        if exposed > 0 {
            revenue / exposed as f64
        } else {
            0.0
        }
    };
    (0.1 * pooled).powi(2).max(1e-6)
}

/// A t interval for a mean.
fn mean_interval(summary: &Summary, alpha: f64) -> Option<Interval> {
    let variance_of_mean = summary.mean_variance()?;
    let t = experiment_stats::t_quantile(1.0 - alpha / 2.0, (summary.n - 1) as f64)?;
    let half = t * variance_of_mean.sqrt();
    Some(Interval {
        low: summary.mean - half,
        high: summary.mean + half,
    })
}

fn verdict(
    experiment: &Experiment,
    tally: &Tally,
    variations: &[VariationResult],
    srm_flagged: bool,
    interleaving: Option<&experiment_stats::InterleavingResult>,
    alpha: f64,
    sample_size: Option<u64>,
) -> Verdict {
    let say =
        |code: &'static str, text: String, winner: Option<String>| Verdict { code, text, winner };
    let exposed: u64 = tally.arms.iter().map(|a| a.exposed).sum();
    if exposed == 0 {
        return say(
            "no_data",
            "No shopper has been exposed to this experiment yet.".into(),
            None,
        );
    }
    if srm_flagged {
        return say(
            "srm",
            "Sample ratio mismatch: the variations did not get the planned shares of shoppers \
             (p < 0.001). Something other than the assignment decides who is counted where, so \
             no verdict can be drawn until the cause is found."
                .into(),
            None,
        );
    }
    let short = tally.arms.iter().any(|a| {
        a.exposed < MIN_EXPOSED
            || (experiment.metric.is_rate() && a.successes(experiment.metric) < MIN_CONVERSIONS)
    });
    if let Some(i) = interleaving {
        if i.n < MIN_CONVERSIONS || exposed < MIN_EXPOSED {
            return say(
                "not_enough_data",
                format!(
                    "Not enough data yet: {} shoppers with a preference (at least {MIN_CONVERSIONS} needed).",
                    i.n
                ),
                None,
            );
        }
        return match (i.delta, i.p_value) {
            (Some(delta), Some(p)) if p < alpha => {
                let better = &experiment.variations[usize::from(delta < 0.0)].name;
                say(
                    "winner",
                    format!("Shoppers prefer {better} (Δ = {delta:+.3}, p = {p:.4})."),
                    Some(better.clone()),
                )
            }
            _ => say(
                "no_difference",
                "No preference between the two rankers can be shown at this sample size.".into(),
                None,
            ),
        };
    }
    if short {
        return say(
            "not_enough_data",
            format!(
                "Not enough data yet: every variation needs {MIN_EXPOSED} exposed shoppers and \
                 {MIN_CONVERSIONS} conversions before a winner is named."
            ),
            None,
        );
    }
    if experiment.kind == Kind::Bandit {
        let best = variations
            .iter()
            .filter_map(|v| Some((v, v.p_best?)))
            .max_by(|a, b| a.1.total_cmp(&b.1));
        return match best {
            Some((v, p)) if p >= 0.95 => say(
                "winner",
                format!("{} is best with probability {:.1} %.", v.name, p * 100.0),
                Some(v.name.clone()),
            ),
            _ => say(
                "keep_running",
                "No arm is best with probability 95 % yet; the bandit keeps exploring.".into(),
                None,
            ),
        };
    }
    let least = tally.arms.iter().map(|a| a.exposed).min().unwrap_or(0);
    if experiment.horizon == Horizon::Fixed
        && let Some(n) = sample_size
        && least < n
    {
        return say(
            "keep_running",
            format!(
                "Keep running: {least} of the planned {n} shoppers per variation. A \
                 fixed-horizon test read before its sample size is reached overstates \
                 significance (use the sequential horizon to look every day)."
            ),
            None,
        );
    }
    let significant = variations.iter().skip(1).filter_map(|v| {
        let p = if experiment.horizon == Horizon::Sequential {
            v.sequential_p_value
        } else {
            v.p_value
        }?;
        (p < alpha).then_some((v, p))
    });
    let best =
        significant.max_by(|a, b| a.0.lift.unwrap_or(0.0).total_cmp(&b.0.lift.unwrap_or(0.0)));
    match best {
        Some((v, p)) if v.lift.unwrap_or(0.0) > 0.0 => say(
            "winner",
            format!(
                "{} beats {} on {} (p = {p:.4}).",
                v.name,
                experiment.variations[0].name,
                experiment.metric.label().to_lowercase()
            ),
            Some(v.name.clone()),
        ),
        Some((v, p)) => say(
            "winner",
            format!(
                "{} does worse than {} (p = {p:.4}); keep {}.",
                v.name, experiment.variations[0].name, experiment.variations[0].name
            ),
            Some(experiment.variations[0].name.clone()),
        ),
        None => say(
            "no_difference",
            "No variation differs from the control at this sample size.".into(),
            None,
        ),
    }
}
