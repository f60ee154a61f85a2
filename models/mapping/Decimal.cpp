#include "Decimal.h"

#include <charconv>
#include <cmath>

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

int Decimal::compare(const Decimal& a, const Decimal& b)
{
    struct Parts
    {
        bool negative;
        QStringView whole; // no leading zeros but "0"
        QStringView fraction; // no trailing zeros
    };
    const auto split = [](const QString& text) {
        QStringView s(text);
        const bool minus = s.startsWith(QLatin1Char('-'));
        if (minus)
            s = s.mid(1);
        const qsizetype dot = s.indexOf(QLatin1Char('.'));
        QStringView fraction = dot < 0 ? QStringView() : s.mid(dot + 1);
        while (fraction.endsWith(QLatin1Char('0')))
            fraction.chop(1);
        const QStringView whole = dot < 0 ? s : s.left(dot);
        const bool zero = whole == QLatin1String("0") && fraction.isEmpty();
        return Parts{minus && !zero, whole, fraction};
    };
    const Parts x = split(a.text), y = split(b.text);
    if (x.negative != y.negative)
        return x.negative ? -1 : 1;
    int magnitude = 0;
    if (x.whole.size() != y.whole.size())
        magnitude = x.whole.size() < y.whole.size() ? -1 : 1;
    else if (const int c = x.whole.compare(y.whole); c != 0)
        magnitude = c < 0 ? -1 : 1;
    else if (const int f = x.fraction.compare(y.fraction); f != 0) // digit strings: a prefix is smaller
        magnitude = f < 0 ? -1 : 1;
    return x.negative ? -magnitude : magnitude;
}

std::optional<Decimal> Decimal::fromDouble(double value)
{
    if (!std::isfinite(value))
        return std::nullopt;
    char buffer[400]; // the longest fixed form of a double: 309 digits and a sign
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
    if (result.ec != std::errc())
        return std::nullopt;
    return parse(QString::fromLatin1(buffer, result.ptr - buffer));
}

} // namespace Ebb
