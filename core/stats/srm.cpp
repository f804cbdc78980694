#include "srm.h"
