// ReportExport: the business-impact report from the console, off the UI thread.

#include "reportexport.h"

#include "offthread.h"
#include "reportjob.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>

#include <memory>

namespace rampart::widgets {

namespace {

struct Loaded
{
    Result<report::RolloutReport> report = makeError("not_loaded", "", "");
};

} // namespace

ReportExport::ReportExport(QWidget *parent)
    : QWidget(parent), m_format(new QComboBox(this)), m_button(new QPushButton(tr("Export &report…"), this)),
      m_progress(new QProgressBar(this)), m_status(new QLabel(this))
{
    m_format->addItem(tr("PDF"), QStringLiteral("pdf"));
    m_format->addItem(tr("HTML"), QStringLiteral("html"));
    m_format->addItem(tr("Markdown"), QStringLiteral("md"));
    m_format->addItem(tr("Evidence as CSV"), QStringLiteral("csv"));
    m_format->addItem(tr("Evidence as JSON"), QStringLiteral("json"));
    m_format->setToolTip(tr("The business-impact report of the open workspace or archive, or its evidence for analysts."));
    m_progress->setRange(0, 100);
    m_progress->setVisible(false);
    m_button->setEnabled(false);
    m_status->setText(tr("Open a workspace or archive to export its report."));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *label = new QLabel(tr("Report:"), this);
    label->setBuddy(m_format);
    layout->addWidget(label);
    layout->addWidget(m_format);
    layout->addWidget(m_button);
    layout->addWidget(m_progress);
    layout->addWidget(m_status, 1);
    connect(m_button, &QPushButton::clicked, this, &ReportExport::chooseFileAndExport);
}

void ReportExport::setSource(const QString &path)
{
    m_source = path;
    m_button->setEnabled(!path.isEmpty() && !m_busy);
    if (!m_busy)
        m_status->setText(path.isEmpty() ? tr("Open a workspace or archive to export its report.") : QString());
}

void ReportExport::setPlan(const rollout::Plan &plan)
{
    m_plan = plan;
}

void ReportExport::setFormat(const QString &format)
{
    const int index = m_format->findData(format);
    if (index >= 0)
        m_format->setCurrentIndex(index);
}

QString ReportExport::statusText() const
{
    return m_status->text();
}

void ReportExport::chooseFileAndExport()
{
    const QString format = m_format->currentData().toString();
    const QString suggested = QFileInfo(m_source).absoluteDir().filePath(QFileInfo(m_source).completeBaseName()
                                                                         + QStringLiteral("-report.") + format);
    const QString file = QFileDialog::getSaveFileName(this, tr("Export the report"), suggested);
    if (!file.isEmpty())
        exportTo(file);
}

void ReportExport::setProgress(int percent, const QString &step)
{
    m_progress->setValue(percent);
    m_status->setText(step);
}

void ReportExport::finish(const QString &status, bool ok, const QString &outFile)
{
    m_busy = false;
    m_progress->setVisible(false);
    m_button->setEnabled(!m_source.isEmpty());
    m_status->setText(status);
    if (ok)
        Q_EMIT exported(outFile);
    else
        Q_EMIT exportFailed(status);
}

void ReportExport::exportTo(const QString &outFile)
{
    const auto format = report::parseFormat(m_format->currentData().toString());
    if (m_source.isEmpty() || !format)
        return;
    const quint64 generation = ++m_generation;
    m_busy = true;
    m_button->setEnabled(false);
    m_progress->setVisible(true);
    setProgress(5, tr("Reading %1…").arg(QFileInfo(m_source).fileName()));

    report::SourceSpec source;
    source.kind = report::SourceKind::Workspace; // an archive opens the same way
    source.path = m_source;
    source.fallbackPlan = m_plan;
    const auto wanted = [this, generation] { return generation == m_generation; };
    runOffUiThread(this, [source] { return Loaded{report::loadReport(source)}; }, wanted,
                   [this, outFile, format, wanted](const Loaded &loaded) {
        if (!loaded.report) {
            finish(tr("Cannot export: %1").arg(QString::fromStdString(loaded.report.error().message)), false, outFile);
            return;
        }
        // The charts are Qt Charts widgets: drawn here, on the UI thread (a fraction of a second).
        setProgress(60, tr("Drawing the charts…"));
        report::ComposeOptions options;
        options.language = QLocale().language() == QLocale::Polish ? QStringLiteral("pl") : QStringLiteral("en");
        options.charts = *format == report::Format::Pdf || *format == report::Format::Html || *format == report::Format::Markdown;
        auto doc = std::make_shared<report::ReportDocument>(report::composeReport(*loaded.report, options));
        auto model = std::make_shared<report::RolloutReport>(*loaded.report);
        setProgress(75, tr("Writing %1…").arg(QFileInfo(outFile).fileName()));
        runOffUiThread(
            this,
            [doc, model, format, outFile]() -> Status {
                auto rendered = report::renderReport(*doc, *model, *format, outFile);
                if (!rendered)
                    return rendered.error();
                return report::writeReport(*rendered, outFile);
            },
            wanted, [this, outFile](const Status &written) {
                if (!written)
                    finish(tr("Cannot export: %1").arg(QString::fromStdString(written.error().message)), false, outFile);
                else
                    finish(tr("Report written to %1.").arg(outFile), true, outFile);
            });
    });
}

} // namespace rampart::widgets
