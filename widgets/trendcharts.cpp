#include "trendcharts.h"

#include <QAreaSeries>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QVBoxLayout>
#include <QVXYModelMapper>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace rampart::widgets {

using models::CohortTrendModel;

namespace {

const QColor DeterministicColor(0x7f, 0x8c, 0x8d);
const QColor MlColor(0x2f, 0x6f, 0xd0);
const QColor DifferenceColor(0xc0, 0x6a, 0x1b);

void setPaddedRange(QValueAxis *axis, double lo, double hi)
{
    if (!(hi > lo)) {
        const double pad = std::max(std::fabs(lo) * 0.05, 1e-6);
        lo -= pad;
        hi += pad;
    }
    const double pad = (hi - lo) * 0.08;
    axis->setRange(lo - pad, hi + pad);
    axis->applyNiceNumbers();
}

} // namespace

TrendCharts::TrendCharts(CohortTrendModel *model, QWidget *parent)
    : QWidget(parent), m_model(model), m_metric(new QComboBox(this)), m_note(new QLabel(this))
{
    m_estimate = makeChart(tr("Estimate per cohort over time (95% CI)"), m_estimateX, m_estimateY);
    addBand(m_estimate, m_estimateX, m_estimateY, CohortTrendModel::ControlLowColumn, CohortTrendModel::ControlHighColumn,
            DeterministicColor, tr("Deterministic, 95% CI"));
    addBand(m_estimate, m_estimateX, m_estimateY, CohortTrendModel::TreatmentLowColumn, CohortTrendModel::TreatmentHighColumn,
            MlColor, tr("ML, 95% CI"));
    addLine(m_estimate, m_estimateX, m_estimateY, CohortTrendModel::ControlMeanColumn, DeterministicColor, tr("Deterministic"));
    addLine(m_estimate, m_estimateX, m_estimateY, CohortTrendModel::TreatmentMeanColumn, MlColor, tr("ML"));

    m_difference = makeChart(tr("Difference ML − deterministic over time (95% CI)"), m_differenceX, m_differenceY);
    addBand(m_difference, m_differenceX, m_differenceY, CohortTrendModel::DifferenceLowColumn,
            CohortTrendModel::DifferenceHighColumn, DifferenceColor, tr("Difference, 95% CI"));
    addLine(m_difference, m_differenceX, m_differenceY, CohortTrendModel::DifferenceColumn, DifferenceColor, tr("Difference"));
    addLine(m_difference, m_differenceX, m_differenceY, CohortTrendModel::ZeroColumn, palette().color(QPalette::Text),
            tr("No difference"), Qt::DashLine);

    m_metric->setAccessibleName(tr("Metric shown over time"));
    m_note->setWordWrap(true);
    m_note->setText(tr("Pointwise intervals at each evaluation, not adjusted for repeated looks; the sequential "
                       "boundary chart is what the decision uses."));
    auto *label = new QLabel(tr("&Metric over time:"), this);
    label->setBuddy(m_metric);
    auto *top = new QHBoxLayout;
    top->addWidget(label);
    top->addWidget(m_metric);
    top->addWidget(m_note, 1);

    auto *charts = new QHBoxLayout;
    for (QChart *chart : {m_estimate, m_difference}) {
        auto *view = new QChartView(chart, this);
        view->setRenderHint(QPainter::Antialiasing);
        view->setAccessibleName(chart->title());
        view->setMinimumHeight(220);
        charts->addWidget(view, 1);
    }
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addLayout(charts, 1);

    connect(m_metric, &QComboBox::currentIndexChanged, this, [this] {
        const std::string id = m_metric->currentData().toString().toStdString();
        if (id != m_model->metric())
            m_model->setMetric(id);
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, &TrendCharts::updateAxes);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &TrendCharts::updateAxes);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &TrendCharts::updateAxes);
}

