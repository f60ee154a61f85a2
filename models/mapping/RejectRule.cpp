#include "RejectRule.h"

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
