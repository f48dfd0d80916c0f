// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The window's frame: the pages in tabs, the menus, the status bar with the running job's
// progress and Cancel, and the dialogs the session controller asks for (label map, moved
// files, a project changed on disk, export, errors). The session and every job live in the
// SessionController; the views are page classes that subscribe to it. Split over
// main_window.cpp (frame, status bar, layout), main_window_dialogs.cpp (menus, dialogs) and
// main_window_import.cpp (the questions of importing a torchvision checkpoint).
#include <QElapsedTimer>
#include <QMainWindow>
#include <QString>

#include <functional>
#include <vector>

class QCloseEvent;
class QLabel;
class QMenu;
class QProgressBar;
class QPushButton;
class QTabWidget;

namespace anchorscope {

class SessionController;
enum class ProjectFile;
struct Category;
struct LabelMap;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    SessionController* controller() const { return c_; }
    // The page of this class (PruningPage, DetectionsPage, AnalysisPage, ...).
    template <typename Page>
    Page* page() const
    {
        return findChild<Page*>();
    }
    QTabWidget* tabs() const { return tabs_; }
    // Shows the page of that name (page_registry.h); false for a name that is none.
    bool showPage(const QString& name);
    QString currentPage() const; // its name
    QString statusText() const;
    QProgressBar* progressBar() const { return progress_; }

    // Saves the project with the window's layout (size, splitter, current tab).
    bool saveProject(const QString& path);
    void editLabelMap();

protected:
    void closeEvent(QCloseEvent* e) override; // remembers the window's size

private:
    // main_window.cpp
    void buildStatusBar();
    void restoreLayout(); // the layout saved with the project just opened
    void reportError(const QString& title, const QString& message);
    // main_window_dialogs.cpp
    void buildMenus();
    void rebuildRecentMenu();
    void chooseModelAndDataset();
    void chooseCache();
    void chooseAndEvaluate();
    void chooseExport();
    void askForLabelMap(const LabelMap& proposed, const std::vector<Category>& categories);
    void askToRelocate(const std::vector<ProjectFile>& roles);
    void askToReload(const QString& path);
    // A non-modal yes/no question (objectName `name`, for tests); `answer(yes)` when closed.
    void askYesNo(const QString& name, const QString& title, const QString& text, bool warning,
                  std::function<void(bool)> answer);
    // main_window_import.cpp
    void askToTrustCheckpoint(const QString& path);
    void askForResizeSizes(int minSize, int maxSize);

    SessionController* c_;
    QTabWidget* tabs_;
    QLabel* statusLabel_;
    QProgressBar* progress_;
    QPushButton* cancelButton_;
    QMenu* recentMenu_ = nullptr;
    QElapsedTimer jobClock_;
};

} // namespace anchorscope
