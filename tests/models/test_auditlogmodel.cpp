// AuditLogModel: rows of a real store's audit trail, marked by the chain verification.

#include "auditlogmodel.h"
#include "modeltesting.h"

#include <QSortFilterProxyModel>

#include "store/sqliteevidencestore.h"

using rampart::models::AuditLogModel;
using rampart::models::AuditSnapshot;
using namespace rampart::testing;
namespace store = rampart::store;

namespace {

AuditSnapshot snapshotFromStore(int rows)
{
    auto opened = store::SqliteEvidenceStore::open(QStringLiteral(":memory:"));
    EXPECT_TRUE(opened.ok());
    auto &ws = **opened;
    const auto s = scenario("advance");
    for (int i = 0; i < rows; ++i) {
        store::AuditEntry e;
        e.at = s.now + std::chrono::minutes(i);
        e.actor = i % 2 ? "alice" : "watchdog";
        e.action = i % 2 ? "sign_off" : "flag_write";
        e.subject = s.plan.flag;
        e.detailJson = "{\"n\":" + std::to_string(i) + "}";
        EXPECT_TRUE(ws.appendAudit(e).ok());
    }
    AuditSnapshot snapshot;
    snapshot.source = QStringLiteral(":memory:");
    snapshot.entries = *ws.auditTrail(0, 1000);
    snapshot.verification = *ws.verifyAudit();
    return snapshot;
}

} // namespace

TEST(AuditLogModel, AnIntactChainMarksEveryRowVerified)
{
    AuditLogModel model;
    auto tester = attachTester(&model);
    model.setData(snapshotFromStore(5));
    ASSERT_EQ(model.rowCount(), 5);
    EXPECT_TRUE(model.chainIntact());
    EXPECT_EQ(model.chainStatus(), QStringLiteral("Chain intact: 5 row(s) verified."));
    for (int r = 0; r < 5; ++r)
        EXPECT_EQ(model.index(r, 0).data(AuditLogModel::ChainStateRole).toInt(), static_cast<int>(AuditLogModel::ChainState::Verified));
    EXPECT_EQ(model.actions(), (QStringList{QStringLiteral("flag_write"), QStringLiteral("sign_off")}));
}

TEST(AuditLogModel, ABrokenChainMarksTheBadRowAndEverythingAfterIt)
{
    AuditSnapshot snapshot = snapshotFromStore(4);
    // As verifyAudit reports a row whose hash does not match (store tests cover detection).
    snapshot.verification->firstBadId = snapshot.entries[1].id;
    snapshot.verification->problem = "hash mismatch";
    AuditLogModel model;
    auto tester = attachTester(&model);
    model.setData(snapshot);
    EXPECT_FALSE(model.chainIntact());
    using CS = AuditLogModel::ChainState;
    const CS expected[] = {CS::Verified, CS::Broken, CS::AfterBreak, CS::AfterBreak};
    for (int r = 0; r < 4; ++r)
        EXPECT_EQ(model.index(r, 0).data(AuditLogModel::ChainStateRole).toInt(), static_cast<int>(expected[r])) << r;
    EXPECT_TRUE(model.chainStatus().contains(QString::number(snapshot.entries[1].id)));
}

TEST(AuditLogModel, WithoutVerificationNothingClaimsToBeVerified)
{
    AuditSnapshot snapshot = snapshotFromStore(2);
    snapshot.verification.reset();
    AuditLogModel model;
    model.setData(snapshot);
    EXPECT_FALSE(model.chainIntact());
    EXPECT_EQ(model.index(0, 0).data(AuditLogModel::ChainStateRole).toInt(), static_cast<int>(AuditLogModel::ChainState::Unchecked));
}

// Issue 10: the Audit page sorted the "#" column as text (9, 8, …, 24, 23, …).
TEST(AuditLogModel, AuditIdColumnSortsNumerically)
{
    AuditLogModel model;
    model.setData(snapshotFromStore(24));
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(AuditLogModel::SortRole);
    proxy.sort(AuditLogModel::IdColumn, Qt::DescendingOrder);
    ASSERT_EQ(proxy.rowCount(), 24);
    QStringList ids;
    for (int r = 0; r < proxy.rowCount(); ++r)
        ids << proxy.index(r, AuditLogModel::IdColumn).data().toString();
    QStringList expected;
    for (int id = 24; id >= 1; --id)
        expected << QString::number(id);
    EXPECT_EQ(ids, expected);
    EXPECT_EQ(model.index(0, AuditLogModel::ActorColumn).data(AuditLogModel::SortRole),
              model.index(0, AuditLogModel::ActorColumn).data(Qt::DisplayRole))
        << "other columns sort by their text";
}
