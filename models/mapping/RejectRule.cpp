#include "RejectRule.h"

#include <QCoreApplication>
#include <algorithm>
#include <iterator>

namespace Ebb {

namespace {

// Each rule once: its name (reports, CSV, --json) and what breaking it means (docs/SYNC-FILES.md's
// words). In the enum's order, so a rule's entry is at its own index.
struct RuleText
{
    RejectRule rule;
    const char* name;
    const char* meaning;
};

constexpr RuleText rules[] = {
    {RejectRule::Required, "required",
        QT_TRANSLATE_NOOP("RejectRule", "a required field is empty, or no mapping writes it")},
    {RejectRule::ReadOnly, "read_only",
        QT_TRANSLATE_NOOP("RejectRule", "a mapping writes a field the destination computes itself")},
    {RejectRule::UnknownField, "unknown_field",
        QT_TRANSLATE_NOOP("RejectRule", "the destination object has no field of that name")},
    {RejectRule::Type, "type", QT_TRANSLATE_NOOP("RejectRule", "the value is not of the field's type")},
    {RejectRule::MaxLength, "max_length", QT_TRANSLATE_NOOP("RejectRule", "the text is longer than the field takes")},
    {RejectRule::Range, "range", QT_TRANSLATE_NOOP("RejectRule", "the number is outside the field's range")},
    {RejectRule::Precision, "precision",
        QT_TRANSLATE_NOOP("RejectRule", "the number has more digits or decimals than the field keeps")},
    {RejectRule::Option, "option", QT_TRANSLATE_NOOP("RejectRule", "the value is not one of a picklist's options")},
    {RejectRule::Email, "email", QT_TRANSLATE_NOOP("RejectRule", "the value is not an email address")},
    {RejectRule::Pattern, "pattern", QT_TRANSLATE_NOOP("RejectRule", "the text does not match the field's pattern")},
    {RejectRule::DateMidnight, "date_midnight",
        QT_TRANSLATE_NOOP("RejectRule", "a date field is given a time that is not midnight UTC")},
    {RejectRule::NullKey, "null_key", QT_TRANSLATE_NOOP("RejectRule", "the row's primary key is NULL")},
    {RejectRule::DuplicateKey, "duplicate_key",
        QT_TRANSLATE_NOOP("RejectRule", "more rows share its primary key; none of them is sent")},
    {RejectRule::NullMatch, "null_match",
        QT_TRANSLATE_NOOP("RejectRule", "the field the destination finds records by is NULL")},
    {RejectRule::Transform, "transform", QT_TRANSLATE_NOOP("RejectRule", "a transform could not make the value")},
    {RejectRule::Failed, "failed", QT_TRANSLATE_NOOP("RejectRule", "the destination refused the record")},
};

constexpr bool inEnumOrder()
{
    for (size_t i = 0; i < std::size(rules); ++i) {
        if (size_t(rules[i].rule) != i)
            return false;
    }
    return true;
}
static_assert(inEnumOrder(), "one entry a rule, in the enum's order");

const RuleText& textOf(RejectRule rule)
{
    return rules[size_t(rule)];
}

} // namespace

QList<std::pair<QString, qint64>> rulesByCount(const QHash<RejectRule, qint64>& counts)
{
    QList<std::pair<QString, qint64>> rules;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        rules.append({rejectRuleName(it.key()), it.value()});
    std::sort(rules.begin(), rules.end(),
        [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
    return rules;
}

QString rejectRuleMeaning(RejectRule rule)
{
    return QCoreApplication::translate("RejectRule", textOf(rule).meaning);
}

QString rejectRuleName(RejectRule rule)
{
    return QString::fromLatin1(textOf(rule).name);
}

std::optional<RejectRule> rejectRuleFromName(QStringView name)
{
    for (const RuleText& text : rules) {
        if (name == QLatin1String(text.name))
            return text.rule;
    }
    return std::nullopt;
}

} // namespace Ebb
