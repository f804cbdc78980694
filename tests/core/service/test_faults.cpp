// No flag change without its audit record, under faults (issue 8; label: integration, real
// Redis and PostgreSQL from scripts/test, plus redis-server processes and a delaying TCP proxy
// the tests start themselves):
// - Redis answers after the client's timeout: the write is reconciled, never "unavailable";
// - a session holds the chain head: a rollback still returns within 2 s, its records queued;
// - Redis restarted without persistence: the next version is still higher;
// - 1,000 writes under random faults (300 by default in CI, RAMPART_FAULT_WRITES=1000 for the
//   full run): published flag versions and audit records match one to one, with no duplicate.

#include "service/rolloutservice.h"

#include "flags/redisflagstore.h"
#include "store/outbox.h"
#include "store/pgevidencestore.h"

#include "delayproxy.h"
#include "pgtestdb.h"
#include "redistestsupport.h"

#include <gtest/gtest.h>

#include <QJsonDocument>
#include <QDir>
#include <QFile>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <thread>

using namespace rampart;
using namespace rampart::flags::testing;
using std::chrono::milliseconds;

namespace {

#define REQUIRE_DATABASE()                                                                                      \
    if (rampart::testing::testServerUrl().empty())                                                              \
    GTEST_SKIP() << "RAMPART_TEST_DATABASE_URL is needed (scripts/test sets it)"

std::unique_ptr<flags::RedisFlagStore> redisAt(const std::string &host, int port, const std::string &password,
                                               milliseconds timeout = milliseconds(1000))
{
    flags::RedisFlagStore::Options options;
    options.url = "redis://" + host + ":" + std::to_string(port) + "/0";
    options.password = password;
    options.commandTimeout = timeout;
    auto store = flags::RedisFlagStore::create(options);
    EXPECT_TRUE(store.ok()) << (store.ok() ? "" : store.error().message);
    return store.ok() ? std::move(store).value() : nullptr;
}

std::unique_ptr<store::PgEvidenceStore> pgStore(const std::string &url, store::PgStoreOptions options = {})
{
    auto s = store::PgEvidenceStore::open(url, "", options);
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
    return s.ok() ? std::move(s).value() : nullptr;
}

std::string changeIdOf(const store::AuditEntry &row)
{
    const QJsonObject detail = QJsonDocument::fromJson(QByteArray::fromStdString(row.detailJson)).object();
    return detail.value(QStringLiteral("change_id")).toString().toStdString();
}

std::string phaseOf(const store::AuditEntry &row)
{
    const QJsonObject detail = QJsonDocument::fromJson(QByteArray::fromStdString(row.detailJson)).object();
    return detail.value(QStringLiteral("phase")).toString().toStdString();
}

std::string outcomeOf(const store::AuditEntry &row)
{
    const QJsonObject detail = QJsonDocument::fromJson(QByteArray::fromStdString(row.detailJson)).object();
    return detail.value(QStringLiteral("outcome")).toString().toStdString();
}

std::vector<store::AuditEntry> wholeTrail(store::EvidenceStore &s)
{
    std::vector<store::AuditEntry> all;
    for (;;) {
        auto page = s.auditTrail(all.empty() ? 0 : all.back().id, 5000);
        EXPECT_TRUE(page.ok()) << (page.ok() ? "" : page.error().message);
        if (!page.ok() || page->empty())
            return all;
        all.insert(all.end(), page->begin(), page->end());
    }
}

/// Every message published on a channel, collected on its own connection.
class ChangeLog
{
public:
    ChangeLog(const RedisTarget &target, const std::string &channel) : m_context(connectRaw(target, 200))
    {
        if (!m_context)
            return;
        auto *reply = static_cast<redisReply *>(redisCommand(m_context.get(), "SUBSCRIBE %s", channel.c_str()));
        m_subscribed = reply != nullptr;
        freeReplyObject(reply);
        m_thread = std::thread([this] { run(); });
    }
    ~ChangeLog() { stop(); }
    bool subscribed() const { return m_subscribed; }
    /// Stops after the connection has been quiet for a moment; returns version → change id.
    std::multimap<std::int64_t, std::string> finish()
    {
        std::this_thread::sleep_for(milliseconds(300));
        stop();
        return m_changes;
    }

private:
    void stop()
    {
        m_stop = true;
        if (m_thread.joinable())
            m_thread.join();
    }
    void run()
    {
        while (!m_stop) {
            void *raw = nullptr;
            if (redisGetReply(m_context.get(), &raw) != REDIS_OK) {
                if (m_context->err == REDIS_ERR_IO && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                    m_context->err = 0; // a read timeout: keep listening
                    continue;
                }
                return;
            }
            auto *reply = static_cast<redisReply *>(raw);
            if (reply->type == REDIS_REPLY_ARRAY && reply->elements == 3) {
                const QJsonObject message =
                    QJsonDocument::fromJson(QByteArray(reply->element[2]->str, static_cast<qsizetype>(reply->element[2]->len)))
                        .object();
                m_changes.emplace(message.value(QStringLiteral("version")).toInteger(),
                                  message.value(QStringLiteral("change_id")).toString().toStdString());
            }
            freeReplyObject(reply);
        }
    }

