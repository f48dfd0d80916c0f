// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The retrain page: the current configuration, pruned, fine-tuned (or retrained) in a job
// (core retrainModel), the loss terms and the AP after each epoch drawn live, Cancel, and a
// before/after table on the session's images and an optional holdout set.
#include <QWidget>

class QCheckBox;
class QDoubleSpinBox;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace anchorscope {

class SessionController;
class TrainingCurves;

class RetrainPage : public QWidget {
    Q_OBJECT
public:
    explicit RetrainPage(SessionController* controller, QWidget* parent = nullptr);

    void start();
    void showClusterCommand(); // "Run on a cluster…": the torchrun command and Slurm script
    QLineEdit* trainDataEdit() const { return trainData_; }
    QLineEdit* holdoutDataEdit() const { return holdoutData_; }
    QLineEdit* outputEdit() const { return output_; }
    QSpinBox* epochsSpin() const { return epochs_; }
    QTableWidget* table() const { return table_; }
    TrainingCurves* curves() const { return curves_; }

private:
    void suggestPaths(); // beside the model and the dataset (the demo's train/holdout files)

    SessionController* c_;
    QLineEdit* trainData_;
    QLineEdit* holdoutData_;
    QLineEdit* output_;
    QSpinBox* epochs_;
    QDoubleSpinBox* learningRate_;
    QCheckBox* freezeBn_;
    QCheckBox* apEachEpoch_;
    QPushButton* button_;
    QPushButton* cluster_;
    QTableWidget* table_;
    TrainingCurves* curves_;
};

} // namespace anchorscope
