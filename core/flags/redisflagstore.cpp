#include "redisflagstore.h"

#include "flagwrite_lua.h"
#include "stats/redact.h"

#include <hiredis/hiredis.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstring>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

#include <pthread.h>

namespace rampart::flags {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr milliseconds kFirstBackoff{50};

struct ReplyDeleter
{
    void operator()(redisReply *reply) const { freeReplyObject(reply); }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

struct ContextDeleter
{
    void operator()(redisContext *context) const { redisFree(context); }
};
using Context = std::unique_ptr<redisContext, ContextDeleter>;

timeval toTimeval(milliseconds d)
{
    timeval tv{};
    tv.tv_sec = static_cast<decltype(tv.tv_sec)>(d.count() / 1000);
    tv.tv_usec = static_cast<decltype(tv.tv_usec)>((d.count() % 1000) * 1000);
    return tv;
}

/// hiredis writes with write(2): a peer that vanished raises SIGPIPE, which would kill the
/// process. Block it on this thread for the call and swallow one that we caused.
class SigpipeGuard
{
public:
    SigpipeGuard()
    {
        sigset_t pending;
        sigemptyset(&m_pipe);
        sigaddset(&m_pipe, SIGPIPE);
        sigpending(&pending);
        m_wasPending = sigismember(&pending, SIGPIPE) == 1;
        pthread_sigmask(SIG_BLOCK, &m_pipe, &m_previous);
    }
    ~SigpipeGuard()
    {
        sigset_t pending;
        sigpending(&pending);
        if (!m_wasPending && sigismember(&pending, SIGPIPE) == 1) {
            const timespec zero{0, 0};
            sigtimedwait(&m_pipe, nullptr, &zero);
        }
        pthread_sigmask(SIG_SETMASK, &m_previous, nullptr);
    }
    SigpipeGuard(const SigpipeGuard &) = delete;
    SigpipeGuard &operator=(const SigpipeGuard &) = delete;

private:
    sigset_t m_pipe;
    sigset_t m_previous;
    bool m_wasPending = false;
};

bool startsWith(std::string_view text, std::string_view prefix)
{
    return text.substr(0, prefix.size()) == prefix;
}

std::optional<std::int64_t> parseInteger(std::string_view text)
{
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

std::string errorText(const redisReply *reply)
{
    return std::string(reply->str, reply->len);
}

Error unavailable(std::string message)
{
    return makeError(flagerrc::Unavailable, std::string(), std::move(message));
}

/// A flag from the fields of its hash (HGETALL), or Malformed naming the bad field.
Result<FlagState> stateFromHash(const std::string &flag, const std::map<std::string, std::string> &fields)
{
    const auto malformed = [&flag](const std::string &field, const std::string &what) {
        return makeError(flagerrc::Malformed, field,
                         "The stored flag \"" + flag + "\" is malformed: " + field + " " + what + ".");
    };
    for (const char *field : {"percentage", "stage", "version", "updated_by", "updated_at", "reason"})
        if (fields.find(field) == fields.end())
            return malformed(field, "is missing");
    FlagState state;
    state.name = flag;
    state.stage = fields.at("stage");
    state.updatedBy = fields.at("updated_by");
    state.reason = fields.at("reason");
    const auto percentage = parsePercentage(fields.at("percentage"));
    if (!percentage)
        return malformed("percentage", "is not a number (\"" + fields.at("percentage") + "\")");
    state.percentage = *percentage;
    const auto version = parseInteger(fields.at("version"));
    if (!version || *version < 1)
        return malformed("version", "is not a positive integer (\"" + fields.at("version") + "\")");
    state.version = *version;
    const auto at = parseTimestamp(fields.at("updated_at"));
    if (!at)
        return malformed("updated_at", "is not ISO 8601 UTC (\"" + fields.at("updated_at") + "\")");
    state.updatedAt = *at;
    if (const auto id = fields.find("change_id"); id != fields.end())
        state.changeId = id->second;
    return state;
}

/// An error reply to HGETALL or the write script: a server that cannot serve us right now
/// (or may not: ACL) is Unavailable; anything else means the stored data is not a flag.
Error replyError(const RedisAddress &address, const std::string &what, const std::string &text)
{
    for (const char *prefix : {"NOPERM", "READONLY", "OOM", "LOADING", "BUSY", "MASTERDOWN", "NOREPLICAS"})
        if (startsWith(text, prefix))
            return unavailable("Redis at " + address.endpoint() + " cannot " + what + " now: " + text);
    if (text.find("can't run this command") != std::string::npos)
        return unavailable("Redis at " + address.endpoint() + " does not allow the user to " + what
                           + " (check its ACL against docs/flag-format.md): " + text);
    return makeError(flagerrc::Malformed, "flag", "Redis could not " + what + ": " + text);
}

bool sameContent(const FlagState &a, const FlagState &b)
{
    return a.version == b.version && a.percentage == b.percentage && a.stage == b.stage && a.updatedBy == b.updatedBy
        && a.updatedAt == b.updatedAt && a.reason == b.reason && a.changeId == b.changeId;
}

} // namespace

std::string RedisAddress::endpoint() const
{
    return host + ":" + std::to_string(port);
}

namespace {

/// The URL with every credential masked (stats/redact.h), fit to be quoted in an error
/// sentence, even when it does not parse.
std::string redacted(std::string_view url)
{
    return redactCredentials(url);
}

} // namespace

Result<RedisAddress> parseRedisUrl(std::string_view url)
{
    const auto bad = [url](const std::string &why) {
        return makeError(errc::InvalidArgument, "url",
                         "The Redis URL \"" + redacted(url) + "\" " + why
                             + "; expected redis://[user@]host:port/db.");
    };
    constexpr std::string_view scheme = "redis://";
    if (!startsWith(url, scheme))
        return bad("does not start with redis://");
    std::string_view rest = url.substr(scheme.size());
    RedisAddress address;
    if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
        address.user = std::string(rest.substr(0, at));
        rest = rest.substr(at + 1);
        if (address.user.find(':') != std::string::npos)
            return bad("contains a password (give it separately, e.g. RAMPART_REDIS_PASSWORD)");
        if (address.user.empty())
            return bad("has an empty user name");
    }
    std::string_view authority = rest.substr(0, rest.find('/'));
    if (const auto slash = rest.find('/'); slash != std::string_view::npos) {
        const std::string_view db = rest.substr(slash + 1);
        const auto number = parseInteger(db);
        if (!db.empty() && (!number || *number < 0 || *number > 1000000))
            return bad("has a database that is not a number");
        address.db = number ? static_cast<int>(*number) : 0;
    }
    std::string_view port;
    if (startsWith(authority, "[")) { // [IPv6]:port
        const auto close = authority.find(']');
        if (close == std::string_view::npos)
            return bad("has an unclosed '['");
        address.host = std::string(authority.substr(1, close - 1));
        if (close + 1 < authority.size() && authority[close + 1] == ':')
            port = authority.substr(close + 2);
    } else {
        const auto colon = authority.rfind(':');
        address.host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos)
            port = authority.substr(colon + 1);
    }
    if (address.host.empty())
        return bad("has no host");
    if (!port.empty()) {
        const auto number = parseInteger(port);
        if (!number || *number < 1 || *number > 65535)
            return bad("has a port that is not a number from 1 to 65535");
        address.port = static_cast<int>(*number);
    }
    return address;
}

