//! A light English stemmer (in the spirit of Porter's step 1 plus "-ly"): conflates plurals and
//! the common verbal/adverbial endings so that "shoes"/"shoe", "batteries"/"battery",
//! "dresses"/"dress" and "running"/"run" meet. Stems need not be words, only consistent: the
//! same function runs over documents and queries. Only plain ASCII-letter words are touched.

/// Stems `word` (already lowercase) in place.
pub(super) fn stem(word: &mut String) {
    if word.len() < 4 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return;
    }
    plural(word);
    suffix(word);
    fold_ending(word);
}

/// "-ies" → "-y", "-sses"/"-xes"/"-ches"/"-shes"/"-zzes" → drop "es", else "-s" → drop "s"
/// (but not "-ss", "-us", "-is").
fn plural(w: &mut String) {
    let n = w.len();
    if w.ends_with("ies") {
        w.truncate(n - 1);
        if n > 4 {
            w.truncate(n - 3);
            w.push('y');
        }
    } else if ["sses", "xes", "ches", "shes", "zzes"]
        .iter()
        .any(|s| w.ends_with(s))
    {
        w.truncate(n - 2);
    } else if w.ends_with('s') && !["ss", "us", "is"].iter().any(|s| w.ends_with(s)) {
        w.truncate(n - 1);
    }
}

/// "-ing", "-ed" (with "-ied" → "-y"; "-eed" kept) and "-ly", each with a minimum stem.
fn suffix(w: &mut String) {
    let n = w.len();
    if w.ends_with("ing") {
        strip_verbal(w, 3);
    } else if w.ends_with("ied") {
        w.truncate(n - 1);
        if n > 4 {
            w.truncate(n - 3);
            w.push('y');
        }
    } else if w.ends_with("eed") {
    } else if w.ends_with("ed") {
        strip_verbal(w, 2);
    } else if w.ends_with("ably") || w.ends_with("ibly") {
        w.truncate(n - 2);
        w.push_str("le");
    } else if w.ends_with("ly") && n >= 6 {
        w.truncate(n - 2);
    }
}

/// Drops an "-ing"/"-ed" of `len` bytes when at least three letters with a vowel remain,
/// then undoubles a final consonant ("runn" → "run") or restores a silent "e" ("hik" → "hike").
fn strip_verbal(w: &mut String, len: usize) {
    let stem_len = w.len() - len;
    let stem = &w.as_bytes()[..stem_len];
    if stem_len < 3 || !(0..stem_len).any(|i| is_vowel(stem, i)) {
        return;
    }
    w.truncate(stem_len);
    let b = w.as_bytes();
    let (last, prev) = (b[stem_len - 1], b[stem_len - 2]);
    if last == prev && !is_vowel(b, stem_len - 1) && !matches!(last, b'l' | b's' | b'z' | b'f') {
        w.pop();
    } else if ends_cvc(b) && measure(b) == 1 {
        w.push('e');
    }
}

/// "hoodie"/"hoody", "cookie"/"cooky" (the plural "-ies" already gives "-y"); "potatoe" → "potato".
fn fold_ending(w: &mut String) {
    let n = w.len();
    if n >= 5 && w.ends_with("ie") {
        w.truncate(n - 2);
        w.push('y');
    } else if n >= 6 && w.ends_with("oe") {
        w.pop();
    }
}

/// Porter's vowel: a, e, i, o, u, and y after a consonant.
fn is_vowel(b: &[u8], i: usize) -> bool {
    match b[i] {
        b'a' | b'e' | b'i' | b'o' | b'u' => true,
        b'y' => i > 0 && !is_vowel(b, i - 1),
        _ => false,
    }
}

/// Ends consonant-vowel-consonant, the last not w, x or y ("hop", "lin", "shap").
fn ends_cvc(b: &[u8]) -> bool {
    let n = b.len();
    n >= 3
        && !is_vowel(b, n - 3)
        && is_vowel(b, n - 2)
        && !is_vowel(b, n - 1)
        && !matches!(b[n - 1], b'w' | b'x' | b'y')
}

/// Porter's measure: the number of vowel→consonant transitions.
fn measure(b: &[u8]) -> usize {
    (1..b.len())
        .filter(|&i| is_vowel(b, i - 1) && !is_vowel(b, i))
        .count()
}

#[cfg(test)]
mod tests {
    use super::stem;

    fn s(word: &str) -> String {
        let mut w = word.to_string();
        stem(&mut w);
        w
    }

    #[test]
    fn conflates_the_required_pairs() {
        for (a, b) in [
            ("shoes", "shoe"),
            ("boots", "boot"),
            ("dresses", "dress"),
            ("candles", "candle"),
            ("batteries", "battery"),
            ("running", "run"),
            ("sleeping", "sleep"),
            ("hoodies", "hoodie"),
            ("cookies", "cookie"),
            ("watches", "watch"),
            ("boxes", "box"),
            ("brushes", "brush"),
            ("sizes", "size"),
            ("hiking", "hike"),
            ("lined", "line"),
            ("printed", "print"),
            ("dried", "dry"),
            ("shopping", "shop"),
            ("knitted", "knit"),
            ("potatoes", "potato"),
            ("ties", "tie"),
            ("toys", "toy"),
            ("weekly", "week"),
            ("comfortably", "comfortable"),
            ("stuffed", "stuff"),
            ("families", "family"),
        ] {
            assert_eq!(s(a), s(b), "{a} vs {b}");
        }
    }

    #[test]
    fn leaves_short_and_special_words_alone() {
        for w in [
            "dress",
            "glass",
            "cactus",
            "tennis",
            "red",
            "bed",
            "bus",
            "gas",
            "shed",
            "used",
            "speed",
            "string",
            "spring",
            "ring",
            "thing",
            "daily",
            "jelly",
            "t",
            "4k",
            "100ml",
            "café",
            "москва",
            "shoe",
            "boot",
        ] {
            assert_eq!(s(w), w);
        }
        assert_eq!(s("shoes"), "shoe");
        assert_eq!(s("batteries"), "battery");
        assert_eq!(s("running"), "run");
    }
}
