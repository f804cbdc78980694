#pragma once

// Credentials never reach a message (issue 8, item 14). Every layer that quotes a URL, a
// libpq conninfo string or a library's error text in an Error::message passes it through
// redactCredentials() first. It lives beside result.h because every core layer builds
// Error messages and the Qt-free ones (core/flags) cannot reach core/io. Standard library
// only, header-only.

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace rampart {

namespace detail {

inline bool isCredentialKey(std::string_view key)
{
    std::string lower(key);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const char *word : {"password", "passwd", "pass", "pwd", "sslpassword", "secret", "token", "access_token",
                             "api_key", "apikey", "auth", "authorization"})
        if (lower == word)
            return true;
    return false;
}

inline bool isKeyChar(char c)
{
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
}

// Masks the password of every "user:password@" (URL user information). The user
// information runs back from '@' to the nearest '/', whitespace, quote or start, so
// malformed URLs ("redis:/u:pw@h", "u:pw@h") are masked too.
inline std::string maskUserInfo(std::string s)
{
    std::size_t searchFrom = 0;
    while (true) {
        const std::size_t at = s.find('@', searchFrom);
        if (at == std::string::npos)
            return s;
        std::size_t begin = at;
        while (begin > 0) {
            const char c = s[begin - 1];
            if (c == '/' || c == '"' || c == '\'' || std::isspace(static_cast<unsigned char>(c)))
                break;
            --begin;
        }
        const std::size_t colon = s.find(':', begin);
        if (colon != std::string::npos && colon < at && s.compare(colon + 1, at - colon - 1, "***") != 0) {
            s.replace(colon + 1, at - colon - 1, "***");
            searchFrom = colon + 1 + 3 + 1;
        } else {
            searchFrom = at + 1;
        }
    }
}

// Masks the value of every "key=value" whose key names a credential, in URL queries
// (?password=…&) and libpq conninfo strings (password='a b'); a quoted value runs to its
// closing quote (backslash escapes honoured), an unquoted one to '&', ';', whitespace or a
// quote.
inline std::string maskKeyValues(std::string s)
{
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        const bool keyStart = isKeyChar(s[i]) && (i == 0 || !isKeyChar(s[i - 1]));
        if (!keyStart) {
            out += s[i++];
            continue;
        }
        std::size_t end = i;
        while (end < s.size() && isKeyChar(s[end]))
            ++end;
        std::size_t eq = end;
        while (eq < s.size() && s[eq] == ' ')
            ++eq;
        if (eq >= s.size() || s[eq] != '=' || !isCredentialKey(std::string_view(s).substr(i, end - i))) {
            out.append(s, i, end - i);
            i = end;
            continue;
        }
        std::size_t v = eq + 1;
        while (v < s.size() && s[v] == ' ')
            ++v;
        out.append(s, i, v - i);
        if (v < s.size() && (s[v] == '\'' || s[v] == '"')) {
            const char quote = s[v];
            std::size_t close = v + 1;
            while (close < s.size() && s[close] != quote)
                close += s[close] == '\\' ? 2 : 1;
            out += quote;
            out += "***";
            if (close < s.size())
                out += quote;
            i = std::min(close + 1, s.size());
        } else {
            std::size_t close = v;
            while (close < s.size() && s[close] != '&' && s[close] != ';' && s[close] != '"' && s[close] != '\''
                   && !std::isspace(static_cast<unsigned char>(s[close])))
                ++close;
            out += "***";
            i = close;
        }
    }
    return out;
}

} // namespace detail

/**
 * `text` with every credential it may contain replaced by "***": the password of URL user
 * information (`scheme://user:***@host`, also in malformed URLs) and the value of every
 * credential key (`password`, `passwd`, `pass`, `pwd`, `sslpassword`, `secret`, `token`,
 * `access_token`, `api_key`, `apikey`, `auth`, `authorization`; case-insensitive) written as
 * `key=value` in a URL query or a libpq conninfo string. Safe on any text; idempotent.
 */
inline std::string redactCredentials(std::string_view text)
{
    return detail::maskKeyValues(detail::maskUserInfo(std::string(text)));
}

} // namespace rampart
