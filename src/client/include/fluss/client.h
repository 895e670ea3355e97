// SPDX-License-Identifier: Apache-2.0
// The fluss-cpp client API, Apache Fluss's official C++ client shape in namespace fluss::client.
// Include this one header. See src/client/README.md.
#pragma once

#include "fluss/admin.h"          // IWYU pragma: export
#include "fluss/configuration.h"  // IWYU pragma: export
#include "fluss/connection.h"     // IWYU pragma: export
#include "fluss/result.h"         // IWYU pragma: export
#include "fluss/row.h"            // IWYU pragma: export
#include "fluss/table.h"          // IWYU pragma: export
#include "fluss/types.h"          // IWYU pragma: export
