// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The pruning page: the anchor grid (toggle anchors, inspect them), the Pareto frontier
// (every evaluated configuration; the front drawn while a search runs; click a point to
// select it; validation markers with their intervals and the recommended point), the search
// strategy (from the registry) and the axes, the current configuration's metrics and what
// its validation interval says.
#include "pareto_plot.h"
#include "prune/search.h"

#include <QElapsedTimer>
#include <QWidget>

#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QSplitter;

namespace anchorscope {

class AnchorGridView;
class SessionController;
struct ConfigResult;
struct SearchNode;

class PruningPage : public QWidget {
    Q_OBJECT
public:
    explicit PruningPage(SessionController* controller, QWidget* parent = nullptr);

    AnchorGridView* anchorGrid() const { return grid_; }
    ParetoPlot* paretoPlot() const { return pareto_; }
    // A running search's points with the front among them marked: what the plot draws next.
    const QVector<ParetoPoint>& livePoints() const { return livePoints_; }
    QComboBox* strategyChooser() const { return strategy_; }
    QComboBox* axisChooser() const { return xAxis_; }
    QComboBox* metricChooser() const { return yAxis_; }
    QSplitter* splitter() const { return split_; }
    QString metricsText() const;
    QString validationText() const;
    QCheckBox* errorBarsToggle() const { return errorBars_; }

private:
    void sessionReady(bool ok);
    void showSettings();
    void showResult(const ConfigResult& r);
    void showSearchPoints();
    void addLivePoint(const SearchNode& n);
    void showValidation();
    ParetoPoint pointOf(const SearchNode& n) const;

    SessionController* c_;
    QComboBox* strategy_;
    QPushButton* searchButton_;
    QComboBox* xAxis_;
    QComboBox* yAxis_;
    QLabel* metrics_;
    QLabel* validation_;
    QCheckBox* errorBars_;
    AnchorGridView* grid_;
    ParetoPlot* pareto_;
    QSplitter* split_;
    QVector<ParetoPoint> livePoints_; // a running search's points, the front among them (drawn every 50 ms)
    IncrementalFront liveFront_;      // of livePoints_
    std::vector<size_t> shownFront_;  // the points marked onFront in livePoints_
    bool live_ = false;               // a search is running: livePoints_ is what is drawn
    bool redrawPending_ = false;
    QElapsedTimer lastDraw_;          // since the live points were last drawn
};

} // namespace anchorscope
