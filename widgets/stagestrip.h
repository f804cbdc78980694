#pragma once

// The stage timeline drawn as a strip of boxes 5 → 25 → 50 → 75 → 100 → stability, each
// filled by its dwell progress and marked with its holds, rollbacks and sign-offs. It reads
// a StageTimelineModel and repaints on its resets.

#include <QWidget>

class QAbstractItemModel;

namespace rampart::widgets {

class StageStrip : public QWidget
{
    Q_OBJECT

public:
    explicit StageStrip(QWidget *parent = nullptr);
    void setModel(QAbstractItemModel *model);
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QAbstractItemModel *m_model = nullptr;
};

} // namespace rampart::widgets
