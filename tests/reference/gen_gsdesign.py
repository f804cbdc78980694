#!/usr/bin/python3
"""Reference values for tests/core/stats/test_gsdesign.cpp (information inflation).

The inflation factor R of a one-sided group-sequential design with K equally spaced looks
and Lan-DeMets spending: the maximum information is R times the fixed-sample information
(z_{1-alpha} + z_{1-power})^2 / delta^2, so that the design's power at delta is `power`
(Jennison & Turnbull 2000, section 7.2; gsDesign's "inflation factor").

Computed independently of the C++ recursion: the boundaries c_k come from
gen_sequential.py's scipy computation (multivariate_normal.cdf exit probabilities +
brentq per look), the power at drift theta is
    1 - scipy.stats.multivariate_normal.cdf(c, mean=theta*sqrt(t), cov=sqrt(t_i/t_j))
(Genz, abseps = releps = 1e-10; the exact Drezner-Genz method for K = 2), and R solves
power(theta_fixed * sqrt(R)) = power with scipy.optimize.brentq (xtol 1e-12).

Run with the system interpreter (scipy 1.10.1):  /usr/bin/python3 gen_gsdesign.py
"""
import math

import numpy as np
from scipy.optimize import brentq
from scipy.stats import multivariate_normal, norm

from gen_sequential import GENZ, boundaries, covariance


def power(t, c, theta):
    mean = theta * np.sqrt(np.asarray(t, dtype=float))
    if len(t) == 1:
        return norm.sf(c[0] - mean[0])
    return 1.0 - multivariate_normal.cdf(c, mean=mean, cov=covariance(t), **GENZ)


def inflation(k, alpha, target, spending):
    t = [i / k for i in range(1, k + 1)]
    c, _ = boundaries(t, alpha, spending, 1)
    fixed = norm.isf(alpha) + norm.isf(1.0 - target)
    return brentq(lambda r: power(t, c, fixed * math.sqrt(r)) - target, 1.0, 3.0, xtol=1e-12)


if __name__ == "__main__":
    for spending in ("obf", "pocock"):
        for k in (2, 3, 4):
            for alpha, target in ((0.025, 0.9), (0.025, math.sqrt(0.8))):
                print(f"{spending} K={k} alpha={alpha} power={target!r}: R = {inflation(k, alpha, target, spending)!r}")
