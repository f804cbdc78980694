#!/usr/bin/python3
"""Times the scipy/statsmodels calls that rampart_bench_stats measures in C++.

Run with Debian's /usr/bin/python3 (python3-scipy, python3-statsmodels):
    /usr/bin/python3 tests/bench/reference_timings.py [GOOGLE_BENCHMARK_JSON]
Without an argument it prints one line per benchmark: name, best time per call in
microseconds, the call. Given the JSON output of rampart_bench_stats
(--benchmark_format=json) it prints the Markdown table of docs/benchmarks.md, C++ beside
Python; scripts/bench runs both in one go.
"""
import json
import math
import sys
import timeit
import warnings

import numpy as np
import scipy
import statsmodels
from scipy import optimize, stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.power import NormalIndPower, TTestIndPower
from statsmodels.stats.proportion import (confint_proportions_2indep,
                                          proportion_effectsize, proportions_ztest)

warnings.simplefilter("ignore")
rng = np.random.default_rng(7)
mw_a = rng.normal(0.0, 1.0, 200)
mw_b = rng.normal(0.3, 1.0, 200)
mw_small_a = [1.1, 2.4, 3.3, 4.8, 5.2, 6.9, 7.7, 8.1]
mw_small_b = [0.5, 1.9, 2.2, 3.9, 4.1, 5.5, 6.3, 9.4]


def gsd_boundaries(fractions, alpha, spending, sides):
    """Lan-DeMets boundaries from multivariate normal probabilities (scipy's Genz
    algorithm) and brentq: the way a scipy user would compute them without gsDesign."""
    t = np.asarray(fractions, dtype=float)
    z_half = stats.norm.isf(alpha / 2)
    if spending == "obf":
        spent = [2 - 2 * stats.norm.cdf(z_half / math.sqrt(x)) for x in t]
    else:
        spent = [alpha * math.log(1 + (math.e - 1) * x) for x in t]
    cov = np.sqrt(np.minimum.outer(t, t) / np.maximum.outer(t, t))

    def stay(bounds):
        """P(no crossing at any of the looks whose boundaries are given)."""
        k = len(bounds)
        upper = np.array(bounds)
        lower = -upper if sides == 2 else np.full(k, -np.inf)
        if k == 1:
            return stats.norm.cdf(upper[0]) - stats.norm.cdf(lower[0])
        return stats.multivariate_normal(mean=np.zeros(k), cov=cov[:k, :k]).cdf(upper, lower_limit=lower)

    bounds = [stats.norm.isf(spent[0] / sides)]
    for i in range(1, len(t)):
        increment = spent[i] - spent[i - 1]
        before = stay(bounds)
        bounds.append(optimize.brentq(lambda c: before - stay(bounds + [c]) - increment, 0.5, 10.0, xtol=1e-8))
    return bounds


CASES = [
    # Same inputs as tests/bench/*.cpp (ML cohort first, as in Rampart's a − b convention).
    ("BM_WelchTFromSummaries", "stats.ttest_ind_from_stats(10.34, 3.52, 47988, 10.21, 3.37, 48213, equal_var=False)"),
    ("BM_StudentTFromSummaries", "stats.ttest_ind_from_stats(10.34, 3.52, 47988, 10.21, 3.37, 48213, equal_var=True)"),
    ("BM_ChiSquare2x2", "stats.chi2_contingency([[1245, 48755], [1321, 48679]])"),
    ("BM_ChiSquare3x4", "stats.chi2_contingency([[120, 95, 130, 112], [118, 125, 122, 116], [130, 112, 114, 125]])"),
    ("BM_Fisher2x2Hundreds", "stats.fisher_exact([[120, 180], [150, 160]])"),
    ("BM_TwoProportionZNewcombe", "proportions_ztest([1321, 1245], [50000, 50000]); "
                                  "confint_proportions_2indep(1321, 50000, 1245, 50000, method='newcomb')"),
    ("BM_MannWhitneyAsymptotic200", "stats.mannwhitneyu(mw_a, mw_b, method='asymptotic')"),
    ("BM_MannWhitneyExact8", "stats.mannwhitneyu(mw_small_a, mw_small_b, method='exact')"),
    ("BM_SampleSizeTTest", "TTestIndPower().solve_power(effect_size=0.1, power=0.8, alpha=0.05, ratio=1.0)"),
    ("BM_SampleSizeTTestRatio3", "TTestIndPower().solve_power(effect_size=0.1, power=0.8, alpha=0.05, ratio=3.0)"),
    ("BM_SampleSizeProportions", "NormalIndPower().solve_power(effect_size=proportion_effectsize(0.12, 0.10), "
                                 "power=0.8, alpha=0.05, ratio=1.0)"),
    ("BM_PowerTTest", "TTestIndPower().power(effect_size=0.1, nobs1=1571, alpha=0.05, ratio=1.0)"),
    ("BM_SrmTwoCohorts", "stats.chisquare([25400, 74600], f_exp=[25000, 75000])"),
    ("BM_AdjustHolm5", "multipletests([0.01, 0.04, 0.03, 0.2, 0.001], alpha=0.05, method='holm')"),
    ("BM_AdjustBH5", "multipletests([0.01, 0.04, 0.03, 0.2, 0.001], alpha=0.05, method='fdr_bh')"),
    ("BM_BoundariesK5OBF", "gsd_boundaries([0.2, 0.4, 0.6, 0.8, 1.0], 0.025, 'obf', 1)"),
    ("BM_BoundariesK5Pocock", "gsd_boundaries([0.2, 0.4, 0.6, 0.8, 1.0], 0.025, 'pocock', 1)"),
]


def time_cases():
    for name, code in CASES:
        timer = timeit.Timer(code, globals=globals())
        loops, _ = timer.autorange()
        best = min(timer.repeat(repeat=3, number=loops)) / loops
        yield name, best * 1e6, code


def fmt_us(us):
    if us >= 1000:
        return f"{us / 1000:.2f} ms"
    if us >= 1:
        return f"{us:.2f} µs"
    return f"{us * 1000:.0f} ns"


def main():
    header = (f"scipy {scipy.__version__}, statsmodels {statsmodels.__version__}, numpy {np.__version__}, "
              f"python {sys.version.split()[0]}")
    if len(sys.argv) < 2:
        print(f"# {header}")
        print(f"{'benchmark':32} {'us/call':>12}  call")
        for name, us, code in time_cases():
            print(f"{name:32} {us:12.2f}  {code}")
        return
    with open(sys.argv[1]) as f:
        cpp = {b["name"]: b for b in json.load(f)["benchmarks"]}
    scale = {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}
    print(f"Reference: {header}.\n")
    print("| benchmark | Rampart (C++) | scipy / statsmodels | speed-up | reference call |")
    print("|---|---:|---:|---:|---|")
    for name, us, code in time_cases():
        b = cpp.get(name)
        if b is None:
            continue
        ours = b["real_time"] * scale[b["time_unit"]]
        print(f"| {name} | {fmt_us(ours)} | {fmt_us(us)} | {us / ours:,.0f}× | `{code}` |")


if __name__ == "__main__":
    main()
