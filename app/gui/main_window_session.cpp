// SPDX-License-Identifier: GPL-3.0-or-later
// Sessions and projects: opening a model with a dataset (label map first), a cache, the demo
// or a project file; relocating moved files; saving; recent projects.
#include "main_window.h"

#include "anchor_grid_view.h"
#include "detection_view.h"
#include "job_runner.h"
#include "model_validator.h"
#include "label_map_dialog.h"
#include "new_session_dialog.h"
#include "pareto_plot.h"
#include "pruning_session.h"

#include "data/coco_json.h"
#include "data/dataset_io.h"
#include "data/shapes.h"
#include "models/detector.h"
#include "anchors/configuration.h"
#include "train/trainer.h"
#include "util/error.h"
#include "util/progress.h"

#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QStackedWidget>
#include <QTabWidget>

#include <filesystem>

namespace anchorscope {

namespace fs = std::filesystem;

namespace {

constexpr int kMaxRecent = 8;

std::string absolutePath(const QString& p) { return fs::absolute(p.toStdString()).lexically_normal().string(); }

// Prediction caches live in the user's cache folder, named by model identity and threshold,
// so that every project of the same model and data shares them.
std::string cacheDirectory()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation)).filePath(QStringLiteral("prediction-caches")).toStdString();
}

QString roleName(const QString& role)
{
    if (role == QStringLiteral("model"))
        return MainWindow::tr("the model");
    if (role == QStringLiteral("annotations"))
        return MainWindow::tr("the dataset");
    if (role == QStringLiteral("images"))
        return MainWindow::tr("the images folder");
    return role;
}

} // namespace

void MainWindow::chooseCache()
{
    const QString p = QFileDialog::getOpenFileName(this, tr("Prediction cache"), QString(), tr("Prediction caches (*.cache)"));
    if (!p.isEmpty())
        openCache(p);
}

void MainWindow::chooseModelAndDataset()
{
    auto* dialog = new NewSessionDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog]() {
        openModelAndDataset(dialog->modelPath(), dialog->datasetPath(), dialog->imagesPath());
    });
    dialog->open();
}

void MainWindow::openCache(const QString& path)
{
    Project p;
    p.cache.path = absolutePath(path);
    startSession(p, QString(), false);
}

void MainWindow::openModelAndDataset(const QString& model, const QString& annotations, const QString& imagesDir)
{
    statusLabel_->setText(tr("Checking the model…"));
    validator_->validate(
        model, [this, model, annotations, imagesDir]() { openValidatedModelAndDataset(model, annotations, imagesDir); },
        [this](const QString& msg) {
            reportError(tr("Cannot open the model"), msg);
            Q_EMIT sessionReady(false);
        });
}

void MainWindow::openValidatedModelAndDataset(const QString& model, const QString& annotations, const QString& imagesDir)
{
    auto p = std::make_shared<Project>();
    p->model.path = absolutePath(model);
    p->annotations.path = absolutePath(annotations);
    if (!imagesDir.isEmpty())
        p->imagesDir = absolutePath(imagesDir);
    auto categories = std::make_shared<std::vector<Category>>();
    jobs_->submit(
        tr("Matching the model's classes to the dataset"), QStringLiteral("session"),
        [p, categories](ProgressToken& t) {
            const Detector m = Detector::load(p->model.path);
            t.checkCancelled();
            const Dataset ds = readDataset(p->annotations.path, DatasetFormat::Auto, p->imagesDir);
            p->labelMap = matchLabels(m.meta(), ds);
            *categories = ds.categories;
        },
        [this, p, categories]() {
            if (p->labelMap.mappedCount() == int(p->labelMap.entries.size())) {
                startSession(*p, QString(), false);
                return;
            }
            // Some classes found no category: the user decides before the cache is made.
            auto* dialog = new LabelMapDialog(p->labelMap, *categories, this);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            connect(dialog, &QDialog::accepted, this, [this, p, dialog]() {
                p->labelMap = dialog->labelMap();
                startSession(*p, QString(), false);
            });
            connect(dialog, &QDialog::rejected, this, [this]() { Q_EMIT sessionReady(false); });
            dialog->open();
            Q_EMIT labelMapNeeded();
        },
        [this](const QString& msg) {
            reportError(tr("Cannot open the model and dataset"), msg);
            Q_EMIT sessionReady(false);
        });
}

