//! Typo tolerance helpers: a bounded Damerau–Levenshtein distance (optimal string alignment:
//! insertions, deletions, substitutions and adjacent transpositions) and a 64-bit character
//! mask used as a cheap lower bound to skip most of the vocabulary without running the DP.

/// The set of characters of `s`, one bit each (letters and digits exactly, others hashed).
pub(super) fn char_mask(s: &str) -> u64 {
    s.chars().fold(0, |mask, c| mask | 1 << bit(c))
}

fn bit(c: char) -> u32 {
    match c {
        'a'..='z' => c as u32 - 'a' as u32,
        '0'..='9' => 26 + (c as u32 - '0' as u32),
        _ => 36 + (c as u32 % 28),
    }
}

/// A lower bound on the edit distance between two strings given their masks: every edit adds
/// at most one character missing from the other side (transpositions add none).
pub(super) fn mask_bound(a: u64, b: u64) -> u32 {
    (a & !b).count_ones().max((b & !a).count_ones())
}

/// Reusable rows for [`Matcher::distance`].
#[derive(Default)]
pub(super) struct Matcher {
    rows: [Vec<usize>; 3],
}

impl Matcher {
    /// The optimal-string-alignment distance between `a` and `b` if it is at most `max`.
    pub(super) fn distance(&mut self, a: &[char], b: &[char], max: usize) -> Option<usize> {
        let (n, m) = (a.len(), b.len());
        if n.abs_diff(m) > max {
            return None;
        }
        let [older, prev, cur] = &mut self.rows;
        older.clear();
        older.resize(m + 1, 0);
        prev.clear();
        prev.extend(0..=m);
        cur.clear();
        cur.resize(m + 1, 0);
        for i in 1..=n {
            cur[0] = i;
            let mut row_min = i;
            for j in 1..=m {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut v = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    v = v.min(older[j - 2] + 1);
                }
                cur[j] = v;
                row_min = row_min.min(v);
            }
            // Each row's minimum is at most the previous row's plus one, so once a whole row
            // exceeds `max` nothing later can come back under it.
            if row_min > max {
                return None;
            }
            std::mem::swap(older, prev);
            std::mem::swap(prev, cur);
        }
        let d = prev[m];
        (d <= max).then_some(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(a: &str, b: &str, max: usize) -> Option<usize> {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        Matcher::default().distance(&a, &b, max)
    }

    #[test]
    fn distances() {
        assert_eq!(d("headphne", "headphone", 2), Some(1));
        assert_eq!(d("candel", "candle", 1), Some(1)); // transposition
        assert_eq!(d("kitten", "sitting", 3), Some(3));
        assert_eq!(d("kitten", "sitting", 2), None);
        assert_eq!(d("", "ab", 2), Some(2));
        assert_eq!(d("same", "same", 0), Some(0));
        assert_eq!(d("abcdef", "ab", 2), None);
        assert_eq!(d("café", "cafe", 1), Some(1));
    }

    #[test]
    fn mask_bound_never_exceeds_distance() {
        let pairs = [
            ("headphne", "headphone"),
            ("kitten", "sitting"),
            ("boots", "bots"),
        ];
        for (a, b) in pairs {
            let bound = mask_bound(char_mask(a), char_mask(b)) as usize;
            assert!(bound <= d(a, b, 10).unwrap(), "{a} {b}");
        }
        assert_eq!(mask_bound(char_mask("abc"), char_mask("cab")), 0);
    }
}
