#include "WorkspaceLoader.h"

#include "JsonChecker.h"
#include "JsonFile.h"
#include "app/engine/Guards.h"
#include "connectors/http/HttpUrl.h"
#include "models/AlertSettings.h"
#include "models/ConnectionKinds.h"
#include "models/Duration.h"
#include "models/mapping/Template.h"
#include "models/mapping/Transform.h"
#include "models/schedule/CronExpression.h"
#include "models/schedule/Schedule.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <dirent.h>

namespace Ebb {

namespace {

const QString root = QStringLiteral("$");

bool validId(const QString& id)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.-]*$"));
    return pattern.match(id).hasMatch();
}

QString quoted(const QString& text)
{
    return QLatin1Char('"') + text + QLatin1Char('"');
}

std::optional<QString> readId(const QJsonObject& json, const QString& fileStem, JsonChecker& checker)
{
    const auto id = json.contains(QStringLiteral("id")) ? checker.string(json, QStringLiteral("id"), root, true)
                                                        : std::optional<QString>(fileStem);
    if (id && !validId(*id)) {
        checker.error(QStringLiteral("$.id"),
            QStringLiteral("%1 is not a valid id (letters, digits, '.', '_', '-')").arg(quoted(*id)));
        return std::nullopt;
    }
    return id;
}

// An HTTP destination's address (HttpUrl: TLS unless on this machine, no credentials in it).
void checkHttpUrl(const QString& text, const QString& path, JsonChecker& checker)
{
    if (const QString problem = HttpUrl::problem(text); !problem.isEmpty())
        checker.error(path, problem);
}

void checkSetting(const SettingSpec& spec, const QJsonObject& json, JsonChecker& checker)
{
    const QString path = JsonChecker::child(root, spec.key);
    switch (spec.type) {
    case SettingSpec::Type::String:
        if (const auto value = checker.string(json, spec.key, root, spec.required);
            value && !spec.allowed.isEmpty() && !spec.allowed.contains(*value))
            checker.error(path,
                QStringLiteral("%1 is not one of %2").arg(quoted(*value), spec.allowed.join(QLatin1String(", "))));
        else if (value
            && (spec.key == QLatin1String("baseUrl") || spec.key == QLatin1String("instanceUrl")
                || spec.key == QLatin1String("url")))
            checkHttpUrl(*value, path, checker);
        break;
    case SettingSpec::Type::Integer:
        checker.integer(json, spec.key, root, spec.required, spec.minimum, spec.maximum);
        break;
    case SettingSpec::Type::Boolean:
        checker.boolean(json, spec.key, root);
        break;
    case SettingSpec::Type::Object:
        checker.object(json, spec.key, root, spec.required);
        break;
    case SettingSpec::Type::Secret:
        if (const auto value = checker.string(json, spec.key, root, spec.required); value && !SecretRef::parse(*value))
            checker.error(path,
                QStringLiteral("a secret must be a reference, \"keychain\" or \"env:VARNAME\"; secret "
                               "values are never stored in workspace files"));
        break;
    }
}

