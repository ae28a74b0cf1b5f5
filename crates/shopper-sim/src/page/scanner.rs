//! The scanner: markup in page order, shelves and cards closed at their matching end tags,
//! forms with their fields.

use memchr::memmem;

use super::lex::*;
use super::{Card, Form, Page, Shelf};

/// A shelf or card element still open: its tag name (and key), how many elements of that name
/// are open from it inward (itself included), and where its result is.
pub(super) struct Open<'a> {
    key: u64,
    name: &'a str,
    depth: u32,
    shelf: usize,
    card: usize,
}

impl Open<'_> {
    /// Whether a tag of this name (and key) is of this element's name.
    fn same(&self, key: u64, name: &str) -> bool {
        if self.key == 0 {
            self.name.eq_ignore_ascii_case(name)
        } else {
            self.key == key
        }
    }
}

/// A named `<select>` inside a form, being read: raw option values, `true` when taken from the
/// option's text; decoded when it closes.
pub(super) struct Select<'a> {
    name: &'a str,
    required: bool,
    first: Option<(&'a str, bool)>,
    selected: Option<(&'a str, bool)>,
}

#[derive(Default)]
pub(super) struct Scanner<'a> {
    html: &'a str,
    pos: usize,
    /// The current start tag's attributes, borrowed from the page (reused between tags).
    attrs: Vec<(&'a str, &'a str)>,
    page: Page,
    /// Open shelves, innermost last.
    shelves: Vec<Open<'a>>,
    card: Option<Open<'a>>,
    /// The shelf with an empty feature, for cards outside any shelf, once there is one.
    loose: Option<usize>,
    form: Option<usize>,
    select: Option<Select<'a>>,
}

