#include "models/QueryRowsModel.h"
#include "models/studio/MappingDocument.h"
#include "support/TrustedDemo.h"
#include "ui/MainWindow.h"
#include "ui/StudioIcons.h"
#include "ui/Tones.h"
#include "ui/connections/ConnectionActions.h"
#include "ui/connections/ConnectionDialog.h"
#include "ui/editor/NewSyncDialog.h"
#include "ui/editor/SyncEditor.h"
#include "ui/preview/PreviewStep.h"

#include <QAbstractSpinBox>
#include <QAccessible>
#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <cmath>

using namespace Ebb;

// What a person notices: with a screen reader or only the keyboard, every control on every
// screen has an accessible name and Tab reaches each in the order they are laid out; text
// that states a problem can be selected and copied; a long preview can be stopped; the
// platform's dark palette keeps Ebb's colours readable.
class TestPolish : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_demo;

    // The controls Tab stops at under `root`, as a person meets them (a combo box's own line
    // edit and a spin box's are the box itself).
    static QList<QWidget*> controls(QWidget* root)
    {
        QList<QWidget*> found;
        for (QWidget* w : root->findChildren<QWidget*>()) {
            if (!w->isVisibleTo(root) || !w->isEnabled() || !(w->focusPolicy() & Qt::TabFocus) || w->focusProxy())
                continue;
            if (qobject_cast<QComboBox*>(w->parentWidget()) || qobject_cast<QAbstractSpinBox*>(w->parentWidget()))
                continue;
            found << w;
        }
        return found;
    }

    static QString describe(QWidget* w)
    {
        return QStringLiteral("%1 \"%2\"").arg(QString::fromLatin1(w->metaObject()->className()), w->objectName());
    }

    static QStringList unnamed(QWidget* root)
    {
        QStringList missing;
        for (QWidget* w : controls(root)) {
            QAccessibleInterface* face = QAccessible::queryAccessibleInterface(w);
            if (!face || face->text(QAccessible::Name).trimmed().isEmpty())
                missing << describe(w);
        }
        return missing;
    }

    // Tab from the first control walks the page's controls; each one is reached, and none is
    // reached by jumping back up the same column (the order follows the layout: down a
    // column, then the next column).
    static QStringList tabOrderProblems(QWidget* page)
    {
        const QList<QWidget*> all = controls(page);
        if (all.isEmpty())
            return {};
        // A person tabs in at the top left.
        QWidget* first = *std::min_element(all.begin(), all.end(), [](QWidget* a, QWidget* b) {
            const QPoint pa = a->mapToGlobal(QPoint(0, 0)), pb = b->mapToGlobal(QPoint(0, 0));
            return std::pair(pa.y(), pa.x()) < std::pair(pb.y(), pb.x());
        });
        QList<QWidget*> order;
        QWidget* w = first;
        for (int guard = 0; guard < 10000; ++guard) {
            if (all.contains(w) && !order.contains(w))
                order << w;
            w = w->nextInFocusChain();
            if (w == first)
                break;
        }
        QStringList problems;
        for (QWidget* c : all) {
            if (!order.contains(c))
                problems << QStringLiteral("%1 is not reached by Tab").arg(describe(c));
        }
        const auto rect = [](QWidget* c) { return QRect(c->mapToGlobal(QPoint(0, 0)), c->size()); };
        for (int i = 1; i < order.size(); ++i) {
            const QRect a = rect(order[i - 1]), b = rect(order[i]);
            const bool sameColumn = b.left() < a.right() && a.left() < b.right();
            if (sameColumn && b.bottom() < a.top())
                problems
                    << QStringLiteral("Tab goes back up from %1 to %2").arg(describe(order[i - 1]), describe(order[i]));
        }
        return problems;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_demo = TestSupport::trustedDemo(m_dir.filePath(QStringLiteral("demo")));
        QVERIFY(!m_demo.isEmpty());
    }

    void everyStepIsNamedAndInLayoutOrder_data()
    {
        QTest::addColumn<int>("step");
        QTest::newRow("source") << int(SyncEditor::SourceStepIndex);
        QTest::newRow("destination") << int(SyncEditor::DestinationStepIndex);
        QTest::newRow("mapping") << int(SyncEditor::MappingStepIndex);
        QTest::newRow("preview") << int(SyncEditor::PreviewStepIndex);
        QTest::newRow("run") << int(SyncEditor::RunStepIndex);
        QTest::newRow("schedule") << int(SyncEditor::ScheduleStepIndex);
    }

    void everyStepIsNamedAndInLayoutOrder()
    {
        QFETCH(int, step);
        MainWindow window;
        window.resize(1440, 900);
        QVERIFY(window.openWorkspace(m_demo, QStringLiteral("customers-to-crm")));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.editor()->showStep(SyncEditor::Step(step));
        auto* steps = window.editor()->findChild<QTabWidget*>(QStringLiteral("steps"));
        QVERIFY(steps);
        QTest::qWait(200);
        QWidget* page = steps->currentWidget();
        const QStringList missing = unnamed(&window);
        QVERIFY2(
            missing.isEmpty(), qPrintable(QStringLiteral("no accessible name: ") + missing.join(QStringLiteral(", "))));
        const QStringList order = tabOrderProblems(page);
        QVERIFY2(order.isEmpty(), qPrintable(order.join(QStringLiteral("; "))));
    }

    void dialogsAreNamedAndInLayoutOrder()
    {
        MainWindow window;
        QVERIFY(window.openWorkspace(m_demo, QStringLiteral("customers-to-crm")));
        NewSyncDialog newSync(window.workspace(), true);
        newSync.show();
        QVERIFY(QTest::qWaitForWindowExposed(&newSync));
        QStringList problems = unnamed(&newSync) + tabOrderProblems(&newSync);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QStringLiteral("; "))));

        for (const QString& id : {QString(), QStringLiteral("warehouse"), QStringLiteral("hubspot")}) {
            ConnectionDialog* dialog = window.connectionActions()->edit(id);
            QVERIFY(dialog);
            QVERIFY(QTest::qWaitForWindowExposed(dialog));
            problems = unnamed(dialog) + tabOrderProblems(dialog);
            QVERIFY2(problems.isEmpty(), qPrintable(id + QStringLiteral(": ") + problems.join(QStringLiteral("; "))));
            dialog->reject();
        }
    }

    // Sentences (a status, a problem, a server's answer) can be selected and copied into a
    // ticket: every label that wraps its words, on every step and in the dialogs.
    void sentencesCanBeCopied()
    {
        MainWindow window;
        QVERIFY(window.openWorkspace(m_demo, QStringLiteral("customers-to-crm")));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QList<QWidget*> roots{&window};
        NewSyncDialog newSync(window.workspace(), true);
        roots << &newSync;
        ConnectionDialog* connection = window.connectionActions()->edit(QStringLiteral("warehouse"));
        roots << connection;
        QStringList fixed;
        for (QWidget* root : roots) {
            for (QLabel* label : root->findChildren<QLabel*>()) {
                if (label->wordWrap() && !(label->textInteractionFlags() & Qt::TextSelectableByMouse))
                    fixed << QStringLiteral("%1 \"%2\"").arg(label->objectName(), label->text().left(40));
            }
        }
        connection->reject();
        QVERIFY2(fixed.isEmpty(), qPrintable(fixed.join(QStringLiteral(", "))));
    }

    // Stopped, a preview says so at once, and its late answer does not replace that.
    void aPreviewCanBeStopped()
    {
        MainWindow window;
        window.show();
        QVERIFY(window.openWorkspace(m_demo, QStringLiteral("customers-to-crm")));
        SyncEditor* editor = window.editor();
        PreviewStep* preview = editor->previewStep();
        QTRY_VERIFY_WITH_TIMEOUT(!editor->document()->schema().fields.isEmpty(), 15000);
        editor->runPreview();
        QVERIFY(preview->isRunning());
        auto* stop = preview->findChild<QPushButton*>(QStringLiteral("stopPreview"));
        QVERIFY(stop && stop->isVisible());
        QTest::mouseClick(stop, Qt::LeftButton);
        QVERIFY(!preview->isRunning());
        QVERIFY(!stop->isVisible());
        auto* summary = preview->findChild<QLabel*>(QStringLiteral("previewSummary"));
        QVERIFY(summary->text().startsWith(QStringLiteral("Preview stopped")));
        QTest::qWait(1500); // the demo previews in well under that: its answer came and was dropped
        QVERIFY(summary->text().startsWith(QStringLiteral("Preview stopped")));
        QCOMPARE(preview->preview().counts.queried, 0);
        editor->runPreview(); // and it starts again
        QTRY_VERIFY_WITH_TIMEOUT(!preview->isRunning() && preview->preview().counts.queried > 0, 30000);
        // What is listed, in the chips' words: the demo has more rows to write than are listed,
        // and fewer rejected rows than the limit.
        const RunCounts& c = preview->preview().counts;
        QVERIFY2(summary->text().contains(QStringLiteral(
                     "the first 500 of %1 rows to write (added, changed or removed) and all %2 rejected rows")
                                              .arg(c.added + c.changed + c.removed)
                                              .arg(c.rejected)),
            qPrintable(summary->text()));
    }

    // A query the Source step waits for can be stopped too (Esc, the window's Stop): it says
    // so, and rows that come after are dropped.
    void aQueryCanBeStopped()
    {
        MainWindow window;
        window.show();
        QVERIFY(window.openWorkspace(m_demo, QStringLiteral("customers-to-crm")));
        SyncEditor* editor = window.editor();
        QTRY_VERIFY_WITH_TIMEOUT(!editor->isQueryRunning(), 15000);
        editor->runQuery();
        QVERIFY(editor->isQueryRunning());
        QAction* stop = nullptr;
        for (QAction* action : window.findChildren<QAction*>()) {
            if (action->shortcut() == QKeySequence(Qt::Key_Escape))
                stop = action;
        }
        QVERIFY(stop && stop->isEnabled());
        stop->trigger();
        QVERIFY(!editor->isQueryRunning());
        QVERIFY(!stop->isEnabled());
        auto* status = editor->findChild<QLabel*>(QStringLiteral("status"));
        QVERIFY2(status->text().contains(QStringLiteral("stopped")), qPrintable(status->text()));
        QTest::qWait(1000); // the demo answers in far less: its rows came and were dropped
        QVERIFY2(status->text().contains(QStringLiteral("stopped")), qPrintable(status->text()));
        editor->runQuery(); // and F5 runs it again
        QTRY_VERIFY_WITH_TIMEOUT(editor->rowsModel()->rowCount() > 0, 15000);
    }

    // Under a dark palette the states' colours stay readable on the base colour (WCAG's 3:1
    // for large or bold text at the least), as they are under a light one.
    void statesStayReadableOnADarkPalette()
    {
        const auto luminance = [](const QColor& c) {
            const auto channel = [](double v) {
                v /= 255.0;
                return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
            };
            return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue());
        };
        const auto contrast = [&](const QColor& a, const QColor& b) {
            const double la = luminance(a), lb = luminance(b);
            return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
        };
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x30, 0x30, 0x30));
        dark.setColor(QPalette::Base, QColor(0x24, 0x24, 0x24));
        dark.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
        QPalette light;
        light.setColor(QPalette::Window, QColor(0xef, 0xef, 0xef));
        light.setColor(QPalette::Base, Qt::white);
        for (const QPalette& palette : {dark, light}) {
            for (const char* state : {"rejected", "invalid", "mismatch", "required", "readonly", "unchecked"}) {
                const QColor colour = StudioIcons::forState(QString::fromLatin1(state), palette);
                const double ratio = contrast(colour, palette.color(QPalette::Base));
                QVERIFY2(ratio >= 3.0,
                    qPrintable(QStringLiteral("%1 on %2: %3")
                                   .arg(QString::fromLatin1(state), palette.color(QPalette::Base).name(),
                                       QString::number(ratio))));
            }
            for (const QColor& colour : {Tones::error(palette), Tones::success(palette), Tones::warning(palette)})
                QVERIFY(contrast(colour, palette.color(QPalette::Base)) >= 3.0);
        }
    }
};

QTEST_MAIN(TestPolish)
#include "tst_polish.moc"
