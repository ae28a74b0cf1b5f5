//! What an experiment is: its shelf, its type, its variations (each a recommendation strategy),
//! its primary metric and its horizon — and the file an operator writes to create one
//! (`storefront experiment create FILE.yaml`, the form under `/experiments/new`), checked field by
//! field before anything is stored.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::clock::Timestamp;
use crate::domain::Feature;

/// An experiment's id in the store (`experiments.id`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ExperimentId(pub i64);

impl fmt::Display for ExperimentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl ExperimentId {
    pub fn parse(text: &str) -> Option<ExperimentId> {
        text.trim()
            .parse::<i64>()
            .ok()
            .filter(|&id| id > 0)
            .map(ExperimentId)
    }
}

/// The shelves an experiment can run on. The home recommendation shelf is one target whether
/// the shopper is known or cold: `home_product_recs_cold` names the same shelf.
pub const SHELVES: [Feature; 6] = [
    Feature::HomeRecs,
    Feature::HomeFeatured,
    Feature::Related,
    Feature::Category,
    Feature::Search,
    Feature::HomeTrending,
];

/// The experiment target a shelf belongs to (the cold home shelf is the home shelf).
pub fn target_of(feature: Feature) -> Feature {
    match feature {
        Feature::HomeRecsCold => Feature::HomeRecs,
        other => other,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Two or more variations, each shopper sees one, by weight.
    Ab,
    /// Two rankers merged into one list; clicks credit the ranker that contributed the item.
    Interleaving,
    /// Thompson sampling over two or more variations.
    Bandit,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Ab, Kind::Interleaving, Kind::Bandit];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Ab => "ab",
            Kind::Interleaving => "interleaving",
            Kind::Bandit => "bandit",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Ab => "A/B test",
            Kind::Interleaving => "Interleaving",
            Kind::Bandit => "Multi-armed bandit",
        }
    }

    pub fn parse(text: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// How an interleaving experiment merges its two rankers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Interleave {
    /// Team draft (Radlinski, Kurup, Joachims 2008): the rankers take turns, a coin deciding
    /// who picks first in each round; each item remembers the team that picked it.
    #[default]
    TeamDraft,
    /// Balanced interleaving (Joachims 2003): both rankings walked in step; a click credits the
    /// ranker that ranks the item higher.
    Balanced,
}

impl Interleave {
    pub fn as_str(self) -> &'static str {
        match self {
            Interleave::TeamDraft => "team_draft",
            Interleave::Balanced => "balanced",
        }
    }
}

/// The primary metric (the others are reported as secondary).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Exposed shoppers who clicked a card of the experiment's shelf.
    ClickThrough,
    /// Exposed shoppers who added anything to their cart afterwards.
    AddToCart,
    /// Exposed shoppers who placed an order afterwards.
    Purchase,
    /// Order revenue per exposed shopper (a mean, Welch's t-test).
    Revenue,
}

impl Metric {
    pub const ALL: [Metric; 4] = [
        Metric::ClickThrough,
        Metric::AddToCart,
        Metric::Purchase,
        Metric::Revenue,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Metric::ClickThrough => "click_through",
            Metric::AddToCart => "add_to_cart",
            Metric::Purchase => "purchase",
            Metric::Revenue => "revenue",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Metric::ClickThrough => "Click-through on the shelf",
            Metric::AddToCart => "Add to cart",
            Metric::Purchase => "Purchase",
            Metric::Revenue => "Revenue per exposed shopper",
        }
    }

    pub fn parse(text: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|m| m.as_str() == text)
    }

    /// A rate (successes among exposed shoppers), as opposed to a mean.
    pub fn is_rate(self) -> bool {
        self != Metric::Revenue
    }
}

/// A recommendation strategy a variation serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// The embedded engine (EASE with the live session state).
    Embedded,
    /// Most interacted-with items.
    Popular,
    /// Items whose interactions grew fastest lately.
    Trending,
    /// The yardstick: popular items for a shopper, the same category for related items, no
    /// ranking for lists.
    Baseline,
    /// A shuffle, fixed per shopper and day.
    Random,
    /// The catalog's order (or the search's relevance order); nothing is ranked.
    Natural,
    /// Amazon Personalize, when the shop is configured for it.
    Personalize,
}

