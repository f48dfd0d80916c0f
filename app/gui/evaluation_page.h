// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The evaluation page: the COCO stats and PR curves of a results file against its ground
// truth (File > Evaluate detections).
#include <QWidget>

#include <memory>

class QTableWidget;

namespace anchorscope {

class PrCurvePlot;
class SessionController;
struct CocoEvalResult;

class EvaluationPage : public QWidget {
    Q_OBJECT
public:
    explicit EvaluationPage(SessionController* controller, QWidget* parent = nullptr);
    QTableWidget* statsTable() const { return stats_; }
    PrCurvePlot* prCurvePlot() const { return pr_; }

private:
    void show(std::shared_ptr<const CocoEvalResult> r);

    QTableWidget* stats_;
    PrCurvePlot* pr_;
};

} // namespace anchorscope
