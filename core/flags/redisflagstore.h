#pragma once

// The Redis FlagStore (hiredis, synchronous, one connection behind a mutex). Wire format,
// write script and change messages: docs/flag-format.md.

#include "flagstore.h"

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace rampart::flags {

struct RedisFlagStoreOptions
{
    std::string url;      ///< redis://[user@]host:port/db; user → ACL "AUTH user password"
    std::string password; ///< never part of the URL; empty = no AUTH (unless a user is given)
    std::chrono::milliseconds connectTimeout{1000};
    /// Bound on every command round trip (SO_RCVTIMEO/SO_SNDTIMEO), and on the back-off
    /// sleep a call may spend before reconnecting.
    std::chrono::milliseconds commandTimeout{1000};
    /// Source of updated_at; the system clock when null.
    std::shared_ptr<const rollout::Clock> clock;
};

/// The parts of a redis://[user@]host:port/db URL.
struct RedisAddress
{
    std::string user; ///< empty: the default user
    std::string host;
    int port = 6379;
    int db = 0;

    /// "host:port", as error sentences name the server.
    std::string endpoint() const;
};

/// Parses redis://[user@]host[:port][/db]. A password in the URL is refused (it would leak
/// through `ps` and shell history); errors are errc::InvalidArgument on field "url".
Result<RedisAddress> parseRedisUrl(std::string_view url);

/**
 * A FlagStore on Redis. Every write is one Lua script (EVALSHA under the name SCRIPT LOAD
 * returned, loading it again on NOSCRIPT) that compares the version, sets the fields, bumps
 * the version and PUBLISHes the change; the result is then confirmed by HGETALL.
 *
 * Connection handling: connects lazily on the first call (AUTH, SELECT). A failed call drops
 * the connection; the next call reconnects after an exponential back-off (50 ms doubling,
 * capped at the command timeout, so a call never sleeps longer than that). Each call takes
 * at most back-off + connect timeout + a command timeout per round trip.
 * Thread-safe: calls are serialised on one connection. The back-off is slept with the mutex
 * released; only a round trip to Redis (bounded by the timeouts) holds it.
 */
class RedisFlagStore final : public FlagStore
{
public:
    using Options = RedisFlagStoreOptions;

    /// Checks the options (URL, timeouts > 0); does not connect.
    static Result<std::unique_ptr<RedisFlagStore>> create(Options options);
    ~RedisFlagStore() override;

    Result<FlagState> read(const std::string &flag) override;
    Result<FlagState> write(const std::string &flag, const FlagWrite &change) override;
    /// ZSCORE of the change id in rampart:flag:<name>:applied.
    Result<std::optional<std::int64_t>> appliedVersion(const std::string &flag, const std::string &changeId) override;
    /// Connects if needed and sends PING: the "test connection" button.
    Status ping();

    /// The hash of a flag: "rampart:flag:<name>".
    static std::string keyOf(std::string_view flag);
    /// Where writes of a flag are published: "rampart:flag:<name>:changes".
    static std::string channelOf(std::string_view flag);
    /// The sorted set of applied change ids: "rampart:flag:<name>:applied".
    static std::string appliedKeyOf(std::string_view flag);
    /// The write script (core/flags/flagwrite.lua). Its EVALSHA name comes from the server
    /// (SCRIPT LOAD), so no hash is computed here.
    static const char *writeScript();

private:
    struct Impl;
    explicit RedisFlagStore(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace rampart::flags
