//! Assignment: which variation a shopper sees. A salted hash of (experiment, shopper) maps every
//! shopper to a fixed point in [0, 1); the variations' shares cut [0, 1) into intervals. The
//! same shopper gets the same variation on every page, in every session, after a restart and on
//! every instance, without anything stored — and two experiments (two salts) split shoppers
//! independently of each other.

/// The shopper's point in [0, 1) for an experiment's salt.
pub fn unit_point(salt: &str, user_id: &str) -> f64 {
    // FNV-1a over the salt, a separator and the id, then SplitMix64's finalizer: FNV alone
    // leaves ids that differ only in their last bytes close together in the high bits.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in salt
        .as_bytes()
        .iter()
        .chain(b"\x1f")
        .chain(user_id.as_bytes())
    {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    let mixed = mix(hash);
    // The top 53 bits, as a double in [0, 1).
    (mixed >> 11) as f64 / (1u64 << 53) as f64
}

/// SplitMix64's output function: every input bit moves every output bit.
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The index of the interval of `shares` (summing to 1) that holds `point`.
pub fn pick(shares: &[f64], point: f64) -> usize {
    let mut upper = 0.0;
    for (k, share) in shares.iter().enumerate() {
        upper += share;
        if point < upper {
            return k;
        }
    }
    // Rounding can leave the sum a hair under 1.
    shares.len().saturating_sub(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_are_stable_and_salted() {
        assert_eq!(unit_point("s1", "user-1"), unit_point("s1", "user-1"));
        assert_ne!(unit_point("s1", "user-1"), unit_point("s2", "user-1"));
        let p = unit_point("s1", "user-1");
        assert!((0.0..1.0).contains(&p));
    }

    #[test]
    fn pick_follows_the_intervals() {
        let shares = [0.2, 0.3, 0.5];
        assert_eq!(pick(&shares, 0.0), 0);
        assert_eq!(pick(&shares, 0.19), 0);
        assert_eq!(pick(&shares, 0.2), 1);
        assert_eq!(pick(&shares, 0.5), 2);
        assert_eq!(pick(&shares, 0.999_999), 2);
        assert_eq!(pick(&[0.5, 0.499_999_9], 0.999_999_99), 1);
    }

    #[test]
    fn ten_thousand_ids_follow_the_weights() {
        // Weights 1 : 2 : 3 (and 1 : 1) over 10,000 ids in the shapes the shop hands out:
        // UUID-like anonymous ids and sequential shopper ids.
        for weights in [vec![1.0, 2.0, 3.0], vec![1.0, 1.0]] {
            let total: f64 = weights.iter().sum();
            let shares: Vec<f64> = weights.iter().map(|w| w / total).collect();
            for shape in ["anon-{k:08x}-4c1d", "{k}"] {
                let mut counts = vec![0u64; shares.len()];
                for k in 0..10_000u64 {
                    let id = shape
                        .replace("{k:08x}", &format!("{k:08x}"))
                        .replace("{k}", &k.to_string());
                    counts[pick(&shares, unit_point("0f3c9a", &id))] += 1;
                }
                let srm = experiment_stats::srm(&counts, &shares).expect("a check");
                assert!(
                    srm.p_value > 0.001,
                    "{weights:?} {shape}: {counts:?}, p = {}",
                    srm.p_value
                );
            }
        }
    }

    #[test]
    fn two_salts_split_independently() {
        // The same ids under two experiments: being in arm 0 of one says nothing of the other.
        let mut both = [[0u64; 2]; 2];
        for k in 0..10_000 {
            let id = format!("user-{k}");
            let a = pick(&[0.5, 0.5], unit_point("first", &id));
            let b = pick(&[0.5, 0.5], unit_point("second", &id));
            both[a][b] += 1;
        }
        let flat: Vec<u64> = both.iter().flatten().copied().collect();
        let srm = experiment_stats::srm(&flat, &[0.25; 4]).expect("a check");
        assert!(srm.p_value > 0.001, "{both:?}");
    }
}
