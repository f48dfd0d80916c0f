// SPDX-License-Identifier: GPL-3.0-or-later
#include "new_session_dialog.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace anchorscope {

NewSessionDialog::NewSessionDialog(QWidget* parent)
    : QDialog(parent), model_(new QLineEdit(this)), dataset_(new QLineEdit(this)), images_(new QLineEdit(this)), ok_(nullptr)
{
    setWindowTitle(tr("New session"));
    auto* form = new QFormLayout;
    auto row = [this, form](const QString& label, QLineEdit* edit, const QList<QPair<QString, std::function<QString()>>>& browsers) {
        auto* h = new QHBoxLayout;
        h->addWidget(edit, 1);
        for (const auto& [text, browse] : browsers) {
            auto* b = new QPushButton(text, this);
            connect(b, &QPushButton::clicked, this, [edit, browse]() {
                if (const QString p = browse(); !p.isEmpty())
                    edit->setText(p);
            });
            h->addWidget(b);
        }
        form->addRow(label, h);
    };
    row(tr("Model:"), model_, {{tr("Browse…"), [this]() {
            return QFileDialog::getOpenFileName(this, tr("Model"), QString(), tr("Models (*.aspt *.pt *.pth);;Anchorscope models (*.aspt);;torchvision checkpoints (*.pt *.pth)"));
        }}});
    row(tr("Dataset:"), dataset_,
        {{tr("COCO file…"), [this]() { return QFileDialog::getOpenFileName(this, tr("COCO annotations"), QString(), tr("COCO JSON (*.json)")); }},
         {tr("VOC / YOLO folder…"), [this]() { return QFileDialog::getExistingDirectory(this, tr("Dataset folder")); }}});
    row(tr("Images (optional):"), images_, {{tr("Browse…"), [this]() { return QFileDialog::getExistingDirectory(this, tr("Images folder")); }}});
    images_->setPlaceholderText(tr("default: the format's images folder"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    ok_ = buttons->button(QDialogButtonBox::Ok);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(model_, &QLineEdit::textChanged, this, &NewSessionDialog::updateOk);
    connect(dataset_, &QLineEdit::textChanged, this, &NewSessionDialog::updateOk);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
    updateOk();
    resize(640, 160);
}

void NewSessionDialog::updateOk() { ok_->setEnabled(!model_->text().isEmpty() && !dataset_->text().isEmpty()); }

QString NewSessionDialog::modelPath() const { return model_->text(); }
QString NewSessionDialog::datasetPath() const { return dataset_->text(); }
QString NewSessionDialog::imagesPath() const { return images_->text(); }

} // namespace anchorscope
