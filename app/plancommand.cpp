#include "plancommand.h"

#include "cliutil.h"

#include "io/jsonvalue.h"
#include "io/planjson.h"

#include <QTextStream>

#include <algorithm>
#include <vector>

namespace rampart::cli {

using namespace rampart::rollout;

namespace {

void printPlanHelp()
{
    QTextStream(stdout) << "Usage: rampartctl plan validate FILE\n"
                           "       rampartctl plan show [--json] FILE\n\n"
                           "  validate   check a rollout plan; prints {\"valid\": true, \"agent\", \"flag\", \"stages\",\n"
                           "             \"metrics\"}. On a bad plan: exit 2 and {\"error\",\"message\",\"field\"} on\n"
                           "             stderr, where field is the JSON path (e.g. \"stages[2].percentage\").\n"
                           "  show       print the stages, gates, final assessment and statistical design as\n"
                           "             aligned text; --json prints the plan as normalized JSON instead.\n\n"
                           "Format: docs/plan-format.md; schema: resources/schema/plan.schema.json.\n";
}


QString num(double value)
{
    return QString::number(value, 'g', 6);
}

QString qstr(const std::string &s)
{
    return QString::fromStdString(s);
}

/// A plain-text table: a header row, then rows; columns padded to their widest cell.
class TextTable
{
public:
    TextTable(QStringList header, std::vector<bool> rightAligned)
        : m_rows{std::move(header)}, m_right(std::move(rightAligned))
    {
    }
    void add(QStringList row) { m_rows.push_back(std::move(row)); }