    RawContext m_context;
    bool m_subscribed = false;
    std::atomic<bool> m_stop{false};
    std::multimap<std::int64_t, std::string> m_changes;
    std::thread m_thread;
};

/// Holds rampart.audit_head's row lock from another session, as issue 8 item 2 found.
class HeadLock
{
public:
    explicit HeadLock(const std::string &url) : m_connection(url), m_txn(m_connection)
    {
        m_txn.exec("SELECT * FROM rampart.audit_head FOR UPDATE");
    }
    void release() { m_txn.abort(); }

private:
    pqxx::connection m_connection;
    pqxx::work m_txn;
};

} // namespace

TEST(AuditFaults, RedisAnswerAfterTheTimeoutIsReconciledNotReportedUnavailable)
{
    const auto redis = sharedTestRedis();
    if (!redis)
        GTEST_SKIP() << "RAMPART_TEST_REDIS_URL is needed";
    REQUIRE_DATABASE();
    rampart::testing::TestDatabase db(rampart::testing::testServerUrl());
    rampart::testing::DelayProxy proxy(redis->host, redis->port);
    ASSERT_TRUE(proxy.listening());
    auto flags = redisAt("127.0.0.1", proxy.port(), redis->password, milliseconds(300));
    auto evidence = pgStore(db.url());
    ASSERT_TRUE(flags && evidence);
    QTemporaryDir outbox;
    store::OutboxAuditWriter writer(evidence.get(), outbox.path());
    service::OutboxAuditSink sink(writer, evidence.get());
    rollout::SystemClock clock;
    const std::string flag = uniqueFlagName("late-answer");
    service::RolloutService service(flag, *flags, sink, clock);
    ASSERT_TRUE(service.setPercentage(25.0, "significance", "ops:anna", "advance", 0).ok());

    proxy.delayNextReplies(1, milliseconds(800)); // the script's answer comes 500 ms too late
    auto rolledBack = service.rollback("oncall:piotr", "latency alert");
    ASSERT_TRUE(rolledBack.ok()) << "the flag changed, so this must not fail: " << rolledBack.error().message;
    EXPECT_EQ(proxy.delayed(), 1);
    EXPECT_TRUE(rolledBack->reconciled);
    EXPECT_EQ(rolledBack->flag.version, 2);
    EXPECT_EQ(rolledBack->flag.stage, "rollback");

    const auto trail = wholeTrail(*evidence);
    ASSERT_EQ(trail.size(), 4u);
    EXPECT_EQ(phaseOf(trail[2]), "intent");
    EXPECT_EQ(outcomeOf(trail[3]), "applied");
    EXPECT_EQ(trail[3].flagVersion, std::optional<std::int64_t>(2));
    EXPECT_EQ(changeIdOf(trail[3]), rolledBack->changeId);
}

