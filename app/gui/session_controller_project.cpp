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

struct RelocatedProject {
    Project project;
    bool same = true;                 // the file the project was saved with
    std::vector<ProjectFile> missing; // still to relocate
};

std::vector<ProjectFile> missingFiles(const Project& p)
{
    std::vector<ProjectFile> out;
    std::error_code ec;
    for (ProjectFile f : {ProjectFile::Model, ProjectFile::Annotations, ProjectFile::Images, ProjectFile::ValidationAnnotations}) {
        const std::string& path = p.pathOf(f);
        if (!path.empty() && !(f == ProjectFile::Images ? fs::is_directory(path, ec) : fs::exists(path, ec)))
            out.push_back(f);
    }
    return out;
}

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
            std::vector<ProjectFile> missing;
            for (const FileCheck& c : l.files) {
                if (c.role == ProjectFile::Cache)
                    continue; // recomputed when missing or foreign
                const bool reimported = c.role == ProjectFile::Model && !l.project.modelSource.empty()
                                        && QFileInfo::exists(QString::fromStdString(l.project.modelSource.checkpoint.path));
                if (c.state == FileState::Missing && !reimported) // an imported model is made again
                    missing.push_back(c.role);
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

void SessionController::relocateFile(ProjectFile role, const QString& path)
{
    const std::string p = path.toStdString();
    const Project before = pending_;
    jobs_->submit(
        tr("Checking %1").arg(path), QStringLiteral("session"), this,
        [before, role, p](ProgressToken&) {
            RelocatedProject r{before, true, {}};
            r.same = r.project.relocate(role, p);
            if (!r.same)
                r.project.dropDerived();
            r.missing = missingFiles(r.project);
            return r;
        },
        [this](RelocatedProject r) {
            pending_ = std::move(r.project);
            if (!r.same)
                Q_EMIT statusMessage(tr("That is not the file the project was saved with: the prediction cache and the "
                                        "search results are recomputed."));
            continueOrRelocate(r.missing);
        },
        [this](const QString& msg) {
            fail(tr("Cannot use that file"), msg);
            Q_EMIT sessionReady(false);
        });
}

void SessionController::continueOrRelocate(const std::vector<ProjectFile>& missing)
{
    if (missing.empty())
        startSession(pending_, pendingPath_, true);
    else
        Q_EMIT projectFilesMissing(missing);
}

QString SessionController::openingPath(ProjectFile role) const
{
    return QString::fromStdString(pending_.pathOf(role));
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
    p.settings.objective = objective_;
    p.settings.metric = metric_;
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
    if (!p.modelSource.empty() && QFileInfo(QString::fromStdString(p.model.path)).absolutePath() != QFileInfo(path).absolutePath())
        moveImportedModel();
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
