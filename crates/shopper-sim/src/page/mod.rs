//! One page of the shop, read the way a simulated shopper needs it: the shelves and their product
//! cards (`data-feature`, `data-product-id`), every form with what it would submit, the emulated
//! shopper named in the header, and the category navigation.
//!
//! Hand-written rather than a full HTML5 parser, for speed, measured: the simulator reads ~2,000
//! pages a second on a 2-core machine that also runs the shop. On this project's 2-core VM, in
//! release, the timing test's 64 KB page takes this scanner ~85–110 µs and scraper (html5ever)
//! ~1.6–3 ms; a bare loop that only finds the tags and their quoted values takes ~50 µs.
//! It is a tokenizer, not a tree builder: it finds tags and quotes eight bytes at a time (and
//! with `memchr` past 64), borrows attribute values from the page and decodes only those it keeps,
//! skips comments and the raw text of `<script>`, `<style>` and `<textarea>`, and closes a shelf
//! or a card at its matching end tag by counting the same-name elements opened inside it. Garbage
//! never panics: a truncated tag ends the scan with what was read. The tests check it against
//! scraper on a page built from the shop's templates.

mod lex;
mod scanner;
#[cfg(test)]
mod tests;

use scanner::Scanner;

/// What a shopper needs from one page of the shop.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Page {
    /// Shelves and lists in page order: every element carrying `data-feature`, with the product
    /// cards inside it. Cards outside any such element go into a shelf with an empty `feature`
    /// (added at the position of the first such card).
    pub shelves: Vec<Shelf>,
    /// Every form in page order.
    pub forms: Vec<Form>,
    /// The first element carrying `data-shopper-id` (the header naming the emulated shopper), with its `data-persona`.
    pub shopper_id: Option<String>,
    pub persona: Option<String>,
    /// The header's cart count (`data-cart-count`): how many units the cart holds.
    pub cart_count: Option<i64>,
    /// `href` of every `<a>` whose href starts with `/category/` (navigation), in page order, deduplicated.
    pub category_links: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Shelf {
    pub feature: String,
    /// `data-experiment`.
    pub experiment: Option<String>,
    /// `data-variation`.
    pub variation: Option<String>,
    pub cards: Vec<Card>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Card {
    /// `data-product-id`.
    pub product_id: String,
    /// `data-category` ("" when absent).
    pub category: String,
    /// The first `<a href>` inside the card element (entities decoded: `&amp;` → `&`).
    pub href: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Form {
    pub action: String,
    /// Lower-cased; "get" when absent.
    pub method: String,
    /// What the form would submit with no button pressed: each `<input>` with a name (except type
    /// submit/button/image/reset, and checkbox/radio only when `checked`) with its value ("" when
    /// absent); each `<select>`'s selected `<option>` value (else its first option's; an option
    /// without a value attribute uses its text, trimmed); each `<textarea>`'s text.
    pub fields: Vec<(String, String)>,
    /// Names of inputs/selects/textareas that carry the `required` attribute and whose value is
    /// empty (an unchecked required checkbox too).
    pub required_empty: Vec<String>,
    /// Submit buttons (`<button>` without type or type=submit, `<input type=submit>`) that have a
    /// name: (name, value).
    pub buttons: Vec<(String, String)>,
}

impl Page {
    /// Scans `html`; never fails: on garbage it returns what it read up to there.
    pub fn parse(html: &str) -> Page {
        Scanner::new(html).run()
    }

    /// The first form whose action equals `action` (method ignored).
    pub fn form(&self, action: &str) -> Option<&Form> {
        self.forms.iter().find(|f| f.action == action)
    }

    /// The shelf with this feature.
    pub fn shelf(&self, feature: &str) -> Option<&Shelf> {
        self.shelves.iter().find(|s| s.feature == feature)
    }

    /// Every card in page order, each with its shelf's feature.
    pub fn cards(&self) -> impl Iterator<Item = (&Shelf, &Card)> {
        self.shelves
            .iter()
            .flat_map(|s| s.cards.iter().map(move |c| (s, c)))
    }
}

impl Form {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Set (replace or add) a field's value; a non-empty value takes the name off `required_empty`.
    pub fn set(&mut self, name: &str, value: impl Into<String>) {
        let value = value.into();
        if !value.is_empty() {
            self.required_empty.retain(|n| n != name);
        }
        if let Some((_, v)) = self.fields.iter_mut().find(|(n, _)| n == name) {
            *v = value;
        } else {
            self.fields.push((name.to_owned(), value));
        }
    }
}
