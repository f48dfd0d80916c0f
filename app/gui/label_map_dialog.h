// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Edits the label map of a session: per model class, the dataset category it predicts (or
// none), starting from the automatic match. Opened non-modally; `accepted` hands the map on.
#include "models/label_map.h"

#include <QDialog>

#include <vector>

class QTableWidget;
class QComboBox;

namespace anchorscope {

class LabelMapDialog : public QDialog {
    Q_OBJECT
public:
    LabelMapDialog(const LabelMap& map, const std::vector<Category>& categories, QWidget* parent = nullptr);

    LabelMap labelMap() const;
    // The category chooser of a model column's row (tests).
    QComboBox* chooser(int row) const;

private:
    LabelMap map_;
    QTableWidget* table_;
};

} // namespace anchorscope
