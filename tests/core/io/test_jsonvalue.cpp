// JsonReader's request parsing and file reading: the strict RFC 8259 number grammar and the
// bounded, regular-file-only loadJsonFile (issue 8 items 11 and 13).

#include "io/jsonvalue.h"

#include "resultexpect.h"

#include <gtest/gtest.h>

#include <QByteArray>
#include <QFile>
#include <QTemporaryDir>

#include <chrono>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace rampart;
using namespace rampart::io;
using rampart::testing::expectError;

namespace {

void expectInvalidJson(const char *text)
{
    auto r = parseRequest(QByteArray(text));
    expectError(r, jsonerrc::InvalidJson, "");
}

QJsonObject parsed(const char *text)
{
    auto r = parseRequest(QByteArray(text));
    EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.error().message);
    return r.ok() ? *r : QJsonObject{};
}

QString writeFile(const QTemporaryDir &dir, const char *name, const QByteArray &content)
{
    const QString path = dir.filePath(QString::fromLatin1(name));
    QFile file(path);
    EXPECT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(content);
    return path;
}

} // namespace

TEST(JsonNumberGrammar, LeadingAndTrailingDotsAreRefused)
{
    // Issue 8 item 13: QJsonDocument alone accepts ".5" and "1.".
    expectInvalidJson(R"({"x":.5})");
    expectInvalidJson(R"({"x":1.})");
    expectInvalidJson(R"({"x":[1,2,-.5]})");
    expectInvalidJson(R"({"x":{"y":1.e5}})");
    expectInvalidJson(R"({"x":-})");
    expectInvalidJson(R"({"x":+1})");
    expectInvalidJson(R"({"x":1e})");
    expectInvalidJson(R"({"x":1e400})");
}

TEST(JsonNumberGrammar, EveryStrictFormIsAccepted)
{
    const QJsonObject o = parsed(R"({"a":0,"b":-0,"c":0.5,"d":-12.25e+3,"e":1E-2,"f":10,"g":[1.0,2e0]})");
    EXPECT_EQ(o.value(QStringLiteral("c")).toDouble(), 0.5);
    EXPECT_EQ(o.value(QStringLiteral("d")).toDouble(), -12250.0);
    EXPECT_EQ(o.value(QStringLiteral("e")).toDouble(), 0.01);
}

TEST(JsonNumberGrammar, NumbersInsideStringsAreNotNumbers)
{
    const QJsonObject o = parsed(R"({"name":".5 and 1. \" .5","x":1})");
    EXPECT_EQ(o.value(QStringLiteral("name")).toString(), QStringLiteral(".5 and 1. \" .5"));
    EXPECT_FALSE(findNonStrictNumber(R"({"k\\":"1.","v":2})").has_value());
}

TEST(JsonNumberGrammar, FindNonStrictNumberReportsOffsetAndToken)
{
    const auto bad = findNonStrictNumber(R"({"a":1,"b":.25})");
    ASSERT_TRUE(bad.has_value());
    EXPECT_EQ(bad->first, 11);
    EXPECT_EQ(bad->second, QByteArray(".25"));
}

TEST(LoadJsonFile, ReadsARegularFile)
{
    QTemporaryDir dir;
    auto r = loadJsonFile(writeFile(dir, "ok.json", R"({"x": 1.5})"));
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->value(QStringLiteral("x")).toDouble(), 1.5);
}

TEST(LoadJsonFile, EmptyPathIsAnErrorWithoutAQtWarning)
{
    // Issue 8 item 13: `decide --plan ""` printed "QFSFileEngine::open: No file name specified".
    expectError(loadJsonFile(QString()), "io_error", "");
}

TEST(LoadJsonFile, DevicesAreRefusedAtOnce)
{
    // Issue 8 item 11: `plan validate /dev/zero` read without limit.
    for (const char *device : {"/dev/zero", "/dev/urandom", "/dev/null"}) {
        const auto start = std::chrono::steady_clock::now();
        auto r = loadJsonFile(QString::fromLatin1(device));
        expectError(r, "io_error", "");
        EXPECT_NE(r.error().message.find("regular file"), std::string::npos) << r.error().message;
        EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5)) << device;
    }
}

TEST(LoadJsonFile, FifoWithoutWriterIsRefusedWithoutBlocking)
{
    QTemporaryDir dir;
    const QByteArray fifo = QFile::encodeName(dir.filePath(QStringLiteral("pipe")));
    ASSERT_EQ(::mkfifo(fifo.constData(), 0600), 0);
    expectError(loadJsonFile(QFile::decodeName(fifo)), "io_error", "");
}

TEST(LoadJsonFile, DirectoryAndMissingFileAreIoErrors)
{
    QTemporaryDir dir;
    expectError(loadJsonFile(dir.path()), "io_error", "");
    expectError(loadJsonFile(dir.filePath(QStringLiteral("absent.json"))), "io_error", "");
}

TEST(LoadJsonFile, FileLargerThanTheLimitIsRefused)
{
    QTemporaryDir dir;
    const QString path = writeFile(dir, "big.json", "{}");
    ASSERT_EQ(::truncate(QFile::encodeName(path).constData(), MaxJsonBytes + 1), 0); // sparse
    auto r = loadJsonFile(path);
    expectError(r, "io_error", "");
    EXPECT_NE(r.error().message.find("limit"), std::string::npos) << r.error().message;
    // Exactly at the limit is read (and here fails as JSON, not as I/O).
    ASSERT_EQ(::truncate(QFile::encodeName(path).constData(), MaxJsonBytes), 0);
    expectError(loadJsonFile(path), jsonerrc::InvalidJson, "");
}

TEST(LoadJsonFile, StrictNumbersApplyToFilesToo)
{
    QTemporaryDir dir;
    expectError(loadJsonFile(writeFile(dir, "dot.json", R"({"x": .5})")), jsonerrc::InvalidJson, "");
}

TEST(ReadAllBounded, StopsAtTheLimit)
{
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const QByteArray text(100, 'x');
    ASSERT_EQ(::write(fds[1], text.constData(), static_cast<size_t>(text.size())), 100);
    ::close(fds[1]);
    expectError(readAllBounded(fds[0], 99, "the pipe"), "io_error", "");
    ::close(fds[0]);

    ASSERT_EQ(::pipe(fds), 0);
    ASSERT_EQ(::write(fds[1], text.constData(), static_cast<size_t>(text.size())), 100);
    ::close(fds[1]);
    auto all = readAllBounded(fds[0], 100, "the pipe");
    ::close(fds[0]);
    ASSERT_TRUE(all.ok()) << all.error().message;
    EXPECT_EQ(*all, text);
}
