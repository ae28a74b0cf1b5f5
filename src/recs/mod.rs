//! The `Recommender` seam behind every shelf: user recommendations, related items, personalized
//! ranking and popular items. Each answer says which engine and algorithm produced it and, where
//! it can, why each item is there.

mod baseline;
pub mod embedded;
pub mod personalize;

use std::sync::Arc;

use crate::catalog::Catalog;
use crate::domain::{Persona, UserId};
use crate::events::EventObserver;

pub use baseline::BaselineRecommender;

/// The shopper a shelf is for.
#[derive(Debug, Clone, Copy)]
pub struct RecUser<'a> {
    pub user_id: &'a UserId,
    /// Set when a presenter emulates one of the fictional shoppers.
    pub persona: Option<&'a Persona>,
    /// Signed in or emulated, as opposed to an anonymous browser.
    pub known: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Recommendation {
    /// Position in the catalog.
    pub item: usize,
    pub score: f64,
    pub reason: Option<Reason>,
}

/// Why an item is on a shelf. Kept as data rather than text: the page names the product or
/// category while it writes the reason, so answering a shelf allocates nothing per item.
#[derive(Debug, Clone, PartialEq)]
pub enum Reason {
    /// A phrase and the name of the product at a catalog position: "because you viewed Lumen Tablet".
    Product(&'static str, usize),
    /// A phrase and the category of the product at a catalog position: "popular in Beauty".
    CategoryOf(&'static str, usize),
    /// Free text, as an external engine words it.
    Text(std::borrow::Cow<'static, str>),
    /// A promoted product the shelf chose for this shopper (the card carries a banner).
    Promoted,
    /// A product no shopper has interacted with yet, shown for its likeness to the product at
    /// this catalog position: "new, like Lumen Tablet" (`engine.exploration`).
    NewLike(usize),
}

impl Reason {
    /// The reason as text, with names looked up in `catalog`.
    pub fn text<'a>(&'a self, catalog: &'a Catalog) -> ReasonText<'a> {
        ReasonText {
            reason: self,
            catalog,
        }
    }
}

pub struct ReasonText<'a> {
    reason: &'a Reason,
    catalog: &'a Catalog,
}

impl ReasonText<'_> {
    pub fn is_promoted(&self) -> bool {
        *self.reason == Reason::Promoted
    }
}

impl ReasonText<'_> {
    fn write(&self, out: &mut (impl std::fmt::Write + ?Sized)) -> std::fmt::Result {
        let (phrase, subject) = match self.reason {
            Reason::Product(phrase, item) => (
                *phrase,
                self.catalog.products().get(*item).map_or("", |p| &p.name),
            ),
            Reason::CategoryOf(phrase, item) => (*phrase, self.catalog.category_label_of(*item)),
            Reason::Text(text) => return out.write_str(text),
            Reason::Promoted => return out.write_str("on offer, picked for you"),
            Reason::NewLike(item) => (
                "new, like",
                self.catalog.products().get(*item).map_or("", |p| &p.name),
            ),
        };
        out.write_str(phrase)?;
        out.write_char(' ')?;
        out.write_str(subject)
    }
}

impl std::fmt::Display for ReasonText<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.write(f)
    }
}

/// Pages write reasons straight into their buffer, without going through `format_args!`.
impl askama::FastWritable for ReasonText<'_> {
    fn write_into(
        &self,
        dest: &mut dyn std::fmt::Write,
        _: &dyn askama::Values,
    ) -> askama::Result<()> {
        Ok(self.write(dest)?)
    }
}

/// Which engine produced a list; the shelf's badge names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// The embedded engine (EASE, similar items, live session state).
    Embedded,
    /// Popularity and same-category items: the yardstick.
    Baseline,
    /// Amazon Personalize.
    Personalize,
    /// No engine: the catalog's own order.
    Catalog,
}

impl Engine {
    pub fn as_str(self) -> &'static str {
        match self {
            Engine::Embedded => "embedded",
            Engine::Baseline => "baseline",
            Engine::Personalize => "personalize",
            Engine::Catalog => "catalog",
        }
    }
}

