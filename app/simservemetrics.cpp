#include "simservemetrics.h"

#include <QFile>

#include <unistd.h>

#include <algorithm>
#include <cmath>

namespace rampart::cli {

namespace {

QByteArray number(double value)
{
    return QByteArray::number(value, 'g', 17);
}

QByteArray readProcFile(const char *path)
{
    QFile file(QString::fromLatin1(path));
    // /proc files report a size of 0: read until the end instead of trusting size().
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

} // namespace

Histogram::Histogram(std::vector<double> bounds) : m_bounds(std::move(bounds)), m_counts(m_bounds.size() + 1, 0)
{
}

void Histogram::observe(double seconds)
{
    if (!std::isfinite(seconds) || seconds < 0.0)
        return;
    const auto bucket = static_cast<std::size_t>(std::lower_bound(m_bounds.begin(), m_bounds.end(), seconds) - m_bounds.begin());
    std::lock_guard lock(m_mutex);
    ++m_counts[bucket];
    m_sum += seconds;
    ++m_count;
}

std::uint64_t Histogram::count() const
{
    std::lock_guard lock(m_mutex);
    return m_count;
}

void Histogram::write(QByteArray &out, const std::string &name, const std::string &labels) const
{
    std::lock_guard lock(m_mutex);
    const QByteArray n = QByteArray::fromStdString(name);
    const QByteArray l = QByteArray::fromStdString(labels);
    const QByteArray sep = l.isEmpty() ? QByteArray() : QByteArray(",");
    std::uint64_t cumulative = 0;
    for (std::size_t i = 0; i < m_bounds.size(); ++i) {
        cumulative += m_counts[i];
        out += n + "_bucket{" + l + sep + "le=\"" + number(m_bounds[i]) + "\"} " + QByteArray::number(cumulative) + '\n';
    }
    cumulative += m_counts.back();
    out += n + "_bucket{" + l + sep + "le=\"+Inf\"} " + QByteArray::number(cumulative) + '\n';
    out += n + "_sum{" + l + "} " + number(m_sum) + '\n';
    out += n + "_count{" + l + "} " + QByteArray::number(m_count) + '\n';
}

std::vector<double> Histogram::latencyBounds()
{
    return {0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 1.0, 2.5, 5.0, 10.0};
}

std::vector<double> Histogram::backendBounds()
{
    return {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5};
}

void writeType(QByteArray &out, const char *name, const char *type, const char *help)
{
    out += QByteArray("# HELP ") + name + ' ' + help + '\n';
    out += QByteArray("# TYPE ") + name + ' ' + type + '\n';
}

std::string labelValue(const std::string &value)
{
    std::string out;
    out.reserve(value.size());
    for (const char c : value) {
        if (c == '\\' || c == '"')
            out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

void writeHostMetrics(QByteArray &out)
{
    const double tick = static_cast<double>(sysconf(_SC_CLK_TCK));
    const QByteArray stat = readProcFile("/proc/stat");
    static const char *const modes[] = {"user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"};
    bool typed = false;
    for (const QByteArray &line : stat.split('\n')) {
        // "cpu0 user nice system idle iowait irq softirq steal guest guest_nice"; "cpu " is the total.
        if (!line.startsWith("cpu") || line.size() < 4 || line.at(3) == ' ')
            continue;
        const QList<QByteArray> fields = line.simplified().split(' ');
        if (fields.size() < 9 || tick <= 0.0)
            continue;
        if (!typed) {
            writeType(out, "node_cpu_seconds_total", "counter", "Seconds each CPU spent in each mode (from /proc/stat).");
            typed = true;
        }
        const QByteArray cpu = fields.at(0).mid(3);
        for (int m = 0; m < 8; ++m) {
            bool ok = false;
            const double ticks = fields.at(m + 1).toDouble(&ok);
            if (ok)
                out += "node_cpu_seconds_total{cpu=\"" + cpu + "\",mode=\"" + modes[m] + "\"} " + number(ticks / tick) + '\n';
        }
    }
    const QByteArray meminfo = readProcFile("/proc/meminfo");
    for (const QByteArray &line : meminfo.split('\n')) {
        for (const char *key : {"MemTotal", "MemAvailable"}) {
            const QByteArray prefix = QByteArray(key) + ':';
            if (!line.startsWith(prefix))
                continue;
            bool ok = false;
            const double kib = line.mid(prefix.size()).simplified().split(' ').value(0).toDouble(&ok);
            if (!ok)
                continue;
            const QByteArray name = QByteArray("node_memory_") + key + "_bytes";
            writeType(out, name.constData(), "gauge", "Memory figure from /proc/meminfo.");
            out += name + ' ' + number(kib * 1024.0) + '\n';
        }
    }
    const QList<QByteArray> self = readProcFile("/proc/self/stat").split(')').value(1).simplified().split(' ');
    // After "pid (comm)": field 3 is index 0, so utime (14) and stime (15) are 11 and 12.
    if (self.size() > 12 && tick > 0.0) {
        writeType(out, "process_cpu_seconds_total", "counter", "CPU time of this process.");
        out += "process_cpu_seconds_total " + number((self.at(11).toDouble() + self.at(12).toDouble()) / tick) + '\n';
    }
    const QList<QByteArray> statm = readProcFile("/proc/self/statm").simplified().split(' ');
    if (statm.size() > 1) {
        writeType(out, "process_resident_memory_bytes", "gauge", "Resident memory of this process.");
        out += "process_resident_memory_bytes " + number(statm.at(1).toDouble() * static_cast<double>(sysconf(_SC_PAGESIZE))) + '\n';
    }
}

} // namespace rampart::cli
