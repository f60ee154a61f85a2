#include "app/workspace/WorkspaceLoader.h"
#include "app/workspace/WorkspaceWriter.h"
#include "support/TestSupport.h"

#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QTemporaryDir>
#include <QTest>

using namespace Ebb;

// Saving a workspace: unknown fields survive, an unchanged workspace saves byte for byte the
// same, new files land where the loader looks, secrets never reach a file, and nothing is
// left behind. (Loading is tst_workspace.)
namespace {

const QByteArray crm = R"({"kind": "hubspot", "baseUrl": "https://api.hubapi.com", "token": "keychain"})";

void writeFiles(const QString& folder, const QMap<QString, QByteArray>& files)
{
    for (auto it = files.cbegin(); it != files.cend(); ++it)
        TestSupport::writeFile(folder, it.key(), it.value());
}

// QVERIFY2 evaluates its message even on success, so it must not call error() on a value.
template <typename T> QString errorText(const Result<T>& result)
{
    return result.ok() ? QString() : result.error().toString();
}

QByteArray readBytes(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

QJsonObject readJson(const QString& path)
{
    return QJsonDocument::fromJson(readBytes(path)).object();
}

// Every file under `folder`, relative, sorted: shows leftovers such as QSaveFile temp files.
QStringList allFiles(const QString& folder)
{
    QStringList files;
    QDirIterator it(folder, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        files << QDir(folder).relativeFilePath(it.next());
    files.sort();
    return files;
}

// The keys of the top-level object as they appear in the file, in file order.
QStringList topLevelKeys(const QByteArray& bytes)
{
    QStringList keys;
    for (const QByteArray& line : bytes.split('\n')) {
        if (line.startsWith("    \"") && !line.startsWith("     "))
            keys << QString::fromUtf8(line.mid(5, line.indexOf('"', 5) - 5));
    }
    return keys;
}

// Loads a copy of the round-trip workspace: unknown fields at every level.
Workspace loadRoundTrip(const QString& folder)
{
    writeFiles(folder,
        {{QStringLiteral("ebb.json"),
             R"({"name": "rt", "version": 1, "x-owner": {"team": "data", "tags": ["a", "b"]}})"},
            {QStringLiteral("connections/warehouse.json"),
                R"({"kind": "postgres", "host": "h", "database": "d", "user": "u", "password": "keychain",
                     "x-comment": "primary replica", "x-options": {"application_name": "ebb"}})"},
            {QStringLiteral("connections/crm.json"), crm}, {QStringLiteral("syncs/s.json"), R"({
  "x-reviewed-by": "kim",
  "source": {"primaryKey": "email", "connection": "warehouse", "query": "SELECT email FROM customers", "x-timeout": 30},
  "destination": {"mode": "update", "connection": "crm", "object": "contacts", "x-batch-hint": {"size": 10}},
  "mappings": [{"target": "email", "source": "email", "transforms": ["trim"], "x-note": "keep me"},
               {"target": "lead_source", "value": "warehouse"}],
  "schedule": {"every": "1h", "x-jitter": "5m"}
})"}});
    auto loaded = WorkspaceLoader::load(folder);
    if (!loaded)
        qFatal("the round-trip workspace does not load: %s", qPrintable(loaded.error().toString()));
    return *loaded;
}

} // namespace

class Tst_workspaceWriter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void saveKeepsUnknownFields();
    void saveIsStable();
    void saveNewConnection();
    void saveConnectionRefusesSecretValue_data();
    void saveConnectionRefusesSecretValue();
    void saveLeavesNoTempFiles();
};

void Tst_workspaceWriter::saveKeepsUnknownFields()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Workspace workspace = loadRoundTrip(dir.path());
    const auto saved = WorkspaceWriter::save(workspace);
    QVERIFY2(saved.ok(), qPrintable(errorText(saved)));

    auto reloaded = WorkspaceLoader::load(dir.path());
    QVERIFY2(reloaded.ok(), qPrintable(errorText(reloaded)));
    QCOMPARE(reloaded->json.value(QStringLiteral("x-owner")).toObject().value(QStringLiteral("team")).toString(),
        QStringLiteral("data"));
    QCOMPARE(
        reloaded->json.value(QStringLiteral("x-owner")).toObject().value(QStringLiteral("tags")).toArray().size(), 2);

    const ConnectionSpec* warehouse = reloaded->connection(QStringLiteral("warehouse"));
    QVERIFY(warehouse);
    QCOMPARE(warehouse->string(QStringLiteral("x-comment")), QStringLiteral("primary replica"));
    QCOMPARE(warehouse->json.value(QStringLiteral("x-options"))
                 .toObject()
                 .value(QStringLiteral("application_name"))
                 .toString(),
        QStringLiteral("ebb"));
    QCOMPARE(warehouse->string(QStringLiteral("password")), QStringLiteral("keychain"));

