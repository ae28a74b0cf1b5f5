//! The search's judged query set and its measures: precision@5 and NDCG@10.
//!
//! Judgments are rules over products (category, style, words of the name or description), not
//! product ids, so one set judges the built-in seeds, the Retail Demo Store's catalog and a
//! generated catalog alike. `seeds/search/judged.yaml` documents the format.

use serde::{Deserialize, Serialize};

use crate::domain::Product;

/// The judged set that ships with the shop.
pub const BUILTIN_JUDGMENTS: &str = include_str!("../../seeds/search/judged.yaml");

/// Precision is measured over the first 5 results, NDCG over the first 10.
pub const PRECISION_AT: usize = 5;
pub const NDCG_AT: usize = 10;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JudgedQuery {
    pub query: String,
    /// A group for the report: plural, synonym, colour, typo…
    #[serde(default)]
    pub kind: String,
    pub relevant: Vec<Rule>,
}

/// Every field given must hold; a list holds when any of its values does.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub grade: u8,
    #[serde(default)]
    pub category: Option<String>,
    #[serde(default)]
    pub style: Vec<String>,
    #[serde(default)]
    pub name: Vec<String>,
    #[serde(default)]
    pub text: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum JudgmentError {
    #[error("the judged queries are not valid YAML: {0}")]
    Parse(String),
    #[error("the judged query set is empty")]
    Empty,
    #[error("query `{query}`: {message}")]
    Invalid { query: String, message: String },
}

pub fn parse_judgments(yaml: &str) -> Result<Vec<JudgedQuery>, JudgmentError> {
    let queries: Vec<JudgedQuery> =
        serde_saphyr::from_str(yaml).map_err(|e| JudgmentError::Parse(e.to_string()))?;
    if queries.is_empty() {
        return Err(JudgmentError::Empty);
    }
    for q in &queries {
        let invalid = |message: &str| JudgmentError::Invalid {
            query: q.query.clone(),
            message: message.to_string(),
        };
        if q.query.trim().is_empty() {
            return Err(invalid("the query is empty"));
        }
        if q.relevant.is_empty() {
            return Err(invalid("no rule says what is relevant"));
        }
        for rule in &q.relevant {
            if !(1..=3).contains(&rule.grade) {
                return Err(invalid("a grade is 1, 2 or 3"));
            }
            if rule.category.is_none()
                && rule.style.is_empty()
                && rule.name.is_empty()
                && rule.text.is_empty()
            {
                return Err(invalid("a rule names a category, style, name or text"));
            }
        }
    }
    Ok(queries)
}

/// The lowercase alphanumeric words of `text`, split at anything else ("Low-Top" → low, top).
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether one of `wanted` is among `have`, as itself or with a plural ending.
fn has_word(have: &[String], wanted: &[String]) -> bool {
    wanted.iter().any(|w| {
        have.iter().any(|h| {
            h == w
                || h.strip_prefix(w.as_str())
                    .is_some_and(|rest| rest == "s" || rest == "es")
        })
    })
}

impl JudgedQuery {
    /// The grade of every product, in catalog order.
    pub fn grades(&self, products: &[Product]) -> Vec<u8> {
        products
            .iter()
            .map(|p| {
                let name = words(&p.name);
                let mut text = name.clone();
                text.extend(words(&p.description));
                self.relevant
                    .iter()
                    .filter(|r| {
                        r.category.as_ref().is_none_or(|c| *c == p.category)
                            && (r.style.is_empty() || r.style.contains(&p.style))
                            && (r.name.is_empty() || has_word(&name, &r.name))
                            && (r.text.is_empty() || has_word(&text, &r.text))
                    })
                    .map(|r| r.grade)
                    .max()
                    .unwrap_or(0)
            })
            .collect()
    }
}

/// One query's measures over a ranked list of catalog positions.
#[derive(Debug, Clone, Serialize)]
pub struct QueryScore {
    pub query: String,
    pub kind: String,
    pub precision_at_5: f64,
    pub ndcg_at_10: f64,
    /// How many products are relevant at all (grade ≥ 1).
    pub relevant: usize,
    pub results: usize,
}

fn gain(grade: u8) -> f64 {
    f64::from((1u32 << grade) - 1)
}

fn dcg(grades: impl Iterator<Item = u8>) -> f64 {
    grades
        .enumerate()
        // A fold from +0.0: an empty float `sum` is -0.0.
        .fold(0.0, |sum, (i, g)| sum + gain(g) / ((i + 2) as f64).log2())
}

