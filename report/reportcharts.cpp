// Qt Charts rendered offscreen into fixed-size images for the report.

#include "reportcharts.h"

#include "stats/sequential.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QCoreApplication>
#include <QGraphicsScene>
#include <QLegend>
#include <QLineSeries>
#include <QLocale>
#include <QPainter>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace rampart::report {

namespace {

class ChartText
{
    Q_DECLARE_TR_FUNCTIONS(ReportCharts)
};

constexpr int Width = 900;
constexpr int Height = 420;

/// Renders a chart into an image of a fixed size; the chart is owned by a scene and freed here.
QImage render(QChart *chart)
{
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setTheme(QChart::ChartThemeLight);
    chart->setBackgroundRoundness(0);
    chart->legend()->setAlignment(Qt::AlignBottom);
    QFont font = chart->titleFont();
    font.setPointSize(11);
    font.setBold(true);
    chart->setTitleFont(font);
    QGraphicsScene scene;
    scene.addItem(chart);
    chart->setGeometry(0, 0, Width, Height);
    scene.setSceneRect(0, 0, Width, Height);
    QImage image(Width, Height, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    scene.render(&painter, QRectF(0, 0, Width, Height), QRectF(0, 0, Width, Height));
    painter.end();
    return image;
}

QString stageLabel(const StageReport &s)
{
    return QLocale().toString(s.percentage, 'g', 4) + QLatin1Char('%');
}

} // namespace

QImage cohortComparisonChart(const RolloutReport &report)
{
    auto *chart = new QChart;
    chart->setTitle(ChartText::tr("ML against control by stage: relative change (%)"));
    auto *series = new QBarSeries;
    double lo = 0.0;
    double hi = 0.0;
    for (const rollout::MetricSpec &spec : report.plan.metrics) {
        if (spec.role == rollout::MetricRole::Guardrail)
            continue;
        auto *set = new QBarSet(QString::fromStdString(spec.label.empty() ? spec.name : spec.label));
        for (const StageReport &s : report.stages) {
            double v = 0.0;
            for (const MetricComparison &c : s.metrics)
                if (c.metric == spec.name && c.relativeChange)
                    v = 100.0 * *c.relativeChange;
            *set << v;
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
        series->append(set);
    }
    chart->addSeries(series);
    QStringList categories;
    for (const StageReport &s : report.stages)
        categories << stageLabel(s);
    auto *x = new QBarCategoryAxis;
    x->append(categories);
    x->setTitleText(ChartText::tr("Stage (ML share of traffic)"));
    auto *y = new QValueAxis;
    y->setRange(std::floor(lo / 10.0) * 10.0, std::ceil(hi / 10.0) * 10.0 + 10.0);
    y->applyNiceNumbers();
    y->setTitleText(ChartText::tr("ML vs. control (%)"));
    y->setLabelFormat(QStringLiteral("%.0f"));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
    return render(chart);
}

QImage boundaryChart(const RolloutReport &report)
{
    auto *chart = new QChart;
    chart->setTitle(ChartText::tr("Sequential test: stratified z of the primary metrics against the boundary"));
    auto *bound = new QLineSeries;
    bound->setName(ChartText::tr("Efficacy boundary (z)"));
    double top = 3.0;
    for (const StageReport &s : report.stages)
        if (s.boundary) {
            bound->append(s.boundary->informationFraction, s.boundary->boundaryZ);
            top = std::max(top, std::min(s.boundary->boundaryZ, 8.0));
        }
    // The design: the boundary at the planned looks k/K, as the plan spends its alpha.
    auto *design = new QLineSeries;
    design->setName(ChartText::tr("Planned boundary (k/%1)").arg(report.plan.looks));
    {
        std::vector<double> planned;
        for (int k = 1; k <= std::max(1, report.plan.looks); ++k)
            planned.push_back(static_cast<double>(k) / std::max(1, report.plan.looks));
        if (auto b = stats::groupSequentialBoundaries(planned, report.plan.alpha / 2.0, report.plan.spending, 1); b)
            for (std::size_t i = 0; i < planned.size(); ++i) {
                design->append(planned[i], std::min(b->z[i], 40.0));
                top = std::max(top, std::min(b->z[i], 8.0));
            }
    }
    QPen dashed(QColor(200, 0, 0));
    dashed.setStyle(Qt::DashLine);
    dashed.setWidth(2);
    design->setPen(dashed);
    design->setPointsVisible(true);
    bound->setPen(QPen(QColor(200, 0, 0), 2));
    auto *marks = new QScatterSeries;
    marks->setName(ChartText::tr("Look taken"));
    marks->setColor(QColor(200, 0, 0));
    marks->setBorderColor(QColor(200, 0, 0));
    marks->setMarkerSize(11);
    for (const QPointF &p : bound->points())
        marks->append(p);
    chart->addSeries(design);
    chart->addSeries(marks);
    delete bound;
    std::vector<QLineSeries *> lines;
    double maxFraction = 1.0;
    for (const rollout::MetricSpec &spec : report.plan.metrics) {
        if (spec.role != rollout::MetricRole::Primary)
            continue;
        auto *line = new QLineSeries;
        line->setName(QString::fromStdString(spec.label.empty() ? spec.name : spec.label));
        for (const StageReport &s : report.stages) {
            if (!s.informationFraction || s.percentage >= 100.0)
                continue;
            for (const MetricComparison &c : s.metrics)
                if (c.metric == spec.name && c.engineZ) {
                    const double z = std::clamp(*c.engineZ, -4.0, 40.0);
                    line->append(*s.informationFraction, z);
                    top = std::max(top, z);
                    maxFraction = std::max(maxFraction, *s.informationFraction);
                }
        }
        static const QColor colours[] = {QColor(31, 119, 180), QColor(44, 160, 44), QColor(148, 103, 189), QColor(140, 86, 75)};
        line->setPen(QPen(colours[lines.size() % 4], 2));
        line->setColor(colours[lines.size() % 4]);
        line->setPointsVisible(true);
        chart->addSeries(line);
        lines.push_back(line);
    }
    auto *x = new QValueAxis;
    x->setRange(0.0, std::ceil(maxFraction * 4.0) / 4.0);
    x->setTitleText(ChartText::tr("Information fraction"));
    x->setLabelFormat(QStringLiteral("%.2f"));
    auto *y = new QValueAxis;
    y->setRange(0.0, std::ceil(top) + 1.0);
    y->applyNiceNumbers();
    y->setTitleText(QStringLiteral("z"));
    y->setLabelFormat(QStringLiteral("%.0f"));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (QAbstractSeries *s : chart->series()) {
        s->attachAxis(x);
        s->attachAxis(y);
    }
    return render(chart);
}

QImage timelineChart(const RolloutReport &report)
{
    auto *chart = new QChart;
    chart->setTitle(ChartText::tr("Timeline: ML share of traffic"));
    auto *line = new QLineSeries;
    line->setName(ChartText::tr("ML share (%)"));
    auto *holds = new QScatterSeries;
    holds->setName(ChartText::tr("Hold or sign-off wait"));
    holds->setMarkerSize(8);
    auto *rollbacks = new QScatterSeries;
    rollbacks->setName(ChartText::tr("Rollback"));
    rollbacks->setColor(Qt::red);
    rollbacks->setMarkerSize(11);
    const auto days = [&](rollout::TimePoint t) {
        return std::chrono::duration<double>(t - report.rolloutStart).count() / 86400.0;
    };
    double pct = 0.0;
    for (const rollout::TransitionEvent &e : report.history) {
        const double d = days(e.at);
        line->append(d, pct);
        pct = e.toPercentage;
        line->append(d, pct);
        if (e.toStatus == rollout::RolloutStatus::Holding || e.toStatus == rollout::RolloutStatus::AwaitingSignOff)
            holds->append(d, pct);
        if (e.toStatus == rollout::RolloutStatus::RolledBack)
            rollbacks->append(d, pct);
    }
    const double end = std::max(days(report.evaluatedAt), 1.0);
    line->append(end, pct);
    line->setPen(QPen(QColor(31, 119, 180), 3));
    holds->setColor(QColor(255, 160, 0));
    holds->setBorderColor(QColor(255, 160, 0));
    chart->addSeries(line);
    chart->addSeries(holds);
    chart->addSeries(rollbacks);
    auto *x = new QValueAxis;
    x->setRange(0.0, std::ceil(end));
    x->setTickCount(static_cast<int>(std::min(15.0, std::ceil(end) + 1.0)));
    x->setTitleText(ChartText::tr("Days since the rollout started"));
    x->setLabelFormat(QStringLiteral("%.0f"));
    auto *y = new QValueAxis;
    y->setRange(0.0, 100.0);
    y->setTickCount(5);
    y->setTitleText(ChartText::tr("ML share (%)"));
    y->setLabelFormat(QStringLiteral("%.0f"));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (QAbstractSeries *s : chart->series()) {
        s->attachAxis(x);
        s->attachAxis(y);
    }
    return render(chart);
}

} // namespace rampart::report