void MainWindow::openDemo(const QString& dirName)
{
    const std::string dir = absolutePath(dirName);
    jobs_->submit(
        tr("Preparing the demo"), QStringLiteral("session"),
        [dir](ProgressToken& t) {
            const fs::path d(dir);
            if (!fs::exists(d / "annotations.json")) {
                ShapesOptions o;
                o.numImages = 2000;
                o.seed = 1;
                generateShapesDataset(dir, o, &t);
            }
            if (!fs::exists(d / "model.aspt")) {
                const Dataset train = readCocoDataset((d / "train.json").string());
                std::vector<ClassInfo> classes{{"__background__", -1}};
                for (const auto& c : train.categories)
                    classes.push_back({c.name, c.id});
                Detector model = Detector::createNative("ssd_small", anchorPreset("ssd_small_overanchorized"), classes, 0);
                TrainOptions o;
                o.epochs = 12;
                trainDetector(model, train, o, &t);
                model.save((d / "model.aspt").string());
            }
        },
        [this, dir]() {
            Project p;
            const fs::path d(dir);
            p.model.path = (d / "model.aspt").string();
            p.annotations.path = (d / "search.json").string();
            p.cache.path = (d / "search.cache").string(); // reused when it still fits
            p.settings.split.clear();
            startSession(p, QString(), false);
        },
        [this](const QString& msg) {
            reportError(tr("Cannot prepare the demo"), msg);
            Q_EMIT sessionReady(false);
        });
}

void MainWindow::openProject(const QString& path)
{
    auto loaded = std::make_shared<std::pair<Project, std::vector<FileCheck>>>();
    const std::string file = path.toStdString();
    jobs_->submit(
        tr("Opening %1").arg(path), QStringLiteral("session"),
        [loaded, file](ProgressToken&) {
            loaded->first = Project::load(file);
            loaded->second = loaded->first.checkFiles();
        },
        [this, loaded, path]() {
            pending_ = loaded->first;
            pendingPath_ = path;
            QStringList missing, changed;
            for (const FileCheck& c : loaded->second) {
                if (c.role == "cache")
                    continue; // recomputed when missing or foreign
                if (c.state == FileState::Missing)
                    missing << QString::fromStdString(c.role);
                else if (c.state == FileState::Changed)
                    changed << QString::fromStdString(c.role);
            }
            if (!changed.isEmpty()) {
                pending_.dropDerived();
                statusLabel_->setText(tr("%1 changed since the project was saved: the prediction cache and the search "
                                         "results are recomputed.")
                                          .arg(roleName(changed.front())));
            }
            continueOrRelocate(missing);
        },
        [this](const QString& msg) {
            reportError(tr("Cannot open the project"), msg);
            Q_EMIT sessionReady(false);
        });
}

void MainWindow::askToRelocate(const QStringList& roles)
{
    const QString role = roles.front();
    const std::string stored = role == QStringLiteral("model") ? pending_.model.path
                               : role == QStringLiteral("annotations") ? pending_.annotations.path
                                                                       : pending_.imagesDir;
    auto* box = new QMessageBox(QMessageBox::Question, tr("File moved"),
                                tr("%1 of this project is no longer at\n%2\nWhere is it now?")
                                    .arg(roleName(role), QString::fromStdString(stored)),
                                QMessageBox::Cancel, this);
    QPushButton* locate = box->addButton(tr("Locate…"), QMessageBox::AcceptRole);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, locate, role]() {
        if (box->clickedButton() != locate) {
            statusLabel_->setText(tr("Opening the project was cancelled."));
            Q_EMIT sessionReady(false);
            return;
        }
        const QString p = role == QStringLiteral("images") ? QFileDialog::getExistingDirectory(this, roleName(role))
                                                           : QFileDialog::getOpenFileName(this, roleName(role));
        if (p.isEmpty()) {
            Q_EMIT sessionReady(false);
            return;
        }
        relocateFile(role, p);
    });
    box->open();
}

void MainWindow::relocateFile(const QString& role, const QString& path)
{
    auto relocated = std::make_shared<Project>(pending_);
    auto same = std::make_shared<bool>(true);
    const std::string r = role.toStdString(), p = path.toStdString();
    jobs_->submit(
        tr("Checking %1").arg(path), QStringLiteral("session"), [relocated, same, r, p](ProgressToken&) { *same = relocated->relocate(r, p); },
        [this, relocated, same, role]() {
            pending_ = *relocated;
            if (!*same) {
                pending_.dropDerived();
                statusLabel_->setText(tr("%1 is not the file the project was saved with: the prediction cache and the "
                                         "search results are recomputed.")
                                          .arg(roleName(role)));
            }
            QStringList missing;
            std::error_code ec;
            if (!pending_.model.empty() && !fs::exists(pending_.model.path, ec))
                missing << QStringLiteral("model");
            if (!pending_.annotations.empty() && !fs::exists(pending_.annotations.path, ec))
                missing << QStringLiteral("annotations");
            if (!pending_.imagesDir.empty() && !fs::is_directory(pending_.imagesDir, ec))
                missing << QStringLiteral("images");
            continueOrRelocate(missing);
        },
        [this](const QString& msg) {
            reportError(tr("Cannot use that file"), msg);
            Q_EMIT sessionReady(false);
        });
}

