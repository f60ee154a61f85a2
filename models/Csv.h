#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace Ebb {

// RFC 4180 CSV as files and Salesforce's Bulk API write it: fields separated by commas,
// quoted (with "" for a quote) when they hold a comma, a quote or a line break; lines end
// with LF (a CR before it is dropped).
class Csv
{
public:
    static QByteArray field(const QString& text);
    static QByteArray line(const QStringList& fields); // without its line break
    // Every row of `text`, each as its fields; a missing last line break is fine.
    static QList<QStringList> parse(const QByteArray& text);
};

} // namespace Ebb