struct RedisFlagStore::Impl
{
    Options options;
    RedisAddress address;
    std::shared_ptr<const rollout::Clock> clock;

    std::mutex mutex; // guards everything below
    Context context;
    std::string scriptSha; ///< the write script's name on this server (SCRIPT LOAD); empty until loaded
    int failures = 0; ///< consecutive failed calls
    Clock::time_point nextAttempt{};

    // --- connection ---------------------------------------------------------------------

    /// Takes the mutex; if the connection is backing off after a failure, waits out the
    /// back-off with the mutex released, so no other caller (a rollback) queues behind a sleep.
    std::unique_lock<std::mutex> lockAfterBackoff()
    {
        std::unique_lock lock(mutex);
        if (const auto wait = backoffRemaining(); wait > Clock::duration::zero()) {
            lock.unlock();
            std::this_thread::sleep_for(wait);
            lock.lock();
        }
        return lock;
    }

    std::string millis(milliseconds d) const { return std::to_string(d.count()) + " ms"; }

    /// Drops the connection and schedules the next attempt: 50 ms doubling, capped.
    Error fail(Error error)
    {
        context.reset();
        ++failures;
        milliseconds delay = kFirstBackoff;
        for (int i = 1; i < failures && delay < options.commandTimeout; ++i)
            delay *= 2;
        nextAttempt = Clock::now() + std::min(delay, options.commandTimeout);
        return error;
    }

