#!/usr/bin/python3
"""Reference values for tests/core/stats/test_ttest.cpp and test_contingency.cpp.

Run with the system interpreter (scipy 1.10.1, statsmodels 0.13.5):
    /usr/bin/python3 tests/reference/gen_ttest_contingency.py
Each line prints the exact call and its results with 17 significant digits; the C++
tests paste these numbers and cite the call in a comment.
"""
import numpy as np
from scipy import stats
from statsmodels.stats.proportion import (confint_proportions_2indep, proportion_confint,
                                          proportions_ztest)
from statsmodels.stats.weightstats import CompareMeans, DescrStatsW


def g(x):
    return "%.17g" % x


def show(call, **values):
    print(call)
    print("    " + ", ".join("%s=%s" % (k, g(v)) for k, v in values.items()))


# Raw samples shared with test_ttest.cpp.
RAW_A = [12.1, 9.8, 11.4, 10.9, 13.2, 8.7, 10.1, 12.6, 11.8, 9.5, 10.4, 12.9]
RAW_B = [9.2, 10.6, 8.1, 9.9, 11.3, 7.8, 9.4, 10.2, 8.8, 9.7, 10.9, 8.5, 9.1, 10.0, 7.9]


def welch_df(s1, n1, s2, n2):
    w1, w2 = s1**2 / n1, s2**2 / n2
    return (w1 + w2) ** 2 / (w1**2 / (n1 - 1) + w2**2 / (n2 - 1))


def ttest_summaries():
    print("# --- t-tests from summaries: scipy.stats.ttest_ind_from_stats")
    cases = [(10.2, 2.1, 50, 9.1, 3.3, 80), (5.31, 1.0, 200000, 5.28, 1.1, 200000)]
    for (m1, s1, n1, m2, s2, n2) in cases:
        for equal_var in (False, True):
            for alt in ("two-sided", "less", "greater"):
                r = stats.ttest_ind_from_stats(m1, s1, n1, m2, s2, n2, equal_var=equal_var,
                                               alternative=alt)
                show("scipy.stats.ttest_ind_from_stats(%r, %r, %r, %r, %r, %r, equal_var=%r, alternative=%r)"
                     % (m1, s1, n1, m2, s2, n2, equal_var, alt), t=r.statistic, p=r.pvalue)
    m1, s1, n1, m2, s2, n2 = cases[0]
    print("# Welch df and mean-difference CIs: d +- scipy.stats.t.ppf(q, df) * se")
    se = np.sqrt(s1**2 / n1 + s2**2 / n2)
    df = welch_df(s1, n1, s2, n2)
    d = m1 - m2
    show("welch df = (s1^2/n1 + s2^2/n2)^2 / ((s1^2/n1)^2/(n1-1) + (s2^2/n2)^2/(n2-1))", df=df, se=se)
    for level in (0.95, 0.9, 0.99):
        q = stats.t.ppf(1 - (1 - level) / 2, df)
        show("welch two-sided level=%r: d -+ scipy.stats.t.ppf(%r, df) * se" % (level, 1 - (1 - level) / 2),
             low=d - q * se, high=d + q * se)
    q = stats.t.ppf(0.95, df)
    show("welch one-sided level=0.95: greater low = d - scipy.stats.t.ppf(0.95, df) * se; less high = d + ...",
         greater_low=d - q * se, less_high=d + q * se)
    sp = np.sqrt(((n1 - 1) * s1**2 + (n2 - 1) * s2**2) / (n1 + n2 - 2))
    se_p = sp * np.sqrt(1 / n1 + 1 / n2)
    q = stats.t.ppf(0.975, n1 + n2 - 2)
    show("student level=0.95: d -+ scipy.stats.t.ppf(0.975, n1+n2-2) * sp*sqrt(1/n1+1/n2)",
         se=se_p, low=d - q * se_p, high=d + q * se_p)
    print("# relative lift L = m1/m2 - 1, var = (s1^2/n1)/m2^2 + m1^2 (s2^2/n2)/m2^4, CI L -+ scipy.stats.norm.ppf(q) sqrt(var)")
    lift = m1 / m2 - 1
    sel = np.sqrt((s1**2 / n1) / m2**2 + m1**2 * (s2**2 / n2) / m2**4)
    for level in (0.95, 0.9):
        z = stats.norm.ppf(1 - (1 - level) / 2)
        show("lift two-sided level=%r: scipy.stats.norm.ppf(%r)" % (level, 1 - (1 - level) / 2),
             lift=lift, low=lift - z * sel, high=lift + z * sel)
    z = stats.norm.ppf(0.95)
    show("lift one-sided level=0.95: scipy.stats.norm.ppf(0.95)", greater_low=lift - z * sel,
         less_high=lift + z * sel)


