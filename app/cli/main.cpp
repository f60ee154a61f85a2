#include "app/cli/Cli.h"

#include <QCoreApplication>

#include <malloc.h>

int main(int argc, char* argv[])
{
#ifdef __GLIBC__
    // Rows come in batches that are allocated and freed on every next(); without a top pad
    // glibc hands that memory back to the kernel each time and the next batch faults it in
    // again, which took 60% of the extract time in bench/extract.
    mallopt(M_TOP_PAD, 4 * 1024 * 1024);
#endif
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("ebb"));
    QCoreApplication::setApplicationVersion(QStringLiteral(EBB_VERSION));
    return Ebb::Cli::run(QCoreApplication::arguments());
}
