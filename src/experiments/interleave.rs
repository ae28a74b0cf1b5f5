//! Merging two rankings into one list for an interleaving experiment. Each merged item remembers
//! which ranker ("team" A = the first variation, B = the second) it is credited to, so a click on
//! it credits that ranker.

use super::assign::mix;
use super::definition::Interleave;

/// One merged list: the items in shown order and, per position, the team (0 or 1) credited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub items: Vec<usize>,
    pub teams: Vec<u8>,
}

/// Merges `a` and `b` into at most `n` distinct items. `seed` decides the coin flips of team
/// draft, so one shopper sees the same merge of the same lists on every reload.
pub fn merge(method: Interleave, a: &[usize], b: &[usize], n: usize, seed: u64) -> Merged {
    match method {
        Interleave::TeamDraft => team_draft(a, b, n, seed),
        Interleave::Balanced => balanced(a, b, n, seed),
    }
}

/// Team draft: when both teams have picked equally often a coin decides who picks next,
/// otherwise the team behind picks; a pick is the team's highest-ranked item not yet shown. A
/// team with nothing left lets the other fill the list.
fn team_draft(a: &[usize], b: &[usize], n: usize, seed: u64) -> Merged {
    let lists = [a, b];
    let mut cursor = [0usize; 2];
    let mut picks = [0usize; 2];
    let mut out = Merged {
        items: Vec::with_capacity(n),
        teams: Vec::with_capacity(n),
    };
    let mut flips: u64 = 0;
    while out.items.len() < n {
        let turn = match picks[0].cmp(&picks[1]) {
            std::cmp::Ordering::Less => 0,
            std::cmp::Ordering::Greater => 1,
            std::cmp::Ordering::Equal => {
                flips += 1;
                (mix(seed ^ flips.wrapping_mul(0x9e37_79b9_7f4a_7c15)) & 1) as usize
            }
        };
        let mut next = None;
        for team in [turn, 1 - turn] {
            let list = lists[team];
            while cursor[team] < list.len() && out.items.contains(&list[cursor[team]]) {
                cursor[team] += 1;
            }
            if let Some(&item) = list.get(cursor[team]) {
                next = Some((team, item));
                break;
            }
        }
        let Some((team, item)) = next else { break };
        out.items.push(item);
        out.teams.push(team as u8);
        picks[team] += 1;
        cursor[team] += 1;
    }
    out
}

/// Balanced interleaving: both rankings are walked in step (the coin decides which leads);
/// each item is credited to the ranker that ranks it higher (to the leader on a tie).
fn balanced(a: &[usize], b: &[usize], n: usize, seed: u64) -> Merged {
    let lead = (mix(seed) & 1) as usize;
    let lists = [a, b];
    let (mut ka, mut kb) = (0usize, 0usize);
    let mut out = Merged {
        items: Vec::with_capacity(n),
        teams: Vec::with_capacity(n),
    };
    while out.items.len() < n && (ka < a.len() || kb < b.len()) {
        let take_a = if ka >= a.len() {
            false
        } else if kb >= b.len() {
            true
        } else {
            ka < kb || (ka == kb && lead == 0)
        };
        let item = if take_a {
            ka += 1;
            a[ka - 1]
        } else {
            kb += 1;
            b[kb - 1]
        };
        if out.items.contains(&item) {
            continue;
        }
        let rank = |list: &[usize]| list.iter().position(|&i| i == item).unwrap_or(usize::MAX);
        let (ra, rb) = (rank(lists[0]), rank(lists[1]));
        let team = match ra.cmp(&rb) {
            std::cmp::Ordering::Less => 0,
            std::cmp::Ordering::Greater => 1,
            std::cmp::Ordering::Equal => lead as u8,
        };
        out.items.push(item);
        out.teams.push(team);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn team_draft_alternates_and_never_repeats() {
        let a = [1, 2, 3, 4, 5, 6];
        let b = [2, 7, 1, 8, 9, 10];
        for seed in 0..50 {
            let m = merge(Interleave::TeamDraft, &a, &b, 6, seed);
            assert_eq!(m.items.len(), 6);
            let mut seen = m.items.clone();
            seen.sort_unstable();
            seen.dedup();
            assert_eq!(seen.len(), 6, "{m:?}");
            // Teams stay within one pick of each other after every full round.
            let from_a = m.teams.iter().filter(|&&t| t == 0).count();
            assert_eq!(from_a, 3, "{m:?}");
            // Each team's items appear in its own ranking's order.
            for team in 0..2u8 {
                let list = if team == 0 { &a[..] } else { &b[..] };
                let ranks: Vec<usize> = m
                    .items
                    .iter()
                    .zip(&m.teams)
                    .filter(|(_, t)| **t == team)
                    .map(|(i, _)| list.iter().position(|x| x == i).expect("own item"))
                    .collect();
                assert!(ranks.windows(2).all(|w| w[0] < w[1]), "{m:?}");
            }
        }
    }

    #[test]
    fn both_coin_sides_happen_and_a_seed_repeats() {
        let a = [1, 2, 3];
        let b = [4, 5, 6];
        let firsts: std::collections::HashSet<u8> = (0..40)
            .map(|s| merge(Interleave::TeamDraft, &a, &b, 2, s).teams[0])
            .collect();
        assert_eq!(firsts.len(), 2);
        assert_eq!(
            merge(Interleave::TeamDraft, &a, &b, 4, 7),
            merge(Interleave::TeamDraft, &a, &b, 4, 7)
        );
    }

    #[test]
    fn a_short_list_lets_the_other_fill_the_shelf() {
        let m = merge(Interleave::TeamDraft, &[1], &[2, 3, 4, 5], 4, 3);
        assert_eq!(m.items.len(), 4);
        assert_eq!(m.teams.iter().filter(|&&t| t == 0).count(), 1);
    }

    #[test]
    fn balanced_credits_the_higher_ranker() {
        let a = [1, 2, 3];
        let b = [3, 1, 2];
        let m = merge(Interleave::Balanced, &a, &b, 3, 0);
        for (item, team) in m.items.iter().zip(&m.teams) {
            let ra = a.iter().position(|x| x == item).expect("in a");
            let rb = b.iter().position(|x| x == item).expect("in b");
            if ra < rb {
                assert_eq!(*team, 0);
            } else if rb < ra {
                assert_eq!(*team, 1);
            }
        }
    }
}
