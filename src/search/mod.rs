//! Full-text search over the product catalog: an in-memory inverted index ranked with BM25F.
//!
//! * Text goes through `tokenize` (lowercase, diacritic folding, unicode-aware splitting,
//!   hyphenated compounds as parts + joined form, stopwords) and a light English stemmer (`stem`),
//!   identically for documents and queries.
//! * Each field (name, description, category, style) keeps its own term frequencies and length
//!   normalisation; BM25F mixes them with weights 3 / 1 / 2 / 2 before a single saturation.
//! * The postings are one flat vector grouped by term (doc ascending), addressed through
//!   interned `u32` term ids; a query only walks the postings of its terms.
//! * Queries OR their terms; a document matching more distinct terms always ranks above one
//!   matching fewer; the last term also completes as a prefix, and unknown long terms fall back
//!   to the closest vocabulary words within one or two edits, both at a reduced weight.
//!
//! The index is immutable once built, so it is `Send + Sync` and can be shared behind an `Arc`.

pub mod eval;
mod fuzzy;
mod lexicon;
mod query;
mod stem;
#[cfg(test)]
mod tests;
mod tokenize;

use std::fmt;

use crate::hash::FxMap;

use fuzzy::char_mask;
use lexicon::Lexicon;
use stem::stem;
use tokenize::{MAX_WORD_CHARS, tokenize};

/// One document to index; its position in the build order is its id.
#[derive(Debug, Clone, Copy, Default)]
pub struct SearchDoc<'a> {
    pub name: &'a str,
    pub description: &'a str,
    pub category: &'a str,
    pub style: &'a str,
}

/// A matching document. `score` orders the hits (higher first): its integer part is the number
/// of distinct query terms the document matched and its fractional part the BM25F relevance
/// squashed into [0, 1) as `s / (s + 1)`. Always finite.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SearchHit {
    pub doc: usize,
    pub score: f32,
    /// How well it matched, before the BM25F score: the distinct query terms it matched, then
    /// how many of those really (the word or its lexicon expansions, not a completion or a
    /// typo correction), as `matched << 8 | real`. A re-ranking keeps tiers in order.
    pub tier: u32,
}

/// The best `limit` hits, the number of matching documents before the limit, and the
/// normalised (stemmed, stopword-free, deduplicated) query terms that were searched.
#[derive(Debug, Clone, Default)]
pub struct SearchResults {
    pub hits: Vec<SearchHit>,
    pub total: usize,
    pub terms: Vec<String>,
}

const FIELDS: usize = 4;
/// Field bits for [`SearchIndex::bm25f`]: every field, and what a colour word may match.
const ALL_FIELDS: u8 = 0b1111;
const NOT_DESCRIPTION: u8 = 0b1101;
/// Field order everywhere: name, description, category, style.
const FIELD_WEIGHTS: [f64; FIELDS] = [3.0, 1.0, 4.0, 4.0];
const FIELD_B: [f64; FIELDS] = [0.75; FIELDS];
const K1: f64 = 1.2;

/// One document in one term's posting list: the term frequency in each field.
#[derive(Debug, Clone, Copy)]
struct Posting {
    doc: u32,
    tf: [u16; FIELDS],
}

/// An immutable inverted index over a list of [`SearchDoc`]s.
pub struct SearchIndex {
    docs: usize,
    /// Term id → stemmed term.
    terms: Vec<Box<str>>,
    term_ids: FxMap<Box<str>, u32>,
    /// Term id → its postings, `postings[offsets[t]..offsets[t + 1]]`.
    offsets: Vec<u32>,
    postings: Vec<Posting>,
    idf: Vec<f64>,
    /// Per document and field: `weight / (1 - b + b * len / avg_len)`.
    field_norm: Vec<[f32; FIELDS]>,
    /// Every surface form seen (raw folded words and the stems), sorted, with its term id: the
    /// dictionary for prefix completion and typo correction.
    surfaces: Vec<(Box<str>, u32)>,
    surface_masks: Vec<u64>,
    /// Char length → indexes into `surfaces`.
    surfaces_by_len: Vec<Vec<u32>>,
    /// Synonyms, broader words and colours against this vocabulary.
    lexicon: Lexicon,
}

impl SearchIndex {
    pub fn build<'a>(docs: impl IntoIterator<Item = SearchDoc<'a>>) -> Self {
        let mut builder = Builder::default();
        for doc in docs {
            builder.add(doc);
        }
        builder.finish()
    }

    /// Number of indexed documents.
    pub fn len(&self) -> usize {
        self.docs
    }

    pub fn is_empty(&self) -> bool {
        self.docs == 0
    }

    /// Number of distinct (stemmed) terms.
    pub fn vocabulary_len(&self) -> usize {
        self.terms.len()
    }

    fn postings_of(&self, term: u32) -> &[Posting] {
        let t = term as usize;
        &self.postings[self.offsets[t] as usize..self.offsets[t + 1] as usize]
    }

    fn doc_freq(&self, term: u32) -> u32 {
        self.offsets[term as usize + 1] - self.offsets[term as usize]
    }

    /// BM25F of one posting over the `fields` set (bit f for field f): the field-weighted,
    /// length-normalised frequency, saturated once.
    fn bm25f(&self, term: u32, p: &Posting, fields: u8) -> f64 {
        let norm = &self.field_norm[p.doc as usize];
        let tf: f64 = (0..FIELDS)
            .filter(|f| fields & (1 << f) != 0)
            .map(|f| f64::from(p.tf[f]) * f64::from(norm[f]))
            .sum();
        self.idf[term as usize] * tf * (K1 + 1.0) / (K1 + tf)
    }
}

