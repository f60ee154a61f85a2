#pragma once

#include "models/ValueType.h"

#include <QVariant>

namespace Ebb {

// A value as a Qt SQL driver hands it over (QODBC, QMYSQL), as Ebb holds a value of the
// column's type: integers as qint64, decimals exact (Decimal, from the driver's text in
// HighPrecision), timestamps in UTC (the session's clock is UTC), text as text. A value that
// does not fit stays as it came, so validation can name it.
namespace QtSqlValue {

QVariant convert(const QVariant& value, ValueType type);

} // namespace QtSqlValue

} // namespace Ebb
