#include "rankpower.h"

#include "distributions.h"

#include <cmath>

namespace rampart::stats {

Result<RankSampleSize> mannWhitneySampleSize(double p, double alpha, double power, double share, Alternative alternative)
{
    if (!(p > 0.0 && p < 1.0) || p == 0.5)
        return makeError(errc::InvalidArgument, "probability", "probability must lie in (0, 1) and differ from 0.5.");
    if (!(alpha > 0.0 && alpha < 1.0))
        return makeError(errc::InvalidArgument, "alpha", "alpha must lie strictly between 0 and 1.");
    if (!(power > 0.0 && power < 1.0))
        return makeError(errc::InvalidArgument, "power", "power must lie strictly between 0 and 1.");
    if (!(share > 0.0 && share < 1.0))
        return makeError(errc::InvalidArgument, "treatment_share", "treatment_share must lie strictly between 0 and 1.");
    const double a = alternative == Alternative::TwoSided ? alpha / 2.0 : alpha;
    const double z = dist::normalIsf(a) + dist::normalIsf(1.0 - power);
    RankSampleSize r;
    r.total = z * z / (12.0 * share * (1.0 - share) * (p - 0.5) * (p - 0.5));
    r.treatment = static_cast<std::int64_t>(std::ceil(share * r.total - 1e-9));
    r.control = static_cast<std::int64_t>(std::ceil((1.0 - share) * r.total - 1e-9));
    return r;
}

double probabilityOfSuperiority(double d)
{
    return dist::normalCdf(d / std::sqrt(2.0));
}

} // namespace rampart::stats
