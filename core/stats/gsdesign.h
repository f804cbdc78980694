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
 * Turnbull 2000, ch. 19 recursion). Computed on J&T's grid centred on the drift's mean
 * (6r − 1 points per look, r = 18, Simpson's rule; about 0.1 ms a look); changes by < 1e-9
 * when r is raised to 96 and agrees with scipy.stats.multivariate_normal (Genz) to its
 * ~1e-5 Monte-Carlo error. Fractions strictly increasing in (0, 1], boundaries finite, same
 * length.
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
 * `power` (Jennison & Turnbull 2000, §7.2; gsDesign's "inflation factor"). Solved by a
 * TOMS 748 root search on R ∈ [1, 3] (widened if needed) to ~1e-13 relative: a handful of
 * power evaluations, about 1 ms for four looks.
 *
 * Errors (invalid_argument): looks outside 1..50 ["looks"], alpha outside (0, 0.5)
 * ["alpha"], power outside (alpha, 1) ["power"].
 */
Result<double> informationInflation(int looks, double alpha, double power, SpendingFunction spending);

namespace detail {
/// sequentialCrossingProbability with J&T's grid parameter r exposed (r ≥ 2), so tests can
/// show the probability converges as the grid is refined.
Result<double> sequentialCrossingProbabilityWithGrid(std::span<const double> informationFractions,
                                                     std::span<const double> boundaries, double drift, int gridR);
} // namespace detail

} // namespace rampart::stats
