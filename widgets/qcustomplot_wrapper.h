// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The one place that includes QCustomPlot. The project builds with QT_NO_KEYWORDS (torch
// headers use `slots` as an identifier), but qcustomplot.h uses the bare `signals` and
// `foreach` keywords, so they are defined for its header only.
#include <QtPrintSupport/QtPrintSupport>
#include <QtWidgets/QtWidgets>

#define signals Q_SIGNALS
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef foreach
#undef signals
