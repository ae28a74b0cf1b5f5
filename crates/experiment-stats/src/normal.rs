//! The standard normal: Cody's complementary error function, the CDF, two-sided p-values and the
//! quantile (inverse CDF).

use crate::in_unit_interval;

/// The 97.5th percentile of the standard normal, for two-sided 95 % intervals.
pub const Z_95: f64 = 1.959_963_984_540_054;

/// Complementary error function, `erfc(x) = 1 - erf(x)`.
///
/// W. J. Cody's rational Chebyshev approximations (CALERF, Math. Comp. 1969), accurate to about
/// 1e-16 relative error in double precision, far inside the 1e-7 absolute error asked for.
/// The coefficients are Cody's, to 17 significant digits.
#[allow(clippy::excessive_precision)]
pub fn erfc(x: f64) -> f64 {
    const A: [f64; 5] = [
        3.161_123_743_870_565_6,
        1.138_641_541_510_501_6e2,
        3.774_852_376_853_020_2e2,
        3.209_377_589_138_469_5e3,
        1.857_777_061_846_031_5e-1,
    ];
    const B: [f64; 4] = [
        2.360_129_095_234_412_1e1,
        2.440_246_379_344_441_7e2,
        1.282_616_526_077_372_3e3,
        2.844_236_833_439_170_6e3,
    ];
    const C: [f64; 9] = [
        5.641_884_969_886_701e-1,
        8.883_149_794_388_376,
        6.611_919_063_714_163e1,
        2.986_351_381_974_001_3e2,
        8.819_522_212_417_691e2,
        1.712_047_612_634_070_6e3,
        2.051_078_377_826_071_5e3,
        1.230_339_354_797_997_2e3,
        2.153_115_354_744_038_5e-8,
    ];
    const D: [f64; 8] = [
        1.574_492_611_070_983_5e1,
        1.176_939_508_913_125e2,
        5.371_811_018_620_098_6e2,
        1.621_389_574_566_690_2e3,
        3.290_799_235_733_459_6e3,
        4.362_619_090_143_247e3,
        3.439_367_674_143_721_6e3,
        1.230_339_354_803_749_4e3,
    ];
    const P: [f64; 6] = [
        3.053_266_349_612_323_4e-1,
        3.603_448_999_498_044_4e-1,
        1.257_817_261_112_292_5e-1,
        1.608_378_514_874_227_7e-2,
        6.587_491_615_298_378e-4,
        1.631_538_713_730_209_8e-2,
    ];
    const Q: [f64; 5] = [
        2.568_520_192_289_822,
        1.872_952_849_923_467_3,
        5.279_051_029_514_284e-1,
        6.051_834_131_244_132e-2,
        2.335_204_976_268_691_8e-3,
    ];
    const FRAC_1_SQRT_PI: f64 = 0.564_189_583_547_756_3;

    if x.is_nan() {
        return f64::NAN;
    }
    let y = x.abs();
    if y <= 0.468_75 {
        // erf by a rational function of x², erfc = 1 - erf.
        let ysq = if y > 1.11e-16 { y * y } else { 0.0 };
        let mut num = A[4] * ysq;
        let mut den = ysq;
        for i in 0..3 {
            num = (num + A[i]) * ysq;
            den = (den + B[i]) * ysq;
        }
        return 1.0 - x * (num + A[3]) / (den + B[3]);
    }
    let upper = if y <= 4.0 {
        let mut num = C[8] * y;
        let mut den = y;
        for i in 0..7 {
            num = (num + C[i]) * y;
            den = (den + D[i]) * y;
        }
        scaled_exp(y) * (num + C[7]) / (den + D[7])
    } else if y >= 26.55 {
        0.0
    } else {
        let ysq = 1.0 / (y * y);
        let mut num = P[5] * ysq;
        let mut den = ysq;
        for i in 0..4 {
            num = (num + P[i]) * ysq;
            den = (den + Q[i]) * ysq;
        }
        let r = ysq * (num + P[4]) / (den + Q[4]);
        scaled_exp(y) * (FRAC_1_SQRT_PI - r) / y
    };
    if x < 0.0 { 2.0 - upper } else { upper }
}

/// `exp(-y²)` computed in two parts to keep the relative error small for large `y`.
fn scaled_exp(y: f64) -> f64 {
    let ysq = (y * 16.0).trunc() / 16.0;
    let del = (y - ysq) * (y + ysq);
    (-ysq * ysq).exp() * (-del).exp()
}

