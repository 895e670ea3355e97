// SPDX-License-Identifier: Apache-2.0
// The source of fluss_test_pch, the precompiled gtest/gmock header of every test target.
