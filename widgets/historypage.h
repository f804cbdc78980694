#pragma once

// The History page: opens a workspace or .rampart archive on a worker thread and browses
// the recorded stage history (every transition with its reason and evidence hash) and the
// decisions and overrides of its audit trail.

#include "stagehistorymodel.h"
#include "storeloaders.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace rampart::widgets {

class RerunPanel;
class ReportExport;

class HistoryPage : public QWidget
{
    Q_OBJECT

public:
    explicit HistoryPage(QWidget *parent = nullptr);

    models::StageHistoryModel *model() const { return m_model; }
    RerunPanel *rerunPanel() const { return m_rerun; }
    /// The business-impact report of the open file (widgets/reportexport.h).
    ReportExport *reportExport() const { return m_report; }
    QString summaryText() const;
    /// The agent assumed when a file records none.
    void setDefaultAgent(const QString &agent) { m_defaultAgent = agent; }

public Q_SLOTS:
    void openFile(const QString &path);
    void setSnapshot(const rampart::widgets::HistorySnapshot &snapshot);
    /// The evaluation behind the current decision, for re-running it under other settings.
    void setEvaluationInput(const rampart::models::EvaluationInput &input);

Q_SIGNALS:
    void loaded();
    void loadFailed(const QString &message);

private:
    void showTransition(int row);

    models::StageHistoryModel *m_model;
    QLineEdit *m_path;
    QPushButton *m_browse;
    QLabel *m_summary;
    QTableView *m_view;
    QPlainTextEdit *m_detail;
    RerunPanel *m_rerun;
    ReportExport *m_report;
    HistorySnapshot m_snapshot;
    QString m_defaultAgent = QStringLiteral("documentation-keeper");
    quint64 m_generation = 0;
};

} // namespace rampart::widgets
