#include "Redactor.h"

#include "KnownSecrets.h"

#include <QRegularExpression>

namespace Ebb {

QString Redactor::redact(QString text)
{
    using RE = QRegularExpression;
    static const RE userInfo(
        QStringLiteral(R"(\b([a-z][a-z0-9+.-]*://[^/\s:@]*):[^/\s@]+@)"), RE::CaseInsensitiveOption);
    static const RE authorization(
        QStringLiteral(R"((authorization\\?"?\s*[:=]\s*\\?"?)(?:(?:bearer|basic|token)\s+)?[^\s",}\\]+)"),
        RE::CaseInsensitiveOption);
    static const RE bearer(QStringLiteral(R"(\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{6,})"), RE::CaseInsensitiveOption);
    // A name, then = or : (also URL-encoded, also after a JSON-escaped quote), then the value:
    // JSON-escaped quoted, double-quoted, single-quoted (quotes kept, so JSON stays JSON), or
    // a bare word.
    static const QString name = QStringLiteral(
        R"(\b([\w-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|credentials?)[\w-]*))"
        R"((\\?["']?\s*(?:=|:|%3[dD]|%3[aA])\s*))");
    static const RE escapedQuoted(name + QStringLiteral(R"(\\"(?:[^"\\]|\\[^"])*\\")"), RE::CaseInsensitiveOption);
    static const RE quoted(name + QStringLiteral(R"("(?:[^"\\]|\\.)*")"), RE::CaseInsensitiveOption);
    static const RE singleQuoted(name + QStringLiteral(R"('[^']*')"), RE::CaseInsensitiveOption);
    static const RE bare(name + QStringLiteral(R"([^\s"'&,;}\\]+)"), RE::CaseInsensitiveOption);

    text = KnownSecrets::redact(std::move(text));
    text.replace(userInfo, QStringLiteral("\\1:***@"));
    text.replace(authorization, QStringLiteral("\\1***"));
    text.replace(bearer, QStringLiteral("\\1 ***"));
    text.replace(escapedQuoted, QStringLiteral("\\1\\2\\\"***\\\"")); // a literal backslash is written as itself
    text.replace(quoted, QStringLiteral("\\1\\2\"***\""));
    text.replace(singleQuoted, QStringLiteral("\\1\\2'***'"));
    text.replace(bare, QStringLiteral("\\1\\2***"));
    return text;
}

QString Redactor::escapeControls(const QString& text, bool keepLineBreaks)
{
    const auto isControl = [keepLineBreaks](char16_t c) {
        if (keepLineBreaks && (c == u'\n' || c == u'\t'))
            return false;
        // C0, DEL, C1, and the bidirectional overrides and isolates that reorder what a
        // terminal or a log viewer shows.
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
            || c == 0x2028 || c == 0x2029;
    };
    qsizetype first = 0;
    while (first < text.size() && !isControl(text.at(first).unicode()))
        ++first;
    if (first == text.size())
        return text; // the common case: nothing to escape, no copy
    QString result = text.left(first);
    result.reserve(text.size() + 16);
    for (qsizetype i = first; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        if (!isControl(c)) {
            result += QChar(c);
            continue;
        }
        switch (c) {
        case u'\n':
            result += QLatin1String("\\n");
            break;
        case u'\r':
            result += QLatin1String("\\r");
            break;
        case u'\t':
            result += QLatin1String("\\t");
            break;
        default:
            result += c <= 0xff ? QStringLiteral("\\x%1").arg(int(c), 2, 16, QLatin1Char('0'))
                                : QStringLiteral("\\u%1").arg(int(c), 4, 16, QLatin1Char('0'));
        }
    }
    return result;
}

} // namespace Ebb
