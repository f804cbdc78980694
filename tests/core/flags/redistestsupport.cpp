#include "redistestsupport.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

namespace rampart::flags::testing {

namespace {

std::string env(const char *name)
{
    const char *value = std::getenv(name);
    return value ? value : "";
}

/// Splits redis://host:port/db into host and port (enough for the test URLs).
void hostAndPort(RedisTarget &t)
{
    const std::string rest = t.url.substr(t.url.find("://") + 3);
    const std::string authority = rest.substr(rest.find('@') == std::string::npos ? 0 : rest.find('@') + 1);
    const auto colon = authority.find(':');
    t.host = authority.substr(0, colon);
    t.port = std::atoi(authority.substr(colon + 1).c_str());
}

std::string shellQuote(const std::string &s)
{
    std::string q = "'";
    for (char c : s)
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

} // namespace

std::optional<RedisTarget> sharedTestRedis()
{
    RedisTarget t{env("RAMPART_TEST_REDIS_URL"), env("RAMPART_TEST_REDIS_PASSWORD"), {}, 0};
    if (t.url.empty())
        return std::nullopt;
    hostAndPort(t);
    return t;
}

std::string uniqueFlagName(const std::string &what)
{
    static std::atomic<int> counter{0};
    const auto now = std::chrono::steady_clock::now().time_since_epoch().count();
    return "it-" + what + "-" + std::to_string(::getpid()) + "-" + std::to_string(now % 1000000) + "-"
        + std::to_string(counter++);
}

int freePort()
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    ::bind(fd, reinterpret_cast<sockaddr *>(&address), sizeof address);
    socklen_t length = sizeof address;
    ::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length);
    ::close(fd);
    return ntohs(address.sin_port);
}

RawContext connectRaw(const RedisTarget &target, int timeoutMs)
{
    const timeval tv{timeoutMs / 1000, (timeoutMs % 1000) * 1000};
    RawContext c(redisConnectWithTimeout(target.host.c_str(), target.port, tv));
    if (!c || c->err)
        return nullptr;
    redisSetTimeout(c.get(), tv);
    if (!target.password.empty()) {
        auto *reply = static_cast<redisReply *>(redisCommand(c.get(), "AUTH %s", target.password.c_str()));
        const bool ok = reply && reply->type != REDIS_REPLY_ERROR;
        freeReplyObject(reply);
        if (!ok)
            return nullptr;
    }
    return c;
}

std::string rawCommand(redisContext *c, const char *format, const std::string &a, const std::string &b)
{
    auto *reply = static_cast<redisReply *>(redisCommand(c, format, a.c_str(), b.c_str()));
    if (!reply)
        return "";
    std::string text;
    if (reply->type == REDIS_REPLY_STRING || reply->type == REDIS_REPLY_STATUS)
        text.assign(reply->str, reply->len);
    else if (reply->type == REDIS_REPLY_INTEGER)
        text = std::to_string(reply->integer);
    freeReplyObject(reply);
    return text;
}

RedisServer::RedisServer(std::string password, bool durable)
    : m_password(std::move(password)), m_durable(durable), m_port(freePort())
{
    char pattern[] = "/tmp/rampart-flags-redis.XXXXXX";
    m_dir = ::mkdtemp(pattern) ? pattern : "/tmp";
}

RedisServer::~RedisServer()
{
    if (m_pid > 0) {
        ::kill(m_pid, SIGCONT);
        ::kill(m_pid, SIGKILL);
    }
    std::error_code ignored;
    if (m_dir != "/tmp")
        std::filesystem::remove_all(m_dir, ignored);
}

bool RedisServer::start()
{
    const std::string pidfile = m_dir + "/redis.pid";
    std::filesystem::remove(pidfile);
    std::string command = "redis-server --port " + std::to_string(m_port)
        + " --bind 127.0.0.1 --save '' --daemonize yes --dir " + shellQuote(m_dir) + " --pidfile "
        + shellQuote(pidfile) + " --logfile " + shellQuote(m_dir + "/redis.log");
    command += m_durable ? " --appendonly yes --appendfsync always" : " --appendonly no";
    if (!m_password.empty())
        command += " --requirepass " + shellQuote(m_password);
    if (std::system(command.c_str()) != 0)
        return false;
    const RedisTarget t = target();
    for (int i = 0; i < 100; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        std::ifstream in(pidfile);
        if (!(in >> m_pid))
            continue;
        RawContext c = connectRaw(t, 500);
        if (c && rawCommand(c.get(), "PING") == "PONG")
            return true;
    }
    return false;
}

void RedisServer::signal(int sig)
{
    if (m_pid > 0)
        ::kill(m_pid, sig);
    if (sig == SIGKILL) {
        // Wait until the port is closed, so the next call sees a dead server, not a dying one.
        for (int i = 0; i < 100 && ::kill(m_pid, 0) == 0; ++i) {
            std::ifstream stat("/proc/" + std::to_string(m_pid) + "/stat");
            std::string pid, name, state;
            if (stat >> pid >> name >> state && state == "Z")
                break;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        m_pid = -1;
    }
}

RedisTarget RedisServer::target() const
{
    return RedisTarget{"redis://127.0.0.1:" + std::to_string(m_port) + "/0", m_password, "127.0.0.1", m_port};
}

} // namespace rampart::flags::testing
