// libFuzzer target: an evidence document against the shipped plan, as `rampartctl decide`
// runs it (parseRequest, parseDecideInput, GateEngine::evaluate, decisionToJson).

#include "fuzzcheck.h"

#include "io/decisionjson.h"
#include "io/evidencejson.h"
#include "io/jsonvalue.h"
#include "io/planjson.h"
#include "rollout/gateengine.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

// The plan the shipped examples belong to, read once from the source tree.
const rampart::rollout::Plan &shippedPlan()
{
    static const rampart::rollout::Plan plan = [] {
        const QString path = QStringLiteral(RAMPART_SOURCE_DIR "/resources/plans/documentation-keeper.json");
        auto loaded = rampart::io::loadPlanFile(path);
        if (!loaded) {
            std::fprintf(stderr, "cannot load the shipped plan: %s\n", loaded.error().message.c_str());
            std::abort();
        }
        return *loaded;
    }();
    return plan;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace rampart;
    const rollout::Plan &plan = shippedPlan();
    static const rollout::TimePoint now = *io::parseTime(QStringLiteral("2026-11-20T12:00:00Z"), "now");

    const QByteArray input(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const auto object = io::parseRequest(input);
    if (!object) {
        fuzz::checkError(object.error());
        return 0;
    }
    const auto decideInput = io::parseDecideInput(*object, plan, now);
    if (!decideInput) {
        fuzz::checkError(decideInput.error());
        return 0;
    }
    const rollout::Decision decision = rollout::GateEngine::evaluate(plan, decideInput->state, decideInput->evidence, now);
    fuzz::checkResponse(io::decisionToJson(decision));
    return 0;
}