void MainWindow::continueOrRelocate(const QStringList& missing)
{
    if (missing.isEmpty()) {
        startSession(pending_, pendingPath_, true);
        return;
    }
    Q_EMIT projectFilesMissing(missing);
    askToRelocate(missing);
}

void MainWindow::startSession(const Project& project, const QString& projectPath, bool restore)
{
    if (project.model.empty()) { // a cache alone: no model is loaded
        startValidatedSession(project, projectPath, restore);
        return;
    }
    statusLabel_->setText(tr("Checking the model…"));
    validator_->validate(
        QString::fromStdString(project.model.path),
        [this, project, projectPath, restore]() { startValidatedSession(project, projectPath, restore); },
        [this](const QString& msg) {
            reportError(tr("Cannot open the model"), msg);
            Q_EMIT sessionReady(false);
        });
}

void MainWindow::startValidatedSession(const Project& project, const QString& projectPath, bool restore)
{
    struct Opened {
        Project project;
        std::shared_ptr<PruningSession> session;
        QStringList notes;
    };
    auto opened = std::make_shared<Opened>();
    opened->project = project;
    const std::string cacheDir = cacheDirectory();
    jobs_->submit(
        tr("Opening the session"), QStringLiteral("session"),
        [opened, cacheDir, restore](ProgressToken& t) {
            Project& p = opened->project;
            // Fingerprint the inputs; a changed model or dataset makes every derived result stale.
            auto refresh = [](FileRef& r) {
                std::error_code ec;
                if (r.empty() || !fs::exists(r.path, ec) || fs::is_directory(r.path, ec))
                    return false;
                const FileRef now = fingerprintFile(r.path);
                const bool changed = !r.hash.empty() && r.hash != now.hash;
                r = now;
                return changed;
            };
            const bool modelChanged = refresh(p.model);
            const bool dataChanged = refresh(p.annotations);
            if (modelChanged || dataChanged) {
                p.dropDerived();
                if (modelChanged)
                    p.labelMap = {};
            }
            if (p.model.empty() && refresh(p.cache)) {
                p.search = nullptr;
                p.selectedNode = -1;
            }
            ProjectCache pc = openProjectCache(p, cacheDir, &t);
            opened->session = PruningSession::fromCache(std::move(pc), t);
            if (!p.latencyModel.is_null()) {
                try {
                    auto m = std::make_shared<LatencyModel>(LatencyModel::fromJson(p.latencyModel, "project"));
                    opened->session->evaluator->setLatencyModel(*m);
                    opened->session->latency = m;
                } catch (const InputError& e) {
                    opened->notes << QString::fromStdString(e.what());
                    p.latencyModel = nullptr;
                }
            }
            if (restore && !p.search.is_null()) {
                try {
                    auto s = std::make_shared<SearchResult>(SearchResult::fromJson(p.search));
                    const PredictionCache& c = *opened->session->cache;
                    for (const auto& n : s->nodes)
                        validateConfiguration(c.meta.anchors, c.meta.sharedHead, n.result.config);
                    opened->session->search = s;
                } catch (const InputError& e) {
                    opened->notes << QString::fromStdString(e.what());
                    p.search = nullptr;
                    p.selectedNode = -1;
                }
            }
        },
        [this, opened, projectPath, restore]() {
            session_ = opened->session;
            project_ = opened->project;
            projectPath_ = projectPath;
            setWindowTitle(projectPath.isEmpty() ? tr("Anchorscope") : tr("%1 — Anchorscope").arg(QFileInfo(projectPath).fileName()));
            QMap<qint64, QString> names;
            for (const auto& c : session_->cache->gt.categories)
                names.insert(c.id, QString::fromStdString(c.name));
            detections_->setCategoryNames(names);
            detections_->clear();
            analysisStack_->setCurrentIndex(0); // the new session is not analysed yet
            showSession();
            suggestRetrainPaths();
            if (restore)
                restoreProjectState();
            if (!projectPath.isEmpty())
                addRecent(projectPath);
            if (!opened->notes.isEmpty())
                reportError(tr("Search results not restored"), opened->notes.join(QLatin1Char('\n')));
            showImage(0);
            Q_EMIT sessionReady(true);
        },
        [this](const QString& msg) {
            reportError(tr("Cannot open the session"), msg);
            Q_EMIT sessionReady(false);
        });
}

