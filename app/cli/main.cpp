#include "app/Hardening.h"
#include "app/cli/Cli.h"

#include <QCoreApplication>

int main(int argc, char* argv[])
{
    Ebb::disableCoreDumps();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("ebb"));
    QCoreApplication::setApplicationVersion(QStringLiteral(EBB_VERSION));
    return Ebb::Cli::run(QCoreApplication::arguments());
}
