#pragma once

// The recursive numerical integration of Armitage, McPherson & Rowe (1969) on the grid of
// Jennison & Turnbull, "Group Sequential Methods with Applications to Clinical Trials"
// (2000), ch. 19. Shared by the boundary solver (sequential.cpp, drift 0) and the design
// calculations (gsdesign.cpp, any drift). Internal to core/stats.
//
// The process is the score S_k = Z_k √I_k with independent increments,
// S_k − S_{k−1} ~ N(θ (I_k − I_{k−1}), I_k − I_{k−1}), where θ is the drift (E[Z] at I = 1).
// Each look's grid is centred on E[S_k] = θ I_k, as J&T lay it out for θ ≠ 0.

#include <vector>

namespace rampart::stats::detail {

/// The continuation density after a look, stored as Simpson weight × density at each node
/// of the score scale: all the next look's integrals need.
struct GridDensity
{
    std::vector<double> nodes;
    std::vector<double> weightedDensity;
};

/// The 6r − 1 standardised points of J&T (19.2): spacing 3/(2r) within ±3, log-spaced tails
/// to ±(3 + 4 ln r).
std::vector<double> gridBasePoints(int r);

/// One look of the process: information I_k, its increment over the previous look, the
/// drift θ and the continuation region (lowerZ, upperZ) on the Z scale (lowerZ may be −∞).
struct GridLook
{
    double info = 1.0;
    double increment = 1.0;
    double drift = 0.0;
    double lowerZ = 0.0;
    double upperZ = 0.0;
};

/// Density of S_1 ~ N(θ I_1, I_1) on look 1's continuation region.
GridDensity firstLookDensity(const std::vector<double> &base, const GridLook &look);

/// Density of S_k on look k's continuation region: the previous density convolved with the
/// N(θ ΔI, ΔI) increment (J&T 19.4).
GridDensity carryLookDensity(const GridDensity &previous, const std::vector<double> &base, const GridLook &look);

/// P(continue to look k − 1, then Z_k ≥ upper) from the previous continuation density
/// (J&T 19.5); with `lowerToo`, P(…, Z_k ≥ upper or Z_k ≤ −upper).
double lookExitProbability(const GridDensity &previous, double info, double increment, double drift, double upper,
                           bool lowerToo);

} // namespace rampart::stats::detail
