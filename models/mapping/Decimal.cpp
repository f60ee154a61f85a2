#include "Decimal.h"

namespace Ebb {

namespace {

// True when `text` already reads the way parse() writes it: [-](0|[1-9][0-9]*)[.[0-9]+],
// and no minus before a zero. Warehouses hand decimals over in that shape, so the common
// case costs one scan and no allocation.
bool isCanonical(const QString& text)
{
    const QChar* p = text.constData();
    const QChar* const end = p + text.size();
    const bool negative = p != end && *p == QLatin1Char('-');
    if (negative)
        ++p;
    const auto digit = [](QChar c) { return c.unicode() >= '0' && c.unicode() <= '9'; };
    if (p == end || !digit(*p))
        return false;
    bool nonZero = *p != QLatin1Char('0');
    if (*p++ == QLatin1Char('0') && p != end && digit(*p))
        return false; // a leading zero
    while (p != end && digit(*p))
        nonZero |= *p++ != QLatin1Char('0');
    if (p != end) {
        if (*p++ != QLatin1Char('.') || p == end)
            return false;
        while (p != end && digit(*p))
            nonZero |= *p++ != QLatin1Char('0');
        if (p != end)
            return false;
    }
    return !negative || nonZero;
}

} // namespace

std::optional<Decimal> Decimal::parse(const QString& input)
{
    if (isCanonical(input))
        return Decimal{input};
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
