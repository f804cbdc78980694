#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace rampart::rollout {

/// Wall-clock instants at second resolution (UTC). Dwell times are whole hours, and audit
/// records are compared across machines, so sub-second precision would only add noise.
using TimePoint = std::chrono::sys_seconds;
using Duration = std::chrono::seconds;

/**
 * The source of "now" for everything that depends on time (dwell, staleness, sign-off
 * age). Injected so tests and the demo can run two weeks of rollout in seconds.
 */
class Clock
{
public:
    virtual ~Clock() = default;
    virtual TimePoint now() const = 0;
};

/// The real clock.
class SystemClock final : public Clock
{
public:
    TimePoint now() const override;
};

/// A clock that only moves when told to; optionally accelerated from a start instant.
class ManualClock final : public Clock
{
public:
    explicit ManualClock(TimePoint start) : m_now(start) {}
    TimePoint now() const override { return m_now; }
    void set(TimePoint t) { m_now = t; }
    void advance(Duration d) { m_now += d; }

private:
    TimePoint m_now;
};

/// A clock that only moves when told to, safe to read from other threads (the controller's
/// worker and rollback lane) while one thread moves it: the demo's and `demo play`'s clock.
class SteppedClock final : public Clock
{
public:
    explicit SteppedClock(TimePoint start) : m_seconds(start.time_since_epoch().count()) {}
    TimePoint now() const override { return TimePoint(Duration(m_seconds.load())); }
    void advance(Duration d) { m_seconds += d.count(); }

private:
    std::atomic<std::int64_t> m_seconds;
};

} // namespace rampart::rollout
