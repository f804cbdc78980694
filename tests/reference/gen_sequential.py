#!/usr/bin/python3
"""Reference values for tests/core/stats/test_sequential.cpp.

Group-sequential efficacy boundaries by Lan-DeMets alpha spending, computed
independently of the C++ recursive integration: the exit probabilities
P(no crossing at looks 1..k-1, crossing at look k | H0) come straight from
scipy.stats.multivariate_normal.cdf (Genz's algorithm; the exact Drezner-Genz
bivariate method for k = 2) on the canonical joint distribution
Cov(Z_i, Z_j) = sqrt(t_i / t_j), i <= j, and each look's boundary is solved in
turn with scipy.optimize.brentq. Look 1 is closed form: c_1 = z_{1 - a(t_1)}
(one-sided) or z_{1 - a(t_1)/2} (two-sided).

Spending functions (Lan & DeMets 1983; gsDesign sfLDOF / sfLDPocock):
  O'Brien-Fleming type  a(t) = 2 - 2 Phi(z_{1-alpha/2} / sqrt(t))
  Pocock type           a(t) = alpha ln(1 + (e - 1) t)
A two-sided design spends alpha/2 on each side (DeMets & Lan 1994; gsDesign
test.type = 2, ldbounds, rpact): the total spent by t is 2 a_{alpha/2}(t).

Run with the system interpreter (scipy 1.10.1):  /usr/bin/python3 gen_sequential.py
Genz's randomised quasi-Monte Carlo estimate is reproducible run to run (its generator
restarts per process) but carries an integration error of ~1e-9 in probability: changing
maxpts 1e6 -> 1e8 moves a 5-look exit probability by ~1e-9, and the exit probabilities
printed below sum to alpha within 7e-9. That is < ~2e-7 in z, far below the 1e-4 target.
"""
import math

import numpy as np
from scipy.optimize import brentq
from scipy.stats import multivariate_normal, norm

GENZ = dict(abseps=1e-10, releps=1e-10, maxpts=2_000_000)


def spent(spending, alpha, t):
    if spending == "obf":
        return 2.0 * norm.sf(norm.isf(alpha / 2.0) / math.sqrt(t))
    return alpha * math.log(1.0 + (math.e - 1.0) * t)


def covariance(t):
    t = np.asarray(t, dtype=float)
    return np.sqrt(np.minimum.outer(t, t) / np.maximum.outer(t, t))


def exit_probability(t, previous, c, sides):
    """P(|Z_j| < c_j (sides 2) or Z_j < c_j (sides 1) for j < k, Z_k >= c), times 2 if two-sided."""
    k = len(previous) + 1
    upper = list(previous) + [np.inf]
    lower = ([-b for b in previous] if sides == 2 else [-np.inf] * (k - 1)) + [c]
    p = multivariate_normal.cdf(upper, mean=np.zeros(k), cov=covariance(t[:k]),
                                lower_limit=lower, **GENZ)
    return sides * p


def boundaries(t, alpha, spending, sides):
    z, cumulative = [], []
    previous_spent = 0.0
    for k, tk in enumerate(t):
        total = sides * spent(spending, alpha / sides, tk) if tk < 1.0 else alpha
        delta = total - previous_spent
        marginal = norm.isf(delta / sides)  # an upper bound on c_k
        if k == 0:
            c = marginal
        else:
            def f(c):
                return exit_probability(t, z, c, sides) - delta
            lo = max(marginal - 3.0, 0.0 if sides == 2 else -5.0)
            c = marginal if f(marginal) >= 0.0 else brentq(f, lo, marginal, xtol=1e-11, rtol=1e-12)
        z.append(c)
        cumulative.append(total)
        previous_spent = total
    return z, cumulative


def total_exit(t, z, sides):
    return sum(sides * norm.sf(z[0]) if k == 0 else exit_probability(t, z[:k], z[k], sides)
               for k in range(len(t)))


CASES = [
    ("K5 equal OBF one-sided 0.025", [0.2, 0.4, 0.6, 0.8, 1.0], 0.025, "obf", 1),
    ("K5 equal Pocock one-sided 0.025", [0.2, 0.4, 0.6, 0.8, 1.0], 0.025, "pocock", 1),
    ("K5 equal OBF two-sided 0.05", [0.2, 0.4, 0.6, 0.8, 1.0], 0.05, "obf", 2),
    ("K5 equal Pocock two-sided 0.05", [0.2, 0.4, 0.6, 0.8, 1.0], 0.05, "pocock", 2),
    ("rollout OBF two-sided 0.05", [0.05, 0.25, 0.5, 0.75, 1.0], 0.05, "obf", 2),
    ("rollout Pocock two-sided 0.05", [0.05, 0.25, 0.5, 0.75, 1.0], 0.05, "pocock", 2),
    ("rollout OBF one-sided 0.025", [0.05, 0.25, 0.5, 0.75, 1.0], 0.025, "obf", 1),
    ("K3 [0.2,0.5,1] OBF two-sided 0.05", [0.2, 0.5, 1.0], 0.05, "obf", 2),
    ("K3 [0.2,0.5,1] Pocock one-sided 0.05", [0.2, 0.5, 1.0], 0.05, "pocock", 1),
    ("K1 two-sided 0.05", [1.0], 0.05, "obf", 2),
    ("K1 one-sided 0.05", [1.0], 0.05, "pocock", 1),
]


def main():
    for name, t, alpha, spending, sides in CASES:
        z, cumulative = boundaries(t, alpha, spending, sides)
        print(f"# {name}: t = {t}")
        print("  z          = {" + ", ".join(f"{v:.10g}" for v in z) + "}")
        print("  alphaSpent = {" + ", ".join(f"{v:.10g}" for v in cumulative) + "}")
        print(f"  sum of exit probabilities = {total_exit(t, z, sides):.10g} (alpha {alpha})")
    print("# spentAlpha (closed form, scipy.stats.norm)")
    for spending in ("obf", "pocock"):
        for alpha in (0.025, 0.05):
            for t in (0.05, 0.2, 0.5, 1.0):
                print(f"  {spending:6s} alpha={alpha:<5} t={t:<4} -> {spent(spending, alpha, t):.10g}")


if __name__ == "__main__":
    main()
