#include "gatetablemodel.h"

#include "threadcheck.h"
#include "wording.h"

#include <QColor>

namespace rampart::models {

namespace {

constexpr quintptr TopLevel = 0;

QString qs(const std::string &s)
{
    return QString::fromStdString(s);
}

QColor statusColor(rollout::GateStatus status)
{
    // Mid-tone colours that read on light and dark palettes alike.
    switch (status) {
    case rollout::GateStatus::Pass: return QColor(0x2e, 0x9d, 0x4f);
    case rollout::GateStatus::Fail: return QColor(0xd9, 0x3a, 0x3a);
    case rollout::GateStatus::Pending: return QColor(0xd8, 0x95, 0x1c);
    }
    return {};
}

QString statusSymbol(rollout::GateStatus status)
{
    switch (status) {
    case rollout::GateStatus::Pass: return QStringLiteral("✓ ");
    case rollout::GateStatus::Fail: return QStringLiteral("✗ ");
    case rollout::GateStatus::Pending: return QStringLiteral("… ");
    }
    return {};
}

} // namespace

GateTableModel::GateTableModel(QObject *parent) : QAbstractItemModel(parent) {}

void GateTableModel::setData(const rollout::Decision &decision, const rollout::Plan &plan)
{
    assertOwnerThread(this, "GateTableModel::setData");
    std::vector<Row> rows;
    rows.reserve(decision.gates.size());
    for (const rollout::GateRow &gate : decision.gates) {
        Row row;
        row.gate = gate;
        row.label = Wording::gateLabel(gate);
        row.detail = Wording::gateDetail(gate);
        // Rows sharing a gate id (a guardrail's mean and P95) take the reason about their own statistic.
        const auto statisticOf = [](const rollout::ReasonArgs &args) {
            for (const rollout::ReasonArg &a : args)
                if (a.name == "statistic")
                    return a.text;
            return std::string();
        };
        for (const rollout::Reason &reason : decision.reasons) {
            if (reason.gate == gate.gate && statisticOf(reason.args) == statisticOf(gate.args)) {
                row.reason = Wording::reason(reason, row.label);
                break;
            }
        }
        row.evidence = evidenceFor(gate, decision, plan);
        rows.push_back(std::move(row));
    }
    beginResetModel();
    m_rows = std::move(rows);
    m_hasDecision = true;
    endResetModel();
}

void GateTableModel::clear()
{
    assertOwnerThread(this, "GateTableModel::clear");
    beginResetModel();
    m_rows.clear();
    m_hasDecision = false;
    endResetModel();
}

int GateTableModel::openGateCount() const
{
    int open = 0;
    for (const Row &row : m_rows)
        open += row.gate.status != rollout::GateStatus::Pass ? 1 : 0;
    return open;
}

std::vector<GateTableModel::EvidenceLine> GateTableModel::evidenceFor(const rollout::GateRow &gate,
                                                                      const rollout::Decision &decision,
                                                                      const rollout::Plan &plan)
{
    std::vector<EvidenceLine> lines;
    lines.push_back({tr("Engine's record"), qs(gate.detail)});
    if (gate.observed)
        lines.push_back({tr("Observed"), Wording::number(gate.observed, 8)});
    if (gate.threshold)
        lines.push_back({tr("Threshold"), Wording::number(gate.threshold, 8)});
    for (const rollout::ServiceGate &service : plan.serviceGates) {
        if (service.name == gate.gate) {
            lines.push_back({tr("Query"), service.query.empty() ? tr("(telemetry default for %1)").arg(qs(service.name))
                                                                : qs(service.query)});
        }
    }
    std::string metric;
    if (gate.gate.rfind("metric:", 0) == 0)
        metric = gate.gate.substr(7);
    else if (gate.gate.rfind("business:", 0) == 0)
        metric = gate.gate.substr(9);
    for (const rollout::MetricAnalysis &a : decision.metrics) {
        const bool primary = gate.gate == "significance" && a.role == "primary";
        if (a.metric != metric && !primary)
            continue;
        const QString prefix = primary ? qs(a.metric) + QStringLiteral(": ") : QString();
        lines.push_back({prefix + tr("Test"), qs(a.test)});
        lines.push_back({prefix + tr("Control mean"), Wording::number(a.controlMean, 6)});
        lines.push_back({prefix + tr("ML mean"), Wording::number(a.treatmentMean, 6)});
        if (a.relativeChange)
            lines.push_back({prefix + tr("Relative change"), Wording::percent(*a.relativeChange * 100.0)});
        lines.push_back({prefix + tr("p-value (one-sided)"), Wording::pValue(a.pValue)});
        if (a.adjustedPValue)
            lines.push_back({prefix + tr("Holm-adjusted p-value"), Wording::pValue(a.adjustedPValue)});
        if (!a.statistic.empty())
            lines.push_back({prefix + tr("Statistic compared"), qs(a.statistic)});
        if (a.z)
            lines.push_back({prefix + tr("Test statistic z"), Wording::number(a.z, 5)});
        if (a.nonInferiorityP)
            lines.push_back({prefix + tr("Always-valid p (within the margin)"), Wording::pValue(a.nonInferiorityP)});
        if (a.information)
            lines.push_back({prefix + tr("Information (Σ n_t·n_c/(n_t + n_c))"), Wording::number(a.information, 6)});
        if (a.strata > 0)
            lines.push_back({prefix + tr("Stages analysed"), QString::number(a.strata)});
    }
    if (gate.gate == "significance" && decision.look) {
        const rollout::Look &look = *decision.look;
        lines.push_back({tr("Sequential look"), QString::number(look.index)});
        lines.push_back({tr("Information fraction"), Wording::number(look.informationFraction, 4)});
        lines.push_back({tr("Boundary |z|"), Wording::number(look.boundaryZ, 4)});
        lines.push_back({tr("Nominal alpha"), Wording::pValue(look.nominalAlpha)});
    }
    if (gate.gate == "sample") {
        const rollout::SampleRequirement &s = decision.sample;
        lines.push_back({tr("ML units (have / need)"), QStringLiteral("%1 / %2").arg(s.treatment).arg(s.requiredTreatment)});
        lines.push_back({tr("Control units (have / need)"), QStringLiteral("%1 / %2").arg(s.control).arg(s.requiredControl)});
        lines.push_back({tr("Traffic (units per hour)"), Wording::number(s.unitsPerHour, 5)});
    }
    return lines;
}

QModelIndex GateTableModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, TopLevel);
    return createIndex(row, column, static_cast<quintptr>(parent.row()) + 1);
}

