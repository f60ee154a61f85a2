#include "SchemaCommand.h"

#include "TextTable.h"
#include "connectors/destinations/DestinationFactory.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace Ebb {

namespace {

QJsonObject toJson(const FieldSchema& field)
{
    QJsonObject json{{QStringLiteral("name"), field.name}, {QStringLiteral("type"), FieldSchema::typeName(field.type)},
        {QStringLiteral("required"), field.required}, {QStringLiteral("readOnly"), field.readOnly},
        {QStringLiteral("identifier"), field.identifier}};
    if (field.maxLength > 0)
        json.insert(QStringLiteral("maxLength"), field.maxLength);
    if (!field.options.isEmpty())
        json.insert(QStringLiteral("options"), QJsonArray::fromStringList(field.options));
    if (field.minimum)
        json.insert(QStringLiteral("minimum"), *field.minimum);
    if (field.maximum)
        json.insert(QStringLiteral("maximum"), *field.maximum);
    return json;
}

void printSchema(const CliContext& context, const QString& connection, const DestinationSchema& schema)
{
    if (context.json) {
        QJsonArray fields;
        for (const FieldSchema& f : schema.fields)
            fields.append(toJson(f));
        context.out << QJsonDocument(
            QJsonObject{{QStringLiteral("connection"), connection}, {QStringLiteral("object"), schema.object},
                {QStringLiteral("modes"), QJsonArray::fromStringList(syncModeNames(schema.modes))},
                {QStringLiteral("maxBatchSize"), schema.maxBatchSize},
                {QStringLiteral("partialUpdates"), schema.partialUpdates},
                {QStringLiteral("acceptsAnyField"), schema.acceptsAnyField}, {QStringLiteral("fields"), fields}})
                           .toJson(QJsonDocument::Indented);
        return;
    }
    context.out << QStringLiteral("connection \"%1\", object %2: modes %3; batches of up to %4%5\n")
                       .arg(connection, schema.object, syncModeNames(schema.modes).join(QLatin1String(", ")))
                       .arg(schema.maxBatchSize)
                       .arg(schema.partialUpdates ? QStringLiteral("; updates send only the fields that changed")
                                                  : QString());
    if (schema.acceptsAnyField) {
        context.out << "It takes any field: each mapping's target becomes one.\n";
        return;
    }
    TextTable table({QStringLiteral("FIELD"), QStringLiteral("TYPE"), QStringLiteral("REQUIRED"),
                        QStringLiteral("IDENTIFIER"), QStringLiteral("READ-ONLY"), QStringLiteral("RULES")},
        60);
    const auto yes = [](bool b) { return b ? QStringLiteral("yes") : QString(); };
    for (const FieldSchema& f : schema.fields)
        table.addRow(
            {f.name, FieldSchema::typeName(f.type), yes(f.required), yes(f.identifier), yes(f.readOnly), f.rules()});
    context.out << table.render();
}

} // namespace

ExitCode SchemaCommand::run(const CliContext& context)
{
    if (context.arguments.isEmpty() || context.arguments.size() > 2)
        return context.usage(QStringLiteral("schema takes a connection and, optionally, one of its objects"));
    const QString connection = context.arguments.first();
    const QString object = context.arguments.value(1);
    if (const BrokenFile* broken = context.workspace.brokenConnection(connection))
        return context.fail(
            Error::config(QStringLiteral("connection \"%1\" cannot be used until these problems are fixed:\n%2")
                              .arg(connection, broken->problems.join(QLatin1Char('\n')))));
    auto destination = DestinationFactory::forDescribing(context.workspace, connection, object);
    if (!destination)
        return context.fail(destination.error());
    if (object.isEmpty()) {
        auto objects = (*destination)->objects();
        if (!objects)
            return context.fail(objects.error());
        if (!objects->isEmpty()) { // else the connection is its one object: describe it
            if (context.json) {
                context.out << QJsonDocument(QJsonObject{{QStringLiteral("connection"), connection},
                                                 {QStringLiteral("objects"), QJsonArray::fromStringList(*objects)}})
                                   .toJson(QJsonDocument::Indented);
            } else {
                for (const QString& name : *objects)
                    context.out << name << '\n';
            }
            context.out.flush();
            return ExitCode::Ok;
        }
    }
    auto schema = (*destination)->schema();
    if (!schema)
        return context.fail(schema.error());
    printSchema(context, connection, *schema);
    context.out.flush();
    return ExitCode::Ok;
}

} // namespace Ebb
