//! How simulated shoppers browse: attention, choice, patience, carts. The defaults are the
//! documented `shoppers.yaml` beside this crate (a test keeps the two equal); a file read with
//! [`Params::from_yaml`] needs only the keys it changes.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The documented defaults, as shipped.
pub const DEFAULT_YAML: &str = include_str!("../shoppers.yaml");

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Params {
    pub anonymous_share: f64,
    pub arrival: Arrival,
    pub attention_decay: f64,
    pub temperature: f64,
    pub no_click_utility: f64,
    pub item_noise: f64,
    pub revisit_penalty: f64,
    pub mood_boost: f64,
    pub drift: f64,
    pub patience: f64,
    pub max_pages: u32,
    pub browse_on: f64,
    pub similar: f64,
    pub add_to_cart: Logit,
    pub reference_price: f64,
    pub price_sensitivity: BTreeMap<String, f64>,
    pub default_price_sensitivity: f64,
    pub second_unit: f64,
    pub satisfaction: f64,
    pub view_cart: f64,
    pub checkout: Logit,
    pub place_order: f64,
}

/// Weights of where a session starts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Arrival {
    pub home: f64,
    pub category: f64,
    pub search: f64,
}

/// A logistic probability: `logistic(bias + slope * x - …)`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Logit {
    pub bias: f64,
    pub slope: f64,
}

impl Default for Arrival {
    fn default() -> Self {
        Arrival {
            home: 0.6,
            category: 0.25,
            search: 0.15,
        }
    }
}

impl Default for Params {
    fn default() -> Self {
        Params {
            anonymous_share: 0.25,
            arrival: Arrival::default(),
            attention_decay: 0.88,
            temperature: 1.0,
            no_click_utility: 4.5,
            item_noise: 0.5,
            revisit_penalty: 2.0,
            mood_boost: 0.7,
            drift: 0.1,
            patience: 8.0,
            max_pages: 40,
            browse_on: 0.5,
            similar: 0.6,
            add_to_cart: Logit {
                bias: -6.0,
                slope: 1.0,
            },
            reference_price: 50.0,
            price_sensitivity: [
                ("lower_priced_products", 1.0),
                ("all_discounts", 0.4),
                ("discount_indifferent", 0.1),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
            default_price_sensitivity: 0.4,
            second_unit: 0.1,
            satisfaction: 0.35,
            view_cart: 0.85,
            checkout: Logit {
                bias: -1.0,
                slope: 0.5,
            },
            place_order: 0.85,
        }
    }
}

impl Params {
    /// Reads a parameter file (only the keys it changes), then checks every value.
    pub fn from_yaml(text: &str) -> Result<Params, String> {
        let params: Params = serde_saphyr::from_str(text).map_err(|e| e.to_string())?;
        params.check()?;
        Ok(params)
    }

    /// The price sensitivity of a discount persona.
    pub fn price_sensitivity(&self, discount_persona: &str) -> f64 {
        self.price_sensitivity
            .get(discount_persona)
            .copied()
            .unwrap_or(self.default_price_sensitivity)
    }

    /// Every value in its range, or the first that is not, named.
    pub fn check(&self) -> Result<(), String> {
        let probabilities = [
            ("anonymous_share", self.anonymous_share),
            ("drift", self.drift),
            ("browse_on", self.browse_on),
            ("similar", self.similar),
            ("second_unit", self.second_unit),
            ("satisfaction", self.satisfaction),
            ("view_cart", self.view_cart),
            ("place_order", self.place_order),
        ];
        for (name, p) in probabilities {
            if !(0.0..=1.0).contains(&p) {
                return Err(format!("{name}: {p} is not a probability (0 to 1)"));
            }
        }
        if !(self.attention_decay > 0.0 && self.attention_decay <= 1.0) {
            return Err(format!(
                "attention_decay: {} must be above 0 and at most 1",
                self.attention_decay
            ));
        }
        if !(self.temperature > 0.0 && self.temperature.is_finite()) {
            return Err(format!("temperature: {} must be above 0", self.temperature));
        }
        if !(self.patience >= 1.0 && self.patience.is_finite()) {
            return Err(format!(
                "patience: {} must be at least 1 (pages)",
                self.patience
            ));
        }
        if self.max_pages == 0 {
            return Err("max_pages: must be at least 1".into());
        }
        if !(self.reference_price > 0.0 && self.reference_price.is_finite()) {
            return Err(format!(
                "reference_price: {} must be above 0",
                self.reference_price
            ));
        }
        let a = self.arrival;
        if [a.home, a.category, a.search]
            .iter()
            .any(|w| !(*w >= 0.0 && w.is_finite()))
            || a.home + a.category + a.search <= 0.0
        {
            return Err("arrival: the weights must be at least 0 and not all 0".into());
        }
        let finite = [
            ("no_click_utility", self.no_click_utility),
            ("item_noise", self.item_noise),
            ("revisit_penalty", self.revisit_penalty),
            ("mood_boost", self.mood_boost),
            ("add_to_cart.bias", self.add_to_cart.bias),
            ("add_to_cart.slope", self.add_to_cart.slope),
            ("checkout.bias", self.checkout.bias),
            ("checkout.slope", self.checkout.slope),
            ("default_price_sensitivity", self.default_price_sensitivity),
        ];
        for (name, v) in finite {
            if !v.is_finite() {
                return Err(format!("{name}: must be a number"));
            }
        }
        if self.item_noise < 0.0 {
            return Err("item_noise: must be at least 0".into());
        }
        if let Some((k, v)) = self.price_sensitivity.iter().find(|(_, v)| !v.is_finite()) {
            return Err(format!("price_sensitivity.{k}: {v} must be a number"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_file_is_the_defaults() {
        let shipped = Params::from_yaml(DEFAULT_YAML).expect("the shipped file parses");
        assert_eq!(shipped, Params::default());
    }

    #[test]
    fn a_file_changes_only_what_it_names() {
        let p = Params::from_yaml("temperature: 0.5\narrival:\n  home: 1.0\n").expect("valid");
        assert!((p.temperature - 0.5).abs() < 1e-12);
        assert!((p.arrival.home - 1.0).abs() < 1e-12);
        assert!(
            (p.arrival.search - 0.15).abs() < 1e-12,
            "unnamed keys keep defaults"
        );
        assert_eq!(p.patience, Params::default().patience);
    }

    #[test]
    fn bad_values_are_named() {
        let e = Params::from_yaml("drift: 1.5\n").expect_err("out of range");
        assert!(e.contains("drift"), "{e}");
        let e = Params::from_yaml("temprature: 1\n").expect_err("unknown key");
        assert!(e.contains("temprature"), "{e}");
        let e = Params::from_yaml("attention_decay: 0\n").expect_err("no attention");
        assert!(e.contains("attention_decay"), "{e}");
        let e = Params::from_yaml("arrival: {home: 0, category: 0, search: 0}\n")
            .expect_err("nowhere to arrive");
        assert!(e.contains("arrival"), "{e}");
    }
}
