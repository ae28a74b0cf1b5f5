//! The orders a shopper can choose for a list of products (a category, the featured products,
//! search results): ranked for them, as the list comes (the catalog's order, or relevance for a
//! search), or by price or name.

use super::Catalog;
use crate::domain::Product;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ListOrder {
    /// Ranked for the shopper by the recommender (the default).
    #[default]
    Recommended,
    /// As the list comes, before any ranking: the "show natural order" toggle.
    Natural,
    PriceLowToHigh,
    PriceHighToLow,
    Name,
}

impl ListOrder {
    pub const ALL: [ListOrder; 5] = [
        ListOrder::Recommended,
        ListOrder::Natural,
        ListOrder::PriceLowToHigh,
        ListOrder::PriceHighToLow,
        ListOrder::Name,
    ];

    /// The query value (`?order=`); the default has none.
    pub fn as_str(self) -> &'static str {
        match self {
            ListOrder::Recommended => "",
            ListOrder::Natural => "natural",
            ListOrder::PriceLowToHigh => "price-asc",
            ListOrder::PriceHighToLow => "price-desc",
            ListOrder::Name => "name",
        }
    }

    /// An unknown value is the default: a stale or edited link still shows the list.
    pub fn parse(value: &str) -> ListOrder {
        Self::ALL
            .into_iter()
            .find(|o| o.as_str() == value)
            .unwrap_or_default()
    }

    /// What the sort menu calls it; `natural` names the list's own order ("Catalog order",
    /// "Best match").
    pub fn label(self, natural: &'static str) -> &'static str {
        match self {
            ListOrder::Recommended => "Recommended for you",
            ListOrder::Natural => natural,
            ListOrder::PriceLowToHigh => "Price: low to high",
            ListOrder::PriceHighToLow => "Price: high to low",
            ListOrder::Name => "Name: A to Z",
        }
    }

    /// Whether the recommender orders the list.
    pub fn is_ranked(self) -> bool {
        self == ListOrder::Recommended
    }

    /// `items` in this order. Price and name sorts are stable, so equal prices keep the
    /// list's own order; `Recommended` and `Natural` leave the list as it is (the recommender
    /// ranks it elsewhere).
    pub fn sort(self, catalog: &Catalog, items: &mut [usize]) {
        self.sort_products(catalog.products(), items);
    }

    /// [`ListOrder::sort`] over the products themselves (the catalog sorts its lists with it
    /// while it is being built).
    pub(super) fn sort_products(self, products: &[Product], items: &mut [usize]) {
        match self {
            ListOrder::Recommended | ListOrder::Natural => {}
            ListOrder::PriceLowToHigh => items.sort_by_key(|&i| products[i].price),
            ListOrder::PriceHighToLow => {
                items.sort_by_key(|&i| std::cmp::Reverse(products[i].price));
            }
            ListOrder::Name => items.sort_by_cached_key(|&i| products[i].name.to_lowercase()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_order_reads_back_from_its_query_value() {
        for order in ListOrder::ALL {
            assert_eq!(ListOrder::parse(order.as_str()), order);
        }
        assert_eq!(ListOrder::parse("cheapest"), ListOrder::Recommended);
    }
}
