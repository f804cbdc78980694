#include "mannwhitney.h"
