#include "canonicaljson.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <utility>
#include <vector>

namespace rampart::store {

namespace {

constexpr int kMaxDepth = 64;

/// Appends code point @p cp as UTF-8.
void appendUtf8(std::string &out, char32_t cp)
{
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

/// Decodes one UTF-8 sequence at @p pos (advancing it); nullopt-like -1 when invalid
/// (overlong forms, surrogates and code points above U+10FFFF are invalid).
long decodeUtf8(std::string_view s, std::size_t &pos)
{
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    const unsigned char b0 = byte(pos);
    int length = 0;
    char32_t cp = 0;
    if (b0 < 0x80) {
        ++pos;
        return b0;
    } else if ((b0 & 0xE0) == 0xC0) {
        length = 2;
        cp = b0 & 0x1F;
    } else if ((b0 & 0xF0) == 0xE0) {
        length = 3;
        cp = b0 & 0x0F;
    } else if ((b0 & 0xF8) == 0xF0) {
        length = 4;
        cp = b0 & 0x07;
    } else {
        return -1;
    }
    if (pos + static_cast<std::size_t>(length) > s.size())
        return -1;
    for (int i = 1; i < length; ++i) {
        const unsigned char b = byte(pos + static_cast<std::size_t>(i));
        if ((b & 0xC0) != 0x80)
            return -1;
        cp = (cp << 6) | (b & 0x3F);
    }
    static constexpr char32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMinimum[length] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return -1;
    pos += static_cast<std::size_t>(length);
    return static_cast<long>(cp);
}

/// The UTF-16 code units of a UTF-8 string (valid by construction here), for RFC 8785's
/// member order.
std::u16string utf16(std::string_view s)
{
    std::u16string out;
    for (std::size_t pos = 0; pos < s.size();) {
        long cp = decodeUtf8(s, pos);
        if (cp < 0) {
            ++pos;
            cp = 0xFFFD;
        }
        if (cp >= 0x10000) {
            cp -= 0x10000;
            out += static_cast<char16_t>(0xD800 + (cp >> 10));
            out += static_cast<char16_t>(0xDC00 + (cp & 0x3FF));
        } else {
            out += static_cast<char16_t>(cp);
        }
    }
    return out;
}

class Parser
{
public:
    Parser(std::string_view text, const char *field) : m_text(text), m_field(field) {}

    Result<std::string> run()
    {
        std::string out;
        skipSpace();
        if (!value(out, 0))
            return error();
        skipSpace();
        if (m_pos != m_text.size())
            return fail("unexpected text after the JSON value"), error();
        return out;
    }

private:
    bool fail(const char *what)
    {
        if (m_problem.empty())
            m_problem = std::string(what) + " at offset " + std::to_string(m_pos);
        return false;
    }
    Error error() const
    {
        return makeError(errc::InvalidArgument, m_field, "The " + std::string(m_field) + " is not valid JSON: "
                                                             + m_problem + ".");
    }
    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek() const { return atEnd() ? '\0' : m_text[m_pos]; }
    void skipSpace()
    {
        while (!atEnd() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r'))
            ++m_pos;
    }
    bool literal(std::string_view word, std::string &out)
    {
        if (m_text.substr(m_pos, word.size()) != word)
            return fail("unknown literal");
        m_pos += word.size();
        out += word;
        return true;
    }

    bool value(std::string &out, int depth)
    {
        if (depth >= kMaxDepth)
            return fail("nesting deeper than 64 levels");
        switch (peek()) {
        case '{':
            return object(out, depth);
        case '[':
            return array(out, depth);
        case '"': {
            std::string s;
            if (!string(s))
                return false;
            out += canonicalString(s);
            return true;
        }
        case 't':
            return literal("true", out);
        case 'f':
            return literal("false", out);
        case 'n':
            return literal("null", out);
        default:
            return number(out);
        }
    }

    bool object(std::string &out, int depth)
    {
        ++m_pos; // {
        std::vector<std::pair<std::string, std::string>> members; // name (UTF-8), canonical value
        skipSpace();
        if (peek() == '}') {
            ++m_pos;
            out += "{}";
            return true;
        }
        for (;;) {
            skipSpace();
            if (peek() != '"')
                return fail("expected a member name");
            std::string name;
            if (!string(name))
                return false;
            skipSpace();
            if (peek() != ':')
                return fail("expected ':'");
            ++m_pos;
            skipSpace();
            std::string member;
            if (!value(member, depth + 1))
                return false;
            members.emplace_back(std::move(name), std::move(member));
            skipSpace();
            if (peek() == ',') {
                ++m_pos;
                continue;
            }
            if (peek() == '}') {
                ++m_pos;
                break;
            }
            return fail("expected ',' or '}'");
        }
        std::vector<std::pair<std::u16string, std::size_t>> order;
        for (std::size_t i = 0; i < members.size(); ++i)
            order.emplace_back(utf16(members[i].first), i);
        std::sort(order.begin(), order.end());
        for (std::size_t i = 1; i < order.size(); ++i)
            if (order[i].first == order[i - 1].first)
                return fail("duplicate member name");
        out += '{';
        for (std::size_t i = 0; i < order.size(); ++i) {
            if (i > 0)
                out += ',';
            const auto &[name, member] = members[order[i].second];
            out += canonicalString(name);
            out += ':';
            out += member;
        }
        out += '}';
        return true;
    }

    bool array(std::string &out, int depth)
    {
        ++m_pos; // [
        out += '[';
        skipSpace();
        if (peek() == ']') {
            ++m_pos;
            out += ']';
            return true;
        }
        for (bool first = true;; first = false) {
            if (!first)
                out += ',';
            skipSpace();
            if (!value(out, depth + 1))
                return false;
            skipSpace();
            if (peek() == ',') {
                ++m_pos;
                continue;
            }
            if (peek() == ']') {
                ++m_pos;
                out += ']';
                return true;
            }
            return fail("expected ',' or ']'");
        }
    }

    bool hex4(char32_t &unit)
    {
        if (m_pos + 4 > m_text.size())
            return fail("truncated \\u escape");
        unit = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = m_text[m_pos++];
            unit <<= 4;
            if (c >= '0' && c <= '9')
                unit |= static_cast<char32_t>(c - '0');
            else if (c >= 'a' && c <= 'f')
                unit |= static_cast<char32_t>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                unit |= static_cast<char32_t>(c - 'A' + 10);
            else
                return fail("bad \\u escape");
        }
        return true;
    }

    /// A string token, decoded to UTF-8 in @p out.
    bool string(std::string &out)
    {
        ++m_pos; // "
        for (;;) {
            if (atEnd())
                return fail("unterminated string");
            const unsigned char c = static_cast<unsigned char>(peek());
            if (c == '"') {
                ++m_pos;
                return true;
            }
            if (c < 0x20)
                return fail("unescaped control character in a string");
            if (c == '\\') {
                ++m_pos;
                const char e = peek();
                ++m_pos;
                switch (e) {
                case '"': out += '"'; break;
                case '\\': out += '\\'; break;
                case '/': out += '/'; break;
                case 'b': out += '\b'; break;
                case 'f': out += '\f'; break;
                case 'n': out += '\n'; break;
                case 'r': out += '\r'; break;
                case 't': out += '\t'; break;
                case 'u': {
                    char32_t unit = 0;
                    if (!hex4(unit))
                        return false;
                    if (unit >= 0xD800 && unit <= 0xDBFF) {
                        char32_t low = 0;
                        if (m_text.substr(m_pos, 2) != "\\u")
                            return fail("lone surrogate in a \\u escape");
                        m_pos += 2;
                        if (!hex4(low))
                            return false;
                        if (low < 0xDC00 || low > 0xDFFF)
                            return fail("lone surrogate in a \\u escape");
                        unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                    } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
                        return fail("lone surrogate in a \\u escape");
                    }
                    appendUtf8(out, unit);
                    break;
                }
                default:
                    return fail("unknown escape");
                }
                continue;
            }
            const std::size_t start = m_pos;
            if (decodeUtf8(m_text, m_pos) < 0)
                return fail("invalid UTF-8");
            out.append(m_text.substr(start, m_pos - start));
        }
    }

    bool digits()
    {
        const std::size_t start = m_pos;
        while (!atEnd() && peek() >= '0' && peek() <= '9')
            ++m_pos;
        return m_pos > start;
    }

    bool number(std::string &out)
    {
        const std::size_t start = m_pos;
        if (peek() == '-')
            ++m_pos;
        if (peek() == '0') {
            ++m_pos;
        } else if (peek() >= '1' && peek() <= '9') {
            digits();
        } else {
            return fail("expected a value");
        }
        bool integral = true;
        if (peek() == '.') {
            ++m_pos;
            integral = false;
            if (!digits())
                return fail("expected digits after '.'");
        }
        if (peek() == 'e' || peek() == 'E') {
            ++m_pos;
            integral = false;
            if (peek() == '+' || peek() == '-')
                ++m_pos;
            if (!digits())
                return fail("expected digits in the exponent");
        }
        const std::string_view token = m_text.substr(start, m_pos - start);
        if (integral) {
            std::int64_t value = 0;
            const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
            if (ec == std::errc() && end == token.data() + token.size()) {
                out += canonicalInteger(value);
                return true;
            }
        }
        double value = 0.0;
        const auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), value);
        if (ec != std::errc() || end != token.data() + token.size() || !std::isfinite(value))
            return fail("number out of range");
        out += canonicalNumber(value);
        return true;
    }

