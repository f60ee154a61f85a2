#include "DemoStudio.h"
#include "app/workspace/WorkspaceLoader.h"
#include "app/workspace/WorkspaceWriter.h"
#include "models/studio/MappingDocument.h"
#include "models/studio/commands/AddTransformCommand.h"
#include "models/studio/commands/MapColumnCommand.h"
#include "models/studio/commands/MoveTransformCommand.h"
#include "models/studio/commands/RemoveTransformCommand.h"
#include "models/studio/commands/SetConstantCommand.h"
#include "models/studio/commands/SetTemplateCommand.h"
#include "models/studio/commands/UnmapCommand.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

using namespace Ebb;

namespace {

QByteArray json(const SyncSpec& sync)
{
    return QJsonDocument(sync.toJson()).toJson(QJsonDocument::Compact);
}

QByteArray json(const FieldMapping* mapping)
{
    return mapping ? QJsonDocument(mapping->toJson()).toJson(QJsonDocument::Compact) : QByteArray("none");
}

QByteArray readFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestMappingCommands : public QObject
{
    Q_OBJECT

    TestSupport::DemoStudio m_demo;

    // Pushes `command` and checks its name, what redo did, that undo restores the state
    // before it exactly, and that redo after undo gives the same state again.
    void pushUndoRedo(MappingDocument& document, QUndoStack& stack, QUndoCommand* command, const QString& text,
        const QString& target, const QByteArray& expectedMapping)
    {
        const QByteArray before = json(document.sync());
        stack.push(command);
        QCOMPARE(stack.undoText(), text);
        QCOMPARE(json(document.mappingFor(target)), expectedMapping);
        const QByteArray after = json(document.sync());
        stack.undo();
        QCOMPARE(json(document.sync()), before);
        QCOMPARE(stack.redoText(), text);
        stack.redo();
        QCOMPARE(json(document.sync()), after);
    }

private Q_SLOTS:
    void initTestCase()
    {
        const auto opened = m_demo.open();
        QVERIFY2(opened.ok(), qPrintable(opened ? QString() : opened.error().toString()));
    }

    void mapAColumnOntoANewField()
    {
        MappingDocument document(m_demo.sync);
        QUndoStack stack;
        QSignalSpy changed(&document, &MappingDocument::mappingsChanged);
        pushUndoRedo(document, stack,
            new MapColumnCommand(&document, QStringLiteral("is_active"), QStringLiteral("lead_source")),
            QStringLiteral("Map is_active → lead_source"), QStringLiteral("lead_source"),
            R"({"source":"is_active","target":"lead_source"})");
        QCOMPARE(changed.size(), 3);
        // A new field goes last, and stays last through undo and redo.
        SyncSpec sync = m_demo.sync;
        sync.mappings.removeLast(); // lead_source
        document.setSync(sync);
        stack.clear();
        pushUndoRedo(document, stack,
            new MapColumnCommand(&document, QStringLiteral("is_active"), QStringLiteral("lead_source")),
            QStringLiteral("Map is_active → lead_source"), QStringLiteral("lead_source"),
            R"({"source":"is_active","target":"lead_source"})");
        QCOMPARE(document.indexOfTarget(QStringLiteral("lead_source")), sync.mappings.size());
    }

    void mapAColumnOntoAMappedFieldKeepsItsTransforms()
    {
        MappingDocument document(m_demo.sync);
        QUndoStack stack;
        pushUndoRedo(document, stack,
            new MapColumnCommand(&document, QStringLiteral("company"), QStringLiteral("email")),
            QStringLiteral("Map company → email"), QStringLiteral("email"),
            R"({"source":"company","target":"email","transforms":["trim","lower"]})");
        QCOMPARE(document.indexOfTarget(QStringLiteral("email")), 0); // in place, not moved to the end
        // The column it already takes: nothing to undo.
        stack.push(new MapColumnCommand(&document, QStringLiteral("company"), QStringLiteral("email")));
        QCOMPARE(stack.count(), 1);
    }

    void unmapAField()
    {
        MappingDocument document(m_demo.sync);
        QUndoStack stack;
        pushUndoRedo(document, stack, new UnmapCommand(&document, QStringLiteral("plan")), QStringLiteral("Unmap plan"),
            QStringLiteral("plan"), "none");
        stack.undo();
        QCOMPARE(document.indexOfTarget(QStringLiteral("plan")), 5); // back where it stood
        stack.redo();
        stack.push(new UnmapCommand(&document, QStringLiteral("id"))); // never mapped: nothing to undo
        QCOMPARE(stack.count(), 1);
        QCOMPARE(stack.undoText(), QStringLiteral("Unmap plan"));
    }

    void addATransform()
    {
        MappingDocument document(m_demo.sync);
        QUndoStack stack;
        pushUndoRedo(document, stack,
            new AddTransformCommand(&document, QStringLiteral("company"), QStringLiteral("trim")),
            QStringLiteral("Add transform trim to company"), QStringLiteral("company"),
            R"({"source":"company","target":"company","transforms":["trim"]})");
        pushUndoRedo(document, stack,
            new AddTransformCommand(&document, QStringLiteral("email"), QStringLiteral("upper"), 1),
            QStringLiteral("Add transform upper to email"), QStringLiteral("email"),
            R"({"source":"email","target":"email","transforms":["trim","upper","lower"]})");
        pushUndoRedo(document, stack,
            new AddTransformCommand(
                &document, QStringLiteral("plan"), QJsonObject{{QStringLiteral("default"), QStringLiteral("free")}}),
            QStringLiteral("Add transform default to plan"), QStringLiteral("plan"),
            R"({"source":"plan","target":"plan","transforms":[{"default":"free"}]})");
        const int count = int(stack.count());
        stack.push(
            new AddTransformCommand(&document, QStringLiteral("id"), QStringLiteral("trim"))); // no mapping to add to
        QCOMPARE(stack.count(), count);
    }

    void removeATransform()
    {
        MappingDocument document(m_demo.sync);
        QUndoStack stack;
        pushUndoRedo(document, stack, new RemoveTransformCommand(&document, QStringLiteral("email"), 1),
            QStringLiteral("Remove transform lower from email"), QStringLiteral("email"),
            R"({"source":"email","target":"email","transforms":["trim"]})");
        // The last one goes, and "transforms" leaves the file rather than staying as [].
        pushUndoRedo(document, stack, new RemoveTransformCommand(&document, QStringLiteral("lead_score"), 0),
            QStringLiteral("Remove transform integer from lead_score"), QStringLiteral("lead_score"),
            R"({"source":"lead_score","target":"lead_score"})");
        const int count = int(stack.count());
        stack.push(new RemoveTransformCommand(&document, QStringLiteral("email"), 5));
        stack.push(new RemoveTransformCommand(&document, QStringLiteral("plan"), 0));
        QCOMPARE(stack.count(), count);
    }

    void moveATransform()
    {
        MappingDocument document(m_demo.sync);
        QUndoStack stack;
        pushUndoRedo(document, stack, new MoveTransformCommand(&document, QStringLiteral("email"), 1, 0),
            QStringLiteral("Move transform lower to position 1 in email"), QStringLiteral("email"),
            R"({"source":"email","target":"email","transforms":["lower","trim"]})");
        const int count = int(stack.count());
        stack.push(new MoveTransformCommand(&document, QStringLiteral("email"), 0, 0));
        stack.push(new MoveTransformCommand(&document, QStringLiteral("email"), 0, 2));
        stack.push(new MoveTransformCommand(&document, QStringLiteral("id"), 0, 1));
        QCOMPARE(stack.count(), count);
    }

    void setAConstant()
    {
        MappingDocument document(m_demo.sync);
        QUndoStack stack;
        pushUndoRedo(document, stack,
            new SetConstantCommand(&document, QStringLiteral("lead_source"), QStringLiteral("ebb")),
            QStringLiteral("Set constant \"ebb\" on lead_source"), QStringLiteral("lead_source"),
            R"({"target":"lead_source","value":"ebb"})");
        pushUndoRedo(document, stack, new SetConstantCommand(&document, QStringLiteral("country"), QJsonValue(7)),
            QStringLiteral("Set constant 7 on country"), QStringLiteral("country"),
            R"({"target":"country","value":7})");
    }

    void typingAConstantIsOneUndoStep()
    {
        MappingDocument document(m_demo.sync);
        QUndoStack stack;
        const QByteArray before = json(document.sync());
        for (const char* text : {"w", "we", "web"})
            stack.push(new SetConstantCommand(&document, QStringLiteral("lead_source"), QString::fromLatin1(text)));
        QCOMPARE(stack.count(), 1);
        QCOMPARE(stack.undoText(), QStringLiteral("Set constant \"web\" on lead_source"));
        QCOMPARE(json(document.mappingFor(QStringLiteral("lead_source"))), R"({"target":"lead_source","value":"web"})");
        stack.undo();
        QCOMPARE(json(document.sync()), before);
        // Typed back to what it was: nothing left to undo.
        stack.redo();
        stack.push(new SetConstantCommand(&document, QStringLiteral("lead_source"), QStringLiteral("warehouse")));
        QCOMPARE(stack.count(), 0);
        QCOMPARE(json(document.sync()), before);
        // Another field's constant is another step.
        stack.push(new SetConstantCommand(&document, QStringLiteral("lead_source"), QStringLiteral("a")));
        stack.push(new SetConstantCommand(&document, QStringLiteral("country"), QStringLiteral("FR")));
        QCOMPARE(stack.count(), 2);
    }

    void setATemplate()
    {
        MappingDocument document(m_demo.sync);
        QUndoStack stack;
        pushUndoRedo(document, stack,
            new SetTemplateCommand(
                &document, QStringLiteral("full_name"), QStringLiteral("{{last_name | upper}}, {{first_name}}")),
            QStringLiteral("Set template {{last_name | upper}}, {{first_name}} on full_name"),
            QStringLiteral("full_name"),
            R"({"target":"full_name","template":"{{last_name | upper}}, {{first_name}}"})");
        stack.push(new SetTemplateCommand(&document, QStringLiteral("full_name"), QStringLiteral("{{last_name}}")));
        QCOMPARE(stack.count(), 1); // merged with the edit before
        // A column mapping turned into a template keeps its transforms.
        pushUndoRedo(document, stack,
            new SetTemplateCommand(&document, QStringLiteral("email"), QStringLiteral("{{email}}")),
            QStringLiteral("Set template {{email}} on email"), QStringLiteral("email"),
            R"({"target":"email","template":"{{email}}","transforms":["trim","lower"]})");
    }

    void keysTheUserAddedSurviveEdits()
    {
        SyncSpec sync = m_demo.sync;
        sync.mappings[0].json.insert(QStringLiteral("x-note"), QStringLiteral("the CRM's login"));
        MappingDocument document(sync);
        QUndoStack stack;
        stack.push(new AddTransformCommand(&document, QStringLiteral("email"), QStringLiteral("upper")));
        stack.push(new MapColumnCommand(&document, QStringLiteral("company"), QStringLiteral("email")));
        QCOMPARE(document.mappingFor(QStringLiteral("email"))->toJson().value(QStringLiteral("x-note")).toString(),
            QStringLiteral("the CRM's login"));
        stack.push(new UnmapCommand(&document, QStringLiteral("email")));
        stack.undo();
        QCOMPARE(document.mappingFor(QStringLiteral("email"))->toJson().value(QStringLiteral("x-note")).toString(),
            QStringLiteral("the CRM's login"));
    }

    // The editor's result is the file ebb-cli runs: rebuilding the demo sync from nothing
    // through the commands and saving it through WorkspaceWriter gives the same bytes as
    // saving the sync as loaded, and the loader reads it back as the same sync.
    void editsSaveTheSameSyncFileEbbCliRuns()
    {
        const QString folder = m_demo.workspace.root;
        const QString path = m_demo.sync.filePath;
        QVERIFY(WorkspaceWriter::saveSync(m_demo.workspace, m_demo.sync).ok());
        const QByteArray original = readFile(path);
        QVERIFY(original.contains("\"customers-to-crm\""));

        SyncSpec blank = m_demo.sync;
        blank.mappings.clear();
        MappingDocument document(blank);
        QUndoStack stack;
        stack.beginMacro(QStringLiteral("rebuild"));
        for (const FieldMapping& m : m_demo.sync.mappings) {
            switch (m.kind) {
            case FieldMapping::Kind::Column:
                stack.push(new MapColumnCommand(&document, m.source, m.target));
                break;
            case FieldMapping::Kind::Constant:
                stack.push(new SetConstantCommand(&document, m.target, m.value));
                break;
            case FieldMapping::Kind::Template:
                stack.push(new SetTemplateCommand(&document, m.target, m.templateText));
                break;
            }
            for (const QJsonValue& t : m.transforms)
                stack.push(new AddTransformCommand(&document, m.target, t));
        }
        stack.endMacro();
        QCOMPARE(json(document.sync()), json(m_demo.sync));
        stack.undo();
        QCOMPARE(document.sync().mappings.size(), 0);
        stack.redo();

        QVERIFY(WorkspaceWriter::saveSync(m_demo.workspace, document.sync()).ok());
        QCOMPARE(readFile(path), original);
        auto reloaded = WorkspaceLoader::load(folder);
        QVERIFY2(reloaded.ok(), qPrintable(reloaded ? QString() : reloaded.error().toString()));
        QCOMPARE(json(*reloaded->sync(m_demo.sync.id)), json(document.sync()));

        // An edit shows in the saved file and loads back the same.
        stack.push(new AddTransformCommand(&document, QStringLiteral("company"), QStringLiteral("trim")));
        stack.push(new UnmapCommand(&document, QStringLiteral("country")));
        QVERIFY(WorkspaceWriter::saveSync(m_demo.workspace, document.sync()).ok());
        reloaded = WorkspaceLoader::load(folder);
        QVERIFY2(reloaded.ok(), qPrintable(reloaded ? QString() : reloaded.error().toString()));
        const SyncSpec* saved = reloaded->sync(m_demo.sync.id);
        QCOMPARE(json(*saved), json(document.sync()));
        QVERIFY(!saved->toJson()
                     .value(QStringLiteral("mappings"))
                     .toArray()
                     .contains(QJsonObject{{QStringLiteral("source"), QStringLiteral("country")},
                         {QStringLiteral("target"), QStringLiteral("country")}}));
        QVERIFY(WorkspaceWriter::saveSync(m_demo.workspace, m_demo.sync).ok()); // leave the demo as it was
    }
};

QTEST_GUILESS_MAIN(TestMappingCommands)
#include "tst_mappingcommands.moc"