    /// The sentence for a hiredis I/O error on the context.
    std::string ioError(int savedErrno) const
    {
        const std::string where = "Redis at " + address.endpoint();
        if (context && context->err == REDIS_ERR_IO && (savedErrno == EAGAIN || savedErrno == EWOULDBLOCK))
            return where + " did not answer within " + millis(options.commandTimeout) + ".";
        if (context && context->err == REDIS_ERR_EOF)
            return "Lost the connection to " + where + ": the server closed it.";
        return "Lost the connection to " + where + ": " + (context ? std::string(context->errstr) : "unknown error")
            + ".";
    }

    Result<Reply> command(const std::vector<std::string> &args)
    {
        std::vector<const char *> argv;
        std::vector<std::size_t> lengths;
        for (const std::string &arg : args) {
            argv.push_back(arg.data());
            lengths.push_back(arg.size());
        }
        errno = 0;
        Reply reply(static_cast<redisReply *>(
            redisCommandArgv(context.get(), static_cast<int>(args.size()), argv.data(), lengths.data())));
        const int savedErrno = errno;
        if (!reply)
            return fail(unavailable(ioError(savedErrno)));
        if (reply->type == REDIS_REPLY_ERROR) {
            const std::string text = errorText(reply.get());
            // Redis 7 answers a long command from an unauthenticated client with a protocol
            // error instead of NOAUTH, and closes the connection.
            if (startsWith(text, "NOAUTH") || startsWith(text, "WRONGPASS") || startsWith(text, "NOPERM")
                || startsWith(text, "ERR Protocol error: unauthenticated")) {
                const bool noPassword = options.password.empty() && address.user.empty();
                return fail(unavailable("Redis at " + address.endpoint() + " refused access"
                                        + (noPassword ? " (no password was given)" : "") + ": " + text));
            }
        }
        return Result<Reply>(std::move(reply));
    }

    /// Sends a command that must answer +OK (AUTH, SELECT).
    std::optional<Error> expectOk(const std::vector<std::string> &args, const std::string &what)
    {
        auto reply = command(args);
        if (!reply)
            return reply.error();
        if (reply.value()->type == REDIS_REPLY_ERROR)
            return fail(unavailable("Redis at " + address.endpoint() + " refused " + what + ": "
                                    + errorText(reply.value().get()) + "."));
        return std::nullopt;
    }

    /// How long the caller should wait (without holding the mutex) before reconnecting.
    Clock::duration backoffRemaining() const
    {
        if (context)
            return Clock::duration::zero();
        const auto now = Clock::now();
        return now < nextAttempt ? std::min<Clock::duration>(nextAttempt - now, options.commandTimeout)
                                 : Clock::duration::zero();
    }

    std::optional<Error> connect()
    {
        if (context)
            return std::nullopt;
        context.reset(redisConnectWithTimeout(address.host.c_str(), address.port, toTimeval(options.connectTimeout)));
        if (!context || context->err) {
            const std::string why = context ? std::string(context->errstr) : "out of memory";
            return fail(unavailable("Cannot reach Redis at " + address.endpoint() + ": " + why + "."));
        }
        if (redisSetTimeout(context.get(), toTimeval(options.commandTimeout)) != REDIS_OK)
            return fail(unavailable("Cannot set timeouts on the connection to Redis at " + address.endpoint() + "."));
        if (!address.user.empty() || !options.password.empty()) {
            std::vector<std::string> auth{"AUTH"};
            if (!address.user.empty())
                auth.push_back(address.user);
            auth.push_back(options.password);
            if (auto error = expectOk(auth, "the password"))
                return error;
        }
        if (address.db != 0)
            if (auto error = expectOk({"SELECT", std::to_string(address.db)}, "database " + std::to_string(address.db)))
                return error;
        return std::nullopt;
    }

    /// Connects if needed, then runs one command; a call's success resets the back-off.
    Result<Reply> run(const std::vector<std::string> &args)
    {
        if (auto error = connect()) {
            error->field = "connection"; // nothing was sent: a write's outcome is known
            return *error;
        }
        auto reply = command(args);
        if (reply)
            failures = 0;
        return reply;
    }

    // --- flag operations (mutex held) ---------------------------------------------------

