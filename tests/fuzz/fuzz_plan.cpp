// libFuzzer target: a rollout plan document, as `plan validate` and `decide` read it
// (parseRequest, then parsePlan with its semantic validation). A plan that parses must also
// write back to JSON (planToJson) without breaking the response contract.

#include "fuzzcheck.h"

#include "io/jsonvalue.h"
#include "io/planjson.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace rampart;
    const QByteArray input(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const auto object = io::parseRequest(input);
    if (!object) {
        fuzz::checkError(object.error());
        return 0;
    }
    const auto plan = io::parsePlan(*object);
    if (!plan) {
        fuzz::checkError(plan.error());
        return 0;
    }
    fuzz::checkResponse(io::planToJson(*plan));
    return 0;
}
