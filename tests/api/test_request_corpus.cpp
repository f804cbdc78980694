// Corpus-driven robustness of the request parsing (ApiService::handle): hostile bodies,
// paths, methods and headers never crash, and every answer is a JSON object with a status
// the contract allows (the libFuzzer target that would grow this corpus is not built yet).

#include "api/apiservice.h"
#include "io/planjson.h"
#include "service/backends.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <gtest/gtest.h>

using namespace rampart;

namespace {

TEST(RequestCorpus, HostileRequestsGetJsonErrorsNeverACrash)
{
    auto plan = io::loadPlanFile(QStringLiteral(RAMPART_SOURCE_DIR "/resources/plans/documentation-keeper.json"));
    ASSERT_TRUE(plan);
    // No backends at all: every read that needs them is a 503 naming the store.
    auto views = std::make_shared<api::RolloutViewSource>(
        *plan, []() -> Result<service::ControllerBackends> { return makeError("store_unavailable", "database_url", "none"); },
        nullptr, std::chrono::milliseconds(0));
    auto tokens = api::TokenStore::fromText("operator o operator-token-000001\nviewer v viewer-token-00000001\n");
    ASSERT_TRUE(tokens);
    api::ApiOptions options;
    options.limits.requestsPerSecond = 0;
    api::ApiService service(views, nullptr, *tokens, options);

    const QList<QByteArray> bodies{"", " ", "{", "}", "[]", "null", "0", "\"x\"", "{\"percentage\":}", "{\"percentage\":1e999}",
                                   "{\"percentage\":-1}", "{\"percentage\":101}", "{\"percentage\":null}",
                                   "{\"effect_size\":0}", "{\"effect_size\":-0.1,\"power\":2}", "{\"metric\":\"\"}",
                                   "{\"metric\":[1]}", "{\"window\":\"-5h\"}", "{\"window\":\"h\"}", "{\"window\":\"99999999d\"}",
                                   "{\"approve\":\"yes\"}", QByteArray("{\"a\":\"\xff\xfe\"}"), QByteArray(3, '\0'),
                                   QByteArray(1000, '['), QByteArray(1000, '{'), "{\"percentage\":25}{\"percentage\":0}"};
    const QList<QString> paths{QStringLiteral("/"), QStringLiteral(""), QStringLiteral("/api/flags/"),
                               QStringLiteral("/api/flags/ml-agent-rollout"), QStringLiteral("/api/flags/ml-agent-rollout/x"),
                               QStringLiteral("/api/flags/documentation-keeper.ml-answers"),
                               QStringLiteral("/api/statistics/significance-test"), QStringLiteral("/api/statistics/sample-size"),
                               QStringLiteral("/api/rollout/decision"), QStringLiteral("/api/rollout/state"),
                               QStringLiteral("/api/rollout/sign-off"), QStringLiteral("/api/rollout/hold"), QStringLiteral("/api/cluster"),
                               QStringLiteral("/api/metrics//stability"),
                               QStringLiteral("/api/metrics/documentation-keeper/"), QStringLiteral("/api/metrics/../../etc"),
                               QStringLiteral("/metrics"), QStringLiteral("/health"), QStringLiteral("/api/metrics/a/b/c")};
    const QList<QByteArray> methods{"GET", "POST", "PUT", "DELETE", "HEAD", "OTHER"};
    const QList<QByteArray> auth{"", "Bearer", "Bearer ", "Bearer operator-token-000001", "Bearer viewer-token-00000001",
                                 "Basic b3A6cHc=", QByteArray(5000, 'A')};
    const QList<int> allowed{200, 400, 401, 403, 404, 405, 409, 413, 422, 429, 500, 503, 504};
    int n = 0;
    for (const QString &path : paths)
        for (const QByteArray &method : methods)
            for (const QByteArray &body : bodies)
                for (const QByteArray &a : auth) {
                    api::ApiRequest r{method, path, body, a, QStringLiteral("127.0.0.1"), {}};
                    const api::ApiResponse out = service.handle(r);
                    ++n;
                    ASSERT_TRUE(allowed.contains(out.status)) << out.status << " " << path.toStdString();
                    if (out.contentType == "application/json") {
                        const QJsonDocument doc = QJsonDocument::fromJson(out.body);
                        ASSERT_TRUE(doc.isObject()) << out.body.constData();
                        if (out.status >= 400) {
                            ASSERT_TRUE(doc.object().value(QStringLiteral("error")).isString()) << out.body.constData();
                        }
                        if (out.status == 400) { // issue 11: a 400 names the field
                            ASSERT_FALSE(doc.object().value(QStringLiteral("field")).toString().isEmpty())
                                << path.toStdString() << " " << body.constData() << " -> " << out.body.constData();
                        }
                    }
                }
    EXPECT_GT(n, 10000);
}

} // namespace
