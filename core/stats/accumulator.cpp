#include "accumulator.h"

#include "ttest.h"

#include <algorithm>
#include <cmath>

namespace rampart::stats {

RunningSummary RunningSummary::fromMoments(std::int64_t n, double mean, double m2, double min, double max,
                                           std::int64_t successes)
{
    RunningSummary s;
    if (n <= 0)
        return s;
    s.m_n = n;
    s.m_mean = mean;
    s.m_m2 = std::max(0.0, m2);
    s.m_min = min;
    s.m_max = max;
    s.m_successes = successes;
    return s;
}

RunningSummary RunningSummary::fromSums(std::int64_t n, double sum, double sumOfSquares, double min,
                                        double max, std::int64_t successes)
{
    if (n <= 0)
        return RunningSummary{};
    const double count = static_cast<double>(n);
    // Σx² − (Σx)²/n cancels badly when the mean is large; a tiny negative result is rounding.
    const double m2 = std::max(0.0, sumOfSquares - sum * sum / count);
    return fromMoments(n, sum / count, m2, min, max, successes);
}

void RunningSummary::add(double x)
{
    ++m_n;
    const double delta = x - m_mean;
    m_mean += delta / static_cast<double>(m_n);
    m_m2 += delta * (x - m_mean);
    m_min = std::min(m_min, x);
    m_max = std::max(m_max, x);
}

void RunningSummary::addOutcome(bool success)
{
    add(success ? 1.0 : 0.0);
    if (success)
        ++m_successes;
}

void RunningSummary::merge(const RunningSummary &other)
{
    if (other.m_n == 0)
        return;
    if (m_n == 0) {
        *this = other;
        return;
    }
    const double na = static_cast<double>(m_n);
    const double nb = static_cast<double>(other.m_n);
    const double n = na + nb;
    const double delta = other.m_mean - m_mean;
    m_mean += delta * (nb / n);
    m_m2 += other.m_m2 + delta * delta * (na * nb / n);
    m_n += other.m_n;
    m_min = std::min(m_min, other.m_min);
    m_max = std::max(m_max, other.m_max);
    m_successes += other.m_successes;
}

double RunningSummary::variance() const
{
    if (m_n < 2)
        return 0.0;
    return m_m2 / static_cast<double>(m_n - 1);
}

double RunningSummary::standardDeviation() const
{
    return std::sqrt(variance());
}

SampleSummary RunningSummary::summary() const
{
    return SampleSummary{m_n, m_mean, standardDeviation()};
}

} // namespace rampart::stats
