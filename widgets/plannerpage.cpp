#include "plannerpage.h"

#include "offthread.h"
#include "wording.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QVXYModelMapper>
#include <QValueAxis>

namespace rampart::widgets {

using models::Wording;

namespace {

QDoubleSpinBox *spin(QWidget *parent, double lo, double hi, double step, int decimals, double value, const QString &name)
{
    auto *box = new QDoubleSpinBox(parent);
    box->setRange(lo, hi);
    box->setSingleStep(step);
    box->setDecimals(decimals);
    box->setValue(value);
    box->setAccessibleName(name);
    return box;
}

} // namespace

PlannerPage::PlannerPage(QWidget *parent)
    : QWidget(parent), m_test(new QComboBox(this)), m_effect(spin(this, 0.005, 3.0, 0.01, 3, 0.1, tr("Effect size"))),
      m_alpha(spin(this, 0.001, 0.2, 0.005, 3, 0.05, tr("Alpha"))), m_power(spin(this, 0.5, 0.99, 0.01, 2, 0.8, tr("Power"))),
      m_traffic(spin(this, 1.0, 1e7, 10.0, 0, 100.0, tr("Traffic"))), m_planned(new QSpinBox(this)),
      m_table(new QTableWidget(3, 6, this)), m_error(new QLabel(this)), m_curve(new models::PowerCurveModel(this))
{
    m_test->addItem(tr("Two-sample t-test (Cohen's d)"), static_cast<int>(stats::PowerTest::TwoSampleT));
    m_test->addItem(tr("Two proportions (Cohen's h)"), static_cast<int>(stats::PowerTest::TwoProportions));
    m_test->setAccessibleName(tr("Test"));
    m_traffic->setSuffix(tr(" units/h"));
    m_planned->setRange(0, 100000000);
    m_planned->setSingleStep(1000);
    m_planned->setValue(10000);
    m_planned->setAccessibleName(tr("Planned total units"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Test:"), m_test);
    form->addRow(tr("&Effect size:"), m_effect);
    form->addRow(tr("&Alpha (two-sided):"), m_alpha);
    form->addRow(tr("&Power:"), m_power);
    form->addRow(tr("T&raffic:"), m_traffic);
    form->addRow(tr("Planned &total for MDE:"), m_planned);

    m_table->setHorizontalHeaderLabels({tr("ML units"), tr("Deterministic units"), tr("Total"), tr("Stage duration"),
                                        tr("MDE at planned total"), tr("Power at planned total")});
    m_table->setVerticalHeaderLabels({tr("ML 5% (1:19)"), tr("ML 25% (1:3)"), tr("ML 50% (1:1)")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAccessibleName(tr("Sample size per split"));
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setMaximumHeight(m_table->verticalHeader()->defaultSectionSize() * 5);
    m_error->setStyleSheet(QStringLiteral("color: #d93a3a;"));
    m_error->setWordWrap(true);

    auto *chart = new QChart;
    // Follow a dark palette: Qt Charts' default theme is light whatever the palette says.
    chart->setTheme(palette().color(QPalette::Window).lightness() < 128 ? QChart::ChartThemeDark : QChart::ChartThemeLight);
    auto *x = new QValueAxis(chart);
    auto *y = new QValueAxis(chart);
    x->setTitleText(tr("Total units (both cohorts)"));
    x->setLabelFormat(QStringLiteral("%.0f"));
    y->setTitleText(tr("Power"));
    y->setRange(0.0, 1.0);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    const QStringList names = {tr("ML 5% (1:19)"), tr("ML 25% (1:3)"), tr("ML 50% (1:1)")};
    for (int k = 0; k < 3; ++k) {
        auto *series = new QLineSeries(chart);
        series->setName(names[k]);
        auto *mapper = new QVXYModelMapper(this);
        mapper->setXColumn(models::PowerCurveModel::TotalColumn);
        mapper->setYColumn(models::PowerCurveModel::Power1to19Column + k);
        mapper->setSeries(series);
        mapper->setModel(m_curve);
        chart->addSeries(series);
        series->attachAxis(x);
        series->attachAxis(y);
    }
    chart->setTitle(tr("Power by total sample size"));
    connect(m_curve, &QAbstractItemModel::modelReset, this, [this, x] {
        x->setRange(0.0, std::max(1.0, m_curve->maximumTotal()));
        x->applyNiceNumbers();
    });
    auto *view = new QChartView(chart, this);
    view->setRenderHint(QPainter::Antialiasing);
    view->setAccessibleName(tr("Power curve"));
    view->setMinimumHeight(260);

    auto *top = new QHBoxLayout;
    top->addLayout(form);
    top->addWidget(view, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top, 1);
    layout->addWidget(m_error);
    layout->addWidget(m_table);

    m_debounce.setSingleShot(true);
    m_debounce.setInterval(150);
    connect(&m_debounce, &QTimer::timeout, this, &PlannerPage::recompute);
    auto schedule = [this] { m_debounce.start(); };
    connect(m_test, &QComboBox::currentIndexChanged, this, schedule);
    for (QDoubleSpinBox *box : {m_effect, m_alpha, m_power, m_traffic})
        connect(box, &QDoubleSpinBox::valueChanged, this, schedule);
    connect(m_planned, &QSpinBox::valueChanged, this, schedule);
    recompute();
}

PlannerPage::~PlannerPage() = default;

models::PlannerInput PlannerPage::input() const
{
    models::PlannerInput in;
    in.test = static_cast<stats::PowerTest>(m_test->currentData().toInt());
    in.effectSize = m_effect->value();
    in.alpha = m_alpha->value();
    in.power = m_power->value();
    in.unitsPerHour = m_traffic->value();
    in.plannedTotal = m_planned->value();
    return in;
}

void PlannerPage::recompute()
{
    m_debounce.stop();
    const quint64 generation = ++m_generation;
    const models::PlannerInput in = input();
    runOffUiThread(
        this, [in] { return models::computePlan(in); },
        [this, generation] {
            if (generation == m_generation)
                return true;
            ++m_dropped; // a newer request is on its way: never show an answer to an old question
            return false;
        },
        [this](const Result<models::PlannerResult> &result) { show(result); });
}

void PlannerPage::show(const Result<models::PlannerResult> &result)
{
    if (!result) {
        m_error->setText(tr("Cannot plan: %1 (%2)").arg(QString::fromStdString(result.error().message),
                                                      QString::fromStdString(result.error().field)));
        m_error->show();
        Q_EMIT resultShown();
        return;
    }
    m_error->clear();
    m_error->hide();
    const QLocale locale;
    for (int k = 0; k < 3; ++k) {
        const models::SplitPlan &s = result->splits[static_cast<std::size_t>(k)];
        const QStringList cells = {
            locale.toString(static_cast<qlonglong>(s.sampleSize.nA)),
            locale.toString(static_cast<qlonglong>(s.sampleSize.nB)),
            locale.toString(static_cast<qlonglong>(s.sampleSize.total)),
            tr("%1 h").arg(locale.toString(s.hours, 'f', 1)),
            s.mde ? locale.toString(*s.mde, 'f', 4) : QStringLiteral("—"),
            s.achievedPower ? locale.toString(*s.achievedPower, 'f', 3) : QStringLiteral("—"),
        };
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem(cells[c]);
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(k, c, item);
        }
    }
    m_curve->setCurve(result->curve);
    Q_EMIT resultShown();
}

} // namespace rampart::widgets
