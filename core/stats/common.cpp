#include "common.h"

namespace rampart::stats {

std::string_view alternativeName(Alternative alternative)
{
    switch (alternative) {
    case Alternative::TwoSided: return "two-sided";
    case Alternative::Less: return "less";
    case Alternative::Greater: return "greater";
    }
    return "two-sided";
}

std::optional<Alternative> parseAlternative(std::string_view name)
{
    if (name == "two-sided" || name == "two_sided" || name == "2s")
        return Alternative::TwoSided;
    if (name == "less" || name == "smaller")
        return Alternative::Less;
    if (name == "greater" || name == "larger")
        return Alternative::Greater;
    return std::nullopt;
}

} // namespace rampart::stats
