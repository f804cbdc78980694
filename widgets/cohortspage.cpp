#include "cohortspage.h"

#include "changechart.h"
#include "offthread.h"
#include "scrollpage.h"
#include "trendcharts.h"
#include "wording.h"

#include <QHBoxLayout>
#include <QLineSeries>
#include <QScatterSeries>
#include <QVXYModelMapper>
#include <QChart>
#include <QChartView>
#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <memory>

namespace rampart::widgets {

CohortsPage::CohortsPage(QWidget *parent)
    : QWidget(parent), m_metrics(new models::MetricsModel(this)), m_table(new QTableView(this)),
      m_srm(new QLabel(this)), m_lookText(new QLabel(this)), m_boundary(new models::BoundaryModel(this)),
      m_boundaryChart(new QChart), m_trend(new models::CohortTrendModel(this)),
      m_trendCharts(new TrendCharts(m_trend, this))
{
    m_table->setModel(m_metrics);
    m_table->setAccessibleName(tr("Metric comparison"));
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    const int rowHeight = m_table->fontMetrics().height() + 6;
    m_table->verticalHeader()->setDefaultSectionSize(rowHeight);
    m_table->setMinimumHeight(rowHeight * 4);
    m_table->setMaximumHeight(rowHeight * 8);
    // Always empty since the intersection-union rule (MetricAnalysis::adjustedPValue).
    m_table->setColumnHidden(models::MetricsModel::AdjustedColumn, true);
    // Tall enough for every metric (up to 7) without a scroll bar.
    connect(m_metrics, &QAbstractItemModel::modelReset, m_table, [this, rowHeight] {
        const int rows = std::clamp(m_metrics->rowCount(), 3, 7);
        m_table->setFixedHeight(rowHeight * rows + m_table->horizontalHeader()->sizeHint().height() + 4);
    });

    auto *view = new ChangeChartView(m_metrics, this);
    view->setMinimumHeight(230);
    m_srm->setWordWrap(true);
    m_lookText->setWordWrap(true);

    auto *boundaryView = new QChartView(buildBoundaryChart(), this);
    boundaryView->setRenderHint(QPainter::Antialiasing);
    boundaryView->setAccessibleName(tr("Sequential boundary chart"));
    boundaryView->setMinimumHeight(230);

    auto *charts = new QHBoxLayout;
    charts->addWidget(view, 1);
    charts->addWidget(boundaryView, 1);
    auto *layout = scrollingLayout(this);
    layout->addWidget(m_srm);
    layout->addWidget(m_lookText);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_trendCharts, 2);
    layout->addLayout(charts, 2);

    m_merge.setSingleShot(true);
    m_merge.setInterval(40);
    connect(&m_merge, &QTimer::timeout, this, &CohortsPage::flush);
}