    const SyncSpec* sync = reloaded->sync(QStringLiteral("s"));
    QVERIFY(sync);
    QCOMPARE(sync->json.value(QStringLiteral("x-reviewed-by")).toString(), QStringLiteral("kim"));
    QCOMPARE(sync->json.value(QStringLiteral("source")).toObject().value(QStringLiteral("x-timeout")).toInt(), 30);
    QCOMPARE(sync->json.value(QStringLiteral("destination"))
                 .toObject()
                 .value(QStringLiteral("x-batch-hint"))
                 .toObject()
                 .value(QStringLiteral("size"))
                 .toInt(),
        10);
    QCOMPARE(sync->schedule.value(QStringLiteral("x-jitter")).toString(), QStringLiteral("5m"));
    QCOMPARE(sync->mappings.size(), 2);
    QCOMPARE(sync->mappings.at(0).json.value(QStringLiteral("x-note")).toString(), QStringLiteral("keep me"));
    QCOMPARE(sync->mappings.at(0).transforms, QJsonArray{QStringLiteral("trim")});
    // The known fields survive too.
    QCOMPARE(sync->mode, SyncMode::Update);
    QCOMPARE(sync->mappings.at(1).kind, FieldMapping::Kind::Constant);
    QCOMPARE(sync->mappings.at(1).value.toString(), QStringLiteral("warehouse"));
}

void Tst_workspaceWriter::saveIsStable()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Workspace workspace = loadRoundTrip(dir.path());
    QVERIFY(WorkspaceWriter::save(workspace).ok());
    const QStringList files = allFiles(dir.path());
    QMap<QString, QByteArray> first;
    for (const QString& file : files)
        first.insert(file, readBytes(dir.filePath(file)));

    // Saving what was just loaded changes nothing, byte for byte.
    auto reloaded = WorkspaceLoader::load(dir.path());
    QVERIFY(reloaded.ok());
    QVERIFY(WorkspaceWriter::save(*reloaded).ok());
    QCOMPARE(allFiles(dir.path()), files);
    for (const QString& file : files)
        QCOMPARE(readBytes(dir.filePath(file)), first.value(file));

    // Sorted keys, four spaces, a final newline: a saved file diffs cleanly in git.
    QCOMPARE(first.value(QStringLiteral("ebb.json")),
        QByteArray("{\n"
                   "    \"name\": \"rt\",\n"
                   "    \"version\": 1,\n"
                   "    \"x-owner\": {\n"
                   "        \"tags\": [\n"
                   "            \"a\",\n"
                   "            \"b\"\n"
                   "        ],\n"
                   "        \"team\": \"data\"\n"
                   "    }\n"
                   "}\n"));
    for (const QString& file : files) {
        const QByteArray bytes = first.value(file);
        QVERIFY2(bytes.endsWith("}\n") && !bytes.endsWith("\n\n"), qPrintable(file));
        QVERIFY2(!bytes.contains('\t'), qPrintable(file));
        const QStringList keys = topLevelKeys(bytes);
        QVERIFY2(keys.size() >= 2, qPrintable(file));
        QStringList sorted = keys;
        sorted.sort();
        QCOMPARE(keys, sorted);
    }
    QCOMPARE(topLevelKeys(first.value(QStringLiteral("syncs/s.json"))),
        (QStringList{QStringLiteral("destination"), QStringLiteral("id"), QStringLiteral("mappings"),
            QStringLiteral("schedule"), QStringLiteral("source"), QStringLiteral("x-reviewed-by")}));
}