/// Precision@5 (a missing result counts as a miss) and NDCG@10 against the ideal order of
/// every graded product.
pub fn score(query: &JudgedQuery, grades: &[u8], ranked: &[usize], total: usize) -> QueryScore {
    let grade_at = |&i: &usize| grades.get(i).copied().unwrap_or(0);
    let hits = ranked
        .iter()
        .take(PRECISION_AT)
        .filter(|i| grade_at(i) > 0)
        .count();
    let mut ideal: Vec<u8> = grades.iter().copied().filter(|&g| g > 0).collect();
    ideal.sort_unstable_by(|a, b| b.cmp(a));
    let best = dcg(ideal.iter().copied().take(NDCG_AT));
    let got = dcg(ranked.iter().take(NDCG_AT).map(grade_at));
    QueryScore {
        query: query.query.clone(),
        kind: query.kind.clone(),
        precision_at_5: hits as f64 / PRECISION_AT as f64,
        ndcg_at_10: if best > 0.0 { got / best } else { 0.0 },
        relevant: ideal.len(),
        results: total,
    }
}

/// The mean of each measure, over all queries and per kind (in first-seen order), leaving out
/// queries with nothing relevant in the catalog: no ranking could score there.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Queries with at least one relevant product in the catalog: the means are over these.
    pub queries: usize,
    /// Queries the catalog has nothing for.
    pub unjudged: usize,
    pub precision_at_5: f64,
    pub ndcg_at_10: f64,
    pub by_kind: Vec<KindSummary>,
}

#[derive(Debug, Clone, Serialize)]
pub struct KindSummary {
    pub kind: String,
    pub queries: usize,
    pub precision_at_5: f64,
    pub ndcg_at_10: f64,
}

pub fn summarize(scores: &[QueryScore]) -> Summary {
    let mean = |f: &dyn Fn(&QueryScore) -> f64, of: &[&QueryScore]| {
        if of.is_empty() {
            0.0
        } else {
            of.iter().map(|s| f(s)).sum::<f64>() / of.len() as f64
        }
    };
    let judged: Vec<&QueryScore> = scores.iter().filter(|s| s.relevant > 0).collect();
    let mut kinds: Vec<&str> = Vec::new();
    for s in &judged {
        if !kinds.contains(&s.kind.as_str()) {
            kinds.push(&s.kind);
        }
    }
    let by_kind = kinds
        .into_iter()
        .map(|kind| {
            let of: Vec<&QueryScore> = judged.iter().copied().filter(|s| s.kind == kind).collect();
            KindSummary {
                kind: kind.to_string(),
                queries: of.len(),
                precision_at_5: mean(&|s| s.precision_at_5, &of),
                ndcg_at_10: mean(&|s| s.ndcg_at_10, &of),
            }
        })
        .collect();
    Summary {
        queries: judged.len(),
        unjudged: scores.len() - judged.len(),
        precision_at_5: mean(&|s| s.precision_at_5, &judged),
        ndcg_at_10: mean(&|s| s.ndcg_at_10, &judged),
        by_kind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judged(yaml: &str) -> JudgedQuery {
        parse_judgments(yaml).expect("valid").remove(0)
    }

    #[test]
    fn the_builtin_set_parses_and_is_large_enough() {
        let set = parse_judgments(BUILTIN_JUDGMENTS).expect("valid");
        assert!(set.len() >= 60, "{} queries", set.len());
    }

    #[test]
    fn bad_sets_are_refused_with_the_query_named() {
        let err = parse_judgments("- {query: x, relevant: [{grade: 2}]}").unwrap_err();
        assert!(err.to_string().contains("`x`"), "{err}");
        assert!(parse_judgments("[]").is_err());
        assert!(parse_judgments("- {query: x, relevant: [{grade: 9, style: [a]}]}").is_err());
        assert!(parse_judgments("- {query: x, relevnt: []}").is_err());
    }

    #[test]
    fn perfect_and_empty_rankings_score_one_and_zero() {
        let q = judged("- {query: q, relevant: [{grade: 2, style: [a]}, {grade: 1, style: [b]}]}");
        let grades = [2, 0, 1, 2, 0, 0];
        let perfect = score(&q, &grades, &[0, 3, 2], 3);
        assert!((perfect.ndcg_at_10 - 1.0).abs() < 1e-12);
        assert!((perfect.precision_at_5 - 0.6).abs() < 1e-12); // 3 relevant of 5 slots
        let none = score(&q, &grades, &[], 0);
        assert_eq!((none.ndcg_at_10, none.precision_at_5), (0.0, 0.0));
        // The grade-1 item first: worse than the ideal, better than nothing.
        let swapped = score(&q, &grades, &[2, 0, 3], 3);
        assert!(swapped.ndcg_at_10 < 1.0 && swapped.ndcg_at_10 > 0.5);
    }

    #[test]
    fn words_match_whole_or_plural_only() {
        let have = words("Blue-Grey Bluetooth Boots");
        let w = |s: &str| vec![s.to_string()];
        assert!(has_word(&have, &w("blue")));
        assert!(has_word(&have, &w("boot")));
        assert!(!has_word(&have, &w("bluet")));
        assert!(!has_word(&have, &w("oot")));
    }
}
