#include "PayloadValidator.h"

#include "models/mapping/Decimal.h"
#include "models/mapping/MicroTime.h"
#include "models/mapping/ValueText.h"

#include <QDate>
#include <QDateTime>
#include <QHash>
#include <QRegularExpression>
#include <algorithm>
#include <cmath>

namespace Ebb {

namespace {

Reject problem(const QString& field, RejectRule rule, QString message, const QVariant& value)
{
    return Reject{{}, field, rule, std::move(message), valueText(value), {}};
}

QString quoted(const QVariant& value)
{
    return QLatin1Char('"') + valueText(value) + QLatin1Char('"');
}

bool isNumber(const QVariant& v)
{
    const int t = v.typeId();
    if (t == QMetaType::LongLong || t == QMetaType::Int || t == QMetaType::Double
        || v.metaType() == QMetaType::fromType<Decimal>())
        return true;
    return t == QMetaType::QString && Decimal::parse(v.toString()).has_value();
}

bool isInteger(const QVariant& v)
{
    const int t = v.typeId();
    if (t == QMetaType::LongLong || t == QMetaType::Int)
        return true;
    if (t == QMetaType::Double) { // range first: casting an out-of-range double is undefined behaviour
        const double d = v.toDouble();
        return d >= -9223372036854775808.0 && d < 9223372036854775808.0 && d == std::trunc(d);
    }
    const auto d = Decimal::parse(valueText(v));
    return d && d->isIntegral();
}

} // namespace

PayloadValidator::PayloadValidator(DestinationSchema schema, QStringList targets, SyncMode mode)
    : m_schema(std::move(schema))
    , m_targets(std::move(targets))
    , m_updating(mode == SyncMode::Update)
{
    for (const QString& target : m_targets)
        m_fieldOf << m_schema.field(target);
    if (mode != SyncMode::Update) {
        // const: a non-const begin() would detach the list from the caller's copy and leave
        // m_fieldOf pointing into that copy.
        for (const FieldSchema& field : std::as_const(m_schema.fields)) {
            if (field.required && !m_targets.contains(field.name))
                m_unmappedRequired << &field;
        }
    }
}

bool PayloadValidator::isEmail(const QString& text)
{
    // The shape every CRM checks: one @, no spaces, a dot in the domain, a 2+ letter TLD.
    // \z, not $: PCRE's $ also matches before a trailing newline.
    static const QRegularExpression email(QStringLiteral(R"(^[^@\s]+@[^@\s.]+(\.[^@\s.]+)*\.[A-Za-z]{2,}\z)"));
    return email.match(text).hasMatch();
}

QList<Reject> PayloadValidator::check(const Payload& payload) const
{
    QList<Reject> problems;
    for (const FieldSchema* field : m_unmappedRequired)
        problems << problem(field->name, RejectRule::Required,
            QStringLiteral("required field \"%1\" has no mapping").arg(field->name), {});
    for (int i = 0; i < m_targets.size(); ++i) {
        const FieldSchema* field = m_fieldOf[i];
        if (!field) {
            if (m_schema.acceptsAnyField)
                continue;
            problems << problem(m_targets[i], RejectRule::UnknownField,
                QStringLiteral("%1 has no field \"%2\"").arg(m_schema.object, m_targets[i]), payload.value(i));
            continue;
        }
        if (auto p = checkField(*field, payload.value(i)))
            problems << *p;
    }
    return problems;
}

std::optional<Reject> PayloadValidator::checkField(const FieldSchema& field, const QVariant& value) const
{
    if (field.readOnly && !(m_updating && field.identifier))
        return problem(field.name, RejectRule::ReadOnly,
            QStringLiteral("\"%1\" is read-only in %2").arg(field.name, m_schema.object), value);
    // An empty text is "no value" for typed fields; for text, picklists and emails it is a value.
    const bool textLike = field.isTextLike();
    if (isNull(value)
        || (value.typeId() == QMetaType::QString && value.toString().isEmpty()
            && (!textLike || m_schema.emptyTextIsNull))) {
        if (field.required)
            return problem(
                field.name, RejectRule::Required, QStringLiteral("\"%1\" is required").arg(field.name), value);
        return std::nullopt;
    }
    if (field.required && value.typeId() == QMetaType::QString && value.toString().trimmed().isEmpty())
        return problem(
            field.name, RejectRule::Required, QStringLiteral("\"%1\" is required and is empty").arg(field.name), value);

    const auto typeError = [&](const QString& expected) {
        return problem(
            field.name, RejectRule::Type, QStringLiteral("%1 is not %2").arg(quoted(value), expected), value);
    };
    // The value's text, made only for the checks that read it (most values of a typed
    // column never need it; making it showed in profiles at a million rows).
    std::optional<QString> textOnce;
    const auto text = [&]() -> const QString& {
        if (!textOnce)
            textOnce = valueText(value);
        return *textOnce;
    };
    switch (field.type) {
    case FieldSchema::Type::Number:
        if (!isNumber(value))
            return typeError(QStringLiteral("a number"));
        break;
    case FieldSchema::Type::Integer:
        if (!isInteger(value))
            return typeError(QStringLiteral("a whole number"));
        break;
    default:
        break;
    }
    if ((field.type == FieldSchema::Type::Number || field.type == FieldSchema::Type::Integer)
        && (field.minimum || field.maximum)) {
        const int t = value.typeId();
        const double number = t == QMetaType::LongLong || t == QMetaType::Int ? double(value.toLongLong())
            : t == QMetaType::Double                                          ? value.toDouble()
                                                                              : text().toDouble();
        if ((field.minimum && number < *field.minimum) || (field.maximum && number > *field.maximum))
            return problem(field.name, RejectRule::Range,
                QStringLiteral("%1 is outside %2 to %3")
                    .arg(text(), field.minimum ? FieldSchema::boundText(*field.minimum) : QStringLiteral("−∞"),
                        field.maximum ? FieldSchema::boundText(*field.maximum) : QStringLiteral("∞")),
                value);
    }
    // numeric(p, s): the value rounded to s decimals (half away from zero, as PostgreSQL does)
    // must have at most p - s digits before the point, or the server refuses the whole row.
    if (field.type == FieldSchema::Type::Number && field.precision > 0) {
        const auto decimal = value.typeId() == QMetaType::Double ? Decimal::fromDouble(value.toDouble())
            : value.metaType() == QMetaType::fromType<Decimal>() ? std::optional<Decimal>(value.value<Decimal>())
                                                                 : Decimal::parse(text());
        if (decimal) {
            QString digits = decimal->text;
            if (digits.startsWith(QLatin1Char('-')))
                digits.remove(0, 1);
            const QString whole = digits.section(QLatin1Char('.'), 0, 0);
            const QString fraction = digits.section(QLatin1Char('.'), 1);
            const bool zero = whole == QLatin1String("0");
            const auto allNines
                = [](QStringView s) { return std::all_of(s.begin(), s.end(), [](QChar c) { return c == u'9'; }); };
            // 99.995 at scale 2 is 100.00: the rounding carries into a new digit.
            const bool roundsUp = fraction.size() > field.scale && fraction.at(field.scale) >= QLatin1Char('5');
            const bool carries
                = roundsUp && allNines(QStringView(fraction).left(field.scale)) && (zero || allNines(whole));
            const qsizetype wholeDigits = (zero ? 0 : whole.size()) + (carries ? 1 : 0);
            const int allowed = field.precision - field.scale;
            if (wholeDigits > allowed)
                return problem(field.name, RejectRule::Precision,
                    QStringLiteral("%1 does not fit numeric(%2,%3): at most %4 digit(s) before the point")
                        .arg(quoted(value))
                        .arg(field.precision)
                        .arg(field.scale)
                        .arg(allowed),
                    value);
        }
    }
    // A number limited to a list (CHECK (n IN (1, 2, 3))), compared as numbers: 10.00 is 10.
    // Text options are checked below.
    if ((field.type == FieldSchema::Type::Number || field.type == FieldSchema::Type::Integer)
        && !field.options.isEmpty()) {
        const auto number = Decimal::parse(text());
        const bool listed
            = number && std::any_of(field.options.begin(), field.options.end(), [&](const QString& option) {
                  const auto allowed = Decimal::parse(option);
                  return allowed && Decimal::compare(*number, *allowed) == 0;
              });
        if (!listed)
            return problem(field.name, RejectRule::Option,
                QStringLiteral("%1 is not one of %2").arg(text(), field.options.join(QLatin1String(", "))), value);
    }
    switch (field.type) {
    case FieldSchema::Type::Bool:
        if (value.typeId() != QMetaType::Bool && text() != QLatin1String("true") && text() != QLatin1String("false"))
            return typeError(QStringLiteral("true or false"));
        break;
    case FieldSchema::Type::Date: {
        if (value.typeId() == QMetaType::QDate)
            break;
        if (value.typeId() == QMetaType::QDateTime) {
            const QDateTime utc = value.toDateTime().toUTC();
            if (utc.time() != QTime(0, 0))
                return problem(field.name, RejectRule::DateMidnight,
                    QStringLiteral("%1 carries a time of day; \"%2\" takes a date at midnight UTC")
                        .arg(quoted(value), field.name),
                    value);
            break;
        }
        if (QDate::fromString(text(), Qt::ISODate).isValid() && text().size() == 10)
            break;
        if (QDateTime::fromString(text(), Qt::ISODate).isValid())
            return problem(field.name, RejectRule::DateMidnight,
                QStringLiteral("%1 carries a time of day; \"%2\" takes a date (YYYY-MM-DD)")
                    .arg(quoted(value), field.name),
                value);
        return typeError(QStringLiteral("a date (YYYY-MM-DD)"));
    }
    case FieldSchema::Type::DateTime:
        if (value.typeId() != QMetaType::QDateTime && value.typeId() != QMetaType::QDate && !MicroTime::holds(value)
            && !QDateTime::fromString(text(), Qt::ISODate).isValid()
            && !QDate::fromString(text(), Qt::ISODate).isValid())
            return typeError(QStringLiteral("a timestamp (ISO 8601)"));
        break;
    case FieldSchema::Type::Email:
        if (!isEmail(text()))
            return problem(field.name, RejectRule::Email,
                QStringLiteral("%1 is not a valid email address").arg(quoted(value)), value);
        break;
    case FieldSchema::Type::Enum:
        if (!field.options.isEmpty() && !field.options.contains(text()))
            return problem(field.name, RejectRule::Option,
                QStringLiteral("%1 is not one of %2").arg(quoted(value), field.options.join(QLatin1String(", "))),
                value);
        break;
    case FieldSchema::Type::MultiEnum: {
        const QStringList items
            = value.typeId() == QMetaType::QStringList ? value.toStringList() : text().split(QLatin1Char(';'));
        for (const QString& item : items) {
            if (!field.options.isEmpty() && !field.options.contains(item))
                return problem(field.name, RejectRule::Option,
                    QStringLiteral("\"%1\" is not one of %2").arg(item, field.options.join(QLatin1String(", "))),
                    value);
        }
        break;
    }
    case FieldSchema::Type::String:
        if (value.typeId() == QMetaType::QStringList)
            return typeError(QStringLiteral("a single text value (it is a list; add a \"join\" transform)"));
        break;
    case FieldSchema::Type::Json:
    case FieldSchema::Type::Number:
    case FieldSchema::Type::Integer:
        break;
    }
    if (!field.pattern.isEmpty()) {
        thread_local QHash<QString, QRegularExpression> compiled; // one per field, not per value
        auto it = compiled.find(field.pattern);
        if (it == compiled.end())
            it = compiled.insert(field.pattern, QRegularExpression(field.pattern));
        if (!it->match(text()).hasMatch())
            return problem(field.name, RejectRule::Pattern,
                QStringLiteral("%1 does not match the pattern of \"%2\": %3")
                    .arg(quoted(value), field.name, field.pattern),
                value);
    }
    if (field.maxLength <= 0 || text().size() <= field.maxLength) // never more characters than UTF-16 units
        return std::nullopt;
    // Characters as the destination counts them: code points, not UTF-16 units (an emoji is one).
    const qsizetype characters
        = text().size() - std::count_if(text().begin(), text().end(), [](QChar c) { return c.isLowSurrogate(); });
    if (characters > field.maxLength)
        return problem(field.name, RejectRule::MaxLength,
            QStringLiteral("\"%1\" is %2 characters long; the limit is %3")
                .arg(field.name)
                .arg(characters)
                .arg(field.maxLength),
            value);
    return std::nullopt;
}

} // namespace Ebb
