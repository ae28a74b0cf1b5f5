//! The crate against reference values from scipy and statsmodels (`fixtures/make_fixtures.py`,
//! which wrote `fixtures/reference.json`; the sources are named in each section of the file).
//! Values agree to 1e-6; P(best), a Monte Carlo estimate, to 0.01.

use experiment_stats::{
    Comparison, Effect, Interval, Proportion, Summary, chi2_sf, compare_means, compare_proportions,
    erfc, interleaving, msprt_means, msprt_proportions, normal_cdf, normal_quantile,
    power_proportions, probability_best, sample_size_proportions, srm, t_quantile, t_two_sided_p,
    thompson_allocation, wilson_interval,
};
use serde::Deserialize;

const TOL: f64 = 1e-6;

fn reference() -> Reference {
    serde_json::from_str(include_str!("../fixtures/reference.json")).expect("reference.json parses")
}

#[derive(Deserialize)]
struct Reference {
    normal: NormalRef,
    t: TRef,
    chi2: Cases<Chi2Case>,
    wilson: Cases<WilsonCase>,
    compare_proportions: Cases<ProportionsCase>,
    compare_means: MeansRef,
    msprt: MsprtRef,
    srm: Cases<SrmCase>,
    power: PowerRef,
    bandit: BanditRef,
    interleaving: Cases<InterleavingCase>,
    summary: SummaryRef,
}

#[derive(Deserialize)]
struct Cases<T> {
    cases: Vec<T>,
}

#[derive(Deserialize, Clone, Copy, Debug)]
struct Iv {
    low: f64,
    high: f64,
}

#[derive(Deserialize, Clone, Copy)]
struct Stats {
    n: u64,
    mean: f64,
    variance: f64,
}

impl Stats {
    fn summary(self) -> Summary {
        Summary {
            n: self.n,
            mean: self.mean,
            variance: self.variance,
        }
    }
}

fn arm(counts: [u64; 2]) -> Proportion {
    Proportion::new(counts[0], counts[1])
}

#[track_caller]
fn near(got: f64, want: f64, what: &str) {
    assert!(
        (got - want).abs() <= TOL,
        "{what}: got {got}, want {want} (off by {:e})",
        (got - want).abs()
    );
}

#[track_caller]
fn near_opt(got: Option<f64>, want: Option<f64>, what: &str) {
    match (got, want) {
        (Some(g), Some(w)) => near(g, w, what),
        (None, None) => {}
        _ => panic!("{what}: got {got:?}, want {want:?}"),
    }
}

#[track_caller]
fn near_interval(got: Option<Interval>, want: Option<Iv>, what: &str) {
    match (got, want) {
        (Some(g), Some(w)) => {
            near(g.low, w.low, &format!("{what} low"));
            near(g.high, w.high, &format!("{what} high"));
        }
        (None, None) => {}
        _ => panic!("{what}: got {got:?}, want {want:?}"),
    }
}

#[derive(Deserialize)]
struct NormalRef {
    quantile: Vec<QuantileCase>,
    cdf: Vec<CdfCase>,
}

#[derive(Deserialize)]
struct QuantileCase {
    p: f64,
    z: f64,
}

#[derive(Deserialize)]
struct CdfCase {
    z: f64,
    cdf: f64,
    erfc: f64,
}

#[test]
fn normal_quantile_cdf_and_erfc() {
    let r = reference().normal;
    for c in r.quantile {
        let got = normal_quantile(c.p).expect("p in (0, 1)");
        // Relative in the far tails, where z is large.
        assert!(
            (got - c.z).abs() <= TOL * c.z.abs().max(1.0),
            "Φ⁻¹({}) = {got}, want {}",
            c.p,
            c.z
        );
    }
    for c in r.cdf {
        near(normal_cdf(c.z), c.cdf, &format!("Φ({})", c.z));
        near(erfc(c.z), c.erfc, &format!("erfc({})", c.z));
    }
}

#[derive(Deserialize)]
struct TRef {
    quantile: Vec<TQuantileCase>,
    two_sided_p: Vec<TTailCase>,
}

#[derive(Deserialize)]
struct TQuantileCase {
    p: f64,
    df: f64,
    t: f64,
}

#[derive(Deserialize)]
struct TTailCase {
    t: f64,
    df: f64,
    p: f64,
}

#[test]
fn student_t_quantiles_and_tails() {
    let r = reference().t;
    for c in r.quantile {
        let got = t_quantile(c.p, c.df).expect("defined");
        // Relative for df = 1 and 1.5, whose far quantiles run into the hundreds.
        let what = format!("t quantile p={} df={}", c.p, c.df);
        assert!(
            (got - c.t).abs() <= TOL * c.t.abs().max(1.0),
            "{what}: got {got}, want {}",
            c.t
        );
    }
    for c in r.two_sided_p {
        near_opt(
            t_two_sided_p(c.t, c.df),
            Some(c.p),
            &format!("t tail t={} df={}", c.t, c.df),
        );
    }
}

#[derive(Deserialize)]
struct Chi2Case {
    x: f64,
    df: u32,
    sf: f64,
}

