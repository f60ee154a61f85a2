#include "ConnectionsTestCommand.h"

#include "TextTable.h"
#include "app/studio/ConnectionTester.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <spdlog/spdlog.h>

namespace Ebb {

ExitCode ConnectionsTestCommand::run(const CliContext& context)
{
    const Workspace& workspace = context.workspace;
    QList<const ConnectionSpec*> selected;
    QList<const BrokenFile*> broken; // reported, not tested: Ebb does not know what they are
    if (context.arguments.isEmpty()) {
        for (const auto& connection : workspace.connections)
            selected << &connection;
        for (const auto& file : workspace.brokenConnections)
            broken << &file;
    }
    for (const QString& id : context.arguments) {
        if (const BrokenFile* file = workspace.brokenConnection(id))
            broken << file;
        else if (const ConnectionSpec* connection = workspace.connection(id))
            selected << connection;
        else
            return context.fail(
                Error::config(QStringLiteral("no connection \"%1\" in %2/connections").arg(id, workspace.root)));
    }

    bool allOk = true;
    TextTable table(
        {QStringLiteral("CONNECTION"), QStringLiteral("KIND"), QStringLiteral("RESULT"), QStringLiteral("DETAIL")},
        200);
    QJsonArray results;
    for (const BrokenFile* file : broken) {
        const QString detail = file->problems.join(QLatin1Char('\n'));
        table.addRow({file->id, QString(), QStringLiteral("invalid"), detail});
        results.append(QJsonObject{{QStringLiteral("connection"), file->id},
            {QStringLiteral("status"), QStringLiteral("invalid")}, {QStringLiteral("detail"), detail}});
    }
    for (const ConnectionSpec* connection : selected) {
        const ConnectionTester::Outcome outcome = ConnectionTester::test(context.workspace, *connection);
        const QString status = outcome.status == ConnectionTester::Status::Ok ? QStringLiteral("ok")
            : outcome.status == ConnectionTester::Status::Failed              ? QStringLiteral("failed")
                                                                              : QStringLiteral("not tested");
        allOk = allOk && outcome.status != ConnectionTester::Status::Failed;
        spdlog::info("connection test {}: {} {}", connection->id.toStdString(), status.toStdString(),
            outcome.text.toStdString());
        table.addRow({connection->id, connection->kind, status, outcome.text});
        results.append(
            QJsonObject{{QStringLiteral("connection"), connection->id}, {QStringLiteral("kind"), connection->kind},
                {QStringLiteral("status"), status}, {QStringLiteral("detail"), outcome.text}});
    }
    if (context.json)
        context.out << QJsonDocument(
            QJsonObject{{QStringLiteral("connections"),
                results}}).toJson(QJsonDocument::Indented);
    else
        context.out << table.render();
    context.out.flush();
    // A connection file with problems is bad configuration, which outranks a failed test.
    if (!broken.isEmpty())
        return ExitCode::BadConfig;
    return allOk ? ExitCode::Ok : ExitCode::Failed;
}

} // namespace Ebb
