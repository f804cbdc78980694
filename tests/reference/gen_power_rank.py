#!/usr/bin/python3
"""Reference values for tests/core/stats/test_power.cpp, test_mannwhitney.cpp, test_srm.cpp
and test_multipletesting.cpp.

Run with the system interpreter (scipy 1.10.1, statsmodels 0.13.5):
    /usr/bin/python3 tests/reference/gen_power_rank.py
Each line prints the exact call and its results with 17 significant digits; the C++
tests paste these numbers and cite the call in a comment.
"""
import warnings

import numpy as np
from scipy import stats
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.power import NormalIndPower, TTestIndPower
from statsmodels.stats.proportion import proportion_effectsize

warnings.simplefilter("ignore")


def g(x):
    return "%.17g" % x


def show(call, **values):
    print(call)
    print("    " + ", ".join("%s=%s" % (k, g(v)) for k, v in values.items()))


def power_t():
    print("# --- statsmodels.stats.power.TTestIndPower")
    tt = TTestIndPower()
    for d, ratio, alt in [(0.1, 1.0, "two-sided"), (0.1, 3.0, "two-sided"), (0.1, 1 / 3, "two-sided"),
                          (0.1, 1.0, "larger"), (-0.1, 1.0, "smaller"), (0.01, 1.0, "two-sided"),
                          (2.0, 1.0, "two-sided"), (-0.25, 3.0, "two-sided"),
                          (0.001, 1.0, "two-sided")]:
        n = tt.solve_power(effect_size=d, power=0.8, alpha=0.05, ratio=ratio, alternative=alt)
        show("TTestIndPower().solve_power(effect_size=%r, power=0.8, alpha=0.05, ratio=%r, alternative=%r)"
             % (d, ratio, alt), nobs1=n)
    for d, n, ratio, alt in [(0.1, 1000, 1.0, "two-sided"), (0.1, 1000, 3.0, "two-sided"),
                             (0.1, 1000, 1.0, "larger"), (0.1, 1000, 1.0, "smaller"),
                             (-0.1, 1000, 1.0, "smaller"), (-0.1, 1000, 1.0, "two-sided"),
                             (0.5, 10, 1.0, "two-sided"), (0.02, 250000, 0.25, "two-sided")]:
        p = tt.power(effect_size=d, nobs1=n, alpha=0.05, ratio=ratio, alternative=alt)
        show("TTestIndPower().power(effect_size=%r, nobs1=%r, alpha=0.05, ratio=%r, alternative=%r)"
             % (d, n, ratio, alt), power=p)
    for n, ratio, alt in [(1000, 1.0, "two-sided"), (1000, 3.0, "two-sided"), (1000, 1.0, "larger"),
                          (1000, 1.0, "smaller")]:
        d = tt.solve_power(effect_size=None, nobs1=n, power=0.8, alpha=0.05, ratio=ratio, alternative=alt)
        show("TTestIndPower().solve_power(effect_size=None, nobs1=%r, power=0.8, alpha=0.05, ratio=%r, "
             "alternative=%r)" % (n, ratio, alt), effect_size=d)


def power_proportions():
    print("# --- statsmodels.stats.power.NormalIndPower on Cohen's h")
    h = proportion_effectsize(0.10, 0.12)
    show("proportion_effectsize(0.10, 0.12)", h=h)
    show("proportion_effectsize(0.5, 0.25)", h=proportion_effectsize(0.5, 0.25))
    ni = NormalIndPower()
    for ratio, alt in [(1.0, "two-sided"), (3.0, "two-sided"), (1.0, "smaller")]:
        n = ni.solve_power(effect_size=h, power=0.8, alpha=0.05, ratio=ratio, alternative=alt)
        show("NormalIndPower().solve_power(effect_size=proportion_effectsize(0.10, 0.12), power=0.8, "
             "alpha=0.05, ratio=%r, alternative=%r)" % (ratio, alt), nobs1=n)
    for alt in ("two-sided", "larger", "smaller"):
        p = ni.power(effect_size=h, nobs1=3000, alpha=0.05, ratio=1.0, alternative=alt)
        show("NormalIndPower().power(effect_size=proportion_effectsize(0.10, 0.12), nobs1=3000, alpha=0.05, "
             "ratio=1.0, alternative=%r)" % alt, power=p)
    # Cohen's h at the ends of [0, 1] (issue 7 item 10: p = 0 or 1 must be accepted).
    for p1, p2 in [(0.0, 0.1), (1.0, 0.0), (0.05, 0.0), (1.0, 0.9)]:
        show("proportion_effectsize(%r, %r)" % (p1, p2), h=proportion_effectsize(p1, p2))
    show("NormalIndPower().solve_power(effect_size=proportion_effectsize(0, 0.1), power=0.8, alpha=0.05, ratio=1)",
         nobs1=ni.solve_power(effect_size=proportion_effectsize(0.0, 0.1), power=0.8, alpha=0.05, ratio=1.0))
    show("NormalIndPower().solve_power(effect_size=proportion_effectsize(0.05, 0), power=0.8, alpha=0.05, "
         "ratio=3, alternative='larger')",
         nobs1=ni.solve_power(effect_size=proportion_effectsize(0.05, 0.0), power=0.8, alpha=0.05, ratio=3.0,
                              alternative="larger"))
    show("NormalIndPower().power(effect_size=proportion_effectsize(1, 0.9), nobs1=50, alpha=0.05, ratio=1)",
         power=ni.power(effect_size=proportion_effectsize(1.0, 0.9), nobs1=50, alpha=0.05, ratio=1.0))
    d = ni.solve_power(effect_size=None, nobs1=5000, power=0.9, alpha=0.01, ratio=1.0)
    show("NormalIndPower().solve_power(effect_size=None, nobs1=5000, power=0.9, alpha=0.01, ratio=1.0)",
         effect_size=d)


