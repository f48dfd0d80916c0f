// SPDX-License-Identifier: GPL-3.0-or-later
#include "new_session_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace anchorscope {

NewSessionDialog::NewSessionDialog(QWidget* parent)
    : QDialog(parent), model_(new QLineEdit(this)), dataset_(new QLineEdit(this)), images_(new QLineEdit(this)),
      validationSource_(new QComboBox(this)), fraction_(new QDoubleSpinBox(this)), validationData_(new QLineEdit(this)),
      ok_(nullptr)
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
    // Validation is the default: a search's best-looking points are the luckiest on its own
    // images, so the front is checked on images it has not seen.
    validationSource_->addItem(tr("Hold out part of the dataset (recommended)"), int(ValidationSettings::Source::Split));
    validationSource_->addItem(tr("A second dataset"), int(ValidationSettings::Source::Annotations));
    validationSource_->addItem(tr("None (the front stays unvalidated)"), int(ValidationSettings::Source::None));
    fraction_->setRange(0.1, 0.9);
    fraction_->setSingleStep(0.05);
    fraction_->setDecimals(2);
    fraction_->setValue(0.5);
    fraction_->setToolTip(tr("The share of the images held out for validation, chosen by image with a fixed seed"));
    auto* v = new QHBoxLayout;
    v->addWidget(validationSource_, 1);
    v->addWidget(fraction_);
    form->addRow(tr("Validation:"), v);
    row(tr("Validation dataset:"), validationData_,
        {{tr("COCO file…"), [this]() { return QFileDialog::getOpenFileName(this, tr("Validation annotations"), QString(), tr("COCO JSON (*.json)")); }}});
    validationData_->setPlaceholderText(tr("the same categories, other images"));
    auto sourceChanged = [this]() {
        const auto s = ValidationSettings::Source(validationSource_->currentData().toInt());
        fraction_->setEnabled(s == ValidationSettings::Source::Split);
        validationData_->setEnabled(s == ValidationSettings::Source::Annotations);
        updateOk();
    };
    connect(validationSource_, &QComboBox::currentIndexChanged, this, sourceChanged);
    connect(validationData_, &QLineEdit::textChanged, this, &NewSessionDialog::updateOk);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    ok_ = buttons->button(QDialogButtonBox::Ok);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(model_, &QLineEdit::textChanged, this, &NewSessionDialog::updateOk);
    connect(dataset_, &QLineEdit::textChanged, this, &NewSessionDialog::updateOk);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
    sourceChanged();
    resize(640, 220);
}

void NewSessionDialog::updateOk()
{
    if (!ok_)
        return;
    const bool needsData = validation().source == ValidationSettings::Source::Annotations;
    ok_->setEnabled(!model_->text().isEmpty() && !dataset_->text().isEmpty() && (!needsData || !validationData_->text().isEmpty()));
}

ValidationSettings NewSessionDialog::validation() const
{
    const auto s = ValidationSettings::Source(validationSource_->currentData().toInt());
    if (s == ValidationSettings::Source::Split)
        return ValidationSettings::split(fraction_->value());
    ValidationSettings v;
    v.source = s;
    return v;
}

QString NewSessionDialog::validationDataPath() const { return validationData_->text(); }

QString NewSessionDialog::modelPath() const { return model_->text(); }
QString NewSessionDialog::datasetPath() const { return dataset_->text(); }
QString NewSessionDialog::imagesPath() const { return images_->text(); }

} // namespace anchorscope
