#include "distributions.h"

#include <boost/math/distributions/chi_squared.hpp>
#include <boost/math/distributions/non_central_t.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>

#include <cmath>
#include <limits>

namespace rampart::stats::dist {

namespace {

namespace bmp = boost::math::policies;
// Double precision internally; out-of-domain arguments yield NaN rather than throwing
// (callers validate first, so NaN here is a bug caught by the callers' checks).
using Policy = bmp::policy<bmp::promote_double<false>, bmp::domain_error<bmp::ignore_error>,
                           bmp::overflow_error<bmp::ignore_error>,
                           bmp::evaluation_error<bmp::ignore_error>>;

using Normal = boost::math::normal_distribution<double, Policy>;
using StudentT = boost::math::students_t_distribution<double, Policy>;
using ChiSquared = boost::math::chi_squared_distribution<double, Policy>;
using NonCentralT = boost::math::non_central_t_distribution<double, Policy>;

} // namespace

double normalCdf(double x)
{
    if (std::isinf(x))
        return x > 0 ? 1.0 : 0.0;
    return boost::math::cdf(Normal{}, x);
}

double normalSf(double x)
{
    if (std::isinf(x))
        return x > 0 ? 0.0 : 1.0;
    return boost::math::cdf(boost::math::complement(Normal{}, x));
}

double normalQuantile(double p)
{
    return boost::math::quantile(Normal{}, p);
}

double normalIsf(double p)
{
    return boost::math::quantile(boost::math::complement(Normal{}, p));
}

double studentTCdf(double t, double df)
{
    if (std::isinf(t))
        return t > 0 ? 1.0 : 0.0;
    return boost::math::cdf(StudentT{df}, t);
}

double studentTSf(double t, double df)
{
    if (std::isinf(t))
        return t > 0 ? 0.0 : 1.0;
    return boost::math::cdf(boost::math::complement(StudentT{df}, t));
}

double studentTIsf(double p, double df)
{
    return boost::math::quantile(boost::math::complement(StudentT{df}, p));
}

double chiSquaredSf(double x, double df)
{
    if (x <= 0.0)
        return 1.0;
    if (std::isinf(x))
        return 0.0;
    return boost::math::cdf(boost::math::complement(ChiSquared{df}, x));
}

double nonCentralTCdf(double t, double df, double nc)
{
    return boost::math::cdf(NonCentralT{df, nc}, t);
}

double nonCentralTSf(double t, double df, double nc)
{
    return boost::math::cdf(boost::math::complement(NonCentralT{df, nc}, t));
}

double pValueFromStatistic(double x, double df, int alternative)
{
    const bool normal = df <= 0.0;
    auto cdf = [&](double v) { return normal ? normalCdf(v) : studentTCdf(v, df); };
    auto sf = [&](double v) { return normal ? normalSf(v) : studentTSf(v, df); };
    switch (alternative) {
    case 1: return cdf(x);
    case 2: return sf(x);
    default: return std::min(1.0, 2.0 * sf(std::fabs(x)));
    }
}

} // namespace rampart::stats::dist
