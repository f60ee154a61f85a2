#pragma once

#include "models/studio/AutoMapper.h"

#include <QDialog>

class QTableWidget;

namespace Ebb {

// Auto-map's proposals before anything changes: column → field, score and why, each with a
// check box (all checked); OK applies the checked ones as one undo step.
class AutoMapDialog : public QDialog
{
    Q_OBJECT

public:
    AutoMapDialog(const QList<AutoMapper::Proposal>& proposals, QWidget* parent = nullptr);
    QList<AutoMapper::Proposal> accepted() const;

private:
    QList<AutoMapper::Proposal> m_proposals;
    QTableWidget* m_table;
};

} // namespace Ebb
