#include "decidecommand.h"

#include "cliutil.h"
#include "watchcommand.h"

#include "io/decisionjson.h"
#include "io/evidencejson.h"
#include "io/jsonvalue.h"
#include "io/planjson.h"
#include "io/statejson.h"
#include "rollout/gateengine.h"

#include <QCommandLineParser>
#include <QTextStream>

#include <cmath>

namespace rampart::cli {

namespace {

/// The parts of the rollout's position that say what was shown at earlier looks. An evidence
/// file never supplies them: a caller could otherwise declare efficacy the engine never saw
/// (issue 9). They come from a saved state (--state) or are recomputed from this look only.
const char *const kHistoryClaims[] = {"efficacy_look", "primary_crossed_at"};

} // namespace

int runDecideCli(const QStringList &arguments, const QString &configFile)
{
    if (arguments.contains(QStringLiteral("--live")))
        return runDecideLiveCli(arguments, configFile);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Advance, hold or roll back, with every reason."));
    const QCommandLineOption planOption(QStringLiteral("plan"), QStringLiteral("Rollout plan (JSON)."), QStringLiteral("FILE"));
    const QCommandLineOption evidenceOption(QStringLiteral("evidence"), QStringLiteral("Evidence snapshot (JSON)."),
                                            QStringLiteral("FILE"));
    const QCommandLineOption nowOption(QStringLiteral("now"), QStringLiteral("Evaluate at this instant (ISO 8601 with zone)."),
                                       QStringLiteral("ISO8601"));
    const QCommandLineOption stateOption(
        QStringLiteral("state"),
        QStringLiteral("Saved rollout state (JSON, as the controller saves it): looks, efficacy, breach counts."),
        QStringLiteral("FILE"));
    const QCommandLineOption helpOption({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    parser.addOptions({planOption, evidenceOption, nowOption, stateOption, helpOption});
    if (!parser.parse(QStringList{QStringLiteral("rampartctl decide")} + arguments))
        return failWith(usage(parser.errorText().toStdString()));
    if (parser.isSet(helpOption)) {
        QTextStream(stdout) << "Usage: rampartctl decide --plan FILE --evidence FILE [--state FILE] [--now ISO8601]\n\n"
                            << "Prints the Decision as JSON: \"decision\" (advance | hold | rollback | complete) and\n"
                            << "\"reason\" at the top, then every reason, a row per gate, the metric analyses, the\n"
                            << "sample still needed and the sequential look. Evidence format: docs/evidence-format.md.\n"
                            << "The evidence file may not claim earlier efficacy (efficacy_look, primary_crossed_at):\n"
                            << "that comes from a saved state (--state FILE, the rollout_state JSON the controller\n"
                            << "saves) or is judged from this look alone. \"state_source\" in the output says which.\n";
        return ExitOk;
    }
    if (!parser.isSet(planOption) || !parser.isSet(evidenceOption))
        return failWith(usage("Both --plan FILE and --evidence FILE are required."));
    if (!parser.positionalArguments().isEmpty())
        return failWith(usage("Unexpected argument \"" + parser.positionalArguments().first().toStdString() + "\"."));

    rollout::TimePoint now = rollout::SystemClock().now();
    if (parser.isSet(nowOption)) {
        auto t = io::parseTime(parser.value(nowOption), "now");
        if (!t)
            return failWith(t.error());
        now = *t;
    }
    const auto plan = io::loadPlanFile(parser.value(planOption));
    if (!plan)
        return failWith(plan.error());
    const auto document = io::loadJsonFile(parser.value(evidenceOption));
    if (!document)
        return failWith(document.error());
    for (const char *claim : kHistoryClaims)
        if (const QJsonValue v = document->value(QLatin1String(claim)); !v.isUndefined() && !v.isNull()
            && !(v.isObject() && v.toObject().isEmpty()))
            return failWith(makeError(errc::InvalidArgument, claim,
                                      std::string(claim) + " is not taken from an evidence file: what earlier looks showed "
                                      "comes from the saved rollout state (--state FILE) or is judged from this look alone. "
                                      "Remove it, or pass the saved state."));
    const auto input = io::parseDecideInput(*document, *plan, now);
    if (!input)
        return failWith(input.error());
    const char *stateSource = "evidence_file";
    rollout::RolloutState state = input->state;
    if (parser.isSet(stateOption)) {
        auto saved = io::loadSavedState(parser.value(stateOption), *plan, input->state);
        if (!saved)
            return failWith(saved.error());
        state = *saved;
        stateSource = "saved_state";
    }

    const rollout::Decision decision = rollout::GateEngine::evaluate(*plan, state, input->evidence, now);
    QJsonObject out = io::decisionToJson(decision);
    out.insert(QStringLiteral("evidence_hash"), io::evidenceHash(*document));
    out.insert(QStringLiteral("state_source"), QLatin1String(stateSource));
    if (input->targetPercentage) {
        // The short request asks about one move; only the plan's next stage is a legal one.
        const double target = *input->targetPercentage;
        const auto stage = *state.stage;
        const bool isNext = stage + 1 < plan->stages.size() && std::fabs(plan->stages[stage + 1].percentage - target) < 1e-9;
        if (!isNext) {
            const std::string next = stage + 1 < plan->stages.size()
                ? QString::number(plan->stages[stage + 1].percentage).toStdString() + "%"
                : std::string("none: this is the last stage");
            return failWith(makeError(errc::InvalidArgument, "target_percentage",
                                      "target_percentage " + QString::number(target).toStdString()
                                          + " is not the next stage of the plan (next: " + next + ")."));
        }
        out.insert(QStringLiteral("target_percentage_requested"), target);
    }
    printJson(out);
    return ExitOk;
}

} // namespace rampart::cli
