//! Product cards, rendered once per product and shelf and then reused: cards are most of a
//! page's HTML, and escaping their text again on every request cost more than the rest of the
//! page together.

use std::sync::{Arc, OnceLock};

use askama::Template;

use super::views::CardView;
use crate::catalog::Catalog;
use crate::domain::Feature;

#[derive(Template)]
#[template(path = "partials/card.html")]
struct CardHtml<'a> {
    card: &'a CardView,
}

/// Slot 0 is a card linked without a shelf name; slot k+1 is the one linked from `Feature::ALL[k]`.
const SLOTS: usize = Feature::ALL.len() + 1;

pub struct CardCache {
    catalog: Arc<Catalog>,
    cards: Vec<[OnceLock<String>; SLOTS]>,
}

impl CardCache {
    pub fn new(catalog: Arc<Catalog>) -> Self {
        let cards = (0..catalog.len())
            .map(|_| std::array::from_fn(|_| OnceLock::new()))
            .collect();
        Self { catalog, cards }
    }

    /// The card of the product at `item`, its links carrying `feature`; rendered on first use.
    /// Ends inside the card's body, where the page adds the reason and closes it.
    pub fn card(&self, item: usize, feature: Option<Feature>) -> Option<&str> {
        let slot = feature.map_or(0, |f| f.index() + 1);
        let product = self.catalog.products().get(item)?;
        let html = self.cards.get(item)?[slot].get_or_init(|| {
            let view = CardView::new(product, feature);
            CardHtml { card: &view }.render().unwrap_or_default()
        });
        Some(html)
    }

    /// A card rendered for one answer only: its links also carry `query` (the recommendation
    /// id and impression of an external engine's shelf), so it cannot come from the cache.
    pub fn card_with_query(&self, item: usize, feature: Feature, query: &str) -> Option<String> {
        let product = self.catalog.products().get(item)?;
        let mut view = CardView::new(product, Some(feature));
        view.href.push_str(query);
        CardHtml { card: &view }.render().ok()
    }

    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }
}
