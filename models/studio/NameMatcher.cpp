#include "NameMatcher.h"

#include <QHash>
#include <QStringList>
#include <algorithm>
#include <vector>

namespace Ebb {

namespace {

// Groups of normalized names that CRMs and warehouses use for one thing; the first of each
// names the group. Kept to names that are unambiguous across CRMs: "name" alone is left out
// (a company's or a person's?).
const QHash<QString, QString>& synonyms()
{
    static const QHash<QString, QString> table = [] {
        const QList<QStringList> groups{
            {QStringLiteral("email"), QStringLiteral("emailaddress"), QStringLiteral("mail"),
                QStringLiteral("emailaddr")},
            {QStringLiteral("firstname"), QStringLiteral("givenname"), QStringLiteral("fname"),
                QStringLiteral("forename")},
            {QStringLiteral("lastname"), QStringLiteral("surname"), QStringLiteral("familyname"),
                QStringLiteral("lname")},
            {QStringLiteral("fullname"), QStringLiteral("displayname")},
            {QStringLiteral("phone"), QStringLiteral("phonenumber"), QStringLiteral("telephone"), QStringLiteral("tel"),
                QStringLiteral("mobile"), QStringLiteral("mobilephone")},
            {QStringLiteral("company"), QStringLiteral("companyname"), QStringLiteral("organization"),
                QStringLiteral("organisation"), QStringLiteral("accountname")},
            {QStringLiteral("country"), QStringLiteral("countrycode")},
            {QStringLiteral("zip"), QStringLiteral("zipcode"), QStringLiteral("postalcode"),
                QStringLiteral("postcode")},
            {QStringLiteral("website"), QStringLiteral("url"), QStringLiteral("homepage")},
            {QStringLiteral("jobtitle"), QStringLiteral("title")},
            {QStringLiteral("lifetimevalue"), QStringLiteral("ltv")},
        };
        QHash<QString, QString> map;
        for (const QStringList& group : groups) {
            for (const QString& name : group)
                map.insert(name, group.first());
        }
        return map;
    }();
    return table;
}

} // namespace

QString NameMatcher::normalized(const QString& name)
{
    QString out;
    out.reserve(name.size());
    for (qsizetype i = 0; i < name.size(); ++i) {
        const QChar c = name[i];
        if (c.isLetterOrNumber())
            out += c.toLower();
    }
    return out;
}

QString NameMatcher::canonical(const QString& normalized)
{
    return synonyms().value(normalized, normalized);
}

double NameMatcher::similarity(const QString& a, const QString& b, double threshold)
{
    const qsizetype longer = std::max(a.size(), b.size());
    if (longer == 0)
        return 0.0;
    // The distance is at least the length difference: skip pairs that cannot reach the threshold.
    if (1.0 - double(std::abs(a.size() - b.size())) / double(longer) < threshold)
        return 0.0;
    std::vector<qsizetype> previous(size_t(b.size() + 1)), current(size_t(b.size() + 1));
    for (qsizetype j = 0; j <= b.size(); ++j)
        previous[size_t(j)] = j;
    for (qsizetype i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const qsizetype substitution = previous[size_t(j - 1)] + (a[i - 1] == b[j - 1] ? 0 : 1);
            current[size_t(j)] = std::min({previous[size_t(j)] + 1, current[size_t(j - 1)] + 1, substitution});
        }
        std::swap(previous, current);
    }
    return 1.0 - double(previous[size_t(b.size())]) / double(longer);
}

} // namespace Ebb
