#include "reasonprompt.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

namespace rampart::widgets {

ReasonPrompt::ReasonPrompt(QWidget *parent)
    : QFrame(parent), m_question(new QLabel(this)), m_edit(new QLineEdit(this)), m_confirm(new QPushButton(this)),
      m_cancel(new QPushButton(tr("Cancel"), this))
{
    setFrameShape(QFrame::StyledPanel);
    m_confirm->setText(tr("Confirm"));
    m_question->setBuddy(m_edit);
    auto *layout = new QHBoxLayout(this);
    layout->addWidget(m_question);
    layout->addWidget(m_edit, 1);
    layout->addWidget(m_confirm);
    layout->addWidget(m_cancel);
    connect(m_edit, &QLineEdit::textChanged, this, &ReasonPrompt::updateConfirm);
    connect(m_edit, &QLineEdit::returnPressed, m_confirm, &QPushButton::click);
    connect(m_confirm, &QPushButton::clicked, this, [this] {
        if (m_edit->text().trimmed().size() < m_minimumLength)
            return;
        const QString text = m_edit->text().trimmed();
        hide();
        Q_EMIT confirmed(text);
    });
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        hide();
        Q_EMIT cancelled();
    });
    hide();
}

void ReasonPrompt::ask(const QString &question, const QString &confirmLabel, int minimumLength)
{
    m_minimumLength = minimumLength;
    m_question->setText(question);
    m_edit->setAccessibleName(question);
    m_edit->setPlaceholderText(tr("at least %n character(s)", nullptr, minimumLength));
    m_edit->clear();
    m_confirm->setText(confirmLabel);
    updateConfirm();
    show();
    m_edit->setFocus();
}

void ReasonPrompt::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape) {
        m_cancel->click();
        return;
    }
    QFrame::keyPressEvent(event);
}

void ReasonPrompt::updateConfirm()
{
    m_confirm->setEnabled(m_edit->text().trimmed().size() >= m_minimumLength);
}

} // namespace rampart::widgets
