#pragma once

// The Prometheus exposition of `simulate --serve` (app/simserve.h): cumulative histograms
// in the text format, and the host's CPU and memory read from /proc with the names and
// labels node_exporter uses, so the plan's resource-gate queries work against the stand-in.

#include <QByteArray>

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace rampart::cli {

/// A Prometheus histogram (cumulative buckets, _sum, _count); thread-safe.
class Histogram
{
public:
    /// Upper bounds in seconds, ascending; +Inf is implied.
    explicit Histogram(std::vector<double> bounds);
    void observe(double seconds);
    /// Appends the _bucket, _sum and _count lines; `labels` is the inner label list
    /// (`agent="x",cohort="y"`), without braces.
    void write(QByteArray &out, const std::string &name, const std::string &labels) const;
    std::uint64_t count() const;

    /// Buckets for answer latencies (5 ms … 10 s).
    static std::vector<double> latencyBounds();
    /// Buckets for Redis commands and store writes (0.1 ms … 2.5 s).
    static std::vector<double> backendBounds();

private:
    mutable std::mutex m_mutex;
    std::vector<double> m_bounds;
    std::vector<std::uint64_t> m_counts; ///< per bucket, not cumulative
    double m_sum = 0.0;
    std::uint64_t m_count = 0;
};

/// `# TYPE` line followed by nothing else; helper for a metric family.
void writeType(QByteArray &out, const char *name, const char *type, const char *help);

/**
 * The host's figures as node_exporter reports them: node_cpu_seconds_total{cpu,mode} from
 * /proc/stat (USER_HZ ticks → seconds), node_memory_MemTotal_bytes and
 * node_memory_MemAvailable_bytes from /proc/meminfo, and this process's
 * process_cpu_seconds_total and process_resident_memory_bytes. Lines that cannot be read
 * are left out (Prometheus then has no sample, never a zero).
 */
void writeHostMetrics(QByteArray &out);

/// Escapes a label value for the text format (backslash, quote, newline).
std::string labelValue(const std::string &value);

} // namespace rampart::cli
