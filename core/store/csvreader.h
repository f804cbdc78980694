#pragma once

// The low-level readers behind store/eventfile.h: strict UTF-8, lines of bounded length, and
// RFC 4180 CSV records. Internal to core/store.

#include <QByteArray>
#include <QFile>
#include <QStringList>

#include <cstddef>
#include <cstdint>
#include <string>

namespace rampart::store {

/// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool isValidUtf8(const char *p, std::size_t n);

/// One physical line without its line break ("\n" or "\r\n"), at most
/// eventlimits::MaxRecordBytes; `tooLong` when the line was longer (the rest is consumed).
QByteArray readBoundedLine(QFile &file, bool &tooLong);

/**
 * RFC 4180 records: fields separated by commas, a field starting with '"' runs to the
 * closing quote ("" is a quote) and may span lines. Lenient where Python's csv module is:
 * text after a closing quote is kept. A record that is unclosed at the end of the file or
 * grows past MaxRecordBytes is reported, and reading resumes on the line after its start.
 */
class CsvReader
{
public:
    explicit CsvReader(QFile &file) : m_file(file) {}

    /// False at the end of the file. `startLine` is the record's first line; `problem` is
    /// set (and `fields` empty) for a record that cannot be read.
    bool next(QStringList &fields, std::int64_t &startLine, std::string &problem);

private:
    QFile &m_file;
    std::int64_t m_line = 0;
};

} // namespace rampart::store
