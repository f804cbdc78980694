#pragma once

// GoogleTest helpers for rampart::Result values, shared by every test target.

#include "stats/result.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace rampart::testing {

/// Expects a failure with this code and field, and a non-empty sentence.
template <typename T>
void expectError(const Result<T> &r, const char *code, const std::string &field)
{
    ASSERT_FALSE(r.ok()) << "expected the error " << code << " on " << field;
    EXPECT_EQ(r.error().code, code) << r.error().message;
    EXPECT_EQ(r.error().field, field) << r.error().message;
    EXPECT_FALSE(r.error().message.empty());
}

/// The value of an expected success; records the error's sentence and returns T{} otherwise.
template <typename T>
T valueOf(const Result<T> &r)
{
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? r.value() : T{};
}

/// |actual − expected| ≤ rel·|expected|: agreement with a reference value.
inline void expectRelativeNear(double actual, double expected, double rel)
{
    EXPECT_NEAR(actual, expected, rel * std::fabs(expected)) << "reference " << expected;
}

} // namespace rampart::testing
