// SPDX-License-Identifier: GPL-3.0-or-later
// A torchvision checkpoint (.pt / .pth) as the model of a new session: read without running
// code from the file (the user is asked before a pickled model is unpickled), the
// architecture recognised, a RetinaNet's resize sizes asked for, the columns named after the
// dataset's categories when torchvision's numbering says how (columns = largest id + 1, or
// categories + 1), then exported to an .aspt (core importTorchvisionCheckpoint) — a job with
// progress and Cancel — and opened as usual. Saving the project moves the .aspt beside it.
#include "session_controller.h"

#include "job_runner.h"

#include "data/dataset_io.h"
#include "project/session.h"
#include "util/progress.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace anchorscope {

namespace {

struct Inspected {
    bool needsTrust = false;
    TorchvisionCheckpoint checkpoint;
    std::vector<std::string> names; // the columns named after the dataset's categories, or empty
};

// A new session has no project file yet: the import goes to a staging folder (a free name
// there), and saving the project moves it beside the project (moveImportedModel).
QString importedModelPath(const QString& checkpoint)
{
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/imported");
    QDir().mkpath(dir);
    return QString::fromStdString(importedModelPathIn(dir.toStdString(), checkpoint.toStdString()));
}

} // namespace

bool SessionController::isCheckpoint(const QString& path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == QStringLiteral("pt") || suffix == QStringLiteral("pth");
}

void SessionController::openCheckpoint(const QString& checkpoint, const QString& annotations, const QString& imagesDir,
                                       bool trusted)
{
    importing_ = PendingImport{checkpoint, annotations, imagesDir, {}};
    importing_.options.trustPickle = trusted;
    const std::string path = checkpoint.toStdString(), data = annotations.toStdString(), images = imagesDir.toStdString();
    const TorchvisionImportOptions opt = importing_.options;
    jobs_->submit(
        tr("Reading the torchvision checkpoint"), QStringLiteral("session"), this,
        [path, data, images, opt](ProgressToken& t) {
            Inspected r;
            try {
                r.checkpoint = inspectTorchvisionCheckpoint(path, opt, &t);
            } catch (const UntrustedPickleError&) {
                r.needsTrust = true;
                return r;
            }
            r.names = columnNamesForDataset(r.checkpoint, readDataset(data, DatasetFormat::Auto, images));
            return r;
        },
        [this](Inspected r) {
            if (r.needsTrust) {
                Q_EMIT checkpointNeedsTrust(importing_.checkpoint);
                return;
            }
            importing_.options.arch = r.checkpoint.architecture;
            importing_.options.classNames = r.names;
            if (r.checkpoint.architecture == "retinanet_resnet50_fpn")
                Q_EMIT resizeSizesNeeded(r.checkpoint.minSize, r.checkpoint.maxSize); // answer: setResizeSizes
            else
                importCheckpoint();
        },
        [this](const QString& msg) {
            fail(tr("Cannot read the torchvision checkpoint"), msg);
            Q_EMIT sessionReady(false);
        });
}

void SessionController::trustCheckpoint()
{
    openCheckpoint(importing_.checkpoint, importing_.annotations, importing_.imagesDir, true);
}

void SessionController::setResizeSizes(int minSize, int maxSize)
{
    importing_.options.minSize = minSize;
    importing_.options.maxSize = maxSize;
    importCheckpoint();
}

void SessionController::importCheckpoint()
{
    const PendingImport p = importing_;
    const QString out = importedModelPath(p.checkpoint);
    const std::string from = p.checkpoint.toStdString(), to = out.toStdString();
    jobs_->submit(
        tr("Importing the torchvision model"), QStringLiteral("session"), this,
        [from, to, opt = p.options](ProgressToken& t) {
            importTorchvisionCheckpoint(from, to, opt, &t);
            // What the project records, so that it imports again only when the file changes.
            ModelSource s{fingerprintFile(from), opt.arch, opt.classNames, opt.minSize, opt.maxSize, opt.trustPickle};
            return s;
        },
        [this, p, out](ModelSource source) {
            Q_EMIT statusMessage(tr("Imported %1 as %2").arg(p.checkpoint, out));
            importedSource_ = std::move(source);
            openModelAndDataset(out, p.annotations, p.imagesDir);
        },
        [this](const QString& msg) {
            fail(tr("Cannot import the torchvision model"), msg);
            Q_EMIT sessionReady(false);
        },
        [this]() { Q_EMIT sessionReady(false); });
}

void SessionController::moveImportedModel()
{
    const QString path = projectPath_;
    Project p = project_;
    jobs_->submit(
        tr("Moving the imported model beside the project"), QStringLiteral("move-model"), this,
        [p, path](ProgressToken& t) mutable {
            moveImportedModelBesideProject(p, path.toStdString(), &t);
            return p.model;
        },
        [this, path](FileRef model) {
            if (path != projectPath_)
                return; // saved elsewhere meanwhile: that save moves it
            project_.model = model;
            saveProject(path, {});
        },
        [this](const QString& msg) { fail(tr("Cannot move the imported model beside the project"), msg); });
}

} // namespace anchorscope