/// Standard normal cumulative distribution function Φ(z).
pub fn normal_cdf(z: f64) -> f64 {
    0.5 * erfc(-z / std::f64::consts::SQRT_2)
}

/// Two-sided p-value of a standard normal statistic: `P(|Z| >= |z|) = erfc(|z| / √2)`.
pub fn two_sided_p(z: f64) -> f64 {
    erfc(z.abs() / std::f64::consts::SQRT_2)
}

/// Standard normal quantile Φ⁻¹(p), the inverse of [`normal_cdf`]; `None` unless `0 < p < 1`.
///
/// `Φ⁻¹(p) = -√2 · erfc⁻¹(2p)` with statrs' inverse complementary error function (Boost's
/// rational approximations); within 1e-15 of scipy's `norm.ppf` on the fixtures.
pub fn normal_quantile(p: f64) -> Option<f64> {
    in_unit_interval(p)
        .then(|| -std::f64::consts::SQRT_2 * statrs::function::erf::erfc_inv(2.0 * p))
}

/// The critical value of a two-sided level-`alpha` test, `Φ⁻¹(1 - alpha/2)`, computed from the
/// lower tail so that a small `alpha` keeps its digits; `None` unless `0 < alpha < 1`.
pub(crate) fn z_two_sided(alpha: f64) -> Option<f64> {
    if in_unit_interval(alpha) {
        normal_quantile(alpha / 2.0).map(|z| -z)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    #[test]
    fn erfc_matches_reference_values() {
        // Reference values from a double-precision libm (Python's math.erfc).
        let cases = [
            (0.0, 1.0),
            (0.1, 0.887_537_083_981_715_2),
            (0.5, 0.479_500_122_186_953_5),
            (1.0, 0.157_299_207_050_285_13),
            (2.0, 0.004_677_734_981_047_265),
            (3.0, 2.209_049_699_858_543_8e-5),
            (5.0, 1.537_459_794_428_035_1e-12),
            (-1.0, 1.842_700_792_949_715),
        ];
        for (x, want) in cases {
            let got = erfc(x);
            assert!(close(got, want, 1e-12), "erfc({x}) = {got}, want {want}");
            assert!(
                close(got, want, want.abs() * 1e-10),
                "relative error at {x}"
            );
        }
        assert_eq!(erfc(30.0), 0.0);
        assert_eq!(erfc(-30.0), 2.0);
    }

    #[test]
    fn normal_cdf_known_values() {
        assert!(close(normal_cdf(0.0), 0.5, 1e-15));
        assert!(close(normal_cdf(1.959_963_984_540_054), 0.975, 1e-12));
        assert!(close(normal_cdf(-1.0), 0.158_655_253_931_457_05, 1e-12));
        // Two-sided p for the textbook critical values.
        assert!(close(two_sided_p(1.96), 0.049_995_790_296_440_87, 1e-10));
        assert!(close(two_sided_p(-1.96), 0.05, 1e-4));
        assert!(close(two_sided_p(2.5758), 0.010_000_847_475_557_37, 1e-10));
        assert!(close(two_sided_p(Z_95), 0.05, 1e-12));
    }

    #[test]
    fn erfc_is_smooth_across_branch_boundaries() {
        for &b in &[0.468_75, 4.0] {
            let lo = erfc(b - 1e-12);
            let hi = erfc(b + 1e-12);
            assert!(close(lo, hi, 1e-11), "jump at {b}: {lo} vs {hi}");
        }
        // Monotone decreasing on a grid.
        let mut prev = erfc(-6.0);
        for i in -599..=600 {
            let v = erfc(f64::from(i) / 100.0);
            assert!(v <= prev, "not decreasing at {}", f64::from(i) / 100.0);
            prev = v;
        }
    }

    #[test]
    fn normal_quantile_inverts_the_cdf() {
        assert!(close(normal_quantile(0.975).unwrap(), Z_95, 1e-12));
        assert!(close(normal_quantile(0.5).unwrap(), 0.0, 1e-15));
        assert!(close(z_two_sided(0.05).unwrap(), Z_95, 1e-12));
        for p in [1e-12, 1e-6, 0.01, 0.2, 0.7, 0.99, 1.0 - 1e-9] {
            let z = normal_quantile(p).unwrap();
            assert!(close(normal_cdf(z), p, p.min(1.0 - p) * 1e-9), "p = {p}");
        }
        for bad in [0.0, 1.0, -0.5, 2.0, f64::NAN] {
            assert_eq!(normal_quantile(bad), None);
            assert_eq!(z_two_sided(bad), None);
        }
    }
}
