//! The recommendation strategies a variation can serve, each answering every kind of shelf: a
//! shopper's recommendations, items related to a product, a list ranked for the shopper, and
//! trending items. The engines (`embedded`, `personalize`) answer through the `Recommender` seam;
//! the simple strategies are built here from the catalog and the engine's popularity orders.

use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use super::assign::mix;
use super::definition::{Strategy, Variation};
use crate::catalog::Catalog;
use crate::recs::embedded::StyleCounts;
use crate::recs::{
    Engine, Exclusions, Listing, Reason, RecList, RecUser, Recommendation, Recommender,
    SharedRecommender, Window,
};
use crate::shop::stock::Stock;

/// What a shelf asks of a strategy.
#[derive(Clone, Copy)]
pub enum Ask<'a> {
    /// The home shelf: `n` items for the shopper, leaving out `exclude` (the cart).
    Recommend {
        user: &'a RecUser<'a>,
        n: usize,
        exclude: &'a [usize],
    },
    /// A product page's shelf: `n` items like `item`.
    Related {
        item: usize,
        user: &'a RecUser<'a>,
        n: usize,
    },
    /// A category page, the featured products, search results: these items, ordered, and of
    /// the ordered list only `window` (a page of a category).
    Rank {
        user: &'a RecUser<'a>,
        items: Listing<'a>,
        window: Window,
        /// Each item's tier (parallel to `items`; empty: one tier): the order keeps a higher
        /// tier first and ranks within tiers, so personalization reorders search results that
        /// are equally relevant and never lifts a guessed match above a real one.
        tiers: &'a [u32],
    },
    /// The trending shelf.
    Trending { n: usize },
}

/// How long the popularity and trending orders are reused before they are asked for again.
const ORDERS_TTL: Duration = Duration::from_secs(60);

/// The whole catalog by popularity and by trend, and each item's position in them.
struct Orders {
    at: Instant,
    popular: Vec<usize>,
    popular_rank: Vec<u32>,
    trending: Vec<usize>,
    trending_rank: Vec<u32>,
}

pub struct Strategies {
    catalog: Arc<Catalog>,
    /// What serves a shelf without an experiment (and the popularity orders when there is no
    /// embedded engine).
    main: SharedRecommender,
    embedded: Option<SharedRecommender>,
    personalize: Option<SharedRecommender>,
    orders: RwLock<Option<Arc<Orders>>>,
    /// Shelves never recommend what is out of stock.
    stock: Arc<Stock>,
    /// The share of a home shelf given to promoted products (`engine.promoted_share`).
    promoted_share: f64,
}

/// A shelf of `n` asks its strategy for this many more, so that what is out of stock can be
/// left out and the shelf still filled; when even that leaves it short, it asks once more for
/// `OUT_OF_STOCK_RETRY` more.
const OUT_OF_STOCK_SLACK: usize = 8;
const OUT_OF_STOCK_RETRY: usize = 64;
/// An engine that cannot walk its ranking (`Recommender::best_where`'s default) chooses the
/// promoted products of a home shelf from its answer this much longer than the shelf.
const PROMOTION_POOL: usize = 36;

impl Ask<'_> {
    /// For a window of a ranking, the ranking from its start to the window's end (what an
    /// interleaved window is merged from); any other ask as it is.
    pub fn up_to_window_end(self) -> Self {
        match self {
            Ask::Rank {
                user,
                items,
                tiers,
                window,
            } => Ask::Rank {
                user,
                items,
                tiers,
                window: Window {
                    offset: 0,
                    limit: window.range(items.len()).end,
                },
            },
            other => other,
        }
    }

    /// The same ask for `extra` more items, and how many the shelf shows (`None` for a
    /// ranking, which orders the items it is given and leaves none out).
    fn widened(self, extra: usize) -> (Self, Option<usize>) {
        match self {
            Ask::Recommend { user, n, exclude } => (
                Ask::Recommend {
                    user,
                    n: n + extra,
                    exclude,
                },
                Some(n),
            ),
            Ask::Related { item, user, n } => (
                Ask::Related {
                    item,
                    user,
                    n: n + extra,
                },
                Some(n),
            ),
            Ask::Trending { n } => (Ask::Trending { n: n + extra }, Some(n)),
            Ask::Rank { .. } => (self, None),
        }
    }
}

impl Strategies {
    pub fn new(
        catalog: Arc<Catalog>,
        main: SharedRecommender,
        embedded: Option<SharedRecommender>,
        personalize: Option<SharedRecommender>,
        stock: Arc<Stock>,
        promoted_share: f64,
    ) -> Strategies {
        Strategies {
            promoted_share,
            catalog,
            main,
            embedded,
            personalize,
            orders: RwLock::new(None),
            stock,
        }
    }

