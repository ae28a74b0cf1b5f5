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

use std::borrow::Cow;

use memchr::{memchr, memmem};

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
        let mut s = Scanner {
            html,
            attrs: Vec::with_capacity(16),
            ..Scanner::default()
        };
        while s.step().is_some() {}
        s.finish_select();
        s.page
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

/// What the scanner does with a tag, by its name.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Other,
    /// Never has content (so never holds a shelf's or a card's elements).
    Void,
    /// `<script>`, `<style>`: raw text up to the end tag.
    Raw,
    Textarea,
    A,
    Form,
    Input,
    Button,
    Select,
    Option,
}

/// A tag name lower-cased (`| 0x20` leaves digits) and packed into a `u64`, first byte lowest,
/// to compare names in one instruction; 0 when longer than 8 bytes (no tag the scanner acts on is).
fn key(name: &[u8]) -> u64 {
    if name.len() > 8 {
        return 0;
    }
    name.iter()
        .rev()
        .fold(0, |k, &c| k << 8 | u64::from(c | 0x20))
}

fn kind(key: u64, len: usize) -> Kind {
    match key.to_le_bytes().get(..len).unwrap_or_default() {
        b"a" => Kind::A,
        b"form" => Kind::Form,
        b"input" => Kind::Input,
        b"button" => Kind::Button,
        b"select" => Kind::Select,
        b"option" => Kind::Option,
        b"textarea" => Kind::Textarea,
        b"script" | b"style" => Kind::Raw,
        b"area" | b"base" | b"br" | b"col" | b"embed" | b"hr" => Kind::Void,
        b"img" | b"link" | b"meta" | b"source" | b"track" | b"wbr" => Kind::Void,
        _ => Kind::Other,
    }
}

const LO: u64 = 0x0101_0101_0101_0101;

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0c)
}

/// The first index at or after `i` that is not whitespace, or the end.
fn skip_space(b: &[u8], mut i: usize) -> usize {
    while b.get(i).copied().is_some_and(is_space) {
        i += 1;
    }
    i
}

/// The end of a tag's or an attribute's name: whitespace (here any byte up to a space), `/`,
/// `>`, and for an attribute `=`; or the end of the page.
fn name_end(b: &[u8], from: usize, attribute: bool) -> usize {
    let mut i = from;
    while let Some(&c) = b.get(i) {
        if c <= b' ' || c == b'/' || c == b'>' || (attribute && c == b'=') {
            break;
        }
        i += 1;
    }
    i
}

/// Where the first byte of `w` (the page's first is the lowest) below `below` or equal to one
/// of `eq` is, if any.
///
/// Searches read eight bytes at a time: names, values and the runs between tags are short and
/// many, and a loop over bytes mispredicts its exit at each.
fn hit(w: u64, below: u8, eq: &[u8]) -> Option<usize> {
    // A byte under `below` (or zero after the xor) gets its top bit set; a borrow can set the bit
    // of bytes after it too, never before, so the lowest one set is right.
    let mut hit = w.wrapping_sub(LO * u64::from(below)) & !w;
    for &c in eq {
        let x = w ^ (LO * u64::from(c));
        hit |= x.wrapping_sub(LO) & !x;
    }
    hit &= LO << 7;
    (hit != 0).then(|| usize::try_from(hit.trailing_zeros() / 8).unwrap_or(0))
}

/// A tag's name (from `at`): where it ends, and its key. In one read when it is under 8 bytes.
fn tag_name(b: &[u8], at: usize) -> (usize, u64) {
    if let Some(w) = b
        .get(at..at + 8)
        .and_then(|s| s.try_into().ok())
        .map(u64::from_le_bytes)
        && let Some(len) = hit(w, b' ' + 1, b"/>")
    {
        return (at + len, (w | (LO * 0x20)) & ((1 << (8 * len)) - 1));
    }
    let end = name_end(b, at, false);
    (end, b.get(at..end).map_or(0, key))
}

