// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <memory>
#include <mutex>
#include <optional>

#include "common/asio.h"

namespace fluss {

// Counts in-flight work so that stop() can wait for it, and turns new work away
// once closing. Every service that spawns coroutines owns one; each spawned
// coroutine holds a Holder. Thread-safe.
class Gate {
 public:
  // Keeps the gate from draining while alive. Move-only.
  class Holder {
   public:
    Holder(Holder&& other) noexcept : gate_(std::exchange(other.gate_, nullptr)) {}
    Holder& operator=(Holder&& other) noexcept;
    Holder(const Holder&) = delete;
    Holder& operator=(const Holder&) = delete;
    ~Holder() { release(); }

   private:
    friend class Gate;
    explicit Holder(Gate* gate) : gate_(gate) {}
    void release();

    Gate* gate_;
  };

  Gate() = default;
  Gate(const Gate&) = delete;
  Gate& operator=(const Gate&) = delete;
  // The gate must be closed and drained (or never entered) when destroyed.
  ~Gate();

  // A holder, or nullopt once close() has been called.
  std::optional<Holder> try_enter();

  // Refuses new holders and completes when the last holder is gone. May be
  // called again (e.g. after a cancelled wait); every call waits for zero.
  Task<> close();

  bool is_closed() const;
  int in_flight() const;

 private:
  void leave();

  mutable std::mutex mu_;
  int in_flight_ = 0;                       // guarded by mu_
  bool closed_ = false;                     // guarded by mu_
  std::shared_ptr<Channel<bool>> drained_;  // guarded by mu_; set while close() waits
};

}  // namespace fluss
