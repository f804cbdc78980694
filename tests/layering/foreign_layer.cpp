// Compiled with only rampart_stats' exported include directory (tests/layering/CMakeLists.txt):
// core/stats does not link core/rollout, so core/rollout's headers must not be found.
#include "rollout/plan.h"

int main()
{
    return 0;
}
