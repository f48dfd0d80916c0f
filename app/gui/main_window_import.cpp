// SPDX-License-Identifier: GPL-3.0-or-later
// The questions of importing a torchvision checkpoint: whether to unpickle a whole model
// (it runs code from the file) and a RetinaNet's resize sizes (its own shown as defaults).
#include "main_window.h"

#include "session_controller.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>

namespace anchorscope {

void MainWindow::askToTrustCheckpoint(const QString& path)
{
    askYesNo(QStringLiteral("trustQuestion"), tr("A pickled model"),
             tr("%1 holds a whole pickled model, not only weights. Loading it runs code stored in "
                "the file, with your rights.\nLoad it only if you trust where it came from. Load it?")
                 .arg(path),
             true, [this](bool yes) {
                 if (yes)
                     c_->trustCheckpoint();
                 else
                     c_->cancelOpening();
             });
}

void MainWindow::askForResizeSizes(int minSize, int maxSize)
{
    auto* dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("resizeDialog"));
    dialog->setWindowTitle(tr("RetinaNet input size"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    auto* form = new QFormLayout(dialog);
    auto* note = new QLabel(tr("RetinaNet resizes each image so that its shorter side is the minimum size, unless its "
                               "longer side would then exceed the maximum. The model's own sizes are filled in; use "
                               "the sizes it was trained and is deployed with."),
                            dialog);
    note->setWordWrap(true);
    form->addRow(note);
    auto spin = [dialog](int value, const QString& name) {
        auto* s = new QSpinBox(dialog);
        s->setObjectName(name);
        s->setRange(32, 4096);
        s->setValue(value);
        return s;
    };
    QSpinBox* minSpin = spin(minSize, QStringLiteral("minSize"));
    QSpinBox* maxSpin = spin(maxSize, QStringLiteral("maxSize"));
    form->addRow(tr("Minimum size (shorter side):"), minSpin);
    form->addRow(tr("Maximum size (longer side):"), maxSpin);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(dialog, &QDialog::accepted, c_, [this, minSpin, maxSpin]() { c_->setResizeSizes(minSpin->value(), maxSpin->value()); });
    connect(dialog, &QDialog::rejected, c_, &SessionController::cancelOpening);
    dialog->open();
}

} // namespace anchorscope