#[test]
fn chi_square_tails() {
    for c in reference().chi2.cases {
        near(
            chi2_sf(c.x, c.df),
            c.sf,
            &format!("chi2 sf x={} df={}", c.x, c.df),
        );
    }
}

#[derive(Deserialize)]
struct WilsonCase {
    successes: u64,
    trials: u64,
    alpha: f64,
    ci: Option<Iv>,
}

#[test]
fn wilson_intervals() {
    for c in reference().wilson.cases {
        let got = wilson_interval(Proportion::new(c.successes, c.trials), c.alpha);
        let what = format!("wilson {}/{} at {}", c.successes, c.trials, c.alpha);
        near_interval(got, c.ci, &what);
    }
}

#[derive(Deserialize, Debug)]
struct WantComparison {
    control: f64,
    treatment: f64,
    abs_lift: Option<f64>,
    abs_ci: Option<Iv>,
    rel_lift: Option<f64>,
    rel_ci: Option<Iv>,
    statistic: Option<f64>,
    p_value: Option<f64>,
}

#[track_caller]
fn same_comparison(got: &Comparison, want: &WantComparison, what: &str) {
    near(got.control, want.control, &format!("{what} control"));
    near(got.treatment, want.treatment, &format!("{what} treatment"));
    near_opt(got.abs_lift, want.abs_lift, &format!("{what} abs_lift"));
    near_interval(got.abs_ci, want.abs_ci, &format!("{what} abs_ci"));
    near_opt(got.rel_lift, want.rel_lift, &format!("{what} rel_lift"));
    near_interval(got.rel_ci, want.rel_ci, &format!("{what} rel_ci"));
    near_opt(got.statistic, want.statistic, &format!("{what} statistic"));
    near_opt(got.p_value, want.p_value, &format!("{what} p_value"));
}

#[derive(Deserialize)]
struct ProportionsCase {
    control: [u64; 2],
    treatment: [u64; 2],
    alpha: f64,
    want: WantComparison,
}

#[test]
fn proportions_compared() {
    for c in reference().compare_proportions.cases {
        let got = compare_proportions(arm(c.control), arm(c.treatment), c.alpha);
        let what = format!("{:?} vs {:?} at {}", c.control, c.treatment, c.alpha);
        same_comparison(&got, &c.want, &what);
    }
}

#[derive(Deserialize)]
struct MeansRef {
    raw: Vec<RawMeansCase>,
    summaries: Vec<MeansCase>,
}

#[derive(Deserialize)]
struct RawMeansCase {
    control_values: Vec<f64>,
    treatment_values: Vec<f64>,
    alpha: f64,
    control_summary: Stats,
    treatment_summary: Stats,
    want: WantComparison,
}

#[derive(Deserialize)]
struct MeansCase {
    control: Stats,
    treatment: Stats,
    alpha: f64,
    want: WantComparison,
}

#[track_caller]
fn same_summary(got: Summary, want: Stats, what: &str) {
    assert_eq!(got.n, want.n, "{what} n");
    assert!(
        (got.mean - want.mean).abs() <= 1e-9 * want.mean.abs().max(1.0),
        "{what} mean"
    );
    assert!(
        (got.variance - want.variance).abs() <= 1e-9 * want.variance.abs().max(1.0),
        "{what} variance: {} vs {}",
        got.variance,
        want.variance
    );
}

#[test]
fn means_compared() {
    let r = reference().compare_means;
    for (i, c) in r.raw.iter().enumerate() {
        // From the values, through Welford.
        let control = Summary::of(c.control_values.iter().copied());
        let treatment = Summary::of(c.treatment_values.iter().copied());
        same_summary(control, c.control_summary, &format!("raw case {i} control"));
        same_summary(
            treatment,
            c.treatment_summary,
            &format!("raw case {i} treatment"),
        );
        let got = compare_means(&control, &treatment, c.alpha);
        same_comparison(&got, &c.want, &format!("raw case {i}"));
    }
    for (i, c) in r.summaries.iter().enumerate() {
        let got = compare_means(&c.control.summary(), &c.treatment.summary(), c.alpha);
        same_comparison(&got, &c.want, &format!("summary case {i} at {}", c.alpha));
    }
}

#[derive(Deserialize)]
struct MsprtRef {
    proportions: Vec<MsprtProportionsCase>,
    means: Vec<MsprtMeansCase>,
}

#[derive(Deserialize)]
struct WantSequential {
    p_value: f64,
    ci: Iv,
}

#[derive(Deserialize)]
struct MsprtProportionsCase {
    control: [u64; 2],
    treatment: [u64; 2],
    tau2: f64,
    alpha: f64,
    want: WantSequential,
}

#[derive(Deserialize)]
struct MsprtMeansCase {
    control: Stats,
    treatment: Stats,
    tau2: f64,
    alpha: f64,
    want: WantSequential,
}

