#include "clock.h"

namespace rampart::rollout {

TimePoint SystemClock::now() const
{
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

} // namespace rampart::rollout
