// The floor for the console's cold start (tests/bench/coldstart.py): a minimal Qt Widgets
// window that quits after its first paint, as `rampart --quit-after-first-frame` does.
#include <QApplication>
#include <QLabel>
#include <QTimer>

namespace {

class FirstPaintQuits : public QLabel
{
public:
    using QLabel::QLabel;

protected:
    void paintEvent(QPaintEvent *event) override
    {
        QLabel::paintEvent(event);
        QTimer::singleShot(0, qApp, &QCoreApplication::quit);
    }
};

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    FirstPaintQuits label(QStringLiteral("Rampart"));
    label.resize(1280, 800);
    label.show();
    return app.exec();
}