std::optional<FieldMapping> parseMapping(const QJsonValue& value, const QString& path, JsonChecker& checker)
{
    if (!value.isObject()) {
        checker.error(path, QStringLiteral("expected an object, found %1").arg(JsonChecker::typeName(value)));
        return std::nullopt;
    }
    const QJsonObject json = value.toObject();
    checker.onlyKeys(json, path,
        {QStringLiteral("source"), QStringLiteral("value"), QStringLiteral("template"), QStringLiteral("target"),
            QStringLiteral("transforms"), QStringLiteral("nulls")});
    FieldMapping mapping;
    mapping.json = json;
    const int sources = int(json.contains(QStringLiteral("source"))) + int(json.contains(QStringLiteral("value")))
        + int(json.contains(QStringLiteral("template")));
    if (sources != 1) {
        checker.error(path,
            QStringLiteral("a mapping takes exactly one of \"source\", \"value\" or \"template\" (found %1)")
                .arg(sources));
        return std::nullopt;
    }
    if (json.contains(QStringLiteral("source"))) {
        mapping.kind = FieldMapping::Kind::Column;
        mapping.source = checker.string(json, QStringLiteral("source"), path, true).value_or(QString());
    } else if (json.contains(QStringLiteral("template"))) {
        mapping.kind = FieldMapping::Kind::Template;
        mapping.templateText = checker.string(json, QStringLiteral("template"), path, true).value_or(QString());
        if (auto parsed = Template::parse(mapping.templateText); !parsed)
            checker.error(JsonChecker::child(path, QStringLiteral("template")), parsed.error().message);
    } else {
        mapping.kind = FieldMapping::Kind::Constant;
        mapping.value = json.value(QStringLiteral("value"));
    }
    const auto target = checker.string(json, QStringLiteral("target"), path, true);
    if (!target)
        return std::nullopt;
    mapping.target = *target;
    if (const auto transforms = checker.array(json, QStringLiteral("transforms"), path, false)) {
        for (int i = 0; i < transforms->size(); ++i) {
            const QJsonValue t = transforms->at(i);
            const QString at = JsonChecker::element(JsonChecker::child(path, QStringLiteral("transforms")), i);
            if (!t.isString() && !t.isObject())
                checker.error(
                    at, QStringLiteral("a transform is a name or an object, found %1").arg(JsonChecker::typeName(t)));
            else if (auto parsed = Transform::parse(t); !parsed)
                checker.error(at, parsed.error().message);
        }
        mapping.transforms = *transforms;
    }
    if (const auto nulls = checker.string(json, QStringLiteral("nulls"), path, false)) {
        if (*nulls == QLatin1String("skip"))
            mapping.nulls = FieldMapping::Nulls::Skip;
        else if (*nulls == QLatin1String("send"))
            mapping.nulls = FieldMapping::Nulls::Send;
        else
            checker.error(JsonChecker::child(path, QStringLiteral("nulls")),
                QStringLiteral("%1 is not \"send\" (a NULL clears the value) or \"skip\" (a NULL leaves it as it is)")
                    .arg(quoted(*nulls)));
    }
    return mapping;
}

void checkSchedule(const QJsonObject& schedule, JsonChecker& checker)
{
    const QString path = QStringLiteral("$.schedule");
    checker.onlyKeys(schedule, path, {QStringLiteral("every"), QStringLiteral("cron")});
    const bool every = schedule.contains(QStringLiteral("every"));
    const bool cron = schedule.contains(QStringLiteral("cron"));
    if (every == cron) {
        checker.error(
            path, QStringLiteral("a schedule takes exactly one of \"every\" (\"15m\") or \"cron\" (\"*/15 * * * *\")"));
        return;
    }
    if (every) {
        if (const auto value = checker.string(schedule, QStringLiteral("every"), path, true)) {
            if (const auto seconds = Schedule::parseInterval(*value); !seconds)
                checker.error(JsonChecker::child(path, QStringLiteral("every")), seconds.error().message);
        }
    } else if (const auto value = checker.string(schedule, QStringLiteral("cron"), path, true)) {
        const QString cronPath = JsonChecker::child(path, QStringLiteral("cron"));
        const auto cron = CronExpression::parse(*value);
        if (!cron && value->simplified().split(QLatin1Char(' ')).size() != 5)
            checker.error(cronPath,
                QStringLiteral("%1 is not a five-field cron expression (minute hour day month weekday)")
                    .arg(quoted(*value)));
        else if (!cron)
            checker.error(cronPath, QStringLiteral("%1: %2").arg(quoted(*value), cron.error().message));
        else if (cron->neverFires())
            checker.error(cronPath,
                QStringLiteral("%1 never fires: none of its months has the day of the month it asks for")
                    .arg(quoted(*value)));
    }
}

// A file that could not be taken, under the id it would have had.
BrokenFile broken(const QString& name, const QString& id, const QStringList& problems)
{
    return BrokenFile{id.isEmpty() ? QFileInfo(name).completeBaseName() : id, name, problems, {}};
}

