// SPDX-License-Identifier: GPL-3.0-or-later
#include "label_map_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace anchorscope {

LabelMapDialog::LabelMapDialog(const LabelMap& map, const std::vector<Category>& categories, QWidget* parent)
    : QDialog(parent), map_(map), table_(new QTableWidget(int(map.entries.size()), 3, this))
{
    setWindowTitle(tr("Label map"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(tr("Which dataset category each class of the model predicts. Classes set to "
                                    "“not evaluated” are ignored; changing the map recomputes the prediction cache."),
                                 this));
    table_->setHorizontalHeaderLabels({tr("Model class"), tr("Dataset category"), tr("Matched by")});
    table_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    table_->verticalHeader()->hide();
    for (int row = 0; row < int(map.entries.size()); ++row) {
        const LabelMapEntry& e = map.entries[size_t(row)];
        auto* name = new QTableWidgetItem(tr("%1 (column %2, id %3)").arg(QString::fromStdString(e.modelClass)).arg(e.column).arg(e.modelCategoryId));
        name->setFlags(Qt::ItemIsEnabled);
        table_->setItem(row, 0, name);
        auto* combo = new QComboBox(table_);
        combo->addItem(tr("not evaluated"), QVariant::fromValue<qint64>(-1));
        for (const Category& c : categories)
            combo->addItem(tr("%1 (id %2)").arg(QString::fromStdString(c.name)).arg(c.id), QVariant::fromValue<qint64>(c.id));
        combo->setCurrentIndex(std::max(0, combo->findData(QVariant::fromValue<qint64>(e.datasetCategoryId))));
        table_->setCellWidget(row, 1, combo);
        auto* how = new QTableWidgetItem(QString::fromStdString(e.matchedBy));
        how->setFlags(Qt::ItemIsEnabled);
        table_->setItem(row, 2, how);
        connect(combo, &QComboBox::currentIndexChanged, this, [this, row](int) {
            if (QTableWidgetItem* item = table_->item(row, 2))
                item->setText(tr("user"));
        });
    }
    table_->resizeColumnsToContents();
    layout->addWidget(table_, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(620, 420);
}

QComboBox* LabelMapDialog::chooser(int row) const { return qobject_cast<QComboBox*>(table_->cellWidget(row, 1)); }

LabelMap LabelMapDialog::labelMap() const
{
    LabelMap m = map_;
    for (int row = 0; row < int(m.entries.size()); ++row) {
        const qint64 id = chooser(row)->currentData().value<qint64>();
        if (id != m.entries[size_t(row)].datasetCategoryId)
            m.assign(m.entries[size_t(row)].column, id);
    }
    return m;
}

} // namespace anchorscope
