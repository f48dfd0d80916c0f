// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The detections view: one dataset image twice, side by side — the full model's detections
// on the left, the selected configuration's on the right — over the ground truth. A score
// slider hides detections below it; each panel counts true positives, false positives and
// missed boxes at IoU 0.5 for the current slider value. The matching itself arrives ready
// (core/eval/image_matching); the view only filters it by score and draws.
#include "eval/image_matching.h"

#include <QImage>
#include <QMap>
#include <QString>
#include <QWidget>

class QLabel;
class QSlider;
class QPushButton;

namespace anchorscope {

class DetectionPanel;

struct DetectionImage {
    int index = 0;  // in the session's image list
    int count = 0;  // images in the list
    QString name;   // file name
    QImage image;   // original pixels (the boxes' coordinates); null: not readable
    QString baselineTitle, selectedTitle;
    ImageMatch baseline, selected;
};

class DetectionView : public QWidget {
    Q_OBJECT
public:
    explicit DetectionView(QWidget* parent = nullptr);

    void setCategoryNames(const QMap<qint64, QString>& names);
    void setImage(const DetectionImage& image);
    void clear();
    int currentIndex() const { return current_.index; }
    bool hasImage() const { return hasImage_; }

    void setScoreThreshold(double score);
    double scoreThreshold() const;
    // Counts at the current threshold: panel 0 = full model, 1 = selected configuration.
    ImageMatch::Counts counts(int panel) const;
    QString countsText(int panel) const;

Q_SIGNALS:
    void imageRequested(int index); // previous / next
    void scoreThresholdChanged(double score);

private:
    void updateCounts();

    DetectionImage current_;
    bool hasImage_ = false;
    QMap<qint64, QString> names_;
    DetectionPanel* panels_[2];
    QLabel* counts_[2];
    QLabel* titles_[2];
    QLabel* position_;
    QLabel* scoreLabel_;
    QSlider* slider_;
    QPushButton* prev_;
    QPushButton* next_;
};

} // namespace anchorscope
