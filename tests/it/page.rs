//! Pages read through an HTML parser (`scraper`), never by searching their text.
//!
//! Every lookup names the section it looks in, and a section that is not on the page fails the
//! test: a check inside it cannot pass because the section vanished. Absence is asked about
//! inside a section that must exist (`page.section(".site-header").has("[data-shopper-id]")`).

use scraper::{ElementRef, Html, Selector};

/// A parsed HTML page.
pub struct Page {
    html: Html,
}

fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("`{css}` is not a CSS selector: {e}"))
}

/// The selector of a shelf or list: `[data-feature="…"]` (the data contract's names).
pub fn shelf_selector(feature: &str) -> String {
    format!("[data-feature=\"{feature}\"]")
}

/// Text with runs of whitespace (line breaks, indentation) collapsed to one space.
fn collapsed<'a>(pieces: impl Iterator<Item = &'a str>) -> String {
    pieces
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ")
}

impl Page {
    pub fn parse(text: &str) -> Page {
        Page {
            html: Html::parse_document(text),
        }
    }

    /// A response's body, parsed.
    pub async fn of(response: reqwest::Response) -> Page {
        Page::parse(&response.text().await.expect("a body"))
    }

    /// The page's `<title>`, to say which page a failed lookup was on.
    pub fn title(&self) -> String {
        self.root()
            .first("title")
            .map(|t| t.text())
            .unwrap_or_default()
    }

    /// The whole document, to look in.
    fn root(&self) -> Section<'_> {
        Section {
            element: self.html.root_element(),
        }
    }

    /// The first element `css` matches; fails the test when nothing does.
    pub fn section(&self, css: &str) -> Section<'_> {
        self.root()
            .first(css)
            .unwrap_or_else(|| panic!("no `{css}` on the page “{}”", self.title()))
    }

    /// The shelf or list `data-feature="feature"`, which must be on the page.
    pub fn shelf(&self, feature: &str) -> Section<'_> {
        self.section(&shelf_selector(feature))
    }

    /// Whether anything on the page matches `css`.
    pub fn has(&self, css: &str) -> bool {
        self.root().has(css)
    }

    /// Every element `css` matches, in document order (none is fine).
    pub fn select_all(&self, css: &str) -> Vec<Section<'_>> {
        self.root().select_all(css)
    }

    /// `attr` of the first element `css` matches (which must exist and carry it).
    pub fn attr(&self, css: &str, attr: &str) -> String {
        self.section(css).attr(attr)
    }

    /// The text of the first element `css` matches (which must exist), whitespace collapsed.
    pub fn text_of(&self, css: &str) -> String {
        self.section(css).text()
    }
}

/// One element of a page and what is inside it.
#[derive(Clone, Copy)]
pub struct Section<'a> {
    element: ElementRef<'a>,
}

impl<'a> Section<'a> {
    fn first(&self, css: &str) -> Option<Section<'a>> {
        self.element
            .select(&selector(css))
            .next()
            .map(|element| Section { element })
    }

    /// The first element inside that matches `css`; fails the test when nothing does.
    pub fn section(&self, css: &str) -> Section<'a> {
        self.first(css)
            .unwrap_or_else(|| panic!("no `{css}` inside {}", self.describe()))
    }

    /// Whether anything inside matches `css`.
    pub fn has(&self, css: &str) -> bool {
        self.first(css).is_some()
    }

    /// Every element inside that matches `css`, in document order.
    pub fn select_all(&self, css: &str) -> Vec<Section<'a>> {
        self.element
            .select(&selector(css))
            .map(|element| Section { element })
            .collect()
    }

    /// This element's `name` attribute, which it must carry.
    pub fn attr(&self, name: &str) -> String {
        self.element
            .value()
            .attr(name)
            .unwrap_or_else(|| panic!("{} has no `{name}`", self.describe()))
            .to_string()
    }

    /// `attr` of every element inside that carries it, in document order.
    pub fn attrs(&self, attr: &str) -> Vec<String> {
        self.select_all(&format!("[{attr}]"))
            .iter()
            .map(|s| s.attr(attr))
            .collect()
    }

    /// The product ids of the cards (or lines) inside.
    pub fn product_ids(&self) -> Vec<String> {
        self.attrs("data-product-id")
    }

    /// (product id, category) of the cards (or lines) inside.
    pub fn cards(&self) -> Vec<(String, String)> {
        self.select_all("[data-product-id]")
            .iter()
            .map(|card| (card.attr("data-product-id"), card.attr("data-category")))
            .collect()
    }

    /// The text inside, whitespace collapsed.
    pub fn text(&self) -> String {
        collapsed(self.element.text())
    }

    /// The text of the first element inside that matches `css` (which must exist).
    pub fn text_of(&self, css: &str) -> String {
        self.section(css).text()
    }

    /// The element's opening tag, to say where a lookup failed.
    fn describe(&self) -> String {
        let e = self.element.value();
        let attrs: String = e.attrs().map(|(k, v)| format!(" {k}=\"{v}\"")).collect();
        format!("<{}{attrs}>", e.name())
    }
}
