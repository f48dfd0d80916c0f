// SPDX-License-Identifier: GPL-3.0-or-later
#include "export_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace anchorscope {

ExportDialog::ExportDialog(const QString& summary, const QString& suggestedPath, QWidget* parent)
    : QDialog(parent), format_(new QComboBox(this)), path_(new QLineEdit(suggestedPath, this)),
      report_(new QCheckBox(tr("also write a JSON report (anchors, cost, provenance, post-processing)"), this))
{
    setWindowTitle(tr("Prune and export"));
    auto* layout = new QVBoxLayout(this);
    auto* text = new QLabel(summary, this);
    text->setWordWrap(true);
    layout->addWidget(text);
    auto* form = new QFormLayout;
    format_->addItem(tr("Anchorscope package (TorchScript + metadata, .aspt)"), QStringLiteral("torchscript"));
    format_->addItem(tr("End-to-end TorchScript (decode and NMS inside; runs without Anchorscope)"), QStringLiteral("end2end"));
    format_->addItem(tr("State dict (plain dict of tensors)"), QStringLiteral("state-dict"));
    format_->addItem(tr("ONNX for OpenCV DNN and other runtimes (raw outputs; anchors and post-processing in a JSON beside it)"),
                     QStringLiteral("onnx"));
    format_->addItem(tr("torchvision (a folder: model.py builds the detector, model.pth its weights; imported models)"),
                     QStringLiteral("torchvision"));
    form->addRow(tr("Format:"), format_);
    auto* row = new QHBoxLayout;
    row->addWidget(path_, 1);
    auto* browse = new QPushButton(tr("Browse…"), this);
    row->addWidget(browse);
    form->addRow(tr("File:"), row);
    layout->addLayout(form);
    report_->setChecked(true);
    layout->addWidget(report_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(browse, &QPushButton::clicked, this, [this]() {
        const QString p = QFileDialog::getSaveFileName(this, tr("Export to"), path_->text());
        if (!p.isEmpty())
            path_->setText(p);
    });
    connect(path_, &QLineEdit::textChanged, this,
            [buttons](const QString& t) { buttons->button(QDialogButtonBox::Ok)->setEnabled(!t.isEmpty()); });
    resize(620, 220);
}

QString ExportDialog::path() const { return path_->text(); }
QString ExportDialog::format() const { return format_->currentData().toString(); }
bool ExportDialog::withReport() const { return report_->isChecked(); }

} // namespace anchorscope