impl Strategy {
    pub const ALL: [Strategy; 7] = [
        Strategy::Embedded,
        Strategy::Popular,
        Strategy::Trending,
        Strategy::Baseline,
        Strategy::Random,
        Strategy::Natural,
        Strategy::Personalize,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Strategy::Embedded => "embedded",
            Strategy::Popular => "popular",
            Strategy::Trending => "trending",
            Strategy::Baseline => "baseline",
            Strategy::Random => "random",
            Strategy::Natural => "natural",
            Strategy::Personalize => "personalize",
        }
    }

    pub fn parse(text: &str) -> Option<Strategy> {
        Strategy::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// The parameters this strategy takes (others are refused).
    fn parameters(self) -> &'static [&'static str] {
        match self {
            Strategy::Random => &["seed"],
            _ => &[],
        }
    }
}

impl fmt::Display for Strategy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    Running,
    Stopped,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Running => "running",
            Status::Stopped => "stopped",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        [Status::Draft, Status::Running, Status::Stopped]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Variation {
    pub name: String,
    pub strategy: Strategy,
    /// Relative share of the shoppers (A/B; a bandit's starting share).
    pub weight: f64,
    /// The strategy's parameters (only `random` takes one: `seed`).
    #[serde(default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub params: serde_json::Map<String, serde_json::Value>,
}

impl Variation {
    /// The `seed` parameter of a `random` variation, 0 without one.
    pub fn seed(&self) -> u64 {
        self.params
            .get("seed")
            .and_then(serde_json::Value::as_u64)
            .unwrap_or(0)
    }
}

/// Fixed horizon (a planned sample size, read once) or always-valid sequential inference (safe to
/// read every day).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Horizon {
    #[default]
    Fixed,
    Sequential,
}

impl Horizon {
    pub fn as_str(self) -> &'static str {
        match self {
            Horizon::Fixed => "fixed",
            Horizon::Sequential => "sequential",
        }
    }
}

/// The effect the operator wants to be able to detect, and the plan it gives.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// The primary metric's expected rate without the change (a fraction).
    pub baseline_rate: f64,
    /// Minimum detectable effect, relative to the baseline (0.10 = a 10 % lift).
    pub mde_relative: f64,
    pub alpha: f64,
    pub power: f64,
    /// Exposed shoppers needed per variation (from the above).
    pub sample_size: Option<u64>,
}

impl Plan {
    /// The plan for these inputs, checked (the form, the file and `storefront experiment
    /// sample-size` all come here): the sample size per variation, or the input that is wrong.
    pub fn new(
        baseline_rate: f64,
        mde_relative: f64,
        alpha: f64,
        power: f64,
    ) -> Result<Plan, SpecError> {
        if !(baseline_rate > 0.0 && baseline_rate < 1.0) {
            return Err(invalid(
                "baseline_rate",
                "a rate between 0 and 1, e.g. 0.05",
            ));
        }
        if !(mde_relative > 0.0 && baseline_rate * (1.0 + mde_relative) < 1.0) {
            return Err(invalid(
                "mde",
                "a relative lift above 0 (0.10 = +10 %) that keeps the rate below 1",
            ));
        }
        if !(alpha > 0.0 && alpha < 0.5) {
            return Err(invalid("alpha", "between 0 and 0.5, e.g. 0.05"));
        }
        if !(power > 0.5 && power < 1.0) {
            return Err(invalid("power", "between 0.5 and 1, e.g. 0.8"));
        }
        Ok(Plan {
            baseline_rate,
            mde_relative,
            alpha,
            power,
            sample_size: experiment_stats::sample_size_proportions(
                baseline_rate,
                experiment_stats::Effect::Relative(mde_relative),
                alpha,
                power,
            ),
        })
    }
}

impl fmt::Display for Plan {
    /// "N exposed shoppers per variation detect a change from 5.00 % to 5.50 % (α = 0.05, power 0.8)."
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (from, to) = (
            self.baseline_rate * 100.0,
            self.baseline_rate * (1.0 + self.mde_relative) * 100.0,
        );
        match self.sample_size {
            Some(n) => write!(
                f,
                "{n} exposed shoppers per variation detect a change from {from:.2} % to {to:.2} % (α = {}, power {}).",
                self.alpha, self.power
            ),
            None => f.write_str("No sample size for these inputs."),
        }
    }
}

