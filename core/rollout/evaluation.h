#pragma once

// Internal to core/rollout: the state of one GateEngine::evaluate call, shared by the gate
// checks in gateengine.cpp and the sample / sequential-look checks in significance.cpp.

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
    bool ready = true; ///< dwell and sample requirements met: a sequential look may be taken

    void row(std::string gate, std::string label, GateStatus status, std::string detail,
             std::optional<double> observed = std::nullopt, std::optional<double> threshold = std::nullopt)
    {
        decision.gates.push_back({std::move(gate), std::move(label), status, std::move(detail), observed, threshold});
    }
    void hold(const char *code, std::string gate, std::string message, std::optional<double> observed = std::nullopt,
              std::optional<double> threshold = std::nullopt)
    {
        holds.push_back({code, std::move(gate), std::move(message), observed, threshold});
    }
    void rollback(const char *code, std::string gate, std::string message,
                  std::optional<double> observed = std::nullopt, std::optional<double> threshold = std::nullopt)
    {
        rollbacks.push_back({code, std::move(gate), std::move(message), observed, threshold});
    }
};

/// The sample requirement for this stage's split and the observed sample (hold if short).
void checkSample(Evaluation &ev);
/// Primary metrics at the current sequential look (hold if not significant where required).
void checkSignificance(Evaluation &ev);

} // namespace rampart::rollout::detail
