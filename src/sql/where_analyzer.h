// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/result.h"
#include "model/schema.h"
#include "record/generic_row.h"
#include "sql/ast.h"

namespace fluss::sql {

// How a SELECT / DELETE / UPDATE reaches its rows.
enum class AccessPath : uint8_t {
  kLookup,        // equality on every primary-key column: one Lookuper call
  kPrefixLookup,  // equality on the bucket key (a proper prefix of the physical primary
                  // key) and every partition key: a PrefixLookuper call
  kScan,          // anything else: read and filter
};

struct WhereAnalysis {
  AccessPath path = AccessPath::kScan;
  // kLookup: the primary-key columns in primary-key order. kPrefixLookup: the bucket-key
  // columns in bucket-key order, then the partition keys in partition-key order.
  std::vector<std::string> key_columns;
  // The values of key_columns, typed to their columns.
  GenericRow key;
  // The conjuncts the key does not cover, to apply to what the lookup returns; for
  // kScan, the whole predicate (empty without WHERE).
  std::vector<ExprPtr> residual;
};

// Splits `where` (may be null) into top-level AND conjuncts and finds `column =
// constant` (either side) among them. A lookup wins over a prefix lookup; a key column
// equated twice makes the statement a scan. Errors: kSqlErrorCode naming a column
// that is not in `schema`, or a key constant that does not fit its column.
Result<WhereAnalysis> analyze_where(const Expr* where, const Schema& schema,
                                    const std::vector<std::string>& partition_keys,
                                    const std::vector<std::string>& bucket_keys);

}  // namespace fluss::sql
