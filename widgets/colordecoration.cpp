#include "colordecoration.h"

#include <QHash>
#include <QIcon>
#include <QPixmap>

namespace rampart::widgets {

void ColorDecorationDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    const QVariant decoration = index.data(Qt::DecorationRole);
    if (decoration.typeId() != QMetaType::QColor)
        return;
    const QColor color = decoration.value<QColor>();
    const QSize size = option->decorationSize;
    // UI thread only (delegates paint there); a handful of colours and sizes.
    static QHash<QPair<QRgb, QPair<int, int>>, QIcon> icons;
    const auto key = qMakePair(color.rgba(), qMakePair(size.width(), size.height()));
    auto it = icons.find(key);
    if (it == icons.end()) {
        QPixmap pixmap(size);
        pixmap.fill(color);
        it = icons.insert(key, QIcon(pixmap));
    }
    option->icon = *it;
}

} // namespace rampart::widgets
