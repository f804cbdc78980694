#include "cohorttrendmodel.h"

#include "threadcheck.h"

#include "stats/distributions.h"

#include <QDateTime>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace rampart::models {

namespace {

struct Interval
{
    double low, high;
};

/// estimate ± t(1 − α/2; df)·se; a zero standard error is a zero-width interval.
Interval tInterval(double estimate, double se, double df, double confidence)
{
    if (!(se > 0.0) || !(df > 0.0))
        return {estimate, estimate};
    const double t = stats::dist::studentTIsf((1.0 - confidence) / 2.0, df);
    return {estimate - t * se, estimate + t * se};
}

std::int64_t millisecondsOf(rollout::TimePoint at)
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
}

} // namespace

Result<TrendPoint> trendPoint(const rollout::MetricEvidence &metric, rollout::TimePoint at, double confidence)
{
    if (!(confidence > 0.0 && confidence < 1.0))
        return makeError(errc::InvalidArgument, "confidence", "The confidence level must lie strictly between 0 and 1.");
    const stats::RunningSummary &c = metric.control.summary;
    const stats::RunningSummary &t = metric.treatment.summary;
    if (c.count() < 2)
        return makeError(errc::InsufficientData, metric.metric + ".control",
                         "The deterministic cohort has fewer than 2 units: no interval yet.");
    if (t.count() < 2)
        return makeError(errc::InsufficientData, metric.metric + ".treatment",
                         "The ML cohort has fewer than 2 units: no interval yet.");
    const double nc = static_cast<double>(c.count());
    const double nt = static_cast<double>(t.count());
    const double vc = c.variance() / nc; // squared standard errors
    const double vt = t.variance() / nt;

    TrendPoint p;
    p.at = at;
    p.controlN = c.count();
    p.treatmentN = t.count();
    p.controlMean = c.mean();
    p.treatmentMean = t.mean();
    const Interval ci = tInterval(c.mean(), std::sqrt(vc), nc - 1.0, confidence);
    const Interval ti = tInterval(t.mean(), std::sqrt(vt), nt - 1.0, confidence);
    p.controlLow = ci.low;
    p.controlHigh = ci.high;
    p.treatmentLow = ti.low;
    p.treatmentHigh = ti.high;
    p.difference = t.mean() - c.mean();
    // Welch–Satterthwaite: ν = (v_t + v_c)² / (v_t²/(n_t − 1) + v_c²/(n_c − 1)).
    const double denominator = vt * vt / (nt - 1.0) + vc * vc / (nc - 1.0);
    const double df = denominator > 0.0 ? (vt + vc) * (vt + vc) / denominator : 0.0;
    const Interval di = tInterval(p.difference, std::sqrt(vt + vc), df, confidence);
    p.differenceLow = di.low;
    p.differenceHigh = di.high;
    return p;
}

CohortTrendModel::CohortTrendModel(QObject *parent) : QAbstractTableModel(parent) {}

const std::vector<TrendPoint> *CohortTrendModel::shown() const
{
    const auto it = m_points.find(m_metric);
    return it == m_points.end() ? nullptr : &it->second;
}

void CohortTrendModel::append(const rollout::Evidence &evidence, const rollout::Plan &plan, rollout::TimePoint at)
{
    assertOwnerThread(this, "CohortTrendModel::append");
    bool thinnedShown = false;
    std::optional<int> replacedShown;
    for (const rollout::MetricSpec &spec : plan.metrics) {
        const rollout::MetricEvidence *m = evidence.metric(spec.name);
        if (!m)
            continue;
        auto p = trendPoint(*m, at, m_confidence);
        if (!p)
            continue;
        if (std::find(m_order.begin(), m_order.end(), spec.name) == m_order.end())
            m_order.push_back(spec.name);
        std::vector<TrendPoint> &points = m_points[spec.name];
        const bool isShown = spec.name == m_metric;
        const bool tooClose = points.size() >= 2 && at - points[points.size() - 2].at <= m_minimumSpacing;
        if (!points.empty() && (points.back().at == at || (tooClose && at > points.back().at))) {
            points.back() = *p;
            if (isShown)
                replacedShown = static_cast<int>(points.size()) - 1;
            continue;
        }
        if (!points.empty() && at < points.back().at)
            continue; // delivered late: the series stays in time order
        if (isShown && static_cast<int>(points.size()) >= m_capacity) {
            beginResetModel();
            thin(points);
            points.push_back(*p);
            endResetModel();
            thinnedShown = true;
            continue;
        }
        if (static_cast<int>(points.size()) >= m_capacity)
            thin(points);
        if (isShown) {
            const int row = static_cast<int>(points.size());
            beginInsertRows({}, row, row);
            points.push_back(*p);
            endInsertRows();
        } else {
            points.push_back(*p);
        }
    }
    if (replacedShown && !thinnedShown)
        Q_EMIT dataChanged(index(*replacedShown, 0), index(*replacedShown, ColumnCount - 1));
    // Plan order (a metric may get its first point after a later one did).
    std::vector<std::string> ordered;
    for (const rollout::MetricSpec &spec : plan.metrics) {
        if (std::find(m_order.begin(), m_order.end(), spec.name) != m_order.end())
            ordered.push_back(spec.name);
    }
    for (const std::string &name : m_order) {
        if (std::find(ordered.begin(), ordered.end(), name) == ordered.end())
            ordered.push_back(name);
    }
    m_order = std::move(ordered);
}

