#include "app/demo/DemoWorkspace.h"
#include "app/preview/QueryLoader.h"
#include "connectors/warehouse/sqlite/SqliteHandle.h"
#include "models/QueryRowsModel.h"
#include "models/history/RunHistoryModel.h"
#include "models/studio/AutoMapper.h"
#include "models/studio/MappingDocument.h"
#include "models/studio/MappingListModel.h"
#include "models/studio/StudioRoles.h"
#include "models/studio/commands/SetSettingCommand.h"
#include "ui/MainWindow.h"
#include "ui/WorkspaceTree.h"
#include "ui/editor/NewSyncDialog.h"
#include "ui/editor/SyncEditor.h"
#include "ui/log/LogView.h"
#include "ui/mapping/AutoMapDialog.h"
#include "ui/mapping/MappingDetail.h"
#include "ui/mapping/MappingStep.h"
#include "ui/preview/PreviewStep.h"
#include "ui/preview/RejectsCsv.h"
#include "ui/preview/RowDetail.h"
#include "ui/run/RunStep.h"
#include "ui/source/SqlEditor.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUndoStack>
#include <limits>
#include <sqlite3.h>

using namespace Ebb;

// The mapping studio through the window, on the demo workspace and the real engine: a sync
// made from nothing by drag and drop, Enter and auto-map, checked live, previewed, saved,
// then loaded and run by ebb-cli with the same result.
class TestStudio : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_demo;

    static QModelIndex row(QTableView* view, const QString& id)
    {
        for (int r = 0; r < view->model()->rowCount(); ++r) {
            const QModelIndex index = view->model()->index(r, 0);
            if (index.data(StudioRoles::IdRole).toString() == id)
                return index;
        }
        return {};
    }

    // A new sync from the warehouse to the CRM's contacts, opened in the editor with its
    // sample and the destination's schema loaded.
    static void openNewSync(MainWindow& window, const QString& id)
    {
        SyncSpec sync;
        sync.id = id;
        sync.sourceConnection = QStringLiteral("warehouse");
        sync.destinationConnection = QStringLiteral("crm");
        sync.object = QStringLiteral("contacts");
        sync.primaryKey = QStringLiteral("email");
        sync.matchField = QStringLiteral("email");
        sync.query = QStringLiteral(
            "SELECT email, first_name, last_name, plan, lead_score FROM customer_scores ORDER BY customer_id");
        window.newSync(sync);
        window.editor()->runQuery(); // F5: a new sync's query runs when its user says it is written
        MappingDocument* document = window.editor()->document();
        QTRY_VERIFY_WITH_TIMEOUT(!document->schema().fields.isEmpty() && document->sample().rowCount() > 0, 15000);
    }

    // Keys go where the keyboard focus is, one at a time, as a person's do.
    static void typeIntoFocus(const QString& text)
    {
        for (const QChar c : text) {
            QWidget* focus = QApplication::focusWidget();
            QVERIFY(focus);
            QTest::keyClicks(focus, QString(c));
        }
    }

    // A trusted copy of the demo workspace, for a test that changes its files or its data.
    QString copyOfTheDemo(const QString& name)
    {
        const QString copy = m_dir.filePath(name);
        if (QProcess::execute(QStringLiteral("cp"), {QStringLiteral("-r"), m_demo, copy}) != 0
            || QProcess::execute(QStringLiteral(EBB_CLI_PATH), {QStringLiteral("trust"), copy}) != 0)
            return QString();
        return copy;
    }

    static QString runCli(const QStringList& arguments, int* exitCode = nullptr)
    {
        QProcess process;
        process.start(QStringLiteral(EBB_CLI_PATH), arguments);
        process.waitForFinished(120000);
        if (exitCode)
            *exitCode = process.exitCode();
        return QString::fromUtf8(process.readAllStandardOutput());
    }

