#include "api/rolloutview.h"

#include "io/evidencejson.h"
#include "io/statejson.h"
#include "rollout/gateengine.h"
#include "store/rolloutrecords.h"

#include <QScopeGuard>

namespace rampart::api {

RolloutViewSource::RolloutViewSource(rollout::Plan plan, std::function<Result<service::ControllerBackends>()> makeBackends,
                                     std::shared_ptr<const rollout::Clock> clock, std::chrono::milliseconds maxAge)
    : m_plan(std::move(plan)), m_makeBackends(std::move(makeBackends)), m_clock(std::move(clock)), m_maxAge(maxAge)
{
    if (!m_clock)
        m_clock = std::make_shared<rollout::SystemClock>();
}

service::ControllerBackends *RolloutViewSource::backends()
{
    if (!m_backends) {
        auto made = m_makeBackends();
        if (!made)
            return nullptr;
        m_backends = std::move(made).value();
    }
    return &*m_backends;
}

RolloutViewSource::~RolloutViewSource()
{
    if (m_refresher) {
        // Queued behind a refresh in flight on the pool's one thread, so the backends are
        // closed on the thread that opened them (waitForDone() first would end that thread).
        m_refresher->start([this] { m_refresherBackends.reset(); });
        m_refresher->waitForDone();
    }
}

Result<RolloutViewPtr> RolloutViewSource::view(bool fresh)
{
    const auto steadyNow = std::chrono::steady_clock::now();
    {
        std::lock_guard lock(m_mutex);
        if (!fresh && m_cached && m_maxAge.count() > 0) {
            if (steadyNow - m_cachedAt >= m_maxAge && !m_refreshing) {
                m_refreshing = true;
                if (!m_refresher) {
                    m_refresher = std::make_unique<QThreadPool>();
                    m_refresher->setMaxThreadCount(1);
                    m_refresher->setExpiryTimeout(-1); // one thread for good: its SQLite connection stays valid
                }
                m_refresher->start([this, generation = m_generation] {
                    auto v = build(m_refresherBackends);
                    std::lock_guard inner(m_mutex);
                    if (v && generation == m_generation) {
                        m_cached = *v;
                        m_cachedAt = std::chrono::steady_clock::now();
                    }
                    m_refreshing = false;
                });
            }
            return m_cached;
        }
    }
    if (m_building) {
        std::lock_guard lock(m_mutex);
        if (m_cached && !fresh)
            return m_cached;
        return makeError("busy", "", "The rollout view is being rebuilt; try again in a moment.");
    }
    m_building = true;
    const auto done = qScopeGuard([this] { m_building = false; });
    auto v = build(m_backends);
    if (v) {
        std::lock_guard lock(m_mutex);
        m_cached = *v;
        m_cachedAt = steadyNow;
    }
    return v;
}

Result<RolloutViewPtr> RolloutViewSource::build(std::optional<service::ControllerBackends> &backends)
{
    if (!backends) {
        auto made = m_makeBackends();
        if (!made)
            return made.error();
        backends = std::move(made).value();
    }
    service::ControllerBackends &b = *backends;
    auto *records = dynamic_cast<store::RolloutRecords *>(b.store.get());
    if (!records)
        return makeError("store_unavailable", "store", "The evidence store keeps no rollout state.");

    auto v = std::make_shared<RolloutView>();
    v->at = m_clock->now();
    std::optional<flags::FlagState> flag;
    if (auto f = b.flags->read(m_plan.flag))
        flag = *f;
    std::optional<std::vector<rollout::TransitionEvent>> history;
    if (auto h = b.store->stageHistory(m_plan.agent)) {
        history = *h;
        v->history = *h;
    }
    auto loaded = service::loadState(*records, m_plan, history, flag);
    if (!loaded)
        return loaded.error();
    v->loaded = std::move(loaded).value();

    service::EvidenceAssembler assembler(m_plan, {b.store.get(), records, b.flags.get(), b.telemetry ? &*b.telemetry : nullptr});
    v->assembled = assembler.assemble(v->loaded.state, v->at);
    v->evidenceDocument = io::evidenceDocument(m_plan, v->loaded.state, v->assembled.evidence);
    v->evidenceHash = io::evidenceHash(v->evidenceDocument).toStdString();
    const rollout::RolloutState &s = v->loaded.state;
    if (s.status != rollout::RolloutStatus::Pending)
        if (auto n = records->incidentCount(m_plan.agent, s.rolloutStartedAt, v->at))
            v->rolloutIncidents = *n;
    if (s.stage && s.status != rollout::RolloutStatus::RolledBack && s.status != rollout::RolloutStatus::Completed)
        v->decision = rollout::GateEngine::evaluate(m_plan, s, v->assembled.evidence, v->at);
    return RolloutViewPtr(v);
}

} // namespace rampart::api
