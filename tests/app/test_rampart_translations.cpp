// Every user-visible string of the console has a Polish (and English) translation.
// lupdate extracts the strings from the sources as they are now, so a new tr() that nobody
// translated fails here, not in front of a Polish stakeholder.

#include <gtest/gtest.h>

#include <QFile>
#include <QMap>
#include <QProcess>
#include <QSet>
#include <QStringList>
#include <QTemporaryDir>
#include <QXmlStreamReader>

namespace {

struct Message
{
    QString context;
    QString source;
    bool numerus = false;
    QString type;             ///< "", "unfinished", "vanished", "obsolete"
    QStringList translations; ///< one, or the numerus forms
};

/// Numerus messages end on </translation> after the forms; collect them on the way out.
std::vector<Message> readTsWithNumerus(const QString &path)
{
    QFile file(path);
    EXPECT_TRUE(file.open(QIODevice::ReadOnly)) << path.toStdString();
    QXmlStreamReader xml(&file);
    std::vector<Message> out;
    QString context;
    Message current;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
            out.push_back(current);
            continue;
        }
        if (!xml.isStartElement())
            continue;
        const auto name = xml.name();
        if (name == QLatin1String("name")) {
            context = xml.readElementText();
        } else if (name == QLatin1String("message")) {
            current = Message{context, {}, xml.attributes().value(QLatin1String("numerus")) == QLatin1String("yes"), {}, {}};
        } else if (name == QLatin1String("source")) {
            current.source = xml.readElementText();
        } else if (name == QLatin1String("translation")) {
            current.type = xml.attributes().value(QLatin1String("type")).toString();
            if (!current.numerus)
                current.translations << xml.readElementText();
        } else if (name == QLatin1String("numerusform")) {
            current.translations << xml.readElementText();
        }
    }
    EXPECT_FALSE(xml.hasError()) << path.toStdString() << ": " << xml.errorString().toStdString();
    return out;
}

QString key(const Message &m)
{
    return m.context + QLatin1Char('\x1f') + m.source;
}

/// The strings in the sources right now, extracted by lupdate into a scratch file.
std::vector<Message> stringsInSources()
{
    QTemporaryDir dir;
    const QString scratch = dir.filePath(QStringLiteral("scratch_pl.ts"));
    const QString root = QStringLiteral(RAMPART_SOURCE_DIR);
    QProcess lupdate;
    lupdate.start(QStringLiteral(LUPDATE_PATH),
                  {QStringLiteral("-silent"), QStringLiteral("-locations"), QStringLiteral("none"),
                   QStringLiteral("-extensions"), QStringLiteral("cpp,h"), root + QStringLiteral("/models"),
                   root + QStringLiteral("/widgets"), root + QStringLiteral("/app/rampart"), root + QStringLiteral("/report"),
                   QStringLiteral("-ts"), scratch});
    EXPECT_TRUE(lupdate.waitForFinished(60000));
    EXPECT_EQ(lupdate.exitCode(), 0) << lupdate.readAllStandardError().toStdString();
    return readTsWithNumerus(scratch);
}

void expectComplete(const QString &tsFile, int pluralForms)
{
    const std::vector<Message> inSources = stringsInSources();
    ASSERT_GT(inSources.size(), 100u) << "lupdate found suspiciously few strings";
    QMap<QString, Message> translated;
    for (const Message &m : readTsWithNumerus(tsFile))
        translated.insert(key(m), m);
    int problems = 0;
    for (const Message &m : inSources) {
        const auto it = translated.constFind(key(m));
        if (it == translated.constEnd()) {
            ADD_FAILURE() << "no entry in " << tsFile.toStdString() << " for [" << m.context.toStdString() << "] \""
                          << m.source.toStdString() << "\" — run the rampart_lupdate target and translate it";
            ++problems;
            continue;
        }
        if (!it->type.isEmpty()) {
            ADD_FAILURE() << "[" << m.context.toStdString() << "] \"" << m.source.toStdString() << "\" is "
                          << it->type.toStdString();
            ++problems;
            continue;
        }
        const int expectedForms = m.numerus ? pluralForms : 1;
        bool empty = it->translations.size() != expectedForms;
        for (const QString &t : it->translations)
            empty = empty || t.trimmed().isEmpty();
        if (empty) {
            ADD_FAILURE() << "[" << m.context.toStdString() << "] \"" << m.source.toStdString()
                          << "\" has an empty or incomplete translation (" << it->translations.size() << " of "
                          << expectedForms << " forms)";
            ++problems;
        }
    }
    EXPECT_EQ(problems, 0);
}

} // namespace

TEST(RampartTranslations, EveryStringHasAPolishTranslation)
{
    expectComplete(QStringLiteral(RAMPART_SOURCE_DIR "/translations/rampart_pl.ts"), 3);
}

TEST(RampartTranslations, EveryStringHasAnEnglishEntryWithSingularAndPlural)
{
    expectComplete(QStringLiteral(RAMPART_SOURCE_DIR "/translations/rampart_en.ts"), 2);
}

TEST(RampartTranslations, ThePolishFileHasNoLeftoverEntries)
{
    // An entry whose string left the sources is dead weight; lupdate -no-obsolete drops it.
    QSet<QString> live;
    for (const Message &m : stringsInSources())
        live.insert(key(m));
    for (const Message &m : readTsWithNumerus(QStringLiteral(RAMPART_SOURCE_DIR "/translations/rampart_pl.ts")))
        EXPECT_TRUE(live.contains(key(m))) << "stale entry [" << m.context.toStdString() << "] \"" << m.source.toStdString() << "\"";
}
