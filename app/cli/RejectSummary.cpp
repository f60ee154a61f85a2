#include "RejectSummary.h"

#include <algorithm>

namespace Ebb {

void RejectSummary::onLog(LogLevel level, const QString& text)
{
    if (m_next)
        m_next->onLog(level, text);
}

void RejectSummary::onProgress(const RunProgress& progress)
{
    if (m_next)
        m_next->onProgress(progress);
}

void RejectSummary::onReject(const Reject& reject)
{
    if (m_next)
        m_next->onReject(reject);
    if (m_sample.size() < sampleSize)
        m_sample << withoutData(reject);
    Rule& rule = m_rules[rejectRuleName(reject.rule)];
    if (rule.count++ == 0) {
        rule.rule = reject.rule;
        rule.example = withoutData(reject);
    }
    if (!reject.field.isEmpty() && !rule.fields.contains(reject.field))
        rule.fields << reject.field;
}

QList<RejectSummary::Rule> RejectSummary::rules() const
{
    QList<Rule> rules = m_rules.values(); // by name
    std::stable_sort(rules.begin(), rules.end(), [](const Rule& a, const Rule& b) { return a.count > b.count; });
    return rules;
}

Reject RejectSummary::withoutData(const Reject& reject)
{
    // The message is kept whole: the JSON sample carries it, and a table cuts it to its column.
    // The value (often quoted in the message anyway) and the payload are what take the room.
    return Reject{reject.key, reject.field, reject.rule, reject.message, {}, {}};
}

} // namespace Ebb
