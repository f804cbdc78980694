#pragma once

// Shared by the model tests: a QAbstractItemModelTester that aborts on the first violation
// (so a broken model fails the test case), and the example scenarios evaluated by the real
// GateEngine.

#include "examplescenario.h"

#include <gtest/gtest.h>

#include <QAbstractItemModelTester>
#include <QCoreApplication>

#include <memory>

namespace rampart::testing {

inline std::unique_ptr<QAbstractItemModelTester> attachTester(QAbstractItemModel *model)
{
    return std::make_unique<QAbstractItemModelTester>(model, QAbstractItemModelTester::FailureReportingMode::Fatal);
}

inline console::ExampleScenario scenario(const char *name)
{
    auto s = console::loadExampleScenario(QString::fromLatin1(name));
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
    return s.ok() ? std::move(s).value() : console::ExampleScenario{};
}

inline const char *const AllScenarios[] = {"advance", "guardrail-breach", "insufficient-sample", "ready-for-signoff", "srm"};

} // namespace rampart::testing
