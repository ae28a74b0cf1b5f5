//! One visit: emulate the shopper (or stay anonymous), arrive on the home page, a category or a
//! search; on each page examine the cards in page order and pick one by the logit, or none;
//! view it, perhaps add it to the cart, go on through its similar items or back; leave when
//! tired or satisfied; then cart, checkout and order. Every step is a real page or form.

use std::collections::{BTreeMap, HashSet};

use seeded_rng::Rng;

use crate::browser::{BrowseError, Browser, Fetched};
use crate::choice::{choose, examine, item_noise, logistic};
use crate::page::Page;
use crate::{Params, Shopper};

/// What one visit did (what the shop recorded an event for, as the shopper saw it happen).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    /// Pages the browser ended on (after redirects).
    pub page_views: u64,
    /// Search pages loaded (each records a search).
    pub searches: u64,
    /// Product pages opened from a card, by the shelf (`data-feature`) the card was on.
    pub clicks: BTreeMap<String, u64>,
    /// Product pages opened (each records a view); the page an add-to-cart redirects back to
    /// is shown again and records none.
    pub product_views: u64,
    pub adds: u64,
    /// Lines an earlier visit left in the cart, removed before checkout.
    pub removals: u64,
    /// Product pages viewed that could not be bought (out of stock: no add-to-cart form).
    pub unavailable: u64,
    pub cart_views: u64,
    pub checkouts: u64,
    pub orders: u64,
    /// Dollars, as the cart's prices say.
    pub revenue: f64,
    pub emulated: bool,
}

impl Outcome {
    pub fn click_count(&self) -> u64 {
        self.clicks.values().sum()
    }