def ttest_raw():
    print("# --- t-tests from raw samples RAW_A, RAW_B")
    for equal_var in (False, True):
        for alt in ("two-sided", "less", "greater"):
            r = stats.ttest_ind(RAW_A, RAW_B, equal_var=equal_var, alternative=alt)
            show("scipy.stats.ttest_ind(RAW_A, RAW_B, equal_var=%r, alternative=%r)" % (equal_var, alt),
                 t=r.statistic, p=r.pvalue)
    cm = CompareMeans(DescrStatsW(np.array(RAW_A)), DescrStatsW(np.array(RAW_B)))
    for usevar in ("unequal", "pooled"):
        for alpha, alt in ((0.05, "two-sided"), (0.1, "two-sided"), (0.01, "two-sided"),
                           (0.05, "larger"), (0.05, "smaller")):
            low, high = cm.tconfint_diff(alpha=alpha, alternative=alt, usevar=usevar)
            show("statsmodels CompareMeans(DescrStatsW(RAW_A), DescrStatsW(RAW_B)).tconfint_diff(alpha=%r, alternative=%r, usevar=%r)"
                 % (alpha, alt, usevar), low=low, high=high)
    show("numpy RAW_A", mean=np.mean(RAW_A), sd=np.std(RAW_A, ddof=1))
    show("numpy RAW_B", mean=np.mean(RAW_B), sd=np.std(RAW_B, ddof=1))


def chi_square():
    print("# --- scipy.stats.chi2_contingency")
    tables = [[[12, 5], [7, 15]], [[10, 10], [10, 11]], [[20, 15, 30, 12], [18, 25, 22, 16], [30, 12, 14, 25]],
              [[25, 30, 18], [20, 22, 35]], [[5000, 4000], [4000, 5000]]]
    for t in tables:
        for correction in (True, False):
            r = stats.chi2_contingency(t, correction=correction)
            show("scipy.stats.chi2_contingency(%r, correction=%r)" % (t, correction),
                 chi2=r[0], p=r[1], dof=r[2])
        print("    expected=" + repr([[g(e) for e in row] for row in r[3]]))


def fisher():
    print("# --- scipy.stats.fisher_exact")
    tables = [[[8, 2], [1, 5]], [[10, 5], [5, 10]], [[120, 180], [150, 160]], [[1200, 1300], [1100, 1500]],
              [[300, 200], [200, 300]], [[0, 5], [5, 0]], [[5, 0], [0, 5]], [[3, 0], [4, 2]], [[0, 0], [3, 4]],
              [[7, 7], [7, 7]], [[2, 9], [11, 3]], [[150, 210], [210, 150]]]
    for t in tables:
        for alt in ("two-sided", "less", "greater"):
            odds, p = stats.fisher_exact(t, alternative=alt)
            show("scipy.stats.fisher_exact(%r, alternative=%r)" % (t, alt), odds=odds, p=p)


def proportions():
    print("# --- statsmodels proportions")
    cases = [(45, 500, 30, 480), (5500, 10000, 5000, 10000), (0, 50, 5, 50)]
    for (xa, na, xb, nb) in cases:
        for alt in ("two-sided", "larger", "smaller"):
            z, p = proportions_ztest([xa, xb], [na, nb], alternative=alt)
            show("statsmodels.stats.proportion.proportions_ztest([%d, %d], [%d, %d], alternative=%r)"
                 % (xa, xb, na, nb, alt), z=z, p=p)
        for alpha in (0.05, 0.1):
            for (x, n) in ((xa, na), (xb, nb)):
                low, high = proportion_confint(x, n, alpha=alpha, method="wilson")
                show("statsmodels.stats.proportion.proportion_confint(%d, %d, alpha=%r, method='wilson')"
                     % (x, n, alpha), low=low, high=high)
            low, high = confint_proportions_2indep(xa, na, xb, nb, method="newcomb", compare="diff", alpha=alpha)
            show("statsmodels.stats.proportion.confint_proportions_2indep(%d, %d, %d, %d, method='newcomb', compare='diff', alpha=%r)"
                 % (xa, na, xb, nb, alpha), low=low, high=high)


if __name__ == "__main__":
    ttest_summaries()
    ttest_raw()
    chi_square()
    fisher()
    proportions()
