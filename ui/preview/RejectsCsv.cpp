#include "RejectsCsv.h"

namespace Ebb::RejectsCsv {

QString cell(const QString& text)
{
    QString value = text;
    if (!value.isEmpty() && QStringLiteral("=+-@\t\r").contains(value.front()))
        value.prepend(QLatin1Char('\''));
    if (value.contains(QLatin1Char(',')) || value.contains(QLatin1Char('"')) || value.contains(QLatin1Char('\n'))
        || value.contains(QLatin1Char('\r')))
        value = QLatin1Char('"') + value.replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
    return value;
}

QByteArray write(const QList<PreviewRunner::Item>& items)
{
    QString out = QStringLiteral("key,field,rule,message,value\r\n");
    for (const PreviewRunner::Item& item : items) {
        for (const Reject& problem : item.problems)
            out += QStringList{cell(item.key), cell(problem.field), cell(rejectRuleName(problem.rule)),
                       cell(problem.message), cell(problem.value)}
                       .join(QLatin1Char(','))
                + QStringLiteral("\r\n");
    }
    return out.toUtf8();
}

} // namespace Ebb::RejectsCsv
