#include "app/demo/DemoWorkspace.h"
#include "app/logging/Log.h"
#include "ui/MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>

#include <malloc.h>

int main(int argc, char* argv[])
{
#ifdef __GLIBC__
    // Rows come in batches that are allocated and freed on every next(); without a top pad
    // glibc hands that memory back to the kernel each time and the next batch faults it in
    // again, which took 60% of the extract time in bench/extract.
    mallopt(M_TOP_PAD, 4 * 1024 * 1024);
#endif
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("ebb"));
    QApplication::setApplicationDisplayName(QStringLiteral("Ebb"));
    QApplication::setApplicationVersion(QStringLiteral(EBB_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Ebb, a desktop Reverse ETL studio"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("workspace"), QStringLiteral("The workspace folder (default: the demo)."));
    const QCommandLineOption syncOption(QStringLiteral("sync"), QStringLiteral("Open with this sync selected."), QStringLiteral("id"));
    parser.addOption(syncOption);
    parser.process(app);

    Ebb::Log::init({});
    QString folder = parser.positionalArguments().value(0);
    if (folder.isEmpty()) {
        auto demo = Ebb::DemoWorkspace::ensure();
        if (!demo) {
            QMessageBox::critical(nullptr, QStringLiteral("Ebb"), demo.error().toString());
            return 1;
        }
        folder = *demo;
    }
    int code = 0;
    {
        Ebb::MainWindow window;
        window.openWorkspace(folder, parser.value(syncOption));
        window.show();
        code = QApplication::exec();
    } // the window detaches its log view before logging shuts down
    Ebb::Log::shutdown();
    return code;
}
