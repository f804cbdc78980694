#include "api/auth.h"

#include <QCryptographicHash>
#include <QFile>

#include <sys/stat.h>

#include <cstdio>

namespace rampart::api {

const char *roleName(Role role)
{
    switch (role) {
    case Role::Viewer: return "viewer";
    case Role::Operator: return "operator";
    case Role::Stakeholder: return "stakeholder";
    }
    return "viewer";
}

std::optional<Role> parseRole(const QString &text)
{
    if (text == QLatin1String("viewer"))
        return Role::Viewer;
    if (text == QLatin1String("operator"))
        return Role::Operator;
    if (text == QLatin1String("stakeholder"))
        return Role::Stakeholder;
    return std::nullopt;
}

bool allows(Role role, Role needed)
{
    if (needed == Role::Viewer)
        return true;
    return role == needed;
}

bool constantTimeEquals(const QByteArray &a, const QByteArray &b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

Result<TokenStore> TokenStore::fromFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError("io_error", "tokens", "Cannot read the token file " + path.toStdString() + ": "
                                                   + file.errorString().toStdString() + ".");
    struct stat st
    {};
    if (::fstat(file.handle(), &st) != 0)
        return makeError("io_error", "tokens", "Cannot inspect the token file " + path.toStdString() + ".");
    const auto mode = [&] {
        char octal[8];
        std::snprintf(octal, sizeof octal, "%04o", static_cast<unsigned>(st.st_mode & 07777));
        return std::string(octal);
    };
    // Whoever may write the file may add a token; whoever may read raw tokens may use them
    // (issue 22). sha256: digests may be readable: they cannot be presented.
    if (st.st_mode & (S_IWGRP | S_IWOTH))
        return makeError("insecure_permissions", "tokens",
                         "The token file " + path.toStdString() + " can be written by others (mode " + mode()
                             + "); make it 0600 (chmod 600).");
    const QByteArray text = file.readAll();
    auto store = fromText(text);
    if (!store)
        return store;
    if ((st.st_mode & (S_IRGRP | S_IROTH)) && store->m_rawTokens > 0)
        return makeError("insecure_permissions", "tokens",
                         "The token file " + path.toStdString() + " holds " + std::to_string(store->m_rawTokens)
                             + " raw token(s) and others can read it (mode " + mode()
                             + "); make it 0600, or keep only sha256: digests in a readable file.");
    return store;
}

Result<TokenStore> TokenStore::fromText(const QByteArray &text)
{
    TokenStore store;
    const QList<QByteArray> lines = text.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        const QList<QByteArray> parts = line.simplified().split(' ');
        const std::string where = "line " + std::to_string(i + 1) + " of the token file";
        if (parts.size() != 3)
            return makeError(errc::InvalidArgument, "tokens", where + " is not `ROLE NAME TOKEN`.");
        const auto role = parseRole(QString::fromUtf8(parts[0]));
        if (!role)
            return makeError(errc::InvalidArgument, "tokens",
                             where + " has role \"" + parts[0].toStdString() + "\" (operator, stakeholder or viewer).");
        Entry e;
        e.principal = {parts[1].toStdString(), *role};
        if (parts[2].startsWith("sha256:")) {
            e.digest = QByteArray::fromHex(parts[2].mid(7));
            if (parts[2].size() != 7 + 64 || e.digest.size() != 32)
                return makeError(errc::InvalidArgument, "tokens", where + " has a sha256: digest that is not 64 hex digits.");
        } else {
            if (parts[2].size() < 16)
                return makeError(errc::InvalidArgument, "tokens", where + " has a token shorter than 16 characters.");
            e.digest = QCryptographicHash::hash(parts[2], QCryptographicHash::Sha256);
            ++store.m_rawTokens;
        }
        store.m_entries.push_back(std::move(e));
    }
    return store;
}

std::optional<Principal> TokenStore::authenticate(const QByteArray &token) const
{
    if (token.isEmpty())
        return std::nullopt;
    const QByteArray digest = QCryptographicHash::hash(token, QCryptographicHash::Sha256);
    std::optional<Principal> found;
    for (const Entry &e : m_entries) // no early exit: the time does not depend on which entry matches
        if (constantTimeEquals(e.digest, digest) && !found)
            found = e.principal;
    return found;
}

} // namespace rampart::api
