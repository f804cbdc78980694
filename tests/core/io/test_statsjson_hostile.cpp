// Hostile input (issue 8, "Hostile input"): every statistics command is walked with extreme
// values in every numeric field — 0, negative, ±1e308, the smallest subnormal, 2^53 and beyond,
// tiny standard deviations, NaN-like strings, wrong types, missing fields — and must answer
// with a clean value or a clean error every time: never a crash, an exception, a hang, NaN or
// infinity in a number, or a p-value outside [0, 1].

#include "io/jsonvalue.h"
#include "io/statsjson.h"

#include <gtest/gtest.h>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <cstdio>
#include <functional>
#include <set>
#include <string>
#include <vector>

using namespace rampart;

namespace {

// One request per command with every optional field spelled out, so each can be replaced.
const std::vector<std::pair<const char *, const char *>> &baseRequests()
{
    static const std::vector<std::pair<const char *, const char *>> requests{
        {"welch-t", R"({"a":{"n":120,"mean":4.4,"sd":0.9},"b":{"n":380,"mean":4.1,"sd":1.1},"confidence_level":0.95,"alternative":"two-sided"})"},
        {"student-t", R"({"a":[1.2,2.3,1.9],"b":[2.8,3.1,2.2],"confidence_level":0.9,"alternative":"less"})"},
        {"chi2", R"({"table":[[120,380],[90,410]],"yates":true})"},
        {"fisher", R"({"table":[[8,2],[1,5]],"alternative":"greater"})"},
        {"proportions-z", R"({"a":{"successes":460,"trials":500},"b":{"successes":1320,"trials":1500},"confidence_level":0.95,"alternative":"two-sided"})"},
        {"mann-whitney", R"({"a":[3,5,4,4,5],"b":[2,3,3,1,4],"method":"auto","use_continuity":true,"alternative":"two-sided"})"},
        {"sample-size", R"({"test":"t","effect_size":0.1,"power":0.8,"alpha":0.05,"ratio":3,"alternative":"two-sided"})"},
        {"sample-size", R"({"test":"proportions","p1":0.1,"p2":0.12,"power":0.8,"alpha":0.05,"ratio":19,"alternative":"greater"})"},
        {"power", R"({"test":"t","effect_size":0.1,"n_a":1571,"ratio":1,"alpha":0.05,"alternative":"less"})"},
        {"power", R"({"test":"proportions","p1":0.5,"p2":0.25,"n_a":40,"ratio":3,"alpha":0.05})"},
        {"mde", R"({"test":"t","n_a":1000,"ratio":3,"power":0.8,"alpha":0.05,"alternative":"greater"})"},
        {"mde", R"({"test":"proportions","n_a":1000,"ratio":0.5,"power":0.9,"alpha":0.01})"},
        {"srm", R"({"observed":[2450,7550],"expected_fractions":[0.25,0.75],"threshold":0.001})"},
        {"srm", R"({"observed":[105,190,305],"expected_weights":[1,2,3],"threshold":0.01})"},
        {"adjust", R"({"p_values":[0.01,0.04,0.03],"method":"holm","alpha":0.05})"},
        {"boundaries", R"({"information_fractions":[0.05,0.25,0.5,0.75,1],"alpha":0.05,"spending":"obrien-fleming","sides":2})"},
        {"boundaries", R"({"information_fractions":[0.2,1],"alpha":0.025,"spending":"pocock","sides":1})"},
    };
    return requests;
}

// The replacements tried in every numeric slot.
std::vector<QJsonValue> extremes()
{
    return {QJsonValue(0.0), QJsonValue(-0.0), QJsonValue(-1.0), QJsonValue(1.0), QJsonValue(0.5), QJsonValue(2.0),
            QJsonValue(1e308), QJsonValue(-1e308), QJsonValue(5e-324), QJsonValue(1e-300), QJsonValue(-1e-300),
            QJsonValue(1e-12), QJsonValue(1e12), QJsonValue(1e15), QJsonValue(9007199254740992.0),
            QJsonValue(9007199254740994.0), QJsonValue(9.2233720368547758e18), QJsonValue(1e20), QJsonValue(0.999999999999),
            QJsonValue(QStringLiteral("NaN")), QJsonValue(QStringLiteral("Infinity")), QJsonValue(QStringLiteral("-inf")),
            QJsonValue(QStringLiteral("1e308")), QJsonValue(QJsonValue::Null), QJsonValue(true), QJsonValue(QJsonArray{}),
            QJsonValue(QJsonObject{}), QJsonValue(QJsonValue::Undefined)};
}

// Calls `visit` with a copy of `value` in which one numeric leaf (or one array) is replaced.
using Visit = std::function<void(const QJsonValue &, const std::string &)>;

void mutateEach(const QJsonValue &value, const std::vector<QJsonValue> &replacements, const std::string &path,
                const Visit &visit);

QJsonValue withMember(QJsonObject object, const QString &key, const QJsonValue &member)
{
    if (member.isUndefined())
        object.remove(key);
    else
        object.insert(key, member);
    return object;
}

void mutateEach(const QJsonValue &value, const std::vector<QJsonValue> &replacements, const std::string &path,
                const Visit &visit)
{
    if (value.isDouble()) {
        for (const QJsonValue &r : replacements)
            visit(r, path);
        return;
    }
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            const QString key = it.key();
            mutateEach(it.value(), replacements, path + "." + key.toStdString(),
                       [&](const QJsonValue &v, const std::string &p) { visit(withMember(object, key, v), p); });
        }
        return;
    }
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        // The whole array: empty, one huge element, very long.
        QJsonArray longArray;
        for (int i = 0; i < 5000; ++i)
            longArray.append(static_cast<double>(i % 7));
        for (const QJsonValue &whole : {QJsonValue(QJsonArray{}), QJsonValue(QJsonArray{1e308}), QJsonValue(longArray)})
            visit(whole, path + "[*]");
        for (qsizetype i = 0; i < array.size(); ++i) {
            mutateEach(array.at(i), replacements, path + "[" + std::to_string(i) + "]",
                       [&](const QJsonValue &v, const std::string &p) {
                           QJsonArray copy = array;
                           if (v.isUndefined())
                               copy.removeAt(i);
                           else
                               copy.replace(i, v);
                           visit(copy, p);
                       });
        }
    }
}

