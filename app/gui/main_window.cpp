// SPDX-License-Identifier: GPL-3.0-or-later
#include "main_window.h"

#include "pr_curve_plot.h"

#include "data/coco_json.h"
#include "data/dataset_io.h"
#include "eval/coco_eval.h"

#include <QApplication>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QStatusBar>
#include <QTableWidget>
#include <QThread>

namespace anchorscope {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), statsTable_(new QTableWidget(kCocoStatCount, 1, this)), prPlot_(new PrCurvePlot(this)),
      statusLabel_(new QLabel(this))
{
    setWindowTitle(tr("Anchorscope"));
    auto* central = new QWidget(this);
    auto* layout = new QHBoxLayout(central);
    statsTable_->setHorizontalHeaderLabels({tr("Value")});
    for (int i = 0; i < kCocoStatCount; ++i)
        statsTable_->setVerticalHeaderItem(i, new QTableWidgetItem(QString::fromLatin1(kCocoStatNames[size_t(i)])));
    statsTable_->horizontalHeader()->setStretchLastSection(true);
    statsTable_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    statsTable_->setMaximumWidth(220);
    layout->addWidget(statsTable_);
    layout->addWidget(prPlot_, 1);
    setCentralWidget(central);
    statusBar()->addWidget(statusLabel_, 1);
    statusLabel_->setText(tr("Open a dataset and a results file: File → Evaluate detections…"));

    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Evaluate detections…"), this, &MainWindow::chooseAndEvaluate);
    file->addSeparator();
    file->addAction(tr("&Quit"), this, &QWidget::close);
    resize(1000, 600);
}

MainWindow::~MainWindow() = default;

QString MainWindow::statusText() const { return statusLabel_->text(); }

void MainWindow::chooseAndEvaluate()
{
    const QString gt = QFileDialog::getOpenFileName(this, tr("Ground truth (COCO JSON)"), QString(),
                                                    tr("COCO JSON (*.json)"));
    if (gt.isEmpty())
        return;
    const QString dt = QFileDialog::getOpenFileName(this, tr("Detections (COCO results)"), QString(),
                                                    tr("COCO results (*.json)"));
    if (!dt.isEmpty())
        evaluateDetections(gt, dt);
}

void MainWindow::evaluateDetections(const QString& groundTruth, const QString& detections)
{
    const int generation = ++generation_;
    statusLabel_->setText(tr("Evaluating…"));
    const std::string gtPath = groundTruth.toStdString(), dtPath = detections.toStdString();
    QPointer<MainWindow> self(this);
    QThread* thread = QThread::create([self, generation, gtPath, dtPath]() {
        auto result = std::make_shared<CocoEvalResult>();
        QString error;
        try {
            const Dataset gt = readDataset(gtPath);
            const auto dts = readCocoResults(dtPath, &gt);
            *result = CocoEvaluator(gt).evaluate(dts);
        } catch (const std::exception& e) {
            error = QString::fromStdString(e.what());
        }
        QMetaObject::invokeMethod(qApp, [self, generation, result, error]() {
            if (!self || generation != self->generation_)
                return; // superseded or window gone
            if (!error.isEmpty()) {
                self->statusLabel_->setText(tr("Evaluation failed: %1").arg(error));
                // Non-modal: the GUI thread never waits, not even for the user.
                auto* box = new QMessageBox(QMessageBox::Warning, tr("Evaluation failed"), error, QMessageBox::Ok, self);
                box->setAttribute(Qt::WA_DeleteOnClose);
                box->open();
                Q_EMIT self->evaluationFinished(false);
                return;
            }
            self->showResult(*result);
            Q_EMIT self->evaluationFinished(true);
        });
    });
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
}

void MainWindow::showResult(const CocoEvalResult& r)
{
    for (int i = 0; i < kCocoStatCount; ++i)
        statsTable_->setItem(i, 0, new QTableWidgetItem(QString::number(r.stats[size_t(i)], 'f', 4)));
    const QVector<double> recall(r.params.recThrs.begin(), r.params.recThrs.end());
    for (size_t t : {size_t(0), size_t(5)}) {
        const auto curve = r.prCurve(t);
        prPlot_->setCurve(tr("IoU %1").arg(r.params.iouThrs[t], 0, 'f', 2), recall,
                          QVector<double>(curve.begin(), curve.end()));
    }
    statusLabel_->setText(tr("AP %1, AP50 %2 over %3 images").arg(r.stats[0], 0, 'f', 3).arg(r.stats[1], 0, 'f', 3)
                              .arg(r.imageIds.size()));
}

} // namespace anchorscope