/// The next `c` at or after `from`: the first 64 bytes eight at a time, the rest by `memchr`.
fn find(b: &[u8], from: usize, c: u8) -> Option<usize> {
    let rest = b.get(from..)?;
    let head = rest.get(..64).unwrap_or(rest);
    let mut chunks = head.chunks_exact(8);
    let mut at = from;
    for chunk in chunks.by_ref() {
        let x = chunk.try_into().map_or(!0, u64::from_le_bytes) ^ (LO * u64::from(c));
        let zero = x.wrapping_sub(LO) & !x & (LO << 7);
        if zero != 0 {
            return Some(at + usize::try_from(zero.trailing_zeros() / 8).ok()?);
        }
        at += 8;
    }
    if let Some(i) = chunks.remainder().iter().position(|&x| x == c) {
        return Some(at + i);
    }
    Some(from + head.len() + memchr(c, rest.get(head.len()..)?)?)
}

/// Just past the next `>` at or after `from`.
fn past_gt(b: &[u8], from: usize) -> Option<usize> {
    Some(find(b, from, b'>')? + 1)
}

/// Decodes `&amp; &lt; &gt; &quot; &apos; &nbsp;` and numeric references; leaves others as they are.
fn decode(s: &str) -> Cow<'_, str> {
    if !s.as_bytes().contains(&b'&') {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some((head, tail)) = rest.split_once('&') {
        out.push_str(head);
        rest = tail;
        let semi = tail.bytes().take(10).position(|c| c == b';');
        let body = semi.and_then(|i| tail.get(..i)).unwrap_or("");
        let ch = match body {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => body.strip_prefix('#').and_then(|num| {
                let (digits, radix) = num
                    .strip_prefix(['x', 'X'])
                    .map_or((num, 10), |hex| (hex, 16));
                let ok = !digits.is_empty() && digits.bytes().all(|c| c.is_ascii_hexdigit());
                let code = u32::from_str_radix(digits, radix).ok().filter(|_| ok)?;
                char::from_u32(code).filter(|&c| c != '\0')
            }),
        };
        if let Some(ch) = ch {
            out.push(ch);
            rest = tail.get(body.len() + 1..).unwrap_or("");
        } else {
            out.push('&');
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// A shelf or card element still open: its tag name (and key), how many elements of that name
/// are open from it inward (itself included), and where its result is.
struct Open<'a> {
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
struct Select<'a> {
    name: &'a str,
    required: bool,
    first: Option<(&'a str, bool)>,
    selected: Option<(&'a str, bool)>,
}

#[derive(Default)]
struct Scanner<'a> {
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

#[cfg(test)]
mod tests {
    use std::fmt::Write as _;

    use super::*;

    const CARD: &str = r#"<article class="card" data-product-id="ID" data-category="CAT" data-style="casual">
      <a href="HREF" class="picture"><img src="/images/ID.svg" alt="Item ID" width="400" height="400" loading="lazy"></a>
      <div class="card-body">
        <a class="name" href="HREF">Item ID</a>
        <div class="meta"><span class="category">Cat</span><span class="price">$20.00</span></div>
<div class="reason" title="Why this is recommended">Because you viewed p-100</div>
      </div>
    </article>
"#;

    fn card(id: &str, category: &str, href: &str) -> String {
        CARD.replace("HREF", href)
            .replace("ID", id)
            .replace("CAT", category)
    }

    fn shelf(attrs: &str, cards: impl Iterator<Item = String>) -> String {
        let cards: String = cards.collect();
        format!(
            r#"<section class="shelf" {attrs}>
  <div class="shelf-head"><h2>Shelf</h2><span class="engine-badge" title="Which engine answered this shelf">personalize</span></div>
  <div class="cards">
    {cards}
  </div>
</section>
"#
        )
    }

    /// A page as the shop renders it (base.html, product.html, the shelf macro, checkout.html,
    /// profile.html, cart.html), with traps: a script and a comment holding cards, stray `<`.
    fn realistic() -> String {
        let recs = (1..=3).map(|i| {
            card(
                &format!("p-{i}"),
                "apparel",
                &format!("/product/p-{i}?feature=home_product_recs&amp;exp=7~b~{i}"),
            )
        });
        let trending = (4..=6).map(|i| {
            card(
                &format!("p-{i}"),
                "footwear",
                &format!("/product/p-{i}?feature=trending&amp;pos={i}"),
            )
        });
        let recs = shelf(
            r#"data-feature="home_product_recs" data-experiment="7" data-experiment-id="7" data-variation="b""#,
            recs,
        );
        format!(
            "{HEAD}{recs}{}{TAIL}",
            shelf(r#"data-feature="trending""#, trending)
        )
    }

    const HEAD: &str = r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Trail Runner &amp; Co · Storefront</title>
<link rel="stylesheet" href="/static/style.css">
<STYLE>.card > a { color: red } /* <article data-product-id="css"> */</style>
</head>
<body>
<header class="site-header">
  <div class="bar">
    <a class="logo" href="/"><img src="/favicon.svg" alt="" width="28" height="28"> Storefront</a>
    <form class="search" action="/search" method="get" role="search">
      <input type="search" name="q" value="" placeholder="Search products, styles, categories" aria-label="Search products" maxlength="200">
      <button type="submit">Search</button>
    </form>
    <nav class="account" aria-label="Account">
      <span class="hello">Hi, Ada</span>
      <form method="POST" action="/signout" class="inline">
        <input type="hidden" name="csrf_token" value="c5f&#x2F;9a+Q==">
        <button type="submit" class="link">Sign out</button>
      </form>
      <a href="/profile">Profile</a>
      <a href="/cart" class="cart-link">Cart <span class="count" data-cart-count="2">2</span></a>
    </nav>
  </div>
  <div class="emulating" data-shopper-id="42" data-persona="apparel_footwear_accessories">
    Shopping as <a href="/profile"><strong>Ada O&#39;Neil</strong></a>
    <span class="persona" title="apparel_footwear_accessories">interests: Apparel, footwear &amp; accessories</span>
  </div>
  <nav class="categories" aria-label="Categories">
    <a href="/category/featured">Featured</a>
    <a href="/category/apparel">Apparel</a><A HREF=/category/footwear>Footwear</A><a href="/category/home%20decor">Home decor</a>
  </nav>
</header>
<main>
<nav class="crumbs"><a href="/">Home</a> › <a href="/category/footwear">Footwear</a> › Trail Runner</nav>
<article class="product" data-product-id="p-100" data-category="footwear">
  <div class="product-picture"><img src="/images/p-100.svg" alt="Trail Runner" width="400" height="400"/></div>
  <div class="product-info">
    <h1>Trail Runner</h1>
    <p class="price">$40.00 — save 10% when 2 < 3</p>
    <form class="add-to-cart" method="post" action="/cart/add">
      <input type="hidden" name="csrf_token" value="c5f&#x2F;9a+Q==">
      <input type="hidden" name="product_id" value="p-100">
      <input type="hidden" name="feature" value="product_related">
      <label>Quantity <input type="number" name="quantity" value="1" min="1" max="99" required></label>
      <button type="submit" class="primary">Add to cart</button>
    </form>
  </div>
</article>
<script>
  // only text: <section data-feature="fake"><article data-product-id="x"><a href="/category/fake">x</a></article></section>
  if (1 < 2 && "</scr" + "ipt>") { document.title = '<form action="/fake">'; }
</SCRIPT >
<!-- <article class="card" data-product-id="commented" data-category="x"><a href="/product/commented">x</a></article> -->
"#;

    const TAIL: &str = r#"<div class="checkout">
<form method="post" action="/checkout" class="stacked">
  <input type="hidden" name="csrf_token" value="c5f&#x2F;9a+Q==">
  <fieldset>
    <legend>Shipping address</legend>
    <label>Full name <input name="name" value="Ada O&#39;Neil" required maxlength="200" autocomplete="name"></label>
    <label>Email <input type="email" name="email" value="" required maxlength="200" autocomplete="email"></label>
    <label>Address <input name="address1" value="" required maxlength="200"></label>
    <label>Address line 2 <input name="address2" value="" maxlength="200"></label>
    <label>City <input name=city value=Springfield required></label>
    <label>State <input name='state' value='' REQUIRED></label>
    <label>ZIP code <input name="zipcode" required maxlength="20"></label>
    <label>Shipping <select name="shipping" required><option value="">Choose</option><option value="standard">Standard</option><option value="express" selected>Express &amp; tracked</option></select></label>
    <label>Country <SELECT NAME="country"><option> United States </option><option>Canada</option></SELECT></label>
    <label>Wrap <select name="wrap" required><option value="">None</option><option value="paper">Paper</option></select></label>
    <label><input type="checkbox" name="gift" value="yes" checked> Gift</label>
    <label><input type="checkbox" name="newsletter" value="yes"> Newsletter</label>
    <label>Notes <textarea name="notes" rows="3">
Leave at the door &amp; ring <b>twice</b></textarea></label>
    <input type="reset" name="reset" value="Reset">
  </fieldset>
  <button type="submit" name="place" value="1" class="primary">Place order · $42.00</button>
  <button type="button" name="back" value="x">Back</button>
  <input type="submit" name="alt" value="Order">
</form>
<aside class="summary">
  <ul>
    <li data-product-id="p-7" data-category="apparel">1 × Linen Shirt <span>$20.00</span></li>
  </ul>
</aside>
</div>
<section class="panel" id="emulate">
  <div class="shopper-card current" data-shopper-id="99" data-persona="other"></div>
  <form method="post" action="/profile/select" class="choose">
    <input type="hidden" name="csrf_token" value="c5f&#x2F;9a+Q==">
    <button type="submit" name="mode" value="auto">Auto select</button>
    <select name="interest"><option value="">Any</option><option value="apparel">Apparel</option></select>
    <button name="mode" value="choose">Choose shopper</button>
  </form>
</section>
<table class="cart" data-feature="cart">
  <tbody>
  <tr class="line" data-product-id="p-8" data-category="housewares">
    <td class="item"><img src="/images/p-8.svg" alt="" width="64" height="64"> <a href="/product/p-8">Mug</a></td>
    <td><form method="post" action="/cart/update" class="inline"><input type="number" name="quantity" value="2"><button type="submit">Update</button></form></td>
  </tr>
  </tbody>
</table>
</main>
</body>
</html>
"#;

    /// Every field of a page, a line for each shelf, card and form.
    fn summary(page: &Page) -> String {
        let mut out = format!(
            "shopper {:?} {:?}\n{:?}\n",
            page.shopper_id, page.persona, page.category_links
        );
        for s in &page.shelves {
            _ = writeln!(
                out,
                "shelf {:?} {:?} {:?}",
                s.feature, s.experiment, s.variation
            );
            for c in &s.cards {
                _ = writeln!(out, "  card {} {} {:?}", c.product_id, c.category, c.href);
            }
        }
        for f in &page.forms {
            _ = writeln!(out, "form {} {} {:?}", f.action, f.method, f.fields);
            _ = writeln!(
                out,
                "  required {:?} buttons {:?}",
                f.required_empty, f.buttons
            );
        }
        out
    }

    /// The page as a shopper sees it: what `realistic` holds, by hand.
    const EXPECTED: &str = r#"shopper Some("42") Some("apparel_footwear_accessories")
["/category/featured", "/category/apparel", "/category/footwear", "/category/home%20decor"]
shelf "" None None
  card p-100 footwear None
  card p-7 apparel None
shelf "home_product_recs" Some("7") Some("b")
  card p-1 apparel Some("/product/p-1?feature=home_product_recs&exp=7~b~1")
  card p-2 apparel Some("/product/p-2?feature=home_product_recs&exp=7~b~2")
  card p-3 apparel Some("/product/p-3?feature=home_product_recs&exp=7~b~3")
shelf "trending" None None
  card p-4 footwear Some("/product/p-4?feature=trending&pos=4")
  card p-5 footwear Some("/product/p-5?feature=trending&pos=5")
  card p-6 footwear Some("/product/p-6?feature=trending&pos=6")
shelf "cart" None None
  card p-8 housewares Some("/product/p-8")
form /search get [("q", "")]
  required [] buttons []
form /signout post [("csrf_token", "c5f/9a+Q==")]
  required [] buttons []
form /cart/add post [("csrf_token", "c5f/9a+Q=="), ("product_id", "p-100"), ("feature", "product_related"), ("quantity", "1")]
  required [] buttons []
form /checkout post [("csrf_token", "c5f/9a+Q=="), ("name", "Ada O'Neil"), ("email", ""), ("address1", ""), ("address2", ""), ("city", "Springfield"), ("state", ""), ("zipcode", ""), ("shipping", "express"), ("country", "United States"), ("wrap", ""), ("gift", "yes"), ("notes", "Leave at the door & ring <b>twice</b>")]
  required ["email", "address1", "state", "zipcode", "wrap"] buttons [("place", "1"), ("alt", "Order")]
form /profile/select post [("csrf_token", "c5f/9a+Q=="), ("interest", "")]
  required [] buttons [("mode", "auto"), ("mode", "choose")]
form /cart/update post [("quantity", "2")]
  required [] buttons []
"#;

    #[test]
    fn reads_a_realistic_page() {
        let page = Page::parse(&realistic());
        assert_eq!(summary(&page), EXPECTED);
        assert_eq!(page.shelf("trending").map(|s| s.cards.len()), Some(3));
        let cards: Vec<(&str, &str)> = page
            .cards()
            .map(|(s, c)| (s.feature.as_str(), c.product_id.as_str()))
            .collect();
        assert_eq!(cards.len(), 9);
        assert_eq!(cards.get(2), Some(&("home_product_recs", "p-1")));
        let mut checkout = page.form("/checkout").unwrap().clone();
        assert_eq!(checkout.field("shipping"), Some("express"));
        checkout.set("email", "ada@example.com");
        checkout.set("coupon", "");
        assert_eq!(
            (checkout.field("email"), checkout.field("coupon")),
            (Some("ada@example.com"), Some(""))
        );
        assert_eq!(
            checkout.required_empty,
            ["address1", "state", "zipcode", "wrap"]
        );
        assert!(page.form("/fake").is_none() && page.shelf("fake").is_none());
    }

    #[test]
    fn decodes_entities_and_leaves_unknown_ones() {
        assert_eq!(
            decode("a &amp; b &lt;&gt; &quot;&#39;&#x27;&#65;&#x42;"),
            "a & b <> \"''AB"
        );
        let unknown = "&copy; &#xZZ; &#; &amp &#+5; &#99999999999; & ;";
        assert_eq!(decode(unknown), unknown);
        assert!(matches!(decode("plain"), Cow::Borrowed("plain")));
    }

    #[test]
    fn nesting_and_odd_markup() {
        let html = r#"<div data-feature="outer"><DIV><article data-product-id="1"><div><a>no href</a></div><a href='/p/1'>x</a></article></div>
            <div data-feature=inner><div data-product-id=2 /><span data-product-id="3"></span></div>
            <div data-product-id="4"></div></div><p data-product-id="5"><a href="/p/5"><a href="/p/6"></p>
            <form action="/a"><form action="/b"><input name="x"></form><input name="y">"#;
        let want = r#"shopper None None
[]
shelf "outer" None None
  card 1  Some("/p/1")
  card 4  None
shelf "inner" None None
  card 2  None
  card 3  None
shelf "" None None
  card 5  Some("/p/5")
form /a get [("x", "")]
  required [] buttons []
"#;
        assert_eq!(summary(&Page::parse(html)), want);
        // A select left open at the end of the page is read anyway.
        let page = Page::parse(r#"<form action="/a"><select name=s><option>A<option selected>B "#);
        assert_eq!(page.forms.first().map(|f| f.field("s")), Some(Some("B")));
    }

    /// A small xorshift, so the soup is the same on every run.
    fn soup(seed: &mut u64, len: usize, alphabet: &[u8]) -> String {
        let mut next = || {
            *seed ^= *seed << 13;
            *seed ^= *seed >> 7;
            *seed ^= *seed << 17;
            alphabet[usize::try_from(*seed).unwrap() % alphabet.len()]
        };
        String::from_utf8_lossy(&(0..len).map(|_| next()).collect::<Vec<u8>>()).into_owned()
    }

    #[test]
    fn garbage_never_panics() {
        let html = realistic();
        let full = Page::parse(&html);
        for (i, _) in html.char_indices() {
            let part = Page::parse(&html[..i]);
            assert!(
                part.cards().count() <= full.cards().count()
                    && part.forms.len() <= full.forms.len()
            );
        }
        let mut seed = 0x9e37_79b9_7f4a_7c15;
        let markup =
            b"<<>>//!!--??==\"\"''&&;;#x aAzZ09\n\tselectoptionformtextareascriptdata-feature=";
        let all: Vec<u8> = (0..=255).collect();
        for round in 0..3000 {
            Page::parse(&soup(&mut seed, round % 300, markup));
            Page::parse(&soup(&mut seed, round % 300, &all));
            // The real page with a stretch of soup spliced in.
            let at = html
                .char_indices()
                .nth(round * 7 % html.len())
                .map_or(0, |(i, _)| i);
            Page::parse(&format!(
                "{}{}{}",
                &html[..at],
                soup(&mut seed, 20, markup),
                &html[at..]
            ));
        }
    }

    /// The same page through scraper (html5ever): the shelves, the cards with their links, and
    /// the forms (the rules of `Form` applied to scraper's elements) agree.
    #[test]
    fn agrees_with_scraper() {
        use scraper::{ElementRef, Html, Selector};
        let html = realistic();
        let (page, doc) = (Page::parse(&html), Html::parse_document(&html));
        let sel = |s: &str| Selector::parse(s).unwrap();
        let attr = |e: &ElementRef, a: &str| e.value().attr(a).unwrap_or("").to_owned();

        let features: Vec<String> = doc
            .select(&sel("[data-feature]"))
            .map(|e| attr(&e, "data-feature"))
            .collect();
        let ours: Vec<String> = page
            .shelves
            .iter()
            .filter(|s| !s.feature.is_empty())
            .map(|s| s.feature.clone())
            .collect();
        assert_eq!(ours, features);
        let mut theirs: Vec<(String, String, Option<String>)> = doc
            .select(&sel("[data-product-id]"))
            .map(|e| {
                let shelf = e
                    .ancestors()
                    .filter_map(ElementRef::wrap)
                    .find_map(|a| a.value().attr("data-feature"));
                let href = e.select(&sel("a[href]")).next().map(|a| attr(&a, "href"));
                (
                    shelf.unwrap_or("").to_owned(),
                    attr(&e, "data-product-id"),
                    href,
                )
            })
            .collect();
        let mut ours: Vec<_> = page
            .cards()
            .map(|(s, c)| (s.feature.clone(), c.product_id.clone(), c.href.clone()))
            .collect();
        theirs.sort();
        ours.sort();
        assert_eq!(ours, theirs);

        let forms: Vec<Form> = doc
            .select(&sel("form"))
            .map(|f| {
                let method = Some(attr(&f, "method").to_lowercase()).filter(|m| !m.is_empty());
                let method = method.unwrap_or_else(|| "get".into());
                let mut form = Form {
                    action: attr(&f, "action"),
                    method,
                    ..Form::default()
                };
                for e in f.select(&sel(
                    "input[name], select[name], textarea[name], button[name]",
                )) {
                    let (name, ty) = (attr(&e, "name"), attr(&e, "type").to_lowercase());
                    let has = |a: &str| e.value().attr(a).is_some();
                    let value = match e.value().name() {
                        "button" | "input"
                            if ty == "submit"
                                || (ty.is_empty() && e.value().name() == "button") =>
                        {
                            form.buttons.push((name, attr(&e, "value")));
                            continue;
                        }
                        "button" => continue,
                        "input" if ["reset", "image", "button"].contains(&ty.as_str()) => continue,
                        "input" if (ty == "checkbox" || ty == "radio") && !has("checked") => {
                            continue;
                        }
                        "input" => attr(&e, "value"),
                        "select" => {
                            let options: Vec<ElementRef> = e.select(&sel("option")).collect();
                            let chosen = options
                                .iter()
                                .rev()
                                .find(|o| o.value().attr("selected").is_some());
                            let o = chosen.or(options.first()).unwrap();
                            let text = || o.text().collect::<String>().trim().to_owned();
                            o.value().attr("value").map_or_else(text, str::to_owned)
                        }
                        _ => e.text().collect(),
                    };
                    if has("required") && value.is_empty() {
                        form.required_empty.push(name.clone());
                    }
                    form.fields.push((name, value));
                }
                form
            })
            .collect();
        assert_eq!(page.forms, forms);
    }

    /// `cargo test --release -p shopper-sim -- --ignored --nocapture timing`: µs for a 60 KB page.
    #[test]
    #[ignore = "a timing, in release"]
    fn timing() {
        let mut html = realistic();
        while html.len() < 60_000 {
            let n = html.len();
            let cards = (0..8).map(|i| {
                card(
                    &format!("p-{n}-{i}"),
                    "apparel",
                    "/product/p?feature=more&amp;exp=1~a~0",
                )
            });
            html.push_str(&shelf(&format!(r#"data-feature="more_{n}""#), cards));
        }
        let start = std::time::Instant::now();
        for _ in 0..10_000 {
            std::hint::black_box(Page::parse(std::hint::black_box(&html)));
        }
        let us = start.elapsed().as_secs_f64() * 1e6 / 10_000.0;
        println!(
            "{} bytes, {} cards: {us:.1} µs a page",
            html.len(),
            Page::parse(&html).cards().count()
        );
    }
}
