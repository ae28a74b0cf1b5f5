//! The store's shoppers as `shopper-sim` sees them: the same generative model as the synthetic
//! history (`taste.rs`), turned into a utility for every product a page shows.
//!
//! A product's utility is the log of how much more likely this shopper's history would view it
//! than an item drawn uniformly from the catalog: `ln(N · interest(c) · w(i) / W(c))`, with
//! `interest(c)` the persona's weight of the product's category `c` (0.6 / 0.25 / 0.15, and
//! [`OFF_INTEREST`] outside the persona), `w(i)` the taste weight of the item and `W(c)` the sum
//! of the weights in its category. Offered the whole catalog with no noise, a shopper's logit
//! choice is exactly the history's view distribution (inside the persona).

use std::sync::Arc;

use shopper_sim::{Interest, Judgement, Params, Population, Rng};

use super::taste::{Appeal, Taste};
use crate::catalog::Catalog;
use crate::domain::{Category, Shopper};
use crate::hash::FxMap;

/// The interest weight of a category outside the shopper's persona: rare, not impossible.
pub const OFF_INTEREST: f64 = 0.02;

/// The catalog and the store's shoppers, from which a run draws its visitors.
pub struct ShopPopulation {
    catalog: Arc<Catalog>,
    appeal: Arc<Appeal>,
    shoppers: Vec<Arc<Shopper>>,
    /// The stored shoppers in a seeded order: visit k emulates the k-th (no shopper twice in a
    /// run of up to as many visits as there are shoppers).
    order: Vec<usize>,
    history_seed: u64,
}

impl ShopPopulation {
    /// `history_seed` is the seed the store's synthetic history was generated with (the item
    /// appeal comes from it); `seed` orders the shoppers for this run.
    pub fn new(
        catalog: Arc<Catalog>,
        shoppers: Vec<Shopper>,
        history_seed: u64,
        seed: u64,
    ) -> ShopPopulation {
        let appeal = Arc::new(Appeal::new(&catalog, history_seed));
        let mut order: Vec<usize> = (0..shoppers.len()).collect();
        Rng::derive(seed, "shopper order").shuffle(&mut order);
        ShopPopulation {
            catalog,
            appeal,
            shoppers: shoppers.into_iter().map(Arc::new).collect(),
            order,
            history_seed,
        }
    }
}

impl Population for ShopPopulation {
    type Shopper = SimulatedShopper;

    fn shopper(&self, index: u64, params: &Params, rng: &mut Rng) -> SimulatedShopper {
        let anonymous = rng.chance(params.anonymous_share);
        let n = self.order.len().max(1);
        let slot = usize::try_from(index).unwrap_or(0) % n;
        let template = if anonymous {
            // A persona drawn from the store's shoppers, browsing as nobody in particular.
            self.shoppers.get(rng.below(self.shoppers.len().max(1)))
        } else {
            self.order.get(slot).and_then(|&i| self.shoppers.get(i))
        };
        SimulatedShopper::new(self, template.cloned(), anonymous, index, rng)
    }
}

/// One simulated visitor's hidden tastes.
pub struct SimulatedShopper {
    catalog: Arc<Catalog>,
    appeal: Arc<Appeal>,
    emulate: Option<String>,
    interests: Vec<Interest>,
    taste: Option<Taste>,
    /// Each category's total taste weight for this shopper (`W(c)`).
    category_weight: FxMap<String, f64>,
    discount_persona: String,
    details: Vec<(String, String)>,
    noise_seed: u64,
}

impl SimulatedShopper {
    fn new(
        population: &ShopPopulation,
        template: Option<Arc<Shopper>>,
        anonymous: bool,
        index: u64,
        rng: &mut Rng,
    ) -> SimulatedShopper {
        let (catalog, appeal) = (&population.catalog, &population.appeal);
        let seed = population.history_seed;
        // A stored shopper has the tastes their history was drawn with, and a fixed per-item
        // noise of their own; an anonymous visitor is someone new with the template's persona.
        let (taste, noise_seed) = match (&template, anonymous) {
            (Some(s), false) => (
                Some(Taste::of_history(s, appeal, seed).0),
                Rng::derive(seed, &format!("noise/{}", s.id)).next_u64(),
            ),
            (Some(s), true) => (Some(Taste::new(s, appeal, rng)), rng.next_u64()),
            (None, _) => (None, rng.next_u64()),
        };
        let mut category_weight = FxMap::default();
        if let Some(taste) = &taste {
            for (i, p) in catalog.products().iter().enumerate() {
                *category_weight.entry(p.category.clone()).or_default() +=
                    taste.weight(catalog, i, appeal.of(i));
            }
        }
        let interests = taste
            .as_ref()
            .map(|t| {
                t.categories
                    .iter()
                    .map(|(c, w)| Interest {
                        category: c.clone(),
                        weight: *w,
                        search_terms: search_terms(catalog, t, c),
                    })
                    .collect()
            })
            .unwrap_or_default();
        // The shop pre-fills a stored shopper's checkout form from their default address; these
        // fill whatever it leaves empty (everything, for an anonymous visitor).
        let details = fallback_details(index);
        SimulatedShopper {
            catalog: Arc::clone(catalog),
            appeal: Arc::clone(appeal),
            noise_seed,
            emulate: template.filter(|_| !anonymous).map(|s| s.id.to_string()),
            interests,
            discount_persona: taste
                .as_ref()
                .map(|t| t.discount_persona.clone())
                .unwrap_or_default(),
            taste,
            category_weight,
            details,
        }
    }
}

