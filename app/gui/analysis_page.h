// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The analysis page: the redundancy heatmap with leave-one-out ΔAP bars, and the per-anchor
// box distributions; until the first analysis, a hint saying what it shows and how to get it.
#include <QVector>
#include <QWidget>

#include <memory>
#include <vector>

class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QStackedWidget;

namespace anchorscope {

class BoxDistributionPlot;
class RedundancyHeatmap;
class SessionController;
struct AnalysisView;

class AnalysisPage : public QWidget {
    Q_OBJECT
public:
    explicit AnalysisPage(SessionController* controller, QWidget* parent = nullptr);

    void analyze(); // with the page's τ, α and score
    // Shows these anchors' distributions, analysing first when the session has not been.
    void inspect(const std::vector<int>& anchors);
    RedundancyHeatmap* heatmap() const { return heatmap_; }
    BoxDistributionPlot* distribution() const { return distribution_; }
    QStackedWidget* stack() const { return stack_; }

Q_SIGNALS:
    void anchorsChosen(const std::vector<int>& ids); // shown in the distributions by choice

private:
    void show(std::shared_ptr<const AnalysisView> v);

    SessionController* c_;
    QDoubleSpinBox* tau_;
    QDoubleSpinBox* alpha_;
    QDoubleSpinBox* score_;
    QPushButton* analyzeButton_;
    QLabel* info_;
    QStackedWidget* stack_;
    RedundancyHeatmap* heatmap_;
    BoxDistributionPlot* distribution_;
    QVector<int> pendingInspect_; // anchors to show once the running analysis ends
};

} // namespace anchorscope
