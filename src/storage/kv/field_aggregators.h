// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <string_view>

#include "common/result.h"
#include "model/data_type.h"
#include "model/schema.h"
#include "record/generic_row.h"

namespace fluss::storage {

// One column's aggregate function of the aggregation merge engine (Fluss's
// FieldAggregator): folds the incoming value into the stored one. Either may
// be null; every function except last_value, first_value and their
// ignore-nulls variants returns the non-null side when one side is null.
// Stateless between calls; not thread-safe (rbm scratch space).
class FieldAggregator {
 public:
  virtual ~FieldAggregator() = default;

  // The new stored value. CORRUPT_MESSAGE for an rbm32/rbm64 value that is
  // not a Roaring bitmap.
  virtual Result<Datum> agg(Datum accumulator, Datum input) = 0;
};

// The aggregator of `function` for a column of `type` named `column`.
// INVALID_CONFIG_EXCEPTION naming the column when the type is not one the
// function accepts (AggFunction::validate_data_type) or a parameter is bad.
Result<std::unique_ptr<FieldAggregator>> create_field_aggregator(const AggFunction& function,
                                                                 const DataType& type,
                                                                 std::string_view column);

// The function of a column with no explicit one: last_value for primary-key
// columns, else the column's agg_function or last_value_ignore_nulls.
AggFunction effective_agg_function(const Column& column, bool is_primary_key);

// Java's compare of two non-null values of a max/min column (-1, 0, 1):
// numbers, strings by UTF-8 bytes, dates, times and timestamps; floats as
// Float.compare (-0.0 < 0.0, NaN largest).
int compare_datums(const Datum& a, const Datum& b);

}  // namespace fluss::storage
