// SPDX-License-Identifier: GPL-3.0-or-later
// Prune and export the selected configuration (a job): the session's model with its label
// map, physically pruned (core head surgery), written in the chosen format, with a report.
#include "main_window.h"

#include "export_dialog.h"
#include "job_runner.h"
#include "pruning_session.h"

#include "data/dataset_io.h"
#include "models/detector.h"
#include "models/export.h"
#include "models/head_surgery.h"
#include "util/atomic_file.h"
#include "util/progress.h"

#include <QDir>
#include <QFileInfo>
#include <QLabel>

#include <filesystem>

namespace anchorscope {

void MainWindow::chooseExport()
{
    if (!session_ || project_.model.empty()) {
        reportError(tr("Nothing to export"), tr("Exporting needs a session of a model and a dataset."));
        return;
    }
    const QString summary = tr("The selected configuration removes %1 of %2 anchors: head MACs %3 % of the full model, "
                               "%4 boxes, AP %5 (full model %6) on the session's images.")
                                .arg(current_.config.removed.size())
                                .arg(session_->cache->meta.anchors.numAnchors())
                                .arg(100.0 * double(current_.headMacs) / double(std::max<int64_t>(1, session_->baseline.headMacs)), 0, 'f', 1)
                                .arg(current_.boxes)
                                .arg(current_.stats[0], 0, 'f', 4)
                                .arg(session_->baseline.stats[0], 0, 'f', 4);
    const QFileInfo model(QString::fromStdString(project_.model.path));
    auto* dialog = new ExportDialog(summary, model.dir().filePath(model.completeBaseName() + QStringLiteral("-pruned.aspt")), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog]() { exportSelection(dialog->path(), dialog->format(), dialog->withReport()); });
    dialog->open();
}

void MainWindow::exportSelection(const QString& path, const QString& format, bool withReport)
{
    if (!session_ || project_.model.empty())
        return;
    const Project p = project_;
    const Configuration c = current_.config;
    const std::string out = path.toStdString(), fmt = format.toStdString();
    jobs_->submit(
        tr("Pruning and exporting"), QStringLiteral("export"),
        [p, c, out, fmt, withReport](ProgressToken& t) {
            t.report(0.1, "loading the model");
            Detector model = Detector::load(p.model.path);
            if (!p.labelMap.entries.empty()) {
                const Dataset ds = readDataset(p.annotations.path, datasetFormatFromString(p.datasetFormat), p.imagesDir);
                applyLabelMap(model.mutableMeta(), p.labelMap, ds);
            }
            t.checkCancelled();
            t.report(0.4, "pruning");
            const Detector pruned = c.removed.empty() ? std::move(model) : pruneDetector(model, c);
            t.report(0.7, "writing");
            exportModel(pruned, exportFormatFromString(fmt), out);
            if (withReport)
                writeFileAtomically(std::filesystem::path(out).replace_extension(".report.json").string(),
                                    exportReport(pruned).dump(1) + "\n");
        },
        [this, path]() {
            statusLabel_->setText(tr("Exported %1 (%2 KB)").arg(path).arg(QFileInfo(path).size() / 1024));
            Q_EMIT exported(path);
        },
        [this](const QString& msg) { reportError(tr("Export failed"), msg); });
}

} // namespace anchorscope
