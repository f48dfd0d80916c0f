// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Box distributions on log–log axes: the predicted (w, h) of each shown anchor's confident
// candidates (one colour per anchor), its prior as a large marker, and the ground-truth
// boxes in grey. Filters — level, anchors, true positives only, minimum score — only choose
// which of the given points are drawn. Hovering a point names its anchor, score and size;
// clicking one selects its anchor. The selection (anchors chosen explicitly, by a click here,
// the heatmap or the anchor grid) is announced so the anchor grid can highlight it.
#include <QString>
#include <QVector>
#include <QWidget>

class QCustomPlot;
class QCPGraph;
class QComboBox;
class QCheckBox;
class QDoubleSpinBox;
class QLabel;

namespace anchorscope {

struct DistributionPoint {
    float w = 0, h = 0, score = 0;
    bool tp = false;
};

struct AnchorDistribution {
    int anchor = 0;
    int level = 0;
    QString label;   // "#12 (level 1) 45×90"
    double priorW = 0, priorH = 0;
    QVector<DistributionPoint> points;
};

class BoxDistributionPlot : public QWidget {
    Q_OBJECT
public:
    explicit BoxDistributionPlot(QWidget* parent = nullptr);

    void setData(const QVector<AnchorDistribution>& anchors, const QVector<QPointF>& groundTruth, int levels);
    // Which anchors to draw (empty: every anchor of the chosen level).
    void showAnchors(const QVector<int>& anchors);
    void setLevel(int level); // -1: all levels
    void setTruePositivesOnly(bool on);
    void setMinScore(double score);
    int drawnPoints() const { return drawn_; }
    bool hasData() const { return !anchors_.isEmpty(); }
    QVector<int> shownAnchors() const;
    // Anchors chosen explicitly (empty: the level filter decides).
    QVector<int> selectedAnchors() const { return chosen_; }
    // The anchor of the drawn point nearest to `pixel` within 6 px, or -1.
    int anchorAt(const QPointF& pixel) const;
    QCustomPlot* plot() const { return plot_; }

Q_SIGNALS:
    void selectionChanged(const QVector<int>& anchors);

private:
    void rebuild();
    void choose(const QVector<int>& anchors);
    // The nearest drawn point within 6 px: its graph and index, or nullptr.
    QCPGraph* nearestPoint(const QPointF& pixel, double* key = nullptr, double* value = nullptr) const;

    QCustomPlot* plot_;
    QComboBox* level_;
    QCheckBox* tpOnly_;
    QDoubleSpinBox* minScore_;
    QLabel* info_;
    QVector<AnchorDistribution> anchors_;
    QVector<QPointF> gt_;
    QVector<int> chosen_;
    int drawn_ = 0;
};

} // namespace anchorscope
