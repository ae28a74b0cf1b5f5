//! IndexedInteraction datasets: interning ids, and loading CSV/TSV interaction files.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::BufRead;
use std::path::Path;

use crate::{EvalError, IndexedInteraction};
use utc_clock::parse_seconds as parse_timestamp;

/// Interned ids: `users[i]` / `items[j]` are the original id strings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dataset {
    pub users: Vec<String>,
    pub items: Vec<String>,
    pub interactions: Vec<IndexedInteraction>,
}

impl Dataset {
    /// Builds a dataset from (user, item, timestamp, weight) rows, interning ids in first-seen order.
    pub fn from_triples(rows: impl IntoIterator<Item = (String, String, i64, f32)>) -> Dataset {
        let mut builder = Builder::default();
        for (user, item, timestamp, weight) in rows {
            builder.push(&user, &item, timestamp, weight);
        }
        builder.finish()
    }

    pub fn n_users(&self) -> usize {
        self.users.len()
    }

    pub fn n_items(&self) -> usize {
        self.items.len()
    }
}

/// Interns ids without allocating for ids already seen.
#[derive(Default)]
struct Builder {
    user_ix: HashMap<String, u32>,
    item_ix: HashMap<String, u32>,
    dataset: Dataset,
}

impl Builder {
    fn push(&mut self, user: &str, item: &str, timestamp: i64, weight: f32) {
        let user = intern(&mut self.user_ix, &mut self.dataset.users, user);
        let item = intern(&mut self.item_ix, &mut self.dataset.items, item);
        self.dataset.interactions.push(IndexedInteraction {
            user,
            item,
            timestamp,
            weight,
        });
    }

    fn finish(self) -> Dataset {
        self.dataset
    }
}

fn intern(index: &mut HashMap<String, u32>, names: &mut Vec<String>, id: &str) -> u32 {
    if let Some(&ix) = index.get(id) {
        return ix;
    }
    let ix = u32::try_from(names.len()).expect("more than u32::MAX distinct ids");
    index.insert(id.to_owned(), ix);
    names.push(id.to_owned());
    ix
}

/// Loader options.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Skip malformed lines (counting them in [`Loaded::skipped`]) instead of failing.
    pub skip_bad: bool,
}

/// A loaded file.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub dataset: Dataset,
    /// Malformed lines skipped (always 0 unless `skip_bad`).
    pub skipped: usize,
    /// Whether the first line was a header row.
    pub had_header: bool,
}

/// Reads CSV or TSV interactions; see [`parse_interactions`] for the format. Fails on the first
/// malformed line, naming its line number.
pub fn load_interactions(path: &Path) -> Result<Dataset, EvalError> {
    load_interactions_with(path, &LoadOptions::default()).map(|loaded| loaded.dataset)
}

