// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Asks for what a new session needs: a model (.aspt), a dataset (COCO .json, VOC or YOLO
// folder) and, optionally, where its images are.
#include <QDialog>

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

private:
    void updateOk();

    QLineEdit* model_;
    QLineEdit* dataset_;
    QLineEdit* images_;
    QPushButton* ok_;
};

} // namespace anchorscope