// The *.json files of `subdir`. An entry that cannot be read as one (a symbolic link that
// leads nowhere, a folder, a name that is not UTF-8) is reported in `unreadable`, never
// skipped: the sync or connection it was meant to be would silently not exist.
QFileInfoList jsonFiles(const QDir& subdir, const QString& sub, QList<BrokenFile>& unreadable)
{
    QFileInfoList files;
    const auto entries = subdir.entryInfoList(
        {QStringLiteral("*.json")}, QDir::AllEntries | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
    for (const QFileInfo& info : entries) {
        const QString name = sub + QLatin1Char('/') + info.fileName();
        if (info.isFile())
            files << info;
        else if (info.isSymLink())
            unreadable << broken(name, {},
                {QStringLiteral(
                    "%1: a symbolic link that cannot be followed (its target is missing, or links lead back to it)")
                        .arg(name)});
        else if (info.isDir())
            unreadable << broken(name, {}, {QStringLiteral("%1: is a folder, not a file").arg(name)});
        else
            unreadable << broken(name, {}, {QStringLiteral("%1: is not a regular file").arg(name)});
    }
    // Qt lists no entry whose name does not decode, so those are looked for by their bytes.
    if (DIR* raw = opendir(QFile::encodeName(subdir.absolutePath()).constData())) {
        while (const dirent* entry = readdir(raw)) {
            const QByteArray bytes(entry->d_name);
            if (bytes.endsWith(".json") && QFile::encodeName(QFile::decodeName(bytes)) != bytes) {
                const QString name = sub + QLatin1Char('/') + QFile::decodeName(bytes);
                unreadable << broken(name, {},
                    {QStringLiteral(
                        "%1: the file name is not valid UTF-8, so it cannot be opened by its name; rename it")
                            .arg(name)});
            }
        }
        closedir(raw);
    }
    return files;
}

// The connections a sync file names, read as far as it can be: a broken sync still depends
// on them, and their problems explain why it cannot run.
QStringList namedConnections(const QJsonObject& json)
{
    QStringList ids;
    for (const char* side : {"source", "destination"}) {
        const QJsonValue id = json.value(QLatin1String(side)).toObject().value(QStringLiteral("connection"));
        if (id.isString() && !ids.contains(id.toString()))
            ids << id.toString();
    }
    return ids;
}

} // namespace

std::optional<ConnectionSpec> WorkspaceLoader::parseConnection(
    const QJsonObject& json, const QString& fileStem, JsonChecker& checker)
{
    const int errorsBefore = int(checker.errors().size());
    ConnectionSpec spec;
    spec.json = json;
    spec.id = readId(json, fileStem, checker).value_or(QString());
    const auto kindName = checker.string(json, QStringLiteral("kind"), root, true);
    if (kindName) {
        const ConnectionKind* kind = ConnectionKinds::find(*kindName);
        if (!kind) {
            checker.error(QStringLiteral("$.kind"),
                QStringLiteral("unknown connection kind %1; known kinds: %2")
                    .arg(quoted(*kindName), ConnectionKinds::names().join(QLatin1String(", "))));
        } else {
            spec.kind = *kindName;
            QStringList known{QStringLiteral("kind"), QStringLiteral("id"), QStringLiteral("description")};
            for (const auto& setting : kind->settings) {
                checkSetting(setting, json, checker);
                known << setting.key;
            }
            checker.onlyKeys(json, root, known);
            // Secrets are never in a file: an ODBC password goes in "password" (env:VAR or the keychain).
            static const QRegularExpression secretInString(
                QStringLiteral("(^|;)\\s*(pwd|password)\\s*="), QRegularExpression::CaseInsensitiveOption);
            if (spec.kind == QLatin1String("odbc")
                && spec.json.value(QStringLiteral("connectionString")).toString().contains(secretInString))
                checker.error(QStringLiteral("$.connectionString"),
                    QStringLiteral("holds a password; put it in \"password\" (\"env:VAR\" or the keychain), "
                                   "which Ebb adds when it connects"));
        }
    }
    if (checker.errors().size() != errorsBefore)
        return std::nullopt;
    return spec;
}

