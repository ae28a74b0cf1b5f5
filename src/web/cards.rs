//! Product cards, rendered once per product and shelf and then reused: cards are most of a
//! page's HTML, and escaping their text again on every request cost more than the rest of the
//! page together.
//!
//! A card whose links must carry more than the shelf's name (an experiment's correlation id, an
//! external engine's recommendation id) is the cached card with that query spliced into both of
//! its links as the page is written: the cache remembers where the links end, so such a card
//! costs no render and no copy.

use std::sync::{Arc, OnceLock};

use askama::Template;

use super::views::CardView;
use crate::catalog::Catalog;
use crate::domain::Feature;
use crate::shop::stock::Stock;

#[derive(Template)]
#[template(path = "partials/card.html")]
struct CardHtml<'a> {
    card: &'a CardView,
}

/// Slot 0 is a card linked without a shelf name; slot k+1 is the one linked from `Feature::ALL[k]`.
const SLOTS: usize = Feature::ALL.len() + 1;

/// A rendered card and the byte offsets where its links' queries end (just before each
/// closing quote), where more of a query can be spliced in.
struct Rendered {
    html: String,
    link_ends: Vec<usize>,
}

pub struct CardCache {
    catalog: Arc<Catalog>,
    /// Stock changes while a card stays cached: the "Out of stock" line is added as the card
    /// is written, at its end (inside its body).
    stock: Arc<Stock>,
    cards: Vec<[OnceLock<Rendered>; SLOTS]>,
}

const OUT_OF_STOCK: &str = "<div class=\"stock out\">Out of stock</div>";

/// What a card's links carry beyond the shelf's name.
#[derive(Clone, Default)]
pub struct LinkQuery<'a> {
    /// The experiment correlation id: its start as written in an attribute (`&amp;exp=7~1~`, see
    /// `Shown::link_prefix`) and the card's rank.
    pub correlation: Option<(&'a str, usize)>,
    /// Already percent-encoded and starting with `&` (`&rid=…&imp=…`), shared by a shelf's cards.
    pub rest: Option<Arc<str>>,
}

/// A card as the page writes it (`{{ card.html|safe }}`): the cached HTML, with the query
/// spliced into its links if there is one.
pub struct CardOut<'a> {
    rendered: &'a str,
    link_ends: &'a [usize],
    query: LinkQuery<'a>,
    out_of_stock: bool,
}

impl CardOut<'_> {
    fn write(&self, out: &mut (impl std::fmt::Write + ?Sized)) -> std::fmt::Result {
        self.write_links(out)?;
        if self.out_of_stock {
            out.write_str(OUT_OF_STOCK)?;
        }
        Ok(())
    }

    fn write_links(&self, out: &mut (impl std::fmt::Write + ?Sized)) -> std::fmt::Result {
        if self.query.correlation.is_none() && self.query.rest.is_none() {
            return out.write_str(self.rendered);
        }
        let mut from = 0;
        for &end in self.link_ends {
            out.write_str(&self.rendered[from..end])?;
            if let Some((prefix, rank)) = self.query.correlation {
                out.write_str(prefix)?;
                write_number(out, rank)?;
            }
            // Attribute text: only `&` needs escaping in a percent-encoded query.
            for (k, part) in self
                .query
                .rest
                .as_deref()
                .unwrap_or("")
                .split('&')
                .enumerate()
            {
                if k > 0 {
                    out.write_str("&amp;")?;
                }
                out.write_str(part)?;
            }
            from = end;
        }
        out.write_str(&self.rendered[from..])
    }
}

/// A rank in decimal, without going through `format_args!` (twice per card on every shelf
/// under an experiment).
fn write_number(out: &mut (impl std::fmt::Write + ?Sized), n: usize) -> std::fmt::Result {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.write_str(std::str::from_utf8(&digits[at..]).unwrap_or("0"))
}

impl std::fmt::Display for CardOut<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.write(f)
    }
}

impl askama::FastWritable for CardOut<'_> {
    fn write_into(
        &self,
        dest: &mut dyn std::fmt::Write,
        _: &dyn askama::Values,
    ) -> askama::Result<()> {
        Ok(self.write(dest)?)
    }
}

impl CardCache {
    pub fn new(catalog: Arc<Catalog>, stock: Arc<Stock>) -> Self {
        let cards = (0..catalog.len())
            .map(|_| std::array::from_fn(|_| OnceLock::new()))
            .collect();
        Self {
            catalog,
            stock,
            cards,
        }
    }

    fn rendered(&self, item: usize, feature: Option<Feature>) -> Option<&Rendered> {
        let slot = feature.map_or(0, |f| f.index() + 1);
        let product = self.catalog.products().get(item)?;
        Some(self.cards.get(item)?[slot].get_or_init(|| {
            let view = CardView::new(product, feature);
            let html = CardHtml { card: &view }.render().unwrap_or_default();
            // Each link is `href="…?feature=NAME"`; a card linked without a shelf takes no query.
            let link_ends = match feature {
                Some(f) => {
                    let end = format!("?feature={f}\"");
                    html.match_indices(&end)
                        .map(|(at, _)| at + end.len() - 1)
                        .collect()
                }
                None => Vec::new(),
            };
            Rendered { html, link_ends }
        }))
    }

    /// The card of the product at `item`, its links carrying `feature` and `query` (see
    /// [`LinkQuery`]); rendered on first use. Ends inside the card's body, where the page adds
    /// the reason and closes it.
    pub fn card_with_query<'a>(
        &'a self,
        item: usize,
        feature: Feature,
        query: LinkQuery<'a>,
    ) -> Option<CardOut<'a>> {
        let rendered = self.rendered(item, Some(feature))?;
        Some(CardOut {
            rendered: &rendered.html,
            link_ends: &rendered.link_ends,
            query,
            out_of_stock: !self.stock.in_stock(item),
        })
    }

    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }
}
