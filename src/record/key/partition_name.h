// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <span>
#include <string>

#include "common/result.h"
#include "model/data_type.h"
#include "record/generic_row.h"

namespace fluss {

// The separator of values in a partition name (ResolvedPartitionSpec).
inline constexpr char kPartitionSpecSeparator = '$';

// The string form of a partition value (PartitionUtils.convertValueOfType;
// fluss-wire.md §8.6): strings as is, bytes as lowercase hex, integers in decimal,
// DATE yyyy-MM-dd, TIME HH-mm-ss_SSS, FLOAT/DOUBLE as Java's toString with '.'
// replaced by '_' (NaN, Inf, -Inf), TIMESTAMP(_LTZ) yyyy-MM-dd-HH-mm-ss_ plus the
// fraction of the second without trailing zeros (UTC for LTZ). A null or a type
// that cannot be a partition key (DECIMAL, ARRAY, ...) is
// PARTITION_SPEC_INVALID_EXCEPTION. The result is not validated as an identifier
// (that is the model's job).
Result<std::string> partition_value_to_string(const DataType& type, const Datum& value);

// The partition name of values already in string form, in partition-key order:
// joined with '$'.
std::string partition_name(std::span<const std::string> values);

// The partition name of `row`: its `partition_key_indexes` columns converted and
// joined.
Result<std::string> partition_name(const RowType& row_type,
                                   std::span<const int> partition_key_indexes,
                                   const GenericRow& row);

}  // namespace fluss
