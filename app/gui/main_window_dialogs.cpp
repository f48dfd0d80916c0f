// SPDX-License-Identifier: GPL-3.0-or-later
// The menus and the dialogs the frame owns: choosing files to open, the label map (asked for
// by the controller or edited), moved project files, a project changed on disk, export.
// Every dialog is non-modal (open(), not exec()): the GUI thread never waits.
#include "main_window.h"

#include "export_dialog.h"
#include "label_map_dialog.h"
#include "new_session_dialog.h"
#include "pareto_plot.h"
#include "pruning_page.h"
#include "session_controller.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>

#include <algorithm>

namespace anchorscope {

namespace {

const QString kProjectFilter = QStringLiteral("*.asproj");

QString roleName(ProjectFile role)
{
    switch (role) {
    case ProjectFile::Model:
        return MainWindow::tr("the model");
    case ProjectFile::Annotations:
        return MainWindow::tr("the dataset");
    case ProjectFile::Images:
        return MainWindow::tr("the images folder");
    case ProjectFile::ValidationAnnotations:
        return MainWindow::tr("the validation dataset");
    case ProjectFile::Cache:
        break;
    }
    return MainWindow::tr("the prediction cache");
}

} // namespace

void MainWindow::buildMenus()
{
    const QString projects = tr("Anchorscope projects (%1)").arg(kProjectFilter);
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&New session (model + dataset)…"), this, &MainWindow::chooseModelAndDataset)->setShortcut(QKeySequence::New);
    file->addAction(tr("&Open project…"), this, [this, projects]() {
        const QString p = QFileDialog::getOpenFileName(this, tr("Open project"), QString(), projects);
        if (!p.isEmpty())
            c_->openProject(p);
    })->setShortcut(QKeySequence::Open);
    recentMenu_ = file->addMenu(tr("Open &recent"));
    connect(recentMenu_, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenu);
    auto saveAs = [this, projects]() {
        const QString p = QFileDialog::getSaveFileName(this, tr("Save project"), QString(), projects);
        if (!p.isEmpty())
            saveProject(p);
    };
    file->addAction(tr("&Save project"), this, [this, saveAs]() {
        if (!c_->projectPath().isEmpty())
            saveProject(c_->projectPath());
        else
            saveAs();
    })->setShortcut(QKeySequence::Save);
    file->addAction(tr("Save project &as…"), this, saveAs)->setShortcut(QKeySequence::SaveAs);
    file->addSeparator();
    file->addAction(tr("Open prediction &cache…"), this, &MainWindow::chooseCache);
    file->addAction(tr("Open &demo"), this, [this]() { c_->openDemo(QStringLiteral("demo")); });
    file->addAction(tr("&Evaluate detections…"), this, &MainWindow::chooseAndEvaluate);
    file->addSeparator();
    file->addAction(tr("&Prune and export the selection…"), this, &MainWindow::chooseExport);
    ParetoPlot* pareto = page<PruningPage>()->paretoPlot();
    file->addAction(tr("Export &report…"), this, [this]() {
        if (!c_->hasSession()) {
            reportError(tr("Nothing to report"), tr("A report needs a session."));
            return;
        }
        const QString d = QFileDialog::getExistingDirectory(this, tr("Folder for the report (index.html and its pictures)"));
        if (!d.isEmpty())
            c_->exportReport(d);
    });
    file->addAction(tr("Export frontier as &PNG/PDF…"), this, [this, pareto]() {
        const QString p = QFileDialog::getSaveFileName(this, tr("Export frontier"), QString(), tr("Images (*.png *.pdf)"));
        if (!p.isEmpty() && !pareto->exportImage(p))
            reportError(tr("Export failed"), tr("Could not write %1").arg(p));
    });
    file->addAction(tr("Export frontier table as CS&V…"), this, [this, pareto]() {
        const QString p = QFileDialog::getSaveFileName(this, tr("Export table"), QString(), tr("CSV (*.csv)"));
        if (!p.isEmpty() && !pareto->exportCsv(p))
            reportError(tr("Export failed"), tr("Could not write %1").arg(p));
    });
    file->addSeparator();
    file->addAction(tr("&Quit"), this, &QWidget::close)->setShortcut(QKeySequence::Quit);
    QMenu* session = menuBar()->addMenu(tr("&Session"));
    session->addAction(tr("&Label map…"), this, &MainWindow::editLabelMap);
    session->addAction(tr("&Calibrate latency"), c_, &SessionController::calibrateLatency);
    QMenu* language = menuBar()->addMenu(tr("Se&ttings"))->addMenu(tr("&Language"));
    const QString current = QSettings().value(QStringLiteral("language")).toString();
    for (const auto& [code, name] : {std::pair<QString, QString>{QString(), tr("System default")},
                                     {QStringLiteral("en"), QStringLiteral("English")},
                                     {QStringLiteral("nl"), QStringLiteral("Nederlands")},
                                     {QStringLiteral("de"), QStringLiteral("Deutsch")}}) {
        QAction* a = language->addAction(name);
        a->setCheckable(true);
        a->setChecked(code == current);
        connect(a, &QAction::triggered, this, [this, c = code]() {
            QSettings().setValue(QStringLiteral("language"), c);
            statusLabel_->setText(tr("The language changes when Anchorscope is started again."));
        });
    }
}

void MainWindow::rebuildRecentMenu()
{
    recentMenu_->clear();
    const QStringList recent = c_->recentProjects();
    if (recent.isEmpty())
        recentMenu_->addAction(tr("(none)"))->setEnabled(false);
    for (const QString& p : recent)
        recentMenu_->addAction(p, c_, [this, p]() { c_->openProject(p); });
}

void MainWindow::chooseModelAndDataset()
{
    auto* dialog = new NewSessionDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog]() {
        c_->setNewSessionValidation(dialog->validation(), dialog->validationDataPath());
        c_->openModelAndDataset(dialog->modelPath(), dialog->datasetPath(), dialog->imagesPath());
    });
    dialog->open();
}