/// What a shopper would type to find their interest: its category's name and their favourite
/// styles in it.
fn search_terms(catalog: &Catalog, taste: &Taste, category: &str) -> Vec<String> {
    let mut terms = vec![Category::display_name(category).to_lowercase()];
    for style in &taste.favourite_styles {
        let in_category = catalog
            .in_category(category)
            .iter()
            .any(|&i| catalog.at(i).style == *style);
        if in_category && !terms.contains(style) {
            terms.push(style.clone());
        }
    }
    terms
}

fn fallback_details(index: u64) -> Vec<(String, String)> {
    [
        ("name", "Simulated Shopper".to_string()),
        ("email", format!("shopper{index}@example.com")),
        ("address1", format!("{} Simulation Way", 1 + index % 999)),
        ("city", "Anytown".to_string()),
        ("state", "WA".to_string()),
        ("zipcode", "98101".to_string()),
        ("country", "US".to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

impl shopper_sim::Shopper for SimulatedShopper {
    fn emulate(&self) -> Option<&str> {
        self.emulate.as_deref()
    }

    fn interests(&self) -> &[Interest] {
        &self.interests
    }

    fn discount_persona(&self) -> &str {
        &self.discount_persona
    }

    fn judge(&self, product_id: &str) -> Option<Judgement> {
        let index = self.catalog.index_of(product_id)?;
        let product = self.catalog.at(index);
        let price = product.price.dollars();
        let Some(taste) = &self.taste else {
            return Some(Judgement {
                utility: 0.0,
                price,
                interest: None,
            });
        };
        let interest = self
            .interests
            .iter()
            .position(|i| i.category == product.category);
        let share = interest
            .and_then(|i| self.interests.get(i))
            .map_or(OFF_INTEREST, |i| i.weight);
        let w = taste.weight(&self.catalog, index, self.appeal.of(index));
        let total = self
            .category_weight
            .get(&product.category)
            .copied()
            .unwrap_or(0.0);
        let n = self.catalog.len() as f64;
        let utility = if w > 0.0 && total > 0.0 {
            (n * share * w / total).ln()
        } else {
            f64::NEG_INFINITY
        };
        Some(Judgement {
            utility,
            price,
            interest,
        })
    }

    fn checkout_details(&self) -> Vec<(String, String)> {
        self.details.clone()
    }

    fn noise_seed(&self) -> u64 {
        self.noise_seed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::CatalogSource;
    use shopper_sim::Shopper as _;

    #[test]
    fn utilities_follow_the_persona_and_anonymous_visitors_are_not_emulated() {
        let data = CatalogSource::Builtin.load().expect("built-in seeds");
        let catalog = Arc::new(Catalog::new(data.categories.clone(), data.products.clone()));
        let population = ShopPopulation::new(Arc::clone(&catalog), data.shoppers.clone(), 7, 1);
        let mut params = Params {
            anonymous_share: 0.0,
            ..Params::default()
        };
        let mut rng = Rng::new(3);
        let shopper = population.shopper(0, &params, &mut rng);
        let id = shopper.emulate().expect("a stored shopper").to_string();
        let stored = data
            .shoppers
            .iter()
            .find(|s| s.id.as_str() == id)
            .expect("known");
        let first = stored.persona.categories().next().expect("a persona");
        let mean_utility = |category: &str| {
            let items = catalog.in_category(category);
            items
                .iter()
                .map(|&i| {
                    shopper
                        .judge(catalog.at(i).id.as_str())
                        .expect("known")
                        .utility
                })
                .sum::<f64>()
                / items.len() as f64
        };
        let outside = catalog
            .all_categories()
            .iter()
            .find(|c| !stored.persona.categories().any(|p| p == c.name))
            .expect("a category outside the persona");
        assert!(
            mean_utility(first) > mean_utility(&outside.name) + 3.0,
            "first interest {} vs outside {}",
            mean_utility(first),
            mean_utility(&outside.name)
        );
        assert!(shopper.judge("no-such-product").is_none());
        params.anonymous_share = 1.0;
        let anonymous = population.shopper(1, &params, &mut rng);
        assert!(anonymous.emulate().is_none());
        assert!(!anonymous.interests().is_empty(), "a drawn persona");
    }
}
