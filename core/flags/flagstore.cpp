#include "flagstore.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace rampart::flags {

Result<std::optional<std::int64_t>> FlagStore::appliedVersion(const std::string &flag, const std::string &changeId)
{
    auto current = read(flag);
    if (current && !changeId.empty() && current->changeId == changeId)
        return std::optional<std::int64_t>(current->version);
    return makeError(flagerrc::Unavailable, std::string(),
                     "This flag store cannot tell whether change " + changeId + " was applied.");
}

// FNV-1a 64 (http://www.isthe.com/chongo/tech/comp/fnv/): offset basis 14695981039346656037,
// prime 1099511628211, over the bytes of salt, ":", unit id.
std::uint32_t bucketOf(std::string_view unitId, std::string_view salt)
{
    std::uint64_t hash = 14695981039346656037ULL;
    const auto mix = [&hash](std::string_view bytes) {
        for (const char c : bytes) {
            hash ^= static_cast<unsigned char>(c);
            hash *= 1099511628211ULL;
        }
    };
    mix(salt);
    mix(":");
    mix(unitId);
    return static_cast<std::uint32_t>(hash % 10000U);
}

bool inTreatment(std::string_view unitId, std::string_view salt, double percentage)
{
    if (!(percentage > 0.0)) // also false for NaN
        return false;
    return static_cast<double>(bucketOf(unitId, salt)) < percentage * 100.0;
}

std::optional<Error> validateWrite(const FlagWrite &change)
{
    if (!std::isfinite(change.percentage) || change.percentage < 0.0 || change.percentage > 100.0)
        return makeError(errc::InvalidArgument, "percentage",
                         "The percentage must be between 0 and 100, got " + formatPercentage(change.percentage) + ".");
    if (change.updatedBy.empty())
        return makeError(errc::InvalidArgument, "updated_by", "Name who makes the change (updated_by is empty).");
    if (change.reason.empty())
        return makeError(errc::InvalidArgument, "reason", "Give a reason for the change (reason is empty).");
    if (change.expectedVersion && *change.expectedVersion < 0)
        return makeError(errc::InvalidArgument, "expected_version",
                         "The expected version must be 0 or more, got " + std::to_string(*change.expectedVersion) + ".");
    if (change.versionFloor < 0)
        return makeError(errc::InvalidArgument, "version_floor",
                         "The version floor must be 0 or more, got " + std::to_string(change.versionFloor) + ".");
    bool printable = change.changeId.size() <= 128;
    for (const char c : change.changeId)
        printable = printable && c > ' ' && c < 127;
    if (!printable)
        return makeError(errc::InvalidArgument, "change_id",
                         "A change id is at most 128 printable ASCII characters without spaces.");
    return std::nullopt;
}

std::optional<Error> validateFlagName(std::string_view flag)
{
    const auto allowed = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
            || c == '-';
    };
    bool ok = !flag.empty() && flag.size() <= 128;
    for (const char c : flag)
        ok = ok && allowed(c);
    if (!ok)
        return makeError(errc::InvalidArgument, "flag",
                         "A flag name is 1 to 128 characters of letters, digits, '_', '.' and '-', got \""
                             + std::string(flag) + "\".");
    return std::nullopt;
}

std::string formatTimestamp(rollout::TimePoint t)
{
    using namespace std::chrono;
    const sys_days day = floor<days>(t);
    const year_month_day ymd(day);
    const hh_mm_ss<seconds> time(t - day);
    char text[32];
    std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                  static_cast<int>(time.seconds().count()));
    return text;
}

namespace {

/// Reads exactly @p width digits at @p pos.
std::optional<int> digits(std::string_view text, std::size_t pos, std::size_t width)
{
    int value = 0;
    for (std::size_t i = pos; i < pos + width; ++i) {
        if (i >= text.size() || text[i] < '0' || text[i] > '9')
            return std::nullopt;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

} // namespace

std::optional<rollout::TimePoint> parseTimestamp(std::string_view text)
{
    using namespace std::chrono;
    // "YYYY-MM-DDTHH:MM:SSZ"
    if (text.size() != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':'
        || text[16] != ':' || text[19] != 'Z')
        return std::nullopt;
    const auto y = digits(text, 0, 4), mo = digits(text, 5, 2), d = digits(text, 8, 2);
    const auto h = digits(text, 11, 2), mi = digits(text, 14, 2), s = digits(text, 17, 2);
    if (!y || !mo || !d || !h || !mi || !s || *h > 23 || *mi > 59 || *s > 59)
        return std::nullopt;
    const year_month_day ymd{year{*y}, month{static_cast<unsigned>(*mo)}, day{static_cast<unsigned>(*d)}};
    if (!ymd.ok())
        return std::nullopt;
    return sys_days(ymd) + hours(*h) + minutes(*mi) + seconds(*s);
}

std::string formatPercentage(double percentage)
{
    char text[64];
    const auto [end, ec] = std::to_chars(text, text + sizeof text, percentage);
    if (ec != std::errc())
        return "nan";
    return std::string(text, end);
}

std::optional<double> parsePercentage(std::string_view text)
{
    double value = 0.0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

} // namespace rampart::flags
