#include "controllerworker.h"

#include "io/evidencejson.h"
#include "io/statejson.h"
#include "rollout/gateengine.h"
#include "service/snapshotjson.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTimer>

namespace rampart::service {

using namespace rampart::rollout;

namespace {

bool isRunning(const RolloutState &s)
{
    return s.stage
        && (s.status == RolloutStatus::Running || s.status == RolloutStatus::Holding
            || s.status == RolloutStatus::AwaitingSignOff);
}


std::string compact(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString();
}

// The looks and breach counts an evaluation carries, without moving the rollout (an advance
// only moves through the advance command).
bool sameCarry(const RolloutState &a, const RolloutState &b)
{
    return a.status == b.status && a.looks.size() == b.looks.size() && a.efficacyLook == b.efficacyLook
        && a.primaryCrossedAt == b.primaryCrossedAt && a.consecutiveBreaches == b.consecutiveBreaches
        && a.stage == b.stage;
}

Error notReady()
{
    return makeError(store::storeerrc::Unavailable, "",
                     "The controller has not loaded the rollout state yet (the evidence store is not answering).");
}

} // namespace

QString outboxDirectoryOf(const ControllerConfig &config)
{
    if (!config.outboxDirectory.isEmpty())
        return config.outboxDirectory;
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + QStringLiteral("/outbox");
}

ControllerWorker::ControllerWorker(RolloutController &controller) : m_c(controller)
{
    m_clock = controller.m_config.clock ? controller.m_config.clock : std::make_shared<SystemClock>();
}

ControllerWorker::~ControllerWorker() = default;

TimePoint ControllerWorker::now() const
{
    return m_clock->now();
}

StatePtr ControllerWorker::stateSnapshot(std::optional<std::vector<StateProblem>> problems) const
{
    const bool checked = problems.has_value();
    return std::make_shared<const StateSnapshot>(
        StateSnapshot{m_state, m_revision, std::move(problems).value_or(std::vector<StateProblem>{}), checked, m_history});
}

void ControllerWorker::setInterval(std::chrono::milliseconds interval)
{
    if (!m_timer || m_stopping)
        return;
    if (interval.count() > 0)
        m_timer->start(interval);
    else
        m_timer->stop();
}

void ControllerWorker::init()
{
    const ControllerConfig &config = m_c.m_config;
    if (!m_timer) {
        // Made before the backends, so a start that fails is retried on the timer.
        m_timer = new QTimer(this);
        connect(m_timer, &QTimer::timeout, this, [this] { evaluate(0); });
        if (m_c.m_interval.load().count() > 0)
            m_timer->start(m_c.m_interval.load());
        m_pollTimer = new QTimer(this);
        connect(m_pollTimer, &QTimer::timeout, this, [this] { pollFlag(); });
        m_pollTimer->start(config.flagPollInterval);
    }
    if (!m_initialised) {
        auto backends = config.makeBackends ? config.makeBackends()
                                            : Result<ControllerBackends>(makeError(errc::InvalidArgument, "backends",
                                                                                   "No backends were configured."));
        if (!backends) {
            Q_EMIT m_c.failed(backends.error());
            ConnectionHealth h = m_health;
            h.store = h.flagStore = ConnectionState::Unavailable;
            h.note = backends.error().message;
            setHealth(h);
            return;
        }
        m_backends = std::move(backends).value();
        m_records = dynamic_cast<store::RolloutRecords *>(m_backends.store.get());
        EvidenceSources sources{m_backends.store.get(), m_records, m_backends.flags.get(),
                                m_backends.telemetry ? &*m_backends.telemetry : nullptr};
        m_assembler = std::make_unique<EvidenceAssembler>(config.plan, sources);
        const QString dir = outboxDirectoryOf(config);
        QDir().mkpath(dir);
        m_outbox = std::make_unique<store::OutboxAuditWriter>(m_backends.store.get(), dir);
        m_transitions = std::make_unique<store::TransitionOutbox>(dir);
        // The sink delivers on a helper thread of its own; the store is this thread's only
        // (one PostgreSQL connection, a per-thread Qt Sql connection). So the sink's writer
        // has no store: its records wait in the outbox and flushRecords() stores them here.
        // The store is still asked, on this thread, for the version floor.
        m_sinkWriter = std::make_unique<store::OutboxAuditWriter>(nullptr, dir);
        m_sink = std::make_unique<OutboxAuditSink>(*m_sinkWriter, m_backends.store.get());
        m_service = std::make_unique<RolloutService>(config.plan.flag, *m_backends.flags, *m_sink, *m_clock);
        m_initialised = true;
        QMetaObject::invokeMethod(m_c.m_lane, [lane = m_c.m_lane, flags = m_backends.flags] { lane->setSharedFlagStore(flags); },
                                  Qt::QueuedConnection);

        if (!config.subscription.url.empty()) {
            RolloutController *c = &m_c;
            auto subscriber = flags::FlagSubscriber::start(
                config.subscription, config.plan.flag,
                [this, c](const std::string &payload) {
                    // On the subscriber's thread: show the change at once, then tell the worker.
                    const flags::FlagState flag
                        = flagFromJson(QJsonDocument::fromJson(QByteArray::fromStdString(payload)).object());
                    if (flag.version <= 0)
                        return;
                    Q_EMIT c->flagChanged(flag);
                    QMetaObject::invokeMethod(this, [this, flag] { flagSeen(flag); }, Qt::QueuedConnection);
                },
                [this](flags::SubscriptionState state, const std::string &note) {
                    QMetaObject::invokeMethod(this, [this, state, note] { subscriptionChanged(state, note); },
                                              Qt::QueuedConnection);
                });
            if (subscriber) {
                m_subscriber = std::move(subscriber).value();
            } else {
                Q_EMIT m_c.failed(subscriber.error());
            }
        }
    }
    if (!m_stateLoaded)
        loadSavedState();
}

void ControllerWorker::shutdown()
{
    m_stopping = true;
    m_subscriber.reset();
    if (m_timer)
        m_timer->stop();
    if (m_pollTimer)
        m_pollTimer->stop();
}

bool ControllerWorker::loadSavedState()
{
    if (!m_records) {
        Q_EMIT m_c.failed(makeError(errc::InvalidArgument, "store", "The evidence store keeps no rollout state."));
        return false;
    }
    const Plan &plan = m_c.m_config.plan;
    std::optional<flags::FlagState> flag;
    if (auto f = m_backends.flags->read(plan.flag))
        flag = *f;
    auto history = m_backends.store->stageHistory(plan.agent);
    std::optional<std::vector<TransitionEvent>> events;
    if (history)
        events = *history;
    auto loaded = loadState(*m_records, plan, events, flag);
    if (!loaded) {
        ConnectionHealth h = m_health;
        if (loaded.error().code == store::storeerrc::Unavailable)
            h.store = ConnectionState::Unavailable;
        h.note = loaded.error().message;
        setHealth(h);
        Q_EMIT m_c.failed(loaded.error());
        return false;
    }
    m_state = loaded->state;
    if (events) {
        m_history = std::move(*events);
        m_history.insert(m_history.end(), m_unrecorded.begin(), m_unrecorded.end());
    }
    m_revision = loaded->saved ? loaded->saved->revision : 0;
    m_flag = flag;
    m_stateLoaded = true;
    m_c.m_rollbackTarget.store(m_state.lastStableStage ? plan.stages[*m_state.lastStableStage].percentage : 0.0);
    Q_EMIT m_c.stateChanged(stateSnapshot(loaded->problems));
    return true;
}

void ControllerWorker::reloadState()
{
    if (!m_records)
        return;
    auto saved = m_records->loadRolloutState(m_c.m_config.plan.agent);
    if (!saved || !*saved || (*saved)->revision == m_revision)
        return;
    m_stateLoaded = false;
    (void)loadSavedState(); // emits stateChanged (or failed, and the next evaluation retries)
}

void ControllerWorker::setHealth(const ConnectionHealth &health)
{
    if (health == m_health)
        return;
    m_health = health;
    Q_EMIT m_c.healthChanged(health);
}

void ControllerWorker::updateHealth(const AssembledEvidence &a)
{
    if (a.preempted)
        return;
    ConnectionHealth h = m_health;
    h.flagStore = a.isMissing(part::Flag) ? ConnectionState::Unavailable : ConnectionState::Connected;
    bool storeDown = false;
    int gaugesMissing = 0;
    std::string note;
    for (const MissingPart &m : a.missing) {
        if (m.code == store::storeerrc::Unavailable)
            storeDown = true;
        if (m.part == part::Gauges)
            ++gaugesMissing;
        if (note.empty())
            note = m.message;
    }
    h.store = storeDown ? ConnectionState::Unavailable : ConnectionState::Connected;
    if (!m_backends.telemetry)
        h.telemetry = ConnectionState::NotConfigured;
    else
        h.telemetry = gaugesMissing > 0 && gaugesMissing == static_cast<int>(m_c.m_config.plan.serviceGates.size())
            ? ConnectionState::Unavailable
            : ConnectionState::Connected;
    h.note = note;
    setHealth(h);
}

void ControllerWorker::subscriptionChanged(flags::SubscriptionState state, const std::string &note)
{
    ConnectionHealth h = m_health;
    h.subscription = state;
    h.note = note;
    setHealth(h);
    if (state == flags::SubscriptionState::Subscribed)
        pollFlag(); // a change made while the subscription was down
}

void ControllerWorker::pollFlag()
{
    if (!m_initialised)
        return;
    if (m_subscriber && m_subscriber->state() == flags::SubscriptionState::Subscribed && m_flag)
        return; // the subscription delivers changes; polling is the fallback only
    auto flag = m_backends.flags->read(m_c.m_config.plan.flag);
    if (!flag)
        return;
    if (!m_flag || flag->version != m_flag->version) {
        Q_EMIT m_c.flagChanged(*flag);
        flagSeen(*flag);
    }
}

void ControllerWorker::flagSeen(const flags::FlagState &flag)
{
    if (m_flag && flag.version <= m_flag->version)
        return;
    const bool ours = m_flag && flag.updatedBy == m_c.m_config.actor;
    m_flag = flag;
    if (ours)
        return;
    // Another controller or operator moved the flag: its saved state follows its write.
    reloadState();
    QTimer::singleShot(500, this, [this] { reloadState(); });
}

void ControllerWorker::finish(std::uint64_t id, CommandKind kind, std::optional<Error> error,
                              std::optional<flags::FlagState> flag, bool queued)
{
    if (flag)
        m_flag = flag;
    CommandResult result;
    result.id = id;
    result.kind = kind;
    result.error = std::move(error);
    result.flag = std::move(flag);
    result.auditQueued = queued;
    Q_EMIT m_c.commandFinished(result);
}

bool ControllerWorker::ready(std::uint64_t id, CommandKind kind)
{
    if (m_stopping) {
        if (id != 0)
            finish(id, kind, makeError("not_started", "", "The controller is stopping."));
        return false;
    }
    if (!m_initialised || !m_stateLoaded)
        init();
    if (m_initialised && m_stateLoaded)
        return true;
    if (id != 0)
        finish(id, kind, notReady());
    return false;
}

void ControllerWorker::flushRecords()
{
    if (!m_records)
        return;
    const std::string &agent = m_c.m_config.plan.agent;
    while (!m_unrecorded.empty()) {
        if (!m_backends.store->recordTransition(agent, m_unrecorded.front()))
            break;
        m_unrecorded.erase(m_unrecorded.begin());
    }
    if (m_transitions && m_unrecorded.empty())
        (void)m_transitions->deliver(*m_backends.store); // rows of this run and of runs before it
    if (m_unsaved)
        saveCurrent(m_flag ? m_flag->version : 0);
    (void)m_outbox->flush();
}

void ControllerWorker::saveCurrent(std::int64_t flagVersion)
{
    auto saved = saveState(*m_records, m_c.m_config.plan, m_state, flagVersion, m_c.m_config.actor, now());
    m_unsaved = !saved;
    if (saved)
        m_revision = saved->revision;
    else
        Q_EMIT m_c.failed(saved.error());
}

void ControllerWorker::commit(const Transition &transition, std::int64_t flagVersion)
{
    const Plan &plan = m_c.m_config.plan;
    m_state = transition.state;
    // On disk (fsync'd) before the store is asked: PostgreSQL down, or this process killed
    // before it is back, must not lose the row. Memory only if the disk refuses it.
    if (!m_transitions || !m_transitions->append(plan.agent, transition.event))
        m_unrecorded.push_back(transition.event);
    m_history.push_back(transition.event);
    saveCurrent(flagVersion);
    flushRecords();
    m_c.m_rollbackTarget.store(m_state.lastStableStage ? plan.stages[*m_state.lastStableStage].percentage : 0.0);
    Q_EMIT m_c.stateChanged(stateSnapshot());
}

std::optional<Error> ControllerWorker::audit(const std::string &actor, const std::string &action,
                                             const std::string &detailJson, bool &queued)
{
    store::AuditEntry entry;
    entry.at = now();
    entry.actor = actor;
    entry.action = action;
    entry.subject = m_c.m_config.plan.agent;
    entry.detailJson = detailJson;
    auto written = m_outbox->append(entry);
    if (!written)
        return written.error();
    queued = written->queued;
    return std::nullopt;
}

void ControllerWorker::evaluate(std::uint64_t commandId)
{
    if (!ready(commandId, CommandKind::Evaluate))
        return;
    flushRecords();
    const Plan &plan = m_c.m_config.plan;
    const std::uint64_t epoch = m_c.m_rollbackEpoch.load();
    const auto preempted = [this, epoch] { return m_c.m_rollbackEpoch.load() != epoch; };
    const TimePoint at = now();
    auto snap = std::make_shared<EvaluationSnapshot>();
    snap->generation = ++m_generation;
    snap->at = at;
    snap->state = m_state;
    snap->evidence = m_assembler->assemble(m_state, at, preempted);
    updateHealth(snap->evidence);
    if (snap->evidence.flag)
        m_flag = snap->evidence.flag;
    snap->evidenceHash = io::evidenceHash(io::evidenceDocument(plan, m_state, snap->evidence.evidence)).toStdString();
    if (snap->evidence.preempted) {
        snap->acted = acted::Preempted;
    } else if (isRunning(m_state)) {
        const Decision decision = GateEngine::evaluate(plan, m_state, snap->evidence.evidence, at);
        snap->decision = decision;
        const std::string &actor = m_c.m_config.actor;
        if (preempted()) {
            snap->acted = acted::Preempted;
        } else if (decision.action == Action::Rollback && !decision.terminal) {
            auto t = applyDecision(plan, m_state, decision, actor, snap->evidenceHash, at);
            auto change = t ? m_service->applyTransition(plan, *t, std::nullopt) : Result<FlagChange>(t.error());
            if (change) {
                commit(*t, change->flag.version);
                m_flag = change->flag;
                Q_EMIT m_c.flagChanged(change->flag);
                snap->acted = acted::RolledBack;
            } else {
                snap->acted = acted::Failed;
                snap->actionDetail = change.error().message;
                Q_EMIT m_c.failed(change.error());
            }
        } else if (decision.action == Action::Hold || decision.action == Action::Complete || decision.terminal) {
            // A terminal rollback is the efficacy test's recommendation (the final look passed
            // without crossing), not a safety alarm: it is recorded as a hold — the look it
            // took stays spent — and waits for an operator's rollback or amended plan.
            Decision recorded = decision;
            if (decision.terminal)
                recorded.action = Action::Hold;
            auto t = applyDecision(plan, m_state, recorded, actor, snap->evidenceHash, at);
            if (!t) {
                snap->acted = acted::Failed;
                snap->actionDetail = t.error().message;
            } else if (t->state.status != m_state.status) {
                const std::optional<std::int64_t> base = m_flag ? std::optional<std::int64_t>(m_flag->version) : std::nullopt;
                auto change = m_service->applyTransition(plan, *t, base);
                if (change) {
                    commit(*t, change->flag.version);
                    snap->acted = decision.terminal                       ? acted::RollbackRecommended
                                  : decision.action == Action::Complete ? acted::Completed
                                                                        : acted::Held;
                } else {
                    snap->acted = acted::Failed;
                    snap->actionDetail = change.error().message;
                }
            } else {
                if (!sameCarry(t->state, m_state)) {
                    m_state = t->state;
                    saveCurrent(m_flag ? m_flag->version : 0);
                    Q_EMIT m_c.stateChanged(stateSnapshot());
                }
                snap->acted = decision.terminal ? acted::RollbackRecommended : acted::Recorded;
            }
        } else { // Advance: only the advance command moves the rollout
            const RolloutState next = carryOver(m_state, decision);
            if (!sameCarry(next, m_state)) {
                m_state = next;
                saveCurrent(m_flag ? m_flag->version : 0);
                Q_EMIT m_c.stateChanged(stateSnapshot());
            }
            snap->acted = acted::AwaitingAdvance;
        }
    }
    Q_EMIT m_c.evaluated(std::move(snap));
    if (commandId != 0)
        finish(commandId, CommandKind::Evaluate, std::nullopt);
}

void ControllerWorker::startRollout(std::uint64_t id, const std::string &actor)
{
    if (!ready(id, CommandKind::Start))
        return;
    const Plan &plan = m_c.m_config.plan;
    auto flag = m_backends.flags->read(plan.flag);
    std::optional<std::int64_t> base;
    if (flag)
        base = flag->version;
    else if (flag.error().code == flags::flagerrc::NotFound)
        base = 0;
    else
        return finish(id, CommandKind::Start, flag.error());
    auto t = rollout::startRollout(plan, m_state, actor, now());
    if (!t)
        return finish(id, CommandKind::Start, t.error());
    auto change = m_service->applyTransition(plan, *t, base);
    if (!change)
        return finish(id, CommandKind::Start, change.error());
    commit(*t, change->flag.version);
    finish(id, CommandKind::Start, std::nullopt, change->flag, change->auditQueued);
}

void ControllerWorker::signOff(std::uint64_t id, const std::string &actor, const std::string &role, bool approve,
                               const std::string &comment, const std::string &evidenceHash)
{
    if (!ready(id, CommandKind::SignOff))
        return;
    const Plan &plan = m_c.m_config.plan;
    if (!isRunning(m_state))
        return finish(id, CommandKind::SignOff,
                      makeError("invalid_transition", "", std::string("The rollout is ") + statusName(m_state.status)
                                                              + ": there is no stage to sign off."));
    if (actor.empty() || role.empty())
        return finish(id, CommandKind::SignOff, makeError(errc::InvalidArgument, actor.empty() ? "approver" : "role",
                                                          "A sign-off needs an approver and a role."));
    SignOff s{actor, role, approve, comment, evidenceHash, now(), m_state.percentage(plan), false};
    if (auto ok = m_backends.store->recordSignOff(plan.agent, s); !ok)
        return finish(id, CommandKind::SignOff, ok.error());
    bool queued = false;
    const QJsonObject detail{{QStringLiteral("role"), QString::fromStdString(role)},
                             {QStringLiteral("decision"), approve ? QStringLiteral("approve") : QStringLiteral("reject")},
                             {QStringLiteral("comment"), QString::fromStdString(comment)},
                             {QStringLiteral("evidence_hash"), QString::fromStdString(evidenceHash)},
                             {QStringLiteral("from_percentage"), s.fromPercentage}};
    auto error = audit(actor, "sign_off", compact(detail), queued);
    finish(id, CommandKind::SignOff, error, std::nullopt, queued);
    evaluate(0);
}

void ControllerWorker::advance(std::uint64_t id, const std::string &actor, std::int64_t basedOn,
                               const std::optional<std::string> &justification)
{
    const CommandKind kind = justification ? CommandKind::Override : CommandKind::RequestAdvance;
    if (!ready(id, kind))
        return;
    const Plan &plan = m_c.m_config.plan;
    const TimePoint at = now();
    AssembledEvidence a = m_assembler->assemble(m_state, at);
    updateHealth(a);
    if (a.isMissing(part::Flag))
        return finish(id, kind, makeError(flags::flagerrc::Unavailable, "flag", "The flag could not be read: the advance is refused."));
    const std::int64_t current = a.flag ? a.flag->version : 0;
    if (current != basedOn)
        return finish(id, kind,
                      makeError(flags::flagerrc::VersionConflict, "expected_version",
                                "The flag is at version " + std::to_string(current) + ", not the version "
                                    + std::to_string(basedOn) + " the advance was decided on: refresh and decide again."));
    if (!a.complete()) {
        std::string parts;
        for (const MissingPart &m : a.missing)
            parts += (parts.empty() ? "" : ", ") + (m.gate.empty() ? m.part : m.part + ":" + m.gate);
        return finish(id, kind, makeError("evidence_incomplete", "evidence",
                                          "The advance is refused: parts of the evidence are missing (" + parts + ")."));
    }
    const std::string hash = io::evidenceHash(io::evidenceDocument(plan, m_state, a.evidence)).toStdString();
    Result<Transition> t = justification
        ? overrideAdvance(plan, m_state, GateEngine::evaluate(plan, m_state, a.evidence, at), actor, *justification, hash, at)
        : requestAdvance(plan, m_state, a.evidence, actor, hash, at);
    if (!t)
        return finish(id, kind, t.error());
    auto change = m_service->applyTransition(plan, *t, basedOn);
    if (!change)
        return finish(id, kind, change.error());
    commit(*t, change->flag.version);
    finish(id, kind, std::nullopt, change->flag, change->auditQueued);
}

void ControllerWorker::hold(std::uint64_t id, const std::string &actor, const std::string &why)
{
    if (!ready(id, CommandKind::Hold))
        return;
    const Plan &plan = m_c.m_config.plan;
    auto t = manualHold(plan, m_state, actor, why, now());
    if (!t)
        return finish(id, CommandKind::Hold, t.error());
    auto change = m_service->applyTransition(plan, *t, std::nullopt);
    if (!change)
        return finish(id, CommandKind::Hold, change.error());
    commit(*t, change->flag.version);
    finish(id, CommandKind::Hold, std::nullopt, change->flag, change->auditQueued);
}

void ControllerWorker::resume(std::uint64_t id, const std::string &actor, const std::string &why, std::int64_t basedOn)
{
    if (!ready(id, CommandKind::Resume))
        return;
    const Plan &plan = m_c.m_config.plan;
    auto t = resumeRollout(plan, m_state, actor, why, now());
    if (!t)
        return finish(id, CommandKind::Resume, t.error());
    auto change = m_service->applyTransition(plan, *t, basedOn);
    if (!change)
        return finish(id, CommandKind::Resume, change.error());
    commit(*t, change->flag.version);
    finish(id, CommandKind::Resume, std::nullopt, change->flag, change->auditQueued);
}

void ControllerWorker::recordIncident(std::uint64_t id, const std::string &actor, const std::string &severity,
                                      const std::string &summary)
{
    if (!ready(id, CommandKind::RecordIncident))
        return;
    if (summary.empty())
        return finish(id, CommandKind::RecordIncident,
                      makeError(errc::InvalidArgument, "summary", "An incident needs a summary."));
    const store::IncidentRecord incident{now(), severity.empty() ? std::string("minor") : severity, summary};
    if (auto ok = m_records->recordIncident(m_c.m_config.plan.agent, incident); !ok)
        return finish(id, CommandKind::RecordIncident, ok.error());
    bool queued = false;
    const QJsonObject detail{{QStringLiteral("severity"), QString::fromStdString(incident.severity)},
                             {QStringLiteral("summary"), QString::fromStdString(summary)}};
    auto error = audit(actor, "incident", compact(detail), queued);
    finish(id, CommandKind::RecordIncident, error, std::nullopt, queued);
    evaluate(0);
}

void ControllerWorker::rollbackWritten(const flags::FlagState &flag, const std::string &actor, const std::string &why,
                                       bool toZero)
{
    if (!m_flag || flag.version > m_flag->version)
        m_flag = flag;
    if (!m_stateLoaded && !ready(0, CommandKind::Rollback)) {
        Q_EMIT m_c.rollbackRecorded(flag.version, false);
        return;
    }
    const Plan &plan = m_c.m_config.plan;
    if (toZero) {
        auto t = killSwitch(plan, m_state, actor, why, now());
        if (t)
            commit(*t, flag.version);
        else
            flushRecords();
    } else if (isRunning(m_state)) {
        auto t = manualRollback(plan, m_state, actor, why, now());
        if (t)
            commit(*t, flag.version);
    } else {
        flushRecords();
    }
    Q_EMIT m_c.rollbackRecorded(flag.version, !m_unsaved);
}

} // namespace rampart::service