QChart *TrendCharts::makeChart(const QString &title, QDateTimeAxis *&x, QValueAxis *&y)
{
    auto *chart = new QChart;
    // Follow a dark palette: Qt Charts' default theme is light whatever the palette says.
    chart->setTheme(palette().color(QPalette::Window).lightness() < 128 ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    chart->setTitle(title);
    chart->setLocalizeNumbers(true); // axis labels in the UI locale (0,85 in Polish)
    chart->legend()->setAlignment(Qt::AlignBottom);
    x = new QDateTimeAxis(chart);
    x->setTickCount(4);
    y = new QValueAxis(chart);
    y->setLabelFormat(QStringLiteral("%.4g"));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    return chart;
}

void TrendCharts::addBand(QChart *chart, QDateTimeAxis *x, QValueAxis *y, int lowColumn, int highColumn,
                          const QColor &color, const QString &name)
{
    auto *upper = new QLineSeries(chart);
    auto *lower = new QLineSeries(chart);
    for (const auto &[series, column] : {std::pair{upper, highColumn}, std::pair{lower, lowColumn}}) {
        auto *mapper = new QVXYModelMapper(this);
        mapper->setXColumn(CohortTrendModel::TimeColumn);
        mapper->setYColumn(column);
        mapper->setSeries(series);
        mapper->setModel(m_model);
    }
    auto *band = new QAreaSeries(upper, lower);
    band->setName(name);
    QColor fill = color;
    fill.setAlpha(60);
    band->setBrush(fill);
    QPen pen(color);
    pen.setWidthF(0.5);
    band->setPen(pen);
    m_bands << band;
    chart->addSeries(band);
    band->attachAxis(x);
    band->attachAxis(y);
}

void TrendCharts::addLine(QChart *chart, QDateTimeAxis *x, QValueAxis *y, int column, const QColor &color,
                          const QString &name, Qt::PenStyle style)
{
    auto *line = new QLineSeries(chart);
    line->setName(name);
    QPen pen(color);
    pen.setWidthF(2.0);
    pen.setStyle(style);
    line->setPen(pen);
    line->setMarkerSize(5.0);
    if (style == Qt::SolidLine)
        m_lines << line;
    auto *mapper = new QVXYModelMapper(this);
    mapper->setXColumn(CohortTrendModel::TimeColumn);
    mapper->setYColumn(column);
    mapper->setSeries(line);
    mapper->setModel(m_model);
    chart->addSeries(line);
    line->attachAxis(x);
    line->attachAxis(y);
}

void TrendCharts::setPlan(const rollout::Plan &plan)
{
    m_plan = plan;
    refreshMetrics();
}

void TrendCharts::refreshMetrics()
{
    const std::vector<std::string> ids = m_model->metrics();
    QStringList current;
    for (int i = 0; i < m_metric->count(); ++i)
        current << m_metric->itemData(i).toString();
    QStringList wanted;
    for (const std::string &id : ids)
        wanted << QString::fromStdString(id);
    if (current != wanted) {
        const QString selected = m_metric->currentData().toString();
        const QSignalBlocker block(m_metric);
        m_metric->clear();
        for (const std::string &id : ids) {
            const rollout::MetricSpec *spec = m_plan.metric(id);
            const QString label = QString::fromStdString(spec && !spec->label.empty() ? spec->label : id);
            m_metric->addItem(label, QString::fromStdString(id));
        }
        m_metric->setCurrentIndex(std::max(0, m_metric->findData(selected)));
    }
    const std::string id = m_metric->currentData().toString().toStdString();
    if (id != m_model->metric())
        m_model->setMetric(id);
}

void TrendCharts::updateAxes()
{
    const int rows = m_model->rowCount();
    // Markers while there are few points (a single evaluation is still visible, with its
    // interval's ends); plain lines and bands once the series is long.
    const bool few = rows <= 12;
    for (QLineSeries *line : m_lines)
        line->setPointsVisible(few);
    for (QAreaSeries *band : m_bands)
        band->setPointsVisible(few);
    if (rows == 0)
        return;
    const auto ms = [this](int row) { return m_model->index(row, CohortTrendModel::TimeColumn).data().toDouble(); };
    QDateTime from = QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(ms(0)));
    QDateTime to = QDateTime::fromMSecsSinceEpoch(static_cast<qint64>(ms(rows - 1)));
    if (from == to) { // one point: a minute either side, so it is not on the frame
        from = from.addSecs(-60);
        to = to.addSecs(60);
    }
    // Labels as fine as the span needs: seconds within an hour, the date beyond a day.
    const qint64 span = from.secsTo(to);
    //: QDateTime formats of the time axis of the cohort charts (short span, within a day, longer)
    const QString format = span <= 3600 ? tr("HH:mm:ss") : span <= 86400 ? tr("HH:mm") : tr("MM-dd HH:mm");
    for (QDateTimeAxis *x : {m_estimateX, m_differenceX}) {
        x->setRange(from, to);
        x->setFormat(format);
    }
    const auto [elo, ehi] = m_model->range({CohortTrendModel::ControlLowColumn, CohortTrendModel::ControlHighColumn,
                                            CohortTrendModel::TreatmentLowColumn, CohortTrendModel::TreatmentHighColumn});
    setPaddedRange(m_estimateY, elo, ehi);
    const auto [dlo, dhi] = m_model->range({CohortTrendModel::DifferenceLowColumn, CohortTrendModel::DifferenceHighColumn,
                                            CohortTrendModel::ZeroColumn});
    setPaddedRange(m_differenceY, dlo, dhi);
}

} // namespace rampart::widgets