std::optional<SyncSpec> WorkspaceLoader::parseSync(
    const QJsonObject& json, const QString& fileStem, JsonChecker& checker)
{
    const int errorsBefore = int(checker.errors().size());
    SyncSpec spec;
    spec.json = json;
    spec.id = readId(json, fileStem, checker).value_or(QString());

    checker.onlyKeys(json, root,
        {QStringLiteral("id"), QStringLiteral("description"), QStringLiteral("source"), QStringLiteral("destination"),
            QStringLiteral("mappings"), QStringLiteral("schedule"), QStringLiteral("guards"),
            QStringLiteral("alerts")});
    const QString sourcePath = QStringLiteral("$.source");
    if (const auto source = checker.object(json, QStringLiteral("source"), root, true)) {
        checker.onlyKeys(*source, sourcePath,
            {QStringLiteral("connection"), QStringLiteral("query"), QStringLiteral("primaryKey"),
                QStringLiteral("cursor"), QStringLiteral("cursorLookback"), QStringLiteral("changeDetection")});
        spec.sourceConnection
            = checker.string(*source, QStringLiteral("connection"), sourcePath, true).value_or(QString());
        spec.query = checker.string(*source, QStringLiteral("query"), sourcePath, true).value_or(QString());
        spec.primaryKey = checker.string(*source, QStringLiteral("primaryKey"), sourcePath, true).value_or(QString());
        spec.cursorColumn = checker.string(*source, QStringLiteral("cursor"), sourcePath, false).value_or(QString());
        if (const auto detection = checker.string(*source, QStringLiteral("changeDetection"), sourcePath, false)) {
            if (*detection == QLatin1String("warehouse"))
                spec.changeDetection = SyncSpec::ChangeDetection::Warehouse;
            else if (*detection != QLatin1String("local"))
                checker.error(QStringLiteral("$.source.changeDetection"),
                    QStringLiteral("%1 is not \"local\" (the journal finds the changes) or \"warehouse\" (the"
                                   " warehouse finds them, with the sync's state kept in it)")
                        .arg(quoted(*detection)));
            else
                spec.changeDetection = SyncSpec::ChangeDetection::Local;
            if (spec.changeDetection == SyncSpec::ChangeDetection::Warehouse && !spec.cursorColumn.isEmpty())
                checker.error(QStringLiteral("$.source.changeDetection"),
                    QStringLiteral("\"warehouse\" compares every row in the warehouse; it takes no \"cursor\": remove"
                                   " \"cursor\", or set \"changeDetection\" to \"local\""));
        }
        if (const auto lookback = checker.string(*source, QStringLiteral("cursorLookback"), sourcePath, false)) {
            if (const auto seconds = Duration::parseSeconds(*lookback))
                spec.cursorLookbackSeconds = *seconds;
            else
                checker.error(QStringLiteral("$.source.cursorLookback"),
                    QStringLiteral("%1 is not a duration such as \"10m\" or \"1h\"").arg(quoted(*lookback)));
            if (spec.cursorColumn.isEmpty())
                checker.error(QStringLiteral("$.source.cursorLookback"),
                    QStringLiteral("only means something with a \"cursor\""));
        }
    }
    const QString destinationPath = QStringLiteral("$.destination");
    if (const auto destination = checker.object(json, QStringLiteral("destination"), root, true)) {
        checker.onlyKeys(*destination, destinationPath,
            {QStringLiteral("connection"), QStringLiteral("object"), QStringLiteral("matchField"),
                QStringLiteral("mode"), QStringLiteral("nulls")});
        spec.destinationConnection
            = checker.string(*destination, QStringLiteral("connection"), destinationPath, true).value_or(QString());
        spec.object
            = checker.string(*destination, QStringLiteral("object"), destinationPath, false).value_or(QString());
        spec.matchField
            = checker.string(*destination, QStringLiteral("matchField"), destinationPath, false).value_or(QString());
        if (const auto nulls = checker.string(*destination, QStringLiteral("nulls"), destinationPath, false)) {
            if (*nulls != QLatin1String("send") && *nulls != QLatin1String("skip"))
                checker.error(QStringLiteral("$.destination.nulls"),
                    QStringLiteral("%1 is not \"send\" (a NULL clears the value) or \"skip\" (a NULL leaves it as "
                                   "it is)")
                        .arg(quoted(*nulls)));
            spec.skipNulls = *nulls == QLatin1String("skip");
        }
        if (const auto mode = checker.string(*destination, QStringLiteral("mode"), destinationPath, false)) {
            if (!SyncSpec::modes().contains(*mode))
                checker.error(QStringLiteral("$.destination.mode"),
                    QStringLiteral("%1 is not a sync mode; use one of %2")
                        .arg(quoted(*mode), SyncSpec::modes().join(QLatin1String(", "))));
            spec.mode = syncModeFromName(*mode).value_or(SyncMode::Upsert);
        }
    }
    if (const auto mappings = checker.array(json, QStringLiteral("mappings"), root, true)) {
        // Without a mapping every record is {}: nothing to write, and nothing to match it by.
        if (mappings->isEmpty())
            checker.error(QStringLiteral("$.mappings"),
                QStringLiteral("a sync needs at least one mapping "
                               "({\"source\": \"<column>\", \"target\": \"<field>\"})"));
        QStringList targets;
        for (int i = 0; i < mappings->size(); ++i) {
            const QString path = JsonChecker::element(QStringLiteral("$.mappings"), i);
            auto mapping = parseMapping(mappings->at(i), path, checker);
            if (!mapping)
                continue;
            if (targets.contains(mapping->target))
                checker.error(JsonChecker::child(path, QStringLiteral("target")),
                    QStringLiteral("%1 is already the target of an earlier mapping").arg(quoted(mapping->target)));
            targets << mapping->target;
            spec.mappings << *mapping;
        }
    }
    if (const auto schedule = checker.object(json, QStringLiteral("schedule"), root, false)) {
        checkSchedule(*schedule, checker);
        spec.schedule = *schedule;
    }
    if (const auto guards = checker.object(json, QStringLiteral("guards"), root, false)) {
        const QString guardsPath = QStringLiteral("$.guards");
        checker.onlyKeys(*guards, guardsPath,
            {QStringLiteral("maxChangePercent"), QStringLiteral("maxDeletePercent"), QStringLiteral("maxRejectPercent"),
                QStringLiteral("freshness")});
        if (auto parsed = Guards::parse(*guards); !parsed) {
            // One problem a line, each starting with its place: "$.guards.maxChangePercent: …".
            for (const QString& line : parsed.error().message.split(QLatin1Char('\n'))) {
                const qsizetype colon = line.indexOf(QLatin1String(": "));
                if (line.startsWith(QLatin1String("$.")) && colon > 0)
                    checker.error(line.left(colon), line.mid(colon + 2));
                else
                    checker.error(guardsPath, line);
            }
        }
        spec.guards = *guards;
    }
    if (const auto alerts = checker.object(json, QStringLiteral("alerts"), root, false)) {
        if (auto parsed = AlertSettings::parse(*alerts, QStringLiteral("$.alerts")); !parsed) {
            // "$.alerts.webhook: …": the message names its own place.
            const QString message = parsed.error().message;
            checker.error(message.section(QStringLiteral(": "), 0, 0), message.section(QStringLiteral(": "), 1));
        }
        spec.alerts = *alerts;
    }
    if (!spec.cursorColumn.isEmpty() && spec.mode == SyncMode::Mirror)
        checker.error(QStringLiteral("$.source.cursor"),
            QStringLiteral("mirror mode must see every key each run to find the ones that left the query; "
                           "an incremental cursor reads only rows that changed (remove \"cursor\" or use upsert)"));
    if (checker.errors().size() != errorsBefore)
        return std::nullopt;
    return spec;
}

