#include "screenshot.h"

#include "auditpage.h"
#include "cohortspage.h"
#include "historypage.h"
#include "mainwindow.h"
#include "store/sqliteevidencestore.h"
#include "wording.h"

#include "flags/flagstore.h"
#include "io/evidencejson.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPixmap>
#include <QTimer>

namespace rampart::console {

void feedWindow(widgets::MainWindow &window, const ExampleScenario &s)
{
    window.setPlan(s.plan);
    window.setDecision(s.decision, s.evidenceHash);
    window.setTimeline(s.timeline());
    window.setEvaluationInput(models::EvaluationInput{s.plan, s.state, s.evidence, s.now, s.decision});
    if (s.evidence.flag) {
        flags::FlagState flag;
        flag.name = s.plan.flag;
        flag.percentage = s.evidence.flag->percentage;
        flag.version = s.evidence.flag->version;
        flag.updatedBy = s.history.empty() ? std::string() : s.history.back().actor;
        flag.updatedAt = s.now;
        window.setFlagState(flag, QDateTime::fromSecsSinceEpoch(s.now.time_since_epoch().count(), Qt::UTC).toLocalTime());
    }
    window.setConnectionState(false, QCoreApplication::translate("rampart::console", "example snapshot, no controller"));
    window.setSourceDescription(QCoreApplication::translate("rampart::console", "Example \"%1\": %2")
                                    .arg(s.name, s.description));
    window.cohortsPage()->flush();
}

Status writeExampleWorkspace(const QString &path, const ExampleScenario &s)
{
    if (QFileInfo::exists(path))
        return makeError("io_error", "path", "Refusing to overwrite " + path.toStdString() + ".");
    auto opened = store::SqliteEvidenceStore::open(path);
    if (!opened)
        return opened.error();
    auto &ws = **opened;
    if (auto ok = ws.setMeta("agent", s.plan.agent); !ok)
        return ok;
    for (const rollout::TransitionEvent &e : s.history) {
        if (auto ok = ws.recordTransition(s.plan.agent, e); !ok)
            return ok;
        store::AuditEntry entry;
        entry.at = e.at;
        entry.actor = e.actor;
        entry.action = "transition";
        entry.subject = s.plan.agent;
        QJsonObject detail{{QStringLiteral("from_percentage"), e.fromPercentage},
                           {QStringLiteral("to_percentage"), e.toPercentage},
                           {QStringLiteral("from_status"), QString::fromLatin1(rollout::statusName(e.fromStatus))},
                           {QStringLiteral("to_status"), QString::fromLatin1(rollout::statusName(e.toStatus))},
                           {QStringLiteral("reason"), QString::fromStdString(e.reason)}};
        entry.detailJson = QJsonDocument(detail).toJson(QJsonDocument::Compact).toStdString();
        if (auto ok = ws.appendAudit(entry); !ok)
            return ok.error();
    }
    for (const rollout::SignOff &so : s.evidence.signOffs) {
        if (auto ok = ws.recordSignOff(s.plan.agent, so); !ok)
            return ok;
        store::AuditEntry entry;
        entry.at = so.at;
        entry.actor = so.approver;
        entry.action = "sign_off";
        entry.subject = s.plan.agent;
        QJsonObject detail{{QStringLiteral("approve"), so.approve},
                           {QStringLiteral("role"), QString::fromStdString(so.role)},
                           {QStringLiteral("comment"), QString::fromStdString(so.comment)},
                           {QStringLiteral("evidence_hash"), QString::fromStdString(so.evidenceHash)}};
        entry.detailJson = QJsonDocument(detail).toJson(QJsonDocument::Compact).toStdString();
        if (auto ok = ws.appendAudit(entry); !ok)
            return ok.error();
    }
    return Done{};
}

bool loadWorkspaceInto(widgets::MainWindow &window, const QString &workspace, int timeoutMs)
{
    QEventLoop loop;
    int pending = 2;
    bool ok = true;
    auto done = [&](bool success) {
        ok = ok && success;
        if (--pending == 0)
            loop.quit();
    };
    auto c1 = QObject::connect(window.auditPage(), &widgets::AuditPage::loaded, &loop, [&] { done(true); });
    auto c2 = QObject::connect(window.auditPage(), &widgets::AuditPage::loadFailed, &loop, [&] { done(false); });
    auto c3 = QObject::connect(window.historyPage(), &widgets::HistoryPage::loaded, &loop, [&] { done(true); });
    auto c4 = QObject::connect(window.historyPage(), &widgets::HistoryPage::loadFailed, &loop, [&] { done(false); });
    window.auditPage()->openFile(workspace);
    window.historyPage()->openFile(workspace);
    QTimer::singleShot(timeoutMs, &loop, [&] {
        ok = false;
        loop.quit();
    });
    loop.exec();
    for (const auto &c : {c1, c2, c3, c4})
        QObject::disconnect(c);
    return ok && pending == 0;
}

Status saveScreenshot(widgets::MainWindow &window, const QString &page, const QString &file)
{
    if (!window.showPage(page))
        return makeError(errc::InvalidArgument, "page",
                         "Unknown page \"" + page.toStdString() + "\"; pages: "
                             + widgets::MainWindow::pageNames().join(QStringLiteral(", ")).toStdString() + ".");
    window.show();
    // Let layouts, the chart animations-free first paint and queued resizes settle.
    QElapsedTimer settle;
    settle.start();
    while (settle.elapsed() < 300)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    const QPixmap pixmap = window.grab();
    if (pixmap.isNull() || !pixmap.save(file, "PNG"))
        return makeError("io_error", "screenshot", "Cannot write the screenshot " + file.toStdString() + ".");
    return Done{};
}

} // namespace rampart::console
