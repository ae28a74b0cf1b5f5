//! Each category's lists as its page filters and sorts them, built once when the catalog loads:
//! a category of 60,000 products must not be scanned, collected or sorted on every request for
//! its filter menus, its style and gender filters or a price or name sort.

use std::collections::HashMap;

use super::ListOrder;
use crate::domain::{Gender, Product};

/// One selection of a category (a style, a gender, both or neither): its items in each order a
/// shopper can choose. `natural` is ascending by catalog position, so an item's place in it is
/// a binary search away.
#[derive(Default)]
struct Orders {
    natural: Vec<usize>,
    price_asc: Vec<usize>,
    price_desc: Vec<usize>,
    name: Vec<usize>,
}

impl Orders {
    fn new(products: &[Product], natural: Vec<usize>) -> Orders {
        let sorted = |order: ListOrder| {
            let mut items = natural.clone();
            order.sort_products(products, &mut items);
            items
        };
        Orders {
            price_asc: sorted(ListOrder::PriceLowToHigh),
            price_desc: sorted(ListOrder::PriceHighToLow),
            name: sorted(ListOrder::Name),
            natural,
        }
    }

    fn in_order(&self, order: ListOrder) -> &[usize] {
        match order {
            ListOrder::Recommended | ListOrder::Natural => &self.natural,
            ListOrder::PriceLowToHigh => &self.price_asc,
            ListOrder::PriceHighToLow => &self.price_desc,
            ListOrder::Name => &self.name,
        }
    }
}

/// A selection's key: a style (its place in the category's style menu) and a gender, each
/// `None` for "any".
type Key = (Option<u32>, Option<Gender>);

/// A category's filter menus and every selection of them.
pub struct CategoryLists {
    /// The category's distinct styles, sorted.
    styles: Vec<String>,
    /// The genders its products have, by code.
    genders: Vec<Gender>,
    lists: HashMap<Key, Orders>,
}

static EMPTY: std::sync::LazyLock<Orders> = std::sync::LazyLock::new(Orders::default);

impl CategoryLists {
    /// The lists of `items` (ascending catalog positions).
    pub fn new(products: &[Product], items: &[usize]) -> CategoryLists {
        let mut styles: Vec<String> = items.iter().map(|&i| products[i].style.clone()).collect();
        styles.sort_unstable();
        styles.dedup();
        let mut genders: Vec<Gender> = items
            .iter()
            .filter_map(|&i| products[i].gender_affinity)
            .collect();
        genders.sort_by_key(|g| g.code());
        genders.dedup();
        let mut members: HashMap<Key, Vec<usize>> = HashMap::new();
        for &i in items {
            let p = &products[i];
            let style = styles.binary_search(&p.style).ok().map(|s| s as u32);
            // Every item is in the unfiltered list, its style's, its gender's and both's.
            for key in [
                (None, None),
                (style, None),
                (None, p.gender_affinity),
                (style, p.gender_affinity),
            ] {
                // An item without a gender names the same list twice: it is kept once.
                let list = members.entry(key).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        let lists = members
            .into_iter()
            .map(|(key, natural)| (key, Orders::new(products, natural)))
            .collect();
        CategoryLists {
            styles,
            genders,
            lists,
        }
    }

    /// The category's styles, sorted: the style menu.
    pub fn styles(&self) -> &[String] {
        &self.styles
    }

    /// The genders its products have: the gender menu.
    pub fn genders(&self) -> &[Gender] {
        &self.genders
    }

    /// The items of `style` (empty: any) and `gender` (`None`: any) in `order`; `Recommended`
    /// gives the natural order, which the recommender ranks. A style the category does not
    /// have selects nothing.
    pub fn select(&self, style: &str, gender: Option<Gender>, order: ListOrder) -> &[usize] {
        let style = if style.is_empty() {
            None
        } else {
            match self.styles.binary_search_by(|s| s.as_str().cmp(style)) {
                Ok(s) => Some(s as u32),
                Err(_) => return &[],
            }
        };
        self.lists
            .get(&(style, gender))
            .unwrap_or(&EMPTY)
            .in_order(order)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    /// The precomputed lists are the lists a scan and a sort of the category give.
    #[test]
    fn every_selection_matches_a_scan_of_the_category() {
        let data = crate::catalog::CatalogSource::Builtin
            .load()
            .expect("built-in seeds");
        let catalog = Catalog::new(data.categories, data.products);
        let check = |items: &[usize], lists: &CategoryLists| {
            let styles: Vec<String> = lists.styles().to_vec();
            for style in styles
                .iter()
                .map(String::as_str)
                .chain(["", "no-such-style"])
            {
                for gender in [None, Some(Gender::Female), Some(Gender::Male)] {
                    let scanned: Vec<usize> = items
                        .iter()
                        .copied()
                        .filter(|&i| {
                            let p = catalog.at(i);
                            (style.is_empty() || p.style == style)
                                && (gender.is_none() || p.gender_affinity == gender)
                        })
                        .collect();
                    for order in ListOrder::ALL {
                        let mut sorted = scanned.clone();
                        order.sort(&catalog, &mut sorted);
                        assert_eq!(lists.select(style, gender, order), sorted.as_slice());
                    }
                }
            }
        };
        let categories: Vec<String> = catalog.categories().map(|c| c.name.clone()).collect();
        for name in &categories {
            check(
                catalog.in_category(name),
                catalog.lists(name).expect("lists"),
            );
        }
        check(
            catalog.featured(),
            catalog.lists(super::super::FEATURED).expect("featured"),
        );
    }
}