void WorkspaceLoader::checkReferences(const Workspace& workspace, const SyncSpec& sync, JsonChecker& checker)
{
    const auto check = [&](const QString& id, const QString& path, bool wantWarehouse) {
        if (const BrokenFile* broken = workspace.brokenConnection(id)) {
            checker.error(
                path, QStringLiteral("connection %1 has problems (%2); fix them first").arg(quoted(id), broken->file));
            return;
        }
        const ConnectionSpec* connection = workspace.connection(id);
        if (!connection) {
            checker.error(path, QStringLiteral("no connection %1 in connections/").arg(quoted(id)));
            return;
        }
        const ConnectionKind* kind = ConnectionKinds::find(connection->kind);
        if (kind && wantWarehouse && !kind->warehouse)
            checker.error(path,
                QStringLiteral("connection %1 is a %2 connection, which cannot be a source")
                    .arg(quoted(id), connection->kind));
        if (kind && !wantWarehouse && !kind->destination)
            checker.error(path,
                QStringLiteral("connection %1 is a %2 connection, which cannot be a destination")
                    .arg(quoted(id), connection->kind));
    };
    check(sync.sourceConnection, QStringLiteral("$.source.connection"), true);
    if (sync.changeDetection == SyncSpec::ChangeDetection::Warehouse) {
        const ConnectionSpec* source = workspace.connection(sync.sourceConnection);
        const ConnectionKind* kind = source ? ConnectionKinds::find(source->kind) : nullptr;
        if (kind && !kind->findsChanges())
            checker.error(QStringLiteral("$.source.changeDetection"),
                QStringLiteral("connection %1 is a %2 connection, which cannot find a sync's changes itself"
                               " (PostgreSQL can): set \"changeDetection\" to \"local\"")
                    .arg(quoted(sync.sourceConnection), kind->label));
    }
    check(sync.destinationConnection, QStringLiteral("$.destination.connection"), false);
}

Result<Workspace> WorkspaceLoader::load(const QString& folder)
{
    auto workspace = open(folder);
    if (workspace && !workspace->problems.isEmpty())
        return Error::config(workspace->problems.join(QLatin1Char('\n')));
    return workspace;
}

