#pragma once

// Always-valid tests (mixture sequential probability ratio tests): the evidence may be
// looked at after every observation, and the chance that the test ever rejects a true
// null stays at most alpha (Ville's inequality for a non-negative supermartingale).
// Used for guardrails, which are checked at every evaluation of a rollout.

#include "common.h"
#include "result.h"

#include <cstdint>
#include <span>

namespace rampart::stats {

struct AlwaysValidResult
{
    double likelihoodRatio = 1.0; ///< the mixture likelihood ratio Λ against the null
    double pValue = 1.0;          ///< min(1, 1/Λ); one-sided tests give 1 on the null side
    /// Rejects at level alpha: Λ ≥ 1/alpha (and, one-sided, the estimate on the tested side).
    bool rejects(double alpha) const { return pValue <= alpha; }
};

/**
 * Normal-mixture SPRT (Robbins 1970; Johari, Koomen, Pekelis & Walsh 2017, "Peeking at A/B
 * tests", the test behind Optimizely's always-valid p-values). For an asymptotically normal
 * estimate θ̂ with variance V, null θ0 and a N(θ0, τ²) mixing distribution over the effect,
 *   Λ = φ(θ̂; θ0, V + τ²) / φ(θ̂; θ0, V) = √(V/(V + τ²)) · exp(τ²(θ̂ − θ0)² / (2V(V + τ²))).
 * (scipy: norm.pdf(θ̂, θ0, √(V+τ²)) / norm.pdf(θ̂, θ0, √V).) TwoSided rejects on either side;
 * Greater / Less only when θ̂ lies on that side of θ0 (a subset of the two-sided event, so
 * still always valid).
 *
 * Errors (invalid_argument): non-finite estimate or null ["estimate"/"null"], variance not
 * finite and > 0 ["variance"], mixing variance not finite and > 0 ["mixing_variance"].
 */
Result<AlwaysValidResult> normalMixtureSprt(double estimate, double variance, double null, double mixingVariance,
                                            Alternative alternative = Alternative::TwoSided);

/// Events (e.g. errors) of one stratum with the stratum's treatment share of units.
struct EventStratum
{
    std::int64_t treatmentEvents = 0;
    std::int64_t controlEvents = 0;
    /// The share of the stratum's units (the exposure its events came from) on treatment, in (0, 1).
    double treatmentShare = 0.5;
};

/**
 * Exact conditional mixture SPRT for rare events, one-sided (treatment rate higher).
 * With a rate ratio r of treatment to control and a share π_s of stratum s's units on
 * treatment, each event of stratum s is a treatment event with probability
 * q_s(r) = rπ_s / (rπ_s + 1 − π_s) (the conditional binomial of the Poisson comparison given
 * the exposures; exact for a Bernoulli assignment at a constant share). Callers pass the
 * observed share n_t/(n_t + n_c) of the units the events came from, so a stratum whose units
 * were not all assigned at one split is still compared on its own exposure. Against H0: r ≤ r0,
 *   Λ = ∫₀^∞ Π_s [q_s(r0 e^u)/q_s(r0)]^{x_t,s} [(1 − q_s(r0 e^u))/(1 − q_s(r0))]^{x_c,s} h(u) du
 * with h the half-normal density of scale τ on the log rate ratio above r0. With a fixed
 * share per stratum Λ is a non-negative supermartingale under every r ≤ r0 (monotone
 * likelihood ratio), so rejecting when Λ ≥ 1/α is valid at any count and under continuous
 * monitoring; an observed share of a stable split differs from it only by the assignment's
 * sampling noise, O(1/√n) (the whole-rollout simulation checks the error rate). The
 * integral is taken by adaptive Gauss–Kronrod quadrature (scipy.integrate.quad agrees).
 *
 * Errors (invalid_argument): no strata ["strata"]; negative counts or a share outside
 * (0, 1) ["strata[i]"]; nullRateRatio not finite and > 0 ["null_rate_ratio"]; priorScale
 * not finite and > 0 ["prior_scale"]. Counts above 1e9 ["strata[i]"] keep the
 * computation bounded.
 */
Result<AlwaysValidResult> conditionalEventMixtureSprt(std::span<const EventStratum> strata, double nullRateRatio,
                                                      double priorScale);

} // namespace rampart::stats