impl<'a> Scanner<'a> {
    pub(super) fn new(html: &'a str) -> Scanner<'a> {
        Scanner {
            html,
            attrs: Vec::with_capacity(16),
            ..Scanner::default()
        }
    }

    /// Reads the whole page.
    pub(super) fn run(mut self) -> Page {
        while self.step().is_some() {}
        self.finish_select();
        self.page
    }

    /// Reads from `pos` through the next markup; `None` at the end of the page or of what can be read.
    fn step(&mut self) -> Option<()> {
        let b = self.html.as_bytes();
        let lt = find(b, self.pos, b'<')?;
        let rest = b.get(lt..)?;
        self.pos = lt + 1;
        match *rest.get(1)? {
            b'!' if rest.starts_with(b"<!--") => {
                // `<!-->` and `<!--->` are empty comments.
                let body = rest.get(4..)?;
                self.pos = lt
                    + 4
                    + match body {
                        [b'>', ..] => 1,
                        [b'-', b'>', ..] => 2,
                        _ => memmem::find(body, b"-->")? + 3,
                    };
            }
            b'!' | b'?' => self.pos = past_gt(b, lt + 2)?,
            b'/' => match *rest.get(2)? {
                c if c.is_ascii_alphabetic() => self.end_tag(lt + 2)?,
                _ => self.pos = past_gt(b, lt + 2)?,
            },
            c if c.is_ascii_alphabetic() => self.start_tag(lt + 1)?,
            _ => {}
        }
        Some(())
    }

    fn attr(&self, name: &str) -> Option<&'a str> {
        self.attrs
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|&(_, v)| v)
    }

    fn owned(&self, name: &str) -> Option<String> {
        self.attr(name).map(|v| decode(v).into_owned())
    }

    fn form_mut(&mut self) -> Option<&mut Form> {
        self.page.forms.get_mut(self.form?)
    }

    /// Reads the start tag whose name begins at `at`, then acts on it.
    fn start_tag(&mut self, at: usize) -> Option<()> {
        let html = self.html;
        let b = html.as_bytes();
        let (mut i, key) = tag_name(b, at);
        let name = html.get(at..i)?;
        self.attrs.clear();
        let mut data = false;
        let self_closing = loop {
            i = skip_space(b, i);
            match *b.get(i)? {
                b'>' => break false,
                b'/' if b.get(i + 1) == Some(&b'>') => {
                    i += 1;
                    break true;
                }
                b'/' => {
                    i += 1;
                    continue;
                }
                _ => {}
            }
            // An attribute's name may start with `=`.
            let start = i;
            i = name_end(b, i + 1, true);
            let attr = html.get(start..i)?;
            data |= attr
                .as_bytes()
                .get(..5)
                .is_some_and(|p| p.eq_ignore_ascii_case(b"data-"));
            i = skip_space(b, i);
            let mut value = "";
            if b.get(i) == Some(&b'=') {
                i = skip_space(b, i + 1);
                match *b.get(i)? {
                    q @ (b'"' | b'\'') => {
                        let end = find(b, i + 1, q)?;
                        value = html.get(i + 1..end)?;
                        i = end + 1;
                    }
                    b'>' => {}
                    _ => {
                        let end = i + b.get(i..)?.iter().position(|&c| is_space(c) || c == b'>')?;
                        value = html.get(i..end)?;
                        i = end;
                    }
                }
            }
            self.attrs.push((attr, value));
        };
        self.pos = i + 1;
        self.on_start(name, key, self_closing, data);
        Some(())
    }

    /// Acts on a start tag; `data`: it has `data-` attributes.
    fn on_start(&mut self, name: &'a str, key: u64, self_closing: bool, data: bool) {
        let kind = kind(key, name.len());
        let opens = !self_closing && !matches!(kind, Kind::Void | Kind::Raw | Kind::Textarea);
        if opens {
            for o in self.shelves.iter_mut().chain(self.card.as_mut()) {
                if o.same(key, name) {
                    o.depth = o.depth.saturating_add(1);
                }
            }
        }
        if data {
            self.data_attrs(key, name, opens);
        }
        match kind {
            Kind::Other | Kind::Void => {}
            Kind::A => self.anchor(),
            Kind::Form => self.open_form(),
            Kind::Input => self.input(),
            Kind::Button => self.button(),
            Kind::Select => self.open_select(),
            Kind::Option => self.option(),
            Kind::Textarea => self.textarea(),
            Kind::Raw => _ = self.raw_text(name.as_bytes()),
        }
    }

    /// Opens a shelf or a card, or names the shopper, from the current tag's `data-` attributes.
    fn data_attrs(&mut self, key: u64, name: &'a str, opens: bool) {
        if let Some(feature) = self.attr("data-feature") {
            let shelf = self.page.shelves.len();
            self.page.shelves.push(Shelf {
                feature: decode(feature).into_owned(),
                experiment: self.owned("data-experiment"),
                variation: self.owned("data-variation"),
                cards: Vec::new(),
            });
            if opens {
                self.shelves.push(Open {
                    key,
                    name,
                    depth: 1,
                    shelf,
                    card: 0,
                });
            }
        }
        if self.card.is_none()
            && let Some(id) = self.attr("data-product-id")
        {
            let shelf = match self.shelves.last() {
                Some(o) => o.shelf,
                None => *self.loose.get_or_insert_with(|| {
                    self.page.shelves.push(Shelf::default());
                    self.page.shelves.len() - 1
                }),
            };
            let card = Card {
                product_id: decode(id).into_owned(),
                category: self.owned("data-category").unwrap_or_default(),
                href: None,
            };
            if let Some(s) = self.page.shelves.get_mut(shelf) {
                if opens {
                    let card = s.cards.len();
                    self.card = Some(Open {
                        key,
                        name,
                        depth: 1,
                        shelf,
                        card,
                    });
                }
                s.cards.push(card);
            }
        }
        if self.page.shopper_id.is_none()
            && let Some(id) = self.owned("data-shopper-id")
        {
            self.page.shopper_id = Some(id);
            self.page.persona = self.owned("data-persona");
        }
        if self.page.cart_count.is_none()
            && let Some(count) = self.owned("data-cart-count")
        {
            self.page.cart_count = count.parse().ok();
        }
    }

    /// Reads the end tag whose name begins at `at`.
    fn end_tag(&mut self, at: usize) -> Option<()> {
        let b = self.html.as_bytes();
        let (end, key) = tag_name(b, at);
        self.pos = if b.get(end) == Some(&b'>') {
            end + 1
        } else {
            past_gt(b, end)?
        };
        let name = self.html.get(at..end)?;
        let mut closed = false;
        for o in self.shelves.iter_mut().chain(self.card.as_mut()) {
            if o.same(key, name) {
                o.depth = o.depth.saturating_sub(1);
                closed |= o.depth == 0;
            }
        }
        if closed {
            self.shelves.retain(|o| o.depth > 0);
            self.card = self.card.take().filter(|c| c.depth > 0);
        }
        match kind(key, name.len()) {
            Kind::Form => {
                self.finish_select();
                self.form = None;
            }
            Kind::Select => self.finish_select(),
            _ => {}
        }
        Some(())
    }

    /// The raw text from `pos` up to `</tag` (any case), and `pos` past that end tag.
    fn raw_text(&mut self, tag: &[u8]) -> &'a str {
        let b = self.html.as_bytes();
        let start = self.pos;
        let mut i = start;
        let end = loop {
            let Some(lt) = find(b, i, b'<') else {
                break b.len();
            };
            let after = lt + 2 + tag.len();
            if b.get(lt + 1) == Some(&b'/')
                && b.get(lt + 2..after)
                    .is_some_and(|n| n.eq_ignore_ascii_case(tag))
                && b.get(after)
                    .is_none_or(|&c| is_space(c) || c == b'/' || c == b'>')
            {
                break lt;
            }
            i = lt + 1;
        };
        self.pos = past_gt(b, end).unwrap_or(b.len());
        self.html.get(start..end).unwrap_or("")
    }

    fn anchor(&mut self) {
        let Some(raw) = self.attr("href") else {
            return;
        };
        if let Some(o) = &self.card
            && let Some(card) = self
                .page
                .shelves
                .get_mut(o.shelf)
                .and_then(|s| s.cards.get_mut(o.card))
            && card.href.is_none()
        {
            card.href = Some(decode(raw).into_owned());
        }
        if raw.starts_with("/category/") {
            let href = decode(raw);
            if !self.page.category_links.iter().any(|l| *l == *href) {
                self.page.category_links.push(href.into_owned());
            }
        }
    }

    fn open_form(&mut self) {
        // A form inside a form is ignored, as browsers do.
        if self.form.is_some() {
            return;
        }
        let method = self.attr("method").map(str::trim).filter(|m| !m.is_empty());
        self.form = Some(self.page.forms.len());
        self.page.forms.push(Form {
            action: self.owned("action").unwrap_or_default(),
            method: method.map_or_else(|| "get".to_owned(), str::to_ascii_lowercase),
            ..Form::default()
        });
    }

    fn input(&mut self) {
        let Some(name) = self.attr("name").filter(|_| self.form.is_some()) else {
            return;
        };
        let ty = self.attr("type").unwrap_or("text");
        let is = |t: &str| ty.eq_ignore_ascii_case(t);
        let value = self.attr("value").unwrap_or("");
        let required = self.attr("required").is_some();
        let unchecked = (is("checkbox") || is("radio")) && self.attr("checked").is_none();
        if is("image")
            || is("reset")
            || is("button")
            || (unchecked && !(required && is("checkbox")))
        {
            return;
        }
        let submit = is("submit");
        let (name, value) = (decode(name).into_owned(), decode(value).into_owned());
        if submit {
            if let Some(f) = self.form_mut() {
                f.buttons.push((name, value));
            }
        } else if unchecked {
            if let Some(f) = self.form_mut() {
                f.required_empty.push(name);
            }
        } else {
            self.push_field(name, value, required);
        }
    }

    fn push_field(&mut self, name: String, value: String, required: bool) {
        if let Some(form) = self.form_mut() {
            if required && value.is_empty() {
                form.required_empty.push(name.clone());
            }
            form.fields.push((name, value));
        }
    }

    fn button(&mut self) {
        let ty = self.attr("type").unwrap_or("submit");
        if ty.eq_ignore_ascii_case("button") || ty.eq_ignore_ascii_case("reset") {
            return;
        }
        let Some(name) = self.owned("name") else {
            return;
        };
        let value = self.owned("value").unwrap_or_default();
        if let Some(f) = self.form_mut() {
            f.buttons.push((name, value));
        }
    }

    fn open_select(&mut self) {
        self.finish_select();
        if self.form.is_some()
            && let Some(name) = self.attr("name")
        {
            let required = self.attr("required").is_some();
            self.select = Some(Select {
                name,
                required,
                first: None,
                selected: None,
            });
        }
    }

    fn option(&mut self) {
        if self.select.is_none() {
            return;
        }
        let value = self.attr("value").map_or_else(
            || {
                let end = find(self.html.as_bytes(), self.pos, b'<').unwrap_or(self.html.len());
                (self.html.get(self.pos..end).unwrap_or(""), true)
            },
            |v| (v, false),
        );
        let selected = self.attr("selected").is_some();
        if let Some(sel) = &mut self.select {
            sel.first.get_or_insert(value);
            if selected {
                sel.selected = Some(value);
            }
        }
    }

    fn finish_select(&mut self) {
        let Some(sel) = self.select.take() else {
            return;
        };
        // A select without options submits nothing.
        let Some((raw, text)) = sel.selected.or(sel.first) else {
            return;
        };
        let value = decode(raw);
        let value = if text {
            value.trim_matches(|c: char| c.is_ascii_whitespace())
        } else {
            &value
        };
        self.push_field(
            decode(sel.name).into_owned(),
            value.to_owned(),
            sel.required,
        );
    }

    fn textarea(&mut self) {
        let name = self.attr("name").filter(|_| self.form.is_some());
        let required = self.attr("required").is_some();
        let text = self.raw_text(b"textarea");
        let Some(name) = name else {
            return;
        };
        // A newline right after the start tag is not part of the value.
        let text = text
            .strip_prefix("\r\n")
            .or_else(|| text.strip_prefix('\n'))
            .unwrap_or(text);
        self.push_field(
            decode(name).into_owned(),
            decode(text).into_owned(),
            required,
        );
    }
}