    /// The events the shop records for what this visit did: searches, product views, adds,
    /// removals, cart views, checkouts and orders (not the experiments' exposures, which a page
    /// does not show).
    pub fn events(&self) -> u64 {
        self.searches
            + self.product_views
            + self.adds
            + self.removals
            + self.cart_views
            + self.checkouts
            + self.orders
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    /// This visit ends here (the shop answered with an error, timed out, or went away).
    #[error(transparent)]
    Browse(#[from] BrowseError),
    /// The shop's pages break the contract simulated shoppers read (data attributes, forms):
    /// the whole run stops.
    #[error("{0}")]
    Contract(String),
}

struct Line {
    product_id: String,
    price: f64,
    quantity: u32,
    utility: f64,
}

/// One shopper's visit in progress.
pub struct Visit<'a, S: Shopper> {
    shopper: &'a S,
    params: &'a Params,
    rng: &'a mut Rng,
    noise_seed: u64,
    mood: usize,
    viewed: HashSet<String>,
    cart: Vec<Line>,
    pub outcome: Outcome,
}

impl<'a, S: Shopper> Visit<'a, S> {
    pub fn new(shopper: &'a S, params: &'a Params, rng: &'a mut Rng) -> Visit<'a, S> {
        let noise_seed = shopper.noise_seed();
        let mut visit = Visit {
            shopper,
            params,
            rng,
            noise_seed,
            mood: 0,
            viewed: HashSet::new(),
            cart: Vec::new(),
            outcome: Outcome::default(),
        };
        visit.mood = visit.draw_mood();
        visit
    }

    fn draw_mood(&mut self) -> usize {
        let weights: Vec<f64> = self.shopper.interests().iter().map(|i| i.weight).collect();
        if weights.is_empty() {
            0
        } else {
            self.rng.weighted(&weights)
        }
    }

    /// The whole visit.
    pub async fn run(&mut self, browser: &mut Browser) -> Result<(), SessionError> {
        let mut landed = None;
        if let Some(id) = self.shopper.emulate() {
            landed = Some(self.emulate(browser, id).await?);
        }
        let (mut path, mut page) = self.arrive(browser, landed).await?;
        // Each turn looks at one page of cards: a listing, or a product's similar items.
        loop {
            if self.outcome.page_views >= u64::from(self.params.max_pages) || self.tired() {
                break;
            }
            if self.rng.chance(self.params.drift) {
                self.mood = self.draw_mood();
            }
            let Some((feature, card_path, product_id)) = self.pick(&page, &path)? else {
                // Nothing caught the eye: on to a category of the current mood, or away.
                if !self.rng.chance(self.params.browse_on) {
                    break;
                }
                let Some(category) = self.mood_category() else {
                    break;
                };
                path = format!("/category/{category}");
                page = self.open(browser, &path).await?;
                continue;
            };
            *self.outcome.clicks.entry(feature).or_default() += 1;
            let viewed = self.open(browser, &card_path).await?;
            let added = self.consider(browser, &viewed, &product_id).await?;
            self.viewed.insert(product_id);
            if added && self.rng.chance(self.params.satisfaction) {
                break;
            }
            if self.rng.chance(self.params.similar) {
                // On through the product page's similar items.
                path = card_path;
                page = viewed;
            }
            // Else back to the page the card was on, as the browser kept it: a back button asks
            // the shop for nothing, so nothing is recorded.
        }
        self.check_out(browser).await
    }

    fn tired(&mut self) -> bool {
        self.rng.chance(1.0 / self.params.patience)
    }

    fn mood_category(&self) -> Option<String> {
        self.shopper
            .interests()
            .get(self.mood)
            .map(|i| i.category.clone())
    }

    async fn open(&mut self, browser: &mut Browser, path: &str) -> Result<Page, SessionError> {
        let fetched = browser.get(path).await?;
        Ok(self.read(&fetched))
    }

    /// Posts a form and reads the page its redirect lands on; the path it landed on, and the page.
    async fn submit(
        &mut self,
        browser: &mut Browser,
        action: &str,
        fields: &[(String, String)],
    ) -> Result<(String, Page), SessionError> {
        let fetched = browser.post_form(action, fields).await?;
        // The page a form sends the browser back to is shown again, not viewed anew: the shop
        // records the form's change and nothing for the page.
        self.outcome.page_views += 1;
        let page = Page::parse(&fetched.body);
        Ok((fetched.path, page))
    }

    /// A page the browser opened, counted by what the shop records for it: each product page a
    /// view, each search page a search, each cart page a cart view.
    fn read(&mut self, fetched: &Fetched) -> Page {
        self.outcome.page_views += 1;
        let path = fetched.path.as_str();
        if path.starts_with("/product/") {
            self.outcome.product_views += 1;
        } else if path.starts_with("/search?") {
            self.outcome.searches += 1;
        } else if path == "/cart" {
            self.outcome.cart_views += 1;
        }
        Page::parse(&fetched.body)
    }

    /// Takes the shopper's identity through the profile page, as a presenter does.
    async fn emulate(&mut self, browser: &mut Browser, id: &str) -> Result<Page, SessionError> {
        let profile = self.open(browser, "/profile").await?;
        let csrf = csrf_token(&profile, "/profile")?;
        let fields = vec![
            ("csrf_token".to_string(), csrf),
            ("shopper_id".to_string(), id.to_string()),
        ];
        let (path, landed) = self.submit(browser, "/profile/save", &fields).await?;
        if landed.shopper_id.as_deref() != Some(id) {
            return Err(SessionError::Contract(format!(
                "after emulating shopper {id} through /profile/save, {path} does not name them in \
                 data-shopper-id"
            )));
        }
        self.outcome.emulated = true;
        Ok(landed)
    }

    /// The first page: home, a category of the mood, or a search for one of its words.
    async fn arrive(
        &mut self,
        browser: &mut Browser,
        landed_home: Option<Page>,
    ) -> Result<(String, Page), SessionError> {
        let a = self.params.arrival;
        let interest = self.shopper.interests().get(self.mood).cloned();
        match (self.rng.weighted(&[a.home, a.category, a.search]), interest) {
            (1, Some(i)) => {
                let path = format!("/category/{}", i.category);
                let page = self.open(browser, &path).await?;
                Ok((path, page))
            }
            (2, Some(i)) if !i.search_terms.is_empty() => {
                let term = self.rng.pick(&i.search_terms).clone();
                let path = format!(
                    "/search?{}",
                    serde_urlencoded::to_string([("q", term.as_str())]).unwrap_or_default()
                );
                let page = self.open(browser, &path).await?;
                Ok((path, page))
            }
            _ => {
                let page = match landed_home {
                    Some(page) => page,
                    None => self.open(browser, "/").await?,
                };
                if page.shelves.is_empty() {
                    return Err(SessionError::Contract(
                        "the home page has no shelf (no element with data-feature)".into(),
                    ));
                }
                Ok(("/".to_string(), page))
            }
        }
    }

    /// The card the shopper clicks on this page, if any: (its shelf, its link, its product).
    fn pick(
        &mut self,
        page: &Page,
        path: &str,
    ) -> Result<Option<(String, String, String)>, SessionError> {
        let current = path
            .strip_prefix("/product/")
            .map(|rest| rest.split(['?', '#']).next().unwrap_or(rest));
        let mut seen = HashSet::new();
        let mut cards = Vec::new();
        for (shelf, card) in page.cards() {
            if shelf.feature.is_empty()
                || shelf.feature == "cart"
                || Some(card.product_id.as_str()) == current
                || !seen.insert(card.product_id.as_str())
            {
                continue;
            }
            cards.push((shelf, card));
        }
        let examined = examine(cards.len(), self.params.attention_decay, self.rng);
        let mut utilities = Vec::with_capacity(examined.len());
        for &k in &examined {
            let (_, card) = cards[k];
            let judgement = self.judge(&card.product_id)?;
            utilities.push(self.utility(&card.product_id, judgement));
        }
        let Some(choice) = choose(
            &utilities,
            self.params.no_click_utility,
            self.params.temperature,
            self.rng,
        ) else {
            return Ok(None);
        };
        let (shelf, card) = cards[examined[choice]];
        let href = card.href.clone().ok_or_else(|| {
            SessionError::Contract(format!(
                "{path}: the card of product {} has no link",
                card.product_id
            ))
        })?;
        Ok(Some((shelf.feature.clone(), href, card.product_id.clone())))
    }

    /// The utility of a card to this shopper now: taste, the fixed per-item noise, the mood, and
    /// a penalty for what they have already seen.
    fn utility(&self, product_id: &str, judgement: crate::Judgement) -> f64 {
        let mut u =
            judgement.utility + self.params.item_noise * item_noise(self.noise_seed, product_id);
        if judgement.interest == Some(self.mood) {
            u += self.params.mood_boost;
        }
        if self.viewed.contains(product_id) {
            u -= self.params.revisit_penalty;
        }
        u
    }

    fn judge(&self, product_id: &str) -> Result<crate::Judgement, SessionError> {
        self.shopper.judge(product_id).ok_or_else(|| {
            SessionError::Contract(format!(
                "the shop shows product {product_id}, which the simulator's catalog does not \
                 have: run the shop and the shoppers on the same catalog"
            ))
        })
    }

    /// What a price takes off a decision's log-odds: the discount persona's sensitivity times
    /// the log of the price against the reference price.
    fn price_penalty(&self, dollars: f64) -> f64 {
        self.params
            .price_sensitivity(self.shopper.discount_persona())
            * (dollars.max(0.01) / self.params.reference_price).ln()
    }

    /// On a product page: add it to the cart by utility and price (if it can be bought: an
    /// out-of-stock product's page has no add-to-cart form).
    async fn consider(
        &mut self,
        browser: &mut Browser,
        page: &Page,
        product_id: &str,
    ) -> Result<bool, SessionError> {
        let Some(mut form) = page.form("/cart/add").cloned() else {
            self.outcome.unavailable += 1;
            return Ok(false);
        };
        let judgement = self.judge(product_id)?;
        let (price, utility) = (judgement.price, self.utility(product_id, judgement));
        let p = self.params;
        let x = p.add_to_cart.bias + p.add_to_cart.slope * utility - self.price_penalty(price);
        if !self.rng.chance(logistic(x)) {
            return Ok(false);
        }
        let quantity = if self.rng.chance(p.second_unit) { 2 } else { 1 };
        form.set("quantity", quantity.to_string());
        let before = page.cart_count;
        let (_, after) = self.submit(browser, "/cart/add", &form.fields).await?;
        // The shop refuses an add past what is in stock and changes nothing: no add then.
        if let (Some(before), Some(after)) = (before, after.cart_count)
            && after == before
        {
            self.outcome.unavailable += 1;
            return Ok(false);
        }
        self.outcome.adds += 1;
        self.cart.push(Line {
            product_id: product_id.to_string(),
            price,
            quantity,
            utility,
        });
        Ok(true)
    }

    /// Cart, checkout and order, each more likely the better the cart.
    async fn check_out(&mut self, browser: &mut Browser) -> Result<(), SessionError> {
        if self.cart.is_empty() || !self.rng.chance(self.params.view_cart) {
            return Ok(());
        }
        let cart = self.open(browser, "/cart").await?;
        // A stored shopper's cart outlives a visit: lines an earlier visit left are removed, so
        // that the order is this visit's.
        for form in cart.forms.iter().filter(|f| f.action == "/cart/remove") {
            let stale = form
                .field("product_id")
                .is_some_and(|id| !self.cart.iter().any(|l| l.product_id == id));
            if stale {
                self.submit(browser, "/cart/remove", &form.fields).await?;
                self.outcome.removals += 1;
            }
        }
        let p = self.params;
        let lines = self.cart.len() as f64;
        let appeal = self.cart.iter().map(|l| l.utility).sum::<f64>() / lines;
        let total: f64 = self
            .cart
            .iter()
            .map(|l| l.price * f64::from(l.quantity))
            .sum();
        let x = p.checkout.bias + p.checkout.slope * appeal - self.price_penalty(total);
        if !self.rng.chance(logistic(x)) {
            return Ok(());
        }
        let checkout = self.open(browser, "/checkout").await?;
        self.outcome.checkouts += 1;
        if !self.rng.chance(p.place_order) {
            return Ok(());
        }
        let mut form = checkout.form("/checkout").cloned().ok_or_else(|| {
            SessionError::Contract("GET /checkout has no form posting to /checkout".into())
        })?;
        let details = self.shopper.checkout_details();
        for name in form.required_empty.clone() {
            if let Some((_, value)) = details.iter().find(|(n, _)| *n == name) {
                form.set(&name, value.clone());
            }
        }
        let (landed, _) = self.submit(browser, "/checkout", &form.fields).await?;
        if landed.starts_with("/orders/") {
            self.outcome.orders += 1;
            self.outcome.revenue += total;
        }
        Ok(())
    }
}

/// The CSRF token of the page's first form that has one.
fn csrf_token(page: &Page, path: &str) -> Result<String, SessionError> {
    page.forms
        .iter()
        .find_map(|f| f.field("csrf_token"))
        .map(str::to_string)
        .ok_or_else(|| {
            SessionError::Contract(format!("{path} has no form with a csrf_token field"))
        })
}
