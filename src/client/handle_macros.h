// SPDX-License-Identifier: Apache-2.0
#pragma once

// The special members of a public move-only handle (fluss::client::T holding a
// std::unique_ptr<detail::TImpl>), defined where the Impl type is complete.
#define FLUSS_CLIENT_HANDLE(T)  \
  T::T() = default;             \
  T::~T() = default;            \
  T::T(T&&) noexcept = default; \
  T& T::operator=(T&&) noexcept = default;
