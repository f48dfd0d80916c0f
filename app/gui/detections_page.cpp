// SPDX-License-Identifier: GPL-3.0-or-later
#include "detections_page.h"

#include "detection_view.h"
#include "session_controller.h"

#include <QVBoxLayout>

namespace anchorscope {

DetectionsPage::DetectionsPage(SessionController* controller, QWidget* parent)
    : QWidget(parent), c_(controller), view_(new DetectionView(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(view_);
    connect(view_, &DetectionView::imageRequested, c_, &SessionController::showImage);
    connect(c_, &SessionController::imageReady, view_, &DetectionView::setImage);
    connect(c_, &SessionController::sessionReady, this, [this](bool ok) {
        if (!ok)
            return;
        QMap<qint64, QString> names;
        for (const auto& cat : c_->session()->cache->gt.categories)
            names.insert(cat.id, QString::fromStdString(cat.name));
        view_->setCategoryNames(names);
        view_->clear();
        c_->showImage(0);
    });
    // The view follows the selection.
    connect(c_, &SessionController::resultChanged, this, [this]() {
        if (view_->hasImage())
            c_->showImage(view_->currentIndex());
    });
}

} // namespace anchorscope
