#pragma once

// A TCP proxy on 127.0.0.1 that forwards to a server and can hold the server's replies back
// (issue 8, item 1: Redis answers after the client's timeout). Test support only.

#include <atomic>
#include <chrono>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace rampart::testing {

class DelayProxy
{
public:
    /// Listens on a free loopback port and forwards every connection to host:port.
    DelayProxy(std::string host, int port);
    ~DelayProxy();
    DelayProxy(const DelayProxy &) = delete;
    DelayProxy &operator=(const DelayProxy &) = delete;

    int port() const { return m_port; }
    bool listening() const { return m_listener >= 0; }

    /// The next `count` chunks the server sends are held back by `delay` each.
    void delayNextReplies(int count, std::chrono::milliseconds delay);
    /// From now on each chunk the server sends is held back by `delay` with `probability`.
    void delayRandomly(double probability, std::chrono::milliseconds delay, unsigned seed);
    /// How many chunks were held back so far.
    int delayed() const { return m_delayed.load(); }

private:
    void acceptLoop();
    void pump(int from, int to, bool replies);
    std::chrono::milliseconds delayFor();

    std::string m_host;
    int m_upstreamPort;
    int m_listener = -1;
    int m_port = 0;
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_delayNext{0};
    std::atomic<int> m_delayed{0};
    std::atomic<long> m_delayMs{0};
    std::mutex m_mutex; // guards the random state, the sockets and the threads
    double m_probability = 0.0;
    std::chrono::milliseconds m_randomDelay{0};
    std::mt19937 m_random;
    std::vector<int> m_sockets;
    std::vector<std::thread> m_threads;
    std::thread m_acceptor;
};

} // namespace rampart::testing