    Result<FlagState> readLocked(const std::string &flag)
    {
        auto reply = run({"HGETALL", keyOf(flag)});
        if (!reply)
            return reply.error();
        const redisReply *r = reply.value().get();
        if (r->type == REDIS_REPLY_ERROR)
            return replyError(address, "read the flag \"" + flag + "\"", errorText(r));
        if (r->type != REDIS_REPLY_ARRAY || r->elements % 2 != 0)
            return makeError(flagerrc::Malformed, "flag", "Redis answered HGETALL with something other than a hash.");
        if (r->elements == 0)
            return makeError(flagerrc::NotFound, "flag", "The flag \"" + flag + "\" has never been written.");
        std::map<std::string, std::string> fields;
        for (std::size_t i = 0; i + 1 < r->elements; i += 2)
            fields[std::string(r->element[i]->str, r->element[i]->len)] =
                std::string(r->element[i + 1]->str, r->element[i + 1]->len);
        return stateFromHash(flag, fields);
    }

    /// EVALSHA under the name the server itself gave the script (SCRIPT LOAD), loading it
    /// again when the server has forgotten it (a new, restarted or flushed server).
    Result<Reply> evalWriteScript(std::vector<std::string> args)
    {
        for (int attempt = 0;; ++attempt) {
            if (scriptSha.empty()) {
                auto loaded = run({"SCRIPT", "LOAD", writeScript()});
                if (!loaded || loaded.value()->type != REDIS_REPLY_STRING)
                    return loaded; // unreachable, or an error reply the caller reports
                scriptSha.assign(loaded.value()->str, loaded.value()->len);
            }
            args[1] = scriptSha;
            auto reply = run(args);
            const bool forgotten = reply && reply.value()->type == REDIS_REPLY_ERROR
                && startsWith(errorText(reply.value().get()), "NOSCRIPT");
            if (!forgotten || attempt > 0)
                return reply;
            scriptSha.clear();
        }
    }

    Result<FlagState> writeLocked(const std::string &flag, const FlagWrite &change)
    {
        FlagState wanted;
        wanted.name = flag;
        wanted.percentage = change.percentage;
        wanted.stage = change.stage;
        wanted.updatedBy = change.updatedBy;
        wanted.updatedAt = clock->now();
        wanted.reason = change.reason;
        wanted.changeId = change.changeId;
        auto reply = evalWriteScript({"EVALSHA", "", "2", keyOf(flag), appliedKeyOf(flag),
                                      change.expectedVersion ? std::to_string(*change.expectedVersion) : "",
                                      formatPercentage(change.percentage), change.stage, change.updatedBy,
                                      formatTimestamp(wanted.updatedAt), change.reason, flag, channelOf(flag),
                                      change.changeId, std::to_string(change.versionFloor),
                                      change.floorIsFinal ? "1" : "0"});
        if (!reply) {
            if (reply.error().field == "connection")
                return makeError(flagerrc::Unavailable, "connection",
                                 reply.error().message + " The write was not sent.");
            return unavailable(reply.error().message
                               + " The write may or may not have been applied; read the flag to find out.");
        }
        const redisReply *r = reply.value().get();
        if (r->type == REDIS_REPLY_ERROR)
            return replyError(address, "write the flag \"" + flag + "\"", errorText(r));
        if (r->type != REDIS_REPLY_ARRAY || r->elements != 2 || r->element[0]->type != REDIS_REPLY_INTEGER
            || r->element[1]->type != REDIS_REPLY_INTEGER)
            return makeError(flagerrc::Malformed, "flag", "The write script answered in an unexpected shape.");
        if (r->element[0]->integer == 2)
            return makeError(flagerrc::FloorNeeded, "version_floor",
                             "The flag \"" + flag + "\" does not exist in Redis; its version floor must come from the audit "
                             "trail before it is written.");
        if (r->element[0]->integer == 0)
            return makeError(flagerrc::VersionConflict, "expected_version",
                             "The flag \"" + flag + "\" changed underneath: expected version "
                                 + std::to_string(change.expectedVersion.value_or(0)) + ", but the store has version "
                                 + std::to_string(r->element[1]->integer) + ".");
        wanted.version = r->element[1]->integer;
        return confirm(flag, wanted);
    }

