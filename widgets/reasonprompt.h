#pragma once

// An inline prompt for a written reason (Hold) or justification (Resume, override): no
// modal dialog, keyboard-first (Enter confirms, Escape cancels), with a minimum length.

#include <QFrame>

class QLabel;
class QLineEdit;
class QPushButton;

namespace rampart::widgets {

class ReasonPrompt : public QFrame
{
    Q_OBJECT

public:
    explicit ReasonPrompt(QWidget *parent = nullptr);

    /// Shows the prompt; `confirmed(text)` follows when the text has at least minimumLength characters.
    void ask(const QString &question, const QString &confirmLabel, int minimumLength);
    QLineEdit *editor() const { return m_edit; }
    QPushButton *confirmButton() const { return m_confirm; }

Q_SIGNALS:
    void confirmed(const QString &text);
    void cancelled();

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void updateConfirm();

    QLabel *m_question;
    QLineEdit *m_edit;
    QPushButton *m_confirm;
    QPushButton *m_cancel;
    int m_minimumLength = 1;
};

} // namespace rampart::widgets
