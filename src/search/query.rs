//! Query side: parsing, term expansion (exact, prefix completion, typo correction) and
//! BM25F scoring with coordination over the postings of the query terms only.

use std::cmp::Ordering;

use super::fuzzy::{Matcher, char_mask, mask_bound};
use super::stem::stem;
use super::tokenize::{Kind, tokenize};
use super::{ALL_FIELDS, NOT_DESCRIPTION, SearchHit, SearchIndex, SearchResults};

/// Only the first 256 chars of a query are read, and at most 12 distinct terms kept.
pub(super) const MAX_QUERY_CHARS: usize = 256;
pub(super) const MAX_QUERY_TERMS: usize = 12;
/// The last term completes as a prefix once it has this many chars.
const MIN_PREFIX_CHARS: usize = 2;
/// At most this many completions (the most frequent) per prefix, from at most this many
/// dictionary entries.
const MAX_PREFIX_TERMS: usize = 32;
const MAX_PREFIX_SCAN: usize = 4096;
/// A completion weighs between these, more the more of it has been typed.
const PREFIX_WEIGHT: (f64, f64) = (0.5, 0.8);
/// Terms this long without an exact match are corrected within 1 edit, 2 from 8 chars.
const FUZZY_MIN_CHARS: usize = 4;
const FUZZY_TWO_EDITS_CHARS: usize = 8;
const MAX_FUZZY_TERMS: usize = 8;
/// Weight of a correction at 1 and at 2 edits.
const FUZZY_WEIGHT: [f64; 2] = [0.5, 0.3];

/// One normalised query term.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct QueryTerm {
    /// Stemmed form, looked up in the vocabulary.
    pub term: String,
    /// Folded but unstemmed form, for prefix completion and typo correction.
    pub raw: String,
    /// Whether it comes from the last word of the query (being typed).
    pub prefix: bool,
}

/// Splits a query into distinct normalised terms, in order.
pub(super) fn parse_query(query: &str) -> Vec<QueryTerm> {
    let query = match query.char_indices().nth(MAX_QUERY_CHARS) {
        Some((end, _)) => &query[..end],
        None => query,
    };
    let mut words: Vec<(String, Kind, usize)> = Vec::new();
    tokenize(query, |w, kind, group| {
        words.push((w.to_string(), kind, group));
    });
    let Some(last_group) = words.last().map(|w| w.2) else {
        return Vec::new();
    };
    // The last word typed: the final part (or word) of the last compound, and its joined form.
    let last_part = words.iter().rposition(|w| w.1 != Kind::Joined);
    let mut terms: Vec<QueryTerm> = Vec::new();
    for (i, (raw, kind, group)) in words.into_iter().enumerate() {
        let prefix = group == last_group && (kind == Kind::Joined || Some(i) == last_part);
        let mut term = raw.clone();
        stem(&mut term);
        if let Some(seen) = terms.iter_mut().find(|t| t.term == term) {
            if prefix {
                seen.prefix = true;
                seen.raw = raw;
            }
        } else if terms.len() < MAX_QUERY_TERMS {
            terms.push(QueryTerm { term, raw, prefix });
        }
    }
    terms
}

/// A vocabulary term a query term stands for.
#[derive(Debug, Clone, Copy)]
struct Variant {
    term: u32,
    weight: f64,
    /// The word, its spelling, a synonym or a narrower word: what the shopper meant. A
    /// completion or a typo correction is a guess, and never outranks a real match.
    real: bool,
    /// The fields it may match (colours: not the description).
    fields: u8,
}

/// Total order of candidates: more matched terms, then more of them really matched (not
/// guessed by completion or correction), then higher BM25F, then lower doc id.
fn rank(matched: &[u8], real: &[u8], score: &[f64], a: u32, b: u32) -> Ordering {
    let (x, y) = (a as usize, b as usize);
    matched[y]
        .cmp(&matched[x])
        .then(real[y].cmp(&real[x]))
        .then(score[y].total_cmp(&score[x]))
        .then(a.cmp(&b))
}