    std::string_view m_text;
    const char *m_field;
    std::size_t m_pos = 0;
    std::string m_problem;
};

} // namespace

Result<std::string> canonicalJson(std::string_view json, const char *field)
{
    return Parser(json, field).run();
}

std::string canonicalString(std::string_view text)
{
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out = "\"";
    for (std::size_t pos = 0; pos < text.size();) {
        const unsigned char c = static_cast<unsigned char>(text[pos]);
        if (c >= 0x80) {
            const std::size_t start = pos;
            if (decodeUtf8(text, pos) < 0) {
                ++pos;
                out += "\xEF\xBF\xBD"; // U+FFFD
            } else {
                out.append(text.substr(start, pos - start));
            }
            continue;
        }
        ++pos;
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20) {
                out += "\\u00";
                out += kHex[c >> 4];
                out += kHex[c & 0xF];
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    return out + "\"";
}

std::string canonicalInteger(std::int64_t value)
{
    return std::to_string(value);
}

std::string canonicalNumber(double value)
{
    if (!std::isfinite(value))
        return "null";
    if (value == 0.0)
        return "0"; // also -0 (RFC 8785 §3.2.2.3)
    // The shortest digits that read back as the same double: "d.ddde±x".
    char buffer[64];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, std::fabs(value), std::chars_format::scientific);
    if (ec != std::errc())
        return "null";
    const std::string_view text(buffer, static_cast<std::size_t>(end - buffer));
    const auto e = text.find('e');
    std::string digits;
    for (const char c : text.substr(0, e))
        if (c != '.')
            digits += c;
    while (digits.size() > 1 && digits.back() == '0')
        digits.pop_back();
    int exponent = 0;
    std::from_chars(text.data() + e + 1 + (text[e + 1] == '+' ? 1 : 0), text.data() + text.size(), exponent);
    // ECMAScript Number::toString: value = 0.d1d2…dk × 10^n.
    const int k = static_cast<int>(digits.size());
    const int n = exponent + 1;
    std::string out = value < 0 ? "-" : "";
    if (k <= n && n <= 21) {
        out += digits + std::string(static_cast<std::size_t>(n - k), '0');
    } else if (0 < n && n <= 21) {
        out += digits.substr(0, static_cast<std::size_t>(n)) + "." + digits.substr(static_cast<std::size_t>(n));
    } else if (-6 < n && n <= 0) {
        out += "0." + std::string(static_cast<std::size_t>(-n), '0') + digits;
    } else {
        out += digits.substr(0, 1);
        if (k > 1)
            out += "." + digits.substr(1);
        out += "e";
        out += n - 1 >= 0 ? "+" : "-";
        out += std::to_string(std::abs(n - 1));
    }
    return out;
}

} // namespace rampart::store
