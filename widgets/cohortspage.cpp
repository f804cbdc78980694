#include "cohortspage.h"

#include "wording.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QHeaderView>
#include <QIdentityProxyModel>
#include <QLabel>
#include <QTableView>
#include <QVBarModelMapper>
#include <QVBoxLayout>
#include <QValueAxis>

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

CohortsPage::CohortsPage(QWidget *parent)
    : QWidget(parent), m_metrics(new models::MetricsModel(this)), m_table(new QTableView(this)), m_chart(new QChart),
      m_srm(new QLabel(this))
{
    m_table->setModel(m_metrics);
    m_table->setAccessibleName(tr("Metric comparison"));
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);

    // Follow a dark palette: Qt Charts' default theme is light whatever the palette says.
    m_chart->setTheme(palette().color(QPalette::Window).lightness() < 128 ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    auto *proxy = new ChangeInPercent(this);
    proxy->setSourceModel(m_metrics);
    auto *series = new QBarSeries(m_chart);
    auto *mapper = new QVBarModelMapper(this);
    mapper->setFirstBarSetColumn(models::MetricsModel::ChangeColumn);
    mapper->setLastBarSetColumn(models::MetricsModel::ChangeColumn);
    mapper->setSeries(series);
    mapper->setModel(proxy);
    m_chart->addSeries(series);
    auto *categories = new QBarCategoryAxis(m_chart);
    auto *values = new QValueAxis(m_chart);
    values->setTitleText(tr("ML vs deterministic, relative change (%)"));
    values->setLabelFormat(QStringLiteral("%.0f"));
    m_chart->addAxis(categories, Qt::AlignBottom);
    m_chart->addAxis(values, Qt::AlignLeft);
    series->attachAxis(categories);
    series->attachAxis(values);
    m_chart->legend()->hide();
    m_chart->setTitle(tr("Relative change of the ML cohort per metric"));
    connect(m_metrics, &QAbstractItemModel::modelReset, this, [this, categories, values, series] {
        QStringList names;
        double lo = 0.0, hi = 0.0;
        for (int r = 0; r < m_metrics->rowCount(); ++r) {
            names << m_metrics->index(r, models::MetricsModel::MetricColumn).data().toString();
            const double v = m_metrics->index(r, models::MetricsModel::ChangeColumn).data(models::MetricsModel::NumericRole).toDouble() * 100.0;
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
        categories->setCategories(names);
        values->setRange(lo - 5.0, hi + 5.0);
        values->applyNiceNumbers();
        for (QBarSet *set : series->barSets())
            set->setLabel(tr("Relative change (%)"));
    });

    auto *view = new QChartView(m_chart, this);
    view->setRenderHint(QPainter::Antialiasing);
    view->setAccessibleName(tr("Relative change chart"));
    view->setMinimumHeight(240);
    m_srm->setWordWrap(true);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_srm);
    layout->addWidget(m_table, 1);
    layout->addWidget(view, 2);

    m_merge.setSingleShot(true);
    m_merge.setInterval(40);
    connect(&m_merge, &QTimer::timeout, this, &CohortsPage::flush);
}

QString CohortsPage::srmText() const
{
    return m_srm->text();
}

void CohortsPage::setDecision(const rollout::Decision &decision, const rollout::Plan &plan)
{
    m_pending.emplace(decision, plan);
    if (!m_merge.isActive())
        m_merge.start();
}

void CohortsPage::flush()
{
    m_merge.stop();
    if (!m_pending)
        return;
    const auto [decision, plan] = std::move(*m_pending);
    m_pending.reset();
    m_metrics->setData(decision, plan);
    QString srm = tr("Sample ratio: not checked yet.");
    for (const rollout::GateRow &row : decision.gates) {
        if (row.gate == "srm")
            srm = tr("Sample ratio: %1 — %2").arg(models::Wording::gateStatus(row.status), models::Wording::gateDetail(row));
    }
    m_srm->setText(srm);
}

} // namespace rampart::widgets
