#pragma once

// Bearer-token authentication and roles for the HTTP API (docs/api.md). Tokens come from a
// file (never the command line) and are kept only as SHA-256 digests; a presented token is
// hashed and compared with every stored digest in constant time.

#include "stats/result.h"

#include <QByteArray>
#include <QString>

#include <optional>
#include <string>
#include <vector>

namespace rampart::api {

/// viewer < operator < stakeholder is NOT an order: each role has its own rights.
enum class Role { Viewer, Operator, Stakeholder };
const char *roleName(Role role);
std::optional<Role> parseRole(const QString &text);

struct Principal
{
    std::string name; ///< who the audited writes are by
    Role role = Role::Viewer;
};

/// Whether `role` may do something that needs `needed`. Operators and stakeholders may read;
/// flag writes (advance, hold, rollback) need an operator; sign-offs a stakeholder.
bool allows(Role role, Role needed);

class TokenStore
{
public:
    /**
     * Reads a token file: one token per line, `ROLE NAME TOKEN`, where ROLE is operator,
     * stakeholder or viewer, NAME the actor written to the audit trail, and TOKEN either the
     * secret itself or `sha256:<64 hex digits>` (its digest). Blank lines and lines starting
     * with # are skipped. Errors name the field "tokens" and the line number. A file others
     * may write is refused, and so is one others may read that holds a raw token (only
     * sha256: digests may be readable): "insecure_permissions", with the mode, never a token.
     */
    static Result<TokenStore> fromFile(const QString &path);
    static Result<TokenStore> fromText(const QByteArray &text);

    /// The principal whose token this is; every stored digest is compared (constant time).
    std::optional<Principal> authenticate(const QByteArray &token) const;
    std::size_t size() const { return m_entries.size(); }

private:
    struct Entry
    {
        QByteArray digest; ///< SHA-256, 32 bytes
        Principal principal;
    };
    std::vector<Entry> m_entries;
    std::size_t m_rawTokens = 0; ///< lines with the token itself rather than its sha256: digest
};

/// Constant-time equality of two byte strings of the same length (false if lengths differ).
bool constantTimeEquals(const QByteArray &a, const QByteArray &b);

} // namespace rampart::api
