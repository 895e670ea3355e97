// SPDX-License-Identifier: Apache-2.0
#include "record/arrow/arrow_ipc_stream.h"

#include <gtest/gtest.h>

#include "record/arrow/arrow_batch.h"
#include "test_utils/status_matchers.h"

namespace fluss {
namespace {

using test::StatusIs;

}  // namespace
}  // namespace fluss