impl Default for SearchIndex {
    fn default() -> Self {
        Self::build(std::iter::empty())
    }
}

impl fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SearchIndex")
            .field("docs", &self.docs)
            .field("terms", &self.terms.len())
            .field("postings", &self.postings.len())
            .finish_non_exhaustive()
    }
}

#[derive(Default)]
struct Builder {
    terms: Vec<Box<str>>,
    term_ids: FxMap<Box<str>, u32>,
    /// Raw word → term id: a cache that skips stemming, and later the surface dictionary.
    surfaces: FxMap<Box<str>, u32>,
    per_term: Vec<Vec<Posting>>,
    lens: Vec<[u32; FIELDS]>,
    scratch: Vec<(u32, u8)>,
    stem_buf: String,
}

impl Builder {
    fn term_for(&mut self, raw: &str) -> u32 {
        if let Some(&id) = self.surfaces.get(raw) {
            return id;
        }
        self.stem_buf.clear();
        self.stem_buf.push_str(raw);
        stem(&mut self.stem_buf);
        let id = if let Some(&id) = self.term_ids.get(self.stem_buf.as_str()) {
            id
        } else {
            let id = u32::try_from(self.terms.len()).expect("vocabulary exceeds u32");
            let term: Box<str> = self.stem_buf.as_str().into();
            self.terms.push(term.clone());
            self.term_ids.insert(term.clone(), id);
            self.surfaces.insert(term, id);
            self.per_term.push(Vec::new());
            id
        };
        self.surfaces.insert(raw.into(), id);
        id
    }

    fn add(&mut self, doc: SearchDoc<'_>) {
        let d = u32::try_from(self.lens.len()).expect("more than u32::MAX documents");
        let mut lens = [0u32; FIELDS];
        let mut scratch = std::mem::take(&mut self.scratch);
        scratch.clear();
        let fields = [doc.name, doc.description, doc.category, doc.style];
        for (f, text) in fields.into_iter().enumerate() {
            tokenize(text, |raw, _, _| {
                scratch.push((self.term_for(raw), f as u8));
                lens[f] += 1;
            });
        }
        scratch.sort_unstable();
        let mut i = 0;
        while i < scratch.len() {
            let term = scratch[i].0;
            let mut tf = [0u16; FIELDS];
            while i < scratch.len() && scratch[i].0 == term {
                let f = usize::from(scratch[i].1);
                tf[f] = tf[f].saturating_add(1);
                i += 1;
            }
            self.per_term[term as usize].push(Posting { doc: d, tf });
        }
        self.scratch = scratch;
        self.lens.push(lens);
    }

    fn finish(self) -> SearchIndex {
        let n = self.lens.len();
        let mut avg = [0f64; FIELDS];
        for lens in &self.lens {
            for f in 0..FIELDS {
                avg[f] += f64::from(lens[f]);
            }
        }
        let avg = avg.map(|sum| if n == 0 { 0.0 } else { sum / n as f64 });
        let field_norm = self
            .lens
            .iter()
            .map(|lens| {
                std::array::from_fn(|f| {
                    let ratio = if avg[f] > 0.0 {
                        f64::from(lens[f]) / avg[f]
                    } else {
                        1.0
                    };
                    (FIELD_WEIGHTS[f] / (1.0 - FIELD_B[f] + FIELD_B[f] * ratio)) as f32
                })
            })
            .collect();

        let total: usize = self.per_term.iter().map(Vec::len).sum();
        u32::try_from(total).expect("more than u32::MAX postings");
        let mut offsets = Vec::with_capacity(self.per_term.len() + 1);
        let mut postings = Vec::with_capacity(total);
        let mut idf = Vec::with_capacity(self.per_term.len());
        offsets.push(0);
        for list in self.per_term {
            // Lucene's BM25 idf: always positive, even for a term in every document.
            let df = list.len() as f64;
            idf.push((1.0 + (n as f64 - df + 0.5) / (df + 0.5)).ln());
            postings.extend(list);
            offsets.push(postings.len() as u32);
        }

        let mut surfaces: Vec<(Box<str>, u32)> = self.surfaces.into_iter().collect();
        surfaces.sort_unstable();
        let surface_masks = surfaces.iter().map(|(s, _)| char_mask(s)).collect();
        let mut surfaces_by_len = vec![Vec::new(); MAX_WORD_CHARS + 1];
        for (i, (s, _)) in surfaces.iter().enumerate() {
            let len = s.chars().count().min(MAX_WORD_CHARS);
            surfaces_by_len[len].push(i as u32);
        }

        let term_ids = self.term_ids;
        let lexicon = Lexicon::compile(self.terms.len(), |t| term_ids.get(t).copied());
        SearchIndex {
            docs: n,
            terms: self.terms,
            term_ids,
            offsets,
            postings,
            idf,
            field_norm,
            surfaces,
            surface_masks,
            surfaces_by_len,
            lexicon,
        }
    }
}