void MainWindow::restoreProjectState()
{
    const ProjectSettings& s = project_.settings;
    strategy_->setCurrentText(QString::fromStdString(s.strategy));
    xAxis_->setCurrentIndex(std::max(0, xAxis_->findData(QString::fromStdString(s.objective))));
    yAxis_->setCurrentIndex(std::max(0, yAxis_->findData(QString::fromStdString(s.metric))));
    auto layout = [this](const char* key) {
        auto it = project_.layout.find(key);
        return it == project_.layout.end() ? QByteArray() : QByteArray::fromBase64(QByteArray::fromStdString(it->second));
    };
    if (const QByteArray g = layout("geometry"); !g.isEmpty())
        restoreGeometry(g);
    if (const QByteArray st = layout("state"); !st.isEmpty())
        restoreState(st);
    if (const QByteArray sp = layout("splitter"); !sp.isEmpty())
        split_->restoreState(sp);
    if (const QByteArray tab = layout("tab"); !tab.isEmpty())
        tabs_->setCurrentIndex(tab.toInt());
    showSearchPoints();
    if (session_->search && project_.selectedNode >= 0) {
        selectNode(project_.selectedNode);
    } else if (!project_.selectedRemoved.empty()) {
        grid_->setRemoved(project_.selectedRemoved);
        setConfiguration(project_.selectedRemoved);
    }
}

bool MainWindow::saveProject(const QString& path)
{
    if (!session_) {
        reportError(tr("Nothing to save"), tr("Open a model and a dataset, a cache or the demo first."));
        return false;
    }
    Project p = project_;
    p.settings.strategy = strategy_->currentText().toStdString();
    p.settings.objective = xAxis_->currentData().toString().toStdString();
    p.settings.metric = yAxis_->currentData().toString().toStdString();
    p.search = session_->search ? session_->search->toJson(session_->cache->meta.anchors) : nlohmann::json(nullptr);
    p.latencyModel = session_->latency ? session_->latency->toJson() : nlohmann::json(nullptr);
    p.selectedRemoved = current_.config.removed;
    p.selectedNode = session_->search ? selectedNode_ : -1;
    p.layout = {{"geometry", saveGeometry().toBase64().toStdString()},
                {"state", saveState().toBase64().toStdString()},
                {"splitter", split_->saveState().toBase64().toStdString()},
                {"tab", std::to_string(tabs_->currentIndex())}};
    try {
        p.save(path.toStdString());
    } catch (const std::exception& e) {
        reportError(tr("Cannot save the project"), QString::fromStdString(e.what()));
        return false;
    }
    project_ = p;
    projectPath_ = path;
    setWindowTitle(tr("%1 — Anchorscope").arg(QFileInfo(path).fileName()));
    addRecent(path);
    statusLabel_->setText(tr("Saved %1").arg(path));
    return true;
}

void MainWindow::setLabelMap(const LabelMap& map)
{
    if (!session_ || project_.model.empty())
        return;
    Project p = project_;
    p.labelMap = map;
    p.dropDerived(); // the cache holds the old category ids
    startSession(p, projectPath_, false);
}

void MainWindow::editLabelMap()
{
    if (!session_ || project_.model.empty()) {
        reportError(tr("No label map"), tr("A label map belongs to a session of a model and a dataset."));
        return;
    }
    auto* dialog = new LabelMapDialog(project_.labelMap, session_->datasetCategories, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog]() {
        const LabelMap m = dialog->labelMap();
        if (!(m == project_.labelMap))
            setLabelMap(m);
    });
    dialog->open();
}

QStringList MainWindow::recentProjects() const
{
    return QSettings().value(QStringLiteral("recentProjects")).toStringList();
}

void MainWindow::addRecent(const QString& path)
{
    QStringList recent = recentProjects();
    const QString abs = QFileInfo(path).absoluteFilePath();
    recent.removeAll(abs);
    recent.prepend(abs);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    QSettings().setValue(QStringLiteral("recentProjects"), recent);
}

void MainWindow::rebuildRecentMenu()
{
    recentMenu_->clear();
    const QStringList recent = recentProjects();
    if (recent.isEmpty())
        recentMenu_->addAction(tr("(none)"))->setEnabled(false);
    for (const QString& p : recent)
        recentMenu_->addAction(p, this, [this, p]() { openProject(p); });
}

} // namespace anchorscope
