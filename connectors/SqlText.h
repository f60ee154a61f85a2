#pragma once

#include <QString>

namespace Ebb::SqlText {

// "name" with inner quotes doubled: safe for any identifier in SQLite and PostgreSQL.
inline QString quoteIdentifier(const QString& name)
{
    return QLatin1Char('"') + QString(name).replace(QLatin1Char('"'), QLatin1String("\"\"")) + QLatin1Char('"');
}

// 'text' with inner quotes doubled.
inline QString quoteLiteral(const QString& text)
{
    return QLatin1Char('\'') + QString(text).replace(QLatin1Char('\''), QLatin1String("''")) + QLatin1Char('\'');
}

} // namespace Ebb::SqlText
