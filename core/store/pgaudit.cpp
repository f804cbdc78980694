// PgEvidenceStore: the append-only audit trail (hash chain; docs/store.md, "The audit trail").

#include "pgevidencestore.h"

#include "canonicaljson.h"
#include "pgsession.h"

#include <algorithm>

namespace rampart::store {

namespace {

constexpr int kVerifyBatch = 5000;
/// Records per transaction when appending a batch: an interrupted flush leaves whole batches.
constexpr std::size_t kAppendBatch = 100;
constexpr const char *kAuditColumns =
    "id, extract(epoch FROM at)::bigint, actor, action, subject, detail, previous_hash, hash, "
    "coalesce(record_id, ''), os_user, db_role, flag_version, chain";

AuditEntry auditRow(const pqxx::row &row)
{
    AuditEntry e;
    e.id = row[0].as<std::int64_t>();
    e.at = fromEpochSeconds(row[1].as<std::int64_t>());
    e.actor = row[2].as<std::string>();
    e.action = row[3].as<std::string>();
    e.subject = row[4].as<std::string>();
    e.detailJson = row[5].as<std::string>();
    e.previousHash = row[6].as<std::string>();
    e.hash = row[7].as<std::string>();
    e.recordId = row[8].as<std::string>();
    e.osUser = row[9].as<std::string>();
    e.dbRole = row[10].as<std::string>();
    if (!row[11].is_null())
        e.flagVersion = row[11].as<std::int64_t>();
    e.chain = row[12].as<int>();
    return e;
}

// The detail as stored: the RFC 8785 canonical form of a JSON object; empty text is {}.
std::optional<std::string> canonicalDetail(const std::string &detailJson)
{
    if (detailJson.empty())
        return std::string("{}");
    auto canonical = canonicalJson(detailJson);
    if (!canonical || canonical->empty() || canonical->front() != '{')
        return std::nullopt;
    return *canonical;
}

struct ChainHead
{
    std::int64_t lastId = 0;
    std::string lastHash;
};

/// Bounds every statement of an audit transaction (PgStoreOptions::audit*TimeoutMs).
void boundTransaction(pqxx::transaction_base &txn, const PgStoreOptions &options)
{
    txn.exec("SET LOCAL lock_timeout = " + std::to_string(std::max(options.auditLockTimeoutMs, 1)));
    txn.exec("SET LOCAL statement_timeout = " + std::to_string(std::max(options.auditStatementTimeoutMs, 1)));
}

// Locks the chain head for the rest of the transaction: appends are serialized here.
ChainHead lockHead(pqxx::work &txn)
{
    const auto row = txn.exec1("SELECT last_id, last_hash FROM rampart.audit_head FOR UPDATE");
    return ChainHead{row[0].as<std::int64_t>(), row[1].as<std::string>()};
}

void insertRow(pqxx::work &txn, const AuditEntry &e)
{
    const std::optional<std::string> recordId = e.recordId.empty() ? std::nullopt : std::optional(e.recordId);
    txn.exec_params("INSERT INTO rampart.audit_log (id, at, actor, action, subject, detail, previous_hash, hash, "
                    "record_id, os_user, db_role, flag_version, chain) "
                    "VALUES ($1, to_timestamp($2), $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
                    e.id, epochSeconds(e.at), e.actor, e.action, e.subject, e.detailJson, e.previousHash, e.hash,
                    recordId, e.osUser, e.dbRole, e.flagVersion, e.chain);
}

void moveHead(pqxx::work &txn, const AuditEntry &e)
{
    txn.exec_params("UPDATE rampart.audit_head SET last_id = $1, last_hash = $2", e.id, e.hash);
}

/// Why `row` does not continue a chain whose previous row is `previousId` with `previousHash`
/// and chain `previousChain` (chains never go back: 1 → 2 → 3).
std::optional<std::string> linkProblem(const AuditEntry &row, std::int64_t previousId, const std::string &previousHash,
                                       int previousChain, const std::string &key)
{
    const std::string name = "audit row " + std::to_string(row.id);
    if (row.id != previousId + 1)
        return name + " follows row " + std::to_string(previousId) + " (rows are missing)";
    if (row.previousHash != previousHash)
        return name + " does not continue the chain (its previous hash is not row " + std::to_string(previousId)
             + "'s hash)";
    if (row.chain < previousChain)
        return name + " has chain " + std::to_string(row.chain) + " after a row with chain "
             + std::to_string(previousChain) + " (a keyed trail was rewritten without the key)";
    if (row.chain == auditchain::HmacSha256 && key.empty())
        return std::nullopt; // its place in the chain is right; its HMAC needs the key
    if (auditHash(row, key) != row.hash)
        return name + " does not match its " + (row.chain == auditchain::HmacSha256 ? "HMAC" : "hash")
             + " (it was changed after it was written" + (row.chain == auditchain::HmacSha256 ? ", or the key is not the one it was written with" : "")
             + ")";
    return std::nullopt;
}

} // namespace

Result<std::vector<AuditEntry>> PgEvidenceStore::appendRecords(const std::vector<AuditEntry> &entries,
                                                               AuditBatchResult &counts)
{
    std::vector<AuditEntry> prepared = entries;
    for (AuditEntry &e : prepared) {
        const auto detail = canonicalDetail(e.detailJson);
        if (!detail)
            return makeError(errc::InvalidArgument, "detail",
                             "The audit detail of record \"" + e.recordId + "\" is not a JSON object.");
        e.detailJson = *detail;
    }
    std::vector<AuditEntry> out;
    for (std::size_t begin = 0; begin < prepared.size(); begin += kAppendBatch) {
        const std::size_t end = std::min(prepared.size(), begin + kAppendBatch);
        AuditBatchResult batchCounts;
        auto batch = guarded<std::vector<AuditEntry>>(*m_session, "append an audit row", [&](pqxx::connection &c) {
            pqxx::work txn(c);
            boundTransaction(txn, m_session->options());
            ChainHead head = lockHead(txn);
            const std::string role = txn.exec1("SELECT session_user::text")[0].as<std::string>();
            std::vector<AuditEntry> rows;
            std::optional<AuditEntry> last;
            for (std::size_t i = begin; i < end; ++i) {
                const AuditEntry &entry = prepared[i];
                if (!entry.recordId.empty()) {
                    const auto existing = txn.exec_params("SELECT " + std::string(kAuditColumns)
                                                              + " FROM rampart.audit_log WHERE record_id = $1",
                                                          entry.recordId);
                    if (!existing.empty()) {
                        rows.push_back(auditRow(existing[0]));
                        ++batchCounts.alreadyStored;
                        continue;
                    }
                }
                AuditEntry row = entry;
                row.id = head.lastId + 1;
                row.previousHash = head.lastHash;
                row.dbRole = role;
                row.chain = m_auditKey.empty() ? auditchain::Sha256 : auditchain::HmacSha256;
                row.hash = auditHash(row, m_auditKey);
                insertRow(txn, row);
                head = ChainHead{row.id, row.hash};
                last = row;
                rows.push_back(row);
                ++batchCounts.stored;
            }
            if (last)
                moveHead(txn, *last);
            txn.commit();
            return rows;
        });
        if (!batch)
            return batch.error();
        counts.stored += batchCounts.stored;
        counts.alreadyStored += batchCounts.alreadyStored;
        out.insert(out.end(), batch->begin(), batch->end());
    }
    return out;
}

Result<AuditEntry> PgEvidenceStore::appendAudit(AuditEntry entry)
{
    AuditBatchResult counts;
    auto rows = appendRecords({std::move(entry)}, counts);
    if (!rows)
        return rows.error();
    return rows->front();
}

Result<AuditBatchResult> PgEvidenceStore::appendAuditBatch(const std::vector<AuditEntry> &entries)
{
    AuditBatchResult counts;
    auto rows = appendRecords(entries, counts);
    if (!rows)
        return rows.error();
    counts.rows = std::move(rows).value();
    return counts;
}

Result<std::int64_t> PgEvidenceStore::highestFlagVersion(const std::string &flag)
{
    return guarded<std::int64_t>(*m_session, "read the highest flag version", [&](pqxx::connection &c) {
        pqxx::work txn(c);
        boundTransaction(txn, m_session->options());
        const auto row = txn.exec_params1(
            "SELECT coalesce(max(flag_version), 0) FROM rampart.audit_log WHERE subject = $1 AND flag_version IS NOT NULL",
            flag);
        return row[0].as<std::int64_t>();
    });
}

Result<std::vector<AuditEntry>> PgEvidenceStore::auditTrail(std::int64_t afterId, int limit)
{
    return guarded<std::vector<AuditEntry>>(*m_session, "read the audit trail", [&](pqxx::connection &c) {
        pqxx::read_transaction txn(c);
        std::vector<AuditEntry> out;
        for (const auto &row : txn.exec_params("SELECT " + std::string(kAuditColumns)
                                                   + " FROM rampart.audit_log WHERE id > $1 ORDER BY id LIMIT $2",
                                               afterId, limit > 0 ? limit : 1000))
            out.push_back(auditRow(row));
        return out;
    });
}

Result<AuditVerification> PgEvidenceStore::verifyAudit()
{
    return guarded<AuditVerification>(*m_session, "verify the audit trail", [&](pqxx::connection &c) {
        // One snapshot for the whole walk, so concurrent appends cannot look like gaps.
        pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> txn(c);
        AuditVerification v;
        std::int64_t lastId = 0;
        std::string lastHash;
        int lastChain = auditchain::Legacy;
        for (;;) {
            const auto batch = txn.exec_params("SELECT " + std::string(kAuditColumns)
                                                   + " FROM rampart.audit_log WHERE id > $1 ORDER BY id LIMIT $2",
                                               lastId, kVerifyBatch);
            for (const auto &r : batch) {
                const AuditEntry row = auditRow(r);
                if (auto problem = linkProblem(row, lastId, lastHash, lastChain, m_auditKey)) {
                    v.firstBadId = row.id;
                    v.problem = *problem;
                    return v;
                }
                ++v.rowsChecked;
                if (row.chain == auditchain::HmacSha256 && m_auditKey.empty())
                    ++v.uncheckedRows;
                else
                    ++(row.chain == auditchain::Legacy ? v.legacyRows
                                                       : row.chain == auditchain::Sha256 ? v.unkeyedRows : v.keyedRows);
                lastId = row.id;
                lastHash = row.hash;
                lastChain = row.chain;
            }
            if (batch.size() < static_cast<std::size_t>(kVerifyBatch))
                break;
        }
        // Rows removed from the end leave the head pointing past the last row.
        const auto head = txn.exec1("SELECT last_id, last_hash FROM rampart.audit_head");
        if (head[0].as<std::int64_t>() != lastId || head[1].as<std::string>() != lastHash) {
            v.firstBadId = head[0].as<std::int64_t>();
            v.problem = "the chain ends at row " + std::to_string(lastId) + " but its head records row "
                      + std::to_string(head[0].as<std::int64_t>()) + " (rows are missing at the end)";
        } else if (!m_auditKey.empty() && lastId > 0 && lastChain != auditchain::HmacSha256) {
            // A superuser can recompute an unkeyed chain, never a keyed one: with a key, the
            // newest row must carry an HMAC.
            v.firstBadId = lastId;
            v.problem = "the newest audit row " + std::to_string(lastId)
                      + " is not keyed although an audit key is in use (the trail was rewritten, or no row was "
                        "written with the key yet)";
        }
        return v;
    });
}

Status PgEvidenceStore::importAudit(const std::vector<AuditEntry> &entries)
{
    return guarded<Done>(*m_session, "import audit rows", [&](pqxx::connection &c) -> Status {
        pqxx::work txn(c);
        boundTransaction(txn, m_session->options());
        ChainHead head = lockHead(txn);
        int chain = auditchain::Legacy;
        for (const AuditEntry &e : entries) {
            if (auto problem = linkProblem(e, head.lastId, head.lastHash, chain, m_auditKey))
                return makeError(storeerrc::Corrupt, "id", "Refusing to import: " + *problem + ".");
            insertRow(txn, e);
            head = ChainHead{e.id, e.hash};
            chain = e.chain;
        }
        if (!entries.empty())
            moveHead(txn, entries.back());
        txn.commit();
        return Done{};
    });
}

} // namespace rampart::store
