#include "decision.h"

namespace rampart::rollout {

const char *actionName(Action action)
{
    switch (action) {
    case Action::Advance: return "advance";
    case Action::Hold: return "hold";
    case Action::Rollback: return "rollback";
    case Action::Complete: return "complete";
    }
    return "hold";
}

const char *gateStatusName(GateStatus status)
{
    switch (status) {
    case GateStatus::Pass: return "pass";
    case GateStatus::Fail: return "fail";
    case GateStatus::Pending: return "pending";
    }
    return "pending";
}

} // namespace rampart::rollout
