// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Draws a report's data (core/project/report_data.h, `report.json`) into a folder: the
// window's own widgets rendered offscreen — Pareto plot, anchor grid, box distributions,
// redundancy heatmap, leave-one-out ΔAP — as PNG (and PDF for the plots), and index.html
// around them, which opens offline in any browser. Used by `anchorscope-report` (the
// renderer `anchorscope-cli report` and `demo --full` run) and the window's File › Export
// report, so the report and the window never drift apart.
#include <nlohmann/json.hpp>

#include <QString>
#include <QStringList>

namespace anchorscope {

// Writes the files (each atomically) and returns their names, index.html first. Throws
// InputError when `data` is not a report of this version.
QStringList writeReport(const nlohmann::json& data, const QString& dir);

} // namespace anchorscope