TEST(AuditFaults, RollbackReturnsWithinTwoSecondsWhileASessionHoldsTheChainHead)
{
    const auto redis = sharedTestRedis();
    if (!redis)
        GTEST_SKIP() << "RAMPART_TEST_REDIS_URL is needed";
    REQUIRE_DATABASE();
    rampart::testing::TestDatabase db(rampart::testing::testServerUrl());
    pgStore(db.url()); // migrated
    auto flags = redisAt(redis->host, redis->port, redis->password);
    store::PgStoreOptions lazily;
    lazily.connectLazily = true; // as rampartctl opens it
    auto evidence = pgStore(db.url(), lazily);
    ASSERT_TRUE(flags && evidence);
    QTemporaryDir outbox;
    store::OutboxAuditWriter writer(evidence.get(), outbox.path());
    service::OutboxAuditSink sink(writer, evidence.get());
    rollout::SystemClock clock;
    const std::string flag = uniqueFlagName("head-locked");
    service::RolloutService service(flag, *flags, sink, clock);

    HeadLock lock(db.url());
    const auto started = std::chrono::steady_clock::now();
    auto rolledBack = service.rollback("oncall:piotr", "error rate breach");
    const auto took = std::chrono::steady_clock::now() - started;
    ASSERT_TRUE(rolledBack.ok()) << rolledBack.error().message;
    EXPECT_LT(took, std::chrono::seconds(2)) << "took "
                                             << std::chrono::duration_cast<milliseconds>(took).count() << " ms";
    RecordProperty("rollback_ms", static_cast<int>(std::chrono::duration_cast<milliseconds>(took).count()));
    std::cout << "[ measured ] rollback with audit_head locked: "
              << std::chrono::duration_cast<milliseconds>(took).count() << " ms\n";
    EXPECT_EQ(flags->read(flag)->stage, "rollback");
    EXPECT_TRUE(rolledBack->auditQueued) << "the chain head is locked: the records wait in the outbox";
    EXPECT_EQ(writer.pending()->size(), 2u);

    lock.release();
    auto flushed = writer.flush();
    ASSERT_TRUE(flushed.ok()) << flushed.error().message;
    EXPECT_EQ(flushed->stored, 2);
    auto verified = evidence->verifyAudit();
    ASSERT_TRUE(verified.ok());
    EXPECT_FALSE(verified->firstBadId.has_value()) << verified->problem;
}

TEST(AuditFaults, RedisRestartedWithoutPersistenceNeverReusesAVersion)
{
    REQUIRE_DATABASE();
    RedisServer server; // --save '' --appendonly no, as scripts/lib/services.sh runs Redis
    ASSERT_TRUE(server.start());
    rampart::testing::TestDatabase db(rampart::testing::testServerUrl());
    auto evidence = pgStore(db.url());
    ASSERT_TRUE(evidence);
    const RedisTarget target = server.target();
    rollout::SystemClock clock;
    const std::string flag = "doc-keeper";
    std::int64_t highest = 0;
    {
        auto flags = redisAt(target.host, target.port, target.password);
        QTemporaryDir outbox;
        store::OutboxAuditWriter writer(evidence.get(), outbox.path());
        service::OutboxAuditSink sink(writer, evidence.get());
        service::RolloutService service(flag, *flags, sink, clock);
        for (double p : {5.0, 25.0, 50.0}) {
            auto change = service.setPercentage(p, "stage", "ops:anna", "advance", highest);
            ASSERT_TRUE(change.ok()) << change.error().message;
            highest = change->flag.version;
        }
    }
    ASSERT_EQ(highest, 3);

    server.signal(SIGKILL);
    ASSERT_TRUE(server.start());
    auto flags = redisAt(target.host, target.port, target.password);
    EXPECT_EQ(flags->read(flag).error().code, flags::flagerrc::NotFound) << "the restart lost the flag";

    // A new machine (a fresh outbox): only the audit trail in PostgreSQL remembers version 3.
    QTemporaryDir outbox;
    store::OutboxAuditWriter writer(evidence.get(), outbox.path());
    service::OutboxAuditSink sink(writer, evidence.get());
    service::RolloutService service(flag, *flags, sink, clock);
    auto stale = service.setPercentage(75.0, "stage", "ops:jan", "advance on old evidence", highest);
    EXPECT_FALSE(stale.ok()) << "a compare-and-set against the lost version conflicts";
    auto rolledBack = service.rollback("oncall:piotr", "restart drill");
    ASSERT_TRUE(rolledBack.ok()) << rolledBack.error().message;
    EXPECT_EQ(rolledBack->flag.version, 4) << "continues above every version handed out before";
    EXPECT_EQ(flags->read(flag)->version, 4);
}

