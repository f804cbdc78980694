#pragma once

// Internal to core/rollout: the state of one GateEngine::evaluate call, shared by the gate
// checks in gateengine.cpp, guardrails.cpp, businessgates.cpp and significance.cpp.

#include "decision.h"
#include "evidence.h"
#include "plan.h"
#include "rolloutstate.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rampart::rollout::detail {

std::string num(double value, int precision = 4);
std::string count(std::int64_t value);
std::string hours(Duration d);

struct Evaluation
{
    const Plan &plan;
    const RolloutState &state;
    const Evidence &evidence;
    TimePoint now;
    std::size_t stageIndex;
    const StageSpec &stage;
    Decision &decision;
    std::vector<Reason> rollbacks;
    std::vector<Reason> holds;
    bool ready = true;       ///< dwell and sample requirements met: a sequential look may be taken
    bool trustworthy = true; ///< the data may be looked at (SRM, telemetry, timestamps, guardrail sample)
    std::vector<std::string> untrustworthy; ///< why not, for the look_skipped reason

    void row(std::string gate, std::string label, GateStatus status, std::string detail,
             std::optional<double> observed = std::nullopt, std::optional<double> threshold = std::nullopt,
             ReasonArgs args = {})
    {
        decision.gates.push_back({std::move(gate), std::move(label), status, std::move(detail), observed, threshold,
                                  status == GateStatus::Pass ? rowcode::Pass : "", std::move(args)});
    }
    void hold(const char *code, std::string gate, std::string message, std::optional<double> observed = std::nullopt,
              std::optional<double> threshold = std::nullopt, ReasonArgs args = {})
    {
        tagRow(code, gate, args);
        holds.push_back({code, std::move(gate), std::move(message), observed, threshold, std::move(args)});
    }
    void rollback(const char *code, std::string gate, std::string message,
                  std::optional<double> observed = std::nullopt, std::optional<double> threshold = std::nullopt,
                  ReasonArgs args = {})
    {
        tagRow(code, gate, args);
        rollbacks.push_back({code, std::move(gate), std::move(message), observed, threshold, std::move(args)});
    }
    void distrust(std::string why)
    {
        trustworthy = false;
        untrustworthy.push_back(std::move(why));
    }

private:
    // The gate's latest row without a code takes the code and arguments of its reason.
    void tagRow(const char *code, const std::string &gate, const ReasonArgs &args)
    {
        for (auto it = decision.gates.rbegin(); it != decision.gates.rend(); ++it) {
            if (it->gate != gate)
                continue;
            if (it->code.empty()) {
                it->code = code;
                if (it->args.empty())
                    it->args = args;
            }
            return;
        }
    }
};

/// Standard typed arguments of a reason: observed / threshold with their unit.
ReasonArgs observedArgs(std::optional<double> observed, std::optional<double> threshold, const std::string &unit);

/// Guardrail metrics: always-valid tests of degradation (rollback) with missing, too small
/// and degenerate data as holds.
void checkGuardrails(Evaluation &ev);
/// Business gates with intervals and minimum samples.
void checkBusinessGates(Evaluation &ev, const std::vector<BusinessGate> &gates);
/// The sample requirement for this stage's split and the observed sample (hold if short).
void checkSample(Evaluation &ev);
/// Primary metrics at the current sequential look (hold if not significant where required).
void checkSignificance(Evaluation &ev);

} // namespace rampart::rollout::detail
