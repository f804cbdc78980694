// Compiled with only rampart_stats' exported include directory (tests/layering/CMakeLists.txt):
// a layer's own headers keep their "<layer>/<file>.h" spelling.
#include "stats/ttest.h"

int main()
{
    return 0;
}
