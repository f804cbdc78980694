#include "changechart.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <memory>
#include <utility>

namespace rampart::widgets {


ChangeChartView::ChangeChartView(models::MetricsModel *metrics, QWidget *parent) : QChartView(new QChart, parent)
{
    QChart *c = chart();
    // Follow a dark palette: Qt Charts' default theme is light whatever the palette says.
    c->setTheme(palette().color(QPalette::Window).lightness() < 128 ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    c->setLocalizeNumbers(true);
    // One bar set, updated in place on every reset of the metrics: a QVBarModelMapper rebuilds
    // its bar sets on each reset, and Qt Charts 6.4 keeps the old bars' items (329 KB in four
    // minutes of one evaluation a second, heaptrack; issue 18).
    auto *series = new QBarSeries(c);
    auto *set = new QBarSet(tr("Relative change (%)"));
    series->append(set);
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
    // The axis range asked for last: the axis is touched only when it changes (each range change
    // lays the labels out again, and Qt Charts keeps some of every layout).
    auto asked = std::make_shared<std::pair<double, double>>(0.0, 0.0);
    connect(metrics, &QAbstractItemModel::modelReset, this, [metrics, categories, values, set, asked] {
        QStringList names;
        QList<qreal> changes;
        double lo = 0.0, hi = 0.0;
        for (int r = 0; r < metrics->rowCount(); ++r) {
            names << metrics->index(r, models::MetricsModel::MetricColumn).data().toString();
            const QVariant change = metrics->index(r, models::MetricsModel::ChangeColumn).data(models::MetricsModel::NumericRole);
            const double v = change.isValid() ? change.toDouble() * 100.0 : 0.0;
            changes << v;
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
        if (set->count() == changes.size()) {
            for (int i = 0; i < set->count(); ++i)
                if (set->at(i) != changes[i])
                    set->replace(i, changes[i]);
        } else {
            set->remove(0, set->count());
            set->append(changes);
        }
        if (categories->categories() != names)
            categories->setCategories(names);
        // Whole tens around the changes, so the range moves only when a bar crosses one.
        const std::pair<double, double> range{std::floor((lo - 5.0) / 10.0) * 10.0,
                                              std::ceil((hi + 5.0) / 10.0) * 10.0};
        if (range != *asked) {
            *asked = range;
            values->setRange(range.first, range.second);
            values->applyNiceNumbers();
        }
    });
    setRenderHint(QPainter::Antialiasing);
    setAccessibleName(tr("Relative change chart"));
}

} // namespace rampart::widgets
