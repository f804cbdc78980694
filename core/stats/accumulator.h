#pragma once

#include <cstdint>
#include <limits>

namespace rampart::stats {

struct SampleSummary;

/**
 * Mergeable running summary of one metric in one cohort: n, mean, M2 (sum of squared
 * deviations), min, max and a count of successes for binary outcomes.
 *
 * Adding uses Welford's update (Welford 1962); merging uses Chan, Golub & LeVeque's
 * pairwise formula (1979): for parts A and B with δ = mean_B − mean_A,
 *   n = n_A + n_B,  mean = mean_A + δ·n_B/n,  M2 = M2_A + M2_B + δ²·n_A·n_B/n.
 * Merging is exact in real arithmetic, so per-minute rollups combine into any window.
 */
class RunningSummary
{
public:
    RunningSummary() = default;

    /// Rebuilds a summary from stored moments (e.g. a database rollup row).
    static RunningSummary fromMoments(std::int64_t n, double mean, double m2, double min, double max,
                                      std::int64_t successes = 0);
    /// Rebuilds from raw power sums (n, Σx, Σx²); M2 = Σx² − (Σx)²/n, clamped at 0.
    static RunningSummary fromSums(std::int64_t n, double sum, double sumOfSquares, double min,
                                   double max, std::int64_t successes = 0);

    void add(double x);
    /// Adds a binary outcome: x = 1 for success, 0 otherwise.
    void addOutcome(bool success);
    void merge(const RunningSummary &other);

    std::int64_t count() const { return m_n; }
    double mean() const { return m_mean; }
    double m2() const { return m_m2; }
    /// Sample variance (n − 1 denominator); 0 when n < 2.
    double variance() const;
    double standardDeviation() const;
    double min() const { return m_min; }
    double max() const { return m_max; }
    std::int64_t successes() const { return m_successes; }
    double sum() const { return m_mean * static_cast<double>(m_n); }

    /// n, mean and sample standard deviation, ready for the t-tests.
    SampleSummary summary() const;

private:
    std::int64_t m_n = 0;
    double m_mean = 0.0;
    double m_m2 = 0.0;
    double m_min = std::numeric_limits<double>::infinity();
    double m_max = -std::numeric_limits<double>::infinity();
    std::int64_t m_successes = 0;
};

} // namespace rampart::stats
