//! Simulator scenarios: funnels of shopper behaviour defined in YAML
//! (`seeds/funnels/*.yaml`), each a weighted share of the sessions and an ordered list of steps
//! with the chance of reaching each one.

use serde::Deserialize;

use crate::domain::Feature;
use crate::events::EventType;

/// The scenarios shipped with the store, by name.
pub const BUILTIN: [(&str, &str); 2] = [
    (
        "pre-personalization",
        include_str!("../../seeds/funnels/pre-personalization.yaml"),
    ),
    (
        "post-personalization",
        include_str!("../../seeds/funnels/post-personalization.yaml"),
    ),
];

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub funnels: Vec<FunnelDef>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FunnelDef {
    pub name: String,
    /// Relative share of the sessions that follow this funnel.
    pub weight: f64,
    pub steps: Vec<StepDef>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepDef {
    /// The store's event name: ProductSearched, ProductViewed, ProductAdded, CartViewed, …
    pub event: String,
    /// Chance of doing this step once the previous one is done (the first: of starting).
    #[serde(default = "certain")]
    pub probability: f64,
    /// The shelf the step came from, drawn at random from this list (`feature` property).
    #[serde(default)]
    pub feature: Vec<String>,
    /// How many times the step happens, drawn from [min, max] (views of several products).
    #[serde(default)]
    pub repeat: Option<[u32; 2]>,
    /// Seconds since the previous step, drawn from [min, max].
    #[serde(default)]
    pub gap_seconds: Option<[u32; 2]>,
}

fn certain() -> f64 {
    1.0
}

/// A checked step, ready for the generator.
#[derive(Debug, Clone)]
pub struct Step {
    pub event: EventType,
    pub probability: f64,
    pub features: Vec<Feature>,
    pub repeat: (u32, u32),
    pub gap_seconds: (u32, u32),
}

#[derive(Debug, Clone)]
pub struct Funnel {
    pub name: String,
    pub weight: f64,
    pub steps: Vec<Step>,
}

#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    #[error("scenario {name}: {message}")]
    Invalid { name: String, message: String },
    #[error("scenario file is not valid YAML: {0}")]
    Parse(String),
    #[error(
        "no scenario named {0:?}: give a YAML file or one of pre-personalization, post-personalization"
    )]
    Unknown(String),
}

impl Scenario {
    /// A built-in scenario by name, or a YAML file by path.
    pub fn load(name_or_path: &str) -> Result<(Scenario, Vec<Funnel>), ScenarioError> {
        let text = match BUILTIN.iter().find(|(n, _)| *n == name_or_path) {
            Some((_, text)) => text.to_string(),
            None => std::fs::read_to_string(name_or_path)
                .map_err(|_| ScenarioError::Unknown(name_or_path.to_string()))?,
        };
        Self::parse(&text)
    }

    pub fn parse(text: &str) -> Result<(Scenario, Vec<Funnel>), ScenarioError> {
        let scenario: Scenario =
            serde_saphyr::from_str(text).map_err(|e| ScenarioError::Parse(e.to_string()))?;
        let funnels = scenario.check()?;
        Ok((scenario, funnels))
    }

    fn check(&self) -> Result<Vec<Funnel>, ScenarioError> {
        let invalid = |message: String| ScenarioError::Invalid {
            name: self.name.clone(),
            message,
        };
        if self.funnels.is_empty() {
            return Err(invalid("it has no funnels".into()));
        }
        let mut out = Vec::new();
        for f in &self.funnels {
            if !(f.weight.is_finite() && f.weight > 0.0) {
                return Err(invalid(format!(
                    "funnel {:?}: weight must be positive",
                    f.name
                )));
            }
            if f.steps.is_empty() {
                return Err(invalid(format!("funnel {:?} has no steps", f.name)));
            }
            let mut steps = Vec::new();
            for s in &f.steps {
                let event = EventType::parse(&s.event)
                    // Exposures are the shop's record of what it showed, not a shopper's step.
                    .filter(|&t| t != EventType::ExperimentExposure)
                    .ok_or_else(|| {
                        invalid(format!("funnel {:?}: unknown event {:?}", f.name, s.event))
                    })?;
                if !(0.0..=1.0).contains(&s.probability) {
                    return Err(invalid(format!(
                        "funnel {:?}, {}: probability must be between 0 and 1",
                        f.name, s.event
                    )));
                }
                let features = s
                    .feature
                    .iter()
                    .map(|name| {
                        Feature::parse(name).ok_or_else(|| {
                            let known: Vec<&str> = Feature::ALL.map(Feature::as_str).to_vec();
                            invalid(format!(
                                "funnel {:?}, {}: unknown feature {name:?} (the shelves are {})",
                                f.name,
                                s.event,
                                known.join(", ")
                            ))
                        })
                    })
                    .collect::<Result<Vec<Feature>, _>>()?;
                let pair = |v: Option<[u32; 2]>, default: (u32, u32), what: &str| match v {
                    None => Ok(default),
                    Some([lo, hi]) if lo <= hi => Ok((lo, hi)),
                    Some(_) => Err(invalid(format!(
                        "funnel {:?}, {}: {what} must be [min, max]",
                        f.name, s.event
                    ))),
                };
                steps.push(Step {
                    event,
                    probability: s.probability,
                    features,
                    repeat: pair(s.repeat, (1, 1), "repeat")?,
                    gap_seconds: pair(s.gap_seconds, (5, 120), "gap_seconds")?,
                });
            }
            out.push(Funnel {
                name: f.name.clone(),
                weight: f.weight,
                steps,
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_scenarios_load() {
        let (pre, funnels) = Scenario::load("pre-personalization").unwrap();
        assert_eq!(pre.funnels.len(), 4);
        assert!(funnels.iter().all(|f| !f.steps.is_empty()));
        let (post, funnels) = Scenario::load("post-personalization").unwrap();
        assert_eq!(post.funnels.len(), 3);
        let features: Vec<Feature> = funnels
            .iter()
            .flat_map(|f| &f.steps)
            .filter(|s| s.event == EventType::ProductViewed)
            .flat_map(|s| s.features.iter().copied())
            .collect();
        assert!(features.contains(&Feature::HomeRecs));
        assert!(features.contains(&Feature::Related));
        // The workshop's misspelling is not reproduced.
        for (_, text) in BUILTIN {
            assert!(!text.contains("ProductsSearched"));
        }
    }

    #[test]
    fn bad_definitions_say_what_is_wrong() {
        let bad = |yaml: &str| Scenario::parse(yaml).unwrap_err().to_string();
        assert!(bad("name: x\nfunnels: []\n").contains("no funnels"));
        let step = |s: &str| {
            format!("name: x\nfunnels:\n  - name: f\n    weight: 1\n    steps:\n      - {s}\n")
        };
        assert!(bad(&step("event: ProductsSearched")).contains("unknown event"));
        assert!(bad(&step("{event: ProductViewed, probability: 1.5}")).contains("probability"));
        assert!(bad(&step("{event: ProductViewed, repeat: [3, 1]}")).contains("repeat"));
        assert!(bad("name: [").contains("YAML"));
        assert!(matches!(
            Scenario::load("no-such-scenario"),
            Err(ScenarioError::Unknown(_))
        ));
    }
}
