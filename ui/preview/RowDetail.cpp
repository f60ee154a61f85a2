#include "RowDetail.h"

#include "connectors/secrets/Redactor.h"
#include "models/ValueFormat.h"

#include <QCoreApplication>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Ebb {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("RowDetail", text);
}

QString json(const QJsonValue& value)
{
    if (value.isUndefined())
        return tr("(absent)");
    return QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
}

QString indented(const QByteArray& payload)
{
    return QString::fromUtf8(QJsonDocument::fromJson(payload).toJson(QJsonDocument::Indented));
}

} // namespace

QString RowDetail::text(const PreviewRunner::Item& item)
{
    QString out;
    for (const Reject& problem : item.problems) {
        out += tr("%1: %2 (rule %3)\n").arg(problem.field, problem.message, rejectRuleName(problem.rule));
        // A rule about a NULL has no value to show but NULL; an empty one is left out.
        const bool aboutNull = problem.rule == RejectRule::NullKey || problem.rule == RejectRule::NullMatch;
        if (!problem.value.isEmpty() || aboutNull)
            out += tr("  value: %1\n")
                       .arg(problem.value.isEmpty() ? ValueFormat::key(QString(), true)
                                                    : Redactor::escapeControls(problem.value));
    }
    if (item.change == QLatin1String("changed")) {
        const QJsonObject after = QJsonDocument::fromJson(item.payload).object();
        if (item.before.isEmpty()) {
            out += tr("Changed since the last run. This destination's journal keeps a hash of what was sent, not "
                      "the values, so only the new values are known:\n");
        } else {
            const QJsonObject before = QJsonDocument::fromJson(item.before).object();
            QStringList same;
            out += tr("Changed fields (before, as last sent → after):\n");
            for (auto it = after.begin(); it != after.end(); ++it) {
                const QJsonValue old = before.value(it.key());
                if (old == it.value())
                    same << it.key();
                else
                    out += QStringLiteral("  %1: %2 → %3\n").arg(it.key(), json(old), json(it.value()));
            }
            if (!same.isEmpty())
                out += tr("Unchanged: %1\n").arg(same.join(QStringLiteral(", ")));
        }
    }
    if (!out.isEmpty())
        out += QLatin1Char('\n');
    if (item.payload.isEmpty())
        return out;
    out += item.problems.isEmpty() ? tr("What a run would send:\n") : tr("The mapped record:\n");
    // The fields at fault are pointed at in the record, with the rule each breaks.
    QHash<QString, QStringList> faults;
    for (const Reject& problem : item.problems) {
        if (!problem.field.isEmpty())
            faults[problem.field] << rejectRuleName(problem.rule);
    }
    for (const QString& line : indented(item.payload).split(QLatin1Char('\n'))) {
        out += line;
        const QString trimmed = line.trimmed();
        for (auto it = faults.cbegin(); it != faults.cend(); ++it) {
            if (trimmed.startsWith(QLatin1Char('"') + it.key() + QStringLiteral("\":")))
                out += QStringLiteral("   ◀ %1").arg(it.value().join(QStringLiteral(", ")));
        }
        // A NULL that goes out clears what the destination holds ("nulls": "skip" keeps it; a
        // skipped field is not in the record at all).
        if (item.problems.isEmpty() && trimmed.contains(QStringLiteral("\": null")))
            out += tr("   ◀ clears the destination's value");
        out += QLatin1Char('\n');
    }
    return out.trimmed() + QLatin1Char('\n');
}

} // namespace Ebb
