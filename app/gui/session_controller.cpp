// SPDX-License-Identifier: GPL-3.0-or-later
// Sessions and projects: opening a model with a dataset (label map first), a cache, the demo
// or a project file (relocating moved files), saving, reloading a project changed on disk,
// recent projects. The work is core's (openSession, prepareDemo); this file sequences it.
#include "session_controller.h"

#include "job_runner.h"
#include "model_validator.h"

#include "models/detector.h"
#include "project/demo.h"
#include "util/error.h"
#include "util/progress.h"

#include <QDir>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QSettings>

#include <filesystem>

namespace anchorscope {

namespace fs = std::filesystem;

namespace {

std::string absolutePath(const QString& p) { return fs::absolute(p.toStdString()).lexically_normal().string(); }

} // namespace

SessionController::SessionController(QObject* parent)
    : QObject(parent), jobs_(new JobRunner(this)), validator_(new ModelValidator(this)),
      watcher_(new QFileSystemWatcher(this))
{
    connect(watcher_, &QFileSystemWatcher::fileChanged, this, &SessionController::projectFileChanged);
}

SessionController::~SessionController() = default;

void SessionController::fail(const QString& title, const QString& message)
{
    Q_EMIT statusMessage(title + QStringLiteral(": ") + message);
    Q_EMIT errorOccurred(title, message);
}

void SessionController::openCache(const QString& path)
{
    Project p;
    p.cache.path = absolutePath(path);
    startSession(p, QString(), false);
}

void SessionController::openModelAndDataset(const QString& model, const QString& annotations, const QString& imagesDir)
{
    if (isCheckpoint(model)) {
        openCheckpoint(model, annotations, imagesDir);
        return;
    }
    Project p;
    p.model.path = absolutePath(model);
    p.modelSource = std::exchange(importedSource_, {}); // set when `model` was just imported
    p.annotations.path = absolutePath(annotations);
    p.validation = newSessionValidation_;
    if (p.validation.source == ValidationSettings::Source::Annotations)
        p.validationAnnotations.path = absolutePath(newSessionValidationData_);
    if (!imagesDir.isEmpty())
        p.imagesDir = absolutePath(imagesDir);
    Q_EMIT statusMessage(tr("Checking the model…"));
    validator_->validate(
        model,
        [this, p]() {
            jobs_->submit(
                tr("Matching the model's classes to the dataset"), QStringLiteral("session"), this,
                [p](ProgressToken&) {
                    auto in = std::make_shared<ProjectInputs>(readProjectInputs(p));
                    return std::make_pair(matchLabels(in->model->meta(), in->dataset), in);
                },
                [this, p](std::pair<LabelMap, std::shared_ptr<ProjectInputs>> r) {
                    pending_ = p;
                    pending_.labelMap = r.first;
                    pendingPath_.clear();
                    pendingInputs_ = r.second; // the session uses them instead of reading again
                    if (r.first.undecided().empty()) // unused columns (__background__) need no answer
                        openValidated(pending_, QString(), false);
                    else // some classes found no category: the user decides first
                        Q_EMIT labelMapNeeded(r.first, r.second->dataset.categories);
                },
                [this](const QString& msg) {
                    fail(tr("Cannot open the model and dataset"), msg);
                    Q_EMIT sessionReady(false);
                });
        },
        [this](const QString& msg) {
            fail(tr("Cannot open the model"), msg);
            Q_EMIT sessionReady(false);
        });
}

void SessionController::openDemo(const QString& dir)
{
    const std::string d = absolutePath(dir);
    jobs_->submit(
        tr("Preparing the demo"), QStringLiteral("session"), this, [d](ProgressToken& t) { return prepareDemo(d, &t); },
        [this](DemoFiles f) { startSession(f.project(), QString(), false); },
        [this](const QString& msg) {
            fail(tr("Cannot prepare the demo"), msg);
            Q_EMIT sessionReady(false);
        });
}

void SessionController::cancelOpening()
{
    pendingInputs_.reset();
    Q_EMIT statusMessage(tr("Opening was cancelled."));
    Q_EMIT sessionReady(false);
}

void SessionController::setLabelMap(const LabelMap& map)
{
    if (pendingInputs_) { // answering labelMapNeeded
        pending_.labelMap = map;
        openValidated(pending_, pendingPath_, false);
        return;
    }
    if (!session_ || project_.model.empty())
        return;
    Project p = project_;
    p.labelMap = map;
    p.dropDerived(); // the cache holds the old category ids
    startSession(p, projectPath_, false);
}

void SessionController::startSession(const Project& p, const QString& projectPath, bool restore)
{
    if (p.model.empty()) { // a cache alone: no model is loaded
        openValidated(p, projectPath, restore);
        return;
    }
    if (!p.modelSource.empty()) { // imported from a checkpoint: again first, if it changed
        jobs_->submit(
            tr("Checking the torchvision checkpoint"), QStringLiteral("session"), this,
            [p](ProgressToken& t) {
                Project q = p;
                refreshImportedModel(q, &t); // the recorded fingerprint follows the checkpoint
                return q;
            },
            [this, projectPath, restore](Project q) { startValidation(q, projectPath, restore); },
            [this](const QString& msg) {
                fail(tr("Cannot import the torchvision model again"), msg);
                Q_EMIT sessionReady(false);
            });
        return;
    }
    startValidation(p, projectPath, restore);
}

void SessionController::startValidation(const Project& p, const QString& projectPath, bool restore)
{
    Q_EMIT statusMessage(tr("Checking the model…"));
    validator_->validate(
        QString::fromStdString(p.model.path), [this, p, projectPath, restore]() { openValidated(p, projectPath, restore); },
        [this](const QString& msg) {
            fail(tr("Cannot open the model"), msg);
            Q_EMIT sessionReady(false);
        });
}

void SessionController::openValidated(const Project& p, const QString& projectPath, bool restore)
{
    // Prediction caches live in the user's cache folder (core's rule, which the CLI's
    // --project follows too), named by model identity and threshold, so that every project
    // of the same model and data shares them.
    const std::string cacheDir = defaultCacheDirectory();
    auto inputs = std::exchange(pendingInputs_, nullptr);
    jobs_->submit(
        tr("Opening the session"), QStringLiteral("session"), this,
        [p, cacheDir, restore, inputs](ProgressToken& t) { return openSession(p, cacheDir, restore, &t, inputs.get()); },
        [this, projectPath, restore](OpenedSession opened) { sessionOpened(std::move(opened), projectPath, restore); },
        [this](const QString& msg) {
            fail(tr("Cannot open the session"), msg);
            Q_EMIT sessionReady(false);
        });
}

void SessionController::sessionOpened(OpenedSession&& opened, const QString& projectPath, bool restore)
{
    session_ = opened.session;
    project_ = std::move(opened.project);
    projectPath_ = projectPath;
    current_ = session_->baseline;
    selectedNode_ = 0;
    if (restore) {
        const ProjectSettings& s = project_.settings;
        strategy_ = QString::fromStdString(s.strategy);
        objective_ = s.objective;
        metric_ = s.metric;
    }
    watch(projectPath);
    if (!projectPath.isEmpty()) {
        addRecent(projectPath);
        try {
            savedHash_ = fingerprintFile(projectPath.toStdString()).hash;
        } catch (const InputError&) {
            savedHash_.clear();
        }
    }
    const PredictionCache& c = *session_->cache;
    Q_EMIT statusMessage(tr("%1 images, %2 candidates above %3, %4 anchors%5")
                             .arg(c.images.size())
                             .arg(c.numCandidates())
                             .arg(double(c.threshold))
                             .arg(c.meta.anchors.numAnchors())
                             .arg(session_->cacheBuilt ? tr(" (prediction cache computed)") : QString()));
    if (!opened.notes.empty()) {
        QStringList notes;
        for (const auto& n : opened.notes)
            notes << QString::fromStdString(n);
        fail(tr("Search results not restored"), notes.join(QLatin1Char('\n')));
    }
    Q_EMIT settingsChanged();
    Q_EMIT sessionReady(true);
    showResult(current_); // and its validation, when the session has validation images
    if (restore) {
        if (session_->search && project_.selectedNode >= 0)
            selectNode(project_.selectedNode);
        else if (!project_.selectedRemoved.empty())
            setConfiguration(project_.selectedRemoved);
    }
}

} // namespace anchorscope
