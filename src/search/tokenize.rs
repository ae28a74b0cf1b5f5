//! Tokenizer shared by indexing and querying: lowercases and folds common Latin diacritics
//! ("Café" → "cafe"), splits on anything that is not alphanumeric (unicode-aware), glues
//! apostrophes inside words ("women's" → "womens"), expands hyphenated compounds into their
//! parts plus the joined form ("t-shirt" → "t", "shirt", "tshirt") and drops stopwords.
//! Stemming is left to the caller so that indexing can cache raw word → term lookups.

/// Words longer than this (in chars) are dropped: they are noise (hashes, URLs, base64).
pub(super) const MAX_WORD_CHARS: usize = 64;

/// A small English stopword list, sorted for binary search.
const STOPWORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "been", "but", "by", "for", "from", "has", "have",
    "he", "her", "his", "i", "if", "in", "into", "is", "it", "its", "me", "my", "of", "on", "or",
    "our", "ours", "she", "so", "than", "that", "the", "their", "them", "then", "there", "these",
    "they", "this", "those", "to", "too", "was", "we", "were", "what", "when", "where", "which",
    "while", "who", "will", "with", "you", "your", "yours",
];

pub(super) fn is_stopword(word: &str) -> bool {
    STOPWORDS.binary_search(&word).is_ok()
}

/// How a word came out of the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// A standalone word.
    Word,
    /// One piece of a hyphenated compound.
    Part,
    /// The pieces of a hyphenated compound glued together.
    Joined,
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{20d0}'..='\u{20ff}')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2bc}')
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// Appends the lowercase, diacritic-free form of `c` to `out`.
pub(super) fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    for l in c.to_lowercase() {
        let folded = match l {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => 'a',
            'ç' | 'ć' | 'ĉ' | 'č' => 'c',
            'ď' | 'đ' => 'd',
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => 'e',
            'ğ' | 'ģ' => 'g',
            'ì' | 'í' | 'î' | 'ï' | 'ī' | 'į' | 'ı' => 'i',
            'ķ' => 'k',
            'ł' | 'ľ' | 'ļ' => 'l',
            'ñ' | 'ń' | 'ň' | 'ņ' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' => 'o',
            'ŕ' | 'ř' => 'r',
            'ś' | 'š' | 'ş' | 'ș' => 's',
            'ť' | 'ţ' | 'ț' => 't',
            'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'ų' => 'u',
            'ý' | 'ÿ' => 'y',
            'ź' | 'ż' | 'ž' => 'z',
            'ß' => {
                out.push_str("ss");
                continue;
            }
            'æ' => {
                out.push_str("ae");
                continue;
            }
            'œ' => {
                out.push_str("oe");
                continue;
            }
            'þ' => {
                out.push_str("th");
                continue;
            }
            other if is_combining_mark(other) => continue,
            other => other,
        };
        out.push(folded);
    }
}

/// Calls `emit(word, kind, group)` for every indexable word of `text`, in order. `group`
/// numbers the compounds (a standalone word is a compound of one); the parts of a hyphenated
/// compound come first, then its joined form. Stopwords and over-long words are skipped.
pub(super) fn tokenize(text: &str, mut emit: impl FnMut(&str, Kind, usize)) {
    let mut state = State::default();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() {
            fold_char(c, &mut state.word);
            continue;
        }
        if is_combining_mark(c) {
            continue; // "e\u{301}" is "é": keep the word together.
        }
        let next_alnum = chars.peek().is_some_and(|n| n.is_alphanumeric());
        if !state.word.is_empty() && next_alnum {
            if is_apostrophe(c) {
                continue;
            }
            if is_hyphen(c) {
                state.finish_word(true, &mut emit);
                continue;
            }
        }
        state.finish_word(false, &mut emit);
    }
    state.finish_word(false, &mut emit);
}

#[derive(Default)]
struct State {
    word: String,
    joined: String,
    parts: usize,
    group: usize,
}

impl State {
    fn finish_word(&mut self, continuing: bool, emit: &mut impl FnMut(&str, Kind, usize)) {
        if !self.word.is_empty() {
            self.parts += 1;
            let kind = if continuing || self.parts > 1 {
                Kind::Part
            } else {
                Kind::Word
            };
            if indexable(&self.word) {
                emit(&self.word, kind, self.group);
            }
            if continuing || self.parts > 1 {
                self.joined.push_str(&self.word);
            }
            self.word.clear();
        }
        if continuing || self.parts == 0 {
            return;
        }
        if self.parts > 1 && indexable(&self.joined) {
            emit(&self.joined, Kind::Joined, self.group);
        }
        self.joined.clear();
        self.parts = 0;
        self.group += 1;
    }
}

fn indexable(word: &str) -> bool {
    word.chars().nth(MAX_WORD_CHARS).is_none() && !is_stopword(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(String, Kind, usize)> {
        let mut out = Vec::new();
        tokenize(text, |w, k, g| out.push((w.to_string(), k, g)));
        out
    }

    fn plain(text: &str) -> Vec<String> {
        words(text).into_iter().map(|(w, _, _)| w).collect()
    }

    #[test]
    fn stopwords_are_sorted() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn splits_lowercases_and_drops_stopwords() {
        assert_eq!(
            plain("The Best SHOES for running, on trails!"),
            ["best", "shoes", "running", "trails"]
        );
        assert_eq!(
            plain("<script>alert(1)</script>"),
            ["script", "alert", "1", "script"]
        );
        assert!(plain("  the, of & and ... ").is_empty());
        assert!(plain("☕🎧 !!").is_empty());
    }

    #[test]
    fn folds_diacritics_and_apostrophes() {
        assert_eq!(plain("Café CRÈME Straße"), ["cafe", "creme", "strasse"]);
        assert_eq!(plain("cafe\u{301}"), ["cafe"]);
        assert_eq!(plain("women's Levi’s"), ["womens", "levis"]);
        assert_eq!(plain("'quoted'"), ["quoted"]);
        assert_eq!(plain("日本 Москва"), ["日本", "москва"]);
    }

    #[test]
    fn hyphenated_compounds_give_parts_and_joined_form() {
        assert_eq!(
            words("t-shirt sleeping-bag"),
            [
                ("t".to_string(), Kind::Part, 0),
                ("shirt".to_string(), Kind::Part, 0),
                ("tshirt".to_string(), Kind::Joined, 0),
                ("sleeping".to_string(), Kind::Part, 1),
                ("bag".to_string(), Kind::Part, 1),
                ("sleepingbag".to_string(), Kind::Joined, 1),
            ]
        );
        assert_eq!(
            plain("mother-of-pearl"),
            ["mother", "pearl", "motherofpearl"]
        );
        assert_eq!(plain("- dash -- x- -y"), ["dash", "x", "y"]);
        assert_eq!(words("red")[0].1, Kind::Word);
    }

    #[test]
    fn drops_overlong_words() {
        let long = "x".repeat(MAX_WORD_CHARS + 1);
        assert_eq!(plain(&format!("ok {long} fine")), ["ok", "fine"]);
    }
}
