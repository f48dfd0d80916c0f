// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// "Run on a cluster…": the retraining of the project's selected configuration as the exact
// torchrun command line and as a Slurm batch script (core dist/cluster_command), for the
// user to copy or save and run where the GPUs are. The run reads the saved project, so it
// retrains what the window shows and writes the model where the retrain panel says.
#include "dist/cluster_command.h"

#include <QDialog>

class QComboBox;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace anchorscope {

class ClusterDialog : public QDialog {
    Q_OBJECT
public:
    ClusterDialog(const ClusterJob& job, QWidget* parent = nullptr);

    ClusterJob job() const;
    QString command() const;
    QString script() const;

private:
    void refresh();
    void saveScript();

    ClusterJob job_;
    QLineEdit* cli_;
    QSpinBox* nodes_;
    QSpinBox* perNode_;
    QSpinBox* batch_;
    QComboBox* device_;
    QPlainTextEdit* command_;
    QPlainTextEdit* script_;
};

} // namespace anchorscope