/// The stored experiment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Experiment {
    pub id: ExperimentId,
    pub name: String,
    pub description: String,
    /// The target shelf (see [`target_of`]).
    pub shelf: Feature,
    pub kind: Kind,
    pub metric: Metric,
    pub variations: Vec<Variation>,
    pub status: Status,
    /// Salts the assignment hash, so two experiments split shoppers independently.
    pub salt: String,
    pub interleave: Interleave,
    /// The smallest share a bandit gives any arm.
    pub min_share: f64,
    /// Outcomes count this long after a shopper's first exposure.
    pub attribution_window_hours: u32,
    pub horizon: Horizon,
    pub plan: Option<Plan>,
    pub created_at: Timestamp,
    pub started_at: Option<Timestamp>,
    pub stopped_at: Option<Timestamp>,
}

impl Experiment {
    pub fn attribution_window_micros(&self) -> i64 {
        i64::from(self.attribution_window_hours) * crate::clock::HOUR
    }

    /// The shares by weight, summing to 1.
    pub fn shares(&self) -> Vec<f64> {
        let total: f64 = self.variations.iter().map(|v| v.weight).sum();
        self.variations.iter().map(|v| v.weight / total).collect()
    }

    pub fn variation_index(&self, name: &str) -> Option<usize> {
        self.variations.iter().position(|v| v.name == name)
    }
}

pub const DEFAULT_ATTRIBUTION_WINDOW_HOURS: u32 = 72;
pub const DEFAULT_MIN_SHARE: f64 = 0.01;
pub const MAX_VARIATIONS: usize = 8;
const MAX_NAME: usize = 64;

/// The experiment file (YAML) and the creation form: what an operator writes.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExperimentSpec {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// A `data-feature` name.
    pub shelf: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub metric: String,
    pub variations: Vec<VariationSpec>,
    /// Interleaving only: `team_draft` (default) or `balanced`.
    #[serde(default)]
    pub method: Option<String>,
    /// Bandit only: the smallest share of traffic an arm keeps (default 0.01).
    #[serde(default)]
    pub min_share: Option<f64>,
    #[serde(default)]
    pub attribution_window_hours: Option<u32>,
    /// `fixed` (default) or `sequential`.
    #[serde(default)]
    pub horizon: Option<String>,
    /// For the sample size: the primary metric's rate today and the relative lift to detect.
    #[serde(default)]
    pub baseline_rate: Option<f64>,
    #[serde(default)]
    pub mde: Option<f64>,
    #[serde(default)]
    pub alpha: Option<f64>,
    #[serde(default)]
    pub power: Option<f64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VariationSpec {
    pub name: String,
    pub strategy: String,
    #[serde(default)]
    pub weight: Option<f64>,
    #[serde(default)]
    pub params: serde_json::Map<String, serde_json::Value>,
}

/// A field of the file that is wrong, and why.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct SpecError {
    pub field: String,
    pub message: String,
}

fn invalid(field: impl Into<String>, message: impl Into<String>) -> SpecError {
    SpecError {
        field: field.into(),
        message: message.into(),
    }
}

fn names<T: Copy>(all: &[T], name: impl Fn(T) -> &'static str) -> String {
    all.iter().map(|&t| name(t)).collect::<Vec<_>>().join(", ")
}

/// An experiment's or a variation's name: it appears in links, data attributes and Amplitude's
/// user properties, so it is short and plain.
fn checked_name<'a>(field: &str, name: &'a str) -> Result<&'a str, SpecError> {
    let name = name.trim();
    let plain = name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'));
    if name.is_empty() || name.len() > MAX_NAME || !plain {
        return Err(invalid(
            field,
            format!("1 to {MAX_NAME} letters, digits, '-', '_' or '.'"),
        ));
    }
    Ok(name)
}

/// What a checked spec becomes before the store gives it an id.
#[derive(Debug, Clone, PartialEq)]
pub struct NewExperiment {
    pub name: String,
    pub description: String,
    pub shelf: Feature,
    pub kind: Kind,
    pub metric: Metric,
    pub variations: Vec<Variation>,
    pub interleave: Interleave,
    pub min_share: f64,
    pub attribution_window_hours: u32,
    pub horizon: Horizon,
    pub plan: Option<Plan>,
}

impl ExperimentSpec {
    /// Reads an experiment file; a malformed file names the line it stumbled on.
    pub fn from_yaml(text: &str) -> Result<ExperimentSpec, SpecError> {
        serde_saphyr::from_str(text).map_err(|e| invalid("file", e.to_string()))
    }