impl SearchIndex {
    /// Searches for `query` and returns the best `limit` hits; see [`SearchResults`].
    pub fn search(&self, query: &str, limit: usize) -> SearchResults {
        let parsed = parse_query(query);
        let terms = parsed.iter().map(|t| t.term.clone()).collect();
        let mut results = SearchResults {
            hits: Vec::new(),
            total: 0,
            terms,
        };
        if parsed.is_empty() || self.docs == 0 {
            return results;
        }

        let mut score = vec![0f64; self.docs];
        let mut matched = vec![0u8; self.docs];
        let mut real = vec![0u8; self.docs];
        let mut best = vec![0f64; self.docs];
        let mut best_real = vec![false; self.docs];
        let mut touched: Vec<u32> = Vec::new();
        let mut candidates: Vec<u32> = Vec::new();
        for term in &parsed {
            // A document's contribution for a query term is its best-scoring variant, and the
            // term counts as really matched if any real variant matched.
            for v in self.expand(term) {
                for p in self.postings_of(v.term) {
                    let s = v.weight * self.bm25f(v.term, p, v.fields);
                    if s <= 0.0 {
                        continue; // only in a field this variant may not match
                    }
                    let d = p.doc as usize;
                    if best[d] == 0.0 {
                        touched.push(p.doc);
                    }
                    best[d] = best[d].max(s);
                    best_real[d] |= v.real;
                }
            }
            for &d in &touched {
                let d = d as usize;
                if matched[d] == 0 {
                    candidates.push(d as u32);
                }
                matched[d] += 1;
                real[d] += u8::from(best_real[d]);
                score[d] += best[d];
                best[d] = 0.0;
                best_real[d] = false;
            }
            touched.clear();
        }

        results.total = candidates.len();
        let cmp = |a: &u32, b: &u32| rank(&matched, &real, &score, *a, *b);
        if limit < candidates.len() {
            if limit == 0 {
                candidates.clear();
            } else {
                candidates.select_nth_unstable_by(limit - 1, cmp);
                candidates.truncate(limit);
            }
        }
        candidates.sort_unstable_by(cmp);
        results.hits = candidates
            .into_iter()
            .map(|d| {
                let (m, s) = (f64::from(matched[d as usize]), score[d as usize]);
                let relevance = if s.is_finite() { s / (s + 1.0) } else { 0.0 };
                SearchHit {
                    doc: d as usize,
                    score: (m + relevance) as f32,
                    tier: u32::from(matched[d as usize]) << 8 | u32::from(real[d as usize]),
                }
            })
            .collect();
        results
    }

    /// The vocabulary terms a query term matches: the exact term (1.0) and what the lexicon
    /// says it also means, completions if it is the last term, and corrections if none of
    /// those exists.
    fn expand(&self, q: &QueryTerm) -> Vec<Variant> {
        let mut real: Vec<(u32, f64)> = Vec::new();
        let exact = self.term_ids.get(q.term.as_str()).copied();
        if let Some(id) = exact {
            real.push((id, 1.0));
        }
        for &(id, weight) in self.lexicon.related(&q.raw, &q.term) {
            if Some(id) != exact {
                real.push((id, weight));
            }
        }
        let mut guessed: Vec<(u32, f64)> = Vec::new();
        if q.prefix && q.raw.chars().count() >= MIN_PREFIX_CHARS {
            self.completions(&q.raw, exact, &mut guessed);
            guessed.retain(|(id, _)| !real.iter().any(|(r, _)| r == id));
        }
        let len = q.term.chars().count();
        if real.is_empty() && guessed.is_empty() && len >= FUZZY_MIN_CHARS {
            let max = if len >= FUZZY_TWO_EDITS_CHARS { 2 } else { 1 };
            self.corrections(q, max, &mut guessed);
        }
        let variant = |(term, weight): (u32, f64), real: bool| Variant {
            term,
            weight,
            real,
            fields: if self.lexicon.is_colour(term) {
                NOT_DESCRIPTION
            } else {
                ALL_FIELDS
            },
        };
        real.into_iter()
            .map(|v| variant(v, true))
            .chain(guessed.into_iter().map(|v| variant(v, false)))
            .collect()
    }

