#include "LiveSample.h"

#include "models/mapping/Mapper.h"
#include "models/studio/JsonText.h"
#include "models/validation/PayloadValidator.h"

#include <QJsonArray>

namespace Ebb {

namespace {

// For a value of the wrong type made by a chain of transforms: the first transform after
// which it no longer passes (a dateFormat makes text of a date field's date), or empty when
// the column itself is the wrong type. The longest prefix of the chain that passes says it.
QString transformThatBreaksTheType(
    const SyncSpec& single, const RowBatch& sample, const PayloadValidator& validator, int row)
{
    const FieldMapping& mapping = single.mappings.first();
    for (qsizetype kept = mapping.transforms.size() - 1; kept >= 0; --kept) {
        SyncSpec shorter = single;
        FieldMapping& cut = shorter.mappings.first();
        cut.transforms = QJsonArray();
        for (qsizetype i = 0; i < kept; ++i)
            cut.transforms.append(mapping.transforms.at(i));
        auto mapper = Mapper::compile(shorter, sample.columns());
        Payload payload;
        Reject reject;
        if (!mapper || !mapper->map(sample, row, payload, reject))
            continue;
        bool typed = true;
        for (const Reject& problem : validator.check(payload))
            typed = typed && !(problem.field == mapping.target && problem.rule == QLatin1String("type"));
        if (typed)
            return transformLabel(mapping.transforms.at(kept));
    }
    return {};
}

} // namespace

QString LiveSample::valueJson(const QVariant& value)
{
    QByteArray out;
    PayloadJson::appendValue(out, value);
    return QString::fromUtf8(out);
}

QString LiveSample::stateName(State state)
{
    switch (state) {
    case State::Ok:
        return QStringLiteral("ok");
    case State::Rejected:
        return QStringLiteral("rejected");
    case State::TypeMismatch:
        return QStringLiteral("mismatch");
    case State::RequiredUnmapped:
        return QStringLiteral("required");
    case State::Invalid:
        return QStringLiteral("invalid");
    case State::Unchecked:
        return QStringLiteral("unchecked");
    }
    return {};
}

LiveSample LiveSample::evaluate(
    const SyncSpec& sync, const FieldMapping& mapping, const RowBatch& sample, const DestinationSchema& schema, int row)
{
    LiveSample result;
    const QList<Column>& columns = sample.columns();
    if (columns.isEmpty()) {
        result.message = QStringLiteral("no sample yet: run the query to see what this mapping sends");
        return result;
    }
    // The mapping alone, so one broken mapping does not hide the others' samples. Mapper
    // insists on a primary key column; any column serves, the key plays no part here.
    SyncSpec single;
    single.id = sync.id;
    single.mode = sync.mode;
    single.primaryKey = columns.first().name;
    single.mappings = {mapping};
    auto mapper = Mapper::compile(single, columns);
    if (!mapper) {
        result.state = State::Invalid;
        result.rule = QStringLiteral("config");
        // "$.mappings[0].source: no column …": the path is the single spec's, not the file's.
        result.message = mapper.error().message.section(QLatin1String(": "), 1);
        return result;
    }
    if (sample.rowCount() <= row) {
        result.message = QStringLiteral("the query returned no rows to sample");
        return result;
    }
    if (mapping.kind == FieldMapping::Kind::Column)
        result.before = sample.at(row, columnIndex(columns, mapping.source));
    Payload payload;
    Reject reject;
    if (!mapper->map(sample, row, payload, reject)) {
        result.state = State::Rejected;
        result.rule = reject.rule;
        result.message = reject.message;
        return result;
    }
    result.value = payload.value(0);
    if (schema.fields.isEmpty() && !schema.acceptsAnyField) {
        result.message
            = QStringLiteral("the destination's fields are not known yet: nothing to check the value against");
        return result;
    }
    const PayloadValidator validator(schema, {mapping.target}, sync.mode);
    const FieldSchema* field = schema.field(mapping.target);
    if (field)
        result.suggestion = TransformSuggestion::forValue(result.value, *field);
    // A cast the chain already has is not suggested again (a later transform, such as a
    // dateFormat after a date, made text of it on purpose): the validator alone decides.
    if (result.suggestion) {
        for (const QJsonValue& t : mapping.transforms) {
            if (transformLabel(t) == transformLabel(result.suggestion->transform)) {
                result.suggestion.reset();
                break;
            }
        }
    }
    for (const Reject& problem : validator.check(payload)) {
        // The validator also lists every other required field this one-mapping payload lacks.
        if (problem.field != mapping.target)
            continue;
        const bool fixable = problem.rule == QLatin1String("type") && result.suggestion;
        result.state = fixable ? State::TypeMismatch : State::Rejected;
        result.rule = problem.rule;
        result.message = problem.message;
        if (problem.rule == QLatin1String("type") && !result.suggestion && !mapping.transforms.isEmpty()) {
            const QString culprit = transformThatBreaksTheType(single, sample, validator, row);
            if (!culprit.isEmpty())
                result.message += QStringLiteral("; without `%1` it would pass: remove it").arg(culprit);
        }
        return result;
    }
    if (result.suggestion) {
        // The destination may accept "41" for a number, but whether it does is its own
        // business; a cast states the intent and rejects "n/a" here rather than there.
        result.state = State::TypeMismatch;
        result.rule = QStringLiteral("type");
        result.message = result.suggestion->text();
        return result;
    }
    result.state = State::Ok;
    return result;
}

} // namespace Ebb
