//! The experiment correlation id a card's link carries to the product page's view event
//! (`experimentCorrelationId`): which experiment, which variation (for interleaving, which ranker
//! contributed the card) and at which rank it was shown — `{experiment}~{variation}~{rank}`, the
//! Retail Demo Store's format. It names no shopper: the view event's shopper is whoever follows
//! the link, and the runtime keeps an id only if that shopper could have been shown it.

use super::definition::ExperimentId;

/// The longest shelf an experiment ranks (a category page).
pub const MAX_RANK: usize = 48;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CorrelationId {
    pub experiment: ExperimentId,
    /// The variation's index (for interleaving: the ranker that contributed the card).
    pub variation: usize,
    /// 0-based position on the shelf.
    pub rank: usize,
}

impl CorrelationId {
    /// Reads an id from a link; anything malformed is `None`.
    pub fn parse(text: &str) -> Option<CorrelationId> {
        if text.len() > 40 {
            return None;
        }
        let mut parts = text.split('~');
        let experiment = ExperimentId::parse(parts.next()?)?;
        let variation = parts.next()?.parse::<usize>().ok()?;
        let rank = parts.next()?.parse::<usize>().ok()?;
        if parts.next().is_some()
            || variation >= super::definition::MAX_VARIATIONS
            || rank >= MAX_RANK
        {
            return None;
        }
        Some(CorrelationId {
            experiment,
            variation,
            rank,
        })
    }
}

impl std::fmt::Display for CorrelationId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}~{}~{}", self.experiment, self.variation, self.rank)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_refuses_junk() {
        let id = CorrelationId {
            experiment: ExperimentId(12),
            variation: 1,
            rank: 3,
        };
        assert_eq!(id.to_string(), "12~1~3");
        assert_eq!(CorrelationId::parse("12~1~3"), Some(id));
        for junk in [
            "", "12~1", "12~1~3~4", "x~1~3", "0~1~3", "12~99~3", "12~1~999", "-1~0~0",
        ] {
            assert_eq!(CorrelationId::parse(junk), None, "{junk}");
        }
    }
}
