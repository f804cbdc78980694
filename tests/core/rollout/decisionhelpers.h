#pragma once

// Lookups on a Decision shared by the rule tests (guardrails, significance, business gates).

#include "rollout/decision.h"

#include <algorithm>
#include <string>

namespace rampart::rollout::testing {

inline const Reason *findReason(const Decision &d, const std::string &code)
{
    for (const Reason &r : d.reasons)
        if (r.code == code)
            return &r;
    return nullptr;
}

inline const GateRow *findGate(const Decision &d, const std::string &gate)
{
    for (const GateRow &g : d.gates)
        if (g.gate == gate)
            return &g;
    return nullptr;
}

inline std::string describeReasons(const Decision &d)
{
    std::string s;
    for (const Reason &r : d.reasons)
        s += r.code + ": " + r.message + "\n";
    return s;
}

inline const ReasonArg *findArg(const ReasonArgs &args, const std::string &name)
{
    for (const ReasonArg &a : args)
        if (a.name == name)
            return &a;
    return nullptr;
}

} // namespace rampart::rollout::testing
