#include "Mapper.h"

#include "Decimal.h"
#include "ValueText.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace Ebb {

namespace {

QString columnList(const QList<Column>& columns)
{
    QStringList names;
    for (const auto& c : columns)
        names << c.name;
    return names.join(QLatin1String(", "));
}

} // namespace

Result<Mapper> Mapper::compile(const SyncSpec& sync, const QList<Column>& columns)
{
    QStringList errors;
    Mapper mapper;
    mapper.m_keyColumn = columnIndex(columns, sync.primaryKey);
    if (mapper.m_keyColumn >= 0)
        mapper.m_keyOrder = KeyCodec::orderFor(columns[mapper.m_keyColumn].type);
    if (mapper.m_keyColumn < 0)
        errors << QStringLiteral("$.source.primaryKey: no column \"%1\" in the query's result (columns: %2)")
                      .arg(sync.primaryKey, columnList(columns));
    auto targets = std::make_shared<QStringList>();
    for (int i = 0; i < sync.mappings.size(); ++i) {
        const FieldMapping& m = sync.mappings[i];
        const QString path = QStringLiteral("$.mappings[%1]").arg(i);
        Compiled c{m.kind, -1, false, {}, {}, {}, {}, {}, sync.skipsNulls(m)};
        switch (m.kind) {
        case FieldMapping::Kind::Column:
            c.column = columnIndex(columns, m.source);
            c.numeric = c.column >= 0 && columns[c.column].type == ValueType::Numeric;
            if (c.column < 0)
                errors << QStringLiteral("%1.source: no column \"%2\" in the query's result (columns: %3)")
                              .arg(path, m.source, columnList(columns));
            break;
        case FieldMapping::Kind::Constant:
            c.constant = m.value.toVariant();
            break;
        case FieldMapping::Kind::Template: {
            auto parsed = Template::parse(m.templateText);
            if (!parsed) {
                errors << QStringLiteral("%1.template: %2").arg(path, parsed.error().message);
                break;
            }
            c.templ = *parsed;
            for (const QString& name : c.templ.columns()) {
                const int index = columnIndex(columns, name);
                if (index < 0)
                    errors << QStringLiteral("%1.template: no column \"%2\" in the query's result (columns: %3)")
                                  .arg(path, name, columnList(columns));
                c.templateNames << name;
                c.templateColumns << index;
            }
            break;
        }
        }
        for (int t = 0; t < m.transforms.size(); ++t) {
            auto transform = Transform::parse(m.transforms.at(t));
            if (!transform)
                errors << QStringLiteral("%1.transforms[%2]: %3").arg(path).arg(t).arg(transform.error().message);
            else
                c.transforms << *transform;
        }
        targets->append(m.target);
        mapper.m_mappings << c;
    }
    if (!errors.isEmpty())
        return Error::config(errors.join(QLatin1Char('\n')));
    mapper.m_targets = std::move(targets);
    QJsonArray definition;
    for (const FieldMapping& m : sync.mappings)
        definition.append(m.toJson());
    QByteArray canonical = QJsonDocument(definition).toJson(QJsonDocument::Compact);
    if (sync.skipNulls) // the mappings' default changes what a row maps to
        canonical += "nulls:skip;";
    for (const Column& column : columns)
        canonical += column.name.toUtf8() + ':' + QByteArray::number(int(column.type)) + ';';
    // The mapping's identity, saved with cursors and seeding row hashes: kept on the hash it
    // always had, so upgrading Ebb does not make every mapping look changed.
    mapper.m_fingerprint = PayloadJson::legacyHash(canonical);
    return mapper;
}

bool Mapper::map(const QVariant* cells, Payload& payload, Reject& reject) const
{
    payload = Payload(m_targets);
    for (int i = 0; i < m_mappings.size(); ++i) {
        const Compiled& c = m_mappings[i];
        QVariant value;
        switch (c.kind) {
        case FieldMapping::Kind::Column:
            value = cells[c.column];
            if (c.numeric && value.typeId() == QMetaType::QString) {
                // A numeric column is an exact number: it goes out as one, never through a double.
                if (auto decimal = Decimal::parse(value.toString()))
                    value = QVariant::fromValue(*decimal);
            }
            break;
        case FieldMapping::Kind::Constant:
            value = c.constant;
            break;
        case FieldMapping::Kind::Template:
            value = c.templ.render([&](const QString& name) {
                const qsizetype at = c.templateNames.indexOf(name);
                return at < 0 ? QVariant() : cells[c.templateColumns[at]];
            });
            break;
        }
        for (const Transform& transform : c.transforms) {
            auto next = transform.apply(value);
            if (!next) {
                reject.field = m_targets->at(i);
                reject.rule = RejectRule::Transform;
                reject.message = transform.name() + QLatin1String(": ") + next.error().message;
                reject.value = valueText(value);
                return false;
            }
            value = std::move(*next);
        }
        if (c.skipNulls && isNull(value))
            payload.skip(i);
        payload.set(i, std::move(value));
    }
    return true;
}

} // namespace Ebb