    /// Checks every field and gives the experiment to store, or the first wrong field.
    pub fn check(&self) -> Result<NewExperiment, SpecError> {
        let name = checked_name("name", &self.name)?;
        let shelf = Feature::parse(self.shelf.trim())
            .map(target_of)
            .ok_or_else(|| {
                invalid(
                    "shelf",
                    format!(
                        "unknown shelf '{}'; one of {}",
                        self.shelf,
                        names(&SHELVES, Feature::as_str)
                    ),
                )
            })?;
        let kind = Kind::parse(self.kind.trim()).ok_or_else(|| {
            invalid(
                "type",
                format!(
                    "unknown type '{}'; one of {}",
                    self.kind,
                    names(&Kind::ALL, Kind::as_str)
                ),
            )
        })?;
        let metric = Metric::parse(self.metric.trim()).ok_or_else(|| {
            invalid(
                "metric",
                format!(
                    "unknown metric '{}'; one of {}",
                    self.metric,
                    names(&Metric::ALL, Metric::as_str)
                ),
            )
        })?;
        let variations = self.check_variations(kind)?;
        if kind == Kind::Bandit && metric == Metric::Revenue {
            return Err(invalid(
                "metric",
                "a bandit learns from a rate (click_through, add_to_cart or purchase), not revenue",
            ));
        }
        if kind == Kind::Interleaving && metric != Metric::ClickThrough {
            return Err(invalid(
                "metric",
                "interleaving credits clicks on the merged shelf: its metric is click_through",
            ));
        }
        let interleave = match (kind, self.method.as_deref().map(str::trim)) {
            (_, None) => Interleave::TeamDraft,
            (Kind::Interleaving, Some("team_draft")) => Interleave::TeamDraft,
            (Kind::Interleaving, Some("balanced")) => Interleave::Balanced,
            (Kind::Interleaving, Some(other)) => {
                return Err(invalid(
                    "method",
                    format!("unknown method '{other}'; team_draft or balanced"),
                ));
            }
            (_, Some(_)) => {
                return Err(invalid("method", "only an interleaving experiment has one"));
            }
        };
        let min_share = match (kind, self.min_share) {
            (_, None) => DEFAULT_MIN_SHARE,
            (Kind::Bandit, Some(share)) => {
                let most = 1.0 / variations.len() as f64;
                if !(share >= 0.0 && share <= most) {
                    return Err(invalid(
                        "min_share",
                        format!("a share between 0 and {most:.3} (1 / the number of variations)"),
                    ));
                }
                share
            }
            (_, Some(_)) => return Err(invalid("min_share", "only a bandit has one")),
        };
        let attribution_window_hours = self
            .attribution_window_hours
            .unwrap_or(DEFAULT_ATTRIBUTION_WINDOW_HOURS);
        if !(1..=24 * 90).contains(&attribution_window_hours) {
            return Err(invalid(
                "attribution_window_hours",
                "between 1 and 2160 (90 days)",
            ));
        }
        let horizon = match self.horizon.as_deref().map(str::trim) {
            None | Some("fixed") => Horizon::Fixed,
            Some("sequential") => Horizon::Sequential,
            Some(other) => {
                return Err(invalid(
                    "horizon",
                    format!("unknown horizon '{other}'; fixed or sequential"),
                ));
            }
        };
        let plan = self.check_plan(metric)?;
        Ok(NewExperiment {
            name: name.to_string(),
            description: self.description.trim().chars().take(500).collect(),
            shelf,
            kind,
            metric,
            variations,
            interleave,
            min_share,
            attribution_window_hours,
            horizon,
            plan,
        })
    }

