#include "sequential.h"