/// [`load_interactions`] with options.
pub fn load_interactions_with(path: &Path, options: &LoadOptions) -> Result<Loaded, EvalError> {
    let io_err = |source| EvalError::Io {
        path: path.display().to_string(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io_err)?;
    parse_interactions(std::io::BufReader::new(file), options).map_err(|e| match e {
        EvalError::Io { source, .. } => io_err(source),
        other => other,
    })
}

/// Which field holds what.
#[derive(Debug, Clone, Copy)]
struct Columns {
    user: usize,
    item: usize,
    timestamp: usize,
    /// A numeric weight: rating, weight, event_value…
    value: Option<usize>,
    /// An event type name, mapped through [`event_weight`].
    event: Option<usize>,
}

/// Parses interactions from a reader.
///
/// * Delimiter: sniffed from the first non-blank line — tab if it has one, else semicolon, else
///   comma. Fields may be double-quoted (`""` escapes a quote).
/// * Header: the first line is a header when its third field is not a timestamp and its names
///   identify user and item columns. Names are matched case-insensitively after dropping a
///   RecBole type suffix (`user_id:token` → `user_id`): `user*`/`customer*`/`visitor*` → user;
///   `item*`/`product*`/`movie*`/`sku` → item; `timestamp`/`time`/`ts`/`date`/`datetime`/
///   `event_time`/`created_at` → timestamp; `rating`/`weight`/`event_value`/`value`/`score` →
///   numeric weight; `event_type`/`type`/`event`/`event_name`/`action` → event type.
/// * Without a header the columns are user, item, timestamp and optionally a fourth column that
///   is a rating when the first row's value is numeric, else an event type.
/// * Timestamps: integers, decimals (floored, as in RecBole's `timestamp:float`), or ISO 8601
///   (`2024-05-01`, `2024-05-01T12:30:00Z`, `2024-05-01 12:30:00+02:00`) converted to UTC seconds.
/// * Weight: the numeric column when present and non-empty; else the event type's weight
///   ([`event_weight`]); else 1.0.
pub fn parse_interactions(
    mut reader: impl BufRead,
    options: &LoadOptions,
) -> Result<Loaded, EvalError> {
    let mut parser = LineParser::default();
    let mut skipped = 0;
    let mut buf = Vec::new();
    let mut line_no = 0;
    loop {
        buf.clear();
        let read = reader
            .read_until(b'\n', &mut buf)
            .map_err(|source| EvalError::Io {
                path: "<input>".into(),
                source,
            })?;
        if read == 0 {
            break;
        }
        line_no += 1;
        let result = match std::str::from_utf8(&buf) {
            Ok(text) => {
                let text = text.trim_end_matches(['\n', '\r']);
                let text = if line_no == 1 {
                    text.trim_start_matches('\u{feff}')
                } else {
                    text
                };
                parser.line(text)
            }
            Err(_) => Err("not valid UTF-8".to_string()),
        };
        match result {
            Ok(()) => {}
            Err(_) if options.skip_bad => skipped += 1,
            Err(message) => {
                return Err(EvalError::Parse {
                    line: line_no,
                    message,
                });
            }
        }
    }
    Ok(Loaded {
        dataset: parser.builder.finish(),
        skipped,
        had_header: parser.had_header,
    })
}

/// Per-file parsing state: the layout is fixed by the first non-blank line.
#[derive(Default)]
struct LineParser {
    builder: Builder,
    layout: Option<(char, Columns)>,
    had_header: bool,
}

impl LineParser {
    fn line(&mut self, text: &str) -> Result<(), String> {
        if text.trim().is_empty() {
            return Ok(());
        }
        let (delim, columns) = if let Some(layout) = self.layout {
            layout
        } else {
            let delim = sniff_delimiter(text);
            let fields = split_fields(text, delim);
            if let Some(columns) = header_columns(&fields)? {
                self.layout = Some((delim, columns));
                self.had_header = true;
                return Ok(());
            }
            let layout = (delim, default_columns(&fields));
            self.layout = Some(layout);
            layout
        };
        let fields = split_fields(text, delim);
        let (user, item, timestamp, weight) = parse_row(&fields, &columns)?;
        self.builder.push(user, item, timestamp, weight);
        Ok(())
    }
}

fn sniff_delimiter(line: &str) -> char {
    if line.contains('\t') {
        '\t'
    } else if line.contains(';') {
        ';'
    } else {
        ','
    }
}

/// Splits one line, honouring double quotes.
fn split_fields(line: &str, delim: char) -> Vec<Cow<'_, str>> {
    if !line.contains('"') {
        return line.split(delim).map(|f| Cow::Borrowed(f.trim())).collect();
    }
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut in_quotes = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if in_quotes && chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            '"' => in_quotes = !in_quotes,
            c if c == delim && !in_quotes => {
                fields.push(Cow::Owned(field.trim().to_owned()));
                field.clear();
            }
            c => field.push(c),
        }
    }
    fields.push(Cow::Owned(field.trim().to_owned()));
    fields
}