    /// Reads the flag back after a write that the script reported as version wanted.version.
    Result<FlagState> confirm(const std::string &flag, const FlagState &wanted)
    {
        const std::string version = std::to_string(wanted.version);
        auto back = readLocked(flag);
        if (!back) {
            if (back.error().code == flagerrc::Unavailable)
                return unavailable(back.error().message + " The write was applied as version " + version
                                   + " but could not be read back.");
            return makeError(flagerrc::NotConfirmed, "flag",
                             "Redis applied the write of \"" + flag + "\" as version " + version
                                 + " but reading it back failed: " + back.error().message);
        }
        // A later version means another writer followed ours; the version only grows, so
        // ours was stored and what it stored is what we sent.
        if (back.value().version > wanted.version)
            return wanted;
        if (!sameContent(back.value(), wanted))
            return makeError(flagerrc::NotConfirmed, "flag",
                             "Redis applied the write of \"" + flag + "\" as version " + version
                                 + " but reading it back shows version " + std::to_string(back.value().version)
                                 + " with different content; check the server (failover, FLUSHALL?).");
        return back;
    }
};

RedisFlagStore::RedisFlagStore(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

RedisFlagStore::~RedisFlagStore() = default;

Result<std::unique_ptr<RedisFlagStore>> RedisFlagStore::create(Options options)
{
    auto address = parseRedisUrl(options.url);
    if (!address)
        return address.error();
    if (options.connectTimeout <= milliseconds(0))
        return makeError(errc::InvalidArgument, "connect_timeout", "The connect timeout must be positive.");
    if (options.commandTimeout <= milliseconds(0))
        return makeError(errc::InvalidArgument, "command_timeout", "The command timeout must be positive.");
    auto impl = std::make_unique<Impl>();
    impl->clock = options.clock ? options.clock : std::make_shared<rollout::SystemClock>();
    impl->options = std::move(options);
    impl->address = std::move(address).value();
    return std::unique_ptr<RedisFlagStore>(new RedisFlagStore(std::move(impl)));
}

Result<FlagState> RedisFlagStore::read(const std::string &flag)
{
    if (auto error = validateFlagName(flag))
        return *error;
    const SigpipeGuard guard;
    auto lock = m_impl->lockAfterBackoff();
    return m_impl->readLocked(flag);
}

Result<FlagState> RedisFlagStore::write(const std::string &flag, const FlagWrite &change)
{
    if (auto error = validateFlagName(flag))
        return *error;
    if (auto error = validateWrite(change))
        return *error;
    const SigpipeGuard guard;
    auto lock = m_impl->lockAfterBackoff();
    return m_impl->writeLocked(flag, change);
}

Status RedisFlagStore::ping()
{
    const SigpipeGuard guard;
    auto lock = m_impl->lockAfterBackoff();
    auto reply = m_impl->run({"PING"});
    if (!reply)
        return reply.error();
    if (reply.value()->type == REDIS_REPLY_ERROR)
        return unavailable("Redis at " + m_impl->address.endpoint() + " answered PING with "
                           + errorText(reply.value().get()) + ".");
    return Done{};
}

std::string RedisFlagStore::keyOf(std::string_view flag)
{
    return "rampart:flag:" + std::string(flag);
}

Result<std::optional<std::int64_t>> RedisFlagStore::appliedVersion(const std::string &flag, const std::string &changeId)
{
    if (auto error = validateFlagName(flag))
        return *error;
    const SigpipeGuard guard;
    auto lock = m_impl->lockAfterBackoff();
    auto reply = m_impl->run({"ZSCORE", appliedKeyOf(flag), changeId});
    if (!reply)
        return reply.error();
    const redisReply *r = reply.value().get();
    if (r->type == REDIS_REPLY_NIL)
        return std::optional<std::int64_t>();
    if (r->type == REDIS_REPLY_ERROR)
        return replyError(m_impl->address, "read the applied changes of \"" + flag + "\"", errorText(r));
    const auto version = r->type == REDIS_REPLY_STRING ? parseInteger(std::string_view(r->str, r->len)) : std::nullopt;
    if (!version)
        return makeError(flagerrc::Malformed, "flag", "The applied changes of \"" + flag + "\" are not versions.");
    return std::optional<std::int64_t>(*version);
}

std::string RedisFlagStore::appliedKeyOf(std::string_view flag)
{
    return "rampart:flag:" + std::string(flag) + ":applied";
}

std::string RedisFlagStore::channelOf(std::string_view flag)
{
    return "rampart:flag:" + std::string(flag) + ":changes";
}

const char *RedisFlagStore::writeScript()
{
    return detail::kFlagWriteScript;
}

} // namespace rampart::flags
