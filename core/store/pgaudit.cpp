// PgEvidenceStore: the append-only audit trail (hash chain).

#include "pgevidencestore.h"

#include "pgsession.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace rampart::store {

namespace {

constexpr int kVerifyBatch = 5000;
constexpr const char *kAuditColumns =
    "id, extract(epoch FROM at)::bigint, actor, action, subject, detail, previous_hash, hash";

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
    return e;
}

// The detail as stored: the compact (canonical) form of a JSON object; empty text is {}.
std::optional<std::string> canonicalDetail(const std::string &detailJson)
{
    if (detailJson.empty())
        return std::string("{}");
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray::fromStdString(detailJson), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.toJson(QJsonDocument::Compact).toStdString();
}

struct ChainHead
{
    std::int64_t lastId = 0;
    std::string lastHash;
};

// Locks the chain head for the rest of the transaction: appends are serialized here.
ChainHead lockHead(pqxx::work &txn)
{
    const auto row = txn.exec1("SELECT last_id, last_hash FROM rampart.audit_head FOR UPDATE");
    return ChainHead{row[0].as<std::int64_t>(), row[1].as<std::string>()};
}

void insertRow(pqxx::work &txn, const AuditEntry &e)
{
    txn.exec_params("INSERT INTO rampart.audit_log (id, at, actor, action, subject, detail, previous_hash, hash) "
                    "VALUES ($1, to_timestamp($2), $3, $4, $5, $6, $7, $8)",
                    e.id, epochSeconds(e.at), e.actor, e.action, e.subject, e.detailJson, e.previousHash, e.hash);
}

void moveHead(pqxx::work &txn, const AuditEntry &e)
{
    txn.exec_params("UPDATE rampart.audit_head SET last_id = $1, last_hash = $2", e.id, e.hash);
}

// Why `row` does not continue a chain whose previous row is `previousId` with `previousHash`.
std::optional<std::string> linkProblem(const AuditEntry &row, std::int64_t previousId, const std::string &previousHash)
{
    if (row.id != previousId + 1)
        return "audit row " + std::to_string(row.id) + " follows row " + std::to_string(previousId)
             + " (rows are missing)";
    if (row.previousHash != previousHash)
        return "audit row " + std::to_string(row.id) + " does not continue the chain (its previous hash is not row "
             + std::to_string(previousId) + "'s hash)";
    if (auditHash(row) != row.hash)
        return "audit row " + std::to_string(row.id) + " does not match its hash (it was changed after it was written)";
    return std::nullopt;
}

} // namespace

Result<AuditEntry> PgEvidenceStore::appendAudit(AuditEntry entry)
{
    const auto detail = canonicalDetail(entry.detailJson);
    if (!detail)
        return makeError(errc::InvalidArgument, "detail", "The audit detail is not a JSON object.");
    entry.detailJson = *detail;
    return guarded<AuditEntry>(*m_session, "append an audit row", [&](pqxx::connection &c) {
        pqxx::work txn(c);
        const ChainHead head = lockHead(txn);
        AuditEntry row = entry;
        row.id = head.lastId + 1;
        row.previousHash = head.lastHash;
        row.hash = auditHash(row);
        insertRow(txn, row);
        moveHead(txn, row);
        txn.commit();
        return row;
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
        for (;;) {
            const auto batch = txn.exec_params("SELECT " + std::string(kAuditColumns)
                                                   + " FROM rampart.audit_log WHERE id > $1 ORDER BY id LIMIT $2",
                                               lastId, kVerifyBatch);
            for (const auto &r : batch) {
                const AuditEntry row = auditRow(r);
                if (auto problem = linkProblem(row, lastId, lastHash)) {
                    v.firstBadId = row.id;
                    v.problem = *problem;
                    return v;
                }
                ++v.rowsChecked;
                lastId = row.id;
                lastHash = row.hash;
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
        }
        return v;
    });
}

Status PgEvidenceStore::importAudit(const std::vector<AuditEntry> &entries)
{
    return guarded<Done>(*m_session, "import audit rows", [&](pqxx::connection &c) -> Status {
        pqxx::work txn(c);
        ChainHead head = lockHead(txn);
        for (const AuditEntry &e : entries) {
            if (auto problem = linkProblem(e, head.lastId, head.lastHash))
                return makeError(storeerrc::Corrupt, "id", "Refusing to import: " + *problem + ".");
            insertRow(txn, e);
            head = ChainHead{e.id, e.hash};
        }
        if (!entries.empty())
            moveHead(txn, entries.back());
        txn.commit();
        return Done{};
    });
}

} // namespace rampart::store
