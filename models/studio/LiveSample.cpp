#include "LiveSample.h"

#include "models/mapping/Mapper.h"
#include "models/studio/JsonText.h"
#include "models/validation/PayloadValidator.h"

#include <QJsonArray>
#include <algorithm>

namespace Ebb {

namespace {

// The row mapped by the mapping with `transforms` in place of its own; nullopt when a
// transform refuses the value.
std::optional<Payload> mapWith(const SyncSpec& single, const QJsonArray& transforms, const RowBatch& sample, int row)
{
    SyncSpec other = single;
    other.mappings.first().transforms = transforms;
    auto mapper = Mapper::compile(other, sample.columns());
    Payload payload;
    Reject reject;
    if (!mapper || !mapper->map(sample, row, payload, reject))
        return std::nullopt;
    return payload;
}

// The payload's value is of the field's type: the validator finds no type problem, and it is
// no text that would need a cast either when `strict`.
bool typed(const Payload& payload, const QString& target, const FieldSchema* field, const PayloadValidator& validator,
    bool strict)
{
    const auto problems = validator.check(payload);
    if (std::any_of(problems.begin(), problems.end(),
            [&](const Reject& p) { return p.field == target && p.rule == RejectRule::Type; }))
        return false;
    return !strict || !field || !TransformSuggestion::forValue(payload.value(0), *field);
}

// For a value of the wrong type made by a chain of transforms: the first transform after
// which it no longer passes (a dateFormat makes text of a date field's date), or -1 when
// the column itself is the wrong type. The longest prefix of the chain that passes says it.
int transformThatBreaksTheType(const SyncSpec& single, const RowBatch& sample, const FieldSchema* field,
    const PayloadValidator& validator, int row)
{
    const FieldMapping& mapping = single.mappings.first();
    for (qsizetype kept = mapping.transforms.size() - 1; kept >= 0; --kept) {
        QJsonArray prefix;
        for (qsizetype i = 0; i < kept; ++i)
            prefix.append(mapping.transforms.at(i));
        const auto payload = mapWith(single, prefix, sample, row);
        if (payload && typed(*payload, mapping.target, field, validator, false))
            return int(kept);
    }
    return -1;
}

} // namespace

QString LiveSample::valueJson(const QVariant& value)
{
    QByteArray out;
    PayloadJson::appendValue(out, value);
    return QString::fromUtf8(out);
}

QString LiveSample::ruleName() const
{
    if (state == State::Invalid)
        return QStringLiteral("config");
    return rule ? rejectRuleName(*rule) : QString();
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
    // A suggested cast must make this sample pass; one that cannot ("10/07/2021" is no ISO
    // date) would be a fix that rejects every row.
    if (result.suggestion) {
        QJsonArray fixed = mapping.transforms;
        fixed.append(result.suggestion->transform);
        const auto payload = mapWith(single, fixed, sample, row);
        if (!payload || !typed(*payload, mapping.target, field, validator, false))
            result.suggestion.reset();
    }
    std::optional<Reject> problem;
    for (const Reject& p : validator.check(payload)) {
        // The validator also lists every other required field this one-mapping payload lacks.
        if (p.field == mapping.target) {
            problem = p;
            break;
        }
    }
    // A type the chain itself broke (a dateFormat on a date field): the advice is to remove
    // that transform, not to add a cast after it.
    if (!mapping.transforms.isEmpty()
        && ((problem && problem->rule == RejectRule::Type) || (!problem && result.suggestion))) {
        result.breakingTransform = transformThatBreaksTheType(single, sample, field, validator, row);
        if (result.breakingTransform >= 0)
            result.suggestion.reset();
    }
    const QString advice = result.breakingTransform < 0
        ? QString()
        : QStringLiteral("without `%1` it would pass: remove it")
              .arg(transformLabel(mapping.transforms.at(result.breakingTransform)));
    if (problem) {
        const bool fixable = problem->rule == RejectRule::Type && result.suggestion;
        result.state = fixable ? State::TypeMismatch : State::Rejected;
        result.rule = problem->rule;
        result.message = advice.isEmpty() ? problem->message : QStringLiteral("%1; %2").arg(problem->message, advice);
        return result;
    }
    if (result.suggestion || !advice.isEmpty()) {
        // The destination may accept "41" for a number, but whether it does is its own
        // business; a cast states the intent and rejects "n/a" here rather than there.
        result.state = State::TypeMismatch;
        result.rule = RejectRule::Type;
        result.message = result.suggestion ? result.suggestion->text() : advice;
        return result;
    }
    result.state = State::Ok;
    return result;
}

} // namespace Ebb