void CohortTrendModel::thin(std::vector<TrendPoint> &points)
{
    // Keep the newest half as it is; of the older half keep every other point.
    const std::size_t half = points.size() / 2;
    std::vector<TrendPoint> kept;
    kept.reserve(points.size());
    for (std::size_t i = 0; i < half; i += 2)
        kept.push_back(points[i]);
    kept.insert(kept.end(), points.begin() + static_cast<std::ptrdiff_t>(half), points.end());
    points = std::move(kept);
}

void CohortTrendModel::clear()
{
    assertOwnerThread(this, "CohortTrendModel::clear");
    beginResetModel();
    m_points.clear();
    m_order.clear();
    endResetModel();
}

void CohortTrendModel::setMetric(const std::string &metric)
{
    assertOwnerThread(this, "CohortTrendModel::setMetric");
    beginResetModel();
    m_metric = metric;
    endResetModel();
}

std::vector<std::string> CohortTrendModel::metrics() const
{
    return m_order;
}

int CohortTrendModel::pointCount(const std::string &metric) const
{
    const auto it = m_points.find(metric);
    return it == m_points.end() ? 0 : static_cast<int>(it->second.size());
}

const TrendPoint *CohortTrendModel::point(int row) const
{
    const auto *points = shown();
    if (!points || row < 0 || row >= static_cast<int>(points->size()))
        return nullptr;
    return &(*points)[static_cast<std::size_t>(row)];
}

void CohortTrendModel::setCapacity(int capacity)
{
    m_capacity = std::max(capacity, 4);
}

std::pair<double, double> CohortTrendModel::range(std::initializer_list<Column> columns) const
{
    double lo = std::numeric_limits<double>::infinity();
    double hi = -lo;
    for (int r = 0; r < rowCount(); ++r) {
        for (Column c : columns) {
            const double v = data(index(r, c)).toDouble();
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
    }
    return lo <= hi ? std::make_pair(lo, hi) : std::make_pair(0.0, 0.0);
}

int CohortTrendModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    const auto *points = shown();
    return points ? static_cast<int>(points->size()) : 0;
}

int CohortTrendModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CohortTrendModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    const TrendPoint &p = *point(index.row());
    switch (index.column()) {
    case TimeColumn: return static_cast<double>(millisecondsOf(p.at));
    case ControlMeanColumn: return p.controlMean;
    case ControlLowColumn: return p.controlLow;
    case ControlHighColumn: return p.controlHigh;
    case TreatmentMeanColumn: return p.treatmentMean;
    case TreatmentLowColumn: return p.treatmentLow;
    case TreatmentHighColumn: return p.treatmentHigh;
    case DifferenceColumn: return p.difference;
    case DifferenceLowColumn: return p.differenceLow;
    case DifferenceHighColumn: return p.differenceHigh;
    case ZeroColumn: return 0.0;
    default: return {};
    }
}

QVariant CohortTrendModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn: return tr("Time");
    case ControlMeanColumn: return tr("Deterministic");
    case ControlLowColumn: return tr("Deterministic, CI low");
    case ControlHighColumn: return tr("Deterministic, CI high");
    case TreatmentMeanColumn: return tr("ML");
    case TreatmentLowColumn: return tr("ML, CI low");
    case TreatmentHighColumn: return tr("ML, CI high");
    case DifferenceColumn: return tr("Difference");
    case DifferenceLowColumn: return tr("Difference, CI low");
    case DifferenceHighColumn: return tr("Difference, CI high");
    case ZeroColumn: return tr("No difference");
    default: return {};
    }
}

} // namespace rampart::models
