// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The metrics page: PR curves at a chosen IoU and the per-category AP table, the full model
// against the current configuration (Δ column); refreshed while the page is shown.
#include <QWidget>

#include <memory>

class QComboBox;
class QTableWidget;

namespace anchorscope {

class PrCurvePlot;
class SessionController;
struct MetricsComparison;

class MetricsPage : public QWidget {
    Q_OBJECT
public:
    explicit MetricsPage(SessionController* controller, QWidget* parent = nullptr);
    QTableWidget* categoryTable() const { return table_; }
    PrCurvePlot* prPlot() const { return pr_; }
    QComboBox* iouChooser() const { return iou_; }

Q_SIGNALS:
    void metricsUpdated();

protected:
    void showEvent(QShowEvent* e) override;

private:
    void draw();

    SessionController* c_;
    QComboBox* iou_;
    PrCurvePlot* pr_;
    QTableWidget* table_;
    std::shared_ptr<const MetricsComparison> last_;
};

} // namespace anchorscope
