#include "delayproxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

namespace rampart::testing {

DelayProxy::DelayProxy(std::string host, int port) : m_host(std::move(host)), m_upstreamPort(port)
{
    m_listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof address;
    if (m_listener < 0 || ::bind(m_listener, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0
        || ::listen(m_listener, 64) != 0
        || ::getsockname(m_listener, reinterpret_cast<sockaddr *>(&address), &length) != 0) {
        if (m_listener >= 0)
            ::close(m_listener);
        m_listener = -1;
        return;
    }
    m_port = ntohs(address.sin_port);
    m_acceptor = std::thread([this] { acceptLoop(); });
}

DelayProxy::~DelayProxy()
{
    m_stop = true;
    if (m_acceptor.joinable())
        m_acceptor.join();
    {
        const std::lock_guard lock(m_mutex);
        for (int fd : m_sockets)
            ::shutdown(fd, SHUT_RDWR);
    }
    for (std::thread &t : m_threads)
        if (t.joinable())
            t.join();
    for (int fd : m_sockets)
        ::close(fd);
    if (m_listener >= 0)
        ::close(m_listener);
}

void DelayProxy::delayNextReplies(int count, std::chrono::milliseconds delay)
{
    m_delayMs = static_cast<long>(delay.count());
    m_delayNext = count;
}

void DelayProxy::delayRandomly(double probability, std::chrono::milliseconds delay, unsigned seed)
{
    const std::lock_guard lock(m_mutex);
    m_probability = probability;
    m_randomDelay = delay;
    m_random.seed(seed);
}

std::chrono::milliseconds DelayProxy::delayFor()
{
    for (int n = m_delayNext.load(); n > 0; n = m_delayNext.load())
        if (m_delayNext.compare_exchange_weak(n, n - 1))
            return std::chrono::milliseconds(m_delayMs.load());
    const std::lock_guard lock(m_mutex);
    if (m_probability > 0.0 && std::uniform_real_distribution<double>(0.0, 1.0)(m_random) < m_probability)
        return m_randomDelay;
    return std::chrono::milliseconds(0);
}

void DelayProxy::acceptLoop()
{
    while (!m_stop) {
        pollfd p{m_listener, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0)
            continue;
        const int client = ::accept4(m_listener, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0)
            continue;
        const int upstream = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(static_cast<uint16_t>(m_upstreamPort));
        ::inet_pton(AF_INET, m_host.c_str(), &address.sin_addr);
        if (upstream < 0 || ::connect(upstream, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
            ::close(client);
            if (upstream >= 0)
                ::close(upstream);
            continue;
        }
        const int one = 1;
        ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        ::setsockopt(upstream, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        const std::lock_guard lock(m_mutex);
        m_sockets.push_back(client);
        m_sockets.push_back(upstream);
        m_threads.emplace_back([this, client, upstream] { pump(client, upstream, false); });
        m_threads.emplace_back([this, client, upstream] { pump(upstream, client, true); });
    }
}

void DelayProxy::pump(int from, int to, bool replies)
{
    char buffer[65536];
    for (;;) {
        const ssize_t n = ::read(from, buffer, sizeof buffer);
        if (n <= 0)
            break;
        if (replies) {
            const auto delay = delayFor();
            if (delay.count() > 0) {
                ++m_delayed;
                std::this_thread::sleep_for(delay);
            }
        }
        if (::send(to, buffer, static_cast<std::size_t>(n), MSG_NOSIGNAL) != n)
            break;
    }
    // One side went away: end both directions so the other pump stops too.
    ::shutdown(from, SHUT_RDWR);
    ::shutdown(to, SHUT_RDWR);
}

} // namespace rampart::testing
