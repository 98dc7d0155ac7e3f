/* export: placeholder until the exporters land. */
#include "export/export.h"
