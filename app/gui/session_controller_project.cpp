// SPDX-License-Identifier: GPL-3.0-or-later
// The project file: opening one (moved files relocated, changed files noticed), saving it,
// watching it for changes made elsewhere (a headless run of the CLI on the same project),
// recent projects.
#include "session_controller.h"

#include "job_runner.h"

#include "util/error.h"
#include "util/progress.h"

#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QSettings>

#include <filesystem>

namespace anchorscope {

namespace fs = std::filesystem;

namespace {

constexpr int kMaxRecent = 8;

struct LoadedProject {
    Project project;
    std::vector<FileCheck> files;
};

} // namespace

void SessionController::openProject(const QString& path)
{
    const std::string file = path.toStdString();
    jobs_->submit(
        tr("Opening %1").arg(path), QStringLiteral("session"), this,
        [file](ProgressToken&) {
            LoadedProject l{Project::load(file), {}};
            l.files = l.project.checkFiles();
            return l;
        },
        [this, path](LoadedProject l) {
            pending_ = l.project;
            pendingPath_ = path;
            QStringList missing;
            for (const FileCheck& c : l.files) {
                if (c.role == "cache")
                    continue; // recomputed when missing or foreign
                if (c.state == FileState::Missing)
                    missing << QString::fromStdString(c.role);
                else if (c.state == FileState::Changed) {
                    pending_.dropDerived();
                    Q_EMIT statusMessage(tr("A file of the project changed since it was saved: the prediction cache and "
                                            "the search results are recomputed."));
                }
            }
            continueOrRelocate(missing);
        },
        [this](const QString& msg) {
            fail(tr("Cannot open the project"), msg);
            Q_EMIT sessionReady(false);
        });
}

void SessionController::reloadProject()
{
    if (!projectPath_.isEmpty())
        openProject(projectPath_);
}

void SessionController::relocateFile(const QString& role, const QString& path)
{
    const std::string r = role.toStdString(), p = path.toStdString();
    const Project before = pending_;
    jobs_->submit(
        tr("Checking %1").arg(path), QStringLiteral("session"), this,
        [before, r, p](ProgressToken&) {
            Project moved = before;
            const bool same = moved.relocate(r, p);
            if (!same)
                moved.dropDerived();
            return std::make_pair(moved, same);
        },
        [this](std::pair<Project, bool> r) {
            pending_ = r.first;
            if (!r.second)
                Q_EMIT statusMessage(tr("That is not the file the project was saved with: the prediction cache and the "
                                        "search results are recomputed."));
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
            fail(tr("Cannot use that file"), msg);
            Q_EMIT sessionReady(false);
        });
}

void SessionController::continueOrRelocate(const QStringList& missing)
{
    if (missing.isEmpty())
        startSession(pending_, pendingPath_, true);
    else
        Q_EMIT projectFilesMissing(missing);
}

QString SessionController::openingPath(const QString& role) const
{
    if (role == QStringLiteral("model"))
        return QString::fromStdString(pending_.model.path);
    if (role == QStringLiteral("annotations"))
        return QString::fromStdString(pending_.annotations.path);
    if (role == QStringLiteral("images"))
        return QString::fromStdString(pending_.imagesDir);
    return {};
}

// An atomic save replaces the file: the watcher then follows the new one. What this window
// wrote itself is not news.
void SessionController::projectFileChanged(const QString& path)
{
    if (path != projectPath_)
        return;
    if (!QFileInfo::exists(path)) // deleted: nothing to reload
        return;
    watcher_->addPath(path);
    try {
        if (fingerprintFile(path.toStdString()).hash == savedHash_)
            return; // what this window wrote
    } catch (const InputError&) {
        return;
    }
    Q_EMIT projectChangedOnDisk(path);
}

bool SessionController::saveProject(const QString& path, const std::map<std::string, std::string>& layout)
{
    if (!session_) {
        fail(tr("Nothing to save"), tr("Open a model and a dataset, a cache or the demo first."));
        return false;
    }
    Project p = project_;
    p.settings.strategy = strategy_.toStdString();
    p.settings.objective = toString(objective_);
    p.settings.metric = metric_ == AccuracyMetric::AP50 ? "AP50" : "AP";
    p.search = session_->search ? session_->search->toJson(session_->cache->meta.anchors) : nlohmann::json(nullptr);
    p.latencyModel = session_->latency ? session_->latency->toJson() : nlohmann::json(nullptr);
    p.selectedRemoved = current_.config.removed;
    p.selectedNode = session_->search ? selectedNode_ : -1;
    if (!layout.empty())
        p.layout = layout;
    try {
        p.save(path.toStdString());
        savedHash_ = fingerprintFile(path.toStdString()).hash;
    } catch (const std::exception& e) {
        fail(tr("Cannot save the project"), QString::fromStdString(e.what()));
        return false;
    }
    project_ = p;
    projectPath_ = path;
    watch(path);
    addRecent(path);
    Q_EMIT statusMessage(tr("Saved %1").arg(path));
    Q_EMIT projectSaved(path);
    return true;
}

void SessionController::watch(const QString& projectPath)
{
    if (!watcher_->files().isEmpty())
        watcher_->removePaths(watcher_->files());
    if (!projectPath.isEmpty())
        watcher_->addPath(projectPath);
}

QStringList SessionController::recentProjects() const
{
    return QSettings().value(QStringLiteral("recentProjects")).toStringList();
}

void SessionController::addRecent(const QString& path)
{
    QStringList recent = recentProjects();
    const QString abs = QFileInfo(path).absoluteFilePath();
    recent.removeAll(abs);
    recent.prepend(abs);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    QSettings().setValue(QStringLiteral("recentProjects"), recent);
}

} // namespace anchorscope
