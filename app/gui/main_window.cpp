// SPDX-License-Identifier: GPL-3.0-or-later
// The frame: pages in tabs, the status bar following the running job, errors as non-modal
// messages, the window's size (the user's, else most of the screen) and the layout kept with
// a project.
#include "main_window.h"

#include "analysis_page.h"
#include "anchor_grid_view.h"
#include "detections_page.h"
#include "evaluation_page.h"
#include "job_runner.h"
#include "metrics_page.h"
#include "page_registry.h"
#include "pruning_page.h"
#include "retrain_page.h"
#include "session_controller.h"

#include <QCloseEvent>
#include <QFileInfo>
#include <QGuiApplication>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>

namespace anchorscope {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent), c_(new SessionController(this)), tabs_(new QTabWidget(this)), statusLabel_(new QLabel(this)),
      progress_(new QProgressBar(this)), cancelButton_(new QPushButton(tr("Cancel"), this))
{
    setWindowTitle(tr("Anchorscope"));
    setObjectName(QStringLiteral("MainWindow"));
    for (const PageEntry& p : pageRegistry())
        tabs_->addTab(p.make(c_, tabs_), QCoreApplication::translate("anchorscope::MainWindow", p.title));
    setCentralWidget(tabs_);
    auto* pruning = page<PruningPage>();
    auto* analysis = page<AnalysisPage>();
    // Linked selection between pages: an anchor's inspect button shows its boxes in the
    // analysis page; the anchors shown there are highlighted in the grid.
    connect(pruning->anchorGrid(), &AnchorGridView::anchorsInspected, this, [this, analysis](const std::vector<int>& ids) {
        showPage(QStringLiteral("analysis"));
        analysis->inspect(ids);
    });
    connect(analysis, &AnalysisPage::anchorsChosen, pruning->anchorGrid(), &AnchorGridView::setHighlighted);
    buildMenus();
    buildStatusBar();

    connect(c_, &SessionController::statusMessage, statusLabel_, &QLabel::setText);
    connect(c_, &SessionController::errorOccurred, this, &MainWindow::reportError);
    connect(c_, &SessionController::labelMapNeeded, this, &MainWindow::askForLabelMap);
    connect(c_, &SessionController::projectFilesMissing, this, &MainWindow::askToRelocate);
    connect(c_, &SessionController::projectChangedOnDisk, this, &MainWindow::askToReload);
    connect(c_, &SessionController::checkpointNeedsTrust, this, &MainWindow::askToTrustCheckpoint);
    connect(c_, &SessionController::resizeSizesNeeded, this, &MainWindow::askForResizeSizes);
    connect(c_, &SessionController::evaluationReady, this, [this]() { showPage(QStringLiteral("evaluation")); });
    connect(c_, &SessionController::projectSaved, this,
            [this](const QString& path) { setWindowTitle(tr("%1 — Anchorscope").arg(QFileInfo(path).fileName())); });
    connect(c_, &SessionController::sessionReady, this, [this](bool ok) {
        if (!ok)
            return;
        const QString path = c_->projectPath();
        setWindowTitle(path.isEmpty() ? tr("Anchorscope") : tr("%1 — Anchorscope").arg(QFileInfo(path).fileName()));
        if (!path.isEmpty())
            restoreLayout();
    });

    // The user's last size, else most of the screen.
    if (!restoreGeometry(QSettings().value(QStringLiteral("window/geometry")).toByteArray())) {
        const QRect screen = QGuiApplication::primaryScreen() ? QGuiApplication::primaryScreen()->availableGeometry()
                                                              : QRect(0, 0, 1280, 800);
        resize(screen.size() * 0.85);
        move(screen.center() - rect().center());
    }
}

MainWindow::~MainWindow() = default;

void MainWindow::closeEvent(QCloseEvent* e)
{
    QSettings().setValue(QStringLiteral("window/geometry"), saveGeometry());
    QMainWindow::closeEvent(e);
}