void MainWindow::chooseCache()
{
    const QString p = QFileDialog::getOpenFileName(this, tr("Prediction cache"), QString(), tr("Prediction caches (*.cache)"));
    if (!p.isEmpty())
        c_->openCache(p);
}

void MainWindow::chooseAndEvaluate()
{
    const QString gt = QFileDialog::getOpenFileName(this, tr("Ground truth (COCO JSON)"), QString(), tr("COCO JSON (*.json)"));
    if (gt.isEmpty())
        return;
    const QString dt = QFileDialog::getOpenFileName(this, tr("Detections (COCO results)"), QString(), tr("COCO results (*.json)"));
    if (!dt.isEmpty())
        c_->evaluateDetections(gt, dt);
}

void MainWindow::chooseExport()
{
    const auto session = c_->session();
    if (!session || c_->project().model.empty()) {
        reportError(tr("Nothing to export"), tr("Exporting needs a session of a model and a dataset."));
        return;
    }
    const ConfigResult& r = c_->currentResult();
    const QString summary = tr("The selected configuration removes %1 of %2 anchors: head MACs %3 % of the full model, "
                               "%4 boxes, AP %5 (full model %6) on the session's images.")
                                .arg(r.config.removed.size())
                                .arg(session->cache->meta.anchors.numAnchors())
                                .arg(100.0 * double(r.headMacs) / double(std::max<int64_t>(1, session->baseline.headMacs)), 0, 'f', 1)
                                .arg(r.boxes)
                                .arg(r.stats[0], 0, 'f', 4)
                                .arg(session->baseline.stats[0], 0, 'f', 4);
    const QFileInfo model(QString::fromStdString(c_->project().model.path));
    auto* dialog = new ExportDialog(summary, model.dir().filePath(model.completeBaseName() + QStringLiteral("-pruned.aspt")), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog]() { c_->exportSelection(dialog->path(), dialog->format(), dialog->withReport()); });
    dialog->open();
}

void MainWindow::askForLabelMap(const LabelMap& proposed, const std::vector<Category>& categories)
{
    auto* dialog = new LabelMapDialog(proposed, categories, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, c_, [this, dialog]() { c_->setLabelMap(dialog->labelMap()); });
    connect(dialog, &QDialog::rejected, c_, &SessionController::cancelOpening);
    dialog->open();
}

void MainWindow::editLabelMap()
{
    const auto session = c_->session();
    if (!session || c_->project().model.empty()) {
        reportError(tr("No label map"), tr("A label map belongs to a session of a model and a dataset."));
        return;
    }
    auto* dialog = new LabelMapDialog(c_->project().labelMap, session->datasetCategories, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, c_, [this, dialog]() {
        const LabelMap m = dialog->labelMap();
        if (!(m == c_->project().labelMap))
            c_->setLabelMap(m);
    });
    dialog->open();
}

void MainWindow::askToRelocate(const std::vector<ProjectFile>& roles)
{
    const ProjectFile role = roles.front();
    auto* box = new QMessageBox(QMessageBox::Question, tr("File moved"),
                                tr("%1 of this project is no longer at\n%2\nWhere is it now?")
                                    .arg(roleName(role), c_->openingPath(role)),
                                QMessageBox::Cancel, this);
    QPushButton* locate = box->addButton(tr("Locate…"), QMessageBox::AcceptRole);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, locate, role]() {
        const QString p = box->clickedButton() != locate ? QString()
                          : role == ProjectFile::Images
                              ? QFileDialog::getExistingDirectory(this, roleName(role))
                              : QFileDialog::getOpenFileName(this, roleName(role));
        if (p.isEmpty())
            c_->cancelOpening();
        else
            c_->relocateFile(role, p);
    });
    box->open();
}

void MainWindow::askYesNo(const QString& name, const QString& title, const QString& text, bool warning,
                          std::function<void(bool)> answer)
{
    auto* box = new QMessageBox(warning ? QMessageBox::Warning : QMessageBox::Question, title, text,
                                QMessageBox::Yes | QMessageBox::No, this);
    box->setObjectName(name);
    box->setDefaultButton(warning ? QMessageBox::No : QMessageBox::Yes);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, c_, [answer = std::move(answer)](int r) { answer(r == QMessageBox::Yes); });
    box->open();
}

void MainWindow::askToReload(const QString& path)
{
    askYesNo(QStringLiteral("reloadQuestion"), tr("Project changed on disk"),
             tr("%1 was changed by another program (a headless run, another window).\n"
                "Reload it? Unsaved changes in this window are lost.")
                 .arg(path),
             false, [this](bool yes) {
                 if (yes)
                     c_->reloadProject();
             });
}

} // namespace anchorscope