TEST(AuditFaults, ThousandWritesUnderRandomFaultsMatchTheAuditOneToOne)
{
    REQUIRE_DATABASE();
    const char *configured = std::getenv("RAMPART_FAULT_WRITES");
    // 300 in CI (about 11 s); RAMPART_FAULT_WRITES=1000 for the full run in docs/store.md.
    const int writes = configured ? std::atoi(configured) : 300;
    RedisServer server("fault-password");
    ASSERT_TRUE(server.start());
    const RedisTarget target = server.target();
    rampart::testing::TestDatabase db(rampart::testing::testServerUrl());
    pgStore(db.url()); // migrated
    rampart::testing::DelayProxy proxy(target.host, target.port);
    ASSERT_TRUE(proxy.listening());
    proxy.delayRandomly(0.02, milliseconds(300), 20261201);

    const std::string flag = "doc-keeper";
    ChangeLog published(target, flags::RedisFlagStore::channelOf(flag));
    ASSERT_TRUE(published.subscribed());
    auto flags = redisAt("127.0.0.1", proxy.port(), target.password, milliseconds(200));
    auto direct = redisAt(target.host, target.port, target.password);
    store::PgStoreOptions quick;
    quick.auditLockTimeoutMs = 100;
    quick.auditStatementTimeoutMs = 500;
    auto evidence = pgStore(db.url(), quick);
    ASSERT_TRUE(flags && direct && evidence);
    QTemporaryDir outbox;
    store::OutboxAuditWriter writer(evidence.get(), outbox.path());
    service::OutboxAuditSink sink(writer, evidence.get());
    rollout::SystemClock clock;
    service::RolloutService service(flag, *flags, sink, clock);

    std::mt19937 random(8);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::map<std::string, int> results;
    int killed = 0, headLocks = 0;
    const auto started = std::chrono::steady_clock::now();
    for (int i = 0; i < writes; ++i) {
        const double fault = uniform(random);
        std::unique_ptr<HeadLock> lock;
        if (fault < 0.03) { // drop every client connection to Redis
            auto admin = connectRaw(target);
            if (admin) {
                rawCommand(admin.get(), "CLIENT KILL TYPE normal");
                ++killed;
            }
        } else if (fault < 0.06) { // another session holds the chain head for this write
            lock = std::make_unique<HeadLock>(db.url());
            ++headLocks;
        }
        Result<service::FlagChange> change = makeError("none", "", "");
        if (uniform(random) < 0.1) {
            change = service.rollback("oncall:piotr", "fault drill " + std::to_string(i));
        } else {
            auto current = direct->read(flag);
            const std::int64_t expected = current ? current->version : 0;
            change = service.setPercentage(static_cast<double>(i % 101), "stage", "ops:anna",
                                           "fault drill " + std::to_string(i), expected);
        }
        results[change ? (change->reconciled ? "applied (reconciled)" : "applied") : change.error().code]++;
        if (lock)
            lock->release();
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    // Deliver what waited, then compare the flag's history with the trail.
    store::OutboxAuditWriter rest(evidence.get(), outbox.path());
    auto flushed = rest.flush();
    ASSERT_TRUE(flushed.ok()) << flushed.error().message;
    EXPECT_EQ(flushed->damagedLines, 0);
    const auto history = published.finish();
    const auto trail = wholeTrail(*evidence);

    std::set<std::string> recordIds;
    std::map<std::string, int> intents;
    std::map<std::string, std::int64_t> applied; // change id → flag version, from the trail
    std::set<std::int64_t> appliedVersions;
    for (const auto &row : trail) {
        EXPECT_TRUE(recordIds.insert(row.recordId).second) << "record " << row.recordId << " stored twice";
        const std::string id = changeIdOf(row);
        if (phaseOf(row) == "intent")
            ++intents[id];
        if (phaseOf(row) == "outcome" && outcomeOf(row) == "applied") {
            ASSERT_TRUE(row.flagVersion.has_value());
            EXPECT_TRUE(applied.emplace(id, *row.flagVersion).second);
            EXPECT_TRUE(appliedVersions.insert(*row.flagVersion).second) << "version " << *row.flagVersion << " twice";
        }
    }
    std::set<std::int64_t> publishedVersions;
    for (const auto &[version, changeId] : history) {
        EXPECT_TRUE(publishedVersions.insert(version).second) << "version " << version << " published twice";
        EXPECT_EQ(intents[changeId], 1) << "version " << version << " has no single intent record";
        const auto it = applied.find(changeId);
        ASSERT_NE(it, applied.end()) << "version " << version << " (change " << changeId
                                     << ") has no applied outcome record";
        EXPECT_EQ(it->second, version);
    }
    EXPECT_EQ(history.size(), applied.size()) << "every applied outcome was published, and nothing else";
    EXPECT_EQ(static_cast<int>(intents.size()), writes) << "one intent per attempt";
    auto verified = evidence->verifyAudit();
    ASSERT_TRUE(verified.ok());
    EXPECT_FALSE(verified->firstBadId.has_value()) << verified->problem;

    std::string summary;
    for (const auto &[what, count] : results)
        summary += what + "=" + std::to_string(count) + " ";
    std::cout << "[ measured ] " << writes << " writes in " << seconds << " s; " << summary << "; Redis replies delayed "
              << proxy.delayed() << ", connections killed " << killed << " times, chain head locked " << headLocks
              << " times; " << history.size() << " versions published, " << applied.size() << " applied outcomes, "
              << trail.size() << " audit rows\n";
    EXPECT_EQ(results.count(service::serviceerrc::OutcomeUnknown), 0u) << summary;
}

// ---- the same through rampartctl ---------------------------------------------------------

namespace {

struct CliRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    milliseconds took{0};
};

CliRun rampartctl(const QStringList &arguments, const RedisTarget &redis, const std::string &databaseUrl,
                  const QString &outbox, const QString &keyFile = {})
{
    QTemporaryDir configHome;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("XDG_CONFIG_HOME"), configHome.path());
    environment.insert(QStringLiteral("RAMPART_REDIS_URL"), QString::fromStdString(redis.url));
    environment.insert(QStringLiteral("RAMPART_REDIS_PASSWORD"), QString::fromStdString(redis.password));
    environment.insert(QStringLiteral("RAMPART_DATABASE_URL"), QString::fromStdString(databaseUrl));
    environment.insert(QStringLiteral("RAMPART_OUTBOX_DIR"), outbox);
    if (keyFile.isEmpty())
        environment.remove(QStringLiteral("RAMPART_AUDIT_KEY_FILE"));
    else
        environment.insert(QStringLiteral("RAMPART_AUDIT_KEY_FILE"), keyFile);
    QProcess process;
    process.setProcessEnvironment(environment);
    const auto started = std::chrono::steady_clock::now();
    process.start(QStringLiteral(RAMPARTCTL_PATH), arguments);
    EXPECT_TRUE(process.waitForStarted(10000));
    process.closeWriteChannel();
    EXPECT_TRUE(process.waitForFinished(30000));
    const auto took = std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - started);
    return CliRun{process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError(), took};
}

