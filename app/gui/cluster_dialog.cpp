// SPDX-License-Identifier: GPL-3.0-or-later
#include "cluster_dialog.h"

#include "util/atomic_file.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace anchorscope {

ClusterDialog::ClusterDialog(const ClusterJob& job, QWidget* parent)
    : QDialog(parent), job_(job), cli_(new QLineEdit(QString::fromStdString(job.cli), this)), nodes_(new QSpinBox(this)),
      perNode_(new QSpinBox(this)), batch_(new QSpinBox(this)), device_(new QComboBox(this)),
      command_(new QPlainTextEdit(this)), script_(new QPlainTextEdit(this))
{
    setWindowTitle(tr("Run on a cluster"));
    setObjectName(QStringLiteral("clusterDialog"));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("Retrains the selected configuration of the saved project with torchrun on every node. "
                                "The model is written by rank 0 to the path of the retrain panel; paths must be the same "
                                "on the cluster (a shared file system)."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto* form = new QFormLayout;
    cli_->setObjectName(QStringLiteral("cli"));
    form->addRow(tr("Program on the nodes:"), cli_);
    nodes_->setRange(1, 4096);
    nodes_->setValue(job.nodes);
    nodes_->setObjectName(QStringLiteral("nodes"));
    form->addRow(tr("Nodes:"), nodes_);
    perNode_->setRange(1, 64);
    perNode_->setValue(job.processesPerNode);
    perNode_->setObjectName(QStringLiteral("processesPerNode"));
    form->addRow(tr("Processes (GPUs) per node:"), perNode_);
    batch_->setRange(1, 1024);
    batch_->setValue(job.batchPerRank);
    batch_->setObjectName(QStringLiteral("batchPerRank"));
    form->addRow(tr("Batch per process:"), batch_);
    device_->addItem(tr("cuda (one GPU per process)"), QStringLiteral("cuda"));
    device_->addItem(tr("cpu"), QStringLiteral("cpu"));
    device_->setCurrentIndex(job.device == "cpu" ? 1 : 0);
    device_->setObjectName(QStringLiteral("device"));
    form->addRow(tr("Device:"), device_);
    layout->addLayout(form);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::TypeWriter);
    for (QPlainTextEdit* t : {command_, script_}) {
        t->setReadOnly(true);
        t->setFont(mono);
    }
    command_->setObjectName(QStringLiteral("command"));
    script_->setObjectName(QStringLiteral("script"));
    command_->setMaximumHeight(90);
    layout->addWidget(new QLabel(tr("torchrun command (run it on every node; MASTER_ADDR: the first node):"), this));
    layout->addWidget(command_);
    layout->addWidget(new QLabel(tr("Slurm batch script (sbatch):"), this));
    layout->addWidget(script_, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto* copyCommand = buttons->addButton(tr("Copy command"), QDialogButtonBox::ActionRole);
    auto* copyScript = buttons->addButton(tr("Copy script"), QDialogButtonBox::ActionRole);
    auto* save = buttons->addButton(tr("Save script…"), QDialogButtonBox::ActionRole);
    connect(copyCommand, &QPushButton::clicked, this, [this]() { QApplication::clipboard()->setText(command()); });
    connect(copyScript, &QPushButton::clicked, this, [this]() { QApplication::clipboard()->setText(script()); });
    connect(save, &QPushButton::clicked, this, &ClusterDialog::saveScript);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    connect(cli_, &QLineEdit::textChanged, this, &ClusterDialog::refresh);
    for (QSpinBox* s : {nodes_, perNode_, batch_})
        connect(s, &QSpinBox::valueChanged, this, &ClusterDialog::refresh);
    connect(device_, &QComboBox::currentIndexChanged, this, &ClusterDialog::refresh);
    resize(820, 600);
    refresh();
}

ClusterJob ClusterDialog::job() const
{
    ClusterJob j = job_;
    j.cli = cli_->text().toStdString();
    j.nodes = nodes_->value();
    j.processesPerNode = perNode_->value();
    j.batchPerRank = batch_->value();
    j.device = device_->currentData().toString().toStdString();
    return j;
}

QString ClusterDialog::command() const { return command_->toPlainText(); }
QString ClusterDialog::script() const { return script_->toPlainText(); }

void ClusterDialog::refresh()
{
    const ClusterJob j = job();
    command_->setPlainText(QString::fromStdString(torchrunCommand(j)));
    script_->setPlainText(QString::fromStdString(slurmScript(j)));
}

void ClusterDialog::saveScript()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save the Slurm script"),
                                                      QString::fromStdString(job_.output + ".sbatch"), tr("Shell scripts (*.sh *.sbatch)"));
    if (path.isEmpty())
        return;
    try {
        writeFileAtomically(path.toStdString(), script().toStdString());
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Cannot save the script"), QString::fromStdString(e.what()));
    }
}

} // namespace anchorscope
