#include "AutoMapDialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Ebb {

AutoMapDialog::AutoMapDialog(const QList<AutoMapper::Proposal>& proposals, QWidget* parent)
    : QDialog(parent)
    , m_proposals(proposals)
    , m_table(new QTableWidget(int(proposals.size()), 4))
{
    setWindowTitle(tr("Auto-map"));
    setObjectName(QStringLiteral("autoMapDialog"));
    m_table->setObjectName(QStringLiteral("proposals"));
    m_table->setHorizontalHeaderLabels({tr("Column"), tr("Field"), tr("Score"), tr("Why")});
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    for (int row = 0; row < proposals.size(); ++row) {
        const AutoMapper::Proposal& p = proposals[row];
        auto* column = new QTableWidgetItem(p.column);
        column->setCheckState(Qt::Checked);
        column->setFlags(column->flags() | Qt::ItemIsUserCheckable);
        m_table->setItem(row, 0, column);
        m_table->setItem(row, 1, new QTableWidgetItem(QStringLiteral("→ ") + p.field));
        auto* score = new QTableWidgetItem(QString::number(p.score));
        score->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_table->setItem(row, 2, score);
        m_table->setItem(row, 3, new QTableWidgetItem(p.reason));
    }
    m_table->resizeColumnsToContents();
    m_table->horizontalHeader()->setStretchLastSection(true);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Map Checked"));
    auto* none = buttons->addButton(tr("Uncheck All"), QDialogButtonBox::ResetRole);
    connect(none, &QPushButton::clicked, this, [this] {
        for (int row = 0; row < m_table->rowCount(); ++row)
            m_table->item(row, 0)->setCheckState(Qt::Unchecked);
    });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(new QLabel(proposals.isEmpty()
            ? tr("No unmapped field has a column with a matching name.")
            : tr("%n proposal(s). Uncheck what should stay unmapped.", nullptr, int(proposals.size()))));
    layout->addWidget(m_table);
    layout->addWidget(buttons);
    resize(720, std::min(560, 140 + 28 * int(proposals.size())));
}

QList<AutoMapper::Proposal> AutoMapDialog::accepted() const
{
    QList<AutoMapper::Proposal> result;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (m_table->item(row, 0)->checkState() == Qt::Checked)
            result << m_proposals[row];
    }
    return result;
}

} // namespace Ebb
