// SPDX-License-Identifier: GPL-3.0-or-later
#include "detection_view.h"

#include <QCoreApplication>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPainter>
#include <QPushButton>
#include <QSlider>
#include <QVBoxLayout>

#include <algorithm>

namespace anchorscope {

namespace {
const QColor kFound(44, 160, 44);      // ground truth found at this threshold
const QColor kMissed(255, 127, 14);    // ground truth missed
const QColor kIgnored(150, 150, 150);  // crowd / difficult boxes and detections on them
const QColor kTruePositive(31, 119, 180);
const QColor kFalsePositive(214, 39, 40);
} // namespace

// Paints one image with its boxes, scaled to fit and centred.
class DetectionPanel : public QWidget {
public:
    explicit DetectionPanel(QWidget* parent) : QWidget(parent) { setMinimumSize(240, 240); }

    void display(const QImage* image, const ImageMatch* match, const QMap<qint64, QString>* names, double minScore)
    {
        image_ = image;
        match_ = match;
        names_ = names;
        minScore_ = minScore;
        update();
    }

protected:
    void paintEvent(QPaintEvent*) override
    {
        QPainter p(this);
        p.fillRect(rect(), palette().window());
        if (!image_ || !match_)
            return;
        QSizeF size = image_->isNull() ? QSizeF(300, 300) : QSizeF(image_->size());
        const double s = std::min(width() / size.width(), height() / size.height());
        const QPointF origin((width() - size.width() * s) / 2, (height() - size.height() * s) / 2);
        const QRectF target(origin, size * s);
        if (image_->isNull()) {
            p.fillRect(target, QColor(60, 60, 60));
            p.setPen(Qt::white);
            p.drawText(target, Qt::AlignCenter, QCoreApplication::translate("DetectionPanel", "image not readable"));
        } else {
            p.setRenderHint(QPainter::SmoothPixmapTransform);
            p.drawImage(target, *image_);
        }
        p.setRenderHint(QPainter::Antialiasing);
        auto mapped = [&](double x, double y, double w, double h) { return QRectF(origin.x() + x * s, origin.y() + y * s, w * s, h * s); };
        for (size_t g = 0; g < match_->gt.size(); ++g) {
            const Annotation& a = match_->gt[g];
            const bool ignored = match_->gtIgnored[g];
            const bool found = match_->gtMatchScore[g] >= minScore_ && match_->gtMatchScore[g] >= 0;
            p.setPen(QPen(ignored ? kIgnored : found ? kFound : kMissed, 2, found || ignored ? Qt::SolidLine : Qt::DashLine));
            p.setBrush(Qt::NoBrush);
            p.drawRect(mapped(a.x, a.y, a.w, a.h));
        }
        QFont f = font();
        f.setPointSizeF(std::max(6.0, f.pointSizeF() * 0.8));
        p.setFont(f);
        for (size_t d = match_->detections.size(); d-- > 0;) { // best on top
            const DetectionRecord& r = match_->detections[d];
            if (r.score < minScore_)
                continue;
            const MatchStatus st = match_->status[d];
            const QColor c = st == MatchStatus::TruePositive ? kTruePositive : st == MatchStatus::FalsePositive ? kFalsePositive : kIgnored;
            const QRectF box = mapped(r.x, r.y, r.w, r.h);
            p.setPen(QPen(c, 1.5));
            p.drawRect(box);
            const QString label = names_->value(r.categoryId, QString::number(r.categoryId)) + QStringLiteral(" %1").arg(r.score, 0, 'f', 2);
            const QRectF tag(box.topLeft() - QPointF(0, p.fontMetrics().height()), QSizeF(p.fontMetrics().horizontalAdvance(label) + 4, p.fontMetrics().height()));
            p.fillRect(tag, c);
            p.setPen(Qt::white);
            p.drawText(tag, Qt::AlignCenter, label);
        }
    }

private:
    const QImage* image_ = nullptr;
    const ImageMatch* match_ = nullptr;
    const QMap<qint64, QString>* names_ = nullptr;
    double minScore_ = 0;
};

DetectionView::DetectionView(QWidget* parent)
    : QWidget(parent), position_(new QLabel(this)), scoreLabel_(new QLabel(this)), slider_(new QSlider(Qt::Horizontal, this)),
      prev_(new QPushButton(tr("◀ Previous"), this)), next_(new QPushButton(tr("Next ▶"), this))
{
    auto* layout = new QVBoxLayout(this);
    auto* bar = new QHBoxLayout;
    bar->addWidget(prev_);
    bar->addWidget(next_);
    bar->addWidget(position_, 1);
    bar->addWidget(new QLabel(tr("Minimum score:"), this));
    slider_->setRange(0, 100);
    slider_->setValue(30);
    slider_->setMinimumWidth(200);
    bar->addWidget(slider_);
    bar->addWidget(scoreLabel_);
    layout->addLayout(bar);
    auto* grid = new QGridLayout;
    for (int k = 0; k < 2; ++k) {
        titles_[k] = new QLabel(this);
        panels_[k] = new DetectionPanel(this);
        counts_[k] = new QLabel(this);
        grid->addWidget(titles_[k], 0, k);
        grid->addWidget(panels_[k], 1, k);
        grid->addWidget(counts_[k], 2, k);
    }
    grid->setRowStretch(1, 1);
    layout->addLayout(grid, 1);
    auto* legend = new QLabel(tr("<span style='color:#2ca02c'>■</span> ground truth found · "
                                 "<span style='color:#ff7f0e'>■</span> missed · "
                                 "<span style='color:#1f77b4'>■</span> true positive · "
                                 "<span style='color:#d62728'>■</span> false positive · "
                                 "<span style='color:#969696'>■</span> crowd / difficult (ignored)"),
                              this);
    layout->addWidget(legend);
    connect(prev_, &QPushButton::clicked, this, [this]() { Q_EMIT imageRequested(current_.index - 1); });
    connect(next_, &QPushButton::clicked, this, [this]() { Q_EMIT imageRequested(current_.index + 1); });
    connect(slider_, &QSlider::valueChanged, this, [this](int) {
        updateCounts();
        Q_EMIT scoreThresholdChanged(scoreThreshold());
    });
    clear();
}

void DetectionView::setCategoryNames(const QMap<qint64, QString>& names) { names_ = names; }

void DetectionView::clear()
{
    hasImage_ = false;
    current_ = DetectionImage();
    position_->setText(tr("No session."));
    prev_->setEnabled(false);
    next_->setEnabled(false);
    updateCounts();
}

void DetectionView::setImage(const DetectionImage& image)
{
    current_ = image;
    hasImage_ = true;
    position_->setText(tr("Image %1 of %2 · %3").arg(image.index + 1).arg(image.count).arg(image.name));
    titles_[0]->setText(image.baselineTitle);
    titles_[1]->setText(image.selectedTitle);
    prev_->setEnabled(image.index > 0);
    next_->setEnabled(image.index + 1 < image.count);
    updateCounts();
}

void DetectionView::setScoreThreshold(double score) { slider_->setValue(int(std::lround(score * 100))); }

double DetectionView::scoreThreshold() const { return slider_->value() / 100.0; }

ImageMatch::Counts DetectionView::counts(int panel) const
{
    if (!hasImage_)
        return {};
    return (panel == 0 ? current_.baseline : current_.selected).counts(scoreThreshold());
}

QString DetectionView::countsText(int panel) const { return counts_[panel]->text(); }

void DetectionView::updateCounts()
{
    scoreLabel_->setText(QString::number(scoreThreshold(), 'f', 2));
    for (int k = 0; k < 2; ++k) {
        if (!hasImage_) {
            counts_[k]->clear();
            titles_[k]->clear();
            panels_[k]->display(nullptr, nullptr, &names_, 0);
            continue;
        }
        const auto c = counts(k);
        counts_[k]->setText(tr("TP %1 · FP %2 · FN %3").arg(c.tp).arg(c.fp).arg(c.fn));
        panels_[k]->display(&current_.image, k == 0 ? &current_.baseline : &current_.selected, &names_, scoreThreshold());
    }
}

} // namespace anchorscope
