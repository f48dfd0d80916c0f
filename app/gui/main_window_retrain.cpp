// SPDX-License-Identifier: GPL-3.0-or-later
// The retrain panel: the selected configuration, pruned, fine-tuned (or retrained) in a job,
// with the loss terms and the AP after each epoch drawn live, Cancel, and a before/after
// table on the session's images and an optional holdout set.
#include "main_window.h"

#include "job_runner.h"
#include "pruning_session.h"
#include "training_curves.h"

#include "data/dataset_io.h"
#include "models/detector.h"
#include "models/evaluate_model.h"
#include "models/head_surgery.h"
#include "train/trainer.h"
#include "util/progress.h"

#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <filesystem>

namespace anchorscope {

namespace fs = std::filesystem;

void MainWindow::buildRetrainTab()
{
    auto* page = new QWidget(this);
    auto* layout = new QHBoxLayout(page);
    auto* left = new QVBoxLayout;
    auto* form = new QFormLayout;
    auto pathRow = [this, page](QLineEdit* edit, const QString& title) {
        auto* row = new QHBoxLayout;
        row->addWidget(edit, 1);
        auto* browse = new QPushButton(tr("Browse…"), page);
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
    form->addRow(tr("Save as:"), retrainOut_);
    left->addLayout(form);
    left->addWidget(retrainButton_);
    retrainTable_->setRowCount(2);
    retrainTable_->setColumnCount(4);
    retrainTable_->setHorizontalHeaderLabels({tr("AP before"), tr("AP after"), tr("AP50 before"), tr("AP50 after")});
    retrainTable_->setVerticalHeaderLabels({tr("session images"), tr("holdout")});
    retrainTable_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    retrainTable_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    left->addWidget(retrainTable_);
    left->addStretch(1);
    layout->addLayout(left, 2);
    layout->addWidget(curves_, 3);
    retrainButton_->setEnabled(false);
    connect(retrainButton_, &QPushButton::clicked, this, &MainWindow::startRetrain);
    tabs_->addTab(page, tr("Retrain"));
}

// Sensible defaults beside the model and the dataset (the demo's train/holdout files).
void MainWindow::suggestRetrainPaths()
{
    if (project_.model.empty())
        return;
    const fs::path data = fs::path(project_.annotations.path).parent_path();
    if (trainData_->text().isEmpty() && fs::exists(data / "train.json"))
        trainData_->setText(QString::fromStdString((data / "train.json").string()));
    if (holdoutData_->text().isEmpty() && fs::exists(data / "holdout.json"))
        holdoutData_->setText(QString::fromStdString((data / "holdout.json").string()));
    const fs::path model(project_.model.path);
    retrainOut_->setText(QString::fromStdString((model.parent_path() / (model.stem().string() + "-retrained.aspt")).string()));
}

void MainWindow::startRetrain()
{
    if (!session_ || project_.model.empty()) {
        reportError(tr("Nothing to retrain"), tr("Retraining needs a session of a model and a dataset."));
        return;
    }
    if (trainData_->text().isEmpty()) {
        reportError(tr("No training data"), tr("Choose the training data (COCO JSON) first."));
        return;
    }
    struct Outcome {
        std::array<double, 2> searchBefore{}, searchAfter{}, holdoutBefore{-1, -1}, holdoutAfter{-1, -1};
    };
    auto outcome = std::make_shared<Outcome>();
    const Project p = project_;
    const Configuration c = current_.config;
    const std::string train = trainData_->text().toStdString(), holdout = holdoutData_->text().toStdString(),
                      out = retrainOut_->text().toStdString();
    TrainOptions o;
    o.epochs = epochs_->value();
    o.lr = learningRate_->value();
    o.freezeBatchNorm = freezeBn_->isChecked();
    o.warmupEpochs = std::min(0.3, double(o.epochs));
    const bool apEachEpoch = apEachEpoch_->isChecked();
    curves_->clear();
    retrainTable_->clearContents();
    retrainButton_->setEnabled(false);
    QPointer<MainWindow> self(this);
    jobs_->submit(
        tr("Retraining the selected configuration"), QStringLiteral("retrain"),
        [p, c, train, holdout, out, o, apEachEpoch, outcome, self](ProgressToken& t) {
            Detector model = Detector::load(p.model.path);
            Dataset search = readDataset(p.annotations.path, datasetFormatFromString(p.datasetFormat), p.imagesDir);
            if (!p.settings.split.empty() && !search.subset(p.settings.split).images.empty())
                search = search.subset(p.settings.split);
            if (!p.labelMap.entries.empty())
                applyLabelMap(model.mutableMeta(), p.labelMap, search);
            Detector pruned = c.removed.empty() ? std::move(model) : pruneDetector(model, c);
            const Dataset trainDs = readDataset(train);
            checkModelFitsDataset(pruned.meta(), trainDs);
            std::optional<Dataset> holdoutDs;
            if (!holdout.empty())
                holdoutDs = readDataset(holdout);
            auto stats = [&](const Dataset& ds) {
                const CocoEvalResult r = evaluateDetector(pruned, ds, {}, &t);
                return std::array<double, 2>{r.stats[0], r.stats[1]};
            };
            outcome->searchBefore = stats(search);
            if (holdoutDs)
                outcome->holdoutBefore = stats(*holdoutDs);
            trainDetector(pruned, trainDs, o, &t, [&](const EpochReport& e) {
                const double ap = apEachEpoch ? stats(search)[0] : -1.0;
                QMetaObject::invokeMethod(self, [self, e, ap]() { // live, on the GUI thread
                    if (self) {
                        self->curves_->addEpoch(e.epoch, e.loss, e.locLoss, e.clsLoss, ap);
                        Q_EMIT self->epochTrained(e.epoch);
                    }
                });
            });
            outcome->searchAfter = stats(search);
            if (holdoutDs)
                outcome->holdoutAfter = stats(*holdoutDs);
            pruned.save(out);
        },
        [this, outcome, out]() {
            auto cell = [](double v) { return new QTableWidgetItem(v < 0 ? QStringLiteral("—") : QString::number(v, 'f', 4)); };
            retrainTable_->setItem(0, 0, cell(outcome->searchBefore[0]));
            retrainTable_->setItem(0, 1, cell(outcome->searchAfter[0]));
            retrainTable_->setItem(0, 2, cell(outcome->searchBefore[1]));
            retrainTable_->setItem(0, 3, cell(outcome->searchAfter[1]));
            retrainTable_->setItem(1, 0, cell(outcome->holdoutBefore[0]));
            retrainTable_->setItem(1, 1, cell(outcome->holdoutAfter[0]));
            retrainTable_->setItem(1, 2, cell(outcome->holdoutBefore[1]));
            retrainTable_->setItem(1, 3, cell(outcome->holdoutAfter[1]));
            retrainButton_->setEnabled(true);
            statusLabel_->setText(tr("Retrained model saved as %1").arg(QString::fromStdString(out)));
            Q_EMIT retrainFinished(true);
        },
        [this](const QString& msg) {
            retrainButton_->setEnabled(true);
            reportError(tr("Retraining failed"), msg);
            Q_EMIT retrainFinished(false);
        },
        [this]() {
            retrainButton_->setEnabled(true);
            Q_EMIT retrainFinished(false);
        });
}

} // namespace anchorscope
