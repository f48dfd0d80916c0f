// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The anchor grid: per level, every anchor drawn as its prior box with a check box (checked
// = kept). For a shared head, toggling an anchor toggles its index on every level. The view
// never evaluates anything: it emits the removed ids the user asked for. Beside each anchor
// an inspect button asks to see that anchor's boxes (the analysis view's distributions);
// the anchors shown there are highlighted here (linked selection).
#include "anchors/anchor_set.h"

#include <QWidget>

#include <vector>

class QCheckBox;
class QToolButton;
class QVBoxLayout;

namespace anchorscope {

class AnchorGridView : public QWidget {
    Q_OBJECT
public:
    explicit AnchorGridView(QWidget* parent = nullptr);

    void setAnchors(const AnchorSet& anchors, bool sharedHead);
    // Shows a configuration without emitting removedChanged.
    void setRemoved(const std::vector<int>& removedIds);
    std::vector<int> removed() const;
    // The check box of an anchor id (tests, accessibility).
    QCheckBox* checkBox(int anchorId) const;
    // Ids whose cached candidates are zero are marked (they cost nothing to remove).
    void setInactiveAnchors(const std::vector<int>& ids);
    // Marks the anchors another view has selected (no signal).
    void setHighlighted(const std::vector<int>& ids);
    std::vector<int> highlighted() const { return highlighted_; }
    QToolButton* inspectButton(int anchorId) const;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void removedChanged(const std::vector<int>& removedIds);
    // The user asked to see these anchors' predicted boxes.
    void anchorsInspected(const std::vector<int>& ids);

private:
    void onToggled(int anchorId, bool kept);

    AnchorSet anchors_;
    bool shared_ = false;
    std::vector<QCheckBox*> boxes_;
    std::vector<QToolButton*> inspect_;
    std::vector<int> highlighted_;
    QVBoxLayout* levelsLayout_;
};

} // namespace anchorscope
