//! The catalog in memory: products by id, by category and featured, with a full-text index,
//! loaded once at start (a few thousand products fit comfortably and answer in nanoseconds).
//! Also the directory of fictional shoppers a presenter can emulate.

/// The Retail Demo Store's file formats (a crate of their own: the seed generator writes them).
pub use rds_formats as rds;
mod order;
mod selections;
mod shoppers;
mod source;

use std::collections::HashMap;

use crate::domain::{Category, Product};
use crate::search::{SearchDoc, SearchIndex};

pub use order::ListOrder;
pub use selections::CategoryLists;
pub use shoppers::{AGE_RANGES, AgeRange, ShopperDirectory};
pub use source::{CatalogError, CatalogSource, SeedData};

/// The pseudo-category whose page lists the featured products of every category.
pub const FEATURED: &str = "featured";

/// What a search found.
#[derive(Debug, Clone, Default)]
pub struct Found {
    /// Catalog positions, the most relevant first.
    pub items: Vec<usize>,
    /// Each item's relevance tier (see `SearchHit::tier`), parallel to `items`.
    pub tiers: Vec<u32>,
    /// How many products matched before the limit.
    pub total: usize,
}

pub struct Catalog {
    products: Vec<Product>,
    by_id: HashMap<String, usize>,
    categories: Vec<Category>,
    by_category: HashMap<String, Vec<usize>>,
    featured: Vec<usize>,
    /// Each category's (and the featured products') filter menus and filtered, sorted lists.
    lists: HashMap<String, CategoryLists>,
    /// Each product's category label ("Home Decor"), computed once: shelves name categories
    /// on every page.
    category_labels: Vec<std::sync::Arc<str>>,
    index: SearchIndex,
}

impl Catalog {
    pub fn new(mut categories: Vec<Category>, products: Vec<Product>) -> Catalog {
        let mut by_id = HashMap::with_capacity(products.len());
        let mut by_category: HashMap<String, Vec<usize>> = HashMap::new();
        let mut featured = Vec::new();
        for (i, p) in products.iter().enumerate() {
            by_id.insert(p.id.0.clone(), i);
            by_category.entry(p.category.clone()).or_default().push(i);
            if p.featured {
                featured.push(i);
            }
        }
        // A category named by products but missing from the category list is kept, not dropped.
        let mut next_id = categories.iter().map(|c| c.id).max().unwrap_or(0) + 1;
        for p in &products {
            if !categories.iter().any(|c| c.name == p.category) {
                categories.push(Category {
                    id: next_id,
                    name: p.category.clone(),
                    has_gender_affinity: false,
                });
                next_id += 1;
            }
        }
        let mut labels: HashMap<&str, std::sync::Arc<str>> = HashMap::new();
        let category_labels = products
            .iter()
            .map(|p| {
                labels
                    .entry(p.category.as_str())
                    .or_insert_with(|| Category::display_name(&p.category).into())
                    .clone()
            })
            .collect();
        let mut lists: HashMap<String, CategoryLists> = by_category
            .iter()
            .map(|(name, items)| (name.clone(), CategoryLists::new(&products, items)))
            .collect();
        lists.insert(
            FEATURED.to_string(),
            CategoryLists::new(&products, &featured),
        );
        let index = SearchIndex::build(products.iter().map(|p| SearchDoc {
            name: &p.name,
            description: &p.description,
            category: &p.category,
            style: &p.style,
        }));
        Catalog {
            products,
            by_id,
            categories,
            by_category,
            featured,
            lists,
            category_labels,
            index,
        }
    }

    pub fn products(&self) -> &[Product] {
        &self.products
    }

    pub fn len(&self) -> usize {
        self.products.len()
    }

    pub fn is_empty(&self) -> bool {
        self.products.is_empty()
    }

    pub fn product(&self, id: &str) -> Option<&Product> {
        self.by_id.get(id).map(|&i| &self.products[i])
    }

    /// The label of the category of the product at `index` ("Home Decor"); empty past the end.
    pub fn category_label_of(&self, index: usize) -> &str {
        self.category_labels.get(index).map_or("", |l| l)
    }

    /// Position of a product in the catalog: the dense index recommenders work with.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    pub fn at(&self, index: usize) -> &Product {
        &self.products[index]
    }

    /// Categories that have at least one product, in catalog order.
    pub fn categories(&self) -> impl Iterator<Item = &Category> {
        self.categories
            .iter()
            .filter(|c| self.by_category.contains_key(&c.name))
    }

    pub fn all_categories(&self) -> &[Category] {
        &self.categories
    }

    pub fn category(&self, name: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.name == name)
    }

    /// Catalog positions of a category's products in natural (file) order.
    pub fn in_category(&self, name: &str) -> &[usize] {
        self.by_category.get(name).map_or(&[], Vec::as_slice)
    }

    pub fn featured(&self) -> &[usize] {
        &self.featured
    }

    /// A category's (or [`FEATURED`]'s) filter menus and filtered, sorted lists.
    pub fn lists(&self, name: &str) -> Option<&CategoryLists> {
        self.lists.get(name)
    }

    /// Full-text search: the best `limit` matches in relevance order, with their tiers.
    pub fn search(&self, query: &str, limit: usize) -> Found {
        let results = self.index.search(query, limit);
        Found {
            items: results.hits.iter().map(|h| h.doc).collect(),
            tiers: results.hits.iter().map(|h| h.tier).collect(),
            total: results.total,
        }
    }
}
