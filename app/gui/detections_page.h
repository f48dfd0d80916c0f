// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The detections page: one image of the session with the full model's and the current
// configuration's detections side by side; it follows the selection.
#include <QWidget>

namespace anchorscope {

class DetectionView;
class SessionController;

class DetectionsPage : public QWidget {
    Q_OBJECT
public:
    explicit DetectionsPage(SessionController* controller, QWidget* parent = nullptr);
    DetectionView* view() const { return view_; }

private:
    SessionController* c_;
    DetectionView* view_;
};

} // namespace anchorscope