impl std::fmt::Display for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RecList {
    pub items: Vec<Recommendation>,
    pub engine: Engine,
    pub algorithm: String,
    /// True when the list was shaped by this shopper, false for a cold-start fallback.
    pub personalized: bool,
    pub recommendation_id: Option<String>,
    /// For one window of a ranked list (see [`Recommender::rank_window`]): whether the whole
    /// list's order differs from the order it was asked in. `None` for any other answer.
    pub reordered: Option<bool>,
}

impl RecList {
    /// An engine's answer without a recommendation id (only Personalize's answers have one).
    pub fn new(
        engine: Engine,
        items: Vec<Recommendation>,
        algorithm: &str,
        personalized: bool,
    ) -> RecList {
        RecList {
            items,
            engine,
            algorithm: algorithm.to_string(),
            personalized,
            recommendation_id: None,
            reordered: None,
        }
    }

    /// `window` of this list, the whole of `asked` ranked: the answer of
    /// [`Recommender::rank_window`] for an engine that ranks every item.
    pub fn window_of(mut self, asked: &[usize], window: Window) -> RecList {
        self.reordered = Some(self.items().ne(asked.iter().copied()));
        let range = window.range(self.items.len());
        self.items.truncate(range.end);
        self.items.drain(..range.start);
        self
    }

    /// The items as they are, unranked: what a shelf shows when no engine orders it (a category
    /// or search for an anonymous shopper).
    pub fn natural_order(items: &[usize]) -> RecList {
        RecList::listed(items, Engine::Catalog, "natural order")
    }

    /// `window` of `items` as they come: the natural order of a list shown a page at a time.
    pub fn natural_window(items: &[usize], window: Window) -> RecList {
        RecList {
            reordered: Some(false),
            ..RecList::natural_order(&items[window.range(items.len())])
        }
    }

    /// Items in the order given, without scores or reasons (an order decided elsewhere: the
    /// catalog's, a popularity order, a shuffle).
    pub fn listed(items: &[usize], engine: Engine, algorithm: &str) -> RecList {
        let items = items
            .iter()
            .map(|&item| Recommendation {
                item,
                score: 0.0,
                reason: None,
            })
            .collect();
        RecList::new(engine, items, algorithm, false)
    }

    /// An engine ordered the list (as opposed to [`RecList::natural_order`]).
    pub fn is_ranked(&self) -> bool {
        self.personalized || self.engine != Engine::Catalog
    }

    pub fn items(&self) -> impl Iterator<Item = usize> + '_ {
        self.items.iter().map(|r| r.item)
    }
}

/// One page of a ranked list: `limit` items from `offset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub offset: usize,
    pub limit: usize,
}

impl Window {
    /// The whole list.
    pub const ALL: Window = Window {
        offset: 0,
        limit: usize::MAX,
    };

    /// The window's places in a list of `len`.
    pub fn range(self, len: usize) -> std::ops::Range<usize> {
        let start = self.offset.min(len);
        start..start.saturating_add(self.limit).min(len)
    }
}

/// A list to rank, as a page has it. Lists the catalog keeps are ascending by catalog position
/// and often of one category ([`Listing::of_catalog`]): an engine can then find an item's place
/// by binary search and knows every item's category, so it can rank one window without looking
/// at every item.
#[derive(Debug, Clone, Copy)]
pub struct Listing<'a> {
    items: &'a [usize],
    /// Ascending: `position` may binary-search.
    ascending: bool,
    /// The one category of every item, when the list has one.
    category: Option<&'a str>,
}

impl<'a> Listing<'a> {
    /// Items in any order (search results by relevance).
    pub fn of(items: &'a [usize]) -> Listing<'a> {
        Listing {
            items,
            ascending: false,
            category: None,
        }
    }

    /// Items ascending by catalog position (a category's list, the featured products), all of
    /// `category` when it is given.
    pub fn of_catalog(items: &'a [usize], category: Option<&'a str>) -> Listing<'a> {
        debug_assert!(items.is_sorted(), "a catalog list is ascending");
        Listing {
            items,
            ascending: true,
            category,
        }
    }

