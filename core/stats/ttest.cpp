#include "ttest.h"
