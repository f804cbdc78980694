#include "stagestrip.h"

#include "stagetimelinemodel.h"
#include "wording.h"

#include <QPainter>
#include <QLocale>
#include <QPainterPath>

namespace rampart::widgets {

using models::StageTimelineModel;

StageStrip::StageStrip(QWidget *parent) : QWidget(parent)
{
    setAccessibleName(tr("Stage timeline"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void StageStrip::setModel(QAbstractItemModel *model)
{
    m_model = model;
    connect(model, &QAbstractItemModel::modelReset, this, qOverload<>(&QWidget::update));
    connect(model, &QAbstractItemModel::dataChanged, this, qOverload<>(&QWidget::update));
    update();
}

QSize StageStrip::sizeHint() const
{
    return {600, fontMetrics().height() * 4 + 14};
}

QSize StageStrip::minimumSizeHint() const
{
    return {300, fontMetrics().height() * 4 + 14};
}

void StageStrip::paintEvent(QPaintEvent *)
{
    if (!m_model || m_model->rowCount() == 0)
        return;
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const int n = m_model->rowCount();
    const int gap = 14;
    const int w = (width() - gap * (n - 1)) / n;
    const int h = height() - 4;
    const QPalette &pal = palette();
    for (int i = 0; i < n; ++i) {
        const QModelIndex idx = m_model->index(i, 0);
        const auto state = static_cast<StageTimelineModel::StageState>(idx.data(StageTimelineModel::StateRole).toInt());
        const double progress = idx.data(StageTimelineModel::ProgressRole).toDouble();
        const QRectF box(i * (w + gap), 2, w, h);
        QPainterPath path;
        path.addRoundedRect(box, 6, 6);
        p.fillPath(path, pal.color(QPalette::Base));
        QColor fill(0x2e, 0x9d, 0x4f);
        if (state == StageTimelineModel::StageState::Current)
            fill = QColor(0x2f, 0x6f, 0xd0);
        else if (state == StageTimelineModel::StageState::RolledBack)
            fill = QColor(0xd9, 0x3a, 0x3a);
        p.save();
        p.setClipPath(path);
        p.fillRect(QRectF(box.left(), box.top(), box.width() * (state == StageTimelineModel::StageState::RolledBack ? 1.0 : progress), box.height()),
                   fill.lighter(state == StageTimelineModel::StageState::Done ? 100 : 115));
        p.restore();
        QPen pen(state == StageTimelineModel::StageState::Current ? fill : pal.color(QPalette::Mid));
        pen.setWidthF(state == StageTimelineModel::StageState::Current ? 2.5 : 1.0);
        p.setPen(pen);
        p.drawPath(path);
        const bool filled = progress > 0.5 || state == StageTimelineModel::StageState::RolledBack;
        p.setPen(filled ? QColor(Qt::white) : pal.color(QPalette::Text));
        const bool stability = i + 1 == n;
        const QString title = stability ? tr("%1 days").arg(QLocale().toString(idx.data(StageTimelineModel::DwellHoursRole).toDouble() / 24.0, 'g', 3))
                                        : models::Wording::percent(idx.data(StageTimelineModel::PercentageRole).toDouble());
        const QString name = stability ? tr("stability at 100%") : idx.data(StageTimelineModel::NameRole).toString();
        const QString line2 = m_model->index(i, StageTimelineModel::StateColumn).data().toString();
        const int holds = idx.data(StageTimelineModel::HoldsRole).toInt();
        const int rollbacks = idx.data(StageTimelineModel::RollbacksRole).toInt();
        const int signOffs = idx.data(StageTimelineModel::SignOffsRole).toInt();
        QString marks;
        if (holds) marks += tr("⏸%1 ").arg(holds);
        if (rollbacks) marks += tr("↩%1 ").arg(rollbacks);
        if (signOffs) marks += tr("✍%1").arg(signOffs);
        QFont bold = font();
        bold.setBold(true);
        p.setFont(bold);
        const QRectF inner = box.adjusted(6, 4, -6, -4);
        const QFontMetrics fm(font());
        const int lh = fm.height();
        p.drawText(QRectF(inner.left(), inner.top(), inner.width(), lh), Qt::AlignHCenter, title);
        p.setFont(font());
        p.drawText(QRectF(inner.left(), inner.top() + lh, inner.width(), lh), Qt::AlignHCenter,
                   fm.elidedText(name, Qt::ElideRight, static_cast<int>(inner.width())));
        p.drawText(QRectF(inner.left(), inner.top() + 2 * lh, inner.width(), lh), Qt::AlignHCenter,
                   fm.elidedText(line2, Qt::ElideRight, static_cast<int>(inner.width())));
        p.drawText(QRectF(inner.left(), inner.top() + 3 * lh, inner.width(), lh), Qt::AlignHCenter, marks.trimmed());
        if (i + 1 < n) {
            p.setPen(pal.color(QPalette::Text));
            p.drawText(QRectF(box.right(), box.top(), gap, box.height()), Qt::AlignCenter, QStringLiteral("›"));
        }
    }
}

} // namespace rampart::widgets
