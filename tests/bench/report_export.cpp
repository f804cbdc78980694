// The console's report export beside `rampartctl report` (docs/benchmarks.md, issue 16):
// times ReportExport::exportTo (the Export report… button's path: load off the UI thread,
// charts on it, render and write off it) from the call to its `exported` signal.
// Usage: rampart_bench_report_export SOURCE(.rampart workspace or archive) OUT [FORMAT]
#include "reportexport.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>

#include <cstdio>

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    if (argc < 3) {
        std::fprintf(stderr, "usage: rampart_bench_report_export SOURCE OUT [FORMAT]\n");
        return 2;
    }
    rampart::widgets::ReportExport exporter;
    exporter.setSource(QString::fromLocal8Bit(argv[1]));
    exporter.setFormat(argc > 3 ? QString::fromLocal8Bit(argv[3]) : QStringLiteral("pdf"));
    QEventLoop loop;
    bool ok = false;
    QObject::connect(&exporter, &rampart::widgets::ReportExport::exported, &loop, [&] {
        ok = true;
        loop.quit();
    });
    QObject::connect(&exporter, &rampart::widgets::ReportExport::exportFailed, &loop, [&](const QString &message) {
        std::fprintf(stderr, "export failed: %s\n", message.toUtf8().constData());
        loop.quit();
    });
    QElapsedTimer timer;
    timer.start();
    exporter.exportTo(QString::fromLocal8Bit(argv[2]));
    loop.exec();
    std::printf("console export: %.3f s\n", static_cast<double>(timer.nsecsElapsed()) / 1e9);
    return ok ? 0 : 1;
}
