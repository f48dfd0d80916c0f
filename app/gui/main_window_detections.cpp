// SPDX-License-Identifier: GPL-3.0-or-later
// The detections view: one image of the session with the full model's and the current
// configuration's detections. Reading the image, selecting its detections from the cache and
// matching them to the ground truth happen in a job; the view only draws.
#include "main_window.h"

#include "detection_view.h"
#include "job_runner.h"
#include "pruning_session.h"

#include "util/progress.h"

#include <QImage>
#include <QTabWidget>

#include <filesystem>

namespace anchorscope {

void MainWindow::buildDetectionsTab()
{
    connect(detections_, &DetectionView::imageRequested, this, &MainWindow::showImage);
    tabs_->addTab(detections_, tr("Detections"));
}

void MainWindow::showImage(int index)
{
    if (!session_ || session_->cache->images.empty())
        return;
    const int count = int(session_->cache->images.size());
    index = std::clamp(index, 0, count - 1);
    auto session = session_;
    const Configuration selected = current_.config;
    const QString selectedTitle = selected.removed.empty()
                                      ? tr("Selected configuration: the full model")
                                      : tr("Selected configuration: %1 anchors removed").arg(selected.removed.size());
    const QString baselineTitle = tr("Full model");
    auto out = std::make_shared<DetectionImage>();
    jobs_->submit(
        tr("Showing image %1").arg(index + 1), QStringLiteral("image"),
        [session, out, index, count, selected, baselineTitle, selectedTitle](ProgressToken& t) {
            const PredictionCache& c = *session->cache;
            const ImageInfo& info = c.gt.images[size_t(index)];
            out->index = index;
            out->count = count;
            out->name = QString::fromStdString(info.fileName);
            out->image.load(QString::fromStdString((std::filesystem::path(c.gt.imageRoot) / info.fileName).string()));
            t.checkCancelled();
            const auto gt = annotationsOfImage(c.gt, info.id);
            out->baseline = matchImage(gt, session->evaluator->imageDetections({}, size_t(index)));
            out->selected = matchImage(gt, session->evaluator->imageDetections(selected, size_t(index)));
            out->baselineTitle = baselineTitle;
            out->selectedTitle = selectedTitle;
        },
        [this, out]() {
            detections_->setImage(*out);
            Q_EMIT imageShown(out->index);
        },
        [this](const QString& msg) { reportError(tr("Cannot show the image"), msg); });
}

} // namespace anchorscope
