#include "TypedHeaderProxy.h"

#include "models/QueryRowsModel.h"

namespace Ebb {

QVariant TypedHeaderProxy::headerData(int section, Qt::Orientation orientation, int role) const
{
    const auto* rows = qobject_cast<const QueryRowsModel*>(sourceModel());
    if (role != Qt::DisplayRole || orientation != Qt::Horizontal || !rows || section < 0
        || section >= rows->columns().size())
        return QIdentityProxyModel::headerData(section, orientation, role);
    const Column& column = rows->columns().at(section);
    return QStringLiteral("%1\n%2").arg(column.name, valueTypeName(column.type));
}

} // namespace Ebb