QString writeKeyFile(const QTemporaryDir &dir, QFileDevice::Permissions permissions)
{
    const QString path = dir.filePath(QStringLiteral("audit.key"));
    QFile file(path);
    EXPECT_TRUE(file.open(QIODevice::WriteOnly));
    file.write("cli-audit-key-0123456789abcdef\n");
    file.close();
    file.setPermissions(permissions);
    return path;
}

} // namespace

TEST(AuditFaultsCli, FlagRollbackReturnsWithinTwoSecondsWhileTheChainHeadIsLocked)
{
    const auto redis = sharedTestRedis();
    if (!redis)
        GTEST_SKIP() << "RAMPART_TEST_REDIS_URL is needed";
    REQUIRE_DATABASE();
    rampart::testing::TestDatabase db(rampart::testing::testServerUrl());
    pgStore(db.url()); // migrated
    QTemporaryDir outbox;
    const QString flag = QString::fromStdString(uniqueFlagName("cli-head-locked"));
    HeadLock lock(db.url());
    const CliRun run = rampartctl({QStringLiteral("flag"), QStringLiteral("rollback"), flag, QStringLiteral("--by"),
                                   QStringLiteral("oncall"), QStringLiteral("--reason"), QStringLiteral("drill")},
                                  *redis, db.url(), outbox.path());
    ASSERT_EQ(run.exitCode, 0) << run.err.constData();
    EXPECT_LT(run.took, milliseconds(2000)) << "issue 8 item 2: it used to hang";
    RecordProperty("cli_rollback_ms", static_cast<int>(run.took.count()));
    std::cout << "[ measured ] rampartctl flag rollback with audit_head locked: " << run.took.count() << " ms\n";
    const QJsonObject out = QJsonDocument::fromJson(run.out).object();
    EXPECT_EQ(out.value(QStringLiteral("stage")).toString(), QStringLiteral("rollback"));
    EXPECT_TRUE(out.value(QStringLiteral("audit")).toObject().value(QStringLiteral("queued")).toBool()) << run.out.constData();
    lock.release();

    const CliRun flush = rampartctl({QStringLiteral("audit"), QStringLiteral("flush")}, *redis, db.url(), outbox.path());
    ASSERT_EQ(flush.exitCode, 0) << flush.err.constData();
    EXPECT_EQ(QJsonDocument::fromJson(flush.out).object().value(QStringLiteral("flushed")).toInteger(), 2);
}

