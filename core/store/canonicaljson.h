#pragma once

// Canonical JSON for the audit hash: the JSON Canonicalization Scheme (RFC 8785), written
// here rather than borrowed from a JSON library, so a library's number or escape formatting
// can never change what an honest old audit row hashes to. No Qt.

#include "stats/result.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace rampart::store {

/**
 * Parses @p json (strict RFC 8259: one value, no trailing text, no comments, no leading
 * zeros, no ".5" or "1.", valid UTF-8, at most 64 levels deep) and writes it canonically
 * (RFC 8785, "JSON Canonicalization Scheme"):
 * - object members sorted by the UTF-16 code units of their names, no whitespace;
 * - strings with only the escapes JSON.stringify uses (\" \\ \b \f \n \r \t, \u00xx for the
 *   other control characters, lower-case hex), everything else as UTF-8;
 * - numbers as ECMAScript Number.prototype.toString writes the double (shortest round trip,
 *   exponent form below 1e-6 and from 1e21), except that a number written without fraction
 *   or exponent that fits a signed 64-bit integer stays that exact integer ("integers as
 *   integers": versions and ids above 2^53 are not rounded). For integers up to 2^53 this is
 *   what RFC 8785 prescribes.
 * Errors: errc::InvalidArgument on @p field, naming the offset of the problem. Duplicate
 * member names are refused (RFC 8785 §3.1).
 */
Result<std::string> canonicalJson(std::string_view json, const char *field = "detail");

/// A string as a canonical JSON string literal (quotes included). The text must be UTF-8;
/// invalid bytes are written as U+FFFD.
std::string canonicalString(std::string_view text);

/// An integer as canonical JSON.
std::string canonicalInteger(std::int64_t value);

/// A finite double as canonical JSON (ECMAScript Number.prototype.toString); "null" for
/// NaN and infinities, which JSON cannot carry.
std::string canonicalNumber(double value);

} // namespace rampart::store