    pub fn items(&self) -> &'a [usize] {
        self.items
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn category(&self) -> Option<&'a str> {
        self.category
    }

    /// Whether `position` is a binary search (else a scan).
    pub fn is_ascending(&self) -> bool {
        self.ascending
    }

    /// The place of `item` in the list.
    pub fn position(&self, item: usize) -> Option<usize> {
        if self.ascending {
            self.items.binary_search(&item).ok()
        } else {
            self.items.iter().position(|&i| i == item)
        }
    }
}

/// What a shelf must leave out (already in the cart, already bought, the product on the page).
#[derive(Debug, Clone, Copy, Default)]
pub struct Exclusions<'a> {
    pub items: &'a [usize],
}

#[async_trait::async_trait]
pub trait Recommender: EventObserver + Send + Sync {
    /// Items for this shopper (the home shelf).
    async fn recommend(&self, user: &RecUser<'_>, n: usize, exclude: Exclusions<'_>) -> RecList;
    /// Items like `item` (the product page shelf), optionally shaped for a known shopper.
    async fn related(&self, item: usize, user: Option<&RecUser<'_>>, n: usize) -> RecList;
    /// The same items in the order this shopper is likeliest to want them.
    async fn rank(&self, user: &RecUser<'_>, items: &[usize]) -> RecList;
    /// `window` of [`Recommender::rank`]'s answer for `items`, with whether the whole list was
    /// reordered (`RecList::reordered`). This default ranks every item and slices; an engine
    /// that can rank one page without scoring the whole list overrides it with the same answer.
    async fn rank_window(&self, user: &RecUser<'_>, items: Listing<'_>, window: Window) -> RecList {
        self.rank(user, items.items())
            .await
            .window_of(items.items(), window)
    }
    /// Up to `n` items that `take` accepts, the shopper's likeliest first, leaving out what
    /// [`Recommender::recommend`] leaves out (what they bought, `exclude`): the products a home
    /// shelf promotes. This default keeps them in the order of a `recommend` answer `longer`
    /// items long; an engine that can walk its ranking without building a shelf overrides it.
    async fn best_where(
        &self,
        user: &RecUser<'_>,
        n: usize,
        longer: usize,
        exclude: Exclusions<'_>,
        take: &(dyn Fn(usize) -> bool + Sync),
    ) -> Vec<usize> {
        best_of_longer_answer(self, user, n, longer, exclude, take).await
    }
    async fn popular(&self, n: usize) -> RecList;
    /// Items whose interactions grew fastest lately; engines without the notion fall back to
    /// popular items.
    async fn trending(&self, n: usize) -> RecList {
        self.popular(n).await
    }
    /// When the model answering now was trained (UTC µs), for engines that train one.
    fn model_trained_at(&self) -> Option<i64> {
        None
    }
    /// The per-shopper state the engine holds in memory, part by part (for `/metrics`).
    fn memory(&self) -> Vec<MemoryUse> {
        Vec::new()
    }
}

/// [`Recommender::best_where`]'s default: the accepted items of a longer `recommend` answer.
pub async fn best_of_longer_answer<R: Recommender + ?Sized>(
    engine: &R,
    user: &RecUser<'_>,
    n: usize,
    longer: usize,
    exclude: Exclusions<'_>,
    take: &(dyn Fn(usize) -> bool + Sync),
) -> Vec<usize> {
    engine
        .recommend(user, longer, exclude)
        .await
        .items()
        .filter(|&i| take(i))
        .take(n)
        .collect()
}

/// One part of an engine's per-shopper memory: how many shoppers it holds and about how many
/// bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoryUse {
    pub part: &'static str,
    pub shoppers: usize,
    pub bytes: usize,
}

pub type SharedRecommender = Arc<dyn Recommender>;
