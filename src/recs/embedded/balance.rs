//! A shelf that keeps its balance (calibration, after Steck's "Calibrated Recommendations"):
//! the categories of a shopper's shelf follow a target mix instead of whatever scores highest.
//!
//! The target blends what the shopper is (a persona's interests, 0.6 / 0.25 / 0.15 as the
//! Retail Demo Store weighs them) with what they are doing now (the session's categories). The
//! session's part grows with each event — a first view takes about a third of the shelf, three
//! take more than half — and stops at `MAX_SESSION_SHARE`, so the shelf moves with every click
//! but never flips: some of the persona always stays. A shopper without a persona keeps the
//! rest of the shelf in score order. At most `MAX_PER_STYLE` cards share a style.

use crate::domain::Persona;

/// The session's share of the shelf after its first event, what each further event adds, and
/// the most it takes.
pub const FIRST_SESSION_SHARE: f64 = 0.35;
pub const SESSION_SHARE_STEP: f64 = 0.125;
pub const MAX_SESSION_SHARE: f64 = 0.6;
/// At most this many cards of one style among a shelf's choices (a longer list, such as the
/// spare a shelf asks for, relaxes it only once every part has its places).
pub const MAX_PER_STYLE: usize = 3;

/// The cards a shelf holds of each style, keyed by whatever names a style where it is counted (a
/// style number while selecting, its name when promoting): a shelf holds a few dozen cards, so a
/// short list beats a map.
#[derive(Debug, Clone)]
pub struct StyleCounts<K>(Vec<(K, usize)>);

impl<K: PartialEq> StyleCounts<K> {
    pub fn with_capacity(n: usize) -> Self {
        Self(Vec::with_capacity(n))
    }

    /// Whether one more card of `style` keeps the shelf within `MAX_PER_STYLE`.
    pub fn has_room(&self, style: &K) -> bool {
        self.0
            .iter()
            .find(|(s, _)| s == style)
            .is_none_or(|&(_, count)| count < MAX_PER_STYLE)
    }

    /// Counts one more card of `style`.
    pub fn add(&mut self, style: K) {
        match self.0.iter_mut().find(|(s, _)| *s == style) {
            Some((_, count)) => *count += 1,
            None => self.0.push((style, 1)),
        }
    }
}

/// How many of a shelf's `n` places each category gets; `rest` places go to whatever scores
/// best (categories outside the target).
#[derive(Debug, Clone, PartialEq)]
pub struct Quotas {
    pub categories: Vec<(String, usize)>,
    pub rest: usize,
}

/// The session's share of the shelf after `events` events in it.
pub fn session_share(events: usize) -> f64 {
    if events == 0 {
        0.0
    } else {
        (FIRST_SESSION_SHARE + SESSION_SHARE_STEP * (events - 1) as f64).min(MAX_SESSION_SHARE)
    }
}

/// The places of a shelf of `n`: the persona's interests share what the session leaves, the
/// session's categories share its part by their weight in it. Largest remainders round.
pub fn quotas(
    n: usize,
    persona: Option<&Persona>,
    intent: &[(String, f32)],
    events: usize,
) -> Quotas {
    let alpha = if intent.is_empty() {
        0.0
    } else {
        session_share(events)
    };
    let mut shares: Vec<(String, f64)> = Vec::new();
    let mut add = |category: &str, share: f64| match shares.iter_mut().find(|(c, _)| c == category)
    {
        Some(seen) => seen.1 += share,
        None => shares.push((category.to_string(), share)),
    };
    let mut rest = 1.0 - alpha;
    if let Some(persona) = persona {
        let total: f64 = persona.weighted_categories().map(|(_, w)| w).sum();
        for (category, w) in persona.weighted_categories() {
            add(category, (1.0 - alpha) * w / total.max(f64::MIN_POSITIVE));
        }
        rest = 0.0;
    }
    let session_total: f64 = intent.iter().map(|(_, s)| f64::from(*s)).sum();
    for (category, share) in intent {
        add(
            category,
            alpha * f64::from(*share) / session_total.max(f64::MIN_POSITIVE),
        );
    }
    // Largest remainders: every place goes somewhere, and rounding favours the biggest parts.
    let mut parts: Vec<(Option<String>, f64)> = shares
        .into_iter()
        .map(|(c, s)| (Some(c), s))
        .chain(std::iter::once((None, rest)))
        .collect();
    let exact: Vec<f64> = parts.iter().map(|(_, s)| s * n as f64).collect();
    let mut places: Vec<usize> = exact.iter().map(|e| e.floor() as usize).collect();
    let mut left = n.saturating_sub(places.iter().sum());
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (exact[a] - exact[a].floor(), exact[b] - exact[b].floor());
        rb.total_cmp(&ra).then(a.cmp(&b))
    });
    for &k in order.iter().cycle().take(order.len() * 2) {
        if left == 0 {
            break;
        }
        if parts[k].1 > 0.0 {
            places[k] += 1;
            left -= 1;
        }
    }
    let mut quotas = Quotas {
        categories: Vec::new(),
        rest: 0,
    };
    for ((category, _), p) in parts.drain(..).zip(places) {
        match category {
            Some(c) => quotas.categories.push((c, p)),
            None => quotas.rest += p,
        }
    }
    quotas
}

