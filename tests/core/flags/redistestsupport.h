#pragma once

// Redis for the flag integration tests: the shared test server from scripts/test
// (RAMPART_TEST_REDIS_URL / RAMPART_TEST_REDIS_PASSWORD) and private redis-server processes
// a test can SIGKILL, SIGSTOP and restart.

#include <hiredis/hiredis.h>

#include <memory>
#include <optional>
#include <string>

namespace rampart::flags::testing {

struct RedisTarget
{
    std::string url;
    std::string password;
    std::string host;
    int port = 0;
};

/// The server scripts/test started, or nullopt when RAMPART_TEST_REDIS_URL is not set.
std::optional<RedisTarget> sharedTestRedis();

/// A flag name no other test process uses ("it-<what>-<pid>-<n>").
std::string uniqueFlagName(const std::string &what);

/// A TCP port on 127.0.0.1 that nothing listens on right now.
int freePort();

struct ContextDeleter
{
    void operator()(redisContext *c) const { redisFree(c); }
};
using RawContext = std::unique_ptr<redisContext, ContextDeleter>;

/// A plain hiredis connection (AUTH done), for SUBSCRIBE and checks behind the store's back.
RawContext connectRaw(const RedisTarget &target, int timeoutMs = 2000);
/// Runs a command (printf-style as redisCommand) and returns the reply as text ("" on error).
std::string rawCommand(redisContext *c, const char *format, const std::string &a = {}, const std::string &b = {});

/// A private redis-server (daemonized, --save '', its own temporary directory), stopped and
/// removed on destruction. durable = appendonly with fsync on every write, so what Redis
/// acknowledged survives a SIGKILL and a restart.
class RedisServer
{
public:
    explicit RedisServer(std::string password = {}, bool durable = false);
    ~RedisServer();
    RedisServer(const RedisServer &) = delete;
    RedisServer &operator=(const RedisServer &) = delete;

    /// Starts (or restarts, same port and directory) and waits until it answers PING.
    bool start();
    void signal(int sig); ///< e.g. SIGKILL, SIGSTOP, SIGCONT
    RedisTarget target() const;
    int pid() const { return m_pid; }

private:
    std::string m_password;
    bool m_durable;
    int m_port;
    std::string m_dir;
    int m_pid = -1;
};

} // namespace rampart::flags::testing