def srm():
    print("# --- scipy.stats.chisquare(observed, f_exp=N*fractions)")
    for obs, frac in [([5000, 5200], [0.5, 0.5]), ([25400, 74600], [0.25, 0.75]),
                      ([50000, 53000], [0.5, 0.5]), ([2050, 2950, 5000], [0.2, 0.3, 0.5]),
                      ([0, 10], [0.5, 0.5])]:
        n = sum(obs)
        r = stats.chisquare(obs, f_exp=[n * f for f in frac])
        show("scipy.stats.chisquare(%r, f_exp=%r)" % (obs, [n * f for f in frac]), chi2=r.statistic, p=r.pvalue)
    # Expected weights (issue 7 item 10): f_i = w_i / sum(w).
    for obs, w in [([105, 190, 305], [1, 2, 3]), ([2450, 7550], [2500, 7500])]:
        n = sum(obs)
        r = stats.chisquare(obs, f_exp=[n * x / sum(w) for x in w])
        show("scipy.stats.chisquare(%r, f_exp=N*%r/sum)" % (obs, w), chi2=r.statistic, p=r.pvalue)


MW_TIES_A = [1.0, 2.0, 2.0, 3.0, 3.0, 3.0, 4.0, 5.0, 6.0, 7.0]
MW_TIES_B = [2.0, 3.0, 4.0, 4.0, 5.0, 6.0, 7.0, 7.0, 8.0, 9.0, 9.0]
MW_LARGE_A = [(i * 37 % 200) / 10.0 for i in range(200)]
MW_LARGE_B = [(i * 53 % 200) / 10.0 + 6.0 for i in range(200)]
MW_EXACT50_A = [float(i) for i in range(50)]
MW_EXACT50_B = [i + 35.5 for i in range(50)]
MW_NOTIES9_A = [0.5, 1.7, 2.2, 3.9, 4.1, 5.6, 6.3, 7.8, 8.4]
MW_NOTIES9_B = [1.1, 2.9, 3.3, 4.6, 5.2, 6.8, 7.1, 8.9, 9.5, 10.2]


def mann_whitney():
    print("# --- scipy.stats.mannwhitneyu")
    cases = [("males", "females", [19.0, 22.0, 16.0, 29.0, 24.0], [20.0, 11.0, 17.0, 12.0], "exact", True),
             ("[1.1, 2.3, 3.5]", "[0.5, 4.2, ..., 11.2]", [1.1, 2.3, 3.5],
              [0.5, 4.2, 5.1, 6.0, 7.7, 8.1, 9.0, 9.9, 10.5, 11.2], "auto", True),
             ("TIES_A", "TIES_B", MW_TIES_A, MW_TIES_B, "auto", True),
             ("TIES_A", "TIES_B", MW_TIES_A, MW_TIES_B, "auto", False),
             ("NOTIES9_A", "NOTIES9_B", MW_NOTIES9_A, MW_NOTIES9_B, "auto", True),
             ("NOTIES9_A", "NOTIES9_B", MW_NOTIES9_A, MW_NOTIES9_B, "exact", True),
             ("LARGE_A", "LARGE_B", MW_LARGE_A, MW_LARGE_B, "auto", True),
             ("EXACT50_A", "EXACT50_B", MW_EXACT50_A, MW_EXACT50_B, "exact", True),
             ("[1, 2, 3]", "[2, 4, 5]", [1.0, 2.0, 3.0], [2.0, 4.0, 5.0], "exact", True),
             ("[1, 2]", "[3]", [1.0, 2.0], [3.0], "exact", True)]
    for an, bn, a, b, method, cc in cases:
        for alt in ("two-sided", "less", "greater"):
            r = stats.mannwhitneyu(a, b, use_continuity=cc, alternative=alt, method=method)
            show("scipy.stats.mannwhitneyu(%s, %s, use_continuity=%r, alternative=%r, method=%r)"
                 % (an, bn, cc, alt, method), U=r.statistic, p=r.pvalue)
    show("scipy.stats.mannwhitneyu([3.0]*5, [3.0]*4) (all identical)",
         p=stats.mannwhitneyu([3.0] * 5, [3.0] * 4).pvalue)


def multiple_testing():
    print("# --- statsmodels.stats.multitest.multipletests")
    for p in ([0.01, 0.04, 0.03, 0.005, 0.2], [0.02, 0.02, 0.01, 0.04, 0.04], [0.3, 0.6, 0.9, 0.5],
              [0.012, 0.5, 0.011, 0.013, 0.9, 0.001]):
        for method in ("bonferroni", "holm", "fdr_bh"):
            reject, adj, _, _ = multipletests(p, alpha=0.05, method=method)
            print("multipletests(%r, alpha=0.05, method=%r)" % (p, method))
            print("    adjusted={%s}" % ", ".join(g(x) for x in adj))
            print("    reject={%s}" % ", ".join("true" if x else "false" for x in reject))


if __name__ == "__main__":
    print("# numpy %s" % np.__version__)
    power_t()
    power_proportions()
    srm()
    mann_whitney()
    multiple_testing()
