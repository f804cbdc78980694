// CSV records (RFC 4180) and bounded lines for the event-file readers.

#include "csvreader.h"

#include "eventfile.h"

#include <vector>

namespace rampart::store {

namespace {

/**
 * Splits a record into fields; false when it ends inside a quoted field. States: at a
 * field's start (spaces keep it there), unquoted, quoted, a quote seen inside quotes
 * (a second quote is a literal one), and text after the closing quote (kept).
 */
bool parse(const QByteArray &record, QList<QByteArray> *fields)
{
    enum class State { Start, Unquoted, Quoted, QuoteInQuoted, AfterQuoted } state = State::Start;
    QByteArray field;
    for (const char c : record) {
        switch (state) {
        case State::Start:
            if (c == '"') {
                field.clear(); // spaces before the opening quote are not content
                state = State::Quoted;
                continue;
            }
            if (c == ',')
                break;
            field += c;
            if (c != ' ' && c != '\t')
                state = State::Unquoted;
            continue;
        case State::Unquoted:
        case State::AfterQuoted:
            if (c == ',')
                break;
            field += c;
            continue;
        case State::Quoted:
            if (c == '"')
                state = State::QuoteInQuoted;
            else
                field += c;
            continue;
        case State::QuoteInQuoted:
            if (c == '"') {
                field += c;
                state = State::Quoted;
                continue;
            }
            if (c == ',')
                break;
            field += c;
            state = State::AfterQuoted;
            continue;
        }
        // a comma ends the field
        if (fields)
            fields->append(field);
        field.clear();
        state = State::Start;
    }
    if (fields)
        fields->append(field);
    return state != State::Quoted;
}

bool quoteOpen(const QByteArray &record) { return !parse(record, nullptr); }

QStringList split(const QByteArray &record)
{
    QList<QByteArray> raw;
    parse(record, &raw);
    QStringList fields;
    fields.reserve(raw.size());
    for (const QByteArray &f : raw)
        fields << QString::fromUtf8(f);
    return fields;
}

} // namespace

/// Strict UTF-8: no overlong forms, no surrogates, nothing above U+10FFFF.
bool isValidUtf8(const char *p, std::size_t n)
{
    const auto *s = reinterpret_cast<const unsigned char *>(p);
    std::size_t i = 0;
    while (i < n) {
        const unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        unsigned char low = 0x80, high = 0xBF;
        if (c >= 0xC2 && c <= 0xDF)
            length = 2;
        else if (c >= 0xE0 && c <= 0xEF) {
            length = 3;
            if (c == 0xE0)
                low = 0xA0;
            else if (c == 0xED)
                high = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            length = 4;
            if (c == 0xF0)
                low = 0x90;
            else if (c == 0xF4)
                high = 0x8F;
        } else
            return false;
        if (i + length > n)
            return false;
        if (s[i + 1] < low || s[i + 1] > high)
            return false;
        for (std::size_t k = 2; k < length; ++k)
            if (s[i + k] < 0x80 || s[i + k] > 0xBF)
                return false;
        i += length;
    }
    return true;
}

/// One physical line without its line break, at most MaxRecordBytes; `tooLong` when the
/// line was longer (the rest of it is consumed).
QByteArray readBoundedLine(QFile &file, bool &tooLong)
{
    // One reused buffer: QIODevice::readLine(maxSize) would allocate maxSize bytes per line.
    constexpr qint64 capacity = static_cast<qint64>(eventlimits::MaxRecordBytes) + 3; // line, "\r\n", NUL
    thread_local std::vector<char> buffer(static_cast<std::size_t>(capacity));
    tooLong = false;
    const qint64 n = file.readLine(buffer.data(), capacity);
    if (n <= 0)
        return {};
    QByteArray line(buffer.data(), static_cast<qsizetype>(n));
    if (!line.endsWith('\n') && !file.atEnd()) {
        tooLong = true;
        for (qint64 more = 1; more > 0 && !file.atEnd();) { // skip to the end of the line
            more = file.readLine(buffer.data(), capacity);
            if (more > 0 && buffer[static_cast<std::size_t>(more - 1)] == '\n')
                break;
        }
        return {};
    }
    if (line.endsWith('\n'))
        line.chop(1);
    if (line.endsWith('\r'))
        line.chop(1);
    if (line.size() > static_cast<qsizetype>(eventlimits::MaxRecordBytes)) {
        tooLong = true;
        return {};
    }
    return line;
}

/// False at the end of the file. `problem` is set for a record that cannot be read.
bool CsvReader::next(QStringList &fields, std::int64_t &startLine, std::string &problem)
{
    fields.clear();
    problem.clear();
    while (!m_file.atEnd()) {
        startLine = m_line + 1;
        bool tooLong = false;
        QByteArray record = readBoundedLine(m_file, tooLong);
        ++m_line;
        const qint64 resume = m_file.pos();
        if (tooLong) {
            problem = "the line is longer than " + std::to_string(eventlimits::MaxRecordBytes) + " bytes";
            return true;
        }
        if (startLine == 1 && record.startsWith("\xEF\xBB\xBF")) // a byte-order mark
            record.remove(0, 3);
        if (record.trimmed().isEmpty())
            continue;
        while (quoteOpen(record)) {
            if (m_file.atEnd() || record.size() > static_cast<qsizetype>(eventlimits::MaxRecordBytes)) {
                problem = m_file.atEnd() ? "a quoted field is not closed"
                                         : "the record is longer than "
                                               + std::to_string(eventlimits::MaxRecordBytes) + " bytes";
                m_file.seek(resume);
                m_line = startLine;
                return true;
            }
            const QByteArray more = readBoundedLine(m_file, tooLong);
            ++m_line;
            record += '\n';
            record += tooLong ? QByteArray(static_cast<qsizetype>(eventlimits::MaxRecordBytes) + 1, ' ') : more;
        }
        if (!isValidUtf8(record.constData(), static_cast<std::size_t>(record.size()))) {
            problem = "the row is not valid UTF-8";
            return true;
        }
        fields = split(record);
        return true;
    }
    return false;
}

} // namespace rampart::store
