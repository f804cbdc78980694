#include "multipletesting.h"
