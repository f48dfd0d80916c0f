// SPDX-License-Identifier: GPL-3.0-or-later
#include "anchor_grid_view.h"

#include <QCheckBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QPainter>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace anchorscope {

namespace {

// An icon showing the prior box's shape, scaled against the level's largest anchor.
QPixmap priorIcon(double w, double h, double levelMax, int size)
{
    QPixmap pm(size, size);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    const double s = (size - 4) / std::max(1e-9, levelMax);
    const QRectF r(size / 2.0 - w * s / 2, size / 2.0 - h * s / 2, w * s, h * s);
    p.setPen(QPen(QColor(31, 119, 180), 1.5));
    p.setBrush(QColor(31, 119, 180, 60));
    p.drawRect(r);
    return pm;
}

} // namespace

AnchorGridView::AnchorGridView(QWidget* parent) : QWidget(parent)
{
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    auto* inner = new QWidget(scroll);
    levelsLayout_ = new QVBoxLayout(inner);
    levelsLayout_->addStretch(1);
    scroll->setWidget(inner);
    outer->addWidget(scroll);
}

void AnchorGridView::setAnchors(const AnchorSet& anchors, bool sharedHead)
{
    anchors_ = anchors;
    shared_ = sharedHead;
    while (levelsLayout_->count() > 1) {
        QLayoutItem* item = levelsLayout_->takeAt(0);
        delete item->widget();
        delete item;
    }
    boxes_.assign(size_t(anchors.numAnchors()), nullptr);
    inspect_.assign(size_t(anchors.numAnchors()), nullptr);
    highlighted_.clear();
    for (int l = 0; l < anchors.numLevels(); ++l) {
        const AnchorLevel& L = anchors.levels[size_t(l)];
        auto* group = new QGroupBox(tr("Level %1 — %2×%3 cells, %4 anchors")
                                        .arg(l)
                                        .arg(L.featureH)
                                        .arg(L.featureW)
                                        .arg(L.anchors.size()),
                                    this);
        auto* grid = new QGridLayout(group);
        double levelMax = 1;
        for (const auto& a : L.anchors)
            levelMax = std::max({levelMax, a.w, a.h});
        for (int a = 0; a < int(L.anchors.size()); ++a) {
            const int id = anchors.globalId(l, a);
            const AnchorShape& s = L.anchors[size_t(a)];
            auto* cb = new QCheckBox(tr("#%1  %2×%3").arg(id).arg(s.w, 0, 'f', 0).arg(s.h, 0, 'f', 0), group);
            cb->setIcon(QIcon(priorIcon(s.w, s.h, levelMax, 28)));
            cb->setIconSize(QSize(28, 28));
            cb->setChecked(true);
            cb->setToolTip(tr("anchor %1: level %2, index %3, %4 × %5 px, scale %6, ratio h/w %7")
                               .arg(id).arg(l).arg(a).arg(s.w, 0, 'f', 1).arg(s.h, 0, 'f', 1)
                               .arg(s.scale, 0, 'f', 1).arg(s.ratio, 0, 'f', 2));
            connect(cb, &QCheckBox::toggled, this, [this, id](bool on) { onToggled(id, on); });
            auto* inspect = new QToolButton(group);
            inspect->setObjectName(QStringLiteral("inspect-%1").arg(id));
            inspect->setIcon(style()->standardIcon(QStyle::SP_FileDialogContentsView));
            inspect->setAutoRaise(true);
            inspect->setIconSize(QSize(16, 16));
            inspect->setToolTip(tr("Show the boxes anchor %1 predicts (Analysis view)").arg(id));
            connect(inspect, &QToolButton::clicked, this, [this, id]() { Q_EMIT anchorsInspected({id}); });
            grid->addWidget(cb, a / 2, 2 * (a % 2));
            grid->addWidget(inspect, a / 2, 2 * (a % 2) + 1);
            boxes_[size_t(id)] = cb;
            inspect_[size_t(id)] = inspect;
        }
        levelsLayout_->insertWidget(levelsLayout_->count() - 1, group);
    }
    updateGeometry(); // the minimum width below changed
}

QSize AnchorGridView::minimumSizeHint() const
{
    // Wide enough for two anchors per row with their inspect buttons, without a horizontal
    // scroll bar (asked at layout time, when fonts and style are known).
    const int content = levelsLayout_->parentWidget()->sizeHint().width();
    return {std::max(340, content + style()->pixelMetric(QStyle::PM_ScrollBarExtent) + 2 * style()->pixelMetric(QStyle::PM_DefaultFrameWidth) + 4),
            120};
}

QCheckBox* AnchorGridView::checkBox(int id) const
{
    return id >= 0 && id < int(boxes_.size()) ? boxes_[size_t(id)] : nullptr;
}

QToolButton* AnchorGridView::inspectButton(int id) const
{
    return id >= 0 && id < int(inspect_.size()) ? inspect_[size_t(id)] : nullptr;
}

void AnchorGridView::setHighlighted(const std::vector<int>& ids)
{
    for (int id : highlighted_)
        if (QCheckBox* cb = checkBox(id)) {
            cb->setAutoFillBackground(false);
            QFont f = cb->font();
            f.setBold(false);
            cb->setFont(f);
        }
    highlighted_.clear();
    for (int id : ids)
        if (QCheckBox* cb = checkBox(id)) {
            QPalette pal = cb->palette();
            QColor c = palette().color(QPalette::Highlight);
            c.setAlpha(70);
            pal.setColor(QPalette::Window, c);
            cb->setPalette(pal);
            cb->setAutoFillBackground(true);
            QFont f = cb->font();
            f.setBold(true);
            cb->setFont(f);
            highlighted_.push_back(id);
        }
}

std::vector<int> AnchorGridView::removed() const
{
    std::vector<int> out;
    for (size_t i = 0; i < boxes_.size(); ++i)
        if (boxes_[i] && !boxes_[i]->isChecked())
            out.push_back(int(i));
    return out;
}

void AnchorGridView::setRemoved(const std::vector<int>& removedIds)
{
    for (size_t i = 0; i < boxes_.size(); ++i) {
        const QSignalBlocker block(boxes_[i]);
        boxes_[i]->setChecked(std::find(removedIds.begin(), removedIds.end(), int(i)) == removedIds.end());
    }
}

void AnchorGridView::setInactiveAnchors(const std::vector<int>& ids)
{
    for (int id : ids)
        if (QCheckBox* cb = checkBox(id)) {
            QFont f = cb->font();
            f.setItalic(true);
            cb->setFont(f);
            cb->setToolTip(cb->toolTip() + tr(" — no cached candidates: removing it changes no detection"));
        }
}

void AnchorGridView::onToggled(int id, bool kept)
{
    if (shared_) {
        // The same index on every level, for a head whose final convs are shared.
        const AnchorInfo info = anchors_.info(id);
        for (int l = 0; l < anchors_.numLevels(); ++l)
            if (info.index < anchors_.anchorsInLevel(l))
                if (QCheckBox* cb = checkBox(anchors_.globalId(l, info.index)); cb && cb->isChecked() != kept) {
                    const QSignalBlocker block(cb);
                    cb->setChecked(kept);
                }
    }
    Q_EMIT removedChanged(removed());
}

} // namespace anchorscope
