#include "Decimal.h"

namespace Ebb {

std::optional<Decimal> Decimal::parse(const QString& input)
{
    const QString text = input.trimmed();
    qsizetype i = 0;
    bool negative = false;
    if (i < text.size() && (text[i] == QLatin1Char('+') || text[i] == QLatin1Char('-')))
        negative = text[i++] == QLatin1Char('-');
    const qsizetype intStart = i;
    while (i < text.size() && text[i].isDigit() && text[i].unicode() < 128)
        ++i;
    QString integer = text.mid(intStart, i - intStart);
    QString fraction;
    if (i < text.size() && text[i] == QLatin1Char('.')) {
        const qsizetype fracStart = ++i;
        while (i < text.size() && text[i].isDigit() && text[i].unicode() < 128)
            ++i;
        fraction = text.mid(fracStart, i - fracStart);
    }
    if (i != text.size() || (integer.isEmpty() && fraction.isEmpty()))
        return std::nullopt;
    while (integer.size() > 1 && integer.startsWith(QLatin1Char('0')))
        integer.remove(0, 1);
    if (integer.isEmpty())
        integer = QStringLiteral("0");
    QString canonical = integer;
    if (!fraction.isEmpty())
        canonical += QLatin1Char('.') + fraction;
    const bool zero = canonical.count(QLatin1Char('0')) + canonical.count(QLatin1Char('.')) == canonical.size();
    if (negative && !zero)
        canonical.prepend(QLatin1Char('-'));
    return Decimal{canonical};
}

} // namespace Ebb
