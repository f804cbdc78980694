#include "storeloaders.h"

#include "store/sqliteevidencestore.h"

#include <QFileInfo>

namespace rampart::widgets {

namespace {

Result<std::unique_ptr<store::SqliteEvidenceStore>> openExisting(const QString &path)
{
    if (!QFileInfo(path).isFile())
        return makeError("io_error", "path", "There is no workspace or archive at " + path.toStdString() + ".");
    return store::SqliteEvidenceStore::open(path);
}

Result<std::vector<store::AuditEntry>> readTrail(store::EvidenceStore &s)
{
    std::vector<store::AuditEntry> all;
    std::int64_t after = 0;
    for (;;) {
        auto page = s.auditTrail(after, 2000);
        if (!page)
            return page.error();
        if (page->empty())
            return all;
        after = page->back().id;
        all.insert(all.end(), page->begin(), page->end());
    }
}

} // namespace

Result<models::AuditSnapshot> loadAuditSnapshot(const QString &path)
{
    auto opened = openExisting(path);
    if (!opened)
        return opened.error();
    auto &s = **opened;
    models::AuditSnapshot snapshot;
    snapshot.source = path;
    auto trail = readTrail(s);
    if (!trail)
        return trail.error();
    snapshot.entries = std::move(trail).value();
    auto verification = s.verifyAudit();
    if (!verification)
        return verification.error();
    snapshot.verification = *verification;
    return snapshot;
}

Result<HistorySnapshot> loadHistorySnapshot(const QString &path, const QString &fallbackAgent)
{
    auto opened = openExisting(path);
    if (!opened)
        return opened.error();
    auto &s = **opened;
    HistorySnapshot h;
    h.source = path;
    auto agent = s.meta("agent");
    if (!agent)
        return agent.error();
    h.agent = agent->has_value() ? QString::fromStdString(**agent) : fallbackAgent;
    auto history = s.stageHistory(h.agent.toStdString());
    if (!history)
        return history.error();
    h.history = std::move(history).value();
    auto signOffs = s.signOffs(h.agent.toStdString());
    if (!signOffs)
        return signOffs.error();
    h.signOffs = std::move(signOffs).value();
    auto trail = readTrail(s);
    if (!trail)
        return trail.error();
    for (store::AuditEntry &e : trail.value()) {
        if (e.action == "transition" || e.action == "override" || e.action == "decision")
            h.decisions.push_back(std::move(e));
    }
    return h;
}

} // namespace rampart::widgets