QChart *CohortsPage::buildBoundaryChart()
{
    QChart *chart = m_boundaryChart;
    chart->setTheme(palette().color(QPalette::Window).lightness() < 128 ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->setTitle(tr("Sequential test: primary metrics against the efficacy boundary"));
    chart->setLocalizeNumbers(true);
    auto *x = new QValueAxis(chart);
    auto *y = new QValueAxis(chart);
    x->setTitleText(tr("Information fraction"));
    x->setRange(0.0, 1.0);
    y->setTitleText(tr("z"));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    auto *curve = new QLineSeries(chart);
    curve->setName(tr("Boundary"));
    auto *looks = new QScatterSeries(chart);
    looks->setName(tr("Looks"));
    looks->setMarkerSize(10.0);
    auto *observed = new QScatterSeries(chart);
    observed->setName(tr("Weakest primary metric"));
    observed->setMarkerShape(QScatterSeries::MarkerShapeRectangle);
    observed->setMarkerSize(12.0);
    auto *curveMap = new QVXYModelMapper(this);
    auto *lookMap = new QVXYModelMapper(this);
    auto *observedMap = new QVXYModelMapper(this);
    const std::pair<QVXYModelMapper *, QXYSeries *> maps[] = {{curveMap, curve}, {lookMap, looks}, {observedMap, observed}};
    for (const auto &[mapper, series] : maps) {
        mapper->setXColumn(models::BoundaryModel::FractionColumn);
        mapper->setYColumn(models::BoundaryModel::ZColumn);
        mapper->setSeries(series); // the model is set per run on each reset, below
        chart->addSeries(series);
        series->attachAxis(x);
        series->attachAxis(y);
    }
    // The three runs of rows move with every reset: point each mapper at its run. An empty run
    // gets no model (a mapper over zero rows of a non-empty model warns on every reset).
    const auto pointAt = [this](QVXYModelMapper *mapper, QXYSeries *series, int first, int count) {
        mapper->setModel(nullptr);
        if (count <= 0) {
            series->clear();
            return;
        }
        mapper->setFirstRow(first);
        mapper->setRowCount(count);
        mapper->setModel(m_boundary);
    };
    auto askedTop = std::make_shared<double>(-1.0);
    connect(m_boundary, &QAbstractItemModel::modelReset, this,
            [this, pointAt, askedTop, curveMap, lookMap, observedMap, curve, looks, observed, y] {
                pointAt(curveMap, curve, 0, m_boundary->curveRows());
                pointAt(lookMap, looks, m_boundary->firstLookRow(), m_boundary->lookRows());
                const int observedRow = m_boundary->observedRow();
                pointAt(observedMap, observed, std::max(observedRow, 0), observedRow < 0 ? 0 : 1);
                // Touched only when the top changes (each range change lays the labels out again).
                const double top = std::ceil(std::min(m_boundary->maximumZ(), 40.0) + 0.5);
                if (top != *askedTop) {
                    *askedTop = top;
                    y->setRange(0.0, top);
                    y->applyNiceNumbers();
                }
            });
    return chart;
}

void CohortsPage::setRolloutState(const rollout::RolloutState &state)
{
    // A resume starts a new attempt (its own evidence window): the old points would mix two.
    if (m_stateKnown && state.rolloutStartedAt != m_state.rolloutStartedAt) {
        m_pendingInputs.clear();
        m_trend->clear();
        m_trendCharts->refreshMetrics();
    }
    m_state = state;
    m_stateKnown = true;
}

void CohortsPage::setEvaluationInput(const models::EvaluationInput &input)
{
    m_pendingInputs.push_back(input);
    if (!m_merge.isActive())
        m_merge.start();
}

QString CohortsPage::lookText() const
{
    return m_lookText->text();
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
    if (!m_pendingInputs.empty()) {
        for (const models::EvaluationInput &input : m_pendingInputs)
            m_trend->append(input.evidence, input.plan, input.now);
        m_trendCharts->setPlan(m_pendingInputs.back().plan); // the labels of the metric box
        m_pendingInputs.clear();
    }
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
    if (decision.look) {
        const rollout::Look &look = *decision.look;
        m_lookText->setText(tr("Sequential look %1 at information fraction %2: boundary z = %3 (nominal alpha %4); %5.")
                                .arg(look.index)
                                .arg(models::Wording::number(look.informationFraction, 3), models::Wording::number(look.boundaryZ, 4),
                                     models::Wording::pValue(look.nominalAlpha),
                                     look.crossed ? tr("every primary metric crossed it") : tr("not crossed")));
    } else {
        m_lookText->setText(tr("No sequential look yet."));
    }
    const quint64 generation = ++m_generation;
    runOffUiThread(
        this, [plan, state = m_state, decision] { return models::computeBoundary(plan, state, decision); },
        [this, generation] { return generation == m_generation; }, // else a newer decision is being drawn
        [this](const Result<models::BoundarySnapshot> &result) {
            if (result)
                m_boundary->setData(*result);
            Q_EMIT boundaryShown();
        });
}

} // namespace rampart::widgets
