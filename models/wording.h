#pragma once

// The engine words its reasons and gate rows in English sentences for logs and the CLI. The
// console words them again from their codes and typed numbers, so they are translated and
// the numbers follow the user's locale. The engine's sentence stays available (tooltips,
// the evidence panel) as the authoritative record.

#include "rollout/decision.h"
#include "rollout/rolloutstate.h"

#include <QCoreApplication>
#include <QLocale>
#include <QString>

#include <optional>

namespace rampart::models {

class Wording
{
    Q_DECLARE_TR_FUNCTIONS(Wording)

public:
    static QString action(rollout::Action action);
    static QString gateStatus(rollout::GateStatus status);
    static QString rolloutStatus(rollout::RolloutStatus status);
    /// The gate's name: fixed engine gates translated, plan gates by their plan label.
    static QString gateLabel(const rollout::GateRow &row);
    /// The gate row's detail in the UI language, from its gate id, status and numbers.
    static QString gateDetail(const rollout::GateRow &row);
    /// The name of the gate a reason is about: the decision's row with the same gate id and,
    /// where rows share an id (a latency guardrail's mean and P95), the same statistic.
    static QString reasonGateLabel(const rollout::Reason &reason, const rollout::Decision &decision);
    /// A reason in the UI language, from its code and numbers (gateLabel names the gate).
    static QString reason(const rollout::Reason &reason, const QString &gateLabel);
    static QString metricRole(const std::string &role);
    /// What a saved-state problem (service::stateerrc code) means, in the UI language.
    static QString stateProblem(const std::string &code);
    /// A number in the current locale with up to `precision` significant digits; "—" if empty.
    static QString number(std::optional<double> value, int precision = 4);
    /// A p-value: scientific below 1e-4, else 4 significant digits.
    static QString pValue(std::optional<double> value);
    static QString percent(double value);
    static QString dateTime(rollout::TimePoint t);
    static QString duration(rollout::Duration d);
};

} // namespace rampart::models
