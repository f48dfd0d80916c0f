// SPDX-License-Identifier: GPL-3.0-or-later
#include "retrain_page.h"

#include "cluster_dialog.h"
#include "session_controller.h"
#include "training_curves.h"

#include "models/detector.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include <filesystem>

namespace anchorscope {

namespace fs = std::filesystem;

RetrainPage::RetrainPage(SessionController* controller, QWidget* parent)
    : QWidget(parent), c_(controller), trainData_(new QLineEdit(this)), holdoutData_(new QLineEdit(this)),
      output_(new QLineEdit(this)), epochs_(new QSpinBox(this)), learningRate_(new QDoubleSpinBox(this)),
      freezeBn_(new QCheckBox(tr("fine-tune: keep BatchNorm statistics frozen"), this)),
      apEachEpoch_(new QCheckBox(tr("measure AP on the session's images after every epoch"), this)),
      button_(new QPushButton(tr("Prune and retrain the selection"), this)),
      cluster_(new QPushButton(tr("Run on a cluster…"), this)),
      table_(new QTableWidget(2, 4, this)), curves_(new TrainingCurves(this))
{
    auto* layout = new QHBoxLayout(this);
    auto* left = new QVBoxLayout;
    auto* form = new QFormLayout;
    auto pathRow = [this](QLineEdit* edit, const QString& title) {
        auto* row = new QHBoxLayout;
        row->addWidget(edit, 1);
        auto* browse = new QPushButton(tr("Browse…"), this);
        row->addWidget(browse);
        connect(browse, &QPushButton::clicked, this, [this, edit, title]() {
            const QString p = QFileDialog::getOpenFileName(this, title, edit->text(), tr("COCO JSON (*.json)"));
            if (!p.isEmpty())
                edit->setText(p);
        });
        return row;
    };
    form->addRow(tr("Training data:"), pathRow(trainData_, tr("Training data")));
    form->addRow(tr("Holdout data (optional):"), pathRow(holdoutData_, tr("Holdout data")));
    epochs_->setRange(1, 500);
    epochs_->setValue(3);
    form->addRow(tr("Epochs:"), epochs_);
    learningRate_->setDecimals(4);
    learningRate_->setRange(0.0001, 1.0);
    learningRate_->setSingleStep(0.001);
    learningRate_->setValue(0.005);
    form->addRow(tr("Learning rate:"), learningRate_);
    freezeBn_->setChecked(true);
    form->addRow(QString(), freezeBn_);
    apEachEpoch_->setChecked(true);
    form->addRow(QString(), apEachEpoch_);
    form->addRow(tr("Save as:"), output_);
    // Where the window's own retraining runs (the CLI's --device picks for cluster runs).
    form->addRow(tr("Runs on:"), new QLabel(cudaAvailable() ? tr("CUDA (GPU)") : tr("CPU (this build has no CUDA)"), this));
    left->addLayout(form);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(button_, 1);
    cluster_->setObjectName(QStringLiteral("runOnCluster"));
    buttons->addWidget(cluster_);
    left->addLayout(buttons);
    table_->setHorizontalHeaderLabels({tr("AP before"), tr("AP after"), tr("AP50 before"), tr("AP50 after")});
    table_->setVerticalHeaderLabels({tr("session images"), tr("holdout")});
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    left->addWidget(table_);
    left->addStretch(1);
    layout->addLayout(left, 2);
    layout->addWidget(curves_, 3);
    button_->setEnabled(false);
    connect(button_, &QPushButton::clicked, this, &RetrainPage::start);
    connect(cluster_, &QPushButton::clicked, this, &RetrainPage::showClusterCommand);
    connect(c_, &SessionController::sessionReady, this, [this](bool ok) {
        button_->setEnabled(c_->hasSession() && !c_->project().model.empty());
        if (ok)
            suggestPaths();
    });
    connect(c_, &SessionController::epochTrained, this,
            [this](const EpochReport& e, double ap) { curves_->addEpoch(e.epoch, e.loss, e.locLoss, e.clsLoss, ap); });
    connect(c_, &SessionController::retrainFinished, this, [this](bool ok, std::shared_ptr<const RetrainOutcome> o) {
        button_->setEnabled(true);
        if (!ok || !o)
            return;
        auto cell = [](const nlohmann::json& j, const char* split, const char* stat) {
            const bool has = j.contains(split);
            return new QTableWidgetItem(has ? QString::number(j[split][stat].get<double>(), 'f', 4) : QStringLiteral("—"));
        };
        int row = 0;
        for (const char* split : {"search", "holdout"}) {
            table_->setItem(row, 0, cell(o->before, split, "AP"));
            table_->setItem(row, 1, cell(o->after, split, "AP"));
            table_->setItem(row, 2, cell(o->before, split, "AP50"));
            table_->setItem(row, 3, cell(o->after, split, "AP50"));
            ++row;
        }
    });
}

void RetrainPage::start()
{
    RetrainRequest r;
    r.trainData = trainData_->text();
    r.holdoutData = holdoutData_->text();
    r.output = output_->text();
    r.options.train.epochs = epochs_->value();
    r.options.train.lr = learningRate_->value();
    r.options.train.warmupEpochs = std::min(0.3, double(r.options.train.epochs));
    r.options.fromScratch = false;
    r.options.apEachEpoch = apEachEpoch_->isChecked();
    r.options.freezeBatchNorm = freezeBn_->isChecked();
    curves_->clear();
    table_->clearContents();
    button_->setEnabled(false);
    c_->startRetrain(r);
}

void RetrainPage::showClusterCommand()
{
    if (c_->projectPath().isEmpty()) {
        QMessageBox::information(this, tr("Run on a cluster"),
                                 tr("Save the project first: the cluster run reads the project (model, images and the "
                                    "selected configuration) from its file."));
        return;
    }
    if (!c_->saveProject(c_->projectPath(), {})) // the run reads the selection shown now
        return;
    ClusterJob job;
    job.project = c_->projectPath().toStdString();
    job.trainData = trainData_->text().toStdString();
    job.holdoutData = holdoutData_->text().toStdString();
    job.output = output_->text().toStdString();
    job.epochs = epochs_->value();
    job.lr = learningRate_->value();
    auto* dialog = new ClusterDialog(job, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

void RetrainPage::suggestPaths()
{
    const Project& p = c_->project();
    if (p.model.empty())
        return;
    const fs::path data = fs::path(p.annotations.path).parent_path();
    if (trainData_->text().isEmpty() && fs::exists(data / "train.json"))
        trainData_->setText(QString::fromStdString((data / "train.json").string()));
    if (holdoutData_->text().isEmpty() && fs::exists(data / "holdout.json"))
        holdoutData_->setText(QString::fromStdString((data / "holdout.json").string()));
    const fs::path model(p.model.path);
    output_->setText(QString::fromStdString((model.parent_path() / (model.stem().string() + "-retrained.aspt")).string()));
}

} // namespace anchorscope
