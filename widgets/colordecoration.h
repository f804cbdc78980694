#pragma once

// A delegate for views whose model gives a QColor as the decoration (the gate table's status
// swatch). QStyledItemDelegate turns such a colour into a new QIcon on every paint, and each
// new icon adds its own entries to QPixmapCache, so a view repainted every second grows the
// console's memory by megabytes until the cache's limit. This delegate gives one icon per
// colour and size instead, made once.

#include <QStyledItemDelegate>

namespace rampart::widgets {

class ColorDecorationDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};

} // namespace rampart::widgets
