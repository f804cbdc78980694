#include "banner.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace rampart::widgets {

Banner::Banner(QWidget *parent) : QFrame(parent), m_label(new QLabel(this)), m_close(new QToolButton(this))
{
    setObjectName(QStringLiteral("banner"));
    setFrameShape(QFrame::StyledPanel);
    m_label->setWordWrap(true);
    m_label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_close->setText(QStringLiteral("×"));
    m_close->setAccessibleName(tr("Dismiss message"));
    m_close->setToolTip(tr("Dismiss message"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_close);
    connect(m_close, &QToolButton::clicked, this, &QWidget::hide);
    hide();
}

void Banner::showMessage(Kind kind, const QString &text)
{
    m_kind = kind;
    m_label->setText(text);
    setAccessibleName(text);
    switch (kind) {
    case Kind::Success:
        setStyleSheet(QStringLiteral("#banner { background: #1f7a3d; } #banner QLabel, #banner QToolButton { color: white; }"));
        break;
    case Kind::Error:
        setStyleSheet(QStringLiteral("#banner { background: #b3261e; } #banner QLabel, #banner QToolButton { color: white; }"));
        break;
    case Kind::Info:
        setStyleSheet(QString());
        break;
    }
    show();
}

QString Banner::text() const
{
    return m_label->text();
}

} // namespace rampart::widgets