void MainWindow::buildStatusBar()
{
    statusBar()->addWidget(statusLabel_, 1);
    statusBar()->addPermanentWidget(progress_);
    statusBar()->addPermanentWidget(cancelButton_);
    progress_->setRange(0, 1000);
    progress_->setMaximumWidth(220);
    progress_->hide();
    cancelButton_->hide();
    statusLabel_->setText(tr("Open a model and a dataset, a project, a prediction cache or the demo (File menu)."));
    connect(cancelButton_, &QPushButton::clicked, c_, &SessionController::cancelCurrentJob);
    JobRunner* jobs = c_->jobs();
    connect(jobs, &JobRunner::jobStarted, this, [this](int, const QString& title) {
        jobClock_.start();
        statusLabel_->setText(title);
        progress_->setRange(0, 1000);
        progress_->setValue(0);
        progress_->show();
        cancelButton_->show();
    });
    connect(jobs, &JobRunner::jobProgress, this, [this](int, double f, const QString& what) {
        const double elapsed = jobClock_.isValid() ? jobClock_.elapsed() / 1000.0 : 0.0;
        if (f < 0) { // the job cannot know its size (a search without a budget): no percentage
            progress_->setRange(0, 0);
            statusLabel_->setText(tr("%1 — %2 s").arg(what).arg(qRound(elapsed)));
            return;
        }
        progress_->setRange(0, 1000);
        progress_->setValue(int(f * 1000));
        // The remaining time at the average rate so far, once there is something to go by.
        if (f > 0.02 && f < 1.0 && elapsed > 2.0)
            statusLabel_->setText(tr("%1 — about %2 s left").arg(what).arg(qRound(elapsed * (1.0 - f) / f)));
        else
            statusLabel_->setText(what);
    });
    connect(jobs, &JobRunner::idle, this, [this]() {
        progress_->hide();
        cancelButton_->hide();
    });
    connect(jobs, &JobRunner::jobCancelled, this, [this](int) { statusLabel_->setText(tr("Cancelled.")); });
}

QString MainWindow::statusText() const { return statusLabel_->text(); }

void MainWindow::reportError(const QString& title, const QString& message)
{
    statusLabel_->setText(title + QStringLiteral(": ") + message);
    // Non-modal: the GUI thread never waits, not even for the user.
    auto* box = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

bool MainWindow::saveProject(const QString& path)
{
    return c_->saveProject(path, {{"geometry", saveGeometry().toBase64().toStdString()},
                                  {"state", saveState().toBase64().toStdString()},
                                  {"splitter", page<PruningPage>()->splitter()->saveState().toBase64().toStdString()},
                                  {"tab", currentPage().toStdString()}});
}

void MainWindow::restoreLayout()
{
    const auto& layout = c_->project().layout;
    auto value = [&layout](const char* key) {
        auto it = layout.find(key);
        return it == layout.end() ? QByteArray() : QByteArray::fromBase64(QByteArray::fromStdString(it->second));
    };
    if (const QByteArray g = value("geometry"); !g.isEmpty())
        restoreGeometry(g);
    if (const QByteArray st = value("state"); !st.isEmpty())
        restoreState(st);
    if (const QByteArray sp = value("splitter"); !sp.isEmpty())
        page<PruningPage>()->splitter()->restoreState(sp);
    // The page by name; projects saved before the page list kept its position.
    auto it = layout.find("tab");
    if (it != layout.end() && !showPage(QString::fromStdString(it->second))) {
        bool number = false;
        const int index = QString::fromStdString(it->second).toInt(&number);
        if (number && index >= 0 && index < tabs_->count())
            tabs_->setCurrentIndex(index);
    }
}

bool MainWindow::showPage(const QString& name)
{
    const int index = pageIndex(name);
    if (index < 0)
        return false;
    tabs_->setCurrentIndex(index);
    return true;
}

QString MainWindow::currentPage() const
{
    const int index = tabs_->currentIndex();
    return index >= 0 && index < int(pageRegistry().size()) ? QString::fromLatin1(pageRegistry()[size_t(index)].name) : QString();
}

} // namespace anchorscope
