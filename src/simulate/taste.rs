//! The shoppers' generative model: what each of the store's shoppers likes. The seed step's
//! synthetic history draws its views from it, and the simulated shoppers (`storefront
//! shoppers`) judge the cards the shop shows them by it, so what the engine learned from the
//! history is what the simulated shoppers want.
//!
//! An item's appeal is a Zipf-like long tail over a random order of its category (a few items
//! draw most views). A shopper's taste: interest in their persona's categories 0.6 / 0.25 / 0.15
//! by rank (as the reference weights them), two favourite styles in each (four times the
//! weight), their gender (1.5× for items for it, 0.2× for the other), and their discount
//! persona (`lower_priced_products`: weight / (1 + price / $50); `all_discounts`: 2.5× for
//! promoted items).

use std::collections::HashMap;

use crate::catalog::Catalog;
use crate::domain::{Gender, Shopper, UserId};
use crate::rng::Rng;

/// Items of one category, with per-item appeal.
pub struct Shelf {
    pub items: Vec<usize>,
    pub appeal: Vec<f64>,
    /// The items' distinct styles, sorted (what a shopper's favourites are drawn from).
    pub styles: Vec<String>,
}

/// Every item's appeal, by category and by catalog index.
pub struct Appeal {
    shelves: HashMap<String, Shelf>,
    by_index: Vec<f64>,
}

impl Appeal {
    pub fn new(catalog: &Catalog, seed: u64) -> Appeal {
        let mut rng = Rng::derive(seed, "appeal");
        let mut shelves = HashMap::new();
        let mut by_index = vec![0.0; catalog.len()];
        for category in catalog.all_categories() {
            let items: Vec<usize> = catalog.in_category(&category.name).to_vec();
            // A Zipf-like appeal over a random order of the items.
            let mut order: Vec<usize> = (0..items.len()).collect();
            rng.shuffle(&mut order);
            let mut appeal = vec![0.0; items.len()];
            for (rank, &i) in order.iter().enumerate() {
                appeal[i] = 1.0 / (rank as f64 + 3.0).powf(0.8);
            }
            for (&item, &a) in items.iter().zip(&appeal) {
                if let Some(slot) = by_index.get_mut(item) {
                    *slot = a;
                }
            }
            let mut styles: Vec<String> =
                items.iter().map(|&i| catalog.at(i).style.clone()).collect();
            styles.sort_unstable();
            styles.dedup();
            shelves.insert(
                category.name.clone(),
                Shelf {
                    items,
                    appeal,
                    styles,
                },
            );
        }
        Appeal { shelves, by_index }
    }

    pub fn shelf(&self, category: &str) -> Option<&Shelf> {
        self.shelves.get(category)
    }

    /// The appeal of the item at this catalog index.
    pub fn of(&self, item: usize) -> f64 {
        self.by_index.get(item).copied().unwrap_or(0.0)
    }
}

/// One shopper's tastes.
pub struct Taste {
    pub user_id: UserId,
    /// The persona's categories that have items, with their interest weight.
    pub categories: Vec<(String, f64)>,
    pub favourite_styles: Vec<String>,
    pub gender: Option<Gender>,
    pub discount_persona: String,
}

impl Taste {
    pub fn new(shopper: &Shopper, appeal: &Appeal, rng: &mut Rng) -> Taste {
        let categories: Vec<(String, f64)> = shopper
            .persona
            .weighted_categories()
            .filter(|(c, _)| appeal.shelf(c).is_some_and(|s| !s.items.is_empty()))
            .map(|(c, w)| (c.to_string(), w))
            .collect();
        // Two favourite styles in each interest category.
        let mut favourite_styles = Vec::new();
        for (c, _) in &categories {
            let Some(shelf) = appeal.shelf(c) else {
                continue;
            };
            for _ in 0..2 {
                favourite_styles.push(rng.pick(&shelf.styles).clone());
            }
        }
        Taste {
            user_id: shopper.id.clone(),
            categories,
            favourite_styles,
            gender: shopper.gender,
            discount_persona: shopper.discount_persona.clone(),
        }
    }

    /// A stored shopper's tastes as the synthetic history drew them: from the history's own
    /// stream for this shopper (`history/{id}` of the history seed), which the history goes on
    /// using for the shopper's sessions. The simulated shoppers take the same tastes, so the
    /// favourite styles the engine learned from a shopper's history are the ones they shop by.
    pub fn of_history(shopper: &Shopper, appeal: &Appeal, history_seed: u64) -> (Taste, Rng) {
        let mut rng = Rng::derive(history_seed, &format!("history/{}", shopper.id));
        let taste = Taste::new(shopper, appeal, &mut rng);
        (taste, rng)
    }

    /// How much this shopper is drawn to an item within its category, given its base appeal.
    pub fn weight(&self, catalog: &Catalog, item: usize, appeal: f64) -> f64 {
        let p = catalog.at(item);
        let mut w = appeal;
        if self.favourite_styles.contains(&p.style) {
            w *= 4.0;
        }
        match (self.gender, p.gender_affinity) {
            (Some(g), Some(a)) if g == a => w *= 1.5,
            (Some(_), Some(_)) => w *= 0.2,
            _ => {}
        }
        match self.discount_persona.as_str() {
            "lower_priced_products" => w *= 1.0 / (1.0 + p.price.dollars() / 50.0),
            "all_discounts" if p.promoted => w *= 2.5,
            _ => {}
        }
        w
    }

    /// An item drawn as the history draws a view: a category by interest, then an item by weight.
    /// This weighs the whole category (O(n) a draw); the history draws the same items through
    /// `draw::TasteDraw`'s running sums, and its tests compare the two against this.
    pub fn pick_item(&self, catalog: &Catalog, appeal: &Appeal, rng: &mut Rng) -> Option<usize> {
        let weights: Vec<f64> = self.categories.iter().map(|(_, w)| *w).collect();
        if weights.is_empty() {
            return None;
        }
        let (category, _) = &self.categories[rng.weighted(&weights)];
        let shelf = appeal.shelf(category)?;
        let w: Vec<f64> = shelf
            .items
            .iter()
            .zip(&shelf.appeal)
            .map(|(&i, &a)| self.weight(catalog, i, a))
            .collect();
        Some(shelf.items[rng.weighted(&w)])
    }
}
