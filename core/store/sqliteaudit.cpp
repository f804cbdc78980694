// The SQLite store's audit log: the same hash chain as PostgreSQL's (store::auditHash), the
// same idempotency by record id (docs/store.md).

#include "canonicaljson.h"
#include "sqliteevidencestore.h"
#include "sqlitesql.h"

namespace rampart::store {

namespace {

using namespace sqlite;

constexpr const char *AuditColumns = "id, at, actor, action, subject, detail, previous_hash, hash,"
                                     " coalesce(record_id, ''), os_user, db_role, flag_version, chain";

AuditEntry auditFromRow(const Sql &q)
{
    AuditEntry e;
    e.id = q.integer(0);
    e.at = q.time(1);
    e.actor = q.str(2);
    e.action = q.str(3);
    e.subject = q.str(4);
    e.detailJson = q.str(5);
    e.previousHash = q.str(6);
    e.hash = q.str(7);
    e.recordId = q.str(8);
    e.osUser = q.str(9);
    e.dbRole = q.str(10);
    if (!q.isNull(11))
        e.flagVersion = q.integer(11);
    e.chain = static_cast<int>(q.integer(12));
    return e;
}

QVariantList auditValues(const AuditEntry &e)
{
    return {qlonglong(e.id),
            seconds(e.at),
            qs(e.actor),
            qs(e.action),
            qs(e.subject),
            qs(e.detailJson),
            qs(e.previousHash),
            qs(e.hash),
            e.recordId.empty() ? QVariant() : QVariant(qs(e.recordId)),
            qs(e.osUser),
            qs(e.dbRole),
            e.flagVersion ? QVariant(qlonglong(*e.flagVersion)) : QVariant(),
            e.chain};
}

constexpr const char *InsertAudit = "INSERT INTO audit_log (id, at, actor, action, subject, detail, previous_hash,"
                                    " hash, record_id, os_user, db_role, flag_version, chain)"
                                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

std::string selectAudit(const char *where)
{
    return std::string("SELECT ") + AuditColumns + " FROM audit_log " + where;
}

} // namespace

Result<std::pair<std::int64_t, std::string>> SqliteEvidenceStore::lastAudit()
{
    Sql q(m_connection, "read the audit log");
    if (auto ok = q.exec("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1"); !ok)
        return ok.error();
    return q.next() ? std::pair(std::int64_t(q.integer(0)), q.str(1)) : std::pair(std::int64_t(0), GenesisHash);
}

Result<AuditEntry> SqliteEvidenceStore::appendAuditLocked(AuditEntry entry, bool &existed)
{
    existed = false;
    if (!entry.recordId.empty()) {
        Sql q(m_connection, "read the audit log");
        const std::string statement = selectAudit("WHERE record_id = ?");
        if (auto ok = q.exec(statement.c_str(), {qs(entry.recordId)}); !ok)
            return ok.error();
        if (q.next()) {
            existed = true;
            return auditFromRow(q);
        }
    }
    if (entry.detailJson.empty())
        entry.detailJson = "{}";
    auto detail = canonicalJson(entry.detailJson);
    if (!detail || detail->empty() || detail->front() != '{')
        return makeError(errc::InvalidArgument, "detail", "The audit detail is not a JSON object.");
    entry.detailJson = *detail;
    auto last = lastAudit();
    if (!last)
        return last.error();
    entry.id = last->first + 1;
    entry.previousHash = last->second;
    entry.dbRole.clear(); // no database login in a local file
    entry.chain = m_auditKey.empty() ? auditchain::Sha256 : auditchain::HmacSha256;
    entry.hash = auditHash(entry, m_auditKey);
    if (auto ok = Sql(m_connection, "append to the audit log").exec(InsertAudit, auditValues(entry)); !ok)
        return ok.error();
    return entry;
}

Result<AuditEntry> SqliteEvidenceStore::appendAudit(AuditEntry entry)
{
    Transaction transaction(m_connection);
    if (auto ok = transaction.begin(); !ok)
        return ok.error();
    bool existed = false;
    auto stored = appendAuditLocked(std::move(entry), existed);
    if (!stored)
        return stored.error();
    if (auto ok = transaction.commit(); !ok)
        return ok.error();
    return stored;
}

Result<AuditBatchResult> SqliteEvidenceStore::appendAuditBatch(const std::vector<AuditEntry> &entries)
{
    Transaction transaction(m_connection);
    if (auto ok = transaction.begin(); !ok)
        return ok.error();
    AuditBatchResult result;
    for (const AuditEntry &entry : entries) {
        bool existed = false;
        auto stored = appendAuditLocked(entry, existed);
        if (!stored)
            return stored.error();
        ++(existed ? result.alreadyStored : result.stored);
        result.rows.push_back(std::move(stored).value());
    }
    if (auto ok = transaction.commit(); !ok)
        return ok.error();
    return result;
}

Result<std::int64_t> SqliteEvidenceStore::highestFlagVersion(const std::string &flag)
{
    Sql q(m_connection, "read the highest flag version");
    if (auto ok = q.exec("SELECT coalesce(max(flag_version), 0) FROM audit_log WHERE subject = ?", {qs(flag)}); !ok)
        return ok.error();
    return q.next() ? std::int64_t(q.integer(0)) : std::int64_t(0);
}

Result<std::vector<AuditEntry>> SqliteEvidenceStore::auditTrail(std::int64_t afterId, int limit)
{
    Sql q(m_connection, "read the audit log");
    const std::string statement = selectAudit("WHERE id > ? ORDER BY id LIMIT ?");
    if (auto ok = q.exec(statement.c_str(), {qlonglong(afterId), std::max(limit, 0)}); !ok)
        return ok.error();
    std::vector<AuditEntry> entries;
    while (q.next())
        entries.push_back(auditFromRow(q));
    return entries;
}

Result<AuditVerification> SqliteEvidenceStore::verifyAudit()
{
    Sql q(m_connection, "read the audit log");
    const std::string statement = selectAudit("ORDER BY id");
    if (auto ok = q.exec(statement.c_str()); !ok)
        return ok.error();
    AuditVerification result;
    std::string previous = GenesisHash;
    int lastChain = auditchain::Legacy;
    while (q.next()) {
        const AuditEntry entry = auditFromRow(q);
        const bool unchecked = entry.chain == auditchain::HmacSha256 && m_auditKey.empty();
        ++result.rowsChecked;
        const std::string row = "Audit row " + std::to_string(entry.id);
        if (entry.previousHash != previous)
            result.problem = row + ": its previous_hash is not the hash of the row before it.";
        else if (entry.chain < lastChain)
            result.problem = row + ": its chain went back from " + std::to_string(lastChain) + " to "
                           + std::to_string(entry.chain) + " (rewritten without the key).";
        else if (!unchecked && auditHash(entry, m_auditKey) != entry.hash)
            result.problem = row + ": its hash does not match its contents; it was changed after it was written.";
        if (!result.problem.empty()) {
            result.firstBadId = entry.id;
            break;
        }
        if (unchecked)
            ++result.uncheckedRows;
        else
            ++(entry.chain == auditchain::Legacy ? result.legacyRows
                                                 : entry.chain == auditchain::Sha256 ? result.unkeyedRows
                                                                                     : result.keyedRows);
        previous = entry.hash;
        lastChain = entry.chain;
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
