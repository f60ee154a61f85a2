#pragma once

#include <QIdentityProxyModel>

namespace Ebb {

// The query's rows as they are, with each column's type under its name in the header
// ("email" over "text"), so the analyst sees what the warehouse sends before mapping it.
class TypedHeaderProxy : public QIdentityProxyModel
{
    Q_OBJECT

public:
    using QIdentityProxyModel::QIdentityProxyModel;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
};

} // namespace Ebb