QModelIndex GateTableModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == TopLevel)
        return {};
    return createIndex(static_cast<int>(child.internalId() - 1), 0, TopLevel);
}

int GateTableModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return static_cast<int>(m_rows.size());
    if (parent.internalId() != TopLevel || parent.column() != 0)
        return 0;
    return static_cast<int>(m_rows[static_cast<std::size_t>(parent.row())].evidence.size());
}

int GateTableModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant GateTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (index.internalId() != TopLevel) {
        const Row &row = m_rows[index.internalId() - 1];
        const EvidenceLine &line = row.evidence[static_cast<std::size_t>(index.row())];
        if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
            if (index.column() == StatusColumn)
                return line.key;
            if (index.column() == GateColumn)
                return line.value;
        }
        return {};
    }
    const Row &row = m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case StatusColumn: return statusSymbol(row.gate.status) + Wording::gateStatus(row.gate.status);
        case GateColumn: return row.label;
        case ObservedColumn: {
            // Guardrails and the sample-ratio check observe a p-value: show it as one.
            const bool pValue = row.gate.gate == "srm" || row.gate.gate.rfind("metric:", 0) == 0;
            return pValue ? Wording::pValue(row.gate.observed) : Wording::number(row.gate.observed);
        }
        case ThresholdColumn: return Wording::number(row.gate.threshold);
        case ReasonColumn: return row.reason.isEmpty() ? row.detail : row.reason;
        default: return {};
        }
    case Qt::ToolTipRole:
        return qs(row.gate.detail);
    case Qt::DecorationRole:
        return index.column() == StatusColumn ? QVariant(statusColor(row.gate.status)) : QVariant();
    case Qt::AccessibleTextRole:
        return index.column() == StatusColumn ? Wording::gateStatus(row.gate.status) + QStringLiteral(": ") + row.label
                                              : QVariant();
    case StatusRole:
        return static_cast<int>(row.gate.status);
    case GateIdRole:
        return qs(row.gate.gate);
    default:
        return {};
    }
}

QVariant GateTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case StatusColumn: return tr("Status");
    case GateColumn: return tr("Gate");
    case ObservedColumn: return tr("Observed");
    case ThresholdColumn: return tr("Threshold");
    case ReasonColumn: return tr("Reason");
    default: return {};
    }
}

} // namespace rampart::models
