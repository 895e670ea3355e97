// SPDX-License-Identifier: Apache-2.0
#pragma once

// LogFormat (table property `table.log.format`; fluss-wire.md §5.9) is defined with
// the other table options in model/table_config.h; the batch code names it through
// this header.
#include "model/table_config.h"