void Tst_workspaceWriter::saveNewConnection()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Workspace workspace = loadRoundTrip(dir.path());

    ConnectionSpec fresh;
    fresh.id = QStringLiteral("exports");
    fresh.kind = QStringLiteral("file");
    fresh.json = QJsonObject{{QStringLiteral("path"), QStringLiteral("out/customers.jsonl")},
        {QStringLiteral("format"), QStringLiteral("jsonl")}};
    QVERIFY(fresh.filePath.isEmpty());
    const auto saved = WorkspaceWriter::saveConnection(workspace, fresh);
    QVERIFY2(saved.ok(), qPrintable(errorText(saved)));

    const QString path = dir.filePath(QStringLiteral("connections/exports.json"));
    QVERIFY(QFileInfo::exists(path));
    QCOMPARE(readJson(path),
        (QJsonObject{{QStringLiteral("id"), QStringLiteral("exports")},
            {QStringLiteral("kind"), QStringLiteral("file")},
            {QStringLiteral("path"), QStringLiteral("out/customers.jsonl")},
            {QStringLiteral("format"), QStringLiteral("jsonl")}}));

    auto reloaded = WorkspaceLoader::load(dir.path());
    QVERIFY2(reloaded.ok(), qPrintable(errorText(reloaded)));
    const ConnectionSpec* loaded = reloaded->connection(QStringLiteral("exports"));
    QVERIFY(loaded);
    QCOMPARE(loaded->kind, QStringLiteral("file"));
    QCOMPARE(QFileInfo(loaded->filePath).canonicalFilePath(), QFileInfo(path).canonicalFilePath());

    // A new sync goes to syncs/<id>.json the same way.
    SyncSpec copy = *reloaded->sync(QStringLiteral("s"));
    copy.id = QStringLiteral("s-copy");
    copy.filePath.clear();
    QVERIFY(WorkspaceWriter::saveSync(*reloaded, copy).ok());
    QCOMPARE(readJson(dir.filePath(QStringLiteral("syncs/s-copy.json"))).value(QStringLiteral("id")).toString(),
        QStringLiteral("s-copy"));
}

void Tst_workspaceWriter::saveConnectionRefusesSecretValue_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QJsonObject>("json");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("existing"); // overwrite an existing file rather than create one

    const QJsonObject pg{{QStringLiteral("host"), QStringLiteral("h")},
        {QStringLiteral("database"), QStringLiteral("d")}, {QStringLiteral("user"), QStringLiteral("u")}};
    const auto with = [](QJsonObject object, const QString& key, const QString& value) {
        object.insert(key, value);
        return object;
    };
    QTest::newRow("new_postgres_password")
        << QStringLiteral("postgres") << with(pg, QStringLiteral("password"), QStringLiteral("hunter2"))
        << QStringLiteral("password") << QStringLiteral("hunter2") << false;
    QTest::newRow("existing_postgres_password")
        << QStringLiteral("postgres") << with(pg, QStringLiteral("password"), QStringLiteral("hunter2"))
        << QStringLiteral("password") << QStringLiteral("hunter2") << true;
    QTest::newRow("hubspot_token") << QStringLiteral("hubspot")
                                   << with(QJsonObject{{QStringLiteral("baseUrl"), QStringLiteral("https://h")}},
                                          QStringLiteral("token"), QStringLiteral("pat-na1-0123456789"))
                                   << QStringLiteral("token") << QStringLiteral("pat-na1-0123456789") << false;
    QTest::newRow("malformed_env_reference")
        << QStringLiteral("postgres") << with(pg, QStringLiteral("password"), QStringLiteral("env:"))
        << QStringLiteral("password") << QStringLiteral("env:") << false;
}

void Tst_workspaceWriter::saveConnectionRefusesSecretValue()
{
    QFETCH(QString, kind);
    QFETCH(QJsonObject, json);
    QFETCH(QString, field);
    QFETCH(QString, value);
    QFETCH(bool, existing);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Workspace workspace = loadRoundTrip(dir.path());
    ConnectionSpec connection;
    if (existing)
        connection = *workspace.connection(QStringLiteral("warehouse"));
    else
        connection.id = QStringLiteral("leaky");
    connection.kind = kind;
    connection.json = json;
    const QString path = existing ? connection.filePath : dir.filePath(QStringLiteral("connections/leaky.json"));
    const QByteArray before = readBytes(path);
    const QStringList filesBefore = allFiles(dir.path());

    const auto saved = WorkspaceWriter::saveConnection(workspace, connection);
    QVERIFY(!saved.ok());
    const QString message = saved.error().message;
    QVERIFY2(message.contains(QLatin1String("refusing")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("field \"%1\"").arg(field)), qPrintable(message));
    if (value.size() > 4)
        QVERIFY2(!message.contains(value), qPrintable(message));
    QCOMPARE(readBytes(path), before); // untouched, or still absent
    QCOMPARE(QFileInfo::exists(path), existing);
    QCOMPARE(allFiles(dir.path()), filesBefore);
}

void Tst_workspaceWriter::saveLeavesNoTempFiles()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Workspace workspace = loadRoundTrip(dir.path());
    const QStringList before = allFiles(dir.path());
    QCOMPARE(before,
        (QStringList{QStringLiteral("connections/crm.json"), QStringLiteral("connections/warehouse.json"),
            QStringLiteral("ebb.json"), QStringLiteral("syncs/s.json")}));
    for (int i = 0; i < 3; ++i)
        QVERIFY(WorkspaceWriter::save(workspace).ok());
    QCOMPARE(allFiles(dir.path()), before);
}

QTEST_GUILESS_MAIN(Tst_workspaceWriter)
#include "tst_workspacewriter.moc"
