#include "stagetimelinemodel.h"

#include "threadcheck.h"
#include "wording.h"

#include <algorithm>
#include <cmath>

namespace rampart::models {

namespace {

bool samePercentage(double a, double b)
{
    return std::fabs(a - b) < 1e-9;
}

} // namespace

StageTimelineModel::StageTimelineModel(QObject *parent) : QAbstractTableModel(parent) {}

void StageTimelineModel::setData(const TimelineSnapshot &s)
{
    assertOwnerThread(this, "StageTimelineModel::setData");
    using rollout::RolloutStatus;
    std::vector<Row> rows;
    const std::size_t stageCount = s.plan.stages.size();
    const bool rolledBackToZero = s.state.status == RolloutStatus::RolledBack && !s.state.stage;
    for (std::size_t i = 0; i <= stageCount; ++i) {
        Row row;
        if (i < stageCount) {
            const rollout::StageSpec &stage = s.plan.stages[i];
            row.name = QString::fromStdString(stage.name);
            row.percentage = stage.percentage;
            row.dwell = stage.minimumDwell;
        } else {
            row.name = tr("stability");
            row.percentage = 100.0;
            row.dwell = s.plan.finalAssessment.stabilityPeriod;
        }
        for (const rollout::TransitionEvent &e : s.history) {
            if (i < stageCount && samePercentage(e.toPercentage, row.percentage) && e.toStatus == RolloutStatus::Running
                && !samePercentage(e.fromPercentage, row.percentage))
                row.started = e.at;
            if (i < stageCount && samePercentage(e.fromPercentage, row.percentage)) {
                row.holds += e.toStatus == RolloutStatus::Holding ? 1 : 0;
                row.rollbacks += e.toStatus == RolloutStatus::RolledBack ? 1 : 0;
            }
            if (i < stageCount
                && (samePercentage(e.fromPercentage, row.percentage) || samePercentage(e.toPercentage, row.percentage)))
                row.events.push_back({e.at, transitionText(e, row.percentage)});
        }
        for (const rollout::SignOff &so : s.signOffs) {
            if (i >= stageCount || !samePercentage(so.fromPercentage, row.percentage))
                continue;
            row.signOffs += so.approve ? 1 : 0;
            row.events.push_back({so.at, signOffText(so)});
        }
        std::stable_sort(row.events.begin(), row.events.end(), [](const Event &a, const Event &b) { return a.at < b.at; });
        rows.push_back(row);
    }

    // States, then ends: actual for stages left, projected from the current one onwards.
    const bool started = s.state.status != RolloutStatus::Pending && !rolledBackToZero;
    const std::size_t current = s.state.stage.value_or(0);
    const bool completed = s.state.status == RolloutStatus::Completed;
    // After a rollback the state's stage is the one traffic went back to; the stage rolled
    // back is the one the last rollback event left (StageStripMarksTheStageRolledBackFrom).
    std::optional<std::size_t> rolledBackFrom;
    if (s.state.status == RolloutStatus::RolledBack && !rolledBackToZero) {
        for (auto e = s.history.rbegin(); e != s.history.rend() && !rolledBackFrom; ++e) {
            if (e->toStatus != RolloutStatus::RolledBack)
                continue;
            for (std::size_t i = 0; i < stageCount; ++i) {
                if (samePercentage(e->fromPercentage, rows[i].percentage))
                    rolledBackFrom = i;
            }
        }
    }
    for (std::size_t i = 0; i < rows.size(); ++i) {
        Row &row = rows[i];
        if (rolledBackToZero) {
            row.state = row.rollbacks > 0 ? StageState::RolledBack : StageState::Upcoming;
        } else if (rolledBackFrom) {
            row.state = i < *rolledBackFrom ? StageState::Done
                : i == *rolledBackFrom      ? StageState::RolledBack
                                            : StageState::Upcoming;
        } else if (!started) {
            row.state = StageState::Upcoming;
        } else if (completed || i < current) {
            row.state = StageState::Done;
        } else if (i == current) {
            row.state = s.state.status == RolloutStatus::RolledBack ? StageState::RolledBack : StageState::Current;
            row.started = s.state.stageStartedAt;
        } else {
            row.state = StageState::Upcoming;
        }
        if (i > 0 && rows[i - 1].state == StageState::Done && row.started)
            rows[i - 1].end = row.started;
    }
    m_completion.reset();
    if (started && !completed && !rolledBackFrom) {
        std::optional<rollout::TimePoint> previousEnd;
        for (std::size_t i = current; i < rows.size(); ++i) {
            Row &row = rows[i];
            if (i == current) {
                const rollout::TimePoint dwellEnd = s.state.stageStartedAt + row.dwell;
                const rollout::TimePoint sampleEnd = s.now + s.sampleWait.value_or(rollout::Duration{0});
                row.end = std::max({dwellEnd, sampleEnd, s.now});
                const double needed = static_cast<double>(row.dwell.count());
                const double dwelt = static_cast<double>((s.now - s.state.stageStartedAt).count());
                row.progress = needed > 0 ? std::clamp(dwelt / needed, 0.0, 1.0) : 1.0;
            } else if (previousEnd) {
                row.end = *previousEnd + row.dwell;
            }
            row.endProjected = true;
            previousEnd = row.end;
        }
        m_completion = previousEnd;
    }
    for (Row &row : rows) {
        if (row.state == StageState::Done)
            row.progress = 1.0;
    }

    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

QString StageTimelineModel::stateName(StageState state)
{
    switch (state) {
    case StageState::Done: return tr("Done");
    case StageState::Current: return tr("Current");
    case StageState::Upcoming: return tr("Upcoming");
    case StageState::RolledBack: return tr("Rolled back");
    }
    return {};
}

QString StageTimelineModel::transitionText(const rollout::TransitionEvent &e, double stagePercentage)
{
    using rollout::RolloutStatus;
    const QString actor = QString::fromStdString(e.actor);
    const bool entered = samePercentage(e.toPercentage, stagePercentage) && !samePercentage(e.fromPercentage, stagePercentage);
    QString text;
    if (entered && e.fromStatus == RolloutStatus::Pending)
        text = tr("started by %1").arg(actor);
    else if (entered && e.fromStatus == RolloutStatus::RolledBack)
        text = tr("resumed here by %1").arg(actor);
    else if (entered && e.fromPercentage < e.toPercentage)
        text = tr("entered from %1 by %2").arg(Wording::percent(e.fromPercentage), actor);
    else if (entered)
        text = tr("rolled back here from %1 by %2").arg(Wording::percent(e.fromPercentage), actor);
    else if (e.toStatus == RolloutStatus::RolledBack)
        text = tr("rolled back to %1 by %2").arg(Wording::percent(e.toPercentage), actor);
    else if (e.toStatus == RolloutStatus::Holding)
        text = tr("held by %1").arg(actor);
    else if (e.toStatus == RolloutStatus::AwaitingSignOff)
        text = tr("awaiting sign-off (%1)").arg(actor);
    else if (e.toStatus == RolloutStatus::Completed)
        text = tr("completed by %1").arg(actor);
    else if (e.toPercentage > e.fromPercentage)
        text = tr("advanced to %1 by %2").arg(Wording::percent(e.toPercentage), actor);
    else
        text = tr("%1 again, by %2").arg(Wording::rolloutStatus(e.toStatus), actor);
    if (e.override)
        text += tr(" (override)");
    if (!e.reason.empty())
        text += QStringLiteral(": ") + QString::fromStdString(e.reason);
    return text;
}

QString StageTimelineModel::signOffText(const rollout::SignOff &so)
{
    const QString who = QString::fromStdString(so.approver);
    const QString role = QString::fromStdString(so.role);
    QString text = so.override ? tr("override signed by %1 (%2)").arg(who, role)
                   : so.approve ? tr("signed off by %1 (%2)").arg(who, role)
                                : tr("rejected by %1 (%2)").arg(who, role);
    if (!so.comment.empty())
        text += QStringLiteral(": ") + QString::fromStdString(so.comment);
    return text;
}

int StageTimelineModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int StageTimelineModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StageTimelineModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case StateRole: return static_cast<int>(row.state);
    case ProgressRole: return row.progress;
    case PercentageRole: return row.percentage;
    case HoldsRole: return row.holds;
    case RollbacksRole: return row.rollbacks;
    case SignOffsRole: return row.signOffs;
    case NameRole: return row.name;
    case DwellHoursRole: return static_cast<double>(row.dwell.count()) / 3600.0;
    case EventsRole: {
        QStringList lines;
        for (const Event &e : row.events)
            lines << tr("%1 — %2").arg(Wording::dateTime(e.at), e.text);
        return lines;
    }
    case Qt::ToolTipRole: {
        if (index.column() != EventsColumn || row.events.empty())
            return {};
        QStringList lines;
        for (const Event &e : row.events)
            lines << tr("%1 — %2").arg(Wording::dateTime(e.at), e.text);
        return lines.join(QLatin1Char('\n'));
    }
    case Qt::DisplayRole: break;
    default: return {};
    }
    switch (index.column()) {
    case StageColumn:
        return index.row() + 1 == rowCount() ? tr("Stability at 100%") : tr("%1 (%2)").arg(row.name, Wording::percent(row.percentage));
    case DwellColumn: return Wording::duration(row.dwell);
    case StateColumn:
        return row.state == StageState::Current
            ? tr("%1, %2% of dwell").arg(stateName(row.state), QLocale().toString(std::round(row.progress * 100.0), 'f', 0))
            : stateName(row.state);
    case StartedColumn: return row.started ? Wording::dateTime(*row.started) : QStringLiteral("—");
    case EventsColumn:
        return tr("%n hold(s)", nullptr, row.holds) + QStringLiteral(", ") + tr("%n rollback(s)", nullptr, row.rollbacks)
            + QStringLiteral(", ") + tr("%n sign-off(s)", nullptr, row.signOffs);
    case EndColumn:
        if (!row.end) return QStringLiteral("—");
        return row.endProjected ? tr("≈ %1").arg(Wording::dateTime(*row.end)) : Wording::dateTime(*row.end);
    default: return {};
    }
}

QVariant StageTimelineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case StageColumn: return tr("Stage");
    case DwellColumn: return tr("Minimum dwell");
    case StateColumn: return tr("State");
    case StartedColumn: return tr("Started");
    case EventsColumn: return tr("Events");
    case EndColumn: return tr("Ends");
    default: return {};
    }
}

} // namespace rampart::models
