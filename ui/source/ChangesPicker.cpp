#include "ChangesPicker.h"

#include "models/ConnectionKinds.h"
#include "models/SyncSpec.h"
#include "models/Workspace.h"

#include <QStandardItemModel>

namespace Ebb {

ChangesPicker::ChangesPicker(QWidget* parent)
    : QComboBox(parent)
{
    setObjectName(QStringLiteral("changeDetectionPicker"));
    setSizeAdjustPolicy(QComboBox::AdjustToContents);
    setMinimumContentsLength(16);
}

void ChangesPicker::fill(const SyncSpec& sync, const Workspace& workspace)
{
    clear();
    // Where the comparison runs, and what it costs: a newcomer read "on this computer" as
    // "where the data is kept".
    addItem(tr("in Ebb (reads every row)"), QStringLiteral("local"));
    addItem(tr("in the warehouse (only changes leave it)"), QStringLiteral("warehouse"));
    const ConnectionSpec* source = workspace.connection(sync.sourceConnection);
    const ConnectionKind* kind = source ? ConnectionKinds::find(source->kind) : nullptr;
    const bool warehouseCan = kind && kind->findsChanges();
    const QString here = tr("In Ebb: every run reads the whole query and compares it with what Ebb recorded "
                            "of earlier runs on this computer (its journal).");
    const QString why
        = tr("Finding changes in the warehouse needs a PostgreSQL source connection%1.")
              .arg(sync.sourceConnection.isEmpty()
                      ? QString() // no sync open, or one that does not load
                      : tr("; \"%1\" is %2")
                            .arg(sync.sourceConnection, kind ? kind->label : tr("not a connection of this workspace")));
    if (!warehouseCan) { // shown, so the choice is known to exist; a sync file saying it anyway still shows it
        QStandardItem* warehouse = static_cast<QStandardItemModel*>(model())->item(1);
        warehouse->setEnabled(false);
        warehouse->setToolTip(why); // said where the greyed choice is, in the open list too
    }
    setCurrentIndex(sync.changeDetection == SyncSpec::ChangeDetection::Warehouse ? 1 : 0);
    setToolTip(warehouseCan ? here + QLatin1Char(' ')
                + tr("In the warehouse: the warehouse compares the query with the state Ebb keeps in it "
                     "(the connection's state schema), and only changed rows leave it. A cursor reads only "
                     "rows past it instead; the two exclude each other.")
                            : here + QLatin1Char(' ') + why);
}

} // namespace Ebb