    /// Terms with a surface form starting with `prefix`, the most frequent first.
    fn completions(&self, prefix: &str, exact: Option<u32>, out: &mut Vec<(u32, f64)>) {
        let typed = prefix.chars().count() as f64;
        let start = self.surfaces.partition_point(|(s, _)| &**s < prefix);
        let mut found: Vec<(u32, f64)> = self.surfaces[start..]
            .iter()
            .take(MAX_PREFIX_SCAN)
            .take_while(|(s, _)| s.starts_with(prefix))
            .filter(|&&(_, id)| Some(id) != exact)
            .map(|(s, id)| {
                let share = typed / s.chars().count() as f64;
                (
                    *id,
                    PREFIX_WEIGHT.0 + (PREFIX_WEIGHT.1 - PREFIX_WEIGHT.0) * share,
                )
            })
            .collect();
        // One entry per term, with its best weight.
        found.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)));
        found.dedup_by_key(|e| e.0);
        found.sort_unstable_by(|a, b| {
            (self.doc_freq(b.0).cmp(&self.doc_freq(a.0))).then(a.0.cmp(&b.0))
        });
        found.truncate(MAX_PREFIX_TERMS);
        out.extend(found);
    }

    /// The vocabulary terms closest to `q` (stemmed or raw) within `max` edits, if any.
    fn corrections(&self, q: &QueryTerm, max: usize, out: &mut Vec<(u32, f64)>) {
        let mut matcher = Matcher::default();
        let mut word: Vec<char> = Vec::new();
        let mut best = max + 1;
        let mut found: Vec<u32> = Vec::new();
        let probes: &[&str] = if q.raw == q.term {
            &[&q.term]
        } else {
            &[&q.term, &q.raw]
        };
        for probe in probes {
            let chars: Vec<char> = probe.chars().collect();
            let mask = char_mask(probe);
            let lens = chars.len().saturating_sub(max)..=chars.len() + max;
            for len in lens {
                let Some(bucket) = self.surfaces_by_len.get(len) else {
                    break;
                };
                for &i in bucket {
                    let i = i as usize;
                    if mask_bound(mask, self.surface_masks[i]) as usize > best.min(max) {
                        continue;
                    }
                    let (surface, id) = &self.surfaces[i];
                    word.clear();
                    word.extend(surface.chars());
                    let Some(d) = matcher.distance(&chars, &word, best.min(max)) else {
                        continue;
                    };
                    if d < best {
                        best = d;
                        found.clear();
                    }
                    found.push(*id);
                }
            }
        }
        found.sort_unstable_by(|a, b| self.doc_freq(*b).cmp(&self.doc_freq(*a)).then(a.cmp(b)));
        found.dedup();
        found.truncate(MAX_FUZZY_TERMS);
        let weight = FUZZY_WEIGHT[best.clamp(1, 2) - 1];
        out.extend(found.into_iter().map(|id| (id, weight)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(q: &str) -> Vec<(String, bool)> {
        parse_query(q)
            .into_iter()
            .map(|t| (t.term, t.prefix))
            .collect()
    }

    #[test]
    fn only_the_last_word_is_a_prefix() {
        let p = |s: &str, b| (s.to_string(), b);
        assert_eq!(parsed("Running shoes"), [p("run", false), p("shoe", true)]);
        assert_eq!(parsed("shoes for"), [p("shoe", true)]);
        assert_eq!(
            parsed("red t-sh"),
            [
                p("red", false),
                p("t", false),
                p("sh", true),
                p("tsh", true)
            ]
        );
        assert_eq!(parsed("shoe shoes"), [p("shoe", true)]);
        assert!(parsed(" the of !! ").is_empty());
    }

    #[test]
    fn query_is_capped() {
        let words: Vec<String> = (0..40).map(|i| format!("word{i}")).collect();
        let terms = parse_query(&words.join(" "));
        assert_eq!(terms.len(), MAX_QUERY_TERMS);
        assert!(terms.iter().all(|t| !t.prefix));
        let long = "x".repeat(1000);
        assert!(parse_query(&long).is_empty()); // one 256-char word: too long to be a term
        let terms = parse_query(&format!("{} tail", "ab ".repeat(200)));
        assert_eq!(terms.len(), 1); // "tail" is beyond the first 256 chars
    }
}
