#include "config.h"
#include "cli/pipeline.h"