    void print(QTextStream &out, const QString &indent = QStringLiteral("  ")) const
    {
        std::vector<qsizetype> widths(m_right.size(), 0);
        for (const QStringList &row : m_rows)
            for (qsizetype c = 0; c < row.size(); ++c)
                widths[static_cast<std::size_t>(c)] = std::max(widths[static_cast<std::size_t>(c)], row.at(c).size());
        for (const QStringList &row : m_rows) {
            QString line = indent;
            for (qsizetype c = 0; c < row.size(); ++c) {
                const auto col = static_cast<std::size_t>(c);
                if (c > 0)
                    line += QStringLiteral("  ");
                line += m_right[col] ? row.at(c).rightJustified(widths[col]) : row.at(c).leftJustified(widths[col]);
            }
            while (line.endsWith(QLatin1Char(' ')))
                line.chop(1);
            out << line << "\n";
        }
    }

private:
    std::vector<QStringList> m_rows;
    std::vector<bool> m_right;
};

QString businessGateText(const Plan &plan, const BusinessGate &gate)
{
    const QString basis = gate.basis == BusinessGate::Basis::ConfidenceBound ? QStringLiteral(" (CI bound") : QStringLiteral(" (estimate");
    const QString minimum = QStringLiteral(", n >= ") + QString::number(gate.minimumSamples) + QLatin1Char(')');
    if (gate.measure == BusinessGate::Measure::MannWhitney)
        return qstr(gate.metric) + QStringLiteral(" better by Mann-Whitney, p < ") + num(gate.threshold) + QStringLiteral(" (n >= ")
            + QString::number(gate.minimumSamples) + QLatin1Char(')');
    if (gate.measure == BusinessGate::Measure::RelativeImprovement)
        return qstr(gate.metric) + QStringLiteral(" improves > ") + num(gate.threshold * 100.0) + QLatin1Char('%') + basis + minimum;
    const MetricSpec *spec = plan.metric(gate.metric);
    const bool lower = spec && spec->direction == Direction::LowerIsBetter;
    return qstr(gate.metric) + QStringLiteral(" mean ") + (lower ? QLatin1Char('<') : QLatin1Char('>')) + QLatin1Char(' ')
        + num(gate.threshold) + basis + minimum;
}

QString businessGatesText(const Plan &plan, const std::vector<BusinessGate> &gates)
{
    QStringList parts;
    for (const BusinessGate &g : gates)
        parts << businessGateText(plan, g);
    return parts.isEmpty() ? QStringLiteral("-") : parts.join(QStringLiteral("; "));
}

QString hoursText(Duration d)
{
    return num(static_cast<double>(d.count()) / 3600.0) + QStringLiteral(" h");
}

void printStages(QTextStream &out, const Plan &plan)
{
    out << "Stages\n";
    TextTable table({QStringLiteral("#"), QStringLiteral("name"), QStringLiteral("traffic"), QStringLiteral("min dwell"),
                     QStringLiteral("significance"), QStringLiteral("min samples"), QStringLiteral("max incidents"),
                     QStringLiteral("sign-off"), QStringLiteral("business gates")},
                    {true, false, true, true, false, true, true, false, false});
    for (std::size_t i = 0; i < plan.stages.size(); ++i) {
        const StageSpec &s = plan.stages[i];
        const QString signOff = s.signOff.approvers > 0
            ? QString::number(s.signOff.approvers) + QLatin1Char(' ') + qstr(s.signOff.role)
                + (s.signOff.approvers > 1 ? QStringLiteral("s") : QString())
            : QStringLiteral("none");
        table.add({QString::number(i + 1), s.name.empty() ? QStringLiteral("-") : qstr(s.name),
                   num(s.percentage) + QLatin1Char('%'), hoursText(s.minimumDwell),
                   s.requireSignificance ? QStringLiteral("required") : QStringLiteral("-"),
                   QString::number(s.minimumSamplesPerCohort),
                   s.maximumIncidents ? QString::number(*s.maximumIncidents) : QStringLiteral("no limit"), signOff,
                   businessGatesText(plan, s.businessGates)});
    }
    table.print(out);
}

void printServiceGates(QTextStream &out, const Plan &plan)
{
    out << "\nService gates (" << plan.breachesBeforeRollback << " consecutive breaches roll back; telemetry older than "
        << plan.telemetryMaxAge.count() << " s counts as missing)\n";
    if (plan.serviceGates.empty()) {
        out << "  none\n";
        return;
    }
    TextTable table({QStringLiteral("name"), QStringLiteral("passes when"), QStringLiteral("label")}, {false, false, false});
    for (const ServiceGate &g : plan.serviceGates)
        table.add({qstr(g.name), QLatin1String(io::comparisonName(g.comparison)) + QLatin1Char(' ') + num(g.threshold),
                   g.label.empty() ? QStringLiteral("-") : qstr(g.label)});
    table.print(out);
}

void printMetrics(QTextStream &out, const Plan &plan)
{
    out << "\nMetrics\n";
    TextTable table({QStringLiteral("name"), QStringLiteral("kind"), QStringLiteral("role"), QStringLiteral("direction"),
                     QStringLiteral("MDE"), QStringLiteral("margin"), QStringLiteral("test"), QStringLiteral("label")},
                    {false, false, false, false, true, true, false, false});
    for (const MetricSpec &m : plan.metrics) {
        QString kind = QLatin1String(io::metricKindName(m.kind));
        if (m.kind == MetricKind::Ordinal)
            kind += QStringLiteral(" (%1 levels)").arg(m.levels);
        table.add({qstr(m.name), kind, QLatin1String(io::metricRoleName(m.role)), QLatin1String(io::directionName(m.direction)),
                   m.role == MetricRole::Primary ? num(m.minimumDetectableEffect) : QStringLiteral("-"),
                   m.role == MetricRole::Guardrail ? num(m.nonInferiorityMargin * 100.0) + QLatin1Char('%') : QStringLiteral("-"),
                   QLatin1String(io::metricTestName(m.test)), m.label.empty() ? QStringLiteral("-") : qstr(m.label)});
    }
    table.print(out);
}

void printFinalAssessment(QTextStream &out, const Plan &plan)
{
    const FinalAssessment &f = plan.finalAssessment;
    out << "\nFinal assessment (at 100%)\n";
    TextTable table({QStringLiteral("stability"), num(static_cast<double>(f.stabilityPeriod.count()) / 86400.0) + QStringLiteral(" days")},
                    {false, false});
    table.add({QStringLiteral("max incidents"), QString::number(f.maximumIncidents)});
    if (f.businessGates.empty())
        table.add({QStringLiteral("business gates"), QStringLiteral("-")});
    for (std::size_t i = 0; i < f.businessGates.size(); ++i)
        table.add({i == 0 ? QStringLiteral("business gates") : QString(), businessGateText(plan, f.businessGates[i])});
    table.print(out);
}

void printDesign(QTextStream &out, const Plan &plan)
{
    out << "\nDesign\n";
    TextTable table({QStringLiteral("alpha"), num(plan.alpha) + QStringLiteral(" (two-sided; alpha/2 spent across the looks)")}, {false, false});
    table.add({QStringLiteral("power"), num(plan.power) + QStringLiteral(" (joint, every primary)")});
    table.add({QStringLiteral("spending"), QString::fromUtf8(stats::spendingFunctionName(plan.spending))});
    table.add({QStringLiteral("looks"), QString::number(plan.looks) + (plan.futility ? QStringLiteral(", non-binding futility") : QString())});
    table.add({QStringLiteral("primaries"), QStringLiteral("intersection-union (all must cross)")});
    table.add({QStringLiteral("guardrail alpha"), num(plan.guardrailAlpha) + QStringLiteral(" (whole rollout, always-valid)")});
    table.add({QStringLiteral("guardrail minimum"), QString::number(plan.minimumGuardrailSamples) + QStringLiteral(" units per cohort")});
    table.add({QStringLiteral("SRM threshold"), num(plan.srmThreshold)});
    table.add({QStringLiteral("clock skew"), QString::number(plan.clockSkew.count()) + QStringLiteral(" s")});
    table.add({QStringLiteral("evidence max age"), QString::number(plan.evidenceMaxAge.count()) + QStringLiteral(" s")});
    table.print(out);
}

void printPlan(const Plan &plan)
{
    QTextStream out(stdout);
    out << "Rollout plan: " << qstr(plan.agent) << "\n"
        << "  flag     " << qstr(plan.flag) << "\n"
        << "  cohorts  " << qstr(plan.controlCohort) << " (control) vs " << qstr(plan.treatmentCohort) << " (treatment)\n\n";
    printStages(out, plan);
    printServiceGates(out, plan);
    printMetrics(out, plan);
    printFinalAssessment(out, plan);
    printDesign(out, plan);
}

struct PlanArguments
{
    QString file;
    bool json = false;
    bool help = false;
};

Result<PlanArguments> parseArguments(const QString &command, const QStringList &arguments)
{
    PlanArguments parsed;
    QStringList positional;
    for (const QString &arg : arguments) {
        if (arg == QLatin1String("--help") || arg == QLatin1String("-h"))
            parsed.help = true;
        else if (arg == QLatin1String("--json") && command == QLatin1String("show"))
            parsed.json = true;
        else if (arg.startsWith(QLatin1Char('-')) && arg.size() > 1)
            return usage("Unknown option \"" + arg.toStdString() + "\" for `rampartctl plan " + command.toStdString() + "`.");
        else
            positional << arg;
    }
    if (parsed.help)
        return parsed;
    if (positional.size() != 1)
        return usage("`rampartctl plan " + command.toStdString() + "` takes exactly one plan FILE.");
    parsed.file = positional.first();
    return parsed;
}

} // namespace

int runPlanCli(const QStringList &arguments)
{
    if (arguments.isEmpty())
        return failWith(usage("Missing sub-command: rampartctl plan validate FILE | plan show [--json] FILE."));
    const QString command = arguments.first();
    if (command == QLatin1String("--help") || command == QLatin1String("-h")) {
        printPlanHelp();
        return ExitOk;
    }
    if (command != QLatin1String("validate") && command != QLatin1String("show"))
        return failWith(makeError(io::jsonerrc::UnknownCommand, "command",
                                  "Unknown plan command \"" + command.toStdString() + "\"; use validate or show."));
    const auto parsed = parseArguments(command, arguments.mid(1));
    if (!parsed)
        return failWith(parsed.error());
    if (parsed->help) {
        printPlanHelp();
        return ExitOk;
    }
    const auto plan = io::loadPlanFile(parsed->file);
    if (!plan)
        return failWith(plan.error());
    if (command == QLatin1String("validate")) {
        printJson(QJsonObject{{QStringLiteral("valid"), true},
                              {QStringLiteral("agent"), qstr(plan->agent)},
                              {QStringLiteral("flag"), qstr(plan->flag)},
                              {QStringLiteral("stages"), static_cast<int>(plan->stages.size())},
                              {QStringLiteral("metrics"), static_cast<int>(plan->metrics.size())}});
    } else if (parsed->json) {
        printJson(io::planToJson(*plan));
    } else {
        printPlan(*plan);
    }
    return ExitOk;
}

} // namespace rampart::cli
