// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The window's pages, in tab order: one list that the tabs, --tab, the layout a project
// saves (the page by name) and the help text read. Adding a page is its files and one entry
// in page_registry.cpp.
#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

class QWidget;

namespace anchorscope {

class SessionController;

struct PageEntry {
    const char* name;  // for --tab and the saved layout: lower case, never translated
    const char* title; // the tab's text, translated in MainWindow's context
    std::function<QWidget*(SessionController*, QWidget*)> make;
};

const std::vector<PageEntry>& pageRegistry();
// The position of the page called `name`, or -1.
int pageIndex(const QString& name);
// The names in tab order ("pruning, detections, ...") for help texts.
QStringList pageNames();

} // namespace anchorscope
