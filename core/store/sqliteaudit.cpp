// The SQLite store's audit log: the same hash chain as PostgreSQL's (store::auditHash).

#include "sqliteevidencestore.h"
#include "sqlitesql.h"

namespace rampart::store {

namespace {

using namespace sqlite;

AuditEntry auditFromRow(const Sql &q)
{
    return AuditEntry{q.integer(0), q.time(1), q.str(2), q.str(3), q.str(4), q.str(5), q.str(6), q.str(7)};
}

QVariantList auditValues(const AuditEntry &e)
{
    return {qlonglong(e.id), seconds(e.at), qs(e.actor), qs(e.action), qs(e.subject), qs(e.detailJson),
            qs(e.previousHash), qs(e.hash)};
}

constexpr const char *InsertAudit = "INSERT INTO audit_log (id, at, actor, action, subject, detail,"
                                    " previous_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

} // namespace

Result<std::pair<std::int64_t, std::string>> SqliteEvidenceStore::lastAudit()
{
    Sql q(m_connection, "read the audit log");
    if (auto ok = q.exec("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1"); !ok)
        return ok.error();
    return q.next() ? std::pair(std::int64_t(q.integer(0)), q.str(1)) : std::pair(std::int64_t(0), GenesisHash);
}

Result<AuditEntry> SqliteEvidenceStore::appendAudit(AuditEntry entry)
{
    Transaction transaction(m_connection);
    if (auto ok = transaction.begin(); !ok)
        return ok.error();
    auto last = lastAudit();
    if (!last)
        return last.error();
    entry.id = last->first + 1;
    entry.previousHash = last->second;
    entry.hash = auditHash(entry);
    if (auto ok = Sql(m_connection, "append to the audit log").exec(InsertAudit, auditValues(entry)); !ok)
        return ok.error();
    if (auto ok = transaction.commit(); !ok)
        return ok.error();
    return entry;
}

Result<std::vector<AuditEntry>> SqliteEvidenceStore::auditTrail(std::int64_t afterId, int limit)
{
    Sql q(m_connection, "read the audit log");
    if (auto ok = q.exec("SELECT id, at, actor, action, subject, detail, previous_hash, hash FROM audit_log"
                         " WHERE id > ? ORDER BY id LIMIT ?",
                         {qlonglong(afterId), std::max(limit, 0)});
        !ok)
        return ok.error();
    std::vector<AuditEntry> entries;
    while (q.next())
        entries.push_back(auditFromRow(q));
    return entries;
}

Result<AuditVerification> SqliteEvidenceStore::verifyAudit()
{
    Sql q(m_connection, "read the audit log");
    if (auto ok = q.exec("SELECT id, at, actor, action, subject, detail, previous_hash, hash FROM audit_log"
                         " ORDER BY id");
        !ok)
        return ok.error();
    AuditVerification result;
    std::string previous = GenesisHash;
    while (q.next()) {
        const AuditEntry entry = auditFromRow(q);
        ++result.rowsChecked;
        const std::string row = "Audit row " + std::to_string(entry.id);
        if (entry.previousHash != previous)
            result.problem = row + ": its previous_hash is not the hash of the row before it.";
        else if (auditHash(entry) != entry.hash)
            result.problem = row + ": its hash does not match its contents; it was changed after it was written.";
        if (!result.problem.empty()) {
            result.firstBadId = entry.id;
            break;
        }
        previous = entry.hash;
    }
    return result;
}

Status SqliteEvidenceStore::importAudit(const std::vector<AuditEntry> &entries)
{
    Transaction transaction(m_connection);
    Sql insert(m_connection, "import the audit log");
    if (auto ok = transaction.begin(); !ok)
        return ok;
    auto last = lastAudit();
    if (!last)
        return last.error();
    auto [lastId, previous] = *last;
    if (auto ok = insert.prepare(InsertAudit); !ok)
        return ok;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const AuditEntry &e = entries[i];
        const std::string field = "entries[" + std::to_string(i) + "]", row = "Audit row " + std::to_string(e.id);
        if (e.previousHash != previous)
            return makeError(storeerrc::Corrupt, field + ".previous_hash",
                             row + " does not continue the chain: its previous_hash is not the hash of the last row.");
        if (e.id <= lastId)
            return makeError(storeerrc::Corrupt, field + ".id",
                             row + " does not come after row " + std::to_string(lastId) + ".");
        if (auto ok = insert.run(auditValues(e)); !ok)
            return ok;
        lastId = e.id;
        previous = e.hash;
    }
    return transaction.commit();
}

} // namespace rampart::store
