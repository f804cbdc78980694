// GoogleTest main with a QCoreApplication: the controller's threads post back to it, and
// the Prometheus client and Qt Sql need one.

#include <QCoreApplication>

#include <gtest/gtest.h>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
