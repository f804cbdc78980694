#include "contingency.h"
