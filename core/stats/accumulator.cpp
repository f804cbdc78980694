#include "accumulator.h"
