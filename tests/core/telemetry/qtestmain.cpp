// GoogleTest main for tests that need a QCoreApplication (QtNetwork, QEventLoop). The
// application's event loop is never run: the code under test must not need it.
#include <QCoreApplication>

#include <gtest/gtest.h>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
