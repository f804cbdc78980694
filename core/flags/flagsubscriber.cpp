#include "flagsubscriber.h"

#include <hiredis/hiredis.h>

#include <poll.h>

#include <cstring>
#include <thread>

namespace rampart::flags {

const char *subscriptionStateName(SubscriptionState state)
{
    switch (state) {
    case SubscriptionState::Connecting: return "connecting";
    case SubscriptionState::Subscribed: return "subscribed";
    case SubscriptionState::Down: return "down";
    }
    return "down";
}

namespace {

struct ContextDeleter
{
    void operator()(redisContext *c) const { redisFree(c); }
};
using Context = std::unique_ptr<redisContext, ContextDeleter>;

struct ReplyDeleter
{
    void operator()(void *r) const { freeReplyObject(r); }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

timeval toTimeval(std::chrono::milliseconds ms)
{
    return timeval{static_cast<time_t>(ms.count() / 1000), static_cast<suseconds_t>((ms.count() % 1000) * 1000)};
}

std::string str(const redisReply *r)
{
    return r && r->str ? std::string(r->str, r->len) : std::string();
}

} // namespace

struct FlagSubscriber::Impl
{
    Options options;
    RedisAddress address;
    std::string channel;
    ChangeHandler onChange;
    StateHandler onState;
    std::atomic<SubscriptionState> *state = nullptr;
    std::atomic<bool> stop{false};
    std::thread thread;

    void report(SubscriptionState s, const std::string &note)
    {
        const SubscriptionState before = state->exchange(s);
        if (before != s || s == SubscriptionState::Down)
            onState(s, note);
    }

    /// Connects, authenticates, selects and subscribes; an error sentence on failure.
    std::string subscribe(Context &c)
    {
        c.reset(redisConnectWithTimeout(address.host.c_str(), address.port, toTimeval(options.connectTimeout)));
        if (!c || c->err)
            return "Cannot reach Redis at " + address.endpoint() + ": " + (c ? c->errstr : "out of memory") + ".";
        redisSetTimeout(c.get(), toTimeval(options.connectTimeout));
        const auto command = [&](std::vector<std::string> args) -> std::string {
            std::vector<const char *> argv;
            std::vector<std::size_t> lengths;
            for (const std::string &a : args) {
                argv.push_back(a.data());
                lengths.push_back(a.size());
            }
            Reply reply(static_cast<redisReply *>(
                redisCommandArgv(c.get(), static_cast<int>(args.size()), argv.data(), lengths.data())));
            if (!reply)
                return "Redis at " + address.endpoint() + " did not answer " + args.front() + ": " + c->errstr + ".";
            if (reply->type == REDIS_REPLY_ERROR)
                return "Redis at " + address.endpoint() + " refused " + args.front() + ": " + str(reply.get()) + ".";
            return {};
        };
        if (!address.user.empty() || !options.password.empty()) {
            std::vector<std::string> auth{"AUTH"};
            if (!address.user.empty())
                auth.push_back(address.user);
            auth.push_back(options.password);
            if (auto e = command(auth); !e.empty())
                return e;
        }
        if (address.db != 0)
            if (auto e = command({"SELECT", std::to_string(address.db)}); !e.empty())
                return e;
        // The SUBSCRIBE confirmation is the reply to this command.
        if (auto e = command({"SUBSCRIBE", channel}); !e.empty())
            return e;
        return {};
    }

    void handle(const redisReply *r)
    {
        if (r->type != REDIS_REPLY_ARRAY || r->elements != 3)
            return;
        if (str(r->element[0]) == "message" && str(r->element[1]) == channel)
            onChange(str(r->element[2]));
    }

    void run()
    {
        while (!stop.load()) {
            Context c;
            const std::string error = subscribe(c);
            if (!error.empty()) {
                report(SubscriptionState::Down, error);
                for (auto waited = std::chrono::milliseconds(0); waited < options.retryInterval && !stop.load();
                     waited += std::chrono::milliseconds(50))
                    std::this_thread::sleep_for(std::chrono::milliseconds(50));
                continue;
            }
            report(SubscriptionState::Subscribed, "Subscribed to " + channel + " at " + address.endpoint() + ".");
            std::string lost;
            while (!stop.load() && lost.empty()) {
                // Replies already read along with an earlier one wait in hiredis' buffer.
                for (;;) {
                    void *raw = nullptr;
                    if (redisGetReplyFromReader(c.get(), &raw) != REDIS_OK) {
                        lost = c->errstr;
                        break;
                    }
                    if (!raw)
                        break;
                    Reply reply(static_cast<redisReply *>(raw));
                    handle(reply.get());
                }
                if (!lost.empty())
                    break;
                pollfd p{c->fd, POLLIN, 0};
                const int ready = ::poll(&p, 1, 100);
                if (ready < 0 && errno != EINTR) {
                    lost = std::string("poll failed: ") + std::strerror(errno);
                    break;
                }
                if (ready <= 0)
                    continue;
                if (redisBufferRead(c.get()) != REDIS_OK)
                    lost = c->errstr;
            }
            if (!stop.load())
                report(SubscriptionState::Down, "The subscription to " + channel + " at " + address.endpoint()
                                                    + " was lost (" + (lost.empty() ? "closed" : lost) + "); reconnecting.");
        }
    }
};

Result<std::unique_ptr<FlagSubscriber>> FlagSubscriber::start(Options options, const std::string &flag,
                                                              ChangeHandler onChange, StateHandler onState)
{
    if (auto e = validateFlagName(flag))
        return *e;
    auto address = parseRedisUrl(options.url);
    if (!address)
        return address.error();
    if (options.connectTimeout.count() <= 0 || options.retryInterval.count() <= 0)
        return makeError(errc::InvalidArgument, "timeout", "Connect timeout and retry interval must be positive.");
    auto impl = std::make_unique<Impl>();
    impl->options = std::move(options);
    impl->address = *address;
    impl->channel = RedisFlagStore::channelOf(flag);
    impl->onChange = onChange ? std::move(onChange) : [](const std::string &) {};
    impl->onState = onState ? std::move(onState) : [](SubscriptionState, const std::string &) {};
    std::unique_ptr<FlagSubscriber> subscriber(new FlagSubscriber(std::move(impl)));
    Impl *raw = subscriber->m_impl.get();
    raw->state = &subscriber->m_state;
    raw->thread = std::thread([raw] { raw->run(); });
    return subscriber;
}

FlagSubscriber::FlagSubscriber(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

FlagSubscriber::~FlagSubscriber()
{
    m_impl->stop.store(true);
    if (m_impl->thread.joinable())
        m_impl->thread.join();
}

} // namespace rampart::flags