#[test]
fn msprt_against_numerical_integration() {
    let r = reference().msprt;
    for c in r.proportions {
        let got = msprt_proportions(arm(c.control), arm(c.treatment), c.tau2, c.alpha);
        let what = format!("mSPRT {:?} vs {:?}", c.control, c.treatment);
        near_opt(got.p_value, Some(c.want.p_value), &what);
        near_interval(got.ci, Some(c.want.ci), &what);
    }
    for c in r.means {
        let got = msprt_means(
            &c.control.summary(),
            &c.treatment.summary(),
            c.tau2,
            c.alpha,
        );
        let what = format!("mSPRT means, tau2 {}", c.tau2);
        near_opt(got.p_value, Some(c.want.p_value), &what);
        near_interval(got.ci, Some(c.want.ci), &what);
    }
}

#[derive(Deserialize)]
struct SrmCase {
    observed: Vec<u64>,
    weights: Vec<f64>,
    chi2: f64,
    df: u32,
    p_value: f64,
}

#[test]
fn sample_ratio_mismatch() {
    for c in reference().srm.cases {
        let got = srm(&c.observed, &c.weights).expect("defined");
        let what = format!("SRM {:?}", c.observed);
        near(got.chi2, c.chi2, &what);
        assert_eq!(got.df, c.df, "{what}");
        near(got.p_value, c.p_value, &what);
    }
}

#[derive(Deserialize)]
struct PowerRef {
    sample_size: Vec<SampleSizeCase>,
    power: Vec<PowerCase>,
}

#[derive(Deserialize)]
struct SampleSizeCase {
    baseline: f64,
    kind: String,
    mde: f64,
    alpha: f64,
    power: f64,
    n: u64,
}

#[derive(Deserialize)]
struct PowerCase {
    baseline: f64,
    kind: String,
    mde: f64,
    alpha: f64,
    n: u64,
    power: f64,
}

fn effect(kind: &str, mde: f64) -> Effect {
    match kind {
        "relative" => Effect::Relative(mde),
        "absolute" => Effect::Absolute(mde),
        other => panic!("unknown effect kind {other}"),
    }
}

#[test]
fn sample_size_and_power() {
    let r = reference().power;
    for c in r.sample_size {
        let got = sample_size_proportions(c.baseline, effect(&c.kind, c.mde), c.alpha, c.power);
        assert_eq!(
            got,
            Some(c.n),
            "sample size at {} {} {} alpha {} power {}",
            c.baseline,
            c.kind,
            c.mde,
            c.alpha,
            c.power
        );
    }
    for c in r.power {
        let got = power_proportions(c.baseline, effect(&c.kind, c.mde), c.alpha, c.n);
        let what = format!("power at {} {} {} n {}", c.baseline, c.kind, c.mde, c.n);
        near_opt(got, Some(c.power), &what);
    }
}

#[derive(Deserialize)]
struct BanditRef {
    draws: u32,
    tolerance: f64,
    cases: Vec<BanditCase>,
}

#[derive(Deserialize)]
struct BanditCase {
    arms: Vec<[u64; 2]>,
    p_best: Vec<f64>,
}

#[test]
fn probability_best_against_integration() {
    let r = reference().bandit;
    for c in r.cases {
        let arms: Vec<Proportion> = c.arms.iter().copied().map(arm).collect();
        for seed in [1, 20_240_611] {
            let got = probability_best(&arms, r.draws, seed);
            assert_eq!(got.len(), arms.len());
            for (g, w) in got.iter().zip(&c.p_best) {
                assert!(
                    (g - w).abs() <= r.tolerance,
                    "P(best) of {:?} seed {seed}: {got:?} vs {:?}",
                    c.arms,
                    c.p_best
                );
            }
            // The same seed gives the same draws.
            assert_eq!(got, probability_best(&arms, r.draws, seed));
            let shares = thompson_allocation(&arms, 0.05, r.draws, seed);
            assert!((shares.iter().sum::<f64>() - 1.0).abs() < 1e-12);
            assert!(shares.iter().all(|s| *s >= 0.05 - 1e-12), "{shares:?}");
        }
    }
}

#[derive(Deserialize)]
struct InterleavingCase {
    wins: u64,
    losses: u64,
    ties: u64,
    alpha: f64,
    n: u64,
    delta: f64,
    ci: Option<Iv>,
    p_value: Option<f64>,
}

#[test]
fn interleaving_against_ztest() {
    for c in reference().interleaving.cases {
        let got = interleaving(c.wins, c.losses, c.ties, c.alpha);
        let what = format!(
            "interleaving {}/{}/{} at {}",
            c.wins, c.losses, c.ties, c.alpha
        );
        assert_eq!(got.n, c.n, "{what}");
        near_opt(got.delta, Some(c.delta), &what);
        near_interval(got.ci, c.ci, &what);
        near_opt(got.p_value, c.p_value, &what);
    }
}

#[derive(Deserialize)]
struct SummaryRef {
    values: Vec<f64>,
    n: u64,
    mean: f64,
    variance: f64,
}

#[test]
fn welford_against_numpy() {
    let r = reference().summary;
    let want = Stats {
        n: r.n,
        mean: r.mean,
        variance: r.variance,
    };
    same_summary(Summary::of(r.values), want, "summary");
}
