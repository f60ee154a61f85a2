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
    bool isIntegral() const { return !text.contains(QLatin1Char('.')); }
    // Exact: negative, zero or positive as a is less than, equal to or more than b
    // ("10.00" equals "10"). Both must be canonical, as parse() returns them.
    static int compare(const Decimal& a, const Decimal& b);
    friend bool operator==(const Decimal& a, const Decimal& b) { return a.text == b.text; }
};

} // namespace Ebb

Q_DECLARE_METATYPE(Ebb::Decimal)
