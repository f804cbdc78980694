#include "changechart.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QIdentityProxyModel>
#include <QVBarModelMapper>
#include <QValueAxis>

#include <algorithm>

namespace rampart::widgets {

namespace {

/// Shows MetricsModel's relative change as a number in percent for the chart mapper.
class ChangeInPercent : public QIdentityProxyModel
{
public:
    using QIdentityProxyModel::QIdentityProxyModel;
    QVariant data(const QModelIndex &index, int role) const override
    {
        if (role == Qt::DisplayRole && index.column() == models::MetricsModel::ChangeColumn) {
            const QVariant v = QIdentityProxyModel::data(index, models::MetricsModel::NumericRole);
            return v.isValid() ? QVariant(v.toDouble() * 100.0) : QVariant(0.0);
        }
        return QIdentityProxyModel::data(index, role);
    }
};

} // namespace

ChangeChartView::ChangeChartView(models::MetricsModel *metrics, QWidget *parent) : QChartView(new QChart, parent)
{
    QChart *c = chart();
    // Follow a dark palette: Qt Charts' default theme is light whatever the palette says.
    c->setTheme(palette().color(QPalette::Window).lightness() < 128 ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    c->setLocalizeNumbers(true);
    auto *proxy = new ChangeInPercent(this);
    proxy->setSourceModel(metrics);
    auto *series = new QBarSeries(c);
    auto *mapper = new QVBarModelMapper(this);
    mapper->setFirstBarSetColumn(models::MetricsModel::ChangeColumn);
    mapper->setLastBarSetColumn(models::MetricsModel::ChangeColumn);
    mapper->setSeries(series);
    mapper->setModel(proxy);
    c->addSeries(series);
    auto *categories = new QBarCategoryAxis(c);
    auto *values = new QValueAxis(c);
    values->setTitleText(tr("%"));
    values->setLabelFormat(QStringLiteral("%.0f"));
    c->addAxis(categories, Qt::AlignBottom);
    c->addAxis(values, Qt::AlignLeft);
    series->attachAxis(categories);
    series->attachAxis(values);
    c->legend()->hide();
    c->setTitle(tr("Relative change of the ML cohort per metric"));
    connect(metrics, &QAbstractItemModel::modelReset, this, [metrics, categories, values, series] {
        QStringList names;
        double lo = 0.0, hi = 0.0;
        for (int r = 0; r < metrics->rowCount(); ++r) {
            names << metrics->index(r, models::MetricsModel::MetricColumn).data().toString();
            const double v = metrics->index(r, models::MetricsModel::ChangeColumn).data(models::MetricsModel::NumericRole).toDouble() * 100.0;
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
        categories->setCategories(names);
        values->setRange(lo - 5.0, hi + 5.0);
        values->applyNiceNumbers();
        for (QBarSet *set : series->barSets())
            set->setLabel(tr("Relative change (%)"));
    });
    setRenderHint(QPainter::Antialiasing);
    setAccessibleName(tr("Relative change chart"));
}

} // namespace rampart::widgets
