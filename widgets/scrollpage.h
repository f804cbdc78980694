#pragma once

// A page whose content scrolls when the window is smaller than the content's minimum (charts
// keep a readable height instead of being squashed), and fills the page when it is larger.

#include <QFrame>
#include <QScrollArea>
#include <QVBoxLayout>
#include <QWidget>

namespace rampart::widgets {

/// Gives `page` a scroll area holding a new content widget and returns the content's layout.
inline QVBoxLayout *scrollingLayout(QWidget *page)
{
    auto *content = new QWidget;
    auto *scroll = new QScrollArea(page);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(content);
    auto *outer = new QVBoxLayout(page);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);
    return new QVBoxLayout(content);
}

} // namespace rampart::widgets
