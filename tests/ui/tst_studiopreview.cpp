#include "app/demo/DemoWorkspace.h"
#include "app/preview/QueryLoader.h"
#include "app/studio/RunArchive.h"
#include "app/workspace/WorkspaceLoader.h"
#include "connectors/warehouse/sqlite/SqliteHandle.h"
#include "models/studio/MappingDocument.h"
#include "models/studio/MappingListModel.h"
#include "models/studio/StudioRoles.h"
#include "support/TrustedDemo.h"
#include "ui/MainWindow.h"
#include "ui/editor/SyncEditor.h"
#include "ui/mapping/MappingDetail.h"
#include "ui/mapping/MappingStep.h"
#include "ui/preview/PreviewStep.h"
#include "ui/preview/RowDetail.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>
#include <algorithm>

using namespace Ebb;

// The Preview step through the window, on the demo workspace and the real engine: what it
// tells the Mapping step, when it previews again, and a row sent as a test.
class TestStudioPreview : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_demo;

private Q_SLOTS:
    void initTestCase()
    {
        auto demo = DemoWorkspace::ensure(m_dir.filePath(QStringLiteral("demo")));
        QVERIFY(demo.ok());
        m_demo = *demo;
    }

    // A preview answers for the sync as it was: after an edit, showing the Preview step
    // previews again rather than show the old answer; without one it keeps the answer.
    void aStalePreviewRunsAgainWhenShown()
    {
        MainWindow window;
        window.show();
        QVERIFY(window.openWorkspace(m_demo, QStringLiteral("customers-to-crm")));
        SyncEditor* editor = window.editor();
        PreviewStep* preview = editor->previewStep();
        QTRY_VERIFY_WITH_TIMEOUT(!editor->document()->schema().fields.isEmpty(), 15000);
        editor->runPreview();
        QTRY_VERIFY_WITH_TIMEOUT(!preview->isRunning() && preview->preview().counts.queried > 0, 30000);
        editor->showStep(SyncEditor::MappingStepIndex);
        // The mapping step says what the preview found over every row, beside the first rows'
        // check: the demo's first rows pass, and its dirty rows break email's rules.
        QAbstractItemModel* mappings = editor->mappingStep()->mappingsView()->model();
        const auto emailStatus = [mappings] {
            for (int r = 0; r < mappings->rowCount(); ++r) {
                if (mappings->index(r, 0).data(StudioRoles::IdRole).toString() == QLatin1String("email"))
                    return mappings->index(r, MappingListModel::StatusColumn).data().toString();
            }
            return QString();
        };
        const qint64 emailRejects
            = preview->preview().rejectsByField.value(QStringLiteral("email")).value(RejectRule::Email);
        QVERIFY(emailRejects > 0);
        QVERIFY2(emailStatus().contains(QStringLiteral(" problems in Preview (rule"))
                && emailStatus().contains(QStringLiteral("email %1").arg(emailRejects))
                && emailStatus().endsWith(QStringLiteral("; the first rows pass")),
            qPrintable(emailStatus()));
        // The detail says it under the first rows of the selected mapping, which pass.
        editor->mappingStep()->detail()->setTarget(QStringLiteral("email"));
        auto* detailNote = editor->mappingStep()->detail()->findChild<QLabel*>(QStringLiteral("previewNote"));
        QVERIFY(detailNote);
        QVERIFY2(detailNote->text().startsWith(
                     QStringLiteral("The last Preview read %1 rows: email has ").arg(preview->preview().counts.queried))
                && detailNote->text().contains(QStringLiteral("email %1").arg(emailRejects)),
            qPrintable(detailNote->text()));
        // With one real value: the first listed problem on email (a key's aside), in the validator's words.
        QString firstOnEmail;
        for (const PreviewRunner::Item& item : preview->preview().items) {
            for (const Reject& problem : item.problems) {
                if (firstOnEmail.isEmpty() && problem.field == QLatin1String("email")
                    && problem.rule != RejectRule::NullKey && problem.rule != RejectRule::DuplicateKey)
                    firstOnEmail = problem.message;
            }
        }
        QVERIFY(!firstOnEmail.isEmpty());
        QVERIFY2(detailNote->text().contains(QStringLiteral("The first listed: %1.").arg(firstOnEmail.toHtmlEscaped())),
            qPrintable(detailNote->text()));
        auto* heading = editor->mappingStep()->findChild<QLabel*>(QStringLiteral("mappingsHeading"));
        QVERIFY(heading);
        QVERIFY2(heading->text().contains(QStringLiteral("the last Preview rejected %1 of %2 rows")
                                              .arg(preview->preview().counts.rejected)
                                              .arg(preview->preview().counts.queried)),
            qPrintable(heading->text()));
        // The demo's NULL and repeated keys are the query's to fix: said once, above, not on email.
        const QHash<RejectRule, qint64>& onEmail = preview->preview().rejectsByField.value(QStringLiteral("email"));
        const qint64 keyProblems = onEmail.value(RejectRule::NullKey) + onEmail.value(RejectRule::DuplicateKey);
        QVERIFY(keyProblems > 0);
        QVERIFY2(
            heading->text().contains(QStringLiteral("%1 are the key's").arg(keyProblems)), qPrintable(heading->text()));
        QVERIFY2(!emailStatus().contains(QStringLiteral("null_key"))
                && !emailStatus().contains(QStringLiteral("duplicate_key")),
            qPrintable(emailStatus()));
        // A NULL key's problem shows its value as NULL; no problem shows an empty value.
        for (const PreviewRunner::Item& item : preview->preview().items) {
            if (item.problems.isEmpty())
                continue;
            const QString detail = RowDetail::text(item);
            if (item.problems.first().rule == RejectRule::NullKey)
                QVERIFY2(detail.contains(QStringLiteral("(rule null_key)\n  value: NULL\n")), qPrintable(detail));
            QVERIFY2(!detail.contains(QStringLiteral("value: \n")), qPrintable(detail));
        }
        // The note's link opens the Preview on those rows, without previewing again.
        int onEmailListed = 0;
        for (const PreviewRunner::Item& item : preview->preview().items) {
            onEmailListed += std::any_of(item.problems.cbegin(), item.problems.cend(), [](const Reject& problem) {
                return problem.field == QLatin1String("email") && problem.rule != RejectRule::NullKey
                    && problem.rule != RejectRule::DuplicateKey;
            });
        }
        QVERIFY(onEmailListed > 0);
        QVERIFY(detailNote->text().contains(QStringLiteral("Show the listed ones in the Preview")));
        Q_EMIT detailNote->linkActivated(QStringLiteral("#preview"));
        QVERIFY(preview->isVisible());
        QVERIFY(!preview->isRunning());
        auto* previewTable = preview->findChild<QTableView*>(QStringLiteral("previewTable"));
        QCOMPARE(previewTable->model()->rowCount(), onEmailListed);
        auto* fieldChip = preview->findChild<QPushButton*>(QStringLiteral("field-chip"));
        QVERIFY(fieldChip && fieldChip->isChecked() && fieldChip->text() == QStringLiteral("field email"));
        preview->filterBy(QString()); // "all listed" undoes it
        QVERIFY(!fieldChip->isChecked());
        QCOMPARE(previewTable->model()->rowCount(), int(preview->preview().items.size()));
        editor->showStep(SyncEditor::PreviewStepIndex);
        QVERIFY(!preview->isRunning()); // nothing changed: the answer stands
        // A search with a rule chip on says the chip hides the key; with all listed, it shows.
        QString added;
        for (const PreviewRunner::Item& item : preview->preview().items) {
            if (item.change == QLatin1String("added")) {
                added = item.key;
                break;
            }
        }
        auto* search = preview->findChild<QLineEdit*>();
        auto* note = preview->findChild<QLabel*>(QStringLiteral("searchNote"));
        QVERIFY(search && note && !added.isEmpty());
        preview->filterByRule(QStringLiteral("email"));
        search->setText(added);
        QVERIFY2(note->text().contains(QStringLiteral("of this filter")), qPrintable(note->text()));
        preview->filterBy(QString());
        QCOMPARE(note->text(), QString());
        search->setText(QStringLiteral("no such key at all"));
        QVERIFY2(note->text().contains(QStringLiteral("listed row(s)")), qPrintable(note->text()));
        search->clear();
        editor->showStep(SyncEditor::MappingStepIndex);
        editor->mappingStep()->detail()->setTarget(QStringLiteral("email"));
        editor->mappingStep()->detail()->addTransform(QStringLiteral("upper"));
        // Stale now: the mapping step no longer says what it found.
        QVERIFY2(!emailStatus().contains(QStringLiteral("Preview")), qPrintable(emailStatus()));
        QVERIFY2(
            heading->text().contains(QStringLiteral("Preview (F6) checks every row")), qPrintable(heading->text()));
        QVERIFY(detailNote->text().isEmpty());
        editor->showStep(SyncEditor::PreviewStepIndex);
        QVERIFY(preview->isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(!preview->isRunning() && preview->preview().counts.queried > 0, 30000);
        int checked = 0;
        for (const PreviewRunner::Item& item : preview->preview().items) {
            const QString email
                = QJsonDocument::fromJson(item.payload).object().value(QStringLiteral("email")).toString();
            if (item.change != QLatin1String("added") || email.isEmpty())
                continue;
            QCOMPARE(email, email.toUpper()); // the new transform is in this answer
            ++checked;
        }
        QVERIFY(checked > 0);
        // Undo with the Preview step shown: it previews again by itself (the emails are as read).
        editor->undoStack()->undo();
        const auto asRead = [preview] {
            if (preview->isRunning())
                return false;
            for (const PreviewRunner::Item& item : preview->preview().items) {
                const QString email
                    = QJsonDocument::fromJson(item.payload).object().value(QStringLiteral("email")).toString();
                if (item.change == QLatin1String("added") && !email.isEmpty() && email != email.toUpper())
                    return true;
            }
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(asRead(), 30000);
    }

    // Send Test Row: the selected row goes through the real destination, the answer shows in
    // the Preview, and the journal has it (the next preview no longer lists it as added).
    void sendTestRowThroughTheDestination()
    {
        const QString copy = TestSupport::trustedDemo(m_dir.filePath(QStringLiteral("testrow")));
        QVERIFY(!copy.isEmpty());
        MainWindow window;
        window.show();
        QVERIFY(window.openWorkspace(copy, QStringLiteral("customers-to-crm")));
        PreviewStep* preview = window.editor()->previewStep();
        window.editor()->runPreview();
        QTRY_VERIFY_WITH_TIMEOUT(!preview->isRunning() && preview->preview().counts.queried > 0, 30000);
        QString key;
        for (const PreviewRunner::Item& item : preview->preview().items) {
            if (item.change == QLatin1String("added")) {
                key = item.key;
                break;
            }
        }
        QVERIFY(!key.isEmpty());
        window.sendTestRow(key);
        QVERIFY(window.isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(!window.isRunning(), 30000);
        QVERIFY2(preview->testResult().contains(QStringLiteral("sent:")), qPrintable(preview->testResult()));
        auto workspace = WorkspaceLoader::load(copy);
        QVERIFY(workspace);
        auto runs = RunArchive(*workspace).runs(QStringLiteral("customers-to-crm"), 1);
        QVERIFY(runs && !runs->isEmpty());
        QCOMPARE(runs->first().counts.sent, 1);
        // Journaled: the preview now counts it among the unchanged rows, not the added ones.
        window.editor()->runPreview();
        QTRY_VERIFY_WITH_TIMEOUT(!preview->isRunning() && preview->preview().counts.queried > 0, 30000);
        QCOMPARE(preview->preview().counts.unchanged, 1);
        for (const PreviewRunner::Item& item : preview->preview().items)
            QVERIFY(item.key != key || item.change != QLatin1String("added"));

        // Changed at the source: the preview shows the field before (as the journal kept what
        // was sent to this table) and after. (Once the Source step's cursor is idle, the file
        // can be written: anIdleQueryLetsTheWarehouseBeWritten.)
        QTest::qWait(QueryLoader::idleMs + 700);
        {
            auto warehouse = SqliteHandle::open(
                copy + QStringLiteral("/demo-warehouse.sqlite"), SqliteHandle::Mode::ReadWriteCreate);
            QVERIFY(warehouse
                        ->exec(QStringLiteral("UPDATE customers SET first_name = 'Zelda' WHERE email = '%1'")
                                   .arg(QString(key).replace(u'\'', QStringLiteral("''"))))
                        .ok());
        }
        window.editor()->runPreview();
        QTRY_VERIFY_WITH_TIMEOUT(!preview->isRunning() && preview->preview().counts.queried > 0, 30000);
        QCOMPARE(preview->preview().counts.changed, 1);
        const auto changed = std::find_if(preview->preview().items.cbegin(), preview->preview().items.cend(),
            [](const PreviewRunner::Item& item) { return item.change == QLatin1String("changed"); });
        QVERIFY(changed != preview->preview().items.cend());
        QCOMPARE(changed->key, key);
        const QString detail = RowDetail::text(*changed);
        QVERIFY2(detail.contains(QStringLiteral("first_name: \"")) && detail.contains(QStringLiteral("→ \"Zelda\"")),
            qPrintable(detail));
        QVERIFY2(detail.contains(QStringLiteral("Unchanged: ")), qPrintable(detail));
        // A NULL that would go out says it clears the destination's value.
        PreviewRunner::Item clearing = *changed;
        clearing.payload = R"({"email": "a@x.io", "company": null})";
        QVERIFY2(
            RowDetail::text(clearing).contains(QStringLiteral("\"company\": null,   ◀ clears the destination's value")),
            qPrintable(RowDetail::text(clearing)));
    }
};

QTEST_MAIN(TestStudioPreview)
#include "tst_studiopreview.moc"
