#pragma once

// The console's report export (docs/reports.md): a format, an "Export report…" button and a
// progress bar. Reading the file and building the report run on a worker thread; the charts
// are drawn on the UI thread (Qt Charts are widgets), the rendering and writing again on a
// worker. A newer export drops the results of an older one (generation number).

#include "rollout/plan.h"

#include <QString>
#include <QWidget>

#include <optional>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;

namespace rampart::widgets {

class ReportExport : public QWidget
{
    Q_OBJECT

public:
    explicit ReportExport(QWidget *parent = nullptr);

    /// The workspace or .rampart archive the report is made from.
    void setSource(const QString &path);
    /// The plan used when the file carries none (a workspace).
    void setPlan(const rollout::Plan &plan);
    /// "pdf", "html", "md", "csv" or "json".
    void setFormat(const QString &format);
    QString statusText() const;
    bool busy() const { return m_busy; }

public Q_SLOTS:
    /// Exports to `outFile` in the chosen format and the console's language.
    void exportTo(const QString &outFile);

Q_SIGNALS:
    void exported(const QString &outFile);
    void exportFailed(const QString &message);

private:
    void chooseFileAndExport();
    void setProgress(int percent, const QString &step);
    void finish(const QString &status, bool ok, const QString &outFile);

    QComboBox *m_format;
    QPushButton *m_button;
    QProgressBar *m_progress;
    QLabel *m_status;
    QString m_source;
    std::optional<rollout::Plan> m_plan;
    quint64 m_generation = 0;
    bool m_busy = false;
};

} // namespace rampart::widgets
