#pragma once

// Flag change notifications: SUBSCRIBE, on a connection of its own, to the channel the write
// script PUBLISHes every change on (rampart:flag:<name>:changes, docs/flag-format.md). A
// change made by any operator reaches every subscriber at once; polling is only the fallback
// while the subscription is down, and its health is a connection state.

#include "redisflagstore.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace rampart::flags {

enum class SubscriptionState {
    Connecting, ///< not subscribed yet (first attempt, or reconnecting after a failure)
    Subscribed, ///< SUBSCRIBE confirmed: changes arrive as they are published
    Down        ///< the last attempt failed; retrying every retryInterval (poll meanwhile)
};

const char *subscriptionStateName(SubscriptionState state);

struct FlagSubscriberOptions
{
    std::string url;      ///< as RedisFlagStoreOptions::url
    std::string password; ///< as RedisFlagStoreOptions::password
    std::chrono::milliseconds connectTimeout{1000};
    /// Wait between reconnection attempts while the subscription is down.
    std::chrono::milliseconds retryInterval{500};
};

/**
 * Subscribes to one flag's change channel on a dedicated hiredis connection, served by a
 * thread of its own (a subscribed connection can do nothing else, so it never shares the
 * FlagStore's connection or mutex). The thread waits on the socket with poll() in 100 ms
 * slices, so the destructor stops it within about 100 ms.
 *
 * `onChange` receives each published message's payload (the JSON of docs/flag-format.md)
 * and `onState` each state change with a sentence; both run on the subscriber's thread and
 * must not block for long.
 */
class FlagSubscriber
{
public:
    using Options = FlagSubscriberOptions;
    using ChangeHandler = std::function<void(const std::string &payload)>;
    using StateHandler = std::function<void(SubscriptionState state, const std::string &note)>;

    /// Checks the options (URL, flag name) and starts the thread.
    static Result<std::unique_ptr<FlagSubscriber>> start(Options options, const std::string &flag,
                                                         ChangeHandler onChange, StateHandler onState);
    ~FlagSubscriber();
    FlagSubscriber(const FlagSubscriber &) = delete;
    FlagSubscriber &operator=(const FlagSubscriber &) = delete;

    SubscriptionState state() const { return m_state.load(); }

private:
    struct Impl;
    explicit FlagSubscriber(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
    std::atomic<SubscriptionState> m_state{SubscriptionState::Connecting};
};

} // namespace rampart::flags