    /// What is in stock of `list`, at most `shown` of it, and whether that left the shelf short
    /// although the answer was full (`asked` items), so that asking for more would help.
    fn in_stock(&self, mut list: RecList, shown: Option<usize>, asked: usize) -> (RecList, bool) {
        let Some(n) = shown else {
            return (list, false);
        };
        let answered = list.items.len();
        list.items.retain(|r| self.stock.in_stock(r.item));
        let short = list.items.len() < n && answered >= asked;
        list.items.truncate(n);
        (list, short)
    }

    /// Answers `ask` through `answer`, leaving out what is sold out: with the usual slack, then
    /// once more with a wider one if the shelf came out short.
    async fn answer_in_stock<'a, F>(&self, ask: Ask<'a>, answer: impl Fn(Ask<'a>) -> F) -> RecList
    where
        F: std::future::Future<Output = RecList>,
    {
        if let Ask::Rank {
            user,
            items,
            tiers,
            window,
        } = ask
        {
            // A ranking leaves nothing out. Tiers order the whole list, so a window of a tiered
            // list is taken after they did.
            if tiers.len() != items.len() || tiers.is_empty() {
                return answer(ask).await;
            }
            let whole = Ask::Rank {
                user,
                items,
                tiers,
                window: Window::ALL,
            };
            let mut list = answer(whole).await;
            let tier = |item: usize| items.position(item).map_or(0, |k| tiers[k]);
            list.items.sort_by_key(|r| std::cmp::Reverse(tier(r.item)));
            return list.window_of(items.items(), window);
        }
        let (wide, shown) = ask.widened(OUT_OF_STOCK_SLACK);
        let asked = shown.map_or(0, |n| n + OUT_OF_STOCK_SLACK);
        let (list, short) = self.in_stock(answer(wide).await, shown, asked);
        if !short {
            return list;
        }
        let (wider, _) = ask.widened(OUT_OF_STOCK_RETRY);
        self.in_stock(answer(wider).await, shown, 0).0
    }

    /// Whether this shop can serve the strategy (the engines must be configured).
    pub fn available(&self, strategy: Strategy) -> bool {
        match strategy {
            Strategy::Embedded => self.embedded.is_some(),
            Strategy::Personalize => self.personalize.is_some(),
            _ => true,
        }
    }

    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// The shelf as the shop serves it without an experiment.
    pub async fn default_answer(&self, ask: Ask<'_>) -> RecList {
        let list = self
            .answer_in_stock(ask, |wide| self.default_answer_of_all(wide))
            .await;
        self.promote(list, ask).await
    }

    /// Gives the home shelf's promoted share to promoted products in stock, the ones this
    /// shopper is likeliest to want, at evenly spaced places (the 2nd, 6th and 10th of 12 at
    /// 25 %). They are the promoted products highest in the engine's own, longer answer for the
    /// shopper (the embedded engine's, when the shop has it), so whatever the engine leaves out
    /// (what they bought, what is in the cart) stays out. An engine that promotes by itself
    /// (Personalize's `promotions`) is left as it is.
    async fn promote(&self, mut list: RecList, ask: Ask<'_>) -> RecList {
        let Ask::Recommend { user, n, exclude } = ask else {
            return list;
        };
        let wanted = (n as f64 * self.promoted_share).round() as usize;
        let already = list
            .items
            .iter()
            .filter(|r| r.reason == Some(Reason::Promoted))
            .count();
        // Personalize promotes through its own parameter, or not at all when no promotion
        // filter is configured: its answer is shown as it came.
        if wanted == 0 || already > 0 || list.items.is_empty() || list.engine == Engine::Personalize
        {
            return list;
        }
        // The embedded engine when there is one: local, and never a second call to an outside
        // service (whose failures would count twice against its breaker).
        let engine = self.embedded.as_ref().unwrap_or(&self.main);
        let on_shelf: Vec<usize> = list.items.iter().map(|r| r.item).collect();
        // The shelf's cards a style, with the promoted ones taken so far: a promoted card must
        // not break the shelf's cap of a few cards a style (counting every card now on it, so
        // the cards it replaces never let one more in).
        let mut styles = StyleCounts::with_capacity(on_shelf.len() + wanted);
        for &i in &on_shelf {
            styles.add(self.catalog.at(i).style.as_str());
        }
        let styles = std::sync::Mutex::new(styles);
        let promotable = |i: usize| {
            let product = self.catalog.at(i);
            if !product.promoted || !self.stock.in_stock(i) || on_shelf.contains(&i) {
                return false;
            }
            let mut styles = styles
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let room = styles.has_room(&product.style.as_str());
            if room {
                styles.add(product.style.as_str());
            }
            room
        };
        let ranked = engine
            .best_where(
                user,
                wanted,
                n + PROMOTION_POOL,
                Exclusions { items: exclude },
                &promotable,
            )
            .await;
        // Each promoted card takes the place of the shelf's last card of its own category (or
        // its last card), so the shelf keeps the balance the engine gave it.
        let stride = (n / wanted).max(1);
        list.items.truncate(n);
        // Promoted cards stay, and so do new products the engine placed to explore them.
        let replaceable =
            |r: &Recommendation| !matches!(r.reason, Some(Reason::Promoted | Reason::NewLike(_)));
        for (k, &promoted) in ranked.iter().enumerate() {
            if list.items.len() + k < n {
                continue; // a short shelf: room enough
            }
            let category = &self.catalog.at(promoted).category;
            let last_of_kind = list
                .items
                .iter()
                .rposition(|r| replaceable(r) && self.catalog.at(r.item).category == *category);
            let last = list.items.iter().rposition(replaceable);
            if let Some(at) = last_of_kind.or(last) {
                list.items.remove(at);
            }
        }
        for (k, &promoted) in ranked.iter().enumerate() {
            let at = (k * stride + 1).min(list.items.len());
            list.items.insert(
                at,
                Recommendation {
                    item: promoted,
                    score: 0.0,
                    reason: Some(Reason::Promoted),
                },
            );
        }
        list.items.truncate(n);
        list
    }

    async fn default_answer_of_all(&self, ask: Ask<'_>) -> RecList {
        match ask {
            Ask::Recommend { user, n, exclude } => {
                self.main
                    .recommend(user, n, Exclusions { items: exclude })
                    .await
            }
            Ask::Related { item, user, n } => {
                self.main.related(item, user.known.then_some(user), n).await
            }
            // Anonymous shoppers keep the natural order.
            Ask::Rank {
                user,
                items,
                window,
                ..
            } if user.known => self.main.rank_window(user, items, window).await,
            Ask::Rank { items, window, .. } => RecList::natural_window(items.items(), window),
            Ask::Trending { n } => self.main.trending(n).await,
        }
    }

    /// The shelf as `variation`'s strategy answers it for this shopper.
    ///
    /// A shelf under an experiment carries no promotions: they would be a second treatment in
    /// every arm (and, interleaved, credited to whichever ranker drafted them).
    pub async fn answer(&self, variation: &Variation, ask: Ask<'_>) -> RecList {
        self.answer_in_stock(ask, |wide| self.answer_of_all(variation, wide))
            .await
    }

    async fn answer_of_all(&self, variation: &Variation, ask: Ask<'_>) -> RecList {
        let engine = match variation.strategy {
            Strategy::Embedded => self.embedded.as_ref(),
            Strategy::Personalize => self.personalize.as_ref(),
            _ => None,
        };
        if let Some(engine) = engine {
            return engine_answer(engine.as_ref(), ask).await;
        }
        let list = self.simple_answer(variation, ask).await;
        match ask {
            // The simple strategies order the whole list; the page shows its window.
            Ask::Rank { items, window, .. } => list.window_of(items.items(), window),
            _ => list,
        }
    }

    /// What a strategy other than an engine answers; a ranking comes whole.
    async fn simple_answer(&self, variation: &Variation, ask: Ask<'_>) -> RecList {
        match variation.strategy {
            Strategy::Popular | Strategy::Trending => {
                let orders = self.orders().await;
                let (order, rank) = if variation.strategy == Strategy::Popular {
                    (&orders.popular, &orders.popular_rank)
                } else {
                    (&orders.trending, &orders.trending_rank)
                };
                let name = variation.strategy.as_str();
                self.by_order(ask, order, rank, name)
            }
            Strategy::Baseline => {
                let orders = self.orders().await;
                match ask {
                    Ask::Rank { items, .. } => {
                        RecList::listed(items.items(), Engine::Baseline, "no ranking")
                    }
                    Ask::Related { item, n, .. } => {
                        let same = self.same_category(item);
                        RecList::listed(&take(same, n), Engine::Baseline, "same category")
                    }
                    _ => self.by_order(ask, &orders.popular, &orders.popular_rank, "popular"),
                }
            }
            Strategy::Random => self.random(variation.seed(), ask),
            // Natural, and an engine this shop does not have (the runtime does not serve such
            // an experiment; this keeps the answer well-defined all the same).
            _ => self.natural(ask),
        }
    }

    fn natural(&self, ask: Ask<'_>) -> RecList {
        let all: Vec<usize> = (0..self.catalog.len()).collect();
        let items = match ask {
            Ask::Recommend { n, exclude, .. } => take(without(all, exclude), n),
            Ask::Related { item, n, .. } => take(self.same_category(item), n),
            Ask::Rank { items, .. } => items.items().to_vec(),
            Ask::Trending { n } => take(all, n),
        };
        RecList::listed(&items, Engine::Catalog, "natural order")
    }

    /// A shuffle fixed per shopper, day and seed: the shelf does not change on every reload.
    fn random(&self, seed: u64, ask: Ask<'_>) -> RecList {
        let day = crate::clock::now_micros() / crate::clock::DAY;
        let user = match ask {
            Ask::Recommend { user, .. } | Ask::Related { user, .. } | Ask::Rank { user, .. } => {
                user.user_id.as_str()
            }
            Ask::Trending { .. } => "",
        };
        let key = super::assign::unit_point(&format!("{seed}:{day}"), user);
        let mut rng = crate::rng::Rng::new(mix(key.to_bits()));
        let mut pool: Vec<usize> = match ask {
            Ask::Recommend { exclude, .. } => without((0..self.catalog.len()).collect(), exclude),
            Ask::Related { item, .. } => self.same_category(item),
            Ask::Rank { items, .. } => items.items().to_vec(),
            Ask::Trending { .. } => (0..self.catalog.len()).collect(),
        };
        rng.shuffle(&mut pool);
        let n = match ask {
            Ask::Recommend { n, .. } | Ask::Related { n, .. } | Ask::Trending { n } => n,
            Ask::Rank { items, .. } => items.len(),
        };
        RecList::listed(&take(pool, n), Engine::Baseline, "random")
    }

    fn by_order(&self, ask: Ask<'_>, order: &[usize], rank: &[u32], name: &str) -> RecList {
        let items = match ask {
            Ask::Recommend { n, exclude, .. } => order
                .iter()
                .copied()
                .filter(|i| !exclude.contains(i))
                .take(n)
                .collect(),
            Ask::Related { item, n, .. } => {
                let mut same = self.same_category(item);
                same.sort_by_key(|&i| rank.get(i).copied().unwrap_or(u32::MAX));
                take(same, n)
            }
            Ask::Rank { items, .. } => {
                let mut items = items.items().to_vec();
                items.sort_by_key(|&i| rank.get(i).copied().unwrap_or(u32::MAX));
                items
            }
            Ask::Trending { n } => order.iter().copied().take(n).collect(),
        };
        RecList::listed(&items, Engine::Baseline, name)
    }

    /// The other items of `item`'s category, in catalog order.
    fn same_category(&self, item: usize) -> Vec<usize> {
        let Some(product) = self.catalog.products().get(item) else {
            return Vec::new();
        };
        self.catalog
            .in_category(&product.category)
            .iter()
            .copied()
            .filter(|&i| i != item)
            .collect()
    }

    /// The popularity and trending orders, asked of the engine at most once a minute.
    async fn orders(&self) -> Arc<Orders> {
        {
            let orders = self
                .orders
                .read()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if let Some(o) = orders.as_ref().filter(|o| o.at.elapsed() < ORDERS_TTL) {
                return o.clone();
            }
        }
        let source = self.embedded.as_ref().unwrap_or(&self.main);
        let n = self.catalog.len();
        let popular: Vec<usize> = source.popular(n).await.items().collect();
        let trending: Vec<usize> = source.trending(n).await.items().collect();
        let ranks = |order: &[usize]| {
            let mut rank = vec![u32::MAX; n];
            for (k, &i) in order.iter().enumerate() {
                if let Some(r) = rank.get_mut(i) {
                    *r = k as u32;
                }
            }
            rank
        };
        let fresh = Arc::new(Orders {
            at: Instant::now(),
            popular_rank: ranks(&popular),
            trending_rank: ranks(&trending),
            popular,
            trending,
        });
        *self
            .orders
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(fresh.clone());
        fresh
    }
}

/// An engine's answer to the ask. Unlike the shop's default, an engine under test ranks lists
/// for anonymous shoppers too: it is what is being compared.
async fn engine_answer(engine: &dyn Recommender, ask: Ask<'_>) -> RecList {
    match ask {
        Ask::Recommend { user, n, exclude } => {
            engine
                .recommend(user, n, Exclusions { items: exclude })
                .await
        }
        Ask::Related { item, user, n } => engine.related(item, Some(user), n).await,
        Ask::Rank {
            user,
            items,
            window,
            ..
        } => engine.rank_window(user, items, window).await,
        Ask::Trending { n } => engine.trending(n).await,
    }
}

fn take(mut items: Vec<usize>, n: usize) -> Vec<usize> {
    items.truncate(n);
    items
}

fn without(items: Vec<usize>, exclude: &[usize]) -> Vec<usize> {
    items.into_iter().filter(|i| !exclude.contains(i)).collect()
}