Result<Workspace> WorkspaceLoader::open(const QString& folder)
{
    const QDir dir(folder);
    Workspace workspace;
    workspace.root = dir.absolutePath();
    if (!QFileInfo(dir.filePath(QStringLiteral("ebb.json"))).isFile())
        return Error::config(QStringLiteral("%1: not an Ebb workspace (there is no ebb.json)").arg(workspace.root));

    auto ebb = JsonFile::read(dir.filePath(QStringLiteral("ebb.json")), QStringLiteral("ebb.json"));
    if (!ebb)
        return ebb.error();
    JsonChecker top(QStringLiteral("ebb.json"));
    workspace.json = *ebb;
    if (const auto version = top.integer(*ebb, QStringLiteral("version"), root, true, 1, 1000)) {
        workspace.version = *version;
        if (*version > Workspace::currentVersion)
            top.error(QStringLiteral("$.version"),
                QStringLiteral("version %1 is newer than this Ebb understands (%2); update Ebb")
                    .arg(*version)
                    .arg(Workspace::currentVersion));
    }
    workspace.name = top.string(*ebb, QStringLiteral("name"), root, true).value_or(QString());
    workspace.keepRuns
        = top.integer(*ebb, QStringLiteral("keepRuns"), root, false, 1, 10000).value_or(Workspace::defaultKeepRuns);
    top.onlyKeys(*ebb, root,
        {QStringLiteral("version"), QStringLiteral("name"), QStringLiteral("description"), QStringLiteral("keepRuns"),
            QStringLiteral("alerts")});
    if (const auto alerts = top.object(*ebb, QStringLiteral("alerts"), root, false)) {
        if (auto parsed = AlertSettings::parse(*alerts, QStringLiteral("$.alerts")); !parsed) {
            const QString message = parsed.error().message;
            top.error(message.section(QStringLiteral(": "), 0, 0), message.section(QStringLiteral(": "), 1));
        }
    }
    workspace.problems << top.errors();

    // Connections first: syncs refer to them. A file with problems is set aside with them,
    // so that it stops only itself and the syncs that use it.
    QHash<QString, QString> seen; // id → file that declared it
    const auto loadFolder = [&](const QString& sub, QList<BrokenFile>& brokenFiles, const auto& parse,
                                const auto& add) {
        const QDir subdir(dir.filePath(sub));
        QList<BrokenFile> unreadable;
        const auto files = jsonFiles(subdir, sub, unreadable);
        for (const BrokenFile& file : unreadable) {
            workspace.problems << file.problems;
            brokenFiles << file;
        }
        for (const QFileInfo& info : files) {
            const QString name = sub + QLatin1Char('/') + info.fileName();
            auto json = JsonFile::read(info.absoluteFilePath(), name);
            if (!json) {
                workspace.problems << json.error().message;
                brokenFiles << broken(name, {}, {json.error().message});
                continue;
            }
            JsonChecker checker(name);
            auto spec = parse(*json, info.completeBaseName(), checker);
            if (spec) {
                const QString key = sub + QLatin1Char(':') + spec->id;
                if (seen.contains(key)) {
                    checker.error(QStringLiteral("$.id"),
                        QStringLiteral("duplicate id %1 (also used by %2)").arg(quoted(spec->id), seen.value(key)));
                } else {
                    seen.insert(key, name);
                    spec->filePath = info.absoluteFilePath();
                    add(*spec, checker);
                }
            }
            if (!checker.errors().isEmpty()) {
                const QJsonValue id = json->value(QStringLiteral("id"));
                BrokenFile file = broken(name,
                    spec                ? spec->id
                        : id.isString() ? id.toString()
                                        : QString(),
                    checker.errors());
                if (sub == QLatin1String("syncs"))
                    file.uses = namedConnections(*json);
                brokenFiles << file;
            }
            workspace.problems << checker.errors();
        }
    };
    loadFolder(QStringLiteral("connections"), workspace.brokenConnections, &WorkspaceLoader::parseConnection,
        [&](const ConnectionSpec& spec, JsonChecker&) { workspace.connections << spec; });
    loadFolder(QStringLiteral("syncs"), workspace.brokenSyncs, &WorkspaceLoader::parseSync,
        [&](const SyncSpec& spec, JsonChecker& checker) {
            checkReferences(workspace, spec, checker);
            if (checker.errors().isEmpty())
                workspace.syncs << spec;
        });

    // ebb.json is every sync's: its problems stop the whole workspace.
    if (!top.errors().isEmpty())
        return Error::config(workspace.problems.join(QLatin1Char('\n')));
    return workspace;
}

} // namespace Ebb
