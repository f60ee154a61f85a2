#include "app/Hardening.h"
#include "app/demo/DemoWorkspace.h"
#include "app/logging/Log.h"
#include "ui/MainWindow.h"
#include "ui/StudioIcons.h"
#include "ui/connections/ConnectionActions.h"
#include "ui/connections/ConnectionDialog.h"
#include "ui/editor/SyncEditor.h"
#include "ui/preview/PreviewStep.h"
#include "ui/workspace/RecentWorkspaces.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QPushButton>
#include <QTimer>
#include <algorithm>
#include <cstring>
#include <memory>

int main(int argc, char* argv[])
{
    Ebb::disableCoreDumps();
    // --version and --help answer without a display (a package's post-install check, a terminal
    // over ssh): the window's application is made only when a window will show.
    const bool textOnly = std::any_of(argv + 1, argv + argc, [](const char* argument) {
        return !std::strcmp(argument, "--version") || !std::strcmp(argument, "-v") || !std::strcmp(argument, "--help")
            || !std::strcmp(argument, "-h") || !std::strcmp(argument, "--help-all");
    });
    const std::unique_ptr<QCoreApplication> app
        = textOnly ? std::make_unique<QCoreApplication>(argc, argv) : std::make_unique<QApplication>(argc, argv);
    QApplication::setApplicationName(QStringLiteral("ebb"));
    QApplication::setApplicationDisplayName(QStringLiteral("Ebb"));
    QApplication::setApplicationVersion(QStringLiteral(EBB_VERSION));
    if (!textOnly) {
        QApplication::setDesktopFileName(QStringLiteral("io.ebb.Ebb"));
        QApplication::setWindowIcon(Ebb::StudioIcons::application());
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Ebb, a desktop Reverse ETL studio"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("workspace"),
        QStringLiteral("The workspace folder (default: the last one opened, else the demo)."));
    const QCommandLineOption syncOption(
        QStringLiteral("sync"), QStringLiteral("Open with this sync selected."), QStringLiteral("id"));
    parser.addOption(syncOption);
    const QCommandLineOption stepOption(QStringLiteral("step"),
        QStringLiteral("Open on this step: source, destination, mapping, preview, run, schedule, rejects (the "
                       "preview's rejects, the first selected), or previewed-mapping (the mapping once a preview "
                       "has checked every row)."),
        QStringLiteral("step"));
    parser.addOption(stepOption);
    const QCommandLineOption runOption(
        QStringLiteral("run-now"), QStringLiteral("Run the selected sync once the window is open (as Sync Now)."));
    parser.addOption(runOption);
    const QCommandLineOption connectionOption(QStringLiteral("connection"),
        QStringLiteral("Open the form of this connection (and test it), or \"new\" for a new one."),
        QStringLiteral("id"));
    parser.addOption(connectionOption);
    parser.process(*app);

    (void)Ebb::Log::init({}); // no file: it cannot fail
    QString folder = parser.positionalArguments().value(0);
    if (folder.isEmpty())
        folder = Ebb::RecentWorkspaces::last(); // the one open when Ebb was last closed
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
        const QStringList steps{QStringLiteral("source"), QStringLiteral("destination"), QStringLiteral("mapping"),
            QStringLiteral("preview"), QStringLiteral("run"), QStringLiteral("schedule")};
        if (parser.value(stepOption) == QLatin1String("rejects"))
            window.editor()->runPreview(QStringLiteral("rejected"));
        else if (parser.value(stepOption) == QLatin1String("previewed-mapping")) {
            Ebb::SyncEditor* editor = window.editor();
            QObject::connect(
                editor->previewStep(), &Ebb::PreviewStep::finished, editor,
                [editor] { editor->showStep(Ebb::SyncEditor::MappingStepIndex); }, Qt::SingleShotConnection);
            editor->runPreview();
        } else if (const int step = int(steps.indexOf(parser.value(stepOption)));
                   step == Ebb::SyncEditor::PreviewStepIndex)
            window.editor()->runPreview();
        else if (step >= 0)
            window.editor()->showStep(Ebb::SyncEditor::Step(step));
        if (parser.isSet(runOption))
            QTimer::singleShot(500, &window, [&window] { window.runSync(false); });
        window.show();
        if (parser.isSet(connectionOption)) {
            const QString id = parser.value(connectionOption);
            auto* dialog = window.connectionActions()->edit(id == QLatin1String("new") ? QString() : id);
            if (dialog && id != QLatin1String("new"))
                dialog->testButton()->click();
        }
        code = QApplication::exec();
    } // the window detaches its log view before logging shuts down
    Ebb::Log::shutdown();
    return code;
}
