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

    /// A card whose links also carry `query` (`&name=value…`, already percent-encoded: an
    /// experiment's correlation id, an external engine's recommendation id and impression). It
    /// is the cached card with the query spliced into both links, not a fresh render: shelves
    /// under an experiment are on the hottest pages.
    pub fn card_with_query(&self, item: usize, feature: Feature, query: &str) -> Option<String> {
        let html = self.card(item, Some(feature))?;
        let link_end = format!("?feature={feature}\"");
        let escaped = query.replace('&', "&amp;").replace('"', "&quot;");
        Some(html.replace(&link_end, &format!("?feature={feature}{escaped}\"")))
    }

    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }
}
