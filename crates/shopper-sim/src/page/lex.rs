//! The byte-level reading: tag names as packed keys, whitespace, quoted values eight bytes at a
//! time, `>` past quotes, entities.

use std::borrow::Cow;

use memchr::memchr;

/// What the scanner does with a tag, by its name.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Kind {
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
pub(super) fn key(name: &[u8]) -> u64 {
    if name.len() > 8 {
        return 0;
    }
    name.iter()
        .rev()
        .fold(0, |k, &c| k << 8 | u64::from(c | 0x20))
}

pub(super) fn kind(key: u64, len: usize) -> Kind {
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

pub(super) const LO: u64 = 0x0101_0101_0101_0101;

pub(super) fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0c)
}

/// The first index at or after `i` that is not whitespace, or the end.
pub(super) fn skip_space(b: &[u8], mut i: usize) -> usize {
    while b.get(i).copied().is_some_and(is_space) {
        i += 1;
    }
    i
}

/// The end of a tag's or an attribute's name: whitespace (here any byte up to a space), `/`,
/// `>`, and for an attribute `=`; or the end of the page.
pub(super) fn name_end(b: &[u8], from: usize, attribute: bool) -> usize {
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
pub(super) fn hit(w: u64, below: u8, eq: &[u8]) -> Option<usize> {
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
pub(super) fn tag_name(b: &[u8], at: usize) -> (usize, u64) {
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
pub(super) fn find(b: &[u8], from: usize, c: u8) -> Option<usize> {
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
pub(super) fn past_gt(b: &[u8], from: usize) -> Option<usize> {
    Some(find(b, from, b'>')? + 1)
}

/// Decodes `&amp; &lt; &gt; &quot; &apos; &nbsp;` and numeric references; leaves others as they are.
pub(super) fn decode(s: &str) -> Cow<'_, str> {
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
