// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Prune and export: the selected configuration's summary (anchors removed, head MACs, boxes,
// AP on the session's images) and where and how to write the smaller model — the TorchScript
// package, the end-to-end TorchScript or a state dict — with an optional JSON report.
#include <QDialog>

class QComboBox;
class QLineEdit;
class QCheckBox;
class QLabel;

namespace anchorscope {

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    ExportDialog(const QString& summary, const QString& suggestedPath, QWidget* parent = nullptr);

    QString path() const;
    QString format() const; // torchscript | end2end | state-dict | onnx
    bool withReport() const;

private:
    QComboBox* format_;
    QLineEdit* path_;
    QCheckBox* report_;
};

} // namespace anchorscope
