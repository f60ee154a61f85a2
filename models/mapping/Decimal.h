#pragma once

#include <QMetaType>
#include <QString>
#include <optional>

namespace Ebb {

// An exact decimal number as text ("-1234.50"). Money goes through Ebb as a Decimal so it is
// never rounded through a double; writers emit the text as a JSON number or SQL numeric.
struct Decimal
{
    QString text;

    // Accepts [+-]digits[.digits]; returns the canonical form (no '+', no leading zeros).
    static std::optional<Decimal> parse(const QString& text);
    // A finite double as the shortest plain decimal that reads back as the same double
    // (1.2345678901234567e19 is "12345678901234567000", 0.1 is "0.1"): no exponent, which a
    // numeric destination would refuse.
    static std::optional<Decimal> fromDouble(double value);
    bool isIntegral() const { return !text.contains(QLatin1Char('.')); }
    // Exact: negative, zero or positive as a is less than, equal to or more than b
    // ("10.00" equals "10"). Both must be canonical, as parse() returns them.
    static int compare(const Decimal& a, const Decimal& b);
    // As compare() says: "10.00" == "10".
    friend bool operator==(const Decimal& a, const Decimal& b) { return compare(a, b) == 0; }
};

} // namespace Ebb

// A QString and nothing else: moved as bytes, so a QVariant holds one in place, not on the heap
// (one allocation less for every numeric cell of every row).
Q_DECLARE_TYPEINFO(Ebb::Decimal, Q_RELOCATABLE_TYPE);
Q_DECLARE_METATYPE(Ebb::Decimal)