const std::set<std::string> &knownCodes()
{
    static const std::set<std::string> codes{"invalid_argument", "insufficient_data", "degenerate_data", "no_convergence",
                                             "invalid_json", "missing_field", "wrong_type", "unknown_field"};
    return codes;
}

void expectNumbersClean(const QJsonValue &value, const std::string &where, const std::string &key = {})
{
    if (value.isDouble()) {
        const double x = value.toDouble();
        EXPECT_TRUE(std::isfinite(x)) << where << " " << key;
        if (key == "p_value" || key == "power" || key == "nominal_p") {
            EXPECT_TRUE(x >= 0.0 && x <= 1.0) << where << " " << key << " = " << x;
        }
        if (key == "n_b" || key == "total" || key == "minimum_sample_size") { // counts: no INT64_MIN garbage
            EXPECT_TRUE(x > 0.0 && x <= 9007199254740992.0 && x == std::floor(x)) << where << " " << key << " = " << x;
        }
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.constBegin(); it != object.constEnd(); ++it)
            expectNumbersClean(it.value(), where, it.key().toStdString());
    } else if (value.isArray()) {
        for (const QJsonValue &v : value.toArray())
            expectNumbersClean(v, where, key);
    }
}

} // namespace

TEST(StatsHostileInput, EveryCommandAnswersOrRefusesCleanlyForEveryExtremeValue)
{
    const std::vector<QJsonValue> replacements = extremes();
    int answered = 0;
    int refused = 0;
    for (const auto &[command, text] : baseRequests()) {
        auto base = io::parseRequest(QByteArray(text));
        ASSERT_TRUE(base.ok()) << text;
        mutateEach(QJsonValue(*base), replacements, command, [&](const QJsonValue &mutated, const std::string &path) {
            const std::string where = path + " in " + QJsonDocument(mutated.toObject()).toJson(QJsonDocument::Compact).left(300).toStdString();
            Result<QJsonObject> r = makeError("unset", "", "unset");
            EXPECT_NO_THROW(r = io::runStatsCommand(QString::fromLatin1(command), mutated.toObject())) << where;
            if (r.ok()) {
                ++answered;
                expectNumbersClean(*r, where);
            } else {
                ++refused;
                EXPECT_TRUE(knownCodes().count(r.error().code)) << r.error().code << " at " << where;
                EXPECT_FALSE(r.error().message.empty()) << where;
            }
        });
    }
    // The walk really exercised both sides of the contract.
    EXPECT_GT(answered, 200);
    EXPECT_GT(refused, 1000);
    std::printf("%d answered, %d refused\n", answered, refused);
}

TEST(StatsHostileInput, RequestsFromTheIssueAreRefusedWithTheirField)
{
    // Issue 8 items 10-12, as JSON requests.
    const std::tuple<const char *, const char *, const char *> cases[] = {
        {"sample-size", R"({"effect_size":100000})", "effect_size"},
        {"power", R"({"effect_size":0.1,"n_a":1e12})", "n_a"},
        {"mde", R"({"n_a":1000,"ratio":1e308})", "ratio"},
        {"sample-size", R"({"effect_size":0.1,"ratio":1e20})", "ratio"},
        {"fisher", R"({"table":[[9007199254740992,9007199254740992],[9007199254740992,9007199254740992]]})", "table"},
        {"welch-t", R"({"a":{"n":2,"mean":1e308,"sd":1e308},"b":{"n":2,"mean":-1e308,"sd":1e308}})", ""},
    };
    for (const auto &[command, text, field] : cases) {
        auto request = io::parseRequest(QByteArray(text));
        ASSERT_TRUE(request.ok()) << text;
        auto r = io::runStatsCommand(QString::fromLatin1(command), *request);
        ASSERT_FALSE(r.ok()) << command << " " << text;
        EXPECT_EQ(r.error().code, "invalid_argument") << text << ": " << r.error().message;
        EXPECT_EQ(r.error().field, field) << text << ": " << r.error().message;
    }
}
