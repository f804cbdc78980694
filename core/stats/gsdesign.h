#pragma once

// Planning a group-sequential design: the chance of crossing one-sided efficacy boundaries
// under a drift, and the maximum information a design needs for a target power.

#include "result.h"
#include "sequential.h"

#include <span>

namespace rampart::stats {

/**
 * P(Z_k ≥ c_k for some look k) for the canonical joint normal Z_k = S_k/√t_k, where S has
 * independent increments, S_t ~ N(θ·t, t) and θ = drift is E[Z] at t = 1 (Jennison &
 * Turnbull 2000, ch. 19 recursion). Computed on a uniform grid of the score scale
 * (trapezoid rule, 801 nodes per look); agrees with scipy.stats.multivariate_normal to
 * ~1e-5. Fractions strictly increasing in (0, 1], boundaries finite, same length.
 *
 * Errors (invalid_argument): empty or mismatched inputs ["information_fractions"],
 * a bad fraction ["information_fractions[i]"], a non-finite boundary ["boundaries[i]"],
 * a non-finite drift ["drift"].
 */
Result<double> sequentialCrossingProbability(std::span<const double> informationFractions,
                                             std::span<const double> boundaries, double drift);

/**
 * Inflation factor R of a one-sided group-sequential design with `looks` equally spaced
 * looks and Lan–DeMets `spending` of one-sided `alpha`: the maximum information is R times
 * the fixed-sample information (z_{1−α} + z_{1−β})²/δ², so that the design's power at δ is
 * `power` (Jennison & Turnbull 2000, §7.2; gsDesign's "inflation factor"). Solved by
 * bisection on [1, 3] to 1e-6.
 *
 * Errors (invalid_argument): looks outside 1..50 ["looks"], alpha outside (0, 0.5)
 * ["alpha"], power outside (alpha, 1) ["power"].
 */
Result<double> informationInflation(int looks, double alpha, double power, SpendingFunction spending);

} // namespace rampart::stats
