#pragma once

#include <QString>

namespace Ebb {

// How alike a column's name and a field's name are, for auto-map. Names are compared the way
// an analyst reads them: "firstName", "First Name" and "first_name" are one name, and
// "e-mail", "email_address" and "email" mean the same field.
class NameMatcher
{
public:
    enum class Match { None, Exact, CaseInsensitive, Normalized, Synonym, Similar };

    // Lower case, camelCase split, only letters and digits: "firstName" → "firstname".
    static QString normalized(const QString& name);
    // The synonym group's first member for a normalized name ("surname" → "lastname"), or
    // the name itself.
    static QString canonical(const QString& normalized);
    // 1 − edit distance / longer length, of two normalized names; 0 when they differ in
    // length by more than the threshold allows (not worth the distance).
    static double similarity(const QString& a, const QString& b, double threshold);
};

} // namespace Ebb
