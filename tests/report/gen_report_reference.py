#!/usr/bin/python3
"""Reference values for tests/report/test_reportmodel.cpp (scipy 1.10, statsmodels 0.13).

The fixture's outcomes (tests/report/reportfixture.h): control unit i: correct = i%10 < 7,
handling = 10 + i%5, satisfaction = 3 + i%3; ML unit i: correct = i%20 < 17, handling = 8 + i%5,
satisfaction = 4 + i%2. Stage 1: 400 control, 40 ML; stage 2: 300 control, 100 ML.
"""
import numpy as np
from scipy import stats
from statsmodels.stats.proportion import proportions_ztest, confint_proportions_2indep


def cohort(n, ml):
    i = np.arange(n)
    if ml:
        return (i % 20 < 17).astype(float), 8.0 + i % 5, 4.0 + i % 2
    return (i % 10 < 7).astype(float), 10.0 + i % 5, 3.0 + i % 3


def welch_ci(a, b):
    va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    se = np.sqrt(va + vb)
    df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
    q = stats.t.ppf(0.975, df)
    d = a.mean() - b.mean()
    return d, d - q * se, d + q * se


for label, parts in (("stage 1 end", [(400, 40)]), ("final", [(400, 40), (300, 100)])):
    c = [np.concatenate(x) for x in zip(*[cohort(nc, False) for nc, _ in parts])]
    t = [np.concatenate(x) for x in zip(*[cohort(nt, True) for _, nt in parts])]
    xs, ns = [t[0].sum(), c[0].sum()], [len(t[0]), len(c[0])]
    z, p = proportions_ztest(xs, ns)
    lo, hi = confint_proportions_2indep(xs[0], ns[0], xs[1], ns[1], method="newcomb", compare="diff")
    print(label, "accuracy", xs, ns, "proportions_ztest p =", repr(p), "newcomb CI =", repr(lo), repr(hi))
    r = stats.ttest_ind(t[1], c[1], equal_var=False)
    print(label, "handling ttest_ind(equal_var=False) p =", repr(r.pvalue), "diff, CI =", welch_ci(t[1], c[1]))
    if label == "final":
        mw = stats.mannwhitneyu(t[2], c[2], alternative="greater", method="asymptotic", use_continuity=True)
        m, s, n = t[2].mean(), t[2].std(ddof=1), len(t[2])
        q = stats.t.ppf(0.975, n - 1) * s / np.sqrt(n)
        print(label, "satisfaction mannwhitneyu greater p =", repr(mw.pvalue), "ML mean CI =", repr(m - q), repr(m + q))
