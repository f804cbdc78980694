#pragma once

// Errors are values in the engine (STYLE.md §7): every fallible core function returns
// Result<T>, carrying either the value or an Error with a stable code, the path of the
// offending input field and a human sentence. The CLI, API and GUI turn it into an exit
// code + JSON, a 4xx body or a dialog; nothing in core/ prints or throws across its API.

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace rampart {

/// Stable, machine-readable error codes shared by every core layer.
namespace errc {
inline constexpr const char *InvalidArgument = "invalid_argument"; ///< a value outside its domain
inline constexpr const char *InsufficientData = "insufficient_data"; ///< too few observations
inline constexpr const char *DegenerateData = "degenerate_data"; ///< e.g. zero variance everywhere
inline constexpr const char *NoConvergence = "no_convergence"; ///< an iterative solve failed
} // namespace errc

struct Error
{
    std::string code;    ///< one of errc::*, or a layer's own code
    std::string field;   ///< path of the offending input, e.g. "a.sd"; empty if none
    std::string message; ///< a complete English sentence for the user
};

inline Error makeError(std::string code, std::string field, std::string message)
{
    return Error{std::move(code), std::move(field), std::move(message)};
}

/// A value or an Error; a small stand-in for C++23 std::expected.
template <typename T>
class [[nodiscard]] Result
{
public:
    Result(T value) : m_state(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : m_state(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }

    const T &value() const & { assert(ok()); return std::get<0>(m_state); }
    T &value() & { assert(ok()); return std::get<0>(m_state); }
    T &&value() && { assert(ok()); return std::get<0>(std::move(m_state)); }
    const T &operator*() const & { return value(); }
    const T *operator->() const { return &value(); }

    const Error &error() const { assert(!ok()); return std::get<1>(m_state); }

private:
    std::variant<T, Error> m_state;
};

/// The value of a Result that has nothing to return but success.
struct Done
{
};
using Status = Result<Done>;

} // namespace rampart