private Q_SLOTS:
    void initTestCase()
    {
        auto demo = DemoWorkspace::ensure(m_dir.filePath(QStringLiteral("demo")));
        QVERIFY(demo.ok());
        m_demo = *demo;
    }

    // The Destination step offers the connection's objects; the SQL editor completes the
    // warehouse's own table names (not the workspace's connection names).
    void objectsAndTablesAreListed()
    {
        MainWindow window;
        QVERIFY(window.openWorkspace(m_demo, QStringLiteral("customers-to-crm")));
        SyncEditor* editor = window.editor();
        QTRY_VERIFY_WITH_TIMEOUT(editor->objectPicker()->count() > 0, 15000);
        QVERIFY(editor->objectPicker()->findText(QStringLiteral("contacts")) >= 0);
        QCOMPARE(editor->objectPicker()->currentText(), QStringLiteral("contacts"));
        QTRY_VERIFY_WITH_TIMEOUT(!editor->warehouseTables().isEmpty(), 15000);
        QVERIFY2(editor->warehouseTables().contains(QStringLiteral("customer_scores")),
            qPrintable(editor->warehouseTables().join(u',')));
        QVERIFY(!editor->warehouseTables().contains(QStringLiteral("crm")));

        // New Sync… offers the chosen destination's objects too.
        NewSyncDialog dialog(window.workspace(), true);
        auto* destination = dialog.findChild<QComboBox*>(QStringLiteral("newSyncDestination"));
        destination->setCurrentIndex(destination->findData(QStringLiteral("crm")));
        auto* object = dialog.findChild<QComboBox*>(QStringLiteral("newSyncObject"));
        QTRY_VERIFY_WITH_TIMEOUT(object->findText(QStringLiteral("contacts")) >= 0, 15000);
    }

    void everyModelIsSound()
    {
        MainWindow window;
        QVERIFY(window.openWorkspace(m_demo, QStringLiteral("customers-to-crm")));
        MappingStep* step = window.editor()->mappingStep();
        QTRY_VERIFY_WITH_TIMEOUT(!window.editor()->document()->schema().fields.isEmpty(), 15000);
        for (QTableView* view : {step->columnsView(), step->mappingsView(), step->fieldsView()})
            new QAbstractItemModelTester(view->model(), QAbstractItemModelTester::FailureReportingMode::QtTest, view);
        QVERIFY(step->mappingsView()->model()->rowCount() >= 11);
    }

    // A sync file changed on disk while open (a git pull): an unedited editor takes it as it is.
    void reloadsAFileChangedOnDisk()
    {
        const QString copy = copyOfTheDemo(QStringLiteral("watched"));
        QVERIFY(!copy.isEmpty());
        MainWindow window;
        QVERIFY(window.openWorkspace(copy, QStringLiteral("customers-to-crm")));
        QCOMPARE(window.editor()->document()->sync().mappings.size(), 11);
        const QString path = copy + QStringLiteral("/syncs/customers-to-crm.json");
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
        file.close();
        QJsonArray mappings = json.value(QStringLiteral("mappings")).toArray();
        mappings.removeLast();
        json.insert(QStringLiteral("mappings"), mappings);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(QJsonDocument(json).toJson());
        file.close();
        QTRY_COMPARE_WITH_TIMEOUT(window.editor()->document()->sync().mappings.size(), 10, 10000);
        QVERIFY(!window.editor()->isModified());
        // With no sync shown, a change to the last one's file is not news for the editor.
        QSignalSpy changed(window.editor(), &SyncEditor::changedOnDisk);
        window.editor()->clearSync();
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(QJsonDocument(json).toJson(QJsonDocument::Compact));
        file.close();
        QTest::qWait(500);
        QCOMPARE(changed.size(), 0);
    }

    // The Source and Destination steps' pickers are edits like the mappings: undone, redone,
    // named, and the pickers follow (an analyst found Undo skipped them).
    void pickedSettingsAreUndone()
    {
        MainWindow window;
        QVERIFY(window.openWorkspace(m_demo, QStringLiteral("customers-to-crm")));
        SyncEditor* editor = window.editor();
        MappingDocument* document = editor->document();
        QTRY_VERIFY_WITH_TIMEOUT(!document->schema().fields.isEmpty() && document->sample().rowCount() > 0, 15000);
        QUndoStack* stack = editor->undoStack();
        const auto pick = [&](const QString& name, const QString& text) {
            auto* box = editor->findChild<QComboBox*>(name);
            QVERIFY(box);
            const int index = box->findText(text);
            QVERIFY2(index >= 0, qPrintable(text));
            box->setCurrentIndex(index);
            Q_EMIT box->activated(index);
        };
        const auto shown = [&](const QString& name) { return editor->findChild<QComboBox*>(name)->currentText(); };

        pick(QStringLiteral("primaryKeyPicker"), QStringLiteral("first_name"));
        QCOMPARE(document->sync().primaryKey, QStringLiteral("first_name"));
        QCOMPARE(stack->undoText(), QStringLiteral("Set primary key to first_name"));
        QVERIFY(editor->isModified());
        pick(QStringLiteral("modePicker"), QStringLiteral("update"));
        QCOMPARE(document->sync().mode, SyncMode::Update);
        QVERIFY(!document->requiresFields()); // the mapping states follow the mode
        pick(QStringLiteral("cursorPicker"), QStringLiteral("updated_at"));
        QCOMPARE(document->sync().cursorColumn, QStringLiteral("updated_at"));
        QCOMPARE(stack->undoText(), QStringLiteral("Set incremental cursor to updated_at"));
        QCOMPARE(editor->editedSync().primaryKey, QStringLiteral("first_name"));

        stack->undo();
        QCOMPARE(shown(QStringLiteral("cursorPicker")), QStringLiteral("(none: read everything)"));
        QCOMPARE(document->sync().cursorColumn, QString());
        stack->undo();
        QCOMPARE(shown(QStringLiteral("modePicker")), QStringLiteral("upsert"));
        QVERIFY(document->requiresFields());
        stack->undo();
        QCOMPARE(shown(QStringLiteral("primaryKeyPicker")), QStringLiteral("email"));
        QCOMPARE(editor->editedSync().primaryKey, QStringLiteral("email"));
        QVERIFY(!editor->isModified()); // back where the file is
        stack->redo();
        QCOMPARE(shown(QStringLiteral("primaryKeyPicker")), QStringLiteral("first_name"));

        // The object: a new one is described at once, and undo describes the old one again.
        auto* object = editor->findChild<QComboBox*>(QStringLiteral("objectEdit"));
        QVERIFY(object);
        auto* schemaStatus = editor->findChild<QLabel*>(QStringLiteral("schemaStatus"));
        object->setCurrentText(QStringLiteral("leads"));
        Q_EMIT object->lineEdit()->editingFinished();
        QCOMPARE(stack->undoText(), QStringLiteral("Set object to leads"));
        QTRY_VERIFY_WITH_TIMEOUT(schemaStatus->text().contains(QStringLiteral("Cannot describe")), 15000);
        stack->undo();
        QCOMPARE(object->currentText(), QStringLiteral("contacts"));
        QTRY_VERIFY_WITH_TIMEOUT(schemaStatus->text().contains(QStringLiteral("field(s) in contacts")), 15000);
    }

    // Apply Fix does what the status says: a dateFormat on a date field is removed (an analyst
    // found it said "needs no fix" next to "remove it").
    // Where changes are found is picked in the Source step. Only a PostgreSQL source can find
    // them itself; a cursor and the warehouse exclude each other, and one undo restores both.
    void changesFoundInTheWarehouseExcludeACursor()
    {
        const auto changes
            = [](SyncEditor* editor) { return editor->findChild<QComboBox*>(QStringLiteral("changeDetectionPicker")); };
        const auto pick = [](QComboBox* box, int index) {
            box->setCurrentIndex(index);
            Q_EMIT box->activated(index);
        };
        {
            MainWindow window;
            QVERIFY(window.openWorkspace(m_demo, QStringLiteral("customers-to-crm")));
            QComboBox* box = changes(window.editor());
            QVERIFY(box);
            QCOMPARE(box->count(), 2);
            QCOMPARE(box->currentData().toString(), QStringLiteral("local"));
            auto* items = qobject_cast<QStandardItemModel*>(box->model());
            QVERIFY(items && !items->item(1)->isEnabled()); // the demo's warehouse is SQLite
            QVERIFY(box->toolTip().contains(QStringLiteral("PostgreSQL")));
        }

        QTemporaryDir dir;
        auto copy = DemoWorkspace::ensure(dir.filePath(QStringLiteral("pg")));
        QVERIFY(copy.ok());
        QFile connection(*copy + QStringLiteral("/connections/warehouse.json"));
        QVERIFY(connection.open(QIODevice::WriteOnly | QIODevice::Truncate));
        connection.write(R"({"id": "warehouse", "kind": "postgres", "host": "127.0.0.1", "port": 1,
            "database": "models", "user": "analyst", "password": "env:EBB_TEST_UNSET_PASSWORD"})");
        connection.close();
        MainWindow window;
        QVERIFY(window.openWorkspace(*copy, QStringLiteral("customers-to-crm")));
        SyncEditor* editor = window.editor();
        MappingDocument* document = editor->document();
        QUndoStack* stack = editor->undoStack();
        QComboBox* box = changes(editor);
        auto* cursor = editor->findChild<QComboBox*>(QStringLiteral("cursorPicker"));
        QVERIFY(box && cursor);
        QVERIFY(qobject_cast<QStandardItemModel*>(box->model())->item(1)->isEnabled());

        cursor->addItem(QStringLiteral("updated_at")); // the query does not answer here: no server
        pick(cursor, cursor->count() - 1);
        QCOMPARE(document->sync().cursorColumn, QStringLiteral("updated_at"));
        pick(box, 1);
        QCOMPARE(document->sync().changeDetection, SyncSpec::ChangeDetection::Warehouse);
        QCOMPARE(document->sync().cursorColumn, QString());
        QCOMPARE(stack->undoText(), QStringLiteral("Find changes in the warehouse"));
        QCOMPARE(cursor->currentIndex(), 0);
        stack->undo();
        QCOMPARE(document->sync().changeDetection, SyncSpec::ChangeDetection::Local);
        QCOMPARE(document->sync().cursorColumn, QStringLiteral("updated_at"));
        QCOMPARE(box->currentData().toString(), QStringLiteral("local"));
        stack->redo();
        QCOMPARE(box->currentData().toString(), QStringLiteral("warehouse"));

        QVERIFY(window.save());
        QFile saved(*copy + QStringLiteral("/syncs/customers-to-crm.json"));
        QVERIFY(saved.open(QIODevice::ReadOnly));
        const QJsonObject source
            = QJsonDocument::fromJson(saved.readAll()).object().value(QStringLiteral("source")).toObject();
        QCOMPARE(source.value(QStringLiteral("changeDetection")).toString(), QStringLiteral("warehouse"));
        QVERIFY(!source.contains(QStringLiteral("cursor")));

        // Picking a cursor again goes back to finding changes here, in one step.
        cursor->addItem(QStringLiteral("updated_at"));
        pick(cursor, cursor->count() - 1);
        QCOMPARE(document->sync().changeDetection, SyncSpec::ChangeDetection::Local);
        QCOMPARE(document->sync().cursorColumn, QStringLiteral("updated_at"));
        stack->undo();
        QCOMPARE(document->sync().changeDetection, SyncSpec::ChangeDetection::Warehouse);
        QCOMPARE(document->sync().cursorColumn, QString());
    }

    void applyFixRemovesTheTransformThatBreaksTheType()
    {
        MainWindow window;
        QVERIFY(window.openWorkspace(m_demo, QStringLiteral("customers-to-crm")));
        MappingDocument* document = window.editor()->document();
        QTRY_VERIFY_WITH_TIMEOUT(!document->schema().fields.isEmpty() && document->sample().rowCount() > 0, 15000);
        MappingStep* step = window.editor()->mappingStep();
        step->detail()->setTarget(QStringLiteral("signup_date"));
        step->detail()->addTransform(QJsonObject{{QStringLiteral("dateFormat"), QStringLiteral("dd/MM/yyyy")}});
        QCOMPARE(document->mappingFor(QStringLiteral("signup_date"))->transforms.size(), 2);
        auto* model = static_cast<MappingListModel*>(step->mappingsView()->model());
        step->mappingsView()->selectRow(model->indexOfTarget(QStringLiteral("signup_date")).row());
        // Apply Fix is on only where it has a fix: here, and not on a mapping whose sample passes.
        auto* fix = step->findChild<QPushButton*>(QStringLiteral("applyFix"));
        QVERIFY(fix && fix->isEnabled());
        step->applySuggestion();
        QVERIFY(!fix->isEnabled());
        QVERIFY(fix->toolTip().startsWith(QStringLiteral("Nothing to fix here")));
        QCOMPARE(document->mappingFor(QStringLiteral("signup_date"))->transforms, QJsonArray{QStringLiteral("date")});
        QCOMPARE(model->indexOfTarget(QStringLiteral("signup_date")).data(StudioRoles::StateNameRole).toString(),
            QStringLiteral("ok"));
        QVERIFY(window.editor()->undoStack()->undoText().startsWith(QStringLiteral("Remove")));
    }

    // The query typed back to what the file says is not an unsaved change.
    void aQueryTypedBackIsNotUnsaved()
    {
        MainWindow window;
        QVERIFY(window.openWorkspace(m_demo, QStringLiteral("customers-to-crm")));
        SyncEditor* editor = window.editor();
        auto* sql = editor->findChild<SqlEditor*>();
        QVERIFY(sql);
        const QString saved = sql->text();
        QSignalSpy modified(editor, &SyncEditor::modifiedChanged);
        sql->setText(saved + QStringLiteral("\nLIMIT 10"));
        QVERIFY(editor->isModified());
        sql->setText(saved);
        QVERIFY(!editor->isModified());
        QCOMPARE(modified.size(), 2);
        QCOMPARE(modified.last().first().toBool(), false);
    }

    // An edit and its opposite (Apply Fix, then removing it) leave the sync as saved: not
    // "unsaved", and Sync Now does not ask to save.
    void anEditAndItsOppositeAreNotUnsaved()
    {
        MainWindow window;
        QVERIFY(window.openWorkspace(m_demo, QStringLiteral("customers-to-crm")));
        SyncEditor* editor = window.editor();
        QUndoStack* stack = editor->undoStack();
        stack->push(
            new SetSettingCommand(editor->document(), MappingDocument::Setting::Mode, QStringLiteral("insert")));
        QVERIFY(editor->isModified());
        stack->push(
            new SetSettingCommand(editor->document(), MappingDocument::Setting::Mode, QStringLiteral("upsert")));
        QVERIFY(!stack->isClean());
        QVERIFY(!editor->isModified());
        stack->undo(); // back to insert: modified again
        QVERIFY(editor->isModified());
    }

    // Leaving a sync with unsaved changes and choosing Cancel: the tree shows the sync still
    // open (an analyst saw the tree on one sync and the editor on another).
    void cancelKeepsTheTreeOnTheOpenSync()
    {
        MainWindow window;
        window.show();
        QVERIFY(window.openWorkspace(m_demo, QStringLiteral("customers-to-crm")));
        SyncEditor* editor = window.editor();
        auto* mode = editor->findChild<QComboBox*>(QStringLiteral("modePicker"));
        mode->setCurrentIndex(mode->findText(QStringLiteral("update")));
        Q_EMIT mode->activated(mode->currentIndex());
        QVERIFY(editor->isModified());
        auto* tree = window.findChild<WorkspaceTree*>();
        QVERIFY(tree);
        bool asked = false;
        QTimer::singleShot(0, this, [&asked] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            QVERIFY(box);
            asked = true;
            box->button(QMessageBox::Cancel)->click();
        });
        tree->selectSync(QStringLiteral("accounts-export"));
        QVERIFY(asked);
        QTRY_COMPARE(tree->currentItem()->data(0, Qt::UserRole + 2).toString(), QStringLiteral("customers-to-crm"));
        QCOMPARE(editor->editedSync().id, QStringLiteral("customers-to-crm"));
        QVERIFY(editor->isModified());
    }

    // A column dragged onto a field: the views' own mimeData → dropMimeData, as QDrag runs them.
    void dragColumnOntoField()
    {
        MainWindow window;
        QVERIFY(window.openWorkspace(m_demo));
        openNewSync(window, QStringLiteral("dragged"));
        MappingStep* step = window.editor()->mappingStep();
        QAbstractItemModel* columns = step->columnsView()->model();
        QAbstractItemModel* fields = step->fieldsView()->model();
        std::unique_ptr<QMimeData> drag(columns->mimeData({row(step->columnsView(), QStringLiteral("email"))}));
        QVERIFY(drag);
        const QModelIndex target = row(step->fieldsView(), QStringLiteral("email"));
        QVERIFY(fields->canDropMimeData(drag.get(), Qt::CopyAction, -1, -1, target));
        QVERIFY(fields->dropMimeData(drag.get(), Qt::CopyAction, -1, -1, target));
        MappingDocument* document = window.editor()->document();
        QVERIFY(document->mappingFor(QStringLiteral("email")));
        QCOMPARE(document->mappingFor(QStringLiteral("email"))->source, QStringLiteral("email"));
        QCOMPARE(window.editor()->undoStack()->undoText(), QStringLiteral("Map email → email"));

        // The other way: a field dragged onto a column.
        std::unique_ptr<QMimeData> back(fields->mimeData({row(step->fieldsView(), QStringLiteral("last_name"))}));
        QVERIFY(columns->dropMimeData(
            back.get(), Qt::CopyAction, -1, -1, row(step->columnsView(), QStringLiteral("last_name"))));
        QVERIFY(document->mappingFor(QStringLiteral("last_name")));

        // A read-only field refuses the drop and says why.
        const QModelIndex createdAt = row(step->fieldsView(), QStringLiteral("created_at"));
        if (createdAt.isValid() && createdAt.data(StudioRoles::StateNameRole).toString() == QLatin1String("readonly"))
            QVERIFY(!fields->canDropMimeData(drag.get(), Qt::CopyAction, -1, -1, createdAt));
    }

    // No mouse: select a column, select a field, press Enter.
    void keyboardPath()
    {
        MainWindow window;
        window.show();
        QVERIFY(window.openWorkspace(m_demo));
        openNewSync(window, QStringLiteral("typed"));
        // The demo's own sync writes the same object: the Destination step says so.
        auto* schemaStatus = window.editor()->findChild<QLabel*>(QStringLiteral("schemaStatus"));
        QVERIFY(schemaStatus);
        QVERIFY2(schemaStatus->text().contains(QStringLiteral("Also written by customers-to-crm")),
            qPrintable(schemaStatus->text()));
        window.editor()->showStep(SyncEditor::MappingStepIndex);
        MappingStep* step = window.editor()->mappingStep();
        step->columnsView()->selectRow(row(step->columnsView(), QStringLiteral("plan")).row());
        step->fieldsView()->selectRow(row(step->fieldsView(), QStringLiteral("plan")).row());
        step->fieldsView()->setFocus();
        QTest::keyClick(step->fieldsView(), Qt::Key_Return);
        QVERIFY(window.editor()->document()->mappingFor(QStringLiteral("plan")));
        // The new mapping is the selected one (its detail shows), and the keyboard stays put.
        QCOMPARE(step->mappingsView()->selectionModel()->selectedRows().value(0).data(StudioRoles::IdRole).toString(),
            QStringLiteral("plan"));
        QVERIFY(step->fieldsView()->hasFocus() || !QApplication::focusWidget());
        // And Delete on the mapping removes it (one undo step each).
        const QModelIndex mapping
            = static_cast<MappingListModel*>(step->mappingsView()->model())->indexOfTarget(QStringLiteral("plan"));
        step->mappingsView()->selectRow(mapping.row());
        step->mappingsView()->setFocus();
        QTest::keyClick(step->mappingsView(), Qt::Key_Delete);
        QVERIFY(!window.editor()->document()->mappingFor(QStringLiteral("plan")));
        window.editor()->undoStack()->undo();
        QVERIFY(window.editor()->document()->mappingFor(QStringLiteral("plan")));
    }

    // Auto-map shows its proposals first; the checked ones are one undo step. Then the live
    // sample follows a transform, a reject shows with its rule, and undo/redo restore each edit.
    void autoMapLiveSampleUndo()
    {
        MainWindow window;
        window.show();
        QVERIFY(window.openWorkspace(m_demo));
        openNewSync(window, QStringLiteral("automapped"));
        MappingDocument* document = window.editor()->document();
        QStringList proposed;
        for (const auto& p : AutoMapper::propose(*document))
            proposed << p.column + QStringLiteral("→") + p.field;
        proposed.sort();
        QCOMPARE(proposed,
            (QStringList{
                "email→email", "first_name→first_name", "last_name→last_name", "lead_score→lead_score", "plan→plan"}));
        QTimer::singleShot(0, &window, [&window] {
            auto* dialog = window.findChild<AutoMapDialog*>();
            QVERIFY(dialog);
            dialog->accept();
        });
        window.editor()->mappingStep()->autoMap();
        QCOMPARE(document->sync().mappings.size(), 5);
        QUndoStack* undo = window.editor()->undoStack();
        QCOMPARE(undo->undoText(), QStringLiteral("Auto-map 5 fields"));

        // The live sample: the first row's email, then upper-cased by a transform.
        MappingListModel* mappings
            = static_cast<MappingListModel*>(window.editor()->mappingStep()->mappingsView()->model());
        const QString before
            = mappings->indexOfTarget(QStringLiteral("email")).data(MappingListModel::SampleValueRole).toString();
        QVERIFY(!before.isEmpty());
        window.editor()->mappingStep()->mappingsView()->selectRow(
            mappings->indexOfTarget(QStringLiteral("email")).row());
        window.editor()->mappingStep()->addTransform(QStringLiteral("upper"));
        QCOMPARE(undo->undoText(), QStringLiteral("Add transform upper to email"));
        QCOMPARE(mappings->indexOfTarget(QStringLiteral("email")).data(MappingListModel::SampleValueRole).toString(),
            before.toUpper());
        undo->undo();
        QCOMPARE(mappings->indexOfTarget(QStringLiteral("email")).data(MappingListModel::SampleValueRole).toString(),
            before);
        undo->undo();
        QVERIFY(document->sync().mappings.isEmpty());
        undo->redo();
        QCOMPARE(document->sync().mappings.size(), 5);
        QVERIFY(window.isWindowModified() || window.editor()->isModified());
    }

    // The selected mapping in full: its source (column, constant, template checked as typed),
    // its transform chain added to, set, reordered and removed, each an undo step, and the
    // first sample rows through it after every edit.
    void mappingDetailEditsTheChain()
    {
        MainWindow window;
        window.show();
        QVERIFY(window.openWorkspace(m_demo));
        openNewSync(window, QStringLiteral("detailed"));
        MappingDocument* document = window.editor()->document();
        MappingDetail* detail = window.editor()->mappingStep()->detail();
        QUndoStack* undo = window.editor()->undoStack();
        QStringList said;
        connect(detail, &MappingDetail::said, detail, [&said](const QString& message) { said << message; });
        const auto sent = [detail](int row) { return detail->sampleView()->item(row, 2)->text(); };
        const auto check = [detail](int row) { return detail->sampleView()->item(row, 3)->text(); };

        detail->setTarget(QStringLiteral("first_name"));
        QVERIFY(!detail->setSource(QStringLiteral("column"), QStringLiteral("no_such_column")));
        QVERIFY(said.last().contains(QStringLiteral("no column no_such_column")));
        QVERIFY(detail->setSource(QStringLiteral("column"), QStringLiteral("first_name")));
        QCOMPARE(undo->undoText(), QStringLiteral("Map first_name → first_name"));
        QCOMPARE(detail->sampleView()->rowCount(), MappingDetail::sampleRows);
        const QString plain = sent(0);
        QVERIFY(plain.startsWith(QLatin1Char('"')) && plain.size() > 2);

        detail->addTransform(QStringLiteral("upper"));
        QCOMPARE(sent(0), plain.toUpper());
        // A transform with a setting starts from an example, and the sample says what it breaks.
        detail->addTransform(QJsonObject{{QStringLiteral("dateFormat"), QStringLiteral("dd/MM/yyyy")}});
        QCOMPARE(detail->transformsView()->count(), 2);
        QCOMPARE(sent(0), QStringLiteral("—"));
        QVERIFY2(check(0).startsWith(QStringLiteral("rejected: dateFormat:")), qPrintable(check(0)));
        // A setting the engine refuses is said and not written.
        QVERIFY(!detail->setTransformSetting(1, QString()));
        QVERIFY(said.last().contains(QStringLiteral("non-empty string")));
        QVERIFY(detail->setTransformSetting(1, QStringLiteral("yyyy")));
        QCOMPARE(undo->undoText(), QStringLiteral("Set dateFormat yyyy in first_name"));
        QCOMPARE(document->mappingFor(QStringLiteral("first_name"))->transforms.at(1),
            QJsonValue(QJsonObject{{QStringLiteral("dateFormat"), QStringLiteral("yyyy")}}));
        // Reordered, then removed: the sample follows each edit, and undo walks them back.
        detail->moveTransform(1, 0);
        QCOMPARE(undo->undoText(), QStringLiteral("Move transform dateFormat to position 1 in first_name"));
        QVERIFY(detail->transformsView()->item(0)->text().contains(QStringLiteral("dateFormat yyyy")));
        detail->removeTransform(0);
        QCOMPARE(undo->undoText(), QStringLiteral("Remove transform dateFormat from first_name"));
        QCOMPARE(sent(0), plain.toUpper());
        undo->undo(); // the dateFormat comes back, first
        QCOMPARE(detail->transformsView()->count(), 2);
        QVERIFY(check(0).startsWith(QStringLiteral("rejected")));
        undo->undo(); // back after upper
        QVERIFY(detail->transformsView()->item(1)->text().contains(QStringLiteral("dateFormat")));

        // A template, checked: the error names its column; a good one maps the field.
        detail->setTarget(QStringLiteral("last_name"));
        QVERIFY(!detail->setSource(QStringLiteral("template"), QStringLiteral("{{first_name}} {{ }}")));
        QVERIFY2(said.last().contains(QStringLiteral("column 16")), qPrintable(said.last()));
        QVERIFY(
            detail->setSource(QStringLiteral("template"), QStringLiteral("{{first_name}} {{ last_name | upper }}")));
        QCOMPARE(document->mappingFor(QStringLiteral("last_name"))->kind, FieldMapping::Kind::Template);
        QVERIFY(sent(0).contains(QLatin1Char(' ')));
        // A constant: JSON when it reads as JSON, text otherwise.
        detail->setTarget(QStringLiteral("lead_score"));
        QVERIFY(detail->setSource(QStringLiteral("constant"), QStringLiteral("42")));
        QCOMPARE(document->mappingFor(QStringLiteral("lead_score"))->value, QJsonValue(42));
        QCOMPARE(sent(2), QStringLiteral("42"));
        QCOMPARE(check(2), QStringLiteral("ok"));
    }

    // Typed as a person types, key by key: every keystroke of a setting is an edit, and the box
    // keeps its focus and each key (it once lost both after the first); a template typed
    // with its braces stays as typed (the cursor once jumped to the error column mid-word);
    // Apply Fix adds the suggested transform itself.
    void typingInTheDetailKeepsEveryKey()
    {
        MainWindow window;
        window.show();
        QVERIFY(window.openWorkspace(m_demo));
        openNewSync(window, QStringLiteral("typed"));
        MappingDocument* document = window.editor()->document();
        MappingStep* step = window.editor()->mappingStep();
        MappingDetail* detail = step->detail();
        window.editor()->showStep(SyncEditor::MappingStepIndex);
        detail->setTarget(QStringLiteral("first_name"));
        QVERIFY(detail->setSource(QStringLiteral("column"), QStringLiteral("first_name")));
        detail->addTransform(QJsonObject{{QStringLiteral("split"), QStringLiteral(";")}});
        auto* setting = detail->findChild<QLineEdit*>(QStringLiteral("transformSetting"));
        QVERIFY(setting && setting->isEnabled());
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        setting->setFocus();
        setting->selectAll();
        typeIntoFocus(QStringLiteral(" | "));
        QCOMPARE(setting->text(), QStringLiteral(" | "));
        QCOMPARE(document->mappingFor(QStringLiteral("first_name"))->transforms.at(0),
            QJsonValue(QJsonObject{{QStringLiteral("split"), QStringLiteral(" | ")}}));
        QCOMPARE(window.editor()->undoStack()->undoText(), QStringLiteral("Set split  |  in first_name"));
        // Ctrl+Z with the keyboard in the box undoes the edit, and the box follows (a box's own
        // undo would change its text behind the mapping's back; an analyst found it did nothing).
        QTest::keyClick(setting, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(document->mappingFor(QStringLiteral("first_name"))->transforms.at(0),
            QJsonValue(QJsonObject{{QStringLiteral("split"), QStringLiteral(";")}}));
        QCOMPARE(setting->text(), QStringLiteral(";"));
        QTest::keyClick(setting, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(setting->text(), QStringLiteral(" | "));

        detail->setTarget(QStringLiteral("last_name"));
        auto* kind = detail->findChild<QComboBox*>();
        QVERIFY(kind);
        kind->setCurrentIndex(2); // Template
        auto* source = detail->findChild<QLineEdit*>(QStringLiteral("sourceEdit"));
        source->clear();
        source->setFocus();
        typeIntoFocus(QStringLiteral("{{first_name}} {{last_name}}"));
        QCOMPARE(source->text(), QStringLiteral("{{first_name}} {{last_name}}"));
        QTest::keyClick(source, Qt::Key_Z, Qt::ControlModifier); // typing not applied: the box's own undo
        QCOMPARE(source->text(), QString());
        QVERIFY(!document->mappingFor(QStringLiteral("last_name")));
        typeIntoFocus(QStringLiteral("{{first_name}} {{last_name}}"));
        QTest::keyClick(source, Qt::Key_Return);
        QCOMPARE(document->mappingFor(QStringLiteral("last_name"))->templateText,
            QStringLiteral("{{first_name}} {{last_name}}"));
        QTest::keyClick(source, Qt::Key_Z, Qt::ControlModifier); // applied: the edit is undone
        QVERIFY(!document->mappingFor(QStringLiteral("last_name")));
        QCOMPARE(source->text(), QString());
        QTest::keyClick(source, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(document->mappingFor(QStringLiteral("last_name"))->templateText,
            QStringLiteral("{{first_name}} {{last_name}}"));

        // lead_score from a template is text: the fix is the integer transform.
        detail->setTarget(QStringLiteral("lead_score"));
        QVERIFY(detail->setSource(QStringLiteral("template"), QStringLiteral("{{lead_score}}")));
        step->mappingsView()->selectRow(static_cast<MappingListModel*>(step->mappingsView()->model())
                                            ->indexOfTarget(QStringLiteral("lead_score"))
                                            .row());
        step->applySuggestion();
        QCOMPARE(document->mappingFor(QStringLiteral("lead_score"))->transforms, QJsonArray{QStringLiteral("integer")});
    }

    // The Source step shows rows as they are scrolled to, but does not hold the warehouse in
    // between: a SQLite reader's lock would stop the user's own loads into the file. An idle
    // cursor is closed; scrolling on opens the query again and carries on where it was.
    void anIdleQueryLetsTheWarehouseBeWritten()
    {
        const QString copy = copyOfTheDemo(QStringLiteral("held"));
        QVERIFY(!copy.isEmpty());
        MainWindow window;
        window.show();
        QVERIFY(window.openWorkspace(copy, QStringLiteral("customers-to-crm")));
        QueryRowsModel* rows = window.rowsModel();
        QTRY_VERIFY_WITH_TIMEOUT(rows->rowCount() > 0 && rows->canFetchMore({}), 15000);
        const int shown = rows->rowCount();
        auto warehouse
            = SqliteHandle::open(copy + QStringLiteral("/demo-warehouse.sqlite"), SqliteHandle::Mode::ReadWriteCreate);
        QTest::qWait(QueryLoader::idleMs + 700);
        QVERIFY(warehouse->exec(QStringLiteral("UPDATE customers SET plan = 'pro' WHERE customer_id = 1")).ok());
        rows->fetchMore({});
        QTRY_VERIFY_WITH_TIMEOUT(rows->rowCount() > shown, 15000);
        // The next row is the one after the last shown, not the first again.
        sqlite3_stmt* raw = nullptr;
        QCOMPARE(sqlite3_prepare_v2(warehouse->get(),
                     "SELECT email FROM customer_scores ORDER BY customer_id LIMIT 1 OFFSET ?1", -1, &raw, nullptr),
            SQLITE_OK);
        const SqliteStatement stmt(raw);
        sqlite3_bind_int(raw, 1, shown);
        QCOMPARE(sqlite3_step(raw), SQLITE_ROW);
        const QString expected = QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(raw, 0)));
        QCOMPARE(rows->index(shown, 0).data().toString(), expected);
    }

    // A sync made in the window is saved to syncs/<id>.json, previews the same counts as
    // `ebb-cli preview --json`, and runs from ebb-cli and from Sync Now alike.
    void madeInTheEditorRunsInTheCli()
    {
        MainWindow window;
        window.show();
        QVERIFY(window.openWorkspace(m_demo));
        openNewSync(window, QStringLiteral("made-here"));
        // Listed in the tree before it is saved, as unsaved, and selected.
        auto* tree = window.findChild<WorkspaceTree*>();
        QVERIFY(tree && tree->currentItem());
        QCOMPARE(tree->currentItem()->text(0), QStringLiteral("made-here"));
        QCOMPARE(tree->currentItem()->text(1), QStringLiteral("unsaved"));
        AutoMapper::apply(window.editor()->undoStack(), window.editor()->document(),
            AutoMapper::propose(*window.editor()->document()));
        QVERIFY(window.save());
        QTRY_VERIFY(tree->currentItem() && tree->currentItem()->text(0) == QStringLiteral("made-here")
            && tree->currentItem()->text(1) == QStringLiteral("upsert"));
        QVERIFY(!window.editor()->isModified());
        QVERIFY(QFile::exists(m_demo + QStringLiteral("/syncs/made-here.json")));

        window.editor()->runPreview();
        PreviewStep* preview = window.editor()->previewStep();
        QTRY_VERIFY_WITH_TIMEOUT(!preview->isRunning() && preview->preview().counts.queried > 0, 30000);
        int code = -1;
        const QJsonObject cli = QJsonDocument::fromJson(
            runCli({QStringLiteral("preview"), QStringLiteral("made-here"), QStringLiteral("--json"),
                       QStringLiteral("--limit"), QStringLiteral("500"), QStringLiteral("-w"), m_demo},
                &code)
                .toUtf8())
                                    .object();
        QVERIFY2(code == 0 || code == 3, qPrintable(QString::number(code)));
        const QJsonObject counts = cli.value(QStringLiteral("counts")).toObject();
        QCOMPARE(qint64(counts.value(QStringLiteral("rejected")).toInteger()), preview->preview().counts.rejected);
        QCOMPARE(qint64(counts.value(QStringLiteral("added")).toInteger()), preview->preview().counts.added);
        QCOMPARE(qint64(counts.value(QStringLiteral("queried")).toInteger()), preview->preview().counts.queried);
        QVERIFY(preview->preview().counts.rejected > 0); // the demo's dirty rows, on purpose
        // Every row counted has a fate, also when the preview stopped early (it once counted
        // the row read ahead, whose fate waits for the next key).
        const RunCounts& c = preview->preview().counts;
        QCOMPARE(c.added + c.changed + c.unchanged + c.rejected, c.queried);
        // A chip per rule filters the list to the rows that break it (a row may break several),
        // the most broken first, as ebb-cli run lists them.
        qint64 previousCount = std::numeric_limits<qint64>::max();
        int ruleChips = 0;
        for (QPushButton* chip : preview->findChildren<QPushButton*>()) {
            if (!chip->objectName().startsWith(QLatin1String("rule-")))
                continue;
            const qint64 count = chip->text().section(QLatin1Char(' '), -1).toLongLong();
            QVERIFY2(count <= previousCount, qPrintable(chip->text()));
            previousCount = count;
            ++ruleChips;
        }
        QVERIFY(ruleChips > 1);
        auto* emailChip = preview->findChild<QPushButton*>(QStringLiteral("rule-email"));
        QVERIFY(emailChip);
        // A rule's name is the product's word; its tooltip says what it means.
        QVERIFY2(emailChip->toolTip().startsWith(QStringLiteral("email: the value is not an email address.")),
            qPrintable(emailChip->toolTip()));
        emailChip->click();
        QAbstractItemModel* shown = preview->findChild<QTableView*>(QStringLiteral("previewTable"))->model();
        QVERIFY(shown->rowCount() > 0);
        for (int r = 0; r < shown->rowCount(); ++r)
            QVERIFY(shown->index(r, 2).data(Qt::UserRole + 2).toString().contains(QStringLiteral(" email ")));
        // A rejected row cannot be sent as a test, and the button says why.
        auto* table = preview->findChild<QTableView*>(QStringLiteral("previewTable"));
        table->selectRow(0);
        auto* sendTest = preview->findChild<QPushButton*>(QStringLiteral("sendTestRow"));
        QVERIFY(sendTest && !sendTest->isEnabled());
        QVERIFY2(
            sendTest->toolTip().endsWith(QStringLiteral("this one is rejected.")), qPrintable(sendTest->toolTip()));

        // Export rejects: one line a problem; a cell a spreadsheet would run stays text.
        const QString csvPath = m_dir.filePath(QStringLiteral("rejects.csv"));
        QVERIFY(preview->exportRejects(csvPath));
        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csv.readAll().split('\n');
        QCOMPARE(lines.first(), QByteArray("key,field,rule,message,value\r"));
        QVERIFY(lines.size() > 2);
        QCOMPARE(RejectsCsv::cell(QStringLiteral("=HYPERLINK(\"http://x\")")),
            QStringLiteral("\"'=HYPERLINK(\"\"http://x\"\")\""));
        QCOMPARE(RejectsCsv::cell(QStringLiteral("-1+2")), QStringLiteral("'-1+2"));
        QCOMPARE(RejectsCsv::cell(QStringLiteral("plain")), QStringLiteral("plain"));

        // Sync Now runs the saved file through the real engine; the log fills.
        window.runSync(false);
        QTRY_VERIFY_WITH_TIMEOUT(!window.isRunning(), 60000);
        QTRY_VERIFY(window.logView()->shownText().contains(QStringLiteral("run 1 started"))
            || window.logView()->shownText().contains(QStringLiteral("[made-here]")));
        QTRY_VERIFY(window.editor()->runStep()->summaryText().contains(QStringLiteral(" of made-here: ")));
        QVERIFY2(window.editor()->runStep()->summaryText().contains(QStringLiteral("rejected, not sent")),
            qPrintable(window.editor()->runStep()->summaryText()));
        const QString runs = runCli({QStringLiteral("runs"), QStringLiteral("made-here"), QStringLiteral("--json"),
            QStringLiteral("-w"), m_demo});
        QVERIFY2(runs.contains(QStringLiteral("\"status\"")), qPrintable(runs));
        // The Run step lists the sync's runs from the journal, newest first, as `runs` does.
        const QJsonArray listed
            = QJsonDocument::fromJson(runs.toUtf8()).object().value(QStringLiteral("runs")).toArray();
        const RunHistoryModel* history = window.editor()->runStep()->historyModel();
        QCOMPARE(history->rowCount(), int(listed.size()));
        QCOMPARE(history->index(0, RunHistoryModel::Run).data().toLongLong(),
            listed.first().toObject().value(QStringLiteral("runId")).toInteger());
        QCOMPARE(history->index(0, RunHistoryModel::Rejected).data().toLongLong(),
            listed.first().toObject().value(QStringLiteral("rejected")).toInteger());
        // What was sent is no longer "to add": the Preview step previews again when shown.
        window.editor()->showStep(SyncEditor::PreviewStepIndex);
        QVERIFY(window.editor()->previewStep()->isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(!window.editor()->previewStep()->isRunning(), 30000);
        QCOMPARE(window.editor()->previewStep()->preview().counts.added, 0);
    }
};

QTEST_MAIN(TestStudio)
#include "tst_studio.moc"
