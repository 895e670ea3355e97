// SPDX-License-Identifier: Apache-2.0
#include "common/gate.h"

#include "common/check.h"

namespace fluss {

Gate::Holder& Gate::Holder::operator=(Holder&& other) noexcept {
  if (this != &other) {
    release();
    gate_ = std::exchange(other.gate_, nullptr);
  }
  return *this;
}

void Gate::Holder::release() {
  if (gate_ != nullptr) std::exchange(gate_, nullptr)->leave();
}

Gate::~Gate() {
  std::lock_guard lock(mu_);
  FLUSS_CHECK(in_flight_ == 0, "Gate destroyed with {} holders", in_flight_);
}

std::optional<Gate::Holder> Gate::try_enter() {
  std::lock_guard lock(mu_);
  if (closed_) return std::nullopt;
  ++in_flight_;
  return Holder(this);
}

void Gate::leave() {
  std::shared_ptr<Channel<bool>> wake;
  {
    std::lock_guard lock(mu_);
    FLUSS_CHECK(in_flight_ > 0, "Gate left more often than entered");
    if (--in_flight_ == 0) wake = std::move(drained_);
  }
  if (wake) wake->try_send(asio::error_code(), true);
}

Task<> Gate::close() {
  auto drained = std::make_shared<Channel<bool>>(co_await asio::this_coro::executor, 1);
  {
    std::lock_guard lock(mu_);
    closed_ = true;
    if (in_flight_ == 0) co_return;
    drained_ = drained;
  }
  co_await drained->async_receive(asio::use_awaitable);
}

bool Gate::is_closed() const {
  std::lock_guard lock(mu_);
  return closed_;
}

int Gate::in_flight() const {
  std::lock_guard lock(mu_);
  return in_flight_;
}

}  // namespace fluss
