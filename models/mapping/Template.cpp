#include "Template.h"

#include "ValueText.h"

namespace Ebb {

namespace {

class Parser
{
public:
    explicit Parser(const QString& text)
        : m_text(text)
    {
    }

    Result<QList<Template::Part>> parse()
    {
        QList<Template::Part> parts;
        QString literal;
        while (m_pos < m_text.size()) {
            if (m_text.mid(m_pos, 2) != QLatin1String("{{")) {
                literal += m_text[m_pos++];
                continue;
            }
            if (!literal.isEmpty())
                parts.append({false, std::exchange(literal, {}), {}});
            const qsizetype open = m_pos;
            m_pos += 2;
            auto placeholder = parsePlaceholder(open);
            if (!placeholder)
                return placeholder.error();
            parts.append(*placeholder);
        }
        if (!literal.isEmpty())
            parts.append({false, literal, {}});
        return parts;
    }

private:
    Error error(qsizetype pos, const QString& cause) const
    {
        return Error::config(QStringLiteral("template, column %1: %2").arg(pos + 1).arg(cause));
    }

    void skipSpaces()
    {
        while (m_pos < m_text.size() && m_text[m_pos].isSpace())
            ++m_pos;
    }

    QString identifier()
    {
        const qsizetype start = m_pos;
        while (m_pos < m_text.size() && (m_text[m_pos].isLetterOrNumber() || m_text[m_pos] == QLatin1Char('_')))
            ++m_pos;
        return m_text.mid(start, m_pos - start);
    }

    Result<Template::Part> parsePlaceholder(qsizetype open)
    {
        Template::Part part{true, {}, {}};
        skipSpaces();
        const qsizetype columnPos = m_pos;
        part.text = identifier();
        if (part.text.isEmpty()) {
            if (m_pos >= m_text.size())
                return error(open, QStringLiteral("\"{{\" is never closed with \"}}\""));
            if (m_text.mid(m_pos, 2) == QLatin1String("}}"))
                return error(open, QStringLiteral("empty placeholder; put a column name between the braces"));
            return error(columnPos, QStringLiteral("expected a column name, found \"%1\"").arg(m_text[m_pos]));
        }
        if (part.text[0].isDigit())
            return error(columnPos, QStringLiteral("a column name cannot start with a digit"));
        for (;;) {
            skipSpaces();
            if (m_pos >= m_text.size())
                return error(open, QStringLiteral("\"{{\" is never closed with \"}}\""));
            if (m_text.mid(m_pos, 2) == QLatin1String("}}")) {
                m_pos += 2;
                return part;
            }
            if (m_text[m_pos] != QLatin1Char('|'))
                return error(m_pos, QStringLiteral("expected \"|\" or \"}}\", found \"%1\"").arg(m_text[m_pos]));
            ++m_pos;
            skipSpaces();
            const qsizetype filterPos = m_pos;
            Template::Filter filter{identifier(), {}};
            if (filter.name.isEmpty())
                return error(filterPos, QStringLiteral("expected a filter name after \"|\""));
            if (!Template::filterNames().contains(filter.name))
                return error(filterPos,
                    QStringLiteral("unknown filter \"%1\"; known filters: %2")
                        .arg(filter.name, Template::filterNames().join(QLatin1String(", "))));
            skipSpaces();
            const bool takesArgument = filter.name == QLatin1String("default");
            if (takesArgument) {
                if (m_pos >= m_text.size() || m_text[m_pos] != QLatin1Char(':'))
                    return error(m_pos, QStringLiteral("filter \"default\" needs a value: default: \"text\""));
                ++m_pos;
                skipSpaces();
                auto argument = quoted();
                if (!argument)
                    return argument.error();
                filter.argument = *argument;
            } else if (m_pos < m_text.size() && m_text[m_pos] == QLatin1Char(':')) {
                return error(m_pos, QStringLiteral("filter \"%1\" takes no value").arg(filter.name));
            }
            part.filters.append(filter);
        }
    }

    Result<QString> quoted()
    {
        if (m_pos >= m_text.size() || (m_text[m_pos] != QLatin1Char('"') && m_text[m_pos] != QLatin1Char('\'')))
            return error(m_pos, QStringLiteral("expected a quoted value such as \"unknown\""));
        const QChar quote = m_text[m_pos];
        const qsizetype start = m_pos++;
        QString value;
        while (m_pos < m_text.size() && m_text[m_pos] != quote) {
            if (m_text[m_pos] == QLatin1Char('\\') && m_pos + 1 < m_text.size())
                ++m_pos;
            value += m_text[m_pos++];
        }
        if (m_pos >= m_text.size())
            return error(start, QStringLiteral("the quoted value is never closed"));
        ++m_pos;
        return value;
    }

    const QString& m_text;
    qsizetype m_pos = 0;
};

QString applyFilter(const Template::Filter& filter, const QString& value, bool isNull)
{
    if (filter.name == QLatin1String("default"))
        return isNull || value.isEmpty() ? filter.argument : value;
    if (filter.name == QLatin1String("lower"))
        return value.toLower();
    if (filter.name == QLatin1String("upper"))
        return value.toUpper();
    return value.trimmed();
}

} // namespace

QStringList Template::filterNames()
{
    return {QStringLiteral("lower"), QStringLiteral("upper"), QStringLiteral("trim"), QStringLiteral("default")};
}

Result<Template> Template::parse(const QString& text)
{
    auto parts = Parser(text).parse();
    if (!parts)
        return parts.error();
    Template result;
    result.m_parts = std::move(*parts);
    return result;
}

QStringList Template::columns() const
{
    QStringList names;
    for (const auto& part : m_parts) {
        if (part.isPlaceholder && !names.contains(part.text))
            names << part.text;
    }
    return names;
}

QString Template::render(const std::function<QVariant(const QString&)>& lookup) const
{
    QString out;
    for (const auto& part : m_parts) {
        if (!part.isPlaceholder) {
            out += part.text;
            continue;
        }
        const QVariant value = lookup(part.text);
        bool isNull = !value.isValid() || value.isNull();
        QString text = valueText(value); // as ValueText.h promises: UTC timestamps, exact decimals, joined lists
        for (const auto& filter : part.filters) {
            text = applyFilter(filter, text, isNull);
            isNull = false;
        }
        out += text;
    }
    return out;
}

} // namespace Ebb
