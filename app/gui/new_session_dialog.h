// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Asks for what a new session needs: a model (.aspt), a dataset (COCO .json, VOC or YOLO
// folder), optionally where its images are, and its validation images — by default a seeded
// half of the dataset (docs/search.md, "Validation"), or a second dataset, or none.
#include "project/project.h"

#include <QDialog>

class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QPushButton;

namespace anchorscope {

class NewSessionDialog : public QDialog {
    Q_OBJECT
public:
    explicit NewSessionDialog(QWidget* parent = nullptr);

    QString modelPath() const;
    QString datasetPath() const;
    QString imagesPath() const;
    ValidationSettings validation() const;
    QString validationDataPath() const; // validation().source == Annotations
    QComboBox* validationChooser() const { return validationSource_; }

private:
    void updateOk();

    QLineEdit* model_;
    QLineEdit* dataset_;
    QLineEdit* images_;
    QComboBox* validationSource_;
    QDoubleSpinBox* fraction_;
    QLineEdit* validationData_;
    QPushButton* ok_;
};

} // namespace anchorscope