TEST(AuditFaultsCli, KeyedTrailCatchesASuperuserAndRefusesAnOpenKeyFile)
{
    const auto redis = sharedTestRedis();
    if (!redis)
        GTEST_SKIP() << "RAMPART_TEST_REDIS_URL is needed";
    REQUIRE_DATABASE();
    rampart::testing::TestDatabase db(rampart::testing::testServerUrl());
    QTemporaryDir outbox, keys;
    const QString key = writeKeyFile(keys, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    const QString flag = QString::fromStdString(uniqueFlagName("cli-keyed"));
    for (const char *percent : {"5", "25"}) {
        const CliRun set = rampartctl({QStringLiteral("flag"), QStringLiteral("set"), flag, QString::fromLatin1(percent),
                                       QStringLiteral("--by"), QStringLiteral("alice"), QStringLiteral("--reason"),
                                       QStringLiteral("gates passed")},
                                      *redis, db.url(), outbox.path(), key);
        ASSERT_EQ(set.exitCode, 0) << set.err.constData();
        EXPECT_TRUE(QJsonDocument::fromJson(set.out).object().value(QStringLiteral("audit")).toObject().value(
            QStringLiteral("stored")).toBool())
            << set.out.constData();
    }
    const QStringList verify{QStringLiteral("audit"), QStringLiteral("verify"), QStringLiteral("--key-file"), key};
    const CliRun ok = rampartctl(verify, *redis, db.url(), outbox.path());
    ASSERT_EQ(ok.exitCode, 0) << ok.err.constData();
    EXPECT_EQ(QJsonDocument::fromJson(ok.out).object().value(QStringLiteral("keyed_rows")).toInteger(), 4);
    const CliRun noKey = rampartctl({QStringLiteral("audit"), QStringLiteral("verify")}, *redis, db.url(), outbox.path());
    EXPECT_EQ(noKey.exitCode, 2) << "keyed rows are not passed unchecked";
    EXPECT_EQ(QJsonDocument::fromJson(noKey.err).object().value(QStringLiteral("error")).toString(),
              QStringLiteral("audit_key_required"))
        << noKey.err.constData();

    // A superuser edits a row and recomputes the unkeyed chain from there on.
    auto reader = pgStore(db.url());
    auto trail = wholeTrail(*reader);
    std::string sql = "ALTER TABLE rampart.audit_log DISABLE TRIGGER audit_log_append_only;";
    std::string previous = trail[1].hash;
    for (std::size_t i = 2; i < trail.size(); ++i) {
        store::AuditEntry row = trail[i];
        if (i == 2)
            row.actor = "mallory";
        row.previousHash = previous;
        row.chain = store::auditchain::Sha256;
        const std::string hash = store::auditHash(row);
        sql += "UPDATE rampart.audit_log SET actor = '" + row.actor + "', previous_hash = '" + previous + "', hash = '"
             + hash + "' WHERE id = " + std::to_string(row.id) + ";";
        previous = hash;
    }
    sql += "UPDATE rampart.audit_head SET last_hash = '" + previous + "';";
    db.exec(sql);
    const CliRun broken = rampartctl(verify, *redis, db.url(), outbox.path());
    EXPECT_EQ(broken.exitCode, 2) << broken.out.constData();
    EXPECT_EQ(QJsonDocument::fromJson(broken.err).object().value(QStringLiteral("id")).toInteger(), 3)
        << broken.err.constData();

    // A key file others may read is refused, as libpq and ssh refuse theirs.
    QFile::setPermissions(key, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther);
    const CliRun open = rampartctl(verify, *redis, db.url(), outbox.path());
    EXPECT_EQ(open.exitCode, 2);
    EXPECT_EQ(QJsonDocument::fromJson(open.err).object().value(QStringLiteral("field")).toString(),
              QStringLiteral("audit_key_file"))
        << open.err.constData();
}

TEST(AuditFaultsCli, FlagRollbackReturnsWithinTwoSecondsWhenPostgresNeverAnswers)
{
    const auto redis = sharedTestRedis();
    if (!redis)
        GTEST_SKIP() << "RAMPART_TEST_REDIS_URL is needed";
    // A "PostgreSQL" that accepts the TCP connection and then says nothing, like a stopped
    // (SIGSTOP) or wedged server: libpq waits its whole connect_timeout.
    const int silent = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    ASSERT_EQ(::bind(silent, reinterpret_cast<sockaddr *>(&address), sizeof address), 0);
    ASSERT_EQ(::listen(silent, 16), 0);
    ASSERT_EQ(::getsockname(silent, reinterpret_cast<sockaddr *>(&address), &length), 0);
    const std::string hungUrl = "postgresql://postgres@127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + "/rampart";

    QTemporaryDir outbox;
    const QString flag = QString::fromStdString(uniqueFlagName("cli-pg-hung"));
    const QStringList set{QStringLiteral("flag"), QStringLiteral("set"), flag, QStringLiteral("25"), QStringLiteral("--by"),
                          QStringLiteral("alice"), QStringLiteral("--reason"), QStringLiteral("advance")};
    ASSERT_EQ(rampartctl(set, *redis, hungUrl, outbox.path()).exitCode, 0);
    const CliRun run = rampartctl({QStringLiteral("flag"), QStringLiteral("rollback"), flag, QStringLiteral("--by"),
                                   QStringLiteral("oncall"), QStringLiteral("--reason"), QStringLiteral("drill")},
                                  *redis, hungUrl, outbox.path());
    ::close(silent);
    ASSERT_EQ(run.exitCode, 0) << run.err.constData();
    EXPECT_LT(run.took, milliseconds(2000)) << "a rollback waits for nothing but Redis and a bounded try";
    std::cout << "[ measured ] rampartctl flag rollback with PostgreSQL silent: " << run.took.count() << " ms\n";
    const QJsonObject out = QJsonDocument::fromJson(run.out).object();
    EXPECT_EQ(out.value(QStringLiteral("stage")).toString(), QStringLiteral("rollback"));
    EXPECT_TRUE(out.value(QStringLiteral("audit")).toObject().value(QStringLiteral("queued")).toBool()) << run.out.constData();
    store::OutboxAuditWriter writer(nullptr, outbox.path());
    EXPECT_EQ(writer.pending()->size(), 4u) << "intent and outcome of both writes are kept";
}

TEST(AuditFaultsCli, TornOutboxLineNoLongerDropsLaterRecords)
{
    const auto redis = sharedTestRedis();
    if (!redis)
        GTEST_SKIP() << "RAMPART_TEST_REDIS_URL is needed";
    REQUIRE_DATABASE();
    rampart::testing::TestDatabase db(rampart::testing::testServerUrl());
    QTemporaryDir outbox;
    {
        // Issue 8 item 5: a half-written last line, left by a crash.
        QFile torn(QDir(outbox.path()).filePath(QStringLiteral("audit-outbox.jsonl")));
        ASSERT_TRUE(torn.open(QIODevice::WriteOnly));
        torn.write("{\"at\":\"2026-11-30T10:00:00Z\",\"actor\":\"ali");
    }
    const QString flag = QString::fromStdString(uniqueFlagName("cli-torn"));
    const CliRun run = rampartctl({QStringLiteral("flag"), QStringLiteral("rollback"), flag, QStringLiteral("--by"),
                                   QStringLiteral("oncall"), QStringLiteral("--reason"), QStringLiteral("drill")},
                                  *redis, db.url(), outbox.path());
    ASSERT_EQ(run.exitCode, 0) << run.err.constData();
    const QJsonObject audit = QJsonDocument::fromJson(run.out).object().value(QStringLiteral("audit")).toObject();
    EXPECT_TRUE(audit.value(QStringLiteral("stored")).toBool()) << run.out.constData();
    EXPECT_TRUE(audit.value(QStringLiteral("damaged_file")).toString().endsWith(QStringLiteral("audit-outbox.damaged")))
        << "the damage is reported" << run.out.constData();
    auto evidence = pgStore(db.url());
    EXPECT_EQ(wholeTrail(*evidence).size(), 2u) << "the rollback's intent and outcome are stored";
}
