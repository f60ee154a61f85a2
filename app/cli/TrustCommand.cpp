#include "TrustCommand.h"

#include "app/workspace/WorkspaceTrust.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Ebb {

ExitCode TrustCommand::run(const CliContext& context)
{
    const QStringList lines = WorkspaceTrust::summary(context.workspace);
    const auto trusted = WorkspaceTrust::trust(context.workspace.root);
    if (!trusted)
        return context.fail(trusted.error());
    if (context.json) {
        context.out << QJsonDocument(QJsonObject{{QStringLiteral("workspace"), context.workspace.root},
                                         {QStringLiteral("fingerprint"), *trusted},
                                         {QStringLiteral("connections"), QJsonArray::fromStringList(lines)}})
                           .toJson(QJsonDocument::Indented);
    } else {
        context.out << "Trusted " << context.workspace.root << ". It connects to:\n";
        for (const QString& line : lines)
            context.out << "  " << line << '\n';
        if (lines.isEmpty())
            context.out << "  (no connections)\n";
        context.out << "A change to any of its connection files will need 'ebb-cli trust' again.\n";
    }
    context.out.flush();
    return ExitCode::Ok;
}

} // namespace Ebb