    fn check_variations(&self, kind: Kind) -> Result<Vec<Variation>, SpecError> {
        if self.variations.len() < 2 {
            return Err(invalid("variations", "at least two"));
        }
        if kind == Kind::Interleaving && self.variations.len() != 2 {
            return Err(invalid(
                "variations",
                "interleaving merges exactly two rankers",
            ));
        }
        if self.variations.len() > MAX_VARIATIONS {
            return Err(invalid("variations", format!("at most {MAX_VARIATIONS}")));
        }
        let mut out: Vec<Variation> = Vec::with_capacity(self.variations.len());
        for (k, v) in self.variations.iter().enumerate() {
            let field = |key: &str| format!("variations[{k}].{key}");
            let name = checked_name(&field("name"), &v.name)?;
            if out.iter().any(|o| o.name == name) {
                return Err(invalid(field("name"), format!("'{name}' is used twice")));
            }
            let strategy = Strategy::parse(v.strategy.trim()).ok_or_else(|| {
                invalid(
                    field("strategy"),
                    format!(
                        "unknown strategy '{}'; one of {}",
                        v.strategy,
                        names(&Strategy::ALL, Strategy::as_str)
                    ),
                )
            })?;
            let weight = v.weight.unwrap_or(1.0);
            if !(weight.is_finite() && weight > 0.0) {
                return Err(invalid(field("weight"), "a positive number"));
            }
            if kind == Kind::Interleaving && v.weight.is_some_and(|w| w != 1.0) {
                return Err(invalid(
                    field("weight"),
                    "interleaving shows both rankers to everyone",
                ));
            }
            for (key, value) in &v.params {
                if !strategy.parameters().contains(&key.as_str()) {
                    return Err(invalid(
                        field(&format!("params.{key}")),
                        format!("{strategy} takes no parameter '{key}'"),
                    ));
                }
                if value.as_u64().is_none() {
                    return Err(invalid(field(&format!("params.{key}")), "a whole number"));
                }
            }
            out.push(Variation {
                name: name.to_string(),
                strategy,
                weight,
                params: v.params.clone(),
            });
        }
        Ok(out)
    }

    fn check_plan(&self, metric: Metric) -> Result<Option<Plan>, SpecError> {
        let (baseline_rate, mde_relative) = match (self.baseline_rate, self.mde) {
            (None, None) => return Ok(None),
            (Some(b), Some(m)) => (b, m),
            (None, Some(_)) => return Err(invalid("baseline_rate", "needed with mde")),
            (Some(_), None) => return Err(invalid("mde", "needed with baseline_rate")),
        };
        if !metric.is_rate() {
            return Err(invalid(
                "mde",
                "the sample-size calculator plans rates; revenue experiments have no plan",
            ));
        }
        Plan::new(
            baseline_rate,
            mde_relative,
            self.alpha.unwrap_or(0.05),
            self.power.unwrap_or(0.8),
        )
        .map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(yaml: &str) -> Result<NewExperiment, SpecError> {
        ExperimentSpec::from_yaml(yaml)?.check()
    }

    const AB: &str = "name: home-ab\nshelf: home_product_recs\ntype: ab\nmetric: click_through\n\
        variations:\n  - {name: control, strategy: popular, weight: 1}\n  - {name: personalized, strategy: embedded, weight: 1}\n";

    #[test]
    fn the_contract_file_reads() {
        let e = spec(AB).expect("valid");
        assert_eq!(e.shelf, Feature::HomeRecs);
        assert_eq!(e.kind, Kind::Ab);
        assert_eq!(e.variations[1].strategy, Strategy::Embedded);
        assert_eq!(e.attribution_window_hours, 72);
    }

    #[test]
    fn the_cold_home_shelf_is_the_home_shelf() {
        let e = spec(&AB.replace("home_product_recs", "home_product_recs_cold")).expect("valid");
        assert_eq!(e.shelf, Feature::HomeRecs);
    }

    #[test]
    fn each_wrong_field_is_named() {
        let cases = [
            (AB.replace("home_product_recs", "nowhere"), "shelf"),
            (
                AB.replace("strategy: embedded", "strategy: magic"),
                "variations[1].strategy",
            ),
            (
                AB.replace("weight: 1}\n  - {name: p", "weight: 0}\n  - {name: p"),
                "variations[0].weight",
            ),
            (AB.replace("type: ab", "type: abc"), "type"),
            (AB.replace("click_through", "happiness"), "metric"),
            (
                AB.replace(
                    "  - {name: personalized, strategy: embedded, weight: 1}\n",
                    "",
                ),
                "variations",
            ),
            (
                AB.replace("name: personalized", "name: control"),
                "variations[1].name",
            ),
            ("name: [".to_string(), "file"),
            (format!("{AB}colour: blue\n"), "file"),
        ];
        for (yaml, field) in cases {
            let err = spec(&yaml).expect_err(&yaml);
            assert_eq!(err.field, field, "{yaml}: {err}");
        }
    }

    #[test]
    fn a_plan_gives_a_sample_size() {
        let e = spec(&format!("{AB}baseline_rate: 0.05\nmde: 0.2\n")).expect("valid");
        let plan = e.plan.expect("plan");
        assert!(plan.sample_size.expect("size") > 1000);
    }
}
