#pragma once

// A one-line message under the top bar: a confirmed result in green, a failure in red
// (staying until dismissed or replaced), information in the palette's colours.

#include <QFrame>

class QLabel;
class QToolButton;

namespace rampart::widgets {

class Banner : public QFrame
{
    Q_OBJECT

public:
    enum class Kind { Info, Success, Error };

    explicit Banner(QWidget *parent = nullptr);

    void showMessage(Kind kind, const QString &text);
    Kind kind() const { return m_kind; }
    QString text() const;

private:
    QLabel *m_label;
    QToolButton *m_close;
    Kind m_kind = Kind::Info;
};

} // namespace rampart::widgets
