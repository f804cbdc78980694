#pragma once

// Stores for the assembler and controller tests: one that is down, one that can be made to
// hang in the middle of a query (a slow PostgreSQL), and outcome events for a stage.

#include "store/evidencestore.h"
#include "store/rolloutrecords.h"
#include "store/sqliteevidencestore.h"

#include <QCoreApplication>
#include <QThread>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <random>

namespace rampart::service::testing {

inline Error down()
{
    return makeError(store::storeerrc::Unavailable, "", "PostgreSQL at 127.0.0.1:1/rampart is not answering.");
}

/// Every call fails as an unreachable database does.
class DownStore final : public store::EvidenceStore, public store::RolloutRecords
{
public:
    std::atomic<int> calls{0};
    Result<std::vector<rollout::MetricEvidence>> summaries(const std::string &, const std::string &, const std::string &,
                                                           rollout::TimePoint, rollout::TimePoint) override { ++calls; return down(); }
    Result<std::pair<std::int64_t, std::int64_t>> units(const std::string &, const std::string &, const std::string &,
                                                        rollout::TimePoint, rollout::TimePoint) override { ++calls; return down(); }
    Result<store::IngestReport> ingest(const std::vector<store::Event> &) override { return down(); }
    Result<store::AuditEntry> appendAudit(store::AuditEntry) override { return down(); }
    Result<std::vector<store::AuditEntry>> auditTrail(std::int64_t, int) override { return down(); }
    Result<store::AuditVerification> verifyAudit() override { return down(); }
    Status recordSignOff(const std::string &, const rollout::SignOff &) override { return down(); }
    Result<std::vector<rollout::SignOff>> signOffs(const std::string &) override { ++calls; return down(); }
    Status recordTransition(const std::string &, const rollout::TransitionEvent &) override { return down(); }
    Result<std::vector<rollout::TransitionEvent>> stageHistory(const std::string &) override { return down(); }
    Result<std::vector<store::RollupRow>> rollups(const std::string &) override { return down(); }
    Status importRollups(const std::vector<store::RollupRow> &) override { return down(); }
    Status importAudit(const std::vector<store::AuditEntry> &) override { return down(); }
    Result<store::SavedRolloutState> saveRolloutState(const store::SavedRolloutState &) override { return down(); }
    Result<std::optional<store::SavedRolloutState>> loadRolloutState(const std::string &) override { return down(); }
    Status recordIncident(const std::string &, const store::IncidentRecord &) override { return down(); }
    Result<int> incidentCount(const std::string &, rollout::TimePoint, rollout::TimePoint) override { ++calls; return down(); }
    Status recordLoadTest(const std::string &, const rollout::LoadTestResult &, rollout::TimePoint) override { return down(); }
    Result<std::optional<rollout::LoadTestResult>> latestLoadTest(const std::string &) override { ++calls; return down(); }
};

/// A gate a query can be held at: arm() makes the next summaries() wait until release().
class Gate
{
public:
    void arm() { std::lock_guard lock(m_mutex); m_armed = true; m_open = false; }
    void release() { { std::lock_guard lock(m_mutex); m_open = true; m_armed = false; } m_cv.notify_all(); }
    bool waiting() const { return m_waiting.load(); }
    void pass()
    {
        std::unique_lock lock(m_mutex);
        if (!m_armed)
            return;
        m_waiting = true;
        m_cv.wait(lock, [this] { return m_open; });
        m_waiting = false;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_armed = false;
    bool m_open = true;
    std::atomic<bool> m_waiting{false};
};

/// A SQLite workspace whose summaries() and signOffs() can be held at a Gate (a slow query).
class GatedStore final : public store::EvidenceStore, public store::RolloutRecords
{
public:
    GatedStore(std::unique_ptr<store::SqliteEvidenceStore> inner, Gate &gate) : m_inner(std::move(inner)), m_gate(gate) {}
    Result<std::vector<rollout::MetricEvidence>> summaries(const std::string &a, const std::string &c, const std::string &t,
                                                           rollout::TimePoint f, rollout::TimePoint to) override
    {
        m_gate.pass();
        return m_inner->summaries(a, c, t, f, to);
    }
    Result<std::pair<std::int64_t, std::int64_t>> units(const std::string &a, const std::string &c, const std::string &t,
                                                        rollout::TimePoint f, rollout::TimePoint to) override
    {
        return m_inner->units(a, c, t, f, to);
    }
    Result<store::IngestReport> ingest(const std::vector<store::Event> &e) override { return m_inner->ingest(e); }
    Result<store::AuditEntry> appendAudit(store::AuditEntry e) override { return m_inner->appendAudit(std::move(e)); }
    Result<std::vector<store::AuditEntry>> auditTrail(std::int64_t a, int l) override { return m_inner->auditTrail(a, l); }
    Result<store::AuditVerification> verifyAudit() override { return m_inner->verifyAudit(); }
    Status recordSignOff(const std::string &a, const rollout::SignOff &s) override { return m_inner->recordSignOff(a, s); }
    Result<std::vector<rollout::SignOff>> signOffs(const std::string &a) override
    {
        m_gate.pass(); // read by every evaluation, running or not
        return m_inner->signOffs(a);
    }
    Status recordTransition(const std::string &a, const rollout::TransitionEvent &e) override { return m_inner->recordTransition(a, e); }
    Result<std::vector<rollout::TransitionEvent>> stageHistory(const std::string &a) override { return m_inner->stageHistory(a); }
    Result<std::vector<store::RollupRow>> rollups(const std::string &a) override { return m_inner->rollups(a); }
    Status importRollups(const std::vector<store::RollupRow> &r) override { return m_inner->importRollups(r); }
    Status importAudit(const std::vector<store::AuditEntry> &e) override { return m_inner->importAudit(e); }
    Result<store::SavedRolloutState> saveRolloutState(const store::SavedRolloutState &s) override { return m_inner->saveRolloutState(s); }
    Result<std::optional<store::SavedRolloutState>> loadRolloutState(const std::string &a) override { return m_inner->loadRolloutState(a); }
    Status recordIncident(const std::string &a, const store::IncidentRecord &i) override { return m_inner->recordIncident(a, i); }
    Result<int> incidentCount(const std::string &a, rollout::TimePoint f, rollout::TimePoint t) override { return m_inner->incidentCount(a, f, t); }
    Status recordLoadTest(const std::string &a, const rollout::LoadTestResult &r, rollout::TimePoint t) override { return m_inner->recordLoadTest(a, r, t); }
    Result<std::optional<rollout::LoadTestResult>> latestLoadTest(const std::string &a) override { return m_inner->latestLoadTest(a); }

private:
    std::unique_ptr<store::SqliteEvidenceStore> m_inner;
    Gate &m_gate;
};

/// `perCohortPerMinute` events per cohort in every minute of [from, from + minutes).
inline std::vector<store::Event> stageEvents(const std::string &agent, rollout::TimePoint from, int minutes,
                                             int controlPerMinute, int treatmentPerMinute, double treatmentLatencyMs = 60.0,
                                             unsigned seed = 11)
{
    std::mt19937 random(seed);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::normal_distribution<double> noise(0.0, 8.0);
    std::vector<store::Event> events;
    int unit = 0;
    for (int m = 0; m < minutes; ++m) {
        for (int cohort = 0; cohort < 2; ++cohort) {
            const int count = cohort == 0 ? controlPerMinute : treatmentPerMinute;
            for (int i = 0; i < count; ++i) {
                store::Event e;
                e.at = from + std::chrono::minutes(m) + std::chrono::seconds(i % 60);
                e.agent = agent;
                e.cohort = cohort == 0 ? "deterministic" : "ml";
                e.unitId = "u" + std::to_string(unit++);
                e.latencyMs = std::max(1.0, (cohort == 0 ? 60.0 : treatmentLatencyMs) + noise(random));
                e.correct = uniform(random) < (cohort == 0 ? 0.80 : 0.88);
                e.satisfaction = 3 + static_cast<int>(uniform(random) * 3.0);
                e.handlingTimeMin = std::max(0.5, (cohort == 0 ? 13.9 : 11.4) + noise(random) / 2.0);
                e.error = uniform(random) < 0.01;
                events.push_back(e);
            }
        }
    }
    return events;
}

/// Runs the event loop until `done` or the timeout; true if `done`.
inline bool waitUntil(const std::function<bool()> &done, std::chrono::milliseconds timeout = std::chrono::seconds(5))
{
    const auto end = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
        if (std::chrono::steady_clock::now() > end)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        QThread::msleep(1);
    }
    return true;
}

} // namespace rampart::service::testing