/// Column roles from a header row, or `None` when the line is not a header.
fn header_columns(fields: &[Cow<'_, str>]) -> Result<Option<Columns>, String> {
    if fields.len() >= 3 && parse_timestamp(&fields[2]).is_some() {
        return Ok(None);
    }
    let names: Vec<String> = fields
        .iter()
        .map(|f| {
            f.split(':')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .collect();
    let find = |pred: &dyn Fn(&str) -> bool| names.iter().position(|n| pred(n));
    let user = find(&|n| {
        ["user", "customer", "visitor"]
            .iter()
            .any(|p| n.starts_with(p))
    });
    let item = find(&|n| {
        ["item", "product", "movie", "sku"]
            .iter()
            .any(|p| n.starts_with(p))
    });
    let (Some(user), Some(item)) = (user, item) else {
        return Ok(None); // not a header: reported as a malformed data line
    };
    let timestamp = find(&|n| {
        n.contains("timestamp")
            || ["time", "ts", "date", "datetime", "event_time", "created_at"].contains(&n)
    })
    .ok_or_else(|| format!("header has no timestamp column: {}", names.join(", ")))?;
    let value = find(&|n| ["rating", "weight", "event_value", "value", "score"].contains(&n));
    let event = find(&|n| ["event_type", "type", "event", "event_name", "action"].contains(&n));
    Ok(Some(Columns {
        user,
        item,
        timestamp,
        value,
        event,
    }))
}

/// The header-less layout: user, item, timestamp[, rating | event type].
fn default_columns(first_row: &[Cow<'_, str>]) -> Columns {
    let fourth = first_row.get(3).filter(|f| !f.is_empty());
    let numeric = fourth.is_some_and(|f| f.parse::<f32>().is_ok());
    Columns {
        user: 0,
        item: 1,
        timestamp: 2,
        value: (fourth.is_some() && numeric).then_some(3),
        event: (fourth.is_some() && !numeric).then_some(3),
    }
}

fn parse_row<'a>(
    fields: &'a [Cow<'a, str>],
    c: &Columns,
) -> Result<(&'a str, &'a str, i64, f32), String> {
    let get = |ix: usize, what: &str| {
        fields
            .get(ix)
            .map(std::convert::AsRef::as_ref)
            .ok_or_else(|| {
                format!(
                    "expected a {what} in column {}, found {} column(s)",
                    ix + 1,
                    fields.len()
                )
            })
    };
    let user = get(c.user, "user id")?;
    let item = get(c.item, "item id")?;
    if user.is_empty() || item.is_empty() {
        return Err("empty user or item id".into());
    }
    let ts_text = get(c.timestamp, "timestamp")?;
    let timestamp = parse_timestamp(ts_text).ok_or_else(|| format!("bad timestamp {ts_text:?}"))?;
    let value = c
        .value
        .and_then(|ix| fields.get(ix))
        .filter(|f| !f.is_empty());
    let event = c
        .event
        .and_then(|ix| fields.get(ix))
        .filter(|f| !f.is_empty());
    let weight = match (value, event) {
        (Some(v), _) => match v.parse::<f32>() {
            Ok(w) if w.is_finite() => w,
            _ => return Err(format!("bad rating/weight {:?}", v.as_ref())),
        },
        (None, Some(e)) => event_weight(e),
        (None, None) => 1.0,
    };
    Ok((user, item, timestamp, weight))
}

/// Weight of an event type, matched case-insensitively ignoring punctuation and spaces:
/// purchases (`purchase`, `OrderCompleted`, `checkout_completed`, `buy`, `transaction`) 4,
/// add-to-cart (`add-to-cart`, `ProductAdded`, `cart`) 2, everything else (`view`, `click`,
/// `ProductViewed`, unknown types) 1.
pub fn event_weight(event_type: &str) -> f32 {
    let key: String = event_type
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    match key.as_str() {
        "purchase" | "purchased" | "purchasecompleted" | "ordercompleted" | "order"
        | "orderplaced" | "checkoutcompleted" | "buy" | "transaction" => 4.0,
        "addtocart" | "addedtocart" | "productadded" | "cartadd" | "cart" | "addtobasket" => 2.0,
        _ => 1.0,
    }
}

#[cfg(test)]
#[path = "data_tests.rs"]
mod tests;
