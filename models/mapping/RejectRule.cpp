#include "RejectRule.h"

#include <QCoreApplication>
#include <algorithm>

namespace Ebb {

namespace {

constexpr RejectRule allRules[] = {RejectRule::Required, RejectRule::ReadOnly, RejectRule::UnknownField,
    RejectRule::Type, RejectRule::MaxLength, RejectRule::Range, RejectRule::Precision, RejectRule::Option,
    RejectRule::Email, RejectRule::Pattern, RejectRule::DateMidnight, RejectRule::NullKey, RejectRule::DuplicateKey,
    RejectRule::NullMatch, RejectRule::Transform, RejectRule::Failed};

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
    const auto tr = [](const char* text) { return QCoreApplication::translate("RejectRule", text); };
    switch (rule) {
    case RejectRule::Required:
        return tr("a required field is empty, or no mapping writes it");
    case RejectRule::ReadOnly:
        return tr("a mapping writes a field the destination computes itself");
    case RejectRule::UnknownField:
        return tr("the destination object has no field of that name");
    case RejectRule::Type:
        return tr("the value is not of the field's type");
    case RejectRule::MaxLength:
        return tr("the text is longer than the field takes");
    case RejectRule::Range:
        return tr("the number is outside the field's range");
    case RejectRule::Precision:
        return tr("the number has more digits or decimals than the field keeps");
    case RejectRule::Option:
        return tr("the value is not one of a picklist's options");
    case RejectRule::Email:
        return tr("the value is not an email address");
    case RejectRule::Pattern:
        return tr("the text does not match the field's pattern");
    case RejectRule::DateMidnight:
        return tr("a date field is given a time that is not midnight UTC");
    case RejectRule::NullKey:
        return tr("the row's primary key is NULL");
    case RejectRule::DuplicateKey:
        return tr("more rows share its primary key; none of them is sent");
    case RejectRule::NullMatch:
        return tr("the field the destination finds records by is NULL");
    case RejectRule::Transform:
        return tr("a transform could not make the value");
    case RejectRule::Failed:
        return tr("the destination refused the record");
    }
    return {};
}

QString rejectRuleName(RejectRule rule)
{
    switch (rule) {
    case RejectRule::Required:
        return QStringLiteral("required");
    case RejectRule::ReadOnly:
        return QStringLiteral("read_only");
    case RejectRule::UnknownField:
        return QStringLiteral("unknown_field");
    case RejectRule::Type:
        return QStringLiteral("type");
    case RejectRule::MaxLength:
        return QStringLiteral("max_length");
    case RejectRule::Range:
        return QStringLiteral("range");
    case RejectRule::Precision:
        return QStringLiteral("precision");
    case RejectRule::Option:
        return QStringLiteral("option");
    case RejectRule::Email:
        return QStringLiteral("email");
    case RejectRule::Pattern:
        return QStringLiteral("pattern");
    case RejectRule::DateMidnight:
        return QStringLiteral("date_midnight");
    case RejectRule::NullKey:
        return QStringLiteral("null_key");
    case RejectRule::DuplicateKey:
        return QStringLiteral("duplicate_key");
    case RejectRule::NullMatch:
        return QStringLiteral("null_match");
    case RejectRule::Transform:
        return QStringLiteral("transform");
    case RejectRule::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

std::optional<RejectRule> rejectRuleFromName(QStringView name)
{
    for (const RejectRule rule : allRules) {
        if (rejectRuleName(rule) == name)
            return rule;
    }
    return std::nullopt;
}

} // namespace Ebb