/// One candidate of a shelf, as `select` weighs it: the item, its part of the shelf (its
/// category's place in `Quotas::categories`, or `Quotas::categories.len()` for the rest) and its
/// style's number. The caller looks both up once; `select` compares no names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    pub item: u32,
    pub part: usize,
    pub style: u32,
}

/// Picks `n` of `candidates` (best first) to fill `quotas`, at most `MAX_PER_STYLE` a style; what
/// a quota cannot fill goes to the best of the rest. Returns them interleaved in proportion (each
/// part's k-th pick at (k + ½) / its places), so that every prefix of the shelf keeps the balance
/// too: a page that shows fewer than `n` cuts the shelf short.
pub fn select(candidates: &[Candidate], n: usize, quotas: &Quotas) -> Vec<u32> {
    let rest_part = quotas.categories.len();
    let places_of = |part: usize| {
        quotas
            .categories
            .get(part)
            .map_or(quotas.rest, |&(_, places)| places)
    };
    let mut left: Vec<usize> = (0..=rest_part).map(places_of).collect();
    let mut styles: StyleCounts<u32> = StyleCounts::with_capacity(n);
    let mut chosen: Vec<u32> = Vec::with_capacity(n);
    // Where each chosen item stands: its part's k-th pick of `places`.
    let mut position: Vec<f64> = Vec::with_capacity(n);
    let mut picked = vec![0usize; rest_part + 1];
    let mut taken = vec![false; candidates.len()];
    // Pass 1: quotas and the style cap; pass 2: any place left, style cap kept; pass 3: any.
    for pass in 0..3 {
        if chosen.len() >= n {
            break;
        }
        for (k, c) in candidates.iter().enumerate() {
            if chosen.len() >= n {
                break;
            }
            if taken[k] {
                continue;
            }
            if pass < 2 && !styles.has_room(&c.style) {
                continue;
            }
            let part = c.part.min(rest_part);
            if pass == 0 {
                if left[part] == 0 {
                    continue;
                }
                left[part] -= 1;
            }
            // Past its places (a later pass), an item goes after every part's own.
            let at = if pass == 0 {
                (picked[part] as f64 + 0.5) / places_of(part).max(1) as f64
            } else {
                1.0 + k as f64
            };
            picked[part] += 1;
            position.push(at);
            taken[k] = true;
            chosen.push(c.item);
            styles.add(c.style);
        }
    }
    let mut order: Vec<usize> = (0..chosen.len()).collect();
    order.sort_by(|&a, &b| position[a].total_cmp(&position[b]).then(a.cmp(&b)));
    order.into_iter().map(|k| chosen[k]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn persona() -> Persona {
        Persona::parse("footwear_apparel_outdoors").expect("a persona")
    }

    fn total(q: &Quotas) -> usize {
        q.categories.iter().map(|(_, p)| p).sum::<usize>() + q.rest
    }

    #[test]
    fn a_persona_alone_fills_the_shelf_in_proportion() {
        let q = quotas(12, Some(&persona()), &[], 0);
        assert_eq!(total(&q), 12);
        assert_eq!(q.rest, 0);
        assert_eq!(
            q.categories,
            [
                ("footwear".to_string(), 7),
                ("apparel".to_string(), 3),
                ("outdoors".to_string(), 2)
            ]
        );
    }

    #[test]
    fn the_session_grows_with_each_event_and_never_takes_everything() {
        let tools = |events| {
            let q = quotas(12, Some(&persona()), &[("tools".to_string(), 1.0)], events);
            assert_eq!(total(&q), 12);
            q.categories
                .iter()
                .find(|(c, _)| c == "tools")
                .map_or(0, |(_, p)| *p)
        };
        assert_eq!(tools(1), 4);
        assert_eq!(tools(3), 7);
        assert_eq!(tools(2), 6);
        assert_eq!(tools(30), 7);
        // Anonymous: the rest stays in score order.
        let q = quotas(12, None, &[("books".to_string(), 1.0)], 1);
        assert_eq!((q.categories[0].1, q.rest), (4, 8));
        let q = quotas(12, None, &[], 0);
        assert_eq!((q.categories.len(), q.rest), (0, 12));
    }
}
